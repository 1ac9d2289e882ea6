//! Which language a notice is written in, and which notice it translates.
//!
//! Two ways to say it (see docs/translations.md):
//! - the file name: `staff-survey.cy.md` beside `staff-survey.md` is the `cy` translation of it;
//! - front matter: `lang: cy` names the language, `translation_of: staff-survey.md` the notice
//!   it translates (a path relative to the translation's own folder, like a Markdown link).
//!
//! Front matter wins over the file name. A notice that names no language is in the site's
//! language (`language` in informed.toml).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::FrontMatter;

/// A notice's language and, for a translation, its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeLanguage {
    /// The language tag the notice names (`cy`, `en-GB`); `None`: the site's language.
    pub lang: Option<String>,
    /// The line of `lang:` in the front matter (0 when the tag comes from the file name).
    pub lang_line: usize,
    /// The notice this one translates.
    pub source: Option<SourceRef>,
}

/// Where a translation's source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// The source's path, as found beside the translation or resolved from `translation_of`.
    pub path: PathBuf,
    /// The line of `translation_of:` (0 when the source is found from the file name).
    pub line: usize,
}

impl NoticeLanguage {
    /// The notice's language, or `site_language` when it names none.
    pub fn tag<'a>(&'a self, site_language: &'a str) -> &'a str {
        self.lang.as_deref().unwrap_or(site_language)
    }
}

/// Is `tag` a BCP 47 language tag of the simple kind sites use: a two- or three-letter
/// language, then optional subtags (`cy`, `en-GB`, `pt-BR`, `zh-Hant`)?
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else {
        return false;
    };
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The primary language subtag, lower case: `en-GB` → `en`.
pub(crate) fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

/// Do two tags name the same language (the primary subtag, ignoring case)?
pub(crate) fn same_language(a: &str, b: &str) -> bool {
    primary(a) == primary(b)
}

/// Does detection (the English vocabulary in `lints/`) read text in the language `tag`?
pub(crate) fn detection_reads(tag: &str) -> bool {
    same_language(tag, "en")
}

/// The notice's language from its front matter and (when `path` is a real file, so its
/// neighbours can be looked at) its file name. `display` names the notice in errors.
pub fn identify(front: &FrontMatter, path: Option<&Path>, display: &str) -> Result<NoticeLanguage> {
    let line_of = |key: &str| front.key_lines.get(key).copied().unwrap_or(1);
    let at = |key: &str, message: String| Error::new(message).in_file(display).at(line_of(key), 1);
    let mut language = NoticeLanguage::default();
    match front.data.get("lang") {
        None | Some(Value::Null) => {}
        Some(Value::String(tag)) if is_language_tag(tag.trim()) => {
            language.lang = Some(tag.trim().to_string());
            language.lang_line = line_of("lang");
        }
        Some(other) => {
            let shown = match other {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            return Err(at(
                "lang",
                format!("`lang` must be a language tag such as `cy` or `en-GB`, not `{shown}`"),
            ));
        }
    }
    match front.data.get("translation_of") {
        None | Some(Value::Null) => {}
        Some(Value::String(of)) if !of.trim().is_empty() => {
            if language.lang.is_none() {
                return Err(at(
                    "translation_of",
                    "`translation_of` needs `lang:` too, to say which language this translation is in"
                        .into(),
                ));
            }
            let of = of.trim();
            if Path::new(of).is_absolute() {
                return Err(at(
                    "translation_of",
                    format!(
                        "`translation_of` must be a path relative to this notice's folder, not `{of}`"
                    ),
                ));
            }
            let folder = path.and_then(Path::parent).unwrap_or(Path::new(""));
            let source = lexical(&folder.join(of));
            if let Some(path) = path {
                if !source.is_file() {
                    return Err(at(
                        "translation_of",
                        format!(
                            "`translation_of` names `{of}`, which is not a file beside this notice"
                        ),
                    ));
                }
                if same_file(&source, path) {
                    return Err(at(
                        "translation_of",
                        "`translation_of` names this notice itself".into(),
                    ));
                }
            }
            language.source = Some(SourceRef {
                path: source,
                line: line_of("translation_of"),
            });
        }
        Some(_) => {
            return Err(at(
                "translation_of",
                "`translation_of` must be the path of the notice this one translates".into(),
            ));
        }
    }
    if language.source.is_none()
        && let Some(path) = path
        && let Some((tag, source)) = by_file_name(path)
        && language
            .lang
            .as_deref()
            .is_none_or(|l| same_language(l, &tag))
    {
        if language.lang.is_none() {
            language.lang = Some(tag);
        }
        language.source = Some(SourceRef {
            path: source,
            line: 0,
        });
    }
    Ok(language)
}

/// `name.<tag>.<ext>` with a `name.<ext>` beside it: the tag and that file.
fn by_file_name(path: &Path) -> Option<(String, PathBuf)> {
    let ext = path.extension()?.to_str()?;
    let stem = path.file_stem()?.to_str()?;
    let (name, tag) = stem.rsplit_once('.')?;
    if name.is_empty() || !is_language_tag(tag) {
        return None;
    }
    let source = path.with_file_name(format!("{name}.{ext}"));
    source.is_file().then(|| (tag.to_string(), source))
}

/// `a/b/../c` → `a/c`, without touching the file system (so the path matches the one the
/// content folder's listing gives the same file).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir if out.as_os_str().is_empty() => out.push("."),
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A translation's default URL path: its source's path with the language tag taken out of
/// the file name, under a folder named for the language (`staff-survey.cy.md` →
/// `cy/staff-survey.md`, published at `/cy/staff-survey/`).
pub(crate) fn default_rel_path(rel_path: &str, tag: &str) -> String {
    let (folder, file) = match rel_path.rsplit_once('/') {
        Some((folder, file)) => (format!("{folder}/"), file),
        None => (String::new(), rel_path),
    };
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) => match stem.rsplit_once('.') {
            Some((name, t)) if t.eq_ignore_ascii_case(tag) => format!("{name}.{ext}"),
            _ => file.to_string(),
        },
        None => file.to_string(),
    };
    format!("{}/{folder}{file}", tag.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for good in ["cy", "en-GB", "pt-BR", "zh-Hant", "gsw"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "c", "english", "en_GB", "cy-", "old.md", "12"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
        assert_eq!(primary("en-GB"), "en");
        assert!(same_language("EN", "en-GB"));
    }

    #[test]
    fn a_translation_is_published_under_its_language() {
        assert_eq!(
            default_rel_path("staff-survey.cy.md", "cy"),
            "cy/staff-survey.md"
        );
        assert_eq!(default_rel_path("hr/staff.cy.md", "cy"), "cy/hr/staff.md");
        assert_eq!(
            default_rel_path("hr/staff-cymraeg.md", "cy"),
            "cy/hr/staff-cymraeg.md"
        );
    }
}
