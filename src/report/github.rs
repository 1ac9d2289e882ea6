//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
//! the pull request's changed lines and the run's summary page.
//!
//! ```text
//! ::error file=content/staff.md,line=12,col=1,endLine=12,endColumn=24,title=INF110 missing-retention::the notice …
//! ```

use crate::lint::{Diagnostic, FileReport, Level, Summary};

/// Rows in the step summary before it says "and N more" (GitHub allows 1 MiB per step).
const SUMMARY_ROWS: usize = 500;

/// One command per finding of one notice, each on its own line. The report is each notice's
/// commands in path order.
pub(crate) fn notice(report: &FileReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&command(&report.path, d));
        out.push('\n');
    }
    out
}

fn command(path: &str, d: &Diagnostic) -> String {
    let name = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "notice",
    };
    let props = [
        ("file", path.to_string()),
        ("line", d.line.to_string()),
        ("col", d.column.to_string()),
        ("endLine", d.end_line.to_string()),
        ("endColumn", d.end_column.to_string()),
        ("title", format!("{} {}", d.code, d.rule)),
    ];
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    let mut message = d.message.clone();
    if !d.help.is_empty() {
        message.push_str(&format!("\nhelp: {}", d.help));
    }
    format!("::{name} {}::{}", props.join(","), escape_data(&message))
}

/// The step summary's table, collected a notice at a time: the first rows, and how many
/// findings there are in all.
#[derive(Default)]
pub(crate) struct StepSummary {
    rows: Vec<String>,
    findings: usize,
}

impl StepSummary {
    /// The table rows of one notice's findings, as many as the table may still need (`skip`
    /// rows are already in it). Runs on the worker that checked the notice.
    pub(crate) fn rows(report: &FileReport, skip: usize) -> Vec<String> {
        let room = SUMMARY_ROWS.saturating_sub(skip);
        report
            .diagnostics
            .iter()
            .take(room)
            .map(|d| row(&report.path, d))
            .collect()
    }

    /// Add one notice: its rows (from [`StepSummary::rows`]) and its number of findings.
    pub(crate) fn add(&mut self, rows: Vec<String>, findings: usize) {
        let room = SUMMARY_ROWS.saturating_sub(self.rows.len());
        self.rows.extend(rows.into_iter().take(room));
        self.findings += findings;
    }

    /// How many rows the table has so far.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// A Markdown summary for `$GITHUB_STEP_SUMMARY`: GitHub shows only the first few
    /// annotations of each kind per step, so the run's summary page lists every finding (up
    /// to [`SUMMARY_ROWS`]).
    pub(crate) fn markdown(&self, summary: &Summary) -> String {
        let mut out = format!("### informed check: {}\n\n", summary.line());
        if self.findings == 0 {
            out.push_str("No findings.\n");
            return out;
        }
        out.push_str("| level | rule | where | finding |\n|---|---|---|---|\n");
        for r in &self.rows {
            out.push_str(r);
        }
        if self.findings > self.rows.len() {
            out.push_str(&format!(
                "\n…and {} more; run `informed check` locally to see them all.\n",
                self.findings - self.rows.len()
            ));
        }
        out
    }
}

fn row(path: &str, d: &Diagnostic) -> String {
    format!(
        "| {} | `{}` {} | {} | {} |\n",
        d.level.as_str(),
        d.code,
        d.rule,
        code_cell(&format!("{path}:{}", d.line)),
        cell(&d.message)
    )
}

/// Where GitHub asks for the step summary (`GITHUB_STEP_SUMMARY`), when it does.
pub(crate) fn step_summary_path() -> Option<std::ffi::OsString> {
    std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
}

/// Append the step summary to `path`. A failure to write is a warning: the annotations and
/// exit code still tell the story.
pub(crate) fn write_step_summary(path: &std::ffi::OsStr, text: &str) {
    let result = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    if let Err(e) = result {
        eprintln!(
            "warning: cannot write the step summary to {}: {e}",
            path.to_string_lossy()
        );
    }
}

