//! `informed new`, `import` and `init --force` never write through a symbolic link (dangling or
//! not), never write outside the site through a linked folder, and `init --force` says what it
//! overwrote. `check` and `import` refuse a FIFO instead of hanging. Run as a user does: in the
//! site's folder, with relative paths.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;

/// `informed ARGS` in `cwd`, killed after 20 s: (exit code, stdout, stderr).
fn run(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::from_std({
        let mut c = Command::new(cargo_bin("informed"));
        c.current_dir(cwd)
            .args(args)
            .env("INFORMED_TODAY", "2026-05-01")
            .env("NO_COLOR", "1");
        c
    })
    .timeout(Duration::from_secs(20))
    .output()
    .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh site (`informed init site`) in a temp folder, and a folder `outside` beside it.
fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let top = tempfile::tempdir().unwrap();
    let (code, _, err) = run(top.path(), &["init", "site"]);
    assert_eq!(code, 0, "{err}");
    let outside = top.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let root = top.path().join("site");
    (top, root, outside)
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn new_never_writes_through_a_link_in_content() {
    let (_top, root, outside) = setup();
    // A dangling link: `new` would have created the file at its target.
    symlink(
        outside.join("planted.md"),
        root.join("content/staff-survey.md"),
    )
    .unwrap();
    let (code, _, err) = run(&root, &["new", "Staff survey"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("content/staff-survey.md") && err.contains("symbolic link"),
        "{err}"
    );
    assert!(!outside.join("planted.md").exists());
    assert!(is_link(&root.join("content/staff-survey.md")));

    // A link to an existing file outside.
    std::fs::write(outside.join("precious.md"), "mine").unwrap();
    symlink(
        outside.join("precious.md"),
        root.join("content/visitors.md"),
    )
    .unwrap();
    let (code, _, err) = run(&root, &["new", "Visitors"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read_to_string(outside.join("precious.md")).unwrap(),
        "mine"
    );

    // A content folder that is a link leaving the site.
    std::fs::rename(root.join("content"), root.join("content-real")).unwrap();
    symlink(&outside, root.join("content")).unwrap();
    let (code, _, err) = run(&root, &["new", "Volunteers"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("outside the site"), "{err}");
    assert!(!outside.join("volunteers.md").exists());
}

#[test]
fn import_never_writes_through_a_link() {
    let (_top, root, outside) = setup();
    std::fs::write(
        root.join("old.txt"),
        "Staff privacy notice\n\nWe are the controller.\n",
    )
    .unwrap();
    symlink(outside.join("planted.md"), root.join("content/old.md")).unwrap();
    let (code, _, err) = run(&root, &["import", "old.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("content/old.md") && err.contains("symbolic link"),
        "{err}"
    );
    assert!(!outside.join("planted.md").exists());

    // An explicit -o that is a link is refused too.
    std::fs::write(outside.join("precious.md"), "mine").unwrap();
    symlink(
        outside.join("precious.md"),
        root.join("content/explicit.md"),
    )
    .unwrap();
    let (code, _, err) = run(&root, &["import", "old.txt", "-o", "content/explicit.md"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read_to_string(outside.join("precious.md")).unwrap(),
        "mine"
    );

    // Without links it works.
    std::fs::remove_file(root.join("content/old.md")).unwrap();
    let (code, _, err) = run(&root, &["import", "old.txt"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::symlink_metadata(root.join("content/old.md"))
            .unwrap()
            .is_file()
    );
}

#[test]
fn init_force_never_writes_through_a_link_and_lists_what_it_overwrote() {
    let (top, root, outside) = setup();
    std::fs::write(outside.join("precious.yml"), "mine").unwrap();
    std::fs::remove_file(root.join(".github/workflows/privacy-notices.yml")).unwrap();
    symlink(
        outside.join("precious.yml"),
        root.join(".github/workflows/privacy-notices.yml"),
    )
    .unwrap();
    let (code, _, err) = run(top.path(), &["init", "site", "--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("privacy-notices.yml") && err.contains("symbolic link"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("precious.yml")).unwrap(),
        "mine"
    );
    // Nothing was written: the refusal comes before any file.
    assert!(is_link(&root.join(".github/workflows/privacy-notices.yml")));

    std::fs::remove_file(root.join(".github/workflows/privacy-notices.yml")).unwrap();
    std::fs::write(root.join("informed.toml"), "title = \"Mine\"\n").unwrap();
    let (code, out, err) = run(top.path(), &["init", "site", "--force"]);
    assert_eq!(code, 0, "{err}");
    let overwritten = |name: &str| {
        out.lines()
            .any(|l| l.contains(name) && l.contains("overwritten"))
    };
    assert!(overwritten("informed.toml"), "{out}");
    assert!(overwritten("library-membership.md"), "{out}");
    assert!(
        !overwritten("privacy-notices.yml"),
        "it was created, not overwritten: {out}"
    );
    assert!(err.contains("overwrote informed.toml"), "{err}");
}

#[test]
fn check_and_import_refuse_a_fifo_instead_of_hanging() {
    let (_top, root, _outside) = setup();
    for name in ["pipe.md", "pipe.txt"] {
        let status = Command::new("mkfifo")
            .arg(root.join(name))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let (code, _, err) = run(&root, &["check", "pipe.md"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("pipe.md") && err.contains("not a regular file"),
        "{err}"
    );
    let (code, _, err) = run(&root, &["import", "pipe.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("pipe.txt") && err.contains("not a regular file"),
        "{err}"
    );
}
