//! The GitHub Action (`action.yml`): a valid composite action whose expressions name only its
//! own inputs and step outputs, and whose steps do what its inputs say. The steps' scripts are
//! run here as GitHub runs them (`bash --noprofile --norc -eo pipefail`, outputs through
//! `$GITHUB_OUTPUT`, `$GITHUB_PATH`), with a stand-in `cargo` that installs the binary under
//! test; the `uses:` steps (cache, SARIF upload) are recorded with their evaluated inputs, not
//! run. Also: the workflow `informed init` writes uses this action with inputs it declares.

use crate::support::external;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;
use serde_json::{Map, Value};

fn action() -> Value {
    let text = std::fs::read_to_string(external::repo().join("action.yml")).unwrap();
    serde_saphyr::from_str(&text).expect("action.yml is valid YAML")
}

fn obj<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what} must be a mapping, not {v}"))
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"]
        .as_array()
        .expect("runs.steps is a list")
}

#[test]
fn action_yml_is_a_valid_composite_action() {
    let a = action();
    let top = obj(&a, "action.yml");
    for key in top.keys() {
        assert!(
            [
                "name",
                "author",
                "description",
                "inputs",
                "outputs",
                "runs",
                "branding"
            ]
            .contains(&key.as_str()),
            "unknown top-level key {key}"
        );
    }
    for key in ["name", "description"] {
        assert!(
            a[key].as_str().is_some_and(|s| !s.trim().is_empty()),
            "{key} is required"
        );
    }
    assert_eq!(a["runs"]["using"], "composite");
    assert!(!steps(&a).is_empty());
    for (name, input) in obj(&a["inputs"], "inputs") {
        assert!(
            input["description"].as_str().is_some_and(|s| !s.is_empty()),
            "input {name} needs a description"
        );
        assert!(
            input.get("default").is_none_or(Value::is_string),
            "input {name}: defaults are strings"
        );
    }
    for (name, output) in obj(&a["outputs"], "outputs") {
        assert!(
            output["description"].is_string(),
            "output {name} needs a description"
        );
        assert!(
            output["value"].is_string(),
            "a composite action's output {name} needs a value"
        );
    }
    let pinned = Regex::new(r"^[\w.-]+/[\w./-]+@v\d+$").unwrap();
    let mut ids = Vec::new();
    for (i, step) in steps(&a).iter().enumerate() {
        let s = obj(step, "a step");
        let what = format!("step {i} ({})", step["name"]);
        assert!(step["name"].is_string(), "{what}: give every step a name");
        match (s.get("run"), s.get("uses")) {
            (Some(run), None) => {
                assert!(run.is_string(), "{what}: run is a script");
                assert!(
                    step["shell"].is_string(),
                    "{what}: a composite action's run step must name its shell"
                );
                assert!(
                    !run.as_str().unwrap().contains("${{"),
                    "{what}: expressions reach scripts through env:, never inside run: (injection)"
                );
            }
            (None, Some(uses)) => {
                let uses = uses.as_str().unwrap();
                assert!(
                    pinned.is_match(uses),
                    "{what}: `{uses}` should name an action at a major version"
                );
            }
            _ => panic!("{what}: a step has exactly one of run and uses"),
        }
        for key in s.keys() {
            assert!(
                [
                    "name",
                    "id",
                    "if",
                    "run",
                    "shell",
                    "uses",
                    "with",
                    "env",
                    "working-directory",
                    "continue-on-error"
                ]
                .contains(&key.as_str()),
                "{what}: unknown key {key}"
            );
        }
        if let Some(id) = step["id"].as_str() {
            assert!(!ids.contains(&id.to_string()), "{what}: duplicate id {id}");
            ids.push(id.to_string());
        }
    }
}

