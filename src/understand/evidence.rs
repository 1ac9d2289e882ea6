//! Evidence: why detection thinks an element is addressed, or might be.
//!
//! Every element ends in one of three outcomes. *Present*: a phrase pattern, a heading that
//! its section answers, or a strong concept signal shows it. *Uncertain*: only weak signals
//! (words that often come with the element, but do not state it). *Absent*: nothing at all.
//! Only an absence is an error; an uncertain element is a warning that says what was found.

use serde::Serialize;

use super::concepts::{Found, Scope, Signal, Strength, words};
use super::detect::Prepared;
use super::names;
use super::sign_off;
use crate::document::{BlockKind, Document};

/// The three outcomes for one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The notice says it.
    Present,
    /// Something like it is there, not clearly enough to count.
    Uncertain,
    /// Not found.
    Absent,
}

/// How an element was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Via {
    /// A phrase pattern or heading alias of the element (`headings`, `cues`).
    Pattern,
    /// A section heading or lead-in label classified by concepts.
    Heading,
    /// A sentence holding the concepts of a signal.
    Sentence,
    /// A list and the sentence that introduces it.
    List,
}

/// What proved (or hinted at) an element: the block, the text, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Evidence {
    pub block: usize,
    pub text: String,
    pub via: Via,
}

/// The longest evidence text kept (characters).
const EVIDENCE_CHARS: usize = 160;

pub(crate) fn excerpt(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= EVIDENCE_CHARS {
        return text.to_string();
    }
    let mut out: String = text.chars().take(EVIDENCE_CHARS - 1).collect();
    out.push('…');
    out
}

/// Concepts found in every text detection reads, computed once per notice.
pub(crate) struct ConceptText {
    /// Per block, per sentence.
    pub sentences: Vec<Vec<Found>>,
    /// Per section: its heading.
    pub headings: Vec<Found>,
    /// Per block: its lead-in label.
    pub labels: Vec<Option<Found>>,
    /// Per table column (as `Prepared::columns`): the header cell, and the cells under it.
    pub columns: Vec<(Found, Found)>,
    /// Every concept some sentence holds: a signal needing another is not looked for.
    pub in_sentences: Found,
}

