//! The `pattern` kind's search: where a rule's regexes match a notice's body, outside comments,
//! code and front matter, and not in a section (or notice) that excuses them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use regex::Regex;

use super::engine::Ctx;
use crate::understand::detect::Patterns;
use crate::understand::text::normalise;

/// Matches of `patterns` in body blocks (not in comments, code or front matter), one per place.
pub(super) fn pattern_hits(
    ctx: &Ctx,
    patterns: &[&Regex],
    unless: &Patterns,
    unless_notice: &Patterns,
) -> Vec<(Range<usize>, String)> {
    if !unless_notice.is_empty() && unless_notice.matches(ctx.normalised_notice()) {
        return Vec::new();
    }
    let notice = ctx.notice;
    let text = &notice.source.text;
    let mut out: Vec<(Range<usize>, String)> = Vec::new();
    // Linear in the number of matches (a notice of 1 MB of "TBC " has 250,000): starts seen in
    // a set, comments searched by position, each section's `unless` decided once.
    let mut seen: HashSet<usize> = HashSet::new();
    let mut comments = ctx.comments.clone();
    comments.sort_by_key(|c| c.start);
    let in_comment = |at: usize| {
        let i = comments.partition_point(|c| c.start <= at);
        comments[..i].iter().rev().take(4).any(|c| c.contains(&at))
    };
    let mut excused: HashMap<usize, bool> = HashMap::new();
    for block in &notice.doc.blocks {
        if block.kind == crate::document::BlockKind::Code {
            continue;
        }
        let slice = &text[block.range.clone()];
        let mut block_section: Option<usize> = None;
        for &re in patterns {
            for m in re.find_iter(slice) {
                let start = block.range.start + m.start();
                let range = start..block.range.start + m.end();
                if in_comment(start) || seen.contains(&start) {
                    continue;
                }
                if !unless.is_empty() {
                    // Every match in a block is in the block's section.
                    let section = *block_section
                        .get_or_insert_with(|| notice.doc.section_at(block.range.start));
                    let excuse = *excused.entry(section).or_insert_with(|| {
                        let blocks = notice.doc.section_blocks(section);
                        let section_text: String = blocks
                            .iter()
                            .map(|&b| normalise(&notice.doc.blocks[b].text))
                            .collect::<Vec<_>>()
                            .join(" ");
                        unless.matches(&section_text)
                    });
                    if excuse {
                        continue;
                    }
                }
                seen.insert(start);
                out.push((range, m.as_str().to_string()));
            }
        }
    }
    out
}
