//! `informed check`, `explain` and `rules`.

mod ci_output_safety;
mod cli;
mod formats;
mod rules;
mod sarif;
mod stream;
mod terminal_safety;
