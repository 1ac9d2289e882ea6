//! Signals (`[[signal]]`): concepts combined into evidence for an element, and the tests a
//! text's concepts must pass.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Concepts, Found};
use crate::error::{Error, Result};

/// What kind of text a signal reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scope {
    /// One sentence.
    Sentence,
    /// A section heading (or a block's lead-in label), whose section must have a body.
    Heading,
    /// A sentence introducing a list, read together with the list items after it.
    List,
}

/// How much a signal proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Strength {
    /// The element is addressed.
    #[default]
    Strong,
    /// A hint only: the element may be addressed, but not clearly.
    Weak,
}

/// Concepts combined into evidence for an element.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignalSpec {
    pub element: String,
    pub scope: Scope,
    #[serde(default)]
    pub strength: Strength,
    /// Every one of these concepts must be present.
    #[serde(default)]
    pub all: Vec<String>,
    /// At least one of these (when given).
    #[serde(default)]
    pub any: Vec<String>,
    /// None of these.
    #[serde(default)]
    pub none: Vec<String>,
    /// Distinct terms of a concept needed (default 1): `{ data-item = 2 }`. For a concept in
    /// `none`, the number of distinct terms that rules the text out: a sentence naming three
    /// rights is about rights, though it says "delete".
    #[serde(default)]
    pub min: BTreeMap<String, usize>,
    /// `heading` and `list`: concepts the section body or the list items must hold (any one).
    #[serde(default)]
    pub body: Vec<String>,
    /// `list`: distinct terms of the `body` concepts needed across the items (default 1).
    #[serde(default)]
    pub body_min: Option<usize>,
    /// `list`: concepts one item must hold all of ("cancel a consent at any time" under "You
    /// have the right to:"), where `body` may find its concepts spread over the items.
    #[serde(default)]
    pub item: Vec<String>,
    /// The `all` concepts (and one `any` concept) must fall within this many words of each
    /// other: "you can ask us to delete" states a right; "you" and "delete" far apart in a
    /// long sentence do not.
    #[serde(default)]
    pub within: Option<usize>,
    /// Sentence scope: only the notice's first this many blocks of text (headings not counted),
    /// where a notice says whose it is.
    #[serde(default)]
    pub opening: Option<usize>,
    /// Sentence scope: concepts the sentence before it, in the same block, must all hold, for a
    /// sentence that refers back ("Only with your consent. You can switch it off again.").
    #[serde(default)]
    pub before: Vec<String>,
    /// Concepts some sentence of the notice must hold, anywhere: a hint that "you can change
    /// your mind" means consent only in a notice that speaks of consent at all.
    #[serde(default)]
    pub anywhere: Vec<String>,
}

/// A signal with its concepts resolved to indices.
#[derive(Debug, Clone)]
pub(crate) struct Signal {
    pub element: String,
    pub scope: Scope,
    pub strength: Strength,
    all: Vec<(usize, usize)>,
    any: Vec<usize>,
    none: Vec<(usize, usize)>,
    pub body: Vec<usize>,
    pub body_min: usize,
    item: Vec<usize>,
    within: Option<usize>,
    pub opening: Option<usize>,
    before: Vec<usize>,
    anywhere: Vec<usize>,
}

impl Signal {
    /// Does a text holding `found` satisfy the signal's own concepts?
    pub(crate) fn holds(&self, found: &Found) -> bool {
        // Reader-filled concepts (a name read in a sentence) are marked without a term: one
        // is `has`, more than one is counted in distinct terms.
        let enough = |c: usize, n: usize| {
            if n <= 1 {
                found.has(c)
            } else {
                found.count(c) >= n
            }
        };
        self.all.iter().all(|&(c, n)| enough(c, n))
            && (self.any.is_empty() || self.any.iter().any(|&c| found.has(c)))
            && !self.none.iter().any(|&(c, n)| enough(c, n))
            && self.within.is_none_or(|w| self.near(found, w as u32))
    }

    /// Does the notice (all its sentences' concepts together) hold the `anywhere` concepts?
    pub(crate) fn anywhere_holds(&self, notice: &Found) -> bool {
        self.anywhere.iter().all(|&c| notice.has(c))
    }

    /// Does the sentence before (None: there is none in the block) hold the `before` concepts?
    pub(crate) fn before_holds(&self, previous: Option<&Found>) -> bool {
        self.before.is_empty() || previous.is_some_and(|p| self.before.iter().all(|&c| p.has(c)))
    }

    /// Could some text of a notice whose texts hold `concepts` between them satisfy the signal?
    /// (Every `all` concept and one `any` concept must be somewhere.)
    pub(crate) fn possible(&self, concepts: &Found) -> bool {
        self.all.iter().all(|&(c, _)| concepts.has(c))
            && (self.any.is_empty() || self.any.iter().any(|&c| concepts.has(c)))
    }

