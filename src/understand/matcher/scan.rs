//! The scan behind a [`Combined`](super::Combined) set, with a cost that does not depend on how
//! varied the text is.
//!
//! One lazy DFA over every pattern thrashes on varied wording: patterns such as
//! `\b(keep|retain)[a-z ,]{0,60}\bfor …` multiply its states, its cache fills and is cleared
//! over and over, and then it gives up and the PikeVM (hundreds of times slower) answers. It
//! also gives up on any text with a non-ASCII byte, since it cannot decide a Unicode `\b`
//! there. Two changes, each giving the same answers as the one set:
//!
//! - **Gated patterns.** A pattern every match of which starts with one of a few literals of
//!   three bytes or more (its prefix literals, from `regex-syntax`) is run alone, anchored at
//!   each place one of those literals occurs (found for all patterns at once by one
//!   Aho-Corasick automaton).
//! - **Windowed patterns.** A pattern every match of which holds one of a few such literals
//!   somewhere (a part it cannot match without: `controller` in `\b(is|are) (the )?controller`)
//!   is run alone, only when one of those literals occurs, and only over the stretch of text
//!   around them that a match could cover (its longest match either side).
//! - The other patterns stay in one combined set, much smaller.
//! - **ASCII word boundaries where they mean the same.** On a text whose non-ASCII characters
//!   are none of them word characters (`£`, `–`, `…`, but not `é`), a Unicode `\b` holds exactly
//!   where an ASCII `\b` does (every match starts and ends between characters, and each
//!   character is a word character under both rules or under neither). Such texts are matched
//!   with every word boundary made ASCII, which the lazy DFA handles; other texts use the
//!   patterns as written.

use aho_corasick::{AhoCorasick, MatchKind as AcKind};
use std::sync::OnceLock;

use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternSet, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};

/// Shortest literal that gates a pattern: shorter ones ("is", "we") occur in nearly every
/// sentence, so their patterns are cheaper in the combined set.
const MIN_LITERAL: usize = 3;
/// Most literals a gated pattern may have.
const MAX_LITERALS: usize = 64;

/// A pattern set compiled twice: as written, and with ASCII word boundaries.
#[derive(Debug, Clone)]
struct Twin {
    unicode: meta::Regex,
    ascii: meta::Regex,
}

impl Twin {
    fn get(&self, ascii: bool) -> &meta::Regex {
        if ascii { &self.ascii } else { &self.unicode }
    }
}

/// How a gated pattern is run where one of its literals occurs.
#[derive(Debug, Clone, Copy)]
enum Gate {
    /// Every match starts with the literal: an anchored search there.
    Prefix,
    /// Every match holds the literal: a search over the text within `reach` bytes of it (the
    /// longest match; the whole text when a match has no longest).
    Factor { reach: Option<usize> },
}

/// One gated pattern, compiled (each way) the first time a text calls for it: most never are
/// in a run, and compiling hundreds up front would cost more than a small run's scanning.
#[derive(Debug, Clone)]
struct Gated {
    /// The pattern's index in the whole set.
    slot: usize,
    gate: Gate,
    hir: Hir,
    unicode: OnceLock<meta::Regex>,
    ascii: OnceLock<meta::Regex>,
}

impl Gated {
    fn get(&self, ascii: bool) -> &meta::Regex {
        if ascii {
            (self.ascii).get_or_init(|| Limits::single(&ascii_boundaries(&self.hir)))
        } else {
            (self.unicode).get_or_init(|| Limits::single(&self.hir))
        }
    }
}

/// Every pattern of a combined set, ready to scan.
#[derive(Debug, Clone)]
pub(crate) struct Scanner {
    len: usize,
    /// The patterns without good literals, in one set, and each one's index in the whole.
    rest: Option<Twin>,
    rest_slots: Vec<usize>,
    /// The gated patterns, each alone (anchored searches), with its index in the whole.
    gated: Vec<Gated>,
    /// Every gating literal; for each, the gated patterns (indices into `gated`) it starts.
    literals: Option<AhoCorasick>,
    starts: Vec<Vec<usize>>,
}

/// Reusable room for one scan.
#[derive(Debug)]
pub(crate) struct Scratch {
    found: PatternSet,
    /// Per gated pattern: already known to match this text.
    done: Vec<bool>,
    /// Per windowed pattern: the stretch of text to search, once its literals are all found.
    windows: Vec<Option<(usize, usize)>>,
    /// The windowed patterns with a stretch to search.
    touched: Vec<usize>,
}

