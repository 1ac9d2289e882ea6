//! `informed import FILE`: a plain-text notice (a page copied from GOV.UK, say) or a saved HTML
//! page → Markdown with front matter (title, last updated, permalink).
//!
//! Plain text goes through the same reader `check` uses (`load::plaintext`), so what `check` sees
//! in a `.txt` file is what the Markdown says. HTML is converted with `htmd`; the page's main
//! region is kept and its navigation, header and footer dropped.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use markup5ever_rcdom::{Node, NodeData};

use crate::config::Config;
use crate::date::Date;
use crate::document::{BlockKind, Document, slugify};
use crate::error::{Error, Result};
use crate::load::{self, Notice};
use crate::source::Source;

use super::markdown;

/// A notice turned into Markdown, before the front matter is added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub(crate) title: String,
    pub(crate) last_updated: Option<Date>,
    /// The Markdown body, without the title and the "Updated …" line (they go in front matter).
    pub body: String,
}

impl Imported {
    /// The complete Markdown file.
    pub fn to_markdown(&self, permalink: &str) -> String {
        let mut out = String::from("---\n");
        out.push_str(&format!(
            "title: {}\n",
            super::new::yaml_string(&self.title)
        ));
        if let Some(d) = self.last_updated {
            out.push_str(&format!("last_updated: {d}\n"));
        }
        out.push_str(&format!("permalink: {permalink}\n"));
        out.push_str("---\n\n");
        out.push_str(&self.body);
        out
    }
}

/// Import plain text. `display` names the file in errors.
pub fn import_text(text: &str, display: &str) -> Result<Imported> {
    let name = Path::new(display)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("notice.txt");
    // The `.txt` path makes the loader read it as plain text whatever the file was called.
    let source = Source::new(format!("{name}.txt"), display, text.to_string());
    let notice = Notice::parse(source, name.to_string())?;
    if notice.doc.blocks.is_empty() {
        return Err(Error::new("there is no text to import").in_file(display));
    }
    let title = notice.title();
    let (skip, last_updated) = preamble(&notice.doc, notice.title_block());
    let body = markdown::from_events(&notice.doc.events, &skip);
    Ok(Imported {
        title,
        last_updated,
        body,
    })
}

/// Import an HTML page.
pub(crate) fn import_html(html: &str, display: &str) -> Result<Imported> {
    use htmd::options::{BrStyle, BulletListMarker, HrStyle, LinkStyle, Options};
    let options = Options {
        bullet_list_marker: BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        br_style: BrStyle::Backslash,
        hr_style: HrStyle::Dashes,
        link_style: LinkStyle::InlinedPreferAutolinks,
        ..Options::default()
    };
    let converter = htmd::HtmlToMarkdown::builder()
        .options(options)
        .skip_tags(vec![
            "script", "style", "noscript", "template", "nav", "header", "footer", "form", "button",
            "svg", "iframe", "aside", "head",
        ])
        .build();
    let tree = converter
        .html_to_tree(html)
        .map_err(|e| Error::new(format!("cannot read HTML: {e}")).in_file(display))?;
    let main = find(&tree, &|n| {
        is_element(n, "main") || has_attr(n, "role", "main")
    })
    .or_else(|| find(&tree, &|n| is_element(n, "article")))
    .or_else(|| find(&tree, &|n| is_element(n, "body")))
    .unwrap_or_else(|| tree.clone());
    let page_title = find(&main, &|n| is_element(n, "h1"))
        .map(|h| collapse(&text_of(&h)))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            find(&tree, &|n| is_element(n, "title")).map(|t| {
                let t = collapse(&text_of(&t));
                // "Privacy notice - GOV.UK" → "Privacy notice".
                t.rsplit_once(" - ")
                    .or_else(|| t.rsplit_once(" | "))
                    .or_else(|| t.rsplit_once(" – "))
                    .map_or(t.clone(), |(head, _)| head.trim().to_string())
            })
        })
        .filter(|t| !t.is_empty());
    let md = converter.tree_to_markdown(&main);
    let md = format!("{}\n", md.trim());
    let source = Source::new("import.md", display, md.clone());
    let notice = Notice::parse(source, "import.md".into())?;
    if notice.doc.blocks.is_empty() {
        return Err(Error::new("the page has no text to import").in_file(display));
    }
    // The page's `<h1>` is the title; the metadata line after it gives the date.
    let title_block = notice
        .doc
        .blocks
        .iter()
        .position(|b| b.kind == BlockKind::Heading && b.level == 1)
        .filter(|&i| i < 4);
    let title = page_title
        .or_else(|| title_block.map(|i| notice.doc.blocks[i].text.clone()))
        .unwrap_or_else(|| notice.title());
    let (skip, mut last_updated) = preamble(&notice.doc, title_block);
    if last_updated.is_none() {
        last_updated = dated_phrase(&collapse(&text_of(&main)));
    }
    let body = cut(&md, &skip);
    Ok(Imported {
        title,
        last_updated,
        body,
    })
}

