//! Concepts: word classes from the packs (`[[concept]]`), matched on stemmed words, and the
//! signals (`[[signal]]`) that combine them into evidence for an element.
//!
//! A phrase pattern recognises one wording; a concept recognises an idea in any wording that
//! uses its words. "We keep your details for six months" and "Records are retained for a period
//! of 6 months" share no phrase, but both hold a *keep* word and a *duration* word in one
//! sentence. Words are stemmed (Snowball English), so "retain", "retained" and "retention"
//! are one word to a concept.

// Word lookups are most of a concept scan's cost: foldhash hashes a short word in a few
// instructions where the standard hasher takes dozens, and is seeded per process.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::RwLock;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Deserialize;

use crate::error::{Error, Result};

mod signal;
pub(crate) use signal::{Scope, Signal, SignalSpec, Strength};

/// A word class: terms of one or more words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConceptSpec {
    pub id: String,
    pub terms: Vec<String>,
    /// Also found inside other concepts' longer terms: "consent" inside "based on your consent".
    #[serde(default)]
    pub inner: bool,
}

/// Irregular forms of a word (`[[form]]`): "withdrawn" and "withdrew" are matched as "withdraw",
/// which the stemmer cannot see. Terms and text are read through the same table, so a term
/// written in any of the forms matches all of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormSpec {
    pub base: String,
    pub forms: Vec<String>,
}

/// Which concepts a text holds: per concept, the distinct terms found, and where each
/// occurrence starts (word index).
#[derive(Debug, Clone, Default)]
pub(crate) struct Found {
    terms: Vec<(u16, u16)>,
    at: Vec<(u16, u32)>,
    /// One bit per concept present, so that most signals are ruled out without a search.
    present: [u64; MAX_CONCEPTS / 64],
}

/// How many concepts the packs may define (checked when they load).
const MAX_CONCEPTS: usize = 256;

impl Found {
    /// Distinct terms of `concept` in the text.
    pub(crate) fn count(&self, concept: usize) -> usize {
        if !self.has(concept) {
            return 0;
        }
        self.terms
            .iter()
            .filter(|(c, _)| *c as usize == concept)
            .count()
    }

    pub(crate) fn has(&self, concept: usize) -> bool {
        self.present[concept / 64] & (1 << (concept % 64)) != 0
    }

    fn mark(&mut self, concept: u16) {
        self.present[concept as usize / 64] |= 1 << (concept % 64);
    }

    /// Add another text's terms (a list's items read together; positions are not kept).
    pub(crate) fn merge(&mut self, other: &Found) {
        for t in &other.terms {
            if !self.terms.contains(t) {
                self.terms.push(*t);
            }
        }
        self.add_concepts_of(other);
    }

    /// Add another text's concepts, without their terms or positions: enough for
    /// [`Signal::possible`].
    pub(crate) fn add_concepts_of(&mut self, other: &Found) {
        for (mine, theirs) in self.present.iter_mut().zip(other.present) {
            *mine |= theirs;
        }
    }

    /// Record a concept found by the reader rather than by its terms (see [`NAME_LINE`]).
    pub(crate) fn add(&mut self, concept: usize, at: u32) {
        let key = (concept as u16, 0);
        if !self.terms.contains(&key) {
            self.terms.push(key);
        }
        self.mark(concept as u16);
        self.at.push((concept as u16, at));
    }

    fn positions(&self, concept: usize) -> impl Iterator<Item = u32> + '_ {
        (self.at.iter())
            .filter(move |(c, _)| *c as usize == concept)
            .map(|(_, p)| *p)
    }
}

/// One term: its stems after the first, and where it belongs.
#[derive(Debug, Clone)]
struct Term {
    rest: Vec<u32>,
    concept: u16,
    id: u16,
}

