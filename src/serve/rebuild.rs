//! Incremental rebuilds: what each kind of change re-reads and re-renders.
//!
//! | change | work |
//! |---|---|
//! | one notice | that notice is loaded, linted and rendered again; listing pages go stale if its title, URL, date or description changed |
//! | notice created or deleted, folder moved | that notice added or removed (a moved folder re-lists `content/`) |
//! | a theme's static file | the site is reopened; no page is rendered |
//! | a listing page's template no other template mentions | the site is reopened; that page re-rendered |
//! | any other template, a rule pack, `informed.toml` | the site is reopened and every notice rebuilt |

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use rayon::prelude::*;

use super::inject;
use super::state::{Inner, Page, SHARED_PAGES, Slot, State};
use crate::error::{Error, Result};
use crate::load;
use crate::report::github::neutralise;
use crate::site::{MemorySink, SITE_EXTENSIONS, Site};

/// What a batch of file-system events asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Config, templates or rule packs: reopen the site and rebuild every notice.
    pub full: bool,
    /// Only theme static files: reopen the site, keep the pages.
    pub statics: bool,
    /// Templates of listing pages only (`index.html`, …): reopen the site, re-render those.
    pub listing_templates: BTreeSet<String>,
    /// Something in `content/` other than a notice file (a folder moved): list it again.
    pub rescan: bool,
    /// Notice files created, changed or removed.
    pub notices: BTreeSet<PathBuf>,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        !self.full
            && !self.statics
            && !self.rescan
            && self.notices.is_empty()
            && self.listing_templates.is_empty()
    }

    pub(crate) fn merge(&mut self, other: Changes) {
        self.full |= other.full;
        self.statics |= other.statics;
        self.listing_templates.extend(other.listing_templates);
        self.rescan |= other.rescan;
        self.notices.extend(other.notices);
    }
}

impl State {
    /// Apply one batch of changes, then tell the browsers to reload.
    pub fn apply(&self, changes: Changes) {
        if changes.is_empty() {
            return;
        }
        let started = Instant::now();
        let full =
            changes.full || self.listing_templates_used_elsewhere(&changes.listing_templates);
        let what = if full {
            self.rebuild_all();
            "site".to_string()
        } else {
            if changes.statics || !changes.listing_templates.is_empty() {
                self.reopen_site();
            }
            if !changes.listing_templates.is_empty() {
                let pages: Vec<&'static str> = SHARED_PAGES
                    .iter()
                    .copied()
                    .filter(|p| changes.listing_templates.contains(*p))
                    .collect();
                self.write().stale.extend(pages.iter().copied());
                for page in pages {
                    self.render_shared(page);
                }
            }
            if changes.rescan {
                self.rescan();
            }
            for path in &self.with_other_languages(&changes.notices) {
                self.update_notice(path);
            }
            describe(&changes, &self.root)
        };
        let generation = {
            let mut inner = self.write();
            inner.generation += 1;
            inner.generation
        };
        self.generation_tx.send_replace(generation);
        if !self.quiet {
            let errors = self.errors();
            let line = format!("rebuilt {what} in {} ms", started.elapsed().as_millis());
            eprintln!("{}", neutralise(&line));
            for e in &errors {
                eprintln!("error: {}", neutralise(&e.to_string()));
            }
        }
    }

    /// Does any other template of the site's theme mention one of these (extends, include)? Then
    /// notice pages may depend on it and everything is rebuilt. Built-in templates never do.
    fn listing_templates_used_elsewhere(&self, names: &BTreeSet<String>) -> bool {
        if names.is_empty() {
            return false;
        }
        let Some(theme) = self.theme_name() else {
            return true;
        };
        let dir = self.root.join("themes").join(theme).join("templates");
        walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .any(|e| {
                let rel = load::relative(e.path(), &dir);
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                names.iter().any(|n| *n != rel && text.contains(n.as_str()))
            })
    }

    /// Open the site again without re-rendering notices (theme static files changed).
    fn reopen_site(&self) {
        match Site::open(&self.root) {
            Ok(site) => {
                if let Ok(files) =
                    load::discover_within(&site.content_dir(), &site.root, SITE_EXTENSIONS)
                {
                    site.scan_translations(&files);
                }
                let mut inner = self.write();
                inner.site = Some(Arc::new(site));
                inner.site_error = None;
            }
            Err(e) => self.write().site_error = Some(e),
        }
    }

