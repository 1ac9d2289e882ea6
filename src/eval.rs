//! `informed eval`: measure element detection against hand labels.
//!
//! A labels file maps each notice's file name to `{element-id: true|false}` (what the notice
//! addresses). A "violation" is an element the notice does not address. Detection answers in
//! three outcomes (present, uncertain, absent); only *absent* is an error, so the headline
//! figures count an element as reported missing when its outcome is absent. A second view
//! counts uncertain elements too (everything the editor is warned about).
//!
//! `--half tune|blind` splits a set by a hash of each file name, so one half can be studied
//! while the other is only measured.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::config::Config;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::lint::RuleSet;
use crate::lint::diagnostic::Level;
use crate::lint::rules::Kind;
use crate::load::{self, Notice};
use crate::pipeline::Pipeline;
use crate::understand::Outcome;

#[derive(Debug, Default, Clone, Copy)]
/// How the "absent" verdicts compare with the labels (a missing element is the positive case).
pub struct Counts {
    /// Predicted absent, labelled absent.
    pub tp: usize,
    /// Predicted absent, labelled present.
    pub fp: usize,
    /// Predicted present, labelled absent.
    pub r#fn: usize,
    pub(crate) tn: usize,
}

impl Counts {
    /// Of the elements judged absent, the share labelled absent (1 when none was judged absent).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Of the elements labelled absent, the share judged absent (1 when none was labelled absent).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.r#fn)
    }
    fn add(&mut self, predicted_absent: bool, labelled_absent: bool) {
        match (predicted_absent, labelled_absent) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.r#fn += 1,
            (false, false) => self.tn += 1,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Which part of a labelled set to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Half {
    #[default]
    /// Every labelled notice.
    All,
    /// The half to study and tune on.
    Tune,
    /// The half that is only measured.
    Blind,
}

impl Half {
    /// Which half a file belongs to: one bit of the FNV-1a hash of its name (stable, and
    /// independent of which other files the set holds).
    pub(crate) fn of(file: &str) -> Half {
        let mut h: u32 = 0x811c_9dc5;
        for b in file.bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
        if (h >> 10) & 1 == 1 {
            Half::Blind
        } else {
            Half::Tune
        }
    }

    fn keeps(self, file: &str) -> bool {
        self == Half::All || Half::of(file) == self
    }
}

/// One disagreement between detection and the labels.
#[derive(Debug, Clone)]
pub(crate) struct Mistake {
    pub file: String,
    pub element: String,
    pub outcome: Outcome,
    pub labelled: bool,
    /// What detection read as evidence (empty when it found none).
    pub evidence: String,
}

/// The result of `informed eval`: counts over all elements, per element, and the mistakes.
pub struct Evaluation {
    /// Absent = reported missing (an error).
    pub per_element: BTreeMap<String, Counts>,
    /// Counts over every element of every notice.
    pub total: Counts,
    /// Absent or uncertain = the editor is told (error or warning).
    pub flagged: Counts,
    pub(crate) art14: Counts,
    /// How many labelled notices were judged.
    pub notices: usize,
    /// Notices with at least one element wrongly reported absent.
    pub notices_with_false_missing: usize,
    /// Notices where `check` shows at least one false "missing" error: an element wrongly
    /// reported absent whose rule applies to the notice at error level (the source only under
    /// Article 14, the requirement to provide data is a warning, …). What an editor, and CI,
    /// sees.
    pub notices_with_false_error: usize,
    pub(crate) mistakes: Vec<Mistake>,
}

/// Every labelled notice in `dir`, every element, today (`INFORMED_TODAY` when set).
pub fn evaluate(root: &Path, labels: &Path, dir: &Path) -> Result<Evaluation> {
    evaluate_on(root, labels, dir, &Selection::default(), Date::today())
}

/// What part of a labelled set to measure.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Which notices of the set.
    pub half: Half,
    /// Only these elements (empty: every labelled one).
    pub elements: Vec<String>,
}

