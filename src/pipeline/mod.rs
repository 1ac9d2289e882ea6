//! The one pipeline every command runs a notice through:
//! load → understand → lint, then (for `build` and `serve`) render → write.
//!
//! `build`, `serve` ([`crate::site::Site`]), `check` ([`crate::report`]), `eval` and the fuzz
//! harness all call [`Pipeline::run`] (or [`Pipeline::judge`] for a notice loaded from memory),
//! so they accept and refuse exactly the same notices: a front-matter value that does not
//! validate, or a permalink that climbs out of the site, is an error (exit 2) everywhere.

use std::path::Path;

use crate::config::Config;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::lint::{self, FileReport, RuleSet};
use crate::load::Notice;
use crate::load::structured::{Declared, declared};
use crate::render::Target;
use crate::understand::{Understanding, understand};

/// What the pipeline needs, resolved once per run: the site's settings, its compiled rules and
/// the date that date rules judge against.
#[derive(Clone, Copy)]
pub struct Pipeline<'a> {
    pub(crate) config: &'a Config,
    pub(crate) rules: &'a RuleSet,
    pub(crate) today: Date,
}

/// One notice after load → understand → lint: the notice, its validated front matter, where
/// its page goes, what was understood and what the linter found.
#[derive(Debug)]
pub struct Judged {
    /// The notice as loaded.
    pub notice: Notice,
    /// Its front matter, validated and typed.
    pub declared: Declared,
    /// Where its page goes.
    pub target: Target,
    pub(crate) understanding: Understanding,
    /// The elements, facts and findings.
    pub report: FileReport,
}

impl<'a> Pipeline<'a> {
    /// A pipeline for one run: the site's settings, its rules and today's date.
    pub fn new(config: &'a Config, rules: &'a RuleSet, today: Date) -> Pipeline<'a> {
        Pipeline {
            config,
            rules,
            today,
        }
    }

    /// Load: read and parse the notice at `path` (`display` names it in messages, `rel_path`
    /// is its path inside the folder it was found in).
    pub(crate) fn load(&self, path: &Path, display: String, rel_path: String) -> Result<Notice> {
        Notice::load(path, display, rel_path, self.config.max_notice_bytes)
    }

    /// Load, then [`Pipeline::judge`].
    pub(crate) fn run(&self, path: &Path, display: String, rel_path: String) -> Result<Judged> {
        self.judge(self.load(path, display, rel_path)?)
    }

    /// Understand and lint a loaded notice. Its output target and its structured front matter
    /// are validated first: either one being wrong stops the run at the line of the key.
    pub fn judge(&self, notice: Notice) -> Result<Judged> {
        let declared = declared(&notice)?;
        let target = target_of(&notice, &declared)?;
        let understanding = understand(
            &notice,
            &declared,
            &self.rules.vocab,
            &self.config.jurisdiction,
        );
        let report =
            lint::analyse_understood(&notice, &understanding, &declared, self.rules, self.today);
        Ok(Judged {
            notice,
            declared,
            target,
            understanding,
            report,
        })
    }
}

/// The notice's output target from its declared permalink or its path; a bad permalink is an
/// error at the line of the `permalink` key.
pub fn target_of(notice: &Notice, declared: &Declared) -> Result<Target> {
    match &declared.page.permalink {
        Some(p) => crate::render::permalink::from_permalink(p).map_err(|msg| {
            Error::new(format!("bad permalink `{p}`: {msg}"))
                .in_file(&notice.source.display)
                .at(declared.page.lines.permalink.unwrap_or(1), 1)
        }),
        None => Ok(crate::render::permalink::from_path(&notice.rel_path)),
    }
}
