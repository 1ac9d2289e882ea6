//! Notice body → HTML, replaying the events the document model kept.
//!
//! Headings get the anchors the model assigned (so findings can link to them), the page title
//! is not printed twice, a body `#` heading is demoted so every page has exactly one `h1`, and
//! HTML comments never reach the page.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::document::{HeadingForm, strip_comments};
use crate::load::Notice;
use crate::render::sanitize::{
    MAX_HTML_DEPTH, NEUTRAL_URL, is_safe_url, nesting_depth, sanitize_html,
};

/// One entry of the table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct TocEntry {
    pub anchor: String,
    pub title: String,
    pub level: u8,
}

/// A notice's body as HTML, with its table of contents.
pub struct Body {
    /// The body's HTML.
    pub html: String,
    pub(crate) toc: Vec<TocEntry>,
}

/// Render a notice's body. Raw HTML is sanitised unless `unsafe_html` (see `render::sanitize`);
/// unsafe link and image URLs are neutralised either way.
pub fn render_body(notice: &Notice, unsafe_html: bool) -> Body {
    let doc = &notice.doc;
    let skip = notice.title_block().map(|i| doc.blocks[i].range.clone());
    let demote = doc.blocks.iter().enumerate().any(|(i, b)| {
        b.heading == Some(HeadingForm::Markdown) && b.level == 1 && Some(i) != notice.title_block()
    });
    let shift = |level: u8| {
        if demote {
            (level + 1).min(6)
        } else {
            level.max(2)
        }
    };

    let mut events: Vec<Event> = Vec::with_capacity(doc.events.len());
    let mut html_buf: Option<String> = None;
    let mut in_comment = false;
    let mut implicit_p: Vec<bool> = Vec::new();
    // Set when raw HTML reaches the output: only then does the body need the sanitiser, since
    // pulldown-cmark escapes everything else itself.
    let mut has_raw_html = false;
    // Where the author's raw HTML is in `events` (ours, headings and anchors, is not).
    let mut raw_html: Vec<usize> = Vec::new();
    for (event, range) in &doc.events {
        if let Some(s) = &skip
            && range.start >= s.start
            && range.end <= s.end
        {
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let anchor = doc.anchors.get(&range.start).cloned().unwrap_or_default();
                let l = shift(*level as u8);
                events.push(Event::Html(CowStr::from(format!(
                    "<h{l} id=\"{}\">",
                    escape_attr(&anchor)
                ))));
            }
            Event::End(TagEnd::Heading(level)) => {
                let l = shift(*level as u8);
                events.push(Event::Html(CowStr::from(format!("</h{l}>\n"))));
            }
            Event::Start(Tag::Paragraph) => {
                // A bold or capitalised line acting as a heading gets the model's anchor.
                match doc.anchors.get(&range.start) {
                    Some(anchor) => {
                        events.push(Event::Html(CowStr::from(format!(
                            "<p class=\"heading-like\" id=\"{}\">",
                            escape_attr(anchor)
                        ))));
                        implicit_p.push(true);
                    }
                    None => {
                        events.push(event.clone());
                        implicit_p.push(false);
                    }
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if implicit_p.pop() == Some(true) {
                    events.push(Event::Html(CowStr::from("</p>\n")));
                } else {
                    events.push(event.clone());
                }
            }
            Event::Start(Tag::HtmlBlock) => html_buf = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(raw) = html_buf.take() {
                    let kept = strip_comments(&raw);
                    if !kept.trim().is_empty() {
                        has_raw_html = true;
                        raw_html.push(events.len());
                        events.push(Event::Html(CowStr::from(kept)));
                    }
                }
            }
            Event::Html(t) => {
                if let Some(buf) = html_buf.as_mut() {
                    buf.push_str(t);
                }
            }
            Event::InlineHtml(t) => {
                // A comment can span several inline events; it ends at the one holding `-->`.
                if t.starts_with("<!--") || in_comment {
                    in_comment = !t.contains("-->");
                } else {
                    has_raw_html = true;
                    raw_html.push(events.len());
                    events.push(Event::InlineHtml(t.clone()));
                }
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak | Event::Code(_) if in_comment => {
            }
            // pulldown-cmark writes link and image URLs as given: `[x](javascript:…)` would run.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !is_safe_url(dest_url) => events.push(Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: CowStr::from(NEUTRAL_URL),
                title: title.clone(),
                id: id.clone(),
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if !is_safe_url(dest_url) => events.push(Event::Start(Tag::Image {
                link_type: *link_type,
                dest_url: CowStr::from(NEUTRAL_URL),
                title: title.clone(),
                id: id.clone(),
            })),
            other => events.push(other.clone()),
        }
    }
    let mut html = String::with_capacity(notice.source.text.len() * 2);
    let sanitise = has_raw_html && !unsafe_html;
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    // The whole body, not each fragment: an inline tag and its closing tag arrive as separate
    // events, and only the assembled HTML shows how they nest.
    if sanitise && nesting_depth(&html) > MAX_HTML_DEPTH {
        // Too deep to sanitise in bounded time: the raw HTML is shown as the text it is.
        for &i in &raw_html {
            if let Event::Html(t) | Event::InlineHtml(t) = &events[i] {
                events[i] = Event::Text(t.clone());
            }
        }
        html.clear();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
    } else if sanitise {
        html = sanitize_html(&html);
    }

    Body {
        html,
        toc: toc(notice, &shift),
    }
}

fn toc(notice: &Notice, shift: &dyn Fn(u8) -> u8) -> Vec<TocEntry> {
    let doc = &notice.doc;
    let title_block = notice.title_block();
    let sections: Vec<_> = doc
        .headed_sections()
        .filter(|(_, s)| s.heading_block != title_block)
        .collect();
    let has_markdown = sections
        .iter()
        .any(|(_, s)| s.form == Some(HeadingForm::Markdown));
    let entries: Vec<TocEntry> = sections
        .into_iter()
        .filter(|(_, s)| !has_markdown || s.form == Some(HeadingForm::Markdown))
        .map(|(_, s)| TocEntry {
            anchor: s.anchor.clone(),
            title: s.title.clone(),
            level: if s.form == Some(HeadingForm::Markdown) {
                shift(s.level)
            } else {
                2
            },
        })
        .collect();
    // Only the two top levels present, so a deep notice keeps a short contents list.
    let top = entries.iter().map(|e| e.level).min().unwrap_or(2);
    entries.into_iter().filter(|e| e.level <= top + 1).collect()
}

pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
