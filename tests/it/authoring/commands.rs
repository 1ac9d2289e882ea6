//! `informed init`, `new` and `import`, run as a user would.

use std::path::Path;

use crate::support::corpus;

use crate::support::{TODAY, informed, read, repo};

#[test]
fn init_creates_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("privacy");
    informed().arg("init").arg(&site).assert().success();
    for f in [
        "informed.toml",
        "content/library-membership.md",
        ".github/workflows/privacy-notices.yml",
        ".gitignore",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    let workflow = read(site.join(".github/workflows/privacy-notices.yml"));
    assert!(workflow.contains("push:") && workflow.contains("pull_request:"));
    // The informed action checks and uploads SARIF (tests/action.rs runs it).
    assert!(workflow.contains("uses: informed-notices/informed@v1"));
    assert!(read(site.join(".gitignore")).contains("/site/"));
    let notice = read(site.join("content/library-membership.md"));
    assert!(
        notice.contains(&format!("last_updated: {TODAY}")),
        "today's date is filled in"
    );
    assert!(!notice.contains("{{"), "no unfilled template markers");

    informed()
        .arg("build")
        .arg("--root")
        .arg(&site)
        .assert()
        .success();
    assert!(site.join("site/index.html").is_file());
    let page = read(site.join("site/library-membership/index.html"));
    assert!(page.contains("Library membership privacy notice"));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("informed.toml"), "title = \"Mine\"\n").unwrap();
    let out = informed().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("informed.toml") && err.contains("already exists"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(read(dir.path().join("informed.toml")), "title = \"Mine\"\n");
    assert!(
        !dir.path().join("content").exists(),
        "a refusal writes nothing"
    );

    informed()
        .arg("init")
        .arg(dir.path())
        .arg("--force")
        .assert()
        .success();
    assert!(read(dir.path().join("informed.toml")).contains("theme"));
    assert!(dir.path().join("content/library-membership.md").is_file());
}

