//! http: answers requests from the snapshot of the site in memory.
//!
//! Only keys of the `Site` map are ever served, so no request can reach the
//! file system: the path is percent-decoded once, and a segment that is `.`
//! or `..`, is empty, or holds `/`, `\` or NUL after decoding gets a 404.
//! Pretty URLs work as on a static host (`/x/` is `x/index.html`, `/x`
//! redirects to `/x/`), unknown paths get the site's `404.html`, and every
//! HTML response gets the live-reload script. Responses are never cached.
//! When bound to loopback, a request naming another host in its `Host`
//! header is refused, so a web page elsewhere cannot reach the server through
//! DNS rebinding.

use super::livereload::{self, inject};
use super::state::{LiveSite, Snapshot, FIRST_GENERATION};
use crate::routes::is_search_file;
use axum::extract::State;
use axum::http::header::{
    ALLOW, CACHE_CONTROL, CONTENT_TYPE, LOCATION, RETRY_AFTER, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

/// The server's routes: the live-reload endpoints, then the site.
/// `loopback_only`: the server is bound to a loopback address, so only
/// requests for a loopback host name are answered.
pub fn router(live: Arc<LiveSite>, loopback_only: bool) -> Router {
    let router = Router::new()
        .route(livereload::SCRIPT_PATH, get(livereload::script))
        .route(livereload::SOCKET_PATH, get(livereload::socket))
        .fallback(site_file)
        .layer(axum::middleware::map_response(never_cache));
    let router = if loopback_only {
        router.layer(axum::middleware::from_fn(loopback_host_only))
    } else {
        router
    };
    router.with_state(live)
}

/// Refuses requests whose `Host` is not a loopback name (DNS rebinding).
async fn loopback_host_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    match host_refusal(request.headers()) {
        None => next.run(request).await,
        Some(refusal) => refusal.into_response(),
    }
}

/// Why a request is refused for its `Host` header, if it is: more than one
/// (RFC 9112 §3.2: a bad request, never a guess), or a name that is not a
/// loopback one.
fn host_refusal(headers: &axum::http::HeaderMap) -> Option<(StatusCode, &'static str)> {
    let hosts = headers.get_all(axum::http::header::HOST);
    if hosts.iter().count() > 1 {
        return Some((StatusCode::BAD_REQUEST, "more than one Host header\n"));
    }
    let host = hosts
        .iter()
        .next()
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    (!is_loopback_host(host)).then_some((
        StatusCode::FORBIDDEN,
        "guidegen serve answers only requests for localhost\n",
    ))
}

/// `localhost`, `127.x.x.x` or `[::1]`, with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        })
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn never_cache(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// What a request path names in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A key of the site map.
    File(String),
    /// A directory with an index, asked for without its trailing slash.
    Redirect(String),
    NotFound,
}

/// Decodes `%XX` escapes; `None` for a malformed escape or invalid UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    let mut out = Vec::with_capacity(segment.len());
    let mut rest = segment.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            // Two hex digits, nothing else (`from_str_radix` would take "+1").
            let ([high, low], after) = tail.split_first_chunk::<2>()?;
            let digit = |b: &u8| char::from(*b).to_digit(16);
            out.push((digit(high)? * 16 + digit(low)?) as u8);
            rest = after;
        } else {
            out.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(out).ok()
}

