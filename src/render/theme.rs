//! Themes: tera templates and static files. Built-in themes are embedded in the binary; a site's
//! own `themes/<name>/` overrides them file by file (or supplies a whole new theme).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result};
use crate::render::PageWords;
use crate::render::strings::{self, Strings, StringsFile};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// Templates every theme must provide (after overrides are applied).
pub(crate) const REQUIRED: &[&str] = &[
    "notice.html",
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
];

/// A theme: its templates and static files, the site's own overriding the built-in ones.
pub struct Theme {
    /// The theme's name (`default`, `govuk`, or the site's own), for messages.
    pub(crate) name: String,
    pub(crate) tera: tera::Tera,
    /// Static files by output path.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// The theme's words by lower-case language tag (`strings/<tag>.toml`), the site's keys
    /// over the built-in ones.
    strings: BTreeMap<String, StringsFile>,
    /// Each language's words for notice pages, made once (see [`Theme::page_words`]).
    words: Mutex<HashMap<String, Arc<PageWords>>>,
}

pub(crate) fn builtin_names() -> Vec<&'static str> {
    BUILTIN
        .dirs()
        .filter_map(|d| d.path().file_name()?.to_str())
        .collect()
}

impl Theme {
    /// Load theme `name`: built in, or from `themes/<name>/` under `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let mut strings = BTreeMap::new();
        let builtin = BUILTIN.get_dir(name);
        if let Some(dir) = builtin {
            collect_embedded(dir, name, &mut templates, &mut statics, &mut strings)?;
        }
        let site_dir = root.join("themes").join(name);
        if site_dir.is_dir() {
            collect_site(&site_dir, &mut templates, &mut statics, &mut strings)?;
        } else if builtin.is_none() {
            let mut known = builtin_names();
            known.sort();
            return Err(Error::new(format!("unknown theme `{name}`"))
                .in_file(root.join(crate::config::CONFIG_FILE))
                .with_note(format!(
                    "help: built-in themes are {}; a site theme lives in themes/{name}/templates/",
                    known.join(", ")
                )));
        }
        for required in REQUIRED {
            if !templates.contains_key(*required) {
                return Err(
                    Error::new(format!("theme `{name}` has no template `{required}`"))
                        .in_file(site_dir.join("templates").join(required)),
                );
            }
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Added as one batch so inheritance resolves whatever the order; errors are mapped
        // back to the file the template came from.
        tera.add_raw_templates(
            templates
                .iter()
                .map(|(n, (_, text))| (n.as_str(), text.as_str())),
        )
        .map_err(|e| {
            let origin = blame(&e, &templates);
            template_error(&origin, &e)
        })?;
        Ok(Theme {
            name: name.to_string(),
            tera,
            statics,
            strings,
            words: Default::default(),
        })
    }

    /// The words of a page in the language `tag`, falling back to English key by key; an
    /// error naming the language when the theme has no strings file for it.
    pub fn strings(&self, tag: &str) -> Result<Strings> {
        Strings::resolve(&self.strings, &self.name, tag)
    }

    /// [`Theme::strings`] for `tag` with their template values, made on first use and kept.
    pub(crate) fn page_words(&self, tag: &str) -> Result<Arc<PageWords>> {
        if let Some(words) = self.words.lock().ok().and_then(|w| w.get(tag).cloned()) {
            return Ok(words);
        }
        let words = Arc::new(PageWords::new(self.strings(tag)?));
        if let Ok(mut w) = self.words.lock() {
            w.insert(tag.to_string(), Arc::clone(&words));
        }
        Ok(words)
    }

    /// The language tags the theme has words for.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }

    pub(crate) fn render(&self, template: &str, ctx: &tera::Context) -> Result<String> {
        self.tera
            .render(template, ctx)
            .map_err(|e| template_error(&format!("templates/{template}"), &e))
    }
}

