//! `informed check` on a folder of many notices (more than one chunk of the streaming check):
//! the report is its notices' reports one by one, in path order, and a notice that cannot be
//! read stops the check with nothing on stdout.

use std::path::Path;

use crate::support::{fixtures, informed, run_in};
use serde_json::Value;

/// More than `report::stream::CHUNK`, so the report spans chunks.
const N: usize = 300;

/// The fixture notices that `many/n{i}.md` copies, in turn.
fn source(i: usize) -> std::path::PathBuf {
    let names = [
        "site/content/garden-survey.md",
        "site/content/book-club.md",
        "loose/nested/newsletter.markdown",
    ];
    fixtures().join(names[i % names.len()])
}

/// A folder `many/` of `N` notices; `broken` ones get front matter that does not parse, and
/// `latin1` ones are not UTF-8.
fn folder(broken: &[usize], latin1: &[usize]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..N {
        let to = many.join(name(i));
        if broken.contains(&i) {
            std::fs::copy(fixtures().join("broken/bad-front-matter.md"), to).unwrap();
        } else if latin1.contains(&i) {
            std::fs::write(to, b"# Notice\n\nCaf\xe9 privacy\n").unwrap();
        } else {
            std::fs::copy(source(i), to).unwrap();
        }
    }
    dir
}

fn name(i: usize) -> String {
    format!("n{i:03}.md")
}

fn path(i: usize) -> String {
    format!("many/{}", name(i))
}

/// The report of notice `i` alone, from the report of the first notice with the same text.
fn alone(singles: &[String], i: usize) -> String {
    singles[i % 3].replace(&path(i % 3), &path(i))
}

fn check(dir: &Path, format: &str, target: &str) -> String {
    let (code, out, err) = run_in(dir, &["check", "-f", format, target]);
    assert!(code == 0 || code == 1, "{format} {target}: {err}");
    out
}

#[test]
fn a_folder_reports_its_notices_one_by_one_in_path_order() {
    let dir = folder(&[], &[]);
    let dir = dir.path();
    for format in ["human", "github", "json", "sarif"] {
        let whole = check(dir, format, "many");
        let singles: Vec<String> = (0..3).map(|i| check(dir, format, &path(i))).collect();
        match format {
            "human" => {
                let (body, summary) = whole.trim_end().rsplit_once('\n').unwrap();
                let expected: String = (0..N)
                    .map(|i| {
                        let one = alone(&singles, i);
                        one.trim_end()
                            .rsplit_once('\n')
                            .map_or(String::new(), |(b, _)| format!("{b}\n"))
                    })
                    .collect();
                assert!(
                    format!("{body}\n") == expected,
                    "human: not the notices in turn"
                );
                assert!(summary.starts_with(&format!("{N} notices: ")), "{summary}");
            }
            "github" => {
                let expected: String = (0..N).map(|i| alone(&singles, i)).collect();
                assert!(whole == expected, "github: not the notices in turn");
            }
            "json" => {
                let v: Value = serde_json::from_str(&whole).unwrap();
                let files = v["files"].as_array().unwrap();
                assert_eq!(files.len(), N);
                let mut errors = 0;
                for (i, f) in files.iter().enumerate() {
                    let one: Value = serde_json::from_str(&alone(&singles, i)).unwrap();
                    assert_eq!(f, &one["files"][0], "json: {}", path(i));
                    errors += one["summary"]["errors"].as_u64().unwrap();
                }
                assert_eq!(v["summary"]["files"], N);
                assert_eq!(v["summary"]["errors"], errors);
            }
            "sarif" => {
                let mut v: Value = serde_json::from_str(&whole).unwrap();
                let results = v["runs"][0]["results"].take();
                let mut expected = Vec::new();
                let mut rest = Value::Null;
                for i in 0..N {
                    let mut one: Value = serde_json::from_str(&alone(&singles, i)).unwrap();
                    expected.extend(one["runs"][0]["results"].take().as_array().unwrap().clone());
                    rest = one;
                }
                assert!(
                    results.as_array().unwrap() == &expected,
                    "sarif: results in turn"
                );
                assert_eq!(v, rest, "sarif: the rest of the log is one notice's");
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn the_first_notice_that_cannot_be_read_stops_the_check_and_nothing_is_printed() {
    // n100 does not parse and n280 is not UTF-8 (in a later chunk): n100's error wins, as it
    // did when every notice was checked before anything was printed.
    let dir = folder(&[100], &[280]);
    let summary = dir.path().join("summary.md");
    let (_, _, alone) = run_in(dir.path(), &["check", &path(100)]);
    assert!(alone.starts_with("error: many/n100.md:2:"), "{alone}");
    for format in ["human", "json", "sarif", "github"] {
        let out = informed()
            .current_dir(dir.path())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["check", "-f", format, "many"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty(), "{format}: no partial report");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), alone, "{format}");
    }
    assert!(!summary.exists(), "no step summary either");

    // Alone in a later chunk, n280 stops it the same way.
    let dir = folder(&[], &[280]);
    let (code, out, err) = run_in(dir.path(), &["check", "-f", "sarif", "many"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with("error: many/n280.md:3:4: file is not valid UTF-8"),
        "{err}"
    );
}
