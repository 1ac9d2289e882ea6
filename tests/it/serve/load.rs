//! The preview server holds: a bounded load test on loopback. 1,000 requests from 50
//! concurrent clients are all answered correctly while a notice is being edited; slow and
//! half-open clients do not block others; very long URLs and odd methods get a 4xx. Every loop
//! is bounded in count and time and the server stops when the test ends.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::serve::{ALPHA, Fixture, get};

/// One request on its own connection; errors are returned, not panicked, so the test can
/// report how many failed and why.
fn fetch(addr: SocketAddr, method: &str, path: &str) -> Result<(u16, String), String> {
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)
        .map_err(|e| format!("{method} {}: {e}", &path[..path.len().min(40)]))?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("no status line in {:?}", &text[..text.len().min(80)]))?;
    Ok((status, text))
}

#[test]
fn a_thousand_requests_from_fifty_clients_while_notices_are_edited() {
    const CLIENTS: usize = 50;
    const PER_CLIENT: usize = 20;
    let fx = Fixture::new("/");
    let server = fx.serve();
    let addr = server.addr();
    assert_eq!(get(addr, "/alpha/").status, 200);

    // An editor saving alpha.md over and over (bounded), alternating two valid versions and
    // now and then a broken one, which must keep the last good page served. Saves are atomic
    // (write a temporary file, rename it over the notice), as editors do; a plain truncating
    // write would let the server see a half-written file, which is a valid, different notice.
    let stop = Arc::new(AtomicBool::new(false));
    let editor = {
        let stop = stop.clone();
        let path = fx.path("content/alpha.md");
        std::thread::spawn(move || {
            let mut saves = 0;
            while !stop.load(Ordering::Relaxed) && saves < 2_000 {
                let text = match saves % 3 {
                    0 => ALPHA.replace("reading scheme", "reading club"),
                    1 => ALPHA.to_string(),
                    _ => "---\ntitle: [broken\n---\n".to_string(),
                };
                let tmp = path.with_file_name(".alpha.md.swp");
                std::fs::write(&tmp, text).unwrap();
                std::fs::rename(&tmp, &path).unwrap();
                saves += 1;
                std::thread::sleep(Duration::from_millis(15));
            }
            saves
        })
    };

    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..PER_CLIENT {
                    let (path, expect) = match (c + i) % 4 {
                        0 => ("/", "Alpha Trust privacy notice"),
                        1 => ("/alpha/", "Alpha Trust runs a reading"),
                        2 => ("/beta-council-recycling-notice/", ""),
                        _ => ("/beta/", "Beta Council collects recycling"),
                    };
                    match fetch(addr, "GET", path) {
                        Ok((200, body)) if body.contains(expect) => {}
                        // The fixture's beta notice has no such permalink: a 404 page is right.
                        Ok((404, _)) if expect.is_empty() => {}
                        Ok((status, body)) => failures
                            .push(format!("{path}: {status} {}", &body[..body.len().min(200)])),
                        Err(e) => failures.push(format!("{path}: {e}")),
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    let took = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let saves = editor.join().unwrap();
    eprintln!(
        "{} requests from {CLIENTS} clients in {took:?} during {saves} saves",
        CLIENTS * PER_CLIENT
    );
    assert!(saves >= 3, "the notice was edited during the run");
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    server.stop();
}

#[test]
fn slow_and_half_open_clients_do_not_block_others() {
    let fx = Fixture::new("/");
    let server = fx.serve();
    let addr = server.addr();
    let mut idle = Vec::new();
    for i in 0..40 {
        let mut s = TcpStream::connect(addr).unwrap();
        match i % 4 {
            0 => {}                                                        // connects, says nothing
            1 => s.write_all(b"GET /alpha/ HTTP/1.1\r\nHost: x").unwrap(), // headers never end
            2 => s.write_all(b"GE").unwrap(),                              // half a method
            _ => s
                .write_all(b"GET /alpha/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab")
                .unwrap(), // a body that never arrives
        }
        idle.push(s);
    }
    // With 40 stalled connections open, ordinary requests are still answered promptly.
    for _ in 0..20 {
        let t = Instant::now();
        let (status, body) = fetch(addr, "GET", "/alpha/").expect("answered");
        assert_eq!(status, 200);
        assert!(body.contains("Alpha Trust"));
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "took {:?}",
            t.elapsed()
        );
    }
    drop(idle);
    server.stop();
}

#[test]
fn long_urls_odd_methods_and_garbage_get_4xx_and_the_server_goes_on() {
    let fx = Fixture::new("/");
    let server = fx.serve();
    let addr = server.addr();
    for len in [10_000, 100_000, 1_000_000] {
        let path = format!("/{}", "a".repeat(len));
        match fetch(addr, "GET", &path) {
            Ok((status, _)) => assert!((400..500).contains(&status), "{len}: {status}"),
            // hyper may close the connection while we are still sending a huge request line.
            Err(e) => assert!(len >= 100_000, "{len}: {e}"),
        }
    }
    let deep = format!("/{}", "a/".repeat(20_000));
    let (status, _) = fetch(addr, "GET", &deep).unwrap();
    assert!((400..500).contains(&status), "{status}");
    let encoded = format!("/{}", "%2e%2e%2f".repeat(5_000));
    let (status, _) = fetch(addr, "GET", &encoded).unwrap();
    assert!((400..500).contains(&status), "{status}");
    for method in [
        "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "BREW",
    ] {
        let (status, _) = fetch(addr, method, "/alpha/").unwrap();
        assert_eq!(status, 405, "{method}");
    }
    for raw in [
        &b"\x00\x01\x02 garbage\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    ] {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(raw).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out);
        let status: u16 = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(400);
        assert!(
            (400..600).contains(&status) && status != 500,
            "{raw:?} -> {text}"
        );
    }
    // A GET with a malformed chunked body: the server never reads a GET's body, so it answers
    // the request (200) and must simply not fail.
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    assert!(!String::from_utf8_lossy(&out).contains(" 500 "));
    let huge_header = format!(
        "GET /alpha/ HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(1_000_000)
    );
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(huge_header.as_bytes());
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.is_empty() || text.contains(" 431 ") || text.contains(" 400 "),
        "{text}"
    );
    // Still serving.
    let (status, body) = fetch(addr, "GET", "/alpha/").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Alpha Trust"));
    server.stop();
}

