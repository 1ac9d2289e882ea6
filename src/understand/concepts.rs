//! Concepts: word classes from the packs (`[[concept]]`), matched on stemmed words, and the
//! signals (`[[signal]]`) that combine them into evidence for an element.
//!
//! A phrase pattern recognises one wording; a concept recognises an idea in any wording that
//! uses its words. "We keep your details for six months" and "Records are retained for a period
//! of 6 months" share no phrase, but both hold a *keep* word and a *duration* word in one
//! sentence. Words are stemmed (Snowball English), so "retain", "retained" and "retention"
//! are one word to a concept.

use std::collections::BTreeMap;

// Word lookups are most of a concept scan's cost: foldhash hashes a short word in a few
// instructions where the standard hasher takes dozens, and is seeded per process.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::RwLock;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Deserialize;

use crate::error::{Error, Result};

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

/// What kind of text a signal reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scope {
    /// One sentence.
    Sentence,
    /// A section heading (or a block's lead-in label), whose section must have a body.
    Heading,
    /// A sentence introducing a list, read together with the list items after it.
    List,
}

/// How much a signal proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Strength {
    /// The element is addressed.
    #[default]
    Strong,
    /// A hint only: the element may be addressed, but not clearly.
    Weak,
}

/// Concepts combined into evidence for an element.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignalSpec {
    pub element: String,
    pub scope: Scope,
    #[serde(default)]
    pub strength: Strength,
    /// Every one of these concepts must be present.
    #[serde(default)]
    pub all: Vec<String>,
    /// At least one of these (when given).
    #[serde(default)]
    pub any: Vec<String>,
    /// None of these.
    #[serde(default)]
    pub none: Vec<String>,
    /// Distinct terms of a concept needed (default 1): `{ data-item = 2 }`.
    #[serde(default)]
    pub min: BTreeMap<String, usize>,
    /// `heading` and `list`: concepts the section body or the list items must hold (any one).
    #[serde(default)]
    pub body: Vec<String>,
    /// `list`: distinct terms of the `body` concepts needed across the items (default 1).
    #[serde(default)]
    pub body_min: Option<usize>,
    /// The `all` concepts (and one `any` concept) must fall within this many words of each
    /// other: "you can ask us to delete" states a right; "you" and "delete" far apart in a
    /// long sentence do not.
    #[serde(default)]
    pub within: Option<usize>,
    /// Sentence scope: only the notice's first this many blocks of text (headings not counted),
    /// where a notice says whose it is.
    #[serde(default)]
    pub opening: Option<usize>,
}

/// A signal with its concepts resolved to indices.
#[derive(Debug, Clone)]
pub(crate) struct Signal {
    pub element: String,
    pub scope: Scope,
    pub strength: Strength,
    all: Vec<(usize, usize)>,
    any: Vec<usize>,
    none: Vec<usize>,
    pub body: Vec<usize>,
    pub body_min: usize,
    within: Option<usize>,
    pub opening: Option<usize>,
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

impl Signal {
    /// Does a text holding `found` satisfy the signal's own concepts?
    pub(crate) fn holds(&self, found: &Found) -> bool {
        self.all.iter().all(|&(c, n)| {
            if n <= 1 {
                found.has(c)
            } else {
                found.count(c) >= n
            }
        }) && (self.any.is_empty() || self.any.iter().any(|&c| found.has(c)))
            && !self.none.iter().any(|&c| found.has(c))
            && self.within.is_none_or(|w| self.near(found, w as u32))
    }

    /// Could some text of a notice whose texts hold `concepts` between them satisfy the signal?
    /// (Every `all` concept and one `any` concept must be somewhere.)
    pub(crate) fn possible(&self, concepts: &Found) -> bool {
        self.all.iter().all(|&(c, _)| concepts.has(c))
            && (self.any.is_empty() || self.any.iter().any(|&c| concepts.has(c)))
    }

    /// Is there a window of `w` words holding every `all` concept and one `any` concept?
    fn near(&self, found: &Found, w: u32) -> bool {
        // The groups: each `all` concept on its own, then the `any` concepts together.
        let groups = self.all.len() + usize::from(!self.any.is_empty());
        let group = |g: usize| -> &[usize] {
            match self.all.get(g) {
                Some((c, _)) => std::slice::from_ref(c),
                None => &self.any,
            }
        };
        if groups == 0 {
            return true;
        }
        // The window's first word is an occurrence of some group; from each occurrence, every
        // group needs one at or after it and within `w` words. (Taking each group's occurrence
        // nearest to the first concept instead misses "your children … you give us … the other
        // persons", where the nearest lies on the wrong side.)
        let inside = |g: &[usize], lo: u32| {
            (g.iter().flat_map(|&c| found.positions(c))).any(|q| q >= lo && q - lo <= w)
        };
        (0..groups)
            .flat_map(|g| group(g).iter().flat_map(|&c| found.positions(c)))
            .any(|lo| (0..groups).all(|g| inside(group(g), lo)))
    }

