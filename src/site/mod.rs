//! A site for `build` and `serve`: every notice of the content folder through the
//! [`crate::pipeline`] (load → understand → lint), then render → write. Each notice is read and
//! parsed once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use rayon::prelude::*;

use crate::cache::BuildCache;
use crate::config::Config;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::history::History;
use crate::lint::{FileReport, RuleSet, Summary};
use crate::load::{self, Notice};
use crate::pipeline::{Judged, Pipeline};
use crate::render::{self, PageSummary, SiteContext, Target, Theme};
use crate::write::{Claim, Claims, Output, Staging};

mod history;
mod sinks;
mod translations;
use sinks::{Claimed, Recording};
pub use sinks::{MemorySink, Sink};
pub use translations::Translations;

/// File extensions of notices in a site's content folder.
pub const SITE_EXTENSIONS: &[&str] = &["md", "markdown"];

/// One notice after the pipeline: where it goes and what the linter found.
#[derive(Debug, Clone)]
pub struct Entry {
    pub(crate) path: PathBuf,
    /// Where its page goes.
    pub target: Target,
    pub(crate) summary: PageSummary,
    /// What the linter found.
    pub report: FileReport,
}

/// A site: its config, theme and rules, loaded once.
pub struct Site {
    pub(crate) root: PathBuf,
    /// The site's settings.
    pub config: Config,
    pub(crate) theme: Theme,
    /// The compiled rule packs.
    pub rules: RuleSet,
    /// The date that date rules judge against.
    pub today: Date,
    /// `build` reuses and keeps results in the site's result cache (see [`crate::cache`]).
    pub cache: bool,
    /// The content folder's history from git, read once when the site is opened (`None`
    /// outside git or with `history = false`; see [`crate::history`]).
    pub history: Option<History>,
    /// Which notices translate which, from the last [`Site::scan_translations`].
    translations: RwLock<Arc<Translations>>,
}

/// The result of a build.
pub struct BuildOutcome {
    /// Every notice's entry. Its `report` keeps only the path: findings are counted into
    /// `summary` as each notice is written, then dropped, so memory does not grow with them.
    pub entries: Vec<Entry>,
    pub(crate) summary: Summary,
    /// False when `--strict` refused to write because of error-level findings.
    pub written: bool,
}

impl Site {
    /// Open the site in `root`, reading its `informed.toml`.
    pub fn open(root: &Path) -> Result<Site> {
        let config = Config::load(root)?;
        Site::with_config(root, config)
    }

    /// Open the site in `root` with settings already made.
    pub fn with_config(root: &Path, config: Config) -> Result<Site> {
        let theme = Theme::load(root, &config.theme).map_err(|e| config.locate("theme", e))?;
        if !load::language::is_language_tag(&config.language) {
            return Err(config.error_at(
                "language",
                format!(
                    "`language` must be a language tag such as `en-GB` or `cy`, not `{}`",
                    config.language
                ),
            ));
        }
        if let Err(e) = theme.strings(&config.language) {
            let mut placed = config.error_at("language", e.message);
            placed.notes = e.notes;
            return Err(placed);
        }
        // Compiled at the first notice not in the result cache.
        let rules = RuleSet::load_lazily(root, &config)?;
        let history = config
            .history
            .then(|| History::open(&root.join(&config.content_dir), SITE_EXTENSIONS))
            .flatten();
        Ok(Site {
            root: root.to_path_buf(),
            config,
            theme,
            rules,
            today: Date::today(),
            cache: false,
            history,
            translations: Default::default(),
        })
    }

