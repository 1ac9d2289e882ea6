//! Names standing alone: a short line of capitalised words, as an organisation's name sits above
//! its address in a contact block ("Example Trading Ltd", "Department for Examples"). Detection
//! cannot list names, so it recognises the shape of one; the packs decide what the shape means
//! (a `name-line` concept in a signal) and which words rule a line out (`not-a-name`).

use crate::document::{BlockKind, Document};

/// The concept the reader fills in for a block that is a name standing alone.
pub(crate) const NAME_LINE: &str = "name-line";
/// Words that make a short capitalised line a label or a role, not a name ("Contact Us",
/// "Data Protection Officer").
pub(crate) const NOT_A_NAME: &str = "not-a-name";

/// Small words a name may hold in lower case ("Department for Education", "Smith & Co").
const JOINERS: &[&str] = &[
    "and", "of", "for", "the", "de", "du", "la", "le", "von", "van", "der", "und", "&", "+", "-",
    "–", "at", "in", "on",
];

/// Is sentence `text` of block `block` a name standing alone? It must sit in a paragraph (not a
/// heading or list item) and be one to eight words, the first capitalised, every other word
/// capitalised, a joiner, or a legal form ("S.p.A.", "GmbH" pass as written); no sentence
/// punctuation inside, no address or link, no `|` (a table row, or a menu such as "English |
/// Japanese"). "Quayside Apps" on its own line is one; so is the answer "Eastmere Borough
/// Council." after a bold "Who is using my information?".
pub(crate) fn is_name_line(doc: &Document, block: usize, text: &str) -> bool {
    let b = &doc.blocks[block];
    b.kind == BlockKind::Paragraph && b.heading.is_none() && has_name_shape(text)
}

/// One to eight words, the first capitalised, every other capitalised, a joiner or a legal
/// form; no sentence punctuation, address, link or `|` (see [`is_name_line`]).
pub(super) fn has_name_shape(text: &str) -> bool {
    let text = text.trim().trim_end_matches([',', '.']);
    if text.is_empty()
        || text.len() > 80
        || text.contains([':', '?', '!', '@', ';', '/', '(', '"', '“', '|'])
        || text.contains(". ")
    {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let starts_upper =
        |w: &str| (w.chars().find(|c| c.is_alphanumeric())).is_some_and(char::is_uppercase);
    let has_letter = |w: &str| w.chars().any(char::is_alphabetic);
    if !starts_upper(words[0]) || !words.iter().any(|w| has_letter(w)) {
        return false;
    }
    // A single word must look like a name, not a label: two capitals ("FitCo", "ACME") or more
    // than one word.
    if words.len() == 1 && words[0].chars().filter(|c| c.is_uppercase()).count() < 2 {
        return false;
    }
    words.iter().all(|w| {
        starts_upper(w)
            || JOINERS.contains(&w.to_lowercase().as_str())
            || !has_letter(w)
            || w.chars().any(char::is_uppercase)
    })
}

/// The concept the reader fills in where a sentence names an organisation in passing: two or
/// more capitalised words, one of them a word for an institution ("Hollowfield Primary School",
/// "Department for Roads and Regions", "Brookside Homes Limited").
pub(crate) const ORGANISATION_NAME: &str = "organisation-name";
/// Words for kinds of organisation, as names end or begin with them ("School", "Council",
/// "Limited", "Studios"): the packs' `institution` concept.
pub(crate) const INSTITUTION: &str = "institution";
/// Regulators are organisations too, but never the notice's own: the packs' `authority` concept.
pub(crate) const AUTHORITY: &str = "authority";

/// Words a name may start after but never holds: "the Department for Roads", "our School".
const DETERMINERS: &[&str] = &[
    "the", "our", "this", "your", "a", "an", "my", "their", "its", "these", "those", "we", "we're",
    "i", "i'm",
];

/// The concept whose words make a sentence answer who is responsible ("the controller is …",
/// "\"we\" means …"): in such a sentence a name right after "is" or "means" is the answer.
pub(crate) const NAMES_ANSWER: &str = "names-answer";

/// Where a sentence stands, for reading the names in it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NameContext {
    /// The word where the body under a heading asking who the organisation is starts: a run
    /// starting there is the body's subject ("**Who we are.** Fietsmakerij De Spaak is a
    /// bicycle repair shop").
    pub opens_body: Option<usize>,
    /// The sentence says who is responsible or who "we" are ([`NAMES_ANSWER`]).
    pub answers: bool,
}

