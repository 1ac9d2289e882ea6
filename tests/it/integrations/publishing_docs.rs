//! The recipes in `docs/publishing.md` work as written: its GitHub Pages workflow is the file
//! `informed init` writes, every workflow in it matches GitHub's workflow schema, and its
//! CloudFront Function (run with Node.js) serves every page of a built site from a file that
//! exists and leaves files alone.

use crate::support::external;

use std::path::Path;

fn guide() -> String {
    std::fs::read_to_string(external::repo().join("docs/publishing.md")).unwrap()
}

/// The fenced blocks of `lang` in `text`, in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let open = format!("```{lang}\n");
    text.split(&open)
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap().to_string())
        .collect()
}

use external::node;

#[test]
fn the_github_pages_recipe_is_the_workflow_init_writes() {
    let tmp = tempfile::tempdir().unwrap();
    external::init_site(tmp.path());
    let written =
        std::fs::read_to_string(tmp.path().join(".github/workflows/publish.yml")).unwrap();
    let yaml = blocks(&guide(), "yaml");
    assert!(yaml.len() >= 3, "{} workflows in the guide", yaml.len());
    assert_eq!(
        yaml[0], written,
        "docs/publishing.md shows another workflow"
    );
}

#[test]
fn every_workflow_in_the_guide_matches_githubs_schema() {
    if !external::browser_tests("validate the publishing guide's workflows") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let files: Vec<_> = blocks(&guide(), "yaml")
        .iter()
        .enumerate()
        .map(|(i, text)| {
            assert!(text.contains("jobs:"), "a whole workflow: {text}");
            let path = tmp.path().join(format!("workflow-{i}.yml"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (ok, text) = node(
        &external::repo().join("tests/browser/workflow-schema.cjs"),
        &refs,
    );
    assert!(ok, "{text}");
    assert_eq!(
        text.matches("valid GitHub workflow").count(),
        files.len(),
        "{text}"
    );
}

#[test]
fn the_cloudfront_function_maps_every_url_to_a_file() {
    if !external::browser_tests("run the guide's CloudFront Function") {
        return;
    }
    let functions = blocks(&guide(), "js");
    assert_eq!(functions.len(), 1);
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = crate::support::informed_process()
        .current_dir(external::repo())
        .args(["build", "--out"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every URL a visitor asks for: each page's folder URL, each other file as it is, and a
    // page without its final slash. Not `_headers` and the marker: the guide's upload leaves
    // them out.
    let guide = guide();
    for skipped in ["--exclude '_headers'", "--exclude '.informed-site'"] {
        assert!(guide.contains(skipped), "{skipped}");
    }
    let mut uris = vec!["/library-membership".to_string()];
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .to_string();
        if rel == "_headers" || rel == ".informed-site" {
            continue;
        }
        uris.push(format!(
            "/{}",
            rel.strip_suffix("index.html").unwrap_or(&rel)
        ));
    }
    let script = tmp.path().join("run.js");
    std::fs::write(
        &script,
        format!(
            "{}\nconst uris = {};\nfor (const uri of uris) {{\n  const r = handler({{ request: {{ uri, method: 'GET', headers: {{}} }} }});\n  console.log(JSON.stringify([uri, r.uri || null, r.statusCode || null, r.headers && r.headers.location ? r.headers.location.value : null]));\n}}\n",
            functions[0],
            serde_json::to_string(&uris).unwrap()
        ),
    )
    .unwrap();
    let (ok, text) = node(&script, &[]);
    assert!(ok, "{text}");
    let mut served = 0;
    for line in text.lines() {
        let (uri, rewritten, status, location): (
            String,
            Option<String>,
            Option<u16>,
            Option<String>,
        ) = serde_json::from_str(line).unwrap();
        if uri == "/library-membership" {
            assert_eq!(status, Some(301), "{line}");
            assert_eq!(location.as_deref(), Some("/library-membership/"), "{line}");
            continue;
        }
        let key = rewritten.unwrap_or_else(|| panic!("{line}"));
        assert!(
            site.join(&key[1..]).is_file(),
            "{uri} → {key}, which is not a file"
        );
        if !uri.ends_with('/') {
            assert_eq!(key, uri, "a file is left alone");
        }
        served += 1;
    }
    assert_eq!(served, uris.len() - 1, "{text}");
}
