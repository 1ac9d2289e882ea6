//! Names accepted in structured front matter and the ids they normalise to.

/// The normalised lawful-basis ids, with the Art 6(1) point each stands for.
pub const LAWFUL_BASES: &[(&str, &str)] = &[
    ("consent", "6(1)(a)"),
    ("contract", "6(1)(b)"),
    ("legal_obligation", "6(1)(c)"),
    ("vital_interests", "6(1)(d)"),
    ("public_task", "6(1)(e)"),
    ("recognised_legitimate_interests", "6(1)(ea)"),
    ("legitimate_interests", "6(1)(f)"),
];

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

/// Normalise one lawful basis as written ("public task", "6(1)(e)", "Legitimate interests").
pub fn normalise_basis(raw: &str) -> Option<&'static str> {
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
    let s = s.trim_end_matches(" of the").trim();
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let by_point = LAWFUL_BASES
        .iter()
        .find(|(_, point)| compact == *point || compact == point.replace("6(1)", ""));
    if let Some((id, _)) = by_point {
        return Some(id);
    }
    Some(match s {
        "consent" => "consent",
        "contract" | "contractual" | "performance of a contract" | "necessary for a contract" => {
            "contract"
        }
        "legal obligation" | "legal obligations" | "legal requirement" => "legal_obligation",
        "vital interest" | "vital interests" => "vital_interests",
        "public task"
        | "public tasks"
        | "public interest"
        | "official authority"
        | "public interest or official authority" => "public_task",
        "legitimate interest" | "legitimate interests" | "li" => "legitimate_interests",
        "recognised legitimate interest"
        | "recognised legitimate interests"
        | "recognized legitimate interest"
        | "recognized legitimate interests"
        | "recognised li"
        | "rli" => "recognised_legitimate_interests",
        _ => return None,
    })
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
