//! `informed check`, a chunk of notices at a time: the notices of a chunk are checked in
//! parallel, and each is turned into its part of the report on the worker that checked it (its
//! text and findings are dropped there). The parts are then added to the report in path order,
//! and the next chunk starts. Memory holds one chunk's parts, never every notice.

use std::collections::HashSet;

use rayon::prelude::*;

use super::Format;
use super::check::{self, Checked, Input};
use super::github::StepSummary;
use super::json::Json;
use super::sarif::Sarif;
use super::spool::Spool;
use super::{github, human, terminal};
use crate::cache::Cache;
use crate::config::Config;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::history::History;
use crate::lint::{RuleSet, Summary};
use crate::pipeline::Pipeline;

/// Notices checked together before their parts join the report. Small enough that a chunk's
/// parts take little memory, large enough that the threads rarely wait for each other at the
/// end of a chunk.
pub(crate) const CHUNK: usize = 256;

/// What `check` found, once the report is complete.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub summary: Summary,
    /// The Markdown for `$GITHUB_STEP_SUMMARY` (`--format github`, when GitHub asks for it).
    pub step_summary: Option<String>,
}

/// Check the notices named by `paths` (or the site's content folder) and write the report in
/// `format` to `spool`. The first notice in path order that cannot be read or parsed stops
/// the check with its error, as when every notice was checked before the report was written.
pub(crate) fn check(
    root: &std::path::Path,
    paths: &[std::path::PathBuf],
    format: Format,
    options: &Options,
    spool: &mut Spool,
) -> Result<Outcome> {
    let (config, rules, inputs) = check::prepare(root, paths)?;
    let history = config
        .history
        .then(|| {
            History::open(
                &root.join(&config.content_dir),
                crate::site::SITE_EXTENSIONS,
            )
        })
        .flatten();
    let pipeline = Pipeline::new(&config, &rules, options.today).with_history(history.as_ref());
    let cache = options.cache.then(|| {
        let kind = format!("check-{format:?}").to_lowercase();
        let how = format!(
            "{} {} {}",
            options.evidence,
            options.colour,
            human::use_colour()
        );
        Cache::open(root, &kind, &config, options.today, &[how.as_bytes()])
    });
    let mut names = HashSet::new();
    let mut writer = Writer::new(format, options, &config, &rules);
    let mut summary = Summary::default();
    let written = |e: std::io::Error| Error::new(format!("cannot write the report: {e}"));
    spool.push(&writer.head()).map_err(written)?;
    for chunk in inputs.chunks(options.chunk.max(1)) {
        let rows_so_far = writer.rows_so_far();
        let parts: Vec<Result<Part>> = chunk
            .par_iter()
            .map(|input| part(input, &pipeline, &writer, rows_so_far, cache.as_ref()))
            .collect();
        for part in parts {
            let part = part?;
            names.insert(part.name.clone());
            summary.add(part.counts);
            let text = writer.add(part);
            spool.push(&text).map_err(written)?;
        }
    }
    spool.push(&writer.tail(&summary)).map_err(written)?;
    if let Some(cache) = &cache
        && paths.is_empty()
    {
        // The whole site was checked: entries for notices that are gone can go.
        cache.evict(&names);
    }
    Ok(Outcome {
        summary,
        step_summary: writer.step_summary(&summary),
    })
}

/// How to write the report.
pub(crate) struct Options {
    /// Colour in `--format human`.
    pub colour: bool,
    /// Collect the table for `$GITHUB_STEP_SUMMARY` (`--format github`).
    pub step_summary: bool,
    /// Notices per chunk ([`CHUNK`]).
    pub chunk: usize,
    /// The date that date rules judge against.
    pub today: Date,
    /// `--format human`: after each notice's findings, what it covers and the evidence.
    pub evidence: bool,
    /// Reuse and keep results in the site's result cache (off with `--no-cache`).
    pub cache: bool,
}

