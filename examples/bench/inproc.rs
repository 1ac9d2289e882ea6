//! Steps measured inside one process: `check` through the library, and a one-notice edit in
//! `serve` through the dev server's own incremental rebuild (`serve::State::apply`).

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use informed::lint::{self, Summary};
use informed::serve::State;
use informed::serve::state::Changes;
use informed::site::{SITE_EXTENSIONS, Site};
use rayon::prelude::*;

use crate::corpus;
use crate::stats::Stats;

/// `check` without the CLI: open the site, load and lint every notice in parallel, count findings.
pub fn check(root: &Path) -> Result<Summary, String> {
    let site = Site::open(root).map_err(|e| e.to_string())?;
    let files = informed::load::discover(&site.content_dir(), SITE_EXTENSIONS)
        .map_err(|e| e.to_string())?;
    let reports = files
        .par_iter()
        .map(|p| {
            let notice = site.load_notice(p)?;
            lint::analyse(&notice, &site.rules, &site.config)
        })
        .collect::<informed::error::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    Ok(Summary::of(&reports))
}

/// Build the site in memory as `serve` does, then edit one notice at a time and time the
/// rebuild of each edit. Every file edited is put back as it was.
pub fn serve_edits(root: &Path, edits: usize, n: usize) -> Result<(f64, Stats), String> {
    let started = Instant::now();
    let state = State::new(root, true);
    let initial = started.elapsed().as_secs_f64();
    if !state.errors().is_empty() {
        return Err(format!("serve build failed: {}", state.errors()[0]));
    }
    let mut times = Vec::with_capacity(edits);
    for k in 0..edits {
        // Spread the edits over the corpus, deterministically.
        let i = (k * 7919 + 13) % n;
        let path = root.join("content").join(corpus::rel_path(i));
        let original = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let edited = original.replacen(
            "This notice explains",
            &format!("This notice (edit {k}) explains"),
            1,
        );
        std::fs::write(&path, &edited).map_err(|e| e.to_string())?;
        let changes = Changes {
            notices: BTreeSet::from([path.clone()]),
            ..Changes::default()
        };
        let t = Instant::now();
        state.apply(changes);
        times.push(t.elapsed().as_secs_f64());
        std::fs::write(&path, &original).map_err(|e| e.to_string())?;
        state.apply(Changes {
            notices: BTreeSet::from([path]),
            ..Changes::default()
        });
    }
    if !state.errors().is_empty() {
        return Err(format!("serve rebuild failed: {}", state.errors()[0]));
    }
    Ok((initial, Stats::of(times)))
}
