//! Notice history from git (docs/history.md): when each notice's text changed, a page per
//! change showing what was added and removed, the site's Atom feed of changes, and what the
//! `date-behind-history` lint needs.
//!
//! The history is read once per run ([`History::open`]: one walk over the commits reachable from
//! `HEAD`), before any notice is processed, so `build` and `serve` pay for it once, not per
//! notice. Only committed text counts: uncommitted edits are not history yet. Everything here
//! comes from commits (ids, author dates, subjects), so the same commit gives the same site.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::date::Date;

pub(crate) mod diff;
pub(crate) mod feed;
mod git;
pub(crate) mod pages;

/// When a commit was written: seconds since 1970 and the author's offset from UTC in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct When {
    pub(crate) seconds: i64,
    pub(crate) offset: i32,
}

impl When {
    /// The calendar date in the author's time zone.
    pub(crate) fn date(self) -> Date {
        Date::from_days((self.seconds + i64::from(self.offset)).div_euclid(86_400))
    }

    /// RFC 3339, in the author's time zone (`2026-03-01T10:15:00+01:00`), as Atom wants it.
    pub(crate) fn rfc3339(self) -> String {
        let local = self.seconds + i64::from(self.offset);
        let secs = local.rem_euclid(86_400);
        let sign = if self.offset < 0 { '-' } else { '+' };
        let off = self.offset.unsigned_abs() / 60;
        format!(
            "{}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            self.date(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            off / 60,
            off % 60
        )
    }
}

/// One commit that changed a notice's text (or added the notice).
#[derive(Debug, Clone)]
pub(crate) struct Revision {
    pub(crate) commit: String,
    pub(crate) when: When,
    pub(crate) subject: String,
    /// The notice's blob before the commit; `None` when the commit added the notice.
    pub(crate) before: Option<gix::ObjectId>,
    pub(crate) after: gix::ObjectId,
}

/// The history of a site's content folder, read from the git repository it is in.
pub struct History {
    repo: gix::ThreadSafeRepository,
    /// Per notice (its path in the content folder at `HEAD`), its revisions, newest first.
    notices: HashMap<String, Vec<Revision>>,
    /// A shallow clone: changes before its boundary are not known.
    pub shallow: bool,
    /// The content folder, resolved.
    content: PathBuf,
}

/// One entry of "Changes to this notice": a date on which the text changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ChangeItem {
    /// `1 March 2026`
    pub(crate) date: String,
    /// `2026-03-01`
    pub(crate) date_iso: String,
    /// The latest commit of the day, RFC 3339 (the feed's `updated`).
    pub(crate) updated: String,
    /// The summary from `changes:`, or the day's commit subjects.
    pub(crate) summary: String,
    /// The change page's URL relative to the base path; `None` for the day the notice was
    /// added (nothing to compare with) and for a `changes:` entry that git does not know.
    pub(crate) url: Option<String>,
}

/// A day's changes of one notice, before it is turned into a [`ChangeItem`].
#[derive(Debug, Clone)]
pub(crate) struct Day {
    pub(crate) date: Date,
    pub(crate) latest: When,
    pub(crate) subjects: Vec<String>,
    /// The text before the day's first change (`None`: the notice was added that day).
    pub(crate) before: Option<gix::ObjectId>,
    pub(crate) after: gix::ObjectId,
}

impl History {
    /// The history of the content folder `content` when it is inside a git work tree with at
    /// least one commit; `None` otherwise (not a repository, an unborn branch, or a folder git
    /// does not hold). A repository that cannot be read is a warning, never a failed build.
    pub fn open(content: &Path, extensions: &[&str]) -> Option<History> {
        match Self::try_open(content, extensions) {
            Ok(h) => h,
            Err(e) => {
                eprintln!(
                    "warning: notice history left out: {}",
                    crate::report::github::neutralise(&e)
                );
                None
            }
        }
    }

    fn try_open(content: &Path, extensions: &[&str]) -> Result<Option<History>, String> {
        let Ok(content) = content.canonicalize() else {
            return Ok(None);
        };
        let Ok(repo) = gix::discover(&content) else {
            return Ok(None);
        };
        let Some(workdir) = repo.workdir().and_then(|w| w.canonicalize().ok()) else {
            return Ok(None);
        };
        let Ok(inside) = content.strip_prefix(&workdir) else {
            return Ok(None);
        };
        let prefix = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let head = match repo.head_id() {
            Ok(id) => id.detach(),
            Err(_) => return Ok(None),
        };
        let walked = git::walk(&repo, head, &prefix, extensions)?;
        Ok(Some(History {
            content: content.clone(),
            notices: walked.notices,
            shallow: walked.shallow,
            repo: repo.into_sync(),
        }))
    }