    /// Config, templates or rules changed: reopen the site and rebuild every notice.
    pub(super) fn rebuild_all(&self) {
        let site = match Site::open(&self.root) {
            Ok(site) => Arc::new(site),
            Err(e) => {
                // Keep serving the previous build.
                self.write().site_error = Some(e);
                return;
            }
        };
        // A content folder that cannot be listed (missing, a link out of the site) is shown
        // as an error, and the site is installed all the same: the next listing that works
        // (the folder created or restored) fills it. Meanwhile the notices known so far that
        // are still there are rebuilt, each within the symbolic-link boundary.
        let (files, content_error) =
            match load::discover_within(&site.content_dir(), &site.root, SITE_EXTENSIONS) {
                Ok(files) => (files, None),
                Err(e) => {
                    let known = self.read().notices.keys().cloned().collect::<Vec<_>>();
                    (known.into_iter().filter(|p| p.is_file()).collect(), Some(e))
                }
            };
        site.scan_translations(&files);
        let built: Vec<(PathBuf, Result<Page>)> = files
            .par_iter()
            .map(|path| (path.clone(), build_page(&site, path)))
            .collect();
        self.processed.fetch_add(built.len(), Ordering::Relaxed);
        let mut inner = self.write();
        let mut old = std::mem::take(&mut inner.notices);
        inner.owners.clear();
        inner.site = Some(site.clone());
        inner.site_error = None;
        inner.content_error = content_error;
        inner.stale.extend(SHARED_PAGES);
        for (path, result) in built {
            let previous = old.remove(&path).and_then(|s| s.page);
            inner.notices.insert(
                path.clone(),
                Slot {
                    page: previous,
                    error: None,
                },
            );
            install(&mut inner, &site, &path, result);
        }
        drop(inner);
        // Whole-site work already: render the listing pages now, so their errors show at once.
        for page in SHARED_PAGES {
            self.render_shared(page);
        }
    }

    /// Notices added or removed under `content/` (a folder moved or appeared).
    fn rescan(&self) {
        let Some(site) = self.site() else { return };
        let files: BTreeSet<PathBuf> =
            match load::discover_within(&site.content_dir(), &site.root, SITE_EXTENSIONS) {
                Ok(files) => {
                    self.write().content_error = None;
                    files.into_iter().collect()
                }
                // The folder is gone: so are its notices (the watcher reports one removal for
                // a removed folder, none for the files in it).
                Err(e) if !site.content_dir().is_dir() => {
                    self.write().content_error = Some(e);
                    BTreeSet::new()
                }
                Err(e) => {
                    self.write().content_error = Some(e);
                    return;
                }
            };
        let known: BTreeSet<PathBuf> = self.read().notices.keys().cloned().collect();
        let moved: Vec<PathBuf> = known.symmetric_difference(&files).cloned().collect();
        site.rescan_translations(&moved);
        for gone in known.difference(&files) {
            remove_notice(&mut self.write(), gone);
        }
        for new in files.difference(&known) {
            self.update_notice(new);
        }
    }

    /// `changed` and the other languages of each (before and after the change): a notice's
    /// page links to its translations, and a translation's findings compare it with its
    /// source. Reads the changed notices' languages again (only theirs).
    fn with_other_languages(&self, changed: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
        let mut out = changed.clone();
        let Some(site) = self.site() else { return out };
        let list: Vec<PathBuf> = changed.iter().cloned().collect();
        let before = site.rescan_translations(&list);
        let after = site.translations();
        for path in changed {
            out.extend(before.group(path));
            out.extend(after.group(path));
        }
        out
    }

    /// Re-read, re-lint and re-render one notice; or drop it when its file is gone.
    fn update_notice(&self, path: &Path) {
        let Some(site) = self.site() else { return };
        if !path.is_file() {
            remove_notice(&mut self.write(), path);
            return;
        }
        let result = build_page(&site, path);
        self.processed.fetch_add(1, Ordering::Relaxed);
        let mut inner = self.write();
        inner.notices.entry(path.to_path_buf()).or_default();
        install(&mut inner, &site, path, result);
    }
}

/// Load, lint and render one notice into a page with its findings panel.
fn build_page(site: &Site, path: &Path) -> Result<Page> {
    within_site(site, path)?;
    let sink = MemorySink::default();
    let (entry, notice) = site.process_notice(path, &sink)?;
    // The page, and every other file `build` writes for the notice (`notice.json`, …).
    let mut files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
    let bytes = files.remove(&entry.target.file).unwrap_or_default();
    let alternates = files
        .into_iter()
        .map(|(file, bytes)| (file, Arc::from(bytes)))
        .collect();
    let panel = inject::findings_panel(site, &entry, &notice);
    Ok(Page {
        file: entry.target.file,
        bytes: Arc::from(bytes),
        summary: entry.summary,
        panel: Arc::from(panel),
        alternates,
    })
}