/// Which template file an error is about.
fn blame(e: &tera::Error, templates: &BTreeMap<String, (String, String)>) -> String {
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind()
        && let Some((origin, _)) = templates.get(r.filename())
    {
        return origin.clone();
    }
    let text = e.to_string();
    templates
        .iter()
        .find(|(name, _)| {
            text.contains(&format!("'{name}' is")) || text.contains(&format!("`{name}`"))
        })
        .or_else(|| {
            templates
                .iter()
                .find(|(name, _)| text.contains(name.as_str()))
        })
        .map(|(_, (origin, _))| origin.clone())
        .unwrap_or_else(|| "templates".into())
}

fn collect_embedded(
    dir: &Dir<'static>,
    name: &str,
    templates: &mut BTreeMap<String, (String, String)>,
    statics: &mut BTreeMap<String, Vec<u8>>,
    strings: &mut BTreeMap<String, StringsFile>,
) -> Result<()> {
    for file in walk(dir) {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let rel = path.strip_prefix(&format!("{name}/")).unwrap_or(&path);
        if let Some(t) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            templates.insert(t.to_string(), (format!("(built-in) themes/{path}"), text));
        } else if let Some(s) = rel.strip_prefix("static/") {
            statics.insert(s.to_string(), file.contents().to_vec());
        } else if let Some(s) = rel.strip_prefix("strings/") {
            let text = String::from_utf8_lossy(file.contents());
            add_strings(strings, s, &format!("(built-in) themes/{path}"), &text)?;
        }
    }
    Ok(())
}

/// Add `strings/<file>` to the theme's words; its keys win over those already there.
fn add_strings(
    strings: &mut BTreeMap<String, StringsFile>,
    file: &str,
    origin: &str,
    text: &str,
) -> Result<()> {
    let Some(tag) = file.strip_suffix(".toml") else {
        return Ok(());
    };
    if !crate::load::language::is_language_tag(tag) {
        return Err(Error::new(format!(
            "a strings file is named for its language (`cy.toml`, `pt-br.toml`), not `{file}`"
        ))
        .in_file(origin));
    }
    let table = strings::parse(origin, text)?;
    let entry = strings.entry(tag.to_ascii_lowercase()).or_default();
    entry.origin = origin.to_string();
    entry.table.extend(table);
    Ok(())
}

fn walk<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<_> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(walk(d));
    }
    out
}

fn collect_site(
    dir: &Path,
    templates: &mut BTreeMap<String, (String, String)>,
    statics: &mut BTreeMap<String, Vec<u8>>,
    strings: &mut BTreeMap<String, StringsFile>,
) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::new(e.to_string()).in_file(dir))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = crate::load::relative(entry.path(), dir);
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), &e))?;
        if let Some(t) = rel.strip_prefix("templates/") {
            let display = entry.path().display().to_string();
            let text = crate::load::decode(bytes, &display)?;
            templates.insert(t.to_string(), (display, text));
        } else if let Some(s) = rel.strip_prefix("static/") {
            statics.insert(s.to_string(), bytes);
        } else if let Some(s) = rel.strip_prefix("strings/") {
            let display = entry.path().display().to_string();
            let text = crate::load::decode(bytes, &display)?;
            add_strings(strings, s, &display, &text)?;
        }
    }
    Ok(())
}

/// Turn a tera error into ours, keeping the template file, line and column.
pub(crate) fn template_error(origin: &str, e: &tera::Error) -> Error {
    use std::error::Error as _;
    let mut err = Error::new(format!("template error: {}", first_line(e)));
    err = err.in_file(origin);
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind() {
        let span = r.span();
        if span.start_line > 0 {
            err = err.at(span.start_line, span.start_col.max(1));
        }
        if !r.filename().is_empty() && !origin.ends_with(r.filename()) {
            err = err.with_note(format!("in template `{}`", r.filename()));
        }
    }
    if let Some(src) = e.source() {
        err = err.with_note(src.to_string());
    }
    err
}

fn first_line(e: &tera::Error) -> String {
    let text = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.message().to_string()
        }
        _ => e.to_string(),
    };
    text.lines().next().unwrap_or("").trim().to_string()
}
