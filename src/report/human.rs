//! `--format human`: rustc-style diagnostics drawn by annotate-snippets.
//!
//! ```text
//! error[INF110]: the notice does not say how long data is kept
//!   --> content/staff.md:12:1
//!    |
//! 12 | ## How we use your data
//!    | ^^^^^^^^^^^^^^^^^^^^^^^
//!    |
//!    = help: state a period for each purpose
//!    = note: UK GDPR Article 13(2)(a) / 14(2)(a)
//!    = help: for more information: `informed explain INF110`
//! ```

use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet};

use super::check::Checked;
use super::legal_reference;
use super::terminal::visible;
use crate::lint::{Diagnostic, Level, Summary};
use crate::source::Source;

/// Whether to colour the output: `NO_COLOR` is unset or empty, and stdout is a terminal or
/// `CLICOLOR_FORCE` is set and not `0` (CI logs that show colours; tests).
pub(crate) fn use_colour() -> bool {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    !set("NO_COLOR") && (set("CLICOLOR_FORCE") || std::io::stdout().is_terminal())
}

/// How `--format human` draws findings: annotate-snippets' renderer, and whether it colours.
pub(crate) struct Human {
    renderer: Renderer,
    colour: bool,
}

/// The renderer for `--format human`, with or without colour.
pub(crate) fn renderer(colour: bool) -> Human {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    Human { renderer, colour }
}

/// Every finding of one notice, each followed by a blank line. The report is each notice's
/// findings in path order, then [`summary`].
pub(crate) fn notice(human: &Human, checked: &Checked) -> String {
    let mut out = String::new();
    let jurisdiction = checked.report.facts.jurisdiction.as_str();
    for d in &checked.report.diagnostics {
        out.push_str(&render_one(human, &checked.source, d, jurisdiction));
        out.push_str("\n\n");
    }
    out
}

