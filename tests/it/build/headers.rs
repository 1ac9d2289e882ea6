//! `_headers`: the security headers for hosts that read that file (Netlify, Cloudflare Pages).
//! Written by default, well formed, its Content-Security-Policy the one every page's `<meta>`
//! tag carries plus `frame-ancestors 'none'`; `headers = false` turns it off (and a rebuild
//! removes the old one); a theme's own `static/_headers` replaces it.

use std::path::Path;

use regex::Regex;

use crate::support::site::{GOOD, site};
use crate::support::{headers, read, run_in};

fn build(root: &Path) {
    let (code, _, err) = run_in(root, &["build"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn build_writes_headers_whose_csp_is_the_pages_csp() {
    let dir = site("", &[("content/a.md", GOOD)]);
    build(dir.path());
    let text = read(dir.path().join("site/_headers"));
    let rules = headers::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(rules.len(), 1, "{text}");
    let rule = &rules[0];
    assert_eq!(rule.pattern, "/*");
    assert_eq!(rule.get("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(rule.get("Referrer-Policy"), Some("no-referrer"));
    assert_eq!(rule.get("X-Frame-Options"), Some("DENY"));
    let permissions = rule.get("Permissions-Policy").unwrap();
    for feature in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(permissions.contains(feature), "{permissions}");
    }
    let csp = rule.get("Content-Security-Policy").unwrap();
    let meta_csp = csp
        .strip_suffix("; frame-ancestors 'none'")
        .unwrap_or_else(|| panic!("no frame-ancestors 'none' at the end: {csp}"));
    assert!(meta_csp.contains("default-src 'self'"), "{csp}");
    // Every page (both themes) carries the same policy in its meta tag, and the same referrer
    // policy.
    let meta =
        Regex::new(r#"<meta http-equiv="Content-Security-Policy" content="([^"]*)">"#).unwrap();
    for theme in ["default", "govuk"] {
        let dir = site(&format!("theme = \"{theme}\"\n"), &[("content/a.md", GOOD)]);
        build(dir.path());
        assert_eq!(read(dir.path().join("site/_headers")), text);
        for page in ["index.html", "404.html", "a/index.html"] {
            let html = read(dir.path().join("site").join(page));
            let found: Vec<String> = meta
                .captures_iter(&html)
                .map(|c| c[1].replace("&#x27;", "'").replace("&#39;", "'"))
                .collect();
            assert_eq!(found, [meta_csp], "{theme} {page}");
            assert!(html.contains(r#"<meta name="referrer" content="no-referrer">"#));
        }
    }
}

#[test]
fn headers_false_turns_it_off_and_a_rebuild_removes_it() {
    let dir = site("", &[("content/a.md", GOOD)]);
    build(dir.path());
    assert!(dir.path().join("site/_headers").is_file());
    let config = dir.path().join("informed.toml");
    std::fs::write(&config, format!("{}headers = false\n", read(&config))).unwrap();
    build(dir.path());
    assert!(!dir.path().join("site/_headers").exists());
    assert!(dir.path().join("site/index.html").is_file());
    // The meta tag stays for hosts that send no headers.
    assert!(read(dir.path().join("site/index.html")).contains("Content-Security-Policy"));
    // A wrong type is an error at its line.
    std::fs::write(&config, "title = \"x\"\nheaders = \"no\"\n").unwrap();
    let (code, _, err) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 2);
    assert!(err.contains("informed.toml:2"), "{err}");
}

#[test]
fn a_themes_own_headers_file_replaces_the_generated_one() {
    let mine = "/*\n  X-Custom: yes\n";
    let dir = site(
        "",
        &[
            ("content/a.md", GOOD),
            ("themes/default/static/_headers", mine),
        ],
    );
    build(dir.path());
    assert_eq!(read(dir.path().join("site/_headers")), mine);
}
