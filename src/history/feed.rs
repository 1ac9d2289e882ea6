//! The site's Atom 1.0 feed of notice changes, `changes.xml` (RFC 4287), made in code from the
//! notices' change lists so it is always well formed. Every value comes from commits and the
//! site's settings: the same commit gives the same feed. Every language's pages are in the one
//! feed; each entry carries its page's language (`xml:lang`), the feed the site's.

use std::hash::Hasher as _;

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::render::{PageSummary, SiteContext};

/// The feed's path in the site.
pub(crate) const FEED_FILE: &str = "changes.xml";

/// At most this many entries, the newest, so the feed stays small on a large site.
pub(crate) const MAX_ENTRIES: usize = 100;

/// The feed for `pages` (each with its changes); `None` when no notice has a change.
pub(crate) fn atom(site: &SiteContext, pages: &[PageSummary]) -> Option<String> {
    let mut entries: Vec<(&PageSummary, &crate::history::ChangeItem)> = pages
        .iter()
        .flat_map(|p| p.changes.iter().map(move |c| (p, c)))
        .collect();
    if entries.is_empty() {
        return None;
    }
    // Newest first; ties in a fixed order.
    entries.sort_by(|a, b| {
        b.1.updated
            .cmp(&a.1.updated)
            .then(a.0.url.cmp(&b.0.url))
            .then(a.1.date_iso.cmp(&b.1.date_iso))
    });
    entries.truncate(MAX_ENTRIES);
    // RFC 3339 strings in different zones do not sort as times; `updated` of the feed is the
    // latest instant.
    let updated = entries
        .iter()
        .map(|(_, c)| c.updated.as_str())
        .max_by_key(|u| instant(u))
        .unwrap_or_default();
    let base = if site.base_url.is_empty() {
        &site.base_path
    } else {
        &site.base_url
    };
    let identity = if site.base_url.is_empty() {
        &site.title
    } else {
        &site.base_url
    };
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(&site.language)
    ));
    out.push_str(&format!("  <id>{}</id>\n", uuid(&["feed", identity])));
    out.push_str(&format!("  <title>{}</title>\n", xml(&site.title)));
    out.push_str(&format!("  <updated>{}</updated>\n", xml(updated)));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&site.title)
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}{FEED_FILE}\"/>\n",
        xml(base)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(base)
    ));
    out.push_str("  <generator>informed</generator>\n");
    for (page, change) in entries {
        let url = change.url.as_deref().unwrap_or(&page.url);
        let lang = if page.lang.is_empty() {
            &site.language
        } else {
            &page.lang
        };
        out.push_str(&format!("  <entry xml:lang=\"{}\">\n", xml(lang)));
        out.push_str(&format!(
            "    <id>{}</id>\n",
            uuid(&["change", identity, &page.url, &change.date_iso])
        ));
        out.push_str(&format!(
            "    <title>{}: {}</title>\n",
            xml(&page.title),
            xml(&change.summary)
        ));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            xml(&change.updated)
        ));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>\n",
            xml(base),
            xml(url)
        ));
        out.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml(&change.summary)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    Some(out)
}

/// Seconds since 1970 of an RFC 3339 time as [`crate::history::When::rfc3339`] writes it.
fn instant(s: &str) -> i64 {
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i64>().ok()).unwrap_or(0);
    let days =
        crate::date::Date::parse(s.get(..10).unwrap_or("")).map_or(0, crate::date::Date::days);
    let local = days * 86_400 + num(11..13) * 3600 + num(14..16) * 60 + num(17..19);
    let sign = if s.get(19..20) == Some("-") { -1 } else { 1 };
    local - sign * (num(20..22) * 3600 + num(23..25) * 60)
}

/// A stable `urn:uuid:` from `parts` (a version 8 UUID, RFC 9562, from a 128-bit SipHash).
fn uuid(parts: &[&str]) -> String {
    let mut h = SipHasher13::new();
    for p in parts {
        h.write_u64(p.len() as u64);
        h.write(p.as_bytes());
    }
    let mut b = h.finish128().as_u128().to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Escaped for XML text and attributes; control characters XML 1.0 cannot hold are dropped.
fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_across_zones() {
        assert_eq!(
            instant("2026-03-01T10:15:00+01:00"),
            instant("2026-03-01T09:15:00+00:00")
        );
        assert!(instant("2026-03-01T10:00:00-05:00") > instant("2026-03-01T12:00:00+00:00"));
    }

    #[test]
    fn ids_are_stable_uuids() {
        let id = uuid(&["change", "x", "a/", "2026-03-01"]);
        assert_eq!(id, uuid(&["change", "x", "a/", "2026-03-01"]));
        assert_ne!(id, uuid(&["change", "x", "a/", "2026-03-02"]));
        assert_eq!(id.len(), "urn:uuid:".len() + 36);
        assert_eq!(&id[23..24], "8");
    }
}
