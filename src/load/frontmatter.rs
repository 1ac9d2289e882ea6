//! Front matter: find it, parse it, keep where it was.
//!
//! We split the delimiters ourselves instead of using gray_matter, because every error and
//! every finding must point at a line of the original file (see docs/decisions.md).
//! Accepted forms, each only at the very start of the file:
//! - YAML between `---` lines (closed by `---` or `...`),
//! - TOML between `+++` lines,
//! - a JSON object starting with `{`.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::source::Source;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FrontMatterKind {
    Yaml,
    Toml,
    Json,
}

/// Parsed front matter. Unknown keys are kept in `data` for templates.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The syntax it was written in (`None` when the notice has no front matter).
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "read by the tests and in `Debug` output")
    )]
    pub(crate) kind: Option<FrontMatterKind>,
    /// The front matter as a map (read by `load` only; other stages use [`crate::load::structured::Declared`]).
    pub data: Map<String, Value>,
    /// Byte range of the whole front-matter block, delimiters included.
    pub range: Range<usize>,
    /// 1-based line of each top-level key, for diagnostics about declared facts.
    pub key_lines: BTreeMap<String, usize>,
}

/// Where the front matter and the body sit in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub(crate) kind: Option<FrontMatterKind>,
    /// Byte range of the front-matter text between the delimiters.
    pub inner: Range<usize>,
    /// Byte range of the block including delimiters.
    pub outer: Range<usize>,
    /// Where the body begins.
    pub body_start: usize,
}

/// Find the front-matter block at the start of `text`.
pub fn split(text: &str) -> std::result::Result<Split, (usize, String)> {
    let none = Split {
        kind: None,
        inner: 0..0,
        outer: 0..0,
        body_start: 0,
    };
    let first_line_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let first = text[..first_line_end].trim_end();
    let (kind, closers): (FrontMatterKind, &[&str]) = match first {
        "---" => (FrontMatterKind::Yaml, &["---", "..."]),
        "+++" => (FrontMatterKind::Toml, &["+++"]),
        _ if text.starts_with('{') => return split_json(text),
        _ => return Ok(none),
    };
    let mut pos = first_line_end;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end();
        if closers.contains(&line) {
            return Ok(Split {
                kind: Some(kind),
                inner: first_line_end..pos,
                outer: 0..end,
                body_start: end,
            });
        }
        pos = end;
    }
    Err((
        0,
        format!(
            "front matter opened with `{first}` on line 1 is never closed (expected a line with `{}`)",
            closers[0]
        ),
    ))
}

fn split_json(text: &str) -> std::result::Result<Split, (usize, String)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    match stream.next() {
        Some(Ok(_)) => {
            let end = stream.byte_offset();
            Ok(Split {
                kind: Some(FrontMatterKind::Json),
                inner: 0..end,
                outer: 0..end,
                body_start: end,
            })
        }
        Some(Err(e)) => Err((offset_of(text, e.line(), e.column()), e.to_string())),
        None => Err((0, "empty JSON front matter".into())),
    }
}

/// Byte offset of a 1-based line/column pair in `text` (column counted in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    (offset + column.saturating_sub(1)).min(text.len())
}

/// Split and parse the front matter of `source`. Errors name the file, line and column.
pub fn parse(source: &Source) -> Result<(FrontMatter, usize)> {
    let text = &source.text;
    let split = split(text).map_err(|(offset, msg)| located(source, offset, msg))?;
    let Some(kind) = split.kind else {
        return Ok((FrontMatter::default(), 0));
    };
    let inner = &text[split.inner.clone()];
    let value = match kind {
        FrontMatterKind::Yaml => parse_yaml(source, inner, split.inner.start)?,
        FrontMatterKind::Toml => parse_toml(source, inner, split.inner.start)?,
        FrontMatterKind::Json => serde_json::from_str::<Value>(inner).map_err(|e| {
            located(
                source,
                split.inner.start + offset_of(inner, e.line(), e.column()),
                format!("invalid JSON front matter: {e}"),
            )
        })?,
    };
    let data = match value {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => {
            return Err(located(
                source,
                split.inner.start,
                format!(
                    "front matter must be a mapping of keys to values, found {}",
                    json_type(&other)
                ),
            ));
        }
    };
    let key_lines = key_lines(source, &split, &data, kind);
    Ok((
        FrontMatter {
            kind: Some(kind),
            data,
            range: split.outer.clone(),
            key_lines,
        },
        split.body_start,
    ))
}

