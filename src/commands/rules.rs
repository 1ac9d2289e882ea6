//! `informed rules`: every rule with its code, slug, level and article.

use std::path::Path;

use crate::config::Config;
use crate::error::Result;
use crate::lint::RuleSet;
use crate::report::{print, rules_doc, sorted_rules};

/// `informed rules`: the table of rules, or docs/rules.md with `markdown`.
pub(crate) fn run(root: &Path, markdown: bool) -> Result<i32> {
    let config = Config::load(root)?;
    let rules = RuleSet::load(root, &config)?;
    let text = if markdown {
        rules_doc::markdown(&sorted_rules(rules.rules()))
    } else {
        rules_doc::table(&rules)
    };
    print(&text)?;
    Ok(0)
}
