//! The GitHub Pages workflow `informed init` writes (`--publish github-pages`, the default):
//! parsed as YAML and checked step by step (the official Pages actions, the permissions each
//! job gets, one deployment at a time, the build's base URL taken from `configure-pages`), its
//! build step run as a runner would run it, and, with `INFORMED_BROWSER_TESTS=1`, validated
//! against GitHub's workflow schema (`@action-validator/core` from npm).

use crate::support::external;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const PUBLISH: &str = ".github/workflows/publish.yml";

fn init(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(external::informed_bin())
        .arg("init")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

fn workflow(dir: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(dir.join(PUBLISH)).unwrap();
    let wf: Value = serde_saphyr::from_str(&text).expect("the workflow is valid YAML");
    (text, wf)
}

fn steps(job: &Value) -> &Vec<Value> {
    job["steps"].as_array().expect("the job has steps")
}

/// The one step whose `uses:` starts with `action@`.
fn uses<'a>(job: &'a Value, action: &str) -> &'a Value {
    let found: Vec<&Value> = steps(job)
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{action}@v")))
        })
        .collect();
    assert_eq!(found.len(), 1, "one step uses {action}: {job}");
    found[0]
}

fn position(job: &Value, step: &Value) -> usize {
    steps(job).iter().position(|s| s == step).unwrap()
}

#[test]
fn init_writes_the_pages_workflow_unless_told_not_to() {
    let tmp = tempfile::tempdir().unwrap();
    let default = tmp.path().join("default");
    assert!(init(&default, &[]).status.success());
    assert!(default.join(PUBLISH).is_file());
    let explicit = tmp.path().join("explicit");
    assert!(
        init(&explicit, &["--publish", "github-pages"])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read(default.join(PUBLISH)).unwrap(),
        std::fs::read(explicit.join(PUBLISH)).unwrap()
    );
    let none = tmp.path().join("none");
    let out = init(&none, &["--publish", "none"]);
    assert!(out.status.success());
    assert!(!none.join(PUBLISH).exists());
    assert!(none.join(".github/workflows/privacy-notices.yml").is_file());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("GitHub Pages"));

    let bad = init(&tmp.path().join("bad"), &["--publish", "netlify"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("github-pages") && err.contains("none"),
        "{err}"
    );
    assert!(!tmp.path().join("bad").exists(), "nothing written");
}

#[test]
fn the_pages_workflow_checks_builds_uploads_and_deploys() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(init(tmp.path(), &[]).status.success());
    let (text, wf) = workflow(tmp.path());

    // Runs on pushes to main and by hand; never for pull requests (they must not deploy).
    assert!(
        wf["on"]["push"]["branches"]
            .as_array()
            .unwrap()
            .contains(&Value::from("main"))
    );
    assert!(wf["on"].get("workflow_dispatch").is_some());
    assert!(wf["on"].get("pull_request").is_none());

    // Nothing granted by default; each job gets only what it needs.
    assert_eq!(wf["permissions"], serde_json::json!({}));
    let build = &wf["jobs"]["build"];
    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(
        build["permissions"],
        serde_json::json!({"contents": "read", "pages": "read"})
    );
    assert_eq!(
        deploy["permissions"],
        serde_json::json!({"pages": "write", "id-token": "write"})
    );
    assert_eq!(wf["jobs"].as_object().unwrap().len(), 2);

    // One deployment at a time, never cancelled halfway.
    assert_eq!(wf["concurrency"]["group"], "pages");
    assert_eq!(wf["concurrency"]["cancel-in-progress"], false);

    // build: checkout → check (fails on errors) → configure-pages → build → upload.
    let checkout = uses(build, "actions/checkout");
    // The whole history, for the notices' "Changes" (docs/history.md).
    assert_eq!(checkout["with"]["fetch-depth"], 0);
    let check = uses(build, "informed-notices/informed");
    assert_eq!(check["with"]["fail-level"], "error");
    let configure = uses(build, "actions/configure-pages");
    assert!(configure["uses"].as_str().unwrap().ends_with("@v5"));
    let id = configure["id"].as_str().expect("configure-pages has an id");
    let run = steps(build)
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("informed build"))
        })
        .expect("a step runs informed build");
    assert_eq!(
        run["env"]["PAGES_BASE_URL"],
        format!("${{{{ steps.{id}.outputs.base_url }}}}"),
        "the base URL comes from configure-pages"
    );
    let upload = uses(build, "actions/upload-pages-artifact");
    assert!(upload["uses"].as_str().unwrap().ends_with("@v3"));
    let order: Vec<usize> = [checkout, check, configure, run, upload]
        .iter()
        .map(|s| position(build, s))
        .collect();
    assert!(order.is_sorted(), "steps out of order: {order:?}");
    // What is uploaded is what was built.
    let out = run["run"]
        .as_str()
        .unwrap()
        .split("--out ")
        .nth(1)
        .expect("the build names its output")
        .trim()
        .trim_matches('"')
        .to_string();
    assert_eq!(out, "$RUNNER_TEMP/site");
    assert_eq!(upload["with"]["path"], "${{ runner.temp }}/site");

    // deploy: after build, in the github-pages environment, with the official action.
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    let deploy_step = uses(deploy, "actions/deploy-pages");
    assert!(deploy_step["uses"].as_str().unwrap().ends_with("@v4"));
    let deploy_id = deploy_step["id"].as_str().unwrap();
    assert_eq!(
        deploy["environment"]["url"],
        format!("${{{{ steps.{deploy_id}.outputs.page_url }}}}")
    );

    // Expressions reach scripts only through `env:`, never pasted into `run:`.
    for job in [build, deploy] {
        for step in steps(job) {
            if let Some(script) = step["run"].as_str() {
                assert!(!script.contains("${{"), "{script}");
            }
        }
    }
    assert!(
        !text.contains("security-events"),
        "no code scanning upload here"
    );
}

