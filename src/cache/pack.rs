//! Many cache entries in one file (the build cache's layout): a clean build of N notices
//! writes one file instead of N, and a warm build reads one.
//!
//! ```text
//! informed-pack 1
//! <name> <length>
//! <entry: `length` bytes, as one entry file holds it (magic, key, payload, checksum)>
//! …
//! ```
//!
//! Each entry keeps its own key and checksum, so a pack is trusted entry by entry exactly as
//! entry files are: a corrupt, truncated or foreign entry is a miss. A pack whose framing is
//! broken is read up to the break. The pack is written beside and renamed into place, so a
//! reader sees the old pack or the new one, never half of one.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use super::{Key, decode, encode};

const HEADER: &str = "informed-pack 1\n";

/// The entries of a pack, by name, each as its file would hold it.
#[derive(Default)]
pub(crate) struct Pack {
    entries: BTreeMap<String, Vec<u8>>,
}

impl Pack {
    /// The pack at `path`; empty when it is missing or not a pack.
    pub(crate) fn read(path: &Path) -> Pack {
        std::fs::read(path)
            .map(|bytes| Pack::parse(&bytes))
            .unwrap_or_default()
    }

    fn parse(bytes: &[u8]) -> Pack {
        let mut pack = Pack::default();
        let Some(mut rest) = bytes.strip_prefix(HEADER.as_bytes()) else {
            return pack;
        };
        while !rest.is_empty() {
            let Some(end) = rest.iter().position(|&b| b == b'\n') else {
                break;
            };
            let Some((name, len)) = std::str::from_utf8(&rest[..end])
                .ok()
                .and_then(|l| l.rsplit_once(' '))
            else {
                break;
            };
            let Ok(len) = len.parse::<usize>() else {
                break;
            };
            let Some(entry) = rest.get(end + 1..end + 1 + len) else {
                break;
            };
            pack.entries.insert(name.to_string(), entry.to_vec());
            rest = &rest[end + 1 + len..];
        }
        pack
    }

    /// The payload of entry `name`, when it is intact and made for `key`.
    pub(crate) fn get(&self, name: &str, key: Key) -> Option<&[u8]> {
        decode(self.entries.get(name)?, key)
    }

    /// Entry `name` as its file would hold it (to carry it into the next pack).
    pub(crate) fn raw(&self, name: &str) -> Option<&[u8]> {
        self.entries.get(name).map(Vec::as_slice)
    }

    /// Set entry `name` to `payload`, made for `key`.
    pub(crate) fn put(&mut self, name: &str, key: Key, payload: &[u8]) {
        self.entries.insert(name.to_string(), encode(key, payload));
    }

    /// Set entry `name` to bytes taken from another pack as they are.
    pub(crate) fn put_raw(&mut self, name: &str, raw: &[u8]) {
        self.entries.insert(name.to_string(), raw.to_vec());
    }

    /// Drop entry `name`.
    pub(crate) fn remove(&mut self, name: &str) {
        self.entries.remove(name);
    }

    /// Write the pack to `w`, entry by entry (a pack of 10,000 notices is megabytes: it is
    /// not first gathered into one buffer).
    pub(crate) fn write_to(&self, w: &mut dyn Write) -> std::io::Result<()> {
        w.write_all(HEADER.as_bytes())?;
        for (name, entry) in &self.entries {
            writeln!(w, "{name} {}", entry.len())?;
            w.write_all(entry)?;
        }
        Ok(())
    }

    /// The pack's bytes.
    #[cfg(test)]
    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out).expect("writing to a vector");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_reads_back_and_each_entry_is_checked_on_its_own() {
        let mut pack = Pack::default();
        pack.put("a", Key(1), b"{\"x\":1}");
        pack.put("b", Key(2), b"second");
        let bytes = pack.bytes();
        let back = Pack::parse(&bytes);
        assert_eq!(back.get("a", Key(1)), Some(&b"{\"x\":1}"[..]));
        assert_eq!(back.get("b", Key(2)), Some(&b"second"[..]));
        assert_eq!(back.get("a", Key(2)), None, "made for another key");
        assert_eq!(back.get("c", Key(1)), None);

        // One entry corrupted: only that one is lost.
        let mut flipped = bytes.clone();
        let at = bytes.windows(7).position(|w| w == b"{\"x\":1}").unwrap();
        flipped[at + 2] ^= 0x20;
        let back = Pack::parse(&flipped);
        assert_eq!(back.get("a", Key(1)), None);
        assert_eq!(back.get("b", Key(2)), Some(&b"second"[..]));

        // Truncated: the entries before the cut survive.
        let back = Pack::parse(&bytes[..bytes.len() - 5]);
        assert_eq!(back.get("a", Key(1)), Some(&b"{\"x\":1}"[..]));
        assert_eq!(back.get("b", Key(2)), None);

        // Another notice's entry under this name is foreign: its key does not match.
        let mut swapped = Pack::default();
        swapped.put_raw("a", back.raw("a").unwrap());
        swapped.put_raw("b", back.raw("a").unwrap());
        assert_eq!(swapped.get("b", Key(2)), None);

        assert!(Pack::parse(b"garbage").entries.is_empty());
    }
}
