//! `informed serve` started as users start it (README): the binary, in the site folder, with no
//! `--root`. Live reload, a symlinked site folder, and what keeps a preview that is left running
//! safe: Host checks, the symbolic-link boundary, slow clients, `content/` recreated.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::serve::*;

/// `informed serve` running as a child process; killed when dropped.
struct Running {
    child: Child,
    addr: SocketAddr,
    url: String,
    stderr: mpsc::Receiver<String>,
}

impl Running {
    /// `informed serve --port 0 ARGS…` with `dir` as the current folder. Only `--port 0` is
    /// added (tests run in parallel; 1111 may be taken): no `--root`.
    fn start(dir: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_informed"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("informed starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let url = loop {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => {
                    if let Some(rest) = line.split("serving ").nth(1) {
                        break rest.split_whitespace().next().unwrap().to_string();
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("informed serve printed no `serving` line within 30 s");
                }
            }
        };
        let addr = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .expect("address in the start-up line");
        Running {
            child,
            addr,
            url,
            stderr: rx,
        }
    }

    /// Wait for a line of the server's output containing `text`.
    fn wait_for_line(&self, text: &str, timeout: Duration) -> Option<String> {
        let end = Instant::now() + timeout;
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) if line.contains(text) => return Some(line),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        None
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Save the way editors do: a temp file renamed over the notice.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Edit `content/alpha.md` through `site` and see the rebuild: a `reload` event on the open
/// stream, the new text on the page, and the `rebuilt` line in the terminal.
fn edit_is_served(server: &Running, site: &Path, marker: &str) {
    let before = get(server.addr, "/alpha/");
    assert_eq!(before.status, 200, "{before:?}");
    assert!(!before.body.contains(marker));
    let mut events = Events::open(server.addr, "/__informed/events");
    let hello = events
        .next("hello", Duration::from_secs(5))
        .expect("hello event");
    save(
        &site.join("content/alpha.md"),
        &ALPHA.replace("## Who we are", &format!("{marker}\n\n## Who we are")),
    );
    let reload = events
        .next("reload", Duration::from_secs(15))
        .expect("a reload event after the edit");
    assert_ne!(reload, hello);
    assert!(
        server
            .wait_for_line("rebuilt", Duration::from_secs(5))
            .is_some(),
        "no `rebuilt` line in the terminal"
    );
    let after = get(server.addr, "/alpha/");
    assert!(after.body.contains(marker), "the edit is not served");
    assert_eq!(build_id(&after.body).as_deref(), Some(reload.as_str()));
}

#[test]
fn started_in_the_site_folder_it_rebuilds_on_save() {
    let site = Fixture::new("/");
    let server = Running::start(site.root(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    edit_is_served(&server, site.root(), "Edited in the README way.");
}

#[cfg(unix)]
#[test]
fn a_symlinked_site_folder_rebuilds_on_save() {
    let site = Fixture::new("/");
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("my-site");
    std::os::unix::fs::symlink(site.root(), &link).unwrap();

    // `cd my-site && informed serve`, then edits made through the link.
    let server = Running::start(&link, &[]);
    edit_is_served(&server, &link, "Edited through the linked folder.");
    drop(server);

    // `informed serve --root my-site` (the link, relative) from the folder holding it.
    let site2 = Fixture::new("/");
    let link2 = links.path().join("other-site");
    std::os::unix::fs::symlink(site2.root(), &link2).unwrap();
    let server = Running::start(links.path(), &["--root", "other-site"]);
    edit_is_served(&server, &link2, "Edited with a linked --root.");
}

/// A GET with the given `Host` header (none when `None`); the status and the whole response.
fn get_as(addr: SocketAddr, path: &str, host: Option<&str>) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(s, "GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    // An event stream never ends: what arrived within the timeout is enough.
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn only_the_bound_address_localhost_and_allowed_names_are_answered() {
    let site = Fixture::new("/");
    let server = Running::start(site.root(), &["--allow-host", "Preview.Test"]);
    let port = server.addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{port}"),
        "LocalHost".to_string(),
        format!("preview.test:{port}"),
        "PREVIEW.TEST".to_string(),
    ] {
        let (status, text) = get_as(server.addr, "/alpha/", Some(&host));
        assert_eq!(status, 200, "Host: {host}\n{text}");
        assert!(text.contains("Alpha Trust"), "Host: {host}");
        let (status, text) = get_as(server.addr, "/__informed/events", Some(&host));
        assert_eq!(status, 200, "events, Host: {host}\n{text}");
        assert!(
            text.contains("event: hello"),
            "events, Host: {host}\n{text}"
        );
    }
    // DNS rebinding: a page on attacker.example, re-pointed at 127.0.0.1, sends its own name.
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_string(),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.1.attacker.example:{port}"),
        format!("preview.test.attacker.example:{port}"),
        "10.0.0.1".to_string(),
        String::new(),
    ] {
        for path in ["/alpha/", "/__informed/events", "/__informed/live.js", "/"] {
            let (status, text) = get_as(server.addr, path, Some(&host));
            assert_eq!(status, 403, "Host: {host} {path}\n{text}");
            assert!(!text.contains("Alpha Trust"), "Host: {host} {path}");
            assert!(!text.contains("event: hello"), "Host: {host} {path}");
            let shown = host.split(':').next().unwrap();
            assert!(
                text.contains(&format!("--allow-host {shown}")),
                "the refusal says how to allow it: {text}"
            );
        }
    }
    let (status, text) = get_as(server.addr, "/alpha/", None);
    assert_eq!(status, 403, "no Host header\n{text}");
    assert!(!text.contains("Alpha Trust"));
}

#[cfg(unix)]
#[test]
fn links_made_while_serving_may_not_leave_the_site_folder() {
    use std::os::unix::fs::symlink;
    const OUTSIDE: &str = "OUTSIDE-THE-SITE-MARKER-5d1e";
    let site = Fixture::new("/");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(
        &secret,
        format!("---\ntitle: Secret\n---\n\n{OUTSIDE} reached through a link.\n"),
    )
    .unwrap();
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    std::fs::write(
        outside.path().join("folder/inner.md"),
        format!("---\ntitle: Inner\n---\n\n{OUTSIDE} in a linked folder.\n"),
    )
    .unwrap();
    // A link that stays inside the site folder is fine, as in `build`.
    site.write(
        "drafts/inside.md",
        "---\ntitle: Inside link\n---\n\nLinked from inside the site.\n",
    );
    let server = Running::start(site.root(), &[]);
    let shows_error = |page: &str, file: &str| {
        wait_until(Duration::from_secs(15), || {
            let body = get(server.addr, page).body;
            body.contains("outside the site folder") && body.contains(file)
        })
    };

    // A folder linked from outside (listed again, like `build` lists it: the first link out
    // is the error).
    symlink(outside.path().join("folder"), site.path("content/folder")).unwrap();
    assert!(
        shows_error("/alpha/", "content/folder"),
        "{}",
        get(server.addr, "/alpha/").body
    );
    symlink("/etc/passwd", site.path("content/passwd.md")).unwrap();
    assert!(
        shows_error("/alpha/", "content/passwd.md"),
        "the refused link is shown in the page"
    );
    symlink(&secret, site.path("content/secret.md")).unwrap();
    assert!(shows_error("/alpha/", "content/secret.md"));
    // A notice swapped for a link to a file outside.
    std::fs::remove_file(site.path("content/beta.md")).unwrap();
    symlink(&secret, site.path("content/beta.md")).unwrap();
    assert!(shows_error("/beta/", "content/beta.md"));
    symlink(
        site.path("drafts/inside.md"),
        site.path("content/inside.md"),
    )
    .unwrap();
    assert!(
        wait_until(Duration::from_secs(15), || get(server.addr, "/inside/")
            .body
            .contains("Linked from inside the site")),
        "a link inside the site folder is followed"
    );

    for path in [
        "/passwd/",
        "/secret/",
        "/beta/",
        "/folder/inner/",
        "/inner/",
        "/",
        "/sitemap.xml",
        "/alpha/",
    ] {
        let r = get(server.addr, path);
        assert!(!r.body.contains(OUTSIDE), "{path} serves the outside file");
        assert!(!r.body.contains("root:x:0:0"), "{path} serves /etc/passwd");
    }
    assert_ne!(get(server.addr, "/passwd/").status, 200);
    assert_ne!(get(server.addr, "/secret/").status, 200);
    assert_ne!(get(server.addr, "/folder/inner/").status, 200);
}

#[test]
fn a_client_trickling_its_headers_is_cut_off_and_the_event_stream_is_not() {
    use std::io::{Read, Write};
    let site = Fixture::new("/");
    let server = Running::start(site.root(), &[]);
    let mut events = Events::open(server.addr, "/__informed/events");
    assert!(events.next("hello", Duration::from_secs(5)).is_some());

    let mut slow = std::net::TcpStream::connect(server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(1)))
        .unwrap();
    let started = Instant::now();
    slow.write_all(format!("GET /alpha/ HTTP/1.1\r\nHost: {}\r\n", server.addr).as_bytes())
        .unwrap();
    // One byte every 100 ms of a header that never ends, for at most 40 s.
    let header = b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    let mut answer = Vec::new();
    let closed_after = loop {
        if started.elapsed() > Duration::from_secs(40) {
            panic!("a client trickling its headers was still connected after 40 s");
        }
        let i = (started.elapsed().as_millis() / 100) as usize;
        if slow.write_all(&header[i % header.len()..][..1]).is_err() {
            break started.elapsed();
        }
        let mut buf = [0u8; 512];
        match slow.read(&mut buf) {
            Ok(0) => break started.elapsed(),
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break started.elapsed(),
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let answer = String::from_utf8_lossy(&answer);
    assert!(!answer.contains("Alpha Trust"), "{answer}");
    assert!(
        closed_after >= Duration::from_secs(5),
        "closed too early ({closed_after:?}): a slow but live client deserves a few seconds"
    );
    assert!(closed_after <= Duration::from_secs(15), "{closed_after:?}");

    // The event stream, open all that time, still delivers.
    save(
        &site.path("content/alpha.md"),
        &ALPHA.replace("## Who we are", "After the slow client.\n\n## Who we are"),
    );
    assert!(
        events.next("reload", Duration::from_secs(15)).is_some(),
        "the event stream was cut with the slow client"
    );
}

/// Poll `path` until its body contains `text` (or, with `present = false`, no longer does).
fn wait_for_text(server: &Running, path: &str, text: &str, present: bool) -> bool {
    wait_until(Duration::from_secs(15), || {
        get(server.addr, path).body.contains(text) == present
    })
}

#[test]
fn content_deleted_and_recreated_is_followed_again() {
    const GAMMA: &str = "---\ntitle: Gamma Club notice\n---\n\nGamma Club keeps your name.\n";
    let site = Fixture::new("/");
    let server = Running::start(site.root(), &[]);
    let missing = "content folder not found";

    // Deleted (git stash, branch switch): the error shows, then recreated with a new notice.
    std::fs::remove_dir_all(site.path("content")).unwrap();
    assert!(wait_for_text(&server, "/", missing, true), "no error shown");
    assert_eq!(get(server.addr, "/alpha/").status, 404);
    site.write("content/gamma.md", GAMMA);
    assert!(
        wait_for_text(&server, "/gamma/", "Gamma Club keeps", true),
        "a notice in the recreated folder is not served"
    );
    assert!(
        wait_for_text(&server, "/gamma/", missing, false),
        "the error stays"
    );
    // Edits in the new folder are picked up, as are new notices.
    save(
        &site.path("content/gamma.md"),
        &GAMMA.replace("keeps your name", "keeps your name and email"),
    );
    assert!(
        wait_for_text(&server, "/gamma/", "your name and email", true),
        "an edit in the recreated folder is not picked up"
    );
    site.write("content/alpha.md", ALPHA);
    assert!(wait_for_text(&server, "/alpha/", "Alpha Trust", true));

    // Restored from a backup: the folder moved away, another moved into its place.
    site.write(
        "backup/delta.md",
        "---\ntitle: Delta notice\n---\n\nDelta keeps records.\n",
    );
    std::fs::rename(site.path("content"), site.path("content-old")).unwrap();
    std::fs::rename(site.path("backup"), site.path("content")).unwrap();
    assert!(wait_for_text(
        &server,
        "/delta/",
        "Delta keeps records",
        true
    ));
    assert!(
        wait_for_text(&server, "/", "Gamma Club", false),
        "moved-away notices stay listed"
    );
    save(
        &site.path("content/delta.md"),
        "---\ntitle: Delta notice\n---\n\nDelta keeps records for six years.\n",
    );
    assert!(
        wait_for_text(&server, "/delta/", "for six years", true),
        "an edit in the restored folder is not picked up"
    );
    assert!(!get(server.addr, "/delta/").body.contains(missing));
}

#[test]
fn started_without_content_it_follows_the_folder_once_made() {
    let site = Fixture::new("/");
    std::fs::remove_dir_all(site.path("content")).unwrap();
    let server = Running::start(site.root(), &[]);
    assert!(
        get(server.addr, "/")
            .body
            .contains("content folder not found")
    );
    site.write("content/beta.md", BETA);
    assert!(wait_for_text(&server, "/beta/", "Beta Council", true));
    assert!(wait_for_text(
        &server,
        "/beta/",
        "content folder not found",
        false
    ));
    save(
        &site.path("content/beta.md"),
        &BETA.replace("collects recycling", "collects glass"),
    );
    assert!(wait_for_text(&server, "/beta/", "collects glass", true));
}

/// Every file under `dir`, relative, with `/` separators.
fn files_under(dir: &Path) -> std::collections::BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

#[test]
fn serves_exactly_the_files_build_writes_byte_for_byte_plus_its_own_assets() {
    use informed::serve::inject;
    use informed::site::{MemorySink, Site};
    let site = Fixture::new("/docs/");
    // A notice at a permalink ending in a file name, whose alternates are `name.notice.json`.
    site.write(
        "content/gamma.md",
        "---\ntitle: Gamma\npermalink: /gamma/privacy.html\n---\n\nGamma keeps your name.\n",
    );
    let built = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_informed"))
        .args(["build", "--out"])
        .arg(built.path())
        .current_dir(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut written = files_under(built.path());
    // The marker records that informed owns the output folder (it lists what informed wrote
    // there); it is bookkeeping for the next build, not a page of the site, so serve has none.
    assert!(written.remove(".informed-site"), "build writes its marker");
    for expected in [
        "alpha/notice.json",
        "alpha/notice.jsonld",
        "gamma/privacy.html",
        "gamma/privacy.notice.json",
        "gamma/privacy.notice.jsonld",
    ] {
        assert!(written.contains(expected), "{expected}: {written:?}");
    }

    // The set of files: exactly the same.
    let in_process = site.serve();
    assert_eq!(in_process.state().files(), written);
    drop(in_process);

    // Each file, fetched from the server started in the site: the same bytes, HTML pages
    // plus only what serve injects.
    let server = Running::start(site.root(), &[]);
    let library = Site::open(site.root()).unwrap();
    let panels: std::collections::HashMap<String, String> = ["alpha", "beta", "gamma"]
        .iter()
        .map(|name| {
            let (entry, notice) = library
                .process_notice(
                    &site.path(&format!("content/{name}.md")),
                    &MemorySink::default(),
                )
                .unwrap();
            (
                entry.target.file.clone(),
                inject::findings_panel(&library, &entry, &notice),
            )
        })
        .collect();
    for file in &written {
        let on_disk = std::fs::read(built.path().join(file)).unwrap();
        let (url, expected_status) = match file.as_str() {
            "404.html" => ("/docs/no-such-page".to_string(), 404),
            _ => (
                format!("/docs/{}", file.strip_suffix("index.html").unwrap_or(file)),
                200,
            ),
        };
        let served = get(server.addr, &url);
        assert_eq!(served.status, expected_status, "{url}");
        if file.ends_with(".html") {
            let id = build_id(&served.body).expect("build id");
            let on_disk = String::from_utf8(on_disk).unwrap();
            let panel = panels.get(file).map(String::as_str);
            assert_eq!(
                served.body,
                inject::inject(&on_disk, "/docs/", &id, panel, &[]),
                "{file}"
            );
        } else {
            assert_eq!(served.body.as_bytes(), on_disk.as_slice(), "{file}");
        }
        if file.ends_with(".jsonld") {
            assert_eq!(served.header("content-type"), Some("application/ld+json"));
        }
    }
    // Its own assets, under `__informed/`, which build never writes.
    for own in ["__informed/live.js", "__informed/panel.css"] {
        assert_eq!(get(server.addr, &format!("/docs/{own}")).status, 200);
        assert!(!written.contains(own));
    }
}

/// Every `id="…"` value in an HTML page.
fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

const CLASHING: &str = "---
title: Clashing headings
---

Omega Ltd is the controller. Email privacy@omega.example.

## Main

We use your name to send you newsletters.

## Main content

## Informed errors

## Informed findings

## Informed glance

## Toc heading

## Contents

## At a glance

## Who we are {#main}

## Your rights

## Your rights

## Your rights 1

<div id=\"main\">Raw HTML taking the skip link's target.</div>
<p id=\"informed-errors\">Raw HTML taking the error box's id.</p>
";

#[test]
fn no_page_has_a_duplicate_id_and_the_pages_own_ids_stay_its_own() {
    for theme in ["default", "govuk"] {
        let site = Fixture::new("/");
        site.write(
            "informed.toml",
            &format!("title = \"Fixture\"\ntheme = \"{theme}\"\n"),
        );
        site.write("content/clashing.md", CLASHING);
        // A broken notice: the error box is on every page too.
        site.write("content/broken.md", "---\ntitle: [unclosed\n---\n\nText.\n");
        let server = Running::start(site.root(), &[]);
        for path in ["/clashing/", "/alpha/", "/beta/", "/", "/no-such-page"] {
            let page = get(server.addr, path).body;
            assert!(
                page.contains("id=\"informed-errors\""),
                "{theme} {path}: no error box"
            );
            let all = ids(&page);
            let mut seen = std::collections::BTreeSet::new();
            for id in &all {
                assert!(
                    seen.insert(id),
                    "{theme} {path}: duplicate id=\"{id}\" in {all:?}"
                );
            }
            // The skip link's target is the main element, and the error box is the box.
            let main = if theme == "govuk" {
                "main-content"
            } else {
                "main"
            };
            let at = page.find(&format!("id=\"{main}\"")).expect("main landmark");
            let before = &page[..at];
            assert!(
                before.rfind("<main").is_some() && before.rfind('<') == before.rfind("<main"),
                "{theme} {path}: id=\"{main}\" is not the main element's"
            );
            let at = page.find("id=\"informed-errors\"").unwrap();
            assert!(page[..at].ends_with("<div "), "{theme} {path}");
            // Every in-page link still has its target (contents, summary, findings panel).
            for link in page.split("href=\"#").skip(1) {
                let target = link.split('"').next().unwrap();
                assert!(
                    target.is_empty() || seen.contains(&target.to_string()),
                    "{theme} {path}: link to #{target} has no target"
                );
            }
        }
        let page = get(server.addr, "/clashing/").body;
        for id in [
            "main-1",
            "main-content-1",
            "informed-errors-1",
            "informed-findings-1",
            "main-2",
            "your-rights-1",
            "your-rights-1-1",
        ] {
            assert!(
                ids(&page).contains(&id.to_string()),
                "{theme}: no id {id} in {:?}",
                ids(&page)
            );
        }
    }
}

#[test]
fn the_reserved_ids_are_every_id_the_themes_and_serve_put_on_a_page() {
    use informed::document::RESERVED_IDS;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(repo.join("themes")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            found.extend(ids(&std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    for file in ["src/serve/inject.rs", "src/serve/assets/live.js"] {
        let text = std::fs::read_to_string(repo.join(file))
            .unwrap()
            .replace("\\\"", "\"");
        found.extend(ids(&text));
    }
    found.retain(|id| !id.contains('{'));
    assert!(
        found.contains("main") && found.contains("informed-errors"),
        "{found:?}"
    );
    for id in &found {
        assert!(
            RESERVED_IDS.contains(&id.as_str()),
            "`{id}` is used by a page but not reserved"
        );
    }
}

#[test]
fn in_chromium_a_page_of_serve_started_in_the_site_reloads_after_an_edit() {
    let Some(repo) = browser_ready() else {
        return;
    };
    let site = Fixture::new("/");
    let server = Running::start(site.root(), &[]);
    let marker = "Saved while the page was open in Chromium.";
    let mut node = Command::new("node")
        .arg(repo.join("tests/browser/readme_reload.cjs"))
        .arg(format!("{}alpha/", server.url))
        .arg(site.path("content/alpha.md"))
        .arg(marker)
        .current_dir(repo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (INFORMED_BROWSER_TESTS=1 needs Node.js)");
    let end = Instant::now() + Duration::from_secs(90);
    while node.try_wait().unwrap().is_none() {
        if Instant::now() > end {
            let _ = node.kill();
            let _ = node.wait();
            panic!("the browser test did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = node.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value =
        serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("JSON result");
    assert_eq!(seen["markerBefore"], false, "{seen}");
    assert_eq!(
        seen["reloaded"], true,
        "the page did not reload by itself: {seen}"
    );
    assert_eq!(seen["markerAfter"], true, "{seen}");
    assert_eq!(seen["badResponses"], serde_json::json!([]), "{seen}");
    assert_eq!(seen["consoleErrors"], serde_json::json!([]), "{seen}");
    assert!(
        server
            .wait_for_line("rebuilt", Duration::from_secs(5))
            .is_some(),
        "no `rebuilt` line in the terminal"
    );
}

/// Every line the server prints within `timeout` after its last line (or until `until` shows).
fn lines_until(server: &Running, until: &str, timeout: Duration) -> Vec<String> {
    let mut lines = Vec::new();
    let end = Instant::now() + timeout;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match server.stderr.recv_timeout(left) {
            Ok(line) => {
                let done = line.contains(until);
                lines.push(line);
                if done {
                    // The errors of that rebuild follow its line at once.
                    while let Ok(l) = server.stderr.recv_timeout(Duration::from_millis(500)) {
                        lines.push(l);
                    }
                    break;
                }
            }
            Err(_) => break,
        }
    }
    lines
}

#[cfg(unix)]
#[test]
fn log_lines_show_control_characters_from_notices_escaped() {
    use crate::support::terminal::{HOSTILE, assert_no_raw_controls, quoted};
    let site = Fixture::new("/");
    // Broken from the start: its error is printed under the start-up line.
    let broken = |value: &str| format!("---\ntitle: A\npermalink: {}\n---\nText.\n", quoted(value));
    site.write(
        &format!("content/start{}.md", HOSTILE.replace('\r', "")),
        &broken(&format!("/../{HOSTILE}")),
    );
    let mut server = Running::start(site.root(), &[]);
    // The start-up errors were printed before the `serving` line was read: the next lines.
    let name = format!("content/edit{}.md", HOSTILE.replace('\r', ""));
    save(&site.path(&name), &broken(&format!("/../../{HOSTILE}")));
    let lines = lines_until(&server, "rebuilt", Duration::from_secs(15));
    let text = lines.join("\n");
    assert!(text.contains("rebuilt"), "no rebuild: {text}");
    assert!(
        text.contains("edit\\u{1b}]0;pwned\\u{7}"),
        "the file is named, escaped: {text}"
    );
    assert!(
        text.contains("start\\u{1b}]0;pwned\\u{7}"),
        "the start-up error is still listed, escaped: {text}"
    );
    assert_no_raw_controls("serve's log", &text);
    let _ = server.child.kill();
    let rest: Vec<String> = server.stderr.try_iter().collect();
    assert_no_raw_controls("serve's log", &rest.join("\n"));
}
