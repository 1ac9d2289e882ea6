//! The command line. Exit codes: 0 clean, 1 error-level findings, 2 usage, config or I/O error.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::{Error, Result};
use crate::lint::Summary;
use crate::site::Site;

/// `informed --version`: the version and, when built from a git checkout, the commit and its date
/// (set by build.rs).
pub const VERSION: &str = match option_env!("INFORMED_VERSION") {
    Some(v) => v,
    None => env!("CARGO_PKG_VERSION"),
};

#[derive(Parser, Debug)]
#[command(
    name = "informed",
    version = VERSION,
    about = "Privacy notices in Markdown → a static site, checked against UK GDPR Articles 13 and 14"
)]
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
    /// Measure element detection against hand labels: precision and recall for absent elements.
    Eval {
        /// Labels file (JSON: file name → {element: true|false}).
        #[arg(long)]
        labels: PathBuf,
        /// Folder holding the labelled notices.
        dir: PathBuf,
    },
    /// Lint notices (files or folders; default: the site's content folder). Writes nothing.
    Check {
        paths: Vec<PathBuf>,
        #[arg(short, long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Preview the site with live reload and findings in the browser.
    Serve(crate::serve::ServeArgs),
    /// Explain a rule: what the law requires, an example, how to fix it.
    Explain {
        /// Rule code (INF101) or slug.
        rule: String,
    },
    /// List every rule with its code, slug and level.
    Rules {
        /// Print the rules as Markdown (docs/rules.md is generated this way).
        #[arg(long)]
        markdown: bool,
    },
    /// Create a new site in DIR (default: the current folder).
    Init {
        dir: Option<PathBuf>,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// Create a new notice with every required section.
    New {
        name: String,
        /// Data obtained from someone other than the person (Article 14).
        #[arg(long)]
        indirect: bool,
    },
    /// Turn a plain-text or HTML notice into Markdown with front matter.
    Import {
        file: PathBuf,
        /// Where to write the Markdown (default: content/<slug>.md; `-` for standard output).
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Print a shell completion script: `informed completions bash > /etc/bash_completion.d/informed`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (`informed man > informed.1`), or write one per command into --dir.
    Man {
        /// Write informed.1 and informed-<command>.1 into this folder.
        #[arg(long)]
        dir: Option<PathBuf>,
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
        Command::Build {
            out,
            strict,
            base_url,
        } => build(&cli.root, out, strict, base_url),
        Command::Check { paths, format } => crate::report::check_command(&cli.root, &paths, format),
        Command::Eval { labels, dir } => {
            let ev = crate::eval::evaluate(&cli.root, &labels, &dir)?;
            print!("{}", crate::eval::report(&ev));
            Ok(0)
        }
        Command::Serve(args) => crate::serve::run(&cli.root, args),
        Command::Explain { rule } => crate::report::explain_command(&cli.root, &rule),
        Command::Rules { markdown } => crate::report::rules_command(&cli.root, markdown),
        Command::Init { dir, force } => {
            crate::authoring::init(dir.as_deref().unwrap_or(&cli.root), force)
        }
        Command::New { name, indirect } => crate::authoring::new_notice(&cli.root, &name, indirect),
        Command::Import { file, out } => crate::authoring::import(&cli.root, &file, out.as_deref()),
        Command::Completions { shell } => crate::completions::completions(shell),
        Command::Man { dir } => crate::completions::man(dir.as_deref()),
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
