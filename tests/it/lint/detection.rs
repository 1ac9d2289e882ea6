//! Element detection measured against hand labels: our own fixtures in styles real notices use
//! (tests/fixtures/detect), and the labelled real notices (the shared corpus), which are
//! read where they are (`$INFORMED_CORPUS/real-notices`) and never copied into this repository.

use crate::support::corpus;

use std::path::Path;

use informed::eval::{evaluate, report};

fn check(dir: &Path, min: f64) {
    let ev = evaluate(Path::new("/nonexistent"), &dir.join("labels.json"), dir).unwrap();
    let (p, r) = (ev.total.precision(), ev.total.recall());
    assert!(
        p >= min && r >= min,
        "precision {p:.3}, recall {r:.3} below {min}\n{}",
        report(&ev)
    );
    assert!(
        ev.total.tp > 0,
        "no violations in the labels: the measurement would prove nothing"
    );
}

#[test]
fn our_fixtures_in_many_styles() {
    check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/detect"),
        1.0,
    );
}

#[test]
fn labelled_real_notices() {
    let Some(dir) = corpus::corpus("real-notices") else {
        return;
    };
    assert!(
        dir.join("labels.json").is_file(),
        "expected the labelled notices at {}",
        dir.display()
    );
    check(&dir, 0.95);
}
