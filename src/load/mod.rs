//! Load: find notices, read them, split the front matter, build the document model.

pub mod frontmatter;
pub mod language;
pub(crate) mod plaintext;
pub mod structured;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::document::{self, Document};
use crate::error::{Error, Result};
use crate::source::Source;
pub(crate) use frontmatter::FrontMatter;
pub use language::NoticeLanguage;

/// Default cap on the size of one notice; `max_notice_bytes` in informed.toml changes it.
pub const DEFAULT_MAX_NOTICE_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Format {
    Markdown,
    PlainText,
}

/// A notice as loaded: its text, front matter and document model.
#[derive(Debug, Clone)]
pub struct Notice {
    /// The text, its display path and its line index.
    pub source: Source,
    /// Path relative to the content folder, with `/` separators (for default permalinks).
    pub rel_path: String,
    /// The front matter as written (other stages read [`structured::Declared`]).
    pub front: FrontMatter,
    pub(crate) body_start: usize,
    pub(crate) format: Format,
    /// The body as blocks and sections.
    pub doc: Document,
    /// Its language and, for a translation, the notice it translates.
    pub language: NoticeLanguage,
}

impl Notice {
    /// Parse a notice from text already in memory.
    pub fn parse(source: Source, rel_path: String) -> Result<Notice> {
        let is_text = has_extension(&source.path, &["txt", "text"]);
        let (front, body_start) = frontmatter::parse(&source)?;
        // In memory the neighbours are not looked at: only the front matter says.
        let language = language::identify(&front, None, &source.display)?;
        let (format, doc) = if is_text {
            let events = plaintext::events(&source.text, body_start);
            (
                Format::PlainText,
                document::build(events, source.text.len()),
            )
        } else {
            (
                Format::Markdown,
                document::parse_markdown(&source.text, body_start),
            )
        };
        Ok(Notice {
            source,
            rel_path,
            front,
            body_start,
            format,
            doc,
            language,
        })
    }

    /// Read and parse one file.
    pub fn load(path: &Path, display: String, rel_path: String, max_bytes: u64) -> Result<Notice> {
        let bytes = Notice::read(path, &display, max_bytes)?;
        Notice::from_bytes(path, bytes, display, rel_path)
    }

    /// The bytes of the notice at `path`: a regular file of at most `max_bytes`.
    pub(crate) fn read(path: &Path, display: &str, max_bytes: u64) -> Result<Vec<u8>> {
        let meta = require_regular_file(path, display)?;
        if meta.len() > max_bytes {
            return Err(Error::new(format!(
                "notice is {} bytes, more than the limit of {max_bytes} bytes",
                meta.len()
            ))
            .in_file(display)
            .with_note("help: split the notice, or raise `max_notice_bytes` in informed.toml"));
        }
        std::fs::read(path).map_err(|e| Error::io(display, &e))
    }

    /// Parse the notice at `path` from the bytes [`Notice::read`] read.
    pub(crate) fn from_bytes(
        path: &Path,
        bytes: Vec<u8>,
        display: String,
        rel_path: String,
    ) -> Result<Notice> {
        let text = decode(bytes, &display)?;
        let mut notice = Notice::parse(Source::new(path, display, text), rel_path)?;
        notice.language = language::identify(&notice.front, Some(path), &notice.source.display)?;
        Ok(notice)
    }

    pub(crate) fn front_str(&self, key: &str) -> Option<&str> {
        match self.front.data.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// The block index used as the page title when front matter has none, so the renderer
    /// does not print it twice.
    pub(crate) fn title_block(&self) -> Option<usize> {
        if self.front_str("title").is_some() {
            return None;
        }
        if let Some(i) = self.doc.leading_h1 {
            return Some(i);
        }
        if self.format == Format::PlainText {
            return self
                .doc
                .blocks
                .iter()
                .take(3)
                .position(|b| b.heading.is_some() && b.text.split_whitespace().count() >= 2);
        }
        None
    }

    /// The notice's title: front matter, then a leading heading, then the file name.
    pub fn title(&self) -> String {
        if let Some(t) = self.front_str("title") {
            return t.to_string();
        }
        if let Some(i) = self.title_block() {
            return self.doc.blocks[i].text.clone();
        }
        let stem = Path::new(&self.rel_path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("notice");
        let mut t: String = stem.replace(['-', '_'], " ");
        if let Some(first) = t.get(..1) {
            t = first.to_uppercase() + &t[1..];
        }
        t
    }
}

/// The metadata of `path` (links followed), refusing anything but a regular file: reading a
/// FIFO, a socket or a device would hang or never end.
pub(crate) fn require_regular_file(path: &Path, display: &str) -> Result<std::fs::Metadata> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(display, &e))?;
    if meta.is_dir() {
        return Err(Error::new("is a folder, not a file").in_file(display));
    }
    if !meta.is_file() {
        return Err(Error::new(
            "is not a regular file (a FIFO, socket or device); refusing to read it",
        )
        .in_file(display));
    }
    Ok(meta)
}

/// Decode UTF-8, naming the line and column of the first bad byte.
pub(crate) fn decode(bytes: Vec<u8>, display: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::new(format!(
            "file is not valid UTF-8 (byte 0x{:02x} at offset {valid})",
            bytes[valid]
        ))
        .in_file(display)
        .at(line, column)
        .with_note("help: save the file as UTF-8")
    })
}

pub(crate) fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Markdown notices under `dir`, sorted by path so output order never depends on the OS.
/// Symbolic links may not leave `dir` itself; see [`discover_within`].
pub fn discover(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    discover_within(dir, dir, extensions)
}

/// Notices under `dir`, following symbolic links only while they stay inside `root` (the site
/// folder): a notice linked from elsewhere on the machine (`content/x.md -> ~/.ssh/id_rsa`)
/// would otherwise be published. A link that leaves `root` and a link loop are errors naming
/// the link. Hidden files and folders (`.drafts/`, `.git/`) are skipped.
pub(crate) fn discover_within(
    dir: &Path,
    root: &Path,
    extensions: &[&str],
) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Err(Error::new("content folder not found")
            .in_file(dir)
            .with_note("help: create it, or set `content_dir` in informed.toml"));
    }
    let boundary = std::fs::canonicalize(root).map_err(|e| Error::io(root, &e))?;
    let mut files = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| walk_error(&e, dir))?;
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            let target =
                std::fs::canonicalize(entry.path()).map_err(|e| Error::io(entry.path(), &e))?;
            if !target.starts_with(&boundary) {
                return Err(Error::new(format!(
                    "symbolic link to `{}`, outside the site folder `{}`",
                    target.display(),
                    boundary.display()
                ))
                .in_file(entry.path())
                .with_note("help: informed follows links only inside the site folder; copy the file in instead"));
            }
        }
        if entry.file_type().is_file() && has_extension(entry.path(), extensions) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

fn walk_error(e: &walkdir::Error, dir: &Path) -> Error {
    let path = e.path().unwrap_or(dir).to_path_buf();
    match e.loop_ancestor() {
        // walkdir notices a link that leads back to a folder it is already inside.
        Some(ancestor) => Error::new(format!(
            "symbolic link loop: this link leads back to `{}`",
            ancestor.display()
        ))
        .in_file(path)
        .with_note("help: remove the link or point it somewhere else"),
        None => Error::new(format!("cannot read: {e}")).in_file(path),
    }
}

/// `path` relative to `base` with `/` separators.
pub(crate) fn relative(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
