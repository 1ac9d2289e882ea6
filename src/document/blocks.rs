//! Blocks: the paragraphs, list items, table rows and headings of a notice, with their text,
//! labels, links and byte ranges, collected from the event stream.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::sections::{collapse, strip_comments, strip_tags};
use super::{Block, BlockKind, HeadingForm, Spanned};

struct Frame {
    kind: BlockKind,
    level: u8,
    start: usize,
    text: String,
    urls: Vec<String>,
    /// Text length when a leading `<strong>` closed, if the block opened with one.
    strong_end: Option<usize>,
    strong_open: bool,
    /// Byte offset and text length at the first line break.
    first_break: Option<(usize, usize)>,
    /// Where in `text` the second line break falls (a sign-off's greeting is followed by a name).
    second_break: Option<usize>,
    explicit_id: Option<String>,
    /// Text of the first table cell of a row.
    first_cell: Option<String>,
}

pub(super) fn collect_blocks(events: &[Spanned]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut in_comment = false;
    let mut html_block: Option<HtmlBuf> = None;
    for (event, range) in events {
        match event {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Heading { level, id, .. } => {
                        stack.push(frame(
                            BlockKind::Heading,
                            heading_level(*level),
                            range.start,
                        ));
                        if let Some(id) = id {
                            stack.last_mut().unwrap().explicit_id = Some(id.to_string());
                        }
                        continue;
                    }
                    Tag::Paragraph => Some(BlockKind::Paragraph),
                    Tag::Item => Some(BlockKind::ListItem),
                    Tag::TableHead | Tag::TableRow => Some(BlockKind::TableRow),
                    Tag::CodeBlock(_) => Some(BlockKind::Code),
                    Tag::HtmlBlock => {
                        html_block = Some(HtmlBuf::default());
                        None
                    }
                    Tag::Strong => {
                        if let Some(f) = stack.last_mut()
                            && f.text.trim().is_empty()
                            && f.strong_end.is_none()
                        {
                            f.strong_open = true;
                        }
                        None
                    }
                    Tag::Link { dest_url, .. } => {
                        if let Some(f) = stack.last_mut() {
                            f.urls.push(dest_url.to_string());
                        }
                        None
                    }
                    _ => None,
                };
                if let Some(kind) = kind {
                    stack.push(frame(kind, 0, range.start));
                }
            }
            Event::End(tag) => match tag {
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock => {
                    if let Some(f) = stack.pop() {
                        finish(f, range.end, &mut blocks);
                    }
                }
                TagEnd::TableCell => {
                    if let Some(f) = stack.last_mut() {
                        if f.first_cell.is_none() {
                            f.first_cell = Some(collapse(&f.text));
                        }
                        f.text.push_str(" | ");
                    }
                }
                TagEnd::Strong => {
                    if let Some(f) = stack.last_mut()
                        && f.strong_open
                    {
                        f.strong_open = false;
                        f.strong_end = Some(f.text.len());
                    }
                }
                TagEnd::HtmlBlock => {
                    if let Some(buf) = html_block.take() {
                        html_blocks(&buf, range.end, &mut blocks);
                    }
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if in_comment {
                    continue;
                }
                if let Some(f) = stack.last_mut() {
                    f.text.push_str(t);
                }
            }
            Event::Html(t) => {
                if let Some(buf) = html_block.as_mut() {
                    buf.pieces.push((buf.raw.len(), range.start));
                    buf.raw.push_str(t);
                }
            }
            Event::InlineHtml(t) => {
                if let (Some(f), Some(href)) = (stack.last_mut(), href_of(t)) {
                    f.urls.push(href);
                }
                // A comment inside a paragraph may span several events.
                if t.starts_with("<!--") && !t.contains("-->") {
                    in_comment = true;
                } else if in_comment && t.contains("-->") {
                    in_comment = false;
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(f) = stack.last_mut() {
                    if f.first_break.is_none() {
                        f.first_break = Some((range.start, f.text.len()));
                    } else if f.second_break.is_none() {
                        f.second_break = Some(f.text.len());
                    }
                    f.text.push(' ');
                }
            }
            _ => {}
        }
    }
    blocks.sort_by_key(|b| b.range.start);
    blocks
}

fn frame(kind: BlockKind, level: u8, start: usize) -> Frame {
    Frame {
        kind,
        level,
        start,
        text: String::new(),
        urls: Vec::new(),
        strong_end: None,
        strong_open: false,
        first_break: None,
        second_break: None,
        explicit_id: None,
        first_cell: None,
    }
}

