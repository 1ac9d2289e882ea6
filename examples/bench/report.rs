//! `bench run`: generate, measure in alternating rounds, print the table.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::{self, Sample};
use crate::stats::Stats;
use crate::{corpus, me, remove, set_aside};

#[derive(clap::Args)]
pub struct RunArgs {
    /// Corpus sizes, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    pub sizes: Vec<usize>,
    /// Measured rounds per size (after one warm-up round).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Rounds for sizes of 100,000 and more.
    #[arg(long, default_value_t = 3)]
    pub runs_large: usize,
    /// The informed binary to measure.
    #[arg(long, default_value = "target/dist/informed")]
    pub informed: PathBuf,
    /// Where corpora and outputs go (deleted afterwards unless --keep).
    #[arg(long, default_value = "/tmp/informed-bench")]
    pub work: PathBuf,
    /// Largest size Hugo is run at (its memory grows ~180 MiB per 1,000 notices).
    #[arg(long, default_value_t = 10_000)]
    pub hugo_max: usize,
    /// Skip Hugo even when installed.
    #[arg(long)]
    pub no_hugo: bool,
    /// How to measure `check`: `cli` (informed check), `lib` (the library), or `auto`.
    #[arg(long, default_value = "auto")]
    pub check: String,
    /// One-notice edits timed in serve, per size.
    #[arg(long, default_value_t = 25)]
    pub edits: usize,
    /// Also write the report to this file.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Corpora to measure, side by side: `generated` (our phrase banks) and `real` (cut from
    /// the notices in `--shared` at run time).
    #[arg(long, value_delimiter = ',', default_value = "generated,real")]
    pub corpora: Vec<String>,
    /// The folder holding `real-notices/` and `t200-dev/` (for the `real` corpus).
    #[arg(long, default_value = "../shared")]
    pub shared: PathBuf,
    /// Seed of the `real` corpus.
    #[arg(long, default_value_t = 15)]
    pub seed: u64,
    /// Keep the corpora and outputs.
    #[arg(long)]
    pub keep: bool,
    /// Keep each corpus under `--work` between runs and generate it only when it is missing
    /// or was made with other settings (its `.bench-corpus` stamp); the outputs are still
    /// deleted after each size. For 100,000 notices: generate once, measure many times.
    #[arg(long)]
    pub reuse: bool,
    /// Largest size the one-notice serve edit is measured at: `serve` holds every rendered
    /// page in memory (about 25 KB per notice).
    #[arg(long, default_value_t = 10_000)]
    pub serve_max: usize,
}

/// One measured step.
struct Step {
    name: &'static str,
    samples: Vec<Sample>,
}

impl Step {
    fn new(name: &'static str) -> Step {
        Step {
            name,
            samples: Vec::new(),
        }
    }
    fn time(&self) -> Stats {
        Stats::of(self.samples.iter().map(|s| s.seconds).collect())
    }
    fn cpu(&self) -> Stats {
        Stats::of(self.samples.iter().map(|s| s.cpu_seconds).collect())
    }
    fn rss_mib(&self) -> Stats {
        Stats::of(
            self.samples
                .iter()
                .map(|s| s.max_rss_kib as f64 / 1024.0)
                .collect(),
        )
    }
}

struct SizeResult {
    corpus: String,
    n: usize,
    corpus_mb: f64,
    steps: Vec<Step>,
    serve: Option<String>,
}

