//! Output safety for what notice authors write.
//!
//! Notice text is untrusted: an author (or a pasted page) may hold `<script>`, event handlers or
//! `javascript:` links. pulldown-cmark escapes text and attributes itself, so only two things can
//! carry active content into a page:
//! - raw HTML (blocks and inline tags): the rendered body is passed through ammonia, an
//!   allow-list HTML sanitiser, unless the site sets `unsafe_html = true`;
//! - link and image URLs, which pulldown-cmark passes through as written: any scheme other than
//!   http, https, mailto and tel is replaced (always, whatever `unsafe_html` says).

use std::collections::HashSet;
use std::sync::LazyLock;

/// The sanitiser: ammonia's defaults (no script, style, iframe, form or object elements, no
/// `on*` attributes, only safe URL schemes) plus what our own renderer emits: heading `id`s,
/// `class`es (heading-like paragraphs, footnotes), task-list checkboxes and table alignment.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        // pulldown-cmark writes table alignment as `style="text-align: …"`; nothing else in a
        // style attribute survives (no `url(…)` loads from other origins).
        .filter_style_properties(HashSet::from(["text-align"]))
        // Keep links as the author wrote them; ammonia would add rel="noopener noreferrer".
        .link_rel(None)
        // Raw HTML may not take an id the page itself uses (the skip link's target, the error
        // box); headings never get one either (`document::RESERVED_IDS`).
        .attribute_filter(|_, attribute, value| {
            if attribute == "id" && crate::document::RESERVED_IDS.contains(&value) {
                None
            } else {
                Some(value.into())
            }
        });
    b
});

/// Sanitise an HTML fragment: scripts, event handlers, `javascript:` URLs and other active
/// content are removed; ordinary formatting, tables and links are kept.
pub(crate) fn sanitize_html(raw: &str) -> String {
    SANITIZER.clean(raw).to_string()
}

/// How deeply a body's elements may nest for its raw HTML to be sanitised. html5ever (under
/// ammonia) looks down the stack of open elements for most start tags, so its work grows with
/// the square of the depth: a 4 MiB line of `<div>`s took minutes. Browsers stop nesting at 512
/// (Chromium's parser) too. Deeper, raw HTML is shown as text instead (`html::render_body`).
pub const MAX_HTML_DEPTH: usize = 512;

/// The deepest nesting of elements in `html`, counted in one pass over its tags. Void elements,
/// self-closing tags and elements whose end tag may be left out (`p`, `li`, `td`, …, which the
/// parser closes by itself) do not count, in either direction.
pub(crate) fn nesting_depth(html: &str) -> usize {
    const NOT_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
        "option", "optgroup", "rp", "rt", "colgroup", "caption",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        at = name_start + name_len;
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = html[at..].find('>').map_or(html.len(), |j| at + j);
        if !html[at..end].ends_with('/') {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Schemes a Markdown link or image may use. Relative URLs and `#fragments` have no scheme.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Whether a link or image URL is safe to publish as written.
///
/// Browsers ignore ASCII tabs and newlines anywhere in a URL and trim leading spaces and control
/// characters, so `java\tscript:` and ` javascript:` are schemes too: we drop those characters
/// before looking for the scheme.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c.is_ascii_whitespace());
    // A scheme ends at the first `:` that comes before any `/`, `?` or `#`.
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    if cleaned[..colon].contains(['/', '?', '#']) {
        return true;
    }
    let scheme = cleaned[..colon].to_ascii_lowercase();
    SAFE_SCHEMES.contains(&scheme.as_str())
}

/// What an unsafe URL becomes: a link to nowhere on the same page.
pub(crate) const NEUTRAL_URL: &str = "#";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_in_elements_that_need_an_end_tag() {
        assert_eq!(nesting_depth("<p>a<p>b<ul><li>c<li>d</ul>"), 1);
        assert_eq!(
            nesting_depth("<div><blockquote><b>x</b><br><img src=a /></blockquote></div>"),
            3
        );
        assert_eq!(nesting_depth(&"<div><p></p>".repeat(700)), 700);
        assert_eq!(nesting_depth("<div></div>".repeat(700).as_str()), 1);
        assert_eq!(nesting_depth("&lt;div&gt; <!-- <div> --> a < b"), 1);
    }

    #[test]
    fn schemes() {
        for ok in [
            "https://ico.org.uk",
            "http://x",
            "mailto:dpo@example.org",
            "tel:+441234",
            "/privacy/",
            "#rights",
            "page.html?a=b:c",
            "",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn removes_scripts_and_handlers_keeps_formatting() {
        let out = sanitize_html(
            "<p onclick=\"x()\">Hi <b>there</b><script>alert(1)</script>\
             <a href=\"javascript:alert(1)\">a</a><img src=x onerror=alert(1)></p>",
        );
        assert!(!out.contains("script"), "{out}");
        assert!(
            !out.contains("onclick") && !out.contains("onerror"),
            "{out}"
        );
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("<b>there</b>"), "{out}");
    }

    #[test]
    fn keeps_what_the_renderer_emits() {
        let html = "<h2 id=\"who-we-are\">Who</h2><p class=\"heading-like\" id=\"a\">A</p>\
                    <table><thead><tr><th style=\"text-align: left\">x</th></tr></thead></table>\
                    <ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\"/> done</li></ul>";
        let out = sanitize_html(html);
        assert!(out.contains("id=\"who-we-are\""), "{out}");
        assert!(out.contains("class=\"heading-like\""), "{out}");
        assert!(
            out.contains("text-align: left") || out.contains("text-align:left"),
            "{out}"
        );
        assert!(out.contains("type=\"checkbox\""), "{out}");
    }

    #[test]
    fn style_cannot_load_from_elsewhere() {
        let out = sanitize_html("<td style=\"background: url(https://evil.example/x.png)\">x</td>");
        assert!(!out.contains("evil"), "{out}");
    }
}
