//! The detection machinery: compiled heading aliases and phrase cues, matched against a
//! notice's sections and sentences.

use std::collections::BTreeMap;

use regex::Regex;

use super::concepts::{ConceptSpec, Concepts, FormSpec, Signal, SignalSpec};
use super::matcher::Combined;
pub(crate) use super::matcher::{Norm, Patterns, Probe};
use super::spec::{BasisSpec, ElementSpec, FactSpec, RightSpec};
use super::text::{heading_key, normalise, sentences};
use crate::document::{Document, collapse};
use crate::error::{Error, Result};

/// Compile one regex (case-insensitive) for kinds that need match positions.
pub(crate) fn regex(pattern: &str, what: &str) -> Result<Regex> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| Error::new(format!("bad pattern in {what}: {e}")))
}

#[derive(Debug, Clone)]
pub(crate) struct Element {
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
    /// How far a strong signal's window may stretch for a weak sign ([`ElementSpec::near_miss`]).
    pub near_miss: Option<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub id: String,
    pub name: String,
    pub cues: Patterns,
    pub not: Patterns,
}

/// The packs' vocabulary, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    pub elements: Vec<Element>,
    pub rights: Vec<Named>,
    pub bases: Vec<Named>,
    pub facts: Vec<Named>,
    /// The patterns matched against each kind of text, in one set per kind, so each text is
    /// scanned once ([`Prepared`]).
    sets: CombinedSets,
    /// Word classes, and the signals that combine them into evidence.
    pub concepts: Concepts,
    pub signals: Vec<Signal>,
    /// The strong signals of elements that count near misses, stretched into weak ones.
    pub near_misses: Vec<Signal>,
}

/// One combined set per kind of text detection looks at.
#[derive(Debug, Clone)]
struct CombinedSets {
    sentences: Combined,
    originals: Combined,
    blocks: Combined,
    headings: Combined,
    label_rests: Combined,
}

impl Vocabulary {
    pub(crate) fn compile(
        elements: &[ElementSpec],
        rights: &[RightSpec],
        bases: &[BasisSpec],
        facts: &[FactSpec],
    ) -> Result<Vocabulary> {
        let el = |e: &ElementSpec| -> Result<Element> {
            Ok(Element {
                id: e.id.clone(),
                name: e.name.clone(),
                headings: Patterns::deferred(&e.headings, true),
                cues: Patterns::deferred(&e.cues, true),
                not: Patterns::deferred(&e.not, true),
                near: Patterns::deferred(&e.near, true),
                section_requires: Patterns::deferred(&e.section_requires, true),
                link_cues: Patterns::deferred(&e.link_cues, true),
                cased_cues: Patterns::deferred(&e.cased_cues, false),
                not_block: Patterns::deferred(&e.not_block, true),
                near_miss: e.near_miss,
            })
        };
        let empty: Vec<String> = Vec::new();
        let mut vocab = Vocabulary {
            elements: elements.iter().map(el).collect::<Result<_>>()?,
            rights: rights
                .iter()
                .map(|r| {
                    Ok(Named {
                        id: r.id.clone(),
                        name: r.name.clone(),
                        cues: Patterns::deferred(&r.cues, true),
                        not: Patterns::deferred(&empty, true),
                    })
                })
                .collect::<Result<_>>()?,
            bases: bases
                .iter()
                .map(|b| {
                    Ok(Named {
                        id: b.id.clone(),
                        name: b.name.clone(),
                        cues: Patterns::deferred(&b.cues, true),
                        not: Patterns::deferred(&empty, true),
                    })
                })
                .collect::<Result<_>>()?,
            facts: facts
                .iter()
                .map(|f| {
                    Ok(Named {
                        id: f.id.clone(),
                        name: f.id.clone(),
                        cues: Patterns::deferred(&f.cues, true),
                        not: Patterns::deferred(&f.not, true),
                    })
                })
                .collect::<Result<_>>()?,
            sets: CombinedSets {
                sentences: Combined::none(),
                originals: Combined::none(),
                blocks: Combined::none(),
                headings: Combined::none(),
                label_rests: Combined::none(),
            },
            concepts: Concepts::compile(&[], &[])?,
            signals: Vec::new(),
            near_misses: Vec::new(),
        };
        vocab.combine()?;
        Ok(vocab)
    }

