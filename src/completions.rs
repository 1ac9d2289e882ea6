//! `informed completions SHELL` and `informed man`: generated from the clap definition of the
//! command line, so they cannot disagree with it.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Error, Result};

/// Print the completion script for `shell` to standard output.
pub(crate) fn completions(shell: Shell) -> Result<i32> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "informed", &mut buf);
    stdout(&buf)
}

/// The man pages (roff, section 1): `informed.1` on standard output, or, with `dir`, written
/// there with one `informed-<command>.1` per subcommand.
pub(crate) fn man(dir: Option<&Path>) -> Result<i32> {
    let cmd = Cli::command();
    let render = |cmd: clap::Command| -> Result<Vec<u8>> {
        let mut buf = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut buf)
            .map_err(|e| Error::new(format!("could not render the man page: {e}")))?;
        Ok(buf)
    };
    let Some(dir) = dir else {
        return stdout(&render(cmd)?);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let mut pages = vec![("informed.1".to_string(), render(cmd.clone())?)];
    for sub in cmd.get_subcommands() {
        let name = format!("informed-{}", sub.get_name());
        pages.push((
            format!("{name}.1"),
            render(
                sub.clone()
                    .name(name)
                    .bin_name(format!("informed {}", sub.get_name())),
            )?,
        ));
    }
    for (file, text) in pages {
        let path = dir.join(&file);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, &e))?;
        println!("{}", path.display());
    }
    Ok(0)
}

fn stdout(bytes: &[u8]) -> Result<i32> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Error::new(format!("could not write to standard output: {e}")))?;
    Ok(0)
}
