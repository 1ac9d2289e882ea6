//! Structured front matter: facts a notice declares instead of (or as well as) stating them in
//! prose. All keys are optional — real notices declare nothing — but a key that is present must be
//! valid, and an invalid one is an error at the line of the key (see docs/front-matter.md).
//!
//! Keys: `controller`, `dpo`, `lawful_basis`, `collection`, `transfers`, `special_category`,
//! `automated_decisions`, `retention`, `review_due`, `last_updated`, `changes`.
//!
//! [`Declared`] also carries what the other stages need from the rest of the front matter
//! (`permalink`, `description`, `jurisdiction`, the dates, the lines of some keys, and the
//! whole map for templates as `page.extra`), so that nothing outside `load/` reads the raw map.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::load::{FrontMatter, Notice};

mod changes;
mod names;
mod reader;

pub(crate) use changes::DeclaredChange;

pub(crate) use names::lawful_bases;
pub(crate) use names::{
    CONTROLLER_KINDS, mechanisms, normalise_basis, normalise_kind, normalise_mechanism,
};
use reader::Reader;

/// The facts a notice declares in its front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Declared {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) controller: Option<Controller>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) dpo: Option<Dpo>,
    /// Normalised ids, in the order given, without duplicates (see [`lawful_bases`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lawful_basis: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) collection: Option<Collection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) transfers: Option<Transfers>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) special_category: Option<SpecialCategory>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) automated_decisions: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) retention: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "iso_date")]
    pub(crate) review_due: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "iso_date")]
    pub(crate) last_updated: Option<Date>,
    /// The notice's own summaries of its changes, by date (docs/history.md).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) changes: Vec<DeclaredChange>,
    /// The rest of the front matter, read without validation (not part of `notice.json`).
    #[serde(skip)]
    pub(crate) page: PageKeys,
}

/// Front-matter keys that are not structured facts, read as they are (see [`declared`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageKeys {
    /// `permalink` when it is text (anything else but nothing is an error).
    pub permalink: Option<String>,
    /// `description`, trimmed, when it is non-empty text.
    pub description: Option<String>,
    /// `jurisdiction` when it is text, as written (the site's setting is the default).
    pub jurisdiction: Option<String>,
    /// The first of [`DATE_KEYS`] that holds a date.
    pub updated: Option<KeyDate>,
    /// Jekyll's `date` (often the first publication), when it holds a date.
    pub published: Option<KeyDate>,
    /// The line of each key that findings and errors point at.
    pub lines: KeyLines,
    /// The whole front-matter map, for templates (`page.extra.KEY`).
    pub extra: Map<String, Value>,
}

/// A date read from a front-matter key, with the line of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyDate {
    pub date: Date,
    pub line: usize,
}

/// The lines (1-based) of the front-matter keys that findings and errors point at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyLines {
    pub title: Option<usize>,
    pub permalink: Option<usize>,
    pub review_due: Option<usize>,
}

/// Front-matter keys that state when the notice was last changed, most specific first.
pub(crate) const DATE_KEYS: &[&str] = &["last_updated", "updated", "last_modified"];

/// Who decides why and how the data is used (Art 13(1)(a) / 14(1)(a)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Controller {
    pub name: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    /// `public_authority`, `private` or `charity` (front-matter key `type` or `kind`).
    pub kind: Option<String>,
}

/// The data protection officer's contact details (Art 13(1)(b) / 14(1)(b)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Dpo {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

/// Whether the data comes from the person (Art 13), from others (Art 14), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Collection {
    Direct,
    Indirect,
    Both,
}

impl Collection {
    /// Whether Article 14 applies to at least some of the data.
    pub(crate) fn art14(self) -> bool {
        matches!(self, Collection::Indirect | Collection::Both)
    }
}