#[test]
fn a_notice_that_stops_loading_keeps_its_last_good_page() {
    let fx = Fixture::new("/");
    let server = fx.serve();
    let addr = server.addr();
    let bomb = {
        let mut y = String::from("---\na0: &a0 \"lol\"\n");
        for i in 1..10 {
            y.push_str(&format!(
                "a{i}: &a{i} [{}]\n",
                vec![format!("*a{}", i - 1); 9].join(", ")
            ));
        }
        y + "---\n"
    };
    let bad: Vec<(&str, Vec<u8>)> = vec![
        ("broken YAML", b"---\ntitle: [broken\n---\n".to_vec()),
        ("invalid UTF-8", b"---\ntitle: x\n---\n\xff\xfe".to_vec()),
        ("alias bomb", bomb.into_bytes()),
        (
            "bad permalink",
            b"---\npermalink: ../../etc/passwd\n---\nx\n".to_vec(),
        ),
    ];
    for (what, bytes) in bad {
        let path = fx.path("content/alpha.md");
        std::fs::write(&path, &bytes).unwrap();
        assert!(
            crate::support::serve::wait_until(Duration::from_secs(20), || !server
                .state()
                .errors()
                .is_empty()),
            "{what}: the error is reported"
        );
        let r = get(addr, "/alpha/");
        assert_eq!(r.status, 200, "{what}");
        assert!(
            r.body.contains("Alpha Trust runs a reading"),
            "{what}: last good page kept"
        );
        // Restore, and wait until the error clears before the next case.
        std::fs::write(&path, ALPHA).unwrap();
        assert!(
            crate::support::serve::wait_until(Duration::from_secs(20), || server
                .state()
                .errors()
                .is_empty()),
            "{what}: fixed"
        );
    }
    server.stop();
}
