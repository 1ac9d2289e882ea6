//! The HTTP side: the site from memory, as a static host would serve it, plus the
//! live-reload event stream and its script.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State as AxumState;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use tokio::sync::watch;

use super::inject::{self, LIVE_JS, PANEL_CSS, PREFIX};
use super::state::State;

pub struct App {
    pub state: Arc<State>,
    /// Becomes `true` when the server stops; event streams end then, so shutdown never waits.
    pub shutdown: watch::Receiver<bool>,
}

pub fn router(app: Arc<App>) -> Router {
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

async fn handle(AxumState(app): AxumState<Arc<App>>, method: Method, uri: Uri) -> Response {
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
pub fn decode_path(raw: &str) -> Option<String> {
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
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
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