    /// Compile the pattern lists into one combined set per kind of text they are matched
    /// against (which lists go where only affects speed: a list asked about a text from
    /// another set runs its own). When a set does not compile, check each list alone, in
    /// order, so the error names the list at fault.
    fn combine(&mut self) -> Result<()> {
        let named = self
            .rights
            .iter_mut()
            .chain(self.bases.iter_mut())
            .chain(self.facts.iter_mut());
        let sentences = Combined::build_for_lowercase(
            self.elements
                .iter_mut()
                .flat_map(|e| {
                    [
                        &mut e.cues,
                        &mut e.not,
                        &mut e.link_cues,
                        &mut e.section_requires,
                    ]
                })
                .chain(named.flat_map(|n| [&mut n.cues, &mut n.not])),
        );
        let originals = Combined::build(self.elements.iter_mut().map(|e| &mut e.cased_cues), false);
        let blocks = Combined::build_for_lowercase(
            self.elements
                .iter_mut()
                .flat_map(|e| [&mut e.not_block, &mut e.near]),
        );
        let headings =
            Combined::build_for_lowercase(self.elements.iter_mut().map(|e| &mut e.headings));
        let label_rests = Combined::build_for_lowercase(
            self.elements.iter_mut().map(|e| &mut e.section_requires),
        );
        match (sentences, originals, blocks, headings, label_rests) {
            (Some(sentences), Some(originals), Some(blocks), Some(headings), Some(label_rests)) => {
                self.sets = CombinedSets {
                    sentences,
                    originals,
                    blocks,
                    headings,
                    label_rests,
                };
                Ok(())
            }
            _ => self.compile_each(),
        }
    }

    /// Compile every list alone, in pack order.
    fn compile_each(&mut self) -> Result<()> {
        for e in &mut self.elements {
            let what = format!("element `{}`", e.id);
            for p in [
                &mut e.headings,
                &mut e.cues,
                &mut e.not,
                &mut e.near,
                &mut e.section_requires,
                &mut e.link_cues,
                &mut e.cased_cues,
                &mut e.not_block,
            ] {
                p.compile_now(&what)?;
            }
        }
        for (kind, named) in [
            ("right", &mut self.rights),
            ("basis", &mut self.bases),
            ("fact", &mut self.facts),
        ] {
            for n in named.iter_mut() {
                let what = format!("{kind} `{}`", n.id);
                n.cues.compile_now(&what)?;
                n.not.compile_now(&what)?;
            }
        }
        Ok(())
    }

    /// Add the packs' concepts and signals; a signal naming an unknown element or concept is
    /// an error.
    pub(crate) fn with_concepts(
        mut self,
        concepts: &[ConceptSpec],
        forms: &[FormSpec],
        signals: &[SignalSpec],
    ) -> Result<Vocabulary> {
        self.concepts = Concepts::compile(concepts, forms)?;
        self.signals = (signals.iter())
            .map(|s| {
                if self.element(&s.element).is_none() {
                    return Err(Error::new(format!(
                        "a signal names an unknown element `{}`",
                        s.element
                    )));
                }
                self.concepts.signal(s)
            })
            .collect::<Result<_>>()?;
        self.near_misses = (self.signals.iter())
            .filter_map(|s| s.stretched(self.element(&s.element)?.near_miss?))
            .collect();
        Ok(self)
    }

    pub(crate) fn fact(&self, id: &str) -> Option<&Named> {
        self.facts.iter().find(|f| f.id == id)
    }

    pub(crate) fn element(&self, id: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }
}

impl Element {
    pub(crate) fn heading_matches<'a>(&self, key: impl Probe<'a>) -> bool {
        self.headings.matches(key)
    }

    pub(crate) fn cue_matches<'a>(&self, sentence: impl Probe<'a>) -> bool {
        self.cues.matches(sentence) && !self.not.matches(sentence)
    }
}

