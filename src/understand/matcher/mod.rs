//! Pattern matching for detection, fast: every pattern of the vocabulary in one combined set.
//!
//! Detection asks many questions of each sentence ("is it a retention cue? a rights cue? a
//! denial?"), each a [`Patterns`] list. Asking each list separately scans a sentence dozens of
//! times. Instead the vocabulary compiles all its patterns into one [`Combined`] set, and each
//! text detection looks at is scanned once, up front, into a [`Norm`]: the text with the set
//! of patterns that match it ([`Hits`]). A [`Patterns`] list then answers from those bits.
//! The answer is the same as running the list's own set on the text (a set matches a text when
//! one of its patterns does); only the work differs.
//!
//! A plain `&str` still works everywhere: the list then runs its own set, compiled on first use.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use regex::{RegexSet, RegexSetBuilder};

use scan::{Limits, Scanner, Scratch};

use crate::error::{Error, Result};

pub(crate) mod scan;

/// Size limit of one compiled set (as before the combined set existed).
const SIZE_LIMIT: usize = 64 << 20;
/// Cache for the lazy DFA of a combined set, per thread. With hundreds of patterns the default
/// (2 MiB) makes the DFA give up and fall back to a matcher ~500× slower; 32 MiB is only used
/// as states are needed (a few MiB for the built-in packs).
const COMBINED_DFA_LIMIT: usize = 32 << 20;

/// A list of patterns compiled once.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    sources: Vec<String>,
    ignore_case: bool,
    /// The list's own set: compiled at once by [`Patterns::new`], or on first use with a text
    /// that carries no hits for this list's combined set.
    set: OnceLock<RegexSet>,
    /// The combined sets this list is part of, with its patterns' indices in each.
    combined: Vec<(u64, Vec<usize>)>,
}

impl Patterns {
    /// Case-insensitive patterns, compiled now (errors name `what`).
    pub(crate) fn new(patterns: &[String], what: &str) -> Result<Patterns> {
        Patterns::build(patterns, what, true)
    }

    /// Patterns that will be part of a [`Combined`] set, which compiles and checks them.
    pub(crate) fn deferred(patterns: &[String], ignore_case: bool) -> Patterns {
        Patterns {
            sources: patterns.to_vec(),
            ignore_case,
            set: OnceLock::new(),
            combined: Vec::new(),
        }
    }

    fn build(patterns: &[String], what: &str, ignore_case: bool) -> Result<Patterns> {
        let mut p = Patterns::deferred(patterns, ignore_case);
        p.compile_now(what)?;
        Ok(p)
    }

    fn compile(&self) -> std::result::Result<RegexSet, regex::Error> {
        RegexSetBuilder::new(&self.sources)
            .case_insensitive(self.ignore_case)
            .size_limit(SIZE_LIMIT)
            .build()
    }

    /// Compile the list's own set now, reporting a bad pattern as in `what`.
    pub(crate) fn compile_now(&mut self, what: &str) -> Result<()> {
        if self.set.get().is_none() {
            let set = self.compile().map_err(|e| bad(what, &e))?;
            let _ = self.set.set(set);
        }
        Ok(())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Does one of the patterns match `text`?
    pub(crate) fn matches<'a>(&self, text: impl Probe<'a>) -> bool {
        if self.sources.is_empty() {
            return false;
        }
        if let Some(hits) = text.hits()
            && let Some((_, slots)) = self.combined.iter().find(|(id, _)| *id == hits.combined)
        {
            return slots.iter().any(|&s| hits.get(s));
        }
        self.set
            .get_or_init(|| self.compile().unwrap_or_else(|_| RegexSet::empty()))
            .is_match(text.text())
    }
}

fn bad(what: &str, e: &regex::Error) -> Error {
    Error::new(format!("bad pattern in {what}: {e}"))
}

/// Which patterns of a combined set match one text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hits {
    combined: u64,
    bits: Box<[u64]>,
}

impl Hits {
    fn get(&self, slot: usize) -> bool {
        self.bits
            .get(slot / 64)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }
}

