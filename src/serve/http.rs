//! The HTTP side: the site from memory, as a static host would serve it, plus the
//! live-reload event stream and its script.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use tokio::sync::watch;

use super::inject::{self, LIVE_JS, PANEL_CSS, PREFIX};
use super::state::State;

pub(crate) struct App {
    pub state: Arc<State>,
    /// Becomes `true` when the server stops; event streams end then, so shutdown never waits.
    pub shutdown: watch::Receiver<bool>,
    /// The `Host` values answered.
    pub hosts: Hosts,
}

/// The `Host` header values the server answers: the address it is bound to, `localhost`, and the
/// names given with `--allow-host`. Anything else is refused, so a web page that re-points its
/// own domain at 127.0.0.1 (DNS rebinding) cannot read the drafts, findings or event stream:
/// the browser sends that page's domain as the `Host`.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    bound: IpAddr,
    names: Vec<String>,
}

impl Hosts {
    pub(crate) fn new(bound: IpAddr, allowed: &[String]) -> Hosts {
        Hosts {
            bound,
            names: allowed.iter().map(|n| normalise_host(n)).collect(),
        }
    }

    /// Is a request with this `Host` value (`name`, `name:port`, `[v6]:port`) answered?
    pub(crate) fn allows(&self, host: &str) -> bool {
        let name = normalise_host(host_name(host));
        if name.is_empty() {
            return false;
        }
        if name == "localhost" || self.names.contains(&name) {
            return true;
        }
        match name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            // Bound to every interface: the machine's addresses are typed as numbers, and a
            // number cannot be re-pointed the way a domain name can.
            Ok(_) if self.bound.is_unspecified() => true,
            Ok(ip) => ip == self.bound,
            Err(_) => false,
        }
    }

    /// The 403 answer, saying how to allow the name.
    fn refuse(&self, host: Option<&str>) -> Response {
        let allowed = match self.bound {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        let mut names = vec![allowed, "localhost".to_string()];
        names.extend(self.names.iter().cloned());
        let name = host.map(host_name).unwrap_or_default();
        let what = match host {
            None => "a request without a Host header".to_string(),
            Some(_) => format!("a request for the host `{name}`"),
        };
        let allow = if name.is_empty() { "NAME" } else { name };
        let text = format!(
            "informed serve refused {what}.\n\n\
             This preview answers only requests addressed to {}, so that a web page cannot read\n\
             your drafts by pointing its own domain at this machine (DNS rebinding).\n\n\
             If you reach the preview through this name on purpose, restart it with:\n\n    \
             informed serve --allow-host {allow}\n",
            names.join(", ")
        );
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text,
        )
            .into_response()
    }
}

/// The name part of a `Host` value: `example.org:1111` → `example.org`, `[::1]:1111` → `[::1]`.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.split(':').next().unwrap_or_default()
}

/// Lower case, without the trailing dot of a fully qualified name (`localhost.` is `localhost`).
fn normalise_host(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(app)
        .layer(axum::middleware::map_response(no_store))
}

async fn no_store(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

async fn handle(
    AxumState(app): AxumState<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // Before anything else, the event stream included.
    let host = headers.get(header::HOST).map(|h| h.to_str().unwrap_or("?"));
    if !host.is_some_and(|h| app.hosts.allows(h)) {
        return app.hosts.refuse(host);
    }
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD are allowed\n",
        )
            .into_response();
    }
    let state = &app.state;
    let base = state.base_path();
    let raw = uri.path();
    let Some(rel_raw) = raw.strip_prefix(base.as_str()) else {
        // `/project` → `/project/`; anything else outside the base path is not the site's.
        if raw == base.trim_end_matches('/') || raw == "/" {
            return redirect(&base, uri.query());
        }
        return not_found(state);
    };
    let Some(rel) = decode_path(rel_raw) else {
        return (StatusCode::BAD_REQUEST, "bad request path\n").into_response();
    };
    if let Some(own) = rel.strip_prefix(PREFIX) {
        return match own {
            "live.js" => asset(LIVE_JS, "text/javascript; charset=utf-8"),
            "panel.css" => asset(PANEL_CSS, "text/css; charset=utf-8"),
            "events" => events(&app).into_response(),
            _ => not_found(state),
        };
    }
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    if state.exists(&key) {
        return file(state, &key, StatusCode::OK);
    }
    if !rel.is_empty() && !rel.ends_with('/') {
        // Static hosts redirect a folder without its slash, and most serve `x.html` for `/x`.
        if state.exists(&format!("{rel}/index.html")) {
            return redirect(&format!("{raw}/"), uri.query());
        }
        let html = format!("{rel}.html");
        if state.exists(&html) {
            return file(state, &html, StatusCode::OK);
        }
    }
    not_found(state)
}