#[test]
fn expressions_name_declared_inputs_and_earlier_steps_outputs() {
    let a = action();
    let text = std::fs::read_to_string(external::repo().join("action.yml")).unwrap();
    let inputs = obj(&a["inputs"], "inputs");
    let expr = Regex::new(r"\$\{\{\s*([^}]*?)\s*\}\}").unwrap();
    let input = Regex::new(r"inputs\.([\w-]+)").unwrap();
    let mut seen = 0;
    for cap in expr.captures_iter(&text) {
        for name in input.captures_iter(&cap[1]) {
            assert!(
                inputs.contains_key(&name[1]),
                "undeclared input {}",
                &name[1]
            );
            seen += 1;
        }
    }
    // Step outputs: the step exists and its script writes that output.
    let ids: BTreeMap<&str, &Value> = steps(&a)
        .iter()
        .filter_map(|s| Some((s["id"].as_str()?, s)))
        .collect();
    let out = Regex::new(r"steps\.([\w-]+)\.outputs\.([\w-]+)").unwrap();
    for cap in out.captures_iter(&text) {
        let step = ids
            .get(&cap[1])
            .unwrap_or_else(|| panic!("no step with id {}", &cap[1]));
        let script = step["run"].as_str().unwrap_or_default();
        assert!(
            script.contains(&format!("{}=", &cap[2])),
            "step {} never writes output {}",
            &cap[1],
            &cap[2]
        );
        seen += 1;
    }
    assert!(seen > 10, "the patterns found too few expressions: {seen}");
    // Every input is used somewhere.
    for name in inputs.keys() {
        assert!(
            text.contains(&format!("inputs.{name}")),
            "input {name} is declared but never used"
        );
    }
}

/// What one run of the action did.
#[derive(Debug)]
struct Outcome {
    /// The exit code of the step that failed, or 0.
    code: i32,
    /// Outputs of the `check` step.
    check: BTreeMap<String, String>,
    /// `uses:` steps that ran, with their evaluated `with:`.
    used: Vec<(String, BTreeMap<String, String>)>,
    /// What the steps printed.
    log: String,
    /// The arguments the stand-in cargo was called with, one call per line.
    cargo_calls: String,
}

impl Outcome {
    fn upload(&self) -> Option<&BTreeMap<String, String>> {
        self.used
            .iter()
            .find(|(uses, _)| uses.starts_with("github/codeql-action/upload-sarif@"))
            .map(|(_, with)| with)
    }
}

struct Runner {
    action: Value,
    inputs: BTreeMap<String, String>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
}

impl Runner {
    /// The value of one operand of an expression.
    fn operand(&self, e: &str) -> String {
        let e = e.trim();
        if let Some(lit) = e.strip_prefix('\'').and_then(|e| e.strip_suffix('\'')) {
            return lit.to_string();
        }
        if let Some(name) = e.strip_prefix("inputs.") {
            let declared = &self.action["inputs"][name];
            assert!(declared.is_object(), "undeclared input {name}");
            return self
                .inputs
                .get(name)
                .cloned()
                .unwrap_or_else(|| declared["default"].as_str().unwrap_or_default().to_string());
        }
        if let Some(rest) = e.strip_prefix("steps.") {
            let (id, name) = rest.split_once(".outputs.").expect("steps.ID.outputs.NAME");
            return self
                .outputs
                .get(id)
                .and_then(|o| o.get(name))
                .cloned()
                .unwrap_or_default();
        }
        match e {
            "runner.os" => "Linux".into(),
            "runner.arch" => "X64".into(),
            _ => panic!("the test does not know the expression `{e}`"),
        }
    }

    /// `${{ … }}` in a string, replaced.
    fn interpolate(&self, s: &str) -> String {
        let expr = Regex::new(r"\$\{\{\s*(.*?)\s*\}\}").unwrap();
        expr.replace_all(s, |c: &regex::Captures| self.operand(&c[1]))
            .into_owned()
    }

    /// An `if:` of clauses `A == B` or `A != B` joined by `&&`.
    fn condition(&self, cond: &str) -> bool {
        let cond = cond.trim();
        let cond = cond
            .strip_prefix("${{")
            .and_then(|c| c.strip_suffix("}}"))
            .unwrap_or(cond);
        cond.split("&&").all(|clause| {
            if let Some((a, b)) = clause.split_once("==") {
                self.operand(a) == self.operand(b)
            } else if let Some((a, b)) = clause.split_once("!=") {
                self.operand(a) != self.operand(b)
            } else {
                panic!("the test does not know the condition `{clause}`")
            }
        })
    }

