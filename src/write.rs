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

/// The file informed writes into every output folder it builds: its first line says what the
/// folder is, and each further line names one top-level entry the build wrote.
pub const MARKER: &str = ".informed-site";

const MARKER_HEADER: &str = "# Written by `informed build`. The entries listed below are replaced by every build; \
anything else in this folder is kept.";

/// An output folder that informed may write, claimed (and locked) for one build.
pub struct Output {
    /// The folder the build replaces: the output path with any symbolic link resolved.
    pub real: PathBuf,
    /// Top-level entries of the current folder that informed did not write: kept.
    keep: Vec<OsString>,
    /// Replace what is in the way (`--force`).
    force: bool,
    /// Held until the build is over (dropping the file releases the lock).
    _lock: Option<File>,
}

/// What the caller knows about the site, for [`Output::claim`].
pub struct Claim<'a> {
    /// Paths the output folder may not be, contain, or lie inside (content, themes, lints, the
    /// config file).
    pub sources: &'a [PathBuf],
    /// The site's root: the output may lie inside it but may not be it or contain it.
    pub root: &'a Path,
    /// Paths the theme writes (relative), so that a site built by an older informed (without a
    /// marker) is recognised.
    pub theme_files: &'a [&'a str],
    /// `--force`: replace an output folder informed did not write.
    pub force: bool,
}

impl Output {
    /// Check that `out` may be written, lock it against other builds, and note what to keep.
    pub fn claim(out: &Path, claim: &Claim) -> Result<Output> {
        let real = resolve_output(out)?;
        guard_sources(out, &real, claim)?;
        let lock = lock_beside(&real)?;
        let mut output = Output {
            real: real.clone(),
            keep: Vec::new(),
            force: claim.force,
            _lock: lock,
        };
        let meta = match std::fs::symlink_metadata(&real) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(output),
            Err(e) => return Err(Error::io(&real, &e)),
        };
        if !meta.is_dir() {
            return Err(Error::new(format!(
                "refusing to build into `{}`: it is a file, not a folder",
                out.display()
            ))
            .with_note("help: choose another `--out` or `output_dir`"));
        }
        let entries = top_level(&real)?;
        let marker = real.join(MARKER);
        if std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file()) {
            let text = std::fs::read_to_string(&marker).map_err(|e| Error::io(&marker, &e))?;
            let ours: HashSet<&str> = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .collect();
            output.keep = entries
                .into_iter()
                .filter(|n| n != MARKER && !n.to_str().is_some_and(|n| ours.contains(n)))
                .collect();
            return Ok(output);
        }
        if entries.is_empty() || built_by_older_informed(&real, claim.theme_files) {
            return Ok(output);
        }
        let listing = describe(out, &real, &entries);
        if claim.force {
            eprintln!(
                "warning: --force: replacing `{}`, which informed did not write; this is lost:\n{listing}",
                out.display()
            );
            return Ok(output);
        }
        let link = if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
            format!(" (a symbolic link to `{}`)", real.display())
        } else {
            String::new()
        };
        Err(Error::new(format!(
            "refusing to build into `{}`{link}: it holds files informed did not write, which the build would delete:\n{listing}",
            out.display()
        ))
        .with_note(format!(
            "help: build into an empty or new folder (`--out`), or pass `--force` to replace it and lose these files, \
or create an empty `{}` file in it to let informed write there and keep them",
            real.join(MARKER).display()
        )))
    }
}

/// The output path with a symbolic link (at the output itself or above it) resolved, so the
/// build replaces the folder the link points to and never the link. A link to nowhere is an
/// error: informed does not create folders at a link's target.
fn resolve_output(out: &Path) -> Result<PathBuf> {
    let is_link = std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        return std::fs::canonicalize(out).map_err(|e| {
            let to = std::fs::read_link(out)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            Error::new(format!(
                "the output folder `{}` is a symbolic link to `{to}`, which cannot be used: {e}",
                out.display()
            ))
            .with_note("help: create the folder it points to, or remove the link")
        });
    }
    Ok(real_path(out))
}

/// `path` made absolute with symbolic links resolved as far as it exists, one component at a
/// time, so that `..` after a link goes to the link target's parent, as the file system does
/// (`into-content/site/..` is inside `content/`). Past the first missing component the rest is
/// applied by name, since nothing there can be a link.
pub fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    let mut exists = true;
    for c in absolute.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => match exists.then(|| std::fs::canonicalize(out.join(".."))) {
                Some(Ok(p)) => out = p,
                _ => {
                    out.pop();
                }
            },
            Component::Normal(name) => {
                let next = out.join(name);
                match exists.then(|| std::fs::canonicalize(&next)) {
                    Some(Ok(p)) => out = p,
                    _ => {
                        exists = false;
                        out = next;
                    }
                }
            }
        }
    }
    out
}

