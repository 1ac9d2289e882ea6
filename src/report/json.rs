//! `--format json`: the versioned contract in docs/product.md.
//!
//! The document is written a notice at a time (see [`super::stream`]): each notice's entry of
//! `files` is serialised on the worker that checked it, and the summary at the end. The bytes
//! are the same as serialising the whole document at once with `serde_json::to_string_pretty`.

use serde::Serialize;

use crate::lint::{FileReport, Summary};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: &'a [FileReport],
    summary: Summary,
}

/// The document's parts around `files`.
pub(crate) struct Json {
    files: PrettyArray,
}

impl Json {
    pub(crate) fn new() -> Json {
        Json {
            files: PrettyArray::new(&document(&Summary::default()), "files"),
        }
    }

    /// Everything before the first notice's entry.
    pub(crate) fn head(&self) -> &str {
        self.files.head()
    }

    /// One notice's entry of `files`.
    pub(crate) fn notice(&self, report: &FileReport) -> String {
        self.files.item(report)
    }

    pub(crate) fn push(&mut self, out: &mut String, entry: &str) {
        self.files.push(out, entry);
    }

    /// Everything after the last notice's entry: the end of `files`, then the summary.
    pub(crate) fn tail(&self, summary: &Summary) -> String {
        let (_, tail) = split_at_empty_array(&document(summary), "files");
        format!("{}{tail}", self.files.close())
    }
}

impl Default for Json {
    fn default() -> Self {
        Json::new()
    }
}

/// The whole document with no files.
fn document(summary: &Summary) -> String {
    let out = Output {
        version: 1,
        files: &[],
        summary: *summary,
    };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// An array of a pretty-printed JSON document whose elements are written one by one, with the
/// bytes `serde_json::to_string_pretty` writes for the whole document: each element on its own
/// lines, indented one level deeper than the line that opens the array.
pub(crate) struct PrettyArray {
    head: String,
    tail: String,
    /// A newline and the indentation of the array's elements.
    item_break: String,
    /// A newline and the indentation of the line that opens the array.
    close_break: String,
    len: usize,
}

impl PrettyArray {
    /// `doc` is the document with the array (`"key": []`) empty.
    pub(crate) fn new(doc: &str, key: &str) -> PrettyArray {
        let (head, tail) = split_at_empty_array(doc, key);
        let line_start = head.rfind('\n').map_or(0, |i| i + 1);
        let indent = head[line_start..].len() - head[line_start..].trim_start().len();
        PrettyArray {
            head,
            tail,
            item_break: format!("\n{}", " ".repeat(indent + 2)),
            close_break: format!("\n{}", " ".repeat(indent)),
            len: 0,
        }
    }

    /// The document up to and including the array's `[`.
    pub(crate) fn head(&self) -> &str {
        &self.head
    }

    /// One element, pretty-printed and indented for its place (does not touch the array, so
    /// workers can call it in parallel).
    pub(crate) fn item(&self, value: &impl Serialize) -> String {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        // Pretty JSON puts line breaks only between tokens (strings escape theirs), so every
        // line after the first moves in by the element's indentation.
        text.replace('\n', &self.item_break)
    }

    /// Several elements, joined as they appear in the array.
    pub(crate) fn items(&self, items: &[String]) -> String {
        items.join(&format!(",{}", self.item_break))
    }

    /// Append elements made by [`PrettyArray::item`] or [`PrettyArray::items`] (nothing for an
    /// empty string).
    pub(crate) fn push(&mut self, out: &mut String, items: &str) {
        if items.is_empty() {
            return;
        }
        if self.len > 0 {
            out.push(',');
        }
        out.push_str(&self.item_break);
        out.push_str(items);
        self.len += 1;
    }

    /// The array's closing bracket, on its own line unless the array is empty (`[]`).
    pub(crate) fn close(&self) -> String {
        if self.len == 0 {
            "]".to_string()
        } else {
            format!("{}]", self.close_break)
        }
    }

    /// The closing bracket and the rest of the document.
    pub(crate) fn end(&self) -> String {
        self.close() + &self.tail
    }
}

/// The document split around the empty array `"key": []`: the text up to and including `[`,
/// and the text after `]`. Quotes inside JSON strings are escaped, so the pattern can only be
/// the array itself; the last one is taken (outer keys come first).
fn split_at_empty_array(doc: &str, key: &str) -> (String, String) {
    let pattern = format!("\"{key}\": []");
    let at = doc
        .rfind(&pattern)
        .unwrap_or_else(|| panic!("no empty `{key}` array in the document"));
    let open = at + pattern.len() - 1;
    (doc[..open].to_string(), doc[open + 1..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole document at once, as `check` wrote it before it streamed.
    fn whole(files: &[FileReport]) -> String {
        let out = Output {
            version: 1,
            files,
            summary: Summary::of(files),
        };
        serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
    }

    fn piecewise(files: &[FileReport]) -> String {
        let mut json = Json::new();
        let mut out = json.head().to_string();
        for f in files {
            let entry = json.notice(f);
            json.push(&mut out, &entry);
        }
        out + &json.tail(&Summary::of(files))
    }

    fn report(path: &str) -> FileReport {
        FileReport {
            path: path.to_string(),
            elements: Default::default(),
            facts: Default::default(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn piece_by_piece_is_the_whole_document() {
        assert_eq!(piecewise(&[]), whole(&[]));
        let one = [report("a \"quoted\"\n[] path.md")];
        assert_eq!(piecewise(&one), whole(&one));
        let three = [report("a.md"), report("b.md"), report("c.md")];
        assert_eq!(piecewise(&three), whole(&three));
    }

    #[test]
    fn empty_arrays_are_found_by_key() {
        let (head, tail) = split_at_empty_array("{\n  \"a\": [],\n  \"b\": []\n}", "a");
        assert_eq!(head, "{\n  \"a\": [");
        assert_eq!(tail, ",\n  \"b\": []\n}");
    }
}
