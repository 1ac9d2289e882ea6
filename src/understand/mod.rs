//! Understand: what a notice tells people (the elements of Articles 13 and 14) and the facts
//! it states (lawful bases, Article 14 collection, transfers, automated decisions, …).
//!
//! Facts declared in front matter win; otherwise they are inferred from the text, because real
//! notices declare nothing.

pub(crate) mod concepts;
pub(crate) mod detect;
pub(crate) mod evidence;
pub(crate) mod matcher;
mod names;
mod sign_off;
pub(crate) mod spec;
pub(crate) mod text;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use serde::Serialize;

use crate::date::Date;
use crate::load::Notice;
use crate::load::structured::{Declared, KeyDate};
pub(crate) use concepts::{ConceptSpec, FormSpec, SignalSpec};
pub(crate) use detect::{Prepared, Vocabulary};
pub(crate) use evidence::Evidence;
pub use evidence::Outcome;
pub(crate) use spec::{BasisSpec, ElementSpec, FactSpec, RightSpec};

/// The element ids of the JSON contract, in contract order.
pub(crate) const ELEMENT_IDS: &[&str] = &[
    "controller-identity",
    "controller-contact",
    "dpo-contact",
    "purposes",
    "lawful-basis",
    "legitimate-interests",
    "categories-of-data",
    "recipients",
    "transfers",
    "transfer-safeguards",
    "retention",
    "rights",
    "right-to-object",
    "withdraw-consent",
    "complaint",
    "statutory-requirement",
    "source",
    "automated-decisions",
    "special-category-condition",
];

/// Whether the notice's text addresses an element, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementStatus {
    /// The yes/no answer: false only for a confident absence (the outcome that is an error).
    pub present: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The line of the evidence, when there is some.
    pub line: Option<usize>,
    /// `present`, `uncertain` (only weak signs) or `absent`.
    pub status: Outcome,
    /// What showed the element (or hinted at it, when uncertain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceOut>,
}

/// Evidence as reported: the text that showed an element and how it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceOut {
    pub(crate) text: String,
    pub(crate) via: evidence::Via,
}

/// Facts the notice states (or its front matter declares).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// Art 6 lawful bases relied on: consent, contract, legal_obligation, vital_interests,
    /// public_task, legitimate_interests, recognised_legitimate_interests.
    pub lawful_basis: Vec<String>,
    /// Data is obtained from someone other than the person (Article 14 applies).
    pub art14: bool,
    pub(crate) special_category: bool,
    /// Data leaves the UK/EEA.
    pub transfers_outside_uk: bool,
    pub(crate) automated_decisions: bool,
    pub(crate) public_authority: bool,
    /// `uk` or `eu`.
    pub jurisdiction: String,
    /// Facts taken from front matter rather than inferred.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub declared: Vec<String>,
}

impl Facts {
    pub(crate) fn relies_on(&self, basis: &str) -> bool {
        self.lawful_basis.iter().any(|b| b == basis)
    }
}

/// What the understand stage found in one notice.
#[derive(Debug, Clone, Default)]
pub(crate) struct Understanding {
    /// Element id → the block that shows it (None = absent).
    pub elements: BTreeMap<String, Option<usize>>,
    pub facts: Facts,
    /// Right id → first block that mentions it.
    pub rights: BTreeMap<String, usize>,
    /// Basis id → block where reliance is stated (absent for declared-only bases).
    pub basis_evidence: BTreeMap<String, usize>,
    /// The "last updated" date and the byte offset where it was stated.
    pub last_updated: Option<(Date, usize)>,
    /// Element id → what showed it (present elements) or hinted at it (uncertain ones).
    pub evidence: BTreeMap<String, Evidence>,
    /// Elements with only weak signs: not present, but not a confident absence either.
    pub uncertain: std::collections::BTreeSet<String>,
}

impl Understanding {
    pub(crate) fn present(&self, element: &str) -> bool {
        self.elements.get(element).is_some_and(Option::is_some)
    }

    pub(crate) fn outcome(&self, element: &str) -> Outcome {
        if self.present(element) {
            Outcome::Present
        } else if self.uncertain.contains(element) {
            Outcome::Uncertain
        } else {
            Outcome::Absent
        }
    }

