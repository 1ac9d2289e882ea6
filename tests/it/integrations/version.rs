//! `informed --version` names the version and, built from a git checkout, the commit.

use crate::support::external;

use std::process::Command;

#[test]
fn version_names_the_release_and_the_commit() {
    let out = Command::new(external::informed_bin())
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let re = regex::Regex::new(
        r"^informed (\d+\.\d+\.\d+)(?: \(([0-9a-f]{7,}) (\d{4}-\d{2}-\d{2})\))?\n$",
    )
    .unwrap();
    let caps = re
        .captures(&text)
        .unwrap_or_else(|| panic!("unexpected --version: {text:?}"));
    assert_eq!(&caps[1], env!("CARGO_PKG_VERSION"));
    // In a git checkout (not a package from crates.io) the commit is named, and is a commit of
    // this repository.
    if external::repo().join(".git").exists()
        && external::available("git", &["--version"], "install git")
    {
        let commit = caps
            .get(2)
            .unwrap_or_else(|| panic!("no commit in {text:?}"))
            .as_str();
        let kind = Command::new("git")
            .current_dir(external::repo())
            .args(["cat-file", "-t", commit])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&kind.stdout).trim(), "commit");
    }
}