/// Transfers outside the UK (Art 13(1)(f) / 14(1)(f)). `transfers: false` declares none,
/// `transfers: true` declares some without detail, a list names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Transfers {
    pub any: bool,
    pub destinations: Vec<Transfer>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Transfer {
    pub country: String,
    /// Normalised id of the safeguard (see [`mechanisms`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<String>,
}

/// Special category data (Art 9): `special_category: false`, `true`, or details.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct SpecialCategory {
    pub processed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// The Art 9(2) condition, e.g. `9(2)(g)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The DPA 2018 Schedule 1 condition, e.g. `para 6`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_1: Option<String>,
}

fn iso_date<S: Serializer>(d: &Option<Date>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// Read and validate the structured keys of `notice`'s front matter.
pub fn declared(notice: &Notice) -> Result<Declared> {
    let data = &notice.front.data;
    let r = Reader { notice };
    let mut d = Declared {
        page: page_keys(notice)?,
        ..Declared::default()
    };
    if let Some(v) = present(data, "controller") {
        d.controller = Some(r.controller(v)?);
    }
    if let Some(v) = present(data, "dpo") {
        d.dpo = Some(r.dpo(v)?);
    }
    if let Some(v) = present(data, "lawful_basis") {
        d.lawful_basis = r.lawful_basis(v)?;
    }
    if let Some(v) = present(data, "collection") {
        d.collection = Some(r.collection(v)?);
    }
    if let Some(v) = present(data, "transfers") {
        d.transfers = Some(r.transfers(v)?);
    }
    if let Some(v) = present(data, "special_category") {
        d.special_category = Some(r.special_category(v)?);
    }
    if let Some(v) = present(data, "automated_decisions") {
        d.automated_decisions = Some(r.boolean("automated_decisions", v)?);
    }
    if let Some(v) = present(data, "retention") {
        d.retention = Some(r.retention(v)?);
    }
    if let Some(v) = present(data, "review_due") {
        d.review_due = Some(r.date("review_due", v)?);
    }
    if let Some(v) = present(data, "last_updated") {
        d.last_updated = Some(r.date("last_updated", v)?);
    }
    if let Some(v) = present(data, "changes") {
        d.changes = r.changes(v)?;
    }
    Ok(d)
}

/// The `permalink` key as written (text, or absent), and its line; anything else is an error at
/// that line. Read alone where a notice's other keys are not needed (a translation's siblings).
pub(crate) fn permalink(front: &FrontMatter, display: &str) -> Result<(Option<String>, usize)> {
    let line = front.key_lines.get("permalink").copied().unwrap_or(1);
    match front.data.get("permalink") {
        Some(Value::String(p)) => Ok((Some(p.clone()), line)),
        Some(Value::Null) | None => Ok((None, line)),
        Some(_) => Err(Error::new("permalink must be a string")
            .in_file(display)
            .at(line, 1)),
    }
}

/// The keys other stages read as they are. A `permalink` that is not text is the only error.
fn page_keys(notice: &Notice) -> Result<PageKeys> {
    let front = &notice.front;
    let line = |key: &str| front.key_lines.get(key).copied();
    let (permalink, _) = permalink(front, &notice.source.display)?;
    let date_of = |key: &str| {
        let s = match front.data.get(key)? {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Some(KeyDate {
            date: Date::parse(&s)?,
            line: line(key).unwrap_or(1),
        })
    };
    Ok(PageKeys {
        permalink,
        description: notice.front_str("description").map(str::to_string),
        jurisdiction: match front.data.get("jurisdiction") {
            Some(Value::String(j)) => Some(j.clone()),
            _ => None,
        },
        updated: DATE_KEYS.iter().find_map(|key| date_of(key)),
        published: date_of("date"),
        lines: KeyLines {
            title: line("title"),
            permalink: line("permalink"),
            review_due: line("review_due"),
        },
        extra: front.data.clone(),
    })
}

/// A key counts as absent when missing or null (`dpo:` with nothing after it).
fn present<'a>(data: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    data.get(key).filter(|v| !v.is_null())
}

#[cfg(test)]
mod tests;
