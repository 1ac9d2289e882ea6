//! The output folder: whose it is (informed's marker, or a site an older informed built), that
//! it lies outside the site's sources, where a symbolic link to it leads, and the lock that
//! makes two builds into one place take turns.

use super::*;

/// The file informed writes into every output folder it builds: its first line says what the
/// folder is, and each further line names one top-level entry the build wrote.
pub(crate) const MARKER: &str = ".informed-site";

pub(super) const MARKER_HEADER: &str = "# Written by `informed build`. The entries listed below are replaced by every build; \
anything else in this folder is kept.";

/// An output folder that informed may write, claimed (and locked) for one build.
pub struct Output {
    /// The folder the build replaces: the output path with any symbolic link resolved.
    pub real: PathBuf,
    /// Top-level entries of the current folder that informed did not write: kept.
    pub(super) keep: Vec<OsString>,
    /// Replace what is in the way (`--force`).
    pub(super) force: bool,
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
            let warning = format!(
                "warning: --force: replacing `{}`, which informed did not write; this is lost:\n{listing}",
                out.display()
            );
            eprintln!("{}", crate::report::github::neutralise(&warning));
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
                    // Back on a folder that exists ("dangling-link/.."): resolve it again, or
                    // a link met after it ("into-content") would be taken at its word.
                    if let Ok(p) = std::fs::canonicalize(&out) {
                        out = p;
                        exists = true;
                    }
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
                crate::report::github::neutralise(&parent.display().to_string())
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
/// top, and nothing but pages, their JSON, the site's own files (robots.txt, `_headers`: see
/// [`crate::render::SITE_FILES`]) and the theme's files anywhere, with no
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
                || crate::render::is_site_file(&rel)
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
