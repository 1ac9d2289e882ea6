//! `informed`: privacy notices in Markdown → a static site, checked against what UK GDPR / EU
//! GDPR Articles 13 and 14 require a notice to say.
//!
//! The pipeline has one module per stage: [`load`] → [`understand`] → [`lint`] → [`render`] →
//! [`write`], with [`site`] running them and [`report`] formatting findings for people and CI.
//!
//! # The public API
//!
//! The crate is a command-line tool first ([`main`] is the whole binary). The library's public
//! items are the few that the integration tests, the fuzz harness and the benchmarks drive; every
//! other item is `pub(crate)`, and `unreachable_pub` keeps it that way.
//!
//! | to | use |
//! |---|---|
//! | judge one notice as every command does | [`pipeline::Pipeline`] (`judge`) → [`pipeline::Judged`] |
//! | read a notice | [`load::Notice`] (`load`, `parse`), [`load::structured::declared`] |
//! | lint without the pipeline's checks | [`lint::analyse`], [`lint::RuleSet`], [`lint::FileReport`] |
//! | build or serve a site | [`site::Site`] (`open`, `build`, `process`), [`serve::Server`] |
//! | render one page | [`render::notice_page`], [`render::Theme`], [`render::html::render_body`] |
//! | measure detection | [`eval::evaluate`], [`eval::evaluate_on`] |
//! | settings, dates, errors | [`config::Config`], [`date::Date`], [`Error`], [`Result`] |

#![warn(unreachable_pub, missing_docs)]

pub mod authoring;
mod cache;
mod cli;
mod commands;
mod completions;
pub mod config;
pub mod date;
pub mod document;
pub mod error;
pub mod eval;
pub mod history;
mod law;
pub mod lint;
pub mod load;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod serve;
pub mod site;
pub mod source;
pub mod understand;
pub mod write;

pub use cli::main;
pub use error::{Error, Result};
