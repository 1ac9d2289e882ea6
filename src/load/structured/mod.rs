//! Structured front matter: facts a notice declares instead of (or as well as) stating them in
//! prose. All keys are optional — real notices declare nothing — but a key that is present must be
//! valid, and an invalid one is an error at the line of the key (see docs/front-matter.md).
//!
//! Keys: `controller`, `dpo`, `lawful_basis`, `collection`, `transfers`, `special_category`,
//! `automated_decisions`, `retention`, `review_due`, `last_updated`, `changes`.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::load::Notice;

mod changes;
mod names;
mod reader;

pub use changes::DeclaredChange;

pub(crate) use names::lawful_bases;
pub use names::{
    CONTROLLER_KINDS, mechanisms, normalise_basis, normalise_kind, normalise_mechanism,
};
use reader::Reader;

/// The facts a notice declares in its front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Declared {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<Controller>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Dpo>,
    /// Normalised ids, in the order given, without duplicates (see [`lawful_bases`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lawful_basis: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection: Option<Collection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfers: Option<Transfers>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special_category: Option<SpecialCategory>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated_decisions: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "iso_date")]
    pub review_due: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "iso_date")]
    pub last_updated: Option<Date>,
    /// The notice's own summaries of its changes, by date (docs/history.md).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<DeclaredChange>,
}

/// Who decides why and how the data is used (Art 13(1)(a) / 14(1)(a)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Controller {
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
pub struct Dpo {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

/// Whether the data comes from the person (Art 13), from others (Art 14), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Collection {
    Direct,
    Indirect,
    Both,
}

impl Collection {
    /// Whether Article 14 applies to at least some of the data.
    pub fn art14(self) -> bool {
        matches!(self, Collection::Indirect | Collection::Both)
    }
}

/// Transfers outside the UK (Art 13(1)(f) / 14(1)(f)). `transfers: false` declares none,
/// `transfers: true` declares some without detail, a list names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Transfers {
    pub any: bool,
    pub destinations: Vec<Transfer>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub country: String,
    /// Normalised id of the safeguard (see [`mechanisms`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<String>,
}

/// Special category data (Art 9): `special_category: false`, `true`, or details.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpecialCategory {
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
    let mut d = Declared::default();
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

/// A key counts as absent when missing or null (`dpo:` with nothing after it).
fn present<'a>(data: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    data.get(key).filter(|v| !v.is_null())
}

#[cfg(test)]
mod tests;
