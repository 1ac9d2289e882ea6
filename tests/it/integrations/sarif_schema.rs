//! SARIF logs from `informed check --format sarif` validate against the SARIF 2.1.0 JSON schema
//! (the OASIS schema shipped in the npm package @microsoft/jest-sarif, checked with ajv by
//! `tests/browser/sarif-schema.cjs`): a site with configured levels, loose notices of every
//! kind, every rule's failing fixture, and a clean notice (no results).
//!
//! Runs when `INFORMED_BROWSER_TESTS=1` (set by `.ci/run`, which installs the npm packages),
//! and then fails if Node.js or the packages are missing; otherwise it says it was skipped.

use crate::support::external;

use std::path::Path;
use std::process::Command;

fn enabled() -> bool {
    external::browser_tests("validate SARIF against its schema")
}

/// Run the schema check on `logs`; (success, output).
fn validate(logs: &[&Path]) -> (bool, String) {
    external::node(
        &external::repo().join("tests/browser/sarif-schema.cjs"),
        logs,
    )
}

fn sarif(dir: &Path, args: &[&str], to: &Path) {
    let out = Command::new(external::informed_bin())
        .current_dir(dir)
        .env("INFORMED_TODAY", "2026-11-22")
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(to, out.stdout).unwrap();
}

#[test]
fn informed_sarif_logs_are_valid_sarif_2_1_0() {
    if !enabled() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = external::repo().join("tests/fixtures");
    let logs = [
        ("site", fixtures.join("report/site"), vec![]),
        ("loose", fixtures.join("report"), vec!["loose"]),
        ("rules", external::repo(), vec!["tests/fixtures/lint"]),
        (
            "clean",
            fixtures.join("report/site"),
            vec!["content/book-club.md"],
        ),
    ];
    let mut paths = Vec::new();
    for (name, dir, args) in &logs {
        let path = tmp.path().join(format!("{name}.sarif"));
        sarif(dir, args, &path);
        paths.push(path);
    }
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let (ok, text) = validate(&refs);
    assert!(ok, "{text}");
    assert_eq!(
        text.matches("valid SARIF 2.1.0").count(),
        logs.len(),
        "{text}"
    );
}

#[test]
fn the_schema_check_rejects_an_invalid_log() {
    if !enabled() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.sarif");
    sarif(
        &external::repo().join("tests/fixtures/report/site"),
        &[],
        &good,
    );
    let mut log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&good).unwrap()).unwrap();
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    let bad = tmp.path().join("bad.sarif");
    std::fs::write(&bad, log.to_string()).unwrap();
    let (ok, text) = validate(&[&bad]);
    assert!(!ok, "{text}");
    assert!(text.contains("/runs/0/results/0/level"), "{text}");
}
