//! Authoring: `init`, `new` and `import`.

use std::path::Path;

use crate::error::Result;

pub fn init(_dir: &Path, _force: bool) -> Result<i32> {
    Err(crate::cli::not_yet("init"))
}

pub fn new_notice(_root: &Path, _name: &str, _indirect: bool) -> Result<i32> {
    Err(crate::cli::not_yet("new"))
}

pub fn import(_root: &Path, _file: &Path, _out: Option<&Path>) -> Result<i32> {
    Err(crate::cli::not_yet("import"))
}
