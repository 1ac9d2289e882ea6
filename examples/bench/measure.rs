//! Run a command and measure its wall-clock time, CPU time and peak resident memory (the
//! `ru_maxrss` from `wait4`, the number `/usr/bin/time -v` prints as "Maximum resident set size").
//!
//! The step is started through a small launcher process (`bench launch -- …`, this program
//! again) that waits for it and reports its usage. Started straight from the benchmark, a step
//! would report at least the benchmark's own peak: Linux starts a process's `ru_maxrss` from the
//! memory of the process it was spawned from (with `vfork`, the parent's), and the benchmark
//! holds a whole generated corpus in memory at times. The launcher is a few MiB.

use std::ffi::OsString;
use std::process::{Command, Stdio};
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub seconds: f64,
    /// User + system CPU time: less sensitive than wall time to other work on the machine.
    pub cpu_seconds: f64,
    pub max_rss_kib: u64,
}

/// Measure `cmd` (its program, arguments, folder and environment) through the launcher.
pub fn run(cmd: &mut Command) -> Result<Sample, String> {
    let what = format!("{cmd:?}");
    let mut launcher = crate::me();
    launcher
        .arg("launch")
        .arg("--")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        launcher.current_dir(dir);
    }
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => launcher.env(key, value),
            None => launcher.env_remove(key),
        };
    }
    let started = Instant::now();
    let out = launcher
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("{what}: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    let report = String::from_utf8_lossy(&out.stdout);
    let numbers: Vec<f64> = (report.split_whitespace())
        .filter_map(|w| w.parse().ok())
        .collect();
    let [cpu_seconds, max_rss_kib, code] = numbers[..] else {
        return Err(format!("{what}: the launcher failed: {}", err.trim()));
    };
    // `informed build` exits 0, `check` exits 1 when it finds errors: both are normal here.
    if code != 0.0 && code != 1.0 {
        return Err(format!("{what} exited with {code}: {}", err.trim()));
    }
    Ok(Sample {
        seconds,
        cpu_seconds,
        max_rss_kib: max_rss_kib as u64,
    })
}

/// The launcher: run `command`, wait for it, print "CPU-seconds peak-KiB exit-code".
pub fn launch(command: &[OsString]) -> Result<(), String> {
    let (program, args) = command.split_first().ok_or("launch: no command")?;
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{}: {e}", program.to_string_lossy()))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data, zero is a valid value; `wait4` fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if rc < 0 {
        return Err(format!("{}: wait4 failed", program.to_string_lossy()));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    println!(
        "{} {} {code}",
        tv(usage.ru_utime) + tv(usage.ru_stime),
        usage.ru_maxrss
    );
    Ok(())
}
