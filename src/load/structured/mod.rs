//! Structured front matter: facts a notice declares instead of (or as well as) stating them in
//! prose. All keys are optional — real notices declare nothing — but a key that is present must be
//! valid, and an invalid one is an error at the line of the key (see docs/front-matter.md).
//!
//! Keys: `controller`, `dpo`, `lawful_basis`, `collection`, `transfers`, `special_category`,
//! `automated_decisions`, `retention`, `review_due`, `last_updated`.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::load::Notice;

mod names;
pub use names::{
    CONTROLLER_KINDS, LAWFUL_BASES, MECHANISMS, normalise_basis, normalise_kind,
    normalise_mechanism,
};

/// The facts a notice declares in its front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Declared {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<Controller>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Dpo>,
    /// Normalised ids, in the order given, without duplicates (see [`LAWFUL_BASES`]).
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
    /// Normalised id of the safeguard (see [`MECHANISMS`]).
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
    Ok(d)
}

/// A key counts as absent when missing or null (`dpo:` with nothing after it).
fn present<'a>(data: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    data.get(key).filter(|v| !v.is_null())
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

struct Reader<'a> {
    notice: &'a Notice,
}

impl Reader<'_> {
    /// An error at the line of top-level `key` (or of `sub` inside it when it can be found).
    fn err(&self, key: &str, sub: Option<&str>, message: String) -> Error {
        let line = self.line_of(key, sub);
        Error::new(format!("front matter `{key}`: {message}"))
            .in_file(&self.notice.source.display)
            .at(line, 1)
            .with_note("help: see docs/front-matter.md for the structured keys and their values")
    }

    fn line_of(&self, key: &str, sub: Option<&str>) -> usize {
        let top = self.notice.front.key_lines.get(key).copied().unwrap_or(1);
        let Some(sub) = sub else { return top };
        // Nested keys: the first line after the key, inside the front matter, that names `sub`.
        let src = &self.notice.source;
        let last = src.line_col(self.notice.front.range.end).line;
        for line in top..=last {
            let t = src
                .line_text(line)
                .trim_start()
                .trim_start_matches(['-', '{', ',', ' ']);
            let t = t.trim_start_matches(['"', '\'']);
            if let Some(rest) = t.strip_prefix(sub)
                && rest
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with([':', '='])
            {
                return line;
            }
        }
        top
    }

    fn text(&self, key: &str, sub: Option<&str>, v: &Value) -> Result<Option<String>> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) if s.trim().is_empty() => Ok(None),
            Value::String(s) => Ok(Some(s.trim().to_string())),
            Value::Number(n) => Ok(Some(n.to_string())),
            other => Err(self.err(
                key,
                sub,
                format!(
                    "`{}` must be text, found {}",
                    sub.unwrap_or(key),
                    type_name(other)
                ),
            )),
        }
    }

    /// A mapping whose keys must all be among `allowed` (typos are errors, not silently ignored).
    fn mapping<'v>(
        &self,
        key: &str,
        v: &'v Value,
        allowed: &[&str],
    ) -> Result<&'v Map<String, Value>> {
        let Value::Object(map) = v else {
            return Err(self.err(
                key,
                None,
                format!(
                    "expected a mapping of {}, found {}",
                    allowed.join(", "),
                    type_name(v)
                ),
            ));
        };
        if let Some(bad) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(self.err(
                key,
                Some(bad),
                format!(
                    "unknown key `{bad}`; expected one of: {}",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(map)
    }

    fn field(&self, key: &str, map: &Map<String, Value>, names: &[&str]) -> Result<Option<String>> {
        for name in names {
            if let Some(v) = map.get(*name)
                && let Some(s) = self.text(key, Some(name), v)?
            {
                return Ok(Some(s));
            }
        }
        Ok(None)
    }

    fn controller(&self, v: &Value) -> Result<Controller> {
        const KEY: &str = "controller";
        if let Value::String(s) = v {
            return Ok(Controller {
                name: Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                ..Controller::default()
            });
        }
        let map = self.mapping(
            KEY,
            v,
            &[
                "name", "address", "email", "phone", "url", "form_url", "type", "kind",
            ],
        )?;
        let kind = match self.field(KEY, map, &["type", "kind"])? {
            None => None,
            Some(k) => {
                let sub = if map.contains_key("type") {
                    "type"
                } else {
                    "kind"
                };
                let id = normalise_kind(&k).ok_or_else(|| {
                    self.err(
                        KEY,
                        Some(sub),
                        format!(
                            "unknown controller type `{k}`; expected one of: {}",
                            CONTROLLER_KINDS.join(", ")
                        ),
                    )
                })?;
                Some(id.to_string())
            }
        };
        let c = Controller {
            name: self.field(KEY, map, &["name"])?,
            address: self.field(KEY, map, &["address"])?,
            email: self.field(KEY, map, &["email"])?,
            phone: self.field(KEY, map, &["phone"])?,
            url: self.field(KEY, map, &["url", "form_url"])?,
            kind,
        };
        if let Some(email) = &c.email {
            self.check_email(KEY, email)?;
        }
        Ok(c)
    }

    fn dpo(&self, v: &Value) -> Result<Dpo> {
        const KEY: &str = "dpo";
        if let Value::String(s) = v {
            // A single value: an email address, a web address or a name.
            let s = s.trim().to_string();
            let mut d = Dpo::default();
            if s.contains('@') && !s.contains(' ') {
                d.email = Some(s);
            } else if s.starts_with("http://") || s.starts_with("https://") {
                d.url = Some(s);
            } else if !s.is_empty() {
                d.name = Some(s);
            }
            return Ok(d);
        }
        let map = self.mapping(KEY, v, &["name", "email", "phone", "url", "form_url"])?;
        let d = Dpo {
            name: self.field(KEY, map, &["name"])?,
            email: self.field(KEY, map, &["email"])?,
            phone: self.field(KEY, map, &["phone"])?,
            url: self.field(KEY, map, &["url", "form_url"])?,
        };
        if let Some(email) = &d.email {
            self.check_email(KEY, email)?;
        }
        Ok(d)
    }

    fn check_email(&self, key: &str, email: &str) -> Result<()> {
        let ok = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.contains(char::is_whitespace)
        });
        if ok {
            Ok(())
        } else {
            Err(self.err(
                key,
                Some("email"),
                format!("`{email}` is not an email address"),
            ))
        }
    }

    fn lawful_basis(&self, v: &Value) -> Result<Vec<String>> {
        const KEY: &str = "lawful_basis";
        let items: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        let mut out: Vec<String> = Vec::new();
        for item in items {
            let Value::String(s) = item else {
                return Err(self.err(
                    KEY,
                    None,
                    format!("each lawful basis must be text, found {}", type_name(item)),
                ));
            };
            let id = normalise_basis(s).ok_or_else(|| {
                let ids: Vec<&str> = LAWFUL_BASES.iter().map(|(id, _)| *id).collect();
                self.err(KEY, None, format!("unknown lawful basis `{s}`"))
                    .with_note(format!("expected one of: {}", ids.join(", ")))
                    .with_note("or the Article 6(1) point, e.g. `6(1)(e)`")
            })?;
            if !out.iter().any(|x| x == id) {
                out.push(id.to_string());
            }
        }
        if out.is_empty() {
            return Err(self.err(
                KEY,
                None,
                "the list is empty; remove the key or name a basis".into(),
            ));
        }
        Ok(out)
    }

    fn collection(&self, v: &Value) -> Result<Collection> {
        const KEY: &str = "collection";
        let s = match v {
            Value::String(s) => s.trim().to_lowercase(),
            other => {
                return Err(self.err(
                    KEY,
                    None,
                    format!(
                        "expected `direct`, `indirect` or `both`, found {}",
                        type_name(other)
                    ),
                ));
            }
        };
        match s.as_str() {
            "direct" | "art13" | "article 13" | "13" => Ok(Collection::Direct),
            "indirect" | "art14" | "article 14" | "14" => Ok(Collection::Indirect),
            "both" | "direct and indirect" | "mixed" => Ok(Collection::Both),
            _ => Err(self.err(
                KEY,
                None,
                format!("unknown value `{s}`; expected `direct` (Article 13), `indirect` (Article 14) or `both`"),
            )),
        }
    }

    fn transfers(&self, v: &Value) -> Result<Transfers> {
        const KEY: &str = "transfers";
        let items: Vec<&Value> = match v {
            Value::Bool(b) => {
                return Ok(Transfers {
                    any: *b,
                    destinations: Vec::new(),
                });
            }
            Value::Array(a) => a.iter().collect(),
            Value::Object(_) => vec![v],
            other => {
                return Err(self.err(
                    KEY,
                    None,
                    format!(
                        "expected true/false or a list of {{country, mechanism}}, found {}",
                        type_name(other)
                    ),
                ));
            }
        };
        let mut destinations = Vec::new();
        for item in items {
            let map = self.mapping(KEY, item, &["country", "mechanism", "safeguard"])?;
            let country = self
                .field(KEY, map, &["country"])?
                .ok_or_else(|| self.err(KEY, None, "each transfer needs a `country`".into()))?;
            let mechanism = match self.field(KEY, map, &["mechanism", "safeguard"])? {
                None => None,
                Some(m) => {
                    let sub = if map.contains_key("mechanism") {
                        "mechanism"
                    } else {
                        "safeguard"
                    };
                    let id = normalise_mechanism(&m).ok_or_else(|| {
                        self.err(
                            KEY,
                            Some(sub),
                            format!(
                                "unknown transfer mechanism `{m}`; expected one of: {}",
                                MECHANISMS.join(", ")
                            ),
                        )
                    })?;
                    Some(id.to_string())
                }
            };
            destinations.push(Transfer { country, mechanism });
        }
        Ok(Transfers {
            any: !destinations.is_empty(),
            destinations,
        })
    }

    fn special_category(&self, v: &Value) -> Result<SpecialCategory> {
        const KEY: &str = "special_category";
        if let Value::Bool(b) = v {
            return Ok(SpecialCategory {
                processed: *b,
                ..SpecialCategory::default()
            });
        }
        if !v.is_object() {
            return Err(self.err(
                KEY,
                None,
                format!("expected true/false or a mapping of categories, condition, schedule_1; found {}", type_name(v)),
            ));
        }
        let map = self.mapping(
            KEY,
            v,
            &["categories", "condition", "art9", "schedule_1", "dpa_sch1"],
        )?;
        let categories = match map.get("categories") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => {
                let mut out = Vec::new();
                for c in a {
                    if let Some(s) = self.text(KEY, Some("categories"), c)? {
                        out.push(s);
                    }
                }
                out
            }
            Some(other) => self
                .text(KEY, Some("categories"), other)?
                .into_iter()
                .collect(),
        };
        Ok(SpecialCategory {
            processed: true,
            categories,
            condition: self.field(KEY, map, &["condition", "art9"])?,
            schedule_1: self.field(KEY, map, &["schedule_1", "dpa_sch1"])?,
        })
    }

    fn boolean(&self, key: &str, v: &Value) -> Result<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::String(s) => match s.trim().to_lowercase().as_str() {
                "yes" | "true" => Ok(true),
                "no" | "false" | "none" => Ok(false),
                _ => Err(self.err(key, None, format!("expected true or false, found `{s}`"))),
            },
            other => Err(self.err(
                key,
                None,
                format!("expected true or false, found {}", type_name(other)),
            )),
        }
    }

    fn retention(&self, v: &Value) -> Result<String> {
        const KEY: &str = "retention";
        let s = match v {
            Value::Object(_) => {
                let map = self.mapping(KEY, v, &["period", "criteria"])?;
                self.field(KEY, map, &["period", "criteria"])?
            }
            other => self.text(KEY, None, other)?,
        };
        s.ok_or_else(|| {
            self.err(
                KEY,
                None,
                "is empty; say how long the data is kept, or remove the key".into(),
            )
        })
    }

    fn date(&self, key: &str, v: &Value) -> Result<Date> {
        let s = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Date::parse(&s).ok_or_else(|| {
            self.err(key, None, format!("`{s}` is not a date"))
                .with_note("use a date such as 2026-03-01 or 1 March 2026")
        })
    }
}

#[cfg(test)]
mod tests;
