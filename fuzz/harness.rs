//! What each fuzz target does with one input, shared by the cargo-fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) and by `tests/it/robustness/fuzz_corpus.rs`, which replays the kept
//! corpus and crash reproducers in `cargo test`.
//!
//! Every function must return normally for any input: a panic is a bug. Besides "no panic" each
//! one checks a few invariants that later stages rely on (ranges inside the text, errors that
//! name the file, output paths that stay inside the output folder, sanitised HTML without
//! scripts).
#![allow(dead_code)]

use std::path::Path;
use std::sync::OnceLock;

use informed::config::Config;
use informed::date::Date;
use informed::document::Document;
use informed::error::Error;
use informed::lint::RuleSet;
use informed::load::{Notice, frontmatter};
use informed::render::{self, Theme};
use informed::source::Source;

/// Inputs longer than this are cut: the size limit (4 MiB by default) is tested elsewhere, and
/// huge inputs only slow the fuzzer down.
const MAX_INPUT: usize = 64 * 1024;

fn text_of(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(&data[..data.len().min(MAX_INPUT)]).ok()
}

fn assert_located(err: &Error, file: &str) {
    assert_eq!(
        err.location.file.as_deref(),
        Some(Path::new(file)),
        "error does not name the file: {err}"
    );
}

/// Front matter: split, then parse (YAML, TOML, JSON).
pub fn frontmatter(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    if let Ok(split) = frontmatter::split(text) {
        for r in [&split.inner, &split.outer] {
            assert!(r.start <= r.end && r.end <= text.len());
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert!(split.body_start <= text.len() && text.is_char_boundary(split.body_start));
    }
    let source = Source::new("fuzz.md", "fuzz.md", text.to_string());
    match frontmatter::parse(&source) {
        Ok((front, body_start)) => {
            assert!(body_start <= source.text.len());
            assert!(source.text.is_char_boundary(body_start));
            for line in front.key_lines.values() {
                assert!(*line >= 1 && *line <= source.line_count());
            }
        }
        Err(e) => {
            assert_located(&e, "fuzz.md");
            let line = e.location.line.expect("front-matter error without a line");
            assert!(line >= 1 && line <= source.line_count());
        }
    }
}

fn check_document(doc: &Document, len: usize) {
    for b in &doc.blocks {
        assert!(b.range.start <= b.range.end && b.range.end <= len);
    }
    for s in &doc.sections {
        assert!(s.range.start <= s.range.end && s.range.end <= len);
    }
    for (_, r) in &doc.events {
        assert!(r.end <= len);
    }
}

/// The body as rendered with the default sanitiser: no script may survive it.
fn check_rendered(notice: &Notice) {
    let body = render::html::render_body(notice, false);
    if let Some(bad) = active_content(&body.html) {
        panic!("{bad} survived sanitising:\n{}", body.html);
    }
}

/// The first piece of active content in `html`: a script-capable element, an `on…` event
/// handler, or a URL attribute with an unsafe scheme. Text never holds a raw `<` (the renderer
/// escapes it), so every `<` starts a real tag.
pub fn active_content(html: &str) -> Option<String> {
    static TAG: OnceLock<regex::Regex> = OnceLock::new();
    static ATTR: OnceLock<regex::Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| regex::Regex::new(r"<([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>").unwrap());
    let attr = ATTR.get_or_init(|| {
        regex::Regex::new(r#"([^\s"'=/<>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?"#).unwrap()
    });
    for t in tag.captures_iter(html) {
        let name = t[1].to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script"
                | "iframe"
                | "frame"
                | "object"
                | "embed"
                | "style"
                | "base"
                | "form"
                | "meta"
                | "link"
                | "svg"
                | "math"
        ) {
            return Some(format!("<{name}>"));
        }
        for a in attr.captures_iter(&t[2]) {
            let attr_name = a[1].to_ascii_lowercase();
            if attr_name.starts_with("on") {
                return Some(format!("<{name} {attr_name}>"));
            }
            let value = a
                .get(2)
                .map_or("", |v| v.as_str())
                .trim_matches(['"', '\'']);
            let value = decode_entities(value);
            let is_url = matches!(
                attr_name.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "data"
                    | "poster"
                    | "srcset"
            );
            if is_url && !render::sanitize::is_safe_url(&value) {
                return Some(format!("<{name} {attr_name}={value:?}>"));
            }
        }
    }
    None
}

