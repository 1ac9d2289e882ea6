//! Symbolic links inside `content/`: followed only while they stay inside the site folder;
//! links that leave it, and link loops, are errors that name the link.
#![cfg(unix)]

use std::os::unix::fs::symlink;

use crate::support::site::{GOOD, build, site};

#[test]
fn a_link_inside_the_site_is_followed() {
    let dir = site("", &[("shared/common.md", GOOD)]);
    symlink(
        dir.path().join("shared/common.md"),
        dir.path().join("content/common.md"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("shared/more")).unwrap();
    std::fs::write(dir.path().join("shared/more/other.md"), GOOD).unwrap();
    symlink(
        dir.path().join("shared/more"),
        dir.path().join("content/more"),
    )
    .unwrap();
    let (code, err) = build(dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("site/common/index.html").is_file());
    assert!(dir.path().join("site/more/other/index.html").is_file());
}

#[test]
fn a_link_to_a_file_outside_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# SECRET-KEY-MATERIAL\n").unwrap();
    let dir = site("", &[("content/good.md", GOOD)]);
    symlink(
        outside.path().join("secret.md"),
        dir.path().join("content/leak.md"),
    )
    .unwrap();
    let (code, err) = build(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content/leak.md"), "names the link: {err}");
    assert!(err.contains("outside the site folder"), "{err}");
    assert!(!dir.path().join("site").exists(), "nothing published");
}

#[test]
fn a_link_to_a_folder_outside_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), GOOD).unwrap();
    let dir = site("", &[("content/good.md", GOOD)]);
    symlink(outside.path(), dir.path().join("content/elsewhere")).unwrap();
    let (code, err) = build(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content/elsewhere"), "{err}");
    assert!(err.contains("outside the site folder"), "{err}");
}

#[test]
fn a_link_loop_is_detected() {
    let dir = site("", &[("content/a/good.md", GOOD)]);
    symlink(
        dir.path().join("content"),
        dir.path().join("content/a/loop"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let (code, err) = build(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("loop"), "{err}");
    assert!(err.contains("content/a/loop"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn a_dangling_link_names_the_link() {
    let dir = site("", &[("content/good.md", GOOD)]);
    symlink(
        dir.path().join("nowhere.md"),
        dir.path().join("content/dangling.md"),
    )
    .unwrap();
    let (code, err) = build(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content/dangling.md"), "{err}");
}

#[test]
fn hidden_folders_are_skipped() {
    let dir = site(
        "",
        &[("content/good.md", GOOD), ("content/.drafts/wip.md", GOOD)],
    );
    let (code, err) = build(dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(!dir.path().join("site/drafts").exists());
    assert!(!dir.path().join("site/wip").exists());
}
