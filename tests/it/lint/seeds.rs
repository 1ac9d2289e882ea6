//! The three notices the project was created from (`$INFORMED_CORPUS/seeds/`) must be checked as they
//! are, and the linter must find their real problems. Their text stays out of this repository;
//! tests/it/lint/fixtures.rs reproduces each problem in notices of our own.

use crate::support::corpus;
use std::path::Path;

use informed::config::Config;
use informed::lint::{FileReport, RuleSet, analyse};
use informed::load::Notice;

/// The seed's report, or `None` when the corpus is not available (the test is skipped).
fn check(name: &str) -> Option<FileReport> {
    crate::support::pin_today();
    let path = corpus::corpus("seeds")?.join(name);
    let notice = Notice::load(&path, name.to_string(), name.to_string(), u64::MAX).unwrap();
    let config = Config::default();
    let rules = RuleSet::load(Path::new("/nonexistent"), &config).unwrap();
    Some(analyse(&notice, &rules, &config).unwrap())
}

fn has(report: &FileReport, rule: &str) -> bool {
    report.diagnostics.iter().any(|d| d.rule == rule)
}

fn messages(report: &FileReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {} {}", d.line, d.code, d.rule, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

const PRESENT_IN_ALL: &[&str] = &[
    "purposes",
    "lawful-basis",
    "recipients",
    "retention",
    "rights",
    "transfers",
    "complaint",
];

#[test]
fn every_seed_addresses_the_core_elements() {
    for seed in [
        "privacy-network.md",
        "seen-privacy.md",
        "contract-management.txt",
    ] {
        let Some(r) = check(seed) else {
            return;
        };
        for el in PRESENT_IN_ALL {
            assert!(
                r.elements[*el].present,
                "{seed}: {el} should be present\n{}",
                messages(&r)
            );
        }
    }
}

#[test]
fn privacy_network_relies_on_privacy_shield() {
    let Some(r) = check("privacy-network.md") else {
        return;
    };
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.rule == "stale-privacy-shield")
        .unwrap_or_else(|| panic!("{}", messages(&r)));
    assert_eq!(d.line, 104, "{}", messages(&r));
}

#[test]
fn seen_privacy_misses_erasure_and_restriction_under_consent() {
    let Some(r) = check("seen-privacy.md") else {
        return;
    };
    assert!(
        r.facts.lawful_basis.contains(&"consent".to_string()),
        "{:?}",
        r.facts
    );
    assert!(has(&r, "missing-right-to-erasure"), "{}", messages(&r));
    assert!(has(&r, "missing-right-to-restriction"), "{}", messages(&r));
    let erasure = r
        .diagnostics
        .iter()
        .find(|d| d.rule == "missing-right-to-erasure")
        .unwrap();
    assert!(erasure.message.contains("consent"), "{}", erasure.message);
}

#[test]
fn contract_management_has_a_placeholder_and_model_clauses() {
    let Some(r) = check("contract-management.txt") else {
        return;
    };
    let placeholder = r
        .diagnostics
        .iter()
        .find(|d| d.rule == "placeholder")
        .unwrap_or_else(|| panic!("{}", messages(&r)));
    assert!(
        placeholder.message.contains("(contact details)"),
        "{}",
        placeholder.message
    );
    assert!(has(&r, "stale-model-clauses"), "{}", messages(&r));
}

#[test]
fn stale_phrases_are_found_across_a_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrapped.md");
    std::fs::write(&path, "# Notice\n\nOur supplier is certified under the Privacy\nShield and uses Model Contract\nClauses.\n").unwrap();
    let notice = Notice::load(&path, "wrapped.md".into(), "wrapped.md".into(), u64::MAX).unwrap();
    let config = Config::default();
    let rules = RuleSet::load(Path::new("/nonexistent"), &config).unwrap();
    let r = analyse(&notice, &rules, &config).unwrap();
    assert!(has(&r, "stale-privacy-shield"), "{}", messages(&r));
    assert!(has(&r, "stale-model-clauses"), "{}", messages(&r));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.rule == "stale-privacy-shield")
        .unwrap();
    assert_eq!((d.line, d.end_line), (3, 4));
}

/// The seeds' problems, reproduced in notices of our own.
#[test]
fn our_own_notices_reproduce_the_seed_problems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::default();
    let rules = RuleSet::load(Path::new("/nonexistent"), &config).unwrap();
    let lint = |rel: &str| {
        crate::support::pin_today();
        let notice = Notice::load(&root.join(rel), rel.into(), rel.into(), u64::MAX).unwrap();
        analyse(&notice, &rules, &config).unwrap()
    };
    // Consent-based staff network without erasure or restriction (like seen-privacy).
    let r = lint("content/fair-pay-network.md");
    assert_eq!(r.facts.lawful_basis, vec!["consent".to_string()]);
    assert!(
        has(&r, "missing-right-to-erasure") && has(&r, "missing-right-to-restriction"),
        "{}",
        messages(&r)
    );
    // Plain-text page with "(contact details)" (like contract-management).
    let r = lint("examples/skills-accreditation.txt");
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.rule == "placeholder" && d.message.contains("(contact details)")),
        "{}",
        messages(&r)
    );
    // Model Contract Clauses and EU-only transfer wording (like privacy-network and contract-management).
    let r = lint("content/leaders-network.md");
    assert!(
        has(&r, "stale-model-clauses") && has(&r, "eu-transfer-wording"),
        "{}",
        messages(&r)
    );
    // Privacy Shield (like privacy-network).
    let r = lint("tests/fixtures/lint/stale-privacy-shield/fail.md");
    assert!(has(&r, "stale-privacy-shield"), "{}", messages(&r));
    for el in PRESENT_IN_ALL {
        for rel in [
            "content/fair-pay-network.md",
            "content/leaders-network.md",
            "examples/skills-accreditation.txt",
        ] {
            assert!(lint(rel).elements[*el].present, "{rel}: {el}");
        }
    }
}
