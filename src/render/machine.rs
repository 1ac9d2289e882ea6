//! Machine-readable copies of each notice, written beside its page and linked from its head:
//! `notice.json` (what the linter found: elements and facts, plus the declared front matter) and
//! `notice.jsonld` (the same facts in the W3C Data Privacy Vocabulary, DPV).
//!
//! The terms are data: `lints/law/lawful-bases.toml` (bases and the rights each brings) and
//! `lints/law/transfer-mechanisms.toml`. DPV has no terms for some UK law (Article 6(1)(ea), the
//! IDTA, the UK Addendum, the UK-US data bridge); those are minted under our own `informed:`
//! prefix (see docs/decisions.md).

use serde_json::{Map, Value, json};

use crate::lint::FileReport;
use crate::load::Notice;
use crate::load::structured::{Collection, Declared};
use crate::render::permalink::Target;
use crate::render::{PageSummary, SiteContext};

/// Version of the `notice.json` format.
pub(crate) const JSON_VERSION: u32 = 1;

/// Our namespace for terms DPV lacks. A URN, because we own no web domain to mint under.
pub(crate) const INFORMED_NS: &str = "urn:informed:vocab:";

/// Output paths of a page's machine-readable files: beside `…/index.html` they are
/// `…/notice.json` and `…/notice.jsonld`; beside `…/name.html`, `…/name.notice.json(ld)`.
pub(crate) fn alternate_paths(page_file: &str) -> (String, String) {
    let (dir, name) = match page_file.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), page_file),
    };
    let stem = if name == "index.html" {
        "notice".to_string()
    } else {
        format!("{}.notice", name.strip_suffix(".html").unwrap_or(name))
    };
    (format!("{dir}{stem}.json"), format!("{dir}{stem}.jsonld"))
}

/// `notice.json` and `notice.jsonld` for one notice, by output path.
pub(crate) fn alternates(
    site: &SiteContext,
    notice: &Notice,
    declared: &Declared,
    summary: &PageSummary,
    report: &FileReport,
    target: &Target,
) -> Vec<(String, Vec<u8>)> {
    let (json_path, jsonld_path) = alternate_paths(&target.file);
    let json = notice_json(site, notice, declared, summary, report);
    let jsonld = notice_jsonld(site, declared, summary, report, target);
    let pretty = |v: &Value| {
        let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
        s.push('\n');
        s.into_bytes()
    };
    vec![(json_path, pretty(&json)), (jsonld_path, pretty(&jsonld))]
}

fn page_url(site: &SiteContext, summary: &PageSummary) -> String {
    if site.base_url.is_empty() {
        format!("{}{}", site.base_path, summary.url)
    } else {
        format!("{}{}", site.base_url, summary.url)
    }
}

/// What the linter found, in the element ids and fact names of `informed check --format json`.
pub(crate) fn notice_json(
    site: &SiteContext,
    notice: &Notice,
    declared: &Declared,
    summary: &PageSummary,
    report: &FileReport,
) -> Value {
    let sections: Vec<Value> = notice
        .doc
        .headed_sections()
        .map(|(_, s)| json!({"title": s.title, "anchor": s.anchor, "level": s.level}))
        .collect();
    json!({
        "version": JSON_VERSION,
        "title": summary.title,
        "url": page_url(site, summary),
        "source": notice.rel_path,
        "last_updated": summary.last_updated_iso,
        "elements": report.elements,
        "facts": report.facts,
        "declared": declared,
        "sections": sections,
    })
}

/// The eu-gdpr (or our) term for a lawful-basis id (`dpv` in `lints/law/lawful-bases.toml`).
fn basis_term(id: &str) -> Option<String> {
    crate::law::basis(id).map(|b| b.dpv.clone())
}

/// The rights each basis brings (`rights` in `lints/law/lawful-bases.toml`).
fn rights_for(id: &str) -> &'static [String] {
    crate::law::basis(id).map_or(&[], |b| b.rights.as_slice())
}

