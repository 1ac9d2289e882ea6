//! `informed serve`.

mod browser;
mod cli;
mod http;
mod load;
mod users;
