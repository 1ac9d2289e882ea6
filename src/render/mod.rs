//! Render: notice pages, the index, 404, sitemap and robots.txt, through the theme's templates.

pub(crate) mod glance;
pub(crate) mod headers;
pub mod html;
pub(crate) mod machine;
pub mod permalink;
pub mod sanitize;
pub(crate) mod strings;
pub(crate) mod theme;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::date::Date;
use crate::error::Result;
use crate::lint::FileReport;
use crate::load::Notice;
use crate::load::structured::Declared;
pub use permalink::Target;
pub use strings::Strings;
pub use theme::Theme;

/// What templates see as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) language: String,
    /// Path prefix for every link: `/` or `/project/`.
    pub base_path: String,
    /// Absolute base URL when configured (`https://…/`), else empty.
    pub base_url: String,
    /// The Content-Security-Policy for the pages' `<meta>` tag (also sent by `_headers`).
    pub csp: &'static str,
    /// The Atom feed of notice changes (relative to the base path) when the site has one
    /// (docs/history.md); pages link to it from their head.
    pub feed_url: Option<String>,
}

impl SiteContext {
    /// The site-wide values templates see as `site`.
    pub fn new(config: &Config) -> SiteContext {
        SiteContext {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_path: config.base_path(),
            base_url: config.absolute_base().unwrap_or_default(),
            csp: headers::CSP,
            feed_url: None,
        }
    }
}

/// A notice as listed on the index and in the sitemap.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct PageSummary {
    pub(crate) title: String,
    /// URL relative to the base path (`privacy-network/`).
    pub url: String,
    pub(crate) last_updated: Option<String>,
    pub(crate) last_updated_iso: Option<String>,
    pub(crate) description: Option<String>,
    /// "Changes to this notice", newest first (empty without history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) changes: Vec<crate::history::ChangeItem>,
    /// The page's language tag (the site's language unless the notice names one).
    #[serde(default)]
    pub lang: String,
    /// Whether the notice translates another (the index lists it under its source).
    #[serde(default)]
    pub translation: bool,
    /// Every language of the notice, the source first, this page included; empty for a
    /// notice in one language.
    #[serde(default)]
    pub alternates: Vec<Alternate>,
}

/// One language version of a notice, for `hreflang` links, the switcher, index and sitemap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Alternate {
    /// The version's language tag (`cy`).
    pub lang: String,
    /// The language's name in itself (`Cymraeg`), from its strings file.
    pub name: String,
    /// URL relative to the base path.
    pub url: String,
    /// The source notice: the `x-default` page.
    pub default: bool,
    /// The page being rendered.
    #[serde(default)]
    pub current: bool,
}

/// `alternates` as seen from the page at `url`.
pub fn alternates_for(alternates: &[Alternate], url: &str) -> Vec<Alternate> {
    alternates
        .iter()
        .map(|a| Alternate {
            current: a.url == url,
            ..a.clone()
        })
        .collect()
}

/// Put the page's language and words into a template context: `lang` (`code`, `name`), `t`
/// (text by key) and `tl` (` lang="en"` by key where the text fell back to English).
pub(crate) fn insert_language(ctx: &mut tera::Context, strings: &Strings) {
    ctx.insert("lang", &lang_value(strings));
    ctx.insert("t", &strings.text);
    ctx.insert("tl", &strings.lang_attr);
}

fn lang_value(strings: &Strings) -> Value {
    let mut lang = Map::new();
    lang.insert("code".into(), Value::String(strings.lang.clone()));
    lang.insert(
        "name".into(),
        Value::String(strings.get("language_name").to_string()),
    );
    Value::Object(lang)
}

/// A language's words with the values [`insert_language`] puts in a context, made once per
/// language by [`Theme::page_words`] (every notice page needs them; resolving and converting
/// them for each page cost more than the rest of the page's context).
pub(crate) struct PageWords {
    pub(crate) strings: Strings,
    lang: tera::Value,
    t: tera::Value,
    tl: tera::Value,
}

