//! `informed new NAME [--indirect]`: a blank notice with every section Article 13 (or 14)
//! requires. The sections are data (`lints/law/notice-template.toml`, one per element or group
//! of elements); each has a one-line guidance comment (hidden from readers) and an `[insert …]`
//! placeholder, which the linter reports as an error, so an unedited template can never pass CI.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::date::Date;
use crate::document::slugify;
use crate::error::{Error, Result};
use crate::law::Collection;

use super::NewFiles;

/// The file slug and the title for NAME: `"Staff survey"` → (`staff-survey`, `Staff survey`),
/// `staff-survey` → (`staff-survey`, `Staff survey`).
pub(crate) fn slug_and_title(name: &str) -> Option<(String, String)> {
    let name = name.trim();
    let name = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .unwrap_or(name);
    let slug = slugify(name);
    if slug.is_empty() {
        return None;
    }
    let title = if name.contains(' ') {
        name.to_string()
    } else {
        let words = slug.replace('-', " ");
        let mut chars = words.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default()
    };
    Some((slug, title))
}

/// The text of a new notice.
pub(crate) fn notice_template(title: &str, slug: &str, indirect: bool, today: Date) -> String {
    let review = Date::new(today.year + 1, today.month, today.day.min(28)).unwrap_or(today);
    let (article, collection) = if indirect {
        ("14", "indirect")
    } else {
        ("13", "direct")
    };
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&format!(
        "title: {}\n",
        yaml_string(&format!("{title} privacy notice"))
    ));
    out.push_str(&format!("permalink: /{slug}/\n"));
    out.push_str(&format!("last_updated: {today}\n"));
    out.push_str(&format!("review_due: {review}\n"));
    out.push_str(&format!(
        "# {collection}: the data comes {} (Article {article}). See docs/front-matter.md for more keys.\n",
        if indirect { "from someone other than the person" } else { "from the person" }
    ));
    out.push_str(&format!("collection: {collection}\n"));
    out.push_str("# lawful_basis: public_task\n");
    out.push_str("---\n\n");
    let template = crate::law::template();
    out.push_str(&template.intro.replace("{article}", article));
    out.push('\n');
    for s in &template.section {
        let applies = match s.collection {
            Collection::Any => true,
            Collection::Direct => !indirect,
            Collection::Indirect => indirect,
        };
        if !applies {
            continue;
        }
        let reference = if indirect { &s.art14 } else { &s.art13 };
        let reference = if reference == "good practice" {
            "good practice".to_string()
        } else {
            format!("Article {reference}")
        };
        out.push_str(&format!("\n## {}\n\n", s.heading));
        out.push_str(&format!(
            "<!-- Guidance ({reference}): {} -->\n\n",
            s.guidance
        ));
        out.push_str(&s.body);
        out.push('\n');
    }
    out
}

/// A YAML double-quoted string. A JSON string is one, except that JSON leaves DEL, the C1
/// controls and U+FFFE/U+FFFF raw, which YAML forbids in a file (found by fuzzing `import`):
/// those are written as `\u` escapes, which both accept.
pub(crate) fn yaml_string(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")));
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        let printable = matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}')
            || ('\u{a0}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}';
        if printable {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{:04x}", c as u32));
        }
    }
    out
}

pub(super) fn run(root: &Path, name: &str, indirect: bool) -> Result<i32> {
    let config = Config::load(root)?;
    let (slug, title) = slug_and_title(name).ok_or_else(|| {
        Error::new(format!(
            "`{name}` has no letters or digits to make a file name from"
        ))
        .with_note("help: try `informed new \"Staff survey\"`")
    })?;
    let path: PathBuf = root.join(&config.content_dir).join(format!("{slug}.md"));
    let mut files = NewFiles::new(root);
    files.add(
        path.clone(),
        notice_template(&title, &slug, indirect, Date::today()),
    );
    files
        .write(false)
        .map_err(|e| e.with_note("help: choose another NAME, or edit the existing notice"))?;
    println!("Created {}", crate::load::relative(&path, root));
    println!(
        "Replace every [insert …] placeholder (Article {} sections); `informed check` reports any left.",
        if indirect { 14 } else { 13 }
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_escape_what_yaml_forbids() {
        let s = "a\u{7f}b\u{9f}c\u{fffe}\"d\u{1}é";
        let y = yaml_string(s);
        assert_eq!(y, "\"a\\u007fb\\u009fc\\ufffe\\\"d\\u0001é\"");
        let back: String = serde_saphyr::from_str(&y).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn placeholders_are_short_enough_for_the_linter() {
        // The placeholder rule matches `[insert …]` up to 80 characters; keep well inside it.
        for indirect in [false, true] {
            let text = notice_template("T", "t", indirect, Date::new(2026, 1, 1).unwrap());
            for (i, _) in text.match_indices("[insert ") {
                let len = text[i..].find(']').expect("closed placeholder");
                assert!(len <= 75, "placeholder too long: {}", &text[i..i + len + 1]);
            }
        }
    }

    #[test]
    fn names_become_slugs_and_titles() {
        assert_eq!(
            slug_and_title("Staff survey"),
            Some(("staff-survey".into(), "Staff survey".into()))
        );
        assert_eq!(
            slug_and_title("staff-survey.md"),
            Some(("staff-survey".into(), "Staff survey".into()))
        );
        assert_eq!(slug_and_title("!!"), None);
    }
}
