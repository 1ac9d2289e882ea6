//! The served site, held in memory, and what requests read from it ([`super::rebuild`] keeps it current).
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

use crate::error::Error;
use crate::render::PageSummary;
use crate::site::Site;

pub use super::rebuild::Changes;
use crate::history::feed::FEED_FILE;

/// Pages the site generates from the list of notices.
pub(crate) use crate::render::SHARED_PAGES;

/// Most errors listed in the browser at once.
const MAX_ERRORS_SHOWN: usize = 20;

/// One notice's rendered page and findings panel, and the other files `build` writes for it
/// (`notice.json`, `notice.jsonld`).
#[derive(Clone)]
pub(crate) struct Page {
    pub file: String,
    pub bytes: Arc<[u8]>,
    pub summary: PageSummary,
    pub panel: Arc<str>,
    /// Output path and bytes of each other file.
    pub alternates: Vec<(String, Arc<[u8]>)>,
}

impl Page {
    /// Every output path of the notice: the page, then its alternates.
    pub(crate) fn files(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.file.as_str()).chain(self.alternates.iter().map(|(f, _)| f.as_str()))
    }

    fn bytes_of(&self, file: &str) -> Option<&Arc<[u8]>> {
        if file == self.file {
            return Some(&self.bytes);
        }
        self.alternates
            .iter()
            .find(|(f, _)| f == file)
            .map(|(_, b)| b)
    }
}

#[derive(Default)]
pub(super) struct Slot {
    /// The last page built without error.
    pub(super) page: Option<Page>,
    pub(super) error: Option<Error>,
}

#[derive(Default)]
pub(super) struct Inner {
    pub(super) site: Option<Arc<Site>>,
    /// Config, theme or rule-pack error: the previous site stays in use.
    pub(super) site_error: Option<Error>,
    /// The content folder could not be listed (missing, a link out of the site): cleared by the
    /// next listing that works.
    pub(super) content_error: Option<Error>,
    pub(super) notices: BTreeMap<PathBuf, Slot>,
    /// Output file → the notice that owns it.
    pub(super) owners: HashMap<String, PathBuf>,
    pub(super) shared: HashMap<String, Arc<[u8]>>,
    /// Shared pages to render again on their next request (the listing changed).
    pub(super) stale: BTreeSet<&'static str>,
    pub(super) shared_errors: BTreeMap<&'static str, Error>,
    pub(super) generation: u64,
}

/// What a request for one output file finds.
pub(crate) struct Snapshot {
    pub bytes: Option<Arc<[u8]>>,
    pub panel: Option<Arc<str>>,
    pub errors: Vec<Error>,
    pub base_path: String,
    pub build_id: String,
}

