//! The pipeline that `build`, `check` and `serve` share:
//! load → understand → lint → render → write. Each notice is read and parsed once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::Config;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::lint::{self, FileReport, Level, RuleSet, Summary};
use crate::load::{self, Notice};
use crate::render::{self, PageSummary, SiteContext, Target, Theme};
use crate::write::{Claim, Claims, Collision, Output, Staging};

/// File extensions of notices in a site's content folder.
pub const SITE_EXTENSIONS: &[&str] = &["md", "markdown"];

/// One notice after the pipeline: where it goes and what the linter found.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    pub target: Target,
    pub summary: PageSummary,
    pub report: FileReport,
}

/// A site: its config, theme and rules, loaded once.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub theme: Theme,
    pub rules: RuleSet,
}

/// The result of a build.
pub struct BuildOutcome {
    /// Every notice's entry. Its `report` keeps only the path: findings are counted into
    /// `summary` as each notice is written, then dropped, so memory does not grow with them.
    pub entries: Vec<Entry>,
    pub summary: Summary,
    /// False when `--strict` refused to write because of error-level findings.
    pub written: bool,
}

/// Where generated files go: a staging folder on disk, or memory for `serve`.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        Staging::put(self, path, &bytes)
    }
}

/// Files kept in memory, by output path.
#[derive(Default)]
pub struct MemorySink {
    pub files: std::sync::Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        crate::write::safe_relative(path)?;
        self.files
            .lock()
            .map_err(|_| Error::new("output store poisoned"))?
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

impl Site {
    pub fn open(root: &Path) -> Result<Site> {
        let config = Config::load(root)?;
        Site::with_config(root, config)
    }

