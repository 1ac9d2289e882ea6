//! Where each notice is written and which URL it has.
//!
//! A front-matter `permalink` is Jekyll style (`/privacy-network/index.html`, `/privacy/staff/`);
//! without one a notice lives at `/<file-stem-slug>/`. Every permalink is checked so that no
//! notice can be written outside the output folder.

use crate::document::slugify;

/// The output file (relative to the output folder) and the URL path (relative to the base path).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    /// e.g. `privacy-network/index.html`
    pub file: String,
    /// e.g. `privacy-network/` (empty for the site root)
    pub url: String,
}

/// Resolve a front-matter permalink. Errors explain why the permalink is refused.
pub fn from_permalink(permalink: &str) -> Result<Target, String> {
    let raw = permalink.trim();
    if raw.is_empty() {
        return Err("permalink is empty".into());
    }
    let decoded = decode_fully(raw)?;
    if decoded.contains('\\') {
        return Err("permalink contains a backslash".into());
    }
    if decoded.chars().any(|c| c.is_control()) {
        return Err("permalink contains a control character".into());
    }
    if decoded.starts_with("//") || decoded.contains("://") || has_scheme(&decoded) {
        return Err("permalink must be a path on this site, not a URL".into());
    }
    let trailing_slash = decoded.ends_with('/');
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => {
                return Err(
                    "permalink contains `.` or `..` and would leave the output folder".into(),
                );
            }
            s => parts.push(s),
        }
    }
    let path = parts.join("/");
    let last = parts.last().copied().unwrap_or("");
    let is_file = !trailing_slash && last.contains('.') && !last.ends_with('.');
    if is_file {
        // Only a whole `index.html` segment is the folder's page: `fooindex.html` and
        // `..index.html` are ordinary files (found by the permalink property test, which saw
        // `..index.html` get the URL `..`).
        let url = if path == "index.html" {
            String::new()
        } else {
            match path.strip_suffix("/index.html") {
                Some(dir) => format!("{dir}/"),
                None => path.clone(),
            }
        };
        Ok(Target { file: path, url })
    } else if path.is_empty() {
        Ok(Target {
            file: "index.html".into(),
            url: String::new(),
        })
    } else {
        Ok(Target {
            file: format!("{path}/index.html"),
            url: format!("{path}/"),
        })
    }
}

/// The default target: the file's path under `content/`, each part made a slug.
pub fn from_path(rel_path: &str) -> Target {
    let without_ext = match rel_path.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => rel_path,
    };
    let parts: Vec<String> = without_ext
        .split('/')
        .map(|p| {
            let s = slugify(p);
            if s.is_empty() {
                "notice".to_string()
            } else {
                s
            }
        })
        .collect();
    // `privacy/index.md` is the page for `privacy/`.
    let parts: Vec<&str> = match parts.split_last() {
        Some((last, rest)) if last == "index" || last == "readme" => {
            rest.iter().map(String::as_str).collect()
        }
        _ => parts.iter().map(String::as_str).collect(),
    };
    let path = parts.join("/");
    if path.is_empty() {
        Target {
            file: "index.html".into(),
            url: String::new(),
        }
    } else {
        Target {
            file: format!("{path}/index.html"),
            url: format!("{path}/"),
        }
    }
}

fn has_scheme(s: &str) -> bool {
    // `javascript:x`, `C:\x`, `mailto:`: a colon before any slash.
    match s.find(':') {
        Some(i) => !s[..i].contains('/'),
        None => false,
    }
}

/// Percent-decode repeatedly until the text stops changing, so `%252e%252e` is seen as `..`.
fn decode_fully(s: &str) -> Result<String, String> {
    let mut current = s.to_string();
    for _ in 0..4 {
        let next = percent_decode(&current)?;
        if next == current {
            return Ok(next);
        }
        current = next;
    }
    Err("permalink is percent-encoded too many times".into())
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "permalink decodes to invalid UTF-8".to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_index_html_segment_is_a_folder_page() {
        let t = from_permalink("..index.html").unwrap();
        assert_eq!(
            (t.file.as_str(), t.url.as_str()),
            ("..index.html", "..index.html")
        );
        let t = from_permalink("/fooindex.html").unwrap();
        assert_eq!(t.url, "fooindex.html");
        assert_eq!(from_permalink("/index.html").unwrap().url, "");
        assert_eq!(from_permalink("/a/b/index.html").unwrap().url, "a/b/");
    }

    #[test]
    fn jekyll_permalinks() {
        assert_eq!(
            from_permalink("/privacy-network/index.html").unwrap(),
            Target {
                file: "privacy-network/index.html".into(),
                url: "privacy-network/".into()
            }
        );
        assert_eq!(
            from_permalink("/privacy/staff/").unwrap(),
            Target {
                file: "privacy/staff/index.html".into(),
                url: "privacy/staff/".into()
            }
        );
        assert_eq!(from_permalink("/about").unwrap().file, "about/index.html");
        assert_eq!(from_permalink("/notice.html").unwrap().url, "notice.html");
    }

    #[test]
    fn escaping_permalinks_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/x",
            "/a/%252e%252e/x",
            "\\windows\\x",
            "https://evil.example/x",
            "//evil.example/x",
            "javascript:alert(1)",
            "C:\\x",
            "/a/./b",
        ] {
            assert!(from_permalink(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn default_from_path() {
        assert_eq!(
            from_path("staff/Privacy Notice.md").url,
            "staff/privacy-notice/"
        );
        assert_eq!(from_path("privacy/index.md").file, "privacy/index.html");
        assert_eq!(from_path("données.md").url, "données/");
    }
}
