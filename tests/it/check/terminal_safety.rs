//! Terminal control characters from a notice never reach the terminal raw: ESC sequences (set
//! the window title, clear the screen, colour), BEL, CR, C1 controls and bidirectional overrides
//! in a notice's title, headings, text, file name or rule pack are shown escaped (`\u{1b}`) in
//! `check`'s human report, coloured or not, in `explain` and `rules`, in error messages that
//! quote the file, and in `import`'s line. (`serve`'s log lines: `serve::users`.)
#![cfg(unix)]

use std::path::Path;

use crate::support::informed;
use crate::support::site::{site, write};
use crate::support::terminal::{HOSTILE, assert_no_raw_controls, quoted};

/// `informed ARGS` in `dir`, coloured when `colour`: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str], colour: bool) -> (i32, String, String) {
    let mut c = informed();
    c.current_dir(dir).args(args);
    if colour {
        c.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

/// A notice with the hostile text in its title, a heading, a placeholder (quoted in the
/// finding's message), the controller sentence (quoted by `--evidence`) and its body.
fn hostile_notice() -> String {
    let title = HOSTILE.replace(['\r', '\u{85}'], " ");
    format!(
        "---\ntitle: {}\n---\n\n# Notice {HOSTILE}\n\nExample Trust{HOSTILE} is the controller. \
         Email privacy@example.org.\n\n## Why {HOSTILE}\n\nWe keep it [insert {} here].\n",
        quoted(&title),
        HOSTILE.replace(['\r', '\u{85}'], " "),
    )
}

#[test]
fn check_escapes_controls_in_the_human_report_coloured_or_not() {
    let dir = site("", &[("content/a.md", &hostile_notice())]);
    for colour in [false, true] {
        for extra in [&[][..], &["--evidence"][..]] {
            let mut args = vec!["check"];
            args.extend_from_slice(extra);
            let (code, out, err) = run(dir.path(), &args, colour);
            let what = format!("check {extra:?}, colour {colour}");
            assert_eq!(code, 1, "{what}: {err}");
            assert_eq!(
                out.contains('\u{1b}'),
                colour,
                "{what}: colour is on exactly when forced: {out:?}"
            );
            assert!(
                out.contains("unfilled placeholder \"[insert \\u{1b}]\""),
                "{what}: the finding quotes the text, escaped: {out}"
            );
            if !extra.is_empty() {
                assert!(
                    out.contains("\"Example Trust\\u{1b}]0;pwned\\u{7}"),
                    "{what}: the evidence quotes the text, escaped: {out}"
                );
            }
            assert_no_raw_controls(&what, &out);
            assert_no_raw_controls(&what, &err);
        }
    }
}

#[test]
fn a_file_name_with_controls_is_escaped_in_findings_and_errors() {
    let name = "content/evil\u{1b}]0;pwned\u{7}\u{1b}[5;7m\u{202e}.md";
    let dir = site("", &[(name, "We keep it [insert period here].\n")]);
    for colour in [false, true] {
        let (code, out, err) = run(dir.path(), &["check"], colour);
        assert_eq!(code, 1, "{err}");
        assert!(out.contains("evil\\u{1b}]0;pwned"), "{out}");
        assert_no_raw_controls("check, file name", &out);
        assert_no_raw_controls("check, file name", &err);
    }
    // The same file failing to load: the error names it, escaped.
    write(
        dir.path(),
        name,
        b"---\ntitle: [unclosed\n---\nWe keep it.\n",
    );
    for args in [&["check"][..], &["build"][..]] {
        for colour in [false, true] {
            let (code, out, err) = run(dir.path(), args, colour);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.contains("evil\\u{1b}]0;pwned"), "{args:?}: {err}");
            assert_no_raw_controls("load error", &out);
            assert_no_raw_controls("load error", &err);
        }
    }
}

#[test]
fn errors_quoting_the_notice_escape_its_controls() {
    // A permalink (quoted in the error) and a YAML error at a line holding the controls.
    let permalink = format!(
        "---\ntitle: A\npermalink: {}\n---\nText.\n",
        quoted(&format!("/x/{HOSTILE}/../../.."))
    );
    let yaml = format!("---\ntitle: A\ndate: [{HOSTILE}\n---\nText.\n");
    for notice in [permalink, yaml] {
        let dir = site("", &[("content/a.md", &notice)]);
        for args in [
            &["check"][..],
            &["build"][..],
            &["check", "content/a.md"][..],
        ] {
            for colour in [false, true] {
                let (code, out, err) = run(dir.path(), args, colour);
                assert_eq!(code, 2, "{args:?}: {err}");
                assert!(err.contains("content/a.md:"), "{args:?}: {err}");
                assert_no_raw_controls("error", &out);
                assert_no_raw_controls("error", &err);
            }
        }
    }
}

#[test]
fn explain_and_rules_escape_controls_from_a_sites_own_rule_pack() {
    let pack = format!(
        "[[rule]]\ncode = \"SITE001\"\nslug = \"site-rule\"\nkind = \"pattern\"\n\
         patterns = ['\\bzzz\\b']\nlevel = \"warning\"\narticle = \"12(1)\"\n\
         message = {}\nhelp = {}\ndocs = {}\n",
        quoted(&format!("message {HOSTILE}")),
        quoted(&format!("help {HOSTILE}")),
        quoted(&format!("docs {HOSTILE}")),
    );
    let dir = site(
        "",
        &[
            ("lints/site.toml", &pack),
            ("content/a.md", "Example Trust is the controller. zzz\n"),
        ],
    );
    let (code, out, err) = run(dir.path(), &["explain", "SITE001"], false);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("docs \\u{1b}]0;pwned\\u{7}"), "{out}");
    assert_no_raw_controls("explain", &out);
    let (code, out, err) = run(dir.path(), &["rules"], false);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("SITE001"), "{out}");
    assert_no_raw_controls("rules", &out);
    for colour in [false, true] {
        let (code, out, err) = run(dir.path(), &["check"], colour);
        assert_eq!(code, 1, "{err}");
        assert!(out.contains("message \\u{1b}]0;pwned"), "{out}");
        assert_no_raw_controls("check with the site's rule", &out);
    }
}

#[test]
fn import_escapes_controls_in_the_title_it_reports() {
    let dir = site("", &[]);
    let html = format!(
        "<html><head><title>Privacy {}</title></head><body><h1>Privacy</h1><p>Example Trust is the controller.</p></body></html>",
        HOSTILE.replace('\r', " ")
    );
    write(dir.path(), "page.html", html.as_bytes());
    let (code, out, err) = run(dir.path(), &["import", "page.html"], false);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Imported page.html"), "{err}");
    assert_no_raw_controls("import", &out);
    assert_no_raw_controls("import", &err);
}
