//! The notice page: the "At a glance" summary, head links to the machine-readable copies, and
//! the files those links point at. Rendered HTML is compared with insta snapshots.

use std::path::Path;

use informed::config::Config;
use informed::lint::FileReport;
use informed::load::Notice;
use informed::load::structured::declared;
use informed::render::{self, PageSummary, SiteContext, Theme};
use informed::source::Source;
use informed::understand::{ElementStatus, Outcome};

use crate::support::{informed, repo};

const NOTICE: &str = "---
title: Book club privacy notice
controller:
  name: Example Book Club
  email: hello@bookclub.example
lawful_basis: consent
review_due: 2027-01-31
---

This notice explains how the Example Book Club uses your personal data.

## Why we use your data

We use your data to:

- send you the monthly reading list
- organise meetings

## How long we keep it

We keep your email address until you leave the club. Then we delete it.

## Your rights

You can ask for a copy of your data at any time.

## How to complain

You can complain to the Information Commissioner's Office.
";

fn notice() -> Notice {
    Notice::parse(
        Source::new(
            "content/book-club.md",
            "content/book-club.md",
            NOTICE.to_string(),
        ),
        "book-club.md".into(),
    )
    .unwrap()
}

/// Line of the first line containing `needle`.
fn line_of(needle: &str) -> usize {
    NOTICE.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn report(with_elements: bool) -> FileReport {
    let mut elements = std::collections::BTreeMap::new();
    if with_elements {
        for (id, needle) in [
            ("purposes", "## Why we use"),
            ("retention", "We keep your email"),
            ("rights", "## Your rights"),
            ("complaint", "## How to complain"),
        ] {
            elements.insert(
                id.to_string(),
                ElementStatus {
                    present: true,
                    line: Some(line_of(needle)),
                    status: Outcome::Present,
                    evidence: None,
                },
            );
        }
        elements.insert(
            "recipients".into(),
            ElementStatus {
                present: false,
                line: None,
                status: Outcome::Absent,
                evidence: None,
            },
        );
    }
    FileReport {
        path: "content/book-club.md".into(),
        elements,
        facts: Default::default(),
        diagnostics: Vec::new(),
    }
}

fn render(theme: &str, report: &FileReport) -> String {
    crate::support::pin_today();
    let mut config = Config::default();
    config.theme = theme.into();
    let theme = Theme::load(Path::new("/nonexistent"), theme).unwrap();
    let site = SiteContext::new(&config);
    let n = notice();
    let d = declared(&n).unwrap();
    let target = informed::pipeline::target_of(&n, &d).unwrap();
    let summary = PageSummary::new(n.title(), &target, None, None);
    render::notice_page(&theme, &site, &n, &d, &summary, report, &config).unwrap()
}

/// The `<main>` element and the head's alternate links, without blank lines.
fn excerpt(html: &str) -> String {
    let head: Vec<&str> = html
        .lines()
        .filter(|l| l.contains("rel=\"alternate\""))
        .collect();
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    let main: Vec<&str> = html[start..end]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    format!("{}\n{}", head.join("\n"), main.join("\n"))
}

#[test]
fn default_theme_notice_with_glance() {
    insta::assert_snapshot!(excerpt(&render("default", &report(true))));
}

#[test]
fn govuk_theme_notice_with_glance() {
    insta::assert_snapshot!(excerpt(&render("govuk", &report(true))));
}

#[test]
fn glance_items_follow_detected_elements() {
    let page = render("default", &report(true));
    assert!(page.contains(
        "<span>Next review due</span> <time datetime=\"2027-01-31\">31 January 2027</time>"
    ));
    // Only the summary box, not the notice body that repeats the same words.
    let html = &page[page.find("At a glance").unwrap()..page.find("</section>").unwrap()];
    assert!(html.contains("<dt>Why we use it</dt>"));
    assert!(html.contains("Send you the monthly reading list; organise meetings"));
    assert!(html.contains("href=\"#how-long-we-keep-it\""));
    assert!(html.contains("We keep your email address until you leave the club."));
    assert!(
        !html.contains("Then we delete it."),
        "only the first sentence is summarised"
    );
    assert!(
        html.contains("<dt>Who is responsible</dt>"),
        "from front matter"
    );
    assert!(html.contains("Example Book Club"));
    assert!(html.contains("<dt>Our lawful basis</dt>"));
    assert!(
        !html.contains("Who receives it"),
        "recipients are not addressed, so hidden"
    );
}

#[test]
fn glance_is_hidden_when_nothing_is_known() {
    let n = Notice::parse(
        Source::new("content/x.md", "content/x.md", "# X\n\nSome text.\n".into()),
        "x.md".into(),
    )
    .unwrap();
    let d = declared(&n).unwrap();
    assert_eq!(d, Default::default());
    let config = Config::default();
    let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
    let target = informed::pipeline::target_of(&n, &d).unwrap();
    let summary = PageSummary::new(n.title(), &target, None, None);
    let empty = FileReport {
        path: "content/x.md".into(),
        elements: Default::default(),
        facts: Default::default(),
        diagnostics: Vec::new(),
    };
    for name in ["default", "govuk"] {
        let theme = if name == "default" {
            &theme
        } else {
            &Theme::load(Path::new("/x"), name).unwrap()
        };
        let html = render::notice_page(
            theme,
            &SiteContext::new(&config),
            &n,
            &d,
            &summary,
            &empty,
            &config,
        )
        .unwrap();
        assert!(!html.contains("At a glance"), "{name}");
        assert!(!html.contains("informed-glance"), "{name}");
    }
}

#[test]
fn build_writes_json_and_jsonld_beside_each_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/book-club.md"), NOTICE).unwrap();
    std::fs::write(
        dir.path().join("content/other.md"),
        "---\npermalink: /policies/other.html\ncollection: indirect\n---\n# Other\n\nText.\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    informed()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .success();

    let page = std::fs::read_to_string(out.join("book-club/index.html")).unwrap();
    assert!(page.contains(
        r#"<link rel="alternate" type="application/json" href="/book-club/notice.json""#
    ));
    assert!(page.contains(
        r#"<link rel="alternate" type="application/ld+json" href="/book-club/notice.jsonld""#
    ));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("book-club/notice.json")).unwrap())
            .unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["title"], "Book club privacy notice");
    assert_eq!(json["url"], "/book-club/");
    assert!(json["elements"].is_object());
    assert!(json["facts"].is_object());
    assert_eq!(json["declared"]["lawful_basis"][0], "consent");
    assert_eq!(json["declared"]["review_due"], "2027-01-31");
    assert_eq!(json["sections"][0]["anchor"], "why-we-use-your-data");

    let ld: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("book-club/notice.jsonld")).unwrap(),
    )
    .unwrap();
    assert_eq!(ld["@context"]["dpv"], "https://w3id.org/dpv#");
    assert_eq!(ld["@type"][0], "dpv:PrivacyNotice");
    assert_eq!(ld["dct:title"], "Book club privacy notice");
    assert_eq!(ld["dpv:hasLegalBasis"][0]["@id"], "eu-gdpr:A6-1-a");
    assert_eq!(
        ld["dpv:hasDataController"]["dpv:hasName"],
        "Example Book Club"
    );
    let rights: Vec<&str> = ld["dpv:hasRight"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["@id"].as_str().unwrap())
        .collect();
    assert!(
        rights.contains(&"eu-gdpr:A7-3"),
        "consent brings the right to withdraw it"
    );
    assert!(
        rights.contains(&"eu-gdpr:A77"),
        "everyone may complain to the regulator"
    );

    // A page that is not an index.html gets `name.notice.json` beside it.
    let other = std::fs::read_to_string(out.join("policies/other.html")).unwrap();
    assert!(other.contains("href=\"/policies/other.notice.jsonld\""));
    let ld: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("policies/other.notice.jsonld")).unwrap(),
    )
    .unwrap();
    assert_eq!(ld["@id"], "other.html");
    assert!(
        ld["@type"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("eu-gdpr:IndirectDataCollectionNotice"))
    );
    assert!(
        !ld["@type"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("eu-gdpr:DirectDataCollectionNotice"))
    );
}

#[test]
fn example_site_pages_link_to_files_that_exist() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    informed()
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut checked = 0;
    let mut pages = Vec::new();
    let mut dirs = vec![out.clone()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.file_name().is_some_and(|n| n == "index.html") && d != out {
                pages.push(p);
            }
        }
    }
    for page in pages {
        let html = std::fs::read_to_string(&page).unwrap();
        for kind in ["application/json", "application/ld+json"] {
            let marker = format!("type=\"{kind}\" href=\"/");
            let at = html
                .find(&marker)
                .unwrap_or_else(|| panic!("{} has no {kind} link", page.display()));
            let rest = &html[at + marker.len()..];
            let href = &rest[..rest.find('"').unwrap()];
            assert!(
                out.join(href).is_file(),
                "{href} linked from {} is missing",
                page.display()
            );
            serde_json::from_str::<serde_json::Value>(
                &std::fs::read_to_string(out.join(href)).unwrap(),
            )
            .unwrap();
        }
        checked += 1;
    }
    assert!(checked >= 4, "checked {checked} pages");
}
