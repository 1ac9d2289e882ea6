//! The rule kinds about languages: a translation compared with its source (older, a section
//! missing, declared facts that differ), and the notice in a language detection does not read.
//!
//! Sections are matched by structure, never by wording (the two are in different languages):
//! the order and level of the headings, and the words in each section that read the same in
//! every language (email addresses, web addresses, numbers, dates written in figures).

use std::collections::BTreeSet;
use std::ops::Range;

use serde_json::Value;

use super::engine::{Ctx, line_range, notice_anchor};
use crate::date::Date;
use crate::law::language_name;
use crate::load::Notice;
use crate::load::language::detection_reads;
use crate::load::structured::Declared;

/// What a translation is compared with: its source, read by the pipeline.
#[derive(Debug, Clone)]
pub(crate) struct Parity {
    /// The source's language tag.
    pub lang: String,
    pub date: Option<Date>,
    pub sections: Vec<SectionShape>,
    pub declared: Declared,
}

impl Parity {
    pub(crate) fn of(source: &Notice, lang: &str) -> Parity {
        let declared = crate::load::structured::declared(source).unwrap_or_default();
        Parity {
            lang: lang.to_string(),
            date: crate::understand::last_updated(source, &declared).map(|(d, _)| d),
            sections: shape(source),
            declared,
        }
    }
}

/// The language of the notice being linted and, for a translation, its source.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LanguageCtx<'a> {
    pub tag: &'a str,
    pub parity: Option<&'a Parity>,
}

/// One section as structure: its heading's level and text, where the heading is, and its
/// language-neutral words.
#[derive(Debug, Clone)]
pub(crate) struct SectionShape {
    pub level: u8,
    pub title: String,
    /// Byte range of the heading's line.
    pub at: Range<usize>,
    pub neutral: BTreeSet<String>,
}

/// The sections of `notice` under headings, the page title's heading left out.
pub(crate) fn shape(notice: &Notice) -> Vec<SectionShape> {
    let title = notice.title_block();
    let text = &notice.source.text;
    notice
        .doc
        .sections
        .iter()
        .skip(1)
        .filter(|s| s.heading_block.is_some() && s.heading_block != title)
        .map(|s| {
            let end = s.children.first().map_or(s.range.end, |&c| {
                notice.doc.sections[c].range.start.max(s.range.start)
            });
            SectionShape {
                level: s.level,
                title: s.title.clone(),
                at: line_range(notice, s.range.start),
                neutral: neutral_words(text.get(s.range.start..end).unwrap_or("")),
            }
        })
        .collect()
}

/// Words that read the same in any language: with a digit, an `@` or `://`.
fn neutral_words(text: &str) -> BTreeSet<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.contains('@') || w.contains("://") || w.chars().any(|c| c.is_ascii_digit()))
        .collect()
}

/// How alike two sections are, or `None` when they cannot be the same section (their
/// headings are at different levels).
fn likeness(a: &SectionShape, b: &SectionShape) -> Option<f64> {
    if a.level != b.level {
        return None;
    }
    let shared = a.neutral.intersection(&b.neutral).count();
    let all = a.neutral.union(&b.neutral).count();
    let overlap = if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    };
    Some(1.0 + 2.0 * overlap)
}

/// Pair the source's sections with the translation's, keeping the order, so that the pairs
/// are as alike as possible. Returns, for each source section, its partner's index.
pub(crate) fn align(source: &[SectionShape], translation: &[SectionShape]) -> Vec<Option<usize>> {
    let (n, m) = (source.len(), translation.len());
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut b = best[i + 1][j].max(best[i][j + 1]);
            if let Some(l) = likeness(&source[i], &translation[j]) {
                b = b.max(l + best[i + 1][j + 1]);
            }
            best[i][j] = b;
        }
    }
    let mut pairs = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        match likeness(&source[i], &translation[j]) {
            Some(l) if (best[i][j] - (l + best[i + 1][j + 1])).abs() < 1e-9 => {
                pairs[i] = Some(j);
                i += 1;
                j += 1;
            }
            _ if (best[i][j] - best[i + 1][j]).abs() < 1e-9 => i += 1,
            _ => j += 1,
        }
    }
    pairs
}

/// The checks of this module, as compiled from a pack.
#[derive(Debug, Clone)]
pub(crate) enum LanguageCheck {
    Older,
    MissingSection,
    FactsDiffer(Vec<String>),
    NotRead,
}

