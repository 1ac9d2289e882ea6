//! Serve: the live preview (`informed serve`).
//!
//! The site is built in memory (the user's `site/` is never written), served over HTTP the way
//! a static host would, rebuilt incrementally as sources change, and every open page reloads
//! itself after each rebuild. Served notice pages carry a findings panel; build errors show in
//! the page instead of stopping the server.
//!
//! - [`state`]: the in-memory site and what requests read from it
//! - [`rebuild`]: incremental rebuilds
//! - [`watch`]: file watching (OS watcher, polling fallback)
//! - [`http`]: routing, paths, content types, the event stream
//! - [`inject`]: what serve adds to HTML (script, stylesheet, findings panel, errors)

pub(crate) mod http;
pub mod inject;
pub(crate) mod rebuild;
pub mod state;
pub(crate) mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::report::github::neutralise;
pub use state::State;

/// The port `informed serve` tries first.
pub(crate) const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried when it is busy (and `--port` was not given).
const PORT_TRIES: u16 = 20;
/// How long open requests may take to finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);
/// How long a client may take to send a request's headers, and to start its next request on a
/// kept-alive connection; then the connection is closed. Clients that trickle header lines (or
/// say nothing) cannot hold connections open. An open event stream is a response, not a
/// request, so it is not cut.
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Quiet time after the last file event before rebuilding.
pub(crate) const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(20);

#[derive(clap::Args, Debug, Clone)]
pub(crate) struct ServeArgs {
    /// Port to listen on (default 1111; the next free port is used when 1111 is busy).
    #[arg(short, long)]
    pub port: Option<u16>,
    /// Address to bind (loopback by default).
    #[arg(short, long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of using the OS file watcher (network drives, WSL, Docker mounts).
    #[arg(long)]
    pub poll: bool,
    /// Also answer requests addressed to this host name (repeatable): a name in /etc/hosts, a
    /// tunnel or a container's. Otherwise only the bound address and `localhost` are answered.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
}

/// How to run a server (the CLI's flags, plus knobs for tests and benchmarks).
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on (`--bind`; loopback by default).
    pub bind: IpAddr,
    /// `None`: 1111, or the next free port. `Some(0)`: any free port.
    pub port: Option<u16>,
    /// Poll the file system instead of waiting for its events (`--poll`).
    pub poll: bool,
    /// How long to wait for more changes before rebuilding.
    pub debounce: Duration,
    /// Print nothing (tests, benchmarks).
    pub quiet: bool,
    /// Host names answered besides the bound address and `localhost` (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: None,
            poll: false,
            debounce: DEFAULT_DEBOUNCE,
            quiet: false,
            allow_hosts: Vec::new(),
            header_read_timeout: HEADER_READ_TIMEOUT,
        }
    }
}

/// A running server. Dropping it (or [`Server::stop`]) shuts it down.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: tokio::sync::watch::Sender<bool>,
    http: Option<JoinHandle<()>>,
    _watch: watch::Watch,
}

impl Server {
    /// Build the site, bind, start watching and serving. Returns once requests can be served.
    pub fn start(root: &Path, options: ServeOptions) -> Result<Server> {
        let listener = bind(options.bind, options.port)?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::new(format!("cannot read the server address: {e}")))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::new(format!("cannot configure the listener: {e}")))?;
        let state = Arc::new(State::new(root, options.quiet));
        let (shutdown, shutdown_rx) = tokio::sync::watch::channel(false);
        let app = Arc::new(http::App {
            state: state.clone(),
            shutdown: shutdown_rx.clone(),
            hosts: http::Hosts::new(addr.ip(), &options.allow_hosts),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("informed-http")
            .enable_all()
            .build()
            .map_err(|e| Error::new(format!("cannot start the HTTP runtime: {e}")))?;
        let http = std::thread::Builder::new()
            .name("informed-serve".into())
            .spawn(move || {
                runtime.block_on(serve_http(
                    listener,
                    app,
                    shutdown_rx,
                    options.header_read_timeout,
                ))
            })
            .map_err(|e| Error::new(format!("cannot start the server thread: {e}")))?;
        let watch = watch::spawn(state.clone(), options.poll, options.debounce)?;
        Ok(Server {
            addr,
            state,
            shutdown,
            http: Some(http),
            _watch: watch,
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site as the server holds it in memory.
    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    /// The site's address, base path included (`http://127.0.0.1:1111/project/`).
    pub fn url(&self) -> String {
        let host = match self.addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        format!(
            "http://{host}:{}{}",
            self.addr.port(),
            self.state.base_path()
        )
    }

    /// Ask the server to stop (event streams close, open requests finish).
    pub fn stop(&self) {
        self.shutdown.send_replace(true);
    }

    /// Wait for the HTTP thread to end (after [`Server::stop`] or Ctrl-C).
    pub(crate) fn wait(mut self) {
        if let Some(t) = self.http.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if let Some(t) = self.http.take() {
            let _ = t.join();
        }
    }
}

async fn serve_http(
    listener: TcpListener,
    app: Arc<http::App>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
    header_read_timeout: Duration,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen: {e}");
            return;
        }
    };
    let router = http::router(app);
    // Every connection holds a sender: when the channel closes, all connections have ended.
    let (open, mut all_closed) = tokio::sync::mpsc::channel::<()>(1);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = shutdown.wait_for(|stop| *stop) => break,
        };
        // hyper's own connection builder, because `axum::serve` sets no timer, and without one
        // hyper applies no header-read timeout.
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let mut stop = shutdown.clone();
        let open = open.clone();
        tokio::spawn(async move {
            let _open = open;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_read_timeout);
            let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                () = async { let _ = stop.wait_for(|stop| *stop).await; } => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(open);
    // Open requests get a moment to finish; a stuck client cannot hold the shutdown up.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, all_closed.recv()).await;
}

/// Bind the listener. An explicit port in use is an error; the default moves to the next port.
fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener> {
    let in_use = |p: u16| {
        Error::new(format!("port {p} on {ip} is already in use"))
            .with_note("help: stop the other server, or choose another port with `--port`")
    };
    let other = |p: u16, e: std::io::Error| {
        Error::new(format!("cannot listen on {}: {e}", SocketAddr::new(ip, p)))
    };
    match port {
        Some(p) => TcpListener::bind(SocketAddr::new(ip, p)).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                in_use(p)
            } else {
                other(p, e)
            }
        }),
        None => bind_first_free(ip, DEFAULT_PORT, PORT_TRIES),
    }
}

