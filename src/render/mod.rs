//! Render: notice pages, the index, 404, sitemap and robots.txt, through the theme's templates.

pub mod glance;
pub mod headers;
pub mod html;
pub mod machine;
pub mod permalink;
pub mod sanitize;
pub mod theme;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::date::Date;
use crate::error::Result;
use crate::lint::FileReport;
use crate::load::Notice;
pub use html::TocEntry;
pub use permalink::Target;
pub use theme::Theme;

/// What templates see as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    pub title: String,
    pub description: String,
    pub language: String,
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
    pub title: String,
    /// URL relative to the base path (`privacy-network/`).
    pub url: String,
    pub last_updated: Option<String>,
    pub last_updated_iso: Option<String>,
    pub description: Option<String>,
    /// "Changes to this notice", newest first (empty without history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<crate::history::ChangeItem>,
}

impl PageSummary {
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
        }
    }
}

/// Render one notice page.
pub fn notice_page(
    theme: &Theme,
    site: &SiteContext,
    notice: &Notice,
    summary: &PageSummary,
    report: &FileReport,
    config: &Config,
) -> Result<String> {
    let body = html::render_body(notice, config.unsafe_html);
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    let mut page = Map::new();
    page.insert("title".into(), Value::String(summary.title.clone()));
    page.insert("url".into(), Value::String(summary.url.clone()));
    page.insert("content".into(), Value::String(body.html));
    page.insert(
        "toc".into(),
        serde_json::to_value(&body.toc).unwrap_or_default(),
    );
    page.insert(
        "last_updated".into(),
        summary
            .last_updated
            .clone()
            .map_or(Value::Null, Value::String),
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
    page.insert("extra".into(), Value::Object(notice.front.data.clone()));
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
    let declared = crate::load::structured::declared(notice).unwrap_or_default();
    let glance = glance::glance(notice, report, &declared);
    page.insert(
        "glance".into(),
        serde_json::to_value(&glance).unwrap_or_default(),
    );
    page.insert(
        "review_due".into(),
        declared
            .review_due
            .map_or(Value::Null, |d| Value::String(d.long())),
    );
    page.insert(
        "review_due_iso".into(),
        declared
            .review_due
            .map_or(Value::Null, |d| Value::String(d.to_string())),
    );
    page.insert(
        "declared".into(),
        serde_json::to_value(&declared).unwrap_or_default(),
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
pub const SHARED_PAGES: &[&str] = &["index.html", "404.html", "sitemap.xml", "robots.txt"];

/// Every file the site itself writes besides the notices' files and the theme's static files,
/// with what it is (for collision errors): the [`SHARED_PAGES`] and the files made in code
/// ([`headers::generated_files`]). No notice may be written over one of them; `_headers` is
/// reserved even when `headers = false`, so turning it on never breaks a site.
pub const SITE_FILES: &[(&str, &str)] = &[
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
pub fn is_site_file(file: &str) -> bool {
    SITE_FILES.iter().any(|(f, _)| *f == file)
}

/// The index, 404, sitemap and robots.txt ([`SHARED_PAGES`]), by output path.
pub fn shared_pages(
    theme: &Theme,
    site: &SiteContext,
    pages: &[PageSummary],
) -> Result<Vec<(String, String)>> {
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    ctx.insert("notices", pages);
    SHARED_PAGES
        .iter()
        .map(|page| Ok((page.to_string(), theme.render(page, &ctx)?)))
        .collect()
}

/// The order notices are listed in (index, sitemap): by title ignoring case, then by URL.
pub fn sort_listing(pages: &mut [PageSummary]) {
    pages.sort_by(|a, b| {
        a.title
            .to_lowercase()
            .cmp(&b.title.to_lowercase())
            .then(a.url.cmp(&b.url))
    });
}

pub use sanitize::sanitize_html;
