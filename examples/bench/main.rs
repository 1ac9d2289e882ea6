//! The informed benchmark (see docs/benchmarks.md).
//!
//! ```sh
//! bench/run.sh                                   # everything, at 1,000 / 10,000 / 100,000 notices
//! cargo run --release --example bench -- gen --n 1000 --out /tmp/corpus
//! cargo run --profile dist --example bench -- run --sizes 1000 --runs 5
//! ```
//!
//! `run` generates a corpus per size under `--work`, then measures, alternating tools within
//! each round so machine drift cancels: informed clean `build`, no-op rebuild, `check`, the
//! raw floor and Hugo (when installed); then a one-notice edit in `serve`. It prints a Markdown
//! table of medians, spread and peak memory.

mod corpus;
mod floor;
mod inproc;
mod measure;
mod real;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "informed benchmark: corpus generator, floor, and the timed comparison")]
struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write an N-notice corpus (an informed site and a Hugo site over the same content/).
    Gen {
        #[arg(long)]
        n: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write an N-notice corpus cut from real notices (`<shared>/real-notices`, `<shared>/t200-dev`).
    GenReal {
        #[arg(long)]
        n: usize,
        #[arg(long)]
        out: PathBuf,
        /// The folder holding `real-notices/` and `t200-dev/`.
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        #[arg(long, default_value_t = 15)]
        seed: u64,
    },
    /// The raw floor: read + pulldown-cmark render + write, on `--threads` threads.
    Floor {
        root: PathBuf,
        out: PathBuf,
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
    /// `check` through the library (load + understand + lint every notice, nothing written).
    CheckLib { root: PathBuf },
    /// Time one-notice edits in serve's in-memory site (prints one JSON line).
    ServeEdit {
        root: PathBuf,
        #[arg(long)]
        n: usize,
        #[arg(long, default_value_t = 25)]
        edits: usize,
    },
    /// The whole comparison.
    Run(report::RunArgs),
    /// Run a command and print its CPU time and peak memory (see `measure`): the measured
    /// step's parent, small so the step's peak memory is its own.
    #[command(hide = true)]
    Launch {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        command: Vec<std::ffi::OsString>,
    },
}

fn main() {
    let args = Args::parse();
    let result = match args.command {
        Cmd::Gen { n, out } => corpus::write_site(&out, n)
            .map(|bytes| {
                eprintln!(
                    "wrote {n} notices ({:.1} MB, mean {:.1} KB) to {}",
                    bytes as f64 / 1e6,
                    bytes as f64 / n.max(1) as f64 / 1e3,
                    out.display()
                )
            })
            .map_err(|e| e.to_string()),
        Cmd::GenReal {
            n,
            out,
            shared,
            seed,
        } => real::Pool::load(&shared).and_then(|pool| {
            real::write_site(&out, n, &pool, seed)
                .map(|bytes| {
                    eprintln!(
                        "wrote {n} notices from real sentences ({:.1} MB, mean {:.1} KB) to {}",
                        bytes as f64 / 1e6,
                        bytes as f64 / n.max(1) as f64 / 1e3,
                        out.display()
                    )
                })
                .map_err(|e| e.to_string())
        }),
        Cmd::Floor {
            root,
            out,
            threads,
        } => floor::run(&root, &out, threads)
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Cmd::CheckLib { root } => inproc::check(&root).map(|s| eprintln!("{}", s.line())),
        Cmd::ServeEdit { root, n, edits } => {
            inproc::serve_edits(&root, edits, n).map(|(initial, s)| {
                println!(
                    "{{\"initial_s\": {initial}, \"median_s\": {}, \"min_s\": {}, \"max_s\": {}, \"edits\": {}}}",
                    s.median(),
                    s.min(),
                    s.max(),
                    s.values.len()
                )
            })
        }
        Cmd::Run(run) => report::run(&run),
        Cmd::Launch { command } => measure::launch(&command),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

/// This program, to run its own sub-commands as separate processes.
pub fn me() -> Command {
    Command::new(std::env::current_exe().expect("current exe"))
}

pub fn remove(path: &Path) {
    if path.exists() {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// The folder where [`set_aside`] moves outputs; emptied when the whole run has ended.
pub fn trash_of(work: &Path) -> PathBuf {
    work.join(".bench-trash")
}

/// Move a step's previous output out of the way before a measured run, instead of deleting it
/// there and then. A deletion just before a run makes the run pay for it on an ext4 file system
/// without a journal (the VMs this project is measured on): creating an inode there skips every
/// inode deleted in the last few minutes, which tripled a clean build's time (kernel time in
/// `recently_deleted`). A user's clean build (a fresh checkout) follows no such deletion.
pub fn set_aside(path: &Path, trash: &Path) {
    if path.exists() {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let _ = std::fs::create_dir_all(trash);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let to = trash.join(format!("{}-{n}", std::process::id()));
        if std::fs::rename(path, &to).is_err() {
            remove(path);
        }
    }
}
