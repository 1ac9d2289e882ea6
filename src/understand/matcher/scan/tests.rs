//! Tests of the scanner: the same answers as one regex set, and how patterns are gated.

use super::*;
use regex::RegexSetBuilder;

const LIMITS: Limits = Limits {
    size: 64 << 20,
    dfa_cache: 32 << 20,
};

fn found(scanner: &Scanner, text: &str) -> Vec<usize> {
    let mut hits = Vec::new();
    scanner.scan(text, &mut scanner.scratch(), |i| hits.push(i));
    hits.sort_unstable();
    hits.dedup();
    hits
}

#[test]
fn scans_answer_as_one_regex_set() {
    let patterns: Vec<String> = [
        r"\bcaf\b",                             // gated, a word boundary after
        r"\b(keep|retain)[a-z ,]{0,20}\bfor\b", // gated, counted repetition
        r"\bis\b",                              // too short to gate
        r"[a-z0-9.]+@[a-z]+\.[a-z]{2,}",        // no prefix literal
        r"\bdatenschutzbehörde\b",              // gated, non-ASCII literal
        r"\Bfor",                               // not a word boundary
        r"^rights?$",
        r"\b(we|they)\W+(may )?shared?\b", // windowed on "share"
        r#"\([a-z ]{0,20}["']we["'][a-z ]{0,20}\)"#, // windowed on a quoted "we"
        r"\b(no|not)\b.*\bshared\b",       // windowed, no longest match
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for case_insensitive in [false, true] {
        let scanner = Scanner::new(&patterns, case_insensitive, LIMITS).unwrap();
        assert!(!scanner.gated.is_empty() && scanner.rest.is_some());
        let windowed: Vec<usize> = (scanner.gated.iter())
            .filter(|g| matches!(g.gate, Gate::Factor { .. }))
            .map(|g| g.slot)
            .collect();
        assert!(
            [7, 8, 9].iter().all(|i| windowed.contains(i)),
            "{windowed:?}"
        );
        let set = RegexSetBuilder::new(&patterns)
            .case_insensitive(case_insensitive)
            .build()
            .unwrap();
        for text in [
            "the caf is open",
            "the café is open", // é is a word character: no boundary after "caf"
            "caf£ and caf–",    // £ and – are not: a boundary
            "écaf here",
            "we keep it for you; we retain them, sadly, for ever",
            "we keep it, then hold it, for a longer time than twenty letters allow for",
            "ask the datenschutzbehörde",
            "ask the datenschutzbehördeé",
            "mail a.b@example.org or é@x.fr",
            "therefore",
            "rights",
            "Is It? CAF. Keep For",
            "we share it; they may shared",
            "café we share",
            "wé share",
            "the company (\"we\" or 'we') and (also \"we\")",
            "(\"we\" is a word used far too often in long asides) here",
            "not ever shared, no: shared. not shared",
            "é not é shared",
            "",
        ] {
            let want: Vec<usize> = set.matches(text).into_iter().collect();
            assert_eq!(found(&scanner, text), want, "{text:?} ({case_insensitive})");
        }
    }
}

#[test]
fn only_patterns_with_long_prefix_literals_are_gated() {
    let gated = |p: &str| gating_literals(&syntax::parse(p).unwrap()).is_some();
    assert!(gated(r"\b(keep|retain)[a-z ]{0,60}\bfor\b"));
    assert!(gated(r"\b(data )?controllers? (for|of)\b"));
    assert!(
        gated(r"\b(is|are) the controller\b"),
        "literals run on past the group"
    );
    assert!(!gated(r"\b(is|are)\b"), "'is' is too short");
    assert!(!gated(r"[a-z0-9._%+-]+@[a-z0-9.-]+"), "no prefix literal");
    assert!(!gated(r"(data )?"), "matches the empty string");
}

#[test]
fn windowed_patterns_use_the_longest_literals_every_match_holds() {
    let lits = |p: &str| {
        factor_literals(&syntax::parse(p).unwrap()).map(|l| {
            l.into_iter()
                .map(|b| String::from_utf8(b).unwrap())
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        lits(r"\b(we|they)\W+(will )?(use|process)\b").unwrap(),
        ["use", "process"]
    );
    assert_eq!(lits(r#"\(.{0,9}"we""#).unwrap(), ["\"we\""]);
    assert_eq!(lits(r"(abc+d|xyzzy)").unwrap(), ["abc", "xyzzy"]);
    assert_eq!(
        lits(r"(ab+c|xyzzy)"),
        None,
        "one branch holds no long literal"
    );
    assert_eq!(lits(r"\bno\b"), None, "too short");
    assert_eq!(lits(r"(shared)?x"), None, "an optional part is not held");
    assert_eq!(lits(r"[a-z]+@[a-z]+"), None);
}

#[test]
fn word_characters_outside_ascii_are_found() {
    assert!(!has_non_ascii_word("plain ascii, £5 – … “quoted”"));
    assert!(has_non_ascii_word("café"));
    assert!(has_non_ascii_word("straße"));
}
