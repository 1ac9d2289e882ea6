//! Hostile and random input: never a panic, a hang or an unsafe page.

mod fuzz_corpus;
mod hostile;
mod input_safety;
mod limits;
mod output_properties;
mod properties;
