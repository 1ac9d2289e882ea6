//! Structured front matter: an invalid key fails `build` with exit 2, naming the file and line.

use crate::support::informed;

fn site_with(notice: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("informed.toml"), "title = \"T\"\n").unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/n.md"), notice).unwrap();
    dir
}

#[test]
fn invalid_lawful_basis_fails_the_build_at_its_line() {
    let dir = site_with("---\ntitle: N\nlawful_basis: public taks\n---\n\n# N\n\nText.\n");
    let out = informed()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/n.md:3:1"), "{err}");
    assert!(err.contains("unknown lawful basis `public taks`"), "{err}");
    assert!(
        !dir.path().join("site").exists(),
        "a failed build must not write the site"
    );
}

#[test]
fn valid_structured_front_matter_builds() {
    let dir = site_with(
        "---\ntitle: N\nlawful_basis: [public task]\ncollection: direct\nreview_due: 2030-01-01\n---\n\n# N\n\nText.\n",
    );
    informed()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("site/n/index.html").is_file());
}

/// Every spelling the front-matter reader accepts means the same basis to the linter
/// (`facts.lawful_basis`, and so the right-to-object rule), the "At a glance" summary,
/// notice.json and notice.jsonld: one table of spellings (lints/law/lawful-bases.toml).
#[test]
fn every_accepted_lawful_basis_spelling_means_the_same_basis_everywhere() {
    let cases = [
        (
            "LI",
            "legitimate_interests",
            "Legitimate interests",
            "eu-gdpr:A6-1-f",
        ),
        (
            "Article 6(1)(f)",
            "legitimate_interests",
            "Legitimate interests",
            "eu-gdpr:A6-1-f",
        ),
        (
            "art 6(1)(f)",
            "legitimate_interests",
            "Legitimate interests",
            "eu-gdpr:A6-1-f",
        ),
        (
            "legitimate_interests",
            "legitimate_interests",
            "Legitimate interests",
            "eu-gdpr:A6-1-f",
        ),
        (
            "legal duty",
            "legal_obligation",
            "Legal obligation",
            "eu-gdpr:A6-1-c",
        ),
        (
            "legal obligation",
            "legal_obligation",
            "Legal obligation",
            "eu-gdpr:A6-1-c",
        ),
    ];
    for (spelling, id, label, term) in cases {
        let dir = site_with(&format!(
            "---\ntitle: N\ncontroller:\n  name: Example Club\n  email: hello@club.example\n\
             retention: two years after membership ends\nlawful_basis: \"{spelling}\"\n---\n\n\
             # N\n\nWe keep a list of members.\n"
        ));
        // The linter sees the basis, so the rules that depend on it fire.
        let out = informed()
            .current_dir(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{spelling}: {out:?}"
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let file = &json["files"][0];
        assert_eq!(
            file["facts"]["lawful_basis"],
            serde_json::json!([id]),
            "{spelling}"
        );
        let fires = |rule: &str| {
            file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["rule"] == rule)
        };
        assert_eq!(
            fires("missing-right-to-object"),
            id == "legitimate_interests",
            "{spelling}: right to object"
        );
        // The build accepts it, and the page, notice.json and notice.jsonld say the same basis.
        informed()
            .args(["build", "--root"])
            .arg(dir.path())
            .assert()
            .success();
        let page = std::fs::read_to_string(dir.path().join("site/n/index.html")).unwrap();
        assert!(page.contains(label), "{spelling}: glance shows {label}");
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("site/n/notice.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            json["declared"]["lawful_basis"],
            serde_json::json!([id]),
            "{spelling}"
        );
        let ld = std::fs::read_to_string(dir.path().join("site/n/notice.jsonld")).unwrap();
        assert!(ld.contains(term), "{spelling}: jsonld has {term}: {ld}");
    }
}

/// What the front-matter reader accepts means the same to the linter as to `notice.json`. The
/// linter used to read the raw front matter and knew only the plain spellings, so
/// `collection: art14` and `type: public body` validated, reached `notice.json`, and were
/// ignored by the rules (no Article 14 or DPO findings); and `transfers:` with nothing after it
/// (documented as absent) was taken as "no transfers".
#[test]
fn every_accepted_spelling_of_a_declared_fact_means_the_same_to_the_linter() {
    let dir = site_with(
        "---\ntitle: N\ncollection: Art14\ncontroller:\n  name: Example Council\n  \
         type: public body\ntransfers:\n---\n\n# N\n\nWe use your answers to plan training.\n",
    );
    let (code, stdout, stderr) = crate::support::run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["facts"]["art14"], true, "{file}");
    assert_eq!(file["facts"]["public_authority"], true, "{file}");
    assert_eq!(
        file["facts"]["declared"],
        serde_json::json!(["collection", "controller.type"]),
        "an empty `transfers:` declares nothing"
    );
    let fires = |rule: &str| {
        file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == rule)
    };
    assert!(fires("missing-source"), "Article 14: {file}");
    assert!(fires("missing-dpo-contact"), "a public authority: {file}");
    assert!(fires("transfers-not-stated"), "{file}");
    // The build publishes the same reading.
    informed()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("site/n/notice.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["declared"]["collection"], "indirect");
    assert_eq!(json["declared"]["controller"]["kind"], "public_authority");
    assert!(json["declared"].get("transfers").is_none(), "{json}");
}
