//! `informed eval DIR…`: measure detection against hand labels, one table per labelled set and
//! a summary line for each.

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::eval::{Selection, evaluate_on, report, summary};
use crate::report::github::neutralise;

/// Evaluate each folder against its `labels.json` (or `labels`, for a single folder).
pub(crate) fn run(
    root: &Path,
    dirs: &[PathBuf],
    labels: Option<&Path>,
    select: &Selection,
    summary_only: bool,
    today: Date,
) -> Result<i32> {
    if labels.is_some() && dirs.len() > 1 {
        return Err(Error::new(
            "--labels names the labels of one folder; give one folder, or put each folder's \
             labels in its labels.json",
        ));
    }
    let mut sets = Vec::new();
    for dir in dirs {
        let file = labels.map_or_else(|| dir.join("labels.json"), Path::to_path_buf);
        let ev = evaluate_on(root, &file, dir, select, today)?;
        if !summary_only {
            let text = format!("== {}\n{}", dir.display(), report(&ev));
            println!("{}", neutralise(&text));
        }
        sets.push((dir.display().to_string(), ev));
    }
    print!("{}", neutralise(&summary(&sets)));
    Ok(0)
}
