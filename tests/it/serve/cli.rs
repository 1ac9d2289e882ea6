//! `informed serve` as a process: start-up message, port errors, Ctrl-C.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::serve::*;

use crate::support::informed_process as informed;

#[test]
fn an_explicit_port_in_use_exits_2_with_a_clear_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = Fixture::new("/");
    let out = informed()
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
}

#[test]
fn a_bad_bind_address_is_a_usage_error() {
    let site = Fixture::new("/");
    let out = informed()
        .args(["serve", "--bind", "not-an-address", "--port", "0"])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not an IP address"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly_even_with_a_browser_connected() {
    let site = Fixture::new("/");
    let mut child = informed()
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let url = loop {
        let line = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                panic!("no start-up line");
            }
        };
        if let Some(rest) = line.split("serving ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let addr: std::net::SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    assert_eq!(get(addr, "/alpha/").status, 200);
    // An open event stream must not hold the shutdown up.
    let mut events = Events::open(addr, "/__informed/events");
    assert!(events.next("hello", Duration::from_secs(5)).is_some());

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let end = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("server did not stop within 10 s of Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(exit.code(), Some(0));
    assert!(std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err());
}
