//! The result cache (`.informed-cache/`): `check` and `build` reuse what they made of an
//! unchanged notice, and never trust an entry made for anything else.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::support::informed;
use crate::support::site::{site, write};

const SURVEY: &str = "---
title: Garden survey
---

Northfield Gardens is the controller. Email privacy@northfield.example.

## Why we use your data

We use your name and postcode to run the garden survey, with your consent.
";

const CLUB: &str = "---
title: Book club
---

The Book Club collects your email address to send reminders. We keep it for two years.
";

fn two_notices() -> tempfile::TempDir {
    site(
        "",
        &[("content/survey.md", SURVEY), ("content/club.md", CLUB)],
    )
}

/// Run `informed` in `dir` (the site); stdout, and the exit code.
fn run(dir: &Path, args: &[&str], today: &str) -> (i32, Vec<u8>) {
    let out = informed()
        .current_dir(dir)
        .env("INFORMED_TODAY", today)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap_or(2) < 2,
        "informed {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap(), out.stdout)
}

const TODAY: &str = crate::support::TODAY;

/// The cache's entry files of one kind (`check-json`, `build`), with their inode numbers.
fn entries(dir: &Path, kind: &str) -> Vec<(PathBuf, u64)> {
    let mut out: Vec<(PathBuf, u64)> = std::fs::read_dir(dir.join(".informed-cache").join(kind))
        .map(|rd| {
            rd.flatten()
                .map(|e| (e.path(), e.metadata().unwrap().ino()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The names of the entries in the build cache's pack (`.informed-cache/build/pack`: a header
/// line, then per entry a `<name> <length>` line and that many bytes).
fn pack_names(dir: &Path) -> Vec<String> {
    let folder = dir.join(".informed-cache").join("build");
    let files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["pack"], "one file for every build entry");
    let bytes = std::fs::read(folder.join("pack")).unwrap();
    let mut rest = bytes.strip_prefix(b"informed-pack 1\n".as_slice()).unwrap();
    let mut names = Vec::new();
    while !rest.is_empty() {
        let end = rest.iter().position(|&b| b == b'\n').unwrap();
        let line = std::str::from_utf8(&rest[..end]).unwrap();
        let (name, len) = line.rsplit_once(' ').unwrap();
        names.push(name.to_string());
        rest = &rest[end + 1 + len.parse::<usize>().unwrap()..];
    }
    names
}

#[test]
fn a_second_check_reuses_every_entry_and_prints_the_same_bytes_as_no_cache() {
    let s = two_notices();
    for format in ["json", "human", "sarif", "github"] {
        let args = ["check", "--format", format];
        let first = run(s.path(), &args, TODAY);
        let made = entries(s.path(), &format!("check-{format}"));
        assert_eq!(made.len(), 2, "{format}: one entry per notice");
        let second = run(s.path(), &args, TODAY);
        assert_eq!(
            entries(s.path(), &format!("check-{format}")),
            made,
            "{format}: the second run rewrote no entry (every notice a hit)"
        );
        assert!(first == second, "{format}: second run differs");
        let fresh = run(
            s.path(),
            &["check", "--format", format, "--no-cache"],
            TODAY,
        );
        assert!(
            first == fresh,
            "{format}: cached run differs from --no-cache"
        );
    }
}

#[test]
fn a_changed_notice_rule_pack_config_or_date_is_not_served_from_the_cache() {
    let s = two_notices();
    let args = ["check", "--format", "json"];
    let before = run(s.path(), &args, TODAY);
    type Change<'a> = (&'a str, &'a dyn Fn(&Path));
    let changes: [Change; 4] = [
        ("notice", &|root| {
            write(
                root,
                "content/club.md",
                format!("{CLUB}\nContact: [insert email]\n").as_bytes(),
            );
        }),
        ("informed.toml", &|root| {
            write(
                root,
                "informed.toml",
                b"title = \"Hardening\"\n[lints]\nmissing-retention = \"off\"\n",
            );
        }),
        ("rule pack", &|root| {
            write(
                root,
                "lints/extra.toml",
                b"[[rule]]\ncode = \"INF990\"\nslug = \"book-club\"\nkind = \"pattern\"\npatterns = ['(?i)book club']\nlevel = \"warning\"\narticle = \"12(1)\"\nmessage = \"book club\"\nhelp = \"h\"\ndocs = \"d\"\n",
            );
        }),
        ("date", &|_| {}),
    ];
    let mut previous = before;
    for (i, (what, change)) in changes.iter().enumerate() {
        let old = entries(s.path(), "check-json");
        change(s.path());
        let today = if *what == "date" { "2031-01-01" } else { TODAY };
        let cached = run(s.path(), &args, today);
        let fresh = run(
            s.path(),
            &["check", "--format", "json", "--no-cache"],
            today,
        );
        assert!(
            cached == fresh,
            "after the {what} changed, the cached run differs from --no-cache"
        );
        let new = entries(s.path(), "check-json");
        assert_ne!(
            old, new,
            "after the {what} changed, entries were made again"
        );
        if i < 3 {
            assert!(cached != previous, "the {what} change shows in the report");
        }
        previous = cached;
    }
}

#[test]
fn a_corrupt_truncated_or_foreign_entry_is_ignored_and_replaced() {
    let s = two_notices();
    let args = ["check", "--format", "json"];
    let good = run(s.path(), &args, TODAY);
    let made = entries(s.path(), "check-json");
    let (a, b) = (made[0].0.clone(), made[1].0.clone());
    let a_bytes = std::fs::read(&a).unwrap();
    let b_bytes = std::fs::read(&b).unwrap();
    let bad: [(&str, Vec<u8>); 4] = [
        ("garbage", b"\x00\xffnot an entry at all".to_vec()),
        ("truncated", a_bytes[..a_bytes.len() / 2].to_vec()),
        ("another notice's entry", b_bytes.clone()),
        ("a flipped byte", {
            let mut v = a_bytes.clone();
            let i = v.len() - 50;
            v[i] ^= 0x20;
            v
        }),
    ];
    for (what, bytes) in bad {
        std::fs::write(&a, &bytes).unwrap();
        let again = run(s.path(), &args, TODAY);
        assert!(again == good, "with {what} in an entry, the report changed");
        assert_eq!(
            std::fs::read(&a).unwrap(),
            a_bytes,
            "{what}: the entry was replaced by a good one"
        );
    }
}

#[test]
fn entries_of_deleted_notices_are_evicted() {
    let s = two_notices();
    run(s.path(), &["check"], TODAY);
    run(s.path(), &["build"], TODAY);
    assert_eq!(entries(s.path(), "check-human").len(), 2);
    assert_eq!(pack_names(s.path()).len(), 3, "two notices and the site");
    std::fs::remove_file(s.path().join("content/club.md")).unwrap();
    run(s.path(), &["check"], TODAY);
    run(s.path(), &["build"], TODAY);
    assert_eq!(entries(s.path(), "check-human").len(), 1);
    assert_eq!(pack_names(s.path()).len(), 2);
}

/// Every file of the output with its modification time and inode.
fn stamps(out: &Path) -> Vec<(PathBuf, i64, i64, u64)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            (e.path().to_path_buf(), m.mtime(), m.mtime_nsec(), m.ino())
        })
        .collect();
    v.sort();
    v
}

fn tree(out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(out).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_build_with_nothing_changed_writes_nothing() {
    let s = two_notices();
    run(s.path(), &["build"], TODAY);
    let out = s.path().join("site");
    let first = stamps(&out);
    assert!(first.len() > 6, "pages, alternates and shared files");
    run(s.path(), &["build"], TODAY);
    assert_eq!(stamps(&out), first, "every output file untouched");
    for (p, ..) in &first {
        assert!(
            !p.to_string_lossy().contains(".informed-cache"),
            "{} in the output",
            p.display()
        );
    }
    // The published site is exactly what a build without the cache writes.
    let fresh = s.path().join("fresh");
    run(s.path(), &["build", "--no-cache", "--out", "fresh"], TODAY);
    assert_eq!(tree(&out), tree(&fresh));
}

#[test]
fn a_build_after_one_notice_changed_renders_only_that_notice() {
    let s = two_notices();
    run(s.path(), &["build"], TODAY);
    let out = s.path().join("site");
    let page = |name: &str| {
        std::fs::metadata(out.join(name).join("index.html"))
            .unwrap()
            .ino()
    };
    let survey = page("survey");
    write(
        s.path(),
        "content/club.md",
        format!("{CLUB}\nWe keep it for two years.\n").as_bytes(),
    );
    run(s.path(), &["build"], TODAY);
    assert_eq!(
        page("survey"),
        survey,
        "the unchanged notice's page was kept"
    );
    run(s.path(), &["build", "--no-cache", "--out", "fresh"], TODAY);
    assert_eq!(tree(&out), tree(&s.path().join("fresh")));
    // A file of the published site changed by hand is not trusted: it is rebuilt.
    write(s.path(), "site/survey/index.html", b"tampered");
    run(s.path(), &["build"], TODAY);
    assert_eq!(tree(&out), tree(&s.path().join("fresh")));
}

#[test]
fn a_corrupt_truncated_or_foreign_build_entry_is_ignored_and_replaced() {
    let s = two_notices();
    run(s.path(), &["build"], TODAY);
    run(s.path(), &["build", "--no-cache", "--out", "fresh"], TODAY);
    let fresh = tree(&s.path().join("fresh"));
    let pack = s.path().join(".informed-cache/build/pack");
    let good = std::fs::read(&pack).unwrap();
    // A byte of a notice's title in its entry: the entry is still valid JSON, only its
    // checksum tells.
    let at = good.windows(9).position(|w| w == b"Book club").unwrap();
    let names = pack_names(s.path());
    let bad: [(&str, Vec<u8>); 4] = [
        ("garbage", b"\x00\xffnot a pack at all".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("a flipped byte", {
            let mut v = good.clone();
            v[at] ^= 0x20;
            v
        }),
        (
            "another entry's bytes under each name",
            String::from_utf8(good.clone())
                .unwrap()
                .replace(&names[0], "swap")
                .replace(&names[1], &names[0])
                .replace("swap", &names[1])
                .into_bytes(),
        ),
    ];
    for (what, bytes) in bad {
        // Nothing else changed: only the key of each entry keeps another notice's entry (whose
        // published files are intact) from being taken for this one.
        std::fs::write(&pack, &bytes).unwrap();
        run(s.path(), &["build"], TODAY);
        assert_eq!(
            tree(&s.path().join("site")),
            fresh,
            "with {what} in the pack, the site differs from a build without the cache"
        );
        assert_eq!(
            pack_names(s.path()).len(),
            3,
            "{what}: every entry written again"
        );
        let again = std::fs::read(&pack).unwrap();
        assert_ne!(again, bytes, "{what}: the pack was replaced");
    }
}

#[test]
fn an_unwritable_cache_is_not_kept_and_check_and_build_still_work() {
    let s = two_notices();
    let fresh = run(s.path(), &["check", "--no-cache"], TODAY);
    // A file where the cache folder would go (as a read-only site, for any user).
    std::fs::write(s.path().join(".informed-cache"), b"in the way").unwrap();
    assert!(run(s.path(), &["check"], TODAY) == fresh);
    run(s.path(), &["build"], TODAY);
    assert!(s.path().join("site/survey/index.html").is_file());
    assert_eq!(
        std::fs::read(s.path().join(".informed-cache")).unwrap(),
        b"in the way"
    );
}

#[test]
fn a_read_only_site_checks_without_writing_a_cache() {
    use std::os::unix::fs::PermissionsExt;
    let s = two_notices();
    let fresh = run(s.path(), &["check", "--no-cache"], TODAY);
    let mode = |m: u32| std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(m));
    mode(0o555).unwrap();
    let cached = run(s.path(), &["check"], TODAY);
    let writable = std::fs::create_dir(s.path().join("probe")).is_ok(); // true only as root
    mode(0o755).unwrap();
    assert!(cached == fresh);
    assert_eq!(
        s.path().join(".informed-cache").exists(),
        writable,
        "the cache is written only where the site can be written"
    );
}

#[test]
fn init_git_ignores_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    informed()
        .current_dir(dir.path())
        .args(["init", "s"])
        .assert()
        .success();
    let ignore = std::fs::read_to_string(dir.path().join("s/.gitignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l.trim() == "/.informed-cache/"),
        "{ignore}"
    );
}