/// Maps a raw (still percent-encoded) request path to a file of the site,
/// given `exists` to ask whether a key is in the site.
pub fn resolve(raw: &str, exists: impl Fn(&str) -> bool) -> Target {
    let Some(rest) = raw.strip_prefix('/') else {
        return Target::NotFound;
    };
    let raw_segments: Vec<&str> = rest.split('/').collect();
    let last = raw_segments.len() - 1;
    let mut segments = Vec::with_capacity(raw_segments.len());
    for (i, raw_segment) in raw_segments.iter().enumerate() {
        if raw_segment.is_empty() {
            // Only the trailing slash may leave an empty segment: `//etc`
            // and `a//b` name nothing.
            if i == last {
                break;
            }
            return Target::NotFound;
        }
        let Some(segment) = percent_decode(raw_segment) else {
            return Target::NotFound;
        };
        if segment == "." || segment == ".." || segment.contains(['/', '\\', '\0']) {
            return Target::NotFound;
        }
        segments.push(segment);
    }
    let joined = segments.join("/");
    if rest.is_empty() || rest.ends_with('/') {
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(&joined) {
        Target::File(joined)
    } else if exists(&format!("{joined}/index.html")) {
        Target::Redirect(format!("{raw}/"))
    } else {
        Target::NotFound
    }
}

/// The `Content-Type` of an output path, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
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
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// A file of the site as a response, with the live-reload script in HTML.
fn file_response(status: StatusCode, path: &str, bytes: &Bytes, generation: u64) -> Response {
    let body = if is_html(path) {
        Bytes::from(inject(bytes, generation, path))
    } else {
        // Shared with the site, not copied.
        bytes.clone()
    };
    (status, [(CONTENT_TYPE, content_type(path))], body).into_response()
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page served for every path until the site builds once: the errors,
/// and the live-reload script that shows them and reloads when they are fixed.
fn no_site_page(snapshot: &Snapshot) -> Response {
    let mut items = String::new();
    for e in snapshot.errors.iter() {
        let place = if e.line == 0 {
            e.path.clone()
        } else {
            format!("{}:{}:{}", e.path, e.line, e.column)
        };
        items.push_str(&format!(
            "<li><code>{}</code>: {}</li>\n",
            escape_html(&place),
            escape_html(&e.message)
        ));
    }
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Build failed · guidegen</title>\n</head>\n<body>\n\
         <h1>The site does not build yet</h1>\n\
         <p>guidegen serve is still running: fix these errors and save, and this page reloads by itself.</p>\n\
         <ul>\n{items}</ul>\n</body>\n</html>\n"
    );
    file_response(
        StatusCode::SERVICE_UNAVAILABLE,
        "index.html",
        &Bytes::from(html),
        snapshot.generation,
    )
}

/// Every request that is not for the live-reload endpoints.
async fn site_file(State(live): State<Arc<LiveSite>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(ALLOW, "GET, HEAD")],
            "method not allowed\n",
        )
            .into_response();
    }
    let snapshot = live.current();
    // The site lives under its base path; `/` (and the base path without
    // its slash) lead there.
    let base = live.base_path.trim_end_matches('/');
    let path = uri.path();
    let within = path.strip_prefix(base).filter(|p| p.starts_with('/'));
    let Some(path) = within else {
        if path == "/" || path == base {
            let to = HeaderValue::from_str(&live.base_path);
            if let Ok(location) = to {
                return (StatusCode::TEMPORARY_REDIRECT, [(LOCATION, location)]).into_response();
            }
        }
        if live.first_pages().is_some() {
            // Nothing outside the site; its 404 page is not rendered yet.
            return (StatusCode::NOT_FOUND, "not found\n").into_response();
        }
        return not_found(&snapshot, &method);
    };
    let early = first_build_file(&live, path, base, uri.query()).await;
    let snapshot = live.current();
    let mut response = match (early, &snapshot.site) {
        (Some(response), _) => response,
        (None, None) => no_site_page(&snapshot),
        (None, Some(site)) => {
            let files = &site.files;
            let retired = &snapshot.retired;
            let exists = |key: &str| files.contains_key(key) || retired.contains_key(key);
            match resolve(path, exists) {
                Target::File(key) => match files.get(&key).or_else(|| retired.get(&key)) {
                    Some(bytes) => file_response(StatusCode::OK, &key, bytes, snapshot.generation),
                    None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
                },
                Target::Redirect(to) => redirect(base, &to, uri.query()),
                Target::NotFound if live.search_building() && names_search_file(path) => {
                    search_building()
                }
                Target::NotFound => return not_found(&snapshot, &method),
            }
        }
    };
    if method == Method::HEAD {
        *response.body_mut() = axum::body::Body::empty();
    }
    response
}

/// A redirect to `to` under the base path, keeping the query.
fn redirect(base: &str, to: &str, query: Option<&str>) -> Response {
    let to = format!("{base}{to}");
    let to = match query {
        Some(q) => format!("{to}?{q}"),
        None => to,
    };
    match HeaderValue::from_str(&to) {
        Ok(location) => (StatusCode::TEMPORARY_REDIRECT, [(LOCATION, location)]).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

/// The keys of the site a request path may name, in the order `resolve`
/// tries them.
fn candidates(raw: &str) -> Vec<String> {
    let asked = RefCell::new(Vec::new());
    resolve(raw, |key| {
        asked.borrow_mut().push(key.to_string());
        false
    });
    asked.into_inner()
}

/// Whether a request path names a file of a search index.
fn names_search_file(raw: &str) -> bool {
    candidates(raw).iter().any(|key| is_search_file(key))
}

/// The answer for a search-index file while the first index is built: the
/// search box says so and tries again.
fn search_building() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(RETRY_AFTER, HeaderValue::from_static("1"))],
        "the search index is being built\n",
    )
        .into_response()
}

/// How often a request waiting on a page of the first build looks again.
const FIRST_BUILD_POLL: Duration = Duration::from_millis(5);

