//! `informed check --format …` on the fixture site, run from the site's folder as CI would run
//! it from a repository root. Snapshots live in tests/it/check/snapshots/.

use crate::support::{fixtures, run_in};

fn check(format: &str) -> (i32, String, String) {
    run_in(&fixtures().join("site"), &["check", "--format", format])
}

#[test]
fn human() {
    let (code, out, _) = check("human");
    assert_eq!(code, 1);
    assert!(
        !out.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn json() {
    let (code, out, _) = check("json");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn sarif() {
    let (code, out, _) = check("sarif");
    assert_eq!(code, 1);
    // Every rule's long docs are in the log; they change with the packs and are covered by
    // docs/rules.md. Keep one full descriptor (INF302) and the id and level of the rest.
    let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let driver = &mut v["runs"][0]["tool"]["driver"];
    driver["semanticVersion"] = "[version]".into();
    let rules = driver["rules"].as_array_mut().unwrap();
    for r in rules.iter_mut() {
        if r["id"] != "INF302" {
            let level = r["defaultConfiguration"]["level"].as_str().unwrap();
            *r = format!(
                "{} {} {level}",
                r["id"].as_str().unwrap(),
                r["name"].as_str().unwrap()
            )
            .into();
        }
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn github() {
    let (code, out, err) = check("github");
    assert_eq!(code, 1);
    assert!(
        err.contains("2 notices:"),
        "the summary goes to stderr: {err}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn human_is_the_default_and_ends_with_the_summary() {
    let (code, out, _) = run_in(&fixtures().join("site"), &["check"]);
    assert_eq!(code, 1);
    assert_eq!(out, check("human").1);
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("2 notices: "), "{last}");
}

#[test]
fn human_shows_code_location_source_marker_and_notes() {
    let (_, out, _) = check("human");
    let block: Vec<&str> = out
        .split("\n\n")
        .find(|b| b.starts_with("error[INF302]"))
        .expect("a Privacy Shield finding")
        .lines()
        .collect();
    assert!(
        block[1]
            .trim_start()
            .starts_with("--> content/garden-survey.md:"),
        "{block:?}"
    );
    assert!(
        block
            .iter()
            .any(|l| l.contains("Privacy Shield") && l.contains(" | "))
    );
    let marker = block
        .iter()
        .find(|l| l.contains('^'))
        .expect("a ^^^ marker");
    assert_eq!(
        marker.matches('^').count(),
        "Privacy Shield".len(),
        "{marker}"
    );
    assert!(block.iter().any(|l| l.trim_start().starts_with("= help: ")));
    assert!(
        block
            .iter()
            .any(|l| l.trim_start().starts_with("= note: UK GDPR Article 45"))
    );
    assert!(
        block
            .iter()
            .any(|l| l.contains("= help: for more information: `informed explain INF302`"))
    );
}

#[test]
fn levels_from_informed_toml_apply() {
    // `long-sentences = "off"` in the fixture's informed.toml
    let (_, out, _) = check("json");
    assert!(!out.contains("INF406"));
    let (_, sarif, _) = check("sarif");
    assert!(
        !sarif.contains("\"INF406\""),
        "rules that are off are not listed"
    );
}

#[test]
fn json_is_the_versioned_contract() {
    let (_, out, _) = check("json");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files[0]["path"], "content/book-club.md");
    assert_eq!(files[1]["path"], "content/garden-survey.md");
    for f in files {
        assert_eq!(
            f["elements"].as_object().unwrap().len(),
            19,
            "one entry per element id"
        );
        for d in f["diagnostics"].as_array().unwrap() {
            let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                [
                    "article",
                    "code",
                    "column",
                    "end_column",
                    "end_line",
                    "help",
                    "level",
                    "line",
                    "message",
                    "rule"
                ]
            );
        }
    }
    let s = &v["summary"];
    let total: u64 = files
        .iter()
        .map(|f| f["diagnostics"].as_array().unwrap().len() as u64)
        .sum();
    assert_eq!(
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap(),
        total
    );
    assert_eq!(s["files"], 2);
}

#[test]
fn github_commands_carry_location_and_title() {
    let (_, out, _) = check("github");
    let line = out
        .lines()
        .find(|l| l.contains("title=INF401 placeholder"))
        .expect("a placeholder finding");
    assert!(
        line.starts_with("::error file=content/garden-survey.md,line="),
        "{line}"
    );
    for key in [",col=", ",endLine=", ",endColumn="] {
        assert!(line.contains(key), "{line}");
    }
    assert!(!line.contains('\n'));
    assert!(out.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
}

#[test]
fn output_is_deterministic() {
    for format in ["human", "json", "sarif", "github"] {
        assert_eq!(check(format).1, check(format).1, "{format}");
    }
}
