//! Watching the site's sources: `content/`, `themes/`, `lints/` and `informed.toml`.
//!
//! The OS watcher (inotify, FSEvents, …) runs through notify-debouncer-full, which merges the
//! bursts editors make when saving (write a temp file, rename it into place). When the OS
//! watcher cannot start or hits its limit (inotify's `max_user_watches`), or with `--poll`,
//! a polling watcher takes over.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{self, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, NoCache, RecommendedCache,
};

use super::state::{Changes, SHARED_PAGES, State};
use crate::config::CONFIG_FILE;
use crate::load::has_extension;
use crate::report::github::neutralise;
use crate::site::SITE_EXTENSIONS;

/// How often the polling watcher looks at the files.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// How long to wait for a deleted notice to come back (editors that delete, then write).
const REAPPEAR_WAIT: Duration = Duration::from_millis(100);

/// The watcher thread; stops when dropped.
pub(crate) struct Watch {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

enum Active {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Active {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Active::Native(d) => d.watch(path, mode),
            Active::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Active::Native(d) => d.unwatch(path),
            Active::Poll(d) => d.unwatch(path),
        }
    }

    fn is_poll(&self) -> bool {
        matches!(self, Active::Poll(_))
    }
}

struct Watcher {
    active: Active,
    tx: mpsc::Sender<DebounceEventResult>,
    debounce: Duration,
    watched: BTreeSet<PathBuf>,
    quiet: bool,
}

impl Watcher {
    fn start(
        poll: bool,
        debounce: Duration,
        tx: mpsc::Sender<DebounceEventResult>,
        quiet: bool,
    ) -> std::result::Result<Watcher, String> {
        let active = if poll {
            poll_debouncer(debounce, tx.clone())?
        } else {
            match notify_debouncer_full::new_debouncer(debounce, None, tx.clone()) {
                Ok(d) => Active::Native(d),
                Err(e) => {
                    if !quiet {
                        eprintln!(
                            "warning: the file watcher could not start ({e}); polling every {} ms instead",
                            POLL_INTERVAL.as_millis()
                        );
                    }
                    poll_debouncer(debounce, tx.clone())?
                }
            }
        };
        Ok(Watcher {
            active,
            tx,
            debounce,
            watched: BTreeSet::new(),
            quiet,
        })
    }

    /// Watch every source folder that exists now (config changes can move `content_dir`).
    fn sync(&mut self, state: &State) {
        let root = state.root().to_path_buf();
        let mut wanted = vec![(root.clone(), RecursiveMode::NonRecursive)];
        for dir in [state.content_dir(), root.join("themes"), root.join("lints")] {
            if dir.is_dir() {
                wanted.push((dir, RecursiveMode::Recursive));
            }
        }
        for (path, mode) in wanted {
            if self.watched.contains(&path) {
                continue;
            }
            match self.active.watch(&path, mode) {
                Ok(()) => {
                    self.watched.insert(path);
                }
                Err(e) if is_limit(&e) && !self.active.is_poll() => {
                    self.fall_back_to_polling(&e);
                    return self.sync(state);
                }
                Err(e) => {
                    if !self.quiet {
                        let what = format!("{}: {e}", path.display());
                        eprintln!("warning: cannot watch {}", neutralise(&what));
                    }
                }
            }
        }
    }

    /// Watch the content folder afresh. A folder deleted and made again (`git stash`, a branch
    /// switch, a restore from backup) is a new folder: the watch on the old one went with it,
    /// and the path alone does not tell them apart.
    fn rearm_content(&mut self, state: &State) {
        let content = state.content_dir();
        if self.watched.remove(&content) {
            let _ = self.active.unwatch(&content);
        }
        self.sync(state);
    }

    fn fall_back_to_polling(&mut self, e: &notify::Error) {
        if !self.quiet {
            eprintln!(
                "warning: the OS file watcher hit its limit ({e}); polling every {} ms instead\n  = help: on Linux, raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288`",
                POLL_INTERVAL.as_millis()
            );
        }
        match poll_debouncer(self.debounce, self.tx.clone()) {
            Ok(active) => {
                self.active = active;
                self.watched.clear();
            }
            Err(msg) => {
                if !self.quiet {
                    eprintln!("warning: {msg}; changes will not be picked up");
                }
            }
        }
    }
}

