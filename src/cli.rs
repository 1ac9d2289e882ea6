//! The command line. Exit codes: 0 clean, 1 error-level findings, 2 usage, config or I/O error.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;
use crate::date::Date;
use crate::error::Result;

/// `informed --version`: the version and, when built from a git checkout, the commit and its date
/// (set by build.rs).
pub(crate) const VERSION: &str = match option_env!("INFORMED_VERSION") {
    Some(v) => v,
    None => env!("CARGO_PKG_VERSION"),
};

#[derive(Parser, Debug)]
#[command(
    name = "informed",
    version = VERSION,
    about = "Privacy notices in Markdown → a static site, checked against UK GDPR Articles 13 and 14"
)]
pub(crate) struct Cli {
    /// The site's folder (where informed.toml lives).
    #[arg(short, long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
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
        /// Replace an output folder that informed did not write (its files are lost).
        #[arg(long)]
        force: bool,
        /// Neither use nor update the result cache (`.informed-cache/`).
        #[arg(long)]
        no_cache: bool,
    },
    /// Measure element detection against hand labels: precision and recall for absent elements.
    Eval {
        /// Folders of labelled notices; each holds its labels in `labels.json`.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Labels file for a single folder (JSON: file name → {element: true|false}).
        #[arg(long)]
        labels: Option<PathBuf>,
        /// Measure only one half of each set (split by a hash of the file name).
        #[arg(long, value_enum, default_value_t = crate::eval::Half::All)]
        half: crate::eval::Half,
        /// Print only the summary, not each set's table and mistakes.
        #[arg(long)]
        summary: bool,
        /// Measure only these elements (comma-separated ids), e.g. those a set's labels mean
        /// as ours do.
        #[arg(long, value_delimiter = ',')]
        elements: Vec<String>,
    },
    /// Lint notices (files or folders; default: the site's content folder). Writes nothing.
    Check {
        paths: Vec<PathBuf>,
        #[arg(short, long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// With `--format human`: list every element after each notice's findings, present,
        /// unclear or missing, with the text that showed it.
        #[arg(long)]
        evidence: bool,
        /// Neither use nor update the result cache (`.informed-cache/`).
        #[arg(long)]
        no_cache: bool,
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
        /// Where the site will be published: `github-pages` adds a workflow that checks,
        /// builds and deploys it to GitHub Pages; `none` adds none.
        #[arg(long, value_enum, default_value_t = crate::authoring::Publish::GithubPages)]
        publish: crate::authoring::Publish,
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

pub(crate) use crate::report::Format;

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
            // The error may quote a notice (a file name, a front-matter value): never let it
            // act as a CI workflow command or a terminal escape.
            eprintln!(
                "error: {}",
                crate::report::github::neutralise(&e.to_string())
            );
            2
        }
    }
}

pub(crate) fn run(cli: Cli) -> Result<i32> {
    // Settings the commands share, resolved once: the date that date rules judge against.
    let today = Date::today();
    match cli.command {
        Command::Build {
            out,
            strict,
            base_url,
            force,
            no_cache,
        } => {
            let options = commands::build::Options {
                strict,
                base_url,
                force,
                cache: !no_cache,
            };
            commands::build::run(&cli.root, out, options, today)
        }
        Command::Check {
            paths,
            format,
            evidence,
            no_cache,
        } => commands::check::run(&cli.root, &paths, format, evidence, !no_cache, today),
        Command::Eval {
            dirs,
            labels,
            half,
            summary,
            elements,
        } => {
            let select = crate::eval::Selection { half, elements };
            commands::eval::run(&cli.root, &dirs, labels.as_deref(), &select, summary, today)
        }
        Command::Serve(args) => crate::serve::run(&cli.root, args),
        Command::Explain { rule } => commands::explain::run(&cli.root, &rule),
        Command::Rules { markdown } => commands::rules::run(&cli.root, markdown),
        Command::Init {
            dir,
            force,
            publish,
        } => crate::authoring::init(dir.as_deref().unwrap_or(&cli.root), force, publish),
        Command::New { name, indirect } => crate::authoring::new_notice(&cli.root, &name, indirect),
        Command::Import { file, out } => crate::authoring::import(&cli.root, &file, out.as_deref()),
        Command::Completions { shell } => crate::completions::completions(shell),
        Command::Man { dir } => crate::completions::man(dir.as_deref()),
    }
}
