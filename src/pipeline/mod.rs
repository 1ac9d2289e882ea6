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
use crate::lint::translation::{LanguageCtx, Parity};
use crate::lint::{self, FileReport, RuleSet};
use crate::load::structured::{Declared, declared};
use crate::load::{Notice, NoticeLanguage};
use crate::render::Target;
use crate::understand::{Understanding, understand};

/// What the pipeline needs, resolved once per run: the site's settings, its compiled rules and
/// the date that date rules judge against.
#[derive(Clone, Copy)]
pub struct Pipeline<'a> {
    pub(crate) config: &'a Config,
    pub(crate) rules: &'a RuleSet,
    pub(crate) today: Date,
    /// The site's history from git, for the `date-behind-history` lint (`None` outside git,
    /// with `history = false`, and for commands that judge notices outside a site).
    pub(crate) history: Option<&'a History>,
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
            history: None,
        }
    }

    /// This pipeline, judging the dates of notices against `history` too.
    pub fn with_history(self, history: Option<&'a History>) -> Pipeline<'a> {
        Pipeline { history, ..self }
    }

    /// Load: read and parse the notice at `path` (`display` names it in messages, `rel_path`
    /// is its path inside the folder it was found in).
    pub(crate) fn load(&self, path: &Path, display: String, rel_path: String) -> Result<Notice> {
        Notice::load(path, display, rel_path, self.config.max_notice_bytes)
    }

    /// Load, then [`Pipeline::judge`]. The notice's history is found by its path, wherever in
    /// the content folder it was named from (`check` takes files and folders).
    pub(crate) fn run(&self, path: &Path, display: String, rel_path: String) -> Result<Judged> {
        // Rules that do not compile are the run's error before any notice's own.
        self.rules.compiled()?;
        let last_change = self
            .history
            .and_then(|h| h.last_text_change(&h.key_of(path)?));
        self.judge_given_history(self.load(path, display, rel_path)?, last_change)
    }

    /// What `path`'s findings take from git, for result caches' keys (empty without history).
    pub(crate) fn history_stamp(&self, path: &Path) -> String {
        match self.history {
            Some(h) => h.stamp(h.key_of(path).as_deref().unwrap_or("")),
            None => String::new(),
        }
    }

    /// Understand and lint a loaded notice. Its output target and its structured front matter
    /// are validated first: either one being wrong stops the run at the line of the key.
    /// Its history (with one) is that of its path in the content folder (`rel_path`).
    pub fn judge(&self, notice: Notice) -> Result<Judged> {
        let last_change = self
            .history
            .and_then(|h| h.last_text_change(&notice.rel_path));
        self.judge_given_history(notice, last_change)
    }

    /// [`Pipeline::judge`], with `last_change` as the date and subject of the newest change of
    /// the notice's text in git, whatever the pipeline's own history says (the rule fixtures
    /// give it without a repository; [`Pipeline::run`] and [`Pipeline::judge`] find it).
    pub fn judge_given_history(
        &self,
        notice: Notice,
        last_change: Option<(Date, String)>,
    ) -> Result<Judged> {
        let vocab = &self.rules.compiled()?.vocab;
        let declared = declared(&notice)?;
        let target = target_of(&notice, &declared)?;
        let understanding = understand(&notice, &declared, vocab, &self.config.jurisdiction);
        let parity = self.source_of(&notice)?;
        let language = LanguageCtx {
            tag: notice.language.tag(&self.config.language),
            parity: parity.as_ref(),
        };
        let report = lint::analyse_in_language(
            &notice,
            &understanding,
            &declared,
            self.rules,
            self.today,
            language,
            last_change.as_ref(),
        )?;
        Ok(Judged {
            notice,
            declared,
            target,
            understanding,
            report,
        })
    }
}

impl Pipeline<'_> {
    /// For a translation, what its source says (read from the source's file). The source must
    /// be an original in another language: an error at the line that names it otherwise.
    fn source_of(&self, notice: &Notice) -> Result<Option<Parity>> {
        let Some(source) = &notice.language.source else {
            return Ok(None);
        };
        let at_line = |message: String| {
            let e = Error::new(message).in_file(&notice.source.display);
            match source.line {
                0 => e,
                line => e.at(line, 1),
            }
        };
        let display = source_display(notice, &source.path);
        let original = match self.load(&source.path, display.clone(), display.clone()) {
            Ok(original) => original,
            // The source's own check reports what is wrong with it.
            Err(_) => return Ok(None),
        };
        if original.language.source.is_some() {
            return Err(at_line(format!(
                "`{display}` is itself a translation: name the notice it translates instead"
            )));
        }
        let site = &self.config.language;
        let (own, theirs) = (notice.language.tag(site), original.language.tag(site));
        if crate::load::language::same_language(own, theirs) {
            return Err(at_line(format!(
                "this notice and `{display}`, which it translates, are both in `{own}`"
            ))
            .with_note("help: set `lang:` to the language this translation is in"));
        }
        Ok(Some(Parity::of(&original, theirs)))
    }
}

/// How to name a translation's source in messages: beside the translation's own name.
fn source_display(notice: &Notice, source: &Path) -> String {
    let own = Path::new(&notice.source.display);
    let folder = notice.source.path.parent().unwrap_or(Path::new(""));
    let rel = source.strip_prefix(folder).unwrap_or(source);
    crate::load::relative(
        &own.parent().unwrap_or(Path::new("")).join(rel),
        Path::new(""),
    )
}

/// The notice's output target from its declared permalink or its path; a bad permalink is an
/// error at the line of the `permalink` key.
pub fn target_of(notice: &Notice, declared: &Declared) -> Result<Target> {
    target_from(
        declared.page.permalink.as_deref(),
        declared.page.lines.permalink.unwrap_or(1),
        &notice.rel_path,
        &notice.language,
        &notice.source.display,
    )
}

/// [`target_of`] from the parts of a notice it needs: its permalink (and that key's line), its
/// path in the content folder, its language, and its name in errors.
pub(crate) fn target_from(
    permalink: Option<&str>,
    permalink_line: usize,
    rel_path: &str,
    language: &NoticeLanguage,
    display: &str,
) -> Result<Target> {
    match permalink {
        Some(p) => crate::render::permalink::from_permalink(p).map_err(|msg| {
            Error::new(format!("bad permalink `{p}`: {msg}"))
                .in_file(display)
                .at(permalink_line, 1)
        }),
        None => match (&language.source, &language.lang) {
            // A translation without a permalink lives under its language: `/cy/staff-survey/`.
            (Some(_), Some(tag)) => Ok(crate::render::permalink::from_path(
                &crate::load::language::default_rel_path(rel_path, tag),
            )),
            _ => Ok(crate::render::permalink::from_path(rel_path)),
        },
    }
}
