//! A real nginx (Debian's `nginx` package, installed by `.ci/run`) serving a built site on a
//! free loopback port: its own config, prefix, pid file and logs in a temp folder, one
//! foreground process (`daemon off`, `master_process off`) that is killed when the value drops.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The nginx binary: on the PATH, else where Debian puts it.
pub fn binary() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("nginx"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| Some(PathBuf::from("/usr/sbin/nginx")).filter(|p| p.is_file()))
}

pub struct Nginx {
    child: Child,
    pub addr: SocketAddr,
    dir: tempfile::TempDir,
}

impl Nginx {
    /// Serve `site` at URL path `prefix` (`/` or `/project/`), with the site's `404.html` as
    /// the page for a missing path under it.
    pub fn serve(site: &Path, prefix: &str) -> Nginx {
        let bin = binary().expect("nginx is installed (apt-get install nginx; .ci/run does)");
        let site = site.canonicalize().unwrap();
        let mut last_error = String::new();
        // A port picked free may be taken before nginx binds it: try a few.
        for _ in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
            let conf = dir.path().join("nginx.conf");
            std::fs::write(&conf, config(dir.path(), &site, prefix, port)).unwrap();
            let log = dir.path().join("error.log");
            let mut child = Command::new(&bin)
                .arg("-p")
                .arg(dir.path())
                .arg("-c")
                .arg(&conf)
                .arg("-e")
                .arg(&log)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("nginx starts");
            let end = Instant::now() + Duration::from_secs(10);
            while Instant::now() < end {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    return Nginx { child, addr, dir };
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            last_error = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        panic!("nginx did not start: {last_error}");
    }

    /// nginx's error log so far (for failure messages).
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The config: everything nginx writes goes under `dir`; `site` is served at `prefix` (by
/// `alias` under a sub-path, as a project site on a shared host is) and nothing is translated
/// from the site's `_headers` (nginx does not read it: it is served as a plain file).
fn config(dir: &Path, site: &Path, prefix: &str, port: u16) -> String {
    let d = dir.display();
    let s = site.display();
    let location = if prefix == "/" {
        format!("root {s};\n        location / {{ index index.html; }}")
    } else {
        std::fs::create_dir_all(dir.join("empty")).unwrap();
        format!("root {d}/empty;\n        location {prefix} {{ alias {s}/; index index.html; }}")
    };
    format!(
        "daemon off;
master_process off;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {d}/access.log;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        {location}
        error_page 404 {prefix}404.html;
    }}
}}
"
    )
}
