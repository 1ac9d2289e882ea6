//! `informed eval`: measure element detection against hand labels.
//!
//! The labels file maps each notice's file name to `{element-id: true|false}` (what the notice
//! addresses). A "violation" is an element the notice does not address; we report precision
//! and recall for detecting violations, per element and overall (micro-averaged).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::config::Config;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::lint::RuleSet;
use crate::load::{self, Notice};
use crate::pipeline::Pipeline;

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Predicted absent, labelled absent.
    pub tp: usize,
    /// Predicted absent, labelled present.
    pub fp: usize,
    /// Predicted present, labelled absent.
    pub r#fn: usize,
    pub tn: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
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

pub struct Evaluation {
    pub per_element: BTreeMap<String, Counts>,
    pub total: Counts,
    pub art14: Counts,
    /// (file, element, predicted present, labelled present, evidence text when predicted present)
    pub mistakes: Vec<(String, String, bool, bool, String)>,
}

/// [`evaluate_on`] today (`INFORMED_TODAY` when set).
pub fn evaluate(root: &Path, labels: &Path, dir: &Path) -> Result<Evaluation> {
    evaluate_on(root, labels, dir, Date::today())
}

/// Judge each labelled notice in `dir` through the pipeline and compare what was detected with
/// the labels.
pub fn evaluate_on(root: &Path, labels: &Path, dir: &Path, today: Date) -> Result<Evaluation> {
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
        art14: Counts::default(),
        mistakes: Vec::new(),
    };
    for (file, value) in &files {
        let Value::Object(marks) = value else {
            continue;
        };
        if file.starts_with('_') {
            continue;
        }
        let path = dir.join(file);
        let notice = Notice::load(&path, load::relative(&path, dir), file.clone(), u64::MAX)?;
        let judged = pipeline.judge(notice)?;
        let (notice, u) = (&judged.notice, &judged.understanding);
        for (element, mark) in marks {
            let Value::Bool(labelled) = mark else {
                continue;
            };
            if element == "applies-art14" {
                ev.art14.add(!u.facts.art14, !labelled);
                continue;
            }
            let Some(found) = u.elements.get(element) else {
                continue;
            };
            let predicted = found.is_some();
            ev.per_element
                .entry(element.clone())
                .or_default()
                .add(!predicted, !labelled);
            ev.total.add(!predicted, !labelled);
            if predicted != *labelled {
                let evidence = found
                    .map(|b| notice.doc.blocks[b].text.chars().take(160).collect())
                    .unwrap_or_default();
                ev.mistakes.push((
                    file.clone(),
                    element.clone(),
                    predicted,
                    *labelled,
                    evidence,
                ));
            }
        }
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

pub fn report(ev: &Evaluation) -> String {
    let mut out = String::new();
    out.push_str("element                      TP  FP  FN  TN  precision  recall\n");
    for (el, c) in &ev.per_element {
        out.push_str(&row(el, c));
    }
    out.push_str(&row("ALL (absent = violation)", &ev.total));
    out.push_str(&row("applies-art14 (absent)", &ev.art14));
    if !ev.mistakes.is_empty() {
        out.push_str("\nmistakes (file, element, detected, labelled):\n");
        for (f, e, p, l, why) in &ev.mistakes {
            out.push_str(&format!("  {f}  {e}  detected={p} labelled={l}\n"));
            if !why.is_empty() {
                out.push_str(&format!("      evidence: {why}\n"));
            }
        }
    }
    out
}
