//! What a site in git shows: the section, the change pages, the feed, the lint.

use std::str::FromStr;

use super::{CHANGED, Scratch, build_in, commit, notice};
use crate::support::{read, run_in};

const FEED_LINK: &str = r#"<link rel="alternate" type="application/atom+xml" href="/changes.xml""#;

#[test]
fn notice_page_lists_its_changes_newest_first_and_links_each_change_page() {
    let s = Scratch::new("");
    s.build();
    let page = s.out("volunteering/index.html");
    assert!(
        page.contains("<h2 id=\"informed-history\">Changes to this notice</h2>"),
        "{page}"
    );
    let changed = page
        .find(r#"<time datetime="2026-02-10">10 February 2026</time>: Keep volunteer details for one year"#)
        .expect("the text change, with its commit's subject");
    let added = page
        .find(r#"<time datetime="2026-01-05">5 January 2026</time>: Add the volunteer notice"#)
        .expect("the day the notice was added");
    assert!(changed < added, "newest first");
    assert!(page.contains(r#"<a href="/volunteering/changes/2026-02-10/">See what changed"#));
    // Neither a front-matter-only commit nor the rename changed the text people read.
    assert!(!page.contains("Fix a typo"), "{page}");
    assert!(!page.contains("Move the volunteer notice"), "{page}");
    assert!(!page.contains("2026-04-01"));
}

#[test]
fn change_page_shows_words_added_and_removed_accessibly() {
    let s = Scratch::new("");
    s.build();
    let page = s.out("volunteering/changes/2026-02-10/index.html");
    assert!(page.contains(r#"<a href="/volunteering/">Back to the notice: Volunteer sign-up</a>"#));
    assert!(page.contains("Keep volunteer details for one year"));
    // Only the changed paragraph, in full, with the old and new words marked and announced.
    assert!(
        page.contains(
            "We keep your details for <del><span class=\"visually-hidden\">[removed: </span>2 years\
             <span class=\"visually-hidden\">]</span></del><ins><span class=\"visually-hidden\">[added: \
             </span>1 year<span class=\"visually-hidden\">]</span></ins> after your last shift"
        ),
        "{page}"
    );
    assert!(
        !page.contains("arrange your volunteering shifts"),
        "unchanged text is left out"
    );
    assert!(page.contains("Words added: 2. Words removed: 2."), "{page}");
    assert!(!page.contains("<script"), "no script needed");
}

#[test]
fn feed_is_valid_atom_and_every_page_links_to_it() {
    let s = Scratch::new("title = \"Riverside notices\"\n");
    s.build();
    let xml = s.out("changes.xml");
    let feed = atom_syndication::Feed::from_str(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert!(feed.id().starts_with("urn:uuid:"), "{}", feed.id());
    assert_eq!(feed.title().value, "Riverside notices");
    assert_eq!(feed.updated().to_rfc3339(), CHANGED);
    assert_eq!(feed.authors()[0].name(), "Riverside notices");
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == "/changes.xml")
    );
    let entries = feed.entries();
    assert_eq!(entries.len(), 2, "{xml}");
    assert_eq!(
        entries[0].title().value,
        "Volunteer sign-up: Keep volunteer details for one year"
    );
    assert_eq!(entries[0].updated().to_rfc3339(), CHANGED);
    assert_eq!(
        entries[0].links()[0].href(),
        "/volunteering/changes/2026-02-10/"
    );
    assert_eq!(entries[1].links()[0].href(), "/volunteering/");
    assert!(entries.iter().all(|e| e.id().starts_with("urn:uuid:")));
    assert_ne!(entries[0].id(), entries[1].id());
    for page in [
        "index.html",
        "404.html",
        "volunteering/index.html",
        "volunteering/changes/2026-02-10/index.html",
    ] {
        assert!(
            s.out(page).contains(FEED_LINK),
            "{page} does not link the feed"
        );
    }
}

#[test]
fn the_same_commit_gives_the_same_site() {
    let s = Scratch::new("");
    let files = [
        "changes.xml",
        "volunteering/index.html",
        "volunteering/changes/2026-02-10/index.html",
    ];
    s.build();
    let first: Vec<String> = files.iter().map(|f| s.out(f)).collect();
    let (code, _, err) = run_in(&s.site(), &["build", "--no-cache", "--out", "again"]);
    assert_eq!(code, 0, "{err}");
    for (f, before) in files.iter().zip(first) {
        assert_eq!(read(s.site().join("again").join(f)), before, "{f}");
    }
}

#[test]
fn changes_in_front_matter_give_the_summary_and_may_predate_the_repository() {
    let s = Scratch::new("");
    let text = notice("2026-01-05", "1 year").replace(
        "---\n# Volunteer",
        "changes:\n  - date: 2026-02-10\n    summary: We now keep your details for one year, not two.\n  \
         - date: 2025-06-01\n    summary: First published on our old website.\n---\n# Volunteer",
    );
    commit(
        s.repo(),
        "site/content/volunteering.md",
        &text,
        "Summaries of the changes",
        "2026-05-01T12:00:00+00:00",
    );
    s.build();
    let page = s.out("volunteering/index.html");
    assert!(
        page.contains("10 February 2026</time>: We now keep your details for one year, not two."),
        "{page}"
    );
    assert!(
        !page.contains("Keep volunteer details for one year"),
        "the entry wins over the subject"
    );
    assert!(
        page.contains("1 June 2025</time>: First published on our old website.</li>"),
        "{page}"
    );
    assert!(
        s.out("changes.xml")
            .contains("We now keep your details for one year, not two.")
    );
}

#[test]
fn a_new_commit_is_shown_by_the_next_build_and_uncommitted_edits_are_not_history() {
    let s = Scratch::new("");
    s.build();
    // Edited but not committed: the page shows the new text, the history does not change.
    let path = s.site().join("content/volunteering.md");
    std::fs::write(&path, notice("2026-01-05", "6 months")).unwrap();
    s.build();
    let page = s.out("volunteering/index.html");
    assert!(page.contains("6 months"));
    assert!(!page.contains("2026-06-"), "{page}");
    // Committed: the next build (the result cache is keyed on the notice's history) shows it.
    commit(
        s.repo(),
        "site/content/volunteering.md",
        &notice("2026-01-05", "6 months"),
        "Keep details for six months",
        "2026-06-02T08:00:00+00:00",
    );
    s.build();
    let page = s.out("volunteering/index.html");
    assert!(
        page.contains("2 June 2026</time>: Keep details for six months"),
        "{page}"
    );
    assert!(
        s.out("volunteering/changes/2026-06-02/index.html")
            .contains("6 months")
    );
    assert!(s.out("changes.xml").contains("Keep details for six months"));
}

#[test]
fn lint_names_both_dates_when_the_text_changed_after_last_updated() {
    let s = Scratch::new("");
    let (_, out, _) = run_in(&s.site(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found: Vec<&serde_json::Value> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "date-behind-history")
        .collect();
    assert_eq!(found.len(), 1, "{out}");
    assert_eq!(
        found[0]["message"],
        "the text changed on 10 February 2026 (\"Keep volunteer details for one year\"), \
         after the notice's \"last updated\" date, 5 January 2026"
    );
    assert_eq!(found[0]["line"], 3, "at the date it declares");
    // Once the date is put right, the finding goes (a front-matter change is not a text change).
    commit(
        s.repo(),
        "site/content/volunteering.md",
        &notice("2026-02-10", "1 year"),
        "Update the date",
        "2026-02-11T08:00:00+00:00",
    );
    let (_, out, _) = run_in(&s.site(), &["check", "--format", "json"]);
    assert!(!out.contains("date-behind-history"), "{out}");
    assert!(build_in(&s.site()).contains("built 1 notice"));
}

#[test]
fn serve_shows_the_change_pages_and_the_feed_that_build_writes() {
    use crate::support::serve::{get, relative_to_cwd};
    let s = Scratch::new("");
    s.build();
    let server = informed::serve::Server::start(
        &relative_to_cwd(&s.site()),
        informed::serve::ServeOptions {
            port: Some(0),
            quiet: true,
            ..Default::default()
        },
    )
    .expect("server starts");
    let addr = server.addr();
    let feed = get(addr, "/changes.xml");
    assert_eq!(feed.status, 200);
    assert_eq!(feed.body, s.out("changes.xml"));
    let change = get(addr, "/volunteering/changes/2026-02-10/");
    assert_eq!(change.status, 200);
    assert!(change.body.contains("<del>"));
    let page = get(addr, "/volunteering/").body;
    assert!(page.contains("Changes to this notice") && page.contains(FEED_LINK));
}

#[test]
fn a_notice_renamed_and_edited_in_one_commit_keeps_its_history() {
    let s = Scratch::new("");
    let repo = s.repo();
    let date = "2026-07-01T08:00:00+00:00";
    super::git(
        repo,
        &[
            "mv",
            "site/content/volunteering.md",
            "site/content/helpers.md",
        ],
        date,
    );
    commit(
        repo,
        "site/content/helpers.md",
        &notice("2026-01-05", "3 months"),
        "Rename to helpers and shorten the period",
        date,
    );
    s.build();
    let page = s.out("helpers/index.html");
    assert!(
        page.contains("1 July 2026</time>: Rename to helpers and shorten the period"),
        "{page}"
    );
    assert!(
        page.contains("10 February 2026</time>: Keep volunteer details for one year"),
        "{page}"
    );
    assert!(
        page.contains("5 January 2026</time>: Add the volunteer notice"),
        "{page}"
    );
    let change = s.out("helpers/changes/2026-07-01/index.html");
    assert!(
        change.contains("3 months") && change.contains("1 year"),
        "{change}"
    );
}
