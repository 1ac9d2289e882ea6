//! One error type for everything that stops a command: bad input, bad config, I/O.
//!
//! Every error names the file it is about and, where there is one, the line and column,
//! so an editor can jump straight to the problem.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where an error points: a file and, when known, a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file, as shown to the user.
    pub file: Option<PathBuf>,
    /// The line (1-based).
    pub line: Option<usize>,
    pub(crate) column: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// An error for people: a message, the file and line it is about, and notes on what to do.
pub struct Error {
    /// What went wrong, in words.
    pub message: String,
    /// Where it went wrong.
    pub location: Location,
    /// Extra lines printed after the message ("help: ...", "note: ...").
    pub notes: Vec<String>,
}

/// A result whose error is an [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with `message` and nothing else yet.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            location: Location::default(),
            notes: Vec::new(),
        }
    }

    /// Name the file the error is about.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.location.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Point at a line and column (1-based) of that file.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.location.line = Some(line);
        self.location.column = Some(column);
        self
    }

    /// Add a note (`help: …`) printed under the message.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// An I/O error on `file`, in words.
    pub fn io(file: impl AsRef<Path>, err: &std::io::Error) -> Self {
        Error::new(err.to_string()).in_file(file)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.location.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.location.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.location.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        for note in &self.notes {
            write!(f, "\n  = {note}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
