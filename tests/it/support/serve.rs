//! Helpers for the `serve` tests: a fixture site written by the test, a tiny HTTP/1.1 client
//! that sends paths exactly as given, and an event-stream reader. Every wait is bounded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use informed::serve::{ServeOptions, Server};

/// In informed.toml only: must never appear in a response.
pub const CONFIG_SECRET: &str = "CONFIG-ONLY-MARKER-7f3a";
/// In a Markdown comment only (comments never reach pages): must never appear in a response.
pub const SOURCE_SECRET: &str = "SOURCE-ONLY-MARKER-91c2";

pub const ALPHA: &str = "---
title: Alpha Trust privacy notice
last_updated: 2025-01-10
---

<!-- SOURCE-ONLY-MARKER-91c2 -->

Alpha Trust runs a reading scheme for adults. This notice explains how we use your personal data.

## Who we are

Alpha Trust is the controller for your personal data. Write to us at 1 High Street, Exampletown, or email privacy@alpha.example.

## Why we use your data

We use your name and email address to send you reading packs and to tell you about events.

## How long we keep it

We keep your details for two years after your last contact with us.
";

pub const BETA: &str = "---
title: Beta Council recycling notice
---

Beta Council collects recycling. We use your address to plan collection rounds.

## Your rights

You can ask for a copy of your data.
";

/// A site in a temp folder: informed.toml, content/alpha.md, content/beta.md.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new(base_url: &str) -> Fixture {
        // In-process builds judge dates against the tests' one "today" (not in the example,
        // which includes this file on its own).
        #[cfg(test)]
        super::pin_today();
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::write(
            root.join("informed.toml"),
            format!("# {CONFIG_SECRET}\ntitle = \"Fixture notices\"\nbase_url = \"{base_url}\"\n"),
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/alpha.md"), ALPHA).unwrap();
        std::fs::write(root.join("content/beta.md"), BETA).unwrap();
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(p, text).unwrap();
    }

    pub fn serve(&self) -> Server {
        self.serve_with(ServeOptions::default())
    }

    /// Started with the site folder as a relative path (`../../tmp/.tmpX`), as `informed serve`
    /// run in the site folder gets it (`.`): the file watcher reports absolute paths.
    pub fn serve_with(&self, options: ServeOptions) -> Server {
        Server::start(
            &relative_to_cwd(self.root()),
            ServeOptions {
                port: Some(0),
                quiet: true,
                ..options
            },
        )
        .expect("server starts")
    }
}

/// `path` relative to the current folder.
pub fn relative_to_cwd(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap().canonicalize().unwrap();
    let target = path.canonicalize().unwrap();
    let (c, t): (Vec<_>, Vec<_>) = (cwd.components().collect(), target.components().collect());
    let common = c.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut rel: PathBuf = std::iter::repeat_n("..", c.len() - common).collect();
    rel.extend(&t[common..]);
    assert!(rel.is_relative(), "{}", rel.display());
    rel
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One request; `path` goes on the request line byte for byte.
pub fn request(addr: SocketAddr, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    parse(&raw)
}

pub fn get(addr: SocketAddr, path: &str) -> Response {
    request(addr, "GET", path)
}

fn parse(raw: &[u8]) -> Response {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// Poll `f` until it returns true or `timeout` passes.
pub fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + timeout;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An open event stream (`__informed/events`).
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(addr: SocketAddr, path: &str) -> Events {
        let mut stream =
            TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        // Status line and headers.
        let status = events.line(Duration::from_secs(5)).expect("status line");
        assert!(status.contains(" 200 "), "event stream status: {status}");
        while let Some(l) = events.line(Duration::from_secs(5)) {
            if l.is_empty() {
                break;
            }
        }
        events
    }

    fn line(&mut self, timeout: Duration) -> Option<String> {
        self.reader.get_ref().set_read_timeout(Some(timeout)).ok()?;
        let mut l = String::new();
        match self.reader.read_line(&mut l) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(l.trim_end_matches(['\r', '\n']).to_string()),
        }
    }

    /// The next event named `name` and its data, within `timeout`. The stream is chunked; chunk
    /// size lines are skipped because they never start with `event:` or `data:`.
    pub fn next(&mut self, name: &str, timeout: Duration) -> Option<String> {
        let end = Instant::now() + timeout;
        let mut current: Option<String> = None;
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            let line = self.line(left.max(Duration::from_millis(1)))?;
            if let Some(ev) = line.strip_prefix("event:") {
                current = Some(ev.trim().to_string());
            } else if let Some(data) = line.strip_prefix("data:")
                && current.as_deref() == Some(name)
            {
                return Some(data.trim().to_string());
            }
        }
        None
    }
}

/// The `data-build` the server put into a page.
pub fn build_id(page: &str) -> Option<String> {
    let start = page.find("data-build=\"")? + "data-build=\"".len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_string())
}

/// The repository, when the browser tests are to run (`INFORMED_BROWSER_TESTS=1`, as `.ci/run`
/// sets); then Chromium, Node and `node_modules/` must be there. Otherwise `None`, said on stderr
/// (past the test harness's capture, so the skip is visible).
pub fn browser_ready() -> Option<&'static Path> {
    const CHROMIUM: &str = "/usr/bin/chromium";
    if std::env::var("INFORMED_BROWSER_TESTS").as_deref() != Ok("1") {
        let _ = writeln!(
            std::io::stderr(),
            "browser test not run; set INFORMED_BROWSER_TESTS=1 to run it (needs {CHROMIUM}, node and `npm ci`)"
        );
        return None;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        Path::new(CHROMIUM).exists(),
        "INFORMED_BROWSER_TESTS=1 but {CHROMIUM} is missing (apt-get install chromium)"
    );
    assert!(
        repo.join("node_modules/playwright-core").is_dir(),
        "INFORMED_BROWSER_TESTS=1 but node_modules/playwright-core is missing (run `npm ci`)"
    );
    Some(repo)
}