/// Where a sentence names an organisation: the word index (as the concept reader counts words)
/// of the last word of each run of capitalised words that `is_institution` accepts one word of and `ruled_out`
/// does not reject as a whole (a role, a label, a regulator). A name the notice gives itself
/// needs no institution word: after "we are" or "I'm", with `("we")` or "is me" after it,
/// opening the body under a who-we-are heading, or as the answer in a sentence saying who is
/// responsible (see [`NameContext`]).
pub(crate) fn organisation_names(
    original: &str,
    context: NameContext,
    is_institution: impl Fn(&str) -> bool,
    ruled_out: impl Fn(&str) -> bool,
) -> Vec<u32> {
    // Curly apostrophes as the normaliser writes them, so word indexes agree with the reader's.
    let clean: String = original
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' => '\'',
            c => c,
        })
        .collect();
    let words = super::concepts::words(&clean);
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // A name does not run on past punctuation: "Hollowfield School, Mill Lane" is two runs.
    let offset = |w: &str| w.as_ptr() as usize - clean.as_ptr() as usize;
    let joined = |a: usize, b: usize| {
        let gap = &clean[offset(words[a]) + words[a].len()..offset(words[b])];
        gap.chars().all(|c| c == ' ' || c == '&')
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let lower = words[i].to_lowercase();
        if !capitalised(words[i]) || DETERMINERS.contains(&lower.as_str()) {
            i += 1;
            continue;
        }
        // The run: capitalised words, with joiners between them ("Department for Roads").
        let start = i;
        let mut end = i + 1;
        while end < words.len() && joined(end - 1, end) {
            if capitalised(words[end]) {
                end += 1;
            } else if JOINERS.contains(&words[end].to_lowercase().as_str())
                && words.get(end + 1).is_some_and(|w| capitalised(w))
                && joined(end, end + 1)
            {
                end += 2;
            } else {
                break;
            }
        }
        // A sentence's first word is capitalised whatever it is: "Contact the Department for
        // Roads" names the department, not "Contact the Department".
        // (Not where the run opens the body under "Who we are": "Fietsmakerij De Spaak is…".)
        let mut start = start;
        if start == 0
            && context.opens_body != Some(0)
            && !is_institution(&lower)
            && words
                .get(1)
                .is_some_and(|w| JOINERS.contains(&w.to_lowercase().as_str()))
        {
            start = 2;
        }
        let run = &words[start.min(end)..end];
        let lowered: Vec<String> = run.iter().map(|w| w.to_lowercase()).collect();
        let named: Vec<&String> = (lowered.iter())
            .filter(|w| !JOINERS.contains(&w.as_str()))
            .collect();
        let institutions = named.iter().filter(|w| is_institution(w)).count();
        let after = &clean[offset(words[end - 1]) + words[end - 1].len()..];
        let self_named = introduces_itself(&words[..start])
            || context.opens_body == Some(start)
            || (context.answers && answers_after(&words[..start]))
            || defined_as_us(after)
            || is_the_writer(&words[end..])
            || described_as_maker(after, &words[end..]);
        if named.len() >= 2
            && (institutions >= 1 || self_named)
            && institutions < named.len()
            && !ruled_out(&lowered.join(" "))
        {
            // Where the name ends: "… NHS Trust provides" is near what follows it.
            found.push((end - 1) as u32);
        }
        i = end;
    }
    found
}

/// Do the words before a capitalised run end with "is", "are", "means" or "refers to" (the
/// answer in "the controller is …", "\"we\" means …")?
fn answers_after(before: &[&str]) -> bool {
    ends_with_any(
        before,
        &["is", "are", "means", "mean", "refers to", "refer to"],
    )
}

