//! `informed explain RULE`: a rule's long documentation.

use std::path::Path;

use crate::config::Config;
use crate::error::Result;
use crate::lint::RuleSet;
use crate::report::{find_rule, print, rules_doc};

/// `informed explain RULE` (code or slug, any case).
pub(crate) fn run(root: &Path, rule: &str) -> Result<i32> {
    let config = Config::load(root)?;
    let rules = RuleSet::load(root, &config)?;
    let found = find_rule(&rules, rule)?;
    print(&rules_doc::explain(&rules, found, &config.jurisdiction))?;
    Ok(0)
}