fn poll_debouncer(
    debounce: Duration,
    tx: mpsc::Sender<DebounceEventResult>,
) -> std::result::Result<Active, String> {
    // notify's poller keeps modification times in whole seconds, so it also compares contents:
    // otherwise two saves within a second would look like one.
    let config = notify::Config::default()
        .with_poll_interval(POLL_INTERVAL)
        .with_compare_contents(true);
    notify_debouncer_full::new_debouncer_opt::<_, PollWatcher, NoCache>(
        debounce, None, tx, NoCache, config,
    )
    .map(Active::Poll)
    .map_err(|e| format!("the polling file watcher could not start: {e}"))
}

fn is_limit(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        // ENOSPC (inotify watches) and EMFILE (open files).
        notify::ErrorKind::Io(io) => matches!(io.raw_os_error(), Some(28) | Some(24)),
        _ => false,
    }
}

/// Start watching; rebuilds run on the watcher's own thread.
pub(crate) fn spawn(
    state: Arc<State>,
    poll: bool,
    debounce: Duration,
) -> crate::error::Result<Watch> {
    let (tx, rx) = mpsc::channel();
    let mut watcher =
        Watcher::start(poll, debounce, tx, state.quiet).map_err(crate::error::Error::new)?;
    watcher.sync(&state);
    let stop = Arc::new(AtomicBool::new(false));
    let stop_thread = stop.clone();
    let thread = std::thread::Builder::new()
        .name("informed-watch".into())
        .spawn(move || run(state, watcher, rx, stop_thread))
        .map_err(|e| crate::error::Error::new(format!("cannot start the watcher thread: {e}")))?;
    Ok(Watch {
        stop,
        thread: Some(thread),
    })
}

fn run(
    state: Arc<State>,
    mut watcher: Watcher,
    rx: Receiver<DebounceEventResult>,
    stop: Arc<AtomicBool>,
) {
    while !stop.load(Ordering::Relaxed) {
        let first = match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut changes = Changes::default();
        take(&state, &mut watcher, first, &mut changes);
        while let Ok(more) = rx.try_recv() {
            take(&state, &mut watcher, more, &mut changes);
        }
        // A notice that vanished may be an editor's delete-then-write; give it a moment.
        if changes.notices.iter().any(|p| !p.exists()) {
            let until = Instant::now() + REAPPEAR_WAIT;
            while let Some(left) = until.checked_duration_since(Instant::now()) {
                match rx.recv_timeout(left) {
                    Ok(more) => take(&state, &mut watcher, more, &mut changes),
                    Err(_) => break,
                }
                if changes.notices.iter().all(|p| p.exists()) {
                    break;
                }
            }
        }
        // Watch a recreated content folder before listing it, so that nothing written into it
        // in between is missed (the listing or the watch sees it).
        if changes.rescan {
            watcher.rearm_content(&state);
        }
        let resync = changes.full || changes.rescan;
        state.apply(changes);
        if resync {
            watcher.sync(&state);
        }
    }
}

fn take(state: &State, watcher: &mut Watcher, result: DebounceEventResult, changes: &mut Changes) {
    match result {
        Ok(events) => {
            for ev in &events {
                changes.merge(classify(state, ev));
            }
        }
        Err(errors) => {
            for e in errors {
                if is_limit(&e) && !watcher.active.is_poll() {
                    watcher.fall_back_to_polling(&e);
                    watcher.sync(state);
                    changes.full = true;
                } else if !state.quiet {
                    eprintln!("warning: file watcher: {e}");
                }
            }
        }
    }
}

