//! The pre-commit hook (`.pre-commit-hooks.yaml`) with the real `pre-commit` (PyPI), in a
//! scratch git repository: a non-compliant notice fails the commit, a compliant one passes, and
//! files outside `content/` are not checked.
//!
//! pre-commit reads the hook from a git repository holding this repository's
//! `.pre-commit-hooks.yaml` (its `files`, `pass_filenames` and `entry` arguments as shipped). The
//! config overrides only how informed is installed: `language: system` with the binary under
//! test, because `language: rust` would compile informed again with cargo (minutes, and crates
//! from the network) for every run. `.ci/run` installs pre-commit; without it the tests say they
//! are skipped, unless `CI` is set.

use crate::support::external;

use std::path::Path;
use std::process::{Command, Output};

/// `git args…` in `dir`, with an identity, a fixed "today" for the linter, and pre-commit's
/// cache beside the repositories.
fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("PRE_COMMIT_HOME", dir.parent().unwrap().join("cache"))
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("INFORMED_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    text
}

/// A scratch project with the hook installed; its pre-commit cache is in `cache`.
fn project(tmp: &Path) -> std::path::PathBuf {
    // The hook repository: this repository's manifest, committed.
    let hooks = tmp.join("hooks-repo");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::copy(
        external::repo().join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    ok(&git(&hooks, &["init", "-q"]));
    ok(&git(&hooks, &["add", "."]));
    ok(&git(&hooks, &["commit", "-q", "-m", "hooks"]));
    let rev = ok(&git(&hooks, &["rev-parse", "HEAD"]));

    let proj = tmp.join("project");
    std::fs::create_dir_all(proj.join("content")).unwrap();
    std::fs::write(
        proj.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: informed-check\n        \
             language: system\n        entry: {bin} check\n",
            hooks = hooks.display(),
            rev = rev.trim(),
            bin = external::informed_bin().display(),
        ),
    )
    .unwrap();
    ok(&git(&proj, &["init", "-q"]));
    let install = Command::new("pre-commit")
        .current_dir(&proj)
        .arg("install")
        .env("PRE_COMMIT_HOME", tmp.join("cache"))
        .output()
        .unwrap();
    ok(&install);
    ok(&git(&proj, &["add", ".pre-commit-config.yaml"]));
    proj
}

/// Write `file` in the project, stage it and try to commit it (the hook runs).
fn commit(proj: &Path, file: &str, text: &[u8]) -> Output {
    let path = proj.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    ok(&git(proj, &["add", file]));
    git(proj, &["commit", "-m", file])
}

fn have_pre_commit() -> bool {
    external::available("pre-commit", &["--version"], "pip install pre-commit")
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(external::repo().join("tests/fixtures").join(rel)).unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_non_compliant_notice_fails_the_commit_and_a_compliant_one_passes() {
    if !have_pre_commit() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let proj = project(tmp.path());

    // Errors (no controller, no purposes, …): the commit is refused, and says why.
    let out = commit(
        &proj,
        "content/garden-survey.md",
        &fixture("report/site/content/garden-survey.md"),
    );
    let log = text(&out);
    assert!(!out.status.success(), "the commit must fail:\n{log}");
    assert!(log.contains("informed check"), "{log}");
    assert!(log.contains("Failed"), "{log}");
    assert!(log.contains("content/garden-survey.md"), "{log}");
    assert!(log.contains("INF101"), "the findings are shown: {log}");
    let head = git(&proj, &["rev-parse", "--verify", "-q", "HEAD"]);
    assert!(!head.status.success(), "nothing was committed");

    // A compliant notice (and the config) commits.
    ok(&git(&proj, &["reset", "-q", "content/garden-survey.md"]));
    std::fs::remove_file(proj.join("content/garden-survey.md")).unwrap();
    let out = commit(
        &proj,
        "content/book-club.md",
        &fixture("report/site/content/book-club.md"),
    );
    let log = text(&out);
    assert!(out.status.success(), "the commit must pass:\n{log}");
    assert!(log.contains("Passed"), "the hook ran on it: {log}");

    // Plain-text notices in the content/ folder of a site further down are checked too.
    let out = commit(
        &proj,
        "site-b/content/volunteers.txt",
        &fixture("report/loose/volunteers.txt"),
    );
    assert!(!out.status.success(), "{}", text(&out));
    ok(&git(
        &proj,
        &["reset", "-q", "site-b/content/volunteers.txt"],
    ));
    std::fs::remove_file(proj.join("site-b/content/volunteers.txt")).unwrap();
}

#[test]
fn files_outside_content_are_not_checked() {
    if !have_pre_commit() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let proj = project(tmp.path());
    // The same non-compliant text, as a draft outside content/: not a notice of the site.
    let out = commit(
        &proj,
        "drafts/garden-survey.md",
        &fixture("report/site/content/garden-survey.md"),
    );
    let log = text(&out);
    assert!(out.status.success(), "{log}");
    assert!(
        log.contains("no files to check") || log.contains("Skipped"),
        "the hook had nothing to check: {log}"
    );
}
