//! Every page informed writes is valid HTML by the W3C Nu Html Checker (vnu.jar, from the npm
//! package `vnu-jar`, run with the machine's Java): the example site built with each built-in
//! theme, and a site made by `informed init` (its notice shows the "At a glance" summary).
//!
//! Runs when `INFORMED_BROWSER_TESTS=1` (set by `.ci/run`, which installs the npm packages), and
//! then fails if Java or vnu.jar is missing; otherwise it says it was skipped.

use crate::support::external;

use std::path::{Path, PathBuf};
use std::process::Command;

use informed::config::Config;
use informed::site::Site;
use serde_json::Value;

fn enabled() -> bool {
    external::browser_tests("validate the pages with vnu.jar")
}

fn vnu_jar() -> PathBuf {
    external::repo().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

/// The checker's error messages for `files` (warnings and info are not errors).
fn validate(files: &[PathBuf]) -> Vec<String> {
    assert!(
        vnu_jar().is_file(),
        "{} is missing: run `npm ci`",
        vnu_jar().display()
    );
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json"])
        .args(files)
        .output()
        .expect("java runs (INFORMED_BROWSER_TESTS=1 needs a JRE)");
    // vnu writes its JSON report to standard error; exit 1 means it found errors.
    let report: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu's report is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let messages: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}:{}: {}: {}",
                m["url"].as_str().unwrap_or_default(),
                m["lastLine"],
                m["type"].as_str().unwrap_or_default(),
                m["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        out.status.success(),
        messages.is_empty(),
        "vnu's exit code agrees with its report: {messages:?}"
    );
    messages
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    files
}

fn build(root: &Path, theme: &str, out: &Path) -> Vec<PathBuf> {
    let mut config = Config::load(root).unwrap();
    config.theme = theme.to_string();
    let site = Site::with_config(root, config).unwrap();
    assert!(site.build(out, false).unwrap().written);
    html_files(out)
}

#[test]
fn the_checker_finds_errors_when_there_are_some() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p><div></p><img></body></html>",
    )
    .unwrap();
    let errors = validate(&[bad]);
    assert!(errors.len() >= 2, "{errors:?}");
}

#[test]
fn every_page_of_both_themes_and_an_init_site_is_valid_html() {
    if !enabled() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let init = tmp.path().join("init");
    external::init_site(&init);
    // A site in git: its notice's "Changes" section, a change page and the feed link.
    let history = crate::history::Scratch::new("");
    let mut files = Vec::new();
    for theme in ["default", "govuk"] {
        let with_history = build(
            &history.site(),
            theme,
            &tmp.path().join(format!("history-{theme}")),
        );
        assert!(
            with_history
                .iter()
                .any(|p| p.ends_with("volunteering/changes/2026-02-10/index.html")),
            "{with_history:?}"
        );
        files.extend(with_history);
        let example = build(
            &external::repo(),
            theme,
            &tmp.path().join(format!("example-{theme}")),
        );
        assert!(
            example.len() >= 5,
            "index, 404 and a page per notice: {example:?}"
        );
        // The Welsh page is validated too.
        assert!(
            example
                .iter()
                .any(|f| f.ends_with("cy/preifatrwydd/desg-gymorth-data-agored/index.html")),
            "{example:?}"
        );
        files.extend(example);
        files.extend(build(
            &init,
            theme,
            &tmp.path().join(format!("init-{theme}")),
        ));
    }
    let errors = validate(&files);
    assert!(
        errors.is_empty(),
        "{} pages checked, errors:\n{}",
        files.len(),
        errors.join("\n")
    );
}