/// Read `path` and import it as HTML or plain text.
pub(crate) fn import_file(path: &Path, display: &str) -> Result<Imported> {
    crate::load::require_regular_file(path, display)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(display, &e))?;
    let text = load::decode(bytes, display)?;
    let head = text
        .trim_start()
        .get(..256)
        .unwrap_or(text.trim_start())
        .to_lowercase();
    let is_html = load::has_extension(path, &["html", "htm", "xhtml"])
        || head.starts_with("<!doctype html")
        || head.starts_with("<html");
    if is_html {
        import_html(&text, display)
    } else {
        import_text(&text, display)
    }
}

/// Byte ranges of the preamble to leave out of the body — a short label before the title
/// ("Guidance"), the title itself, and the "Updated …" line — and the date that line gives.
fn preamble(doc: &Document, title_block: Option<usize>) -> (Vec<Range<usize>>, Option<Date>) {
    let mut skip = Vec::new();
    let mut after = 0;
    if let Some(t) = title_block {
        for b in &doc.blocks[..t] {
            if b.text.split_whitespace().count() <= 3 {
                skip.push(b.range.clone());
            }
        }
        skip.push(doc.blocks[t].range.clone());
        after = t + 1;
    }
    let mut found: Option<(u8, Date)> = None;
    for b in doc.blocks.iter().skip(after).take(3) {
        if b.kind != BlockKind::Paragraph {
            continue;
        }
        if let Some((rank, d)) = date_line(&b.text) {
            skip.push(b.range.clone());
            if found.is_none_or(|(r, _)| rank < r) {
                found = Some((rank, d));
            }
        }
    }
    (skip, found.map(|(_, d)| d))
}

/// A line that is only a date with a cue: "Updated 11 February 2021", "Published: 1 May 2018".
/// The rank prefers "updated" to "published".
fn date_line(text: &str) -> Option<(u8, Date)> {
    let lower = text.trim().to_lowercase();
    for (rank, cue) in [
        (0, "last updated"),
        (0, "updated"),
        (1, "last modified"),
        (2, "published"),
    ] {
        if let Some(rest) = lower.strip_prefix(cue) {
            let rest = rest
                .trim_start_matches([':', ' '])
                .trim_start_matches("on ");
            return Date::parse(rest).map(|d| (rank, d));
        }
    }
    None
}