    fn map(&self, v: &Value) -> BTreeMap<String, String> {
        v.as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), self.interpolate(v.as_str().unwrap())))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Run the action in `workspace` with `inputs`, as a runner would.
fn run_action(workspace: &Path, inputs: &[(&str, &str)]) -> Outcome {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let fake_bin = tmp.path().join("fake-bin");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&fake_bin).unwrap();
    // The stand-in cargo: `cargo install --locked --path P --root R` puts the binary under test
    // in R/bin, as the real one would after building it from P.
    let calls = tmp.path().join("cargo-calls");
    let cargo = fake_bin.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{calls}'\nroot=''\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\n\
             mkdir -p \"$root/bin\" && ln -sf '{bin}' \"$root/bin/informed\"\n",
            calls = calls.display(),
            bin = external::informed_bin().display()
        ),
    )
    .unwrap();
    make_executable(&cargo);

    let mut runner = Runner {
        action: action(),
        inputs: inputs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        outputs: BTreeMap::new(),
    };
    let mut path_dirs: Vec<String> = vec![fake_bin.display().to_string()];
    let mut out = Outcome {
        code: 0,
        check: BTreeMap::new(),
        used: Vec::new(),
        log: String::new(),
        cargo_calls: String::new(),
    };
    for (i, step) in steps(&runner.action.clone()).iter().enumerate() {
        if let Some(cond) = step["if"].as_str()
            && !runner.condition(cond)
        {
            continue;
        }
        if let Some(uses) = step["uses"].as_str() {
            let with = runner.map(&step["with"]);
            out.used.push((uses.to_string(), with));
            continue;
        }
        let script = tmp.path().join(format!("step-{i}.sh"));
        std::fs::write(&script, step["run"].as_str().unwrap()).unwrap();
        let gh_output = tmp.path().join(format!("output-{i}"));
        let gh_path = tmp.path().join(format!("path-{i}"));
        std::fs::write(&gh_output, "").unwrap();
        std::fs::write(&gh_path, "").unwrap();
        let mut path = path_dirs.clone();
        path.push(std::env::var("PATH").unwrap_or_default());
        let result = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(workspace)
            .env_clear()
            .env("PATH", path.join(":"))
            .env("HOME", &home)
            .env("LANG", "C.UTF-8")
            .env("INFORMED_TODAY", "2026-11-22")
            .env("NO_COLOR", "1")
            .env("GITHUB_ACTION_PATH", external::repo())
            .env("GITHUB_OUTPUT", &gh_output)
            .env("GITHUB_PATH", &gh_path)
            .envs(runner.map(&step["env"]))
            .output()
            .unwrap();
        out.log.push_str(&String::from_utf8_lossy(&result.stdout));
        out.log.push_str(&String::from_utf8_lossy(&result.stderr));
        let written: BTreeMap<String, String> = std::fs::read_to_string(&gh_output)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for dir in std::fs::read_to_string(&gh_path).unwrap().lines().rev() {
            path_dirs.insert(0, dir.to_string());
        }
        if let Some(id) = step["id"].as_str() {
            runner.outputs.insert(id.to_string(), written);
        }
        let code = result.status.code().unwrap_or(-1);
        if code != 0 {
            out.code = code;
            break;
        }
    }
    out.check = runner.outputs.remove("check").unwrap_or_default();
    out.cargo_calls = std::fs::read_to_string(&calls).unwrap_or_default();
    out
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A copy of the report fixture site (a notice with errors, a clean one), with two rule fixtures:
/// a notice whose worst finding is a warning and one with only an info finding.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = external::repo().join("tests/fixtures/report/site");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let lint = external::repo().join("tests/fixtures/lint");
    for (rule, name) in [
        ("gdpr-without-uk", "warned"),
        ("check-this-page-for-changes", "noted"),
    ] {
        std::fs::copy(
            lint.join(rule).join("fail.md"),
            dir.path().join(format!("content/{name}.md")),
        )
        .unwrap();
    }
    dir
}

