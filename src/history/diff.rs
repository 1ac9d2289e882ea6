//! A readable word-level diff of two versions of a notice's text, as HTML: the text as people
//! read it (Markdown markup left out), one paragraph per changed block, as runs of words the
//! theme marks up (`<ins>`/`<del>` with visually hidden "added"/"removed" words, since screen
//! readers do not announce the elements by default). No script is needed.

use pulldown_cmark::{Event, Parser, TagEnd};
use serde::Serialize;
use similar::{Algorithm, ChangeTag, TextDiff};

/// The readable text of a Markdown body: one line per block (heading, paragraph, list item,
/// table cell), inline markup and raw HTML left out.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// What a diff counted: words added and removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) added: usize,
    pub(crate) removed: usize,
}

/// A run of words in a changed block: `same`, `added` or `removed` (the theme marks them up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Segment {
    pub(crate) kind: &'static str,
    pub(crate) text: String,
}

/// The word-level diff of `old` and `new` (plain text, one block per line): the blocks that
/// changed, each in full so the reader sees a change in context, as runs of words.
/// Myers' algorithm without a deadline: the same two texts always give the same page.
pub(crate) fn word_diff(old: &str, new: &str) -> (Vec<Vec<Segment>>, Counts) {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_words(old, new);
    let mut counts = Counts::default();
    let mut blocks = Vec::new();
    let mut block: Vec<Segment> = Vec::new();
    let finish = |block: &mut Vec<Segment>, blocks: &mut Vec<Vec<Segment>>| {
        let changed = block.iter().any(|s| s.kind != "same");
        if let Some(last) = block.last_mut() {
            last.text.truncate(last.text.trim_end().len());
        }
        if let Some(first) = block.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        block.retain(|s| !s.text.is_empty());
        if changed && !block.is_empty() {
            blocks.push(merge_runs(std::mem::take(block)));
        }
        block.clear();
    };
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Insert => "added",
            ChangeTag::Delete => "removed",
        };
        for (i, piece) in change.value().split('\n').enumerate() {
            if i > 0 {
                finish(&mut block, &mut blocks);
            }
            if piece.is_empty() {
                continue;
            }
            let whitespace = piece.trim().is_empty();
            // Space between words stays outside a change unless the change goes on after it.
            let kind = if whitespace && block.last().is_none_or(|s| s.kind != kind) {
                "same"
            } else {
                kind
            };
            if !whitespace {
                match kind {
                    "added" => counts.added += 1,
                    "removed" => counts.removed += 1,
                    _ => {}
                }
            }
            match block.last_mut() {
                Some(last) if last.kind == kind => last.text.push_str(piece),
                _ => block.push(Segment {
                    kind,
                    text: piece.to_string(),
                }),
            }
        }
    }
    finish(&mut block, &mut blocks);
    (blocks, counts)
}

/// Changes separated only by spaces become one removal and one addition ("2 years" → "1
/// year", not "2" → "1", then "years" → "year"), which reads as a sentence would.
fn merge_runs(block: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < block.len() {
        if block[i].kind == "same" {
            out.push(block[i].clone());
            i += 1;
            continue;
        }
        let (mut removed, mut added) = (String::new(), String::new());
        while let Some(s) = block.get(i) {
            match s.kind {
                "removed" => removed.push_str(&s.text),
                "added" => added.push_str(&s.text),
                _ if s.text.trim().is_empty()
                    && block.get(i + 1).is_some_and(|n| n.kind != "same") =>
                {
                    for side in [&mut removed, &mut added] {
                        if !side.is_empty() {
                            side.push_str(&s.text);
                        }
                    }
                }
                _ => break,
            }
            i += 1;
        }
        for (kind, text) in [("removed", removed), ("added", added)] {
            let trimmed = text.trim_end();
            if !trimmed.is_empty() {
                out.push(Segment {
                    kind,
                    text: trimmed.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(kind: &'static str, text: &str) -> Segment {
        Segment {
            kind,
            text: text.to_string(),
        }
    }

    #[test]
    fn plain_text_drops_markup_and_keeps_blocks() {
        let text = plain_text("# Who we are\n\nWe are **Acme** <b>Ltd</b>.\n\n- one\n- two\n");
        assert_eq!(text, "Who we are\nWe are Acme Ltd.\none\ntwo\n");
    }

    #[test]
    fn only_changed_blocks_as_runs_of_words() {
        let old = "Title\nWe keep data for 2 years.\nUnchanged.\n";
        let new = "Title\nWe keep data for 3 years.\nUnchanged.\n";
        let (blocks, counts) = word_diff(old, new);
        assert_eq!(
            counts,
            Counts {
                added: 1,
                removed: 1
            }
        );
        assert_eq!(
            blocks,
            vec![vec![
                seg("same", "We keep data for "),
                seg("removed", "2"),
                seg("added", "3"),
                seg("same", " years."),
            ]]
        );
    }

    #[test]
    fn neighbouring_changes_read_as_one() {
        let (blocks, _) = word_diff("Kept for 3 years.\n", "Kept for 6 months.\n");
        assert_eq!(
            blocks,
            vec![vec![
                seg("same", "Kept for "),
                seg("removed", "3 years."),
                seg("added", "6 months."),
            ]]
        );
    }

    #[test]
    fn a_new_block_is_all_added() {
        let (blocks, counts) = word_diff("A.\n", "A.\nWe share data.\n");
        assert_eq!(counts.added, 3);
        assert_eq!(blocks, vec![vec![seg("added", "We share data.")]]);
    }
}
