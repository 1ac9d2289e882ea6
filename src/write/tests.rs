//! Unit tests of staging, claims and the output guard.
use super::*;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::symlink_metadata(path).unwrap())
}

/// A published site `site/` with `files`, in a temp folder.
fn published(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    for (rel, text) in files {
        let p = out.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    (dir, out)
}

#[test]
fn files_land_in_nested_folders_made_once() {
    let (_dir, out) = published(&[]);
    let staging = Staging::at(&out, None).unwrap();
    staging.put("a/b/index.html", b"1").unwrap();
    staging.put("a/b/notice.json", b"2").unwrap();
    staging.put("a/c.html", b"3").unwrap();
    staging.put("top.html", b"4").unwrap();
    let made = staging.made.lock().unwrap().clone();
    assert!(made.contains(&staging.dir.join("a/b")) && made.contains(&staging.dir.join("a")));
    staging.commit().unwrap();
    assert_eq!(read(&out.join("a/b/index.html")), "1");
    assert_eq!(read(&out.join("a/b/notice.json")), "2");
    assert_eq!(read(&out.join("a/c.html")), "3");
    assert_eq!(read(&out.join("top.html")), "4");
}

#[cfg(unix)]
#[test]
fn unchanged_files_are_linked_and_changed_ones_written() {
    let (_dir, out) = published(&[("a/index.html", "same"), ("b/index.html", "old")]);
    let before = inode(&out.join("a/index.html"));
    let staging = Staging::at(&out, None).unwrap();
    staging.put("a/index.html", b"same").unwrap();
    staging.put("b/index.html", b"new!").unwrap();
    staging.put("c/index.html", b"added").unwrap();
    assert_eq!(inode(&staging.dir.join("a/index.html")), before);
    assert_ne!(
        inode(&staging.dir.join("b/index.html")),
        inode(&out.join("b/index.html"))
    );
    staging.commit().unwrap();
    assert_eq!(read(&out.join("a/index.html")), "same");
    assert_eq!(read(&out.join("b/index.html")), "new!");
    assert_eq!(read(&out.join("c/index.html")), "added");
    let meta = std::fs::metadata(out.join("a/index.html")).unwrap();
    assert_eq!(
        std::os::unix::fs::MetadataExt::nlink(&meta),
        1,
        "the old site's link is gone"
    );
}

#[test]
fn writing_a_path_twice_never_changes_the_published_site() {
    let (_dir, out) = published(&[("a/index.html", "published")]);
    let staging = Staging::at(&out, None).unwrap();
    // The first write may link to the published file; the second must not write through.
    staging.put("a/index.html", b"published").unwrap();
    staging.put("a/index.html", b"something else").unwrap();
    assert_eq!(read(&out.join("a/index.html")), "published");
    assert_eq!(read(&staging.dir.join("a/index.html")), "something else");
    drop(staging); // an abandoned build
    assert_eq!(read(&out.join("a/index.html")), "published");
}

#[cfg(unix)]
#[test]
fn files_with_other_links_and_symbolic_links_are_written_fresh() {
    let (dir, out) = published(&[("a/index.html", "same")]);
    let elsewhere = dir.path().join("elsewhere.html");
    std::fs::write(&elsewhere, "same").unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("linked.html")).unwrap();
    std::fs::hard_link(
        out.join("a/index.html"),
        dir.path().join("second-name.html"),
    )
    .unwrap();
    let staging = Staging::at(&out, None).unwrap();
    staging.put("linked.html", b"same").unwrap();
    staging.put("a/index.html", b"same").unwrap();
    let written = staging.dir.join("linked.html");
    assert!(std::fs::symlink_metadata(&written).unwrap().is_file());
    assert_ne!(inode(&written), inode(&elsewhere));
    assert_ne!(
        inode(&staging.dir.join("a/index.html")),
        inode(&out.join("a/index.html"))
    );
}

#[test]
fn claims_catch_one_path_twice_and_a_file_where_a_folder_goes() {
    let claims = Claims::default();
    claims.claim("assets/informed.css", "theme").unwrap();
    claims.claim("a/index.html", "a.md").unwrap();
    claims.claim("a/notice.json", "a.md").unwrap();
    claims.claim("a/notice.json", "a.md").unwrap();
    let twice = claims.claim("a/notice.json", "b.md").unwrap_err();
    assert_eq!(
        (twice.first.as_str(), twice.folder_for_second),
        ("a.md", None)
    );
    let under_a_file = claims
        .claim("assets/informed.css/index.html", "c.md")
        .unwrap_err();
    assert_eq!(under_a_file.path, "assets/informed.css");
    assert_eq!(under_a_file.folder_for_second, Some(true));
    let over_a_folder = claims.claim("a", "d.md").unwrap_err();
    assert_eq!(
        (
            over_a_folder.first.as_str(),
            over_a_folder.folder_for_second
        ),
        ("a.md", Some(false))
    );
    claims.claim("ab/index.html", "e.md").unwrap();
}

#[cfg(unix)]
#[test]
fn removing_a_tree_does_not_follow_symbolic_links() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(outside.join("deep")).unwrap();
    std::fs::write(outside.join("deep/keep.txt"), "keep").unwrap();
    let tree = dir.path().join("tree");
    for i in 0..20 {
        let page = tree.join(format!("section-{i}/page"));
        std::fs::create_dir_all(&page).unwrap();
        std::fs::write(page.join("index.html"), "x").unwrap();
    }
    std::fs::write(tree.join("top.txt"), "x").unwrap();
    std::os::unix::fs::symlink(&outside, tree.join("link-to-outside")).unwrap();
    std::os::unix::fs::symlink(&outside, tree.join("section-3/link")).unwrap();
    remove_tree(&tree).unwrap();
    assert!(!tree.exists());
    assert_eq!(read(&outside.join("deep/keep.txt")), "keep");
    remove_tree(&tree).unwrap(); // already gone: fine
}

/// Found by the output-guard property test: a dangling link followed by `..` left the rest of
/// the path unresolved, so `dangling/../into-content/x` (a link into the sources) looked new.
#[cfg(unix)]
#[test]
fn a_path_back_out_of_a_dangling_link_is_resolved_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::os::unix::fs::symlink("nowhere", root.join("dangling")).unwrap();
    std::os::unix::fs::symlink("content", root.join("into-content")).unwrap();
    assert_eq!(
        real_path(&root.join("dangling/../into-content/default")),
        root.join("content/default")
    );
    assert_eq!(
        real_path(&root.join("new/../into-content")),
        root.join("content")
    );
}