fn finish(f: Frame, end: usize, blocks: &mut Vec<Block>) {
    let text = collapse(&f.text);
    if text.is_empty() {
        return;
    }
    let label = match f.kind {
        BlockKind::TableRow => f
            .first_cell
            .clone()
            .filter(|c| is_label(c) && text.len() > c.len() + 3),
        BlockKind::Paragraph | BlockKind::ListItem => {
            colon_label(&text).or_else(|| capitals_label(&text))
        }
        _ => None,
    };
    let mut block = Block {
        kind: f.kind,
        text,
        label,
        urls: f.urls,
        range: f.start..end,
        heading: (f.kind == BlockKind::Heading).then_some(HeadingForm::Markdown),
        level: f.level,
        explicit_id: f.explicit_id,
        // Kept only where it could be a name (twelve words at most, for a signer who says what
        // they do after their name), so wrapped prose costs nothing.
        first_line: (f.kind == BlockKind::Paragraph)
            .then_some(f.first_break)
            .flatten()
            .map(|(_, at)| signer_line(&f.text, at, f.second_break))
            .filter(|line| (1..=12).contains(&line.split_whitespace().count()))
            .map(collapse),
    };
    if f.kind == BlockKind::Paragraph {
        let raw_len = f.text.trim_end().len();
        match (f.strong_end, f.first_break) {
            // The whole paragraph is bold.
            (Some(se), _) if se >= raw_len => {
                if looks_like_heading(&block.text) {
                    block.heading = Some(HeadingForm::Bold);
                }
            }
            // A bold first line followed by text: split into a heading and a paragraph.
            (Some(se), Some((break_at, break_len)))
                if se == break_len && looks_like_heading(&collapse(&f.text[..se])) =>
            {
                let head = collapse(&f.text[..se]);
                let rest = collapse(&f.text[se..]);
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    text: head,
                    label: None,
                    urls: Vec::new(),
                    range: f.start..break_at,
                    heading: Some(HeadingForm::Bold),
                    level: 0,
                    explicit_id: None,
                    first_line: None,
                });
                block.text = rest;
                block.range = break_at..end;
                block.first_line = None;
            }
            // A bold lead-in label: "**Retention:** we keep…".
            (Some(se), _) => {
                let label = collapse(&f.text[..se]);
                if !label.is_empty() && label.chars().count() <= 80 {
                    block.label = Some(label.trim_end_matches(':').trim().to_string());
                }
            }
            _ => {
                if is_all_caps_heading(&block.text) {
                    block.heading = Some(HeadingForm::AllCaps);
                } else if is_numbered_heading(&block.text) {
                    block.heading = Some(HeadingForm::Numbered);
                }
            }
        }
    }
    blocks.push(block);
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// `Storage period: until 2025` → `Storage period`: a short phrase before a colon, with
/// something after it.
fn colon_label(text: &str) -> Option<String> {
    let (head, rest) = text.split_once(':')?;
    let head = head.trim();
    (is_label(head)
        && !rest.trim().is_empty()
        && !rest.starts_with("//")
        && head.starts_with(|c: char| c.is_uppercase()))
    .then(|| head.to_string())
}

/// `HOW LONG WE KEEP IT. For as long as…` → `HOW LONG WE KEEP IT`: a lead-in in capitals ending
/// in a full stop, followed by a sentence. A name in capitals followed by anything but a sentence
/// ("EXAMPLE LABS INC. (\"Example\") makes…") is not a label.
fn capitals_label(text: &str) -> Option<String> {
    // Most paragraphs are ruled out by their first letters.
    let mut first = text.chars().filter(|c| c.is_alphabetic()).take(4);
    if !first.all(char::is_uppercase) {
        return None;
    }
    let (head, rest) = text.split_once(". ")?;
    let letters = head.chars().filter(|c| c.is_alphabetic());
    (is_label(head)
        && head.split_whitespace().count() <= 8
        && letters.clone().count() >= 4
        && letters.clone().all(char::is_uppercase)
        && rest.trim_start().starts_with(char::is_uppercase))
    .then(|| head.trim().to_string())
}

fn is_label(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=12).contains(&words) && text.chars().count() <= 90 && text.chars().any(char::is_alphabetic)
}

/// The `href` of an `<a …>` tag.
fn href_of(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    if !lower.starts_with("<a ") {
        return None;
    }
    let i = lower.find("href=")?;
    let rest = &tag[i + 5..];
    let quote = rest.chars().next()?;
    let value = if quote == '"' || quote == '\'' {
        rest[1..].split(quote).next()?
    } else {
        rest.split([' ', '>']).next()?
    };
    Some(value.to_string())
}

/// Raw HTML of a block, with the source offset of each piece.
#[derive(Default)]
struct HtmlBuf {
    raw: String,
    /// (offset in `raw`, offset in the source) for each Html event.
    pieces: Vec<(usize, usize)>,
}

impl HtmlBuf {
    fn source_offset(&self, raw_offset: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|(r, _)| *r <= raw_offset)
            .saturating_sub(1);
        self.pieces.get(i).map_or(0, |(r, s)| s + (raw_offset - r))
    }
}

