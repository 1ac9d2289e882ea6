//! `--format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts.
//!
//! Only the subset GitHub reads is emitted (see docs/check.md). `tests/it/check/sarif.rs`
//! round-trips the output through `serde-sarif` and checks GitHub's required fields.

mod schema;

use schema::{
    ArtifactLocation, AutomationDetails, Configuration, Driver, Fingerprints, Help, Location, Log,
    PhysicalLocation, Region, ReportingDescriptor, RuleProperties, Run, SarifResult, Text, Tool,
};

use super::check::Checked;
use super::json::PrettyArray;
use super::{REPO_URL, effective_level, help_uri, legal_reference, rule_title};
use crate::lint::{Diagnostic, Level, Rule, RuleSet};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's name for a level.
pub(crate) fn sarif_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// The log written a notice at a time (see [`super::stream`]): everything up to `results`
/// once, then each notice's results as it is checked, then the end. The bytes are the same as
/// serialising the whole log at once with `serde_json::to_string_pretty`.
pub(crate) struct Sarif<'a> {
    /// The rules in effect, in the order of the log's `rules` (a result's `ruleIndex`).
    on: Vec<(&'a Rule, Level)>,
    results: PrettyArray,
}

impl<'a> Sarif<'a> {
    pub(crate) fn new(rule_set: &'a RuleSet, jurisdiction: &str) -> Sarif<'a> {
        let on: Vec<(&Rule, Level)> = super::sorted_rules(rule_set.rules())
            .into_iter()
            .filter_map(|r| effective_level(rule_set, r).map(|l| (r, l)))
            .collect();
        let rules = on
            .iter()
            .map(|(r, level)| descriptor(r, *level, jurisdiction))
            .collect();
        let log = log(rules, Vec::new());
        let doc = serde_json::to_string_pretty(&log).unwrap_or_default() + "\n";
        Sarif {
            on,
            results: PrettyArray::new(&doc, "results"),
        }
    }

    /// Everything before the first result.
    pub(crate) fn head(&self) -> &str {
        self.results.head()
    }

    /// One notice's results, as elements of `results` (empty when it has no findings). Runs on
    /// the worker that checked the notice: it needs the notice's text for the line hashes.
    pub(crate) fn notice(&self, checked: &Checked) -> String {
        let mut hashes = LineHashes::default();
        let mut items = Vec::with_capacity(checked.report.diagnostics.len());
        for d in &checked.report.diagnostics {
            let rule_index = self
                .on
                .iter()
                .position(|(r, _)| r.code == d.code)
                .unwrap_or(0);
            let line_hash = hashes.next(&d.code, checked.source.line_text(d.line));
            items.push(
                self.results
                    .item(&result(d, rule_index, &checked.report.path, line_hash)),
            );
        }
        self.results.items(&items)
    }

    pub(crate) fn push(&mut self, out: &mut String, results: &str) {
        self.results.push(out, results);
    }

    /// Everything after the last result.
    pub(crate) fn tail(&self) -> String {
        self.results.end()
    }
}

/// The whole log, with the given rules and results.
fn log<'a>(rules: Vec<ReportingDescriptor<'a>>, results: Vec<SarifResult<'a>>) -> Log<'a> {
    Log {
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
    }
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
pub(crate) fn artifact_uri(path: &str) -> (String, Option<&'static str>) {
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
    use crate::config::Config;
    use crate::lint::FileReport;
    use crate::source::Source;

    /// The whole log at once, as `check` wrote it before it streamed.
    fn whole(rule_set: &RuleSet, checked: &[Checked]) -> String {
        let on: Vec<(&Rule, Level)> = super::super::sorted_rules(rule_set.rules())
            .into_iter()
            .filter_map(|r| effective_level(rule_set, r).map(|l| (r, l)))
            .collect();
        let rules = on.iter().map(|(r, l)| descriptor(r, *l, "uk")).collect();
        let mut results = Vec::new();
        for c in checked {
            let mut hashes = LineHashes::default();
            for d in &c.report.diagnostics {
                let rule_index = on.iter().position(|(r, _)| r.code == d.code).unwrap_or(0);
                let line_hash = hashes.next(&d.code, c.source.line_text(d.line));
                results.push(result(d, rule_index, &c.report.path, line_hash));
            }
        }
        serde_json::to_string_pretty(&log(rules, results)).unwrap() + "\n"
    }

    fn piecewise(rule_set: &RuleSet, checked: &[Checked]) -> String {
        let mut sarif = Sarif::new(rule_set, "uk");
        let mut out = sarif.head().to_string();
        for c in checked {
            let results = sarif.notice(c);
            sarif.push(&mut out, &results);
        }
        out + &sarif.tail()
    }

    fn checked(path: &str, codes: &[&str]) -> Checked {
        let text = "# Notice\n\nWe keep your data.\nWe keep your data.\n";
        let diagnostics = codes
            .iter()
            .enumerate()
            .map(|(i, code)| Diagnostic {
                code: code.to_string(),
                rule: "a-rule".into(),
                level: Level::Warning,
                message: format!("finding {i} with \"quotes\"\nand a line break"),
                line: 3 + i % 2,
                column: 1,
                end_line: 3 + i % 2,
                end_column: 5,
                help: "fix it".into(),
                article: "13(1)(a)".into(),
                range: 0..1,
            })
            .collect();
        Checked {
            source: Source::new(path, path, text.to_string()),
            report: FileReport {
                path: path.to_string(),
                elements: Default::default(),
                facts: Default::default(),
                diagnostics,
            },
        }
    }

    #[test]
    fn piece_by_piece_is_the_whole_log() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(dir.path()).unwrap();
        let rule_set = RuleSet::load(dir.path(), &config).unwrap();
        let codes: Vec<&str> = rule_set.rules().iter().map(|r| r.code.as_str()).collect();
        assert_eq!(piecewise(&rule_set, &[]), whole(&rule_set, &[]));
        let notices = [
            checked("a.md", &[]),
            checked("b b.md", &[codes[0], codes[1], codes[0]]),
            checked("c.md", &[]),
            checked("d.md", &[codes[2]]),
        ];
        assert_eq!(piecewise(&rule_set, &notices), whole(&rule_set, &notices));
        assert_eq!(
            piecewise(&rule_set, &notices[..1]),
            whole(&rule_set, &notices[..1]),
            "no results"
        );
    }

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