impl PageWords {
    pub(crate) fn new(strings: Strings) -> PageWords {
        PageWords {
            lang: tera::Value::from_serializable(&lang_value(&strings)),
            t: tera::Value::from_serializable(&strings.text),
            tl: tera::Value::from_serializable(&strings.lang_attr),
            strings,
        }
    }

    /// [`insert_language`] with the values made once (a tera map is shared, not copied).
    fn insert(&self, ctx: &mut tera::Context) {
        ctx.insert_value("lang", self.lang.clone());
        ctx.insert_value("t", self.t.clone());
        ctx.insert_value("tl", self.tl.clone());
    }
}

impl PageSummary {
    /// The summary of a notice whose page goes to `target`.
    pub fn new(
        title: String,
        target: &Target,
        date: Option<Date>,
        description: Option<String>,
    ) -> Self {
        PageSummary {
            title,
            url: target.url.clone(),
            last_updated: date.map(Date::long),
            last_updated_iso: date.map(|d| d.to_string()),
            description,
            changes: Vec::new(),
            lang: String::new(),
            translation: false,
            alternates: Vec::new(),
        }
    }
}

/// The words of `notice`'s page: an error at its `lang:` line when the theme has none.
pub fn notice_strings(theme: &Theme, notice: &Notice, config: &Config) -> Result<Strings> {
    theme
        .strings(notice.language.tag(&config.language))
        .map_err(|e| at_lang_line(e, notice))
}

/// [`notice_strings`], made once per language.
fn notice_words(
    theme: &Theme,
    notice: &Notice,
    config: &Config,
) -> Result<std::sync::Arc<PageWords>> {
    theme
        .page_words(notice.language.tag(&config.language))
        .map_err(|e| at_lang_line(e, notice))
}

/// A missing language's error, at the notice's `lang:` line.
fn at_lang_line(e: crate::error::Error, notice: &Notice) -> crate::error::Error {
    let e = e.in_file(&notice.source.display);
    match notice.language.lang_line {
        0 => e,
        line => e.at(line, 1),
    }
}

/// Render one notice page (`summary.alternates`: its languages, for `hreflang` and the switcher).
pub fn notice_page(
    theme: &Theme,
    site: &SiteContext,
    notice: &Notice,
    declared: &Declared,
    summary: &PageSummary,
    report: &FileReport,
    config: &Config,
) -> Result<String> {
    let words = notice_words(theme, notice, config)?;
    let strings = &words.strings;
    let body = html::render_body(notice, config.unsafe_html);
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    words.insert(&mut ctx);
    ctx.insert(
        "alternates",
        &alternates_for(&summary.alternates, &summary.url),
    );
    let mut page = Map::new();
    page.insert("title".into(), Value::String(summary.title.clone()));
    page.insert("url".into(), Value::String(summary.url.clone()));
    page.insert("content".into(), Value::String(body.html));
    page.insert(
        "toc".into(),
        serde_json::to_value(&body.toc).unwrap_or_default(),
    );
    let in_language = |iso: Option<&String>| {
        iso.and_then(|d| Date::parse(d))
            .map_or(Value::Null, |d| Value::String(strings.long_date(d)))
    };
    page.insert(
        "last_updated".into(),
        in_language(summary.last_updated_iso.as_ref()),
    );
    page.insert(
        "last_updated_iso".into(),
        summary
            .last_updated_iso
            .clone()
            .map_or(Value::Null, Value::String),
    );
    page.insert(
        "description".into(),
        summary
            .description
            .clone()
            .map_or(Value::Null, Value::String),
    );
    page.insert(
        "changes".into(),
        serde_json::to_value(&summary.changes).unwrap_or_default(),
    );
    page.insert("source_path".into(), Value::String(notice.rel_path.clone()));
    page.insert("extra".into(), Value::Object(declared.page.extra.clone()));
    page.insert(
        "elements".into(),
        serde_json::to_value(&report.elements).unwrap_or_default(),
    );
    page.insert(
        "facts".into(),
        serde_json::to_value(&report.facts).unwrap_or_default(),
    );
    // The layered "At a glance" summary, the declared front matter, and the machine-readable
    // copies linked from the head (written beside the page by `Site::process`).
    // The summary is made of what detection read and of English labels: on a page in a
    // language detection does not read, it would be empty or say the wrong things.
    let glance = if crate::load::language::detection_reads(&strings.lang) {
        glance::glance(notice, report, declared)
    } else {
        Vec::new()
    };
    page.insert(
        "glance".into(),
        serde_json::to_value(&glance).unwrap_or_default(),
    );
    page.insert(
        "review_due".into(),
        declared
            .review_due
            .map_or(Value::Null, |d| Value::String(strings.long_date(d))),
    );
    page.insert(
        "review_due_iso".into(),
        declared
            .review_due
            .map_or(Value::Null, |d| Value::String(d.to_string())),
    );
    page.insert(
        "declared".into(),
        serde_json::to_value(declared).unwrap_or_default(),
    );
    let (json_url, jsonld_url) = machine::alternate_paths(&page_file(&summary.url));
    page.insert("json_url".into(), Value::String(json_url));
    page.insert("jsonld_url".into(), Value::String(jsonld_url));
    ctx.insert("page", &Value::Object(page));
    theme.render("notice.html", &ctx)
}

