//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
//! the pull request's changed lines and the run's summary page.
//!
//! ```text
//! ::error file=content/staff.md,line=12,col=1,endLine=12,endColumn=24,title=INF110 missing-retention::the notice …
//! ```

use crate::lint::{Diagnostic, FileReport, Level, Summary};

/// Rows in the step summary before it says "and N more" (GitHub allows 1 MiB per step).
const SUMMARY_ROWS: usize = 500;

/// One command per finding.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            out.push_str(&command(&r.path, d));
            out.push('\n');
        }
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

/// A Markdown summary for `$GITHUB_STEP_SUMMARY`: GitHub shows only the first few annotations
/// of each kind per step, so the run's summary page lists every finding.
pub fn step_summary(reports: &[FileReport]) -> String {
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
        out.push_str(&format!(
            "| {} | `{}` {} | `{}:{}` | {} |\n",
            d.level.as_str(),
            d.code,
            d.rule,
            cell(path),
            d.line,
            cell(&d.message)
        ));
    }
    if all.len() > SUMMARY_ROWS {
        out.push_str(&format!(
            "\n…and {} more; run `informed check` locally to see them all.\n",
            all.len() - SUMMARY_ROWS
        ));
    }
    out
}

/// Append the step summary to the file GitHub names in `GITHUB_STEP_SUMMARY`, when it is set.
/// A failure to write is a warning: the annotations and exit code still tell the story.
pub fn write_step_summary(reports: &[FileReport]) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let text = step_summary(reports);
    let result = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    if let Err(e) = result {
        eprintln!(
            "warning: cannot write the step summary to {}: {e}",
            path.to_string_lossy()
        );
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Escaping for a command's message (`%`, CR and LF), as in GitHub's actions toolkit.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a property value: the message escapes plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

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
