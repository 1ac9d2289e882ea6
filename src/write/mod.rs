//! Write: put the built site in place atomically, and only where informed may write.
//!
//! Files go to a temporary folder beside the output folder; only when every file is written is
//! the old output swapped out and the new one renamed into place. A failed or interrupted build
//! leaves the previous site as it was. Files that did not change since the published build are
//! hard links to the published ones (see [`Staging::put`]); the old site is removed in
//! parallel after the swap.
//!
//! Before anything is written, [`Output::claim`] decides whether the output folder is informed's
//! to replace (see `docs/decisions.md`, "Whose output folder"):
//! - it is absent or empty, or holds a [`MARKER`] file written by an earlier build (the marker
//!   lists the top-level entries that build wrote; anything else in the folder, such as `.git`
//!   or `CNAME`, is the user's and is kept);
//! - or it is a site an older informed built (no marker, only what informed writes);
//! - anything else is refused unless `--force`, which says what will be lost;
//! - it may never be, hold or lie inside the site's sources;
//! - a symbolic link is resolved: the build replaces the folder it points to, never the link.
//!
//! A lock on the output's parent folder makes concurrent builds into one place take turns.

use std::collections::{BTreeSet, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};

mod claims;
mod output;

pub(crate) use claims::*;
pub(crate) use output::*;
pub use output::{Claim, Output, real_path};

/// A folder being filled with a new build.
pub(crate) struct Staging {
    pub dir: PathBuf,
    out: PathBuf,
    /// Folders inside `dir` already made, so each is created once (a page's three files share
    /// one, and a section's pages share its parent).
    made: Mutex<HashSet<PathBuf>>,
    /// The published site being replaced, whose unchanged files are linked, not written again.
    previous: Option<PathBuf>,
    /// The top-level entries this build wrote, listed in the marker.
    top: Mutex<BTreeSet<String>>,
    /// The claim on the output folder (its lock, what to keep); `None` only in unit tests.
    output: Option<Output>,
}

impl Staging {
    /// Stage a build for an output folder claimed with [`Output::claim`].
    pub(crate) fn new(output: Output) -> Result<Staging> {
        let out = output.real.clone();
        Staging::at(&out, Some(output))
    }

