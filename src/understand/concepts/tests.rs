//! Tests of the concept reader and signals.

use super::*;

fn spec(id: &str, terms: &[&str]) -> ConceptSpec {
    ConceptSpec {
        id: id.into(),
        terms: terms.iter().map(|t| t.to_string()).collect(),
        inner: false,
    }
}

fn concepts() -> Concepts {
    Concepts::compile(
        &[
            ConceptSpec {
                id: "keep".into(),
                terms: vec!["retain".into(), "keep".into()],
                inner: false,
            },
            ConceptSpec {
                id: "item".into(),
                terms: vec!["email address".into(), "email".into(), "name".into()],
                inner: false,
            },
        ],
        &[],
    )
    .unwrap()
}

#[test]
fn inflections_share_a_stem() {
    let c = concepts();
    let keep = c.index("keep").unwrap();
    for text in [
        "we retain it",
        "it is retained",
        "she retains it",
        "we keep it",
    ] {
        assert!(c.find(text).has(keep), "{text}");
    }
    assert!(!c.find("we delete it").has(keep));
    // Irregular forms are not inflections to a stemmer: without a `[[form]]` they are not read.
    assert!(!c.find("records are kept").has(keep));
}

#[test]
fn irregular_forms_are_read_as_their_base_in_terms_and_text() {
    let forms = [
        FormSpec {
            base: "withdraw".into(),
            forms: vec!["withdrew".into(), "withdrawn".into()],
        },
        FormSpec {
            base: "keep".into(),
            forms: vec!["kept".into()],
        },
    ];
    let c = Concepts::compile(
        &[
            spec("withdraw", &["withdraw"]),
            // A term written in a form matches the base and the other forms too.
            spec("keep", &["kept on file"]),
        ],
        &forms,
    )
    .unwrap();
    let withdraw = c.index("withdraw").unwrap();
    let keep = c.index("keep").unwrap();
    for text in ["it can be withdrawn", "you withdrew it", "you may withdraw"] {
        assert!(c.find(text).has(withdraw), "{text}");
    }
    assert!(c.find("the records we keep on file").has(keep));
    assert!(c.find("it is kept on file").has(keep));
    assert!(!c.find("withdrawal of the offer").has(keep));
}

#[test]
fn multi_word_terms_count_once_and_distinct_terms_are_counted() {
    let c = concepts();
    let item = c.index("item").unwrap();
    assert_eq!(c.find("your email address").count(item), 1);
    assert_eq!(c.find("your name and email address").count(item), 2);
    assert_eq!(c.find("names, names and names").count(item), 1);
}

#[test]
fn terms_a_second_pack_adds_to_a_concept_count_as_distinct() {
    // A site's `lints/*.toml` adding terms to a built-in concept: its first term is not the
    // built-in's first term.
    let c =
        Concepts::compile(&[spec("item", &["name"]), spec("item", &["postcode"])], &[]).unwrap();
    let item = c.index("item").unwrap();
    assert_eq!(c.find("your name and postcode").count(item), 2);
}

#[test]
fn concepts_past_the_first_word_of_bits_are_found_and_merged() {
    let specs: Vec<ConceptSpec> = (0..130)
        .map(|i| ConceptSpec {
            id: format!("c{i}"),
            terms: vec![format!("word{i}")],
            inner: false,
        })
        .collect();
    let c = Concepts::compile(&specs, &[]).unwrap();
    let f = c.find("word3 and word129");
    assert!(f.has(3) && f.has(129) && !f.has(64) && !f.has(128));
    assert_eq!(f.count(129), 1);
    let mut all = Found::default();
    all.add_concepts_of(&c.find("word70"));
    all.add_concepts_of(&f);
    assert!(all.has(70) && all.has(129) && all.has(3));
    let too_many: Vec<ConceptSpec> = (0..=MAX_CONCEPTS)
        .map(|i| ConceptSpec {
            id: format!("c{i}"),
            terms: vec![format!("w{i}")],
            inner: false,
        })
        .collect();
    assert!(Concepts::compile(&too_many, &[]).is_err());
}

