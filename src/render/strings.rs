//! The theme's own words in each language: `themes/<name>/strings/<lang>.toml`, one flat table
//! of `key = "text"`. English (`en.toml`) is the base every other language falls back to, key by
//! key; a site adds a language, or rewords one, with its own file of the same name in
//! `themes/<name>/strings/` (its keys win over the built-in file's).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Date;
use crate::error::{Error, Result};
use crate::load::language;

/// The language every other falls back to.
pub(crate) const BASE: &str = "en";

/// One language's strings file as loaded: where it came from and its table.
#[derive(Debug, Clone, Default)]
pub(crate) struct StringsFile {
    pub origin: String,
    pub table: BTreeMap<String, String>,
}

/// Parse a strings file, refusing anything but `key = "text"` with the file and line.
pub(crate) fn parse(origin: &str, text: &str) -> Result<BTreeMap<String, String>> {
    toml::from_str::<BTreeMap<String, String>>(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start).min(text.len());
        let line = text[..offset].matches('\n').count() + 1;
        Error::new(format!("invalid strings file: {}", e.message().trim()))
            .in_file(origin)
            .at(line, 1)
            .with_note("help: a strings file is a flat table of `key = \"text\"`")
    })
}

/// The words of one page: its language's strings over English.
#[derive(Debug, Clone, Serialize)]
pub struct Strings {
    /// The page's language tag as the notice or site names it (`cy`, `en-GB`).
    pub lang: String,
    /// Text by key.
    pub text: BTreeMap<String, String>,
    /// By key: ` lang="en"` where the text is the English fallback on a page in another
    /// language (so screen readers pronounce it as English), else empty.
    pub lang_attr: BTreeMap<String, String>,
}

impl Strings {
    /// The strings for `tag` from the theme's files (by lower-case tag): the whole tag's file,
    /// else its primary language's (`en-GB` → `en`), over English.
    pub(crate) fn resolve(
        files: &BTreeMap<String, StringsFile>,
        theme: &str,
        tag: &str,
    ) -> Result<Strings> {
        let base = files.get(BASE).map(|f| &f.table);
        let own = files
            .get(&tag.to_ascii_lowercase())
            .or_else(|| files.get(&language::primary(tag)));
        let Some(own) = own else {
            let mut known: Vec<&str> = files.keys().map(String::as_str).collect();
            known.sort();
            return Err(Error::new(format!(
                "the theme `{theme}` has no strings for the language `{tag}`"
            ))
            .with_note(format!(
                "help: add themes/{theme}/strings/{}.toml to the site (the theme has {}), or correct the language tag",
                language::primary(tag),
                known.join(", ")
            )));
        };
        let english = language::same_language(tag, BASE);
        let mut text = base.cloned().unwrap_or_default();
        let mut lang_attr: BTreeMap<String, String> = text
            .keys()
            .map(|k| {
                let attr = if english { "" } else { " lang=\"en\"" };
                (k.clone(), attr.to_string())
            })
            .collect();
        for (k, v) in &own.table {
            text.insert(k.clone(), v.clone());
            lang_attr.insert(k.clone(), String::new());
        }
        Ok(Strings {
            lang: tag.to_string(),
            text,
            lang_attr,
        })
    }

    /// The text of `key` in this language (English where it has none; empty if unknown).
    pub fn get(&self, key: &str) -> &str {
        self.text.get(key).map_or("", String::as_str)
    }

    /// "16 September 2019" in this language (`month_1` … `month_12`; English when missing).
    pub fn long_date(&self, date: Date) -> String {
        match self.text.get(&format!("month_{}", date.month)) {
            Some(month) => format!("{} {month} {}", date.day, date.year),
            None => date.long(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> BTreeMap<String, StringsFile> {
        let file = |pairs: &[(&str, &str)]| StringsFile {
            origin: String::new(),
            table: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        BTreeMap::from([
            (
                "en".to_string(),
                file(&[
                    ("contents", "Contents"),
                    ("skip_link", "Skip to main content"),
                ]),
            ),
            ("cy".to_string(), file(&[("contents", "Cynnwys")])),
        ])
    }

    #[test]
    fn a_missing_key_falls_back_to_english_marked_as_english() {
        let s = Strings::resolve(&files(), "default", "cy").unwrap();
        assert_eq!(s.get("contents"), "Cynnwys");
        assert_eq!(s.lang_attr["contents"], "");
        assert_eq!(s.get("skip_link"), "Skip to main content");
        assert_eq!(s.lang_attr["skip_link"], " lang=\"en\"");
    }

    #[test]
    fn a_regional_tag_uses_its_language_and_english_is_never_marked() {
        let s = Strings::resolve(&files(), "default", "en-GB").unwrap();
        assert_eq!(s.get("contents"), "Contents");
        assert_eq!(s.lang_attr["skip_link"], "");
    }

    #[test]
    fn a_language_without_strings_is_an_error_naming_it() {
        let e = Strings::resolve(&files(), "default", "fr").unwrap_err();
        assert!(e.to_string().contains("`fr`"), "{e}");
        assert!(format!("{e:?}").contains("strings/fr.toml"), "{e:?}");
    }
}