/// The build step, run as a runner runs it (bash, `informed` on the PATH put there by the
/// informed action, `$RUNNER_TEMP`, the base URL configure-pages gives a project site): the
/// site is built for `/REPOSITORY/`, with absolute URLs in the sitemap.
#[test]
fn the_build_step_builds_for_the_project_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("repo");
    assert!(init(&site, &[]).status.success());
    let (_, wf) = workflow(&site);
    let script = steps(&wf["jobs"]["build"])
        .iter()
        .find_map(|s| s["run"].as_str().filter(|r| r.contains("informed build")))
        .unwrap()
        .to_string();
    let runner_temp = tmp.path().join("runner-temp");
    std::fs::create_dir(&runner_temp).unwrap();
    let bin_dir = external::informed_bin().parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(&site)
        .env("PATH", path)
        .env("RUNNER_TEMP", &runner_temp)
        .env(
            "PAGES_BASE_URL",
            "https://example-org.github.io/privacy-site",
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built = runner_temp.join("site");
    let index = std::fs::read_to_string(built.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"/privacy-site/assets/"),
        "links are under the project's path: {index}"
    );
    let sitemap = std::fs::read_to_string(built.join("sitemap.xml")).unwrap();
    assert!(
        sitemap
            .contains("<loc>https://example-org.github.io/privacy-site/library-membership/</loc>"),
        "{sitemap}"
    );
    assert!(built.join("_headers").is_file());
    assert!(!site.join("site").exists(), "nothing built in the checkout");
}

#[test]
fn the_workflows_init_writes_match_githubs_schema() {
    if !external::browser_tests("validate the workflows against GitHub's schema") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    assert!(init(tmp.path(), &[]).status.success());
    let files = [
        tmp.path().join(PUBLISH),
        tmp.path().join(".github/workflows/privacy-notices.yml"),
    ];
    let broken = tmp.path().join("broken.yml");
    std::fs::write(
        &broken,
        std::fs::read_to_string(&files[0])
            .unwrap()
            .replace("pages: write", "pages: publish"),
    )
    .unwrap();
    let validate = |paths: &[&Path]| {
        external::node(
            &external::repo().join("tests/browser/workflow-schema.cjs"),
            paths,
        )
    };
    let (ok, text) = validate(&[&files[0], &files[1]]);
    assert!(ok, "{text}");
    assert_eq!(text.matches("valid GitHub workflow").count(), 2, "{text}");
    // The validator is not blind: a permission level GitHub does not know is refused.
    let (ok, text) = validate(&[&broken]);
    assert!(!ok, "{text}");
}
