//! `--format json`: the versioned contract in docs/product.md.

use serde::Serialize;

use crate::lint::{FileReport, Summary};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: &'a [FileReport],
    summary: Summary,
}

pub fn render(files: &[FileReport]) -> String {
    let out = Output {
        version: 1,
        files,
        summary: Summary::of(files),
    };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}