/// Where each HTML comment lies: from `<!--` to the end of the next `-->` (or to the end), in
/// order, found in one pass. (Asking "is this tag in a comment?" by searching back from each tag
/// was quadratic: a 4 MiB line of `<div>`s took minutes.)
fn comment_spans(raw: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(i) = raw[from..].find("<!--") {
        let start = from + i;
        let end = raw[start..]
            .find("-->")
            .map_or(raw.len(), |j| start + j + 3);
        #[cfg(test)]
        crate::document::tests::SEARCHED.with(|n| n.set(n.get() + (end - from)));
        spans.push((start, end));
        from = end;
    }
    #[cfg(test)]
    crate::document::tests::SEARCHED.with(|n| n.set(n.get() + (raw.len() - from)));
    spans
}

/// An HTML block becomes one block per row, paragraph, list item or heading, so a table of
/// "label | value" rows reads like a list of labelled paragraphs.
fn html_blocks(buf: &HtmlBuf, end: usize, blocks: &mut Vec<Block>) {
    let raw = &buf.raw;
    let lower = raw.to_ascii_lowercase();
    let mut cuts = vec![0];
    for tag in [
        "<tr", "<p>", "<p ", "<li", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<div", "<dt", "<br",
    ] {
        cuts.extend(lower.match_indices(tag).map(|(i, _)| i));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.push(raw.len());
    let comments = comment_spans(raw);
    let in_comment = |at: usize| {
        let k = comments.partition_point(|(start, _)| *start < at);
        k > 0 && at < comments[k - 1].1
    };
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a > 0 && in_comment(a) {
            continue;
        }
        let segment = strip_comments(&raw[a..b]);
        let seg_lower = segment.to_ascii_lowercase();
        let cells: Vec<String> = if seg_lower.starts_with("<tr") {
            seg_lower
                .match_indices("<t")
                .filter(|(i, _)| {
                    seg_lower[*i..].starts_with("<td") || seg_lower[*i..].starts_with("<th")
                })
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
                .iter()
                .map(|&i| {
                    let next = seg_lower[i + 3..]
                        .find("<t")
                        .map_or(segment.len(), |j| i + 3 + j);
                    collapse(&strip_tags(&segment[i..next]))
                })
                .filter(|c| !c.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        let text = if cells.is_empty() {
            collapse(&strip_tags(&segment))
        } else {
            cells.join(" | ")
        };
        if text.is_empty() {
            continue;
        }
        let heading_level = seg_lower
            .strip_prefix("<h")
            .and_then(|r| r.chars().next())
            .and_then(|c| c.to_digit(10))
            .filter(|l| (1..=6).contains(l));
        let label = if cells.len() >= 2 && is_label(&cells[0]) {
            Some(cells[0].clone())
        } else {
            colon_label(&text)
        };
        let urls = segment
            .match_indices("href=")
            .filter_map(|(i, _)| href_of(&format!("<a {}", &segment[i..])))
            .collect();
        let start = buf.source_offset(a);
        let stop = if b >= raw.len() {
            end
        } else {
            buf.source_offset(b)
        };
        blocks.push(Block {
            kind: if heading_level.is_some() {
                BlockKind::Heading
            } else {
                BlockKind::Html
            },
            text,
            label,
            urls,
            range: start..stop.max(start),
            heading: heading_level.map(|_| HeadingForm::Html),
            level: heading_level.unwrap_or(0) as u8,
            explicit_id: None,
            first_line: None,
        });
    }
}

/// A paragraph's first line (it ends at `at`), or the line after it where the first is a
/// sign-off's greeting ("Cheers," over "Davie McAllister"): the line that could be a name.
fn signer_line(text: &str, at: usize, second_break: Option<usize>) -> &str {
    let first = &text[..at];
    let greeting = first.trim_end().ends_with(',') && first.split_whitespace().count() <= 3;
    if !greeting {
        return first;
    }
    // The break itself was written as one space.
    let start = (at + 1).min(text.len());
    let end = second_break.unwrap_or(text.len()).max(start);
    text.get(start..end).unwrap_or(first)
}

/// A short line without a full stop could be a heading.
pub(crate) fn looks_like_heading(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    !t.is_empty()
        && t.chars().count() <= 90
        && words <= 14
        && !t.ends_with(['.', ',', ';'])
        && t.chars().any(char::is_alphabetic)
}

fn is_all_caps_heading(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase()) && looks_like_heading(text)
}

fn is_numbered_heading(text: &str) -> bool {
    let t = text.trim();
    let Some((num, rest)) = t.split_once(char::is_whitespace) else {
        return false;
    };
    let num = num.trim_end_matches('.');
    let numeric = !num.is_empty()
        && num
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    numeric
        && rest.trim_start().starts_with(|c: char| c.is_uppercase())
        && looks_like_heading(t)
        && t.split_whitespace().count() <= 10
}
