//! The document model: what a notice says, block by block, and how it is divided into sections.
//!
//! Built once per notice from a stream of pulldown-cmark events (real Markdown, or events
//! synthesised from a plain-text page) and read by every later stage: the linter reads blocks and
//! sections, the renderer replays the events. Every block and section keeps its byte range in
//! the original file, so a finding can always be mapped back to a line and column.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

/// An event with its byte range in the original file.
pub type Spanned = (Event<'static>, Range<usize>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    TableRow,
    Code,
    Html,
}

/// How a heading was written. Real notices mark sections in many ways, and all of them count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingForm {
    /// `#` or setext Markdown heading.
    Markdown,
    /// A paragraph that is entirely bold (`**Retention**`), or a bold first line.
    Bold,
    /// A short line in capitals (`LEGAL BASIS FOR PROCESSING`).
    AllCaps,
    /// A short numbered line (`1.3 Legal basis of processing`).
    Numbered,
    /// A short line standing alone in a plain-text page.
    PlainLine,
    /// An `<h1>`–`<h6>` inside raw HTML.
    Html,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Plain text of the block: inline markup removed, HTML comments dropped, breaks as spaces.
    pub text: String,
    /// A lead-in label, if the block starts with one: bold (`**Retention:** we keep…`), a short
    /// phrase before a colon (`Storage period: until 2025`), or a table row's first cell.
    pub label: Option<String>,
    /// Link targets inside the block (an address can sit only in an `href`).
    pub urls: Vec<String>,
    pub range: Range<usize>,
    /// Set when the block acts as a heading.
    pub heading: Option<HeadingForm>,
    /// Heading level for heading blocks (1–6).
    pub level: u8,
    /// An explicit heading id (`## Title {#id}`).
    #[serde(skip)]
    pub explicit_id: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Section {
    pub title: String,
    /// 0 for the root (text before the first heading), else 1–6.
    pub level: u8,
    /// The `id` the rendered page gives this section.
    pub anchor: String,
    pub form: Option<HeadingForm>,
    /// Index of the heading block.
    pub heading_block: Option<usize>,
    /// Bytes from the heading to the start of the next section that closes this one.
    pub range: Range<usize>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Indices of the blocks directly in this section (not in sub-sections).
    pub blocks: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// `sections[0]` is the root; the rest in document order.
    pub sections: Vec<Section>,
    /// The events the renderer replays.
    pub events: Vec<Spanned>,
    /// Anchor ids by the byte offset where the heading (or heading-like paragraph) starts.
    pub anchors: HashMap<usize, String>,
    /// A level-1 heading at the very start, used as the title when front matter gives none.
    pub leading_h1: Option<usize>,
}

impl Document {
    /// Sections other than the root.
    pub fn headed_sections(&self) -> impl Iterator<Item = (usize, &Section)> {
        self.sections.iter().enumerate().skip(1)
    }

    /// The innermost section containing byte `offset`.
    pub fn section_at(&self, offset: usize) -> usize {
        let mut best = 0;
        for (i, s) in self.headed_sections() {
            if s.range.contains(&offset) {
                best = i;
            }
        }
        best
    }

    /// All blocks of a section and its sub-sections, in order.
    pub fn section_blocks(&self, index: usize) -> Vec<usize> {
        let mut out = self.sections[index].blocks.clone();
        for &child in &self.sections[index].children {
            if let Some(h) = self.sections[child].heading_block {
                out.push(h);
            }
            out.extend(self.section_blocks(child));
        }
        out.sort_unstable();
        out
    }
}

/// Markdown options used everywhere a notice is parsed.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parse a Markdown body that starts at byte `body_start` of `text`.
pub fn parse_markdown(text: &str, body_start: usize) -> Document {
    let body = &text[body_start..];
    let events: Vec<Spanned> = pulldown_cmark::Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .map(|(ev, r)| (ev.into_static(), r.start + body_start..r.end + body_start))
        .collect();
    build(events, text.len())
}