/// Enough of HTML's character references to see a scheme hidden behind them.
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e < 12);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(hex) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = ent.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match ent {
                    "amp" => Some('&'),
                    "colon" => Some(':'),
                    "Tab" => Some('\t'),
                    "NewLine" => Some('\n'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn parse(text: &str, name: &str) -> Option<Notice> {
    let source = Source::new(name, name, text.to_string());
    match Notice::parse(source, name.to_string()) {
        Ok(n) => {
            check_document(&n.doc, n.source.text.len());
            for b in &n.doc.blocks {
                let lc = n.source.line_col(b.range.start);
                assert!(lc.line <= n.source.line_count());
            }
            Some(n)
        }
        Err(e) => {
            assert_located(&e, name);
            None
        }
    }
}

/// Markdown → document model → HTML body.
pub fn markdown(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    if let Some(notice) = parse(text, "fuzz.md") {
        check_rendered(&notice);
        let _ = notice.title();
    }
}

/// Plain text → document model, and `informed import` of the same text, whose Markdown must
/// load again.
pub fn plaintext(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    if let Some(notice) = parse(text, "fuzz.txt") {
        check_rendered(&notice);
    }
    match informed::authoring::import::import_text(text, "fuzz.txt") {
        Ok(imported) => {
            let md = imported.to_markdown("/imported/");
            let source = Source::new("imported.md", "imported.md", md.clone());
            if let Err(e) = Notice::parse(source, "imported.md".into()) {
                panic!("imported Markdown does not load: {e}\n---\n{md}");
            }
        }
        Err(e) => assert_located(&e, "fuzz.txt"),
    }
}

struct Fixed {
    config: Config,
    rules: RuleSet,
    theme: Theme,
    today: Date,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        // A root with no informed.toml, themes/ or lints/: the built-in theme and rule packs.
        let root = Path::new("/nonexistent-informed-fuzz-root");
        let config = Config::default();
        let rules = RuleSet::load(root, &config).expect("built-in rules load");
        let theme = Theme::load(root, &config.theme).expect("built-in theme loads");
        Fixed {
            config,
            rules,
            theme,
            today: Date::today(),
        }
    })
}

/// The whole per-notice pipeline ([`informed::pipeline`]: target, declared facts, understand,
/// lint), then the full page.
pub fn lint(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    // The first byte picks the format, so one corpus covers both.
    let name = if text.starts_with('\t') {
        "fuzz.txt"
    } else {
        "fuzz.md"
    };
    let Some(notice) = parse(text, name) else {
        return;
    };
    let f = fixed();
    let pipeline = informed::pipeline::Pipeline::new(&f.config, &f.rules, f.today);
    let judged = match pipeline.judge(notice) {
        Ok(judged) => judged,
        // A value the pipeline refuses (front matter, permalink) is an error naming the file.
        Err(e) => return assert_located(&e, name),
    };
    let (notice, report, target) = (&judged.notice, &judged.report, &judged.target);
    for d in &report.diagnostics {
        assert!(
            d.line >= 1 && d.line <= notice.source.line_count() + 1,
            "{d:?}"
        );
    }
    let summary = render::PageSummary::new(notice.title(), target, None, None);
    let site = render::SiteContext::new(&f.config);
    let declared = &judged.declared;
    if let Err(e) = render::notice_page(
        &f.theme, &site, notice, declared, &summary, report, &f.config,
    ) {
        // A language the theme has no words for is the notice's mistake, told at its line.
        let unknown_language =
            (notice.language.lang.as_deref()).is_some_and(|lang| f.theme.strings(lang).is_err());
        if unknown_language {
            return assert_located(&e, name);
        }
        panic!("rendering a loaded notice failed: {e}");
    }
}