/// The term of a transfer safeguard (`dpv` in `lints/law/transfer-mechanisms.toml`).
fn mechanism_term(id: &str) -> String {
    crate::law::mechanisms()
        .iter()
        .find(|m| m.id == id)
        .map_or_else(|| format!("informed:{id}"), |m| m.dpv.clone())
}

/// The notice in DPV terms (a `dpv:PrivacyNotice`).
pub(crate) fn notice_jsonld(
    site: &SiteContext,
    declared: &Declared,
    summary: &PageSummary,
    report: &FileReport,
    target: &Target,
) -> Value {
    let mut n = Map::new();
    n.insert(
        "@context".into(),
        json!({
            "dpv": "https://w3id.org/dpv#",
            "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
            "legal-gb": "https://w3id.org/dpv/legal/gb#",
            "dct": "http://purl.org/dc/terms/",
            "informed": INFORMED_NS,
        }),
    );
    // The page, relative to this file unless the site has an absolute base URL.
    let id = if site.base_url.is_empty() {
        match target.file.rsplit('/').next() {
            Some("index.html") | None => "./".to_string(),
            Some(name) => name.to_string(),
        }
    } else {
        format!("{}{}", site.base_url, summary.url)
    };
    n.insert("@id".into(), Value::String(id));
    let art14 = declared
        .collection
        .map_or(report.facts.art14, Collection::art14);
    let art13 = declared
        .collection
        .map_or(!report.facts.art14, |c| c != Collection::Indirect);
    let mut types = vec![json!("dpv:PrivacyNotice")];
    if art13 {
        types.push(json!("eu-gdpr:DirectDataCollectionNotice"));
    }
    if art14 {
        types.push(json!("eu-gdpr:IndirectDataCollectionNotice"));
    }
    n.insert("@type".into(), Value::Array(types));
    n.insert("dct:title".into(), json!(summary.title));
    if let Some(d) = &summary.last_updated_iso {
        n.insert("dct:modified".into(), json!(d));
    }
    if let Some(d) = declared.review_due {
        n.insert("informed:reviewDue".into(), json!(d.to_string()));
    }
    if let Some(c) = &declared.controller {
        let mut e = Map::new();
        e.insert("@type".into(), json!("dpv:DataController"));
        if let Some(v) = &c.name {
            e.insert("dpv:hasName".into(), json!(v));
        }
        if let Some(v) = &c.address {
            e.insert("dpv:hasAddress".into(), json!(v));
        }
        let contacts: Vec<&String> = [&c.email, &c.phone, &c.url].into_iter().flatten().collect();
        if !contacts.is_empty() {
            e.insert("dpv:hasContact".into(), json!(contacts));
        }
        n.insert("dpv:hasDataController".into(), Value::Object(e));
    }
    if let Some(d) = &declared.dpo {
        let contacts: Vec<&String> = [&d.email, &d.phone, &d.url].into_iter().flatten().collect();
        let mut e = Map::new();
        e.insert("@type".into(), json!("dpv:DataProtectionOfficer"));
        if let Some(v) = &d.name {
            e.insert("dpv:hasName".into(), json!(v));
        }
        if !contacts.is_empty() {
            e.insert("dpv:hasContact".into(), json!(contacts));
        }
        n.insert("dpv:hasDataProtectionOfficer".into(), Value::Object(e));
    }
    let bases = if declared.lawful_basis.is_empty() {
        &report.facts.lawful_basis
    } else {
        &declared.lawful_basis
    };
    let basis_ids: Vec<Value> = bases
        .iter()
        .filter_map(|b| basis_term(b))
        .map(|t| json!({"@id": t}))
        .collect();
    if !basis_ids.is_empty() {
        n.insert("dpv:hasLegalBasis".into(), Value::Array(basis_ids));
    }
    let mut rights: Vec<&str> = bases
        .iter()
        .flat_map(|b| rights_for(b).iter().map(String::as_str))
        .collect();
    rights.push("A77");
    rights.sort_unstable();
    rights.dedup();
    n.insert(
        "dpv:hasRight".into(),
        Value::Array(
            rights
                .iter()
                .map(|r| json!({"@id": format!("eu-gdpr:{r}")}))
                .collect(),
        ),
    );
    if let Some(r) = &declared.retention {
        n.insert(
            "dpv:hasStorageCondition".into(),
            json!({"@type": "dpv:StorageDuration", "dct:description": r}),
        );
    }
    if let Some(t) = &declared.transfers {
        if t.any {
            let list: Vec<Value> = t
                .destinations
                .iter()
                .map(|d| {
                    let mut e = Map::new();
                    e.insert("@type".into(), json!("dpv:CrossBorderTransfer"));
                    e.insert("dpv:hasCountry".into(), json!({"dct:title": d.country}));
                    if let Some(m) = &d.mechanism {
                        e.insert(
                            "dpv:hasLegalBasis".into(),
                            json!({"@id": mechanism_term(m)}),
                        );
                    }
                    Value::Object(e)
                })
                .collect();
            n.insert(
                "informed:hasTransfer".into(),
                if list.is_empty() {
                    json!({"@type": "dpv:CrossBorderTransfer"})
                } else {
                    Value::Array(list)
                },
            );
        } else {
            n.insert("informed:hasTransfer".into(), json!([]));
        }
    }
    if let Some(sc) = &declared.special_category
        && sc.processed
    {
        let mut e = Map::new();
        e.insert("@type".into(), json!("dpv:SpecialCategoryPersonalData"));
        if !sc.categories.is_empty() {
            e.insert("dct:description".into(), json!(sc.categories));
        }
        if let Some(c) = &sc.condition {
            e.insert("informed:article9Condition".into(), json!(c));
        }
        n.insert("dpv:hasPersonalData".into(), Value::Object(e));
    }
    if declared.automated_decisions == Some(true) {
        n.insert(
            "dpv:hasProcessing".into(),
            json!({"@id": "dpv:AutomatedDecisionMaking"}),
        );
    }
    // The UK regulator, who hears complaints (Article 77).
    n.insert("dpv:hasAuthority".into(), json!({"@id": "legal-gb:DPA-GB"}));
    let addressed: Vec<&String> = report
        .elements
        .iter()
        .filter(|(_, s)| s.status == crate::understand::Outcome::Present)
        .map(|(id, _)| id)
        .collect();
    n.insert("informed:addresses".into(), json!(addressed));
    Value::Object(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_paths_sit_beside_the_page() {
        assert_eq!(
            alternate_paths("a/b/index.html"),
            (
                "a/b/notice.json".to_string(),
                "a/b/notice.jsonld".to_string()
            )
        );
        assert_eq!(
            alternate_paths("index.html"),
            ("notice.json".to_string(), "notice.jsonld".to_string())
        );
        assert_eq!(
            alternate_paths("privacy/staff.html"),
            (
                "privacy/staff.notice.json".to_string(),
                "privacy/staff.notice.jsonld".to_string()
            )
        );
    }

    #[test]
    fn basis_and_rights_terms() {
        assert_eq!(basis_term("public_task").as_deref(), Some("eu-gdpr:A6-1-e"));
        assert_eq!(basis_term("nonsense"), None);
        let has = |basis: &str, right: &str| rights_for(basis).iter().any(|r| r == right);
        assert!(has("public_task", "A21"));
        assert!(
            !has("public_task", "A17"),
            "no erasure right under public task"
        );
        assert!(has("consent", "A7-3"));
        assert_eq!(mechanism_term("scc"), "eu-gdpr:A46-2-c");
        assert_eq!(mechanism_term("idta"), "informed:IDTA");
    }
}