/// The notice's text prepared for matching: each block's sentences, normalised, each scanned
/// once for every pattern of the vocabulary.
pub(crate) struct Prepared {
    /// Per block: normalised sentences (mailto addresses of its links appended as a sentence).
    pub sentences: Vec<Vec<Norm>>,
    /// Per block: sentences as written (whitespace collapsed), for case-sensitive cues.
    pub originals: Vec<Vec<Norm>>,
    /// Per block: the whole block normalised.
    pub blocks: Vec<Norm>,
    /// Per block: its label's heading key, and the normalised text after the label.
    pub labels: Vec<Option<(Norm, Norm)>>,
    /// Per block: whether it carries a link.
    pub linked: Vec<bool>,
    /// Per section: the heading key.
    pub heading_keys: Vec<Norm>,
    /// Per column of a table with a header row: the header row's block, the header cell as a
    /// heading key, and the column's cells below it, normalised.
    pub columns: Vec<(usize, Norm, Norm)>,
}

impl Prepared {
    pub(crate) fn new(doc: &Document, vocab: &Vocabulary) -> Prepared {
        // First every text, then each combined set over all its texts in one go: each set's
        // automaton is large, and scanning with one at a time keeps it in the CPU's cache.
        let mut sentence_texts = Vec::with_capacity(doc.blocks.len());
        let mut original_texts = Vec::with_capacity(doc.blocks.len());
        let mut label_texts = Vec::with_capacity(doc.blocks.len());
        for b in &doc.blocks {
            let split = sentences(&b.text);
            let mut normalised: Vec<String> = split.iter().map(|s| normalise(s)).collect();
            normalised.extend(
                (b.urls.iter())
                    .filter(|u| u.starts_with("mailto:"))
                    .map(|u| normalise(u)),
            );
            sentence_texts.push(normalised);
            original_texts.push(split.iter().map(|s| collapse(s)).collect::<Vec<_>>());
            label_texts.push(b.label.as_ref().map(|label| {
                let rest = (b.text.get(label.len()..).unwrap_or(""))
                    .trim_start_matches([':', ' ', '|', '*']);
                (heading_key(label), normalise(rest))
            }));
        }
        let sets = &vocab.sets;
        let scan_all = |set: &Combined, texts: Vec<Vec<String>>| -> Vec<Vec<Norm>> {
            let mut found = set.scratch();
            (texts.into_iter())
                .map(|v| v.into_iter().map(|t| set.prepare(t, &mut found)).collect())
                .collect()
        };
        let sentences = scan_all(&sets.sentences, sentence_texts);
        let originals = scan_all(&sets.originals, original_texts);
        let mut found = sets.blocks.scratch();
        let blocks = (doc.blocks.iter())
            .map(|b| sets.blocks.prepare(normalise(&b.text), &mut found))
            .collect();
        let mut found_heading = sets.headings.scratch();
        let mut found_rest = sets.label_rests.scratch();
        let labels = (label_texts.into_iter())
            .map(|l| {
                l.map(|(key, rest)| {
                    (
                        sets.headings.prepare(key, &mut found_heading),
                        sets.label_rests.prepare(rest, &mut found_rest),
                    )
                })
            })
            .collect();
        let heading_keys = (doc.sections.iter())
            .map(|s| (sets.headings).prepare(heading_key(&s.title), &mut found_heading))
            .collect();
        let columns = (doc.table_columns().into_iter())
            .map(|(b, title, body)| {
                (
                    b,
                    sets.headings
                        .prepare(heading_key(&title), &mut found_heading),
                    sets.label_rests.prepare(normalise(&body), &mut found_rest),
                )
            })
            .collect();
        Prepared {
            sentences,
            originals,
            blocks,
            labels,
            linked: doc.blocks.iter().map(|b| !b.urls.is_empty()).collect(),
            heading_keys,
            columns,
        }
    }
}

/// Where evidence for something was found: a block index.
pub(crate) type Evidence = Option<usize>;

/// Does the notice address `element`? Returns the first block that shows it.
pub(crate) fn detect_element(doc: &Document, text: &Prepared, element: &Element) -> Evidence {
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
        for (b, key, rest) in &text.columns {
            if element.headings.matches(key)
                && !element.not_block.matches(&text.blocks[*b])
                && (element.section_requires.is_empty() || element.section_requires.matches(rest))
            {
                consider(*b);
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
pub(crate) fn find_named(
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
pub(crate) fn rights_mentioned(text: &Prepared, rights: &[Named]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in rights {
        if let Some(b) = find_named(text, r, 0..text.blocks.len()) {
            out.insert(r.id.clone(), b);
        }
    }
    out
}