/// Decode a request path (relative to the base path) once, refusing anything that could name a
/// file outside the output: `..`, `.`, empty segments, backslashes, NUL and other control
/// characters, and a `%` left after decoding (double encoding).
pub(crate) fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    if path
        .chars()
        .any(|c| c.is_control() || matches!(c, '\\' | '%' | ':'))
    {
        return None;
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        if *seg == "." || *seg == ".." || seg.is_empty() && i != last {
            return None;
        }
    }
    Some(path)
}

fn file(state: &State, key: &str, status: StatusCode) -> Response {
    let snap = state.snapshot(key);
    let Some(bytes) = snap.bytes else {
        return not_found(state);
    };
    let mime = content_type(key);
    if mime.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes);
        let page = inject::inject(
            &html,
            &snap.base_path,
            &snap.build_id,
            snap.panel.as_deref(),
            &snap.errors,
        );
        return (status, [(header::CONTENT_TYPE, mime)], page).into_response();
    }
    (
        status,
        [(header::CONTENT_TYPE, mime)],
        Body::from(bytes.to_vec()),
    )
        .into_response()
}

/// The site's own 404 page with status 404; an error page when the site never built.
fn not_found(state: &State) -> Response {
    let snap = state.snapshot("404.html");
    let html = match (&snap.bytes, snap.errors.is_empty()) {
        (Some(bytes), _) => inject::inject(
            &String::from_utf8_lossy(bytes),
            &snap.base_path,
            &snap.build_id,
            None,
            &snap.errors,
        ),
        (None, false) => inject::error_page(&snap.base_path, &snap.build_id, &snap.errors),
        (None, true) => inject::inject(
            "<!DOCTYPE html>\n<title>Not found</title>\n<h1>Not found</h1>\n",
            &snap.base_path,
            &snap.build_id,
            None,
            &[],
        ),
    };
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

fn redirect(location: &str, query: Option<&str>) -> Response {
    let target = match query {
        Some(q) => format!("{location}?{q}"),
        None => location.to_string(),
    };
    match HeaderValue::from_str(&target) {
        Ok(v) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, v)]).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "bad request path\n").into_response(),
    }
}

fn asset(text: &'static str, mime: &'static str) -> Response {
    ([(header::CONTENT_TYPE, mime)], text).into_response()
}

/// Server-Sent Events: `hello` with the current build on connect, `reload` after each rebuild.
fn events(app: &App) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let state = app.state.clone();
    let mut builds = state.subscribe();
    builds.mark_unchanged();
    let shutdown = app.shutdown.clone();
    let hello = Event::default()
        .event("hello")
        .retry(Duration::from_millis(1000))
        .data(state.build_id_of(state.generation()));
    let first = stream::once(async move { Ok(hello) });
    let rest = stream::unfold(
        (state, builds, shutdown),
        |(state, mut builds, mut shutdown)| async move {
            if *shutdown.borrow() {
                return None;
            }
            tokio::select! {
                changed = builds.changed() => {
                    changed.ok()?;
                    let generation = *builds.borrow_and_update();
                    let event = Event::default().event("reload").data(state.build_id_of(generation));
                    Some((Ok(event), (state, builds, shutdown)))
                }
                _ = shutdown.changed() => None,
            }
        },
    );
    Sse::new(futures_util::StreamExt::chain(first, rest))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Content types by extension, for the files a site holds.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_once_and_refuses_escapes() {
        assert_eq!(decode_path("a/b.css").as_deref(), Some("a/b.css"));
        assert_eq!(decode_path("caf%C3%A9/").as_deref(), Some("café/"));
        assert_eq!(decode_path("").as_deref(), Some(""));
        for bad in [
            "../x",
            "a/../../x",
            "%2e%2e/x",
            "%2E%2E%2Fx",
            "a%2f..%2f..%2fx",
            "%252e%252e/x",
            "..%5cx",
            "a\\..\\x",
            "%5c..%5cx",
            "/etc/passwd",
            "a//b",
            "%00",
            "a/./b",
            "c:/x",
            "%zz",
            "%c3",
        ] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn answers_the_bound_address_localhost_and_allowed_names_only() {
        let loopback = Hosts::new("127.0.0.1".parse().unwrap(), &["Dev.Test.".to_string()]);
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:1111",
            "localhost.:1111",
            "dev.test",
            "DEV.test:80",
        ] {
            assert!(loopback.allows(ok), "{ok}");
        }
        for bad in [
            "",
            ":1111",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "dev.test.evil.example",
            "127.0.0.2:1111",
            "[::1]:1111",
            "0.0.0.0",
        ] {
            assert!(!loopback.allows(bad), "{bad}");
        }
        let v6 = Hosts::new("::1".parse().unwrap(), &[]);
        assert!(v6.allows("[::1]:1111") && v6.allows("localhost:1111"));
        assert!(!v6.allows("127.0.0.1:1111") && !v6.allows("[::2]:1111"));
        let any = Hosts::new("0.0.0.0".parse().unwrap(), &[]);
        assert!(any.allows("192.168.1.20:1111") && any.allows("[fe80::1]:1111"));
        assert!(!any.allows("my-laptop.local:1111"));
    }

    #[test]
    fn knows_common_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("assets/x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
