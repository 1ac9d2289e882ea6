//! `informed check`, `explain` and `rules`.

mod cli;
mod formats;
mod rules;
mod sarif;
mod stream;
mod ci_output_safety;
