//! Resource limits: notice size, YAML alias bombs and nesting, deeply nested Markdown, and
//! symbolic links in `content/`. Each hostile input must end in a clear error naming the file
//! (and line where there is one), quickly, without a panic or a stack overflow.

use std::time::{Duration, Instant};

use crate::support::site::{GOOD, build, on_normal_stack, parse, site};

#[test]
fn a_notice_over_max_notice_bytes_is_refused_with_a_clear_error() {
    let big = format!("{GOOD}\n{}", "We keep records.\n".repeat(100));
    let dir = site("max_notice_bytes = 1000\n", &[("content/big.md", &big)]);
    let (code, err) = build(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content/big.md"), "names the file: {err}");
    assert!(err.contains("limit of 1000 bytes"), "{err}");
    assert!(
        err.contains("max_notice_bytes"),
        "says how to change it: {err}"
    );
    assert!(!dir.path().join("site").exists(), "nothing written");

    // Raising the limit lets the same notice build.
    std::fs::write(
        dir.path().join("informed.toml"),
        "title = \"Hardening\"\nmax_notice_bytes = 100000\n",
    )
    .unwrap();
    let (code, err) = build(dir.path());
    assert_eq!(code, 0, "{err}");
}

#[test]
fn the_default_limit_is_four_mebibytes() {
    assert_eq!(informed::load::DEFAULT_MAX_NOTICE_BYTES, 4 * 1024 * 1024);
    let huge = format!("{GOOD}\n{}", "x".repeat(4 * 1024 * 1024));
    let dir = site("", &[("content/huge.md", &huge)]);
    let (code, err) = build(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("content/huge.md") && err.contains("limit"),
        "{err}"
    );
}

/// The "billion laughs": nine levels of aliases, each repeating the one below nine times,
/// would expand to 9^9 (387 million) strings.
fn billion_laughs() -> String {
    let mut y = String::from("---\ntitle: Laughs\na0: &a0 \"lol\"\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        y.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    y.push_str("bomb: *a9\n---\n\nBody.\n");
    y
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let text = billion_laughs();
    let started = Instant::now();
    let result = on_normal_stack(move || parse("laughs.md", &text).map(|_| ()));
    let took = started.elapsed();
    let err = result.expect_err("an alias bomb must not load");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(
        err.location.file.as_deref(),
        Some(std::path::Path::new("laughs.md"))
    );
    assert!(err.location.line.is_some(), "{err}");
    assert!(err.message.contains("YAML"), "{err}");
}

#[test]
fn a_yaml_alias_bomb_fails_the_build_with_exit_2() {
    let dir = site("", &[("content/laughs.md", &billion_laughs())]);
    let started = Instant::now();
    let (code, err) = build(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content/laughs.md"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn ordinary_yaml_anchors_still_work() {
    let n = parse(
        "a.md",
        "---\ntitle: T\nteam: &t [a, b]\nalso: *t\n---\nBody\n",
    )
    .unwrap();
    assert_eq!(n.front.data["also"], serde_json::json!(["a", "b"]));
}

#[test]
fn deeply_nested_front_matter_is_an_error_not_a_crash() {
    let depth = 10_000;
    let cases = [
        (
            "yaml.md",
            format!("---\nx: {}{}\n---\n", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "yaml-block.md",
            format!(
                "---\n{}\n---\n",
                (0..2_000)
                    .map(|i| format!("{}k{i}:", " ".repeat(i)))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        ),
        (
            "toml.md",
            format!("+++\nx = {}{}\n+++\n", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "json.md",
            format!("{{\"x\": {}{}}}\n", "[".repeat(depth), "]".repeat(depth)),
        ),
    ];
    for (name, text) in cases {
        let result = on_normal_stack(move || parse(name, &text).map(|_| ()));
        let err = result.expect_err(name);
        assert_eq!(
            err.location.file.as_deref(),
            Some(std::path::Path::new(name)),
            "{err}"
        );
        assert!(err.location.line.is_some(), "{name}: {err}");
    }
}

/// Render and lint `text` (Markdown) on a normal-sized stack.
fn through_the_pipeline(text: String) -> usize {
    on_normal_stack(move || {
        let notice = parse("deep.md", &text).expect("loads");
        let root = std::path::Path::new("/nonexistent-informed-root");
        let config = informed::config::Config::default();
        let rules = informed::lint::RuleSet::load(root, &config).unwrap();
        let report = informed::lint::analyse(&notice, &rules, &config).unwrap();
        let body = informed::render::html::render_body(&notice, false);
        assert!(!body.html.is_empty());
        let _ = report;
        notice.doc.blocks.len()
    })
}

#[test]
fn ten_thousand_nested_block_quotes_do_not_overflow_the_stack() {
    let text = format!("# Deep\n\n{} deep text\n", ">".repeat(10_000));
    assert!(through_the_pipeline(text) >= 1);
}

#[test]
fn ten_thousand_nested_list_levels_do_not_overflow_the_stack() {
    // `- - - … item` opens a list inside a list item on each `- ` (indenting each level on its
    // own line would need 100 MB of spaces for 10,000 levels).
    let bullets = format!("# Deep\n\n{}item\n", "- ".repeat(10_000));
    assert!(through_the_pipeline(bullets) >= 1);
    let ordered = format!("{}item\n", "1. ".repeat(10_000));
    assert!(through_the_pipeline(ordered) >= 1);
    let mixed: String = (0..10_000)
        .map(|i| if i % 2 == 0 { "> " } else { "- " })
        .collect();
    assert!(through_the_pipeline(format!("{mixed}text\n")) >= 1);
}

#[test]
fn ten_thousand_nested_inline_elements_do_not_overflow_the_stack() {
    let text = format!(
        "{}x{}\n\n{}y{}\n",
        "*".repeat(10_000),
        "*".repeat(10_000),
        "[".repeat(10_000),
        "](u)".repeat(10_000)
    );
    through_the_pipeline(text);
    let html = format!("{}x{}\n", "<div>".repeat(10_000), "</div>".repeat(10_000));
    through_the_pipeline(html);
}

#[test]
fn invalid_utf8_names_the_file_line_and_column() {
    let dir = site("", &[("content/good.md", GOOD)]);
    crate::support::site::write(
        dir.path(),
        "content/bad.md",
        b"---\ntitle: x\n---\n\nab\xffc\n",
    );
    let (code, err) = build(dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("content/bad.md:5:3"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn raw_html_nested_too_deep_to_sanitise_in_bounded_time_is_shown_as_text() {
    // html5ever's work grows with the square of the nesting depth (a 4 MiB line of `<div>`s took
    // minutes), so past `MAX_HTML_DEPTH` the raw HTML is escaped instead of sanitised.
    let limit = informed::render::sanitize::MAX_HTML_DEPTH;
    let hostile = "<script>alert(1)</script><b onclick=\"x()\">bold</b>";
    let page = |depth: usize| {
        let text = format!("# Deep\n\n{}{hostile}\n", "<div>".repeat(depth));
        on_normal_stack(move || {
            let notice = parse("deep.md", &text).expect("loads");
            informed::render::html::render_body(&notice, false).html
        })
    };
    let under = page(limit - 10);
    assert!(
        under.contains("<div>") && under.contains("<b>bold</b>"),
        "{under}"
    );
    assert!(
        !under.contains("<script") && !under.contains("onclick"),
        "{under}"
    );
    let over = page(limit + 10);
    assert!(
        over.contains("&lt;div&gt;&lt;div&gt;") && over.contains("&lt;script&gt;"),
        "{over}"
    );
    assert!(!over.contains("<div") && !over.contains("<script") && !over.contains("<b "));
    // A whole notice of them renders, its raw HTML as text (the 4 MiB case in bench/big-notice.sh).
    let huge = page(200_000);
    assert!(huge.matches("&lt;div&gt;").count() == 200_000);
}

/// The binary makes mimalloc commit memory on demand (see `src/main.rs`): eager commits of huge
/// pages put a clean build of 10,000 notices over its memory budget. mimalloc prints its
/// options when `MIMALLOC_VERBOSE` is set, which shows the default took effect before the
/// first allocation, and that the environment still overrides it.
#[cfg(target_os = "linux")]
#[test]
fn the_allocator_commits_on_demand_unless_the_environment_says_otherwise() {
    let option = |env: Option<&str>| {
        let mut c = crate::support::informed_process();
        c.arg("--version").env("MIMALLOC_VERBOSE", "1");
        match env {
            Some(v) => c.env("MIMALLOC_ARENA_EAGER_COMMIT", v),
            None => c.env_remove("MIMALLOC_ARENA_EAGER_COMMIT"),
        };
        let out = c.output().unwrap();
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let line = err.lines().find(|l| l.contains("'arena_eager_commit'"));
        line.unwrap_or_else(|| panic!("no option line: {err}"))
            .trim()
            .to_string()
    };
    assert_eq!(option(None), "option 'arena_eager_commit': 0");
    assert_eq!(option(Some("1")), "option 'arena_eager_commit': 1");
}
