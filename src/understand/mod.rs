//! Understand: what a notice tells people (elements of Art 13/14) and the facts it states.

pub mod spec;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Date;
use crate::load::Notice;
pub use spec::{BasisSpec, ElementSpec, RightSpec};

/// Whether the notice's text addresses an element, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ElementStatus {
    pub present: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// Facts the notice states (or front matter declares).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    pub lawful_basis: Vec<String>,
    pub art14: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Understanding {
    pub elements: BTreeMap<String, ElementStatus>,
    pub facts: Facts,
    /// The "last updated" date and the byte offset where it was stated.
    pub last_updated: Option<(Date, usize)>,
}

/// Front-matter keys that state when the notice was last changed, most specific first.
pub const DATE_KEYS: &[&str] = &["last_updated", "updated", "last_modified"];

/// The notice's "last updated" date: an explicit front-matter key, then a dated line in the
/// text ("Last updated 16 September 2019"), then a Jekyll `date` (often the first publication).
pub fn last_updated(notice: &Notice) -> Option<(Date, usize)> {
    front_date(notice, DATE_KEYS)
        .or_else(|| text_date(notice))
        .or_else(|| front_date(notice, &["date"]))
}

fn front_date(notice: &Notice, keys: &[&str]) -> Option<(Date, usize)> {
    for key in keys {
        if let Some(v) = notice.front.data.get(*key) {
            let s = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let Some(d) = Date::parse(&s) {
                let line = notice.front.key_lines.get(*key).copied().unwrap_or(1);
                return Some((d, notice.source.line_start(line)));
            }
        }
    }
    None
}

fn text_date(notice: &Notice) -> Option<(Date, usize)> {
    for block in &notice.doc.blocks {
        let lower = block.text.to_lowercase();
        for cue in ["last updated", "updated", "last modified", "last reviewed", "effective date", "published"] {
            if let Some(i) = lower.find(cue) {
                let rest = &block.text[i + cue.len()..];
                let rest = rest.trim_start_matches([':', ' ', '-', '–']).trim_start_matches("on ");
                let candidate: String = rest.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
                for n in (1..=4).rev() {
                    let words: Vec<&str> = candidate.split_whitespace().take(n).collect();
                    if let Some(d) = Date::parse(&words.join(" ")) {
                        return Some((d, block.range.start));
                    }
                }
            }
        }
    }
    None
}
