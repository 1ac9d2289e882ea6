//! `informed check [PATH…]`: lint notices, write the report in the chosen format.

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::report::{Format, github, human, spool, stream};

/// `informed check`: lint, print in `format`, and return 1 when error-level findings exist.
/// The report is complete before it is printed: a notice that cannot be read prints its error
/// and nothing on stdout (see [`spool`]).
pub(crate) fn run(
    root: &Path,
    paths: &[PathBuf],
    format: Format,
    evidence: bool,
    cache: bool,
    today: Date,
) -> Result<i32> {
    let options = stream::Options {
        today,
        colour: format == Format::Human && human::use_colour(),
        step_summary: format == Format::Github && github::step_summary_path().is_some(),
        chunk: stream::CHUNK,
        evidence,
        cache,
    };
    let mut report = spool::Spool::new(spool::MEMORY_LIMIT);
    let outcome = stream::check(root, paths, format, &options, &mut report)?;
    if let (Some(path), Some(text)) = (github::step_summary_path(), &outcome.step_summary) {
        github::write_step_summary(&path, text);
    }
    if format != Format::Human {
        // Machine formats keep stdout for the tool; the CI log still gets one line to read.
        eprintln!("{}", outcome.summary.line());
    }
    let mut out = std::io::stdout().lock();
    match report.finish(&mut out) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(Error::new(format!("cannot write the report: {e}")));
        }
        _ => {}
    }
    Ok(i32::from(outcome.summary.errors > 0))
}
