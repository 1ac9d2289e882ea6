//! What a site's pages take from the notices' history (see [`crate::history`]): each notice's
//! "Changes to this notice" and change pages, in the notice's language, and the site's feed.

use super::{Sink, Site};
use crate::error::Result;
use crate::history::{self, feed, pages::Page};
use crate::load::Notice;
use crate::load::structured::Declared;
use crate::render::{self, PageSummary, SiteContext};

impl Site {
    /// The feed's URL relative to the base path, when the site has one (a notice has changed).
    pub(super) fn feed_url(&self) -> Option<String> {
        self.history
            .as_ref()
            .is_some_and(history::History::has_changes)
            .then(|| feed::FEED_FILE.to_string())
    }

    /// Put `notice`'s changes, newest first, into `summary.changes` and render its change
    /// pages (output file, HTML); nothing without history.
    pub(super) fn changes_of(
        &self,
        context: &SiteContext,
        notice: &Notice,
        declared: &Declared,
        summary: &mut PageSummary,
    ) -> Result<Vec<Page>> {
        let Some(history) = &self.history else {
            return Ok(Vec::new());
        };
        let strings = render::notice_strings(&self.theme, notice, &self.config)?;
        let (changes, pages) = history::pages::changes(
            history,
            &self.theme,
            context,
            &strings,
            notice,
            &declared.changes,
            summary,
        )?;
        summary.changes = changes;
        Ok(pages)
    }

    /// Write the Atom feed of every notice's changes (`pages`: every language's), when the
    /// site has history and a change.
    pub(super) fn write_feed(
        &self,
        context: &SiteContext,
        pages: &[PageSummary],
        sink: &dyn Sink,
    ) -> Result<()> {
        if self.history.is_some()
            && let Some(atom) = feed::atom(context, pages)
        {
            sink.put(feed::FEED_FILE, atom.into_bytes())?;
        }
        Ok(())
    }
}
