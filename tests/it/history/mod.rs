//! Notice history (docs/history.md): a scratch git repository with a few commits, built and
//! checked with the real binary in the site's folder as the README says; the product reads
//! git with gitoxide, the tests make the commits with the `git` command.

mod languages;
mod limits;
mod pages;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{read, run_in};

/// A notice of our own, with `years` in its retention sentence and `updated` as its date.
pub fn notice(updated: &str, years: &str) -> String {
    format!(
        "---\ntitle: Volunteer sign-up\nlast_updated: {updated}\n---\n\
         # Volunteer sign-up\n\n\
         Riverside Food Bank uses the details you give us to arrange your volunteering shifts.\n\n\
         ## How long we keep your details\n\n\
         We keep your details for {years} after your last shift, then delete them.\n"
    )
}

/// Run `git` in `dir` with fixed dates and identity and no user or system configuration.
pub fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Write `text` to `rel` under `root`, then commit everything with `subject` on `date`.
pub fn commit(repo: &Path, rel: &str, text: &str, subject: &str, date: &str) {
    let path = repo.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    git(repo, &["add", "-A"], date);
    git(repo, &["commit", "-q", "-m", subject], date);
}

/// A repository whose site is its `site/` folder (the site need not be the repository's
/// root), with a notice added, its text changed, its front matter changed, and renamed:
///
/// - 2026-01-05 "Add the volunteer notice" (2 years)
/// - 2026-02-10 "Keep volunteer details for one year" (1 year; the date is left behind)
/// - 2026-03-01 "Fix a typo in the front matter" (front matter only: not a change of text)
/// - 2026-04-01 "Move the volunteer notice" (renamed, same text)
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

pub const ADDED: &str = "2026-01-05T10:00:00+00:00";
pub const CHANGED: &str = "2026-02-10T09:30:00+01:00";

impl Scratch {
    pub fn new(config: &str) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        git(repo, &["init", "-q", "-b", "main"], ADDED);
        std::fs::create_dir_all(repo.join("site/content")).unwrap();
        std::fs::write(repo.join("site/informed.toml"), config).unwrap();
        std::fs::write(
            repo.join(".gitignore"),
            "site/site/\nsite/.informed-cache/\n",
        )
        .unwrap();
        commit(
            repo,
            "site/content/volunteers.md",
            &notice("2026-01-05", "2 years"),
            "Add the volunteer notice",
            ADDED,
        );
        commit(
            repo,
            "site/content/volunteers.md",
            &notice("2026-01-05", "1 year"),
            "Keep volunteer details for one year",
            CHANGED,
        );
        commit(
            repo,
            "site/content/volunteers.md",
            &notice("2026-01-05", "1 year").replace("title: Volunteer", "title:  Volunteer"),
            "Fix a typo in the front matter",
            "2026-03-01T12:00:00+00:00",
        );
        git(
            repo,
            &[
                "mv",
                "site/content/volunteers.md",
                "site/content/volunteering.md",
            ],
            "2026-04-01T12:00:00+00:00",
        );
        git(
            repo,
            &["commit", "-q", "-m", "Move the volunteer notice"],
            "2026-04-01T12:00:00+00:00",
        );
        Scratch { dir }
    }

    pub fn repo(&self) -> &Path {
        self.dir.path()
    }

    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// `informed build` in the site's folder; its stderr.
    pub fn build(&self) -> String {
        build_in(&self.site())
    }

    pub fn out(&self, rel: &str) -> String {
        read(self.site().join("site").join(rel))
    }
}

/// `informed build` in `site`, which must succeed; its stderr.
pub fn build_in(site: &Path) -> String {
    let (code, _, err) = run_in(site, &["build"]);
    assert_eq!(code, 0, "build failed: {err}");
    err
}
