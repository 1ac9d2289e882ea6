//! Reading a notice folder's history with gitoxide: one walk over the commits reachable from
//! `HEAD`, newest first, comparing each commit's content folder with its parent's.

use std::collections::HashMap;

use gix::ObjectId;
use gix::bstr::ByteSlice;

use super::{Revision, When};

/// A blob of the content folder, by its path inside that folder (`/` separators).
type Files = HashMap<String, ObjectId>;

/// What one walk found: per notice path at `HEAD`, its revisions, newest first.
pub(crate) struct Walked {
    pub(crate) notices: HashMap<String, Vec<Revision>>,
    /// The walk stopped at a shallow clone's boundary, so older changes are not known.
    pub(crate) shallow: bool,
}

/// Walk the history of the folder `prefix` (relative to the work tree, `/` separators, empty
/// for the work tree's root). Files whose names end in one of `extensions` are notices.
pub(crate) fn walk(
    repo: &gix::Repository,
    head: ObjectId,
    prefix: &str,
    extensions: &[&str],
) -> Result<Walked, String> {
    let mut walked = Walked {
        notices: HashMap::new(),
        shallow: false,
    };
    // Older paths of renamed notices: path then → path at HEAD.
    let mut renamed: HashMap<String, String> = HashMap::new();
    let commits = repo
        .rev_walk([head])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
        ))
        .all()
        .map_err(|e| e.to_string())?;
    for info in commits {
        let info = info.map_err(|e| e.to_string())?;
        let parents: Vec<ObjectId> = info.parent_ids().map(|id| id.detach()).collect();
        // A merge's changes are those of the commits it brings in, which the walk also visits.
        if parents.len() > 1 {
            continue;
        }
        let commit = info.object().map_err(|e| e.to_string())?;
        let after = folder(
            repo,
            commit.tree_id().map_err(|e| e.to_string())?.detach(),
            prefix,
        )?;
        let before = match parents.first() {
            None => None,
            Some(parent) => match repo.try_find_object(*parent).map_err(|e| e.to_string())? {
                Some(object) => {
                    let parent = object.try_into_commit().map_err(|e| e.to_string())?;
                    folder(
                        repo,
                        parent.tree_id().map_err(|e| e.to_string())?.detach(),
                        prefix,
                    )?
                }
                // The parent is beyond a shallow clone's boundary: what this commit changed is
                // not known, so it counts as no change.
                None => {
                    walked.shallow = true;
                    continue;
                }
            },
        };
        if before == after {
            continue;
        }
        let mut old = Files::new();
        let mut new = Files::new();
        if let Some(tree) = before {
            collect(
                repo,
                tree,
                "",
                &mut old,
                after.map(|t| (t, &mut new)),
                extensions,
            )?;
        } else if let Some(tree) = after {
            collect(repo, tree, "", &mut new, None, extensions)?;
        }
        if old.is_empty() && new.is_empty() {
            continue;
        }
        let when = when_of(&commit)?;
        let subject = commit
            .message()
            .map(|m| m.summary().to_str_lossy().trim().to_string())
            .unwrap_or_default();
        let id = commit.id.to_string();
        let head_of = |renamed: &HashMap<String, String>, path: &str| {
            renamed
                .get(path)
                .cloned()
                .unwrap_or_else(|| path.to_string())
        };
        let mut added: Vec<(&String, &ObjectId)> =
            new.iter().filter(|(p, _)| !old.contains_key(*p)).collect();
        let mut deleted: Vec<(&String, &ObjectId)> =
            old.iter().filter(|(p, _)| !new.contains_key(*p)).collect();
        added.sort();
        deleted.sort();
        let record = |walked: &mut Walked, path: String, before: Option<ObjectId>, after| {
            walked.notices.entry(path).or_default().push(Revision {
                commit: id.clone(),
                when,
                subject: subject.clone(),
                before,
                after,
            });
        };
        // Renames: the same blob under a new name, or (git mv, then an edit) the one notice
        // added and the one removed in the commit.
        let mut pairs: Vec<(String, String, ObjectId, ObjectId)> = Vec::new();
        added.retain(
            |(path, blob)| match deleted.iter().position(|(_, b)| b == blob) {
                Some(i) => {
                    let (from, _) = deleted.remove(i);
                    pairs.push((from.clone(), (*path).clone(), **blob, **blob));
                    false
                }
                None => true,
            },
        );
        if added.len() == 1 && deleted.len() == 1 {
            let ((to, new_blob), (from, old_blob)) = (added[0], deleted[0]);
            pairs.push((from.clone(), to.clone(), *old_blob, *new_blob));
            added.clear();
        }
        for (from, to, old_blob, new_blob) in pairs {
            let at_head = head_of(&renamed, &to);
            if old_blob != new_blob && text_changed(repo, old_blob, new_blob)? {
                record(&mut walked, at_head.clone(), Some(old_blob), new_blob);
            }
            renamed.insert(from, at_head);
        }
        for (path, blob) in added {
            record(&mut walked, head_of(&renamed, path), None, *blob);
        }
        for (path, new_blob) in &new {
            if let Some(old_blob) = old.get(path)
                && old_blob != new_blob
                && text_changed(repo, *old_blob, *new_blob)?
            {
                record(
                    &mut walked,
                    head_of(&renamed, path),
                    Some(*old_blob),
                    *new_blob,
                );
            }
        }
    }
    Ok(walked)
}

