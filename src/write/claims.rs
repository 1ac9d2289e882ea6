//! Claims on output paths: every file a build writes is claimed by one source first, so a
//! collision names both sources.

use super::*;

/// Every output path of a build and what writes it, so that no two things write one path and
/// no file stands where another output needs a folder. Checked as each file is put, before
/// anything reaches the disk, so the error names both sources, never a staging path.
#[derive(Default)]
pub(crate) struct Claims {
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
pub(crate) struct Collision {
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
    pub(crate) fn claim(&self, rel: &str, source: &str) -> std::result::Result<(), Collision> {
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