/// The boundary `build` applies when it lists the content folder (`load::discover_within`),
/// for notices that appear or change while serving: the notice, and every folder on the way to
/// it from the content folder (that one included), may be a symbolic link only to somewhere
/// inside the site folder. A link made to `/etc/passwd`, or a notice swapped for a link to a
/// file outside, is refused with the error in the page, and its target is never read.
pub(crate) fn within_site(site: &Site, path: &Path) -> Result<()> {
    let boundary = std::fs::canonicalize(&site.root).map_err(|e| Error::io(&site.root, &e))?;
    let content = site.content_dir();
    let check = |p: &Path| -> Result<()> {
        let is_link = p
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(());
        }
        let target = std::fs::canonicalize(p).map_err(|e| Error::io(site.display_path(p), &e))?;
        if target.starts_with(&boundary) {
            return Ok(());
        }
        Err(Error::new(format!(
            "symbolic link to `{}`, outside the site folder `{}`",
            target.display(),
            boundary.display()
        ))
        .in_file(site.display_path(p))
        .with_note(
            "help: informed follows links only inside the site folder; copy the file in instead",
        ))
    };
    let Ok(rest) = path.strip_prefix(&content) else {
        return Err(Error::new("not inside the content folder").in_file(site.display_path(path)));
    };
    let mut at = content.clone();
    check(&at)?;
    for part in rest.components() {
        at.push(part);
        check(&at)?;
    }
    Ok(())
}

/// Put a freshly built page (or its error) into the notice's slot, which must exist.
fn install(inner: &mut Inner, site: &Site, path: &Path, result: Result<Page>) {
    let page = match result.and_then(|page| check_target(inner, site, path, &page).map(|()| page)) {
        Ok(page) => page,
        Err(e) => {
            if let Some(slot) = inner.notices.get_mut(path) {
                slot.error = Some(e);
                // The last good page keeps being served (after a full rebuild it needs its owner back).
                if let Some(page) = &slot.page {
                    for file in page.files() {
                        inner
                            .owners
                            .entry(file.to_string())
                            .or_insert_with(|| path.to_path_buf());
                    }
                }
            }
            return;
        }
    };
    let Some(slot) = inner.notices.get_mut(path) else {
        return;
    };
    let old = slot.page.replace(page.clone());
    slot.error = None;
    if let Some(old) = &old {
        for file in old.files() {
            if !page.files().any(|f| f == file)
                && inner.owners.get(file).map(PathBuf::as_path) == Some(path)
            {
                inner.owners.remove(file);
            }
        }
    }
    for file in page.files() {
        inner.owners.insert(file.to_string(), path.to_path_buf());
    }
    let listing_changed = old.is_none_or(|o| {
        o.summary.title != page.summary.title
            || o.summary.url != page.summary.url
            || o.summary.last_updated_iso != page.summary.last_updated_iso
            || o.summary.description != page.summary.description
            || o.summary.alternates != page.summary.alternates
    });
    if listing_changed {
        inner.stale.extend(SHARED_PAGES);
    }
}

/// The same collision rules as `build`: one notice per output file, none over a generated file.
fn check_target(inner: &Inner, site: &Site, path: &Path, page: &Page) -> Result<()> {
    for file in page.files() {
        check_file(inner, site, path, file)?;
    }
    Ok(())
}

fn check_file(inner: &Inner, site: &Site, path: &Path, file: &str) -> Result<()> {
    let display = site.display_path(path);
    let other = inner.owners.get(file).filter(|other| *other != path);
    crate::site::check_claim(
        &site.theme,
        file,
        &display,
        other.map(|o| (site.display_path(o), display.clone())),
    )
}

fn remove_notice(inner: &mut Inner, path: &Path) {
    if let Some(slot) = inner.notices.remove(path) {
        if let Some(page) = slot.page {
            for file in page.files() {
                if inner.owners.get(file).map(PathBuf::as_path) == Some(path) {
                    inner.owners.remove(file);
                }
            }
        }
        inner.stale.extend(SHARED_PAGES);
    }
}

fn describe(changes: &Changes, root: &Path) -> String {
    let mut parts: Vec<String> = changes
        .notices
        .iter()
        .take(3)
        .map(|p| load::relative(p, root))
        .collect();
    if changes.notices.len() > 3 {
        parts.push(format!("{} more", changes.notices.len() - 3));
    }
    if changes.rescan {
        parts.push("content folder".into());
    }
    if changes.statics {
        parts.push("theme static files".into());
    }
    for t in &changes.listing_templates {
        parts.push(format!("template {t}"));
    }
    parts.join(", ")
}
