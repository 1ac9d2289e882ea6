//! `informed`: privacy notices in Markdown → a static site, checked against what UK GDPR / EU
//! GDPR Articles 13 and 14 require a notice to say.
//!
//! The pipeline has one module per stage: [`load`] → [`understand`] → [`lint`] → [`render`] →
//! [`write`], with [`site`] running them and [`report`] formatting findings for people and CI.

pub mod authoring;
pub(crate) mod cache;
pub mod cli;
pub mod commands;
pub mod completions;
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

pub use error::{Error, Result};
