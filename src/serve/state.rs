//! The served site, held in memory, and the incremental rebuilds that keep it current.
//!
//! Each notice has a slot with its last good page and its current error, so a notice that
//! stops parsing keeps serving its previous page while the error shows in the browser.
//! The index, 404 page, sitemap and robots.txt depend on every notice's title, URL and date
//! only; they are re-rendered lazily, on the next request after one of those changed, so an
//! edit to one notice costs the same whatever the size of the site.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::load;
use crate::render::PageSummary;
use crate::site::{MemorySink, SITE_EXTENSIONS, Site};

use super::inject;

/// Pages the site generates from the list of notices.
pub const SHARED_PAGES: &[&str] = &["index.html", "404.html", "sitemap.xml", "robots.txt"];

/// Most errors listed in the browser at once.
const MAX_ERRORS_SHOWN: usize = 20;

/// One notice's rendered page and findings panel.
#[derive(Clone)]
pub struct Page {
    pub file: String,
    pub bytes: Arc<[u8]>,
    pub summary: PageSummary,
    pub panel: Arc<str>,
}

#[derive(Default)]
struct Slot {
    /// The last page built without error.
    page: Option<Page>,
    error: Option<Error>,
}

#[derive(Default)]
struct Inner {
    site: Option<Arc<Site>>,
    /// Config, theme or rule-pack error: the previous site stays in use.
    site_error: Option<Error>,
    notices: BTreeMap<PathBuf, Slot>,
    /// Output file → the notice that owns it.
    owners: HashMap<String, PathBuf>,
    shared: HashMap<String, Arc<[u8]>>,
    /// Shared pages to render again on their next request (the listing changed).
    stale: BTreeSet<&'static str>,
    shared_errors: BTreeMap<&'static str, Error>,
    generation: u64,
}

/// What a batch of file-system events asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Config, templates or rule packs: reopen the site and rebuild every notice.
    pub full: bool,
    /// Only theme static files: reopen the site, keep the pages.
    pub statics: bool,
    /// Something in `content/` other than a notice file (a folder moved): list it again.
    pub rescan: bool,
    /// Notice files created, changed or removed.
    pub notices: BTreeSet<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.full && !self.statics && !self.rescan && self.notices.is_empty()
    }

    pub fn merge(&mut self, other: Changes) {
        self.full |= other.full;
        self.statics |= other.statics;
        self.rescan |= other.rescan;
        self.notices.extend(other.notices);
    }
}

/// What a request for one output file finds.
pub struct Snapshot {
    pub bytes: Option<Arc<[u8]>>,
    pub panel: Option<Arc<str>>,
    /// The 404 page, when `bytes` is `None`.
    pub not_found: Option<Arc<[u8]>>,
    pub errors: Vec<Error>,
    pub base_path: String,
    pub build_id: String,
}

pub struct State {
    root: PathBuf,
    inner: RwLock<Inner>,
    /// Tells live-reload clients about each finished rebuild.
    generation_tx: tokio::sync::watch::Sender<u64>,
    /// Differs between server runs, so a browser reloads after a restart.
    pub instance: String,
    pub quiet: bool,
    /// Notices loaded, linted and rendered so far (shows that rebuilds stay incremental).
    processed: AtomicUsize,
}

