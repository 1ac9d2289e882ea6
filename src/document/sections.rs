//! Sections: the heading tree built over the blocks, with stable anchors.

use std::collections::{HashMap, HashSet};

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

/// Ids the page itself uses, which no heading may take: the skip link's target and the main
/// landmark of the built-in themes (`main`, `main-content`), the summary and contents headings
/// (`informed-glance`, `toc-heading`), and the findings panel and error box `serve` adds
/// (`informed-findings`, `informed-errors`). `## Main` gets `main-1`, so the skip link still
/// lands on the page's main content and the error box's Dismiss button still finds the box.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "main-content",
    "informed-glance",
    "toc-heading",
    "informed-history",
    "informed-findings",
    "informed-errors",
];

/// Heading anchors: lower-case words joined by hyphens, made unique with a numeric suffix,
/// never one of [`RESERVED_IDS`].
pub(crate) struct SlugSet {
    used: HashSet<String>,
    /// The last suffix given to each base.
    next: HashMap<String, usize>,
}

impl Default for SlugSet {
    fn default() -> Self {
        SlugSet {
            used: RESERVED_IDS.iter().map(|id| id.to_string()).collect(),
            next: HashMap::new(),
        }
    }
}

impl SlugSet {
    pub(crate) fn claim(&mut self, text: &str) -> String {
        let base = slugify(text);
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        self.unique(base)
    }

    /// An author's explicit id, kept as written unless the page or an earlier heading has it.
    pub(crate) fn claim_exact(&mut self, id: &str) -> String {
        self.unique(id.to_string())
    }

    /// `base`, or `base-1`, `base-2`, … : the first not used yet (`## A`, `## A`, `## A 1` get
    /// `a`, `a-1`, `a-1-1`).
    fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(0);
        loop {
            *n += 1;
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

pub(crate) fn slugify(text: &str) -> String {
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
pub(crate) fn collapse(s: &str) -> String {
    // Most texts collapsed are collapsed already (a sentence of a block's collapsed text, a
    // one-line paragraph): then a copy, without splitting and joining every word.
    if is_collapsed(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `s` is its own [`collapse`]: no white space but single spaces between words.
fn is_collapsed(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => return false,
            // The first byte of every non-ASCII white-space character (U+0085, U+00A0,
            // U+1680, U+2000–U+205F, U+3000), always at a character's start.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                if s[i..].chars().next().is_some_and(char::is_whitespace) {
                    return false;
                }
                after_space = false;
            }
            _ => after_space = false,
        }
    }
    true
}

/// Remove `<!-- … -->` comments (an unclosed comment runs to the end).
pub(crate) fn strip_comments(s: &str) -> String {
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

#[cfg(test)]
mod slug_tests {
    use super::*;

    #[test]
    fn headings_never_take_the_pages_own_ids_or_each_others() {
        let mut s = SlugSet::default();
        let got: Vec<String> = [
            "Main",
            "Main content",
            "Informed errors",
            "Informed findings",
            "Informed glance",
            "Toc heading",
            "Main",
            "A",
            "A",
            "A 1",
        ]
        .iter()
        .map(|t| s.claim(t))
        .collect();
        assert_eq!(
            got,
            [
                "main-1",
                "main-content-1",
                "informed-errors-1",
                "informed-findings-1",
                "informed-glance-1",
                "toc-heading-1",
                "main-2",
                "a",
                "a-1",
                "a-1-1"
            ]
        );
        assert_eq!(s.claim_exact("custom"), "custom");
        assert_eq!(s.claim_exact("custom"), "custom-1");
        assert_eq!(s.claim_exact("main"), "main-3");
        assert_eq!(s.claim("Custom"), "custom-2");
    }
}

#[cfg(test)]
mod collapse_tests {
    use super::*;

    /// `collapse` as first written: split on white space, join with one space.
    fn reference(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn collapses_every_kind_of_white_space() {
        for s in [
            "",
            " ",
            "one",
            "one two",
            " lead",
            "trail ",
            "two  spaces",
            "tab\there",
            "line\nbreak",
            "a\u{b}b\u{c}c\rd",
            "no\u{a0}break",
            "em\u{2003}space",
            "ideographic\u{3000}space",
            "next\u{85}line",
            "\u{a0}lead",
            "trail\u{2028}",
            "not white space: é ’ – ° \u{2060}",
        ] {
            assert_eq!(collapse(s), reference(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn collapse_agrees_with_the_reference(s in "[ a-zé°’\t\n\r\u{b}\u{c}\u{a0}\u{85}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}]{0,30}") {
            proptest::prop_assert_eq!(collapse(&s), reference(&s));
        }
    }
}
