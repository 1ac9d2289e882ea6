//! `informed build`: lint, render and write the site.

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::error::Result;
use crate::lint::Summary;
use crate::report::github::neutralise;
use crate::site::Site;

/// Build the site at `root` into `out` (default: the configured output folder).
pub fn run(
    root: &Path,
    out: Option<PathBuf>,
    strict: bool,
    base_url: Option<String>,
    force: bool,
    today: Date,
) -> Result<i32> {
    let mut config = crate::config::Config::load(root)?;
    if let Some(url) = base_url {
        config.base_url = url;
    }
    let strict = strict || config.strict;
    let mut site = Site::with_config(root, config)?;
    site.today = today;
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