#[test]
fn new_creates_an_article_13_notice_with_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    informed().arg("init").arg(dir.path()).assert().success();
    informed()
        .args(["new", "Staff survey", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let text = read(dir.path().join("content/staff-survey.md"));
    assert!(text.contains("title: \"Staff survey privacy notice\""));
    assert!(text.contains("permalink: /staff-survey/"));
    assert!(text.contains("collection: direct"));
    for heading in [
        "## Who we are",
        "## Our Data Protection Officer",
        "## Why we use your data",
        "## Our lawful basis",
        "## Whether you have to give us your data",
        "## Who we share your data with",
        "## International transfers",
        "## How long we keep your data",
        "## Automated decision-making",
        "## Your rights",
        "## Your right to object",
        "## Withdrawing consent",
        "## How to complain",
    ] {
        assert!(text.contains(heading), "missing {heading}");
    }
    assert!(
        !text.contains("## Where we get your data"),
        "source is an Article 14 section"
    );
    // Every section has a guidance comment and a placeholder before the next section.
    for section in text.split("\n## ").skip(1) {
        assert!(
            section.contains("<!-- Guidance (Article 13")
                || section.contains("<!-- Guidance (good practice"),
            "{section}"
        );
        assert!(section.contains("[insert "), "no placeholder in: {section}");
    }
    // The template is itself a valid notice: the site still builds.
    informed()
        .arg("build")
        .arg("--root")
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn new_indirect_has_the_article_14_sections() {
    let dir = tempfile::tempdir().unwrap();
    informed()
        .args(["new", "supplier-contacts", "--indirect", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let text = read(dir.path().join("content/supplier-contacts.md"));
    assert!(text.contains("title: \"Supplier contacts privacy notice\""));
    assert!(text.contains("collection: indirect"));
    assert!(text.contains("## Where we get your data"));
    assert!(text.contains("Article 14(2)(f)"));
    assert!(
        !text.contains("## Whether you have to give us your data"),
        "13(2)(e) is Article 13 only"
    );
    for section in text.split("\n## ").skip(1) {
        assert!(section.contains("<!-- Guidance (Article 14"), "{section}");
        assert!(section.contains("[insert "), "{section}");
    }
}

#[test]
fn new_refuses_an_existing_notice_and_an_empty_name() {
    let dir = tempfile::tempdir().unwrap();
    informed()
        .args(["new", "a", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    std::fs::write(dir.path().join("content/a.md"), "edited").unwrap();
    let out = informed()
        .args(["new", "a", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/a.md"));
    assert_eq!(read(dir.path().join("content/a.md")), "edited");
    let out = informed()
        .args(["new", "!!!", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn example_notice_is_the_import_of_its_text() {
    // content/skills-accreditation.md must be exactly what `informed import` makes of
    // examples/skills-accreditation.txt; regenerate with
    // `informed import examples/skills-accreditation.txt -o content/skills-accreditation.md`.
    let out = informed()
        .current_dir(repo())
        .args(["import", "examples/skills-accreditation.txt", "-o", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let imported = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        imported,
        read(repo().join("content/skills-accreditation.md"))
    );
}

#[test]
fn import_plain_text_into_content() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("Bee Count.txt");
    std::fs::write(
        &txt,
        "Guidance\n\nPrivacy notice for the bee count\n\nUpdated 3 April 2024\n\nWhat we collect\n\n  • your name\n  • your postcode\n\nHow long we keep it\n\nWe keep it for 1 year. Email bees@count.example.\n",
    )
    .unwrap();
    informed()
        .args(["import"])
        .arg(&txt)
        .arg("--root")
        .arg(dir.path())
        .assert()
        .success();
    let md = read(dir.path().join("content/bee-count.md"));
    assert_eq!(
        md,
        "---\ntitle: \"Privacy notice for the bee count\"\nlast_updated: 2024-04-03\npermalink: /bee-count/\n---\n\n\
         ## What we collect\n\n- your name\n- your postcode\n\n## How long we keep it\n\n\
         We keep it for 1 year. Email <bees@count.example>.\n"
    );
    // A second import does not overwrite the first.
    let out = informed()
        .args(["import"])
        .arg(&txt)
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[test]
fn import_html_page_keeps_only_the_main_content() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("hedgerow.md");
    informed()
        .arg("import")
        .arg(repo().join("tests/fixtures/authoring/saved-page.html"))
        .arg("-o")
        .arg(&out_file)
        .assert()
        .success();
    let md = read(&out_file);
    assert!(md.starts_with("---\ntitle: \"Privacy notice for the Hedgerow Survey\"\nlast_updated: 2025-01-14\npermalink: /hedgerow/\n---\n"), "{md}");
    assert!(md.contains("## Who we are"), "{md}");
    assert!(md.contains("survey@hedgerows.example"), "{md}");
    assert!(
        md.contains("\n- your name\n- the **grid reference**"),
        "{md}"
    );
    assert!(md.contains("3 years"), "{md}");
    for gone in [
        "Skip to main content",
        "Topics",
        "Breadcrumb",
        "Surveys",
        "open licence",
        "js-enabled",
        "font-family",
        "Is this page useful",
        "Guidance",
        "Published",
    ] {
        assert!(!md.contains(gone), "`{gone}` should not be imported:\n{md}");
    }
    // The result is a notice the site can build.
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::rename(&out_file, dir.path().join("content/hedgerow.md")).unwrap();
    informed()
        .arg("build")
        .arg("--root")
        .arg(dir.path())
        .assert()
        .success();
    assert!(
        read(dir.path().join("site/hedgerow/index.html"))
            .contains("Privacy notice for the Hedgerow Survey")
    );
}

#[test]
fn import_of_the_contract_management_seed() {
    // The seed is not ours and stays outside the repository (see tests/corpus).
    let Some(seed) = corpus::corpus("seeds/contract-management.txt") else {
        return;
    };
    let out = informed()
        .arg("import")
        .arg(&seed)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("---\ntitle: \"Privacy policy for contract management\"\nlast_updated: 2021-02-11\npermalink: /contract-management/\n---\n\n## "), "{}", &md[..200.min(md.len())]);
    assert!(!md.contains("Guidance"), "the GOV.UK label is dropped");
    for heading in [
        "## Purpose",
        "## The data",
        "## Recipients",
        "## Retention",
        "## Your rights",
        "## Complaints",
        "## Contact details",
    ] {
        assert!(md.lines().any(|l| l == heading), "missing {heading}");
    }
    assert!(md.contains("\n- name\n"), "bullets become a list");
    assert!(
        md.contains("Wycliffe House\\\n"),
        "address lines keep their breaks"
    );
    // The same number of list items and headings as check sees in the text.
    let text = std::fs::read_to_string(&seed).unwrap();
    let bullets = text
        .lines()
        .filter(|l| l.trim_start().starts_with('•'))
        .count();
    let items = md.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(items, bullets);
}

#[test]
fn import_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt");
    let out = informed().arg("import").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.txt"));
    let bin = dir.path().join("bin.txt");
    std::fs::write(&bin, b"ok\n\xff\xfe").unwrap();
    let out = informed().arg("import").arg(&bin).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bin.txt:2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n\n").unwrap();
    let out = informed().arg("import").arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The linter's findings for every notice of the site at `root`.
fn findings(root: &Path) -> Vec<(String, String, usize, String)> {
    let site = informed::site::Site::open(root).unwrap();
    let sink = informed::site::MemorySink::default();
    let entries = site.process_all(&sink).unwrap();
    entries
        .iter()
        .flat_map(|e| {
            e.report.diagnostics.iter().map(|d| {
                (
                    e.report.path.clone(),
                    d.rule.clone(),
                    d.line,
                    d.level.as_str().to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn an_unedited_template_can_never_pass() {
    for indirect in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = informed();
        cmd.args(["new", "Staff survey", "--root"]).arg(dir.path());
        if indirect {
            cmd.arg("--indirect");
        }
        cmd.assert().success();
        let text = read(dir.path().join("content/staff-survey.md"));
        let found = findings(dir.path());
        // Every line with a placeholder is reported as an error.
        for (i, line) in text.lines().enumerate() {
            if line.contains("[insert ") {
                assert!(
                    found.iter().any(|(_, rule, l, level)| rule == "placeholder"
                        && *l == i + 1
                        && level == "error"),
                    "placeholder on line {} not reported: {line}\n{found:?}",
                    i + 1
                );
            }
        }
        // So a strict build (as CI runs) refuses it.
        let out = informed()
            .args(["build", "--strict", "--root"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_init_example_notice_has_no_errors() {
    let dir = tempfile::tempdir().unwrap();
    informed().arg("init").arg(dir.path()).assert().success();
    let errors: Vec<_> = findings(dir.path())
        .into_iter()
        .filter(|(_, _, _, level)| level == "error")
        .collect();
    assert!(
        errors.is_empty(),
        "the example a new site starts from must pass: {errors:?}"
    );
}