/// Build blocks and sections from an event stream (Markdown or synthesised).
pub fn build(events: Vec<Spanned>, text_len: usize) -> Document {
    let blocks = collect_blocks(&events);
    let mut doc = Document {
        blocks,
        events,
        ..Document::default()
    };
    build_sections(&mut doc, text_len);
    doc
}

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
    explicit_id: Option<String>,
    /// Text of the first table cell of a row.
    first_cell: Option<String>,
}

fn collect_blocks(events: &[Spanned]) -> Vec<Block> {
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
        BlockKind::Paragraph | BlockKind::ListItem => colon_label(&text),
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
                });
                block.text = rest;
                block.range = break_at..end;
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
    let in_comment = |at: usize| {
        let before = &raw[..at];
        before
            .rfind("<!--")
            .is_some_and(|o| before[o..].find("-->").is_none())
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
        });
    }
}

/// A short line without a full stop could be a heading.
pub fn looks_like_heading(text: &str) -> bool {
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

fn build_sections(doc: &mut Document, text_len: usize) {
    let mut sections = vec![Section {
        title: String::new(),
        level: 0,
        anchor: String::new(),
        form: None,
        heading_block: None,
        range: 0..text_len,
        parent: None,
        children: Vec::new(),
        blocks: Vec::new(),
    }];
    let mut slugs = SlugSet::default();
    let mut open: Vec<usize> = vec![0];
    for (bi, block) in doc.blocks.iter().enumerate() {
        let Some(form) = block.heading else {
            sections[*open.last().unwrap()].blocks.push(bi);
            continue;
        };
        let level = if matches!(form, HeadingForm::Markdown | HeadingForm::Html) {
            block.level.max(1)
        } else {
            // An implicit heading sits one level below the innermost Markdown heading,
            // and closes any implicit section before it.
            while open.len() > 1
                && !matches!(
                    sections[*open.last().unwrap()].form,
                    Some(HeadingForm::Markdown | HeadingForm::Html)
                )
            {
                close(&mut sections, &mut open, block.range.start);
            }
            (sections[*open.last().unwrap()].level + 1).clamp(2, 6)
        };
        while open.len() > 1 && sections[*open.last().unwrap()].level >= level {
            close(&mut sections, &mut open, block.range.start);
        }
        if bi == 0 && form == HeadingForm::Markdown && level == 1 {
            doc.leading_h1 = Some(bi);
        }
        let anchor = match &block.explicit_id {
            Some(id) => slugs.claim_exact(id),
            None => slugs.claim(&block.text),
        };
        doc.anchors.insert(block.range.start, anchor.clone());
        let parent = *open.last().unwrap();
        let index = sections.len();
        sections.push(Section {
            title: block.text.clone(),
            level,
            anchor,
            form: Some(form),
            heading_block: Some(bi),
            range: block.range.start..text_len,
            parent: Some(parent),
            children: Vec::new(),
            blocks: Vec::new(),
        });
        sections[parent].children.push(index);
        open.push(index);
    }
    doc.sections = sections;
}

fn close(sections: &mut [Section], open: &mut Vec<usize>, at: usize) {
    if let Some(i) = open.pop() {
        sections[i].range.end = at;
    }
}

/// Heading anchors: lower-case words joined by hyphens, made unique with a numeric suffix.
#[derive(Default)]
pub struct SlugSet {
    seen: HashMap<String, usize>,
}

impl SlugSet {
    pub fn claim(&mut self, text: &str) -> String {
        let base = slugify(text);
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let n = self.seen.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{}", *n - 1)
        }
    }
}

impl SlugSet {
    /// Keep an author's explicit id as written.
    pub fn claim_exact(&mut self, id: &str) -> String {
        *self.seen.entry(id.to_string()).or_insert(0) += 1;
        id.to_string()
    }
}

pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            dash = true;
        }
    }
    out
}

