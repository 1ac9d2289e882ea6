//! Fixture-driven rule tests: for every built-in rule, `tests/fixtures/lint/<slug>/` holds a
//! notice that trips it (`fail.md` or `fail.txt`) and one that does not (`pass.md`/`pass.txt`).
//! The findings of each failing fixture are kept as an insta snapshot.

use std::path::{Path, PathBuf};

use informed::config::Config;
use informed::date::Date;
use informed::lint::{FileReport, RuleSet};
use informed::load::Notice;
use informed::pipeline::Pipeline;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

fn rules() -> RuleSet {
    RuleSet::load(Path::new("/nonexistent"), &Config::default()).unwrap()
}

fn lint(path: &Path, rules: &RuleSet) -> FileReport {
    crate::support::pin_today();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let notice = Notice::load(path, name.clone(), name, u64::MAX).unwrap();
    // Through the pipeline, as every command runs a notice: a translation is compared with
    // its source (the `source.md` beside the translation rules' fixtures), and a notice with
    // `git-history.txt` beside it with that history.
    let config = Config::default();
    let last_change = git_history(path.parent().unwrap());
    Pipeline::new(&config, rules, Date::today())
        .judge_given_history(notice, last_change)
        .unwrap()
        .report
}

/// A fixture folder's `git-history.txt`: the newest change of the notice's text as git would
/// report it (`YYYY-MM-DD subject`; `#` starts a comment), for the rules that compare the
/// notice with its history. The real reading of git is tested in `tests/it/history`.
fn git_history(dir: &Path) -> Option<(Date, String)> {
    let text = std::fs::read_to_string(dir.join("git-history.txt")).ok()?;
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))?;
    let (date, subject) = line.split_once(' ')?;
    let mut ymd = date.splitn(3, '-').map(str::parse::<u32>);
    let (y, m, d) = (ymd.next()?.ok()?, ymd.next()?.ok()?, ymd.next()?.ok()?);
    Some((Date::new(y as i32, m, d)?, subject.trim().to_string()))
}

fn find(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["md", "txt"]
        .iter()
        .map(|e| dir.join(format!("{stem}.{e}")))
        .find(|p| p.exists())
}

fn render(report: &FileReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}-{}:{} {} {} {}: {}",
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.level.as_str(),
                d.code,
                d.rule,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_rule_has_a_fixture_that_trips_it_and_one_that_does_not() {
    let rules = rules();
    let mut problems = Vec::new();
    for rule in rules.rules() {
        let dir = fixtures().join(&rule.slug);
        let (Some(fail), Some(pass)) = (find(&dir, "fail"), find(&dir, "pass")) else {
            problems.push(format!(
                "{}: missing fixtures in {}",
                rule.slug,
                dir.display()
            ));
            continue;
        };
        let failing = lint(&fail, &rules);
        if !failing.diagnostics.iter().any(|d| d.rule == rule.slug) {
            problems.push(format!(
                "{}: {} does not trip it\n{}",
                rule.slug,
                fail.display(),
                render(&failing)
            ));
        }
        let passing = lint(&pass, &rules);
        if passing.diagnostics.iter().any(|d| d.rule == rule.slug) {
            problems.push(format!(
                "{}: {} trips it\n{}",
                rule.slug,
                pass.display(),
                render(&passing)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn failing_fixtures_snapshot() {
    let rules = rules();
    for rule in rules.rules() {
        let dir = fixtures().join(&rule.slug);
        let Some(fail) = find(&dir, "fail") else {
            continue;
        };
        let report = lint(&fail, &rules);
        insta::assert_snapshot!(format!("fail-{}", rule.slug), render(&report));
    }
}
