//! One scan of a notice for every `pattern` rule at once.
//!
//! Pattern rules run block by block, so a rule's regexes would each scan every block of every
//! notice although most never match anywhere. Instead every pattern rule's regexes are also
//! scanned for together, once over the notice's text; a regex then runs block by block only when
//! it matches somewhere in the notice. A regex that matches inside a block matches the whole text
//! too, so nothing is lost — except for anchors (`^`, `$`), which mean the start and end of a
//! block there and of the text here: regexes with anchors always run.
//!
//! The scan is detection's [`Scanner`] (gated literals, ASCII word boundaries where they mean the
//! same), whose cost does not depend on how varied the wording is, with three changes that only
//! the prefilter may make, since it need not be exact: a regex it reports runs anyway, so saying
//! "may match" too often costs time, never a finding.
//!
//! - **Lower-cased text.** The regexes are case-insensitive, which would turn every literal into
//!   many (`[sS\u{17f}][aA][fF][eE]`) and leave nothing to gate on. So the scan runs on the text
//!   with its ASCII letters lower-cased (the byte offsets do not change), with each regex
//!   rewritten for such text ([`for_ascii_lowercase`]): a class holding one ASCII letter in both
//!   cases becomes that letter. The answers are the same on every text without the two
//!   characters outside ASCII that fold to an ASCII letter (the Kelvin sign and the long s); a
//!   text with one of them is scanned with the regexes as written.
//! - **No word boundaries in the ungated regexes.** A regex without a long prefix literal is
//!   scanned for in one set; a Unicode `\b` there makes that set fall back to the PikeVM over
//!   the whole notice whenever the notice has a word character outside ASCII (`é`). Without its
//!   `\b`s a regex matches wherever it did, and a few places more.
//! - **Regexes that always run are not scanned for.**

use std::borrow::Cow;
use std::sync::OnceLock;

use regex_automata::util::syntax;
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, Hir, HirKind, Look, Repetition,
};

use crate::understand::matcher::scan::{Limits, Scanner, gating_literals, map_looks};

const LIMITS: Limits = Limits {
    size: 32 << 20,
    dfa_cache: 32 << 20,
};

/// The characters outside ASCII that Unicode simple case folding makes equal to an ASCII
/// letter: `K` (Kelvin sign, folds to `k`) and `ſ` (long s, folds to `s`).
const FOLD_TO_ASCII: [char; 2] = ['\u{212a}', '\u{17f}'];

#[derive(Debug, Clone)]
pub(crate) struct Prefilter {
    sources: Vec<String>,
    /// The regexes rewritten for ASCII-lower-cased text (`None` when one cannot be).
    lowered: Option<Scanner>,
    /// The regexes as written, for text `lowered` cannot answer for; compiled when first
    /// needed (`None` inside when they do not compile: every regex then runs).
    as_written: OnceLock<Option<Scanner>>,
    /// Per regex: it must always run (it has an anchor).
    always: Vec<bool>,
}

