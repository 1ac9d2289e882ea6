//! The detection machinery: compiled heading aliases and phrase cues, matched against a
//! notice's sections and sentences.

use std::collections::BTreeMap;

use regex::{Regex, RegexSet, RegexSetBuilder};

use super::spec::{BasisSpec, ElementSpec, FactSpec, RightSpec};
use super::text::{heading_key, normalise, sentences};
use crate::document::Document;
use crate::error::{Error, Result};

/// A list of patterns compiled once.
#[derive(Debug, Clone)]
pub struct Patterns {
    set: RegexSet,
}

impl Patterns {
    pub fn new(patterns: &[String], what: &str) -> Result<Patterns> {
        Patterns::build(patterns, what, true)
    }

    /// Patterns matched as written (case-sensitive).
    pub fn cased(patterns: &[String], what: &str) -> Result<Patterns> {
        Patterns::build(patterns, what, false)
    }

    fn build(patterns: &[String], what: &str, ignore_case: bool) -> Result<Patterns> {
        let set = RegexSetBuilder::new(patterns)
            .case_insensitive(ignore_case)
            .size_limit(64 << 20)
            .build()
            .map_err(|e| Error::new(format!("bad pattern in {what}: {e}")))?;
        Ok(Patterns { set })
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    pub fn matches(&self, text: &str) -> bool {
        !self.set.is_empty() && self.set.is_match(text)
    }
}

/// Compile one regex (case-insensitive) for kinds that need match positions.
pub fn regex(pattern: &str, what: &str) -> Result<Regex> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| Error::new(format!("bad pattern in {what}: {e}")))
}

#[derive(Debug, Clone)]
pub struct Element {
    pub id: String,
    pub name: String,
    headings: Patterns,
    cues: Patterns,
    not: Patterns,
    near: Patterns,
    section_requires: Patterns,
    link_cues: Patterns,
    cased_cues: Patterns,
    not_block: Patterns,
}

#[derive(Debug, Clone)]
pub struct Named {
    pub id: String,
    pub name: String,
    pub article: String,
    pub cues: Patterns,
    pub not: Patterns,
    pub aliases: Vec<String>,
}

/// The packs' vocabulary, compiled.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub elements: Vec<Element>,
    pub rights: Vec<Named>,
    pub bases: Vec<Named>,
    pub facts: Vec<Named>,
}

impl Vocabulary {
    pub fn compile(
        elements: &[ElementSpec],
        rights: &[RightSpec],
        bases: &[BasisSpec],
        facts: &[FactSpec],
    ) -> Result<Vocabulary> {
        let el = |e: &ElementSpec| -> Result<Element> {
            let what = format!("element `{}`", e.id);
            Ok(Element {
                id: e.id.clone(),
                name: e.name.clone(),
                headings: Patterns::new(&e.headings, &what)?,
                cues: Patterns::new(&e.cues, &what)?,
                not: Patterns::new(&e.not, &what)?,
                near: Patterns::new(&e.near, &what)?,
                section_requires: Patterns::new(&e.section_requires, &what)?,
                link_cues: Patterns::new(&e.link_cues, &what)?,
                cased_cues: Patterns::cased(&e.cased_cues, &what)?,
                not_block: Patterns::new(&e.not_block, &what)?,
            })
        };
        let empty: Vec<String> = Vec::new();
        Ok(Vocabulary {
            elements: elements.iter().map(el).collect::<Result<_>>()?,
            rights: rights
                .iter()
                .map(|r| {
                    Ok(Named {
                        id: r.id.clone(),
                        name: r.name.clone(),
                        article: r.article.clone(),
                        cues: Patterns::new(&r.cues, &format!("right `{}`", r.id))?,
                        not: Patterns::new(&empty, "")?,
                        aliases: Vec::new(),
                    })
                })
                .collect::<Result<_>>()?,
            bases: bases
                .iter()
                .map(|b| {
                    Ok(Named {
                        id: b.id.clone(),
                        name: b.name.clone(),
                        article: b.article.clone(),
                        cues: Patterns::new(&b.cues, &format!("basis `{}`", b.id))?,
                        not: Patterns::new(&empty, "")?,
                        aliases: b.aliases.clone(),
                    })
                })
                .collect::<Result<_>>()?,
            facts: facts
                .iter()
                .map(|f| {
                    Ok(Named {
                        id: f.id.clone(),
                        name: f.id.clone(),
                        article: String::new(),
                        cues: Patterns::new(&f.cues, &format!("fact `{}`", f.id))?,
                        not: Patterns::new(&f.not, &format!("fact `{}`", f.id))?,
                        aliases: Vec::new(),
                    })
                })
                .collect::<Result<_>>()?,
        })
    }

    pub fn fact(&self, id: &str) -> Option<&Named> {
        self.facts.iter().find(|f| f.id == id)
    }

    pub fn element(&self, id: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }
}

impl Element {
    pub fn heading_matches(&self, key: &str) -> bool {
        self.headings.matches(key)
    }

    pub fn cue_matches(&self, sentence: &str) -> bool {
        self.cues.matches(sentence) && !self.not.matches(sentence)
    }
}