impl ConceptText {
    pub(crate) fn new(
        doc: &Document,
        text: &Prepared,
        concepts: &super::concepts::Concepts,
        signals: &[Signal],
    ) -> ConceptText {
        let mut sentences: Vec<Vec<Found>> = (text.sentences.iter())
            .map(|v| v.iter().map(|s| concepts.find(s)).collect())
            .collect();
        let headings: Vec<Found> = text.heading_keys.iter().map(|h| concepts.find(h)).collect();
        let labels: Vec<Option<Found>> = (text.labels.iter())
            .map(|l| l.as_ref().map(|(key, _)| concepts.find(key)))
            .collect();
        // Names standing alone, when a pack asks for them.
        if let Some(name) = concepts.index(names::NAME_LINE) {
            let not_a_name = concepts.index(names::NOT_A_NAME);
            for (b, found) in sentences.iter_mut().enumerate() {
                for (i, f) in found.iter_mut().enumerate() {
                    let ruled_out = not_a_name.is_some_and(|c| f.has(c));
                    let Some(original) = text.originals[b].get(i) else {
                        continue;
                    };
                    // A paragraph's first line counts on its own: a name above its address.
                    let first_line = (i == 0)
                        .then_some(doc.blocks[b].first_line.as_deref())
                        .flatten();
                    if !ruled_out
                        && (names::is_name_line(doc, b, original.as_str())
                            || first_line.is_some_and(|l| names::is_name_line(doc, b, l)))
                    {
                        f.add(name, 0);
                    }
                }
            }
        }
        // A signature at the notice's end, when a pack asks for one.
        if let Some(signed) = concepts.index(sign_off::SIGNATURE) {
            let ruled_out = |name: &str| {
                let found = concepts.find(&super::text::normalise(name));
                [names::NOT_A_NAME, names::AUTHORITY]
                    .iter()
                    .any(|c| concepts.index(c).is_some_and(|c| found.has(c)))
            };
            if let Some(b) = sign_off::signature(doc, ruled_out)
                && let Some(f) = sentences[b].first_mut()
            {
                f.add(signed, 0);
            }
            // An imprint: an organisation's legal form beside its address.
            if let Some(form) = concepts.index(sign_off::LEGAL_FORM) {
                let someone_else: Vec<usize> = (sign_off::SOMEONE_ELSE.iter())
                    .filter_map(|c| concepts.index(c))
                    .collect();
                let names_legal_form = |t: &str| {
                    let found = concepts.find(&super::text::normalise(t));
                    found.has(form) && !someone_else.iter().any(|&c| found.has(c))
                };
                if let Some(b) = sign_off::imprint(doc, names_legal_form)
                    && let Some(f) = sentences[b].first_mut()
                {
                    f.add(signed, 0);
                }
            }
        }
        // Organisations named in passing, when a pack asks for them.
        if let (Some(org), Some(institution)) = (
            concepts.index(names::ORGANISATION_NAME),
            concepts.index(names::INSTITUTION),
        ) {
            let not_a_name = concepts.index(names::NOT_A_NAME);
            let authority = concepts.index(names::AUTHORITY);
            let answer = concepts.index(names::NAMES_ANSWER);
            let is_institution = |w: &str| concepts.find(w).has(institution);
            let ruled_out = |run: &str| {
                let f = concepts.find(run);
                [not_a_name, authority].iter().flatten().any(|&c| f.has(c))
            };
            // Reading names is costly: only where a signal could use one. Per block, the
            // heading or label above it that a heading signal wants a name under.
            let wanting: Vec<&Signal> = (signals.iter()).filter(|s| s.mentions(org)).collect();
            let mut under_heading = vec![false; doc.blocks.len()];
            // Where the body under such a heading or label starts: (block, sentence, word). A
            // name there is the body's subject.
            let mut body_starts = Vec::new();
            for (i, section) in doc.headed_sections() {
                if section.heading_block.is_some()
                    && wanting
                        .iter()
                        .any(|s| s.wants(org, &Found::default(), Some(&headings[i])))
                {
                    let blocks = doc.section_blocks(i);
                    if let Some(&first) = blocks.first() {
                        body_starts.push((first, 0, 0));
                    }
                    for b in blocks {
                        under_heading[b] = true;
                    }
                }
            }
            for (b, label) in labels.iter().enumerate() {
                if let Some(label) = label
                    && (wanting.iter()).any(|s| s.wants(org, &Found::default(), Some(label)))
                {
                    under_heading[b] = true;
                    // "**Who we are.** Example Bikes is…": the label is a sentence of its own,
                    // or the first words of the block's first sentence.
                    let label_words = doc.blocks[b].label.as_deref().map_or(0, |l| words(l).len());
                    let first_words = text.originals[b].first().map_or(0, |s| words(s).len());
                    body_starts.push(if first_words > label_words {
                        (b, 0, label_words)
                    } else {
                        (b, 1, 0)
                    });
                }
            }
            for (b, found) in sentences.iter_mut().enumerate() {
                for (i, f) in found.iter_mut().enumerate() {
                    let Some(original) = text.originals[b].get(i) else {
                        continue;
                    };
                    let wanted = under_heading[b] || wanting.iter().any(|s| s.wants(org, f, None));
                    if !wanted || !original.chars().skip(1).any(char::is_uppercase) {
                        continue;
                    }
                    let context = names::NameContext {
                        opens_body: (body_starts.iter())
                            .find(|&&(sb, si, _)| sb == b && si == i)
                            .map(|&(_, _, w)| w),
                        answers: answer.is_some_and(|c| f.has(c)),
                    };
                    for at in names::organisation_names(
                        original.as_str(),
                        context,
                        is_institution,
                        ruled_out,
                    ) {
                        f.add(org, at);
                    }
                }
            }
        }
        let mut in_sentences = Found::default();
        for f in sentences.iter().flatten() {
            in_sentences.add_concepts_of(f);
        }
        ConceptText {
            in_sentences,
            sentences,
            headings,
            labels,
            columns: (text.columns.iter())
                .map(|(_, key, body)| (concepts.find(key), concepts.find(body)))
                .collect(),
        }
    }
}