/// Judge each selected notice in `dir` through the pipeline and compare what was detected
/// with the labels.
pub fn evaluate_on(
    root: &Path,
    labels: &Path,
    dir: &Path,
    select: &Selection,
    today: Date,
) -> Result<Evaluation> {
    let (half, only) = (select.half, &select.elements);
    let text = std::fs::read_to_string(labels).map_err(|e| Error::io(labels, &e))?;
    let parsed: Value = serde_json::from_str(&text).map_err(|e| {
        Error::new(format!("invalid JSON: {e}"))
            .in_file(labels)
            .at(e.line(), e.column())
    })?;
    let Value::Object(files) = parsed else {
        return Err(Error::new("labels must be a JSON object of file → labels").in_file(labels));
    };
    let config = Config::load(root)?;
    let rules = RuleSet::load(root, &config)?;
    let pipeline = Pipeline::new(&config, &rules, today);
    let mut ev = Evaluation {
        per_element: BTreeMap::new(),
        total: Counts::default(),
        flagged: Counts::default(),
        art14: Counts::default(),
        notices: 0,
        notices_with_false_missing: 0,
        notices_with_false_error: 0,
        mistakes: Vec::new(),
    };
    // Which element each missing-element rule reports, by code.
    let element_of: BTreeMap<&str, &str> = (rules.packs.rules.iter())
        .filter_map(|r| match &r.kind {
            Kind::MissingElement { element } => Some((r.code.as_str(), element.as_str())),
            _ => None,
        })
        .collect();
    for (file, value) in &files {
        let Value::Object(marks) = value else {
            continue;
        };
        if file.starts_with('_') || !half.keeps(file) {
            continue;
        }
        let path = dir.join(file);
        let notice = Notice::load(&path, load::relative(&path, dir), file.clone(), u64::MAX)?;
        let judged = pipeline.judge(notice)?;
        let u = &judged.understanding;
        ev.notices += 1;
        let reported: Vec<&str> = (judged.report.diagnostics.iter())
            .filter(|d| d.level == Level::Error)
            .filter_map(|d| element_of.get(d.code.as_str()).copied())
            .collect();
        let mut false_missing = false;
        let mut false_error = false;
        for (element, mark) in marks {
            let Value::Bool(labelled) = mark else {
                continue;
            };
            if element == "applies-art14" {
                ev.art14.add(!u.facts.art14, !labelled);
                continue;
            }
            if !u.elements.contains_key(element) || !(only.is_empty() || only.contains(element)) {
                continue;
            }
            let outcome = u.outcome(element);
            let absent = outcome == Outcome::Absent;
            ev.per_element
                .entry(element.clone())
                .or_default()
                .add(absent, !labelled);
            ev.total.add(absent, !labelled);
            ev.flagged.add(outcome != Outcome::Present, !labelled);
            false_missing |= absent && *labelled;
            false_error |= *labelled && reported.contains(&element.as_str());
            if (outcome == Outcome::Present) != *labelled || (absent == *labelled) {
                let evidence = (u.evidence.get(element))
                    .map(|e| e.text.clone())
                    .unwrap_or_default();
                ev.mistakes.push(Mistake {
                    file: file.clone(),
                    element: element.clone(),
                    outcome,
                    labelled: *labelled,
                    evidence,
                });
            }
        }
        ev.notices_with_false_missing += usize::from(false_missing);
        ev.notices_with_false_error += usize::from(false_error);
    }
    Ok(ev)
}

fn row(name: &str, c: &Counts) -> String {
    format!(
        "{name:<28} {:>3} {:>3} {:>3} {:>3}  {:>9.3}  {:>6.3}\n",
        c.tp,
        c.fp,
        c.r#fn,
        c.tn,
        c.precision(),
        c.recall()
    )
}

/// The biggest confusions: per element and direction, how many notices.
fn confusions(ev: &Evaluation) -> Vec<(usize, String)> {
    let mut by: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    for m in &ev.mistakes {
        let kind = match (m.outcome, m.labelled) {
            (Outcome::Absent, true) => "reported missing, but addressed",
            (Outcome::Uncertain, true) => "uncertain, but addressed",
            (Outcome::Uncertain, false) => "uncertain, and not addressed",
            _ => "found, but not addressed",
        };
        *by.entry((m.element.clone(), kind)).or_default() += 1;
    }
    let mut out: Vec<(usize, String)> = by
        .into_iter()
        .map(|((el, kind), n)| (n, format!("{el}: {kind}")))
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    out
}

/// The full report for one set: per element, overall, confusions, and every mistake.
pub fn report(ev: &Evaluation) -> String {
    let mut out = String::new();
    out.push_str("element                      TP  FP  FN  TN  precision  recall\n");
    for (el, c) in &ev.per_element {
        out.push_str(&row(el, c));
    }
    out.push_str(&row("ALL (absent = violation)", &ev.total));
    out.push_str(&row("ALL, uncertain counted", &ev.flagged));
    out.push_str(&row("applies-art14 (absent)", &ev.art14));
    out.push_str(&format!(
        "notices with a false \"missing\" error: {} of {}\n",
        ev.notices_with_false_missing, ev.notices
    ));
    out.push_str(&format!(
        "notices where check shows a false \"missing\" error (rules that apply, at error level): {} of {}\n",
        ev.notices_with_false_error, ev.notices
    ));
    let top = confusions(ev);
    if !top.is_empty() {
        out.push_str("\nbiggest confusions (notices):\n");
        for (n, what) in top.iter().take(8) {
            out.push_str(&format!("  {n:>3}  {what}\n"));
        }
    }
    if !ev.mistakes.is_empty() {
        out.push_str("\nmistakes (file, element, outcome, labelled):\n");
        for m in &ev.mistakes {
            let outcome = match m.outcome {
                Outcome::Present => "present",
                Outcome::Uncertain => "uncertain",
                Outcome::Absent => "absent",
            };
            out.push_str(&format!(
                "  {}  {}  {outcome}  labelled={}\n",
                m.file, m.element, m.labelled
            ));
            if !m.evidence.is_empty() {
                out.push_str(&format!("      evidence: {}\n", m.evidence));
            }
        }
    }
    out
}

/// One line per set: the figures a change must not make worse.
pub(crate) fn summary(sets: &[(String, Evaluation)]) -> String {
    let mut out = String::from(
        "set                                notices  precision  recall  false-missing  recall (uncertain counted)  false errors shown\n",
    );
    for (name, ev) in sets {
        out.push_str(&format!(
            "{name:<34} {:>7}  {:>9.3}  {:>6.3}  {:>5} ({:>4.0}%)  {:>6.3}                      {:>5} ({:>4.0}%)\n",
            ev.notices,
            ev.total.precision(),
            ev.total.recall(),
            ev.notices_with_false_missing,
            100.0 * ratio(ev.notices_with_false_missing, ev.notices),
            ev.flagged.recall(),
            ev.notices_with_false_error,
            100.0 * ratio(ev.notices_with_false_error, ev.notices),
        ));
    }
    out
}