/// A file name as a code span in a table cell: the fence is one backtick longer than any run
/// of backticks in the name (padded with spaces when the name starts or ends with one), `|` is
/// escaped as GFM tables require even in code, and line breaks and controls become spaces.
/// Inside a code span HTML and Markdown are shown as text.
fn code_cell(s: &str) -> String {
    let body: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') || longest > 0 {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Text from a notice (a file name, a message quoting it) as one Markdown table cell: HTML
/// characters as entities, Markdown punctuation backslash-escaped, line breaks and control
/// characters as spaces, so nothing in it can add markup, links, images or raw HTML.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            // Inline markup, links and images, table cells, and autolinks (`http:`, `a@b`).
            '\\' | '`' | '*' | '_' | '[' | ']' | '!' | '|' | '~' | ':' | '@' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text that may hold a notice's words, made safe for a CI log and a terminal: control
/// characters other than newline and tab, and bidirectional overrides, are shown escaped
/// (`\u{1b}`, `\u{202e}`), a line that GitHub's runner would read as a workflow command (`::`
/// after any spaces) starts with `\` instead, and the older `##[` command prefix is broken up.
pub fn neutralise(s: &str) -> String {
    // Nothing to escape or break (most reports): as it is.
    if !s.contains("::") && !s.contains("##[") && super::terminal::is_visible(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let rest = line.trim_start();
        if rest.starts_with("::") {
            // The spaces before may hold controls too (U+0085 is both).
            out.push_str(&escape_controls(&line[..line.len() - rest.len()]));
            out.push('\\');
            out.push_str(&escape_controls(rest));
        } else {
            out.push_str(&escape_controls(line));
        }
    }
    out.replace("##[", "##\\[")
}

/// [`neutralise`] without escaping control characters, for coloured terminal output (whose
/// colours are escape sequences); lines that would be workflow commands are still broken.
pub fn neutralise_commands(s: &str) -> String {
    if !s.contains("::") && !s.contains("##[") {
        return s.to_string();
    }
    // The runner ends a line at `\n`, `\r` or both.
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).map_or(rest.len(), |i| i + 1);
        let (line, after) = rest.split_at(end);
        let body = line.trim_start();
        if body.starts_with("::") {
            out.push_str(&line[..line.len() - body.len()]);
            out.push('\\');
            out.push_str(body);
        } else {
            out.push_str(line);
        }
        rest = after;
    }
    out.replace("##[", "##\\[")
}

fn escape_controls(s: &str) -> String {
    super::terminal::visible(s).into_owned()
}

/// Escaping for a command's message (`%`, CR and LF), as in GitHub's actions toolkit.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        // The runner also reads the older `##[command]` form anywhere in a line.
        .replace("##[", "##%5B")
}

/// Escaping for a property value: the message escapes plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The step summary from every report at once, as `check` wrote it before it streamed.
    fn whole(reports: &[FileReport]) -> String {
        let summary = Summary::of(reports);
        let mut out = format!("### informed check: {}\n\n", summary.line());
        let all: Vec<(&str, &Diagnostic)> = reports
            .iter()
            .flat_map(|r| r.diagnostics.iter().map(move |d| (r.path.as_str(), d)))
            .collect();
        if all.is_empty() {
            out.push_str("No findings.\n");
            return out;
        }
        out.push_str("| level | rule | where | finding |\n|---|---|---|---|\n");
        for (path, d) in all.iter().take(SUMMARY_ROWS) {
            out.push_str(&row(path, d));
        }
        if all.len() > SUMMARY_ROWS {
            out.push_str(&format!(
                "\n…and {} more; run `informed check` locally to see them all.\n",
                all.len() - SUMMARY_ROWS
            ));
        }
        out
    }

    /// Notice by notice, in chunks of `chunk` notices whose rows are made before the chunk
    /// is added (as the workers make them).
    fn piecewise(reports: &[FileReport], chunk: usize) -> String {
        let mut table = StepSummary::default();
        for c in reports.chunks(chunk) {
            let skip = table.len();
            let rows: Vec<Vec<String>> = c.iter().map(|r| StepSummary::rows(r, skip)).collect();
            for (r, rows) in c.iter().zip(rows) {
                table.add(rows, r.diagnostics.len());
            }
        }
        table.markdown(&Summary::of(reports))
    }

    fn report(path: &str, findings: usize) -> FileReport {
        let d = |i: usize| Diagnostic {
            code: "INF401".into(),
            rule: "placeholder".into(),
            level: if i.is_multiple_of(2) {
                Level::Error
            } else {
                Level::Info
            },
            message: format!("finding | {i}"),
            line: i + 1,
            column: 1,
            end_line: i + 1,
            end_column: 2,
            help: String::new(),
            article: "-".into(),
            range: 0..1,
        };
        FileReport {
            path: path.into(),
            elements: Default::default(),
            facts: Default::default(),
            diagnostics: (0..findings).map(d).collect(),
        }
    }

    #[test]
    fn step_summary_piece_by_piece_is_the_whole_table() {
        let none = [report("a.md", 0), report("b.md", 0)];
        assert_eq!(piecewise(&none, 1), whole(&none));
        let few = [report("a.md", 3), report("b.md", 0), report("c.md", 2)];
        assert_eq!(piecewise(&few, 2), whole(&few));
        // 40 notices of 13 findings: 520, past the 500 rows the table shows.
        let many: Vec<FileReport> = (0..40).map(|i| report(&format!("n{i}.md"), 13)).collect();
        for chunk in [1, 3, 40] {
            assert_eq!(piecewise(&many, chunk), whole(&many), "chunks of {chunk}");
        }
        assert!(whole(&many).contains("…and 20 more"));
    }

    #[test]
    fn step_summary_escapes_table_cells() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% off\r\nnext"), "50%25 off%0D%0Anext");
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
    }
}
