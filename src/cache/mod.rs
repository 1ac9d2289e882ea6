//! The result cache: what `check` and `build` made of a notice, kept in the site's
//! `.informed-cache/` and reused while nothing it depends on has changed (as ruff does).
//!
//! An entry is found by the notice's identity (its path, as the report names it) and trusted
//! only when its key matches: a 128-bit XXH3 hash of the notice's bytes and of the run's inputs
//! (this binary's version and file, the site's `lints/`, `informed.toml` and the resolved
//! settings, today's date, and for `build` the site's theme and the output folder). Each entry
//! carries its key and a checksum of its payload: a corrupt, truncated or foreign entry is a
//! miss, replaced by the next run. `check` keeps one file per entry; `build` keeps its entries
//! in one file (`pack.rs`). Entries are written to a temporary file and renamed into
//! place, so concurrent runs never leave half an entry; a run over the whole site removes the
//! entries of notices that no longer exist. A cache that cannot be written (a read-only site)
//! is simply not kept.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use xxhash_rust::xxh3::Xxh3Default;

use crate::config::Config;
use crate::date::Date;

mod build;
mod pack;
pub(crate) use build::BuildCache;

/// The cache folder, in the site's folder.
pub(crate) const DIR: &str = ".informed-cache";

/// The first line of every entry; a new layout gets a new number.
const MAGIC: &str = "informed-cache 2";

/// A 128-bit key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Key(pub(crate) u128);

/// A stable hasher for keys (XXH3, 128 bits, no seed: the same on every platform). Keys
/// guard against stale and damaged entries, not against an attacker who can write the cache.
pub(crate) struct KeyHasher(Xxh3Default);

impl Default for KeyHasher {
    fn default() -> KeyHasher {
        KeyHasher(Xxh3Default::new())
    }
}

impl KeyHasher {
    /// Add a field; its length goes first, so fields cannot run into each other.
    pub(crate) fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub(crate) fn key(&self) -> Key {
        Key(self.0.digest128())
    }
}

/// The cache of one kind of result (`check-json`, `build`, …) for one run.
pub(crate) struct Cache {
    dir: PathBuf,
    run: Key,
    writable: AtomicBool,
    max_bytes: u64,
}

impl Cache {
    /// The cache of `kind` in the site at `root`, for a run whose other inputs (beyond the
    /// site's settings, rules and date) are `extra`.
    pub(crate) fn open(
        root: &Path,
        kind: &str,
        config: &Config,
        today: Date,
        extra: &[&[u8]],
    ) -> Cache {
        let mut h = KeyHasher::default();
        h.field(MAGIC.as_bytes())
            .field(crate::cli::VERSION.as_bytes())
            .field(&binary_stamp())
            .field(kind.as_bytes())
            .field(format!("{config:?}").as_bytes())
            .field(&std::fs::read(root.join(crate::config::CONFIG_FILE)).unwrap_or_default())
            .field(today.to_string().as_bytes());
        hash_tree(&mut h, &root.join("lints"));
        for e in extra {
            h.field(e);
        }
        Cache {
            dir: root.join(DIR).join(kind),
            run: h.key(),
            writable: AtomicBool::new(true),
            max_bytes: config.max_notice_bytes,
        }
    }

    /// The key of the notice at `path` known as `identity`, or `None` when it is not a regular
    /// file of at most `max_notice_bytes` that can be read (the pipeline then reports why).
    pub(crate) fn key_of(&self, path: &Path, identity: &[&str]) -> Option<Key> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > self.max_bytes {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        Some(self.key_of_bytes(&bytes, identity))
    }

    /// The key of a notice known as `identity` whose bytes are `bytes` (as [`Cache::key_of`]
    /// makes it from the file).
    pub(crate) fn key_of_bytes(&self, bytes: &[u8], identity: &[&str]) -> Key {
        let mut h = KeyHasher::default();
        h.field(&self.run.0.to_le_bytes()).field(bytes);
        for part in identity {
            h.field(part.as_bytes());
        }
        h.key()
    }

    /// The entry's file name for a notice known as `identity`.
    pub(crate) fn name_of(identity: &[&str]) -> String {
        let mut h = KeyHasher::default();
        for part in identity {
            h.field(part.as_bytes());
        }
        format!("{:032x}", h.key().0)
    }

    /// The payload of entry `name`, when it is intact and made for `key`.
    pub(crate) fn get(&self, name: &str, key: Key) -> Option<Vec<u8>> {
        let mut bytes = std::fs::read(self.dir.join(name)).ok()?;
        let payload = payload_range(&bytes, key)?;
        // The payload moved to the front of the file's own buffer, not copied out of it.
        bytes.truncate(payload.end);
        bytes.drain(..payload.start);
        Some(bytes)
    }

