//! The integration tests: one test binary (`cargo test --test it [FILTER]`), one module per
//! feature, and one support module shared by all of them.
//!
//! - `build`: `informed build`, output safety, atomic writes, symbolic links
//! - `check`: `informed check`, its formats, `explain`/`rules`, streaming
//! - `serve`: the preview server over HTTP, as a process, in a browser, under load
//! - `authoring`: `init`, `new`, `import`, the notice page, structured front matter
//! - `lint`: the rule fixtures, the seeds, detection measured against labels
//! - `robustness`: fuzz corpus, hostile inputs, resource limits, properties
//! - `integrations`: the GitHub Action, pre-commit, completions, man page, validators
//! - `a11y`: both themes checked with axe-core in headless Chromium
//! - `history`: notice history from git (a scratch repository): pages, feed, lint, limits
//!
//! Fixtures live in `tests/fixtures/`; insta snapshots beside each module in `snapshots/`.

mod support;

#[path = "../../fuzz/harness.rs"]
mod harness;

mod a11y;
mod authoring;
mod build;
mod cache;
mod check;
mod history;
mod integrations;
mod lint;
mod robustness;
mod serve;