impl State {
    /// Build the whole site once. Errors do not fail: they are kept and shown in the browser.
    pub fn new(root: &Path, quiet: bool) -> State {
        let instance = format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
                ^ u128::from(std::process::id())
        );
        let state = State {
            root: root.to_path_buf(),
            inner: RwLock::new(Inner::default()),
            generation_tx: tokio::sync::watch::channel(0).0,
            instance,
            quiet,
            processed: AtomicUsize::new(0),
        };
        state.rebuild_all();
        state
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.generation_tx.subscribe()
    }

    pub fn build_id_of(&self, generation: u64) -> String {
        format!("{}-{generation}", self.instance)
    }

    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The open site, if any (None when the config was broken from the start).
    pub fn site(&self) -> Option<Arc<Site>> {
        self.read().site.clone()
    }

    pub fn base_path(&self) -> String {
        self.read()
            .site
            .as_ref()
            .map_or_else(|| "/".to_string(), |s| s.config.base_path())
    }

    /// Content folders and the like to watch (follows `content_dir` in the config).
    pub fn content_dir(&self) -> PathBuf {
        match &self.read().site {
            Some(site) => site.content_dir(),
            None => self.root.join("content"),
        }
    }

    pub fn theme_name(&self) -> Option<String> {
        self.read().site.as_ref().map(|s| s.config.theme.clone())
    }

    /// Does any output file have this path?
    pub fn exists(&self, key: &str) -> bool {
        let inner = self.read();
        inner.owners.contains_key(key)
            || SHARED_PAGES.contains(&key) && inner.site.is_some()
            || inner
                .site
                .as_ref()
                .is_some_and(|s| s.theme.statics.contains_key(key))
    }

    /// Everything needed to answer a request for `key`, read under one lock.
    pub fn snapshot(&self, key: &str) -> Snapshot {
        match SHARED_PAGES.iter().find(|p| **p == key) {
            Some(page) => self.render_shared(page),
            None if !self.exists(key) => self.render_shared("404.html"),
            None => {}
        }
        let inner = self.read();
        let mut panel = None;
        let bytes = if let Some(owner) = inner.owners.get(key) {
            inner
                .notices
                .get(owner)
                .and_then(|slot| slot.page.as_ref())
                .map(|page| {
                    panel = Some(page.panel.clone());
                    page.bytes.clone()
                })
        } else if let Some(b) = inner.shared.get(key) {
            Some(b.clone())
        } else {
            inner
                .site
                .as_ref()
                .and_then(|s| s.theme.statics.get(key))
                .map(|b| Arc::from(b.as_slice()))
        };
        let not_found = if bytes.is_none() {
            inner.shared.get("404.html").cloned()
        } else {
            None
        };
        Snapshot {
            bytes,
            panel,
            not_found,
            errors: errors_of(&inner),
            base_path: inner
                .site
                .as_ref()
                .map_or_else(|| "/".to_string(), |s| s.config.base_path()),
            build_id: self.build_id_of(inner.generation),
        }
    }

    /// Current errors (site, notices, shared pages), for tests and the terminal.
    pub fn errors(&self) -> Vec<Error> {
        errors_of(&self.read())
    }

    /// How many times a notice has been loaded, linted and rendered since the server started.
    pub fn notices_processed(&self) -> usize {
        self.processed.load(Ordering::Relaxed)
    }

    pub fn generation(&self) -> u64 {
        self.read().generation
    }

    /// Re-render `page` (one of [`SHARED_PAGES`]) if a listing change made it stale. Only the
    /// page asked for is rendered: the index and sitemap list every notice.
    fn render_shared(&self, page: &'static str) {
        if !self.read().stale.contains(page) {
            return;
        }
        let mut inner = self.write();
        if !inner.stale.remove(page) {
            return;
        }
        let Some(site) = inner.site.clone() else {
            return;
        };
        let mut ctx = tera::Context::new();
        ctx.insert("site", &site.context());
        ctx.insert("notices", &listing(&inner));
        match site.theme.render(page, &ctx) {
            Ok(text) => {
                inner.shared_errors.remove(page);
                inner
                    .shared
                    .insert(page.to_string(), Arc::from(text.into_bytes()));
            }
            // The previous version stays; the error shows in the browser.
            Err(e) => {
                inner.shared_errors.insert(page, e);
            }
        }
    }

    /// Apply one batch of changes, then tell the browsers to reload.
    pub fn apply(&self, changes: Changes) {
        if changes.is_empty() {
            return;
        }
        let started = Instant::now();
        let what = if changes.full {
            self.rebuild_all();
            "site".to_string()
        } else {
            if changes.statics {
                self.reopen_site();
            }
            if changes.rescan {
                self.rescan();
            }
            for path in &changes.notices {
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
            eprintln!("rebuilt {what} in {} ms", started.elapsed().as_millis());
            for e in &errors {
                eprintln!("error: {e}");
            }
        }
    }

    /// Open the site again without re-rendering notices (theme static files changed).
    fn reopen_site(&self) {
        match Site::open(&self.root) {
            Ok(site) => {
                let mut inner = self.write();
                inner.site = Some(Arc::new(site));
                inner.site_error = None;
            }
            Err(e) => self.write().site_error = Some(e),
        }
    }

    /// Config, templates or rules changed: reopen the site and rebuild every notice.
    fn rebuild_all(&self) {
        let site = match Site::open(&self.root) {
            Ok(site) => Arc::new(site),
            Err(e) => {
                // Keep serving the previous build.
                self.write().site_error = Some(e);
                return;
            }
        };
        let files = match load::discover(&site.content_dir(), SITE_EXTENSIONS) {
            Ok(files) => files,
            Err(e) => {
                self.write().site_error = Some(e);
                return;
            }
        };
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
        let files: BTreeSet<PathBuf> = match load::discover(&site.content_dir(), SITE_EXTENSIONS) {
            Ok(files) => files.into_iter().collect(),
            Err(e) => {
                self.write().site_error = Some(e);
                return;
            }
        };
        let known: BTreeSet<PathBuf> = self.read().notices.keys().cloned().collect();
        for gone in known.difference(&files) {
            remove_notice(&mut self.write(), gone);
        }
        for new in files.difference(&known) {
            self.update_notice(new);
        }
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
    let sink = MemorySink::default();
    let (entry, notice) = site.process_notice(path, &sink)?;
    let bytes = sink
        .files
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&entry.target.file)
        .unwrap_or_default();
    let panel = inject::findings_panel(site, &entry, &notice);
    Ok(Page {
        file: entry.target.file,
        bytes: Arc::from(bytes),
        summary: entry.summary,
        panel: Arc::from(panel),
    })
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
                    inner
                        .owners
                        .entry(page.file.clone())
                        .or_insert_with(|| path.to_path_buf());
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
    if let Some(old) = &old
        && old.file != page.file
        && inner.owners.get(&old.file).map(PathBuf::as_path) == Some(path)
    {
        inner.owners.remove(&old.file);
    }
    inner.owners.insert(page.file.clone(), path.to_path_buf());
    let listing_changed = old.is_none_or(|o| {
        o.summary.title != page.summary.title
            || o.summary.url != page.summary.url
            || o.summary.last_updated_iso != page.summary.last_updated_iso
            || o.summary.description != page.summary.description
    });
    if listing_changed {
        inner.stale.extend(SHARED_PAGES);
    }
}