/// Does the text after a run define it as "we" (`Example Bakery ("we", "us")`)?
fn defined_as_us(after: &str) -> bool {
    let Some(inside) = after.trim_start().strip_prefix('(') else {
        return false;
    };
    let inside = inside.split(')').next().unwrap_or("").to_lowercase();
    let inside = inside.trim_start_matches("hereinafter").trim_start();
    ["\"we", "\u{201c}we", "'we", "\"us", "\u{201c}us"]
        .iter()
        .any(|q| inside.starts_with(q))
}

/// Does the text after a run describe it, in apposition, as one who makes or runs things: a
/// developer, a company, a studio ("Luka Varga, an independent developer, runs the app")?
/// `after` is the text after the run (for its comma), `next` the words after it.
fn described_as_maker(after: &str, next: &[&str]) -> bool {
    const MAKERS: &[&str] = &["developer", "company", "studio", "publisher", "business"];
    if !after.trim_start().starts_with(',') {
        return false;
    }
    let lower: Vec<String> = next.iter().take(5).map(|w| w.to_lowercase()).collect();
    let Some((article, rest)) = lower.split_first() else {
        return false;
    };
    // The maker word heads the next four words ("a small indie studio", "a simplified
    // joint-stock company": the reader splits at hyphens), not "a friend of the developer".
    ["a", "an"].contains(&article.as_str())
        && rest
            .iter()
            .take_while(|w| !["of", "for", "with", "who", "that", "at"].contains(&w.as_str()))
            .any(|w| MAKERS.contains(&w.as_str()))
}

/// Do the words after a run say the organisation is the writer: "is me" or "is us", perhaps
/// with "just", "simply", "really" or "only" between ("Keyhold Locks is me, Dan Okafor")?
fn is_the_writer(after: &[&str]) -> bool {
    let lower: Vec<String> = after.iter().take(3).map(|w| w.to_lowercase()).collect();
    let mut rest = match lower.split_first() {
        Some((first, rest)) if first == "is" => rest,
        _ => return false,
    };
    if let Some((adverb, tail)) = rest.split_first()
        && ["just", "simply", "really", "only"].contains(&adverb.as_str())
    {
        rest = tail;
    }
    rest.first().is_some_and(|w| w == "me" || w == "us")
}

/// Do the words before a capitalised run end with "we are", "we're", "I am" or "I'm"?
fn introduces_itself(before: &[&str]) -> bool {
    ends_with_any(before, &["we are", "we're", "i am", "i'm"])
}

