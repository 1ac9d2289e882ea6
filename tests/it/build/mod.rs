//! `informed build`.

mod atomic;
mod cli;
mod output;
mod symlinks;
mod output_safety;
mod output_collisions;
