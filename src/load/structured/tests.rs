//! Tests of structured front matter.

use super::*;
use crate::source::Source;

fn notice(text: &str) -> Notice {
    Notice::parse(
        Source::new("n.md", "content/n.md", text.to_string()),
        "n.md".into(),
    )
    .unwrap()
}

fn declared_of(front: &str) -> Result<Declared> {
    declared(&notice(&format!("---\n{front}---\n\n# Body\n")))
}

#[test]
fn nothing_declared() {
    let d = declared_of("title: T\n").unwrap();
    // No structured fact; the page keys only know where the title is.
    assert_eq!(d.page.lines.title, Some(2));
    assert_eq!(
        Declared {
            page: PageKeys::default(),
            ..d
        },
        Declared::default()
    );
}

#[test]
fn page_keys_are_read_as_they_are() {
    let d = declared_of(
        "permalink: /a/\ndescription: '  Staff  '\njurisdiction: EU\nupdated: not a date\n\
         last_modified: 2024-05-01\ndate: 2020-01-02\nreview_due: 2030-01-01\nlayout: page\n",
    )
    .unwrap();
    let p = &d.page;
    assert_eq!(p.permalink.as_deref(), Some("/a/"));
    assert_eq!(p.description.as_deref(), Some("Staff"));
    assert_eq!(p.jurisdiction.as_deref(), Some("EU"));
    // The first date key that holds a date, with its line.
    let updated = p.updated.unwrap();
    assert_eq!(
        (updated.date.to_string().as_str(), updated.line),
        ("2024-05-01", 6)
    );
    assert_eq!(p.published.unwrap().line, 7);
    assert_eq!(p.lines.review_due, Some(8));
    assert_eq!(p.extra["layout"], "page");
    let e = declared_of("permalink: [a]\n").unwrap_err();
    assert!(e.to_string().contains("permalink must be a string"), "{e}");
}

#[test]
fn full_declaration() {
    let d = declared_of(
        "controller:\n  name: Dept\n  email: dpo@x.example\n  type: public body\n\
         dpo: dpo@dept.example\n\
         lawful_basis: [public task, 6(1)(c), Public_Task]\n\
         collection: both\n\
         transfers:\n  - country: United States\n    mechanism: UK US data bridge\n\
         special_category:\n  categories: [health]\n  condition: 9(2)(g)\n\
         automated_decisions: false\n\
         retention: 2 years\n\
         review_due: 2027-01-31\n\
         last_updated: 1 March 2026\n",
    )
    .unwrap();
    let c = d.controller.unwrap();
    assert_eq!(c.name.as_deref(), Some("Dept"));
    assert_eq!(c.kind.as_deref(), Some("public_authority"));
    assert_eq!(d.dpo.unwrap().email.as_deref(), Some("dpo@dept.example"));
    assert_eq!(d.lawful_basis, vec!["public_task", "legal_obligation"]);
    assert_eq!(d.collection, Some(Collection::Both));
    let t = d.transfers.unwrap();
    assert!(t.any);
    assert_eq!(
        t.destinations[0].mechanism.as_deref(),
        Some("uk_us_data_bridge")
    );
    let sc = d.special_category.unwrap();
    assert!(sc.processed);
    assert_eq!(sc.categories, vec!["health"]);
    assert_eq!(sc.condition.as_deref(), Some("9(2)(g)"));
    assert_eq!(d.automated_decisions, Some(false));
    assert_eq!(d.retention.as_deref(), Some("2 years"));
    assert_eq!(d.review_due, Date::new(2027, 1, 31));
    assert_eq!(d.last_updated, Date::new(2026, 3, 1));
}

#[test]
fn lawful_basis_aliases() {
    for (raw, id) in [
        ("consent", "consent"),
        ("Article 6(1)(a)", "consent"),
        ("6(1)(e)", "public_task"),
        ("legitimate interests", "legitimate_interests"),
        ("6(1)(f)", "legitimate_interests"),
        (
            "recognised legitimate interests",
            "recognised_legitimate_interests",
        ),
        ("6(1)(ea)", "recognised_legitimate_interests"),
        ("legal-obligation", "legal_obligation"),
        ("vital interests", "vital_interests"),
        ("contract", "contract"),
        ("LI", "legitimate_interests"),
        ("Article 6(1)(f)", "legitimate_interests"),
        ("art 6(1)(f)", "legitimate_interests"),
        ("legal duty", "legal_obligation"),
        ("public_task", "public_task"),
        (
            "recognised_legitimate_interests",
            "recognised_legitimate_interests",
        ),
    ] {
        assert_eq!(normalise_basis(raw), Some(id), "{raw}");
    }
    assert_eq!(normalise_basis("because we want to"), None);
    let d = declared_of("lawful_basis: consent\n").unwrap();
    assert_eq!(d.lawful_basis, vec!["consent"]);
}

#[test]
fn transfers_false_and_true() {
    let d = declared_of("transfers: false\n").unwrap();
    assert!(!d.transfers.unwrap().any);
    let d = declared_of("transfers: true\n").unwrap();
    assert!(d.transfers.unwrap().any);
}

#[test]
fn errors_point_at_the_key_line() {
    let e = declared_of("title: T\nlawful_basis: [consent, vibes]\n").unwrap_err();
    assert_eq!(e.location.line, Some(3), "{e}");
    assert!(e.message.contains("vibes"), "{e}");
    assert_eq!(
        e.location.file.as_deref(),
        Some(std::path::Path::new("content/n.md"))
    );

    let e = declared_of("title: T\nreview_due: someday\n").unwrap_err();
    assert_eq!(e.location.line, Some(3));
    assert!(e.message.contains("not a date"));

    let e = declared_of("collection: sideways\n").unwrap_err();
    assert!(e.message.contains("sideways"));
}

#[test]
fn nested_errors_point_at_the_nested_line() {
    let e = declared_of("controller:\n  name: Dept\n  emial: a@b.example\n").unwrap_err();
    assert_eq!(e.location.line, Some(4), "{e}");
    assert!(e.message.contains("unknown key `emial`"), "{e}");

    let e = declared_of("transfers:\n  - country: X\n    mechanism: handshake\n").unwrap_err();
    assert_eq!(e.location.line, Some(4), "{e}");

    let e = declared_of("dpo:\n  email: not-an-address\n").unwrap_err();
    assert_eq!(e.location.line, Some(3), "{e}");
}

#[test]
fn toml_front_matter_is_read_too() {
    let n = notice("+++\nlawful_basis = [\"contract\"]\nreview_due = 2027-05-01\n+++\n# B\n");
    let d = declared(&n).unwrap();
    assert_eq!(d.lawful_basis, vec!["contract"]);
    assert_eq!(d.review_due, Date::new(2027, 5, 1));
}

#[test]
fn wrong_types_are_errors() {
    assert!(declared_of("automated_decisions: maybe\n").is_err());
    assert!(declared_of("controller: [a, b]\n").is_err());
    assert!(declared_of("lawful_basis: []\n").is_err());
    assert!(declared_of("transfers: 3\n").is_err());
    assert!(declared_of("retention: ''\n").is_err());
}