/// The first evidence of `signal` in the notice (earliest block).
pub(crate) fn find_signal(
    doc: &Document,
    text: &Prepared,
    ct: &ConceptText,
    signal: &Signal,
) -> Option<Evidence> {
    if !signal.anywhere_holds(&ct.in_sentences) {
        return None;
    }
    match signal.scope {
        Scope::Sentence => {
            if !signal.possible(&ct.in_sentences) {
                return None;
            }
            let mut text_blocks = 0;
            for (b, sentences) in ct.sentences.iter().enumerate() {
                if doc.blocks[b].heading.is_none() {
                    text_blocks += 1;
                }
                if signal.opening.is_some_and(|n| text_blocks > n) {
                    break;
                }
                let holds = |i: usize| {
                    signal.holds(&sentences[i])
                        && signal.before_holds(i.checked_sub(1).map(|p| &sentences[p]))
                };
                if let Some(i) = (0..sentences.len()).find(|&i| holds(i)) {
                    return Some(Evidence {
                        block: b,
                        text: excerpt(sentence_text(doc, text, b, i)),
                        via: Via::Sentence,
                    });
                }
            }
            None
        }
        Scope::Heading => {
            let mut best: Option<Evidence> = None;
            for (i, section) in doc.headed_sections() {
                let Some(h) = section.heading_block else {
                    continue;
                };
                if !signal.holds(&ct.headings[i]) {
                    continue;
                }
                // The notice's title speaks for its opening text, not for every section under
                // it: "Loyalty card privacy notice" is no heading over a list of data.
                let body = if doc.leading_h1 == Some(h) {
                    section.blocks.clone()
                } else {
                    doc.section_blocks(i)
                };
                if body.is_empty() {
                    continue;
                }
                let mut found = Found::default();
                for &b in &body {
                    for f in &ct.sentences[b] {
                        found.merge(f);
                    }
                }
                if signal.body_holds(&found) {
                    best = Some(Evidence {
                        block: h,
                        text: excerpt(&section.title),
                        via: Via::Heading,
                    });
                    break;
                }
            }
            for (b, label) in ct.labels.iter().enumerate() {
                if best.as_ref().is_some_and(|e| e.block < b) {
                    break;
                }
                let Some(label) = label else { continue };
                let rest_empty = text.labels[b].as_ref().is_none_or(|(_, r)| r.is_empty());
                if rest_empty || !signal.holds(label) {
                    continue;
                }
                let mut found = Found::default();
                for f in &ct.sentences[b] {
                    found.merge(f);
                }
                if signal.body_holds(&found) {
                    best = Some(Evidence {
                        block: b,
                        text: excerpt(&doc.blocks[b].text),
                        via: Via::Heading,
                    });
                    break;
                }
            }
            // A table column: its header cell, answered by the cells under it.
            for ((b, _, _), (key, body)) in text.columns.iter().zip(&ct.columns) {
                if best.as_ref().is_some_and(|e| e.block <= *b) {
                    break;
                }
                if signal.holds(key) && signal.body_holds(body) {
                    best = Some(Evidence {
                        block: *b,
                        text: excerpt(&doc.blocks[*b].text),
                        via: Via::Heading,
                    });
                    break;
                }
            }
            best
        }
        Scope::List => {
            let blocks = &doc.blocks;
            for b in 0..blocks.len() {
                if blocks[b].kind == BlockKind::ListItem {
                    continue;
                }
                // The sentence just before the list: the block's last (or a heading).
                let Some(intro) = ct.sentences[b].last() else {
                    continue;
                };
                if !signal.holds(intro) {
                    continue;
                }
                let mut items = Found::default();
                let mut one_item_holds = false;
                let mut n = b + 1;
                while n < blocks.len() && blocks[n].kind == BlockKind::ListItem {
                    let mut item = Found::default();
                    for f in &ct.sentences[n] {
                        item.merge(f);
                    }
                    one_item_holds |= signal.item_holds(&item);
                    items.merge(&item);
                    n += 1;
                }
                if n > b + 1 && one_item_holds && signal.body_holds(&items) {
                    let last = ct.sentences[b].len() - 1;
                    return Some(Evidence {
                        block: b,
                        text: excerpt(sentence_text(doc, text, b, last)),
                        via: Via::List,
                    });
                }
            }
            None
        }
    }
}

/// Sentence `i` of block `b` as written (the normalised form when the split differs).
fn sentence_text<'a>(doc: &'a Document, text: &'a Prepared, b: usize, i: usize) -> &'a str {
    text.originals
        .get(b)
        .and_then(|o| o.get(i))
        .map(|n| n.as_str())
        .or_else(|| text.sentences[b].get(i).map(|n| n.as_str()))
        .unwrap_or(&doc.blocks[b].text)
}

/// The evidence signals give an element: the earliest strong sign, or failing that the earliest
/// weak one (a weak signal, else a near miss of a strong one: see [`Signal::stretched`]).
pub(crate) fn signals_for(
    doc: &Document,
    text: &Prepared,
    ct: &ConceptText,
    signals: &[Signal],
    near_misses: &[Signal],
    element: &str,
) -> (Option<Evidence>, Option<Evidence>) {
    let earliest = |from: &[Signal], strength: Strength| {
        (from.iter())
            .filter(|s| s.element == element && s.strength == strength)
            .filter_map(|s| find_signal(doc, text, ct, s))
            .min_by_key(|e| e.block)
    };
    if let Some(strong) = earliest(signals, Strength::Strong) {
        return (Some(strong), None);
    }
    let weak = earliest(signals, Strength::Weak).or_else(|| earliest(near_misses, Strength::Weak));
    (None, weak)
}
