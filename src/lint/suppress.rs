//! Inline suppressions: `<!-- informed-allow RULE reason="why" -->`.
//!
//! A suppression covers the section it sits in (with its sub-sections); placed before the first
//! heading it covers the whole notice. The reason is required, and a suppression that matches
//! nothing is itself reported, so stale ones do not pile up.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::load::Notice;

#[derive(Debug, Clone)]
pub(crate) struct Suppression {
    pub rule: String,
    pub reason: Option<String>,
    /// Where the comment is.
    pub range: Range<usize>,
    /// What it covers.
    pub scope: Range<usize>,
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"<!--\s*informed-allow\s+([A-Za-z0-9_-]+)(?:\s+reason\s*=\s*"([^"]*)")?\s*-->"#,
        )
        .expect("suppression pattern")
    })
}

pub(crate) fn find(notice: &Notice) -> Vec<Suppression> {
    let text = &notice.source.text;
    let body = notice.body_start;
    pattern()
        .captures_iter(&text[body..])
        .map(|c| {
            let whole = c.get(0).map_or(0..0, |m| m.start() + body..m.end() + body);
            let section = notice.doc.section_at(whole.start);
            let scope = if section == 0 {
                0..text.len()
            } else {
                notice.doc.sections[section].range.clone()
            };
            Suppression {
                rule: c[1].to_string(),
                reason: c
                    .get(2)
                    .map(|m| m.as_str().trim().to_string())
                    .filter(|r| !r.is_empty()),
                range: whole,
                scope,
            }
        })
        .collect()
}

/// Byte ranges of HTML comments in `text`, where nothing counts.
pub(crate) fn comment_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("<!--") {
        let start = from + i;
        let end = text[start + 4..]
            .find("-->")
            .map_or(text.len(), |j| start + 4 + j + 3);
        out.push(start..end);
        from = end;
    }
    out
}
