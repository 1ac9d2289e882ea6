//! The "At a glance" summary at the top of a notice page: the ICO's layered approach, built from
//! the elements the linter detected and the facts the front matter declares. Each item links to
//! the section that says it in full; an item whose element is missing is left out, and the whole
//! summary is left out when fewer than two items remain.

use serde::Serialize;

use crate::document::{BlockKind, Document};
use crate::lint::FileReport;
use crate::load::Notice;
use crate::load::structured::Declared;

/// One line of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct GlanceItem {
    /// The element id (`controller-identity`, `purposes`, …).
    pub id: String,
    /// The question the item answers ("Who is responsible").
    pub label: String,
    /// A short answer in the notice's own words or from its front matter.
    pub text: String,
    /// The anchor of the section that says it in full (empty when it has none).
    pub anchor: String,
}

/// Longest summary text, in characters, before it is cut at a word.
const MAX_TEXT: usize = 180;

/// Fewer items than this are not worth a summary box.
pub(crate) const MIN_ITEMS: usize = 2;

/// Human name of a lawful-basis id (its `label` in `lints/law/lawful-bases.toml`).
pub(crate) fn basis_label(id: &str) -> &str {
    crate::law::basis(id).map_or(id, |b| b.label.as_str())
}

/// Build the summary: one item per line of `lints/law/glance.toml` whose element the notice
/// addresses or its front matter answers. Empty when there is too little to summarise.
pub(crate) fn glance(notice: &Notice, report: &FileReport, declared: &Declared) -> Vec<GlanceItem> {
    let law = crate::law::glance();
    let finder = Finder { notice, report };
    let mut items = Vec::new();
    for line in &law.line {
        let id = line.element.as_str();
        let (text, anchor) = finder.element(id);
        let (text, anchor) = answer(id, declared, report, &law.texts, text, anchor, &finder);
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            items.push(GlanceItem {
                id: id.to_string(),
                label: line.label.clone(),
                text: shorten(&text),
                anchor: anchor.unwrap_or_default(),
            });
        }
    }
    if items.len() < MIN_ITEMS {
        items.clear();
    }
    items
}

/// The item's text and anchor: what the front matter declares wins over the notice's words.
fn answer(
    id: &str,
    declared: &Declared,
    report: &FileReport,
    texts: &crate::law::GlanceTexts,
    text: Option<String>,
    anchor: Option<String>,
    finder: &Finder,
) -> (Option<String>, Option<String>) {
    match id {
        "controller-identity" => {
            let controller = declared.controller.as_ref().and_then(|c| c.name.clone());
            (
                controller.or(text),
                anchor.or_else(|| finder.element("controller-contact").1),
            )
        }
        "dpo-contact" => {
            let dpo = declared.dpo.as_ref().and_then(|d| {
                d.email
                    .clone()
                    .or_else(|| d.url.clone())
                    .or_else(|| d.phone.clone())
                    .or_else(|| d.name.clone())
            });
            (dpo.or(text), anchor)
        }
        "lawful-basis" => {
            let bases = if declared.lawful_basis.is_empty() {
                &report.facts.lawful_basis
            } else {
                &declared.lawful_basis
            };
            if bases.is_empty() {
                return (text, anchor);
            }
            let labels: Vec<&str> = bases.iter().map(|b| basis_label(b)).collect();
            (Some(labels.join(", ")), anchor)
        }
        "retention" => (declared.retention.clone().or(text), anchor),
        "transfers" => {
            let transfers = declared.transfers.as_ref().map(|t| {
                if !t.any {
                    texts.no_transfers.clone()
                } else if t.destinations.is_empty() {
                    text.clone().unwrap_or_else(|| texts.transfers.clone())
                } else {
                    let countries: Vec<&str> =
                        t.destinations.iter().map(|d| d.country.as_str()).collect();
                    texts
                        .transfers_to
                        .replace("{countries}", &countries.join(", "))
                }
            });
            (transfers.or(text), anchor)
        }
        "automated-decisions" => {
            let adm = declared.automated_decisions.map(|used| {
                if used {
                    text.clone()
                        .unwrap_or_else(|| texts.automated_decisions.clone())
                } else {
                    texts.no_automated_decisions.clone()
                }
            });
            (adm.or(text), anchor)
        }
        _ => (text, anchor),
    }
}

struct Finder<'a> {
    notice: &'a Notice,
    report: &'a FileReport,
}

