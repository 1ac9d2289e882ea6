//! A site's own rule packs (`lints/*.toml`): each rule's `kind` decides which fields it may
//! have, and a pack that gets one wrong is refused when it loads, at its file and line.

use crate::support::run_in;
use crate::support::site::site;

const NOTICE: &str = "---\ntitle: T\n---\n# T\n\nWe say foo here.\n";

/// A `[[rule]]` of `kind` with the common fields, then `extra` lines.
fn pack(kind: &str, extra: &str) -> String {
    format!(
        "# a site pack\n\n[[rule]]\ncode = \"SITE001\"\nslug = \"no-foo\"\nlevel = \"warning\"\n\
         message = \"foo: {{match}}\"\nhelp = \"say bar\"\narticle = \"n/a\"\ndocs = \"Foo.\"\n\
         kind = \"{kind}\"\n{extra}"
    )
}

fn check(pack_text: &str) -> (i32, String, String) {
    let dir = site(
        "",
        &[("content/a.md", NOTICE), ("lints/site.toml", pack_text)],
    );
    run_in(dir.path(), &["check", "--format", "json"])
}

#[test]
fn a_site_pack_rule_runs() {
    let (code, out, err) = check(&pack("pattern", "patterns = ['\\bfoo\\b']\n"));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("\"code\": \"SITE001\""), "{out}");
    assert!(out.contains("foo: foo"), "{out}");
}

#[test]
fn a_field_of_another_kind_is_refused_at_its_line() {
    // `threshold` belongs to the date and readability kinds, not to `pattern`.
    let text = pack("pattern", "patterns = ['\\bfoo\\b']\nthreshold = 3\n");
    assert_eq!(
        text.lines().position(|l| l.starts_with("threshold")),
        Some(12)
    );
    let (code, out, err) = check(&text);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err,
        "error: ./lints/site.toml:13:1: invalid rule pack: unknown field `threshold`, expected one \
         of `patterns`, `unless`, `unless_notice`, `once`\n"
    );
}

#[test]
fn a_misspelt_common_field_is_refused_at_its_line() {
    let text = pack("missing-date", "whenn = [\"fact:art14\"]\n");
    let (code, _, err) = check(&text);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: ./lints/site.toml:12:1: invalid rule pack: unknown field `whenn`"),
        "{err}"
    );
}

#[test]
fn a_field_the_kind_needs_is_required() {
    let (code, _, err) = check(&pack("missing-element", ""));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: ./lints/site.toml:3:1: invalid rule pack: missing field `element`"),
        "{err}"
    );
}

#[test]
fn an_unknown_kind_names_the_kinds() {
    let (code, _, err) = check(&pack("patern", "patterns = ['foo']\n"));
    assert_eq!(code, 2);
    assert!(err.contains("./lints/site.toml:3:1"), "{err}");
    assert!(err.contains("unknown variant `patern`"), "{err}");
    assert!(err.contains("`pattern`"), "{err}");
}

/// The rules are compiled only when a notice is not in the result cache: a pack broken after a
/// run whose results were kept still stops `check` and `build` with its error, and `build`
/// keeps the site it made before.
#[test]
fn a_pack_broken_after_a_cached_run_still_stops_check_and_build() {
    let dir = site(
        "",
        &[
            ("content/a.md", NOTICE),
            (
                "lints/site.toml",
                &pack("pattern", "patterns = ['\\bfoo\\b']\n"),
            ),
        ],
    );
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read(dir.path().join("site/a/index.html")).unwrap();
    assert!(dir.path().join(".informed-cache").is_dir());

    std::fs::write(
        dir.path().join("lints/site.toml"),
        pack("pattern", "patterns = ['(foo']\n"),
    )
    .unwrap();
    for args in [&["check"][..], &["check", "content/a.md"], &["build"]] {
        let (code, out, err) = run_in(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(
            err.contains("bad pattern in rule SITE001 (no-foo)"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("site/a/index.html")).unwrap(),
        page
    );
}
