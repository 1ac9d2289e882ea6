//! Write: put the built site in place atomically.
//!
//! Files go to a temporary folder beside the output folder; only when every file is written is
//! the old output swapped out and the new one renamed into place. A failed or interrupted build
//! leaves the previous site as it was.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// A folder being filled with a new build.
pub struct Staging {
    pub dir: PathBuf,
    out: PathBuf,
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
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
        })
    }

    /// Write one file; `rel` must stay inside the output folder.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(safe_relative(rel)?);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io(p, &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, &e))
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
                let _ = std::fs::remove_dir_all(&old);
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
            let _ = std::fs::remove_dir_all(&old);
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
        let _ = std::fs::remove_dir_all(&self.dir);
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
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
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
