//! Lint: apply the rule packs to what the understand stage found.

pub mod diagnostic;

pub use diagnostic::{Diagnostic, FileReport, Level, Summary};

use std::path::Path;

use crate::config::Config;
use crate::error::Result;
use crate::load::Notice;

/// The loaded rule packs (placeholder until the packs land).
#[derive(Debug, Default)]
pub struct RuleSet {}

impl RuleSet {
    pub fn load(_root: &Path, _config: &Config) -> Result<RuleSet> {
        Ok(RuleSet {})
    }
}

/// Understand and lint one notice.
pub fn analyse(notice: &Notice, _rules: &RuleSet, _config: &Config) -> FileReport {
    FileReport {
        path: notice.source.display.clone(),
        elements: Default::default(),
        facts: Default::default(),
        diagnostics: Vec::new(),
    }
}
