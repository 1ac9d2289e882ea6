//! Run a command and measure its wall-clock time and peak resident memory (the child's
//! `ru_maxrss` from `wait4`, the number `/usr/bin/time -v` prints as "Maximum resident set size").

use std::process::{Command, Stdio};
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub seconds: f64,
    /// User + system CPU time: less sensitive than wall time to other work on the machine.
    pub cpu_seconds: f64,
    pub max_rss_kib: u64,
}

pub fn run(cmd: &mut Command) -> Result<Sample, String> {
    let what = format!("{cmd:?}");
    let started = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{what}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    // Drain stderr on a thread so a chatty child never blocks on a full pipe.
    let mut stderr = child.stderr.expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data, zero is a valid value; `wait4` fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    let err = reader.join().unwrap_or_default();
    if rc < 0 {
        return Err(format!("{what}: wait4 failed"));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // `informed build` exits 0, `check` exits 1 when it finds errors: both are normal here.
    if code != 0 && code != 1 {
        return Err(format!("{what} exited with {code}: {}", err.trim()));
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Sample {
        seconds,
        cpu_seconds: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss as u64,
    })
}
