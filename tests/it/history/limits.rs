//! Where history does not apply: outside git, `history = false`, a shallow clone, and
//! `changes:` front matter that does not validate.

use super::{ADDED, Scratch, build_in, git, notice};
use crate::support::{run_in, site::site};

/// Nothing of history in the built site at `out` (the output folder).
fn assert_no_history(out: &std::path::Path, page: &str) {
    assert!(!out.join("changes.xml").exists(), "no feed");
    let html = crate::support::read(out.join(page));
    assert!(!html.contains("Changes to this notice"), "{html}");
    assert!(!html.contains("application/atom+xml"), "{html}");
    assert!(!out.join("volunteering/changes").exists());
}

#[test]
fn outside_git_nothing_appears_and_nothing_fails() {
    let dir = site(
        "",
        &[("content/volunteering.md", &notice("2026-01-05", "1 year"))],
    );
    let err = build_in(dir.path());
    assert!(!err.contains("history"), "{err}");
    assert_no_history(&dir.path().join("site"), "volunteering/index.html");
    let (code, out, _) = run_in(dir.path(), &["check"]);
    assert!(code == 0 || code == 1, "{out}");
    assert!(!out.contains("INF420"), "{out}");
}

#[test]
fn history_false_turns_it_off() {
    let s = Scratch::new("history = false\n");
    s.build();
    assert_no_history(&s.site().join("site"), "volunteering/index.html");
    let (_, out, _) = run_in(&s.site(), &["check"]);
    assert!(!out.contains("INF420"), "{out}");
}

#[test]
fn a_shallow_clone_builds_and_shows_only_what_it_knows() {
    let s = Scratch::new("");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", s.repo().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "c"],
        ADDED,
    );
    let site = clone.path().join("c/site");
    let err = build_in(&site);
    assert!(err.contains("built 1 notice"), "{err}");
    // Depth 1: what the one commit changed is not known, so no change is claimed and the lint
    // does not guess.
    assert_no_history(&site.join("site"), "volunteering/index.html");
    let (_, out, _) = run_in(&site, &["check"]);
    assert!(!out.contains("INF420"), "{out}");
    // Depth 2 after one more change of text: that change is known, the older ones are not.
    super::commit(
        s.repo(),
        "site/content/volunteering.md",
        &notice("2026-01-05", "6 months"),
        "Keep details for six months",
        "2026-06-02T08:00:00+00:00",
    );
    let deeper = tempfile::tempdir().unwrap();
    git(
        deeper.path(),
        &["clone", "-q", "--depth", "2", &url, "c"],
        ADDED,
    );
    let site = deeper.path().join("c/site");
    build_in(&site);
    let page = crate::support::read(site.join("site/volunteering/index.html"));
    assert!(
        page.contains("2 June 2026</time>: Keep details for six months"),
        "{page}"
    );
    assert!(
        !page.contains("Keep volunteer details for one year"),
        "beyond the boundary: {page}"
    );
    assert!(
        !page.contains("Add the volunteer notice"),
        "beyond the boundary: {page}"
    );
}

#[test]
fn changes_that_do_not_validate_stop_the_build_at_the_key() {
    let text = notice("2026-01-05", "1 year").replace(
        "---\n# Volunteer",
        "changes:\n  - date: 2026-02-10\n---\n# Volunteer",
    );
    let dir = site("", &[("content/volunteering.md", &text)]);
    let (code, _, err) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("content/volunteering.md:4:1")
            && err.contains("front matter `changes`: the change of 2026-02-10 needs a `summary`"),
        "{err}"
    );
    let bad_date = notice("2026-01-05", "1 year").replace(
        "---\n# Volunteer",
        "changes:\n  - date: soon\n    summary: Something\n---\n# Volunteer",
    );
    let dir = site("", &[("content/volunteering.md", &bad_date)]);
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`soon` is not a date"), "{err}");
}