    /// The JSON-contract view: every element id with presence and line.
    pub(crate) fn element_statuses(&self, notice: &Notice) -> BTreeMap<String, ElementStatus> {
        ELEMENT_IDS
            .iter()
            .map(|id| {
                let status = self.outcome(id);
                let evidence = self.evidence.get(*id);
                let block = (self.elements.get(*id).copied().flatten())
                    .or_else(|| evidence.map(|e| e.block));
                let line = block.map(|b| {
                    notice
                        .source
                        .line_col(notice.doc.blocks[b].range.start)
                        .line
                });
                (
                    id.to_string(),
                    ElementStatus {
                        present: status != Outcome::Absent,
                        line,
                        status,
                        evidence: evidence.map(|e| EvidenceOut {
                            text: e.text.clone(),
                            via: e.via,
                        }),
                    },
                )
            })
            .collect()
    }
}

/// Run detection over one notice; what its front matter declares (`declared`, validated by
/// `load`) wins over inference. `jurisdiction` (`uk` or `eu`, the site's `jurisdiction` in
/// informed.toml) applies when neither the front matter nor the text names a law.
pub(crate) fn understand(
    notice: &Notice,
    declared: &Declared,
    vocab: &Vocabulary,
    jurisdiction: &str,
) -> Understanding {
    let doc = &notice.doc;
    let text = Prepared::new(doc, vocab);
    let mut u = Understanding {
        last_updated: last_updated(notice, declared),
        ..Understanding::default()
    };
    let ct = evidence::ConceptText::new(doc, &text, &vocab.concepts, &vocab.signals);
    for el in &vocab.elements {
        let by_pattern = detect::detect_element(doc, &text, el);
        // Signals are read only where no phrase pattern proved the element.
        let (strong, weak) = match by_pattern {
            Some(_) => (None, None),
            None => {
                evidence::signals_for(doc, &text, &ct, &vocab.signals, &vocab.near_misses, &el.id)
            }
        };
        let found = match (by_pattern, strong) {
            (Some(b), _) => Some(Evidence {
                block: b,
                text: evidence::excerpt(&doc.blocks[b].text),
                via: evidence::Via::Pattern,
            }),
            (None, Some(e)) => Some(e),
            (None, None) => None,
        };
        u.elements
            .insert(el.id.clone(), found.as_ref().map(|e| e.block));
        match (found, weak) {
            (Some(e), _) => {
                u.evidence.insert(el.id.clone(), e);
            }
            (None, Some(e)) => {
                u.uncertain.insert(el.id.clone());
                u.evidence.insert(el.id.clone(), e);
            }
            (None, None) => {}
        }
    }
    u.rights = detect::rights_mentioned(&text, &vocab.rights);
    infer_bases(notice, vocab, &text, &mut u);
    infer_facts(notice, vocab, &text, jurisdiction, &mut u);
    apply_declared(declared, &mut u);
    u
}

/// Bases stated in the text: a basis cue in a lawful-basis section, or in a sentence that is
/// itself a statement of the legal basis. Mentions elsewhere ("you can object where we rely on
/// legitimate interests") do not count.
fn infer_bases(notice: &Notice, vocab: &Vocabulary, text: &Prepared, u: &mut Understanding) {
    let doc = &notice.doc;
    let Some(lb) = vocab.element("lawful-basis") else {
        return;
    };
    let basis_sections: Vec<usize> = doc
        .headed_sections()
        .filter(|(i, _)| lb.heading_matches(&text.heading_keys[*i]))
        .map(|(i, _)| i)
        .collect();
    let in_basis_section = |b: usize| {
        let start = doc.blocks[b].range.start;
        basis_sections
            .iter()
            .any(|&s| doc.sections[s].range.contains(&start))
    };
    for basis in &vocab.bases {
        let found = (0..text.blocks.len()).find(|&b| {
            text.sentences[b]
                .iter()
                .any(|s| basis.cues.matches(s) && (in_basis_section(b) || lb.cue_matches(s)))
        });
        if let Some(b) = found {
            u.basis_evidence.insert(basis.id.clone(), b);
            u.facts.lawful_basis.push(basis.id.clone());
        }
    }
}

fn infer_facts(
    notice: &Notice,
    vocab: &Vocabulary,
    text: &Prepared,
    jurisdiction: &str,
    u: &mut Understanding,
) {
    let all = 0..text.blocks.len();
    let has = |id: &str| {
        vocab
            .fact(id)
            .is_some_and(|f| detect::find_named(text, f, all.clone()).is_some())
    };
    u.facts.art14 = has("art14");
    u.facts.special_category = has("special-category");
    u.facts.transfers_outside_uk = has("transfers-outside");
    u.facts.automated_decisions = has("adm");
    u.facts.public_authority = has("public-authority") || u.facts.relies_on("public_task");
    u.facts.jurisdiction = if has("uk") {
        "uk".into()
    } else if has("eu") {
        "eu".into()
    } else {
        jurisdiction.to_string()
    };
    let _ = notice;
}

