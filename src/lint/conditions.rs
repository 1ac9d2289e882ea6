//! The condition kinds a rule's `when` list can use. All conditions must hold.
//!
//! - `basis:consent` / `basis:public_task|legitimate_interests` — the notice relies on one of these bases
//! - `fact:art14`, `fact:transfers-outside`, `fact:adm`, `fact:special-category`, `fact:public-authority`
//!   (prefix with `not-` to require the fact to be false: `not-fact:art14`)
//! - `present:ELEMENT` / `absent:ELEMENT` — another element is (not) addressed
//! - `jurisdiction:uk` / `jurisdiction:eu`

use crate::error::{Error, Result};
use crate::understand::{FactSpec, Understanding};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Condition {
    Basis(Vec<String>),
    Fact {
        name: String,
        expected: bool,
        /// Why the rule applies when the fact holds (`reason` of the pack's `[[fact]]`).
        reason: Option<String>,
    },
    Present(String),
    Absent(String),
    Jurisdiction(String),
}

/// The facts the understand stage establishes (and front matter can declare); what each means
/// to a reader is the `reason` of its `[[fact]]` in the packs.
const FACTS: &[&str] = &[
    "art14",
    "transfers-outside",
    "adm",
    "special-category",
    "public-authority",
];

impl Condition {
    pub(crate) fn parse(s: &str, rule: &str, facts: &[FactSpec]) -> Result<Condition> {
        let bad = || Error::new(format!("rule `{rule}`: unknown condition `{s}`"));
        let (kind, arg) = s.split_once(':').ok_or_else(bad)?;
        let arg = arg.trim().to_string();
        Ok(match kind.trim() {
            "basis" => Condition::Basis(arg.split('|').map(|b| b.trim().to_string()).collect()),
            "fact" | "not-fact" if FACTS.contains(&arg.as_str()) => Condition::Fact {
                reason: facts
                    .iter()
                    .rev()
                    .find_map(|f| f.reason.clone().filter(|_| f.id == arg)),
                name: arg,
                expected: kind == "fact",
            },
            "present" => Condition::Present(arg),
            "absent" => Condition::Absent(arg),
            "jurisdiction" => Condition::Jurisdiction(arg),
            _ => return Err(bad()),
        })
    }

    pub(crate) fn holds(&self, u: &Understanding) -> bool {
        match self {
            Condition::Basis(bases) => bases.iter().any(|b| u.facts.relies_on(b)),
            Condition::Fact { name, expected, .. } => fact(u, name) == *expected,
            Condition::Present(e) => u.present(e),
            Condition::Absent(e) => !u.present(e),
            Condition::Jurisdiction(j) => &u.facts.jurisdiction == j,
        }
    }

    /// Words for a finding's message: why the rule applies to this notice.
    pub(crate) fn reason(&self, u: &Understanding) -> Option<String> {
        match self {
            Condition::Basis(b) => {
                let relied: Vec<String> = b
                    .iter()
                    .filter(|b| u.facts.relies_on(b))
                    .map(|b| b.replace('_', " "))
                    .collect();
                Some(format!("it relies on {}", relied.join(" and ")))
            }
            Condition::Fact {
                name,
                expected: true,
                reason,
            } => Some(reason.clone().unwrap_or_else(|| name.clone())),
            _ => None,
        }
    }
}

fn fact(u: &Understanding, name: &str) -> bool {
    match name {
        "art14" => u.facts.art14,
        "transfers-outside" => u.facts.transfers_outside_uk,
        "adm" => u.facts.automated_decisions,
        "special-category" => u.facts.special_category,
        "public-authority" => u.facts.public_authority,
        _ => false,
    }
}
