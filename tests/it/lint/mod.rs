//! The rule packs and detection, judged on fixtures, seeds and labelled notices.

mod detection;
mod fixtures;
mod packs;
mod phrases;
mod plain_words;
mod seeds;
