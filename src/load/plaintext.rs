//! Plain-text notices (a page copied from GOV.UK, say): headings are short lines standing
//! alone, bullets start with `•`, `-`, `*` or `◦`, paragraphs are separated by blank lines.
//!
//! We synthesise the same pulldown-cmark events a Markdown notice would give, with byte
//! ranges into the original text, so the document model, the linter and the renderer treat
//! both alike.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::document::{Spanned, looks_like_heading, text_event};

const BULLETS: &[char] = &['•', '◦', '▪', '●', '-', '*', '–'];

/// One non-blank line: its text (trimmed) and byte range.
struct Line<'a> {
    text: &'a str,
    range: Range<usize>,
}

pub(crate) fn events(text: &str, body_start: usize) -> Vec<Spanned> {
    let mut out = Vec::new();
    for para in paragraphs(text, body_start) {
        let whole = para[0].range.start..para[para.len() - 1].range.end;
        if para.len() == 1 && is_heading_line(para[0].text) {
            let level = HeadingLevel::H2;
            out.push((
                Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: vec![],
                    attrs: vec![],
                }),
                whole.clone(),
            ));
            out.push((text_event(para[0].text), whole.clone()));
            out.push((Event::End(TagEnd::Heading(level)), whole));
        } else if para.iter().any(|l| bullet(l.text).is_some()) {
            list(&para, &mut out);
        } else {
            out.push((Event::Start(Tag::Paragraph), whole.clone()));
            for (i, line) in para.iter().enumerate() {
                if i > 0 {
                    out.push((Event::HardBreak, line.range.start..line.range.start));
                }
                out.push((text_event(line.text), line.range.clone()));
            }
            out.push((Event::End(TagEnd::Paragraph), whole));
        }
    }
    out
}

/// Lines of a paragraph that starts with text and then switches to bullets become a
/// paragraph followed by a list.
fn list(para: &[Line], out: &mut Vec<Spanned>) {
    let first_bullet = para
        .iter()
        .position(|l| bullet(l.text).is_some())
        .unwrap_or(0);
    if first_bullet > 0 {
        let lead = &para[..first_bullet];
        let r = lead[0].range.start..lead[lead.len() - 1].range.end;
        out.push((Event::Start(Tag::Paragraph), r.clone()));
        for line in lead {
            out.push((text_event(line.text), line.range.clone()));
        }
        out.push((Event::End(TagEnd::Paragraph), r));
    }
    let items = &para[first_bullet..];
    let whole = items[0].range.start..items[items.len() - 1].range.end;
    out.push((Event::Start(Tag::List(None)), whole.clone()));
    let mut i = 0;
    while i < items.len() {
        let mut j = i + 1;
        while j < items.len() && bullet(items[j].text).is_none() {
            j += 1;
        }
        let r = items[i].range.start..items[j - 1].range.end;
        out.push((Event::Start(Tag::Item), r.clone()));
        for (k, line) in items[i..j].iter().enumerate() {
            let t = if k == 0 {
                bullet(line.text).unwrap_or(line.text)
            } else {
                line.text
            };
            if k > 0 {
                out.push((Event::SoftBreak, line.range.start..line.range.start));
            }
            out.push((text_event(t), line.range.clone()));
        }
        out.push((Event::End(TagEnd::Item), r));
        i = j;
    }
    out.push((Event::End(TagEnd::List(false)), whole));
}

fn bullet(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(BULLETS)?;
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

fn paragraphs(text: &str, body_start: usize) -> Vec<Vec<Line<'_>>> {
    let mut paras = Vec::new();
    let mut current = Vec::new();
    let mut pos = body_start;
    for raw in text[body_start..].split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        current.push(Line {
            text: trimmed,
            range: start + lead..start + lead + trimmed.len(),
        });
    }
    if !current.is_empty() {
        paras.push(current);
    }
    paras
}

/// A line standing alone is a heading when it is short, has no full stop or inner colon,
/// and is not a date line, an address or a contact detail.
fn is_heading_line(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    looks_like_heading(t)
        && t.chars().count() <= 70
        && t.split_whitespace().count() <= 10
        && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !t.contains(':')
        && !t.contains('@')
        && !lower.starts_with("http")
        && !lower.starts_with("www.")
        && !lower.starts_with("updated ")
        && !lower.starts_with("last updated")
        && !lower.starts_with("published ")
        && bullet(t).is_none()
        && t.chars().filter(|c| c.is_ascii_digit()).count() < 4
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, build};

    #[test]
    fn headings_bullets_and_paragraphs() {
        let text = "Privacy policy for a thing\n\nUpdated 1 March 2024\n\nThe data\n\nWe process:\n\n  • name\n  • email\n    address\n\nSome Office\nHigh Street\n";
        let d = build(events(text, 0), text.len());
        let kinds: Vec<_> = d.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Heading, "Privacy policy for a thing"),
                (BlockKind::Paragraph, "Updated 1 March 2024"),
                (BlockKind::Heading, "The data"),
                (BlockKind::Paragraph, "We process:"),
                (BlockKind::ListItem, "name"),
                (BlockKind::ListItem, "email address"),
                (BlockKind::Paragraph, "Some Office High Street"),
            ]
        );
        let name = &d.blocks[4];
        assert_eq!(&text[name.range.clone()], "• name");
    }
}
