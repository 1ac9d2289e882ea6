//! Edit-to-served latency of `informed serve`: save a notice (temp file + rename, as editors
//! do), then poll its page over HTTP until the new text is served. Reports median and p95.
//!
//! ```sh
//! cargo run --release --example serve_latency                 # example site and 10,000 notices
//! cargo run --release --example serve_latency -- --runs 100 --notices 2000
//! ```
//!
//! Everything happens in temp folders: the example site is copied, the large site generated
//! (realistic 4–9 KB notices). Nothing in the repository is written.

#[path = "../tests/it/support/serve.rs"]
mod serve_support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use informed::serve::{ServeOptions, Server};
use informed::site::{MemorySink, Site};

fn main() {
    let mut runs = 50usize;
    let mut notices = 10_000usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--notices" => {
                notices = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--notices N")
            }
            other => panic!("unknown argument {other}; use --runs N, --notices N"),
        }
    }

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = tempfile::tempdir().expect("temp dir");
    for item in ["informed.toml", "content", "themes", "lints"] {
        copy(&repo.join(item), &example.path().join(item));
    }
    measure("example site (repo root)", example.path(), runs);

    let large = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    generate(large.path(), notices);
    eprintln!(
        "generated {notices} notices in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    measure(
        &format!("generated site, {notices} notices"),
        large.path(),
        runs,
    );
}