    /// The folder the notices are in.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.config.content_dir)
    }

    pub(crate) fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output_dir)
    }

    pub(crate) fn context(&self) -> SiteContext {
        let mut context = SiteContext::new(&self.config);
        context.feed_url = self.feed_url();
        context
    }

    /// The pipeline with this site's settings, rules, date and history.
    pub(crate) fn pipeline(&self) -> Pipeline<'_> {
        Pipeline::new(&self.config, &self.rules, self.today).with_history(self.history.as_ref())
    }

    /// Load one notice of the content folder (no linting, no rendering).
    pub fn load_notice(&self, path: &Path) -> Result<Notice> {
        let display = self.display_path(path);
        let rel = load::relative(path, &self.content_dir());
        self.pipeline().load(path, display, rel)
    }

    pub(crate) fn display_path(&self, path: &Path) -> String {
        load::relative(path, &self.root)
    }

    /// Run one notice through understand, lint and render; hand its page to `sink`.
    pub fn process(&self, path: &Path, sink: &dyn Sink) -> Result<Entry> {
        self.process_notice(path, sink).map(|(entry, _)| entry)
    }

    /// [`Site::process`], also handing back the loaded notice (serve maps findings to its
    /// sections without parsing it again).
    pub fn process_notice(&self, path: &Path, sink: &dyn Sink) -> Result<(Entry, Notice)> {
        self.process_loaded(path, self.load_notice(path)?, sink)
    }

    /// The notice at `path` parsed from `bytes` (as [`Site::load_notice`] reads it).
    fn parse_notice(&self, path: &Path, bytes: Vec<u8>) -> Result<Notice> {
        let display = self.display_path(path);
        let rel = load::relative(path, &self.content_dir());
        Notice::from_bytes(path, bytes, display, rel)
    }

    /// [`Site::process_notice`] for a notice already loaded.
    fn process_loaded(
        &self,
        path: &Path,
        notice: Notice,
        sink: &dyn Sink,
    ) -> Result<(Entry, Notice)> {
        // Invalid structured front matter or a bad permalink stops the build (exit 2) at the
        // line of the key.
        let Judged {
            notice,
            declared,
            target,
            understanding,
            report,
        } = self.pipeline().judge(notice)?;
        let date = understanding.last_updated.map(|(d, _)| d);
        let mut summary = PageSummary::new(
            notice.title(),
            &target,
            date,
            declared.page.description.clone(),
        );
        summary.lang = notice.language.tag(&self.config.language).to_string();
        summary.translation = notice.language.source.is_some();
        summary.alternates = self.translations().alternates(path, &self.theme);
        let context = self.context();
        let change_pages = self.changes_of(&context, &notice, &declared, &mut summary)?;
        let html = render::notice_page(
            &self.theme,
            &context,
            &notice,
            &declared,
            &summary,
            &report,
            &self.config,
        )?;
        // The page first, so a collision is reported at the page's path.
        sink.put(&target.file, html.into_bytes())?;
        for (file, html) in change_pages {
            sink.put(&file, html.into_bytes())?;
        }
        for (file, bytes) in
            render::machine::alternates(&context, &notice, &declared, &summary, &report, &target)
        {
            sink.put(&file, bytes)?;
        }
        let entry = Entry {
            path: path.to_path_buf(),
            target,
            summary,
            report,
        };
        Ok((entry, notice))
    }

    /// Every notice of the site, processed in parallel, in path order.
    pub fn process_all(&self, sink: &dyn Sink) -> Result<Vec<Entry>> {
        let files = self.notice_files()?;
        self.scan_translations_checked(&files)?;
        self.process_all_then(&files, sink, |e, _| e, None)
    }

    /// The notices of the content folder, in path order.
    fn notice_files(&self) -> Result<Vec<PathBuf>> {
        load::discover_within(&self.content_dir(), &self.root, SITE_EXTENSIONS)
    }

    /// [`Site::process_all`] over `files`, passing each entry and its finding counts through
    /// `keep` as soon as it is made. With a `cache`, a notice it vouches for is not processed:
    /// its published files are kept as they are.
    fn process_all_then(
        &self,
        files: &[PathBuf],
        sink: &dyn Sink,
        keep: impl Fn(Entry, [usize; 3]) -> Entry + Sync,
        cache: Option<&BuildCache>,
    ) -> Result<Vec<Entry>> {
        let claims = self.reserve_shared();
        let translations = self.translations();
        let results: Vec<Result<Entry>> = files
            .par_iter()
            .map(|p| {
                let claimed = Claimed {
                    sink,
                    claims: &claims,
                    source: self.display_path(p),
                    collision: Default::default(),
                };
                // A notice with other languages depends on their files too (its links, its
                // parity findings): it is never taken from, nor kept in, the cache.
                let grouped = !translations.group(p).is_empty();
                let Some(cache) = cache.filter(|_| !grouped) else {
                    let entry = self
                        .process(p, &claimed)
                        .map_err(|e| self.explain_collision(&claimed, e))?;
                    let counts = entry.report.counts();
                    return Ok(keep(entry, counts));
                };
                // The notice is read once: its key is made from the bytes it is judged from.
                let bytes = Notice::read(p, &claimed.source, self.config.max_notice_bytes)?;
                let key = cache.key_of_bytes(self, p, &bytes);
                if let Some(r) = cache.reuse(self, p, key)
                    && r.files.iter().all(|f| claimed.keep(f).is_ok())
                {
                    return Ok(keep(r.entry, r.counts));
                }
                // (A file kept before one failed is replaced when the notice is written.)
                let recording = Recording::new(&claimed);
                let entry = self
                    .parse_notice(p, bytes)
                    .and_then(|notice| self.process_loaded(p, notice, &recording))
                    .map(|(entry, _)| entry)
                    .map_err(|e| self.explain_collision(&claimed, e))?;
                let counts = entry.report.counts();
                cache.built(self, &entry, counts, recording.files(), key);
                Ok(keep(entry, counts))
            })
            .collect();
        let mut entries = Vec::with_capacity(results.len());
        for r in results {
            entries.push(r?);
        }
        check_collisions(&entries, &self.theme)?;
        Ok(entries)
    }

    /// Claims for the files the site itself writes ([`render::SITE_FILES`], the marker and the
    /// theme's static files), made before any notice is processed.
    fn reserve_shared(&self) -> Claims {
        let claims = Claims::default();
        let marker = (crate::write::MARKER, "informed's marker file");
        for (file, what) in render::SITE_FILES.iter().chain([&marker]) {
            let _ = claims.claim(file, what);
        }
        let theme = format!("a static file of the theme `{}`", self.config.theme);
        for file in self.theme.statics.keys() {
            let _ = claims.claim(file, &theme);
        }
        claims
    }

    /// Turn a collision found while `claimed` was processed into an error that names both
    /// sources (a notice with the line of its permalink).
    fn explain_collision(&self, claimed: &Claimed, e: Error) -> Error {
        let Some(c) = claimed.collision.lock().ok().and_then(|mut c| c.take()) else {
            return e;
        };
        let describe = |source: &str| -> String {
            let path = self.root.join(source);
            if !path.is_file() {
                return source.to_string();
            }
            let permalink = self.load_notice(&path).ok().and_then(|n| {
                let page = crate::load::structured::declared(&n).ok()?.page;
                let value = page.permalink.filter(|p| !p.trim().is_empty())?;
                Some((page.lines.permalink?, value.trim().to_string()))
            });
            match permalink {
                Some((line, value)) => format!("{source}:{line} (permalink `{value}`)"),
                None => format!("{source} (from its file name)"),
            }
        };
        let (first, second) = (describe(&c.first), describe(&c.second));
        let both_notices = self.root.join(&c.first).is_file();
        let message = match c.folder_for_second {
            None if both_notices => {
                format!(
                    "two notices would be written to `{}`: {first} and {second}",
                    c.path
                )
            }
            None => format!(
                "{second} would be written to `{}`, which is {first}",
                c.path
            ),
            Some(true) => format!(
                "`{}` is a file written for {first}, but {second} needs a folder there",
                c.path
            ),
            Some(false) => format!(
                "`{}` is a folder holding files written for {first}, but {second} would write a file there",
                c.path
            ),
        };
        // The message names both files and lines; no location prefix to repeat one of them.
        Error::new(message).with_note("help: change the `permalink` (or file name) of one of them")
    }

    /// Index, 404, sitemap, robots, `_headers` and the theme's static files.
    pub(crate) fn write_shared(&self, entries: &[Entry], sink: &dyn Sink) -> Result<()> {
        let mut pages: Vec<PageSummary> = entries.iter().map(|e| e.summary.clone()).collect();
        render::sort_listing(&mut pages);
        let context = self.context();
        for (path, text) in render::shared_pages(&self.theme, &context, &pages)? {
            sink.put(&path, text.into_bytes())?;
        }
        self.write_feed(&context, &pages, sink)?;
        // A theme's own static file of the same name (`themes/<name>/static/_headers`) wins.
        for (path, bytes) in render::headers::generated_files(&self.config) {
            if !self.theme.statics.contains_key(path) {
                sink.put(path, bytes)?;
            }
        }
        for (path, bytes) in &self.theme.statics {
            sink.put(path, bytes.clone())?;
        }
        Ok(())
    }

    /// `informed build`: render everything into a staging folder and swap it into place.
    pub fn build(&self, out: &Path, strict: bool) -> Result<BuildOutcome> {
        self.build_into(out, strict, false)
    }

    /// [`Site::build`]; `force` replaces an output folder informed did not write.
    pub(crate) fn build_into(&self, out: &Path, strict: bool, force: bool) -> Result<BuildOutcome> {
        let sources = [
            self.content_dir(),
            self.root.join("themes"),
            self.root.join("lints"),
            self.root.join(crate::config::CONFIG_FILE),
        ];
        let theme_files: Vec<&str> = self.theme.statics.keys().map(String::as_str).collect();
        let output = Output::claim(
            out,
            &Claim {
                sources: &sources,
                root: &self.root,
                theme_files: &theme_files,
                force,
            },
        )?;
        let files = self.notice_files()?;
        self.scan_translations_checked(&files)?;
        let cache = self.cache.then(|| BuildCache::open(self, &output.real));
        if let Some(cache) = &cache
            && let Some((entries, summary)) = cache.unchanged(self, &files)
        {
            // Nothing changed since the published build, which is therefore already right:
            // write nothing (`--strict` still refuses, and the site stays as it is).
            return Ok(BuildOutcome {
                entries,
                written: !(strict && summary.errors > 0),
                summary,
            });
        }
        let staging = Staging::new(output)?;
        let counts: [AtomicUsize; 3] = Default::default();
        let keep = |mut e: Entry, found: [usize; 3]| {
            for (count, n) in counts.iter().zip(found) {
                count.fetch_add(n, Ordering::Relaxed);
            }
            e.report.diagnostics = Vec::new();
            e.report.elements = Default::default();
            e.report.facts = Default::default();
            e
        };
        let entries = self.process_all_then(&files, &staging, keep, cache.as_ref())?;
        let [errors, warnings, infos] = counts.map(AtomicUsize::into_inner);
        let summary = Summary {
            files: entries.len(),
            errors,
            warnings,
            infos,
        };
        if strict && summary.errors > 0 {
            return Ok(BuildOutcome {
                entries,
                summary,
                written: false,
            });
        }
        let shared = Recording::new(&staging);
        self.write_shared(&entries, &shared)?;
        let mut shared_files = shared.files();
        shared_files.push(crate::write::MARKER.to_string());
        staging.commit()?;
        if let Some(cache) = cache {
            cache.record(self, &files, &shared_files);
        }
        Ok(BuildOutcome {
            entries,
            summary,
            written: true,
        })
    }
}

