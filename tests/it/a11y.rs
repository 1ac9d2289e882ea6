//! Accessibility, checked for real: every page of the example site, built with each built-in
//! theme, is loaded in headless Chromium and checked with axe-core against WCAG 2.2 AA
//! (`tests/browser/axe.js`). A site made by `informed init` is checked too, as its notice declares
//! structured facts and so shows the "At a glance" summary.
//!
//! Runs when `INFORMED_BROWSER_TESTS=1` (set by `.ci/run`), and then fails if Chromium or the npm
//! packages are missing; otherwise it says it was skipped.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use informed::config::Config;
use informed::site::Site;

use crate::support::{pin_today, repo};

const THEMES: &[&str] = &["default", "govuk"];

/// The example site's Welsh page and its English source.
const WELSH_PAGE: &str = "/cy/preifatrwydd/desg-gymorth-data-agored/";
const ENGLISH_OF_WELSH: &str = "/privacy/open-data-helpdesk/";

fn enabled() -> bool {
    std::env::var("INFORMED_BROWSER_TESTS").is_ok_and(|v| v == "1")
}

fn chromium() -> PathBuf {
    PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()))
}

/// Build the site at `root` with `theme` into `out`.
fn build(root: &Path, theme: &str, out: &Path) {
    pin_today();
    let mut config = Config::load(root).unwrap();
    config.theme = theme.to_string();
    config.base_url = "/".into();
    let site = Site::with_config(root, config).unwrap();
    let outcome = site.build(out, false).unwrap();
    assert!(outcome.written);
}

/// Every HTML page under `dir`, as URL paths.
fn pages(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        if entry.extension().is_some_and(|e| e == "html") {
            let rel = entry
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(match rel.strip_suffix("index.html") {
                Some(d) => format!("/{d}"),
                None => format!("/{rel}"),
            });
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A tiny static file server on a free loopback port, for as long as the test runs.
fn serve(dir: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let _ = respond(stream, &dir);
            });
        }
    });
    port
}

fn respond(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = dir.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let ok = !path.contains("..") && file.is_file();
    let (status, file) = if ok {
        ("200 OK", file)
    } else {
        ("404 Not Found", dir.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("jsonld") => "application/ld+json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

#[test]
fn every_page_of_both_themes_passes_axe() {
    if !enabled() {
        eprintln!(
            "skipped: set INFORMED_BROWSER_TESTS=1 to run the axe-core accessibility checks in Chromium"
        );
        return;
    }
    assert!(
        chromium().is_file(),
        "INFORMED_BROWSER_TESTS=1 but Chromium is missing at {} (apt-get install chromium, or set CHROMIUM)",
        chromium().display()
    );
    for package in ["playwright-core", "axe-core"] {
        assert!(
            repo().join("node_modules").join(package).is_dir(),
            "INFORMED_BROWSER_TESTS=1 but node_modules/{package} is missing: run `npm ci`"
        );
    }

    let tmp = tempfile::tempdir().unwrap();
    let init_site = tmp.path().join("init-site");
    std::fs::create_dir(&init_site).unwrap();
    informed::authoring::init(&init_site, false, informed::authoring::Publish::GithubPages)
        .unwrap();

    // A site in git with a change: its notice's "Changes" section and a change page.
    let history = crate::history::Scratch::new("");

    let mut urls = Vec::new();
    for theme in THEMES {
        for (name, root) in [
            ("example", repo()),
            ("init", init_site.clone()),
            ("history", history.site()),
        ] {
            let out = tmp.path().join(format!("{name}-{theme}"));
            build(&root, theme, &out);
            let list = pages(&out);
            assert!(list.len() >= 3, "{name}/{theme}: too few pages: {list:?}");
            if name == "example" {
                // Both languages of the translated notice, each with its switcher.
                for page in [WELSH_PAGE, ENGLISH_OF_WELSH] {
                    assert!(
                        list.iter().any(|p| p == page),
                        "{theme}: no {page}: {list:?}"
                    );
                    let html = std::fs::read_to_string(
                        out.join(page.trim_start_matches('/')).join("index.html"),
                    )
                    .unwrap();
                    assert!(html.contains("hreflang=\"cy\""), "{theme}: {page}");
                }
            }
            let port = serve(out);
            urls.extend(list.iter().map(|p| format!("http://127.0.0.1:{port}{p}")));
        }
    }
    // The summary box is among the pages checked.
    let init_page =
        std::fs::read_to_string(tmp.path().join("init-govuk/library-membership/index.html"))
            .unwrap();
    assert!(init_page.contains("At a glance"));
    for theme in THEMES {
        let change = tmp.path().join(format!(
            "history-{theme}/volunteering/changes/2026-02-10/index.html"
        ));
        assert!(change.is_file(), "a change page is among the pages checked");
    }

    let output = Command::new("node")
        .arg(repo().join("tests/browser/axe.js"))
        .args(&urls)
        .env("CHROMIUM", chromium())
        .current_dir(repo())
        .output()
        .expect("node must be installed to run the browser tests");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "axe-core found violations (or could not run):\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!(
            "{} page views checked, 0 violations",
            urls.len() * 2
        )),
        "{stdout}"
    );
}
