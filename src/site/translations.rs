//! Which notices of a site are translations of which: read from every notice's file name and
//! front matter before pages are rendered, because a notice's page links to all its languages
//! (`hreflang`, the switcher) and the languages are separate files rendered in parallel.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use rayon::prelude::*;

use super::Site;
use crate::error::{Error, Result};
use crate::load::{self, NoticeLanguage, frontmatter};
use crate::render::{Alternate, Theme};
use crate::source::Source;

/// One notice's language, URL and source.
#[derive(Debug, Clone)]
struct Member {
    lang: String,
    url: String,
    source: Option<PathBuf>,
}

/// The site's notices grouped by the notice they translate.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    members: BTreeMap<PathBuf, Member>,
    /// Source → its translations (only sources that have one).
    groups: BTreeMap<PathBuf, Vec<PathBuf>>,
}

impl Site {
    /// [`Site::scan_translations`] for `build`: two versions of one notice in the same language
    /// are an error naming both (their pages would claim the same `hreflang`).
    pub(super) fn scan_translations_checked(&self, files: &[PathBuf]) -> Result<()> {
        self.scan_translations(files);
        match self.translations().duplicate() {
            None => Ok(()),
            Some((source, lang, first, second)) => Err(Error::new(format!(
                "{} and {} are both the `{lang}` version of {}",
                self.display_path(&first),
                self.display_path(&second),
                self.display_path(&source),
            ))
            .with_note("help: give one of them another `lang`, or remove it")),
        }
    }

    /// Read which of `files` translate which (before their pages are rendered), and keep it
    /// for [`Site::process`]. Returns the map it replaced.
    pub fn scan_translations(&self, files: &[PathBuf]) -> Arc<Translations> {
        let scanned = Arc::new(Translations::scan(
            files,
            &self.content_dir(),
            &self.config.language,
            self.config.max_notice_bytes,
        ));
        let mut current = self.translations.write().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut *current, scanned)
    }

    /// [`Site::scan_translations`] for `serve`: only `changed` (and the files named like their
    /// translations) are read again. Returns the map it replaced.
    pub fn rescan_translations(&self, changed: &[PathBuf]) -> Arc<Translations> {
        let mut current = self.translations.write().unwrap_or_else(|e| e.into_inner());
        let updated = Arc::new(current.updated(
            changed,
            &self.content_dir(),
            &self.config.language,
            self.config.max_notice_bytes,
        ));
        std::mem::replace(&mut *current, updated)
    }

    /// The translation map of the last scan.
    pub fn translations(&self) -> Arc<Translations> {
        self.translations
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Translations {
    /// Read the front matter of each of `files` (paths under `content_dir`). A notice that
    /// cannot be read is left out: its own processing reports the error.
    pub fn scan(
        files: &[PathBuf],
        content_dir: &Path,
        site_language: &str,
        max_bytes: u64,
    ) -> Translations {
        let members: BTreeMap<PathBuf, Member> = files
            .par_iter()
            .filter_map(|path| {
                let member = member(path, content_dir, site_language, max_bytes)?;
                Some((path.clone(), member))
            })
            .collect();
        Translations::grouped(members)
    }

    /// This map with `changed` read again (and the notices named like translations of them,
    /// whose source may have come or gone), for `serve`: one edit does not read the whole site.
    pub fn updated(
        &self,
        changed: &[PathBuf],
        content_dir: &Path,
        site_language: &str,
        max_bytes: u64,
    ) -> Translations {
        let mut members = self.members.clone();
        let mut again: Vec<PathBuf> = changed.to_vec();
        for path in changed {
            again.extend(named_after(path));
        }
        for path in again {
            match member(&path, content_dir, site_language, max_bytes) {
                Some(m) => members.insert(path, m),
                None => members.remove(&path),
            };
        }
        Translations::grouped(members)
    }

    fn grouped(members: BTreeMap<PathBuf, Member>) -> Translations {
        let mut groups: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for (path, m) in &members {
            if let Some(source) = &m.source
                && members.get(source).is_some_and(|s| s.source.is_none())
            {
                groups.entry(source.clone()).or_default().push(path.clone());
            }
        }
        Translations { members, groups }
    }

    /// Two notices of one group in the same language (two Welsh versions of one notice, or a
    /// translation in its source's language): the source and the two, by language.
    pub fn duplicate(&self) -> Option<(PathBuf, String, PathBuf, PathBuf)> {
        for (source, translations) in &self.groups {
            let mut seen: BTreeMap<String, &PathBuf> = BTreeMap::new();
            for path in std::iter::once(source).chain(translations) {
                let lang = self.members.get(path)?.lang.to_ascii_lowercase();
                if let Some(first) = seen.insert(lang.clone(), path) {
                    return Some((source.clone(), lang, first.clone(), path.clone()));
                }
            }
        }
        None
    }

    /// The source of the group `path` belongs to, if it is in one.
    fn group_source(&self, path: &Path) -> Option<&Path> {
        if let Some((source, _)) = self.groups.get_key_value(path) {
            return Some(source);
        }
        let source = self.members.get(path)?.source.as_deref()?;
        self.groups
            .get(source)
            .is_some_and(|g| g.iter().any(|p| p == path))
            .then_some(source)
    }

    /// Every notice of `path`'s group (the source first), itself included; empty when it has
    /// no other language.
    pub fn group(&self, path: &Path) -> Vec<PathBuf> {
        let Some(source) = self.group_source(path) else {
            return Vec::new();
        };
        let mut out = vec![source.to_path_buf()];
        out.extend(self.groups.get(source).into_iter().flatten().cloned());
        out
    }

    /// The languages of `path`'s notice for its page: the source first (the `x-default`), then
    /// the translations by language tag. Names come from each language's strings (the tag
    /// when the theme has none: that page fails on its own).
    pub fn alternates(&self, path: &Path, theme: &Theme) -> Vec<Alternate> {
        let mut out: Vec<Alternate> = self
            .group(path)
            .iter()
            .filter_map(|p| {
                let m = self.members.get(p)?;
                let name = theme
                    .strings(&m.lang)
                    .ok()
                    .map(|s| s.get("language_name").to_string())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| m.lang.clone());
                Some(Alternate {
                    lang: m.lang.clone(),
                    name,
                    url: m.url.clone(),
                    default: m.source.is_none(),
                    current: false,
                })
            })
            .collect();
        let first = usize::from(!out.is_empty());
        out[first..].sort_by(|a, b| a.lang.cmp(&b.lang));
        out
    }
}