    /// Store `payload` as entry `name` for `key`: written beside it, then renamed into place.
    pub(crate) fn put(&self, name: &str, key: Key, payload: &[u8]) {
        if !self.writable.load(Ordering::Relaxed) {
            return;
        }
        if self.write(name, &encode(key, payload)).is_err() {
            // A read-only site, a full disk: run without the cache rather than fail.
            self.writable.store(false, Ordering::Relaxed);
        }
    }

    /// Write entry file `name`: beside it, then renamed into place.
    fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.write_with(name, |w| w.write_all(bytes))
    }

    /// Write entry `name` with `fill`, through a temporary file renamed into place, so a reader
    /// sees the old entry or the new one, never half of one.
    fn write_with(
        &self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        if !self.dir.is_dir() {
            std::fs::create_dir_all(&self.dir)?;
            // Like ruff's cache: git ignores the folder even where `init` did not write the
            // site's .gitignore.
            if let Some(top) = self.dir.parent() {
                let _ = std::fs::write(top.join(".gitignore"), "# informed's result cache\n*\n");
            }
        }
        let tmp = self.dir.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::File::create(&tmp).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            fill(&mut w)?;
            w.flush()
        });
        let renamed = written.and_then(|()| std::fs::rename(&tmp, self.dir.join(name)));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        renamed
    }

    /// Remove the entries whose names are not in `keep` (notices that no longer exist), and
    /// temporary files left by a killed run.
    pub(crate) fn evict(&self, keep: &HashSet<String>) {
        if !self.writable.load(Ordering::Relaxed) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mine = format!(".tmp-{}-", std::process::id());
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !keep.contains(&name) && !name.starts_with(&mine) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// This binary's size and modification time: a rebuilt binary of the same version (a
/// development build) does not trust the old one's results.
fn binary_stamp() -> Vec<u8> {
    let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    else {
        return Vec::new();
    };
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{} {mtime}", meta.len()).into_bytes()
}

/// Every file under `dir` (sorted, recursively; symbolic links not followed): its path and bytes.
pub(crate) fn hash_tree(h: &mut KeyHasher, dir: &Path) {
    if !dir.is_dir() {
        return;
    }
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            h.field(rel.to_string_lossy().as_bytes())
                .field(&std::fs::read(e.path()).unwrap_or_default());
        }
    }
}

fn checksum(key: Key, payload: &[u8]) -> Key {
    let mut h = KeyHasher::default();
    h.field(b"checksum")
        .field(&key.0.to_le_bytes())
        .field(payload);
    h.key()
}

/// `MAGIC\n<key>\n<length>\n<payload><checksum>\n`.
fn encode(key: Key, payload: &[u8]) -> Vec<u8> {
    let mut out = format!("{MAGIC}\n{:032x}\n{}\n", key.0, payload.len()).into_bytes();
    out.extend_from_slice(payload);
    out.extend_from_slice(format!("{:032x}\n", checksum(key, payload).0).as_bytes());
    out
}

/// The payload of an entry made for `key`; `None` for anything else.
fn decode(bytes: &[u8], key: Key) -> Option<&[u8]> {
    payload_range(bytes, key).map(|range| &bytes[range])
}

/// Where the payload of an entry made for `key` lies in `bytes`; `None` for anything else.
fn payload_range(bytes: &[u8], key: Key) -> Option<std::ops::Range<usize>> {
    let mut rest = bytes;
    let mut line = || {
        let end = rest.iter().position(|&b| b == b'\n')?;
        let l = std::str::from_utf8(&rest[..end]).ok()?;
        rest = &rest[end + 1..];
        Some(l)
    };
    if line()? != MAGIC || line()? != format!("{:032x}", key.0) {
        return None;
    }
    let len: usize = line()?.parse().ok()?;
    let payload = rest.get(..len)?;
    let sum = rest.get(len..)?;
    let start = bytes.len() - rest.len();
    (sum == format!("{:032x}\n", checksum(key, payload).0).as_bytes()).then_some(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_intact_entry_for_the_same_key_decodes() {
        let (k, other) = (Key(7), Key(8));
        let e = encode(k, b"{\"a\":1}");
        assert_eq!(decode(&e, k), Some(&b"{\"a\":1}"[..]));
        assert_eq!(decode(&e, other), None);
        assert_eq!(decode(&e[..e.len() - 3], k), None);
        let mut flipped = e.clone();
        let i = flipped.len() - 40;
        flipped[i] ^= 1;
        assert_eq!(decode(&flipped, k), None);
        assert_eq!(decode(b"garbage", k), None);
    }
}
