//! `--format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts.
//!
//! Only the subset GitHub reads is emitted (see docs/check.md). `tests/check_sarif.rs`
//! round-trips the output through `serde-sarif` and checks GitHub's required fields.

use serde::Serialize;

use super::check::Outcome;
use super::{REPO_URL, effective_level, help_uri, legal_reference, rule_title};
use crate::lint::{Diagnostic, Level, Rule};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    automation_details: AutomationDetails,
    original_uri_base_ids: serde_json::Value,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
}

/// SARIF's name for a level.
pub fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

pub fn render(outcome: &Outcome) -> String {
    let jurisdiction = outcome.config.jurisdiction.as_str();
    let on: Vec<(&Rule, Level)> = super::sorted_rules(outcome.rules.rules())
        .into_iter()
        .filter_map(|r| effective_level(&outcome.rules, r).map(|l| (r, l)))
        .collect();
    let rules = on
        .iter()
        .map(|(r, level)| descriptor(r, *level, jurisdiction))
        .collect();
    let mut results = Vec::new();
    for c in &outcome.checked {
        let mut hashes = LineHashes::default();
        for d in &c.report.diagnostics {
            let rule_index = on.iter().position(|(r, _)| r.code == d.code).unwrap_or(0);
            let line_hash = hashes.next(&d.code, c.source.line_text(d.line));
            results.push(result(d, rule_index, &c.report.path, line_hash));
        }
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "informed",
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: REPO_URL,
                    rules,
                },
            },
            automation_details: AutomationDetails { id: "informed/" },
            original_uri_base_ids: serde_json::json!({"%SRCROOT%": {"description": {"text": "The folder `informed check` ran in (the repository root in CI)."}}}),
            results,
        }],
    };
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn descriptor<'a>(rule: &'a Rule, level: Level, jurisdiction: &str) -> ReportingDescriptor<'a> {
    let legal = legal_reference(&rule.article, jurisdiction);
    let first_paragraph = rule
        .docs
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let full = match &legal {
        Some(l) if !first_paragraph.is_empty() => format!("{first_paragraph} ({l})"),
        Some(l) => l.clone(),
        None => first_paragraph,
    };
    let explain = format!(
        "Run `informed explain {}` for the full documentation.",
        rule.code
    );
    let mut markdown = format!("**{}**\n\n{}\n\n", rule.help.trim(), rule.docs.trim());
    if let Some(l) = &legal {
        markdown.push_str(&format!("Legal reference: {l}.\n\n"));
    }
    markdown.push_str(&explain);
    let mut tags = vec!["privacy".to_string(), "gdpr".to_string()];
    if let Some(pack) = pack_name(&rule.pack) {
        tags.push(pack);
    }
    ReportingDescriptor {
        id: &rule.code,
        name: &rule.slug,
        short_description: Text {
            text: rule_title(&rule.slug),
        },
        full_description: Text { text: full },
        help: Help {
            text: format!("{}\n\n{}", rule.help.trim(), explain),
            markdown,
        },
        help_uri: help_uri(rule),
        default_configuration: Configuration {
            level: sarif_level(level),
        },
        properties: RuleProperties {
            tags,
            precision: "medium",
            problem_severity: match level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "recommendation",
            },
        },
    }
}

fn result<'a>(
    d: &'a Diagnostic,
    rule_index: usize,
    path: &str,
    line_hash: String,
) -> SarifResult<'a> {
    let (uri, uri_base_id) = artifact_uri(path);
    let mut text = d.message.clone();
    if !d.help.is_empty() {
        text.push_str(&format!("\nhelp: {}", d.help));
    }
    SarifResult {
        rule_id: &d.code,
        rule_index,
        level: sarif_level(d.level),
        message: Text { text },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri, uri_base_id },
                region: Region {
                    start_line: d.line,
                    start_column: d.column,
                    end_line: d.end_line,
                    end_column: d.end_column,
                },
            },
        }],
        partial_fingerprints: Fingerprints {
            primary_location_line_hash: line_hash,
        },
    }
}

/// The pack's file stem (`required`, `rights`, …) from its name as loaded.
fn pack_name(pack: &str) -> Option<String> {
    let file = pack.rsplit(['/', '\\']).next()?;
    let stem = file.strip_suffix(".toml").unwrap_or(file);
    (!stem.is_empty()).then(|| stem.to_string())
}

/// A relative path becomes a relative URI against `%SRCROOT%`; a path outside the current
/// folder (absolute, or climbing with `..`) becomes a `file://` URI.
pub fn artifact_uri(path: &str) -> (String, Option<&'static str>) {
    let outside = path.starts_with('/') || path.split('/').any(|s| s == "..");
    if outside {
        let absolute = std::fs::canonicalize(path)
            .map(|p| super::check::display_path(&p, std::path::Path::new("")))
            .unwrap_or_else(|_| path.to_string());
        let absolute = if absolute.starts_with('/') {
            absolute
        } else {
            format!("/{absolute}")
        };
        (format!("file://{}", percent_encode(&absolute)), None)
    } else {
        (percent_encode(path), Some("%SRCROOT%"))
    }
}

/// Percent-encode everything but unreserved characters and `/` (RFC 3986).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `primaryLocationLineHash` values for one file, like GitHub's upload action computes them:
/// a hash of the finding's line with whitespace removed, and `:n` for the rule's n-th finding
/// on a line with that same text, so alerts follow the text when lines move and one rule's
/// findings coming or going does not renumber another's.
#[derive(Default)]
struct LineHashes {
    seen: std::collections::BTreeMap<(String, u64), usize>,
}

impl LineHashes {
    fn next(&mut self, rule: &str, line: &str) -> String {
        let hash = fnv1a(
            line.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .as_bytes(),
        );
        let n = self.seen.entry((rule.to_string(), hash)).or_insert(0);
        *n += 1;
        format!("{hash:016x}:{n}")
    }
}

/// FNV-1a, 64-bit: small, and stable across Rust versions (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            artifact_uri("content/a b.md"),
            ("content/a%20b.md".to_string(), Some("%SRCROOT%"))
        );
        let (uri, base) = artifact_uri("/tmp/does-not-exist/x.md");
        assert_eq!(uri, "file:///tmp/does-not-exist/x.md");
        assert_eq!(base, None);
    }

    #[test]
    fn line_hashes_ignore_whitespace_and_count_repeats() {
        let mut h = LineHashes::default();
        let a = h.next("INF202", "## Your  rights");
        let b = h.next("INF202", "##Your rights ");
        let c = h.next("INF203", "## Your rights");
        assert_eq!(a.split(':').next(), b.split(':').next());
        assert!(a.ends_with(":1") && b.ends_with(":2"));
        assert!(c.ends_with(":1"), "counted per rule");
    }
}