/// A text prepared for matching: the text and the patterns of a combined set that match it.
/// Reads as a `&str`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Norm {
    text: String,
    hits: Hits,
}

impl Norm {
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }
}

impl Deref for Norm {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Norm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Something patterns can be matched against: a plain string, or a [`Norm`].
pub(crate) trait Probe<'a>: Copy {
    fn text(self) -> &'a str;
    fn hits(self) -> Option<&'a Hits> {
        None
    }
}

impl<'a> Probe<'a> for &'a str {
    fn text(self) -> &'a str {
        self
    }
}

impl<'a> Probe<'a> for &'a String {
    fn text(self) -> &'a str {
        self
    }
}

impl<'a> Probe<'a> for &'a Norm {
    fn text(self) -> &'a str {
        &self.text
    }
    fn hits(self) -> Option<&'a Hits> {
        Some(&self.hits)
    }
}

/// Every pattern of a group of [`Patterns`] lists (all case-insensitive, or all cased) in one
/// set: the lists matched against one kind of text (sentences, headings, …). A list can be in
/// several; matched against a text prepared by a set it is not in, it runs its own set.
#[derive(Debug, Clone)]
pub(crate) struct Combined {
    id: u64,
    /// All the patterns, reporting every pattern that matches (what `RegexSet` does, at a
    /// cost that does not depend on the wording: see [`scan`]).
    set: Option<Scanner>,
    words: usize,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Combined {
    /// No combined set: every list runs its own.
    pub(crate) fn none() -> Combined {
        Combined {
            id: 0,
            set: None,
            words: 0,
        }
    }

    /// Compile the lists' patterns into one set and point each list at its patterns there.
    /// `None` (and the lists untouched) when the set does not compile: the caller then checks
    /// each list alone, which names the one at fault.
    pub(crate) fn build<'p>(
        lists: impl IntoIterator<Item = &'p mut Patterns>,
        ignore_case: bool,
    ) -> Option<Combined> {
        Combined::build_with(lists, ignore_case, false)
    }

    /// [`Combined::build`] for case-insensitive lists matched only against lower-cased text
    /// ([`normalise`](super::text::normalise)d). When no pattern spells an upper-case letter,
    /// matching case-sensitively gives the same answers on such text, with a much smaller
    /// automaton: case-insensitive Unicode matching turns each `k` into `[kK\u{212a}]`, each
    /// `s` into `[sS\u{17f}]`, and so on.
    pub(crate) fn build_for_lowercase<'p>(
        lists: impl IntoIterator<Item = &'p mut Patterns>,
    ) -> Option<Combined> {
        Combined::build_with(lists, true, true)
    }

    fn build_with<'p>(
        lists: impl IntoIterator<Item = &'p mut Patterns>,
        ignore_case: bool,
        lowercase_text: bool,
    ) -> Option<Combined> {
        let mut lists: Vec<&mut Patterns> = lists.into_iter().collect();
        let mut sources: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut slots: Vec<Vec<usize>> = Vec::with_capacity(lists.len());
        for p in &lists {
            let mine = p
                .sources
                .iter()
                .map(|s| {
                    *index.entry(s.clone()).or_insert_with(|| {
                        sources.push(s.clone());
                        sources.len() - 1
                    })
                })
                .collect();
            slots.push(mine);
        }
        // Lower-cased text needs case-insensitivity only for a pattern spelling a capital.
        let case_insensitive =
            ignore_case && (!lowercase_text || sources.iter().any(|s| spells_upper_case(s)));
        let limits = Limits {
            size: SIZE_LIMIT,
            dfa_cache: COMBINED_DFA_LIMIT,
        };
        let set = Scanner::new(&sources, case_insensitive, limits)?;
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        for (p, mine) in lists.iter_mut().zip(slots) {
            p.combined.push((id, mine));
        }
        Some(Combined {
            id,
            words: set.len().div_ceil(64),
            set: Some(set),
        })
    }

    /// Room for the patterns that match one text: pass it to every [`Combined::prepare`] of
    /// this set (it is cleared each time), so scanning allocates only the result.
    pub(crate) fn scratch(&self) -> Scratch {
        match &self.set {
            Some(set) => set.scratch(),
            None => Scanner::empty_scratch(),
        }
    }

    /// Scan `text` once for every pattern.
    pub(crate) fn prepare(&self, text: String, found: &mut Scratch) -> Norm {
        let Some(set) = &self.set else {
            return Norm {
                text,
                hits: Hits::default(),
            };
        };
        let mut bits = vec![0u64; self.words].into_boxed_slice();
        set.scan(&text, found, |i| bits[i / 64] |= 1 << (i % 64));
        Norm {
            text,
            hits: Hits {
                combined: self.id,
                bits,
            },
        }
    }
}

