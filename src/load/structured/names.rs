//! Names accepted in structured front matter and the ids they normalise to.

use std::sync::OnceLock;

use serde::Deserialize;

/// One lawful basis of `lints/law/lawful-bases.toml`: its id, its Article 6(1) point and the
/// spellings that mean it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawfulBasis {
    pub id: String,
    pub point: String,
    pub spellings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BasisTable {
    basis: Vec<LawfulBasis>,
}

/// The one table of lawful-basis spellings (`lints/law/lawful-bases.toml`, embedded), in
/// Article 6(1) order.
pub fn lawful_bases() -> &'static [LawfulBasis] {
    static TABLE: OnceLock<Vec<LawfulBasis>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let text = include_str!("../../../lints/law/lawful-bases.toml");
        let mut table: BasisTable = toml::from_str(text)
            .unwrap_or_else(|e| panic!("lints/law/lawful-bases.toml (built in): {e}"));
        for b in &mut table.basis {
            b.spellings = b.spellings.iter().map(|s| simplify(s)).collect();
        }
        table.basis
    })
}

/// Accepted names of transfer safeguards, normalised.
pub const MECHANISMS: &[&str] = &[
    "adequacy",
    "idta",
    "uk_addendum",
    "scc",
    "uk_us_data_bridge",
    "bcr",
    "derogation",
];

/// Controller kinds.
pub const CONTROLLER_KINDS: &[&str] = &["public_authority", "private", "charity"];

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
pub fn normalise_basis(raw: &str) -> Option<&'static str> {
    let s = simplify(raw);
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let table = lawful_bases();
    let by_point = table
        .iter()
        .find(|b| compact == b.point || compact == b.point.replace("6(1)", ""));
    by_point
        .or_else(|| table.iter().find(|b| b.spellings.contains(&s)))
        .map(|b| b.id.as_str())
}

pub fn normalise_mechanism(raw: &str) -> Option<&'static str> {
    let s = raw.trim().to_lowercase().replace(['-', '_'], " ");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(m) = MECHANISMS.iter().find(|m| m.replace('_', " ") == s) {
        return Some(m);
    }
    Some(match s.as_str() {
        "uk adequacy" | "adequacy regulations" | "adequacy decision" | "adequate" => "adequacy",
        "international data transfer agreement" => "idta",
        "addendum" | "international data transfer addendum" => "uk_addendum",
        "sccs" | "standard contractual clauses" => "scc",
        "data bridge" | "uk us data bridge" | "uk extension" => "uk_us_data_bridge",
        "binding corporate rules" | "bcrs" => "bcr",
        "a49" | "article 49" | "derogations" | "exception" | "exceptions" => "derogation",
        _ => return None,
    })
}

pub fn normalise_kind(raw: &str) -> Option<&'static str> {
    let s = raw.trim().to_lowercase().replace(['-', '_'], " ");
    Some(match s.as_str() {
        "public authority" | "public body" | "public" => "public_authority",
        "private" | "company" | "business" | "private company" => "private",
        "charity" | "voluntary" | "non profit" | "not for profit" => "charity",
        _ => return None,
    })
}
