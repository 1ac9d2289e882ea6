//! History on a site with translations: a translation's changes and change pages are in its
//! language (English words that have no sourced Welsh are marked `lang="en"`), and the one
//! feed lists every language's changes, each entry with its page's `xml:lang`.

use super::{Scratch, commit};

/// The Welsh version of the scratch notice (test text, not a reviewed translation), with
/// `period` in its retention sentence.
fn welsh(period: &str) -> String {
    format!(
        "---\ntitle: Cofrestru gwirfoddolwyr\nlast_updated: 2026-06-02\n---\n\
         # Cofrestru gwirfoddolwyr\n\n\
         Mae Banc Bwyd Glan yr Afon yn defnyddio eich manylion i drefnu eich sifftiau.\n\n\
         ## Am ba hyd rydym yn cadw eich manylion\n\n\
         Rydym yn cadw eich manylion am {period} ar ôl eich sifft olaf.\n"
    )
}

fn scratch_with_welsh() -> Scratch {
    let s = Scratch::new("");
    let rel = "site/content/volunteering.cy.md";
    commit(
        s.repo(),
        rel,
        &welsh("2 flynedd"),
        "Add the Welsh volunteer notice",
        "2026-05-04T10:00:00+01:00",
    );
    commit(
        s.repo(),
        rel,
        &welsh("blwyddyn"),
        "Welsh: keep volunteer details for one year",
        "2026-06-02T10:00:00+01:00",
    );
    s
}

#[test]
fn a_translation_has_its_own_changes_in_its_language() {
    let s = scratch_with_welsh();
    s.build();
    let page = s.out("cy/volunteering/index.html");
    assert!(page.contains("<html lang=\"cy\""), "{page}");
    // No sourced Welsh for the heading yet: the English fallback, marked as English.
    assert!(
        page.contains(r#"<h2 id="informed-history" lang="en">Changes to this notice</h2>"#),
        "{page}"
    );
    // Dates in Welsh; only the translation's own commits.
    assert!(
        page.contains(r#"<time datetime="2026-06-02">2 Mehefin 2026</time>: Welsh: keep"#),
        "{page}"
    );
    assert!(page.contains("4 Mai 2026</time>: Add the Welsh"), "{page}");
    assert!(!page.contains("Keep volunteer details"), "{page}");
    assert!(
        page.contains(r#"<span lang="en">See what changed</span>"#),
        "{page}"
    );
    let change = s.out("cy/volunteering/changes/2026-06-02/index.html");
    assert!(change.contains("<html lang=\"cy\""), "{change}");
    assert!(
        change
            .contains(r#"<span lang="en">Back to the notice</span>: Cofrestru gwirfoddolwyr</a>"#),
        "{change}"
    );
    assert!(
        change.contains(r#"<span lang="en">Words added:</span> 1."#),
        "{change}"
    );
    assert!(
        change.contains(r#"[<span lang="en">removed</span>: </span>2 flynedd"#),
        "{change}"
    );
    // The English page is as before: nothing marked.
    let english = s.out("volunteering/index.html");
    assert!(
        english.contains(r#"<h2 id="informed-history">Changes to this notice</h2>"#),
        "{english}"
    );
}

#[test]
fn the_feed_lists_every_language_with_its_lang() {
    let s = scratch_with_welsh();
    s.build();
    let xml = s.out("changes.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let lang = |n: roxmltree::Node| {
        n.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
            .map(str::to_string)
    };
    assert_eq!(lang(doc.root_element()).as_deref(), Some("en-GB"), "{xml}");
    let entries: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let href = e
                .children()
                .find(|c| c.has_tag_name("link"))
                .and_then(|l| l.attribute("href"))
                .unwrap_or_default()
                .to_string();
            (href, lang(e))
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "/cy/volunteering/changes/2026-06-02/".to_string(),
                Some("cy".to_string())
            ),
            ("/cy/volunteering/".to_string(), Some("cy".to_string())),
            (
                "/volunteering/changes/2026-02-10/".to_string(),
                Some("en-GB".to_string())
            ),
            ("/volunteering/".to_string(), Some("en-GB".to_string())),
        ],
        "{xml}"
    );
    // Atom readers still read it.
    let feed: atom_syndication::Feed = xml.parse().unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(feed.entries().len(), 4);
}
