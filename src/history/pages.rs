//! A notice's "Changes to this notice" list and its change pages, rendered through the
//! theme: `change.html` shows one day's change, in the notice's language; the words people
//! read ("Changes to this notice", "added", "removed") are the theme's `history_*` strings.

use serde_json::{Map, Value};

use super::{ChangeItem, History, body, change_url, diff};
use crate::error::Result;
use crate::load::Notice;
use crate::load::structured::DeclaredChange;
use crate::render::{PageSummary, SiteContext, Strings, Theme};

/// The theme's template for a change page; a theme without it gets the list but no pages.
pub(crate) const TEMPLATE: &str = "change.html";

/// A change page: its output file and HTML.
pub(crate) type Page = (String, String);

/// The notice's changes, newest first, and its change pages (output file, HTML). A `changes:`
/// entry of the same date gives the summary instead of the commit subjects; one git does not
/// know (a change from before the repository) is listed without a page. Dates and the pages'
/// words are in the notice's language (`strings`).
pub(crate) fn changes(
    history: &History,
    theme: &Theme,
    site: &SiteContext,
    strings: &Strings,
    notice: &Notice,
    declared: &[DeclaredChange],
    summary: &PageSummary,
) -> Result<(Vec<ChangeItem>, Vec<Page>)> {
    let days = history.days(&notice.rel_path);
    let with_pages = theme.tera.contains_template(TEMPLATE);
    let mut items = Vec::new();
    let mut pages = Vec::new();
    for day in &days {
        let text = declared
            .iter()
            .find(|c| c.date == day.date)
            .map_or_else(|| day.subjects.join("; "), |c| c.summary.clone());
        let mut url = None;
        if with_pages
            && let Some(before) = day.before
            && let (Some(old), Some(new)) = (history.text(before), history.text(day.after))
        {
            let page_url = change_url(&summary.url, day.date);
            let (blocks, counts) =
                diff::word_diff(&diff::plain_text(body(&old)), &diff::plain_text(body(&new)));
            let mut page = Map::new();
            page.insert("title".into(), Value::String(summary.title.clone()));
            page.insert("url".into(), Value::String(page_url.clone()));
            page.insert("notice_url".into(), Value::String(summary.url.clone()));
            page.insert("date".into(), Value::String(strings.long_date(day.date)));
            page.insert("date_iso".into(), Value::String(day.date.to_string()));
            page.insert("summary".into(), Value::String(text.clone()));
            page.insert("added".into(), Value::from(counts.added));
            page.insert("removed".into(), Value::from(counts.removed));
            page.insert(
                "diff".into(),
                serde_json::to_value(&blocks).unwrap_or_default(),
            );
            let mut ctx = tera::Context::new();
            ctx.insert("site", site);
            crate::render::insert_language(&mut ctx, strings);
            ctx.insert("page", &Value::Object(page));
            pages.push((
                crate::render::page_file(&page_url),
                theme.render(TEMPLATE, &ctx)?,
            ));
            url = Some(page_url);
        }
        items.push(ChangeItem {
            date: strings.long_date(day.date),
            date_iso: day.date.to_string(),
            updated: day.latest.rfc3339(),
            summary: text,
            url,
        });
    }
    for c in declared {
        if !days.iter().any(|d| d.date == c.date) {
            items.push(ChangeItem {
                date: strings.long_date(c.date),
                date_iso: c.date.to_string(),
                updated: format!("{}T00:00:00+00:00", c.date),
                summary: c.summary.clone(),
                url: None,
            });
        }
    }
    items.sort_by(|a, b| b.date_iso.cmp(&a.date_iso));
    Ok((items, pages))
}