#[test]
fn unknown_concept_in_a_signal_is_an_error() {
    let c = concepts();
    let spec: SignalSpec =
        toml::from_str("element = \"x\"\nscope = \"sentence\"\nall = [\"nope\"]").unwrap();
    assert!(c.signal(&spec).is_err());
}

#[test]
fn a_term_spelled_exactly_matches_only_that_word_everywhere() {
    let c = Concepts::compile(
        &[
            ConceptSpec {
                id: "answerable".into(),
                terms: vec!["=controller".into(), "data controller".into()],
                inner: false,
            },
            ConceptSpec {
                id: "steer".into(),
                terms: vec!["control".into()],
                inner: false,
            },
        ],
        &[],
    )
    .unwrap();
    let answerable = c.index("answerable").unwrap();
    let steer = c.index("steer").unwrap();
    assert!(c.find("we are the controller").has(answerable));
    assert!(c.find("the data controller is").has(answerable));
    // "controller" and "control" share a stem; spelled exactly, they are two words.
    assert!(!c.find("to control the heating").has(answerable));
    assert!(!c.find("we are the controller").has(steer));
    assert!(c.find("it controls the lights").has(steer));
    // Exactly means exactly: the plural is another word.
    assert!(!c.find("joint controllers").has(answerable));
}

#[test]
fn within_finds_a_window_even_when_a_nearer_occurrence_lies_outside_it() {
    let c = Concepts::compile(
        &[
            spec("hand", &["you give"]),
            spec("others", &["your children", "other persons"]),
            spec("data", &["data"]),
        ],
        &[],
    )
    .unwrap();
    let spec: SignalSpec = toml::from_str(
        "element = \"source\"\nscope = \"sentence\"\nall = [\"hand\", \"others\"]\n\
         any = [\"data\"]\nwithin = 8",
    )
    .unwrap();
    let signal = c.signal(&spec).unwrap();
    // "your children" is nearer to "you give" than "other persons" is, but only the latter
    // fits a window of eight words with "data".
    let text =
        "when you book for your children or a group you give us these data of the other persons";
    assert!(signal.holds(&c.find(text)));
    // Too far apart on every side: no window.
    let far = "your children and a lot of other words then you give us nothing at all here data";
    assert!(!signal.holds(&c.find(far)));
}

#[test]
fn a_longer_term_hides_the_words_inside_it_except_from_inner_concepts() {
    let mut agree = spec("agree", &["consent", "agreement"]);
    agree.inner = true;
    let mut item = spec("item", &["email address", "email"]);
    item.inner = true;
    let c = Concepts::compile(
        &[
            spec("basis", &["based on your consent"]),
            spec("person", &["your"]),
            agree,
            item,
        ],
        &[],
    )
    .unwrap();
    let f = c.find("it is based on your consent, sent to your email address");
    assert!(f.has(c.index("basis").unwrap()));
    // "consent" is inner: found inside the basis's term.
    assert!(f.has(c.index("agree").unwrap()));
    // "your" is not: only the one outside the term counts.
    assert_eq!(f.positions(c.index("person").unwrap()).count(), 1);
    // An inner concept's own longer term still hides its shorter ones.
    assert_eq!(f.count(c.index("item").unwrap()), 1);
    let without = c.find("it is based on the agreement");
    assert!(!without.has(c.index("basis").unwrap()));
}

#[test]
fn before_asks_the_previous_sentence_for_its_concepts() {
    let c = Concepts::compile(
        &[
            spec("agree", &["consent"]),
            spec("undo", &["switch it off"]),
        ],
        &[],
    )
    .unwrap();
    let spec: SignalSpec = toml::from_str(
        "element = \"x\"\nscope = \"sentence\"\nall = [\"undo\"]\nbefore = [\"agree\"]",
    )
    .unwrap();
    let signal = c.signal(&spec).unwrap();
    let sentence = c.find("you can switch it off again");
    assert!(signal.holds(&sentence));
    assert!(signal.before_holds(Some(&c.find("only with your consent"))));
    assert!(!signal.before_holds(Some(&c.find("we count visits"))));
    // The first sentence of a block has none before it.
    assert!(!signal.before_holds(None));
    let plain: SignalSpec =
        toml::from_str("element = \"x\"\nscope = \"sentence\"\nall = [\"undo\"]").unwrap();
    assert!(c.signal(&plain).unwrap().before_holds(None));
}