/// What one event means for the site.
pub(crate) fn classify(state: &State, ev: &DebouncedEvent) -> Changes {
    let mut changes = Changes::default();
    match ev.event.kind {
        // Reads and attribute changes (chmod, touch under inotify) change nothing. The polling
        // watcher reports every change as a new write time, so that one counts.
        EventKind::Access(_) => return changes,
        EventKind::Modify(ModifyKind::Metadata(kind)) if kind != MetadataKind::WriteTime => {
            return changes;
        }
        _ => {}
    }
    if ev.event.need_rescan() {
        changes.full = true;
        return changes;
    }
    let root = state.root();
    let content = state.content_dir();
    let theme = state.theme_name();
    for path in &ev.event.paths {
        classify_path(root, &content, theme.as_deref(), path, &mut changes);
    }
    changes
}

pub(crate) fn classify_path(
    root: &Path,
    content: &Path,
    theme: Option<&str>,
    path: &Path,
    changes: &mut Changes,
) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    if is_scratch_file(name) {
        return;
    }
    if path == root.join(CONFIG_FILE) {
        changes.full = true;
    } else if let Ok(rest) = path.strip_prefix(content) {
        if rest
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            return;
        }
        if has_extension(path, SITE_EXTENSIONS) {
            changes.notices.insert(path.to_path_buf());
        } else if path.is_dir()
            || !path.exists() && path.extension().is_none()
            || rest.as_os_str().is_empty()
        {
            changes.rescan = true;
        }
    } else if let Ok(rest) = path.strip_prefix(root.join("lints")) {
        if rest.as_os_str().is_empty() || has_extension(path, &["toml"]) || path.is_dir() {
            changes.full = true;
        }
    } else if let Ok(rest) = path.strip_prefix(root.join("themes")) {
        let mut parts = rest
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let theme_dir = parts.next();
        if theme_dir.is_some() && theme.is_some() && theme_dir.as_deref() != theme {
            return;
        }
        match parts.next().as_deref() {
            Some("static") => changes.statics = true,
            Some("templates") => {
                let template = parts.collect::<Vec<_>>().join("/");
                if SHARED_PAGES.contains(&template.as_str()) {
                    changes.listing_templates.insert(template);
                } else {
                    changes.full = true;
                }
            }
            Some(_) | None => changes.full = true,
        }
    } else if path.parent() == Some(root) && ["themes", "lints"].contains(&name) {
        changes.full = true;
    }
}

/// Files editors write while saving, which never become part of the site.
pub(crate) fn is_scratch_file(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913"
        || name.starts_with(".#")
        || name.starts_with('#') && name.ends_with('#')
        || name.starts_with(".goutputstream-")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
        || [".swp", ".swx", ".swpx", ".tmp", ".bak", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes_for(path: &str) -> Changes {
        let mut c = Changes::default();
        classify_path(
            Path::new("/s"),
            Path::new("/s/content"),
            Some("default"),
            Path::new(path),
            &mut c,
        );
        c
    }

    #[test]
    fn classifies_sources() {
        assert!(changes_for("/s/informed.toml").full);
        assert_eq!(
            changes_for("/s/content/a/b.md")
                .notices
                .into_iter()
                .collect::<Vec<_>>(),
            vec![PathBuf::from("/s/content/a/b.md")]
        );
        assert!(changes_for("/s/themes/default/templates/base.html").full);
        let listing = changes_for("/s/themes/default/templates/index.html");
        assert!(!listing.full && listing.listing_templates.contains("index.html"));
        let statics = changes_for("/s/themes/default/static/assets/x.css");
        assert!(statics.statics && !statics.full);
        assert!(changes_for("/s/themes/other/templates/base.html").is_empty());
        assert!(changes_for("/s/lints/extra.toml").full);
        assert!(changes_for("/s/site/index.html").is_empty());
        assert!(changes_for("/s/README.md").is_empty());
    }

    #[test]
    fn ignores_editor_scratch_files() {
        for p in [
            "/s/content/a.md~",
            "/s/content/.a.md.swp",
            "/s/content/4913",
            "/s/content/.#a.md",
            "/s/content/#a.md#",
            "/s/content/a.md___jb_tmp___",
            "/s/content/.goutputstream-XYZ12",
            "/s/content/.hidden/a.md",
        ] {
            assert!(changes_for(p).is_empty(), "{p}");
        }
    }
}
