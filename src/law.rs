//! The tables of `lints/law/` that the code reads (not rule packs): lawful bases, transfer
//! mechanisms, the "At a glance" labels and the sections `informed new` writes. They are
//! embedded in the binary and parsed once; a mistake in one is a bug in informed, caught by the
//! unit tests below, so parsing panics rather than returning an error.

use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// One lawful basis of `lints/law/lawful-bases.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LawfulBasis {
    pub id: String,
    /// The Article 6(1) point, `6(1)(e)`.
    pub point: String,
    /// Spellings accepted in front matter (simplified by `load::structured` when read).
    pub spellings: Vec<String>,
    /// Its name in the "At a glance" summary.
    pub label: String,
    /// Its term in notice.jsonld.
    pub dpv: String,
    /// The articles of the rights it brings (`A15`), for notice.jsonld.
    pub rights: Vec<String>,
}

/// One transfer safeguard of `lints/law/transfer-mechanisms.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Mechanism {
    pub id: String,
    pub spellings: Vec<String>,
    pub dpv: String,
}

/// One line of the "At a glance" summary (`lints/law/glance.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GlanceLine {
    /// The element it summarises.
    pub element: String,
    /// The question it answers.
    pub label: String,
    /// Words that mark the sentence about the element in a paragraph that says several things.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// The fixed texts of the summary for what front matter declares (`lints/law/glance.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GlanceTexts {
    pub no_transfers: String,
    pub transfers: String,
    /// `{countries}` is replaced by the declared destinations.
    pub transfers_to: String,
    pub automated_decisions: String,
    pub no_automated_decisions: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Glance {
    pub texts: GlanceTexts,
    pub line: Vec<GlanceLine>,
}

/// For which collection a section of the template is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Collection {
    /// Both articles.
    Any,
    /// Article 13 only: data collected from the person.
    Direct,
    /// Article 14 only: data obtained from someone else.
    Indirect,
}

/// One section `informed new` writes (`lints/law/notice-template.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TemplateSection {
    /// The elements (vocabulary.toml `[[element]]` ids) the section addresses: the tests hold
    /// the template to the vocabulary and the rules with these.
    #[cfg_attr(not(test), allow(dead_code))]
    pub elements: Vec<String>,
    pub heading: String,
    pub guidance: String,
    /// The provision for direct (13) and indirect (14) collection; `good practice` where the
    /// law does not require it.
    #[serde(default)]
    pub art13: String,
    #[serde(default)]
    pub art14: String,
    pub body: String,
    pub collection: Collection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Template {
    /// The paragraph under the title; `{article}` is 13 or 14.
    pub intro: String,
    pub section: Vec<TemplateSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bases {
    basis: Vec<LawfulBasis>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Mechanisms {
    mechanism: Vec<Mechanism>,
}

fn parse<T: DeserializeOwned>(name: &str, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|e| panic!("lints/law/{name} (built in): {e}"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageNames {
    names: std::collections::BTreeMap<String, String>,
}

/// The English name of a language tag's language (`cy` → `Welsh`, from
/// `lints/law/languages.toml`), else the tag itself.
pub(crate) fn language_name(tag: &str) -> String {
    static T: OnceLock<LanguageNames> = OnceLock::new();
    let names = T.get_or_init(|| {
        parse(
            "languages.toml",
            include_str!("../lints/law/languages.toml"),
        )
    });
    names
        .names
        .get(&crate::load::language::primary(tag))
        .cloned()
        .unwrap_or_else(|| tag.to_string())
}

/// The lawful bases, in Article 6(1) order, with their spellings as written in the table.
pub(crate) fn lawful_bases() -> &'static [LawfulBasis] {
    static T: OnceLock<Vec<LawfulBasis>> = OnceLock::new();
    T.get_or_init(|| {
        let t: Bases = parse(
            "lawful-bases.toml",
            include_str!("../lints/law/lawful-bases.toml"),
        );
        t.basis
    })
}

/// A lawful basis by id.
pub(crate) fn basis(id: &str) -> Option<&'static LawfulBasis> {
    lawful_bases().iter().find(|b| b.id == id)
}

/// The transfer safeguards.
pub(crate) fn mechanisms() -> &'static [Mechanism] {
    static T: OnceLock<Vec<Mechanism>> = OnceLock::new();
    T.get_or_init(|| {
        let t: Mechanisms = parse(
            "transfer-mechanisms.toml",
            include_str!("../lints/law/transfer-mechanisms.toml"),
        );
        t.mechanism
    })
}

/// The "At a glance" lines, in the order the summary shows them, and its fixed texts.
pub(crate) fn glance() -> &'static Glance {
    static T: OnceLock<Glance> = OnceLock::new();
    T.get_or_init(|| parse("glance.toml", include_str!("../lints/law/glance.toml")))
}

/// The sections of a new notice, in order.
pub(crate) fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(|| {
        parse(
            "notice-template.toml",
            include_str!("../lints/law/notice-template.toml"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The element ids the law tables name are elements of the built-in vocabulary.
    #[test]
    fn tables_name_known_elements() {
        let packs = crate::lint::Packs::load(std::path::Path::new("/nonexistent")).unwrap();
        let known = |id: &str| packs.elements.iter().any(|e| e.id == id);
        for line in &glance().line {
            assert!(known(&line.element), "glance.toml: {}", line.element);
        }
        for s in &template().section {
            assert!(!s.elements.is_empty(), "{}", s.heading);
            for e in &s.elements {
                assert!(known(e), "notice-template.toml: {e}");
            }
        }
    }

    /// Every element a built-in rule always requires has a section in a new notice.
    #[test]
    fn the_template_covers_every_always_required_element() {
        let packs = crate::lint::Packs::load(std::path::Path::new("/nonexistent")).unwrap();
        for r in &packs.rules {
            if let crate::lint::rules::Kind::MissingElement { element } = &r.kind
                && r.when.is_empty()
                && r.level == crate::lint::Level::Error
            {
                assert!(
                    template()
                        .section
                        .iter()
                        .any(|s| s.elements.contains(element)),
                    "no section of notice-template.toml addresses {element} ({})",
                    r.code
                );
            }
        }
    }

    #[test]
    fn every_basis_has_a_term_and_rights() {
        assert_eq!(lawful_bases().len(), 7);
        for b in lawful_bases() {
            assert!(b.dpv.contains(':'), "{}", b.id);
            assert!(!b.label.is_empty(), "{}", b.id);
        }
        assert!(mechanisms().iter().any(|m| m.id == "scc"));
    }
}
