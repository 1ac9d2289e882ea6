//! The result cache for `build`: per notice, its entry in the site (target, listing summary,
//! finding counts) and a stamp of each file it published; for the site, a stamp of each
//! shared file, all in one [`Pack`] file. A notice whose entry matches and whose published files are still exactly the
//! ones this build recorded (same inode, size and modification time, one link) is neither
//! linted nor rendered: its files are linked into the new build. When every notice and every
//! shared file matches, the build writes nothing at all.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::pack::Pack;
use super::{Cache, Key, KeyHasher};
use crate::lint::{FileReport, Summary};
use crate::render::{PageSummary, Target};
use crate::site::{Entry, Site};

/// What identifies a published file as the one a build wrote.
#[derive(Serialize, Deserialize, PartialEq, Eq, Debug, Clone)]
pub(super) struct Stamp {
    size: u64,
    mtime_ns: i128,
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The stamp of a regular file with one link (never a symbolic link).
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if meta.nlink() != 1 {
                return None;
            }
            Some(Stamp {
                size: meta.len(),
                mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
                ino: meta.ino(),
                dev: meta.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let mtime_ns = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_nanos() as i128;
            Some(Stamp {
                size: meta.len(),
                mtime_ns,
                ino: 0,
                dev: 0,
            })
        }
    }
}

/// One notice's entry.
#[derive(Serialize, Deserialize)]
struct Notice {
    target: Target,
    summary: PageSummary,
    counts: [usize; 3],
    files: Vec<(String, Stamp)>,
}

/// The site's shared files (index, 404, sitemap, robots, theme files, marker).
#[derive(Serialize, Deserialize)]
struct Shared {
    files: Vec<(String, Stamp)>,
}

/// A notice built (not taken from the cache) by this build: recorded once the build is
/// published.
pub(super) struct Built {
    name: String,
    key: Key,
    entry: Notice,
    files: Vec<String>,
}

/// The build cache of one build into `out`. Its entries are one [`Pack`], read when the build
/// opens it and written once, after the build is published.
pub(crate) struct BuildCache {
    cache: Cache,
    out: PathBuf,
    pack: Pack,
    built: Mutex<Vec<Built>>,
    /// Every notice's key as this build read it, so the site's key is made without reading
    /// the notices again.
    keys: Mutex<HashMap<PathBuf, Key>>,
}

const SHARED: &str = "site";

/// The pack's file name in the cache's folder.
const PACK: &str = "pack";

impl BuildCache {
    pub(crate) fn open(site: &Site, out: &Path) -> BuildCache {
        let mut theme = KeyHasher::default();
        super::hash_tree(
            &mut theme,
            &site.root.join("themes").join(&site.config.theme),
        );
        let theme = theme.key().0.to_le_bytes();
        let out_path = out.to_string_lossy();
        let extra: [&[u8]; 2] = [&theme, out_path.as_bytes()];
        let cache = Cache::open(&site.root, "build", &site.config, site.today, &extra);
        BuildCache {
            pack: Pack::read(&cache.dir.join(PACK)),
            cache,
            out: out.to_path_buf(),
            built: Mutex::new(Vec::new()),
            keys: Mutex::new(HashMap::new()),
        }
    }

    fn identity(site: &Site, path: &Path) -> String {
        Cache::name_of(&[&site.display_path(path)])
    }

    /// The key of the notice at `path` whose bytes are `bytes`: its bytes and the run's
    /// inputs (see [`Cache::key_of`]), and what its pages take from git (its changes, and
    /// whether the site has a feed).
    pub(crate) fn key_of_bytes(&self, site: &Site, path: &Path, bytes: &[u8]) -> Key {
        let display = site.display_path(path);
        let history = site.pipeline().history_stamp(path);
        let key = self.cache.key_of_bytes(bytes, &[&display, &history]);
        if let Ok(mut keys) = self.keys.lock() {
            keys.insert(path.to_path_buf(), key);
        }
        key
    }