/// Collapse runs of whitespace into single spaces.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Remove `<!-- … -->` comments (an unclosed comment runs to the end).
pub fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i + 4..].find("-->") {
            Some(j) => rest = &rest[i + 4 + j + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Helper for synthesising events.
pub fn text_event(s: &str) -> Event<'static> {
    Event::Text(CowStr::from(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> Document {
        parse_markdown(md, 0)
    }

    #[test]
    fn sections_nest_by_level() {
        let d = doc(
            "Intro\n\n## Your data\n\n### Purpose\n\nWe use it.\n\n## Your rights\n\nYou may.\n",
        );
        let titles: Vec<_> = d
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.level, s.parent))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("", 0, None),
                ("Your data", 2, Some(0)),
                ("Purpose", 3, Some(1)),
                ("Your rights", 2, Some(0))
            ]
        );
        assert_eq!(d.sections[1].range.end, d.sections[3].range.start);
        assert_eq!(d.blocks[d.sections[0].blocks[0]].text, "Intro");
    }

    #[test]
    fn implicit_headings_are_recognised() {
        let d = doc(
            "**LEGAL BASIS**\n\nPublic task.\n\nRETENTION PERIOD\n\nTwo years.\n\n1.3 Legal basis of processing\n\nx\n\n**Rights**\nYou may ask.\n",
        );
        let forms: Vec<_> = d
            .headed_sections()
            .map(|(_, s)| (s.title.clone(), s.form.unwrap()))
            .collect();
        assert_eq!(
            forms,
            vec![
                ("LEGAL BASIS".into(), HeadingForm::Bold),
                ("RETENTION PERIOD".into(), HeadingForm::AllCaps),
                (
                    "1.3 Legal basis of processing".into(),
                    HeadingForm::Numbered
                ),
                ("Rights".into(), HeadingForm::Bold),
            ]
        );
        let rights = &d.sections[4];
        assert_eq!(d.blocks[rights.blocks[0]].text, "You may ask.");
    }

    #[test]
    fn comments_do_not_count() {
        let d = doc("Keep <!-- hidden\nmore --> this\n\n<!--\n## Retention\nWe keep it.\n-->\n");
        let text: Vec<_> = d.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(text, vec!["Keep this"]);
    }

    #[test]
    fn bold_label_is_kept() {
        let d = doc("**Retention:** we keep data for 2 years.\n");
        assert_eq!(d.blocks[0].label.as_deref(), Some("Retention"));
        assert!(d.blocks[0].heading.is_none());
    }

    #[test]
    fn colon_labels_and_html_tables() {
        let d = doc(
            "- Storage period: until 2025\n- see https://x.example\n\n<table>\n<tr><td>Data retention</td><td>Kept for three months.</td></tr>\n<tr><td>Contact</td><td><a href=\"mailto:a@b.example\">a[at]b</a></td></tr>\n</table>\n",
        );
        let labels: Vec<_> = d.blocks.iter().map(|b| b.label.clone()).collect();
        assert_eq!(labels[0].as_deref(), Some("Storage period"));
        assert_eq!(labels[1], None);
        let rows: Vec<_> = d
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Html)
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].label.as_deref(), Some("Data retention"));
        assert_eq!(rows[0].text, "Data retention | Kept for three months.");
        assert_eq!(rows[1].urls, vec!["mailto:a@b.example".to_string()]);
        let src = "- Storage period: until 2025\n- see https://x.example\n\n<table>\n<tr><td>Data retention</td>";
        assert!(src.len() <= rows[0].range.start + 30);
    }

    #[test]
    fn anchors_are_unique_and_stable() {
        let d = doc("## Your rights\n\n## Your rights\n\n## Héllo wörld {#custom}\n");
        let a: Vec<_> = d.headed_sections().map(|(_, s)| s.anchor.clone()).collect();
        assert_eq!(a, vec!["your-rights", "your-rights-1", "custom"]);
    }

    #[test]
    fn setext_and_tight_lists() {
        let d = doc("Purpose\n=======\n\n- one\n- two\n");
        assert_eq!(d.sections[1].title, "Purpose");
        assert_eq!(d.blocks.len(), 3);
        assert_eq!(d.blocks[2].kind, BlockKind::ListItem);
    }
}
