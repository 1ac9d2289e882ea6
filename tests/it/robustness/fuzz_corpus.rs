//! Replays the kept fuzz corpus and every crash reproducer through the same checks the fuzz
//! targets run (`fuzz/harness.rs`), so `cargo test` (and CI) catch a regression in seconds.
//!
//! Layout: `tests/fixtures/fuzz/<target>/*` is the minimised corpus of each target;
//! `tests/fixtures/fuzz/crashes/<target>-<what>` are inputs that once failed, named after the
//! target they go to. See docs/hardening.md for how to fuzz and refresh the corpus.

use std::path::{Path, PathBuf};

/// A fuzz target's check of one input.
type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("frontmatter", crate::harness::frontmatter),
    ("markdown", crate::harness::markdown),
    ("plaintext", crate::harness::plaintext),
    ("lint", crate::harness::lint),
    ("permalink", crate::harness::permalink),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}

fn inputs(sub: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir().join(sub))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Run on a thread with the normal 2 MiB stack, as a real build's worker threads have.
fn run(target: Target, path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display().to_string();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || target(&bytes))
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("{name} fails its fuzz target"));
}

#[test]
fn the_corpus_of_every_target_passes() {
    for (name, target) in TARGETS {
        let files = inputs(name);
        assert!(!files.is_empty(), "no corpus for {name}");
        for f in files {
            run(*target, &f);
        }
    }
}

#[test]
fn every_crash_reproducer_passes() {
    let crashes = inputs("crashes");
    assert!(!crashes.is_empty());
    for f in crashes {
        let file = f.file_name().unwrap().to_string_lossy().into_owned();
        let (_, target) = TARGETS
            .iter()
            .find(|(name, _)| file.starts_with(&format!("{name}-")))
            .unwrap_or_else(|| panic!("{file}: name it <target>-<what>"));
        run(*target, &f);
    }
}

#[test]
fn the_active_content_check_sees_what_it_must() {
    for bad in [
        "<p><script>x</script></p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"jav&#x61;script&colon;alert(1)\">x</a>",
        "<img src=x onerror=alert(1)>",
        "<a HREF='  JAVASCRIPT:x'>x</a>",
    ] {
        assert!(crate::harness::active_content(bad).is_some(), "{bad}");
    }
    for ok in [
        "<p>[l](javascript:alert(1)) &lt;script&gt;</p>",
        "<a href=\"https://ico.org.uk/\">ICO</a>",
        "<p class=\"heading-like\" id=\"on-call\">x</p>",
    ] {
        assert_eq!(crate::harness::active_content(ok), None, "{ok}");
    }
}
