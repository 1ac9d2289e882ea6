//! What the linter reports: one finding, and the per-file report the JSON contract exposes.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::understand::{ElementStatus, Facts};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
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
    pub code: String,
    pub rule: String,
    pub level: Level,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub help: String,
    pub article: String,
    /// Byte range in the file (not part of the contract).
    #[serde(skip)]
    pub range: Range<usize>,
}

/// Everything `check` knows about one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub elements: BTreeMap<String, ElementStatus>,
    pub facts: Facts,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }

    /// Findings at error, warning and info level.
    pub fn counts(&self) -> [usize; 3] {
        [Level::Error, Level::Warning, Level::Info].map(|l| self.count(l))
    }
}

/// Totals across files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a FileReport>) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.add(r.counts());
        }
        s
    }

    /// Count one more notice, with its findings at error, warning and info level
    /// ([`FileReport::counts`]).
    pub fn add(&mut self, [errors, warnings, infos]: [usize; 3]) {
        self.files += 1;
        self.errors += errors;
        self.warnings += warnings;
        self.infos += infos;
    }

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
