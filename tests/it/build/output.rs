//! Output safety: front-matter values are escaped, raw HTML is sanitised unless the site opts
//! out, `javascript:` links are neutralised, and the built example site loads nothing from
//! other origins in either built-in theme.

use std::path::{Path, PathBuf};

use regex::Regex;

use crate::support::read;
use crate::support::site::{build, site};

const PAYLOAD: &str = "<script>alert('xss')</script>";

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

#[test]
fn front_matter_values_are_escaped_in_every_theme() {
    let notice = format!(
        "---
title: \"{PAYLOAD}\"
navtitle: \"<img src=x onerror=alert(1)>\"
description: \"\\\"><script>alert(2)</script>\"
last_updated: 2025-01-10
controller:
  name: \"<b onmouseover=alert(3)>Evil</b>\"
custom: \"<iframe src=javascript:alert(4)>\"
---

Example Trust is the controller. We use your name to send you newsletters.
"
    );
    for theme in ["default", "govuk"] {
        let dir = site(
            &format!("theme = \"{theme}\"\n"),
            &[("content/evil.md", &notice)],
        );
        let (code, err) = build(dir.path());
        assert_eq!(code, 0, "{theme}: {err}");
        let built = files(&dir.path().join("site"));
        assert!(built.len() > 3, "{theme}: {built:?}");
        for f in built {
            let text = read(&f);
            // JSON copies hold the values as data (valid JSON, never parsed as HTML).
            if f.extension().is_some_and(|e| e == "json" || e == "jsonld") {
                let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
                let _ = v;
                continue;
            }
            for raw in [
                "<script>alert",
                "<img src=x",
                "<b onmouseover",
                "<iframe",
                "\"><script>",
            ] {
                assert!(
                    !text.contains(raw),
                    "{theme}: {} contains unescaped `{raw}`",
                    f.display()
                );
            }
        }
        let page = read(dir.path().join("site/evil/index.html"));
        assert!(
            page.contains("&lt;script&gt;alert(") || page.contains("&lt;script&gt;alert&#40;"),
            "{theme}: the title is shown, escaped"
        );
    }
}

const RAW_HTML: &str = "---
title: Raw HTML
---

Intro with <span onclick=\"steal()\">inline</span> and <b>bold</b> text.

