//! A crawler for a site behind a real HTTP server: from the index (and the sitemap), it fetches
//! every page, asset, feed, JSON and JSON-LD file the site links to (`href`/`src` in HTML,
//! `url()` in CSS, `<loc>` in sitemaps) with the tests' own HTTP client, and reports every
//! status that is not 200, every `#fragment` with no matching `id`, every link that leaves the
//! site's URL prefix, and every JSON file that does not parse.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::SocketAddr;

use regex::Regex;

use super::serve::{Response, get};

/// Most requests one crawl makes (a site that links without end fails instead of hanging).
const MAX_REQUESTS: usize = 5_000;

#[derive(Debug, Default)]
pub struct Crawl {
    /// Every path fetched, with its status.
    pub fetched: BTreeMap<String, u16>,
    /// What is wrong, one line each.
    pub problems: Vec<String>,
    /// The links followed (after resolution), for coverage checks.
    pub links: usize,
    /// The anchors checked.
    pub anchors: usize,
}

impl Crawl {
    /// Paths fetched that end with `suffix`.
    pub fn count(&self, suffix: &str) -> usize {
        self.fetched.keys().filter(|p| p.ends_with(suffix)).count()
    }
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// `link` as seen in the page at `base` (a URL path), as an absolute path with `.` and `..`
/// resolved, and its fragment; `None` for a link to another origin or scheme.
pub fn resolve(base: &str, link: &str) -> Option<Result<(String, Option<String>), String>> {
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("//") || lower.contains("://") || lower.starts_with("mailto:") {
        return None;
    }
    if lower.starts_with("tel:") || lower.starts_with("data:") {
        return None;
    }
    if let Some((scheme, _)) = link.split_once(':')
        && !scheme.contains('/')
        && !scheme.contains('#')
        && !scheme.contains('?')
    {
        return Some(Err(format!("unexpected scheme in {link:?}")));
    }
    let (rest, fragment) = match link.split_once('#') {
        Some((r, f)) => (r, Some(f.to_string())),
        None => (link, None),
    };
    let page = base.split(['?', '#']).next().unwrap_or(base);
    let joined = if rest.is_empty() {
        page.to_string()
    } else if rest.starts_with('/') {
        rest.to_string()
    } else {
        let folder = &page[..=page.rfind('/').unwrap_or(0)];
        format!("{folder}{rest}")
    };
    let (path, query) = match joined.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (joined.as_str(), None),
    };
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *seg {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                if segments.pop().is_none() {
                    return Some(Err(format!("{link:?} climbs above the root from {base}")));
                }
                if last {
                    segments.push("");
                }
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if let Some(q) = query {
        out = format!("{out}?{q}");
    }
    Some(Ok((out, fragment)))
}

/// The links in a response, by kind of file.
fn links_in(path: &str, response: &Response) -> Vec<String> {
    let content_type = response.header("content-type").unwrap_or_default();
    let pattern = if content_type.starts_with("text/html") {
        r#"\s(?:href|src)\s*=\s*"([^"]*)""#
    } else if path.ends_with(".xml") {
        r"<loc>\s*([^<\s]*)\s*</loc>"
    } else if path.ends_with(".css") {
        r#"url\(\s*['"]?([^'")]*)['"]?\s*\)"#
    } else {
        return Vec::new();
    };
    Regex::new(pattern)
        .unwrap()
        .captures_iter(&response.body)
        .map(|c| unescape(&c[1]))
        .collect()
}

fn ids_in(body: &str) -> BTreeSet<String> {
    Regex::new(r#"\sid\s*=\s*"([^"]*)""#)
        .unwrap()
        .captures_iter(body)
        .map(|c| unescape(&c[1]))
        .collect()
}

/// Crawl the site served at `addr` under `prefix` from `starts` (paths under `prefix`).
/// `extra_pages` are (URL, HTML) pages fetched elsewhere, such as the 404 page served at a
/// missing path: their links are followed and checked as if they were found there.
pub fn crawl(
    addr: SocketAddr,
    prefix: &str,
    starts: &[String],
    extra_pages: &[(String, Response)],
) -> Crawl {
    let mut crawl = Crawl::default();
    let mut queue: VecDeque<String> = starts.iter().cloned().collect();
    let mut queued: BTreeSet<String> = queue.iter().cloned().collect();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // (page, target, fragment): checked when every page is in.
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let visit = |from: &str,
                 response: &Response,
                 crawl: &mut Crawl,
                 queue: &mut VecDeque<String>,
                 queued: &mut BTreeSet<String>,
                 fragments: &mut Vec<(String, String, String)>| {
        for link in links_in(from, response) {
            let (target, fragment) = match resolve(from, &link) {
                None => continue,
                Some(Err(e)) => {
                    crawl.problems.push(format!("{from}: {e}"));
                    continue;
                }
                Some(Ok(t)) => t,
            };
            crawl.links += 1;
            if !target.starts_with(prefix) {
                crawl.problems.push(format!(
                    "{from}: {link:?} leads to {target}, outside {prefix}"
                ));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                fragments.push((from.to_string(), target.clone(), f));
            }
            // A link into the page itself (`#main`) needs no fetch: the page is in hand (the
            // 404 page, served at a missing path, would otherwise be fetched as a page).
            let fetch = target.split('?').next().unwrap_or(&target).to_string();
            if fetch != from && queued.insert(fetch.clone()) {
                queue.push_back(fetch);
            }
        }
    };
    for (url, response) in extra_pages {
        ids.insert(url.clone(), ids_in(&response.body));
        visit(
            url,
            response,
            &mut crawl,
            &mut queue,
            &mut queued,
            &mut fragments,
        );
    }
    while let Some(path) = queue.pop_front() {
        assert!(
            crawl.fetched.len() < MAX_REQUESTS,
            "more than {MAX_REQUESTS} files: the crawl is not converging"
        );
        let response = get(addr, &path);
        crawl.fetched.insert(path.clone(), response.status);
        if response.status != 200 {
            crawl
                .problems
                .push(format!("{path}: status {} (expected 200)", response.status));
            continue;
        }
        if (path.ends_with(".json") || path.ends_with(".jsonld"))
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&response.body)
        {
            crawl.problems.push(format!("{path}: not JSON: {e}"));
        }
        if response
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
        {
            ids.insert(path.clone(), ids_in(&response.body));
        }
        visit(
            &path,
            &response,
            &mut crawl,
            &mut queue,
            &mut queued,
            &mut fragments,
        );
    }
    for (page, target, fragment) in fragments {
        crawl.anchors += 1;
        match ids.get(&target) {
            Some(known) if known.contains(&fragment) => {}
            Some(_) => crawl.problems.push(format!(
                "{page}: #{fragment}: no id=\"{fragment}\" in {target}"
            )),
            None => crawl.problems.push(format!(
                "{page}: #{fragment} points into {target}, not an HTML page"
            )),
        }
    }
    crawl
}

#[test]
fn links_resolve_as_a_browser_resolves_them() {
    let ok = |base: &str, link: &str| resolve(base, link).unwrap().unwrap();
    assert_eq!(ok("/p/a/", "b/"), ("/p/a/b/".into(), None));
    assert_eq!(ok("/p/a/index.html", "../x.css"), ("/p/x.css".into(), None));
    assert_eq!(ok("/p/a/", "#top"), ("/p/a/".into(), Some("top".into())));
    assert_eq!(ok("/p/a/", "/q/#s"), ("/q/".into(), Some("s".into())));
    assert_eq!(ok("/p/a/", ".."), ("/p/".into(), None));
    assert!(resolve("/p/", "https://example.org/").is_none());
    assert!(resolve("/p/", "mailto:a@b.example").is_none());
    assert!(resolve("/", "../../x").unwrap().is_err());
    assert!(resolve("/", "javascript:alert(1)").unwrap().is_err());
}
