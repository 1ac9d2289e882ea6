//! The command line. Exit codes: 0 clean, 1 error-level findings, 2 usage, config or I/O error.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::{Error, Result};
use crate::lint::Summary;
use crate::site::Site;

#[derive(Parser, Debug)]
#[command(name = "informed", version, about = "Privacy notices in Markdown → a static site, checked against UK GDPR Articles 13 and 14")]
pub struct Cli {
    /// The site's folder (where informed.toml lives).
    #[arg(short, long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint, render and write the site to `site/`.
    Build {
        /// Output folder (default: `output_dir` in informed.toml, else `site`).
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Refuse to write the site when error-level findings exist.
        #[arg(long)]
        strict: bool,
        /// Override `base_url` from informed.toml.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Lint notices (files or folders; default: the site's content folder). Writes nothing.
    Check {
        paths: Vec<PathBuf>,
        #[arg(short, long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Build { out, strict, base_url } => build(&cli.root, out, strict, base_url),
        Command::Check { paths, format } => crate::report::check_command(&cli.root, &paths, format),
    }
}

fn build(root: &Path, out: Option<PathBuf>, strict: bool, base_url: Option<String>) -> Result<i32> {
    let mut config = crate::config::Config::load(root)?;
    if let Some(url) = base_url {
        config.base_url = url;
    }
    let strict = strict || config.strict;
    let site = Site::with_config(root, config)?;
    let out = out.unwrap_or_else(|| site.output_dir());
    let started = std::time::Instant::now();
    let outcome = site.build(&out, strict)?;
    let s: Summary = outcome.summary;
    if !outcome.written {
        eprintln!("{}", s.line());
        eprintln!(
            "error: not writing {} because of {} error-level finding{} (strict mode); run `informed check` to see them",
            out.display(),
            s.errors,
            if s.errors == 1 { "" } else { "s" }
        );
        return Ok(1);
    }
    eprintln!(
        "built {} in {} ms → {}",
        s.line(),
        started.elapsed().as_millis(),
        out.display()
    );
    Ok(0)
}

/// Shorthand used by commands that have not landed yet.
pub fn not_yet(what: &str) -> Error {
    Error::new(format!("`{what}` is not available in this build"))
}