impl Scanner {
    /// Compile `sources` (`None` when one does not compile).
    pub(crate) fn new(sources: &[String], case_insensitive: bool, limits: Limits) -> Option<Self> {
        let config = syntax::Config::new().case_insensitive(case_insensitive);
        let hirs = syntax::parse_many_with(sources, &config).ok()?;
        Scanner::from_hirs(&hirs, limits)
    }

    /// Compile patterns already parsed (`None` when one is over the size limit).
    pub(crate) fn from_hirs(hirs: &[Hir], limits: Limits) -> Option<Self> {
        let mut rest_hirs = Vec::new();
        let mut rest_slots = Vec::new();
        let mut gated = Vec::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut starts: Vec<Vec<usize>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (slot, hir) in hirs.iter().enumerate() {
            let gate = match gating_literals(hir) {
                Some(lits) => Some((Gate::Prefix, lits)),
                None => factor_literals(hir).map(|lits| {
                    let reach = hir.properties().maximum_len();
                    (Gate::Factor { reach }, lits)
                }),
            };
            match gate {
                Some((gate, lits)) => {
                    for lit in lits {
                        let at = *index.entry(lit.clone()).or_insert_with(|| {
                            literals.push(lit);
                            starts.push(Vec::new());
                            literals.len() - 1
                        });
                        starts[at].push(gated.len());
                    }
                    gated.push(Gated {
                        slot,
                        gate,
                        hir: hir.clone(),
                        unicode: OnceLock::new(),
                        ascii: OnceLock::new(),
                    });
                }
                None => {
                    rest_hirs.push(hir.clone());
                    rest_slots.push(slot);
                }
            }
        }
        // The gated patterns are compiled when first needed, without a size limit: check the
        // limit now, as the one set did, so a pattern too big fails the set here.
        let gated_hirs: Vec<&Hir> = gated.iter().map(|g| &g.hir).collect();
        thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(limits.size)),
            )
            .build_many_from_hir(&gated_hirs)
            .ok()?;
        let rest = if rest_hirs.is_empty() {
            None
        } else {
            let ascii: Vec<Hir> = rest_hirs.iter().map(ascii_boundaries).collect();
            Some(Twin {
                unicode: limits.set(&rest_hirs)?,
                ascii: limits.set(&ascii)?,
            })
        };
        let literals = if literals.is_empty() {
            None
        } else {
            let mut ac = AhoCorasick::builder();
            Some(ac.match_kind(AcKind::Standard).build(&literals).ok()?)
        };
        Some(Scanner {
            len: hirs.len(),
            rest,
            rest_slots,
            gated,
            literals,
            starts,
        })
    }

    /// The patterns that are not gated (indices in the whole set).
    #[cfg(test)]
    pub(crate) fn ungated(&self) -> &[usize] {
        &self.rest_slots
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Room for a scan of no set.
    pub(crate) fn empty_scratch() -> Scratch {
        Scratch {
            found: PatternSet::new(0),
            done: Vec::new(),
            windows: Vec::new(),
            touched: Vec::new(),
        }
    }

    pub(crate) fn scratch(&self) -> Scratch {
        Scratch {
            found: PatternSet::new(self.rest_slots.len()),
            done: vec![false; self.gated.len()],
            windows: vec![None; self.gated.len()],
            touched: Vec::new(),
        }
    }

    /// Call `hit` with the index of every pattern that matches `text` (a pattern may be
    /// reported more than once).
    pub(crate) fn scan(&self, text: &str, scratch: &mut Scratch, mut hit: impl FnMut(usize)) {
        let ascii = !has_non_ascii_word(text);
        if let Some(rest) = &self.rest {
            scratch.found.clear();
            rest.get(ascii)
                .which_overlapping_matches(&Input::new(text), &mut scratch.found);
            for i in scratch.found.iter() {
                hit(self.rest_slots[i.as_usize()]);
            }
        }
        let Some(ac) = &self.literals else { return };
        scratch.done.fill(false);
        for m in ac.find_overlapping_iter(text) {
            for &g in &self.starts[m.pattern().as_usize()] {
                if scratch.done[g] {
                    continue;
                }
                let gated = &self.gated[g];
                match gated.gate {
                    Gate::Prefix => {
                        let input = Input::new(text)
                            .range(m.start()..)
                            .anchored(Anchored::Yes)
                            .earliest(true);
                        if gated.get(ascii).is_match(input) {
                            scratch.done[g] = true;
                            hit(gated.slot);
                        }
                    }
                    Gate::Factor { reach } => {
                        let (start, end) = match reach {
                            Some(r) => (m.start().saturating_sub(r), m.start() + r),
                            None => (0, text.len()),
                        };
                        let window = &mut scratch.windows[g];
                        match window {
                            Some((s, e)) => {
                                *s = (*s).min(start);
                                *e = (*e).max(end);
                            }
                            None => {
                                *window = Some((start, end));
                                scratch.touched.push(g);
                            }
                        }
                    }
                }
            }
        }
        for g in scratch.touched.drain(..) {
            let Some((start, end)) = scratch.windows[g].take() else {
                continue;
            };
            let gated = &self.gated[g];
            let input = Input::new(text)
                .range(char_floor(text, start)..char_ceil(text, end.min(text.len())))
                .earliest(true);
            if gated.get(ascii).is_match(input) {
                hit(gated.slot);
            }
        }
    }
}