/// The tree of the folder `prefix` in the commit tree `tree` (`None` when it is not there).
fn folder(
    repo: &gix::Repository,
    tree: ObjectId,
    prefix: &str,
) -> Result<Option<ObjectId>, String> {
    if prefix.is_empty() {
        return Ok(Some(tree));
    }
    let tree = repo.find_tree(tree).map_err(|e| e.to_string())?;
    let entry = tree
        .lookup_entry_by_path(prefix)
        .map_err(|e| e.to_string())?;
    Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
}

/// The notices of `tree` into `into`; with `other` (a second tree and its map), only the
/// sub-folders whose trees differ are read, so a commit costs what it changed.
fn collect(
    repo: &gix::Repository,
    tree: ObjectId,
    at: &str,
    into: &mut Files,
    other: Option<(ObjectId, &mut Files)>,
    extensions: &[&str],
) -> Result<(), String> {
    let entries = entries_of(repo, tree)?;
    let Some((other_tree, other_into)) = other else {
        for (name, (is_tree, id)) in entries {
            let path = format!("{at}{name}");
            if is_tree {
                collect(repo, id, &format!("{path}/"), into, None, extensions)?;
            } else if is_notice(&path, extensions) {
                into.insert(path, id);
            }
        }
        return Ok(());
    };
    let other_entries = entries_of(repo, other_tree)?;
    let mut names: Vec<&String> = entries.keys().chain(other_entries.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let path = format!("{at}{name}");
        let mine = entries.get(name).copied();
        let theirs = other_entries.get(name).copied();
        if mine == theirs {
            continue;
        }
        match (mine, theirs) {
            (Some((true, a)), Some((true, b))) => collect(
                repo,
                a,
                &format!("{path}/"),
                into,
                Some((b, &mut *other_into)),
                extensions,
            )?,
            _ => {
                for (side, target) in [(mine, &mut *into), (theirs, &mut *other_into)] {
                    match side {
                        Some((true, id)) => {
                            collect(repo, id, &format!("{path}/"), target, None, extensions)?
                        }
                        Some((false, id)) if is_notice(&path, extensions) => {
                            target.insert(path.clone(), id);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(())
}

/// A tree's entries by name: (is a folder, id). Links and submodules are left out.
fn entries_of(
    repo: &gix::Repository,
    tree: ObjectId,
) -> Result<HashMap<String, (bool, ObjectId)>, String> {
    let tree = repo.find_tree(tree).map_err(|e| e.to_string())?;
    let decoded = tree.decode().map_err(|e| e.to_string())?;
    Ok(decoded
        .entries
        .iter()
        .filter(|e| e.mode.is_tree() || e.mode.is_blob())
        .map(|e| {
            (
                e.filename.to_str_lossy().into_owned(),
                (e.mode.is_tree(), e.oid.to_owned()),
            )
        })
        .collect())
}

fn is_notice(path: &str, extensions: &[&str]) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| extensions.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

/// The text of a blob (lossy UTF-8).
pub(crate) fn blob_text(repo: &gix::Repository, id: ObjectId) -> Result<String, String> {
    let blob = repo.find_blob(id).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&blob.data).into_owned())
}

/// Whether the words of the notice's text (front matter left out) differ: a change only to
/// front matter, or only to line wrapping, is not a change of the text people read.
fn text_changed(repo: &gix::Repository, old: ObjectId, new: ObjectId) -> Result<bool, String> {
    let (old, new) = (blob_text(repo, old)?, blob_text(repo, new)?);
    Ok(!super::body(&old)
        .split_whitespace()
        .eq(super::body(&new).split_whitespace()))
}

/// When a commit was written: its author's time and time zone, as `git log` shows it.
fn when_of(commit: &gix::Commit<'_>) -> Result<When, String> {
    let author = commit.author().map_err(|e| e.to_string())?;
    let time = author.time().map_err(|e| e.to_string())?;
    Ok(When {
        seconds: time.seconds,
        offset: time.offset,
    })
}
