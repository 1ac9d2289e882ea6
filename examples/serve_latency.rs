//! Edit-to-served latency of `informed serve`, started as users start it: the binary, in the
//! site's folder, with no `--root` and no `--port`. Each save (temp file + rename, as editors
//! do) is timed from just before the write to the moment the event stream has announced the
//! reload AND a GET of the page (made after the announcement, as the browser does) holds the
//! new text. Reports median, p95 and max; then the same for a title edit, seen on the index.
//!
//! ```sh
//! bench/serve-latency.sh                                 # 100, 1,000 and 10,000 notices
//! cargo run --release --example serve_latency -- --informed target/release/informed \
//!     --site /tmp/site-1000 --edits 30
//! ```
//!
//! The site is any informed site (`bench gen` makes the benchmark's). Edited notices are put
//! back as they were at the end.

#[path = "../tests/it/support/serve.rs"]
mod serve_support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use informed::site::{MemorySink, Site};
use serve_support::{Events, get};

struct Args {
    informed: PathBuf,
    site: PathBuf,
    edits: usize,
}

fn args() -> Args {
    let mut a = Args {
        informed: PathBuf::from("target/release/informed"),
        site: PathBuf::new(),
        edits: 30,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--informed" => a.informed = PathBuf::from(v),
            "--site" => a.site = PathBuf::from(v),
            "--edits" => a.edits = v.parse().expect("--edits N"),
            other => panic!("unknown argument {other}; use --informed BIN --site DIR --edits N"),
        }
    }
    assert!(a.site.join("informed.toml").is_file(), "--site DIR: a site");
    a.informed = std::fs::canonicalize(&a.informed).expect("--informed BIN exists");
    a
}

fn main() {
    let args = args();
    let site = Site::open(&args.site).expect("site opens");
    let files = informed::load::discover(&site.content_dir(), informed::site::SITE_EXTENSIONS)
        .expect("notices");
    // Four notices spread over the site, edited in turn.
    let picks: Vec<PathBuf> = (0..4)
        .map(|i| files[i * (files.len() - 1) / 3].clone())
        .collect();
    let base = site.config.base_path();
    let urls: Vec<String> = picks
        .iter()
        .map(|p| {
            let out = site.process(p, &MemorySink::default()).expect("builds");
            format!("{base}{}", out.target.url.trim_start_matches('/'))
        })
        .collect();
    let originals: Vec<String> = picks
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();

    let started = Instant::now();
    let server = Running::start(&args.informed, &args.site);
    let startup = started.elapsed();
    println!(
        "{} notices; `informed serve` ready (serving line, then GET / 200) in {:.1} s at {}; load average {}",
        files.len(),
        startup.as_secs_f64(),
        server.addr,
        loadavg()
    );

    let warmup = 3;
    let (mut event, mut served) = (Vec::new(), Vec::new());
    for run in 0..args.edits + warmup {
        let i = run % picks.len();
        let marker = format!("Edit number {run} of this notice.");
        let text = format!("{}\n\n{marker}\n", originals[i].trim_end());
        let (e, s) = edit_and_wait(server.addr, &picks[i], &text, &urls[i], &marker);
        if run >= warmup {
            event.push(e);
            served.push(s);
        }
        // Let the watcher settle, so each sample is one save and not a burst.
        std::thread::sleep(Duration::from_millis(100));
    }
    report("  body edit: write → reload announced", &mut event);
    report(
        "  body edit: write → reload announced + page served",
        &mut served,
    );

    let mut served = Vec::new();
    for run in 0..args.edits.div_ceil(2) {
        let i = run % picks.len();
        let marker = format!("Retitled notice {run}");
        let text = retitle(&originals[i], &marker);
        let (_, s) = edit_and_wait(server.addr, &picks[i], &text, &base, &marker);
        served.push(s);
        std::thread::sleep(Duration::from_millis(100));
    }
    report(
        "  title edit: write → reload announced + index served",
        &mut served,
    );
    if let Some(mb) = server.peak_rss_mb() {
        println!(
            "  server's peak memory: {mb} MB; load average now {}",
            loadavg()
        );
    }
    for (p, text) in picks.iter().zip(&originals) {
        std::fs::write(p, text).unwrap();
    }
    server.stop();
}

/// `informed serve` started in the site's folder with no arguments, as the README says.
struct Running {
    child: Child,
    addr: SocketAddr,
}

impl Running {
    fn start(informed: &Path, site: &Path) -> Running {
        let mut child = Command::new(informed)
            .arg("serve")
            .current_dir(site)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("informed serve starts");
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let url = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(600))
                .expect("a `serving` line within 10 minutes");
            if let Some(rest) = line.split("serving ").nth(1) {
                break rest.split_whitespace().next().unwrap().to_string();
            }
        };
        // Keep draining its output (`rebuilt …` lines) so the pipe never fills.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        let addr: SocketAddr = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .expect("address in the serving line");
        assert_eq!(get(addr, "/").status, 200, "the index is served");
        Running { child, addr }
    }

    fn peak_rss_mb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
    }

    /// Ctrl-C, as a user stops it.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Save `text` into `path` as editors do; wait for the `reload` event on a stream opened before
/// the save, then GET `url` until it holds `marker`. The times from just before the write to
/// the event, and to the page with the new text. Gives up after 30 s.
fn edit_and_wait(
    addr: SocketAddr,
    path: &Path,
    text: &str,
    url: &str,
    marker: &str,
) -> (Duration, Duration) {
    let mut events = Events::open(addr, "/__informed/events");
    let hello = events
        .next("hello", Duration::from_secs(5))
        .expect("hello event");
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    let started = Instant::now();
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
    let reload = events
        .next("reload", Duration::from_secs(30))
        .expect("a reload event within 30 s");
    let announced = started.elapsed();
    assert_ne!(reload, hello, "the build id changes");
    let end = started + Duration::from_secs(30);
    loop {
        if get(addr, url).body.contains(marker) {
            return (announced, started.elapsed());
        }
        assert!(Instant::now() < end, "{url} did not show the edit in 30 s");
        std::thread::sleep(Duration::from_micros(500));
    }
}

fn report(label: &str, samples: &mut [Duration]) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct =
        |p: f64| samples[((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1];
    println!(
        "{label} ({} saves): median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        samples.len(),
        ms(pct(0.5)),
        ms(pct(0.95)),
        ms(samples[samples.len() - 1]),
    );
}

/// The notice with its front-matter title replaced (or a front matter with a title added).
fn retitle(text: &str, title: &str) -> String {
    let mut out = String::with_capacity(text.len() + title.len());
    let mut done = false;
    for (n, line) in text.lines().enumerate() {
        if !done && n > 0 && line.starts_with("title:") {
            out.push_str(&format!("title: \"{title}\"\n"));
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if done {
        out
    } else {
        format!("---\ntitle: \"{title}\"\n---\n\n{text}")
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}