/// The packs' concepts, compiled: a table from a first stem to the terms starting with it.
pub(crate) struct Concepts {
    pub ids: Vec<String>,
    stems: HashMap<String, u32>,
    /// Words some term spells exactly (`"=controller"`): such a word is matched as itself, not
    /// by its stem, wherever it occurs ("controller" is then no form of "control").
    exact: HashSet<String>,
    /// One-word terms by their stem.
    by_first: HashMap<u32, Vec<Term>>,
    /// Longer terms by their first two stems, longest first: a frequent first word ("we",
    /// "you") tries only the terms its next word can continue.
    by_pair: HashMap<(u32, u32), Vec<Term>>,
    /// Per concept: found inside other concepts' longer terms too.
    inner: Vec<bool>,
    /// Irregular form → its base word (see [`FormSpec`]).
    forms: HashMap<String, String>,
    /// Word → stem id (None: a word no term uses). Shared by every thread; words repeat.
    cache: RwLock<HashMap<String, Option<u32>>>,
    stemmer: Stemmer,
}

impl std::fmt::Debug for Concepts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Concepts").field("ids", &self.ids).finish()
    }
}

impl Clone for Concepts {
    fn clone(&self) -> Self {
        Concepts {
            ids: self.ids.clone(),
            stems: self.stems.clone(),
            exact: self.exact.clone(),
            by_first: self.by_first.clone(),
            by_pair: self.by_pair.clone(),
            inner: self.inner.clone(),
            forms: self.forms.clone(),
            cache: RwLock::new(HashMap::new()),
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Concepts {
    pub(crate) fn compile(specs: &[ConceptSpec], forms: &[FormSpec]) -> Result<Concepts> {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut c = Concepts {
            ids: Vec::new(),
            stems: HashMap::new(),
            exact: HashSet::new(),
            by_first: HashMap::new(),
            by_pair: HashMap::new(),
            inner: Vec::new(),
            forms: HashMap::new(),
            cache: RwLock::new(HashMap::new()),
            stemmer,
        };
        for spec in forms {
            let base = spec.base.to_lowercase();
            for form in &spec.forms {
                c.forms.insert(form.to_lowercase(), base.clone());
            }
        }
        for spec in specs {
            for term in spec.terms.iter().filter_map(|t| t.strip_prefix('=')) {
                let lower = term.to_lowercase();
                c.exact
                    .extend(words(&lower).into_iter().map(str::to_string));
            }
        }
        // Terms numbered per concept across every spec adding to it, so `min` counts them apart.
        let mut numbered: Vec<u16> = Vec::new();
        for spec in specs {
            let concept = match c.ids.iter().position(|i| *i == spec.id) {
                Some(i) => i,
                None => {
                    c.ids.push(spec.id.clone());
                    c.inner.push(false);
                    numbered.push(0);
                    c.ids.len() - 1
                }
            };
            c.inner[concept] |= spec.inner;
            for term in &spec.terms {
                let n = numbered[concept];
                numbered[concept] += 1;
                let lower = term.trim_start_matches('=').to_lowercase();
                let words = words(&lower);
                let Some((first, rest)) = words.split_first() else {
                    return Err(Error::new(format!(
                        "concept `{}` has an empty term",
                        spec.id
                    )));
                };
                let mut stem_id = |w: &str| {
                    let s = c.key(w);
                    let next = c.stems.len() as u32;
                    *c.stems.entry(s).or_insert(next)
                };
                let first = stem_id(first);
                let rest = rest.iter().map(|w| stem_id(w)).collect();
                let term = Term {
                    rest,
                    concept: concept as u16,
                    id: n,
                };
                match term.rest.first() {
                    Some(&second) => c.by_pair.entry((first, second)).or_default().push(term),
                    None => c.by_first.entry(first).or_default().push(term),
                }
            }
        }
        if c.ids.len() > MAX_CONCEPTS {
            return Err(Error::new(format!(
                "the packs define {} concepts; at most {MAX_CONCEPTS} are supported",
                c.ids.len()
            )));
        }
        // Longer terms first, so "email address" wins over "email".
        for terms in c.by_pair.values_mut() {
            terms.sort_by_key(|t| std::cmp::Reverse(t.rest.len()));
        }
        Ok(c)
    }

    /// What a lower-cased word is matched by: itself when a term spells it exactly, else the
    /// stem of its base form (an irregular form's base, or the word itself).
    fn key(&self, word: &str) -> String {
        if self.exact.contains(word) {
            format!("={word}")
        } else {
            let base = self.forms.get(word).map_or(word, String::as_str);
            self.stemmer.stem(base).into_owned()
        }
    }

    pub(crate) fn index(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|i| i == id)
    }

    /// The stem ids of a lower-cased text's words (None for words no term uses).
    fn stem_ids(&self, text: &str) -> Vec<Option<u32>> {
        let words = words(text);
        let mut out = Vec::with_capacity(words.len());
        let mut missing = Vec::new();
        if let Ok(cache) = self.cache.read() {
            for w in &words {
                match cache.get(*w) {
                    Some(id) => out.push(*id),
                    None => {
                        missing.push(out.len());
                        out.push(None);
                    }
                }
            }
        }
        if !missing.is_empty() {
            let mut fresh = Vec::with_capacity(missing.len());
            for &i in &missing {
                let id = self.stems.get(&self.key(words[i])).copied();
                out[i] = id;
                fresh.push((words[i].to_string(), id));
            }
            if let Ok(mut cache) = self.cache.write() {
                // Bounded: a corpus of random words must not grow it without end.
                if cache.len() > 200_000 {
                    cache.clear();
                }
                cache.extend(fresh);
            }
        }
        out
    }

    /// The concepts a lower-cased text holds.
    pub(crate) fn find(&self, text: &str) -> Found {
        let ids = self.stem_ids(text);
        let mut found = Found::default();
        // A longer term hides the words inside it ("email address" is not also "address"),
        // from every concept but those marked `inner`, and always from its own concept. An
        // `inner` concept's terms hide nothing from others.
        let mut hidden_until = 0;
        let mut covered: Vec<(u16, usize)> = Vec::new();
        for i in 0..ids.len() {
            let Some(first) = ids[i] else { continue };
            let longer = (ids.get(i + 1).copied().flatten())
                .and_then(|second| self.by_pair.get(&(first, second)));
            let single = self.by_first.get(&first);
            if longer.is_none() && single.is_none() {
                continue;
            }
            // Longer terms before one-word ones, as the order below needs.
            let terms = longer
                .into_iter()
                .flatten()
                .chain(single.into_iter().flatten());
            let hidden = i < hidden_until;
            covered.retain(|&(_, end)| end > i);
            // Terms are longest first: per concept, only the longest match here counts.
            for t in terms {
                let end = i + 1 + t.rest.len();
                if (!hidden || self.inner[t.concept as usize])
                    && end <= ids.len()
                    && !covered.iter().any(|&(c, _)| c == t.concept)
                    && t.rest
                        .iter()
                        .zip(&ids[i + 1..end])
                        .all(|(a, b)| Some(*a) == *b)
                {
                    covered.push((t.concept, end));
                    let key = (t.concept, t.id);
                    if !found.terms.contains(&key) {
                        found.terms.push(key);
                    }
                    found.mark(t.concept);
                    found.at.push((t.concept, i as u32));
                    if !hidden && !self.inner[t.concept as usize] {
                        hidden_until = hidden_until.max(end);
                    }
                }
            }
        }
        found
    }
}

/// The words of a text: runs of letters and digits (an apostrophe inside a word is kept, so
/// "don't" stays one word).
pub(crate) fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || (c == '\'' && prev.is_alphanumeric());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(text[s..i].trim_end_matches('\''));
                start = None;
            }
            _ => {}
        }
        prev = c;
    }
    if let Some(s) = start {
        out.push(text[s..].trim_end_matches('\''));
    }
    out
}

#[cfg(test)]
mod tests;