/// Do `words` end with one of `phrases` (lower-case, curly apostrophes as straight ones)?
fn ends_with_any(words: &[&str], phrases: &[&str]) -> bool {
    phrases.iter().any(|phrase| {
        let wanted: Vec<&str> = phrase.split(' ').collect();
        words.len() >= wanted.len()
            && words[words.len() - wanted.len()..]
                .iter()
                .zip(&wanted)
                .all(|(w, p)| w.to_lowercase().replace('\u{2019}', "'") == *p)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_markdown;

    /// Is the first block of `md`, read whole, a name line?
    fn name_line(md: &str) -> bool {
        let doc = parse_markdown(md, 0);
        let text = doc.blocks[0].text.clone();
        is_name_line(&doc, 0, &text)
    }

    #[test]
    fn names_standing_alone_are_recognised() {
        for md in [
            "Quayside Apps\n",
            "Department for Examples\n",
            "Smith & Jones Partners\n",
            "Example Trading S.p.A.\n",
            "QuaySide\n",
        ] {
            assert!(name_line(md), "{md:?}");
        }
    }

    #[test]
    fn a_sentence_that_is_only_a_name_counts() {
        let doc = parse_markdown(
            "**Who is using my information?** Eastmere Borough Council.\n",
            0,
        );
        assert!(is_name_line(&doc, 0, "Eastmere Borough Council."));
        assert!(!is_name_line(
            &doc,
            0,
            "You can write to our Information Governance Team."
        ));
    }

    #[test]
    fn sentences_labels_and_lists_are_not_names() {
        for md in [
            "We collect your name.\n",
            "Contact: Quayside Apps\n",
            "Email privacy@example.org\n",
            "quayside apps\n",
            "Thanks\n",
            "- Quayside Apps\n",
            "# Quayside Apps\n",
            "One Two Three Four Five Six Seven Eight Nine\n",
            "Quayside Apps. We make maps\n",
            "English | Japanese\n",
        ] {
            assert!(!name_line(md), "{md:?}");
        }
    }

    #[test]
    fn organisations_named_in_a_sentence_are_found() {
        let institution = |w: &str| ["school", "department", "limited", "office"].contains(&w);
        let regulator = |run: &str| run.contains("commissioner");
        let at = |s: &str| organisation_names(s, NameContext::default(), institution, regulator);
        assert_eq!(
            at("Hollowfield Primary School, Mill Lane, is responsible."),
            vec![2]
        );
        assert_eq!(
            at("Contact the Department for Roads and Regions today"),
            vec![6]
        );
        assert_eq!(at("We are Brookside Homes Limited."), vec![4]);
        assert_eq!(
            at("Hollowfield Primary School, Hollowfield HF3 2PQ, is responsible."),
            vec![2]
        );
        // One word, an institution word alone, a determiner, or a regulator: not a name.
        assert!(at("The School keeps records.").is_empty());
        assert!(at("Our Department Office writes.").is_empty());
        assert!(at("Write to the Information Commissioner\u{2019}s Office.").is_empty());
        assert!(at("Brookside collects little.").is_empty());
        // A name the notice gives itself needs no institution word; others do.
        assert_eq!(at("We are Oakfield Disability Advocacy."), vec![4]);
        assert_eq!(at("We\u{2019}re Oakfield Disability Advocacy."), vec![3]);
        assert!(at("They use Oakfield Disability Advocacy.").is_empty());
        assert_eq!(at("I\u{2019}m Joanna Pryce, and I translate."), vec![2]);
        assert!(at("I met Joanna Pryce.").is_empty());
        // The subject of the first sentence under "Who we are" needs none either.
        let opening = |s: &str| {
            let context = NameContext {
                opens_body: Some(0),
                answers: false,
            };
            organisation_names(s, context, institution, regulator)
        };
        assert_eq!(opening("Fietsmakerij De Spaak is a bicycle shop."), vec![2]);
        assert!(at("Fietsmakerij De Spaak is a bicycle shop.").is_empty());
        assert!(opening("Repairs are done by Fietsmakerij De Spaak.").is_empty());
        // A name defined as "we", or given as the answer to who is responsible.
        assert_eq!(
            at("Harbour Lights Bakery (\"we\", \"us\") runs it."),
            vec![2]
        );
        assert_eq!(
            at("Harbour Lights Bakery (hereinafter \u{201c}we\u{201d}) runs it."),
            vec![2]
        );
        assert!(at("Harbour Lights Bakery (since 1990) runs it.").is_empty());
        // A name said to be the writer: "Keyhold Locks is me, Dan Okafor".
        assert_eq!(at("Keyhold Locks is me, Dan Okafor."), vec![1]);
        assert_eq!(at("Fernside Pottery is just us two."), vec![1]);
        assert!(at("Keyhold Locks is mine to run.").is_empty());
        assert!(at("Keyhold Locks is a shop run by me.").is_empty());
        // A name described as one who makes or runs things.
        assert_eq!(
            at("It is run by Luka Varga, an independent developer."),
            vec![5]
        );
        assert_eq!(at("Made by Pine Hollow, a small indie studio."), vec![3]);
        assert!(at("It is run by Luka Varga, who lives nearby.").is_empty());
        assert!(at("We met Luka Varga, a friend of the developer.").is_empty());
        let answer = |s: &str| {
            let context = NameContext {
                opens_body: None,
                answers: true,
            };
            organisation_names(s, context, institution, regulator)
        };
        assert_eq!(
            answer("The responsible body is Stadtwerke Lindenau."),
            vec![5]
        );
        assert_eq!(
            answer("In this notice we means Brightpath Tutors."),
            vec![6]
        );
        assert!(at("The responsible body is Stadtwerke Lindenau.").is_empty());
        assert!(answer("Stadtwerke Lindenau sends us letters.").is_empty());
    }
}
