//! `informed explain`, `informed rules`, and docs/rules.md kept in sync with the packs.

use crate::support::{fixtures, run_in};

/// A folder with no informed.toml and no lints/: the built-in packs only.
fn bare() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn explain_by_code_or_slug_in_any_case() {
    let dir = bare();
    let (code, by_code, _) = run_in(dir.path(), &["explain", "INF110"]);
    assert_eq!(code, 0);
    for name in ["inf110", "missing-retention", "Missing-Retention"] {
        let (code, out, _) = run_in(dir.path(), &["explain", name]);
        assert_eq!(code, 0, "{name}");
        assert_eq!(out, by_code, "{name}");
    }
    insta::assert_snapshot!(by_code);
}

#[test]
fn explain_shows_the_level_set_in_informed_toml() {
    let (code, out, _) = run_in(&fixtures().join("site"), &["explain", "long-sentences"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("level:   off (set in informed.toml; default info)"),
        "{out}"
    );
}

#[test]
fn explain_unknown_rule_suggests_the_nearest() {
    let dir = bare();
    let (code, out, err) = run_in(dir.path(), &["explain", "missing-retenton"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "error: no rule named `missing-retenton`\n  = help: did you mean `missing-retention`?\n"
    );
    let (code, _, err) = run_in(dir.path(), &["explain", "inf1100"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `INF110`?"), "{err}");
    let (code, _, err) = run_in(dir.path(), &["explain", "zzzzzzzzzzzzzzzzzzzz"]);
    assert_eq!(code, 2);
    assert!(err.contains("`informed rules` lists every rule"), "{err}");
}

#[test]
fn rules_lists_every_rule_with_its_effective_level() {
    let (code, out, _) = run_in(bare().path(), &["rules"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);

    let (_, site, _) = run_in(&fixtures().join("site"), &["rules"]);
    let line = site.lines().find(|l| l.starts_with("INF406 ")).unwrap();
    assert!(line.contains(" off* "), "{line}");
    assert!(site.contains("* level set in informed.toml"));
}

#[test]
fn rules_markdown_has_one_anchor_per_rule() {
    let (code, md, _) = run_in(bare().path(), &["rules", "--markdown"]);
    assert_eq!(code, 0);
    let (_, table, _) = run_in(bare().path(), &["rules"]);
    let codes: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(codes.len() > 40);
    for code in codes {
        assert_eq!(
            md.matches(&format!("\n## {code}\n")).count(),
            1,
            "{code} has one section"
        );
        assert!(
            md.contains(&format!("[{code}](#{})", code.to_lowercase())),
            "{code} is in the index"
        );
    }
}

/// docs/rules.md is generated from the built-in packs. Regenerate with
/// `UPDATE_DOCS=1 cargo test --test it check::rules`.
#[test]
fn docs_rules_md_is_up_to_date() {
    let (code, md, _) = run_in(bare().path(), &["rules", "--markdown"]);
    assert_eq!(code, 0);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &md).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == md,
        "docs/rules.md is out of date with lints/*.toml; regenerate it with `UPDATE_DOCS=1 cargo test --test it check::rules`"
    );
}
