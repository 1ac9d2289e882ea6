//! `informed build`: the example site, the seeds, determinism, and every kind of bad input.

use crate::support::corpus;

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::support::informed;

/// A site in a temp folder with the given notices (path → text) in `content/`.
fn site(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    for (name, text) in files {
        let path = dir.path().join("content").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn build(dir: &Path) -> assert_cmd::assert::Assert {
    informed().arg("--root").arg(dir).arg("build").assert()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// All files under `dir`, relative, with their bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

const GOOD: &[u8] = b"---\ntitle: Good notice\n---\n\nWe are the controller.\n";

#[test]
fn example_site_builds_every_page() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    informed()
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(out.path().join("site"))
        .assert()
        .success();
    let site = out.path().join("site");
    for page in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "leaders-network/index.html",
        "fair-pay-network/index.html",
        "privacy/open-data-helpdesk/index.html",
        "skills-accreditation/index.html",
    ] {
        assert!(site.join(page).is_file(), "missing {page}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    informed()
        .arg("--root")
        .arg(root)
        .args(["build", "--out"])
        .arg(&a)
        .assert()
        .success();
    informed()
        .arg("--root")
        .arg(root)
        .args(["build", "--out"])
        .arg(&b)
        .assert()
        .success();
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.len(), tb.len());
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between builds", pa.display());
    }
}

#[test]
fn a_site_of_the_two_markdown_seeds_builds() {
    let Some(seeds) = corpus::corpus("seeds") else {
        return;
    };
    let pn = fs::read(seeds.join("privacy-network.md")).unwrap();
    let seen = fs::read(seeds.join("seen-privacy.md")).unwrap();
    let dir = site(&[("privacy-network.md", &pn), ("seen-privacy.md", &seen)]);
    build(dir.path()).success();
    let page = fs::read_to_string(dir.path().join("site/privacy-network/index.html")).unwrap();
    assert!(
        page.contains("<h1>Network Members&#39; Privacy Notice</h1>"),
        "{page}"
    );
    // "Last updated" is a theme string in a `<span>` (marked `lang="en"` on pages in another
    // language; docs/translations.md).
    assert!(
        page.contains(
            "<span>Last updated</span> <time datetime=\"2019-09-16\">16 September 2019</time>"
        ),
        "{page}"
    );
    assert!(dir.path().join("site/seen-privacy/index.html").is_file());
}

#[test]
fn malformed_front_matter_names_file_and_line() {
    for (name, text, line) in [
        (
            "yaml.md",
            &b"---\ntitle: ok\nlist: [a, b\n---\nbody\n"[..],
            ":3:",
        ),
        (
            "toml.md",
            &b"+++\ntitle = \"ok\"\ndate = = 1\n+++\nbody\n"[..],
            ":3:",
        ),
        (
            "json.md",
            &b"{\n\"title\": \"ok\",\n\"x\": nope\n}\nbody\n"[..],
            ":3:",
        ),
        ("open.md", &b"---\ntitle: never closed\n"[..], ":1:"),
    ] {
        let dir = site(&[(name, text)]);
        let a = build(dir.path()).code(2);
        let err = stderr(&a);
        assert!(
            err.contains(&format!("content/{name}{line}")),
            "{name}: {err}"
        );
        assert!(
            !dir.path().join("site").exists(),
            "{name}: nothing may be written"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn invalid_utf8_names_file_line_and_column() {
    let dir = site(&[("bad.md", b"# Title\n\nab\xff\xfe\n")]);
    let err = stderr(&build(dir.path()).code(2));
    assert!(err.contains("content/bad.md:3:3"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn escaping_permalinks_are_refused() {
    for permalink in [
        "/../outside/index.html",
        "/a/%2e%2e/%2e%2e/x/",
        "/a/%252e%252e/x",
        "\\\\server\\x",
        "https://example.com/x",
        "javascript:alert(1)",
        "//evil.example/x",
    ] {
        let text = format!("---\ntitle: T\npermalink: '{permalink}'\n---\nbody\n");
        let dir = site(&[("n.md", text.as_bytes())]);
        let err = stderr(&build(dir.path()).code(2));
        assert!(err.contains("content/n.md:3:1"), "{permalink}: {err}");
        assert!(err.contains("bad permalink"), "{permalink}: {err}");
        assert!(!dir.path().join("site").exists());
        assert!(!dir.path().join("outside").exists());
    }
}

#[test]
fn two_notices_with_one_output_path_name_both_files() {
    let dir = site(&[
        ("a.md", b"---\ntitle: A\npermalink: /same/\n---\nx\n"),
        (
            "b.md",
            b"---\ntitle: B\npermalink: /same/index.html\n---\ny\n",
        ),
    ]);
    let err = stderr(&build(dir.path()).code(2));
    assert!(err.contains("a.md") && err.contains("b.md"), "{err}");
    assert!(err.contains("same/index.html"), "{err}");
}

#[test]
fn missing_content_folder_and_unknown_theme() {
    let dir = tempfile::tempdir().unwrap();
    let err = stderr(&build(dir.path()).code(2));
    assert!(
        err.contains("content") && err.contains("not found"),
        "{err}"
    );

    let dir = site(&[("a.md", GOOD)]);
    fs::write(dir.path().join("informed.toml"), "theme = \"nope\"\n").unwrap();
    let err = stderr(&build(dir.path()).code(2));
    assert!(err.contains("unknown theme `nope`"), "{err}");
}

#[test]
fn unknown_config_key_suggests_the_nearest() {
    let dir = site(&[("a.md", GOOD)]);
    fs::write(
        dir.path().join("informed.toml"),
        "title = \"x\"\nbase_ulr = \"/\"\n",
    )
    .unwrap();
    let err = stderr(&build(dir.path()).code(2));
    assert!(
        err.contains("informed.toml:2:1: unknown key `base_ulr`"),
        "{err}"
    );
    assert!(err.contains("did you mean `base_url`"), "{err}");
}

#[test]
fn a_missing_template_parent_is_an_error_naming_the_template() {
    let dir = site(&[("a.md", GOOD)]);
    let tpl = dir.path().join("themes/mine/templates");
    fs::create_dir_all(&tpl).unwrap();
    fs::write(dir.path().join("informed.toml"), "theme = \"mine\"\n").unwrap();
    fs::write(tpl.join("notice.html"), "{% extends \"missing.html\" %}").unwrap();
    for t in ["index.html", "404.html", "sitemap.xml", "robots.txt"] {
        fs::write(tpl.join(t), "ok").unwrap();
    }
    let err = stderr(&build(dir.path()).code(2));
    assert!(err.contains("missing.html"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let dir = site(&[("a.md", GOOD)]);
    build(dir.path()).success();
    let before = tree(&dir.path().join("site"));
    fs::write(
        dir.path().join("content/b.md"),
        "---\ntitle: [broken\n---\n",
    )
    .unwrap();
    build(dir.path()).code(2);
    assert_eq!(tree(&dir.path().join("site")), before);
}

#[test]
fn odd_but_valid_input_builds() {
    let dir = site(&[
        ("bom.md", b"\xef\xbb\xbf---\ntitle: BOM\n---\n\n# Heading\n"),
        (
            "crlf.md",
            b"---\r\ntitle: CRLF\r\n---\r\n\r\n## Your rights\r\n\r\nText.\r\n",
        ),
        ("empty.md", b"---\ntitle: Empty\n---\n"),
        ("données personnelles.md", b"# Donn\xc3\xa9es\n\nTexte.\n"),
    ]);
    build(dir.path()).success();
    let s = dir.path().join("site");
    assert!(
        fs::read_to_string(s.join("bom/index.html"))
            .unwrap()
            .contains("<h1>BOM</h1>")
    );
    let crlf = fs::read_to_string(s.join("crlf/index.html")).unwrap();
    assert!(
        crlf.contains("<h2 id=\"your-rights\">Your rights</h2>"),
        "{crlf}"
    );
    assert!(s.join("empty/index.html").is_file());
    assert!(s.join("données-personnelles/index.html").is_file());
}

#[test]
fn base_url_sub_path_prefixes_every_link() {
    let dir = site(&[("a.md", GOOD)]);
    fs::write(
        dir.path().join("informed.toml"),
        "base_url = \"https://example.github.io/project/\"\n",
    )
    .unwrap();
    build(dir.path()).success();
    let index = fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(index.contains("href=\"/project/a/\""), "{index}");
    assert!(
        index.contains("href=\"/project/assets/informed.css\""),
        "{index}"
    );
    let sitemap = fs::read_to_string(dir.path().join("site/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.github.io/project/a/</loc>"),
        "{sitemap}"
    );
    let robots = fs::read_to_string(dir.path().join("site/robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.github.io/project/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn notice_page_snapshot() {
    let dir = site(&[(
        "snap.md",
        b"---\ntitle: Snapshot notice\nlast_updated: 2026-01-15\npermalink: /privacy/snap/\n---\n\nIntro <!-- hidden note --> text.\n\n## Who we are\n\nWe are the **controller**.\n\n### Contact\n\nEmail [us](mailto:a@b.example).\n\n## Your rights\n\n- access\n- correction\n\n| Data | Kept |\n|---|---|\n| name | 2 years |\n",
    )]);
    build(dir.path()).success();
    let page = fs::read_to_string(dir.path().join("site/privacy/snap/index.html")).unwrap();
    insta::assert_snapshot!(page);
}
