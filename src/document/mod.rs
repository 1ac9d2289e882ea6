//! The document model: what a notice says, block by block, and how it is divided into sections.
//!
//! Built once per notice from a stream of pulldown-cmark events (real Markdown, or events
//! synthesised from a plain-text page) and read by every later stage: the linter reads blocks and
//! sections, the renderer replays the events. Every block and section keeps its byte range in
//! the original file, so a finding can always be mapped back to a line and column.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

/// An event with its byte range in the original file.
pub(crate) type Spanned = (Event<'static>, Range<usize>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum BlockKind {
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
pub(crate) enum HeadingForm {
    /// `#` or setext Markdown heading.
    Markdown,
    /// A paragraph that is entirely bold (`**Retention**`), or a bold first line.
    Bold,
    /// A short line in capitals (`LEGAL BASIS FOR PROCESSING`).
    AllCaps,
    /// A short numbered line (`1.3 Legal basis of processing`).
    Numbered,
    /// An `<h1>`–`<h6>` inside raw HTML.
    Html,
}

#[derive(Debug, Clone, serde::Serialize)]
/// One block of a notice: a heading, paragraph, list item, table cell or code block.
pub struct Block {
    pub(crate) kind: BlockKind,
    /// Plain text of the block: inline markup removed, HTML comments dropped, breaks as spaces.
    pub text: String,
    /// A lead-in label, if the block starts with one: bold (`**Retention:** we keep…`), a short
    /// phrase before a colon (`Storage period: until 2025`), or a table row's first cell.
    pub label: Option<String>,
    /// Link targets inside the block (an address can sit only in an `href`).
    pub urls: Vec<String>,
    /// Its bytes in the source text.
    pub range: Range<usize>,
    /// Set when the block acts as a heading.
    pub(crate) heading: Option<HeadingForm>,
    /// Heading level for heading blocks (1–6).
    pub level: u8,
    /// An explicit heading id (`## Title {#id}`).
    #[serde(skip)]
    pub explicit_id: Option<String>,
    /// A paragraph's first line, when a line break follows it: a name above an address or a
    /// role ("Morwenna Trevaskis" over "Owner, Gwel an Mor, Chapel Row"). After a sign-off's
    /// greeting ("Cheers,"), the line below it, where the signer's name stands.
    #[serde(skip)]
    pub(crate) first_line: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
/// A heading and the blocks under it, up to the next heading of the same or a higher level.
pub struct Section {
    pub(crate) title: String,
    /// 0 for the root (text before the first heading), else 1–6.
    pub level: u8,
    /// The `id` the rendered page gives this section.
    pub anchor: String,
    pub(crate) form: Option<HeadingForm>,
    /// Index of the heading block.
    pub heading_block: Option<usize>,
    /// Bytes from the heading to the start of the next section that closes this one.
    pub range: Range<usize>,
    pub(crate) parent: Option<usize>,
    pub(crate) children: Vec<usize>,
    /// Indices of the blocks directly in this section (not in sub-sections).
    pub blocks: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
/// A notice's body as blocks and sections, each with its byte range in the source.
pub struct Document {
    /// Every block, in reading order.
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
    /// Every table with a header row, by column: the header row's block, the header cell, and
    /// the cells under it joined as sentences.
    pub(crate) fn table_columns(&self) -> Vec<(usize, String, String)> {
        tables::table_columns(self)
    }

    /// Sections other than the root.
    pub(crate) fn headed_sections(&self) -> impl Iterator<Item = (usize, &Section)> {
        self.sections.iter().enumerate().skip(1)
    }

    /// The innermost section containing byte `offset`.
    pub(crate) fn section_at(&self, offset: usize) -> usize {
        let mut best = 0;
        for (i, s) in self.headed_sections() {
            if s.range.contains(&offset) {
                best = i;
            }
        }
        best
    }

    /// All blocks of a section and its sub-sections, in order.
    pub(crate) fn section_blocks(&self, index: usize) -> Vec<usize> {
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
pub(crate) fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parse a Markdown body that starts at byte `body_start` of `text`.
pub(crate) fn parse_markdown(text: &str, body_start: usize) -> Document {
    let body = &text[body_start..];
    let events: Vec<Spanned> = pulldown_cmark::Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .map(|(ev, r)| (ev.into_static(), r.start + body_start..r.end + body_start))
        .collect();
    build(events, text.len())
}

mod blocks;
mod sections;
mod tables;
#[cfg(test)]
mod tests;

pub(crate) use blocks::looks_like_heading;
pub use sections::RESERVED_IDS;
pub(crate) use sections::{collapse, slugify, strip_comments};

/// Build blocks and sections from an event stream (Markdown or synthesised).
pub(crate) fn build(events: Vec<Spanned>, text_len: usize) -> Document {
    let blocks = blocks::collect_blocks(&events);
    let mut doc = Document {
        blocks,
        events,
        ..Document::default()
    };
    sections::build_sections(&mut doc, text_len);
    doc
}

/// Helper for synthesising events.
pub(crate) fn text_event(s: &str) -> Event<'static> {
    Event::Text(CowStr::from(s.to_string()))
}
