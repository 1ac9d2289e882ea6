//! Names accepted in structured front matter and the ids they normalise to.

use std::sync::OnceLock;

use crate::law::LawfulBasis;

/// The one table of lawful-basis spellings (`lints/law/lawful-bases.toml`, embedded), in
/// Article 6(1) order.
pub(crate) fn lawful_bases() -> &'static [LawfulBasis] {
    crate::law::lawful_bases()
}

/// Each basis's spellings, simplified as [`normalise_basis`] compares them.
fn simplified_spellings() -> &'static [Vec<String>] {
    static T: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    T.get_or_init(|| {
        lawful_bases()
            .iter()
            .map(|b| b.spellings.iter().map(|s| simplify(s)).collect())
            .collect()
    })
}

/// Accepted names of transfer safeguards (`lints/law/transfer-mechanisms.toml`), normalised.
pub(crate) fn mechanisms() -> Vec<&'static str> {
    crate::law::mechanisms()
        .iter()
        .map(|m| m.id.as_str())
        .collect()
}

/// Controller kinds.
pub(crate) const CONTROLLER_KINDS: &[&str] = &["public_authority", "private", "charity"];

/// Lower case, `-`/`_` as spaces, without "Article"/"Art."/"UK GDPR", single spaces.
fn simplify(raw: &str) -> String {
    let s: String = raw
        .trim()
        .to_lowercase()
        .replace(['-', '_'], " ")
        .replace("article ", "")
        .replace("art. ", "")
        .replace("art ", "")
        .replace("uk gdpr", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    s.trim_end_matches(" of the").trim().to_string()
}

/// Normalise one lawful basis as written ("public task", "6(1)(e)", "Legitimate interests",
/// "LI", "legal duty") to its id, by the one table ([`lawful_bases`]). Front-matter validation
/// and the linter's facts both use this, so every accepted spelling means the same basis.
pub(crate) fn normalise_basis(raw: &str) -> Option<&'static str> {
    let s = simplify(raw);
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let table = lawful_bases();
    let by_point = table
        .iter()
        .find(|b| compact == b.point || compact == b.point.replace("6(1)", ""));
    let by_spelling = || {
        let i = simplified_spellings()
            .iter()
            .position(|sp| sp.contains(&s))?;
        table.get(i)
    };
    by_point.or_else(by_spelling).map(|b| b.id.as_str())
}

/// A transfer safeguard as written ("SCCs", "uk-addendum") to its id.
pub(crate) fn normalise_mechanism(raw: &str) -> Option<&'static str> {
    let s = raw.trim().to_lowercase().replace(['-', '_'], " ");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let table = crate::law::mechanisms();
    table
        .iter()
        .find(|m| m.id.replace('_', " ") == s)
        .or_else(|| table.iter().find(|m| m.spellings.contains(&s)))
        .map(|m| m.id.as_str())
}

pub(crate) fn normalise_kind(raw: &str) -> Option<&'static str> {
    let s = raw.trim().to_lowercase().replace(['-', '_'], " ");
    Some(match s.as_str() {
        "public authority" | "public body" | "public" => "public_authority",
        "private" | "company" | "business" | "private company" => "private",
        "charity" | "voluntary" | "non profit" | "not for profit" => "charity",
        _ => return None,
    })
}