fn measure(label: &str, root: &Path, runs: usize) {
    let site = Site::open(root).expect("site opens");
    let files = informed::load::discover(&site.content_dir(), informed::site::SITE_EXTENSIONS)
        .expect("notices");
    // Edit a few notices in turn, spread over the site.
    let picks: Vec<PathBuf> = (0..4)
        .map(|i| files[i * (files.len() - 1) / 3].clone())
        .collect();
    let urls: Vec<String> = picks
        .iter()
        .map(|p| {
            site.process(p, &MemorySink::default())
                .expect("notice builds")
                .target
                .url
        })
        .collect();
    let originals: Vec<String> = picks
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();

    let started = Instant::now();
    let server = Server::start(
        root,
        ServeOptions {
            port: Some(0),
            quiet: true,
            ..ServeOptions::default()
        },
    )
    .expect("server starts");
    let startup = started.elapsed();
    let addr = server.addr();
    let base = server.state().base_path();

    let mut samples = Vec::with_capacity(runs);
    let warmup = 3;
    for run in 0..runs + warmup {
        let i = run % picks.len();
        let marker = format!("Edit number {run} of this notice.");
        let text = format!("{}\n\n{marker}\n", originals[i].trim_end());
        let elapsed = edit_and_wait(
            addr,
            &picks[i],
            &text,
            &format!("{base}{}", urls[i]),
            &marker,
        );
        if run >= warmup {
            samples.push(elapsed);
        }
        // Let the watcher settle so each sample is one save, not a burst.
        std::thread::sleep(Duration::from_millis(60));
    }
    println!(
        "{label}: {} notices, startup build {:.0} ms",
        files.len(),
        startup.as_secs_f64() * 1000.0
    );
    report("  body edit, notice page shows it", &mut samples);

    // A title edit changes the listing too: the index is re-rendered on its next request.
    let mut samples = Vec::with_capacity(runs / 2);
    for run in 0..runs / 2 {
        let i = run % picks.len();
        let marker = format!("Retitled notice {run}");
        let text = retitle(&originals[i], &marker);
        samples.push(edit_and_wait(addr, &picks[i], &text, &base, &marker));
        std::thread::sleep(Duration::from_millis(60));
    }
    report("  title edit, index shows it", &mut samples);
    if let Some(kb) = peak_rss_kb() {
        println!("  peak memory of this process so far: {} MB", kb / 1024);
    }
    for (p, text) in picks.iter().zip(&originals) {
        std::fs::write(p, text).unwrap();
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

/// Save `text` into `path` the way editors do (temp file, rename), then poll `url` until its body
/// contains `marker`. Gives up after 10 s.
fn edit_and_wait(addr: SocketAddr, path: &Path, text: &str, url: &str, marker: &str) -> Duration {
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    let started = Instant::now();
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
    let end = started + Duration::from_secs(10);
    loop {
        if serve_support::get(addr, url).body.contains(marker) {
            return started.elapsed();
        }
        assert!(
            Instant::now() < end,
            "{url} did not show the edit within 10 s"
        );
        std::thread::sleep(Duration::from_micros(500));
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let dest = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
    } else if from.is_file() {
        std::fs::copy(from, to).unwrap();
    }
}

/// A site of `n` notices for fictional organisations, 4–9 KB each, with the sections real notices
/// have (some left out, so the linter has findings to report).
fn generate(root: &Path, n: usize) {
    std::fs::write(
        root.join("informed.toml"),
        "title = \"Generated notices\"\nbase_url = \"/\"\n",
    )
    .unwrap();
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % m as u64) as usize
    };
    const ORGS: &[&str] = &[
        "Council",
        "Trust",
        "Agency",
        "Board",
        "Service",
        "Network",
        "Foundation",
        "Office",
    ];
    const PLACES: &[&str] = &[
        "Northbridge",
        "Eastmoor",
        "Kingsford",
        "Lowhaven",
        "Ashdale",
        "Redcliff",
        "Westmere",
        "Oakvale",
    ];
    const SCHEMES: &[&str] = &[
        "library cards",
        "school transport",
        "parking permits",
        "grant applications",
        "volunteer rotas",
        "housing repairs",
        "event bookings",
        "training courses",
    ];
    const DATA: &[&str] = &[
        "name",
        "postal address",
        "email address",
        "telephone number",
        "date of birth",
        "National Insurance number",
        "bank details",
        "photographs",
        "case notes",
        "feedback you give us",
    ];
    const FILLER: &[&str] = &[
        "We only use the information we need for this purpose and we check it is accurate.",
        "Staff who handle your information are trained in data protection and confidentiality.",
        "Paper records are kept in locked cabinets and electronic records on secure systems.",
        "If the way we use your information changes, we will update this notice and tell you.",
        "We do not sell your information and we do not use it for marketing without your agreement.",
        "Where we can, we remove details that identify you before we use information for statistics.",
    ];
    for i in 0..n {
        let place = PLACES[next(PLACES.len())];
        let org = format!("{place} {}", ORGS[next(ORGS.len())]);
        let scheme = SCHEMES[next(SCHEMES.len())];
        let target = 4_000 + next(5_000);
        let mut s = format!(
            "---\ntitle: {org} privacy notice for {scheme} ({i})\nlast_updated: 2025-{:02}-{:02}\n---\n\n",
            1 + next(12),
            1 + next(28)
        );
        s.push_str(&format!(
            "This notice explains how {org} uses personal information when you use our {scheme} service.\n\n## Who we are\n\n{org} is the controller for your personal data. You can write to our data protection officer at {} Market Street, {place}, or email dpo@{}.example.\n\n",
            1 + next(200),
            place.to_lowercase()
        ));
        s.push_str("## What information we collect\n\nWe collect:\n\n");
        for d in DATA.iter().filter(|_| next(3) > 0) {
            s.push_str(&format!("* your {d}\n"));
        }
        s.push_str(&format!(
            "\n## Why we use it\n\nWe use your information to run {scheme}, to contact you about your application and to improve the service.\n\n## Our lawful basis\n\nWe rely on performing a task in the public interest (UK GDPR Article 6(1)(e)).\n\n"
        ));
        if next(4) > 0 {
            s.push_str("## Who we share it with\n\nWe share information with contractors who run parts of the service for us, under written contracts, and with other public bodies when the law requires it.\n\n");
        }
        if next(3) > 0 {
            s.push_str(&format!("## How long we keep it\n\nWe keep your information for {} years after your last contact with us, then delete it securely.\n\n", 1 + next(7)));
        }
        s.push_str("## Your rights\n\nYou have the right to ask for a copy of your information, to have it corrected, to have it erased in some cases, to restrict how we use it and to object to how we use it.\n\n");
        if next(4) > 0 {
            s.push_str("## Complaints\n\nIf you are unhappy with how we have used your information you can complain to the Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow SK9 5AF, or at ico.org.uk.\n\n");
        }
        s.push_str("## More about how we look after your information\n\n");
        while s.len() < target {
            s.push_str(FILLER[next(FILLER.len())]);
            s.push(' ');
            if next(4) == 0 {
                s.push_str("\n\n");
            }
        }
        s.push('\n');
        std::fs::write(content.join(format!("notice-{i:05}.md")), s).unwrap();
    }
}

/// Peak resident memory (Linux only).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
