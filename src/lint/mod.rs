//! Lint: apply the rule packs to what the understand stage found.

pub(crate) mod conditions;
pub(crate) mod diagnostic;
pub(crate) mod engine;
mod patterns;
pub(crate) mod prefilter;
pub(crate) mod readability;
pub(crate) mod rules;
pub(crate) mod suppress;
pub(crate) mod translation;

pub use diagnostic::{Diagnostic, FileReport, Level, Summary};
pub(crate) use rules::{Packs, Rule};

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::config::Config;
use crate::error::Result;
use crate::load::Notice;
use crate::understand::{Understanding, Vocabulary, understand};

/// The rule packs, with levels from informed.toml applied, and compiled once: at load
/// ([`RuleSet::load`]) or when the first notice needs them ([`RuleSet::load_lazily`]).
#[derive(Debug)]
pub struct RuleSet {
    pub(crate) packs: Packs,
    /// Effective level by rule code (`None` = turned off).
    pub levels: BTreeMap<String, Option<Level>>,
    compiled: OnceLock<Compiled>,
    /// Held while compiling, so that threads asking at once compile once.
    compiling: Mutex<()>,
}

/// What detection and the rules run on, compiled from the packs.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) vocab: Vocabulary,
    rules: Vec<engine::CompiledRule>,
    /// Every pattern rule's regexes in one search, run once per notice.
    prefilter: prefilter::Prefilter,
}

impl Compiled {
    fn new(packs: &Packs) -> Result<Compiled> {
        let vocab =
            Vocabulary::compile(&packs.elements, &packs.rights, &packs.bases, &packs.facts)?
                .with_concepts(&packs.concepts, &packs.forms, &packs.signals)?;
        let mut rules = packs
            .rules
            .iter()
            .map(|r| engine::compile(r, &vocab, &packs.facts))
            .collect::<Result<Vec<_>>>()?;
        let mut sources: Vec<String> = Vec::new();
        for rule in &mut rules {
            if let engine::Check::Pattern {
                patterns, first, ..
            } = &mut rule.check
            {
                *first = sources.len();
                sources.extend(patterns.iter().map(|re| re.as_str().to_string()));
            }
        }
        let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
        let prefilter = prefilter::Prefilter::build(&sources);
        Ok(Compiled {
            vocab,
            rules,
            prefilter,
        })
    }
}

impl RuleSet {
    /// Load the built-in rule packs, then the site's own `lints/`, with levels from `config`,
    /// and compile them: a pack that does not compile is an error here.
    pub fn load(root: &Path, config: &Config) -> Result<RuleSet> {
        RuleSet::from_packs(Packs::load(root)?, config)
    }

    /// [`RuleSet::load`], compiling only when a notice is first judged ([`RuleSet::compiled`]):
    /// a run whose every notice comes from the result cache never compiles. A pack that does
    /// not compile is then the error of the first notice judged; a run cannot take every
    /// notice from the cache with such a pack, since the cache's keys cover the packs and
    /// entries are only written by runs whose packs compiled.
    pub(crate) fn load_lazily(root: &Path, config: &Config) -> Result<RuleSet> {
        let packs = Packs::load(root)?;
        let levels = rules::effective_levels(&packs.rules, config)?;
        Ok(RuleSet {
            packs,
            levels,
            compiled: OnceLock::new(),
            compiling: Mutex::new(()),
        })
    }

    pub(crate) fn from_packs(packs: Packs, config: &Config) -> Result<RuleSet> {
        let compiled = Compiled::new(&packs)?;
        let levels = rules::effective_levels(&packs.rules, config)?;
        Ok(RuleSet {
            packs,
            levels,
            compiled: OnceLock::from(compiled),
            compiling: Mutex::new(()),
        })
    }

    /// The compiled packs, compiled now if they are not yet.
    pub(crate) fn compiled(&self) -> Result<&Compiled> {
        if let Some(c) = self.compiled.get() {
            return Ok(c);
        }
        let _one_at_a_time = self
            .compiling
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = self.compiled.get() {
            return Ok(c);
        }
        let c = Compiled::new(&self.packs)?;
        Ok(self.compiled.get_or_init(|| c))
    }

    /// Every rule, in pack order.
    pub fn rules(&self) -> &[Rule] {
        &self.packs.rules
    }

    /// A rule by code (`INF101`) or slug (`missing-retention`).
    pub(crate) fn find(&self, name: &str) -> Option<&Rule> {
        self.packs
            .rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(name) || r.slug == name)
    }

    fn level(&self, rule: &Rule) -> Option<Level> {
        self.levels
            .get(&rule.code)
            .copied()
            .unwrap_or(Some(rule.level))
    }
}

/// Understand and lint one notice, judging dates against today (`INFORMED_TODAY` when set).
/// The commands go through [`crate::pipeline`], which also validates the notice.
/// Front matter that does not validate counts as declaring nothing here. An error only when
/// the rules, loaded with [`RuleSet::load_lazily`], do not compile.
pub fn analyse(notice: &Notice, rules: &RuleSet, config: &Config) -> Result<FileReport> {
    let declared = crate::load::structured::declared(notice).unwrap_or_default();
    let u = understand(
        notice,
        &declared,
        &rules.compiled()?.vocab,
        &config.jurisdiction,
    );
    analyse_understood(notice, &u, &declared, rules, crate::date::Date::today())
}