/// (errors, warnings, infos) from `informed check --format json`, the numbers the action must
/// report and judge by.
fn summary(workspace: &Path, paths: &[&str]) -> (u64, u64, u64) {
    let out = Command::new(external::informed_bin())
        .current_dir(workspace)
        .env("INFORMED_TODAY", "2026-11-22")
        .args(["check", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |k: &str| v["summary"][k].as_u64().unwrap();
    (n("errors"), n("warnings"), n("infos"))
}

fn tools_present() -> bool {
    external::available("bash", &["--version"], "install bash")
        && external::available("jq", &["--version"], "apt-get install jq")
}

#[test]
fn with_default_inputs_it_installs_checks_uploads_and_fails_on_errors() {
    if !tools_present() {
        return;
    }
    let ws = workspace();
    let out = run_action(ws.path(), &[]);
    let (e, w, i) = summary(ws.path(), &[]);
    assert!(e > 0, "the fixture site has error-level findings");
    assert_eq!(out.code, 1, "{}", out.log);
    assert_eq!(out.check["exit-code"], "1", "{out:?}");
    assert_eq!(out.check["errors"], e.to_string());
    assert_eq!(out.check["warnings"], w.to_string());
    assert_eq!(out.check["infos"], i.to_string());
    // Installed from the action's own checkout, into the cached folder.
    let call = out.cargo_calls.trim();
    assert!(
        call.starts_with("install --locked --path ")
            && call.contains(&external::repo().display().to_string())
            && call.contains("/.cache/informed-action/"),
        "{call}"
    );
    let cache = out
        .used
        .iter()
        .find(|(u, _)| u.starts_with("actions/cache@"))
        .expect("the binary is cached");
    assert!(
        cache.1["key"].starts_with("informed-Linux-X64-"),
        "{cache:?}"
    );
    assert!(call.contains(&cache.1["path"]), "caches what it installs");
    // The SARIF log is uploaded even though the check found errors.
    let upload = out.upload().expect("the SARIF log is uploaded");
    assert_eq!(upload["category"], "informed");
    let sarif = &upload["sarif_file"];
    assert_eq!(
        sarif,
        &ws.path().join("informed.sarif").display().to_string()
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(sarif).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["runs"][0]["results"].as_array().unwrap().len() as u64,
        e + w + i
    );
    assert!(
        out.log.contains("at or above the failure level (error)"),
        "{}",
        out.log
    );
}

#[test]
fn the_failure_level_decides_which_findings_fail_the_step() {
    if !tools_present() {
        return;
    }
    let ws = workspace();
    // The levels differ on these notices: a warning and no error, then an info finding alone.
    assert!(matches!(
        summary(ws.path(), &["content/warned.md"]),
        (0, 1.., _)
    ));
    assert_eq!(summary(ws.path(), &["content/noted.md"]).0, 0);
    assert!(matches!(
        summary(ws.path(), &["content/noted.md"]),
        (0, 0, 1..)
    ));
    assert_eq!(summary(ws.path(), &["content/book-club.md"]), (0, 0, 0));
    for paths in [
        "",
        "content/book-club.md",
        "content/warned.md",
        "content/noted.md",
    ] {
        let list: Vec<&str> = paths.split_whitespace().collect();
        let (e, w, i) = summary(ws.path(), &list);
        for (level, n) in [
            ("error", e),
            ("warning", e + w),
            ("info", e + w + i),
            ("none", 0),
        ] {
            let out = run_action(ws.path(), &[("paths", paths), ("fail-level", level)]);
            assert_eq!(
                out.code,
                i32::from(n > 0),
                "paths {paths:?}, fail-level {level}: {n} findings at or above it\n{}",
                out.log
            );
            assert!(out.upload().is_some(), "uploaded whatever the level");
        }
    }
}

#[test]
fn paths_are_split_on_spaces_and_new_lines() {
    if !tools_present() {
        return;
    }
    let ws = workspace();
    let out = run_action(
        ws.path(),
        &[
            (
                "paths",
                "content/warned.md content/noted.md\ncontent/garden-survey.md\n",
            ),
            ("fail-level", "none"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.log);
    let log: Value = serde_json::from_str(
        &std::fs::read_to_string(&out.upload().unwrap()["sarif_file"]).unwrap(),
    )
    .unwrap();
    let uris: std::collections::BTreeSet<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris.into_iter().collect::<Vec<_>>(),
        [
            "content/garden-survey.md",
            "content/noted.md",
            "content/warned.md"
        ]
    );
}

#[test]
fn a_notice_that_cannot_be_read_fails_the_step_and_uploads_nothing() {
    if !tools_present() {
        return;
    }
    let ws = workspace();
    let out = run_action(
        ws.path(),
        &[("paths", "content/missing.md"), ("fail-level", "none")],
    );
    assert_eq!(out.code, 2, "{}", out.log);
    assert_eq!(out.check["exit-code"], "2");
    assert!(out.upload().is_none(), "{out:?}");
    assert!(!ws.path().join("informed.sarif").exists());
    assert!(out.log.contains("could not run"), "{}", out.log);
}

#[test]
fn upload_annotations_and_sarif_file_follow_their_inputs() {
    if !tools_present() {
        return;
    }
    let ws = workspace();
    std::fs::create_dir_all(ws.path().join("out")).unwrap();
    let out = run_action(
        ws.path(),
        &[
            ("upload-sarif", "false"),
            ("annotations", "true"),
            ("sarif-file", "out/findings.sarif"),
        ],
    );
    assert_eq!(out.code, 1, "{}", out.log);
    assert!(out.upload().is_none(), "upload-sarif: false");
    assert!(
        out.log.contains("::error file=content/garden-survey.md"),
        "annotations: {}",
        out.log
    );
    assert_eq!(
        PathBuf::from(&out.check["sarif-file"]),
        ws.path().join("out/findings.sarif")
    );
    assert!(ws.path().join("out/findings.sarif").is_file());
    assert!(!ws.path().join("informed.sarif").exists());
    let out = run_action(ws.path(), &[]);
    assert_eq!(out.code, 1, "{}", out.log);
    assert!(out.upload().is_some());
    assert!(
        !out.log.contains("::error file="),
        "no annotations by default: {}",
        out.log
    );
}

#[test]
fn an_unknown_failure_level_is_refused() {
    if !tools_present() {
        return;
    }
    let ws = workspace();
    let out = run_action(ws.path(), &[("fail-level", "errors")]);
    assert_eq!(out.code, 2, "{}", out.log);
    assert!(out.log.contains("fail-level must be"), "{}", out.log);
}

#[test]
fn the_workflow_init_writes_uses_this_action() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(external::informed_bin())
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(status.status.success());
    let text =
        std::fs::read_to_string(dir.path().join(".github/workflows/privacy-notices.yml")).unwrap();
    let wf: Value = serde_saphyr::from_str(&text).expect("the workflow is valid YAML");
    assert_eq!(wf["permissions"]["security-events"], "write");
    let cargo_toml = std::fs::read_to_string(external::repo().join("Cargo.toml")).unwrap();
    let repo = Regex::new(r#"repository = "https://github.com/([^"]+)""#)
        .unwrap()
        .captures(&cargo_toml)
        .expect("Cargo.toml names the repository")[1]
        .to_string();
    let steps = wf["jobs"]["check"]["steps"].as_array().unwrap();
    assert!(
        !text.contains("cargo install --locked informed"),
        "informed is not on crates.io under that name"
    );
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{repo}@v")))
        })
        .unwrap_or_else(|| panic!("no step uses {repo}@v…:\n{text}"));
    let a = action();
    for key in obj(&step["with"], "with").keys() {
        assert!(
            a["inputs"][key].is_object(),
            "the workflow passes {key}, which action.yml does not declare"
        );
    }
}
