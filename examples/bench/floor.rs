//! The raw floor: the least work any Markdown site generator must do. Read every notice, skip
//! its front matter, render the body with pulldown-cmark, and write one page per notice in the
//! same layout (`<path>/index.html`), on two threads. No linting, no templates, no extra files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub fn run(root: &Path, out: &Path, threads: usize) -> std::io::Result<usize> {
    let content = root.join("content");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(std::io::Error::other)?;
    pool.install(|| {
        files.par_iter().try_for_each(|path| {
            let text = std::fs::read_to_string(path)?;
            let body = strip_front_matter(&text);
            let mut html = String::with_capacity(body.len() * 2);
            html.push_str("<!doctype html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
            let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::all());
            pulldown_cmark::html::push_html(&mut html, parser);
            html.push_str("</body></html>\n");
            let rel = path
                .strip_prefix(&content)
                .unwrap_or(path)
                .with_extension("");
            let dir = out.join(rel);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("index.html"), html)
        })
    })?;
    Ok(files.len())
}

fn strip_front_matter(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---\n")
    {
        return &rest[end + 5..];
    }
    text
}
