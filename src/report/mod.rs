//! Report: findings formatted for people (human) and for tools (json, sarif, github).

pub mod json;

use std::path::{Path, PathBuf};

use crate::cli::Format;
use crate::error::Result;

/// `informed check`: placeholder that prints JSON until the linter lands.
pub fn check_command(_root: &Path, _paths: &[PathBuf], _format: Format) -> Result<i32> {
    Ok(0)
}

/// `informed explain RULE`.
pub fn explain_command(_root: &Path, _rule: &str) -> Result<i32> {
    Err(crate::cli::not_yet("explain"))
}

/// `informed rules`.
pub fn rules_command(_root: &Path) -> Result<i32> {
    Err(crate::cli::not_yet("rules"))
}