/// The notice's text prepared for matching: each block's sentences, normalised.
pub struct Prepared {
    /// Per block: normalised sentences (mailto addresses of its links appended as a sentence).
    pub sentences: Vec<Vec<String>>,
    /// Per block: sentences as written (whitespace collapsed), for case-sensitive cues.
    pub originals: Vec<Vec<String>>,
    /// Per block: the whole block normalised.
    pub blocks: Vec<String>,
    /// Per block: its label's heading key, and the normalised text after the label.
    pub labels: Vec<Option<(String, String)>>,
    /// Per block: whether it carries a link.
    pub linked: Vec<bool>,
    /// Per section: the heading key.
    pub heading_keys: Vec<String>,
}

impl Prepared {
    pub fn new(doc: &Document) -> Prepared {
        Prepared {
            sentences: doc
                .blocks
                .iter()
                .map(|b| {
                    let mut out: Vec<String> =
                        sentences(&b.text).into_iter().map(normalise).collect();
                    out.extend(
                        b.urls
                            .iter()
                            .filter(|u| u.starts_with("mailto:"))
                            .map(|u| normalise(u)),
                    );
                    out
                })
                .collect(),
            originals: doc
                .blocks
                .iter()
                .map(|b| {
                    sentences(&b.text)
                        .into_iter()
                        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                        .collect()
                })
                .collect(),
            blocks: doc.blocks.iter().map(|b| normalise(&b.text)).collect(),
            labels: doc
                .blocks
                .iter()
                .map(|b| {
                    let label = b.label.as_ref()?;
                    let rest = b
                        .text
                        .get(label.len()..)
                        .unwrap_or("")
                        .trim_start_matches([':', ' ', '|', '*']);
                    Some((heading_key(label), normalise(rest)))
                })
                .collect(),
            linked: doc.blocks.iter().map(|b| !b.urls.is_empty()).collect(),
            heading_keys: doc.sections.iter().map(|s| heading_key(&s.title)).collect(),
        }
    }
}

/// Where evidence for something was found: a block index.
pub type Evidence = Option<usize>;

/// Does the notice address `element`? Returns the first block that shows it.
pub fn detect_element(doc: &Document, text: &Prepared, element: &Element) -> Evidence {
    let mut best: Option<usize> = None;
    let mut consider = |b: usize| {
        if best.is_none_or(|x| doc.blocks[b].range.start < doc.blocks[x].range.start) {
            best = Some(b);
        }
    };
    if !element.headings.is_empty() {
        for (i, section) in doc.headed_sections() {
            if !element.headings.matches(&text.heading_keys[i]) {
                continue;
            }
            let body = doc.section_blocks(i);
            if body.is_empty() {
                continue;
            }
            let answered = element.section_requires.is_empty()
                || body.iter().any(|&b| {
                    text.sentences[b]
                        .iter()
                        .any(|s| element.section_requires.matches(s) && !element.not.matches(s))
                });
            if answered && let Some(h) = section.heading_block {
                consider(h);
            }
        }
    }
    if !element.headings.is_empty() {
        // "Storage period: until 2025", a bold lead-in, or a table row's first cell.
        for (b, label) in text.labels.iter().enumerate() {
            let Some((key, rest)) = label else { continue };
            if rest.is_empty()
                || !element.headings.matches(key)
                || element.not_block.matches(&text.blocks[b])
            {
                continue;
            }
            if element.section_requires.is_empty() || element.section_requires.matches(rest) {
                consider(b);
                break;
            }
        }
    }
    if !element.cues.is_empty() || !element.link_cues.is_empty() || !element.cased_cues.is_empty() {
        for (b, sentences) in text.sentences.iter().enumerate() {
            let plain = sentences
                .iter()
                .any(|s| element.cues.matches(s) && !element.not.matches(s));
            let linked = text.linked[b]
                && sentences
                    .iter()
                    .any(|s| element.link_cues.matches(s) && !element.not.matches(s));
            let cased = text.originals[b]
                .iter()
                .zip(sentences)
                .any(|(o, s)| element.cased_cues.matches(o) && !element.not.matches(s));
            if !(plain || linked || cased) || element.not_block.matches(&text.blocks[b]) {
                continue;
            }
            if !element.near.is_empty() {
                let window = (b..(b + 3).min(text.blocks.len()))
                    .any(|n| element.near.matches(&text.blocks[n]));
                if !window {
                    continue;
                }
            }
            consider(b);
            break;
        }
    }
    best
}

/// First block whose sentences match `named` (and not its exclusions), limited to `blocks`.
pub fn find_named(
    text: &Prepared,
    named: &Named,
    blocks: impl IntoIterator<Item = usize>,
) -> Evidence {
    blocks.into_iter().find(|&b| {
        text.sentences[b]
            .iter()
            .any(|s| named.cues.matches(s) && !named.not.matches(s))
    })
}

/// Every right mentioned, with the block that mentions it first.
pub fn rights_mentioned(text: &Prepared, rights: &[Named]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in rights {
        if let Some(b) = find_named(text, r, 0..text.blocks.len()) {
            out.insert(r.id.clone(), b);
        }
    }
    out
}
