//! `informed init`, `new`, `import`, and the pages a notice becomes.

mod commands;
mod render;
mod safety;
mod structured;