/// Does the pattern have an upper-case letter of its own (not one naming an escape such as
/// `\S`, `\p{Lu}` or `\x{2019}`)?
fn spells_upper_case(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            // An escape: skip its letter, and a `{…}` argument when it has one.
            let with_argument = matches!(chars.next(), Some('p' | 'P' | 'x' | 'u' | 'U'));
            if with_argument && chars.clone().next() == Some('{') {
                chars.by_ref().find(|&c| c == '}');
            }
        } else if c.is_uppercase() {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn combined_answers_as_each_set_would() {
        let a = strings(&[r"\bretain(ed)?\b", r"\bkeep\b"]);
        let b = strings(&[r"\bkeep\b", r"^rights?$"]);
        let c: Vec<String> = Vec::new();
        let mut pa = Patterns::deferred(&a, true);
        let mut pb = Patterns::deferred(&b, true);
        let mut pc = Patterns::deferred(&c, true);
        let combined = Combined::build([&mut pa, &mut pb, &mut pc], true).unwrap();
        let own_a = Patterns::new(&a, "a").unwrap();
        let own_b = Patterns::new(&b, "b").unwrap();
        for text in ["we KEEP it", "Rights", "data is retained", "nothing", ""] {
            let norm = combined.prepare(text.to_string(), &mut combined.scratch());
            assert_eq!(pa.matches(&norm), own_a.matches(text), "{text}");
            assert_eq!(pb.matches(&norm), own_b.matches(text), "{text}");
            assert_eq!(pa.matches(text), own_a.matches(text), "{text}");
            assert!(!pc.matches(&norm));
        }
        // Hits from another combined set are not mistaken for this one's.
        let mut other = Patterns::deferred(&strings(&["nothing"]), true);
        let elsewhere = Combined::build([&mut other], true).unwrap();
        let mut found = elsewhere.scratch();
        assert!(pa.matches(&elsewhere.prepare("we keep it".into(), &mut found)));
    }

    #[test]
    fn lower_case_sets_answer_as_case_insensitive_ones_on_lower_cased_text() {
        let plain = strings(&[
            r"\bright to (access|object)\b",
            r"\bdata\S*\b",
            r"\x{2019}s\b",
        ]);
        let upper = strings(&[r"\bGDPR\b"]);
        for lists in [&plain, &upper] {
            let mut p = Patterns::deferred(lists, true);
            let set = Combined::build_for_lowercase([&mut p]).unwrap();
            let own = Patterns::new(lists, "own").unwrap();
            for text in [
                "the right to object",
                "gdpr",
                "datasets here",
                "ico\u{2019}s",
                "none",
            ] {
                let mut found = set.scratch();
                assert_eq!(
                    p.matches(&set.prepare(text.into(), &mut found)),
                    own.matches(text)
                );
            }
        }
        assert!(!spells_upper_case(r"\bdata\S+\p{Lu}\x{2019}\W"));
        assert!(spells_upper_case(r"\bGDPR"));
        assert!(spells_upper_case(r"[A-Z]"));
    }

    #[test]
    fn bad_pattern_fails_the_combined_set_and_names_its_list() {
        let mut good = Patterns::deferred(&strings(&["ok"]), true);
        let mut bad = Patterns::deferred(&strings(&["(unclosed"]), true);
        assert!(Combined::build([&mut good, &mut bad], true).is_none());
        let err = bad.compile_now("element `x`").unwrap_err();
        assert!(
            err.to_string().contains("bad pattern in element `x`"),
            "{err}"
        );
    }
}