fn parse_yaml(source: &Source, inner: &str, start: usize) -> Result<Value> {
    if inner.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_saphyr::from_str_with_options::<Value>(inner, yaml_options()).map_err(|e| {
        let offset = e
            .location()
            .map(|loc| offset_of(inner, loc.line() as usize, loc.column() as usize))
            .unwrap_or(0);
        located(
            source,
            start + offset,
            format!("invalid YAML front matter: {}", first_line(&e.to_string())),
        )
    })
}

/// Limits for YAML front matter, far below serde-saphyr's defaults (which suit large config
/// files): real front matter is a few dozen keys, and an alias bomb ("billion laughs") must be
/// refused after a few thousand replayed events, not a million (seconds of work per notice).
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000,
            max_nodes: 50_000,
            max_aliases: 1_000,
            max_depth: 64,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 10_000,
        },
    }
}

fn parse_toml(source: &Source, inner: &str, start: usize) -> Result<Value> {
    let table: toml::Table = toml::from_str(inner).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        located(
            source,
            start + offset,
            format!("invalid TOML front matter: {}", first_line(e.message())),
        )
    })?;
    Ok(toml_to_json(toml::Value::Table(table)))
}

/// TOML dates become plain strings so templates and rules see `2024-01-31`.
pub(crate) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .to_string()
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn located(source: &Source, offset: usize, message: String) -> Error {
    let lc = source.line_col(offset);
    Error::new(message)
        .in_file(&source.display)
        .at(lc.line, lc.column)
}

/// Find the line of each top-level key by scanning the block's lines.
fn key_lines(
    source: &Source,
    split: &Split,
    data: &Map<String, Value>,
    kind: FrontMatterKind,
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let first_line = source.line_col(split.inner.start).line;
    let last_line = source.line_col(split.inner.end).line;
    for line in first_line..=last_line {
        let text = source.line_text(line);
        if text.starts_with([' ', '\t']) {
            continue;
        }
        let key = match kind {
            FrontMatterKind::Yaml => text.split_once(':').map(|(k, _)| k),
            FrontMatterKind::Toml => text.split_once('=').map(|(k, _)| k),
            FrontMatterKind::Json => text
                .trim_start_matches(['{', ' '])
                .split_once(':')
                .map(|(k, _)| k),
        };
        if let Some(key) = key {
            let key = key.trim().trim_matches(['"', '\'']);
            if data.contains_key(key) {
                out.entry(key.to_string()).or_insert(line);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::new("t.md", "t.md", text.to_string())
    }

    #[test]
    fn yaml_front_matter_with_jekyll_keys() {
        let s = src("---\ntitle: 'Privacy'\nnavigation: True\ndate: 2018-05-01\n---\n\nBody");
        let (fm, body) = parse(&s).unwrap();
        assert_eq!(fm.data["title"], "Privacy");
        assert_eq!(fm.data["navigation"], true);
        assert_eq!(&s.text[body..], "\nBody");
        assert_eq!(fm.key_lines["date"], 4);
    }

    #[test]
    fn toml_and_json_front_matter() {
        let s = src("+++\ntitle = \"T\"\ndate = 2024-01-31\n+++\nx");
        let (fm, _) = parse(&s).unwrap();
        assert_eq!(fm.data["date"], "2024-01-31");
        let s = src("{\"title\": \"J\"}\nbody");
        let (fm, body) = parse(&s).unwrap();
        assert_eq!(fm.data["title"], "J");
        assert_eq!(&s.text[body..], "\nbody");
    }

    #[test]
    fn yaml_error_points_at_file_line() {
        let s = src("---\ntitle: ok\nbad: [unclosed\n---\n");
        let err = parse(&s).unwrap_err();
        assert!(err.location.line.unwrap() >= 3, "{err}");
        assert!(err.message.contains("YAML"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = parse(&src("---\ntitle: x\n")).unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn no_front_matter() {
        let (fm, body) = parse(&src("# Title\n")).unwrap();
        assert!(fm.kind.is_none());
        assert_eq!(body, 0);
    }
}