/// Refuse an output folder that is, holds or lies inside the site's sources.
fn guard_sources(out: &Path, real: &Path, claim: &Claim) -> Result<()> {
    let refuse = |what: &str, source: &Path| {
        Err(Error::new(format!(
            "refusing to build into `{}`: it {what} `{}`, part of the site's sources",
            out.display(),
            source.display()
        ))
        .with_note("help: set `output_dir` in informed.toml (or `--out`) to a folder of its own, such as `site`"))
    };
    let root = real_path(claim.root);
    if root.starts_with(real) {
        return refuse(
            if root == real {
                "is the site's folder"
            } else {
                "contains the site's folder"
            },
            claim.root,
        );
    }
    for source in claim.sources {
        let s = real_path(source);
        if s == real {
            return refuse("is", source);
        }
        if s.starts_with(real) {
            return refuse("contains", source);
        }
        if real.starts_with(&s) {
            return refuse("lies inside", source);
        }
    }
    Ok(())
}

/// Lock the folder the output lives in, so that two builds into one place take turns (a second
/// build waits, saying so). Only the holder touches the staging folders beside the output.
fn lock_beside(real: &Path) -> Result<Option<File>> {
    let parent = parent_of(real);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, &e))?;
    // A folder can be opened (read-only) and locked on Unix; elsewhere, a lock file beside it.
    #[cfg(unix)]
    let file = File::open(&parent).map_err(|e| Error::io(&parent, &e))?;
    #[cfg(not(unix))]
    let file = {
        let name = real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = parent.join(format!(".{name}.informed-lock"));
        File::create(&path).map_err(|e| Error::io(&path, &e))?
    };
    match file.try_lock() {
        Ok(()) => return Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another `informed build` writing into `{}` to finish…",
                parent.display()
            );
        }
        // A file system without locks: build unlocked, as before.
        Err(std::fs::TryLockError::Error(_)) => return Ok(None),
    }
    file.lock().map_err(|e| Error::io(&parent, &e))?;
    Ok(Some(file))
}

/// The names in `dir`, sorted.
fn top_level(dir: &Path) -> Result<Vec<OsString>> {
    let mut names = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, &e))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| Error::io(dir, &e))?;
    names.sort();
    Ok(names)
}

/// A site written by informed before it wrote a marker: `index.html` and `sitemap.xml` at the
/// top, and nothing but pages, their JSON, robots.txt and the theme's files anywhere, with no
/// symbolic links, hidden files or other kinds of file.
fn built_by_older_informed(dir: &Path, theme_files: &[&str]) -> bool {
    if !dir.join("index.html").is_file() || !dir.join("sitemap.xml").is_file() {
        return false;
    }
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .all(|e| {
            let Ok(e) = e else { return false };
            let name = e.file_name().to_string_lossy();
            if name.starts_with('.') {
                return false;
            }
            if e.file_type().is_dir() {
                return true;
            }
            if !e.file_type().is_file() {
                return false;
            }
            let rel = e
                .path()
                .strip_prefix(dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"));
            let Ok(rel) = rel else { return false };
            name.ends_with(".html")
                || name.ends_with(".json")
                || name.ends_with(".jsonld")
                || rel == "sitemap.xml"
                || rel == "robots.txt"
                || theme_files.contains(&rel.as_str())
        })
}

/// Up to a dozen entries of `dir`, with a count of the files in each folder.
fn describe(shown: &Path, dir: &Path, names: &[OsString]) -> String {
    let mut lines = Vec::new();
    for name in names.iter().take(12) {
        let path = dir.join(name);
        let kind = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => {
                let n = walkdir::WalkDir::new(&path)
                    .min_depth(1)
                    .into_iter()
                    .flatten()
                    .filter(|e| !e.file_type().is_dir())
                    .count();
                format!("/ (folder, {n} file{})", if n == 1 { "" } else { "s" })
            }
            Ok(m) if m.file_type().is_symlink() => " (symbolic link)".to_string(),
            _ => String::new(),
        };
        lines.push(format!("    {}{kind}", shown.join(name).display()));
    }
    if names.len() > 12 {
        lines.push(format!("    … and {} more", names.len() - 12));
    }
    lines.join("\n")
}

