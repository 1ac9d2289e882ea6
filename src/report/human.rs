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
use crate::lint::{Diagnostic, Level, Summary};
use crate::source::Source;

/// Whether to colour the output: stdout is a terminal and `NO_COLOR` is unset or empty.
pub fn use_colour() -> bool {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

/// Every finding of every notice, then the summary line.
pub fn render(checked: &[Checked], colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for c in checked {
        for d in &c.report.diagnostics {
            let jurisdiction = c.report.facts.jurisdiction.as_str();
            out.push_str(&render_one(&renderer, &c.notice.source, d, jurisdiction));
            out.push_str("\n\n");
        }
    }
    out.push_str(&Summary::of(checked.iter().map(|c| &c.report)).line());
    out.push('\n');
    out
}

fn render_one(renderer: &Renderer, source: &Source, d: &Diagnostic, jurisdiction: &str) -> String {
    let level = match d.level {
        Level::Error => SnippetLevel::ERROR,
        Level::Warning => SnippetLevel::WARNING,
        Level::Info => SnippetLevel::INFO,
    };
    let (excerpt, span) = excerpt(source, d);
    let message = clean(&d.message);
    let help = clean(&d.help);
    let note = legal_reference(&d.article, jurisdiction);
    let more = format!("for more information: `informed explain {}`", d.code);

    let mut group = level
        .primary_title(message.as_str())
        .id(d.code.as_str())
        .element(
            Snippet::source(excerpt)
                .line_start(d.line)
                .path(source.display.as_str())
                .annotation(AnnotationKind::Primary.span(span)),
        );
    if !help.is_empty() {
        group = group.element(SnippetLevel::HELP.message(help.as_str()));
    }
    if let Some(note) = &note {
        group = group.element(SnippetLevel::NOTE.message(note.as_str()));
    }
    group = group.element(SnippetLevel::HELP.message(more.as_str()));
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

/// Text from a notice can reach a message (a matched phrase): keep control characters (such
/// as terminal escape sequences) out of the output.
fn clean(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    annotate_snippets::normalize_untrusted_str(&s)
}
