//! CI output that a notice's author cannot hijack: nothing from a notice (a file name, a
//! front-matter value, its text) reaches stdout or stderr as a GitHub workflow command
//! (`::add-mask::`, `::stop-commands::`, `::error …`) or a raw terminal control character, in
//! any format; the step summary escapes Markdown and HTML.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `informed ARGS` in `root` with `env`: (exit code, stdout, stderr).
fn run(root: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("informed"));
    c.current_dir(root)
        .args(args)
        .env("INFORMED_TODAY", "2026-05-01")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Lines GitHub's runner would take as a workflow command, other than the annotations
/// informed writes itself with `--format github`.
fn hijacks(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            (t.starts_with("::")
                && !(t.starts_with("::error file=")
                    || t.starts_with("::warning file=")
                    || t.starts_with("::notice file=")))
                || l.contains("##[")
                || l.contains(['\u{1b}', '\u{7}'])
        })
        .collect()
}

const GOOD: &str = "Example Trust is the controller. We use your name to send newsletters. [insert retention period]\n";

#[test]
fn load_errors_on_stderr_carry_no_workflow_command_or_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "informed.toml", "title = \"CI\"\n");
    // A front-matter value quoted in the error, with a newline, ESC and BEL in it.
    write(
        root,
        "content/a.md",
        "---\ntitle: A\npermalink: \"/x\\e]0;pwned\\a\\n::add-mask::secret\\n  ::stop-commands::tok\\n##[error]old\"\n---\nx\n",
    );
    let (code, out, err) = run(root, &["build"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content/a.md:3"), "{err}");
    assert!(hijacks(&err).is_empty(), "{:?}", hijacks(&err));
    assert!(hijacks(&out).is_empty(), "{out}");
    // A file name with a newline and a command in it.
    std::fs::remove_file(root.join("content/a.md")).unwrap();
    write(
        root,
        "content/b\n::add-mask::secret.md",
        "---\ntitle: [unclosed\n---\n",
    );
    for format in ["human", "json", "sarif", "github"] {
        let (code, out, err) = run(root, &["check", "--format", format], &[]);
        assert_eq!(code, 2, "{format}: {err}");
        assert!(err.contains("add-mask"), "the name is still shown: {err}");
        assert!(hijacks(&err).is_empty(), "{format}: {:?}", hijacks(&err));
        assert!(hijacks(&out).is_empty(), "{format}: {:?}", hijacks(&out));
    }
}

#[test]
fn findings_in_every_format_carry_no_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "informed.toml", "title = \"CI\"\n");
    write(root, "content/x\n::add-mask::secret\n##[error]y.md", GOOD);
    write(
        root,
        "content/text.md",
        &format!("::add-mask::secret\n\n\u{1b}[2J::error::pwned\u{7}\n\n{GOOD}"),
    );
    for format in ["human", "json", "sarif", "github"] {
        let (code, out, err) = run(root, &["check", "--format", format], &[]);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(hijacks(&out).is_empty(), "{format}: {:?}", hijacks(&out));
        assert!(hijacks(&err).is_empty(), "{format}: {:?}", hijacks(&err));
    }
}

#[test]
fn the_step_summary_escapes_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "informed.toml", "title = \"CI\"\n");
    write(
        root,
        "content/<img src=x onerror=alert(1)> `a` [l](http:evil) |.md",
        GOOD,
    );
    let summary = root.join("summary.md");
    let (code, _, err) = run(
        root,
        &["check", "--format", "github"],
        &[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ],
    );
    assert_eq!(code, 1, "{err}");
    let md = std::fs::read_to_string(&summary).unwrap();
    let rows: Vec<&str> = md.lines().filter(|l| l.contains("img")).collect();
    assert!(!rows.is_empty(), "{md}");
    for row in rows {
        // The name is one code span (shown as text): a fence longer than its backticks, the
        // pipe escaped so the table keeps its columns.
        assert!(
            row.contains(
                "| `` content/<img src=x onerror=alert(1)> `a` [l](http:evil) \\|.md:1 `` |"
            ),
            "{row}"
        );
        let message = row.rsplit(" | ").next().unwrap();
        assert!(!message.contains('<'), "{row}");
    }
}
