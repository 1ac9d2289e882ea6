//! Sections: the heading tree built over the blocks, with stable anchors.

use std::collections::HashMap;

use super::{Document, HeadingForm, Section};

pub(super) fn build_sections(doc: &mut Document, text_len: usize) {
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
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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

pub(super) fn strip_tags(s: &str) -> String {
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
