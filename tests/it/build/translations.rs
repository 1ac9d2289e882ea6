//! Translations, as users build them: `staff-survey.cy.md` beside `staff-survey.md` (or `lang:` +
//! `translation_of:`), built with `informed build` in the site folder.

use std::path::Path;

use crate::support::site::site;
use crate::support::{read, run_in};

const ENGLISH: &str = "---
title: Staff survey privacy notice
last_updated: 2026-05-01
---

## Who we are

Example Council. Email info@council.example.

## Your rights

Call 0303 123 1113.
";

const WELSH: &str = "---
title: Hysbysiad preifatrwydd arolwg staff
last_updated: 2026-05-01
---

## Pwy ydym ni

Cyngor Enghraifft. info@council.example.

## Eich hawliau

0303 123 1113.
";

fn build_ok(root: &Path) {
    let (code, _, stderr) = run_in(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
}

fn welsh_site(config: &str) -> tempfile::TempDir {
    site(
        &format!("base_url = \"https://example.org/\"\n{config}"),
        &[
            ("content/staff-survey.md", ENGLISH),
            ("content/staff-survey.cy.md", WELSH),
        ],
    )
}

#[test]
fn a_welsh_file_beside_its_source_is_its_own_page_in_welsh() {
    let dir = welsh_site("");
    build_ok(dir.path());
    let welsh = read(dir.path().join("site/cy/staff-survey/index.html"));
    assert!(welsh.contains("<html lang=\"cy\">"), "{welsh}");
    let english = read(dir.path().join("site/staff-survey/index.html"));
    assert!(english.contains("<html lang=\"en-GB\">"), "{english}");
}

#[test]
fn hreflang_links_go_both_ways_with_an_x_default() {
    let dir = welsh_site("");
    build_ok(dir.path());
    for page in [
        "site/staff-survey/index.html",
        "site/cy/staff-survey/index.html",
    ] {
        let html = read(dir.path().join(page));
        for link in [
            "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"https://example.org/staff-survey/\">",
            "<link rel=\"alternate\" hreflang=\"cy\" href=\"https://example.org/cy/staff-survey/\">",
            "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/staff-survey/\">",
        ] {
            assert!(html.contains(link), "{page} lacks {link}\n{html}");
        }
    }
}

#[test]
fn the_switcher_is_a_labelled_nav_with_each_language_in_its_own_language() {
    let dir = welsh_site("");
    build_ok(dir.path());
    let welsh = read(dir.path().join("site/cy/staff-survey/index.html"));
    // The label is the theme's Welsh word; each name is marked with its language.
    assert!(
        welsh.contains("<nav class=\"language-switcher\" aria-label=\"Cyfieithiadau\">"),
        "{welsh}"
    );
    assert!(
        welsh.contains("<a href=\"/staff-survey/\" hreflang=\"en-GB\" lang=\"en-GB\">English</a>"),
        "{welsh}"
    );
    assert!(
        welsh.contains("<span aria-current=\"true\" lang=\"cy\">Cymraeg</span>"),
        "{welsh}"
    );
    let english = read(dir.path().join("site/staff-survey/index.html"));
    assert!(
        english.contains("<a href=\"/cy/staff-survey/\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>"),
        "{english}"
    );
    // A notice in one language has no switcher.
    let dir = site("", &[("content/only.md", ENGLISH)]);
    build_ok(dir.path());
    assert!(!read(dir.path().join("site/only/index.html")).contains("language-switcher"));
}

#[test]
fn the_theme_speaks_welsh_on_the_welsh_page_and_falls_back_to_marked_english() {
    for theme in ["default", "govuk"] {
        let dir = welsh_site(&format!("theme = \"{theme}\""));
        build_ok(dir.path());
        let welsh = read(dir.path().join("site/cy/staff-survey/index.html"));
        assert!(
            welsh.contains(">Neidio i&#39;r prif gynnwys</a>"),
            "{theme}: {welsh}"
        );
        assert!(welsh.contains(">Cynnwys</h2>"), "{theme}: {welsh}");
        assert!(
            welsh.contains(">Diweddarwyd ddiwethaf</span>"),
            "{theme}: {welsh}"
        );
        assert!(welsh.contains(">1 Mai 2026</time>"), "{theme}: {welsh}");
        // No Welsh source for this one: the English word, marked as English.
        assert!(
            welsh.contains(" lang=\"en\">All privacy notices</a>"),
            "{theme}: {welsh}"
        );
        // The site's title stays in the site's language, and says so.
        assert!(
            welsh.contains(" lang=\"en-GB\">Hardening</a>"),
            "{theme}: {welsh}"
        );
        let english = read(dir.path().join("site/staff-survey/index.html"));
        assert!(english.contains(">Skip to main content</a>"), "{theme}");
        assert!(!english.contains("lang=\"en\""), "{theme}: {english}");
    }
}

#[test]
fn the_index_lists_the_translation_under_its_source() {
    let dir = welsh_site("");
    build_ok(dir.path());
    let index = read(dir.path().join("site/index.html"));
    assert_eq!(
        index.matches("Staff survey privacy notice").count(),
        1,
        "{index}"
    );
    assert!(
        index.contains("<a href=\"/cy/staff-survey/\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>"),
        "{index}"
    );
}

#[test]
fn the_sitemap_lists_every_language_with_xhtml_alternates() {
    let dir = welsh_site("");
    build_ok(dir.path());
    let sitemap = read(dir.path().join("site/sitemap.xml"));
    let doc = roxmltree::Document::parse(&sitemap).expect("the sitemap is well-formed XML");
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "url")))
        .collect();
    let locs: Vec<&str> = urls
        .iter()
        .filter_map(|u| {
            u.children()
                .find(|c| c.has_tag_name((SITEMAP, "loc")))?
                .text()
        })
        .collect();
    assert!(
        locs.contains(&"https://example.org/cy/staff-survey/"),
        "{sitemap}"
    );
    assert!(
        locs.contains(&"https://example.org/staff-survey/"),
        "{sitemap}"
    );
    for url in urls.iter().skip(1) {
        let alternates: Vec<(&str, &str)> = url
            .children()
            .filter(|c| c.has_tag_name((XHTML, "link")))
            .map(|l| {
                (
                    l.attribute("hreflang").unwrap(),
                    l.attribute("href").unwrap(),
                )
            })
            .collect();
        assert_eq!(
            alternates,
            [
                ("en-GB", "https://example.org/staff-survey/"),
                ("x-default", "https://example.org/staff-survey/"),
                ("cy", "https://example.org/cy/staff-survey/"),
            ],
            "{sitemap}"
        );
    }
}

