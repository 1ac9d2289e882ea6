//! The SARIF log is valid SARIF 2.1.0 (it round-trips through serde-sarif's types, generated
//! from the OASIS schema) and has every field GitHub code scanning requires.

use crate::support::{fixtures, run_in};
use serde_json::Value;

fn sarif_text() -> String {
    let (code, out, _) = run_in(&fixtures().join("site"), &["check", "--format", "sarif"]);
    assert_eq!(code, 1);
    out
}

#[test]
fn round_trips_through_the_sarif_schema_types() {
    let text = sarif_text();
    let ours: Value = serde_json::from_str(&text).unwrap();
    let typed: serde_sarif::sarif::Sarif = serde_json::from_str(&text).expect("valid SARIF 2.1.0");
    // Serialising the typed log again gives back exactly what we wrote: no property is
    // misspelt, misplaced or of the wrong type (unknown properties would be dropped).
    let again = serde_json::to_value(&typed).unwrap();
    assert_eq!(again, ours);
}

#[test]
fn has_the_fields_github_code_scanning_requires() {
    let v: Value = serde_json::from_str(&sarif_text()).unwrap();
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    assert_eq!(v["version"], "2.1.0");
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "informed");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() > 40, "every rule that is on is listed");
    let mut ids: Vec<&str> = Vec::new();
    for r in rules {
        let id = r["id"].as_str().unwrap();
        assert!(id.starts_with("INF"), "{id}");
        ids.push(id);
        assert!(!r["name"].as_str().unwrap().is_empty());
        for field in ["shortDescription", "fullDescription"] {
            assert!(
                !r[field]["text"].as_str().unwrap().trim().is_empty(),
                "{id} {field}"
            );
        }
        assert!(
            !r["help"]["text"].as_str().unwrap().is_empty(),
            "{id} help.text"
        );
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains(&format!("informed explain {id}"))
        );
        let uri = r["helpUri"].as_str().unwrap();
        assert!(uri.starts_with("https://"), "{uri}");
        assert!(
            ["error", "warning", "note"]
                .contains(&r["defaultConfiguration"]["level"].as_str().unwrap())
        );
        let tags = r["properties"]["tags"].as_array().unwrap();
        assert!(!tags.is_empty() && tags.len() <= 20);
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, ids, "rule ids are unique and in code order");
    let inf110 = rules.iter().find(|r| r["id"] == "INF110").unwrap();
    assert_eq!(inf110["name"], "missing-retention");
    assert!(
        inf110["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules.md#inf110")
    );

    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let rule_id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], rule_id, "ruleIndex points at the rule");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let locations = r["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let phys = &locations[0]["physicalLocation"];
        let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("content/"), "repo-relative: {uri}");
        assert!(!uri.contains('\\'));
        let region = &phys["region"];
        let (sl, sc) = (
            region["startLine"].as_u64().unwrap(),
            region["startColumn"].as_u64().unwrap(),
        );
        let (el, ec) = (
            region["endLine"].as_u64().unwrap(),
            region["endColumn"].as_u64().unwrap(),
        );
        assert!(sl >= 1 && sc >= 1 && (el, ec) >= (sl, sc), "{region}");
        let hash = r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        let (hex, n) = hash.split_once(':').unwrap();
        assert!(
            hex.len() == 16 && hex.chars().all(|c| c.is_ascii_hexdigit()),
            "{hash}"
        );
        assert!(n.parse::<u32>().unwrap() >= 1);
    }
}

#[test]
fn findings_on_identical_lines_get_distinct_fingerprints() {
    let v: Value = serde_json::from_str(&sarif_text()).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for r in v["runs"][0]["results"].as_array().unwrap() {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        let key = (
            uri.to_string(),
            r["ruleId"].as_str().unwrap().to_string(),
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap()
                .to_string(),
        );
        assert!(seen.insert(key.clone()), "duplicate fingerprint {key:?}");
    }
}

#[test]
fn notices_outside_the_current_folder_get_file_uris() {
    let site = fixtures().join("site/content/garden-survey.md");
    let dir = tempfile::tempdir().unwrap();
    let (_, out, _) = run_in(
        dir.path(),
        &["check", "--format", "sarif", site.to_str().unwrap()],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let uri =
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
    assert!(
        uri.starts_with("file:///")
            && uri.ends_with("/tests/fixtures/report/site/content/garden-survey.md"),
        "{uri}"
    );
}

#[test]
fn fingerprints_follow_the_text_when_lines_move() {
    let original =
        std::fs::read_to_string(fixtures().join("site/content/garden-survey.md")).unwrap();
    let moved = original.replace("## Sharing", "\n\n## Sharing");
    assert_ne!(moved, original);
    let fingerprints = |text: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notice.md"), text).unwrap();
        let (_, out, _) = run_in(dir.path(), &["check", "-f", "sarif", "notice.md"]);
        let v: Value = serde_json::from_str(&out).unwrap();
        let mut found: Vec<(String, String, u64)> = v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["primaryLocationLineHash"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let before = fingerprints(&original);
    let after = fingerprints(&moved);
    assert_eq!(before.len(), after.len());
    let shield = |v: &[(String, String, u64)]| v.iter().find(|f| f.0 == "INF302").cloned().unwrap();
    assert_eq!(
        shield(&after).2,
        shield(&before).2 + 2,
        "the finding moved down two lines"
    );
    let strip =
        |v: Vec<(String, String, u64)>| v.into_iter().map(|(r, h, _)| (r, h)).collect::<Vec<_>>();
    assert_eq!(strip(before), strip(after), "…and kept its fingerprint");
}
