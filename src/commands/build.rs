//! `informed build`: lint, render and write the site.

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::error::Result;
use crate::lint::Summary;
use crate::report::github::neutralise;
use crate::site::Site;

/// `informed build`'s options.
pub(crate) struct Options {
    /// Refuse to write the site when error-level findings exist.
    pub strict: bool,
    /// Override `base_url` from informed.toml.
    pub base_url: Option<String>,
    /// Replace an output folder that informed did not write.
    pub force: bool,
    /// Use and keep the result cache (off with `--no-cache`).
    pub cache: bool,
}

/// Build the site at `root` into `out` (default: the configured output folder).
pub(crate) fn run(root: &Path, out: Option<PathBuf>, options: Options, today: Date) -> Result<i32> {
    let Options {
        strict,
        base_url,
        force,
        cache,
    } = options;
    let mut config = crate::config::Config::load(root)?;
    if let Some(url) = base_url {
        config.base_url = url;
    }
    let strict = strict || config.strict;
    let mut site = Site::with_config(root, config)?;
    site.today = today;
    site.cache = cache;
    let out = out.unwrap_or_else(|| site.output_dir());
    let started = std::time::Instant::now();
    let outcome = site.build_into(&out, strict, force)?;
    let s: Summary = outcome.summary;
    if !outcome.written {
        eprintln!("{}", s.line());
        eprintln!(
            "error: not writing {} because of {} error-level finding{} (strict mode); run `informed check` to see them",
            neutralise(&out.display().to_string()),
            s.errors,
            if s.errors == 1 { "" } else { "s" }
        );
        return Ok(1);
    }
    eprintln!(
        "built {} in {} ms → {}",
        s.line(),
        started.elapsed().as_millis(),
        neutralise(&out.display().to_string())
    );
    Ok(0)
}
