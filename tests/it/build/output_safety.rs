//! Nothing lost, whatever the output folder: `informed build` writes only into a folder that is
//! absent, empty or its own (a `.informed-site` marker, or a site an older informed built),
//! never into the site's sources, keeps what it did not write in a folder it owns, never
//! replaces or empties a symbolic link's target it does not own, and two builds at once take
//! turns. Every test runs the binary as a user does: in the site's folder, with relative paths.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOTICE: &str = "---
title: Example Trust privacy notice
---

Example Trust is the controller. Email privacy@example.org.

## Why we use your data

We use your name to send you newsletters.
";

/// A site in a temp folder: `informed.toml` (with `config` appended) and one notice.
fn site(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "informed.toml",
        &format!("title = \"Safety\"\n{config}"),
    );
    write(dir.path(), "content/trust.md", NOTICE);
    dir
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("informed")
}

/// `informed ARGS` in `cwd`: (exit code, stderr).
fn run(cwd: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(bin())
        .current_dir(cwd)
        .args(args)
        .env("INFORMED_TODAY", "2026-05-01")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file, folder and link under `dir` (not following links), with file bytes and link
/// targets.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let what = if e.path_is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).unwrap().display())
            } else if e.file_type().is_dir() {
                "/".to_string()
            } else {
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned()
            };
            (rel, what)
        })
        .collect()
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn a_folder_of_the_users_files_is_refused_and_force_replaces_it_saying_what_is_lost() {
    let dir = site("");
    let root = dir.path();
    write(root, "notes/todo.txt", "call the DPO");
    write(root, "notes/drafts/one.md", "draft");
    let (code, err) = run(root, &["build", "--out", "notes"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("refusing to build into `notes`"), "{err}");
    assert!(
        err.contains("notes/todo.txt") && err.contains("notes/drafts/"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(root.join("notes/todo.txt")).unwrap(),
        "call the DPO"
    );
    assert!(root.join("notes/drafts/one.md").is_file());
    assert!(!root.join("notes/index.html").exists());

    // The same through `output_dir`, and with an absolute folder.
    write(
        root,
        "informed.toml",
        "title = \"Safety\"\noutput_dir = \"notes\"\n",
    );
    let (code, err) = run(root, &["build"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("notes/todo.txt"), "{err}");
    let elsewhere = tempfile::tempdir().unwrap();
    write(elsewhere.path(), "keep.txt", "mine");
    let abs = elsewhere.path().display().to_string();
    let (code, err) = run(root, &["build", "--out", &abs]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&abs) && err.contains("keep.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("keep.txt")).unwrap(),
        "mine"
    );

    // --force replaces it, and says what is lost.
    let (code, err) = run(root, &["build", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("--force") && err.contains("notes/todo.txt"),
        "{err}"
    );
    assert!(!root.join("notes/todo.txt").exists());
    assert!(root.join("notes/trust/index.html").is_file());
    assert!(root.join("notes/.informed-site").is_file());
    // Now it is informed's: the next build needs no force.
    let (code, err) = run(root, &["build"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn the_sites_own_sources_are_never_an_output_folder() {
    let dir = site("");
    let root = dir.path();
    write(root, "content/policies/staff.md", NOTICE);
    write(
        root,
        "themes/default/templates/page.html",
        "{{ content | safe }}",
    );
    write(root, "lints/extra.toml", "# rules\n");
    let before = snapshot(root);
    let abs_content = root.join("content").display().to_string();
    for (out, says) in [
        ("content/policies", "content/policies"),
        ("content", "content"),
        ("themes/default", "themes"),
        ("themes", "themes"),
        ("lints", "lints"),
        ("informed.toml", "informed.toml"),
        (".", "site's folder"),
        ("..", "site's folder"),
        (abs_content.as_str(), "content"),
    ] {
        let (code, err) = run(root, &["build", "--out", out, "--force"]);
        assert_eq!(code, 2, "--out {out}: {err}");
        assert!(
            err.contains(&format!("refusing to build into `{out}`")) && err.contains(says),
            "--out {out}: {err}"
        );
        assert!(
            snapshot(root) == before,
            "--out {out} changed the site's files"
        );
    }
    // The same from the config file: the config stays a file.
    for out in ["content/policies", "themes/default", "informed.toml"] {
        write(
            root,
            "informed.toml",
            &format!("title = \"Safety\"\noutput_dir = \"{out}\"\n"),
        );
        let (code, err) = run(root, &["build"]);
        assert_eq!(code, 2, "output_dir = {out}: {err}");
        assert!(err.contains(out), "{err}");
        assert!(root.join("informed.toml").is_file());
        assert!(root.join("content/policies/staff.md").is_file());
        assert!(root.join("themes/default/templates/page.html").is_file());
    }
}

#[test]
fn an_empty_folder_is_written_and_a_rebuild_replaces_only_what_informed_wrote() {
    let dir = site("");
    let root = dir.path();
    std::fs::create_dir(root.join("site")).unwrap();
    let (code, err) = run(root, &["build"]);
    assert_eq!(code, 0, "{err}");
    let marker = std::fs::read_to_string(root.join("site/.informed-site")).unwrap();
    assert!(marker.lines().any(|l| l == "trust") && marker.lines().any(|l| l == "index.html"));

    // Files the user adds to the published site (a CNAME for GitHub Pages) are kept; a page
    // whose notice is gone is removed.
    write(root, "site/CNAME", "privacy.example.org\n");
    write(
        root,
        "site/.well-known/security.txt",
        "Contact: mailto:security@example.org\n",
    );
    write(root, "content/other.md", NOTICE);
    assert_eq!(run(root, &["build"]).0, 0);
    assert!(root.join("site/other/index.html").is_file());
    std::fs::remove_file(root.join("content/other.md")).unwrap();
    let (code, err) = run(root, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !root.join("site/other").exists(),
        "the removed notice's page is gone"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("site/CNAME")).unwrap(),
        "privacy.example.org\n"
    );
    assert!(root.join("site/.well-known/security.txt").is_file());
    assert!(root.join("site/trust/index.html").is_file());

    // A kept file in the way of a page is not replaced without --force.
    write(root, "site/about/index.html", "the user's own page");
    write(root, "content/about.md", NOTICE);
    let (code, err) = run(root, &["build"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("site/about") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("site/about/index.html")).unwrap(),
        "the user's own page"
    );
}

#[test]
fn a_site_built_by_an_older_informed_is_accepted_but_not_with_other_files_in_it() {
    let dir = site("");
    let root = dir.path();
    assert_eq!(run(root, &["build"]).0, 0);
    // What an older informed left: the same files without a marker.
    std::fs::remove_file(root.join("site/.informed-site")).unwrap();
    let (code, err) = run(root, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(root.join("site/.informed-site").is_file());

    std::fs::remove_file(root.join("site/.informed-site")).unwrap();
    write(root, "site/budget.xlsx", "not a page");
    let (code, err) = run(root, &["build"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("site/budget.xlsx"), "{err}");
    assert!(root.join("site/budget.xlsx").is_file());
}

#[test]
fn a_symlinked_deploy_checkout_is_never_emptied_and_the_link_stays_a_link() {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("privacy");
    std::fs::create_dir(&root).unwrap();
    write(&root, "informed.toml", "title = \"Safety\"\n");
    write(&root, "content/trust.md", NOTICE);
    let deploy = top.path().join("deploy");
    write(&deploy, ".git/HEAD", "ref: refs/heads/gh-pages\n");
    write(&deploy, ".git/objects/ab/cdef", "object");
    write(&deploy, "CNAME", "privacy.example.org\n");
    std::os::unix::fs::symlink("../deploy", root.join("site")).unwrap();
    let before = snapshot(&deploy);

    // Not informed's: refused, naming the link's target and what is in it.
    let (code, err) = run(&root, &["build"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("site/.git") && err.contains("site/CNAME"),
        "{err}"
    );
    assert!(
        err.contains(".informed-site"),
        "the way to adopt it is named: {err}"
    );
    assert!(is_link(&root.join("site")));
    assert!(snapshot(&deploy) == before);

    // Adopted with an empty marker: the build lands in the target, keeping .git and CNAME.
    write(&deploy, ".informed-site", "");
    for round in 0..2 {
        let (code, err) = run(&root, &["build"]);
        assert_eq!(code, 0, "round {round}: {err}");
        assert!(is_link(&root.join("site")), "the link is still a link");
        assert_eq!(
            std::fs::read_link(root.join("site")).unwrap(),
            Path::new("../deploy")
        );
        assert!(deploy.join("trust/index.html").is_file());
        let now = snapshot(&deploy);
        for (rel, what) in &before {
            assert_eq!(now.get(rel), Some(what), "round {round}: {rel} kept");
        }
    }
    // Nothing was left beside the target or the link.
    let beside: Vec<String> = std::fs::read_dir(top.path())
        .unwrap()
        .chain(std::fs::read_dir(&root).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // Staging or moved-aside folders; the result cache is the site's own.
        .filter(|n| n.contains("informed-") && n != ".informed-cache")
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_symlinked_output_into_the_sources_or_to_nowhere_is_refused() {
    let dir = site("");
    let root = dir.path();
    std::os::unix::fs::symlink("content", root.join("site")).unwrap();
    let before = snapshot(root);
    let (code, err) = run(root, &["build", "--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content"), "{err}");
    assert!(snapshot(root) == before);

    // `..` after a link is the link target's parent (found by the output_guard property).
    std::os::unix::fs::symlink("content", root.join("into")).unwrap();
    let before = snapshot(root);
    let (code, err) = run(root, &["build", "--out", "into/new/new/..", "--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("lies inside") && err.contains("content"),
        "{err}"
    );
    assert!(snapshot(root) == before, "nothing created inside content/");
    std::fs::remove_file(root.join("into")).unwrap();

    std::fs::remove_file(root.join("site")).unwrap();
    std::os::unix::fs::symlink("../gone/away", root.join("site")).unwrap();
    let (code, err) = run(root, &["build"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("symbolic link") && err.contains("gone/away"),
        "{err}"
    );
    assert!(is_link(&root.join("site")));
    assert!(!root.parent().unwrap().join("gone").exists());
}

/// Files under `dir` named `index.html`.
fn pages(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count()
}

#[test]
fn two_builds_at_once_both_publish_a_complete_site() {
    const NOTICES: usize = 400;
    let dir = site("");
    let root = dir.path();
    for i in 0..NOTICES {
        write(
            root,
            &format!("content/n{i:04}.md"),
            &format!(
                "{NOTICE}\nNotice {i}. {}\n",
                "We keep it for two years. ".repeat(40)
            ),
        );
    }
    let spawn = || {
        Command::new(bin())
            .current_dir(root)
            .arg("build")
            .env("INFORMED_TODAY", "2026-05-01")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // The first build is under way (its staging folder holds pages) when the second starts.
    let first = spawn();
    let started = Instant::now();
    loop {
        let staged = std::fs::read_dir(root)
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".site.informed-tmp-")
            })
            .map(|e| pages(&e.path()))
            .sum::<usize>();
        if staged > 0 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = spawn();
    for (name, child) in [("first", first), ("second", second)] {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {err}");
        // A build that says it succeeded has published every page (the 400, `trust` and the index).
        assert_eq!(pages(&root.join("site")), NOTICES + 2, "{name}: {err}");
    }
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // Staging or moved-aside folders; the result cache is the site's own.
        .filter(|n| n.contains("informed-") && n != ".informed-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A build releases its lock when it is over, in a program that builds more than once (the
/// library, a test, an editor plugin): two sites built one after the other into new folders of
/// one parent both finish. The lock used to be kept after a first build into a new folder, and
/// the second build waited for ever.
#[test]
fn a_build_releases_its_lock_so_the_next_build_in_the_same_process_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/a.md"),
        "# A notice\n\nThe Example Club is the controller.\n",
    )
    .unwrap();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let root_in_thread = root.clone();
    let parent = tmp.path().join("out");
    std::thread::spawn(move || {
        let config = informed::config::Config::load(&root_in_thread).unwrap();
        let site = informed::site::Site::with_config(&root_in_thread, config).unwrap();
        for name in ["first", "second", "third"] {
            assert!(site.build(&parent.join(name), false).unwrap().written);
        }
        done_tx.send(()).unwrap();
    });
    assert!(
        done_rx.recv_timeout(Duration::from_secs(60)).is_ok(),
        "the second build into the same parent folder never finished: the first kept its lock"
    );
    for name in ["first", "second", "third"] {
        assert!(
            tmp.path()
                .join("out")
                .join(name)
                .join("index.html")
                .is_file()
        );
    }
}
