//! Write: put the built site in place atomically.
//!
//! Files go to a temporary folder beside the output folder; only when every file is written is
//! the old output swapped out and the new one renamed into place. A failed or interrupted build
//! leaves the previous site as it was. Files that did not change since the published build are
//! hard links to the published ones (see [`Staging::put`]); the old site is removed in
//! parallel after the swap.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// A folder being filled with a new build.
pub struct Staging {
    pub dir: PathBuf,
    out: PathBuf,
    /// Folders inside `dir` already made, so each is created once (a page's three files share
    /// one, and a section's pages share its parent).
    made: Mutex<HashSet<PathBuf>>,
    /// The published site being replaced, whose unchanged files are linked, not written again.
    previous: Option<PathBuf>,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging> {
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
        })
    }

    /// Write one file; `rel` must stay inside the output folder.
    ///
    /// A file whose bytes are those of the same file in the published site becomes a second
    /// link to it: no new inode, no data written, and removing the old site afterwards frees
    /// nothing. Files are never written through: a path that already exists here (perhaps such
    /// a link) is replaced by a new file, so the published site cannot change before the swap.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let rel = safe_relative(rel)?;
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

    /// Swap the staged build into place.
    pub fn commit(self) -> Result<()> {
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
        std::mem::forget(self);
        Ok(())
    }
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
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
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
mod tests {
    use super::*;

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::symlink_metadata(path).unwrap())
    }

    /// A published site `site/` with `files`, in a temp folder.
    fn published(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        for (rel, text) in files {
            let p = out.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        (dir, out)
    }

    #[test]
    fn files_land_in_nested_folders_made_once() {
        let (_dir, out) = published(&[]);
        let staging = Staging::new(&out).unwrap();
        staging.put("a/b/index.html", b"1").unwrap();
        staging.put("a/b/notice.json", b"2").unwrap();
        staging.put("a/c.html", b"3").unwrap();
        staging.put("top.html", b"4").unwrap();
        let made = staging.made.lock().unwrap().clone();
        assert!(made.contains(&staging.dir.join("a/b")) && made.contains(&staging.dir.join("a")));
        staging.commit().unwrap();
        assert_eq!(read(&out.join("a/b/index.html")), "1");
        assert_eq!(read(&out.join("a/b/notice.json")), "2");
        assert_eq!(read(&out.join("a/c.html")), "3");
        assert_eq!(read(&out.join("top.html")), "4");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_and_changed_ones_written() {
        let (_dir, out) = published(&[("a/index.html", "same"), ("b/index.html", "old")]);
        let before = inode(&out.join("a/index.html"));
        let staging = Staging::new(&out).unwrap();
        staging.put("a/index.html", b"same").unwrap();
        staging.put("b/index.html", b"new!").unwrap();
        staging.put("c/index.html", b"added").unwrap();
        assert_eq!(inode(&staging.dir.join("a/index.html")), before);
        assert_ne!(
            inode(&staging.dir.join("b/index.html")),
            inode(&out.join("b/index.html"))
        );
        staging.commit().unwrap();
        assert_eq!(read(&out.join("a/index.html")), "same");
        assert_eq!(read(&out.join("b/index.html")), "new!");
        assert_eq!(read(&out.join("c/index.html")), "added");
        let meta = std::fs::metadata(out.join("a/index.html")).unwrap();
        assert_eq!(
            std::os::unix::fs::MetadataExt::nlink(&meta),
            1,
            "the old site's link is gone"
        );
    }

    #[test]
    fn writing_a_path_twice_never_changes_the_published_site() {
        let (_dir, out) = published(&[("a/index.html", "published")]);
        let staging = Staging::new(&out).unwrap();
        // The first write may link to the published file; the second must not write through.
        staging.put("a/index.html", b"published").unwrap();
        staging.put("a/index.html", b"something else").unwrap();
        assert_eq!(read(&out.join("a/index.html")), "published");
        assert_eq!(read(&staging.dir.join("a/index.html")), "something else");
        drop(staging); // an abandoned build
        assert_eq!(read(&out.join("a/index.html")), "published");
    }

    #[cfg(unix)]
    #[test]
    fn files_with_other_links_and_symbolic_links_are_written_fresh() {
        let (dir, out) = published(&[("a/index.html", "same")]);
        let elsewhere = dir.path().join("elsewhere.html");
        std::fs::write(&elsewhere, "same").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked.html")).unwrap();
        std::fs::hard_link(
            out.join("a/index.html"),
            dir.path().join("second-name.html"),
        )
        .unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.put("linked.html", b"same").unwrap();
        staging.put("a/index.html", b"same").unwrap();
        let written = staging.dir.join("linked.html");
        assert!(std::fs::symlink_metadata(&written).unwrap().is_file());
        assert_ne!(inode(&written), inode(&elsewhere));
        assert_ne!(
            inode(&staging.dir.join("a/index.html")),
            inode(&out.join("a/index.html"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn removing_a_tree_does_not_follow_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("deep")).unwrap();
        std::fs::write(outside.join("deep/keep.txt"), "keep").unwrap();
        let tree = dir.path().join("tree");
        for i in 0..20 {
            let page = tree.join(format!("section-{i}/page"));
            std::fs::create_dir_all(&page).unwrap();
            std::fs::write(page.join("index.html"), "x").unwrap();
        }
        std::fs::write(tree.join("top.txt"), "x").unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("link-to-outside")).unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("section-3/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(read(&outside.join("deep/keep.txt")), "keep");
        remove_tree(&tree).unwrap(); // already gone: fine
    }
}
