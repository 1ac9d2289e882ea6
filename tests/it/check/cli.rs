//! `informed check`: which files it reads, how it names them, and its exit codes
//! (0 clean, 1 error-level findings, 2 usage, config or I/O error).

use crate::support::corpus;
use crate::support::{fixtures, informed, run_in};

#[test]
fn clean_notice_exits_0() {
    let site = fixtures().join("site");
    let (code, out, _) = run_in(&site, &["check", "content/book-club.md"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "1 notice: 0 errors, 0 warnings, 0 infos\n");
}

#[test]
fn error_findings_exit_1_in_every_format() {
    let site = fixtures().join("site");
    for format in ["human", "json", "sarif", "github"] {
        let (code, _, _) = run_in(&site, &["check", "-f", format, "content/garden-survey.md"]);
        assert_eq!(code, 1, "{format}");
    }
}

#[test]
fn machine_formats_keep_stdout_for_the_report_and_summarise_on_stderr() {
    let site = fixtures().join("site");
    let (_, human_out, human_err) = run_in(&site, &["check"]);
    assert!(human_err.is_empty(), "{human_err}");
    let summary = human_out.lines().last().unwrap().to_string();
    for format in ["json", "sarif", "github"] {
        let (_, out, err) = run_in(&site, &["check", "-f", format]);
        assert_eq!(err.trim_end(), summary, "{format}");
        assert!(!out.contains(&summary), "{format}");
    }
}

#[test]
fn warnings_alone_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let notice = std::fs::read_to_string(fixtures().join("site/content/garden-survey.md")).unwrap();
    std::fs::write(dir.path().join("notice.md"), notice).unwrap();
    // Every rule that fires on the notice at error level, turned down to a warning.
    let (_, json, _) = run_in(dir.path(), &["check", "-f", "json", "notice.md"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut toml = String::from("[lints]\n");
    for d in v["files"][0]["diagnostics"].as_array().unwrap() {
        if d["level"] == "error" {
            toml.push_str(&format!("{} = \"warning\"\n", d["code"].as_str().unwrap()));
        }
    }
    std::fs::write(dir.path().join("informed.toml"), toml).unwrap();
    let (code, out, _) = run_in(dir.path(), &["check", "notice.md"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[INF302]"), "{out}");
    assert!(
        out.trim_end()
            .lines()
            .last()
            .unwrap()
            .contains(" 0 errors, "),
        "{out}"
    );
}

#[test]
fn missing_path_exits_2_naming_it() {
    let (code, out, err) = run_in(&fixtures(), &["check", "site/content/no-such-notice.md"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        "error: site/content/no-such-notice.md: no such file or folder"
    );
}

#[test]
fn a_file_that_is_not_a_notice_exits_2() {
    let (code, out, err) = run_in(&fixtures(), &["check", "loose/nested/not-a-notice.html"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with("error: loose/nested/not-a-notice.html: not a notice"),
        "{err}"
    );
    assert!(err.contains("informed import"), "{err}");
}

#[test]
fn github_format_writes_a_step_summary_when_github_asks() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = informed()
        .current_dir(fixtures().join("site"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "-f", "github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("earlier step\n### informed check: 2 notices: "),
        "appends: {text}"
    );
    assert!(
        text.contains("| error | `INF302` stale-privacy-shield | `content/garden-survey.md:19` | "),
        "{text}"
    );
    // Other formats leave it alone.
    informed()
        .current_dir(fixtures().join("site"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "-f", "sarif"])
        .output()
        .unwrap();
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), text);
}

#[test]
fn bad_front_matter_exits_2_with_file_and_line() {
    let (code, out, err) = run_in(
        &fixtures(),
        &["check", "-f", "json", "broken/bad-front-matter.md"],
    );
    assert_eq!(code, 2);
    assert!(out.is_empty(), "no partial report: {out}");
    assert!(
        err.starts_with("error: broken/bad-front-matter.md:2:"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_exits_2_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latin1.md"),
        b"# Notice\n\nCaf\xe9 privacy\n",
    )
    .unwrap();
    let (code, _, err) = run_in(dir.path(), &["check", "latin1.md"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: latin1.md:3:4: file is not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn bad_config_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("informed.toml"),
        "[lints]\nmissing-retenton = \"off\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown rule `missing-retenton`") && err.contains("missing-retention"),
        "{err}"
    );
}

#[test]
fn unknown_format_is_a_usage_error() {
    let (code, _, err) = run_in(&fixtures(), &["check", "-f", "xml"]);
    assert_eq!(code, 2);
    assert!(err.contains("xml"), "{err}");
}

#[test]
fn folders_are_walked_for_notices_in_sorted_order() {
    let (code, out, _) = run_in(&fixtures(), &["check", "-f", "json", "loose"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["loose/nested/newsletter.markdown", "loose/volunteers.txt"]
    );
}

#[test]
fn plain_text_notices_are_checked() {
    let (_, out, _) = run_in(
        &fixtures(),
        &["check", "-f", "json", "loose/volunteers.txt"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["elements"]["controller-identity"]["present"], true);
    let codes: Vec<&str> = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"INF302"), "{codes:?}");
}

#[test]
fn files_and_folders_mix_and_each_file_is_checked_once() {
    let (_, out, _) = run_in(
        &fixtures(),
        &[
            "check",
            "-f",
            "json",
            "loose/volunteers.txt",
            "loose",
            "./loose/volunteers.txt",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["loose/volunteers.txt", "loose/nested/newsletter.markdown"]
    );
}

#[test]
fn default_is_the_site_content_folder_under_root() {
    // Run from the fixtures folder with --root: paths are relative to the current folder.
    let (code, out, _) = run_in(&fixtures(), &["--root", "site", "check", "-f", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["site/content/book-club.md", "site/content/garden-survey.md"]
    );
    // …and the levels in site/informed.toml apply
    assert!(!out.contains("INF406"));
}

#[test]
fn missing_content_folder_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("content folder not found"), "{err}");
}

#[test]
fn empty_folder_warns_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let (code, out, err) = run_in(dir.path(), &["check", "empty"]);
    assert_eq!(code, 0);
    assert!(err.contains("empty: no notices"), "{err}");
    assert_eq!(out, "0 notices: 0 errors, 0 warnings, 0 infos\n");
}

#[test]
fn colour_is_off_when_no_color_is_set_or_output_is_piped() {
    let out = informed()
        .current_dir(fixtures().join("site"))
        .env_remove("NO_COLOR")
        .args(["check", "content/garden-survey.md"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn the_seeds_are_checked_as_they_are() {
    // The seeds are not ours and stay outside the repository (see tests/corpus).
    let Some(seeds) = corpus::corpus("seeds") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    for format in ["human", "json", "sarif", "github"] {
        let out = informed()
            .arg("check")
            .args(["-f", format])
            .args(&files)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // They contain real compliance problems (Privacy Shield, model clauses, placeholders).
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        for f in &files {
            let name = f.file_name().unwrap().to_str().unwrap();
            assert!(
                stdout.contains(name),
                "{format}: {name} appears in the report"
            );
        }
    }
}

#[test]
fn a_permalink_that_leaves_the_site_exits_2_as_it_does_for_build() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("informed.toml"), "title = \"T\"\n").unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/n.md"),
        "---\ntitle: N\npermalink: ../../outside/\n---\n\n# N\n\nText.\n",
    )
    .unwrap();
    for args in [
        &["check"][..],
        &["check", "content/n.md"],
        &["check", "--format", "json", "content"],
        &["build"],
    ] {
        let (code, out, err) = run_in(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains("content/n.md:3:1"), "{args:?}: {err}");
        assert!(
            err.contains("bad permalink `../../outside/`"),
            "{args:?}: {err}"
        );
        assert!(out.is_empty(), "{args:?}: nothing on stdout: {out}");
    }
    assert!(!dir.path().join("site").exists(), "build wrote nothing");
}
