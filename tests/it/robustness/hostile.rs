//! Every hostile input in `tests/fixtures/hostile/` (written by us) through `informed check` and
//! `informed build`: a clear error naming the file (and line, for load errors) with exit 2, or
//! a normal result; never a panic, a hang or active content in the output.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::informed;

/// Inputs that must be refused at load time, with the line the error points at.
const LOAD_ERRORS: &[(&str, usize)] = &[
    ("alias-bomb.md", 8),
    ("binary-junk.md", 2),
    ("deep-json.md", 1),
    ("deep-toml.md", 2),
    ("deep-yaml.md", 2),
    ("duplicate-keys.md", 3),
    ("front-matter-list.md", 2),
    ("invalid-utf8.md", 5),
    ("unclosed-front-matter.md", 1),
];

/// Inputs that load but whose permalink `build` and `check` must refuse, at the `permalink` line.
const BUILD_ERRORS: &[(&str, usize)] = &[("bad-permalink.md", 3), ("permalink-url.md", 3)];

fn hostile() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    assert!(v.len() >= 20);
    v
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn check_gives_a_clear_answer_for_every_hostile_input() {
    for path in hostile() {
        let file = name(&path);
        let out = informed()
            .arg("check")
            .arg(&path)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let code = out.status.code();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        assert!(
            matches!(code, Some(0..=2)),
            "{file}: exit {code:?}\n{stderr}"
        );
        assert!(
            stdout.contains(&file) || stderr.contains(&file),
            "{file}: output does not name the file"
        );
        // `check` refuses what `build` refuses: the same pipeline judges the notice.
        if let Some((_, line)) = LOAD_ERRORS
            .iter()
            .chain(BUILD_ERRORS)
            .find(|(f, _)| *f == file)
        {
            assert_eq!(code, Some(2), "{file}: {stderr}");
            assert!(
                stderr.contains(&format!("{file}:{line}:")),
                "{file}: error is not at line {line}: {stderr}"
            );
        }
    }
}

#[test]
fn build_gives_a_clear_answer_and_safe_pages_for_every_hostile_input() {
    for path in hostile() {
        let file = name(&path);
        let dir =
            crate::support::site::site("", &[("content/good.md", crate::support::site::GOOD)]);
        let target = dir.path().join("content").join(&file);
        // Plain-text files are notices only for `check`; a site builds `.md`.
        let target = target.with_extension("md");
        std::fs::copy(&path, &target).unwrap();
        let (code, stderr) = crate::support::site::build(dir.path());
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        let expected_line = LOAD_ERRORS
            .iter()
            .chain(BUILD_ERRORS)
            .find(|(f, _)| *f == file)
            .map(|(_, l)| *l);
        match expected_line {
            Some(line) => {
                assert_eq!(code, 2, "{file}: {stderr}");
                assert!(
                    stderr.contains(&format!("content/{file}:{line}:")),
                    "{file}: error is not at line {line}: {stderr}"
                );
                assert!(!dir.path().join("site").exists(), "{file}: nothing written");
            }
            None => {
                assert_eq!(code, 0, "{file}: {stderr}");
                for f in walkdir::WalkDir::new(dir.path().join("site"))
                    .into_iter()
                    .flatten()
                {
                    if f.path().extension().is_some_and(|e| e == "html") {
                        let html = std::fs::read_to_string(f.path()).unwrap();
                        let body = html.split("</head>").nth(1).unwrap_or(&html);
                        assert_eq!(
                            crate::harness::active_content(body),
                            None,
                            "{file}: {}",
                            f.path().display()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn yaml_include_tags_read_no_files() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/yaml-tags.md"),
    )
    .unwrap();
    let n = crate::support::site::parse("yaml-tags.md", &text).unwrap();
    let x = n
        .front
        .data
        .get("x")
        .map(|v| v.to_string())
        .unwrap_or_default();
    assert!(!x.contains("root:"), "an !include tag read a file: {x}");
}

/// The fuzz harness's render check, on a notice in a language the theme has no words for: an
/// error at the `lang:` line, not a failure of the renderer.
#[test]
fn a_notice_in_a_language_without_strings_is_refused_at_its_line() {
    crate::harness::lint(b"---\ntitle: T\nlang: zz\n---\n\nText.\n");
}
