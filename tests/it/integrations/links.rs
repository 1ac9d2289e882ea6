//! Every internal link and anchor in the built sites resolves: the example site with each
//! built-in theme and a site made by `informed init`, built with a root and with a sub-path
//! `base_url`. A link to a page must name a file the build wrote (a folder URL means its
//! `index.html`); a `#fragment` must be the `id` of an element in the page it points into.

use crate::support::external;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use informed::config::Config;
use informed::site::Site;
use regex::Regex;

fn build(root: &Path, theme: &str, base_url: &str, out: &Path) {
    let mut config = Config::load(root).unwrap();
    config.theme = theme.to_string();
    config.base_url = base_url.to_string();
    let site = Site::with_config(root, config).unwrap();
    assert!(site.build(out, false).unwrap().written);
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Broken links in the site at `out`, built under URL path `prefix` ("/" or "/sub/").
fn broken_links(out: &Path, prefix: &str) -> (usize, Vec<String>) {
    let href = Regex::new(r#"\s(?:href|src)="([^"]*)""#).unwrap();
    let id = Regex::new(r#"\sid="([^"]*)""#).unwrap();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(PathBuf, String)> = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        ids.insert(
            path.clone(),
            id.captures_iter(&text).map(|c| unescape(&c[1])).collect(),
        );
        for c in href.captures_iter(&text) {
            links.push((path.clone(), unescape(&c[1])));
        }
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, link) in &links {
        if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
            continue;
        }
        checked += 1;
        let (target, fragment) = match link.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (link.as_str(), None),
        };
        let target = target.split('?').next().unwrap();
        let file = if target.is_empty() {
            page.clone()
        } else if let Some(abs) = target.strip_prefix('/') {
            let Some(rel) = format!("/{abs}").strip_prefix(prefix).map(str::to_string) else {
                broken.push(format!(
                    "{}: {link} is outside base_url {prefix}",
                    page.display()
                ));
                continue;
            };
            out.join(rel)
        } else {
            page.parent().unwrap().join(target)
        };
        let file = if target.ends_with('/') || file.is_dir() {
            file.join("index.html")
        } else {
            file
        };
        if !file.is_file() {
            broken.push(format!(
                "{}: {link} -> {} does not exist",
                page.display(),
                file.display()
            ));
            continue;
        }
        if let Some(f) = fragment.filter(|f| !f.is_empty()) {
            let known = ids.get(&normalise(&file)).is_some_and(|s| s.contains(f));
            if !known {
                broken.push(format!(
                    "{}: {link}: no id=\"{f}\" in {}",
                    page.display(),
                    file.display()
                ));
            }
        }
    }
    (checked, broken)
}

/// `a/b/../c` as `a/c`, so a resolved path matches the walked one.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let init = tmp.path().join("init");
    external::init_site(&init);
    let mut problems = Vec::new();
    for (name, root) in [("example", external::repo()), ("init", init.clone())] {
        for theme in ["default", "govuk"] {
            for prefix in ["/", "/privacy/"] {
                let out = tmp.path().join(format!("{name}-{theme}-{}", prefix.len()));
                build(&root, theme, prefix, &out);
                let (checked, broken) = broken_links(&out, prefix);
                assert!(
                    checked >= 20,
                    "{name}/{theme}/{prefix}: only {checked} links found: the pattern is wrong"
                );
                problems.extend(broken);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_finds_a_missing_page_and_a_missing_anchor() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&external::repo(), "default", "/", &out);
    let (_, broken) = broken_links(&out, "/");
    assert!(broken.is_empty(), "{broken:?}");
    let index = out.join("index.html");
    let mut text = std::fs::read_to_string(&index).unwrap();
    text.push_str(
        "<a href=\"/no-such-notice/\">x</a><a href=\"#no-such-id\">y</a><a href=\"/privacy/x\">z</a>",
    );
    std::fs::write(&index, text).unwrap();
    let (_, broken) = broken_links(&out, "/");
    assert_eq!(broken.len(), 3, "{broken:?}");
    let (_, broken) = broken_links(&out, "/sub/");
    assert!(
        broken.iter().any(|b| b.contains("outside base_url")),
        "{broken:?}"
    );
}
