//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
//! the pull request's changed lines and the run's summary page.
//!
//! ```text
//! ::error file=content/staff.md,line=12,col=1,endLine=12,endColumn=24,title=INF110 missing-retention::the notice …
//! ```

use crate::lint::{Diagnostic, FileReport, Level};

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
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% off\r\nnext"), "50%25 off%0D%0Anext");
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
    }
}
