//! `informed.toml`: the site's settings. Unknown keys are errors that suggest the nearest key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::load::DEFAULT_MAX_NOTICE_BYTES;

pub const CONFIG_FILE: &str = "informed.toml";

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "language",
    "output_dir",
    "content_dir",
    "strict",
    "jurisdiction",
    "max_notice_bytes",
    "unsafe_html",
    "lints",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Where the site is published, e.g. `https://example.org/privacy/` or `/privacy/`.
    pub base_url: String,
    pub theme: String,
    pub language: String,
    pub output_dir: PathBuf,
    pub content_dir: PathBuf,
    /// Refuse to write the site when error-level findings exist.
    pub strict: bool,
    /// `uk` (UK GDPR) or `eu` (EU GDPR): which stale-law rules apply.
    pub jurisdiction: String,
    pub max_notice_bytes: u64,
    /// Pass raw HTML in notices through unsanitised.
    pub unsafe_html: bool,
    /// Rule levels by code or slug: `error`, `warning`, `info` or `off`.
    pub lints: BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Privacy notices".into(),
            description: String::new(),
            base_url: "/".into(),
            theme: "default".into(),
            language: "en-GB".into(),
            output_dir: "site".into(),
            content_dir: "content".into(),
            strict: false,
            jurisdiction: "uk".into(),
            max_notice_bytes: DEFAULT_MAX_NOTICE_BYTES,
            unsafe_html: false,
            lints: BTreeMap::new(),
        }
    }
}

impl Config {
    /// Read `informed.toml` from `root`; a missing file gives the defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(&path, &e)),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let at = |offset: usize| {
            let line = text[..offset.min(text.len())].matches('\n').count() + 1;
            let col = text[..offset.min(text.len())]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                + 1;
            (line, col)
        };
        let doc: toml::Spanned<toml::Table> = toml::from_str(text).map_err(|e| {
            let (l, c) = at(e.span().map_or(0, |s| s.start));
            Error::new(format!("invalid TOML: {}", e.message().trim()))
                .in_file(path)
                .at(l, c)
        })?;
        for key in doc.get_ref().keys() {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                let offset = find_key(text, key);
                let (l, c) = at(offset);
                let mut err = Error::new(format!("unknown key `{key}`"))
                    .in_file(path)
                    .at(l, c);
                if let Some(s) = suggest(key, KNOWN_KEYS) {
                    err = err.with_note(format!("help: did you mean `{s}`?"));
                }
                return Err(err);
            }
        }
        let config: Config = toml::from_str(text).map_err(|e| {
            let (l, c) = at(e.span().map_or(0, |s| s.start));
            Error::new(e.message().trim().to_string())
                .in_file(path)
                .at(l, c)
        })?;
        for (rule, level) in &config.lints {
            if !["error", "warning", "info", "off"].contains(&level.as_str()) {
                let (l, c) = at(find_key(text, rule));
                return Err(Error::new(format!(
                    "level `{level}` for `{rule}` must be one of error, warning, info, off"
                ))
                .in_file(path)
                .at(l, c));
            }
        }
        Ok(config)
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => url,
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// `base_url` when it is absolute (needed for sitemap entries).
    pub fn absolute_base(&self) -> Option<String> {
        let url = self.base_url.trim();
        url.contains("://")
            .then(|| format!("{}/", url.trim_end_matches('/')))
    }
}

fn find_key(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) || t.starts_with(&format!("\"{key}\"")) {
            return offset + (line.len() - t.len());
        }
        offset += line.len();
    }
    0
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_nearest() {
        let err = Config::parse(
            "title = \"x\"\nbase_ulr = \"/\"\n",
            Path::new("informed.toml"),
        )
        .unwrap_err();
        assert_eq!(err.message, "unknown key `base_ulr`");
        assert_eq!(err.location.line, Some(2));
        assert!(err.notes[0].contains("base_url"));
    }

    #[test]
    fn base_path_from_url() {
        let mut c = Config::default();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://example.github.io/project".into();
        assert_eq!(c.base_path(), "/project/");
        assert_eq!(
            c.absolute_base().unwrap(),
            "https://example.github.io/project/"
        );
        c.base_url = "/docs".into();
        assert_eq!(c.base_path(), "/docs/");
        assert!(c.absolute_base().is_none());
    }
}
