//! Where `check` collects its report until every notice is checked: memory up to a limit, then
//! an unnamed temporary file. The report reaches stdout only when it is complete, so a notice
//! that cannot be read leaves stdout empty (never half a JSON or SARIF document), and memory
//! stays flat however long the report is.

use std::fs::File;
use std::io::{self, Seek, Write};
use std::path::PathBuf;

/// Bytes kept in memory before the report moves to a temporary file.
pub(crate) const MEMORY_LIMIT: usize = 8 << 20;

pub(crate) struct Spool {
    memory: Vec<u8>,
    limit: usize,
    file: Option<File>,
    /// The temporary file's path, where it could not be removed while open (not on Unix).
    path: Option<PathBuf>,
}

impl Spool {
    pub(crate) fn new(limit: usize) -> Spool {
        Spool {
            memory: Vec::new(),
            limit,
            file: None,
            path: None,
        }
    }

    /// Add text to the report. Past the limit, what is in memory moves to the temporary file;
    /// when no temporary file can be made, the report stays in memory.
    pub(crate) fn push(&mut self, text: &str) -> io::Result<()> {
        self.memory.extend_from_slice(text.as_bytes());
        if self.memory.len() >= self.limit {
            if self.file.is_none() {
                self.open_file();
            }
            if let Some(f) = &mut self.file {
                f.write_all(&self.memory)?;
                self.memory.clear();
            }
        }
        Ok(())
    }

    /// Whether part of the report is in a temporary file.
    #[cfg(test)]
    pub(crate) fn spilled(&self) -> bool {
        self.file.is_some()
    }

    /// Copy the whole report to `out`.
    pub(crate) fn finish(mut self, out: &mut impl Write) -> io::Result<()> {
        if let Some(f) = &mut self.file {
            f.rewind()?;
            // From the file to stdout, the kernel copies (copy_file_range, sendfile or splice)
            // where it can.
            out.flush()?;
            io::copy(f, out)?;
        }
        out.write_all(&self.memory)?;
        out.flush()
    }

    fn open_file(&mut self) {
        let dir = std::env::temp_dir();
        for attempt in 0..16u32 {
            let path = dir.join(format!(
                ".informed-check-{}-{}-{attempt}",
                std::process::id(),
                unique()
            ));
            let mut options = std::fs::OpenOptions::new();
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(f) => {
                    // On Unix the file lives on, nameless, until it is closed.
                    if cfg!(unix) && std::fs::remove_file(&path).is_ok() {
                        self.path = None;
                    } else {
                        self.path = Some(path);
                    }
                    self.file = Some(f);
                    return;
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(_) => return,
            }
        }
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        self.file = None;
        if let Some(p) = self.path.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A number that differs between spools of one process.
fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(limit: usize, parts: &[&str]) -> (Vec<u8>, bool) {
        let mut spool = Spool::new(limit);
        for p in parts {
            spool.push(p).unwrap();
        }
        let spilled = spool.spilled();
        let mut out = Vec::new();
        spool.finish(&mut out).unwrap();
        (out, spilled)
    }

    #[test]
    fn a_short_report_stays_in_memory() {
        let (out, spilled) = collect(1024, &["a", "b", "c"]);
        assert_eq!(out, b"abc");
        assert!(!spilled);
    }

    #[test]
    fn a_long_report_moves_to_a_file_and_comes_back_whole() {
        let parts: Vec<String> = (0..1000).map(|i| format!("part {i}\n")).collect();
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        let (out, spilled) = collect(100, &refs);
        assert!(spilled);
        assert_eq!(String::from_utf8(out).unwrap(), parts.concat());
    }

    #[test]
    fn the_temporary_file_is_gone_afterwards() {
        let mut spool = Spool::new(1);
        spool.push("x").unwrap();
        assert!(spool.spilled());
        if cfg!(unix) {
            assert!(spool.path.is_none(), "removed as soon as it is open");
        } else {
            let path = spool.path.clone().unwrap();
            assert!(path.exists());
            drop(spool);
            assert!(!path.exists());
        }
    }
}
