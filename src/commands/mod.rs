//! One thin file per subcommand: each resolves what it needs from the parsed command line
//! and calls the library (the pipeline, the site, the report formats). `cli.rs` only parses
//! and dispatches.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod eval;
pub(crate) mod explain;
pub(crate) mod rules;
