//! The validating reader behind [`super::declared`]: one method per structured key, each
//! returning a typed value or an error at the line of the key.

use serde_json::Value;

use super::*;

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

pub(super) struct Reader<'a> {
    pub(super) notice: &'a Notice,
}

impl Reader<'_> {
    /// An error at the line of top-level `key` (or of `sub` inside it when it can be found).
    pub(super) fn err(&self, key: &str, sub: Option<&str>, message: String) -> Error {
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
    pub(super) fn mapping<'v>(
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

    pub(super) fn field(
        &self,
        key: &str,
        map: &Map<String, Value>,
        names: &[&str],
    ) -> Result<Option<String>> {
        for name in names {
            if let Some(v) = map.get(*name)
                && let Some(s) = self.text(key, Some(name), v)?
            {
                return Ok(Some(s));
            }
        }
        Ok(None)
    }

    pub(super) fn controller(&self, v: &Value) -> Result<Controller> {
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
        self.check_url(KEY, map, c.url.as_deref())?;
        Ok(c)
    }

    pub(super) fn dpo(&self, v: &Value) -> Result<Dpo> {
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
        self.check_url(KEY, map, d.url.as_deref())?;
        Ok(d)
    }

    /// A contact web address is published in `notice.json` and `notice.jsonld` and may become
    /// a link: only http(s) and mailto (after dropping what browsers ignore in a scheme).
    fn check_url(&self, key: &str, map: &Map<String, Value>, url: Option<&str>) -> Result<()> {
        let Some(url) = url else { return Ok(()) };
        let plain: String = url
            .chars()
            .filter(|c| !c.is_control() && !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if ["http://", "https://", "mailto:"]
            .iter()
            .any(|s| plain.starts_with(s))
        {
            return Ok(());
        }
        let sub = if map.contains_key("url") {
            "url"
        } else {
            "form_url"
        };
        Err(self.err(
            key,
            Some(sub),
            format!(
                "`{}` is not a web or email address; only http://, https:// and mailto: are allowed",
                url.escape_debug()
            ),
        ))
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

    pub(super) fn lawful_basis(&self, v: &Value) -> Result<Vec<String>> {
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
                let ids: Vec<&str> = lawful_bases().iter().map(|b| b.id.as_str()).collect();
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

    pub(super) fn collection(&self, v: &Value) -> Result<Collection> {
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

    pub(super) fn transfers(&self, v: &Value) -> Result<Transfers> {
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
                                mechanisms().join(", ")
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

    pub(super) fn special_category(&self, v: &Value) -> Result<SpecialCategory> {
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

    pub(super) fn boolean(&self, key: &str, v: &Value) -> Result<bool> {
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

    pub(super) fn retention(&self, v: &Value) -> Result<String> {
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

    pub(super) fn date(&self, key: &str, v: &Value) -> Result<Date> {
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