#[test]
fn anywhere_asks_the_whole_notice() {
    let c = Concepts::compile(
        &[
            spec("agree", &["consent"]),
            spec("mind", &["change your mind"]),
        ],
        &[],
    )
    .unwrap();
    let spec: SignalSpec = toml::from_str(
        "element = \"x\"\nscope = \"sentence\"\nall = [\"mind\"]\nanywhere = [\"agree\"]",
    )
    .unwrap();
    let signal = c.signal(&spec).unwrap();
    let mut notice = Found::default();
    notice.add_concepts_of(&c.find("you can change your mind later"));
    assert!(!signal.anywhere_holds(&notice));
    notice.add_concepts_of(&c.find("photos are taken only with consent"));
    assert!(signal.anywhere_holds(&notice));
}

#[test]
fn min_on_a_none_concept_rules_out_only_that_many_distinct_terms() {
    let c = Concepts::compile(
        &[
            spec("keep", &["delete"]),
            spec("right", &["copy", "correct", "restrict"]),
        ],
        &[],
    )
    .unwrap();
    let spec: SignalSpec = toml::from_str(
        "element = \"x\"\nscope = \"sentence\"\nall = [\"keep\"]\nnone = [\"right\"]\nmin = { right = 3 }",
    )
    .unwrap();
    let signal = c.signal(&spec).unwrap();
    assert!(signal.holds(&c.find("we delete the copy after a year")));
    assert!(
        !signal
            .holds(&c.find("ask for a copy, have it corrected, restrict it, or have us delete it"))
    );
    // `min` must name a concept the signal uses.
    let stray: SignalSpec = toml::from_str(
        "element = \"x\"\nscope = \"sentence\"\nall = [\"keep\"]\nmin = { right = 3 }",
    )
    .unwrap();
    assert!(c.signal(&stray).is_err());
}

#[test]
fn an_inner_concepts_terms_hide_nothing_from_others() {
    let mut located = spec("located", &["is in"]);
    located.inner = true;
    let c = Concepts::compile(&[located, spec("answerable", &["in charge of"])], &[]).unwrap();
    let f = c.find("the town is in charge of your file");
    assert!(f.has(c.index("located").unwrap()));
    assert!(f.has(c.index("answerable").unwrap()));
    // The same term in a concept that is not inner hides the "in" of "in charge of".
    let c = Concepts::compile(
        &[
            spec("located", &["is in"]),
            spec("answerable", &["in charge of"]),
        ],
        &[],
    )
    .unwrap();
    assert!(
        !c.find("the town is in charge of your file")
            .has(c.index("answerable").unwrap())
    );
}

#[test]
fn a_stretched_signal_is_weak_and_reaches_twice_as_far() {
    let c = concepts();
    let strong: SignalSpec = toml::from_str(
        "element = \"x\"\nscope = \"sentence\"\nall = [\"keep\", \"item\"]\nwithin = 3",
    )
    .unwrap();
    let signal = c.signal(&strong).unwrap();
    let near = c.find("we keep your name");
    let apart = c.find("we keep it safe for you, your name");
    let far = c.find("we keep it safe and sound for all of you, your name");
    assert!(signal.holds(&near) && !signal.holds(&apart));
    let stretched = signal
        .stretched(2)
        .expect("a strong signal with a window stretches");
    assert_eq!(stretched.strength, Strength::Weak);
    assert!(stretched.holds(&near) && stretched.holds(&apart) && !stretched.holds(&far));
    // Only a strong signal with a window has a near miss.
    let weak: SignalSpec = toml::from_str(
        "element = \"x\"\nscope = \"sentence\"\nall = [\"keep\"]\nwithin = 3\nstrength = \"weak\"",
    )
    .unwrap();
    assert!(c.signal(&weak).unwrap().stretched(2).is_none());
    let unbounded: SignalSpec =
        toml::from_str("element = \"x\"\nscope = \"sentence\"\nall = [\"keep\", \"item\"]")
            .unwrap();
    assert!(c.signal(&unbounded).unwrap().stretched(2).is_none());
}
