use std::process::Command;

// Built-in themes and rule packs are embedded with include_dir; rebuild when any file in them
// changes or is added (include_dir alone does not tell cargo about new files).
fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=lints");
    version();
}

/// `informed --version`: the version, and the commit and its date when built from a git
/// checkout (`informed 0.1.0 (1a2b3c4d5e6f 2026-12-02)`); just the version from a package.
fn version() {
    let pkg = std::env::var("CARGO_PKG_VERSION").unwrap();
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    // Only this crate's own repository: a package unpacked inside another checkout must not
    // take that checkout's commit.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let top = git(&["-C", &manifest, "rev-parse", "--show-toplevel"]);
    let own =
        top.is_some_and(|t| std::fs::canonicalize(t).ok() == std::fs::canonicalize(&manifest).ok());
    let commit = own
        .then(|| {
            git(&[
                "-C",
                &manifest,
                "log",
                "-1",
                "--format=%h %cs",
                "--abbrev=12",
            ])
        })
        .flatten();
    match commit {
        Some(c) => {
            println!("cargo:rustc-env=INFORMED_VERSION={pkg} ({c})");
            // Rebuild when HEAD moves: the HEAD file, and the branch it names.
            for path in [
                git(&["-C", &manifest, "rev-parse", "--git-path", "HEAD"]),
                git(&["-C", &manifest, "symbolic-ref", "-q", "HEAD"])
                    .and_then(|r| git(&["-C", &manifest, "rev-parse", "--git-path", &r])),
                git(&["-C", &manifest, "rev-parse", "--git-path", "packed-refs"]),
            ]
            .into_iter()
            .flatten()
            {
                // A path that does not exist would make cargo rerun this script on every build.
                let path = std::path::Path::new(&manifest).join(path);
                if path.exists() {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        None => println!("cargo:rustc-env=INFORMED_VERSION={pkg}"),
    }
}