    pub fn with_config(root: &Path, config: Config) -> Result<Site> {
        let theme = Theme::load(root, &config.theme).map_err(|e| config.locate("theme", e))?;
        let rules = RuleSet::load(root, &config)?;
        Ok(Site {
            root: root.to_path_buf(),
            config,
            theme,
            rules,
        })
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.config.content_dir)
    }

    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output_dir)
    }

    pub fn context(&self) -> SiteContext {
        SiteContext::new(&self.config)
    }

    /// Load and lint one notice (no rendering).
    pub fn load_notice(&self, path: &Path) -> Result<Notice> {
        let display = self.display_path(path);
        let rel = load::relative(path, &self.content_dir());
        Notice::load(path, display, rel, self.config.max_notice_bytes)
    }

    pub fn display_path(&self, path: &Path) -> String {
        load::relative(path, &self.root)
    }

    /// Run one notice through understand, lint and render; hand its page to `sink`.
    pub fn process(&self, path: &Path, sink: &dyn Sink) -> Result<Entry> {
        self.process_notice(path, sink).map(|(entry, _)| entry)
    }

    /// [`Site::process`], also handing back the loaded notice (serve maps findings to its
    /// sections without parsing it again).
    pub fn process_notice(&self, path: &Path, sink: &dyn Sink) -> Result<(Entry, Notice)> {
        let notice = self.load_notice(path)?;
        let target = target_of(&notice)?;
        // Invalid structured front matter stops the build (exit 2) at the line of the key.
        let declared = load::structured::declared(&notice)?;
        let report = lint::analyse(&notice, &self.rules, &self.config);
        let date = crate::understand::last_updated(&notice).map(|(d, _)| d);
        let summary = PageSummary::new(
            notice.title(),
            &target,
            date,
            notice.front_str("description").map(str::to_string),
        );
        let html = render::notice_page(
            &self.theme,
            &self.context(),
            &notice,
            &summary,
            &report,
            &self.config,
        )?;
        // The page first, so a collision is reported at the page's path.
        sink.put(&target.file, html.into_bytes())?;
        for (file, bytes) in render::machine::alternates(
            &self.context(),
            &notice,
            &declared,
            &summary,
            &report,
            &target,
        ) {
            sink.put(&file, bytes)?;
        }
        let entry = Entry {
            path: path.to_path_buf(),
            target,
            summary,
            report,
        };
        Ok((entry, notice))
    }

    /// Every notice of the site, processed in parallel, in path order.
    pub fn process_all(&self, sink: &dyn Sink) -> Result<Vec<Entry>> {
        self.process_all_then(sink, |e| e)
    }

    /// [`Site::process_all`], passing each entry through `keep` as soon as it is made.
    fn process_all_then(
        &self,
        sink: &dyn Sink,
        keep: impl Fn(Entry) -> Entry + Sync,
    ) -> Result<Vec<Entry>> {
        let files = load::discover_within(&self.content_dir(), &self.root, SITE_EXTENSIONS)?;
        let claims = self.reserve_shared();
        let results: Vec<Result<Entry>> = files
            .par_iter()
            .map(|p| {
                let claimed = Claimed {
                    sink,
                    claims: &claims,
                    source: self.display_path(p),
                    collision: Default::default(),
                };
                self.process(p, &claimed)
                    .map_err(|e| self.explain_collision(&claimed, e))
                    .map(&keep)
            })
            .collect();
        let mut entries = Vec::with_capacity(results.len());
        for r in results {
            entries.push(r?);
        }
        check_collisions(&entries, &self.theme)?;
        Ok(entries)
    }

    /// Claims for the files the site itself writes (index, 404, sitemap, robots, the marker
    /// and the theme's static files), made before any notice is processed.
    fn reserve_shared(&self) -> Claims {
        let claims = Claims::default();
        for (file, what) in [
            ("index.html", "the site's index page"),
            ("404.html", "the site's 404 page"),
            ("sitemap.xml", "the site's sitemap"),
            ("robots.txt", "the site's robots.txt"),
            (crate::write::MARKER, "informed's marker file"),
        ] {
            let _ = claims.claim(file, what);
        }
        let theme = format!("a static file of the theme `{}`", self.config.theme);
        for file in self.theme.statics.keys() {
            let _ = claims.claim(file, &theme);
        }
        claims
    }

    /// Turn a collision found while `claimed` was processed into an error that names both
    /// sources (a notice with the line of its permalink).
    fn explain_collision(&self, claimed: &Claimed, e: Error) -> Error {
        let Some(c) = claimed.collision.lock().ok().and_then(|mut c| c.take()) else {
            return e;
        };
        let describe = |source: &str| -> String {
            let path = self.root.join(source);
            if !path.is_file() {
                return source.to_string();
            }
            let permalink = self.load_notice(&path).ok().and_then(|n| {
                let line = n.front.key_lines.get("permalink").copied()?;
                let value = n.front_str("permalink")?.to_string();
                Some((line, value))
            });
            match permalink {
                Some((line, value)) => format!("{source}:{line} (permalink `{value}`)"),
                None => format!("{source} (from its file name)"),
            }
        };
        let (first, second) = (describe(&c.first), describe(&c.second));
        let both_notices = self.root.join(&c.first).is_file();
        let message = match c.folder_for_second {
            None if both_notices => {
                format!(
                    "two notices would be written to `{}`: {first} and {second}",
                    c.path
                )
            }
            None => format!(
                "{second} would be written to `{}`, which is {first}",
                c.path
            ),
            Some(true) => format!(
                "`{}` is a file written for {first}, but {second} needs a folder there",
                c.path
            ),
            Some(false) => format!(
                "`{}` is a folder holding files written for {first}, but {second} would write a file there",
                c.path
            ),
        };
        // The message names both files and lines; no location prefix to repeat one of them.
        Error::new(message).with_note("help: change the `permalink` (or file name) of one of them")
    }

    /// Index, 404, sitemap, robots and the theme's static files.
    pub fn write_shared(&self, entries: &[Entry], sink: &dyn Sink) -> Result<()> {
        let mut pages: Vec<PageSummary> = entries.iter().map(|e| e.summary.clone()).collect();
        pages.sort_by(|a, b| {
            a.title
                .to_lowercase()
                .cmp(&b.title.to_lowercase())
                .then(a.url.cmp(&b.url))
        });
        for (path, text) in render::shared_pages(&self.theme, &self.context(), &pages)? {
            sink.put(&path, text.into_bytes())?;
        }
        for (path, bytes) in &self.theme.statics {
            sink.put(path, bytes.clone())?;
        }
        Ok(())
    }

    /// `informed build`: render everything into a staging folder and swap it into place.
    pub fn build(&self, out: &Path, strict: bool) -> Result<BuildOutcome> {
        self.build_into(out, strict, false)
    }

    /// [`Site::build`]; `force` replaces an output folder informed did not write.
    pub fn build_into(&self, out: &Path, strict: bool, force: bool) -> Result<BuildOutcome> {
        let sources = [
            self.content_dir(),
            self.root.join("themes"),
            self.root.join("lints"),
            self.root.join(crate::config::CONFIG_FILE),
        ];
        let theme_files: Vec<&str> = self.theme.statics.keys().map(String::as_str).collect();
        let output = Output::claim(
            out,
            &Claim {
                sources: &sources,
                root: &self.root,
                theme_files: &theme_files,
                force,
            },
        )?;
        let staging = Staging::new(output)?;
        let counts: [AtomicUsize; 3] = Default::default();
        let entries = self.process_all_then(&staging, |mut e| {
            for (count, level) in counts
                .iter()
                .zip([Level::Error, Level::Warning, Level::Info])
            {
                count.fetch_add(e.report.count(level), Ordering::Relaxed);
            }
            e.report.diagnostics = Vec::new();
            e.report.elements = Default::default();
            e.report.facts = Default::default();
            e
        })?;
        let [errors, warnings, infos] = counts.map(AtomicUsize::into_inner);
        let summary = Summary {
            files: entries.len(),
            errors,
            warnings,
            infos,
        };
        if strict && summary.errors > 0 {
            return Ok(BuildOutcome {
                entries,
                summary,
                written: false,
            });
        }
        self.write_shared(&entries, &staging)?;
        staging.commit()?;
        Ok(BuildOutcome {
            entries,
            summary,
            written: true,
        })
    }
}

