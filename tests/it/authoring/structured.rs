//! Structured front matter: an invalid key fails `build` with exit 2, naming the file and line.

use crate::support::informed;

fn site_with(notice: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("informed.toml"), "title = \"T\"\n").unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/n.md"), notice).unwrap();
    dir
}

#[test]
fn invalid_lawful_basis_fails_the_build_at_its_line() {
    let dir = site_with("---\ntitle: N\nlawful_basis: public taks\n---\n\n# N\n\nText.\n");
    let out = informed()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/n.md:3:1"), "{err}");
    assert!(err.contains("unknown lawful basis `public taks`"), "{err}");
    assert!(
        !dir.path().join("site").exists(),
        "a failed build must not write the site"
    );
}

#[test]
fn valid_structured_front_matter_builds() {
    let dir = site_with(
        "---\ntitle: N\nlawful_basis: [public task]\ncollection: direct\nreview_due: 2030-01-01\n---\n\n# N\n\nText.\n",
    );
    informed()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("site/n/index.html").is_file());
}
