//! The rule kinds: each turns a rule from a pack into findings for one notice.
//!
//! | kind | fires when |
//! |---|---|
//! | `missing-element` | `element` is not addressed (and every `when` condition holds) |
//! | `missing-right` | the notice relies on one of `bases`, has a rights section, and never mentions `right` |
//! | `pattern` | a `patterns` regex matches the body (outside comments and code), unless an `unless` regex matches the same section or an `unless_notice` regex matches anywhere |
//! | `missing-date` | no "last updated" date in front matter or text |
//! | `stale-date` | the "last updated" date is more than `threshold` days old |
//! | `review-overdue` | front-matter `review_due` is in the past |
//! | `long-sentences` | a section has sentences longer than `threshold` words |
//! | `readability` | a section's Flesch–Kincaid grade is above `threshold` |
//! | `suppression-reason` | an `informed-allow` comment gives no reason |
//! | `unused-suppression` | an `informed-allow` comment suppresses nothing |
//! | `translation-older` | a translation's "last updated" date is before its source's |
//! | `translation-missing-section` | a section of the source has no counterpart in the translation |
//! | `translation-facts-differ` | a declared fact in `facts` differs between a translation and its source |
//! | `language-not-read` | the notice is in a language detection does not read |
//!
//! The last four are in [`super::translation`]. In a notice detection does not read, the
//! kinds that read the text's words (`missing-element`, `missing-right`, `long-sentences`,
//! `readability`) do not run: `language-not-read` says so instead.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::conditions::Condition;
use super::readability;
use super::rules::{Kind, Rule};
use super::translation::{LanguageCheck, LanguageCtx};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::load::Notice;
use crate::load::structured::Declared;
use crate::understand::detect::{Patterns, regex};
use crate::understand::text::{normalise, sentences};
use crate::understand::{FactSpec, Understanding, Vocabulary};

#[derive(Debug, Clone)]
pub(crate) enum Check {
    MissingElement(String),
    MissingRight {
        right: String,
        bases: Vec<String>,
    },
    Pattern {
        once: bool,
        patterns: Vec<Regex>,
        /// Index of the first of `patterns` among every pattern rule's regexes (the
        /// [`Prefilter`](super::prefilter::Prefilter) numbering).
        first: usize,
        unless: Patterns,
        unless_notice: Patterns,
    },
    MissingDate,
    StaleDate(i64),
    DateBehindHistory,
    ReviewOverdue,
    LongSentences(usize),
    Readability(f64),
    SuppressionReason,
    UnusedSuppression,
    Language(super::translation::LanguageCheck),
}

impl Check {
    /// Does the check read the meaning of the notice's words (in English)?
    pub(crate) fn reads_words(&self) -> bool {
        matches!(
            self,
            Check::MissingElement(_)
                | Check::MissingRight { .. }
                | Check::LongSentences(_)
                | Check::Readability(_)
        )
    }
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    pub check: Check,
    pub when: Vec<Condition>,
}

/// A finding before levels and suppressions are applied: which rule, where, and the values
/// for the message's placeholders.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub rule: usize,
    pub range: Range<usize>,
    pub vars: Vec<(&'static str, String)>,
    /// A missing element for which weak signs exist: the finding is at most a warning and
    /// quotes what was found.
    pub weak: Option<String>,
}