pub fn run(args: &RunArgs) -> Result<(), String> {
    let informed = std::fs::canonicalize(&args.informed).map_err(|e| {
        format!(
            "{}: {e} (run `cargo build --profile dist` first)",
            args.informed.display()
        )
    })?;
    let hugo = (!args.no_hugo).then(hugo_version).flatten();
    let mut out = header(&informed, hugo.as_deref());
    eprint!("{out}");
    let pool = if args.corpora.iter().any(|c| c == "real") {
        Some(crate::real::Pool::load(&args.shared)?)
    } else {
        None
    };
    let mut results = Vec::new();
    for &n in &args.sizes {
        for corpus in &args.corpora {
            let generate = |root: &Path| -> Result<u64, String> {
                match (corpus.as_str(), &pool) {
                    ("generated", _) => corpus::write_site(root, n).map_err(|e| e.to_string()),
                    ("real", Some(pool)) => {
                        crate::real::write_site(root, n, pool, args.seed).map_err(|e| e.to_string())
                    }
                    (other, _) => Err(format!("unknown corpus `{other}` (generated, real)")),
                }
            };
            let hugo = hugo.is_some() && n <= args.hugo_max;
            let r = measure_size(args, &informed, hugo, corpus, n, &generate)?;
            let table = table(&r);
            eprint!("{table}");
            out.push_str(&table);
            results.push(r);
        }
    }
    // Outputs set aside during the run go now, after the last measurement.
    remove(&crate::trash_of(&args.work));
    let summary = summary(&results);
    out.push_str(&summary);
    let _ = writeln!(out, "\nLoad average after the run: {}", load_average());
    print!("{out}");
    if let Some(path) = &args.report {
        std::fs::write(path, &out).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn measure_size(
    args: &RunArgs,
    informed: &Path,
    hugo: bool,
    corpus: &str,
    n: usize,
    generate: &dyn Fn(&Path) -> Result<u64, String>,
) -> Result<SizeResult, String> {
    let root = args.work.join(format!("{corpus}-n{n}"));
    eprintln!(
        "\n## generating {n} notices ({corpus}) in {}",
        root.display()
    );
    let trash = crate::trash_of(&args.work);
    let stamp_path = root.join(".bench-corpus");
    let stamp = format!("corpus {corpus}\nnotices {n}\nseed {}\n", args.seed);
    let reused =
        args.reuse && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s.starts_with(&stamp));
    let bytes = if reused {
        let bytes = std::fs::read_to_string(&stamp_path)
            .ok()
            .and_then(|s| {
                s.strip_prefix(&stamp)?
                    .trim()
                    .strip_prefix("bytes ")?
                    .parse()
                    .ok()
            })
            .unwrap_or(0);
        eprintln!("(reusing the corpus already there)");
        bytes
    } else {
        set_aside(&root, &trash);
        let bytes = generate(&root)?;
        // Written last: a corpus cut short by an interrupted run has no stamp.
        std::fs::write(&stamp_path, format!("{stamp}bytes {bytes}\n"))
            .map_err(|e| format!("{}: {e}", stamp_path.display()))?;
        bytes
    };
    let site_out = root.join("site");
    let floor_out = root.join("floor-out");
    let hugo_out = root.join("public");
    let check_cli = match args.check.as_str() {
        "cli" => true,
        "lib" => false,
        _ => cli_check_works(informed, &root),
    };
    let informed_cmd = |sub: &[&str]| {
        let mut c = Command::new(informed);
        c.arg("--root").arg(&root).args(sub);
        c.env("INFORMED_TODAY", "2025-06-01");
        c
    };
    let build = || {
        let mut c = informed_cmd(&["build", "--out"]);
        c.arg(&site_out);
        c
    };
    // Cold: `--no-cache` (every notice linted, and for `build` rendered); warm: the result
    // cache in `<root>/.informed-cache` holds every notice (see docs/benchmarks.md).
    let cache = root.join(".informed-cache");
    let check = |warm: bool| {
        if check_cli {
            informed_cmd(if warm {
                &["check"]
            } else {
                &["check", "--no-cache"]
            })
        } else {
            let mut c = me();
            c.arg("check-lib")
                .arg(&root)
                .env("INFORMED_TODAY", "2025-06-01");
            c
        }
    };
    let floor = || {
        let mut c = me();
        c.arg("floor").arg(&root).arg(&floor_out);
        c
    };
    let hugo_cmd = || {
        let mut c = Command::new("hugo");
        c.arg("--quiet")
            .arg("--source")
            .arg(&root)
            .arg("--destination")
            .arg(&hugo_out);
        c
    };
    let mut steps = vec![
        Step::new("informed build (clean, no cache)"),
        Step::new("informed build (no-op, warm cache)"),
        Step::new(if check_cli {
            "informed check (cold, --no-cache)"
        } else {
            "informed check (library)"
        }),
        Step::new("informed check (warm cache)"),
        Step::new("raw floor (read + render + write, 2 threads)"),
    ];
    if hugo {
        steps.push(Step::new("Hugo build (clean)"));
    }
    let rounds = if n >= 100_000 {
        args.runs_large
    } else {
        args.runs
    };
    // Round 0 warms the page cache and is not counted.
    for round in 0..=rounds {
        eprintln!("round {round}/{rounds} (n = {n}), load {}", load_average());
        let groups = if hugo { 5 } else { 4 };
        for k in 0..groups {
            let g = (k + round) % groups;
            let mut measured: Vec<(usize, Sample)> = Vec::new();
            match g {
                0 => {
                    set_aside(&site_out, &trash);
                    set_aside(&cache, &trash);
                    measured.push((0, measure::run(&mut build())?));
                    measured.push((1, measure::run(&mut build())?));
                }
                1 => measured.push((2, measure::run(&mut check(false))?)),
                2 if check_cli => {
                    // The first run fills the cache, the second is measured.
                    set_aside(&cache, &trash);
                    measure::run(&mut check(true))?;
                    measured.push((3, measure::run(&mut check(true))?));
                }
                2 => {}
                3 => {
                    set_aside(&floor_out, &trash);
                    measured.push((4, measure::run(&mut floor())?));
                }
                _ => {
                    set_aside(&hugo_out, &trash);
                    set_aside(&root.join("resources"), &trash);
                    measured.push((5, measure::run(&mut hugo_cmd())?));
                }
            }
            if round > 0 {
                for (i, s) in measured {
                    steps[i].samples.push(s);
                }
            }
        }
    }
    steps.retain(|s| !s.samples.is_empty());
    let serve = if n <= args.serve_max {
        serve_edit(args, &root, n)
    } else {
        eprintln!("serve: skipped above --serve-max {}", args.serve_max);
        None
    };
    match (args.keep, args.reuse) {
        (true, _) => {}
        (false, true) => {
            for out in [
                &site_out,
                &floor_out,
                &hugo_out,
                &cache,
                &root.join("resources"),
            ] {
                set_aside(out, &trash);
            }
        }
        (false, false) => set_aside(&root, &trash),
    }
    Ok(SizeResult {
        corpus: corpus.to_string(),
        n,
        corpus_mb: bytes as f64 / 1e6,
        steps,
        serve,
    })
}

/// The one-notice edit in `serve` (`bench serve-edit`), or `None` when it fails.
fn serve_edit(args: &RunArgs, root: &Path, n: usize) -> Option<String> {
    eprintln!("serve: {} one-notice edits", args.edits);
    let mut serve = me();
    serve
        .arg("serve-edit")
        .arg(root)
        .arg("--n")
        .arg(n.to_string())
        .arg("--edits")
        .arg(args.edits.to_string())
        .env("INFORMED_TODAY", "2025-06-01");
    serve
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// Has `informed check` landed (it prints a summary), or is it still a stub?
fn cli_check_works(informed: &Path, root: &Path) -> bool {
    Command::new(informed)
        .arg("--root")
        .arg(root)
        .args(["check", "--format", "json"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("\"summary\""))
}

fn hugo_version() -> Option<String> {
    let o = Command::new("hugo").arg("version").output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn header(informed: &Path, hugo: Option<&str>) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    let threads = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rev = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let mut s = String::new();
    let _ = writeln!(s, "# informed benchmark\n");
    let _ = writeln!(s, "- machine: {cpu}, {threads} threads available");
    let _ = writeln!(s, "- informed: {} (commit {rev})", informed.display());
    let _ = writeln!(s, "- Hugo: {}", hugo.unwrap_or("not run"));
    let _ = writeln!(s, "- load average before the run: {}", load_average());
    s
}

fn fmt_s(x: f64) -> String {
    if x < 0.1 {
        format!("{:.1} ms", x * 1000.0)
    } else {
        format!("{x:.2} s")
    }
}

fn table(r: &SizeResult) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n### {} notices, {} corpus ({:.0} MB of Markdown)\n",
        r.n, r.corpus, r.corpus_mb
    );
    let _ = writeln!(
        s,
        "| step | median | min – max | runs | CPU (user + sys, median) | CPU per notice | peak RSS (median) |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for step in &r.steps {
        let t = step.time();
        let _ = writeln!(
            s,
            "| {} | {} | {} – {} | {} | {} | {:.3} ms | {:.0} MiB |",
            step.name,
            fmt_s(t.median()),
            fmt_s(t.min()),
            fmt_s(t.max()),
            t.values.len(),
            fmt_s(step.cpu().median()),
            step.cpu().median() * 1000.0 / r.n.max(1) as f64,
            step.rss_mib().median()
        );
    }
    match &r.serve {
        Some(json) => {
            let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
            let _ = writeln!(
                s,
                "| serve: one-notice edit (rebuild work) | {} | {} – {} | {} | – | – | – |",
                fmt_s(f("median_s")),
                fmt_s(f("min_s")),
                fmt_s(f("max_s")),
                v["edits"]
            );
            let _ = writeln!(
                s,
                "| serve: initial in-memory build | {} | – | 1 | – | – | – |",
                fmt_s(f("initial_s"))
            );
        }
        None => {
            let _ = writeln!(
                s,
                "| serve: one-notice edit | not measured (failed, or above --serve-max) | | | | | |"
            );
        }
    }
    let get = |prefix: &str| {
        r.steps
            .iter()
            .find(|st| st.name.starts_with(prefix))
            .map(|st| st.time().median())
    };
    if let (Some(b), Some(f)) = (get("informed build (clean"), get("raw floor")) {
        let _ = write!(s, "\nclean build: {:.2}× the raw floor", b / f);
        if let Some(h) = get("Hugo") {
            let _ = write!(s, "; Hugo takes {:.1}× as long as informed", h / b);
        }
        s.push('\n');
    }
    s
}

fn summary(results: &[SizeResult]) -> String {
    let median = |corpus: &str, n: usize, step: &str| {
        results
            .iter()
            .find(|r| r.n == n && r.corpus == corpus)
            .and_then(|r| r.steps.iter().find(|s| s.name.starts_with(step)))
            .map(|s| s.time().median())
    };
    let mut s = String::new();
    let corpora: std::collections::BTreeSet<&str> =
        results.iter().map(|r| r.corpus.as_str()).collect();
    for corpus in corpora {
        for step in ["informed build (clean", "informed check (cold"] {
            if let (Some(a), Some(b)) =
                (median(corpus, 10_000, step), median(corpus, 100_000, step))
            {
                let _ = writeln!(
                    s,
                    "\nscaling ({corpus} corpus): `{step}…)` of 100,000 notices takes {:.1}× the 10,000 time",
                    b / a
                );
            }
        }
    }
    s
}