/// A finding's range and message values.
pub(crate) type Found = (Range<usize>, Vec<(&'static str, String)>);

pub(crate) fn run(check: &LanguageCheck, ctx: &Ctx) -> Vec<Found> {
    let notice = ctx.notice;
    let language = ctx.language;
    if let LanguageCheck::NotRead = check {
        if detection_reads(language.tag) {
            return Vec::new();
        }
        let elements: Vec<&str> = ctx.vocab.elements.iter().map(|e| e.name.as_str()).collect();
        return vec![(
            notice_anchor(notice, ctx.declared),
            vec![
                ("language", language_name(language.tag)),
                ("elements", elements.join("; ")),
            ],
        )];
    }
    let Some(parity) = language.parity else {
        return Vec::new();
    };
    let names = vec![
        ("source_language", language_name(&parity.lang)),
        ("language", language_name(language.tag)),
    ];
    match check {
        LanguageCheck::Older => match (parity.date, ctx.u.last_updated) {
            (Some(source), Some((date, at))) if date < source => {
                let mut vars = names;
                vars.push(("source_date", source.long()));
                vars.push(("date", date.long()));
                vec![(line_range(notice, at), vars)]
            }
            _ => Vec::new(),
        },
        LanguageCheck::MissingSection => {
            let own = shape(notice);
            let pairs = align(&parity.sections, &own);
            let mut out = Vec::new();
            for (i, pair) in pairs.iter().enumerate() {
                if pair.is_some() {
                    continue;
                }
                // Where the section would go: after the last section paired before it.
                let at = pairs[..i].iter().rev().find_map(|p| *p).map_or_else(
                    || notice_anchor(notice, ctx.declared),
                    |j| own[j].at.clone(),
                );
                let s = &parity.sections[i];
                let mut vars = names.clone();
                vars.push(("title", s.title.clone()));
                vars.push(("level", s.level.to_string()));
                vars.push(("position", (i + 1).to_string()));
                vars.push(("count", parity.sections.len().to_string()));
                out.push((at, vars));
            }
            out
        }
        LanguageCheck::FactsDiffer(facts) => {
            let source = serde_json::to_value(&parity.declared).unwrap_or_default();
            let own = serde_json::to_value(ctx.declared).unwrap_or_default();
            let mut out = Vec::new();
            for fact in facts {
                let (a, b) = (lookup(&source, fact), lookup(&own, fact));
                if a == b {
                    continue;
                }
                let key = fact.split('.').next().unwrap_or(fact);
                let at = match notice.front.key_lines.get(key) {
                    Some(&line) => line_range(notice, notice.source.line_start(line)),
                    None => notice_anchor(notice, ctx.declared),
                };
                let mut vars = names.clone();
                vars.push(("fact", fact.clone()));
                vars.push(("source_value", shown(a)));
                vars.push(("value", shown(b)));
                out.push((at, vars));
            }
            out
        }
        LanguageCheck::NotRead => Vec::new(),
    }
}

/// A dotted path (`controller.email`) in declared facts; absent and `null` are the same.
fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut at = value;
    for part in path.split('.') {
        at = at.get(part)?;
    }
    (!at.is_null()).then_some(at)
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "not declared".into(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(v) => format!("`{v}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(level: u8, words: &[&str]) -> SectionShape {
        SectionShape {
            level,
            title: String::new(),
            at: 0..0,
            neutral: words.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn the_missing_section_is_found_by_its_neutral_words_not_its_place() {
        let source = [
            section(2, &["dpo@x.example"]),
            section(2, &["6", "years"]),
            section(2, &["0303", "123", "1113"]),
        ];
        // The second section is left out; the third is found by its phone number.
        let translation = [
            section(2, &["dpo@x.example"]),
            section(2, &["0303", "123", "1113"]),
        ];
        assert_eq!(align(&source, &translation), vec![Some(0), None, Some(1)]);
    }

    #[test]
    fn sections_pair_only_at_the_same_level() {
        let source = [section(2, &[]), section(3, &[])];
        let translation = [section(2, &[]), section(2, &[])];
        assert_eq!(align(&source, &translation), vec![Some(0), None]);
    }

    #[test]
    fn neutral_words_are_the_ones_every_language_writes_alike() {
        let words = neutral_words(
            "Cysylltwch â dpo@x.example neu ffoniwch 0303 123 1113 (https://x.example).",
        );
        assert!(words.contains("dpo@x.example"));
        assert!(words.contains("0303"));
        assert!(words.contains("https://x.example"));
        assert!(!words.contains("cysylltwch"));
    }
}
