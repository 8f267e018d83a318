//! livereload: the script in every served page and the WebSocket it talks to.
//!
//! The server injects `<script src="/__guidegen/livereload.js">` before the
//! last `</body>` of each HTML response (Zola's `inject_livereload`), so no
//! theme can forget it and no build ever contains it. The script connects to
//! `/__guidegen/livereload` and obeys the server's notices: reload the page,
//! swap the stylesheets after a CSS-only change, or show the build's errors
//! in an overlay. It reconnects with backoff when the server goes away and
//! reloads once it is back. Messages are JSON objects with a `type`:
//! `hello` (with the site's `generation`), `reload`, `css` (with `files`) and
//! `errors` (with `errors`, each `{level, path, line, column, message, hint,
//! source_line}`). Nothing here builds or reads files.

use super::notice::Notice;
use super::state::LiveSite;
use crate::base::diagnostics::{Diagnostic, Level};
use axum::extract::ws::{close_code, CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// Where the client script is served.
pub const SCRIPT_PATH: &str = "/__guidegen/livereload.js";
/// Where the client connects.
pub const SOCKET_PATH: &str = "/__guidegen/livereload";

const CLIENT: &str = include_str!("livereload.js");

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    json!({
        "level": match d.level { Level::Error => "error", Level::Warning => "warning" },
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
        "source_line": d.source_line,
    })
}

/// The JSON message for `notice` (`None` for `Shutdown`, which closes the
/// connection instead).
pub fn message(notice: &Notice) -> Option<String> {
    let value = match notice {
        Notice::Reload(None) => json!({"type": "reload"}),
        Notice::Reload(Some(pages)) => json!({"type": "reload", "pages": pages.as_slice()}),
        Notice::Stylesheets(files) => json!({"type": "css", "files": files}),
        Notice::Errors(errors) => json!({
            "type": "errors",
            "errors": errors.iter().map(diagnostic_json).collect::<Vec<_>>(),
        }),
        Notice::Shutdown => return None,
    };
    Some(value.to_string())
}

/// The tag that loads the client, for a page served from `generation`.
/// The script tag for a page served from output path `page` at
/// `generation`: the client reloads only when its own page changed.
fn script_tag(generation: u64, page: &str) -> String {
    let page = crate::base::html::escape(page);
    format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\" data-page=\"{page}\"></script>")
}

/// `html` with the client script inserted before its last `</body>` (any
/// case), or appended when it has none.
pub fn inject(html: &[u8], generation: u64, page: &str) -> Vec<u8> {
    let tag = script_tag(generation, page);
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// `GET /__guidegen/livereload.js`.
pub async fn script() -> Response {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], CLIENT).into_response()
}

/// `GET /__guidegen/livereload`: the WebSocket.
pub async fn socket(ws: WebSocketUpgrade, State(live): State<Arc<LiveSite>>) -> Response {
    ws.on_upgrade(move |socket| talk(socket, live))
}

async fn send_text(socket: &mut WebSocket, text: String) -> bool {
    socket.send(Message::Text(text.into())).await.is_ok()
}

/// Tells one page the current state, then every notice until either side
/// goes away.
async fn talk(mut socket: WebSocket, live: Arc<LiveSite>) {
    let mut notices = live.subscribe();
    let now = live.current();
    let generation = live.hello_generation();
    let hello = json!({"type": "hello", "generation": generation}).to_string();
    if !send_text(&mut socket, hello).await {
        return;
    }
    if !now.errors.is_empty() {
        let errors = Notice::Errors(now.errors.clone());
        if let Some(text) = message(&errors) {
            if !send_text(&mut socket, text).await {
                return;
            }
        }
    }
    loop {
        tokio::select! {
            notice = notices.recv() => {
                let text = match notice {
                    Ok(Notice::Shutdown) | Err(RecvError::Closed) => {
                        let frame = CloseFrame {
                            code: close_code::AWAY,
                            reason: "guidegen serve stopped".into(),
                        };
                        let _ = socket.send(Message::Close(Some(frame))).await;
                        return;
                    }
                    Ok(notice) => message(&notice),
                    // This page missed notices: a reload catches up on all of them.
                    Err(RecvError::Lagged(_)) => message(&Notice::Reload(None)),
                };
                if let Some(text) = text {
                    if !send_text(&mut socket, text).await {
                        return;
                    }
                }
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let html = b"<html><body><pre>&lt;/body&gt;</body></BODY>\n</html>";
        let out = String::from_utf8(inject(html, 7, "index.html")).unwrap();
        let tag = script_tag(7, "index.html");
        assert_eq!(
            out,
            format!("<html><body><pre>&lt;/body&gt;</body>{tag}</BODY>\n</html>")
        );
    }

    #[test]
    fn a_page_without_a_body_tag_gets_the_script_at_the_end() {
        let out = String::from_utf8(inject(b"<p>fragment", 1, "a/index.html")).unwrap();
        assert!(out.starts_with("<p>fragment<script src=\"/__guidegen/livereload.js\""));
    }

    #[test]
    fn errors_are_sent_with_their_position() {
        let d = Diagnostic::error_at("content/a.md", "+++\ntitle = \n", 12, "bad <value>");
        let text = message(&Notice::Errors(Arc::new(vec![d]))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["type"], "errors");
        assert_eq!(v["errors"][0]["path"], "content/a.md");
        assert_eq!(v["errors"][0]["line"], 2);
        assert_eq!(v["errors"][0]["column"], 9);
        assert_eq!(v["errors"][0]["message"], "bad <value>");
        assert_eq!(message(&Notice::Shutdown), None);
        let css = message(&Notice::Stylesheets(vec!["style.css".into()])).unwrap();
        let v: serde_json::Value = serde_json::from_str(&css).unwrap();
        assert_eq!(v, json!({"type": "css", "files": ["style.css"]}));
    }
}
