//! Report: findings formatted for people (human) and for tools (json, sarif, github), and the
//! rules' own documentation (`explain`, `rules`, docs/rules.md).

pub(crate) mod check;
pub mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod rules_doc;
pub(crate) mod sarif;
mod snippet;
pub(crate) mod spool;
pub(crate) mod stream;
pub(crate) mod terminal;

use std::io::Write;

use crate::error::{Error, Result};
use crate::lint::{Level, Rule, RuleSet};

/// The formats `informed check` writes (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// The project's home page (SARIF `informationUri`).
pub(crate) const REPO_URL: &str = "https://github.com/informed-notices/informed";

/// Where docs/rules.md is published; each rule has the anchor `#<code in lower case>`.
pub(crate) const RULES_DOC_URL: &str =
    "https://github.com/informed-notices/informed/blob/main/docs/rules.md";

/// A rule by code or slug, ignoring case; an unknown name suggests the nearest one.
pub(crate) fn find_rule<'a>(rules: &'a RuleSet, name: &str) -> Result<&'a Rule> {
    let name = name.trim();
    if let Some(r) = rules
        .rules()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(name) || r.slug.eq_ignore_ascii_case(name))
    {
        return Ok(r);
    }
    let lower = name.to_lowercase();
    let mut names: Vec<String> = Vec::new();
    for r in rules.rules() {
        names.push(r.code.to_lowercase());
        names.push(r.slug.clone());
    }
    let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut err = Error::new(format!("no rule named `{name}`"));
    err = match crate::config::suggest(&lower, &candidates) {
        Some(s) => {
            let shown = rules
                .rules()
                .iter()
                .find(|r| r.code.eq_ignore_ascii_case(s))
                .map_or(s.to_string(), |r| r.code.clone());
            err.with_note(format!("help: did you mean `{shown}`?"))
        }
        None => err.with_note("help: `informed rules` lists every rule"),
    };
    Err(err)
}

/// The rules in code order (packs are loaded file by file).
pub(crate) fn sorted_rules(rules: &[Rule]) -> Vec<&Rule> {
    let mut v: Vec<&Rule> = rules.iter().collect();
    v.sort_by(|a, b| a.code.cmp(&b.code));
    v
}

/// The level a rule runs at after informed.toml (`None` = off).
pub(crate) fn effective_level(rules: &RuleSet, rule: &Rule) -> Option<Level> {
    rules
        .levels
        .get(&rule.code)
        .copied()
        .unwrap_or(Some(rule.level))
}

/// "UK GDPR Article 13(2)(a)" for an article number; other references (an Act, a court case)
/// as written; nothing for `-` (rules about informed itself).
pub(crate) fn legal_reference(article: &str, jurisdiction: &str) -> Option<String> {
    let article = article.trim();
    if article.is_empty() || article == "-" {
        return None;
    }
    let law = if jurisdiction.eq_ignore_ascii_case("eu") {
        "EU GDPR"
    } else {
        "UK GDPR"
    };
    let mut named = false;
    let parts: Vec<String> = article
        .split(';')
        .map(|part| {
            let part = part.trim();
            if !part.starts_with(|c: char| c.is_ascii_digit()) {
                return part.to_string();
            }
            let word = if part.contains(['/', ',', '-']) {
                "Articles"
            } else {
                "Article"
            };
            let prefix = if named {
                String::new()
            } else {
                format!("{law} ")
            };
            named = true;
            format!("{prefix}{word} {part}")
        })
        .collect();
    Some(parts.join("; "))
}

/// The rule's documentation URL: its own `url`, else its anchor in docs/rules.md.
pub(crate) fn help_uri(rule: &Rule) -> String {
    rule.url
        .clone()
        .unwrap_or_else(|| format!("{RULES_DOC_URL}#{}", rule.code.to_lowercase()))
}

/// A short title from the slug: `missing-retention` → "Missing retention".
pub(crate) fn rule_title(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A rule's message as a template for listings: the optional `{because}` clause dropped,
/// other placeholders kept (`{match}`).
pub(crate) fn message_template(message: &str) -> String {
    message.replace("{because}", "")
}

/// Write to stdout, control characters escaped (the text may come from a site's own rule
/// packs); a closed pipe (`informed check | head`) is not an error.
pub(crate) fn print(text: &str) -> Result<()> {
    let text = terminal::visible(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::new(format!("cannot write the report: {e}")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_references_name_the_law() {
        assert_eq!(
            legal_reference("13(2)(a)", "uk").unwrap(),
            "UK GDPR Article 13(2)(a)"
        );
        assert_eq!(
            legal_reference("13(2)(a) / 14(2)(a)", "eu").unwrap(),
            "EU GDPR Articles 13(2)(a) / 14(2)(a)"
        );
        assert_eq!(legal_reference("DPA 2018", "uk").unwrap(), "DPA 2018");
        assert_eq!(
            legal_reference("9(2); DPA 2018 s.10 and Sch 1", "uk").unwrap(),
            "UK GDPR Article 9(2); DPA 2018 s.10 and Sch 1"
        );
        assert_eq!(
            legal_reference("13(1)(b) / 14(1)(b); 37(1)(a)", "uk").unwrap(),
            "UK GDPR Articles 13(1)(b) / 14(1)(b); Article 37(1)(a)"
        );
        assert_eq!(legal_reference("-", "uk"), None);
    }

    #[test]
    fn titles_from_slugs() {
        assert_eq!(rule_title("missing-retention"), "Missing retention");
    }
}
