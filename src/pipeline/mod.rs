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
use crate::history::History;
use crate::lint::{self, FileReport, RuleSet};
use crate::load::Notice;
use crate::load::structured::{Declared, declared};
use crate::render::Target;
use crate::understand::{Understanding, understand};

/// What the pipeline needs, resolved once per run: the site's settings, its compiled rules and
/// the date that date rules judge against.
#[derive(Clone, Copy)]
pub struct Pipeline<'a> {
    pub config: &'a Config,
    pub rules: &'a RuleSet,
    pub today: Date,
    /// The site's history from git, for the `date-behind-history` lint (`None` outside git,
    /// with `history = false`, and for commands that judge notices outside a site).
    pub history: Option<&'a History>,
}

/// One notice after load → understand → lint: the notice, its validated front matter, where
/// its page goes, what was understood and what the linter found.
#[derive(Debug)]
pub struct Judged {
    pub notice: Notice,
    pub declared: Declared,
    pub target: Target,
    pub understanding: Understanding,
    pub report: FileReport,
}

impl<'a> Pipeline<'a> {
    pub fn new(config: &'a Config, rules: &'a RuleSet, today: Date) -> Pipeline<'a> {
        Pipeline {
            config,
            rules,
            today,
            history: None,
        }
    }

    /// This pipeline, judging the dates of notices against `history` too.
    pub fn with_history(self, history: Option<&'a History>) -> Pipeline<'a> {
        Pipeline { history, ..self }
    }

    /// Load: read and parse the notice at `path` (`display` names it in messages, `rel_path`
    /// is its path inside the folder it was found in).
    pub fn load(&self, path: &Path, display: String, rel_path: String) -> Result<Notice> {
        Notice::load(path, display, rel_path, self.config.max_notice_bytes)
    }

    /// Load, then [`Pipeline::judge`]. The notice's history is found by its path, wherever in
    /// the content folder it was named from (`check` takes files and folders).
    pub fn run(&self, path: &Path, display: String, rel_path: String) -> Result<Judged> {
        let key = self.history.and_then(|h| h.key_of(path));
        self.judge_with(self.load(path, display, rel_path)?, key.as_deref())
    }

    /// What `path`'s findings take from git, for result caches' keys (empty without history).
    pub fn history_stamp(&self, path: &Path) -> String {
        match self.history {
            Some(h) => h.stamp(h.key_of(path).as_deref().unwrap_or("")),
            None => String::new(),
        }
    }

    /// Understand and lint a loaded notice. Its output target and its structured front matter
    /// are validated first: either one being wrong stops the run at the line of the key.
    /// Its history (with one) is that of its path in the content folder (`rel_path`).
    pub fn judge(&self, notice: Notice) -> Result<Judged> {
        let key = notice.rel_path.clone();
        self.judge_with(notice, Some(&key))
    }

    /// [`Pipeline::judge`], with the history of the notice at `history_key` (its path in the
    /// content folder).
    fn judge_with(&self, notice: Notice, history_key: Option<&str>) -> Result<Judged> {
        let target = target_of(&notice)?;
        let declared = declared(&notice)?;
        let understanding = understand(&notice, &self.rules.vocab, &self.config.jurisdiction);
        let last_change = self
            .history
            .zip(history_key)
            .and_then(|(h, key)| h.last_text_change(key));
        let report = lint::analyse_understood(
            &notice,
            &understanding,
            &declared,
            self.rules,
            self.today,
            last_change.as_ref(),
        );
        Ok(Judged {
            notice,
            declared,
            target,
            understanding,
            report,
        })
    }
}

/// The notice's output target from its permalink or path; a bad permalink is an error at the
/// line of the `permalink` key.
pub fn target_of(notice: &Notice) -> Result<Target> {
    let at_key = |message: String| {
        let line = notice
            .front
            .key_lines
            .get("permalink")
            .copied()
            .unwrap_or(1);
        Error::new(message)
            .in_file(&notice.source.display)
            .at(line, 1)
    };
    match notice.front.data.get("permalink") {
        Some(serde_json::Value::String(p)) => crate::render::permalink::from_permalink(p)
            .map_err(|msg| at_key(format!("bad permalink `{p}`: {msg}"))),
        Some(serde_json::Value::Null) | None => {
            Ok(crate::render::permalink::from_path(&notice.rel_path))
        }
        Some(_) => Err(at_key("permalink must be a string".into())),
    }
}
