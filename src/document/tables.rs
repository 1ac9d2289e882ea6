//! Tables read by column: a header cell speaks for the cells under it, as a heading does for its
//! section ("Storage period" over "7 days" and "10 years").

use super::{BlockKind, Document};

/// The columns of every table with a header row and at least one row below it: per column, the
/// header row's block, the header cell, and the cells under it joined as sentences. A column
/// headed "Storage period" answers like a section headed so.
pub(crate) fn table_columns(doc: &Document) -> Vec<(usize, String, String)> {
    let cells =
        |b: usize| -> Vec<&str> { doc.blocks[b].text.split(" | ").map(str::trim).collect() };
    let mut out = Vec::new();
    let mut b = 0;
    while b < doc.blocks.len() {
        if doc.blocks[b].kind != BlockKind::TableRow {
            b += 1;
            continue;
        }
        let head = b;
        let mut end = b + 1;
        while end < doc.blocks.len() && doc.blocks[end].kind == BlockKind::TableRow {
            end += 1;
        }
        let header = cells(head);
        if end - head >= 2 && header.len() >= 2 {
            for (j, title) in header.iter().enumerate() {
                let body: Vec<&str> = (head + 1..end)
                    .filter_map(|r| cells(r).get(j).copied())
                    .filter(|c| !c.is_empty())
                    .collect();
                if !title.is_empty() && !body.is_empty() {
                    let body = body
                        .iter()
                        .map(|c| c.trim_end_matches('.'))
                        .collect::<Vec<_>>();
                    out.push((head, title.to_string(), body.join(". ")));
                }
            }
        }
        b = end;
    }
    out
}
