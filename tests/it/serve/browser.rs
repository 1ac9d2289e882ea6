//! A real browser against `informed serve`: headless Chromium (Debian's `/usr/bin/chromium`)
//! driven by playwright-core through `tests/browser/live_reload.cjs`.
//!
//! Runs when `INFORMED_BROWSER_TESTS=1` (as `.ci/run` sets) and then fails if Chromium, Node or
//! `node_modules/` is missing; otherwise it says it did not run and passes.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::support::serve::*;
use informed::site::{MemorySink, Site};
use serde_json::Value;

#[test]
fn page_reloads_by_itself_and_the_panel_lists_the_pipelines_findings() {
    let Some(repo) = browser_ready() else {
        return;
    };

    let site = Fixture::new("/docs/");
    let server = site.serve();
    let marker = "Newly added: we also keep a list of reading group volunteers.";
    // The edit drops the retention section and adds a paragraph.
    let edited = ALPHA
        .replace("## How long we keep it\n\nWe keep your details for two years after your last contact with us.\n", "")
        .replace("## Why we use your data", &format!("{marker}\n\n## Why we use your data"));
    let new_text = site.path("new-alpha.md.txt");
    std::fs::write(&new_text, &edited).unwrap();
    let notice = site.path("content/alpha.md");

    let restart_marker = "Added while the server was stopped.";
    let mut child = Command::new("node")
        .arg(repo.join("tests/browser/live_reload.cjs"))
        .arg(format!("{}alpha/", server.url()))
        .arg(&notice)
        .arg(&new_text)
        .arg(marker)
        .arg(restart_marker)
        .current_dir(repo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (INFORMED_BROWSER_TESTS=1 needs Node.js)");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let errors = Arc::new(Mutex::new(String::new()));
    let sink = errors.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut text = sink.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });

    // Phase 1: edit while the page is open.
    let Ok(line) = rx.recv_timeout(Duration::from_secs(90)) else {
        fail(
            &mut child,
            &errors,
            "no result from the browser after the edit",
        )
    };
    let seen: Value =
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("bad JSON ({e}): {line}"));

    // Phase 2: stop the server, change the notice, start a new server on the same port.
    let addr = server.addr();
    drop(server);
    std::fs::write(
        &notice,
        edited.replace(marker, &format!("{marker} {restart_marker}")),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let restarted = informed::serve::Server::start(
        &relative_to_cwd(site.root()),
        informed::serve::ServeOptions {
            port: Some(addr.port()),
            quiet: true,
            ..Default::default()
        },
    )
    .expect("restart on the same port");
    let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) else {
        fail(
            &mut child,
            &errors,
            "the page did not reload after the server restarted",
        )
    };
    let after: Value =
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("bad JSON ({e}): {line}"));
    assert_eq!(
        after["restartReloaded"],
        Value::Bool(true),
        "reloaded after the restart: {after}"
    );
    drop(restarted);
    let end = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > end {
            fail(&mut child, &errors, "the browser script did not exit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        child.wait().unwrap().success(),
        "browser script failed:\n{}",
        errors.lock().unwrap()
    );

    assert_eq!(
        seen["reloaded"],
        Value::Bool(true),
        "the page reloaded by itself: {seen}"
    );
    assert_eq!(
        seen["consoleErrors"],
        Value::Array(vec![]),
        "no console or CSP errors: {seen}"
    );
    assert_eq!(
        seen["badResponses"],
        Value::Array(vec![]),
        "every request succeeds: {seen}"
    );
    assert_eq!(
        seen["brokenLinks"],
        Value::Array(vec![]),
        "panel links point at the page: {seen}"
    );
    assert_eq!(
        seen["openedByKeyboard"],
        Value::Bool(true),
        "panel opens from the keyboard: {seen}"
    );

    // What the pipeline reports for the edited file, exactly as the panel should list it.
    let pipeline = Site::open(site.root()).unwrap();
    let report = pipeline
        .process(&notice, &MemorySink::default())
        .unwrap()
        .report;
    assert!(
        !report.diagnostics.is_empty(),
        "the edited fixture lacks required elements, so the linter should report something"
    );
    let expected: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| serde_json::json!({"level": d.level.as_str(), "line": d.line, "code": d.code, "message": d.message}))
        .collect();
    assert_eq!(
        seen["findings"],
        Value::Array(expected),
        "panel findings = pipeline findings"
    );
    let panel_elements: Vec<(String, bool)> = seen["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["present"].as_bool().unwrap(),
            )
        })
        .collect();
    for (id, status) in &report.elements {
        assert!(
            panel_elements.contains(&(id.clone(), status.present)),
            "element {id} (present: {}) not in the panel's checklist {panel_elements:?}",
            status.present
        );
    }
    assert!(!panel_elements.is_empty());
}

fn fail(child: &mut Child, errors: &Mutex<String>, what: &str) -> ! {
    let _ = child.kill();
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(200));
    panic!("{what}; browser script said:\n{}", errors.lock().unwrap());
}

#[test]
fn errors_show_in_the_open_page_and_clear_after_a_fix() {
    let Some(repo) = browser_ready() else {
        return;
    };

    let site = Fixture::new("/");
    let server = site.serve();
    let broken = site.path("broken.txt");
    std::fs::write(&broken, "---\ntitle: [unclosed\n---\n\nBroken.\n").unwrap();
    let marker = "Fixed and saved again.";
    let fixed = site.path("fixed.txt");
    std::fs::write(&fixed, format!("{ALPHA}\n{marker}\n")).unwrap();

    let mut node = Command::new("node");
    node.arg(repo.join("tests/browser/errors.cjs"))
        .arg(format!("{}alpha/", server.url()))
        .arg(site.path("content/alpha.md"))
        .arg(&broken)
        .arg(&fixed)
        .arg(marker)
        .current_dir(repo);
    let out = run_bounded(node, Duration::from_secs(90));
    assert!(
        out.status.success(),
        "browser script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = seen["errorText"].as_str().unwrap_or_default();
    assert!(
        text.contains("content/alpha.md:2"),
        "error names the file and line: {seen}"
    );
    // The message the pipeline gives for that text.
    let source = informed::source::Source::new(
        site.path("content/alpha.md"),
        "content/alpha.md",
        std::fs::read_to_string(&broken).unwrap(),
    );
    let expected = informed::load::Notice::parse(source, "alpha.md".into())
        .expect_err("the broken text does not parse");
    assert!(
        text.contains(&expected.message),
        "error says what is wrong ({}): {seen}",
        expected.message
    );
    assert_eq!(seen["errorRole"], "alert");
    assert_eq!(
        seen["axeViolations"],
        Value::Array(vec![]),
        "panel and error box pass axe-core (WCAG 2.2 AA): {seen}"
    );
    assert_eq!(
        seen["lastGoodKept"],
        Value::Bool(true),
        "last good page kept: {seen}"
    );
    assert_eq!(seen["dismissed"], Value::Bool(true), "dismissable: {seen}");
    assert_eq!(
        seen["errorGone"],
        Value::Bool(true),
        "fix clears the error: {seen}"
    );
}

/// Run `command` to completion within `limit` (killed after it), collecting its output.
fn run_bounded(mut command: Command, limit: Duration) -> std::process::Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (INFORMED_BROWSER_TESTS=1 needs Node.js)");
    let end = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "browser script did not finish within {limit:?}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}