#[test]
fn front_matter_can_say_it_instead_of_the_file_name() {
    let welsh = WELSH.replace(
        "last_updated: 2026-05-01\n",
        "last_updated: 2026-05-01\nlang: cy\ntranslation_of: ../staff-survey.md\npermalink: /cy/arolwg-staff/\n",
    );
    let dir = site(
        "",
        &[
            ("content/staff-survey.md", ENGLISH),
            ("content/cymraeg/arolwg-staff.md", &welsh),
        ],
    );
    build_ok(dir.path());
    let english = read(dir.path().join("site/staff-survey/index.html"));
    assert!(
        english.contains("hreflang=\"cy\" href=\"/cy/arolwg-staff/\""),
        "{english}"
    );
    let welsh = read(dir.path().join("site/cy/arolwg-staff/index.html"));
    assert!(welsh.contains("<html lang=\"cy\">"), "{welsh}");
}

/// The scan for translations reads only a notice's front matter: behind a byte-order mark, and
/// in TOML, it still finds what the notice translates.
#[test]
fn front_matter_behind_a_byte_order_mark_or_in_toml_names_the_source_too() {
    let body = WELSH.split("---\n").nth(2).unwrap();
    let bom = format!(
        "\u{feff}---\ntitle: Arolwg staff\nlang: cy\ntranslation_of: ../staff-survey.md\npermalink: /cy/arolwg/\n---\n{body}"
    );
    let toml = format!(
        "+++\ntitle = \"Arolwg staff\"\nlang = \"cy\"\ntranslation_of = \"../../survey-two.md\"\npermalink = \"/cy/arolwg-dau/\"\n+++\n{body}"
    );
    let dir = site(
        "",
        &[
            ("content/staff-survey.md", ENGLISH),
            ("content/survey-two.md", ENGLISH),
            ("content/cymraeg/arolwg.md", &bom),
            ("content/cymraeg/dau/arolwg.md", &toml),
        ],
    );
    build_ok(dir.path());
    let english = read(dir.path().join("site/staff-survey/index.html"));
    assert!(
        english.contains("hreflang=\"cy\" href=\"/cy/arolwg/\""),
        "{english}"
    );
    let second = read(dir.path().join("site/survey-two/index.html"));
    assert!(
        second.contains("hreflang=\"cy\" href=\"/cy/arolwg-dau/\""),
        "{second}"
    );
}

#[test]
fn a_bad_lang_or_translation_of_is_an_error_at_its_line() {
    for (front, line, message) in [
        ("lang: Welsh language\n", 3, "`lang` must be a language tag"),
        (
            "translation_of: staff-survey.md\n",
            3,
            "`translation_of` needs `lang:` too",
        ),
        (
            "lang: cy\ntranslation_of: nowhere.md\n",
            4,
            "`translation_of` names `nowhere.md`, which is not a file beside this notice",
        ),
        (
            "lang: en\ntranslation_of: staff-survey.md\n",
            4,
            "are both in `en`",
        ),
    ] {
        let text = format!("---\ntitle: T\n{front}---\n\nText.\n");
        let dir = site(
            "",
            &[
                ("content/staff-survey.md", ENGLISH),
                ("content/other.md", &text),
            ],
        );
        let (code, _, stderr) = run_in(dir.path(), &["build"]);
        assert_eq!(code, 2, "{front}: {stderr}");
        assert!(stderr.contains(message), "{front}: {stderr}");
        assert!(
            stderr.contains(&format!("content/other.md:{line}:1")),
            "{front}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            !dir.path().join("site").exists(),
            "{front}: nothing written"
        );
    }
}