impl Finder<'_> {
    /// A short text for the element and the anchor of its section, when the notice has it.
    fn element(&self, id: &str) -> (Option<String>, Option<String>) {
        let Some(status) = self
            .report
            .elements
            .get(id)
            .filter(|s| s.status == crate::understand::Outcome::Present)
        else {
            return (None, None);
        };
        let Some(line) = status.line else {
            return (None, None);
        };
        let doc = &self.notice.doc;
        let offset = self.notice.source.line_start(line);
        let section = doc.section_at(offset);
        let anchor = (section > 0)
            .then(|| doc.sections[section].anchor.clone())
            .filter(|a| !a.is_empty());
        (summary_at(doc, offset, keywords(id)), anchor)
    }
}

/// What the notice says at `offset`: the block there (or, at a heading, the first text under
/// it); a lead-in ending in a colon is followed by its list items.
fn summary_at(doc: &Document, offset: usize, keywords: &[String]) -> Option<String> {
    let mut i = doc
        .blocks
        .iter()
        .position(|b| b.range.contains(&offset) || b.range.start >= offset)?;
    while doc.blocks[i].heading.is_some() {
        i += 1;
        if i >= doc.blocks.len() {
            return None;
        }
    }
    let block = &doc.blocks[i];
    if block.kind == BlockKind::ListItem || block.text.trim_end().ends_with(':') {
        let start = if block.kind == BlockKind::ListItem {
            // Back up to the first item of this list.
            let mut s = i;
            while s > 0 && doc.blocks[s - 1].kind == BlockKind::ListItem {
                s -= 1;
            }
            s
        } else {
            i + 1
        };
        let items: Vec<&str> = doc.blocks[start..]
            .iter()
            .take_while(|b| b.kind == BlockKind::ListItem)
            .map(|b| b.text.trim_end_matches(['.', ';', ',']).trim())
            .collect();
        if !items.is_empty() {
            let mut text = items.iter().take(4).copied().collect::<Vec<_>>().join("; ");
            if items.len() > 4 {
                text.push_str(&format!("; and {} more", items.len() - 4));
            }
            return Some(upper_first(&text));
        }
    }
    Some(sentence_with(&block.text, keywords))
}

/// Words that mark the sentence about an element, when a paragraph covers several things
/// ("The controller is X. Our Data Protection Officer is at Y."): the element's `keywords` in
/// `lints/law/glance.toml` (the controller's contact details share the controller's).
fn keywords(id: &str) -> &'static [String] {
    let id = if id == "controller-contact" {
        "controller-identity"
    } else {
        id
    };
    let lines = &crate::law::glance().line;
    lines
        .iter()
        .find(|l| l.element == id)
        .map_or(&[], |l| l.keywords.as_slice())
}

/// The first sentence of `text` that contains one of `keywords`, else its first sentence.
fn sentence_with(text: &str, keywords: &[String]) -> String {
    let mut rest = text.trim();
    while !rest.is_empty() {
        let sentence = first_sentence(rest);
        let lower = sentence.to_lowercase();
        if keywords.iter().any(|k| lower.contains(k.as_str())) {
            return sentence;
        }
        rest = rest[sentence.len()..].trim_start();
    }
    first_sentence(text)
}

fn first_sentence(text: &str) -> String {
    let t = text.trim();
    t[..sentence_end(t)].to_string()
}

