//! `informed eval --labels FILE DIR`: measure detection against hand labels.

use std::path::Path;

use crate::date::Date;
use crate::error::Result;

/// Evaluate the notices in `dir` against `labels` and print the table.
pub fn run(root: &Path, labels: &Path, dir: &Path, today: Date) -> Result<i32> {
    let ev = crate::eval::evaluate_on(root, labels, dir, today)?;
    print!("{}", crate::eval::report(&ev));
    Ok(0)
}