#[test]
fn a_site_adds_a_language_with_its_own_strings_file() {
    let french = "---\ntitle: Avis\nlang: fr\ntranslation_of: staff-survey.md\n---\n\n## Qui\n\ninfo@council.example\n\n## Droits\n\n0303 123 1113\n";
    let dir = site(
        "",
        &[
            ("content/staff-survey.md", ENGLISH),
            ("content/staff-survey.fr.md", french),
            (
                "themes/default/strings/fr.toml",
                "language_name = \"Français\"\ncontents = \"Sommaire\"\n",
            ),
        ],
    );
    build_ok(dir.path());
    let page = read(dir.path().join("site/fr/staff-survey/index.html"));
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    assert!(page.contains(">Sommaire</h2>"), "{page}");
    // Keys the site did not translate fall back to English, marked as English.
    assert!(
        page.contains(" lang=\"en\">Skip to main content</a>"),
        "{page}"
    );
    let english = read(dir.path().join("site/staff-survey/index.html"));
    assert!(english.contains("lang=\"fr\">Français</a>"), "{english}");
}

#[test]
fn a_language_without_strings_is_an_error_naming_it() {
    let dir = site(
        "",
        &[
            ("content/staff-survey.md", ENGLISH),
            (
                "content/staff-survey.fr.md",
                "---\ntitle: Avis\nlang: fr\n---\n\nTexte.\n",
            ),
        ],
    );
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("content/staff-survey.fr.md:3:1: the theme `default` has no strings for the language `fr`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("themes/default/strings/fr.toml"),
        "{stderr}"
    );
    // The site's own language too, at its line in informed.toml.
    let dir = site("language = \"fr\"\n", &[("content/a.md", ENGLISH)]);
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("informed.toml:2"), "{stderr}");
    assert!(stderr.contains("language `fr`"), "{stderr}");
}

#[test]
fn a_broken_strings_file_is_an_error_at_its_line() {
    let dir = site(
        "",
        &[
            ("content/a.md", ENGLISH),
            (
                "themes/default/strings/cy.toml",
                "contents = \"Cynnwys\"\nskip_link = [1]\n",
            ),
        ],
    );
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("strings/cy.toml:2"), "{stderr}");
}

#[test]
fn check_says_it_does_not_read_welsh_and_passes_a_welsh_notice() {
    let dir = welsh_site("");
    let (code, stdout, stderr) = run_in(dir.path(), &["check", "content/staff-survey.cy.md"]);
    let all = format!("{stdout}{stderr}");
    // One info instead of every element missing: exit 0 at the default fail level.
    assert_eq!(code, 0, "{all}");
    assert!(all.contains("INF604"), "{all}");
    assert!(all.contains("informed does not read Welsh"), "{all}");
    assert!(!all.contains("INF101"), "{all}");
    // A parity error still fails it (exit 1).
    let differ = WELSH.replace("title:", "collection: indirect\ntitle:");
    std::fs::write(dir.path().join("content/staff-survey.cy.md"), differ).unwrap();
    let (code, stdout, stderr) = run_in(dir.path(), &["check", "content/staff-survey.cy.md"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        format!("{stdout}{stderr}").contains("INF603"),
        "{stdout}{stderr}"
    );
}

#[test]
fn no_at_a_glance_summary_on_a_page_detection_cannot_read() {
    let declared =
        "controller:\n  name: Example Council\n  email: info@council.example\ntransfers: false\n";
    let dir = site(
        "",
        &[
            (
                "content/staff-survey.md",
                &ENGLISH.replace("---\n\n", &format!("{declared}---\n\n")),
            ),
            (
                "content/staff-survey.cy.md",
                &WELSH.replace("---\n\n", &format!("{declared}---\n\n")),
            ),
        ],
    );
    build_ok(dir.path());
    // English labels over what detection found: shown in English, not on the Welsh page.
    assert!(
        read(dir.path().join("site/staff-survey/index.html")).contains("id=\"informed-glance\"")
    );
    assert!(!read(dir.path().join("site/cy/staff-survey/index.html")).contains("informed-glance"));
}

#[test]
fn two_welsh_versions_of_one_notice_are_an_error_naming_both() {
    let second = WELSH.replace(
        "last_updated: 2026-05-01\n",
        "last_updated: 2026-05-01\nlang: cy\ntranslation_of: staff-survey.md\n",
    );
    let dir = site(
        "",
        &[
            ("content/staff-survey.md", ENGLISH),
            ("content/staff-survey.cy.md", WELSH),
            ("content/arolwg.md", &second),
        ],
    );
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("content/arolwg.md and content/staff-survey.cy.md are both the `cy` version of content/staff-survey.md"),
        "{stderr}"
    );
    assert!(!dir.path().join("site").exists());
}
