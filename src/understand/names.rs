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

/// Is this block a name standing alone? A paragraph of one to eight words, the first capitalised,
/// every other word capitalised, a joiner, or a legal form ("S.p.A.", "GmbH" pass as written); no
/// sentence punctuation, no address or link.
pub(crate) fn is_name_line(doc: &Document, block: usize) -> bool {
    let b = &doc.blocks[block];
    if b.kind != BlockKind::Paragraph || b.heading.is_some() {
        return false;
    }
    let text = b.text.trim().trim_end_matches([',', '.']);
    if text.is_empty()
        || text.len() > 80
        || text.contains([':', '?', '!', '@', ';', '/', '(', '"', '“'])
        || text.contains(". ")
    {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let starts_upper = |w: &str| w.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase);
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