/// The first "updated <date>" phrase anywhere in `text`.
fn dated_phrase(text: &str) -> Option<Date> {
    let lower = text.to_lowercase();
    for cue in ["last updated", "updated", "published"] {
        for (i, _) in lower.match_indices(cue) {
            let rest = lower[i + cue.len()..]
                .trim_start_matches([':', ' '])
                .trim_start_matches("on ");
            let words: Vec<&str> = rest.split_whitespace().take(3).collect();
            for n in (2..=words.len()).rev() {
                if let Some(d) = Date::parse(&words[..n].join(" ")) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// `md` without the byte ranges in `skip` (each extended over the blank lines after it).
fn cut(md: &str, skip: &[Range<usize>]) -> String {
    let mut ranges: Vec<Range<usize>> = skip
        .iter()
        .map(|r| {
            let mut end = r.end;
            while md[end..].starts_with('\n') {
                end += 1;
            }
            r.start..end
        })
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(md.len());
    let mut pos = 0;
    for r in ranges {
        if r.start >= pos {
            out.push_str(&md[pos..r.start]);
            pos = r.end;
        }
    }
    out.push_str(&md[pos..]);
    format!("{}\n", out.trim())
}

fn is_element(node: &Node, tag: &str) -> bool {
    matches!(&node.data, NodeData::Element { name, .. } if name.local.as_ref() == tag)
}

fn has_attr(node: &Node, key: &str, value: &str) -> bool {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .any(|a| a.name.local.as_ref() == key && a.value.as_ref() == value),
        _ => false,
    }
}

/// The first node (depth first, document order) that matches.
fn find(node: &Rc<Node>, pred: &dyn Fn(&Node) -> bool) -> Option<Rc<Node>> {
    if pred(node) {
        return Some(node.clone());
    }
    for child in node.children.borrow().iter() {
        if let Some(found) = find(child, pred) {
            return Some(found);
        }
    }
    None
}

fn text_of(node: &Rc<Node>) -> String {
    let mut out = String::new();
    collect_text(node, &mut out);
    out
}

fn collect_text(node: &Rc<Node>, out: &mut String) {
    match &node.data {
        NodeData::Text { contents } => out.push_str(&contents.borrow()),
        NodeData::Element { name, .. }
            if matches!(name.local.as_ref(), "script" | "style" | "template") =>
        {
            return;
        }
        _ => {}
    }
    for child in node.children.borrow().iter() {
        collect_text(child, out);
        out.push(' ');
    }
}

fn collapse(s: &str) -> String {
    crate::document::collapse(s)
}

/// `informed import FILE [-o OUT]`.
pub(crate) fn run(root: &Path, file: &Path, out: Option<&Path>) -> Result<i32> {
    let display = file.display().to_string();
    let imported = import_file(file, &display)?;
    let to_stdout = out.is_some_and(|o| o == Path::new("-"));
    let stem_of = |p: &Path| {
        p.file_stem()
            .and_then(|s| s.to_str())
            .map(slugify)
            .filter(|s| !s.is_empty())
    };
    let slug = out
        .filter(|_| !to_stdout)
        .and_then(stem_of)
        .or_else(|| stem_of(file))
        .unwrap_or_else(|| slugify(&imported.title));
    let text = imported.to_markdown(&format!("/{slug}/"));
    if to_stdout {
        print!("{text}");
        return Ok(0);
    }
    let target: PathBuf = match out {
        Some(o) => o.to_path_buf(),
        None => {
            let config = Config::load(root)?;
            let path = root.join(&config.content_dir).join(format!("{slug}.md"));
            super::check_no_link(root, &path)?;
            if std::fs::symlink_metadata(&path).is_ok() {
                return Err(Error::new("already exists; not overwriting it")
                    .in_file(&path)
                    .with_note(
                        "help: name the output with `-o FILE` (an explicit -o replaces the file)",
                    ));
            }
            path
        }
    };
    if let Some(parent) = target.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
    }
    if out.is_some() {
        // An explicit `-o` may be anywhere the user likes, but never a link to be written
        // through.
        let here = target.parent().filter(|p| !p.as_os_str().is_empty());
        super::check_no_link(here.unwrap_or(Path::new(".")), &target)?;
    }
    super::write_replacing(&target, text.as_bytes())?;
    // The title (and the file names) may hold anything: escape controls for the terminal.
    let done = format!(
        "Imported {} → {} (title \"{}\"{})",
        display,
        target.display(),
        imported.title,
        imported
            .last_updated
            .map(|d| format!(", last updated {d}"))
            .unwrap_or_default()
    );
    eprintln!("{}", crate::report::github::neutralise(&done));
    Ok(0)
}
