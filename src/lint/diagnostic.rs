//! What the linter reports: one finding, and the per-file report the JSON contract exposes.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::understand::{ElementStatus, Facts};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
/// How serious a finding is.
pub enum Level {
    /// Worth knowing.
    Info,
    /// Should be fixed; does not fail `informed check`.
    Warning,
    /// Must be fixed: `informed check` exits 1.
    Error,
}

impl Level {
    /// The level as the JSON contract spells it (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Error),
            "warning" | "warn" => Some(Level::Warning),
            "info" | "note" => Some(Level::Info),
            _ => None,
        }
    }
}

/// One finding. Field order and names are part of the JSON contract (version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule's code (`INF101`).
    pub code: String,
    /// The rule's name (`missing-retention`).
    pub rule: String,
    /// The level the site gives the rule.
    pub level: Level,
    /// What is wrong, in words.
    pub message: String,
    /// Where the finding starts (1-based line).
    pub line: usize,
    /// Where the finding starts (1-based column, in characters).
    pub column: usize,
    /// Where the finding ends (line).
    pub end_line: usize,
    /// Where the finding ends (column).
    pub end_column: usize,
    pub(crate) help: String,
    pub(crate) article: String,
    /// Byte range in the file (not part of the contract).
    #[serde(skip)]
    pub range: Range<usize>,
}

/// Everything `check` knows about one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The notice's path as shown to the user.
    pub path: String,
    /// Each Article 13/14 element by id: present, uncertain or absent, with evidence.
    pub elements: BTreeMap<String, ElementStatus>,
    /// The facts the rules depended on (lawful bases, Article 14, transfers, …).
    pub facts: Facts,
    /// The findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub(crate) fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }

    /// Findings at error, warning and info level.
    pub(crate) fn counts(&self) -> [usize; 3] {
        [Level::Error, Level::Warning, Level::Info].map(|l| self.count(l))
    }
}

/// Totals across files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub(crate) files: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
}

impl Summary {
    /// Add up the findings of `reports`.
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a FileReport>) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.add(r.counts());
        }
        s
    }

    /// Count one more notice, with its findings at error, warning and info level
    /// ([`FileReport::counts`]).
    pub(crate) fn add(&mut self, [errors, warnings, infos]: [usize; 3]) {
        self.files += 1;
        self.errors += errors;
        self.warnings += warnings;
        self.infos += infos;
    }

    /// The one-line summary printed after a run (`2 notices: 1 error, 3 warnings`).
    pub fn line(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}: {}, {}, {}",
            plural(self.files, "notice"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info")
        )
    }
}
