//! Authoring: `informed init` (a new site), `informed new` (a blank notice with every section the
//! law requires) and `informed import` (a plain-text or HTML notice → Markdown with front matter).

pub mod import;
mod init;
pub(crate) mod markdown;
mod new;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use init::{Publish, init};

/// `informed new NAME [--indirect]`.
pub(crate) fn new_notice(root: &Path, name: &str, indirect: bool) -> Result<i32> {
    new::run(root, name, indirect)
}

/// `informed import FILE [-o OUT]`.
pub(crate) fn import(root: &Path, file: &Path, out: Option<&Path>) -> Result<i32> {
    import::run(root, file, out)
}

/// Files to create, checked all together first so a refusal writes nothing.
///
/// Nothing is ever written through a symbolic link: a link (dangling or not) where a file is to
/// go is refused, even with `force`, and so is a folder that resolves outside `root` (the site).
/// Files are written to a new file beside the target and renamed over it, so even a link made
/// after the check is replaced, not written through.
pub(crate) struct NewFiles {
    root: PathBuf,
    files: Vec<(PathBuf, String)>,
}

impl NewFiles {
    /// Files for the site in `root`.
    pub(crate) fn new(root: &Path) -> Self {
        NewFiles {
            root: root.to_path_buf(),
            files: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, path: PathBuf, text: String) {
        self.files.push((path, text));
    }

    /// Write every file; without `force`, refuse (writing nothing) when any already exists.
    /// Returns each file written and whether it replaced an existing one.
    pub(crate) fn write(&self, force: bool) -> Result<Vec<(PathBuf, bool)>> {
        let mut existing = Vec::new();
        for (path, _) in &self.files {
            check_no_link(&self.root, path)?;
            if std::fs::symlink_metadata(path).is_ok() {
                existing.push(path);
            }
        }
        if !force && let Some(first) = existing.first() {
            let mut err = Error::new("already exists; not overwriting it").in_file(first);
            for other in &existing[1..] {
                err = err.with_note(format!("{} also exists", other.display()));
            }
            return Err(err);
        }
        let mut written = Vec::new();
        for (path, text) in &self.files {
            if let Some(parent) = path.parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
            }
            write_replacing(path, text.as_bytes())?;
            written.push((path.clone(), existing.contains(&path)));
        }
        Ok(written)
    }
}

/// Refuse to write `path` when it is a symbolic link or not a regular file, or when the folder
/// it goes in resolves outside `root`.
pub(crate) fn check_no_link(root: &Path, path: &Path) -> Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            let to = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            return Err(Error::new(format!(
                "is a symbolic link (to `{to}`); informed never writes through a link"
            ))
            .in_file(path)
            .with_note("help: remove the link, or choose another name"));
        }
        if !meta.is_file() {
            return Err(
                Error::new("exists and is not a regular file; not replacing it").in_file(path),
            );
        }
    }
    // The folder it goes in, links resolved as far as it exists, must be inside the site.
    let root_real = crate::write::real_path(root);
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let real = crate::write::real_path(folder.unwrap_or(Path::new(".")));
    if !real.starts_with(&root_real) {
        return Err(Error::new(format!(
            "would be written to `{}`, outside the site, through a symbolic link",
            real.display()
        ))
        .in_file(path)
        .with_note("help: informed never writes through a link; remove it or make it a folder"));
    }
    Ok(())
}

/// Write `bytes` to a new file beside `path`, then rename it over `path`: whatever is at `path`
/// (a file, or a link made since it was checked) is replaced, never written through.
pub(crate) fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.informed-new-{}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, &e));
    }
    Ok(())
}
