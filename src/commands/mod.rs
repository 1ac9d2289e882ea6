//! One thin file per subcommand: each resolves what it needs from the parsed command line
//! and calls the library (the pipeline, the site, the report formats). `cli.rs` only parses
//! and dispatches.

pub mod build;
pub mod check;
pub mod eval;
pub mod explain;
pub mod rules;
