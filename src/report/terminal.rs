//! Text from a notice on its way to a terminal: a title, a heading, a file name, a message
//! quoting the text. Terminals act on control characters (ESC starts a sequence that can clear
//! the screen, set the window title or write to the clipboard; CR rewrites the line) and
//! bidirectional overrides reorder what is shown, so none of them is printed raw: each is shown
//! escaped, as Rust writes it (`\u{1b}`, `\u{202e}`), and can still be read and searched for.

use std::borrow::Cow;

/// Characters never printed raw: every control character (C0, DEL, C1) but newline and tab,
/// the bidirectional marks, embeddings, overrides and isolates, and the Unicode line and
/// paragraph separators.
pub(crate) fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Whether `s` has no [`is_unsafe`] character (its ASCII looked at byte by byte).
pub(crate) fn is_visible(s: &str) -> bool {
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b >= 0x80 {
            return !s[i..].chars().any(is_unsafe);
        }
        if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
            return false;
        }
    }
    true
}

/// `s` with every [`is_unsafe`] character escaped (`\u{1b}`); newlines and tabs kept.
pub(crate) fn visible(s: &str) -> Cow<'_, str> {
    if is_visible(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// One line of text (a message, a quoted phrase): as [`visible`], and newlines and tabs
/// become spaces.
pub(crate) fn one_line(s: &str) -> String {
    if is_visible(s) && !s.contains(['\n', '\t']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            c => push_visible(&mut out, c),
        }
    }
    out
}

/// Coloured output that informed drew itself: the colour sequences it wrote (SGR, `ESC [
/// digits ; … m`) are kept, every other unsafe character is escaped. The text from notices in
/// it must already be [`visible`], or a colour sequence in a notice would pass as ours.
pub(crate) fn keep_colours(s: &str) -> Cow<'_, str> {
    if is_visible(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && let Some(len) = sgr_len(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        push_visible(&mut out, c);
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of the SGR sequence `s` starts with, if it starts with one.
fn sgr_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\u{1b}[")?;
    let params = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

fn push_visible(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.extend(c.escape_unicode());
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_visibly() {
        assert_eq!(
            visible("a\u{1b}]0;pwned\u{7}b\rc\u{202e}d\u{9b}e\n\tf"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{d}c\\u{202e}d\\u{9b}e\n\tf"
        );
        assert!(matches!(visible("plain é ✓"), Cow::Borrowed(_)));
        for s in [
            "a\u{7f}",
            "a\u{0}",
            "é\u{1b}",
            "\u{85}",
            "a\u{202e}",
            "x\ry",
        ] {
            assert!(!is_visible(s), "{s:?}");
            assert_ne!(visible(s), s);
        }
        assert!(is_visible("tab\tand\nnewline é ✓"));
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(one_line("a\nb\tc\u{1b}"), "a b c\\u{1b}");
    }

    #[test]
    fn only_colour_sequences_survive_in_coloured_text() {
        let s = "\u{1b}[1m\u{1b}[38;5;12mok\u{1b}[0m \u{1b}[2J \u{1b}]0;t\u{7} \u{1b}[";
        assert_eq!(
            keep_colours(s),
            "\u{1b}[1m\u{1b}[38;5;12mok\u{1b}[0m \\u{1b}[2J \\u{1b}]0;t\\u{7} \\u{1b}["
        );
    }
}