/// The output file of a page from its URL: `a/` → `a/index.html`, `a/b.html` as it is.
pub(crate) fn page_file(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// The pages the site generates from the list of notices (each is also the name of its
/// template). No notice may be written over one of them (they are in [`SITE_FILES`]).
pub(crate) const SHARED_PAGES: &[&str] = &["index.html", "404.html", "sitemap.xml", "robots.txt"];

/// Every file the site itself writes besides the notices' files and the theme's static files,
/// with what it is (for collision errors): the [`SHARED_PAGES`] and the files made in code
/// ([`headers::generated_files`]). No notice may be written over one of them; `_headers` is
/// reserved even when `headers = false`, so turning it on never breaks a site.
pub(crate) const SITE_FILES: &[(&str, &str)] = &[
    ("index.html", "the site's index page"),
    ("404.html", "the site's 404 page"),
    ("sitemap.xml", "the site's sitemap"),
    ("robots.txt", "the site's robots.txt"),
    (headers::HEADERS_FILE, "the site's _headers file"),
    (
        crate::history::feed::FEED_FILE,
        "the site's feed of notice changes",
    ),
];

/// Whether the site itself writes `file` (one of [`SITE_FILES`]).
pub(crate) fn is_site_file(file: &str) -> bool {
    SITE_FILES.iter().any(|(f, _)| *f == file)
}

/// The index, 404, sitemap and robots.txt ([`SHARED_PAGES`]), by output path.
pub(crate) fn shared_pages(
    theme: &Theme,
    site: &SiteContext,
    pages: &[PageSummary],
) -> Result<Vec<(String, String)>> {
    let ctx = shared_context(theme, site, pages)?;
    SHARED_PAGES
        .iter()
        .map(|page| Ok((page.to_string(), theme.render(page, &ctx)?)))
        .collect()
}

/// What the shared pages' templates see (`build` and `serve` alike), in the site's language.
/// `pages` is every notice (translations too: templates list `translation` ones under their
/// source, through its `alternates`).
pub fn shared_context(
    theme: &Theme,
    site: &SiteContext,
    pages: &[PageSummary],
) -> Result<tera::Context> {
    let strings = theme.strings(&site.language)?;
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    insert_language(&mut ctx, &strings);
    let pages: Vec<PageSummary> = pages
        .iter()
        .map(|p| PageSummary {
            last_updated: p
                .last_updated_iso
                .as_deref()
                .and_then(Date::parse)
                .map(|d| strings.long_date(d)),
            ..p.clone()
        })
        .collect();
    ctx.insert("notices", &pages);
    Ok(ctx)
}

/// The order notices are listed in (index, sitemap): by title ignoring case, then by URL.
pub(crate) fn sort_listing(pages: &mut [PageSummary]) {
    pages.sort_by(|a, b| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then(a.url.cmp(&b.url))
    });
}