/// What one notice covers, element by element, with the text that showed each (`check
/// --evidence`): why the linter thinks an element is there, unclear, or missing.
pub(crate) fn evidence(checked: &Checked) -> String {
    use crate::understand::Outcome;
    let path = visible(&checked.report.path);
    let mut out = format!("{path}: what the notice covers\n");
    for (id, status) in &checked.report.elements {
        let (mark, line) = match (status.status, status.line) {
            (Outcome::Absent, _) => ("missing  ", String::new()),
            (Outcome::Present, Some(l)) => ("present  ", format!(" (line {l})")),
            (Outcome::Uncertain, Some(l)) => ("unclear  ", format!(" (line {l})")),
            (Outcome::Present, None) => ("present  ", String::new()),
            (Outcome::Uncertain, None) => ("unclear  ", String::new()),
        };
        out.push_str(&format!("  {mark}{id}{line}"));
        if let Some(e) = &status.evidence {
            let via = serde_json::to_value(e.via)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            out.push_str(&format!(": {via} \"{}\"", clean(&e.text)));
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The report's last line.
pub(crate) fn summary(summary: &Summary) -> String {
    format!("{}\n", summary.line())
}

fn render_one(human: &Human, source: &Source, d: &Diagnostic, jurisdiction: &str) -> String {
    let (excerpt, span) = excerpt(source, d);
    let message = clean(&d.message);
    let help = clean(&d.help);
    let note = legal_reference(&d.article, jurisdiction);
    let more = format!("for more information: `informed explain {}`", d.code);
    let path = visible(&source.display);
    let finding = Finding {
        level: d.level,
        code: &d.code,
        message: &message,
        path: &path,
        line: d.line,
        excerpt,
        span,
        help: &help,
        note: note.as_deref(),
        more: &more,
    };
    // Most findings are one short line of plain text: drawn directly, byte for byte as
    // annotate-snippets draws them (see `snippet.rs`), at a fraction of the cost.
    if !human.colour
        && let Some(out) = super::snippet::simple(&finding)
    {
        return out;
    }
    annotate(&human.renderer, &finding)
}

/// One finding, ready to draw.
pub(crate) struct Finding<'a> {
    pub level: Level,
    pub code: &'a str,
    pub message: &'a str,
    pub path: &'a str,
    /// The line the excerpt starts at.
    pub line: usize,
    /// The lines the finding covers, and its span within them.
    pub excerpt: &'a str,
    pub span: Range<usize>,
    pub help: &'a str,
    pub note: Option<&'a str>,
    pub more: &'a str,
}

/// The finding drawn by annotate-snippets.
pub(crate) fn annotate(renderer: &Renderer, f: &Finding) -> String {
    let level = match f.level {
        Level::Error => SnippetLevel::ERROR,
        Level::Warning => SnippetLevel::WARNING,
        Level::Info => SnippetLevel::INFO,
    };
    let mut group = level.primary_title(f.message).id(f.code).element(
        Snippet::source(f.excerpt)
            .line_start(f.line)
            .path(f.path)
            .annotation(AnnotationKind::Primary.span(f.span.clone())),
    );
    if !f.help.is_empty() {
        group = group.element(SnippetLevel::HELP.message(f.help));
    }
    if let Some(note) = f.note {
        group = group.element(SnippetLevel::NOTE.message(note));
    }
    group = group.element(SnippetLevel::HELP.message(f.more));
    let report: [Group; 1] = [group];
    renderer.render(&report)
}

/// The lines the finding covers, and the finding's span within them. Only those lines are
/// handed to the renderer, so a long notice costs nothing per finding.
fn excerpt<'a>(source: &'a Source, d: &Diagnostic) -> (&'a str, Range<usize>) {
    let start = source.line_start(d.line);
    let last = d.end_line.max(d.line);
    let mut end = start;
    for line in d.line..=last {
        end = source.line_start(line) + source.line_text(line).len();
    }
    let end = end.min(source.text.len()).max(start);
    let text = &source.text[start..end];
    let from = d.range.start.clamp(start, end) - start;
    let to = d.range.end.clamp(start, end) - start;
    (text, from..to.max(from))
}

/// Text from a notice can reach a message (a matched phrase): one line, with control
/// characters (such as terminal escape sequences) and bidirectional overrides shown escaped.
fn clean(s: &str) -> String {
    super::terminal::one_line(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(source: &Source, range: Range<usize>) -> Diagnostic {
        let start = source.line_col(range.start);
        let end = source.end_line_col(&range);
        Diagnostic {
            code: "INF999".into(),
            rule: "test-rule".into(),
            level: Level::Warning,
            message: "a finding\u{1b}[31m with an escape".into(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            help: "fix it".into(),
            article: "13(1)(a)".into(),
            range,
        }
    }

    #[test]
    fn a_span_over_two_lines_shows_both() {
        let text = "# Title\n\nOur supplier uses the Privacy\nShield framework.\n\nLast line.\n";
        let source = Source::new("n.md", "n.md", text.to_string());
        let start = text.find("Privacy").unwrap();
        let end = text.find(" framework").unwrap();
        let out = render_one(
            &renderer(false),
            &source,
            &diagnostic(&source, start..end),
            "uk",
        );
        assert!(out.starts_with("warning[INF999]: a finding"), "{out}");
        assert!(out.contains("--> n.md:3:23"), "{out}");
        assert!(
            out.contains("3 |   Our supplier uses the Privacy\n"),
            "{out}"
        );
        assert!(out.contains("4 | | Shield framework.\n"), "{out}");
        assert!(!out.contains("Last line"), "{out}");
        assert!(
            !out.contains('\u{1b}'),
            "control characters from text are removed: {out:?}"
        );
        assert!(out.contains("= note: UK GDPR Article 13(1)(a)"), "{out}");
    }

    #[test]
    fn an_empty_span_at_the_end_of_the_file_renders() {
        let text = "# Title\n\nNo newline at the end";
        let source = Source::new("n.md", "n.md", text.to_string());
        let out = render_one(
            &renderer(false),
            &source,
            &diagnostic(&source, text.len()..text.len()),
            "eu",
        );
        assert!(out.contains("--> n.md:3:22"), "{out}");
        assert!(out.contains("= note: EU GDPR Article 13(1)(a)"), "{out}");
    }
}