<div class=\"box\" onmouseover=\"steal()\">
<script>alert('block')</script>
<img src=\"logo.png\" onerror=\"steal()\" alt=\"Logo\">
<a href=\"javascript:steal()\">html link</a>
<iframe src=\"https://evil.example/\"></iframe>
<style>body { background: url(https://evil.example/x.png) }</style>
<table><tr><td>Name</td><td>Purpose</td></tr></table>
</div>

[markdown link](javascript:alert(1)) and [spaced](  JaVaScRiPt:alert(1)) and
![image](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) and
[fine](https://ico.org.uk/) and [mail](mailto:dpo@example.org) and [rel](/privacy/#rights).
";

#[test]
fn raw_html_is_sanitised_by_default() {
    let dir = site("", &[("content/raw.md", RAW_HTML)]);
    let (code, err) = build(dir.path());
    assert_eq!(code, 0, "{err}");
    let page = read(dir.path().join("site/raw/index.html"));
    let body = &page[page.find("Intro with").expect("body rendered")..];
    let lower = body.to_ascii_lowercase();
    for bad in [
        "<script>alert('block')",
        "onclick",
        "onmouseover",
        "onerror",
        "javascript:",
        "<iframe",
        "evil.example",
        "data:text/html",
    ] {
        assert!(!lower.contains(bad), "`{bad}` survived:\n{body}");
    }
    // Harmless formatting and structure stay.
    assert!(body.contains("<b>bold</b>"), "{body}");
    assert!(body.contains("<td>Purpose</td>"), "{body}");
    assert!(body.contains("alt=\"Logo\""), "{body}");
    assert!(body.contains("href=\"https://ico.org.uk/\""), "{body}");
    assert!(body.contains("href=\"mailto:dpo@example.org\""), "{body}");
    assert!(body.contains("href=\"/privacy/#rights\""), "{body}");
}

#[test]
fn raw_html_passes_through_only_with_unsafe_html() {
    let dir = site("unsafe_html = true\n", &[("content/raw.md", RAW_HTML)]);
    let (code, err) = build(dir.path());
    assert_eq!(code, 0, "{err}");
    let page = read(dir.path().join("site/raw/index.html"));
    assert!(page.contains("<script>alert('block')</script>"), "opted in");
    assert!(page.contains("onclick=\"steal()\""));
    // Markdown links are a different matter: a `javascript:` URL is never what an author
    // means by a link, so it is neutralised even here.
    assert!(!page.contains("href=\"javascript:alert(1)\""));
}

#[test]
fn markdown_links_with_unsafe_schemes_are_neutralised_without_any_raw_html() {
    let dir = site(
        "",
        &[(
            "content/links.md",
            "# Links\n\n[a](javascript:alert(1)) [b](vbscript:x) [c](<java\tscript:x>) [d](https://ico.org.uk/)\n",
        )],
    );
    let (code, err) = build(dir.path());
    assert_eq!(code, 0, "{err}");
    let page = read(dir.path().join("site/links/index.html")).to_ascii_lowercase();
    assert!(!page.contains("javascript"), "{page}");
    assert!(!page.contains("vbscript"), "{page}");
    assert!(page.contains("href=\"https://ico.org.uk/\""));
}

/// Elements and attributes through which a page makes the browser fetch something.
fn resource_loads(html: &str) -> Vec<(String, String)> {
    let tag = Regex::new(
        r"(?is)<(script|link|img|iframe|frame|source|video|audio|embed|object|track|input|image|use|meta|form|base)\b[^>]*>",
    )
    .unwrap();
    let attr =
        Regex::new(r#"(?is)\s(src|href|srcset|data|poster|action|content|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#)
            .unwrap();
    let mut out = Vec::new();
    for t in tag.captures_iter(html) {
        let name = t[1].to_ascii_lowercase();
        let whole = &t[0];
        for a in attr.captures_iter(whole) {
            let attr_name = a[1].to_ascii_lowercase();
            // <meta content> is a resource only for refresh redirects.
            if name == "meta"
                && !(attr_name == "content" && whole.to_ascii_lowercase().contains("refresh"))
            {
                continue;
            }
            if name != "meta" && attr_name == "content" {
                continue;
            }
            let value = a[2].trim_matches(['"', '\'']).to_string();
            out.push((format!("<{name} {attr_name}>"), value));
        }
    }
    out
}

fn is_other_origin(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("//")
        || (u.contains(':') && !u.starts_with("data:") && {
            let scheme = &u[..u.find(':').unwrap()];
            !scheme.contains('/') && !scheme.contains('?') && !scheme.contains('#')
        })
}

#[test]
fn the_resource_scanner_sees_external_loads() {
    let found = resource_loads(
        "<script src=\"https://cdn.example/x.js\"></script><link rel=stylesheet href=//fonts.example/a.css>\
         <img src='/logo.png'><meta http-equiv=\"refresh\" content=\"0; url=https://x.example\">",
    );
    let external: Vec<_> = found.iter().filter(|(_, v)| is_other_origin(v)).collect();
    assert_eq!(external.len(), 3, "{found:?}");
}

#[test]
fn the_example_site_loads_nothing_from_other_origins_in_either_theme() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = read(repo.join("informed.toml"));
    let theme_line = Regex::new(r#"(?m)^theme\s*=.*$"#).unwrap();
    let css_load = Regex::new(r#"(?i)(url\(|@import)\s*['"]?([^'")\s;]+)"#).unwrap();
    for theme in ["default", "govuk"] {
        let dir = tempfile::tempdir().unwrap();
        let cfg = theme_line.replace(&config, format!("theme = \"{theme}\""));
        std::fs::write(dir.path().join("informed.toml"), cfg.as_ref()).unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        for f in files(&repo.join("content")) {
            let rel = f.strip_prefix(repo.join("content")).unwrap();
            let to = content.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&f, to).unwrap();
        }
        let (code, err) = build(dir.path());
        assert_eq!(code, 0, "{theme}: {err}");
        let mut pages = 0;
        for f in files(&dir.path().join("site")) {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
            let text = read(&f);
            if ext == "html" {
                pages += 1;
                for (what, url) in resource_loads(&text) {
                    assert!(
                        !is_other_origin(&url),
                        "{theme}: {} loads {url} ({what})",
                        f.display()
                    );
                }
                assert!(
                    text.contains("http-equiv=\"Content-Security-Policy\""),
                    "{theme}: {} has no CSP",
                    f.display()
                );
            }
            if ext == "css" {
                let lower = text.to_ascii_lowercase();
                for m in css_load.captures_iter(&lower) {
                    assert!(
                        !is_other_origin(&m[2]),
                        "{theme}: {} loads {}",
                        f.display(),
                        &m[2]
                    );
                }
            }
        }
        assert!(pages >= 5, "{theme}: only {pages} pages built");
    }
}
