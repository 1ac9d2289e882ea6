//! The text of one input file and a map from byte offsets to lines and columns.
//!
//! Lines and columns are 1-based. Columns count Unicode scalar values (characters), which is
//! what SARIF, GitHub annotations and most editors expect. A UTF-8 byte-order mark is removed
//! when the file is read, so it never shifts a column.

use std::ops::Range;
use std::path::PathBuf;

#[derive(Debug, Clone)]
/// A notice's text, the path it is shown by, and the start of each line.
pub struct Source {
    /// The path as given or found (used for reading).
    pub path: PathBuf,
    /// The path as shown to people and written into reports (relative where possible).
    pub display: String,
    /// The whole text of the file.
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters other than `\r` before each multiple of [`MARK`] bytes (at the char
    /// boundary at or before it), as (offset, count), so a column is found in constant time
    /// however long its line (a 1 MB single-line notice with 250,000 findings was quadratic).
    marks: Vec<(usize, usize)>,
}

/// Bytes between column checkpoints.
const MARK: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
/// A position in a source (1-based).
pub struct LineCol {
    /// The line.
    pub line: usize,
    pub(crate) column: usize,
}

impl Source {
    /// A source read from `path`, shown in messages as `display`.
    pub fn new(path: impl Into<PathBuf>, display: impl Into<String>, text: String) -> Self {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut marks = vec![(0, 0)];
        let mut at = 0;
        while at + MARK <= text.len() {
            // The char boundary at or before the next multiple (a char is at most 4 bytes).
            let next = floor_char_boundary(&text, at + MARK);
            let count = marks.last().map_or(0, |&(_, c)| c) + chars_in(&text[at..next]);
            marks.push((next, count));
            at = next;
        }
        Source {
            path: path.into(),
            display: display.into(),
            text,
            line_starts,
            marks,
        }
    }

    /// The 1-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx];
        let end = floor_char_boundary(&self.text, offset);
        let column = if end - start <= MARK {
            chars_in(&self.text[start..end])
        } else {
            self.chars_before(end) - self.chars_before(start)
        } + 1;
        LineCol {
            line: line_idx + 1,
            column,
        }
    }

    /// The line and column just past the last character of `range` on its final line.
    pub(crate) fn end_line_col(&self, range: &Range<usize>) -> LineCol {
        let text = &self.text[range.start.min(self.text.len())..range.end.min(self.text.len())];
        let trimmed = text.trim_end_matches(['\n', '\r']);
        self.line_col(range.start + trimmed.len())
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a 1-based line, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> &str {
        if line == 0 || line > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset where a 1-based line starts.
    pub(crate) fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }
}

impl Source {
    /// Characters other than `\r` in `text[..at]` (`at` on a char boundary).
    fn chars_before(&self, at: usize) -> usize {
        let k = self
            .marks
            .partition_point(|&(pos, _)| pos <= at)
            .saturating_sub(1);
        let (pos, count) = self.marks[k];
        count + chars_in(&self.text[pos..at])
    }
}

/// Characters other than `\r` in `s`: bytes that do not continue a UTF-8 sequence.
fn chars_in(s: &str) -> usize {
    s.bytes()
        .filter(|&b| (b & 0xC0) != 0x80 && b != b'\r')
        .count()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines_and_columns() {
        let s = Source::new("a.md", "a.md", "ab\r\ncé d\n\nx".to_string());
        assert_eq!(s.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(s.line_col(4), LineCol { line: 2, column: 1 });
        // 'é' is two bytes but one column
        assert_eq!(s.line_col(8), LineCol { line: 2, column: 4 });
        assert_eq!(s.line_text(2), "cé d");
        assert_eq!(s.line_col(s.text.len()).line, 4);
    }

    #[test]
    fn columns_on_long_lines_match_counting_characters() {
        // Long lines of mixed widths (1- to 4-byte characters, CR) cross many checkpoints.
        let line: String = "aé€😀\r b".repeat(400);
        let text = format!("{line}\n{line}\nshort\n{line}");
        let s = Source::new("a.md", "a.md", text.clone());
        for (offset, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let naive = text[start..offset].chars().filter(|c| *c != '\r').count() + 1;
            assert_eq!(s.line_col(offset).column, naive, "offset {offset}");
        }
    }

    #[test]
    fn strips_byte_order_mark() {
        let s = Source::new("a.md", "a.md", "\u{feff}# T".to_string());
        assert_eq!(s.text, "# T");
        assert_eq!(s.line_col(2), LineCol { line: 1, column: 3 });
    }
}
