//! Odd configuration and hostile front matter: every config error gives file:line:col, and a
//! contact URL that is not http(s) or mailto never reaches `notice.json` / `notice.jsonld`.
//! Run as a user does: in the site's folder, with relative paths.

use std::path::Path;
use std::process::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `informed ARGS` in `root`: (exit code, stderr).
fn run(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("informed"))
        .current_dir(root)
        .args(args)
        .env("INFORMED_TODAY", "2026-05-01")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const NOTICE: &str = "---\ntitle: Trust\n---\nExample Trust is the controller.\n";

fn site(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "informed.toml", config);
    write(dir.path(), "content/trust.md", NOTICE);
    dir
}

#[test]
fn every_config_error_gives_file_line_and_column() {
    for (config, at, says) in [
        (
            "title = \"x\"\njurisdiction = \"mars\"\n",
            "informed.toml:2:1",
            "jurisdiction `mars`",
        ),
        (
            "title = \"x\"\n\n  theme = \"nope\"\n",
            "informed.toml:3:3",
            "unknown theme `nope`",
        ),
        (
            "title = \"x\"\n\n[lints]\nmissing-retention = \"warning\"\nnot-a-rule = \"off\"\n",
            "informed.toml:5:1",
            "unknown rule `not-a-rule`",
        ),
        (
            "title = \"x\"\nlints.nope = \"off\"\n",
            "informed.toml:2:7",
            "unknown rule `nope`",
        ),
    ] {
        let dir = site(config);
        // `check` renders nothing, so it does not load the theme.
        let commands: &[&str] = if says.contains("theme") {
            &["build"]
        } else {
            &["build", "check"]
        };
        for &command in commands {
            let (code, err) = run(dir.path(), &[command]);
            assert_eq!(code, 2, "{command} with {config:?}: {err}");
            assert!(
                err.contains(at) && err.contains(says),
                "{command} with {config:?}: {err}"
            );
        }
        assert!(!dir.path().join("site").exists());
    }
    // The jurisdictions that exist still work.
    for j in ["uk", "eu"] {
        let dir = site(&format!("jurisdiction = \"{j}\"\n"));
        assert_eq!(run(dir.path(), &["build"]).0, 0);
    }
}

#[test]
fn contact_urls_other_than_http_and_mailto_are_refused() {
    for (key, url) in [
        ("controller", "javascript:alert(document.domain)"),
        ("dpo", "vbscript:msgbox(1)"),
        ("controller", " JaVa\tScRiPt:alert(1)"),
        ("dpo", "data:text/html,<script>alert(1)</script>"),
    ] {
        let dir = site("title = \"x\"\n");
        let notice = format!(
            "---\ntitle: Trust\n{key}:\n  name: Example Trust\n  url: \"{}\"\n---\nExample Trust is the controller.\n",
            url.replace('\t', "\\t")
        );
        write(dir.path(), "content/trust.md", &notice);
        let (code, err) = run(dir.path(), &["build"]);
        assert_eq!(code, 2, "{key}.url {url:?}: {err}");
        assert!(
            err.contains("content/trust.md:5"),
            "{key}.url {url:?}: {err}"
        );
        assert!(err.contains("http"), "{err}");
        assert!(!dir.path().join("site").exists());
    }
    for url in [
        "https://example.org/contact",
        "mailto:dpo@example.org",
        "HTTP://example.org",
    ] {
        let dir = site("title = \"x\"\n");
        let notice = format!(
            "---\ntitle: Trust\ndpo:\n  name: A. Officer\n  url: \"{url}\"\n---\nExample Trust is the controller.\n"
        );
        write(dir.path(), "content/trust.md", &notice);
        let (code, err) = run(dir.path(), &["build"]);
        assert_eq!(code, 0, "{url}: {err}");
        let json = std::fs::read_to_string(dir.path().join("site/trust/notice.json")).unwrap();
        assert!(json.contains(url), "{json}");
    }
}

/// Seconds `informed check` takes on a notice of `text`.
fn check_seconds(text: &str) -> f64 {
    let dir = site("title = \"x\"\n");
    write(dir.path(), "content/trust.md", text);
    let started = std::time::Instant::now();
    let (code, err) = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    started.elapsed().as_secs_f64()
}

#[test]
fn the_placeholder_rule_is_linear_in_the_notices_size() {
    // 128 KB and 1 MB of "TBC " on one line: every word a finding. Linear work takes about
    // eight times as long (less, with the fixed start-up); the quadratic rule took over
    // 60 times as long (256 KB: 15 s in release, minutes in debug).
    let small = check_seconds(&format!("# Notice\n\n{}\n", "TBC ".repeat(32 * 1024)));
    let large = check_seconds(&format!("# Notice\n\n{}\n", "TBC ".repeat(256 * 1024)));
    assert!(
        large < 16.0 * small,
        "1 MB took {large:.1} s, 128 KB {small:.1} s: not linear"
    );
}