/// The files beside `path` named `<its stem>.<something>.<its extension>`.
fn named_after(path: &Path) -> Vec<PathBuf> {
    let (Some(folder), Some(stem), Some(ext)) = (
        path.parent(),
        path.file_stem().and_then(|s| s.to_str()),
        path.extension().and_then(|e| e.to_str()),
    ) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let (prefix, suffix) = (format!("{stem}."), format!(".{ext}"));
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix)
                && name.ends_with(&suffix)
                && name.len() > prefix.len() + suffix.len()
        })
        .map(|e| folder.join(e.file_name()))
        .collect()
}

fn member(path: &Path, content_dir: &Path, site_language: &str, max_bytes: u64) -> Option<Member> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > max_bytes {
        return None;
    }
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    // Only the front matter says what a notice translates: the body is left unindexed.
    let mut text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    text.truncate(frontmatter::split(&text).ok()?.outer.end);
    let display = path.display().to_string();
    let source = Source::new(path, display.clone(), text);
    let (front, _) = frontmatter::parse(&source).ok()?;
    let language: NoticeLanguage = load::language::identify(&front, Some(path), &display).ok()?;
    let rel = load::relative(path, content_dir);
    let (permalink, line) = load::structured::permalink(&front, &display).ok()?;
    let target =
        crate::pipeline::target_from(permalink.as_deref(), line, &rel, &language, &display).ok()?;
    Some(Member {
        lang: language.tag(site_language).to_string(),
        url: target.url,
        source: language.source.map(|s| s.path),
    })
}