    fn at(out: &Path, output: Option<Output>) -> Result<Staging> {
        let parent = parent_of(out);
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, &e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        recover(out, &parent, &name);
        let dir = parent.join(format!(".{name}.informed-tmp-{}", std::process::id()));
        if dir.exists() {
            remove_tree(&dir).map_err(|e| Error::io(&dir, &e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        Ok(Staging {
            made: Mutex::new(HashSet::from([dir.clone()])),
            dir,
            out: out.to_path_buf(),
            previous: out.is_dir().then(|| out.to_path_buf()),
            top: Mutex::new(BTreeSet::new()),
            output,
        })
    }

    /// Write one file; `rel` must stay inside the output folder.
    ///
    /// A file whose bytes are those of the same file in the published site becomes a second
    /// link to it: no new inode, no data written, and removing the old site afterwards frees
    /// nothing. Files are never written through: a path that already exists here (perhaps such
    /// a link) is replaced by a new file, so the published site cannot change before the swap.
    pub(crate) fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let rel = safe_relative(rel)?;
        if rel == Path::new(MARKER) {
            return Err(Error::new(format!(
                "refusing to write `{MARKER}`: informed keeps that name for its own marker file"
            )));
        }
        self.note_top(&rel);
        let path = self.dir.join(&rel);
        if let Some(p) = path.parent() {
            self.make_folder(p)?;
        }
        if let Some(previous) = &self.previous {
            let old = previous.join(&rel);
            if unchanged(&old, bytes) && std::fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        write_new(&path, bytes).map_err(|e| Error::io(&path, &e))
    }

    /// Carry the published file at `rel` into this build as it is (a hard link): the result
    /// cache vouches that it is the file this build would write (see `crate::cache`).
    pub(crate) fn keep(&self, rel: &str) -> Result<()> {
        let rel = safe_relative(rel)?;
        let Some(previous) = &self.previous else {
            return Err(Error::new(format!(
                "no published `{}` to keep",
                rel.display()
            )));
        };
        self.note_top(&rel);
        let path = self.dir.join(&rel);
        if let Some(p) = path.parent() {
            self.make_folder(p)?;
        }
        std::fs::hard_link(previous.join(&rel), &path).map_err(|e| Error::io(&path, &e))
    }

    /// Note the top-level entry of `rel` for the marker.
    fn note_top(&self, rel: &Path) {
        if let Some(Component::Normal(first)) = rel.components().next()
            && let Ok(mut top) = self.top.lock()
            && !top.contains(first.to_string_lossy().as_ref())
        {
            top.insert(first.to_string_lossy().into_owned());
        }
    }

    /// Create `folder` (and its parents) unless this build already has.
    fn make_folder(&self, folder: &Path) -> Result<()> {
        let known = |made: &Mutex<HashSet<PathBuf>>| {
            made.lock().map(|m| m.contains(folder)).unwrap_or(false)
        };
        if known(&self.made) {
            return Ok(());
        }
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, &e))?;
        if let Ok(mut made) = self.made.lock() {
            made.extend(
                folder
                    .ancestors()
                    .take_while(|a| a.starts_with(&self.dir))
                    .map(Path::to_path_buf),
            );
        }
        Ok(())
    }

    /// Swap the staged build into place: write the marker, carry over the entries of the old
    /// folder that informed did not write, then swap.
    pub(crate) fn commit(self) -> Result<()> {
        self.write_marker()?;
        self.carry_over()?;
        let parent = parent_of(&self.out);
        let name = self
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        // One atomic exchange where the OS has it: the output folder is never missing, even
        // for an instant, so a build killed at any moment leaves a complete site. The old
        // site is then in the staging folder, which `Drop` (or the next build's `recover`)
        // removes.
        if self.out.is_dir() && exchange(&self.dir, &self.out) {
            return Ok(());
        }
        let old = parent.join(format!(".{name}.informed-old-{}", std::process::id()));
        let had_old = self.out.exists();
        if had_old {
            if old.exists() {
                let _ = remove_tree(&old);
            }
            std::fs::rename(&self.out, &old).map_err(|e| Error::io(&self.out, &e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(Error::io(&self.out, &e));
        }
        if had_old {
            let _ = remove_tree(&old);
        }
        // The staging folder is now the output: skip `Drop` (which would remove it), but release
        // the claim, whose lock must not outlive the build (a second build in this process
        // would wait for it forever).
        let mut this = self;
        let claim = this.output.take();
        std::mem::forget(this);
        drop(claim);
        Ok(())
    }
}

impl Staging {
    fn write_marker(&self) -> Result<()> {
        let mut text = String::from(MARKER_HEADER);
        text.push('\n');
        for name in self
            .top
            .lock()
            .map_err(|_| Error::new("staging poisoned"))?
            .iter()
        {
            if !name.contains(['\n', '\r']) {
                text.push_str(name);
                text.push('\n');
            }
        }
        let path = self.dir.join(MARKER);
        write_new(&path, text.as_bytes()).map_err(|e| Error::io(&path, &e))
    }

    /// Put the user's own entries of the old folder (`.git`, `CNAME`, …) into the staged one as
    /// hard links, so they survive the swap; the originals stay where they are until then, so
    /// a build killed at any moment loses none of them.
    fn carry_over(&self) -> Result<()> {
        let Some(output) = &self.output else {
            return Ok(());
        };
        let top = self
            .top
            .lock()
            .map_err(|_| Error::new("staging poisoned"))?;
        for name in &output.keep {
            let from = self.out.join(name);
            if top.contains(name.to_string_lossy().as_ref()) {
                if output.force {
                    eprintln!(
                        "warning: --force: replacing `{}`, which informed did not write",
                        crate::report::github::neutralise(&from.display().to_string())
                    );
                    continue;
                }
                return Err(Error::new(format!(
                    "refusing to replace `{}`: informed did not write it, and this build writes an entry of the same name",
                    from.display()
                ))
                .with_note("help: move or rename it, or pass `--force` to replace it"));
            }
            link_tree(&from, &self.dir.join(name))?;
        }
        Ok(())
    }
}

/// Recreate `from` at `to`: folders as folders, files as hard links (copies where a link is
/// not possible), symbolic links as the same links (never followed).
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    let meta = std::fs::symlink_metadata(from).map_err(|e| Error::io(from, &e))?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        let target = std::fs::read_link(from).map_err(|e| Error::io(from, &e))?;
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, to).map_err(|e| Error::io(to, &e))?;
        #[cfg(not(unix))]
        return Err(Error::new("cannot keep a symbolic link in the output folder").in_file(from));
    } else if kind.is_dir() {
        std::fs::create_dir(to).map_err(|e| Error::io(to, &e))?;
        for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, &e))? {
            let entry = entry.map_err(|e| Error::io(from, &e))?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        let _ = std::fs::set_permissions(to, meta.permissions());
    } else if kind.is_file() {
        if std::fs::hard_link(from, to).is_err() {
            std::fs::copy(from, to).map_err(|e| Error::io(to, &e))?;
        }
    } else {
        return Err(Error::new(
            "cannot keep this special file (not a file, folder or link) across the build; move it out of the output folder",
        )
        .in_file(from));
    }
    Ok(())
}

