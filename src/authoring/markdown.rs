//! Writing Markdown: from the document model's events (for imported plain text), with the
//! escaping that keeps ordinary text from turning into markup.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::document::Spanned;

/// Write `events` (a plain-text notice's synthesised events) as Markdown, leaving out every
/// event inside one of the `skip` byte ranges.
pub(crate) fn from_events(events: &[Spanned], skip: &[std::ops::Range<usize>]) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut item_open = false;
    for (event, range) in events {
        if skip
            .iter()
            .any(|s| range.start >= s.start && range.end <= s.end)
        {
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                line.push_str(&"#".repeat(*level as usize));
                line.push(' ');
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Paragraph) if !item_open => {
                flush_block(&mut out, &mut line);
            }
            Event::Start(Tag::List(start)) => {
                if lists.is_empty() {
                    separate(&mut out);
                }
                lists.push(*start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                let depth = lists.len().saturating_sub(1);
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_string(),
                };
                line.push_str(&"  ".repeat(depth));
                line.push_str(&marker);
                item_open = true;
            }
            Event::End(TagEnd::Item) => {
                out.push_str(line.trim_end());
                out.push('\n');
                line.clear();
                item_open = false;
            }
            Event::Text(t) => line.push_str(&escape(t, line_is_empty_or_marker(&line))),
            Event::Code(t) => {
                line.push('`');
                line.push_str(t);
                line.push('`');
            }
            Event::SoftBreak => line.push(' '),
            Event::HardBreak => {
                // A backslash at the end of a line is CommonMark's visible hard break.
                line.push_str("\\\n");
            }
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => line.push('_'),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => line.push_str("**"),
            _ => {}
        }
    }
    flush_block(&mut out, &mut line);
    let trimmed = out.trim_end();
    format!("{trimmed}\n")
}

fn line_is_empty_or_marker(line: &str) -> bool {
    let last = line.rsplit('\n').next().unwrap_or("");
    let t = last.trim_start();
    t.is_empty()
        || t == "- "
        || t == "-"
        || t.ends_with(". ") && t[..t.len() - 2].chars().all(|c| c.is_ascii_digit())
        || t.chars().all(|c| c == '#' || c == ' ')
}

fn separate(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

fn flush_block(out: &mut String, line: &mut String) {
    let text = line.trim_end();
    if !text.is_empty() {
        separate(out);
        out.push_str(text);
        out.push('\n');
    }
    line.clear();
}

/// Escape text so Markdown shows it as written. Only characters that would otherwise start
/// markup are escaped; web and email addresses become autolinks.
pub(crate) fn escape(text: &str, at_line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let words: Vec<&str> = text.split(' ').collect();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if let Some(link) = autolink(word) {
            out.push_str(&link);
            continue;
        }
        out.push_str(&escape_word(word));
    }
    if at_line_start {
        escape_line_start(&out)
    } else {
        out
    }
}

/// `https://…` and `name@example.org` as CommonMark autolinks, keeping trailing punctuation out.
fn autolink(word: &str) -> Option<String> {
    let core = word.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    let tail = &word[core.len()..];
    let core_lead = core.trim_start_matches('(');
    let lead = &core[..core.len() - core_lead.len()];
    let is_url = (core_lead.starts_with("https://") || core_lead.starts_with("http://"))
        && core_lead.len() > 8
        && !core_lead.contains(['<', '>', '"', '`']);
    let is_email = {
        let parts: Vec<&str> = core_lead.split('@').collect();
        parts.len() == 2
            && !parts[0].is_empty()
            && parts[0]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_{|}~-".contains(c))
            && parts[1].contains('.')
            && parts[1].split('.').all(|l| {
                !l.is_empty()
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            })
    };
    (is_url || is_email).then(|| format!("{}<{core_lead}>{tail}", escape_word(lead)))
}

fn escape_word(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let needs = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' => true,
            // Underscores inside a word never make emphasis.
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '&' => next.is_some_and(|n| n.is_alphanumeric() || n == '#'),
            '!' => next == Some('['),
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line that would start a heading, quote, list or rule is escaped at its start.
fn escape_line_start(s: &str) -> String {
    let first = s.chars().next();
    match first {
        Some('#' | '+' | '-' | '=' | '~') => format!("\\{s}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = s.chars().take_while(char::is_ascii_digit).count();
            match s[digits..].chars().next() {
                Some(p @ ('.' | ')'))
                    if digits <= 9 && s[digits + 1..].starts_with([' ', '\t'])
                        || s.len() == digits + 1 =>
                {
                    format!("{}\\{p}{}", &s[..digits], &s[digits + 1..])
                }
                _ => s.to_string(),
            }
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_what_would_be_markup() {
        assert_eq!(escape("a *star* and [x]", false), r"a \*star\* and \[x\]");
        assert_eq!(escape("first_name and _x_", false), r"first_name and \_x\_");
        assert_eq!(escape("# not a heading", true), r"\# not a heading");
        assert_eq!(escape("1. not a list", true), r"1\. not a list");
        assert_eq!(escape("2021 was a year", true), "2021 was a year");
        assert_eq!(escape("- dash", true), r"\- dash");
    }

    #[test]
    fn addresses_become_autolinks() {
        assert_eq!(
            escape("email dpo@example.org.", false),
            "email <dpo@example.org>."
        );
        assert_eq!(
            escape("see (https://ico.org.uk/make-a-complaint)", false),
            "see (<https://ico.org.uk/make-a-complaint>)"
        );
    }

    #[test]
    fn round_trip_of_plain_text_structure() {
        let text =
            "Title line\n\nSome words with 5 * 3.\n\n  • one\n  • two\n\nAddress\nLine two\n";
        let events = crate::load::plaintext::events(text, 0);
        let md = from_events(&events, &[]);
        assert_eq!(
            md,
            "## Title line\n\nSome words with 5 \\* 3.\n\n- one\n- two\n\nAddress\\\nLine two\n"
        );
        let doc = crate::document::parse_markdown(&md, 0);
        let texts: Vec<_> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Title line",
                "Some words with 5 * 3.",
                "one",
                "two",
                "Address Line two"
            ]
        );
    }
}