/// A folder being filled with a new build.
pub struct Staging {
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
    pub fn new(output: Output) -> Result<Staging> {
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
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let rel = safe_relative(rel)?;
        if rel == Path::new(MARKER) {
            return Err(Error::new(format!(
                "refusing to write `{MARKER}`: informed keeps that name for its own marker file"
            )));
        }
        if let Some(Component::Normal(first)) = rel.components().next()
            && let Ok(mut top) = self.top.lock()
            && !top.contains(first.to_string_lossy().as_ref())
        {
            top.insert(first.to_string_lossy().into_owned());
        }
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

    /// Swap the staged build into place: write the marker, carry over the entries of the old
    /// folder that informed did not write, then swap.
    pub fn commit(self) -> Result<()> {
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
                        from.display()
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

/// Every output path of a build and what writes it, so that no two things write one path and
/// no file stands where another output needs a folder. Checked as each file is put, before
/// anything reaches the disk, so the error names both sources, never a staging path.
#[derive(Default)]
pub struct Claims {
    map: Mutex<ClaimMap>,
}

#[derive(Default)]
struct ClaimMap {
    /// File path → who writes it.
    files: std::collections::HashMap<String, String>,
    /// Folder path → the first writer of a file under it.
    folders: std::collections::HashMap<String, String>,
}

/// Two sources that want one output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The path in the output folder.
    pub path: String,
    /// Who claimed it first, and who claims it now.
    pub first: String,
    pub second: String,
    /// How they collide: `None` when both write the file; otherwise which of them needs
    /// `path` to be a folder (`first` or `second`).
    pub folder_for_second: Option<bool>,
}

impl Claims {
    /// Claim `rel` (a relative output path) for `source`. Claiming a path again for the same
    /// source is fine.
    pub fn claim(&self, rel: &str, source: &str) -> std::result::Result<(), Collision> {
        let rel = rel.trim_start_matches('/');
        let Ok(mut map) = self.map.lock() else {
            return Ok(());
        };
        let collision = |path: &str, first: &str, folder: Option<bool>| Collision {
            path: path.to_string(),
            first: first.to_string(),
            second: source.to_string(),
            folder_for_second: folder,
        };
        if let Some(first) = map.files.get(rel) {
            return if first == source {
                Ok(())
            } else {
                Err(collision(rel, first, None))
            };
        }
        if let Some(first) = map.folders.get(rel) {
            return Err(collision(rel, first, Some(false)));
        }
        let folders: Vec<&str> = rel
            .match_indices('/')
            .map(|(i, _)| &rel[..i])
            .filter(|f| !f.is_empty())
            .collect();
        for folder in &folders {
            if let Some(first) = map.files.get(*folder) {
                return Err(collision(folder, first, Some(true)));
            }
        }
        for folder in folders {
            if !map.folders.contains_key(folder) {
                map.folders.insert(folder.to_string(), source.to_string());
            }
        }
        map.files.insert(rel.to_string(), source.to_string());
        Ok(())
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
        let staging = Staging::at(&out, None).unwrap();
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
        let staging = Staging::at(&out, None).unwrap();
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
        let staging = Staging::at(&out, None).unwrap();
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
        let staging = Staging::at(&out, None).unwrap();
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

    #[test]
    fn claims_catch_one_path_twice_and_a_file_where_a_folder_goes() {
        let claims = Claims::default();
        claims.claim("assets/informed.css", "theme").unwrap();
        claims.claim("a/index.html", "a.md").unwrap();
        claims.claim("a/notice.json", "a.md").unwrap();
        claims.claim("a/notice.json", "a.md").unwrap();
        let twice = claims.claim("a/notice.json", "b.md").unwrap_err();
        assert_eq!(
            (twice.first.as_str(), twice.folder_for_second),
            ("a.md", None)
        );
        let under_a_file = claims
            .claim("assets/informed.css/index.html", "c.md")
            .unwrap_err();
        assert_eq!(under_a_file.path, "assets/informed.css");
        assert_eq!(under_a_file.folder_for_second, Some(true));
        let over_a_folder = claims.claim("a", "d.md").unwrap_err();
        assert_eq!(
            (
                over_a_folder.first.as_str(),
                over_a_folder.folder_for_second
            ),
            ("a.md", Some(false))
        );
        claims.claim("ab/index.html", "e.md").unwrap();
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
