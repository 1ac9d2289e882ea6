//! `informed init [DIR]`: a working site in a folder.

use std::path::Path;

use crate::date::Date;
use crate::error::Result;

use super::NewFiles;

const CONFIG: &str = include_str!("files/informed.toml");
const EXAMPLE: &str = include_str!("files/example-notice.md");
const WORKFLOW: &str = include_str!("files/workflow.yml");
const GITIGNORE: &str = include_str!("files/gitignore");
const PUBLISH_GITHUB_PAGES: &str = include_str!("files/publish-github-pages.yml");

/// Where `init` puts the example notice, relative to the site folder.
pub(super) const EXAMPLE_PATH: &str = "content/library-membership.md";
/// Where `init` puts the CI workflow.
pub(super) const WORKFLOW_PATH: &str = ".github/workflows/privacy-notices.yml";
/// Where `init --publish github-pages` puts the publishing workflow.
pub(super) const PUBLISH_WORKFLOW_PATH: &str = ".github/workflows/publish.yml";

/// Where `informed init --publish` sets the site up to be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Publish {
    /// A GitHub Actions workflow that checks, builds and deploys to GitHub Pages (the default).
    #[default]
    GithubPages,
    /// No publishing workflow (Netlify, Cloudflare Pages, S3: see docs/publishing.md).
    None,
}

/// The example notice with today's date as "last updated" and a review a year later.
pub(super) fn example_notice(today: Date) -> String {
    let review = Date::new(today.year + 1, today.month, today.day.min(28)).unwrap_or(today);
    EXAMPLE
        .replace("{{today}}", &today.to_string())
        .replace("{{review}}", &review.to_string())
}

/// Scaffold a new site in `dir` (`informed init`); `force` overwrites informed's own files. Returns the exit code.
pub fn init(dir: &Path, force: bool, publish: Publish) -> Result<i32> {
    let mut files = NewFiles::new(dir);
    files.add(dir.join(crate::config::CONFIG_FILE), CONFIG.to_string());
    files.add(dir.join(EXAMPLE_PATH), example_notice(Date::today()));
    files.add(dir.join(WORKFLOW_PATH), WORKFLOW.to_string());
    if publish == Publish::GithubPages {
        files.add(
            dir.join(PUBLISH_WORKFLOW_PATH),
            PUBLISH_GITHUB_PAGES.to_string(),
        );
    }
    files.add(dir.join(".gitignore"), GITIGNORE.to_string());
    let written = files.write(force).map_err(|e| {
        e.with_note("help: pass --force to overwrite, or run `informed init` in an empty folder")
    })?;
    println!("Created a site in {}:", dir.display());
    for (path, replaced) in &written {
        let note = if *replaced { "  (overwritten)" } else { "" };
        println!("  {}{note}", crate::load::relative(path, dir));
    }
    for (path, _) in written.iter().filter(|(_, replaced)| *replaced) {
        eprintln!(
            "warning: --force: overwrote {}",
            crate::load::relative(path, dir)
        );
    }
    println!();
    println!("Next steps:");
    if dir != Path::new(".") {
        println!("  cd {}", dir.display());
    }
    println!(
        "  informed new \"Staff survey\"   start a notice with every section the law requires"
    );
    println!("  informed serve                 preview the site at http://127.0.0.1:1111");
    println!("  informed check                 check every notice, as CI will");
    println!("  informed build                 write the site to site/");
    if publish == Publish::GithubPages {
        println!();
        println!(
            "To publish on GitHub Pages, push to GitHub and choose \"GitHub Actions\" as the source under"
        );
        println!("Settings → Pages; {PUBLISH_WORKFLOW_PATH} deploys every push to main.");
    }
    Ok(0)
}
