//! How the tool is adopted: the GitHub Action, the pre-commit hook, shell completions and the
//! man page, `--version`, and real validators (the W3C Nu Html Checker, the SARIF 2.1.0 schema,
//! every internal link and anchor).

mod action;
mod completions;
mod html_validator;
mod links;
mod pre_commit;
mod sarif_schema;
mod version;