/// Lint a notice that has already been understood; date rules judge against `today`. The
/// notice is taken to be in English with no source and no history; see [`analyse_in_language`].
pub(crate) fn analyse_understood(
    notice: &Notice,
    u: &Understanding,
    declared: &crate::load::structured::Declared,
    rules: &RuleSet,
    today: crate::date::Date,
) -> Result<FileReport> {
    let language = translation::LanguageCtx {
        tag: notice.language.lang.as_deref().unwrap_or("en"),
        parity: None,
    };
    analyse_in_language(notice, u, declared, rules, today, language, None)
}

/// [`analyse_understood`] for a notice in `language` (and, for a translation, compared with
/// its source), with `last_change` (the date and commit subject of the newest change of its
/// text, from git) checked against its "last updated" date.
pub(crate) fn analyse_in_language(
    notice: &Notice,
    u: &Understanding,
    declared: &crate::load::structured::Declared,
    rules: &RuleSet,
    today: crate::date::Date,
    language: translation::LanguageCtx,
    last_change: Option<&(crate::date::Date, String)>,
) -> Result<FileReport> {
    let compiled = rules.compiled()?;
    let ctx = engine::Ctx {
        language,
        notice,
        u,
        declared,
        vocab: &compiled.vocab,
        comments: suppress::comment_ranges(&notice.source.text),
        normalised_notice: OnceLock::new(),
        may_match: compiled
            .prefilter
            .scan(&notice.source.text[notice.body_start..]),
        prose: OnceLock::new(),
        today,
        last_change,
    };
    let mut hits: Vec<engine::Hit> = Vec::new();
    for (i, rule) in compiled.rules.iter().enumerate() {
        if rules.level(&rules.packs.rules[i]).is_some() {
            hits.extend(engine::run(i, rule, &ctx));
        }
    }
    apply_suppressions(notice, rules, &mut hits);
    let mut diagnostics: Vec<Diagnostic> = hits
        .into_iter()
        .filter_map(|h| {
            let rule = &rules.packs.rules[h.rule];
            let level = rules.level(rule)?;
            Some(diagnostic(notice, rule, level, &h))
        })
        .collect();
    diagnostics.sort_by(|a, b| (a.line, a.column, &a.code).cmp(&(b.line, b.column, &b.code)));
    // One finding per rule per line: two patterns of one rule matching the same line say the same thing.
    diagnostics.sort_by(|a, b| (a.line, &a.code, a.column).cmp(&(b.line, &b.code, b.column)));
    diagnostics.dedup_by(|a, b| a.code == b.code && a.line == b.line);
    diagnostics.sort_by(|a, b| (a.line, a.column, &a.code).cmp(&(b.line, b.column, &b.code)));
    Ok(FileReport {
        path: notice.source.display.clone(),
        elements: u.element_statuses(notice),
        facts: u.facts.clone(),
        diagnostics,
    })
}

/// Drop findings covered by an `informed-allow` comment; report comments with no reason or
/// no effect.
fn apply_suppressions(notice: &Notice, rules: &RuleSet, hits: &mut Vec<engine::Hit>) {
    let suppressions = suppress::find(notice);
    if suppressions.is_empty() {
        return;
    }
    let kind_index = |kind: &str| rules.packs.rules.iter().position(|r| r.kind.name() == kind);
    let mut extra = Vec::new();
    let mut used = vec![false; suppressions.len()];
    hits.retain(|h| {
        let rule = &rules.packs.rules[h.rule];
        let mut keep = true;
        for (i, s) in suppressions.iter().enumerate() {
            let names_rule = s.rule.eq_ignore_ascii_case(&rule.code) || s.rule == rule.slug;
            if names_rule && s.reason.is_some() && s.scope.contains(&h.range.start) {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    for (i, s) in suppressions.iter().enumerate() {
        let known = rules.find(&s.rule).is_some();
        if s.reason.is_none() {
            if let Some(r) = kind_index("suppression-reason") {
                extra.push(engine::Hit {
                    rule: r,
                    range: s.range.clone(),
                    vars: vec![("rule", s.rule.clone())],
                    weak: None,
                });
            }
        } else if !used[i]
            && let Some(r) = kind_index("unused-suppression")
        {
            let why = if known {
                "it matches no finding here"
            } else {
                "no rule has that name"
            };
            extra.push(engine::Hit {
                rule: r,
                range: s.range.clone(),
                vars: vec![("rule", s.rule.clone()), ("why", why.to_string())],
                weak: None,
            });
        }
    }
    hits.extend(extra);
}

fn diagnostic(notice: &Notice, rule: &Rule, level: Level, hit: &engine::Hit) -> Diagnostic {
    let start = notice.source.line_col(hit.range.start);
    let end = notice.source.end_line_col(&hit.range);
    let mut message = fill(&rule.message, &hit.vars);
    let mut help = fill(&rule.help, &hit.vars);
    let mut level = level;
    // Only weak signs of the element: not a confident absence, so never more than a warning.
    if let Some(weak) = &hit.weak {
        level = level.min(Level::Warning);
        message = format!("{message} (unclear: the only sign of it is \"{weak}\")");
        help = format!("if this text is meant to cover it, say so plainly; otherwise {help}");
    }
    Diagnostic {
        code: rule.code.clone(),
        rule: rule.slug.clone(),
        level,
        message,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column.max(start.column),
        help,
        article: rule.article.clone(),
        range: hit.range.clone(),
    }
}

/// Replace `{name}` placeholders; `{because}` becomes ", because …" when there is a reason.
fn fill(template: &str, vars: &[(&'static str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        let value = if *k == "because" && !v.is_empty() {
            format!(" (because {v})")
        } else {
            v.clone()
        };
        out = out.replace(&format!("{{{k}}}"), &value);
    }
    out.replace("{because}", "")
}
