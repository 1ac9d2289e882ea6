//! `informed.toml`: the site's settings. Unknown keys are errors that suggest the nearest key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::load::DEFAULT_MAX_NOTICE_BYTES;

pub(crate) const CONFIG_FILE: &str = "informed.toml";

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
    "headers",
    "history",
    "lints",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
/// A site's settings, from its `informed.toml` (defaults for what it leaves out).
pub struct Config {
    pub(crate) title: String,
    pub(crate) description: String,
    /// Where the site is published, e.g. `https://example.org/privacy/` or `/privacy/`.
    pub base_url: String,
    /// The theme's name (`default`, `govuk`, or a folder under `themes/`).
    pub theme: String,
    pub(crate) language: String,
    pub(crate) output_dir: PathBuf,
    pub(crate) content_dir: PathBuf,
    /// Refuse to write the site when error-level findings exist.
    pub strict: bool,
    /// `uk` (UK GDPR) or `eu` (EU GDPR): which stale-law rules apply.
    pub jurisdiction: String,
    pub(crate) max_notice_bytes: u64,
    /// Pass raw HTML in notices through unsanitised.
    pub unsafe_html: bool,
    /// Write `_headers` (security headers for Netlify and Cloudflare Pages) with the site.
    pub headers: bool,
    /// Show each notice's changes from git (docs/history.md); `false` turns history off.
    pub history: bool,
    /// Rule levels by code or slug: `error`, `warning`, `info` or `off`.
    pub lints: BTreeMap<String, String>,
    /// Where the config was read from and where each key is in it (`theme`,
    /// `lints.missing-retention`), so that errors found later (an unknown theme or rule) can
    /// point at file:line:col. Empty for the defaults.
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// The config file and the positions of its keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    pub path: Option<PathBuf>,
    pub keys: BTreeMap<String, (usize, usize)>,
}

/// Jurisdictions whose stale-law rules exist.
pub(crate) const JURISDICTIONS: &[&str] = &["uk", "eu"];

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
            headers: true,
            history: true,
            lints: BTreeMap::new(),
            origin: Origin::default(),
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

    pub(crate) fn parse(text: &str, path: &Path) -> Result<Config> {
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
        let mut config: Config = toml::from_str(text).map_err(|e| {
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
        let mut keys = BTreeMap::new();
        for key in doc.get_ref().keys() {
            keys.insert(key.clone(), at(find_top_level_key(text, key)));
        }
        for rule in config.lints.keys() {
            let offset =
                find_lint_key(text, rule).unwrap_or_else(|| find_top_level_key(text, "lints"));
            keys.insert(format!("lints.{rule}"), at(offset));
        }
        config.origin = Origin {
            path: Some(path.to_path_buf()),
            keys,
        };
        if !JURISDICTIONS.contains(&config.jurisdiction.as_str()) {
            return Err(config.error_at(
                "jurisdiction",
                format!(
                    "unknown jurisdiction `{}`; expected one of: {}",
                    config.jurisdiction,
                    JURISDICTIONS.join(", ")
                ),
            ));
        }
        Ok(config)
    }

    /// An error about `key` (`theme`, `lints.<rule>`) at its place in the config file.
    pub(crate) fn error_at(&self, key: &str, message: impl Into<String>) -> Error {
        let err = Error::new(message);
        let Some(path) = &self.origin.path else {
            return err.in_file(CONFIG_FILE);
        };
        let err = err.in_file(path);
        match self.origin.keys.get(key) {
            Some(&(l, c)) => err.at(l, c),
            None => err,
        }
    }

    /// Give an error that names the config file but no line the position of `key`.
    pub(crate) fn locate(&self, key: &str, err: Error) -> Error {
        let about_config = err.location.line.is_none()
            && err
                .location
                .file
                .as_ref()
                .is_some_and(|f| f.ends_with(CONFIG_FILE));
        if !about_config {
            return err;
        }
        let mut placed = self.error_at(key, err.message);
        placed.notes = err.notes;
        placed
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
    pub(crate) fn absolute_base(&self) -> Option<String> {
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

/// Offset of a top-level `key = …` (before the first table header).
fn find_top_level_key(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            break;
        }
        if starts_with_key(t, key) {
            return offset + (line.len() - t.len());
        }
        offset += line.len();
    }
    find_key(text, key)
}

/// Offset of `rule = …` inside the `[lints]` table, or of `lints.rule = …`.
fn find_lint_key(text: &str, rule: &str) -> Option<usize> {
    let mut offset = 0;
    let mut in_lints = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            in_lints = t.starts_with("[lints]");
        } else if (in_lints && starts_with_key(t, rule))
            || t.strip_prefix("lints.")
                .is_some_and(|rest| starts_with_key(rest, rule))
        {
            let col = line.len() - t.len();
            return Some(offset + col + if t.starts_with("lints.") { 6 } else { 0 });
        }
        offset += line.len();
    }
    None
}

/// Whether `line` starts with `key` (bare or quoted) followed by `=` or space.
fn starts_with_key(line: &str, key: &str) -> bool {
    [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|k| {
            line.strip_prefix(k.as_str())
                .is_some_and(|rest| rest.starts_with(['=', ' ', '\t']))
        })
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
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