    /// Does the signal ask for `concept` at all (in `all`, `any` or `body`)?
    pub(crate) fn mentions(&self, concept: usize) -> bool {
        self.all.iter().any(|&(c, _)| c == concept)
            || self.any.contains(&concept)
            || self.body.contains(&concept)
    }

    /// Could the reader-filled `concept` complete this signal in a sentence holding `found`
    /// (sentence scope: every other `all` concept is there), or in the body under a heading or
    /// label holding `heading` (heading scope)? Lets the reader skip work no signal needs.
    pub(crate) fn wants(&self, concept: usize, found: &Found, heading: Option<&Found>) -> bool {
        match self.scope {
            Scope::Sentence => {
                self.all.iter().any(|&(c, _)| c == concept)
                    && (self.all.iter()).all(|&(c, n)| c == concept || found.count(c) >= n)
            }
            Scope::Heading => {
                self.body.contains(&concept) && heading.is_some_and(|h| self.holds(h))
            }
            Scope::List => {
                self.body.contains(&concept) || self.all.iter().any(|&(c, _)| c == concept)
            }
        }
    }

    /// Does a body (section text or list items) satisfy `body`?
    pub(crate) fn body_holds(&self, found: &Found) -> bool {
        self.body.is_empty()
            || self.body.iter().map(|&c| found.count(c)).sum::<usize>() >= self.body_min
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
    by_first: HashMap<u32, Vec<Term>>,
    /// Per concept: found inside other concepts' longer terms too.
    inner: Vec<bool>,
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
            inner: self.inner.clone(),
            cache: RwLock::new(HashMap::new()),
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Concepts {
    pub(crate) fn compile(specs: &[ConceptSpec]) -> Result<Concepts> {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut c = Concepts {
            ids: Vec::new(),
            stems: HashMap::new(),
            exact: HashSet::new(),
            by_first: HashMap::new(),
            inner: Vec::new(),
            cache: RwLock::new(HashMap::new()),
            stemmer,
        };
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
                c.by_first.entry(first).or_default().push(Term {
                    rest,
                    concept: concept as u16,
                    id: n,
                });
            }
        }
        if c.ids.len() > MAX_CONCEPTS {
            return Err(Error::new(format!(
                "the packs define {} concepts; at most {MAX_CONCEPTS} are supported",
                c.ids.len()
            )));
        }
        // Longer terms first, so "email address" wins over "email".
        for terms in c.by_first.values_mut() {
            terms.sort_by_key(|t| std::cmp::Reverse(t.rest.len()));
        }
        Ok(c)
    }

    /// What a lower-cased word is matched by: itself when a term spells it exactly, else its stem.
    fn key(&self, word: &str) -> String {
        if self.exact.contains(word) {
            format!("={word}")
        } else {
            self.stemmer.stem(word).into_owned()
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
        // from every concept but those marked `inner`, and always from its own concept.
        let mut hidden_until = 0;
        let mut covered: Vec<(u16, usize)> = Vec::new();
        for i in 0..ids.len() {
            let Some(terms) = ids[i].and_then(|first| self.by_first.get(&first)) else {
                continue;
            };
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
                    if !hidden {
                        hidden_until = hidden_until.max(end);
                    }
                }
            }
        }
        found
    }

    /// Resolve a signal's concept names.
    pub(crate) fn signal(&self, spec: &SignalSpec) -> Result<Signal> {
        let what = format!("signal for `{}`", spec.element);
        let idx = |name: &String| {
            self.index(name)
                .ok_or_else(|| Error::new(format!("{what} names an unknown concept `{name}`")))
        };
        for name in spec.min.keys() {
            if !spec.all.contains(name) {
                return Err(Error::new(format!(
                    "{what}: `min` names `{name}`, which is not in `all`"
                )));
            }
        }
        let all = (spec.all.iter())
            .map(|n| Ok((idx(n)?, spec.min.get(n).copied().unwrap_or(1))))
            .collect::<Result<_>>()?;
        Ok(Signal {
            element: spec.element.clone(),
            scope: spec.scope,
            strength: spec.strength,
            all,
            any: spec.any.iter().map(idx).collect::<Result<_>>()?,
            none: spec.none.iter().map(idx).collect::<Result<_>>()?,
            body: spec.body.iter().map(idx).collect::<Result<_>>()?,
            body_min: spec.body_min.unwrap_or(1),
            within: spec.within,
            opening: spec.opening,
        })
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