/// Two notices (or a notice and a generated file) must not claim the same output path.
fn check_collisions(entries: &[Entry], theme: &Theme) -> Result<()> {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for e in entries {
        let file = e.target.file.as_str();
        let other = seen.insert(file, &e.path);
        check_claim(
            theme,
            file,
            &e.report.path,
            other.map(|o| (o.display().to_string(), e.path.display().to_string())),
        )?;
    }
    Ok(())
}

/// The collision rules of `build` and `serve`, in one place: a notice (reported as `in_file`)
/// may not be written to `file` when the site generates that file, or when another notice
/// already claims it (`owners`: the other notice and this one, as the message names them).
pub(crate) fn check_claim(
    theme: &Theme,
    file: &str,
    in_file: &str,
    owners: Option<(String, String)>,
) -> Result<()> {
    if render::is_site_file(file) || theme.statics.contains_key(file) {
        return Err(Error::new(format!(
            "this notice would be written to `{file}`, which the site itself generates"
        ))
        .in_file(in_file)
        .with_note("help: give it a different `permalink`"));
    }
    if let Some((other, this)) = owners {
        return Err(Error::new(format!(
            "two notices would be written to `{file}`: {other} and {this}"
        ))
        .in_file(in_file)
        .with_note("help: change the `permalink` (or file name) of one of them"));
    }
    Ok(())
}
