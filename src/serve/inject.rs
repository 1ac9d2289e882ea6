//! What `serve` adds to HTML pages (never `build`): the live-reload script and stylesheet, the
//! findings panel of the notice being viewed, and the list of current build errors.
//!
//! Everything is external script and style, so the theme's Content-Security-Policy
//! (`script-src 'self'; style-src 'self'`) allows it.

use crate::error::Error;
use crate::lint::{Diagnostic, Level};
use crate::load::Notice;
use crate::render::html::escape_attr as esc;
use crate::site::{Entry, Site};
use crate::understand::Outcome;

/// URL segment (under the base path) of everything `serve` itself answers.
pub(crate) const PREFIX: &str = "__informed/";

pub(crate) const LIVE_JS: &str = include_str!("assets/live.js");
pub(crate) const PANEL_CSS: &str = include_str!("assets/panel.css");

/// The findings panel for one notice: its diagnostics and the Art 13/14 checklist, each linked
/// to the section of the page it is about. Its fixed words come from the theme's strings in the
/// page's language (`panel_*`); the findings themselves are English (the rule packs'), and say so
/// with `lang="en"` on a page in another language.
pub fn findings_panel(site: &Site, entry: &Entry, notice: &Notice) -> String {
    let strings = crate::render::notice_strings(&site.theme, notice, &site.config)
        .or_else(|_| site.theme.strings(crate::render::strings::BASE))
        .ok();
    let t = |key: &str| -> String {
        strings
            .as_ref()
            .map_or(String::new(), |s| s.get(key).to_string())
    };
    // ` lang="en"` where a word is the English fallback, and on the English findings.
    let tl = |key: &str| -> String {
        strings
            .as_ref()
            .and_then(|s| s.lang_attr.get(key).cloned())
            .unwrap_or_default()
    };
    let page_is_english = strings
        .as_ref()
        .is_none_or(|s| crate::load::language::same_language(&s.lang, "en"));
    let english = if page_is_english { "" } else { " lang=\"en\"" };
    let report = &entry.report;
    let errors = report.count(Level::Error);
    let warnings = report.count(Level::Warning);
    let infos = report.count(Level::Info);
    let read = crate::load::language::detection_reads(notice.language.tag(&site.config.language));
    let elements = if read {
        element_list(site, entry)
    } else {
        Vec::new()
    };
    let found = elements
        .iter()
        .filter(|(_, _, st)| st.as_ref().is_some_and(|s| s.status == Outcome::Present))
        .count();
    let count = |n: usize, one: &str, many: &str| {
        let key = if n == 1 { one } else { many };
        format!("{n} <span{}>{}</span>", tl(key), esc(&t(key)))
    };

    let mut out = String::with_capacity(2048);
    out.push_str(&format!(
        "<aside id=\"informed-findings\" class=\"informed-panel\" aria-label=\"{}\">\n",
        esc(&t("panel_label"))
    ));
    out.push_str(&format!(
        "<details data-errors=\"{errors}\"><summary><span{}>{}</span>: {}, {}, {} · {found} <span{}>{}</span> {} <span{}>{}</span></summary>\n",
        tl("panel_findings"),
        esc(&t("panel_findings")),
        count(errors, "panel_error", "panel_errors"),
        count(warnings, "panel_warning", "panel_warnings"),
        count(infos, "panel_info", "panel_infos"),
        tl("panel_of"),
        esc(&t("panel_of")),
        elements.len(),
        tl("panel_elements"),
        esc(&t("panel_elements")),
    ));
    out.push_str("<div class=\"informed-panel-body\">\n");
    out.push_str(&format!(
        "<p class=\"informed-file\"><code>{}</code></p>\n",
        esc(&report.path)
    ));
    out.push_str(&format!(
        "<h2{}>{}</h2>\n",
        tl("panel_findings"),
        esc(&t("panel_findings"))
    ));
    if report.diagnostics.is_empty() {
        out.push_str(&format!(
            "<p class=\"informed-none\"{}>{}</p>\n",
            tl("panel_no_findings"),
            esc(&t("panel_no_findings"))
        ));
    } else {
        out.push_str(&format!("<ol class=\"informed-diagnostics\"{english}>\n"));
        for d in &report.diagnostics {
            out.push_str(&diagnostic_item(d, anchor_for_line(notice, d.line)));
        }
        out.push_str("</ol>\n");
    }
    out.push_str(&format!(
        "<h2{}>{}</h2>\n",
        tl("panel_articles"),
        esc(&t("panel_articles"))
    ));
    if elements.is_empty() {
        out.push_str(&format!(
            "<p class=\"informed-none\"{}>{}</p>\n",
            tl("panel_no_elements"),
            esc(&t("panel_no_elements"))
        ));
    } else {
        out.push_str(&format!("<ul class=\"informed-elements\"{english}>\n"));
        for (id, name, status) in &elements {
            let outcome = status.as_ref().map_or(Outcome::Absent, |s| s.status);
            let present = outcome == Outcome::Present;
            let line = status.as_ref().and_then(|s| s.line);
            let (class, mark, said) = match outcome {
                Outcome::Present => ("present", "✓", "panel_found"),
                Outcome::Uncertain => ("uncertain", "?", "panel_unclear"),
                Outcome::Absent => ("missing", "✗", "panel_missing"),
            };
            out.push_str(&format!(
                "<li class=\"informed-element informed-{class}\" data-element=\"{}\" data-present=\"{present}\" data-status=\"{class}\"{}>",
                esc(id),
                line.map(|l| format!(" data-line=\"{l}\"")).unwrap_or_default()
            ));
            out.push_str(&format!(
                "<span class=\"informed-mark\" aria-hidden=\"true\">{mark}</span> <span class=\"informed-sr\">{} </span>",
                esc(&t(said))
            ));
            out.push_str(&esc(name));
            match (outcome, line) {
                (Outcome::Absent, _) => out.push_str(&format!(" – {}", esc(&t("panel_not_found")))),
                (_, Some(l)) => out.push_str(&format!(
                    " – {}",
                    line_link(&t("panel_line"), l, anchor_for_line(notice, l))
                )),
                _ => {}
            }
            if let Some(e) = status.as_ref().and_then(|s| s.evidence.as_ref()) {
                let lead = if present {
                    t("panel_shown_by")
                } else {
                    t("panel_weak_sign")
                };
                out.push_str(&format!(
                    " <q class=\"informed-evidence\" title=\"{}\">{}</q>",
                    esc(&lead),
                    esc(&e.text)
                ));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n</details>\n</aside>\n");
    out
}

/// Element ids with display names, in the packs' order, then any others the report has.
fn element_list(
    site: &Site,
    entry: &Entry,
) -> Vec<(String, String, Option<crate::understand::ElementStatus>)> {
    let report = &entry.report;
    let mut out: Vec<_> = site
        .rules
        .packs
        .elements
        .iter()
        .map(|spec| {
            (
                spec.id.clone(),
                spec.name.clone(),
                report.elements.get(&spec.id).cloned(),
            )
        })
        .collect();
    for (id, status) in &report.elements {
        if !out.iter().any(|(known, _, _)| known == id) {
            out.push((id.clone(), id.replace('-', " "), Some(status.clone())));
        }
    }
    out
}

fn diagnostic_item(d: &Diagnostic, anchor: Option<&str>) -> String {
    let level = d.level.as_str();
    let mut li = format!(
        "<li class=\"informed-finding informed-{level}\" data-level=\"{level}\" data-line=\"{}\" data-code=\"{}\">",
        d.line,
        esc(&d.code)
    );
    li.push_str(&format!("<span class=\"informed-level\">{level}</span> "));
    li.push_str(&line_link("line", d.line, anchor));
    li.push_str(&format!(
        ": <span class=\"informed-message\">{}</span>",
        esc(&d.message)
    ));
    li.push_str(&format!(
        " <code class=\"informed-code\">{} {}</code>",
        esc(&d.code),
        esc(&d.rule)
    ));
    if !d.article.is_empty() {
        li.push_str(&format!(
            " <span class=\"informed-article\">Art {}</span>",
            esc(&d.article)
        ));
    }
    if !d.help.is_empty() {
        li.push_str(&format!("<p class=\"informed-help\">{}</p>", esc(&d.help)));
    }
    li.push_str("</li>\n");
    li
}

fn line_link(word: &str, line: usize, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!(
            "<a class=\"informed-line\" href=\"#{}\">{} {line}</a>",
            esc(a),
            esc(word)
        ),
        None => format!("<span class=\"informed-line\">{} {line}</span>", esc(word)),
    }
}

/// The anchor of the section enclosing `line`, if that section has a heading on the page.
pub(crate) fn anchor_for_line(notice: &Notice, line: usize) -> Option<&str> {
    if line == 0 {
        return None;
    }
    let offset = notice.source.line_start(line);
    if offset < notice.body_start {
        return None;
    }
    let index = notice.doc.section_at(offset);
    let section = notice.doc.sections.get(index)?;
    // The root section and a heading used as the page title have no anchor on the page.
    if index == 0
        || section.anchor.is_empty()
        || section.heading_block.is_some() && section.heading_block == notice.title_block()
    {
        return None;
    }
    Some(&section.anchor)
}

/// Add the serve-only parts to an HTML page.
pub fn inject(
    html: &str,
    base: &str,
    build_id: &str,
    panel: Option<&str>,
    errors: &[Error],
) -> String {
    let head = format!(
        "<link rel=\"stylesheet\" href=\"{b}{PREFIX}panel.css\">\n<script src=\"{b}{PREFIX}live.js\" data-base=\"{b}\" data-build=\"{id}\" defer></script>\n",
        b = esc(base),
        id = esc(build_id)
    );
    let mut body = String::new();
    if !errors.is_empty() {
        body.push_str(&error_overlay(errors));
    }
    if let Some(p) = panel {
        body.push_str(p);
    }
    let mut out = String::with_capacity(html.len() + head.len() + body.len());
    // Inject robustly: pages without `</head>` or `</body>` still get everything.
    match find_ascii_ci(html, "</head>") {
        Some(i) => {
            out.push_str(&html[..i]);
            out.push_str(&head);
            out.push_str(&html[i..]);
        }
        None => {
            out.push_str(&head);
            out.push_str(html);
        }
    }
    match rfind_ascii_ci(&out, "</body>") {
        Some(i) => out.insert_str(i, &body),
        None => out.push_str(&body),
    }
    out
}

/// A page for when there is nothing good to show (the config was broken from the start).
pub(crate) fn error_page(base: &str, build_id: &str, errors: &[Error]) -> String {
    let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>informed serve: build error</title>\n</head>\n<body>\n<main><h1>The site could not be built</h1><p>Fix the file named below and save; this page reloads by itself.</p></main>\n</body>\n</html>\n";
    inject(html, base, build_id, None, errors)
}

fn error_overlay(errors: &[Error]) -> String {
    let mut out = String::from(
        "<div id=\"informed-errors\" class=\"informed-errors\" role=\"alert\">\n<h2>informed serve: build errors</h2>\n<ul>\n",
    );
    for e in errors {
        let loc = &e.location;
        let mut place = loc
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        if let Some(l) = loc.line {
            place.push_str(&format!(":{l}"));
            if let Some(c) = loc.column {
                place.push_str(&format!(":{c}"));
            }
        }
        out.push_str("<li>");
        if !place.is_empty() {
            out.push_str(&format!(
                "<code class=\"informed-error-file\" data-file=\"{}\" data-line=\"{}\">{}</code> ",
                esc(&loc
                    .file
                    .as_ref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default()),
                loc.line.unwrap_or(0),
                esc(&place)
            ));
        }
        out.push_str(&format!(
            "<span class=\"informed-error-message\">{}</span>",
            esc(&e.message)
        ));
        if !e.notes.is_empty() {
            out.push_str(&format!("<pre>{}</pre>", esc(&e.notes.join("\n"))));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n<p>Pages show their last good version. Save a fix and this goes away.</p>\n<button type=\"button\" class=\"informed-dismiss\">Dismiss</button>\n</div>\n");
    out
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn rfind_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_head_and_body_end() {
        let out = inject(
            "<html><head><title>t</title></head><body><p>x</p></BODY></html>",
            "/p/",
            "a-1",
            Some("<aside>P</aside>"),
            &[],
        );
        let script = out.find("/p/__informed/live.js").unwrap();
        assert!(script < out.find("</head>").unwrap());
        assert!(out.contains("data-build=\"a-1\""));
        let panel = out.find("<aside>P</aside>").unwrap();
        assert!(panel > out.find("<p>x</p>").unwrap() && panel < out.find("</BODY>").unwrap());
    }

    #[test]
    fn injects_into_fragments() {
        let out = inject(
            "<p>bare</p>",
            "/",
            "a-1",
            Some("<aside>P</aside>"),
            &[Error::new("boom").in_file("content/a.md").at(3, 1)],
        );
        assert!(out.starts_with("<link rel=\"stylesheet\""));
        assert!(out.contains("<aside>P</aside>"));
        assert!(out.contains("content/a.md:3:1"));
        assert!(out.contains("boom"));
    }
}
