//! Where a build's files go: the [`Sink`] trait and its implementations (a staging folder, memory
//! for `serve`, and wrappers that record or claim each path).

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::write::{Claims, Collision, Staging};

/// Where generated files go: a staging folder on disk, or memory for `serve`.
pub trait Sink: Sync {
    /// Put `bytes` at `path` (relative to the output folder).
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;

    /// Keep the published file at `path` as it is, instead of writing it (the result cache
    /// vouches for it); only a staging folder over a published site can.
    fn keep(&self, path: &str) -> Result<()> {
        Err(Error::new(format!(
            "cannot keep `{path}`: nothing is published here"
        )))
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        Staging::put(self, path, &bytes)
    }

    fn keep(&self, path: &str) -> Result<()> {
        Staging::keep(self, path)
    }
}

/// A sink that notes the path of every file put through it.
pub(super) struct Recording<'a> {
    sink: &'a dyn Sink,
    files: std::sync::Mutex<Vec<String>>,
}

impl<'a> Recording<'a> {
    pub(super) fn new(sink: &'a dyn Sink) -> Recording<'a> {
        Recording {
            sink,
            files: Default::default(),
        }
    }

    pub(super) fn files(self) -> Vec<String> {
        self.files.into_inner().unwrap_or_default()
    }
}

impl Sink for Recording<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.sink.put(path, bytes)?;
        if let Ok(mut files) = self.files.lock() {
            files.push(path.to_string());
        }
        Ok(())
    }
}

/// Files kept in memory, by output path.
#[derive(Default)]
pub struct MemorySink {
    pub(crate) files: std::sync::Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        crate::write::safe_relative(path)?;
        self.files
            .lock()
            .map_err(|_| Error::new("output store poisoned"))?
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// A sink that claims each path for one notice before handing it on (see [`Claims`]).
pub(super) struct Claimed<'a> {
    pub(super) sink: &'a dyn Sink,
    pub(super) claims: &'a Claims,
    pub(super) source: String,
    pub(super) collision: std::sync::Mutex<Option<Collision>>,
}

impl Claimed<'_> {
    fn claim(&self, path: &str) -> Result<()> {
        if let Err(c) = self.claims.claim(path, &self.source) {
            let message = format!("output path `{}` collides", c.path);
            if let Ok(mut slot) = self.collision.lock() {
                *slot = Some(c);
            }
            return Err(Error::new(message).in_file(&self.source));
        }
        Ok(())
    }
}

impl Sink for Claimed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.claim(path)?;
        self.sink.put(path, bytes)
    }

    fn keep(&self, path: &str) -> Result<()> {
        self.claim(path)?;
        self.sink.keep(path)
    }
}