/// The first free port of `first`, `first + 1`, … (`tries` ports in all).
fn bind_first_free(ip: IpAddr, first: u16, tries: u16) -> Result<TcpListener> {
    let last = first.saturating_add(tries - 1);
    for p in first..=last {
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(Error::new(format!(
                    "cannot listen on {}: {e}",
                    SocketAddr::new(ip, p)
                )));
            }
        }
    }
    Err(
        Error::new(format!("ports {first} to {last} on {ip} are all in use"))
            .with_note("help: choose a port with `--port`"),
    )
}

/// Parse `--bind`: an IP address, or `localhost`.
pub(crate) fn parse_bind(text: &str) -> Result<IpAddr> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    text.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .map_err(|_| {
            Error::new(format!("`--bind {text}` is not an IP address")).with_note(
                "help: use 127.0.0.1 (the default), ::1, or 0.0.0.0 to allow other machines",
            )
        })
}

/// `informed serve`.
pub(crate) fn run(root: &Path, args: ServeArgs) -> Result<i32> {
    let bind = parse_bind(&args.bind)?;
    if !bind.is_loopback() {
        eprintln!(
            "warning: binding to {bind}, which other machines can reach: anyone on the network can read these draft notices"
        );
    }
    let options = ServeOptions {
        bind,
        port: args.port,
        poll: args.poll,
        allow_hosts: args.allow_host,
        ..ServeOptions::default()
    };
    let started = std::time::Instant::now();
    let server = Server::start(root, options)?;
    let url = server.url();
    eprintln!(
        "built in {} ms; serving {url} (watching content, themes, lints and informed.toml; Ctrl-C to stop)",
        started.elapsed().as_millis()
    );
    for e in server.state().errors() {
        eprintln!("error: {}", neutralise(&e.to_string()));
    }
    if args.open {
        open_browser(&url);
    }
    wait_for_ctrl_c(&server)?;
    eprintln!("stopping");
    server.stop();
    server.wait();
    Ok(0)
}

fn wait_for_ctrl_c(server: &Server) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot wait for Ctrl-C: {e}")))?;
    let mut stopped = server.shutdown.subscribe();
    runtime.block_on(async {
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.map_err(|e| Error::new(format!("cannot listen for Ctrl-C: {e}"))),
            _ = stopped.wait_for(|s| *s) => Ok(()),
        }
    })
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = command.spawn() {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_default_port_moves_to_the_next_one() {
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        // An OS-chosen port with room above it.
        let taken = loop {
            let l = TcpListener::bind((ip, 0)).unwrap();
            if l.local_addr().unwrap().port() < 65_000 {
                break l;
            }
        };
        let busy = taken.local_addr().unwrap().port();
        let next = bind_first_free(ip, busy, 20).unwrap();
        assert!(next.local_addr().unwrap().port() > busy);
        let err = bind_first_free(ip, busy, 1).err().unwrap();
        assert!(err.to_string().contains("all in use"), "{err}");
    }

    #[test]
    fn parses_bind_addresses() {
        assert!(parse_bind("localhost").unwrap().is_loopback());
        assert!(parse_bind("::1").unwrap().is_loopback());
        assert!(parse_bind("[::1]").unwrap().is_loopback());
        assert!(!parse_bind("0.0.0.0").unwrap().is_loopback());
        assert!(parse_bind("example.org").is_err());
    }
}
