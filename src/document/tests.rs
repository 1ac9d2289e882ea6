//! Tests of the document model.

use super::*;

fn doc(md: &str) -> Document {
    parse_markdown(md, 0)
}

#[test]
fn sections_nest_by_level() {
    let d =
        doc("Intro\n\n## Your data\n\n### Purpose\n\nWe use it.\n\n## Your rights\n\nYou may.\n");
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
fn lead_ins_in_capitals_are_labels_but_names_in_capitals_are_not() {
    let d = doc(
        "HOW LONG WE KEEP IT. For as long as your account is open.\n\nEXAMPLE LABS INC. (\"Example\") makes the app.\n\nWe use AWS. It hosts data.\n",
    );
    let labels: Vec<_> = d.blocks.iter().map(|b| b.label.clone()).collect();
    assert_eq!(labels[0].as_deref(), Some("HOW LONG WE KEEP IT"));
    assert_eq!(labels[1], None);
    assert_eq!(labels[2], None);
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

thread_local! {
    /// Bytes searched for HTML comments on this thread (`blocks::comment_spans`).
    pub(super) static SEARCHED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[test]
fn tags_in_a_long_html_block_are_placed_in_or_out_of_comments_in_one_pass() {
    // One HTML block: 20,000 `<div>`s, one comment in the middle holding a few, and a final
    // comment that is never closed.
    let mut md = String::from("<div>Before the comment.\n");
    md.push_str(&"<div>".repeat(10_000));
    md.push_str("<!-- <div>Hidden text. --><div>After the comment.");
    md.push_str(&"<div>".repeat(10_000));
    md.push_str("<!-- <div>Also hidden.\n");
    SEARCHED.with(|n| n.set(0));
    let d = doc(&md);
    let searched = SEARCHED.with(std::cell::Cell::get);
    assert!(
        searched <= 2 * md.len(),
        "{searched} bytes searched for comments in {}",
        md.len()
    );
    let texts: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(texts.contains(&"Before the comment."), "{texts:?}");
    assert!(texts.contains(&"After the comment."), "{texts:?}");
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("hidden") || t.contains("Hidden")),
        "{texts:?}"
    );
}
