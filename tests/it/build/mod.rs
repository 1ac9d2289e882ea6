//! `informed build`.

mod atomic;
mod cli;
mod output;
mod symlinks;
