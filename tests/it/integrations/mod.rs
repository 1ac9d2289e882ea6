//! How the tool is adopted: the GitHub Action, the pre-commit hook, shell completions and the
//! man page, `--version`, and real validators (the W3C Nu Html Checker, the SARIF 2.1.0 schema,
//! every internal link and anchor), the GitHub Pages workflow `init` writes, and the built site
//! behind a real nginx.

mod action;
mod completions;
mod html_validator;
mod links;
mod pre_commit;
mod publish_workflow;
mod publishing_docs;
mod sarif_schema;
mod static_hosting;
mod version;
