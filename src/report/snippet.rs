//! The common finding drawn without annotate-snippets: plain output (no colour), one line of
//! characters one column wide each (ASCII, Latin-1, Latin Extended-A, the common punctuation),
//! texts without control characters. For these the drawing follows a fixed recipe (the
//! margin annotate-snippets computes for one span, its `...` where the line is cut, no
//! multi-line markers), and making it directly costs a few thousand instructions instead of
//! ~100,000 (annotate-snippets lays every finding out in a grid of styled characters,
//! whatever its shape). Anything else, [`simple`] declines and annotate-snippets draws it.
//! The tests below compare the two on every shape of finding, and on random ones.

use std::fmt::Write as _;

use super::human::Finding;
use crate::lint::Level;

/// annotate-snippets' default width (`DEFAULT_TERM_WIDTH`).
const TERM_WIDTH: usize = 140;

/// The margin's constants (annotate-snippets' `margin.rs`).
const ELLIPSIS_PASSING: usize = 6;
const LONG_WHITESPACE: usize = 20;
const LONG_WHITESPACE_PADDING: usize = 4;
const MIN_PAD: usize = 5;
const ELLIPSIS: &str = "...";
const DOTS: [char; 3] = ['.'; 3];

/// A character annotate-snippets draws as it is, one column wide (its `char_width` is 1 and
/// it is not in its replacement table). Checked against annotate-snippets one by one in the
/// tests.
fn one_column(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{17f}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{203e}'
        | '\u{20ac}'
        | '\u{2122}')
}