/// One notice's share of the report, as the result cache keeps it.
struct Part {
    text: String,
    /// Findings at error, warning and info level.
    counts: [usize; 3],
    /// `--format github`: the notice's rows of the step summary.
    rows: Vec<String>,
    /// The notice's entry in the result cache.
    name: String,
}

impl Part {
    /// The cache's payload: `<errors> <warnings> <infos> <rows>\n`, each row as
    /// `<length>\n<row>`, then the text as it is (no escaping: a hit is copied, not parsed).
    fn encode(&self) -> Vec<u8> {
        let [e, w, i] = self.counts;
        let mut out = format!("{e} {w} {i} {}\n", self.rows.len()).into_bytes();
        for row in &self.rows {
            out.extend_from_slice(format!("{}\n", row.len()).as_bytes());
            out.extend_from_slice(row.as_bytes());
        }
        out.extend_from_slice(self.text.as_bytes());
        out
    }

    /// A part from its payload; `None` when it is not one (its name is left empty).
    fn decode(mut bytes: Vec<u8>) -> Option<Part> {
        fn line<'a>(rest: &mut &'a [u8]) -> Option<&'a str> {
            let end = rest.iter().position(|&b| b == b'\n')?;
            let l = std::str::from_utf8(&rest[..end]).ok()?;
            *rest = &rest[end + 1..];
            Some(l)
        }
        let mut rest = &bytes[..];
        let head: Vec<usize> = line(&mut rest)?
            .split(' ')
            .map(str::parse)
            .collect::<std::result::Result<_, _>>()
            .ok()?;
        let &[e, w, i, n] = head.as_slice() else {
            return None;
        };
        let mut rows = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            let len: usize = line(&mut rest)?.parse().ok()?;
            let row = rest.get(..len)?;
            rows.push(String::from_utf8(row.to_vec()).ok()?);
            rest = &rest[len..];
        }
        let start = bytes.len() - rest.len();
        bytes.drain(..start);
        Some(Part {
            text: String::from_utf8(bytes).ok()?,
            counts: [e, w, i],
            rows,
            name: String::new(),
        })
    }
}

/// Runs on a worker: check one notice and make its part (or take it from the cache); the
/// notice itself is dropped here.
fn part(
    input: &Input,
    pipeline: &Pipeline,
    writer: &Writer,
    rows_so_far: usize,
    cache: Option<&Cache>,
) -> Result<Part> {
    let identity = [input.display.as_str(), input.rel_path.as_str()];
    let name = Cache::name_of(&identity);
    // What the notice's findings take from git (the `date-behind-history` lint) is part of
    // its key, not of its name: a new commit replaces the entry.
    let history = pipeline.history_stamp(&input.path);
    let key = cache.and_then(|c| c.key_of(&input.path, &[&identity[..], &[&history]].concat()));
    if let (Some(cache), Some(key)) = (cache, key)
        && let Some(part) = cache.get(&name, key).and_then(Part::decode)
    {
        return Ok(Part { name, ..part });
    }
    let checked = check::analyse(input, pipeline)?;
    let report = &checked.report;
    let counts = report.counts();
    // Rows for the step summary are kept from the first; `StepSummary::add` keeps what fits.
    let (text, rows) = writer.notice(&checked, if key.is_some() { 0 } else { rows_so_far });
    let part = Part {
        text,
        counts,
        rows,
        name,
    };
    if let (Some(cache), Some(key)) = (cache, key) {
        cache.put(&part.name, key, &part.encode());
    }
    Ok(part)
}

/// The report in one format, written a notice at a time.
enum Writer<'a> {
    /// The renderer, and whether to list the elements with their evidence.
    Human(human::Human, bool),
    Json(Json),
    Sarif(Sarif<'a>),
    Github(Option<StepSummary>),
}

