//! Rule packs: the law as data. Built-in packs live in `lints/*.toml` and are embedded in the
//! binary; a site's own `lints/*.toml` adds rules (or replaces a built-in rule with the same
//! code). Each rule has a `kind`, which names the detection machinery that runs it, and the
//! parameters that kind needs.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use serde::Deserialize;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::lint::Level;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lints");

/// One rule, as written in a pack: the fields every rule has, and its [`Kind`] with the
/// fields that kind takes. A field that belongs to no field of the rule's kind is refused when
/// the pack loads (see [`Kind`]).
#[derive(Debug, Clone, Deserialize)]
pub struct Rule {
    /// Stable code, e.g. `INF101`.
    pub code: String,
    /// Stable slug, e.g. `missing-retention`.
    pub slug: String,
    /// Default level.
    pub level: Level,
    /// One-line message; `{placeholders}` are filled in by the rule's kind.
    pub message: String,
    pub help: String,
    /// The provision enforced, e.g. `13(2)(a) / 14(2)(a)`.
    pub article: String,
    /// Long documentation for `informed explain` and docs/rules.md (Markdown).
    pub docs: String,
    /// Conditions that must all hold for the rule to apply (see `Condition`).
    #[serde(default)]
    pub when: Vec<String>,
    /// Only in notices under this jurisdiction (`uk` or `eu`).
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// Where to read more (a URL), used as SARIF `helpUri`.
    #[serde(default)]
    pub url: Option<String>,
    /// The detection machinery (`kind = "…"`) and its parameters: see docs/rules.md.
    #[serde(flatten)]
    pub(crate) kind: Kind,
    /// The pack the rule came from (file name), filled in when loading.
    #[serde(skip)]
    pub pack: String,
}

/// A rule's kind, tagged by its `kind` field, with the fields only that kind takes.
///
/// `Rule` flattens this enum, so every key of a `[[rule]]` that is not a common field reaches
/// the kind's variant, whose `deny_unknown_fields` refuses any it does not take (`threshold` on
/// a `pattern` rule, say, or a misspelt `mesage`).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) enum Kind {
    /// The element is not addressed (and every `when` condition holds).
    MissingElement {
        /// The element id (`[[element]]` in vocabulary.toml).
        element: String,
    },
    /// The notice relies on one of `bases`, has a rights section, and never mentions `right`.
    MissingRight {
        /// The right id (`[[right]]` in vocabulary.toml).
        right: String,
        /// The lawful-basis ids under which the right must be mentioned.
        bases: Vec<String>,
    },
    /// A regex of `patterns` (case-insensitive) matches the body.
    Pattern {
        patterns: Vec<String>,
        /// Regexes that, when found in the same section, cancel a match.
        #[serde(default)]
        unless: Vec<String>,
        /// Regexes that, when found anywhere in the notice, cancel every match.
        #[serde(default)]
        unless_notice: Vec<String>,
        /// Report only the first match in a notice (for wording that is wrong once for the
        /// whole notice, like citing "GDPR" without "UK").
        #[serde(default)]
        once: bool,
    },
    /// No "last updated" date in front matter or text.
    MissingDate {},
    /// The "last updated" date is more than `threshold` days old (default 730).
    StaleDate {
        #[serde(default)]
        threshold: Option<f64>,
    },
    /// The notice's text changed (per git) after its "last updated" date.
    DateBehindHistory {},
    /// Front-matter `review_due` is in the past.
    ReviewOverdue {},
    /// A section has sentences longer than `threshold` words (default 25).
    LongSentences {
        #[serde(default)]
        threshold: Option<f64>,
    },
    /// A section's Flesch–Kincaid grade is above `threshold` (default 14).
    Readability {
        #[serde(default)]
        threshold: Option<f64>,
    },
    /// An `informed-allow` comment gives no reason.
    SuppressionReason {},
    /// An `informed-allow` comment suppresses nothing.
    UnusedSuppression {},
    /// A translation's "last updated" date is before its source's.
    TranslationOlder {},
    /// A section of the source has no counterpart in the translation (matched by structure).
    TranslationMissingSection {},
    /// A declared fact named in `facts` (a dotted path such as `controller.email`) differs
    /// between a translation and its source.
    TranslationFactsDiffer { facts: Vec<String> },
    /// The notice is in a language detection does not read: its elements are not checked.
    LanguageNotRead {},
}

impl Kind {
    /// The kind's name as written in a pack (`missing-element`).
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Kind::MissingElement { .. } => "missing-element",
            Kind::MissingRight { .. } => "missing-right",
            Kind::Pattern { .. } => "pattern",
            Kind::MissingDate {} => "missing-date",
            Kind::StaleDate { .. } => "stale-date",
            Kind::DateBehindHistory {} => "date-behind-history",
            Kind::ReviewOverdue {} => "review-overdue",
            Kind::LongSentences { .. } => "long-sentences",
            Kind::Readability { .. } => "readability",
            Kind::SuppressionReason {} => "suppression-reason",
            Kind::UnusedSuppression {} => "unused-suppression",
            Kind::TranslationOlder {} => "translation-older",
            Kind::TranslationMissingSection {} => "translation-missing-section",
            Kind::TranslationFactsDiffer { .. } => "translation-facts-differ",
            Kind::LanguageNotRead {} => "language-not-read",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default)]
    rule: Vec<Rule>,
    #[serde(default)]
    element: Vec<crate::understand::ElementSpec>,
    #[serde(default)]
    right: Vec<crate::understand::RightSpec>,
    #[serde(default)]
    basis: Vec<crate::understand::BasisSpec>,
    #[serde(default)]
    fact: Vec<crate::understand::FactSpec>,
    #[serde(default)]
    concept: Vec<crate::understand::ConceptSpec>,
    #[serde(default)]
    form: Vec<crate::understand::FormSpec>,
    #[serde(default)]
    signal: Vec<crate::understand::SignalSpec>,
}

