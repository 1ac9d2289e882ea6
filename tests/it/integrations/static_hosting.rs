//! The built site behind a real web server (Debian's nginx), as a static host serves it: the
//! example site (the repository root) built with `--base-url /project/` and served by nginx
//! under `/project/` (as GitHub Pages serves a project site), and again at the root. A crawler
//! from the index and the sitemap fetches every page, asset, JSON and JSON-LD file the site
//! links to: all 200, every `#anchor` present in its page, no link outside the prefix; a
//! missing path gets the site's own 404 page (status 404), whose links work from there too.
//! `_headers` (which nginx does not read) is served as a plain file and parses.
//!
//! Runs when `INFORMED_BROWSER_TESTS=1` (`.ci/run` sets it and installs nginx); otherwise it
//! says it is skipped.

use std::path::Path;

use crate::support::crawl::crawl;
use crate::support::nginx::Nginx;
use crate::support::serve::get;
use crate::support::{external, headers, informed_process};

fn enabled() -> bool {
    if !external::browser_tests("serve the built site with nginx") {
        return false;
    }
    assert!(
        crate::support::nginx::binary().is_some(),
        "INFORMED_BROWSER_TESTS=1 but nginx is missing (apt-get install nginx; .ci/run does)"
    );
    true
}

/// `informed build --base-url BASE --out OUT`, run in the repository (the example site) as a
/// user runs it there.
fn build_example(base: &str, out: &Path) {
    let status = informed_process()
        .current_dir(external::repo())
        .args(["build", "--base-url", base, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Build the example site for `prefix`, serve it with nginx at `prefix`, crawl it.
fn served_and_crawled(prefix: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_example(prefix, &site);
    let server = Nginx::serve(&site, prefix);

    // A missing path, deep in the site, gets our 404 page with status 404.
    let missing = format!("{prefix}no-such-notice/at/any/depth");
    let not_found = get(server.addr, &missing);
    assert_eq!(not_found.status, 404, "{missing}\n{}", server.error_log());
    let ours = std::fs::read_to_string(site.join("404.html")).unwrap();
    assert_eq!(not_found.body, ours, "{missing} is not the site's 404 page");

    // Everything linked from the index, the sitemap and the 404 page (followed from where it
    // was served).
    let starts = [prefix.to_string(), format!("{prefix}sitemap.xml")];
    let result = crawl(server.addr, prefix, &starts, &[(missing, not_found)]);
    assert!(
        result.problems.is_empty(),
        "{prefix}:\n{}\n{}",
        result.problems.join("\n"),
        server.error_log()
    );

    // The crawl reached every kind of file: each notice's page, JSON and JSON-LD, the theme's
    // stylesheet, and every page the build wrote.
    let notices = std::fs::read_dir(external::repo().join("content"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    assert!(notices >= 3, "the example site has {notices} notices");
    assert_eq!(result.count("notice.json"), notices, "{:?}", result.fetched);
    assert_eq!(
        result.count("notice.jsonld"),
        notices,
        "{:?}",
        result.fetched
    );
    assert!(result.count(".css") >= 1, "{:?}", result.fetched);
    for page in walkdir::WalkDir::new(&site) {
        let page = page.unwrap();
        let rel = page.path().strip_prefix(&site).unwrap().to_string_lossy();
        if rel.ends_with("index.html") {
            let url = format!("{prefix}{}", rel.trim_end_matches("index.html"));
            assert_eq!(
                result.fetched.get(&url),
                Some(&200),
                "{url} was not reached"
            );
        }
    }
    assert!(
        result.anchors >= 20,
        "only {} anchors checked",
        result.anchors
    );
    eprintln!(
        "nginx at {prefix}: {} files fetched, {} links followed, {} anchors checked",
        result.fetched.len(),
        result.links,
        result.anchors
    );

    // nginx translates nothing from `_headers`: it is just a file, served as one, and it is
    // well formed for the hosts that do read it.
    let served = get(server.addr, &format!("{prefix}_headers"));
    assert_eq!(served.status, 200);
    let rules = headers::parse(&served.body).unwrap_or_else(|e| panic!("{e}"));
    assert!(rules[0].get("Content-Security-Policy").is_some());
    assert!(
        served.header("content-security-policy").is_none(),
        "nginx was not told to send it"
    );
}

#[test]
fn the_example_site_under_a_sub_path_behind_nginx() {
    if enabled() {
        served_and_crawled("/project/");
    }
}

#[test]
fn the_example_site_at_the_root_behind_nginx() {
    if enabled() {
        served_and_crawled("/");
    }
}

/// The crawl is not blind: a broken link, a missing anchor and a link out of the prefix are
/// each reported.
#[test]
fn the_crawl_reports_what_is_broken() {
    if !enabled() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_example("/project/", &site);
    let index = site.join("index.html");
    let mut text = std::fs::read_to_string(&index).unwrap();
    text = text.replace(
        "</main>",
        "<a href=\"no-such-notice/\">a</a><a href=\"#no-such-id\">b</a><a href=\"/elsewhere/\">c</a></main>",
    );
    std::fs::write(&index, text).unwrap();
    let server = Nginx::serve(&site, "/project/");
    let result = crawl(server.addr, "/project/", &["/project/".to_string()], &[]);
    let all = result.problems.join("\n");
    assert_eq!(result.problems.len(), 3, "{all}");
    assert!(
        all.contains("/project/no-such-notice/: status 404"),
        "{all}"
    );
    assert!(all.contains("no id=\"no-such-id\""), "{all}");
    assert!(all.contains("outside /project/"), "{all}");
}

/// The build really is for the prefix it is served at: the same site served at the root with
/// links made for `/project/` is caught.
#[test]
fn a_site_built_for_another_prefix_is_caught() {
    if !enabled() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_example("/project/", &site);
    let server = Nginx::serve(&site, "/");
    let result = crawl(server.addr, "/", &["/".to_string()], &[]);
    assert!(
        result.problems.iter().any(|p| p.contains("status 404")),
        "{:?}",
        result.problems
    );
}
