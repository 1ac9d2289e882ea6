//! What every integration test shares: the one way to run the binary ([`informed`]), the one
//! "today" ([`TODAY`]), where the fixtures are, throwaway sites ([`site`]), the serve helpers
//! ([`serve`]: also the HTTP client), a real nginx ([`nginx`]), a crawler ([`crawl`]) and a
//! `_headers` reader ([`headers`]).
#![allow(dead_code)]

pub mod corpus;
pub mod crawl;
pub mod external;
pub mod headers;
pub mod nginx;
pub mod serve;
pub mod site;
pub mod terminal;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The date every test runs on (`INFORMED_TODAY`), so date rules give stable findings.
pub const TODAY: &str = "2026-11-22";

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The report fixtures: `site/` (informed.toml and two notices), `loose/` (notices of every
/// kind in nested folders) and `broken/` (a notice that does not parse).
pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/report")
}

/// `informed` as a plain process (for tests that spawn it and watch it run), with a fixed
/// "today" (date rules are stable), no colour and no CI environment.
pub fn informed_process() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_informed"));
    c.env("INFORMED_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    c
}

/// [`informed_process`] with assert_cmd's assertions and timeouts.
pub fn informed() -> Command {
    Command::from_std(informed_process())
}

/// Pin "today" for the library code that tests call in this process (the binary gets it from
/// [`informed`]).
pub fn pin_today() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: std serialises its own environment access; every caller sets the same value.
    ONCE.call_once(|| unsafe { std::env::set_var("INFORMED_TODAY", TODAY) });
}

/// Run `informed` in `dir` with `args`; return (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = informed().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A file's text, or a panic naming the file.
pub fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}
