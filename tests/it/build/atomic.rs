//! Nothing lost: a build killed with SIGKILL while it writes leaves the previous `site/`
//! complete, and the next build succeeds and cleans up after the killed one.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::informed_process;
use crate::support::site::{build, site};

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn notice(i: usize, version: &str) -> String {
    format!(
        "---\ntitle: Notice {i} ({version})\n---\n\nExample Body {i} is the controller. \
         We use your name and email address to send you newsletters.\n\n## Your rights\n\n\
         You can ask for a copy of your data. {}\n",
        "We keep it for two years after your last contact. ".repeat(20)
    )
}

/// Staging folders a build leaves beside the output while it runs.
fn staging_files(root: &Path) -> usize {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".site.informed-tmp-")
        })
        .map(|e| {
            walkdir::WalkDir::new(e.path())
                .into_iter()
                .flatten()
                .count()
        })
        .sum()
}

#[test]
fn a_build_killed_while_writing_leaves_the_previous_site_complete() {
    const NOTICES: usize = 600;
    let dir = site("", &[]);
    let root = dir.path();
    for i in 0..NOTICES {
        crate::support::site::write(
            root,
            &format!("content/n{i:04}.md"),
            notice(i, "one").as_bytes(),
        );
    }
    let (code, err) = build(root);
    assert_eq!(code, 0, "{err}");
    let before = snapshot(&root.join("site"));
    assert!(before.len() > NOTICES, "{} files", before.len());

    // A second version of every notice, so a half-written build would differ.
    for i in 0..NOTICES {
        crate::support::site::write(
            root,
            &format!("content/n{i:04}.md"),
            notice(i, "two").as_bytes(),
        );
    }
    let (killed_mid_write, status) = kill_mid_write(root);
    assert!(
        killed_mid_write && !status.success(),
        "the build ended before it could be killed mid-write ({status}); make the site bigger"
    );
    assert!(
        staging_files(root) > 0,
        "the killed build left its half-written staging folder"
    );

    let after = snapshot(&root.join("site"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "same files"
    );
    assert!(before == after, "the previous site is byte-for-byte intact");

    // The next build succeeds, publishes the new version and removes the leftovers.
    let (code, err) = build(root);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(root.join("site/n0007/index.html")).unwrap();
    assert!(page.contains("Notice 7 (two)"));
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // Staging or moved-aside folders; the result cache is the site's own.
        .filter(|n| n.contains("informed-") && n != ".informed-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_and_no_staging_folder() {
    let dir = site("", &[("content/a.md", &notice(1, "one"))]);
    let root = dir.path();
    assert_eq!(build(root).0, 0);
    let before = snapshot(&root.join("site"));
    crate::support::site::write(root, "content/b.md", b"---\ntitle: [unclosed\n---\n");
    let (code, err) = build(root);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content/b.md:2"), "{err}");
    assert!(snapshot(&root.join("site")) == before);
    assert_eq!(staging_files(root), 0);
}

/// Run a build and kill it (SIGKILL: no destructor, no clean-up runs) as soon as its staging
/// folder holds files. Returns whether it was killed before it ended, and how it ended.
fn kill_mid_write(root: &Path) -> (bool, std::process::ExitStatus) {
    let mut child = informed_process()
        .arg("build")
        .arg("--root")
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut killed = false;
    while started.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if staging_files(root) > 20 {
            child.kill().unwrap();
            killed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (killed, child.wait().unwrap())
}

#[test]
fn a_killed_rebuild_that_links_unchanged_pages_leaves_the_previous_site_complete() {
    // A rebuild links the files that did not change to the published ones; killing it (and
    // the next build's clean-up of its staging folder) must not touch them.
    const NOTICES: usize = 600;
    let dir = site("", &[]);
    let root = dir.path();
    for i in 0..NOTICES {
        let text = notice(i, "one");
        crate::support::site::write(root, &format!("content/n{i:04}.md"), text.as_bytes());
    }
    assert_eq!(build(root).0, 0);
    let before = snapshot(&root.join("site"));
    for i in (0..NOTICES).step_by(10) {
        let text = notice(i, "two");
        crate::support::site::write(root, &format!("content/n{i:04}.md"), text.as_bytes());
    }
    let (_, status) = kill_mid_write(root);
    assert!(!status.success(), "killed mid-write ({status})");
    assert!(
        snapshot(&root.join("site")) == before,
        "byte-for-byte intact"
    );

    let (code, err) = build(root);
    assert_eq!(code, 0, "{err}");
    let after = snapshot(&root.join("site"));
    assert_eq!(before.len(), after.len());
    // Pages: only the edited notices' change (the index lists their new titles).
    let changed: Vec<&String> = before
        .keys()
        .filter(|k| k.starts_with('n') && before[*k] != after[*k])
        .collect();
    assert_eq!(changed.len(), 3 * NOTICES / 10, "{changed:?}");
    assert!(
        changed
            .iter()
            .all(|k| k[1..5].parse::<usize>().unwrap() % 10 == 0),
        "{changed:?}"
    );
}

#[test]
fn two_notices_on_one_path_fail_without_touching_the_published_page() {
    // b.md claims a.md's page. Whichever is written first, the published page stays as it was
    // (a file linked to it is replaced, never written through), and the build fails.
    let dir = site("", &[("content/a.md", &notice(1, "one"))]);
    let root = dir.path();
    assert_eq!(build(root).0, 0);
    let before = snapshot(&root.join("site"));
    let claim = notice(2, "two").replacen("---\n", "---\npermalink: /a/\n", 1);
    crate::support::site::write(root, "content/b.md", claim.as_bytes());
    for _ in 0..5 {
        let (code, err) = build(root);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("two notices would be written to `a/index.html`"),
            "{err}"
        );
        assert!(snapshot(&root.join("site")) == before);
    }
    assert_eq!(staging_files(root), 0);
}