/// Where the first sentence of `t` ends: after a full stop (`!`, `?`) followed by a space and a
/// capital ("e.g. this" does not end one), else at the end. It looks no further than that, so
/// walking a paragraph sentence by sentence is linear in its length (a 4 MiB one-paragraph
/// notice once took minutes: each sentence copied the rest of the paragraph).
fn sentence_end(t: &str) -> usize {
    let mut from = 0;
    let end = loop {
        let Some(i) = t[from..].find(['.', '!', '?']) else {
            break t.len();
        };
        let end = from + i + 1;
        let mut next = t[end..].chars();
        if next.next() == Some(' ') && next.next().is_some_and(char::is_uppercase) {
            break end;
        }
        from = end;
    };
    #[cfg(test)]
    tests::SCANNED.with(|n| n.set(n.get() + end));
    end
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Cut at a word boundary with an ellipsis.
fn shorten(text: &str) -> String {
    let t = crate::document::collapse(text);
    if t.chars().count() <= MAX_TEXT {
        return t;
    }
    let cut: String = t.chars().take(MAX_TEXT).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > MAX_TEXT / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::structured::declared;

    thread_local! {
        /// Bytes [`sentence_end`] looked at on this thread: the work of splitting sentences.
        pub(super) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn walking_a_long_paragraph_sentence_by_sentence_is_linear() {
        // One paragraph of 20,000 sentences, none about the element: every one is looked at.
        let text = "We run the club well. It is fine, e.g. on Mondays! Is it? ".repeat(7_000);
        SCANNED.with(|n| n.set(0));
        let found = sentence_with(&text, keywords("retention"));
        assert_eq!(found, "We run the club well.");
        let scanned = SCANNED.with(std::cell::Cell::get);
        assert!(
            scanned <= 2 * text.len(),
            "{scanned} bytes looked at for a paragraph of {}",
            text.len()
        );
    }
    use crate::source::Source;
    use crate::understand::ElementStatus;

    fn notice(text: &str) -> Notice {
        Notice::parse(Source::new("n.md", "n.md", text.to_string()), "n.md".into()).unwrap()
    }

    fn report(elements: &[(&str, usize)]) -> FileReport {
        FileReport {
            path: "n.md".into(),
            elements: elements
                .iter()
                .map(|(id, line)| {
                    (
                        id.to_string(),
                        ElementStatus {
                            present: true,
                            line: Some(*line),
                            status: crate::understand::Outcome::Present,
                            evidence: None,
                        },
                    )
                })
                .collect(),
            facts: Default::default(),
            diagnostics: Vec::new(),
        }
    }

    const TEXT: &str = "# T\n\n## Why we use your data\n\nWe use it to:\n\n- run the club\n- send the newsletter\n\n## How long we keep it\n\nWe keep it for 2 years. Then we delete it.\n\n## Complaints\n\nYou can complain to the ICO.\n";

    #[test]
    fn items_link_to_their_sections() {
        let n = notice(TEXT);
        let r = report(&[("purposes", 3), ("retention", 10), ("complaint", 14)]);
        let g = glance(&n, &r, &Declared::default());
        let got: Vec<_> = g
            .iter()
            .map(|i| (i.id.as_str(), i.text.as_str(), i.anchor.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "purposes",
                    "Run the club; send the newsletter",
                    "why-we-use-your-data"
                ),
                (
                    "retention",
                    "We keep it for 2 years.",
                    "how-long-we-keep-it"
                ),
                ("complaint", "You can complain to the ICO.", "complaints"),
            ]
        );
    }

    #[test]
    fn front_matter_answers_and_missing_elements_are_hidden() {
        let n = notice(&format!(
            "---\ncontroller: Example Club\nlawful_basis: [consent]\nretention: 1 year\ntransfers: false\n---\n{TEXT}"
        ));
        let d = declared(&n).unwrap();
        let r = report(&[("retention", 16)]);
        let g = glance(&n, &r, &d);
        let got: Vec<_> = g
            .iter()
            .map(|i| (i.id.as_str(), i.text.as_str(), i.anchor.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("controller-identity", "Example Club", ""),
                ("lawful-basis", "Consent", ""),
                ("retention", "1 year", "how-long-we-keep-it"),
                ("transfers", "Not transferred outside the UK", ""),
            ]
        );
        assert!(
            !g.iter().any(|i| i.id == "purposes"),
            "not detected, so not shown"
        );
    }

    #[test]
    fn too_little_gives_no_summary() {
        let n = notice(TEXT);
        assert!(glance(&n, &report(&[("purposes", 3)]), &Declared::default()).is_empty());
        assert!(glance(&n, &report(&[]), &Declared::default()).is_empty());
    }

    #[test]
    fn the_sentence_about_the_element_is_chosen() {
        let t = "The data controller is the Department. Our Data Protection Officer is at dpo@d.example. Thanks.";
        assert_eq!(
            sentence_with(t, keywords("dpo-contact")),
            "Our Data Protection Officer is at dpo@d.example."
        );
        assert_eq!(
            sentence_with(t, keywords("controller-identity")),
            "The data controller is the Department."
        );
        assert_eq!(
            sentence_with(t, keywords("purposes")),
            "The data controller is the Department."
        );
    }

    #[test]
    fn long_text_is_shortened_at_a_word() {
        let long = "word ".repeat(100);
        let s = shorten(&long);
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= MAX_TEXT + 1);
        assert_eq!(
            first_sentence("We keep it, e.g. for 2 years. Then not."),
            "We keep it, e.g. for 2 years."
        );
    }
}