    /// The key of the notice file at `path` (its path in the content folder), when it is there.
    pub fn key_of(&self, path: &Path) -> Option<String> {
        let path = path.canonicalize().ok()?;
        let inside = path.strip_prefix(&self.content).ok()?;
        Some(
            inside
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    /// Whether any notice has a known change (the feed exists and pages link to it).
    pub fn has_changes(&self) -> bool {
        !self.notices.is_empty()
    }

    /// The revisions of the notice at `rel_path` (in the content folder), newest first.
    pub(crate) fn revisions(&self, rel_path: &str) -> &[Revision] {
        self.notices.get(rel_path).map_or(&[], Vec::as_slice)
    }

    /// A stamp of what the notice's pages take from git, for the result cache's key.
    pub fn stamp(&self, rel_path: &str) -> String {
        let mut s = format!("history {}", self.has_changes());
        for r in self.revisions(rel_path) {
            s.push(' ');
            s.push_str(&r.commit);
        }
        s
    }

    /// The newest change of the notice's text, not counting the commit that added it: its date
    /// and its commit's subject.
    pub fn last_text_change(&self, rel_path: &str) -> Option<(Date, String)> {
        self.revisions(rel_path)
            .iter()
            .filter(|r| r.before.is_some())
            .max_by_key(|r| (r.when.date(), r.when.seconds))
            .map(|r| (r.when.date(), r.subject.clone()))
    }

    /// The notice's changes grouped by day, newest first.
    pub(crate) fn days(&self, rel_path: &str) -> Vec<Day> {
        let mut revisions: Vec<&Revision> = self.revisions(rel_path).iter().collect();
        revisions.sort_by_key(|r| std::cmp::Reverse((r.when.date(), r.when.seconds)));
        let mut days: Vec<Day> = Vec::new();
        for r in revisions {
            match days.last_mut() {
                Some(day) if day.date == r.when.date() => {
                    // Walking back in time: this revision is earlier in the day.
                    day.before = r.before;
                    if !day.subjects.contains(&r.subject) {
                        day.subjects.insert(0, r.subject.clone());
                    }
                }
                _ => days.push(Day {
                    date: r.when.date(),
                    latest: r.when,
                    subjects: vec![r.subject.clone()],
                    before: r.before,
                    after: r.after,
                }),
            }
        }
        days
    }

    /// The text of a blob of the repository.
    pub(crate) fn text(&self, id: gix::ObjectId) -> Option<String> {
        git::blob_text(&self.repo.to_thread_local(), id).ok()
    }
}

/// The body of a notice's source: the text after its front matter.
pub(crate) fn body(text: &str) -> &str {
    match crate::load::frontmatter::split(text) {
        Ok(split) => &text[split.body_start.min(text.len())..],
        Err(_) => text,
    }
}

/// The URL of a notice's change page for `date`, relative to the base path: beside the
/// notice's own URL (`staff-survey/` → `staff-survey/changes/2026-03-01/`).
pub(crate) fn change_url(notice_url: &str, date: Date) -> String {
    let base = notice_url.trim_end_matches('/');
    let base = base.strip_suffix(".html").unwrap_or(base);
    if base.is_empty() {
        format!("changes/{date}/")
    } else {
        format!("{base}/changes/{date}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_in_the_authors_zone() {
        let w = When {
            seconds: 1_772_356_500, // 2026-03-01T09:15:00Z
            offset: 3600,
        };
        assert_eq!(w.rfc3339(), "2026-03-01T10:15:00+01:00");
        let w = When {
            seconds: 1_772_326_800, // 2026-03-01T01:00:00Z
            offset: -5 * 3600,
        };
        assert_eq!(w.date().to_string(), "2026-02-28");
        assert_eq!(w.rfc3339(), "2026-02-28T20:00:00-05:00");
    }

    #[test]
    fn change_pages_sit_beside_the_notice() {
        let d = Date::new(2026, 3, 1).unwrap();
        assert_eq!(change_url("staff/", d), "staff/changes/2026-03-01/");
        assert_eq!(change_url("a/b.html", d), "a/b/changes/2026-03-01/");
        assert_eq!(change_url("", d), "changes/2026-03-01/");
    }
}
