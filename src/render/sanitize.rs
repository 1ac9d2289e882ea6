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
pub fn sanitize_html(raw: &str) -> String {
    SANITIZER.clean(raw).to_string()
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
pub const NEUTRAL_URL: &str = "#";

#[cfg(test)]
mod tests {
    use super::*;

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