impl<'a> Writer<'a> {
    fn new(format: Format, options: &Options, config: &Config, rules: &'a RuleSet) -> Writer<'a> {
        match format {
            Format::Human => Writer::Human(human::renderer(options.colour), options.evidence),
            Format::Json => Writer::Json(Json::new()),
            Format::Sarif => Writer::Sarif(Sarif::new(rules, &config.jurisdiction)),
            Format::Github => Writer::Github(options.step_summary.then(StepSummary::default)),
        }
    }

    /// The report before the first notice.
    fn head(&self) -> String {
        match self {
            Writer::Json(json) => json.head().to_string(),
            Writer::Sarif(sarif) => sarif.head().to_string(),
            Writer::Human(..) | Writer::Github(_) => String::new(),
        }
    }

    /// One notice's text in the report (and its step-summary rows), made on a worker.
    fn notice(&self, checked: &Checked, rows_so_far: usize) -> (String, Vec<String>) {
        match self {
            Writer::Human(renderer, evidence) => (
                {
                    let mut text = human::notice(renderer, checked);
                    if *evidence {
                        text.push_str(&human::evidence(checked));
                    }
                    if human::use_colour() {
                        // The notice's text in it is already escaped: only our colours stay.
                        github::neutralise_commands(&terminal::keep_colours(&text))
                    } else {
                        github::neutralise(&text)
                    }
                },
                Vec::new(),
            ),
            Writer::Json(json) => (json.notice(&checked.report), Vec::new()),
            Writer::Sarif(sarif) => (sarif.notice(checked), Vec::new()),
            Writer::Github(table) => {
                let rows = match table {
                    Some(_) => StepSummary::rows(&checked.report, rows_so_far),
                    None => Vec::new(),
                };
                (github::notice(&checked.report), rows)
            }
        }
    }

    /// Take in the next notice's part, in path order; the text to add to the report.
    fn add(&mut self, part: Part) -> String {
        let findings = part.counts.iter().sum();
        match self {
            // `##[` only occurs inside JSON strings, where `\u005b` is the same `[`: the
            // GitHub runner reads `##[command]` anywhere in a log line.
            Writer::Json(json) => {
                let mut out = String::new();
                json.push(&mut out, &part.text);
                out.replace("##[", "##\\u005b")
            }
            Writer::Sarif(sarif) => {
                let mut out = String::new();
                sarif.push(&mut out, &part.text);
                out.replace("##[", "##\\u005b")
            }
            Writer::Github(Some(table)) => {
                table.add(part.rows, findings);
                part.text
            }
            Writer::Human(..) | Writer::Github(None) => part.text,
        }
    }

    /// The report after the last notice.
    fn tail(&self, summary: &Summary) -> String {
        match self {
            Writer::Human(..) => human::summary(summary),
            Writer::Json(json) => json.tail(summary),
            Writer::Sarif(sarif) => sarif.tail(),
            Writer::Github(_) => String::new(),
        }
    }

    fn rows_so_far(&self) -> usize {
        match self {
            Writer::Github(Some(table)) => table.len(),
            _ => 0,
        }
    }

    fn step_summary(&self, summary: &Summary) -> Option<String> {
        match self {
            Writer::Github(Some(table)) => Some(table.markdown(summary)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    const FORMATS: [Format; 4] = [Format::Human, Format::Json, Format::Sarif, Format::Github];

    #[test]
    fn a_part_reads_back_from_its_cache_payload_and_garbage_is_no_part() {
        let part = Part {
            text: "a.md:3:1 error \"quoted\"\n\n  ünïcode line\n7 8\n".into(),
            counts: [2, 0, 11],
            rows: vec!["| a.md | 2 |\n".into(), String::new(), "x 3\ny".into()],
            name: "n".into(),
        };
        let back = Part::decode(part.encode()).unwrap();
        assert_eq!(back.text, part.text);
        assert_eq!(back.counts, part.counts);
        assert_eq!(back.rows, part.rows);
        assert_eq!(back.name, "");
        let empty = Part::decode(b"0 0 0 0\n".to_vec()).unwrap();
        assert!(empty.text.is_empty() && empty.rows.is_empty());
        for garbage in [
            &b""[..],
            b"1 2 3\n",
            b"1 2 3 1\n9\nab",
            b"x 0 0 0\n",
            b"0 0 0 0\n\xff",
        ] {
            assert!(Part::decode(garbage.to_vec()).is_none(), "{garbage:?}");
        }
    }

    fn fixtures() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
    }

    /// A site of `n` notices (the fixtures' notices over and over, some in a subfolder), with
    /// `broken` notices replaced by one whose front matter does not parse.
    fn site(n: usize, broken: &[usize]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("sub")).unwrap();
        let notices = [
            fixtures().join("site/content/garden-survey.md"),
            fixtures().join("site/content/book-club.md"),
            fixtures().join("loose/nested/newsletter.markdown"),
        ];
        for i in 0..n {
            let from = if broken.contains(&i) {
                fixtures().join("broken/bad-front-matter.md")
            } else {
                notices[i % notices.len()].clone()
            };
            let folder = if i % 5 == 4 { "sub/" } else { "" };
            let to = content.join(format!("{folder}n{i:03}.md"));
            std::fs::copy(from, to).unwrap();
        }
        dir
    }

    fn check_with(root: &Path, format: Format, chunk: usize) -> Result<(String, Outcome)> {
        let options = Options {
            colour: false,
            step_summary: true,
            chunk,
            today: Date::new(2026, 11, 22).unwrap(),
            evidence: false,
            cache: false,
        };
        let mut spool = Spool::new(1 << 10);
        let outcome = check(root, &[], format, &options, &mut spool)?;
        let mut out = Vec::new();
        spool.finish(&mut out).unwrap();
        Ok((String::from_utf8(out).unwrap(), outcome))
    }

    #[test]
    fn the_report_does_not_depend_on_the_chunk_size() {
        let site = site(23, &[]);
        for format in FORMATS {
            let (whole, outcome) = check_with(site.path(), format, 1000).unwrap();
            assert_eq!(outcome.summary.files, 23);
            assert!(outcome.summary.errors > 0);
            for chunk in [1, 2, 7] {
                let (out, o) = check_with(site.path(), format, chunk).unwrap();
                assert!(out == whole, "{format:?}, chunks of {chunk}");
                assert_eq!(o.summary, outcome.summary);
                assert_eq!(o.step_summary, outcome.step_summary);
            }
        }
    }

    #[test]
    fn notices_are_reported_in_path_order() {
        let site = site(23, &[]);
        // content/n004.md sorts after content/n022.md: it is in content/sub/.
        let mut expected: Vec<String> = (0..23)
            .filter(|i| i % 5 != 4)
            .map(|i| format!("n{i:03}.md"))
            .collect();
        expected.extend(
            (0..23)
                .filter(|i| i % 5 == 4)
                .map(|i| format!("n{i:03}.md")),
        );
        let name = |path: &str| path.rsplit('/').next().unwrap().to_string();

        let (json, _) = check_with(site.path(), Format::Json, 3).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let files: Vec<String> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| name(f["path"].as_str().unwrap()))
            .collect();
        assert_eq!(files, expected);

        let (human, _) = check_with(site.path(), Format::Human, 3).unwrap();
        let mut seen: Vec<String> = Vec::new();
        for line in human.lines().filter(|l| l.trim_start().starts_with("--> ")) {
            let file = name(line.rsplit_once(".md:").unwrap().0) + ".md";
            if seen.last() != Some(&file) {
                seen.push(file);
            }
        }
        let mut with_findings = expected.clone();
        with_findings.retain(|n| seen.contains(n));
        assert_eq!(
            seen, with_findings,
            "each notice's findings together, in path order"
        );
    }

    #[test]
    fn the_first_broken_notice_in_path_order_stops_the_check() {
        // n005 and n012 do not parse; with chunks of 4, n012 is in a later chunk, with chunks
        // of 1 every notice is, and with 100 they share one.
        let site = site(20, &[12, 5]);
        for format in FORMATS {
            for chunk in [1, 4, 100] {
                let err = check_with(site.path(), format, chunk)
                    .unwrap_err()
                    .to_string();
                assert!(
                    err.contains("n005.md:2:"),
                    "{format:?}, chunks of {chunk}: {err}"
                );
            }
        }
    }
}