/// Compile one rule; `facts` are the packs' `[[fact]]`s, whose `reason` explains a `fact:`
/// condition in the rule's messages.
pub(crate) fn compile(rule: &Rule, vocab: &Vocabulary, facts: &[FactSpec]) -> Result<CompiledRule> {
    let what = format!("rule {} ({})", rule.code, rule.slug);
    let or = |threshold: &Option<f64>, default: f64| threshold.unwrap_or(default);
    let check = match &rule.kind {
        Kind::MissingElement { element } => {
            if vocab.element(element).is_none() {
                return Err(
                    Error::new(format!("{what}: unknown element `{element}`")).in_file(&rule.pack)
                );
            }
            Check::MissingElement(element.clone())
        }
        Kind::MissingRight { right, bases } => {
            if !vocab.rights.iter().any(|r| r.id == *right) {
                return Err(
                    Error::new(format!("{what}: unknown right `{right}`")).in_file(&rule.pack)
                );
            }
            Check::MissingRight {
                right: right.clone(),
                bases: bases.clone(),
            }
        }
        Kind::Pattern {
            patterns,
            unless,
            unless_notice,
            once,
        } => Check::Pattern {
            once: *once,
            first: 0,
            patterns: patterns
                .iter()
                .map(|p| regex(&across_lines(p), &what))
                .collect::<Result<_>>()?,
            unless: Patterns::new(unless, &what)?,
            unless_notice: Patterns::new(unless_notice, &what)?,
        },
        Kind::MissingDate {} => Check::MissingDate,
        Kind::StaleDate { threshold } => Check::StaleDate(or(threshold, 730.0) as i64),
        Kind::DateBehindHistory {} => Check::DateBehindHistory,
        Kind::ReviewOverdue {} => Check::ReviewOverdue,
        Kind::LongSentences { threshold } => Check::LongSentences(or(threshold, 25.0) as usize),
        Kind::Readability { threshold } => Check::Readability(or(threshold, 14.0)),
        Kind::SuppressionReason {} => Check::SuppressionReason,
        Kind::UnusedSuppression {} => Check::UnusedSuppression,
        Kind::TranslationOlder {} => Check::Language(LanguageCheck::Older),
        Kind::TranslationMissingSection {} => Check::Language(LanguageCheck::MissingSection),
        Kind::TranslationFactsDiffer { facts } => {
            Check::Language(LanguageCheck::FactsDiffer(facts.clone()))
        }
        Kind::LanguageNotRead {} => Check::Language(LanguageCheck::NotRead),
    };
    let mut when = rule
        .when
        .iter()
        .map(|c| Condition::parse(c, &rule.code, facts))
        .collect::<Result<Vec<_>>>()?;
    if let Some(j) = &rule.jurisdiction {
        when.push(Condition::Jurisdiction(j.clone()));
    }
    Ok(CompiledRule { check, when })
}

/// Patterns run over the source, where a phrase can be wrapped onto the next line
/// ("Privacy\nShield"): a space in a pattern matches any run of whitespace.
fn across_lines(pattern: &str) -> String {
    pattern.replace(" ?", r"\s*").replace(' ', r"\s+")
}

/// Context shared by the checks of one notice.
pub(crate) struct Ctx<'a> {
    pub notice: &'a Notice,
    pub u: &'a Understanding,
    /// The notice's structured front matter, as load/structured read it.
    pub declared: &'a Declared,
    pub vocab: &'a Vocabulary,
    pub comments: Vec<Range<usize>>,
    /// The body normalised, made when a rule first needs it.
    pub normalised_notice: OnceLock<String>,
    /// Per pattern-rule regex: whether it can match in this notice.
    pub may_match: Vec<bool>,
    /// Per section: its prose sentences, made when a rule first needs them.
    pub prose: OnceLock<Vec<SectionProse<'a>>>,
    pub today: Date,
    /// The date and commit subject of the newest change of the notice's text, from git.
    pub last_change: Option<&'a (Date, String)>,
    /// The notice's language and, for a translation, what its source says.
    pub language: LanguageCtx<'a>,
}

/// A section's first prose block and every (block, sentence, words in it) of prose in it:
/// the sentence-length and readability rules both count each sentence's words, once.
pub(crate) type SectionProse<'a> = (usize, Vec<(usize, &'a str, usize)>);

impl<'a> Ctx<'a> {
    pub(super) fn normalised_notice(&self) -> &str {
        self.normalised_notice
            .get_or_init(|| normalise(&self.notice.source.text[self.notice.body_start..]))
    }

    fn prose(&self) -> &[SectionProse<'a>] {
        self.prose.get_or_init(|| section_sentences(self.notice))
    }
}