/// The nearest character boundary at or before `at`.
fn char_floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest character boundary at or after `at` (`at` within the text).
fn char_ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The limits every compiled set and pattern is built with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) size: usize,
    pub(crate) dfa_cache: usize,
}

impl Limits {
    fn set(&self, hirs: &[Hir]) -> Option<meta::Regex> {
        meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(self.size))
                    .onepass_size_limit(Some(self.size))
                    .hybrid_cache_capacity(self.dfa_cache)
                    .dfa_size_limit(Some(self.dfa_cache)),
            )
            .build_many_from_hir(hirs)
            .ok()
    }

    /// One pattern whose size was checked when its set was built; without a size limit,
    /// nothing else can make building fail.
    fn single(hir: &Hir) -> meta::Regex {
        meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(None),
            )
            .build_from_hir(hir)
            .expect("a parsed pattern within the size limit compiles")
    }
}

/// Literals one of which starts every match of `hir`, when there are few, all long enough.
pub(crate) fn gating_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let lits = seq.literals()?;
    if lits.is_empty()
        || lits.len() > MAX_LITERALS
        || lits.iter().any(|l| l.as_bytes().len() < MIN_LITERAL)
    {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// Literals one of which occurs somewhere in every match of `hir`, when there are few, all
/// long enough: the prefix literals of the part of it that has the longest such literals.
fn factor_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let own = gating_literals(hir);
    let inner = match hir.kind() {
        HirKind::Capture(c) => factor_literals(&c.sub),
        HirKind::Repetition(r) if r.min > 0 => factor_literals(&r.sub),
        // Every match of a sequence holds a match of each part, and of each run of parts
        // from one onwards (whose literals can be longer: `"we"` in `\(.*["']we["']`).
        HirKind::Concat(parts) => (parts.iter().filter_map(factor_literals))
            .chain(
                (1..parts.len()).filter_map(|i| gating_literals(&Hir::concat(parts[i..].to_vec()))),
            )
            .max_by_key(|lits| (shortest(lits), std::cmp::Reverse(lits.len()))),
        // Every match is one branch's: each branch needs literals, and all of them count.
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(factor_literals(b)?);
            }
            all.sort();
            all.dedup();
            (all.len() <= MAX_LITERALS).then_some(all)
        }
        _ => None,
    };
    [own, inner]
        .into_iter()
        .flatten()
        .max_by_key(|lits| (shortest(lits), std::cmp::Reverse(lits.len())))
}

fn shortest(lits: &[Vec<u8>]) -> usize {
    lits.iter().map(Vec::len).min().unwrap_or(0)
}

/// Does `text` hold a character outside ASCII that Unicode counts as a word character?
pub(crate) fn has_non_ascii_word(text: &str) -> bool {
    !text.is_ascii()
        && text
            .chars()
            .any(|c| !c.is_ascii() && regex_syntax::is_word_character(c))
}

/// `hir` with every Unicode word-boundary assertion made ASCII.
pub(crate) fn ascii_boundaries(hir: &Hir) -> Hir {
    map_looks(hir, &|look| {
        Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => other,
        })
    })
}

/// `hir` with each look-around assertion replaced by what `look` makes of it; the rest of the
/// tree is kept as it is.
pub(crate) fn map_looks(hir: &Hir, look: &dyn Fn(Look) -> Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(l) => look(*l),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(map_looks(&r.sub, look)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(map_looks(&c.sub, look)),
            ..c.clone()
        }),
        HirKind::Concat(v) => Hir::concat(v.iter().map(|h| map_looks(h, look)).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(|h| map_looks(h, look)).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => hir.clone(),
    }
}

#[cfg(test)]
mod tests;
