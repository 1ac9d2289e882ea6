//! Authoring: `informed init` (a new site), `informed new` (a blank notice with every section the
//! law requires) and `informed import` (a plain-text or HTML notice → Markdown with front matter).

pub mod import;
mod init;
pub mod markdown;
mod new;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use import::{Imported, import_file, import_html, import_text};
pub use init::init;
pub use new::{notice_template, slug_and_title};

/// `informed new NAME [--indirect]`.
pub fn new_notice(root: &Path, name: &str, indirect: bool) -> Result<i32> {
    new::run(root, name, indirect)
}

/// `informed import FILE [-o OUT]`.
pub fn import(root: &Path, file: &Path, out: Option<&Path>) -> Result<i32> {
    import::run(root, file, out)
}

/// Files to create, checked all together first so a refusal writes nothing.
pub(crate) struct NewFiles {
    files: Vec<(PathBuf, String)>,
}

impl NewFiles {
    pub fn new() -> Self {
        NewFiles { files: Vec::new() }
    }

    pub fn add(&mut self, path: PathBuf, text: String) {
        self.files.push((path, text));
    }

    /// Write every file; without `force`, refuse (writing nothing) when any already exists.
    pub fn write(&self, force: bool) -> Result<Vec<PathBuf>> {
        if !force {
            let existing: Vec<&PathBuf> = self
                .files
                .iter()
                .map(|(p, _)| p)
                .filter(|p| p.exists())
                .collect();
            if let Some(first) = existing.first() {
                let mut err = Error::new("already exists; not overwriting it").in_file(first);
                for other in &existing[1..] {
                    err = err.with_note(format!("{} also exists", other.display()));
                }
                return Err(err);
            }
        }
        let mut written = Vec::new();
        for (path, text) in &self.files {
            if let Some(parent) = path.parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
            }
            std::fs::write(path, text).map_err(|e| Error::io(path, &e))?;
            written.push(path.clone());
        }
        Ok(written)
    }
}
