//! External programs some tests drive (jq, pre-commit, bash, java and the Nu Html Checker).
//! `.ci/run` installs them. Outside CI a test whose program is missing says it is skipped and
//! passes; with `CI` set it fails, so CI cannot skip it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Whether `program args…` runs and exits 0. When it does not: a failed test under CI, a
/// "skipped" line (with `hint` on how to install it) elsewhere.
pub fn available(program: &str, args: &[&str], hint: &str) -> bool {
    let ok = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but `{program}` cannot be run: {hint}"
        );
        eprintln!("skipped: `{program}` cannot be run here ({hint})");
    }
    ok
}

/// The built `informed` binary.
pub fn informed_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_informed"))
}

/// This repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the browser and validator tests run: `INFORMED_BROWSER_TESTS=1` (set by `.ci/run`,
/// which installs their tools). Otherwise the test says it is skipped.
pub fn browser_tests(what: &str) -> bool {
    let on = std::env::var("INFORMED_BROWSER_TESTS").is_ok_and(|v| v == "1");
    if !on {
        eprintln!(
            "skipped: set INFORMED_BROWSER_TESTS=1 (and run `npm ci --ignore-scripts`) to {what}"
        );
    }
    on
}

/// A new site made by `informed init` in `dir`.
pub fn init_site(dir: &std::path::Path) {
    let out = Command::new(informed_bin())
        .arg("init")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Run a Node.js script of the repository (`tests/browser/…`) with `args`, from the repository
/// (its `node_modules`); (success, stdout and stderr).
pub fn node(script: &Path, args: &[&Path]) -> (bool, String) {
    let out = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(repo())
        .output()
        .expect("node runs (INFORMED_BROWSER_TESTS=1 needs Node.js)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("Cannot find module"), "run `npm ci`: {text}");
    (out.status.success(), text)
}
