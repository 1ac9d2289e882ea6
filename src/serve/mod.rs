//! Serve: the live preview (`informed serve`).

use std::path::Path;

use crate::error::Result;

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Port to listen on (default 1111; the next free port is used when 1111 is busy).
    #[arg(short, long)]
    pub port: Option<u16>,
    /// Address to bind (loopback by default).
    #[arg(short, long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(_root: &Path, _args: ServeArgs) -> Result<i32> {
    Err(crate::cli::not_yet("serve"))
}
