//! `informed build`.

mod atomic;
mod cli;
mod output;
mod output_collisions;
mod output_safety;
mod symlinks;
