//! Helpers shared by the `check_*` integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;

/// The report fixtures: `site/` (informed.toml and two notices), `loose/` (notices of every
/// kind in nested folders) and `broken/` (a notice that does not parse).
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

/// `informed` with a fixed "today" (date rules are stable), no colour and no CI environment.
pub fn informed() -> Command {
    let mut c = Command::cargo_bin("informed").unwrap();
    c.env("INFORMED_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    c
}

/// Run `informed` in `dir` with `args`; return (exit code, stdout, stderr).
pub fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = informed().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