/// Everything the packs define, before compilation.
#[derive(Debug, Default, Clone)]
pub(crate) struct Packs {
    pub rules: Vec<Rule>,
    pub elements: Vec<crate::understand::ElementSpec>,
    pub rights: Vec<crate::understand::RightSpec>,
    pub bases: Vec<crate::understand::BasisSpec>,
    pub facts: Vec<crate::understand::FactSpec>,
    pub concepts: Vec<crate::understand::ConceptSpec>,
    pub forms: Vec<crate::understand::FormSpec>,
    pub signals: Vec<crate::understand::SignalSpec>,
}

impl Packs {
    /// Built-in packs, then the site's `lints/*.toml` on top.
    pub(crate) fn load(root: &Path) -> Result<Packs> {
        let mut packs = Packs::default();
        let mut files: Vec<_> = BUILTIN.files().filter(|f| is_toml(f.path())).collect();
        files.sort_by_key(|f| f.path());
        for f in files {
            let name = format!("(built-in) lints/{}", f.path().display());
            let text = std::str::from_utf8(f.contents()).unwrap_or_default();
            packs.add(&name, text)?;
        }
        let dir = root.join("lints");
        if dir.is_dir() {
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .map_err(|e| Error::io(&dir, &e))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_toml(p))
                .collect();
            paths.sort();
            for p in paths {
                let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, &e))?;
                // In this repository the site's lints/ is the built-in folder itself.
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if BUILTIN
                    .get_file(name)
                    .is_some_and(|f| f.contents() == text.as_bytes())
                {
                    continue;
                }
                packs.add(&p.display().to_string(), &text)?;
            }
        }
        Ok(packs)
    }

    fn add(&mut self, name: &str, text: &str) -> Result<()> {
        let file: PackFile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let offset = stray_key(text, span.clone(), e.message()).unwrap_or(span.start);
            let line = text[..offset.min(text.len())].matches('\n').count() + 1;
            Error::new(format!("invalid rule pack: {}", e.message().trim()))
                .in_file(name)
                .at(line, 1)
        })?;
        for mut rule in file.rule {
            rule.pack = name.to_string();
            // A rule with an existing code replaces it: sites can reword or retune built-ins.
            self.rules.retain(|r| r.code != rule.code);
            self.rules.push(rule);
        }
        for el in file.element {
            match self.elements.iter_mut().find(|e| e.id == el.id) {
                Some(existing) => existing.extend(el),
                None => self.elements.push(el),
            }
        }
        self.rights.extend(file.right);
        self.bases.extend(file.basis);
        self.facts.extend(file.fact);
        self.concepts.extend(file.concept);
        self.forms.extend(file.form);
        self.signals.extend(file.signal);
        Ok(())
    }
}

/// Where the key an "unknown field `x`" error names is written in the table that starts at
/// `span`. A rule's kind is read from the whole `[[rule]]` table (serde's `flatten`), so toml
/// points at the table's header; the line of the stray key itself is more use to whoever
/// wrote it. The table ends at the next header (a line that starts with `[`).
fn stray_key(text: &str, span: std::ops::Range<usize>, message: &str) -> Option<usize> {
    let key = message.split_once("unknown field `")?.1.split_once('`')?.0;
    let mut at = span.end;
    for line in text.get(span.end..)?.split_inclusive('\n') {
        if line.starts_with('[') {
            break;
        }
        let trimmed = line.trim_start();
        let quoted = format!("\"{key}\"");
        let rest = (trimmed.strip_prefix(key)).or_else(|| trimmed.strip_prefix(quoted.as_str()));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return Some(at + line.len() - trimmed.len());
        }
        at += line.len();
    }
    None
}

fn is_toml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml")
}

/// The effective level of each rule after `[lints]` in informed.toml (`None` = off).
pub(crate) fn effective_levels(
    rules: &[Rule],
    config: &Config,
) -> Result<BTreeMap<String, Option<Level>>> {
    let mut out = BTreeMap::new();
    for r in rules {
        out.insert(r.code.clone(), Some(r.level));
    }
    for (key, level) in &config.lints {
        let Some(rule) = rules.iter().find(|r| &r.code == key || &r.slug == key) else {
            let names: Vec<&str> = rules.iter().map(|r| r.slug.as_str()).collect();
            let mut err = config.error_at(
                &format!("lints.{key}"),
                format!("[lints] names an unknown rule `{key}`"),
            );
            if let Some(s) = crate::config::suggest(key, &names) {
                err = err.with_note(format!("help: did you mean `{s}`?"));
            }
            return Err(err);
        };
        out.insert(rule.code.clone(), Level::parse(level));
    }
    Ok(out)
}
