//! `informed check`: find the notices to lint, in a stable order, and load and analyse each.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::lint::{FileReport, RuleSet};
use crate::load;
use crate::pipeline::Pipeline;
use crate::source::Source;

/// Extensions `check` looks for when it walks a folder named on the command line.
pub(crate) const CHECK_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Extensions of files `check` accepts when they are named on the command line.
const FILE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text"];

/// One notice to lint: where to read it, how to name it in reports, and its path relative to
/// the folder it was found in (used for the notice's default title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Input {
    pub path: PathBuf,
    pub display: String,
    pub rel_path: String,
}

/// A notice after analysis: its text (for snippets and line hashes) and its findings. The
/// document model is dropped once the notice is linted; the rest once its part of the report
/// is made (see [`super::stream`]).
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub source: Source,
    pub report: FileReport,
}

/// Load the config and rules of the site at `root`, and list the notices to lint: `paths`, or
/// the site's content folder when none are given.
pub(crate) fn prepare(root: &Path, paths: &[PathBuf]) -> Result<(Config, RuleSet, Vec<Input>)> {
    let config = Config::load(root)?;
    // Compiled at the first notice not in the result cache.
    let rules = RuleSet::load_lazily(root, &config)?;
    let cwd = std::env::current_dir()
        .map_err(|e| Error::new(format!("cannot read the current folder: {e}")))?;
    let inputs = if paths.is_empty() {
        let dir = root.join(&config.content_dir);
        let files = load::discover_within(&dir, root, crate::site::SITE_EXTENSIONS)?;
        inputs_in(&dir, files, &cwd)
    } else {
        collect(paths, &cwd)?
    };
    Ok((config, rules, inputs))
}

/// Load, validate and lint one notice through the pipeline: what `build` refuses (structured
/// front matter that does not validate, a permalink that leaves the site) stops `check` too.
pub(crate) fn analyse(input: &Input, pipeline: &Pipeline) -> Result<Checked> {
    let judged = pipeline.run(&input.path, input.display.clone(), input.rel_path.clone())?;
    Ok(Checked {
        source: judged.notice.source,
        report: judged.report,
    })
}

/// The notices named by `paths`: files as given, folders walked for notice files (sorted).
/// A file named twice (or inside a folder also named) is checked once, at its first place.
pub(crate) fn collect(paths: &[PathBuf], cwd: &Path) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            let what = if e.kind() == std::io::ErrorKind::NotFound {
                "no such file or folder".to_string()
            } else {
                e.to_string()
            };
            Error::new(what).in_file(display_path(p, cwd))
        })?;
        if meta.is_dir() {
            let files = load::discover(p, CHECK_EXTENSIONS)?;
            if files.is_empty() {
                eprintln!(
                    "warning: {}: no notices (.md, .markdown, .txt) in this folder",
                    super::github::neutralise(&display_path(p, cwd))
                );
            }
            out.extend(inputs_in(p, files, cwd));
        } else {
            if !load::has_extension(p, FILE_EXTENSIONS) {
                return Err(Error::new(
                    "not a notice: `check` reads Markdown (.md, .markdown) and plain text (.txt)",
                )
                .in_file(display_path(p, cwd))
                .with_note("help: turn an HTML page into Markdown with `informed import FILE`"));
            }
            let rel = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push(Input {
                path: p.clone(),
                display: display_path(p, cwd),
                rel_path: rel,
            });
        }
    }
    let mut seen = BTreeSet::new();
    out.retain(|i| seen.insert(std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    Ok(out)
}

fn inputs_in(dir: &Path, files: Vec<PathBuf>, cwd: &Path) -> Vec<Input> {
    files
        .into_iter()
        .map(|f| Input {
            display: display_path(&f, cwd),
            rel_path: load::relative(&f, dir),
            path: f,
        })
        .collect()
}

/// How a path appears in reports: relative to `cwd` when it is inside it, with `/` separators
/// and without `./` segments.
pub(crate) fn display_path(path: &Path, cwd: &Path) -> String {
    let canonical;
    let path = match path.strip_prefix(cwd) {
        Ok(rel) if path.is_absolute() => rel,
        _ if path.is_absolute() => {
            // The same folder reached through a symbolic link (e.g. /tmp on macOS).
            canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
            match canonical.strip_prefix(&cwd) {
                Ok(rel) => rel,
                Err(_) => path,
            }
        }
        _ => path,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => absolute = true,
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative_with_forward_slashes() {
        let cwd = Path::new("/home/ed/site");
        assert_eq!(
            display_path(Path::new("/home/ed/site/content/a.md"), cwd),
            "content/a.md"
        );
        assert_eq!(
            display_path(Path::new("./content/a.md"), cwd),
            "content/a.md"
        );
        assert_eq!(
            display_path(Path::new("content/./sub/a.md"), cwd),
            "content/sub/a.md"
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/a.md"), cwd),
            "/elsewhere/a.md"
        );
        assert_eq!(display_path(Path::new("../x/a.md"), cwd), "../x/a.md");
    }
}
