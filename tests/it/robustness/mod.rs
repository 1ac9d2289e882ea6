//! Hostile and random input: never a panic, a hang or an unsafe page.

mod fuzz_corpus;
mod hostile;
mod limits;
mod properties;
mod input_safety;
mod output_properties;