/// Where a notice-level finding points: the title line or the first line of the body.
pub(crate) fn notice_anchor(notice: &Notice, declared: &Declared) -> Range<usize> {
    let start = match notice.title_block() {
        Some(b) => notice.doc.blocks[b].range.start,
        None => declared
            .page
            .lines
            .title
            .map_or(notice.body_start, |l| notice.source.line_start(l)),
    };
    let text = &notice.source.text;
    let start = skip_blank(text, start);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end.max(start)
}

fn skip_blank(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        if !text[at..end].trim().is_empty() {
            return at;
        }
        at = end;
    }
    at.min(text.len())
}

/// Run one compiled rule.
pub(crate) fn run(index: usize, rule: &CompiledRule, ctx: &Ctx) -> Vec<Hit> {
    if !rule.when.iter().all(|c| c.holds(ctx.u)) {
        return Vec::new();
    }
    let reason = rule
        .when
        .iter()
        .find_map(|c| c.reason(ctx.u))
        .unwrap_or_default();
    let hit = |range: Range<usize>, mut vars: Vec<(&'static str, String)>| {
        vars.push(("because", reason.clone()));
        Hit {
            rule: index,
            range,
            vars,
            weak: None,
        }
    };
    let notice = ctx.notice;
    if rule.check.reads_words() && !crate::load::language::detection_reads(ctx.language.tag) {
        return Vec::new();
    }
    match &rule.check {
        Check::Language(check) => super::translation::run(check, ctx)
            .into_iter()
            .map(|(range, vars)| hit(range, vars))
            .collect(),
        Check::MissingElement(id) => {
            if ctx.u.present(id) {
                return Vec::new();
            }
            let name = ctx.vocab.element(id).map_or(id.clone(), |e| e.name.clone());
            match ctx
                .u
                .evidence
                .get(id)
                .filter(|_| ctx.u.uncertain.contains(id))
            {
                Some(e) => {
                    let mut h = hit(line_of(notice, e.block), vec![("element", name)]);
                    h.weak = Some(e.text.clone());
                    vec![h]
                }
                None => vec![hit(
                    notice_anchor(notice, ctx.declared),
                    vec![("element", name)],
                )],
            }
        }
        Check::MissingRight { right, bases } => {
            let relied: Vec<&String> = bases.iter().filter(|b| ctx.u.facts.relies_on(b)).collect();
            if relied.is_empty() || ctx.u.rights.contains_key(right) || !ctx.u.present("rights") {
                return Vec::new();
            }
            let at = ctx.u.elements.get("rights").copied().flatten().map_or_else(
                || notice_anchor(notice, ctx.declared),
                |b| line_of(notice, b),
            );
            let name = ctx
                .vocab
                .rights
                .iter()
                .find(|r| r.id == *right)
                .map_or(right.clone(), |r| r.name.clone());
            let basis = relied[0].replace('_', " ");
            vec![hit(at, vec![("right", name), ("basis", basis)])]
        }
        Check::Pattern {
            once,
            patterns,
            first,
            unless,
            unless_notice,
        } => {
            let may_match = |j: usize| ctx.may_match.get(first + j).copied().unwrap_or(true);
            let patterns: Vec<&Regex> = (patterns.iter().enumerate())
                .filter(|&(j, _)| may_match(j))
                .map(|(_, re)| re)
                .collect();
            if patterns.is_empty() {
                return Vec::new();
            }
            let mut found = super::patterns::pattern_hits(ctx, &patterns, unless, unless_notice);
            found.sort_by_key(|(r, _)| r.start);
            if *once {
                found.truncate(1);
            }
            found
                .into_iter()
                .map(|(r, m)| hit(r, vec![("match", m)]))
                .collect()
        }
        Check::MissingDate => match ctx.u.last_updated {
            Some(_) => Vec::new(),
            None => vec![hit(notice_anchor(notice, ctx.declared), vec![])],
        },
        Check::StaleDate(days) => match ctx.u.last_updated {
            Some((date, at)) if ctx.today.days() - date.days() > *days => {
                let age = (ctx.today.days() - date.days()) / 365;
                vec![hit(
                    line_range(notice, at),
                    vec![("date", date.long()), ("age", age.to_string())],
                )]
            }
            _ => Vec::new(),
        },
        // The text changed (per git) after the date the notice says it was last updated.
        Check::DateBehindHistory => match (ctx.u.last_updated, ctx.last_change) {
            (Some((declared, at)), Some((changed, subject))) if changed > &declared => {
                vec![hit(
                    line_range(notice, at),
                    vec![
                        ("date", declared.long()),
                        ("changed", changed.long()),
                        ("changed_iso", changed.to_string()),
                        ("subject", subject.clone()),
                    ],
                )]
            }
            _ => Vec::new(),
        },
        Check::ReviewOverdue => {
            // The typed value from load/structured (validated before lint runs).
            match ctx.declared.review_due {
                Some(d) if d < ctx.today => {
                    let line = ctx.declared.page.lines.review_due.unwrap_or(1);
                    vec![hit(
                        line_range(notice, notice.source.line_start(line)),
                        vec![("date", d.long())],
                    )]
                }
                _ => Vec::new(),
            }
        }
        Check::LongSentences(max) => ctx
            .prose()
            .iter()
            .filter_map(|(_, sents)| {
                // (block, words) of each sentence over the limit.
                let long: Vec<(usize, usize)> = sents
                    .iter()
                    .map(|&(b, _, words)| (b, words))
                    .filter(|&(_, w)| w > *max)
                    .collect();
                let &(first, _) = long.first()?;
                let words = long.iter().map(|&(_, w)| w).max().unwrap_or(0);
                Some(hit(
                    line_of(notice, first),
                    vec![
                        ("count", long.len().to_string()),
                        ("words", words.to_string()),
                        ("limit", max.to_string()),
                    ],
                ))
            })
            .collect(),
        Check::Readability(limit) => ctx
            .prose()
            .iter()
            .filter_map(|(first_block, sents)| {
                let texts: Vec<&str> = sents.iter().map(|&(_, s, _)| s).collect();
                let words: usize = sents.iter().map(|&(_, _, words)| words).sum();
                if words < 60 {
                    return None;
                }
                let g = readability::grade(&texts)?;
                (g > *limit).then(|| {
                    hit(
                        line_of(notice, *first_block),
                        vec![
                            ("grade", format!("{g:.0}")),
                            ("limit", format!("{limit:.0}")),
                        ],
                    )
                })
            })
            .collect(),
        // Suppression kinds are applied by the caller, which knows every other finding.
        Check::SuppressionReason | Check::UnusedSuppression => Vec::new(),
    }
}

/// Per section: the first block and every (block, sentence) of prose in it.
fn section_sentences(notice: &Notice) -> Vec<SectionProse<'_>> {
    let doc = &notice.doc;
    let mut out = Vec::new();
    for section in &doc.sections {
        let mut sents = Vec::new();
        for &b in &section.blocks {
            let block = &doc.blocks[b];
            if matches!(
                block.kind,
                crate::document::BlockKind::Paragraph | crate::document::BlockKind::ListItem
            ) && block.heading.is_none()
            {
                sents.extend(
                    sentences(&block.text)
                        .into_iter()
                        .map(|s| (b, s, readability::word_count(s))),
                );
            }
        }
        if let Some(&(first, ..)) = sents.first() {
            out.push((first, sents));
        }
    }
    out
}

/// The first line of block `b`.
pub(crate) fn line_of(notice: &Notice, b: usize) -> Range<usize> {
    line_range(notice, notice.doc.blocks[b].range.start)
}

/// From `at` to the end of its line.
pub(crate) fn line_range(notice: &Notice, at: usize) -> Range<usize> {
    let text = &notice.source.text;
    let at = at.min(text.len());
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    at..end
}