/// The site `serve` holds in memory: every output file, rebuilt as sources change.
pub struct State {
    pub(super) root: PathBuf,
    pub(super) inner: RwLock<Inner>,
    /// Tells live-reload clients about each finished rebuild.
    pub(super) generation_tx: tokio::sync::watch::Sender<u64>,
    /// Differs between server runs, so a browser reloads after a restart.
    pub instance: String,
    pub(crate) quiet: bool,
    /// Notices loaded, linted and rendered so far (shows that rebuilds stay incremental).
    pub(super) processed: AtomicUsize,
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
            root: canonical_root(root),
            inner: RwLock::new(Inner::default()),
            generation_tx: tokio::sync::watch::channel(0).0,
            instance,
            quiet,
            processed: AtomicUsize::new(0),
        };
        state.rebuild_all();
        state
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.generation_tx.subscribe()
    }

    pub(crate) fn build_id_of(&self, generation: u64) -> String {
        format!("{}-{generation}", self.instance)
    }

    pub(super) fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The open site, if any (None when the config was broken from the start).
    pub(crate) fn site(&self) -> Option<Arc<Site>> {
        self.read().site.clone()
    }

    pub(crate) fn base_path(&self) -> String {
        self.read()
            .site
            .as_ref()
            .map_or_else(|| "/".to_string(), |s| s.config.base_path())
    }

    /// Content folders and the like to watch (follows `content_dir` in the config).
    pub(crate) fn content_dir(&self) -> PathBuf {
        match &self.read().site {
            Some(site) => site.content_dir(),
            None => self.root.join("content"),
        }
    }

    pub(crate) fn theme_name(&self) -> Option<String> {
        self.read().site.as_ref().map(|s| s.config.theme.clone())
    }

    /// Does any output file have this path?
    pub(crate) fn exists(&self, key: &str) -> bool {
        let inner = self.read();
        inner.owners.contains_key(key)
            || SHARED_PAGES.contains(&key) && inner.site.is_some()
            || inner.site.as_ref().is_some_and(|s| {
                s.theme.statics.contains_key(key)
                    || generated(s, key).is_some()
                    || key == FEED_FILE && feed(s, &inner).is_some()
            })
    }

    /// Every output path served from the site (serve's own `__informed/` files aside): what
    /// `build` would write.
    pub fn files(&self) -> BTreeSet<String> {
        let inner = self.read();
        let Some(site) = &inner.site else {
            return BTreeSet::new();
        };
        let mut files: BTreeSet<String> = inner
            .notices
            .iter()
            .filter_map(|(path, slot)| Some((path, slot.page.as_ref()?)))
            .flat_map(|(path, page)| {
                page.files()
                    .filter(|f| inner.owners.get(*f) == Some(path))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        files.extend(SHARED_PAGES.iter().map(|p| p.to_string()));
        files.extend(site.theme.statics.keys().cloned());
        let generated = crate::render::headers::generated_files(&site.config);
        files.extend(generated.into_iter().map(|(f, _)| f.to_string()));
        if feed(site, &inner).is_some() {
            files.insert(FEED_FILE.to_string());
        }
        files
    }

    /// Everything needed to answer a request for `key`, read under one lock.
    pub(crate) fn snapshot(&self, key: &str) -> Snapshot {
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
                .and_then(|page| {
                    if key == page.file {
                        panel = Some(page.panel.clone());
                    }
                    page.bytes_of(key).cloned()
                })
        } else if let Some(b) = inner.shared.get(key) {
            Some(b.clone())
        } else if key == FEED_FILE {
            inner
                .site
                .as_ref()
                .and_then(|s| feed(s, &inner))
                .map(Arc::from)
        } else {
            inner.site.as_ref().and_then(|s| {
                let b = s
                    .theme
                    .statics
                    .get(key)
                    .cloned()
                    .or_else(|| generated(s, key));
                b.map(|b| Arc::from(b.as_slice()))
            })
        };
        Snapshot {
            bytes,
            panel,
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

    pub(crate) fn generation(&self) -> u64 {
        self.read().generation
    }

    /// Re-render `page` (one of [`SHARED_PAGES`]) if a listing change made it stale. Only the
    /// page asked for is rendered: the index and sitemap list every notice.
    pub(super) fn render_shared(&self, page: &'static str) {
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
        let rendered =
            crate::render::shared_context(&site.theme, &site.context(), &listing(&inner))
                .and_then(|ctx| site.theme.render(page, &ctx));
        match rendered {
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
}
/// The Atom feed of notice changes, as `build` writes it, made when asked for (it lists at most
/// 100 changes): `None` without history or without any change.
fn feed(site: &Site, inner: &Inner) -> Option<Vec<u8>> {
    site.history.as_ref()?;
    crate::history::feed::atom(&site.context(), &listing(inner)).map(String::into_bytes)
}

/// A file the site makes in code (`_headers`), as `build` writes it.
fn generated(site: &Site, key: &str) -> Option<Vec<u8>> {
    crate::render::headers::generated_files(&site.config)
        .into_iter()
        .find(|(f, _)| *f == key)
        .map(|(_, b)| b)
}

/// The site folder as the OS names it: absolute, symbolic links resolved. The file watcher
/// reports absolute, resolved paths, which a root of `.` (how users start `informed serve`: in
/// the site folder) or a path through a symlinked folder would never match. Resolved once, at
/// start: every path the server compares, lists or shows is made from it.
pub(crate) fn canonical_root(root: &Path) -> PathBuf {
    std::fs::canonicalize(root)
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf())
}

pub(super) fn errors_of(inner: &Inner) -> Vec<Error> {
    inner
        .site_error
        .iter()
        .chain(&inner.content_error)
        .chain(inner.notices.values().filter_map(|s| s.error.as_ref()))
        .chain(inner.shared_errors.values())
        .take(MAX_ERRORS_SHOWN)
        .cloned()
        .collect()
}

/// Notices as the index and sitemap list them: the same order as `Site::write_shared`, so serve
/// shows what build writes.
fn listing(inner: &Inner) -> Vec<PageSummary> {
    let mut pages: Vec<PageSummary> = inner
        .notices
        .values()
        .filter_map(|s| s.page.as_ref().map(|p| p.summary.clone()))
        .collect();
    crate::render::sort_listing(&mut pages);
    pages
}