/// Atomically swap two folders (Linux `renameat2(RENAME_EXCHANGE)`). False when the OS or file
/// system cannot, and the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

impl Drop for Staging {
    /// An abandoned build removes its temporary folder and leaves the output alone.
    fn drop(&mut self) {
        let _ = remove_tree(&self.dir);
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Clean up after a build that was killed: restore an output folder that was moved aside and
/// never replaced, and remove stale temporary folders.
fn recover(out: &Path, parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp_prefix = format!(".{name}.informed-tmp-");
    let old_prefix = format!(".{name}.informed-old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&old_prefix) && !out.exists() {
            let _ = std::fs::rename(entry.path(), out);
        } else if file_name.starts_with(&tmp_prefix) || file_name.starts_with(&old_prefix) {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Whether `old` is a file of its own (one link, not a symbolic link) holding exactly `bytes`.
fn unchanged(old: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    #[cfg(unix)]
    if std::os::unix::fs::MetadataExt::nlink(&meta) != 1 {
        return false;
    }
    std::fs::read(old).is_ok_and(|b| b == bytes)
}

/// Write `bytes` to a new file at `path`, replacing (not overwriting) whatever is there.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            create()?
        }
        other => other?,
    };
    std::io::Write::write_all(&mut file, bytes)
}

/// Remove a folder and everything in it, its top-level entries in parallel: after a build this
/// is the previous site, one folder per page or section, and removing tens of thousands of
/// files on one thread stretched the build. Each entry goes through `remove_dir_all`, which
/// never follows a symbolic link (a link is removed, not its target), even one swapped in while
/// it runs. A folder that is already gone is not an error.
pub(crate) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries.collect::<std::io::Result<Vec<_>>>()?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        // Not a folder (or not readable): let `remove_dir_all` decide.
        Err(_) => return std::fs::remove_dir_all(dir),
    };
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        let removed = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
        match removed {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    })?;
    // Anything that appeared meanwhile, and the folder itself.
    std::fs::remove_dir_all(dir)
}

/// A relative path with no `..`, root or prefix components.
pub fn safe_relative(rel: &str) -> Result<PathBuf> {
    let path = Path::new(rel);
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => {
                return Err(Error::new(format!(
                    "refusing to write `{rel}`: it is outside the output folder"
                )));
            }
        }
    }
    if out.as_os_str().is_empty() || rel.contains('\\') {
        return Err(Error::new(format!(
            "refusing to write `{rel}`: not a file path inside the output folder"
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