/// While the first build renders: the file at `path` once it is there,
/// asking for it to be rendered before the rest; `None` once the build is
/// published (the request is then answered from the published site).
async fn first_build_file(
    live: &LiveSite,
    path: &str,
    base: &str,
    query: Option<&str>,
) -> Option<Response> {
    let asked = candidates(path);
    if live.first_pages().is_some() && asked.iter().any(|key| is_search_file(key)) {
        return Some(search_building());
    }
    loop {
        let pages = live.first_pages()?;
        match resolve(path, |key| pages.get(key).is_some()) {
            // Looked up again: the build may have handed its pages over to
            // the site it publishes in between; then wait for that.
            Target::File(key) => {
                if let Some(bytes) = pages.get(&key) {
                    let generation = FIRST_GENERATION;
                    return Some(file_response(StatusCode::OK, &key, &bytes, generation));
                }
            }
            Target::Redirect(to) => return Some(redirect(base, &to, query)),
            Target::NotFound => {
                for key in &asked {
                    pages.want(key);
                }
            }
        }
        drop(pages);
        tokio::time::sleep(FIRST_BUILD_POLL).await;
    }
}

/// The site's own `404.html` (a plain 404 when it has none); until the
/// site first builds, the page of its errors.
fn not_found(snapshot: &Snapshot, method: &Method) -> Response {
    let mut response = match &snapshot.site {
        None => no_site_page(snapshot),
        Some(site) => match site.files.get("404.html") {
            Some(page) => {
                file_response(StatusCode::NOT_FOUND, "404.html", page, snapshot.generation)
            }
            None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    };
    if method == Method::HEAD {
        *response.body_mut() = axum::body::Body::empty();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_host_names_pass_the_guard() {
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "localhost",
            "[::1]:8080",
            "127.1.2.3",
            "app.localhost:1111",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "",
            "10.0.0.1:1111",
            "[fe80::1]:80",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn one_loopback_host_header_passes_and_anything_else_is_refused() {
        use axum::http::{header::HOST, HeaderMap, HeaderValue};
        let with = |hosts: &[&str]| {
            let mut headers = HeaderMap::new();
            for host in hosts {
                headers.append(HOST, HeaderValue::from_str(host).unwrap());
            }
            host_refusal(&headers).map(|(status, _)| status)
        };
        assert_eq!(with(&["localhost:1111"]), None);
        assert_eq!(with(&["127.0.0.1"]), None);
        assert_eq!(with(&[]), Some(StatusCode::FORBIDDEN));
        assert_eq!(with(&["evil.example"]), Some(StatusCode::FORBIDDEN));
        assert_eq!(
            with(&["localhost", "localhost"]),
            Some(StatusCode::BAD_REQUEST)
        );
        assert_eq!(
            with(&["localhost", "evil.example"]),
            Some(StatusCode::BAD_REQUEST)
        );
        let mut not_text = HeaderMap::new();
        not_text.insert(HOST, HeaderValue::from_bytes(b"local\xffhost").unwrap());
        assert_eq!(
            host_refusal(&not_text).map(|r| r.0),
            Some(StatusCode::FORBIDDEN)
        );
    }

    fn site(path: &str) -> Target {
        let keys = [
            "index.html",
            "style.css",
            "regions/ksa/index.html",
            "a b/index.html",
            "guidegen.toml.html",
        ];
        resolve(path, |k| keys.contains(&k))
    }

    #[test]
    fn pretty_urls_map_to_index_files() {
        assert_eq!(site("/"), Target::File("index.html".into()));
        assert_eq!(site("/style.css"), Target::File("style.css".into()));
        assert_eq!(
            site("/regions/ksa/"),
            Target::File("regions/ksa/index.html".into())
        );
        assert_eq!(
            site("/regions/ksa/index.html"),
            Target::File("regions/ksa/index.html".into())
        );
        assert_eq!(
            site("/regions/ksa"),
            Target::Redirect("/regions/ksa/".into())
        );
        assert_eq!(site("/a%20b/"), Target::File("a b/index.html".into()));
        assert_eq!(site("/a%20b"), Target::Redirect("/a%20b/".into()));
        assert_eq!(site("/regions/"), Target::NotFound);
        assert_eq!(site("/nope"), Target::NotFound);
    }

    #[test]
    fn traversal_and_odd_paths_name_nothing() {
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/guidegen.toml",
            "/%2E%2E/guidegen.toml",
            "/..%2fguidegen.toml",
            "/..%2Fguidegen.toml",
            "/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/regions/ksa/../../index.html",
            "/regions/./ksa/",
            "//etc/passwd",
            "//",
            "/regions//ksa/",
            "/..\\guidegen.toml",
            "/%5c..%5cguidegen.toml",
            "/style.css%00",
            "/style.css%00.html",
            "/%zz",
            "/%+1",
            "/a%2",
            "/%",
            "/%ff/",
            "relative",
            "",
        ] {
            assert_eq!(site(path), Target::NotFound, "{path}");
            // Refused before the site is asked: even a site that had every
            // path would not answer.
            assert_eq!(resolve(path, |_| true), Target::NotFound, "{path}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("pagefind/pagefind.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(
            content_type("pagefind/wasm.en.pagefind"),
            "application/octet-stream"
        );
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    use crate::base::diagnostics::Diagnostic;
    use crate::base::site::Site;
    use crate::render::sink::{InMemory, PageMeta, PageSink};
    use crate::serve::state::Published;
    use std::time::Instant;

    const GUIDE: &str = "<html><body>Guide</body></html>";

    async fn get(live: &Arc<LiveSite>, path: &'static str) -> Response {
        site_file(State(live.clone()), Method::GET, Uri::from_static(path)).await
    }

    async fn body(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await;
        String::from_utf8(bytes.unwrap().to_vec()).unwrap()
    }

    /// A request for `path` sent while the first build renders, once it
    /// has asked for `key` to be rendered first.
    async fn waiting(
        live: &Arc<LiveSite>,
        pages: &InMemory,
        path: &'static str,
        key: &str,
    ) -> tokio::task::JoinHandle<Response> {
        let request = tokio::spawn(site_file(
            State(live.clone()),
            Method::GET,
            Uri::from_static(path),
        ));
        let deadline = Instant::now() + Duration::from_secs(10);
        while !pages.take_wanted().iter().any(|w| w == key) {
            assert!(Instant::now() < deadline, "{key} never asked for");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        assert!(!request.is_finished(), "answered before the page rendered");
        request
    }

    fn put(pages: &InMemory, path: &str, html: &str) {
        let meta = PageMeta {
            path,
            url: "",
            search: None,
            key: None,
        };
        pages.put(&meta, html.to_string()).unwrap();
    }

    #[tokio::test]
    async fn the_first_build_serves_each_page_as_soon_as_it_renders() {
        let pages = Arc::new(InMemory::default());
        let live = Arc::new(LiveSite::building("/".into(), Some(pages.clone())));
        let request = waiting(&live, &pages, "/guide/", "guide/index.html").await;
        put(&pages, "guide/index.html", GUIDE);
        let response = tokio::time::timeout(Duration::from_secs(10), request)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let served = inject(GUIDE.as_bytes(), FIRST_GENERATION, "guide/index.html");
        assert_eq!(body(response).await.as_bytes(), served);
        // A folder without its slash is redirected as soon as its page is there.
        let response = get(&live, "/guide").await;
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(response.headers()[LOCATION], "/guide/");
        // Search is not indexed yet: the box is told to try again.
        let response = get(&live, "/pagefind/pagefind.js").await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[RETRY_AFTER], "1");
        assert_eq!(live.hello_generation(), FIRST_GENERATION);

        // Published: the pages served early are the build's own, so the
        // open ones are not reloaded and keep their generation.
        let mut site = Site::default();
        site.files
            .insert("guide/index.html".into(), Bytes::from(GUIDE));
        let published = live.publish(Some(Arc::new(site)), &[], None);
        let Published::Swapped { notice, .. } = published else {
            panic!("{published:?}");
        };
        assert_eq!(notice, None);
        assert_eq!(live.current().generation, FIRST_GENERATION);
        assert_eq!(live.hello_generation(), FIRST_GENERATION);
        // Until the first index is built, search still says so; then it is
        // a file like any other, absent here.
        let response = get(&live, "/pagefind/pagefind.js").await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let response = get(&live, "/missing/").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        live.set_search_building(false);
        let response = get(&live, "/pagefind/pagefind.js").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn a_request_waiting_on_a_first_build_that_fails_gets_its_errors() {
        let pages = Arc::new(InMemory::default());
        let live = Arc::new(LiveSite::building("/".into(), Some(pages.clone())));
        let request = waiting(&live, &pages, "/", "index.html").await;
        let error = Diagnostic::error_at("content/a.md", "+++\ntitle = \n", 12, "bad value");
        let published = live.publish(None, &[error], None);
        assert_eq!(published, Published::Failed { errors: 1 });
        let response = tokio::time::timeout(Duration::from_secs(10), request)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let page = body(response).await;
        assert!(
            page.contains("<code>content/a.md:2:9</code>: bad value"),
            "{page}"
        );
        // Pages connecting now are told the build's own generation: none yet.
        assert_eq!(live.hello_generation(), 0);
    }
}