/// Front matter declarations override what was inferred. `declared` holds only valid values
/// (front matter that does not validate stops the pipeline first), in their normal form.
fn apply_declared(declared: &Declared, u: &mut Understanding) {
    let mut keys = Vec::new();
    if !declared.lawful_basis.is_empty() {
        u.facts.lawful_basis = declared.lawful_basis.clone();
        keys.push("lawful_basis".to_string());
    }
    if let Some(c) = declared.collection {
        u.facts.art14 = c.art14();
        keys.push("collection".into());
    }
    if let Some(t) = &declared.transfers {
        u.facts.transfers_outside_uk = t.any;
        keys.push("transfers".into());
    }
    if let Some(a) = declared.automated_decisions {
        u.facts.automated_decisions = a;
        keys.push("automated_decisions".into());
    }
    if let Some(s) = &declared.special_category {
        u.facts.special_category = s.processed;
        keys.push("special_category".into());
    }
    if let Some(kind) = declared.controller.as_ref().and_then(|c| c.kind.as_deref()) {
        u.facts.public_authority = kind == "public_authority";
        keys.push("controller.type".into());
    }
    if let Some(j) = &declared.page.jurisdiction {
        u.facts.jurisdiction = j.to_lowercase();
        keys.push("jurisdiction".into());
    }
    if u.facts.relies_on("public_task") {
        u.facts.public_authority = true;
    }
    u.facts.lawful_basis.sort();
    u.facts.lawful_basis.dedup();
    u.facts.declared = keys;
}

/// The notice's "last updated" date and where it is: an explicit front-matter key, then a
/// dated line in the text ("Last updated 16 September 2019"), then a Jekyll `date` (often the
/// first publication).
pub(crate) fn last_updated(notice: &Notice, declared: &Declared) -> Option<(Date, usize)> {
    let at_key = |k: &KeyDate| (k.date, notice.source.line_start(k.line));
    let page = &declared.page;
    page.updated
        .as_ref()
        .map(at_key)
        .or_else(|| text_date(notice))
        .or_else(|| page.published.as_ref().map(at_key))
}

/// Phrases that introduce a notice's date in its text, in order of preference within a block.
const DATE_CUES: &[&str] = &[
    "last updated",
    "updated",
    "last modified",
    "last reviewed",
    "last revised",
    "effective date",
    "effective from",
    "published",
    "version of",
];

fn text_date(notice: &Notice) -> Option<(Date, usize)> {
    // One scan of each block for every cue at once; few blocks have one.
    static ANY_CUE: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    let any_cue = ANY_CUE.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(DATE_CUES)
            .ok()
    });
    for block in &notice.doc.blocks {
        if any_cue.as_ref().is_some_and(|ac| !ac.is_match(&block.text)) {
            continue;
        }
        // ASCII lower-casing keeps every byte where it is, so `i` indexes the block's text.
        let lower = block.text.to_ascii_lowercase();
        for cue in DATE_CUES {
            if let Some(i) = lower.find(cue) {
                let rest = block.text[i + cue.len()..]
                    .trim_start_matches([':', ' ', '-', '–', '*', '_'])
                    .trim_start_matches("on ");
                let words: Vec<&str> = rest.split_whitespace().take(4).collect();
                for n in (1..=words.len()).rev() {
                    if let Some(d) = Date::parse(&words[..n].join(" ")) {
                        return Some((d, block.range.start));
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn notice(text: &str) -> Notice {
        Notice::parse(Source::new("n.md", "n.md", text.to_string()), "n.md".into()).unwrap()
    }

    fn last_updated(n: &Notice) -> Option<(Date, usize)> {
        super::last_updated(n, &crate::load::structured::declared(n).unwrap())
    }

    #[test]
    fn text_date_is_read_where_the_cue_is_even_after_letters_that_grow_when_lower_cased() {
        // "İ" is two bytes but lower-cases to three: an index into a lower-cased copy would
        // land two bytes late for two of them, inside "3 March".
        let n = notice("# T\n\nİİ Last updated: 3 March 2024\n");
        let (date, at) = last_updated(&n).unwrap();
        assert_eq!(date, Date::parse("2024-03-03").unwrap());
        assert!(n.source.text[at..].starts_with("İİ Last updated"));
        let n = notice("# T\n\nThis notice was LAST UPDATED on 12 May 2023.\n");
        assert_eq!(
            last_updated(&n).unwrap().0,
            Date::parse("2023-05-12").unwrap()
        );
    }
}