/// Permalinks and default targets never leave the output folder.
pub fn permalink(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    if let Ok(t) = render::permalink::from_permalink(text) {
        check_target(&t);
    }
    check_target(&render::permalink::from_path(text));
}

fn check_target(t: &render::Target) {
    informed::write::safe_relative(&t.file)
        .unwrap_or_else(|e| panic!("target {t:?} is not a safe output path: {e}"));
    assert!(!t.url.starts_with('/'), "{t:?}");
    assert!(!t.url.split('/').any(|s| s == ".."), "{t:?}");
}

/// GitHub escaping: whatever a notice holds, `neutralise` leaves no line GitHub's runner reads
/// as a workflow command and no raw control character but newline and tab; a command's
/// message and properties hold no line break; the older `##[` form never survives.
pub fn github_escape(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    use informed::report::github::{escape_data, escape_property, neutralise, neutralise_commands};
    let safe = neutralise(text);
    for line in safe.split('\n') {
        assert!(
            !line.trim_start().starts_with("::"),
            "command line survives: {line:?}"
        );
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "control character survives: {line:?}"
        );
    }
    assert!(!safe.contains("##["), "{safe:?}");
    let commands = neutralise_commands(text);
    assert!(
        commands
            .split(['\n', '\r'])
            .all(|l| !l.trim_start().starts_with("::"))
            && !commands.contains("##["),
        "{commands:?}"
    );
    for escaped in [escape_data(text), escape_property(text)] {
        assert!(
            !escaped.contains(['\n', '\r']) && !escaped.contains("##["),
            "{escaped:?}"
        );
    }
    assert!(!escape_property(text).contains([':', ',']));
}

/// A site in a scratch folder with links that lead into its sources, for `output_guard`.
fn guard_site() -> &'static std::path::PathBuf {
    static SITE: OnceLock<std::path::PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let top = std::env::temp_dir().join(format!("informed-guard-{}", std::process::id()));
        let root = top.join("w/site");
        for d in [
            "content/policies",
            "themes/default/templates",
            "lints",
            "site",
        ] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("informed.toml"), "title = \"x\"\n").unwrap();
        std::fs::write(root.join("content/a.md"), "# A\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink("content", root.join("into-content")).unwrap();
            symlink("..", root.join("up")).unwrap();
            symlink("../themes", root.join("content/to-themes")).unwrap();
            symlink("informed.toml", root.join("config-link")).unwrap();
            symlink("nowhere", root.join("dangling")).unwrap();
        }
        root
    })
}

/// The output-folder guard: for an output path built from the input (names, `..`, links into
/// the sources), a claim that succeeds never names a folder that is, holds or lies inside
/// the site's sources, links resolved.
pub fn output_guard(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let root = guard_site();
    let mut rel = std::path::PathBuf::new();
    let mut depth: i32 = 0;
    for part in text.split(['/', '\n']).take(6) {
        let part: String = part.chars().filter(|c| !c.is_control()).take(24).collect();
        match part.as_str() {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < -2 {
                    return; // would leave the scratch folder
                }
                rel.push("..");
            }
            p => {
                depth += 1;
                rel.push(p);
            }
        }
    }
    let out = root.join(&rel);
    let sources = [
        root.join("content"),
        root.join("themes"),
        root.join("lints"),
        root.join("informed.toml"),
    ];
    let claim = informed::write::Claim {
        sources: &sources,
        root,
        theme_files: &["assets/informed.css"],
        force: true,
    };
    let Ok(output) = informed::write::Output::claim(&out, &claim) else {
        return;
    };
    let real = informed::write::real_path(&output.real);
    let root_real = std::fs::canonicalize(root).unwrap();
    assert!(
        !root_real.starts_with(&real),
        "{out:?} ({real:?}) is or holds the site"
    );
    for s in &sources {
        let s = std::fs::canonicalize(s).unwrap();
        assert!(
            !(s.starts_with(&real) || real.starts_with(&s)),
            "{out:?} ({real:?}) overlaps {s:?}"
        );
    }
}