/// The same collision rules as `build`: one notice per output file, none over a generated file.
fn check_target(inner: &Inner, site: &Site, path: &Path, page: &Page) -> Result<()> {
    let file = page.file.as_str();
    let display = site.display_path(path);
    if SHARED_PAGES.contains(&file) || site.theme.statics.contains_key(file) {
        return Err(Error::new(format!(
            "this notice would be written to `{file}`, which the site itself generates"
        ))
        .in_file(&display)
        .with_note("help: give it a different `permalink`"));
    }
    if let Some(other) = inner.owners.get(file)
        && other != path
    {
        return Err(Error::new(format!(
            "two notices would be written to `{file}`: {} and {}",
            site.display_path(other),
            display
        ))
        .in_file(&display)
        .with_note("help: change the `permalink` (or file name) of one of them"));
    }
    Ok(())
}

fn remove_notice(inner: &mut Inner, path: &Path) {
    if let Some(slot) = inner.notices.remove(path) {
        if let Some(page) = slot.page
            && inner.owners.get(&page.file).map(PathBuf::as_path) == Some(path)
        {
            inner.owners.remove(&page.file);
        }
        inner.stale.extend(SHARED_PAGES);
    }
}

fn errors_of(inner: &Inner) -> Vec<Error> {
    inner
        .site_error
        .iter()
        .chain(inner.notices.values().filter_map(|s| s.error.as_ref()))
        .chain(inner.shared_errors.values())
        .take(MAX_ERRORS_SHOWN)
        .cloned()
        .collect()
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
    parts.join(", ")
}

/// Notices as the index and sitemap list them: the same order as `Site::write_shared`, so serve
/// shows what build writes.
fn listing(inner: &Inner) -> Vec<PageSummary> {
    let mut pages: Vec<PageSummary> = inner
        .notices
        .values()
        .filter_map(|s| s.page.as_ref().map(|p| p.summary.clone()))
        .collect();
    pages.sort_by(|a, b| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then(a.url.cmp(&b.url))
    });
    pages
}
