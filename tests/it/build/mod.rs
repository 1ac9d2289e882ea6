//! `informed build`.

mod atomic;
mod cli;
mod headers;
mod output;
mod output_collisions;
mod output_safety;
mod symlinks;
mod translations;