impl Prefilter {
    /// `sources` are the regexes (case-insensitive, as pattern rules compile them), in the
    /// order their indices refer to.
    pub(crate) fn build(sources: &[&str]) -> Prefilter {
        let always: Vec<bool> = sources
            .iter()
            .map(|s| s.contains(['^', '$']) || s.contains("\\A") || s.contains("\\z"))
            .collect();
        let config = syntax::Config::new().case_insensitive(true);
        let lowered = syntax::parse_many_with(sources, &config)
            .ok()
            .and_then(|hirs| {
                (hirs.iter().zip(&always))
                    .map(|(hir, &always)| {
                        if always {
                            return Some(Hir::fail());
                        }
                        let hir = for_ascii_lowercase(hir)?;
                        Some(match gating_literals(&hir) {
                            Some(_) => hir,
                            None => without_word_boundaries(&hir),
                        })
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .and_then(|hirs| Scanner::from_hirs(&hirs, LIMITS));
        Prefilter {
            sources: sources.iter().map(|s| s.to_string()).collect(),
            lowered,
            as_written: OnceLock::new(),
            always,
        }
    }

    fn as_written(&self) -> Option<&Scanner> {
        self.as_written
            .get_or_init(|| Scanner::new(&self.sources, true, LIMITS))
            .as_ref()
    }

    /// Per regex: whether it can match in `text`.
    pub(crate) fn scan(&self, text: &str) -> Vec<bool> {
        let mut found = self.always.clone();
        let lowered = self
            .lowered
            .as_ref()
            .filter(|_| !text.contains(FOLD_TO_ASCII));
        let (scanner, text) = match lowered {
            Some(scanner) => (scanner, Cow::Owned(text.to_ascii_lowercase())),
            None => match self.as_written() {
                Some(scanner) => (scanner, Cow::Borrowed(text)),
                None => return vec![true; self.always.len()],
            },
        };
        scanner.scan(&text, &mut scanner.scratch(), |i| found[i] = true);
        found
    }
}

/// `hir` (parsed case-insensitively) for matching against text whose ASCII letters are
/// lower-cased: each class that is one ASCII letter in both cases (and its folds outside ASCII)
/// becomes the lower-case letter. It matches such text where `hir` matches the text before
/// lower-casing, as long as that had none of [`FOLD_TO_ASCII`]. `None` when a part of the
/// pattern tells the cases of an ASCII letter apart (`(?-i)`): lower-casing would change its
/// answer.
fn for_ascii_lowercase(hir: &Hir) -> Option<Hir> {
    Some(match hir.kind() {
        HirKind::Literal(lit) => {
            if lit.0.iter().any(u8::is_ascii_uppercase) {
                return None;
            }
            hir.clone()
        }
        HirKind::Class(Class::Unicode(class)) => {
            let has = |c: u8| unicode_has(class, char::from(c));
            if !(b'a'..=b'z').all(|c| has(c) == has(c.to_ascii_uppercase())) {
                return None;
            }
            match one_letter(class.iter().flat_map(|r| r.start()..=r.end())) {
                Some(letter) => Hir::literal([letter]),
                None => hir.clone(),
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let has = |c: u8| bytes_has(class, c);
            if !(b'a'..=b'z').all(|c| has(c) == has(c.to_ascii_uppercase())) {
                return None;
            }
            let chars = class
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(char::from);
            match one_letter(chars) {
                Some(letter) => Hir::literal([letter]),
                None => hir.clone(),
            }
        }
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(for_ascii_lowercase(&r.sub)?),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(for_ascii_lowercase(&c.sub)?),
            ..c.clone()
        }),
        HirKind::Concat(v) => {
            Hir::concat(v.iter().map(for_ascii_lowercase).collect::<Option<_>>()?)
        }
        HirKind::Alternation(v) => {
            Hir::alternation(v.iter().map(for_ascii_lowercase).collect::<Option<_>>()?)
        }
    })
}

/// `hir` with every word-boundary assertion taken out: it matches wherever `hir` does.
fn without_word_boundaries(hir: &Hir) -> Hir {
    map_looks(hir, &|look| {
        if is_word_boundary(look) {
            Hir::empty()
        } else {
            Hir::look(look)
        }
    })
}

fn is_word_boundary(look: Look) -> bool {
    !matches!(
        look,
        Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
    )
}

/// The lower-case ASCII letter when `chars` are that letter in both cases, give or take
/// [`FOLD_TO_ASCII`].
fn one_letter(chars: impl Iterator<Item = char>) -> Option<u8> {
    let mut letter = None;
    for c in chars.filter(|c| !FOLD_TO_ASCII.contains(c)) {
        let lower = c.to_ascii_lowercase();
        if !lower.is_ascii_lowercase() || letter.is_some_and(|l| l != lower) {
            return None;
        }
        letter = Some(lower);
    }
    letter.map(|l| l as u8)
}

fn unicode_has(class: &ClassUnicode, c: char) -> bool {
    class.iter().any(|r| r.start() <= c && c <= r.end())
}

fn bytes_has(class: &ClassBytes, c: u8) -> bool {
    class
        .iter()
        .any(|r: &ClassBytesRange| r.start() <= c && c <= r.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_what_can_match_and_keeps_anchored_regexes() {
        let p = Prefilter::build(&[r"privacy\s+shield", r"\bsafe harbou?r\b", r"^draft"]);
        assert!(p.lowered.is_some());
        assert_eq!(
            p.scan("Under the EU-US Privacy\nShield we"),
            vec![true, false, true]
        );
        assert_eq!(p.scan("Safe Harbor"), vec![false, true, true]);
    }

    #[test]
    fn a_set_that_does_not_build_runs_everything() {
        let p = Prefilter::build(&["(unclosed"]);
        assert_eq!(p.scan("anything"), vec![true]);
    }

    /// The prefilter answers as one case-insensitive regex set, on texts in any case, with
    /// letters outside ASCII and with the characters that fold to ASCII letters.
    #[test]
    fn answers_as_one_case_insensitive_set() {
        let patterns = [
            r"(?i)\bsafe[ -]harbou?r\b",
            r"\bGDPR\b",
            r"(?i)\[(insert|tbc)[^\]]{0,20}\]",
            r"\{\{[^}]{0,20}\}\}",
            r"(?i)£ ?10 (fee|charge)",
            r"(?i)\bdatenschutzbehörde\b",
            r"\bkeep\b",
            r"(?i)\bis\b",
            r"[A-Z]{3} only",
        ];
        let p = Prefilter::build(&patterns);
        let ungated = p.lowered.as_ref().unwrap().ungated().to_vec();
        assert!(ungated.contains(&7) && !ungated.contains(&0), "{ungated:?}");
        let set = regex::RegexSetBuilder::new(patterns)
            .case_insensitive(true)
            .build()
            .unwrap();
        for text in [
            "SAFE HARBOUR and Safe-Harbor",
            "safe harbourage",
            "the gdpr, the GDPR, the Gdpr",
            "[Insert name here] and [TBC]",
            "{{ .Title }}",
            "a £10 FEE; £ 10 charge",
            "die DATENSCHUTZBEHÖRDE",
            "die datenschutzbehördeé",
            "we \u{212a}eep it; it i\u{17f} so; \u{17f}afe harbour",
            "we KEEP it; IS it? ABC ONLY",
            "café Keep",
            "",
        ] {
            let got = p.scan(text);
            for (i, pattern) in patterns.iter().enumerate() {
                let matches = set.matches(text).matched(i);
                if pattern.contains('^') {
                    // A `^` anywhere (even in `[^\]]`) makes a regex always run.
                    assert!(got[i], "{pattern} on {text:?}");
                } else if ungated.contains(&i) {
                    // Scanned for without its word boundaries: never a match missed.
                    assert!(got[i] || !matches, "{pattern} on {text:?}");
                } else {
                    assert_eq!(got[i], matches, "{pattern} on {text:?}");
                }
            }
        }
        assert_eq!(
            p.scan("this"),
            vec![false, false, true, true, false, false, false, true, false]
        );
    }

    /// The built-in packs' regexes take the fast path, and most are gated: a pack regex that
    /// tells cases apart (`(?-i)`) would quietly send every notice down the slow one.
    #[test]
    fn the_built_in_packs_are_scanned_lower_cased_and_mostly_gated() {
        let dir = tempfile::tempdir().unwrap();
        let rules = super::super::RuleSet::load(dir.path(), &Default::default()).unwrap();
        let p = &rules.compiled().unwrap().prefilter;
        let scanner = p
            .lowered
            .as_ref()
            .expect("every pack regex rewritten for lower case");
        let scanned = p.always.iter().filter(|&&a| !a).count();
        let ungated = (scanner.ungated().iter())
            .filter(|&&i| !p.always[i])
            .count();
        assert!(
            scanned >= 20 && ungated * 3 <= scanned,
            "{ungated} of {scanned} ungated"
        );
    }

    #[test]
    fn a_case_sensitive_part_keeps_the_regexes_as_written() {
        let p = Prefilter::build(&[r"(?-i:GDPR)", r"\bico\b"]);
        assert!(p.lowered.is_none());
        assert_eq!(p.scan("the gdpr and the ICO"), vec![false, true]);
        assert_eq!(p.scan("the GDPR"), vec![true, false]);
    }

    #[test]
    fn one_letter_classes_become_the_letter() {
        let parse =
            |p: &str| syntax::parse_with(p, &syntax::Config::new().case_insensitive(true)).unwrap();
        let lowered = for_ascii_lowercase(&parse(r"\bsafe[a-c]k")).unwrap();
        let want = Hir::concat(vec![
            parse(r"\b"),
            Hir::literal(*b"safe"),
            parse("[a-c]"),
            Hir::literal(*b"k"),
        ]);
        assert_eq!(lowered, want);
    }

    /// [`FOLD_TO_ASCII`] is every character outside ASCII that a case-insensitive ASCII letter
    /// matches.
    #[test]
    fn the_characters_that_fold_to_ascii_letters() {
        let letter = regex::Regex::new(r"(?i)^[a-z]$").unwrap();
        let folding: Vec<char> = (0x80..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        let mut want = FOLD_TO_ASCII.to_vec();
        want.sort_unstable();
        assert_eq!(folding, want);
    }
}