/// Text annotate-snippets writes as it is (a title or a message): one line, no character it
/// replaces.
fn verbatim(s: &str) -> bool {
    s.chars().all(|c| {
        !c.is_control()
            && !matches!(c, '\u{200d}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// One line of annotate-snippets' grid: `puts` writes over it from a column, padding with
/// spaces.
struct Row(Vec<char>);

impl Row {
    fn puts(&mut self, col: usize, s: &[char]) {
        if s.is_empty() {
            return;
        }
        if col + s.len() > self.0.len() {
            self.0.resize(col + s.len(), ' ');
        }
        self.0[col..col + s.len()].copy_from_slice(s);
    }

    fn putc(&mut self, col: usize, c: char) {
        self.puts(col, &[c]);
    }

    /// `c` at columns `from..to`.
    fn fill(&mut self, from: usize, to: usize, c: char) {
        if to > self.0.len() {
            self.0.resize(to, ' ');
        }
        self.0[from..to].fill(c);
    }

    /// `StyledBuffer::replace`.
    fn replace(&mut self, start: usize, end: usize, s: &str) {
        if start == end || start > self.0.len() || end > self.0.len() {
            return;
        }
        self.0.splice(start..end, s.chars());
    }

    fn push_to(&self, out: &mut String) {
        out.extend(self.0.iter());
        out.push('\n');
    }
}

/// `Margin::new` and `Margin::compute` for one span: (computed left, computed right).
fn margin(
    whitespace: usize,
    span: (usize, usize),
    width: usize,
    line_len: usize,
) -> (usize, usize) {
    let whitespace_left = whitespace.min(span.0).saturating_sub(ELLIPSIS_PASSING);
    let span_left = span.0.saturating_sub(ELLIPSIS_PASSING);
    let span_right = span.1 + ELLIPSIS_PASSING;
    let label_right = span.1 + ELLIPSIS_PASSING;
    let mut left = if whitespace_left > LONG_WHITESPACE {
        whitespace_left - (LONG_WHITESPACE - LONG_WHITESPACE_PADDING)
    } else {
        0
    };
    let mut right = line_len.max(left);
    if right - left > width {
        if label_right.saturating_sub(whitespace_left) <= width && label_right >= whitespace_left {
            left = whitespace_left;
            right = left + width;
        } else if label_right - span_left <= width {
            let padding = (width - (label_right - span_left)) / 2;
            left = span_left.saturating_sub(padding);
            right = left + width;
        } else if span_right - span_left <= width {
            let padding = (width - (span_right - span_left)) / 5 * 2;
            left = span_left.saturating_sub(padding);
            right = left + width;
        } else {
            left = span_left;
            right = span_right;
        }
    }
    (left, right)
}

/// `f` drawn exactly as annotate-snippets' plain ASCII renderer draws it, when `f` is of the
/// simple kind; `None` otherwise.
pub(crate) fn simple(f: &Finding) -> Option<String> {
    let texts = [f.code, f.message, f.path, f.help, f.more];
    if f.span.start > f.span.end
        || f.span.end > f.excerpt.len()
        || !f.excerpt.chars().all(one_column)
        || !texts.iter().all(|t| verbatim(t))
        || !f.note.is_none_or(verbatim)
    {
        return None;
    }
    let level = match f.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    };
    let n = digits(f.line);
    let pad = " ".repeat(n);
    let line: Vec<char> = f.excerpt.chars().collect();
    let len = line.len();
    // Every character is one column: columns are character indices.
    let start = f.excerpt[..f.span.start].chars().count();
    let mut end = f.excerpt[..f.span.end].chars().count();
    if end == start {
        end += 1; // an empty span is drawn as one `^`
    }
    let code_offset = 3 + n;
    let width = TERM_WIDTH.saturating_sub(code_offset);
    let whitespace = if line.iter().all(|c| c.is_whitespace()) {
        0
    } else {
        line.iter().take_while(|c| c.is_whitespace()).count()
    };
    let (computed_left, computed_right) = margin(whitespace, (start, end), width, len);
    let left = computed_left.min(len);
    let right = if len.saturating_sub(computed_left) <= width {
        len
    } else {
        len.min(computed_right)
    };
    let code = &line[left..right.max(left)];

    // The source line (`draw_line`) and the underline.
    let mut source = Row(Vec::with_capacity(code_offset + code.len()));
    let mut taken = 0;
    if computed_left > 0 {
        taken = code.len().min(ELLIPSIS.len());
        source.puts(code_offset, &DOTS);
    }
    source.puts(code_offset + taken, &code[taken..]);
    if len > right {
        let from_end = code.len().min(ELLIPSIS.len());
        let at = (code_offset + taken + code.len() - taken).checked_sub(from_end)?;
        source.puts(at, &DOTS);
    }
    let number: Vec<char> = f.line.to_string().chars().collect();
    source.puts(0, &number);
    source.putc(n + 1, '|');
    let mut under = Row(Vec::with_capacity(code_offset + end));
    under.putc(n + 1, '|');
    // `^` at `(code_offset + p).saturating_sub(left)` for each `p` in the span: a run of
    // columns (those left of the window all land on column 0).
    under.fill(
        (code_offset + start).saturating_sub(left),
        (code_offset + end - 1).saturating_sub(left) + 1,
        '^',
    );
    let span_width = end - start;
    if span_width > width * 2 && span_width > MIN_PAD * 2 + ELLIPSIS.len() {
        let cut = (width / 3).max(MIN_PAD);
        let from = code_offset + (start + cut).saturating_sub(left);
        let to = code_offset + (end - cut).saturating_sub(left);
        source.replace(from, to, ELLIPSIS);
        under.replace(from, to, ELLIPSIS);
    }

    let mut out = String::with_capacity(
        256 + 2 * f.excerpt.len() + f.message.len() + f.help.len() + f.path.len(),
    );
    let _ = writeln!(out, "{level}[{}]: {}", f.code, f.message);
    let _ = writeln!(out, "{pad}--> {}:{}:{}", f.path, f.line, start + 1);
    let _ = writeln!(out, "{pad} |");
    source.push_to(&mut out);
    under.push_to(&mut out);
    let _ = writeln!(out, "{pad} |");
    if !f.help.is_empty() {
        let _ = writeln!(out, "{pad} = help: {}", f.help);
    }
    if let Some(note) = f.note {
        let _ = writeln!(out, "{pad} = note: {note}");
    }
    let _ = write!(out, "{pad} = help: {}", f.more);
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use annotate_snippets::Renderer;
    use annotate_snippets::renderer::DecorStyle;

    use super::*;
    use crate::report::human::annotate;

    fn finding<'a>(
        line: usize,
        excerpt: &'a str,
        span: Range<usize>,
        texts: [&'a str; 4],
        note: Option<&'a str>,
        level: Level,
    ) -> Finding<'a> {
        Finding {
            level,
            code: "INF123",
            message: texts[0],
            path: texts[1],
            line,
            excerpt,
            span,
            help: texts[2],
            note,
            more: texts[3],
        }
    }

    fn plain() -> Renderer {
        Renderer::plain().decor_style(DecorStyle::Ascii)
    }

    /// When `simple` draws `f`, it draws what annotate-snippets draws.
    fn same(f: &Finding) -> bool {
        match simple(f) {
            Some(ours) => {
                let theirs = annotate(&plain(), f);
                assert_eq!(ours, theirs, "line {} {:?} {:?}", f.line, f.excerpt, f.span);
                true
            }
            None => false,
        }
    }

    #[test]
    fn draws_the_usual_findings_as_annotate_snippets_does() {
        let texts = [
            "the notice does not say how long data is kept",
            "content/staff.md",
            "state a period for each purpose",
            "for more information: `informed explain INF110`",
        ];
        let long = "x".repeat(135);
        let cases: [(usize, &str, Range<usize>); 12] = [
            (2, "title: \"Staff survey\"", 0..21),
            (12, "## How we use your data", 0..23),
            (9, "We keep it for 7 years.", 11..14),
            (130, "We keep it for 7 years.", 23..23),
            (7, "", 0..0),
            (1, "   indented text", 3..7),
            (99999, "a", 0..1),
            (3, "No newline at the end", 21..21),
            (4, "empty span inside", 5..5),
            (1, &long, 0..135),
            (5, "                    twenty spaces", 20..25),
            (10, "trailing spaces   ", 0..18),
        ];
        for (line, excerpt, span) in cases {
            for note in [None, Some("UK GDPR Article 13(2)(a)")] {
                for help in ["", texts[2]] {
                    let t = [texts[0], texts[1], help, texts[3]];
                    for level in [Level::Error, Level::Warning, Level::Info] {
                        let f = finding(line, excerpt, span.clone(), t, note, level);
                        assert!(same(&f), "declined {excerpt:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn declines_what_it_does_not_draw() {
        let t = ["m", "p.md", "h", "more"];
        let declined: [(usize, &str, Range<usize>); 6] = [
            (1, "tab\there", 0..3),
            (1, "two\nlines", 0..6),
            (1, "ctrl\u{1b}", 0..3),
            (1, "wide 漢字", 0..3),
            (1, "combining e\u{301}", 0..3),
            (1, "emoji 🙂", 0..3),
        ];
        for (line, excerpt, span) in declined {
            let f = finding(line, excerpt, span, t, None, Level::Info);
            assert!(simple(&f).is_none(), "{excerpt:?}");
        }
        let joiner = ["a\u{200d}b", "p", "h", "m"];
        let f = finding(1, "ok", 0..2, joiner, None, Level::Info);
        assert!(simple(&f).is_none());
    }

    #[test]
    fn every_one_column_character_is_one_column_to_annotate_snippets() {
        let t = ["m “quoted” – é", "content/é.md", "h", "more"];
        for c in (0..=0x2200)
            .filter_map(char::from_u32)
            .filter(|&c| one_column(c))
        {
            let excerpt = format!("a{c}b c{c}");
            let at = excerpt.find('b').unwrap();
            let f = finding(3, &excerpt, at..at + 1, t, None, Level::Info);
            assert!(same(&f), "{c:?}");
            let f = finding(3, &excerpt, 0..excerpt.len(), t, None, Level::Info);
            assert!(same(&f), "{c:?}");
        }
    }

    #[test]
    fn long_lines_are_cut_as_annotate_snippets_cuts_them() {
        let t = ["m", "content/n.md", "h", "more"];
        for len in [
            120, 131, 136, 137, 140, 141, 200, 273, 274, 275, 290, 400, 900,
        ] {
            for indent in [0, 4, 20, 21, 27, 40] {
                let text: String = (0..len)
                    .map(|i| {
                        if i < indent {
                            ' '
                        } else {
                            (b'a' + (i % 26) as u8) as char
                        }
                    })
                    .collect();
                let text = text.replacen('q', "’", 3);
                let ends = [0, indent, len / 3, len / 2, len - 1, text.len()];
                for &a in &ends {
                    for &b in &ends {
                        let (a, b) = (a.min(b), a.max(b));
                        if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                            continue;
                        }
                        for line in [7, 12345] {
                            let f = finding(line, &text, a..b, t, None, Level::Error);
                            assert!(same(&f), "len {len} indent {indent} {a}..{b}");
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_annotate_snippets(
            line in 1usize..200_000,
            excerpt in "[ a-z.,()\"'`#*\u{a0}é’“”–-]{0,400}",
            a in 0usize..1000,
            b in 0usize..1000,
            message in "[ a-zA-Z()\"'`.’–-]{0,80}",
            help in "[ a-z]{0,40}",
            note in proptest::option::of("[ a-zA-Z0-9()/;]{1,40}"),
        ) {
            let mut a = a.min(excerpt.len());
            let mut b = b.min(excerpt.len());
            while !excerpt.is_char_boundary(a) { a -= 1; }
            while !excerpt.is_char_boundary(b) { b -= 1; }
            let span = a.min(b)..a.max(b);
            let t = [message.as_str(), "content/n.md", help.as_str(), "for more: `x`"];
            let f = finding(line, &excerpt, span, t, note.as_deref(), Level::Warning);
            proptest::prop_assert!(same(&f));
        }
    }
}