    /// [`BuildCache::key_of_bytes`], reading the notice (`None` when it cannot be read).
    fn key_of(&self, site: &Site, path: &Path) -> Option<Key> {
        if let Some(key) = self.keys.lock().ok().and_then(|k| k.get(path).copied()) {
            return Some(key);
        }
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > self.cache.max_bytes {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        Some(self.key_of_bytes(site, path, &bytes))
    }

    /// The notice at `path` whose key is `key`, when its entry is valid and its published
    /// files are intact: the entry, and the files (output path, published path) to carry into
    /// the new build.
    pub(crate) fn reuse(&self, site: &Site, path: &Path, key: Key) -> Option<Reused> {
        let name = Self::identity(site, path);
        let n: Notice = serde_json::from_slice(self.pack.get(&name, key)?).ok()?;
        for (rel, stamp) in &n.files {
            if Stamp::of(&self.out.join(rel)).as_ref() != Some(stamp) {
                return None;
            }
        }
        let files = n.files.iter().map(|(f, _)| f.clone()).collect();
        let counts = n.counts;
        Some(Reused {
            entry: entry_of(path, &site.display_path(path), n),
            counts,
            files,
        })
    }

    /// Remember a notice this build rendered from bytes whose key is `key`, with the files it
    /// wrote.
    pub(crate) fn built(
        &self,
        site: &Site,
        e: &Entry,
        counts: [usize; 3],
        files: Vec<String>,
        key: Key,
    ) {
        let entry = Notice {
            target: e.target.clone(),
            summary: e.summary.clone(),
            counts,
            files: Vec::new(),
        };
        if let Ok(mut built) = self.built.lock() {
            built.push(Built {
                name: Self::identity(site, &e.path),
                key,
                entry,
                files,
            });
        }
    }

    /// The key of the whole site: every notice's key, in order.
    fn site_key(&self, site: &Site, paths: &[PathBuf]) -> Option<Key> {
        // A notice not read yet is read for its key: on all threads, then hashed in order.
        let keys: Vec<Key> = paths
            .par_iter()
            .map(|p| self.key_of(site, p))
            .collect::<Option<_>>()?;
        let mut h = KeyHasher::default();
        h.field(&self.cache.run.0.to_le_bytes());
        for key in keys {
            h.field(&key.0.to_le_bytes());
        }
        Some(h.key())
    }

    /// When nothing changed since the published build (every notice's entry and file, and
    /// every shared file, are as it recorded them): the entries and summary, without writing.
    pub(crate) fn unchanged(
        &self,
        site: &Site,
        paths: &[PathBuf],
    ) -> Option<(Vec<Entry>, Summary)> {
        // No site entry (a clean build): nothing to compare, and no notice read for it.
        self.pack.raw(SHARED)?;
        let shared: Shared =
            serde_json::from_slice(self.pack.get(SHARED, self.site_key(site, paths)?)?).ok()?;
        for (rel, stamp) in &shared.files {
            if Stamp::of(&self.out.join(rel)).as_ref() != Some(stamp) {
                return None;
            }
        }
        let mut summary = Summary::default();
        let mut entries = Vec::with_capacity(paths.len());
        for p in paths {
            let reused = self.reuse(site, p, self.key_of(site, p)?)?;
            summary.add(reused.counts);
            entries.push(reused.entry);
        }
        Some((entries, summary))
    }

    /// After the build is published: record what it wrote in a new pack (the entries of
    /// notices that are gone are left out), written once.
    pub(crate) fn record(&self, site: &Site, paths: &[PathBuf], shared_files: &[String]) {
        if !self.cache.writable.load(Ordering::Relaxed) {
            return;
        }
        let built = std::mem::take(&mut *self.built.lock().unwrap_or_else(|e| e.into_inner()));
        let stamp_all = |files: &[String]| -> Option<Vec<(String, Stamp)>> {
            files
                .iter()
                .map(|f| Stamp::of(&self.out.join(f)).map(|s| (f.clone(), s)))
                .collect()
        };
        // The published files' stamps, on all threads.
        let built: Vec<(String, Key, Option<Vec<u8>>)> = built
            .into_par_iter()
            .map(|mut b| {
                let payload = stamp_all(&b.files).and_then(|stamps| {
                    b.entry.files = stamps;
                    serde_json::to_vec(&b.entry).ok()
                });
                (b.name, b.key, payload)
            })
            .collect();
        // Entries of notices this build did not render (taken from the cache, or kept out of
        // it) are carried over as they are.
        let mut pack = Pack::default();
        for p in paths {
            let name = Self::identity(site, p);
            if let Some(raw) = self.pack.raw(&name) {
                pack.put_raw(&name, raw);
            }
        }
        for (name, key, payload) in built {
            match payload {
                Some(payload) => pack.put(&name, key, &payload),
                None => pack.remove(&name),
            }
        }
        if let (Some(files), Some(key)) = (stamp_all(shared_files), self.site_key(site, paths))
            && let Ok(payload) = serde_json::to_vec(&Shared { files })
        {
            pack.put(SHARED, key, &payload);
        }
        if self.cache.write_with(PACK, |w| pack.write_to(w)).is_err() {
            self.cache.writable.store(false, Ordering::Relaxed);
            return;
        }
        // Entry files of the layout before packs, and temporary files of killed runs.
        self.cache.evict(&HashSet::from([PACK.to_string()]));
    }
}

/// A notice taken from the cache: its entry (findings counted, not kept, as `build` keeps
/// them), the counts, and its files in the published site.
pub(crate) struct Reused {
    pub entry: Entry,
    pub counts: [usize; 3],
    pub files: Vec<String>,
}

fn entry_of(path: &Path, display: &str, n: Notice) -> Entry {
    Entry {
        path: path.to_path_buf(),
        target: n.target,
        summary: n.summary,
        report: FileReport {
            path: display.to_string(),
            elements: Default::default(),
            facts: Default::default(),
            diagnostics: Vec::new(),
        },
    }
}