/// The notice's output target from its permalink or path; a bad permalink is an error at the
/// line of the `permalink` key.
pub fn target_of(notice: &Notice) -> Result<Target> {
    let at_key = |message: String| {
        let line = notice
            .front
            .key_lines
            .get("permalink")
            .copied()
            .unwrap_or(1);
        Error::new(message)
            .in_file(&notice.source.display)
            .at(line, 1)
    };
    match notice.front.data.get("permalink") {
        Some(serde_json::Value::String(p)) => render::permalink::from_permalink(p)
            .map_err(|msg| at_key(format!("bad permalink `{p}`: {msg}"))),
        Some(serde_json::Value::Null) | None => Ok(render::permalink::from_path(&notice.rel_path)),
        Some(_) => Err(at_key("permalink must be a string".into())),
    }
}

/// Two notices (or a notice and a generated file) must not claim the same output path.
fn check_collisions(entries: &[Entry], theme: &Theme) -> Result<()> {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for e in entries {
        let file = e.target.file.as_str();
        if ["index.html", "404.html", "sitemap.xml", "robots.txt"].contains(&file)
            || theme.statics.contains_key(file)
        {
            return Err(Error::new(format!(
                "this notice would be written to `{file}`, which the site itself generates"
            ))
            .in_file(&e.report.path)
            .with_note("help: give it a different `permalink`"));
        }
        if let Some(other) = seen.insert(file, &e.path) {
            return Err(Error::new(format!(
                "two notices would be written to `{file}`: {} and {}",
                other.display(),
                e.path.display()
            ))
            .in_file(&e.report.path)
            .with_note("help: change the `permalink` (or file name) of one of them"));
        }
    }
    Ok(())
}

/// A sink that claims each path for one notice before handing it on (see [`Claims`]).
struct Claimed<'a> {
    sink: &'a dyn Sink,
    claims: &'a Claims,
    source: String,
    collision: std::sync::Mutex<Option<Collision>>,
}

impl Sink for Claimed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        if let Err(c) = self.claims.claim(path, &self.source) {
            let message = format!("output path `{}` collides", c.path);
            if let Ok(mut slot) = self.collision.lock() {
                *slot = Some(c);
            }
            return Err(Error::new(message).in_file(&self.source));
        }
        self.sink.put(path, bytes)
    }
}

/// Today's date, for rules that judge age.
pub fn today() -> Date {
    Date::today()
}
