//! `informed new NAME [--indirect]`: a blank notice with every section Article 13 (or 14)
//! requires. Each section has a one-line guidance comment (hidden from readers) and an
//! `[insert …]` placeholder, which the linter reports as an error, so an unedited template can
//! never pass CI.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::date::Date;
use crate::document::slugify;
use crate::error::{Error, Result};

use super::NewFiles;

/// Which article a section is required by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum When {
    Always,
    /// Article 13 only: data collected from the person.
    Direct,
    /// Article 14 only: data obtained from someone else.
    Indirect,
}

struct Section {
    heading: &'static str,
    /// Guidance with the article for direct (13) and indirect (14) collection.
    guidance: &'static str,
    art13: &'static str,
    art14: &'static str,
    body: &'static str,
    when: When,
}

const SECTIONS: &[Section] = &[
    Section {
        heading: "Who we are",
        guidance: "Name the organisation responsible for the data (the controller) and give a postal address and an email address or web form.",
        art13: "13(1)(a)",
        art14: "14(1)(a)",
        body: "The data controller for your personal data is [insert organisation name], [insert postal address]. You can contact us at [insert email address or web form].",
        when: When::Always,
    },
    Section {
        heading: "Our Data Protection Officer",
        guidance: "Give the contact details of your Data Protection Officer (a public authority must have one).",
        art13: "13(1)(b)",
        art14: "14(1)(b)",
        body: "You can contact our Data Protection Officer at [insert DPO email address].",
        when: When::Always,
    },
    Section {
        heading: "Why we use your data",
        guidance: "List each purpose in plain words: what you do with the data and why.",
        art13: "13(1)(c)",
        art14: "14(1)(c)",
        body: "We use your personal data to:\n\n- [insert purpose]\n- [insert purpose]",
        when: When::Always,
    },
    Section {
        heading: "The data we use",
        guidance: "List the kinds of personal data you use, including any special category data.",
        art13: "good practice",
        art14: "14(1)(d)",
        body: "We use the following personal data:\n\n- [insert category of data, for example name and email address]",
        when: When::Always,
    },
    Section {
        heading: "Where we get your data",
        guidance: "Say where the data comes from, and whether any of it comes from publicly accessible sources.",
        art13: "",
        art14: "14(2)(f)",
        body: "We get your personal data from [insert the source, for example your employer or a public register].",
        when: When::Indirect,
    },
    Section {
        heading: "Our lawful basis",
        guidance: "Name the Article 6 lawful basis for each purpose; for legitimate interests, say what the interests are.",
        art13: "13(1)(c) and (d)",
        art14: "14(1)(c) and 14(2)(b)",
        body: "Our lawful basis for using your data is [insert lawful basis, for example public task (Article 6(1)(e))] because [insert the reason].",
        when: When::Always,
    },
    Section {
        heading: "Whether you have to give us your data",
        guidance: "Say whether giving the data is a legal or contractual requirement, and what happens if someone does not give it.",
        art13: "13(2)(e)",
        art14: "",
        body: "[insert whether you must give us your data, and what happens if you do not].",
        when: When::Direct,
    },
    Section {
        heading: "Who we share your data with",
        guidance: "Name the recipients, or the kinds of recipient, including processors; say so if you share it with no one.",
        art13: "13(1)(e)",
        art14: "14(1)(e)",
        body: "We share your personal data with [insert recipients, for example our IT supplier (our data processor)].",
        when: When::Always,
    },
    Section {
        heading: "International transfers",
        guidance: "Say whether data leaves the UK; if it does, say where, under which safeguard, and how to get a copy of it.",
        art13: "13(1)(f)",
        art14: "14(1)(f)",
        body: "[insert whether your data leaves the UK, where to, and the safeguard].",
        when: When::Always,
    },
    Section {
        heading: "How long we keep your data",
        guidance: "Give the retention period, or the criteria used to decide it; \"as long as necessary\" is not enough.",
        art13: "13(2)(a)",
        art14: "14(2)(a)",
        body: "We keep your personal data for [insert retention period], then delete it.",
        when: When::Always,
    },
    Section {
        heading: "Automated decision-making",
        guidance: "Say whether any decision about people is made by automated means alone; if so, explain the logic and the consequences.",
        art13: "13(2)(f)",
        art14: "14(2)(g)",
        body: "[insert whether we make decisions about you by automated means alone].",
        when: When::Always,
    },
    Section {
        heading: "Your rights",
        guidance: "List the rights that apply to your lawful basis (access, rectification, erasure, restriction, portability, objection) and how to use them.",
        art13: "13(2)(b)",
        art14: "14(2)(c)",
        body: "You have the right to:\n\n- ask for a copy of your personal data\n- ask us to correct any data that is wrong\n- [insert the other rights that apply to our lawful basis]\n\nTo use your rights, contact [insert contact details].",
        when: When::Always,
    },
    Section {
        heading: "Your right to object",
        guidance: "If you rely on public task or legitimate interests, or use data for direct marketing, state the right to object separately and clearly.",
        art13: "13(2)(b) and 21(4)",
        art14: "14(2)(c) and 21(4)",
        body: "You have the right to object to [insert the processing people can object to].",
        when: When::Always,
    },
    Section {
        heading: "Withdrawing consent",
        guidance: "If you rely on consent, say that people can withdraw it at any time and how; otherwise delete this section.",
        art13: "13(2)(c)",
        art14: "14(2)(d)",
        body: "Where we rely on your consent, you can withdraw it at any time by [insert how to withdraw consent].",
        when: When::Always,
    },
    Section {
        heading: "How to complain",
        guidance: "Say how to complain to you, and that people can complain to the Information Commissioner's Office.",
        art13: "13(2)(d)",
        art14: "14(2)(e)",
        body: "If you are unhappy with how we use your data, contact [insert how to complain to us].\n\nYou can also complain to the Information Commissioner's Office (ICO), Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF; helpline 0303 123 1113; <https://ico.org.uk/make-a-complaint/>.",
        when: When::Always,
    },
];

/// The file slug and the title for NAME: `"Staff survey"` → (`staff-survey`, `Staff survey`),
/// `staff-survey` → (`staff-survey`, `Staff survey`).
pub fn slug_and_title(name: &str) -> Option<(String, String)> {
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
pub fn notice_template(title: &str, slug: &str, indirect: bool, today: Date) -> String {
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
    out.push_str(&format!(
        "This notice explains how [insert organisation name] uses your personal data when [insert what the person does or what the service is], and your rights. It meets Article {article} of the UK General Data Protection Regulation (UK GDPR).\n"
    ));
    for s in SECTIONS {
        let applies = match s.when {
            When::Always => true,
            When::Direct => !indirect,
            When::Indirect => indirect,
        };
        if !applies {
            continue;
        }
        let reference = if indirect { s.art14 } else { s.art13 };
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
        out.push_str(s.body);
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

pub fn run(root: &Path, name: &str, indirect: bool) -> Result<i32> {
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
