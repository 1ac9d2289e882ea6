//! The shared corpus: the seeds the project was created from and the labelled real notices. Their
//! text is not ours, so it is not in this repository. Tests that read it run only when
//! `INFORMED_CORPUS` names the folder that holds `seeds/` and `real-notices/` (`.ci/run` sets it
//! and fails when the folder is missing); without it they say they were skipped and pass.

use std::path::PathBuf;

/// `$INFORMED_CORPUS/<sub>`, or `None` (after saying the test is skipped) when the variable is
/// unset. When it is set, the folder or file must exist: a wrong path fails the test.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    let Some(root) = std::env::var_os("INFORMED_CORPUS").filter(|v| !v.is_empty()) else {
        eprintln!(
            "skipped: INFORMED_CORPUS is not set (point it at the folder holding {sub}, e.g. INFORMED_CORPUS=../shared)"
        );
        return None;
    };
    let path = PathBuf::from(root).join(sub);
    assert!(
        path.exists(),
        "INFORMED_CORPUS is set but {} does not exist",
        path.display()
    );
    Some(path)
}
