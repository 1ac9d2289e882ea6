//! Throwaway sites in temp folders, built with the binary, and notices parsed in memory.

use std::path::{Path, PathBuf};

use informed::load::Notice;
use informed::source::Source;

use super::informed;

/// A small notice that builds cleanly enough (findings do not stop a build).
pub const GOOD: &str = "---
title: Example Trust privacy notice
---

Example Trust is the controller. Email privacy@example.org.

## Why we use your data

We use your name to send you newsletters.
";

/// A site in a temp folder with `informed.toml` (extra lines appended) and the given files.
pub fn site(config_extra: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("informed.toml"),
        format!("title = \"Hardening\"\n{config_extra}"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    for (rel, text) in files {
        write(dir.path(), rel, text.as_bytes());
    }
    dir
}

pub fn write(root: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Run `informed build` in `root`; returns (exit code, stderr).
pub fn build(root: &Path) -> (i32, String) {
    let out = informed()
        .arg("build")
        .arg("--root")
        .arg(root)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Parse text as a notice in memory (`name` picks Markdown or plain text by extension).
pub fn parse(name: &str, text: &str) -> informed::Result<Notice> {
    Notice::parse(Source::new(name, name, text.to_string()), name.to_string())
}

/// Run `f` on a thread with the standard 2 MiB stack (the size `std::thread` gives any thread),
/// so a test fails when deep input recurses deeply, whatever the test harness's own stack is.
pub fn on_normal_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("thread panicked (stack overflow aborts the whole process instead)")
}