    /// Is there a window of `w` words holding every `all` concept and one `any` concept?
    fn near(&self, found: &Found, w: u32) -> bool {
        // The groups: each `all` concept on its own, then the `any` concepts together.
        let groups = self.all.len() + usize::from(!self.any.is_empty());
        let group = |g: usize| -> &[usize] {
            match self.all.get(g) {
                Some((c, _)) => std::slice::from_ref(c),
                None => &self.any,
            }
        };
        if groups == 0 {
            return true;
        }
        // The window's first word is an occurrence of some group; from each occurrence, every
        // group needs one at or after it and within `w` words. (Taking each group's occurrence
        // nearest to the first concept instead misses "your children … you give us … the other
        // persons", where the nearest lies on the wrong side.)
        let inside = |g: &[usize], lo: u32| {
            (g.iter().flat_map(|&c| found.positions(c))).any(|q| q >= lo && q - lo <= w)
        };
        (0..groups)
            .flat_map(|g| group(g).iter().flat_map(|&c| found.positions(c)))
            .any(|lo| (0..groups).all(|g| inside(group(g), lo)))
    }

    /// Does the signal ask for `concept` at all (in `all`, `any` or `body`)?
    pub(crate) fn mentions(&self, concept: usize) -> bool {
        self.all.iter().any(|&(c, _)| c == concept)
            || self.any.contains(&concept)
            || self.body.contains(&concept)
    }

    /// Could the reader-filled `concept` complete this signal in a sentence holding `found`
    /// (sentence scope: every other `all` concept is there), or in the body under a heading or
    /// label holding `heading` (heading scope)? Lets the reader skip work no signal needs.
    pub(crate) fn wants(&self, concept: usize, found: &Found, heading: Option<&Found>) -> bool {
        match self.scope {
            Scope::Sentence => {
                self.all.iter().any(|&(c, _)| c == concept)
                    && (self.all.iter()).all(|&(c, n)| c == concept || found.count(c) >= n)
            }
            Scope::Heading => {
                self.body.contains(&concept) && heading.is_some_and(|h| self.holds(h))
            }
            Scope::List => {
                self.body.contains(&concept) || self.all.iter().any(|&(c, _)| c == concept)
            }
        }
    }

    /// A strong signal with its window stretched `factor` times, as a weak sign: the near miss
    /// of an element that counts them ([`crate::understand::ElementSpec::near_miss`]). None for
    /// a weak signal or one without a window.
    pub(crate) fn stretched(&self, factor: usize) -> Option<Signal> {
        if self.strength != Strength::Strong {
            return None;
        }
        Some(Signal {
            within: Some(self.within? * factor),
            strength: Strength::Weak,
            ..self.clone()
        })
    }

    /// Does a body (section text or list items) satisfy `body`?
    /// Does one list item, holding `found`, hold every `item` concept?
    pub(crate) fn item_holds(&self, found: &Found) -> bool {
        self.item.iter().all(|&c| found.has(c))
    }

    pub(crate) fn body_holds(&self, found: &Found) -> bool {
        self.body.is_empty()
            || self.body.iter().map(|&c| found.count(c)).sum::<usize>() >= self.body_min
    }
}

impl Concepts {
    /// Resolve a signal's concept names.
    pub(crate) fn signal(&self, spec: &SignalSpec) -> Result<Signal> {
        let what = format!("signal for `{}`", spec.element);
        let idx = |name: &String| {
            self.index(name)
                .ok_or_else(|| Error::new(format!("{what} names an unknown concept `{name}`")))
        };
        for name in spec.min.keys() {
            if !spec.all.contains(name) && !spec.none.contains(name) {
                return Err(Error::new(format!(
                    "{what}: `min` names `{name}`, which is in neither `all` nor `none`"
                )));
            }
        }
        // Concepts with the distinct terms `min` asks of them (1 when not named there).
        let with_min = |names: &[String]| {
            (names.iter())
                .map(|n| Ok((idx(n)?, spec.min.get(n).copied().unwrap_or(1))))
                .collect::<Result<Vec<_>>>()
        };
        Ok(Signal {
            element: spec.element.clone(),
            scope: spec.scope,
            strength: spec.strength,
            all: with_min(&spec.all)?,
            any: spec.any.iter().map(idx).collect::<Result<_>>()?,
            none: with_min(&spec.none)?,
            body: spec.body.iter().map(idx).collect::<Result<_>>()?,
            body_min: spec.body_min.unwrap_or(1),
            item: spec.item.iter().map(idx).collect::<Result<_>>()?,
            within: spec.within,
            opening: spec.opening,
            before: spec.before.iter().map(idx).collect::<Result<_>>()?,
            anywhere: spec.anywhere.iter().map(idx).collect::<Result<_>>()?,
        })
    }
}
