//! Every output file takes part in the collision check: pages, `notice.json`, `notice.jsonld`,
//! the theme's assets, index, 404, sitemap, robots, `_headers` and informed's marker. A collision is an
//! error naming both sources (a notice with the line of its permalink), never an internal
//! staging path, and the published site is left as it was.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const NOTICE: &str = "Example Trust is the controller. We use your name to send newsletters.\n";

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `informed build` in `root`: (exit code, stderr).
fn build(root: &Path) -> (i32, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("informed"))
        .current_dir(root)
        .arg("build")
        .env("INFORMED_TODAY", "2026-05-01")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A built site with `content/leaders-network.md`; then `content/claim.md` with `permalink`
/// (on line 3) must fail the build with both named, leaving the published site as it was.
fn collides(permalink: &str, with: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "informed.toml", "title = \"Collisions\"\n");
    write(
        root,
        "content/leaders-network.md",
        &format!("---\ntitle: Leaders\n---\n{NOTICE}"),
    );
    let (code, err) = build(root);
    assert_eq!(code, 0, "{err}");
    let before = snapshot(&root.join("site"));
    write(
        root,
        "content/claim.md",
        &format!("---\ntitle: Claim\npermalink: {permalink}\n---\n{NOTICE}"),
    );
    let (code, err) = build(root);
    assert_eq!(code, 2, "permalink {permalink}: {err}");
    assert!(
        err.contains("content/claim.md:3"),
        "permalink {permalink}: {err}"
    );
    assert!(
        err.contains(&format!("`{permalink}`")),
        "permalink {permalink}: {err}"
    );
    for w in with {
        assert!(
            err.contains(w),
            "permalink {permalink} should name {w}: {err}"
        );
    }
    assert!(!err.contains("informed-tmp"), "no staging path: {err}");
    assert!(
        snapshot(&root.join("site")) == before,
        "permalink {permalink}: site changed"
    );
    err
}

#[test]
fn a_permalink_over_another_notices_json_names_both_notices() {
    for p in [
        "/leaders-network/notice.json",
        "/leaders-network/notice.jsonld",
    ] {
        let err = collides(p, &["content/leaders-network.md", &p[1..]]);
        assert!(err.contains("two notices"), "{err}");
    }
}

#[test]
fn a_permalink_over_or_under_another_notices_page() {
    collides(
        "/leaders-network/index.html/",
        &["content/leaders-network.md"],
    );
    collides(
        "/leaders-network/",
        &["content/leaders-network.md", "leaders-network/index.html"],
    );
}

#[test]
fn a_permalink_over_a_theme_asset_names_the_theme() {
    // The asset's own path, and the asset as a folder (formerly an error naming the staging
    // folder).
    collides(
        "/assets/informed.css",
        &["theme `default`", "assets/informed.css"],
    );
    collides(
        "/assets/informed.css/",
        &["theme `default`", "assets/informed.css"],
    );
}

#[test]
fn a_permalink_over_what_the_site_generates() {
    for (p, what) in [
        ("/index.html", "index page"),
        ("/404.html", "404 page"),
        ("/sitemap.xml", "sitemap"),
        ("/robots.txt", "robots.txt"),
        ("/.informed-site", "marker"),
        ("/sitemap.xml/", "sitemap"),
        ("/_headers", "_headers file"),
        ("/_headers/index.html", "_headers file"),
    ] {
        collides(p, &[what]);
    }
}
