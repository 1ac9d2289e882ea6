//! The `changes:` key: the notice's own one-line summaries of its changes, by date, which the
//! "Changes to this notice" section shows instead of the commit subjects (docs/history.md).
//!
//! ```yaml
//! changes:
//!   - date: 2026-03-01
//!     summary: We now keep application forms for one year, not two.
//! ```

use serde_json::Value;

use super::reader::Reader;
use super::*;

/// One entry of `changes:`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct DeclaredChange {
    #[serde(serialize_with = "iso")]
    pub date: Date,
    pub summary: String,
}

fn iso<S: Serializer>(d: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

impl Reader<'_> {
    pub(super) fn changes(&self, v: &Value) -> Result<Vec<DeclaredChange>> {
        const KEY: &str = "changes";
        let Value::Array(items) = v else {
            return Err(self.err(KEY, None, "expected a list of {date, summary}".to_string()));
        };
        let mut out: Vec<DeclaredChange> = Vec::new();
        for item in items {
            let map = self.mapping(KEY, item, &["date", "summary"])?;
            let date = match map.get("date") {
                Some(d) if !d.is_null() => self.date(KEY, d)?,
                _ => return Err(self.err(KEY, None, "each change needs a `date`".into())),
            };
            let summary = self.field(KEY, map, &["summary"])?.ok_or_else(|| {
                self.err(KEY, None, format!("the change of {date} needs a `summary`"))
            })?;
            if summary.contains('\n') {
                return Err(self.err(
                    KEY,
                    Some("summary"),
                    format!("the summary of {date} must be one line"),
                ));
            }
            if out.iter().any(|c| c.date == date) {
                return Err(self.err(
                    KEY,
                    None,
                    format!("two changes are dated {date}; give one summary per date"),
                ));
            }
            out.push(DeclaredChange { date, summary });
        }
        Ok(out)
    }
}
