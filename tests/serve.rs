//! `guidegen serve` end to end: the real binary on a copy of a fixture site,
//! requests over plain TCP, the live-reload protocol over a WebSocket, and
//! what an author sees in headless Chromium. Every wait is bounded.

mod util;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use util::browser::Browser;
use util::serve::*;
use util::TestSite;

const SCRIPT_TAG: &str = "/__guidegen/livereload.js";

#[test]
fn a_request_for_another_host_name_is_refused_dns_rebinding() {
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    let port = server.port;
    assert_eq!(
        http_get_host(port, "/", &format!("localhost:{port}")).status,
        200
    );
    for host in [
        "evil.example",
        "evil.example:1111",
        "127.0.0.1.evil.example",
    ] {
        let reply = http_get_host(port, "/", host);
        assert_eq!(reply.status, 403, "{host}");
        assert!(!reply.body.contains("<html"), "{host}: the site leaked");
    }
}

#[test]
fn traversal_attempts_get_404() {
    let site = TestSite::new("minimal");
    std::fs::write(site.root.parent().unwrap().join("Cargo.toml"), "[package]").unwrap();
    let server = Server::start(&site);
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/guidegen.toml",
        "/..%2fguidegen.toml",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
        "//etc/passwd",
        "/../../../../etc/passwd",
        "/regions/%2e%2e/%2e%2e/guidegen.toml",
        "/%2e%2e%5cguidegen.toml",
        "/index.html%00",
        "/guidegen.toml",
        "/content/playbooks/autoscaling.md",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 404, "{target}: {}", reply.headers);
        for secret in ["[package]", "base_url", "root:x:0", "pillar ="] {
            assert!(!reply.body.contains(secret), "{target} leaked {secret}");
        }
    }
    // The 404 is the site's own page.
    let reply = server.get("/nope/");
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("<html"), "{}", reply.body);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_not_served() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new("minimal");
    let secret = site.root.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "top secret").unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    symlink(&secret, site.path("static/leak.txt")).unwrap();
    symlink(site.root.parent().unwrap(), site.path("static/up")).unwrap();
    symlink("../content/pages/about.md", site.path("static/about.txt")).unwrap();
    let server = Server::start(&site);
    for target in ["/leak.txt", "/up/secret.txt", "/up/site/guidegen.toml"] {
        let reply = server.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(!reply.body.contains("top secret"), "{target}");
    }
    // A link that stays inside the site is fine.
    assert_eq!(server.get("/about.txt").status, 200);
    // The warning reaches stderr on its own thread: wait for it.
    let stderr = server.wait_stderr("warning: static/leak.txt: skipped: a symbolic link to", 1);
    assert!(stderr.contains("outside the site"), "{stderr}");
}

/// A link made while serving is judged like one found at start: the page it
/// would add is never served, and the terminal names the link.
#[cfg(unix)]
#[test]
fn a_content_symlink_made_while_serving_is_judged_again() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new("minimal");
    let outside = site.root.parent().unwrap().join("outside.md");
    std::fs::write(
        &outside,
        "+++\ntitle = \"canary-4411\"\n+++\n\ncanary-4411\n",
    )
    .unwrap();
    let server = Server::start(&site);
    let before = server.rebuilds();
    symlink(&outside, site.path("content/pages/outside.md")).unwrap();
    server.wait_stderr("content/pages/outside.md: skipped: a symbolic link to", 1);
    server.wait_rebuild(before);
    let reply = server.get("/outside/");
    assert_eq!(reply.status, 404);
    assert!(!reply.body.contains("canary-4411"));
    assert!(!server.stderr().contains("canary-4411"));
    // A link swapped to point out of the site is dropped on the next build.
    std::fs::write(
        site.path("inside.md"),
        "+++\ntitle = \"Inside\"\n+++\n\nInside.\n",
    )
    .unwrap();
    symlink(site.path("inside.md"), site.path("content/pages/moved.md")).unwrap();
    let shown = server.rebuilds();
    server.wait_rebuild(shown);
    assert_eq!(server.get("/moved/").status, 200);
    let swapped = site.path("content/pages/moved.tmp-link");
    symlink(&outside, &swapped).unwrap();
    let before = server.rebuilds();
    std::fs::rename(&swapped, site.path("content/pages/moved.md")).unwrap();
    server.wait_stderr("content/pages/moved.md: skipped: a symbolic link to", 1);
    server.wait_rebuild(before);
    assert_eq!(server.get("/moved/").status, 404);
    assert!(!server.get("/moved/").body.contains("canary-4411"));
}

#[test]
fn the_livereload_script_is_injected_only_into_html() {
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    for page in ["/", "/regions/ksa/", "/playbooks/autoscaling/", "/404.html"] {
        let reply = server.get(page);
        assert_eq!(reply.status, 200, "{page}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{page}");
        assert_eq!(reply.body.matches(SCRIPT_TAG).count(), 1, "{page}");
        let script_at = reply.body.find(SCRIPT_TAG).unwrap();
        let body_end = reply.body.rfind("</body>").unwrap();
        assert!(
            script_at < body_end,
            "{page}: the script is not before </body>"
        );
    }
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body.matches(SCRIPT_TAG).count(), 1);
    for (file, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/highlight.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let reply = server.get(file);
        assert_eq!(reply.status, 200, "{file}");
        assert_eq!(reply.header("content-type"), Some(kind), "{file}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{file}");
        assert!(!reply.body.contains("__guidegen"), "{file} got the script");
    }
    let script = server.get(SCRIPT_TAG);
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("guidegen-overlay"));
    // Pretty URLs: a directory without its slash redirects.
    let redirect = server.get("/regions/ksa?x=1");
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.header("location"), Some("/regions/ksa/?x=1"));
    // The site is served from memory: nothing is written.
    assert!(!site.public().exists());
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = TestSite::new("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidegen"))
        .args(["serve", "--port", &port, "--root"])
        .arg(&site.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let code = wait_exit(&mut child, Duration::from_secs(60));
    if code.is_none() {
        let _ = child.kill();
    }
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: cannot listen on 127.0.0.1:{port}: the port is already in use"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.interrupt(), 0);
}

#[test]
fn a_site_that_does_not_build_is_still_served_until_it_is_fixed() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/playbooks/autoscaling.md",
        "title = \"Autoscaling\"",
        "title = \"Autoscaling",
    );
    let server = Server::start(&site);
    let reply = server.get("/");
    assert_eq!(reply.status, 503);
    assert!(
        reply
            .body
            .contains("<code>content/playbooks/autoscaling.md:2:"),
        "{}",
        reply.body
    );
    assert_eq!(reply.body.matches(SCRIPT_TAG).count(), 1);
    let before = server.rebuilds();
    site.edit(
        "content/playbooks/autoscaling.md",
        "title = \"Autoscaling",
        "title = \"Autoscaling\"",
    );
    server.wait_rebuild(before);
    let reply = server.get("/regions/ksa/");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("Autoscaling"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_reload_protocol_follows_every_kind_of_save() {
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    let mut page = connect(&server).await;
    let hello = next_message(&mut page).await;
    assert_eq!(hello["type"], "hello");
    assert_eq!(hello["generation"], 1);

    // Prose: a reload of the edited page alone...
    site.edit(
        "content/playbooks/autoscaling.md",
        "## Cost levers",
        "Edited.\n\n## Cost levers",
    );
    let reload = next_message(&mut page).await;
    assert_eq!(reload["type"], "reload");
    assert_eq!(
        reload["pages"],
        serde_json::json!(["playbooks/autoscaling/index.html"]),
        "only the edited page reloads"
    );
    assert!(server.wait_stderr("Rebuilt in ", 1).contains("reload sent"));
    assert!(server
        .get("/playbooks/autoscaling/")
        .body
        .contains("Edited."));
    // ...then of the print pages that embed it (it is in both regions), one
    // by one; the search index is rebuilt last and reloads nothing.
    for _ in 0..2 {
        let next = next_message(&mut page).await;
        let path = next["pages"][0].as_str().unwrap_or_default();
        assert!(path.ends_with("/print/index.html"), "{next}");
    }
    server.wait_stderr("Updated the search index", 1);
    assert!(server.get("/regions/ksa/print/").body.contains("Edited."));

    // guidegen.toml saved by writing a temporary file and renaming it.
    let config = site
        .read("guidegen.toml")
        .replace("Fixture Guides", "Renamed Guides");
    site.write(".guidegen.toml.tmp", config);
    std::fs::rename(site.path(".guidegen.toml.tmp"), site.path("guidegen.toml")).unwrap();
    assert_eq!(next_message(&mut page).await["type"], "reload");
    assert!(server.get("/").body.contains("Renamed Guides"));

    // A folder renamed: links into it break; renaming it back fixes them.
    let (ops, renamed) = (
        site.path("content/playbooks/ops"),
        site.path("content/playbooks/operations"),
    );
    std::fs::rename(&ops, &renamed).unwrap();
    let errors = next_message(&mut page).await;
    assert_eq!(errors["type"], "errors", "{errors}");
    assert!(
        errors.to_string().contains("playbooks/ops/residency.md"),
        "{errors}"
    );
    std::fs::rename(&renamed, &ops).unwrap();
    assert_eq!(next_message(&mut page).await["type"], "reload");

    // A source directory created after the start is watched too: the first
    // file in it reloads (a new stylesheet no page links yet)...
    std::fs::create_dir_all(site.path("static")).unwrap();
    site.write("static/extra.css", "p { color: red }");
    assert_eq!(next_message(&mut page).await["type"], "reload");

    // ...and a change to a stylesheet only swaps it in place. Saved the way
    // many editors do: a temporary file, renamed over the original.
    site.write("static/.extra.css.swp", "p { color: blue }");
    std::fs::rename(
        site.path("static/.extra.css.swp"),
        site.path("static/extra.css"),
    )
    .unwrap();
    let css = next_message(&mut page).await;
    assert_eq!(css["type"], "css", "{css}");
    assert_eq!(css["files"], serde_json::json!(["extra.css"]));

    // An error: every page gets the diagnostics, a new page too.
    site.edit(
        "content/pages/about.md",
        "title = \"About\"",
        "title = About\"",
    );
    let errors = next_message(&mut page).await;
    assert_eq!(errors["type"], "errors", "{errors}");
    assert_eq!(errors["errors"][0]["path"], "content/pages/about.md");
    assert_eq!(errors["errors"][0]["line"], 2);
    // The terminal shows the same error.
    server.wait_stderr("error: content/pages/about.md:2:9:", 1);
    server.wait_stderr("Rebuild failed in ", 2);
    let mut late = connect(&server).await;
    assert_eq!(next_message(&mut late).await["type"], "hello");
    let again = next_message(&mut late).await;
    assert_eq!(again["type"], "errors");
    assert_eq!(again["errors"][0]["path"], "content/pages/about.md");
    // The last good site is still served meanwhile.
    assert_eq!(server.get("/about/").status, 200);

    // Fixed: pages reload, which clears the overlay.
    let before_fix = server.rebuilds();
    site.edit(
        "content/pages/about.md",
        "title = About\"",
        "title = \"About\"",
    );
    assert_eq!(next_message(&mut page).await["type"], "reload");
    assert_eq!(next_message(&mut late).await["type"], "reload");

    server.wait_rebuild(before_fix);

    // Editor temp files and files outside the sources never rebuild: after
    // them, a real save (the sentinel) is the one and only rebuild, of one
    // file.
    let before = server.rebuilds();
    assert_eq!(before, before_fix + 1, "{}", server.stderr());
    site.write("content/playbooks/.autoscaling.md.swp", "junk");
    site.write("content/playbooks/autoscaling.md~", "junk");
    site.write("notes.txt", "junk");
    std::fs::create_dir_all(site.path("public")).unwrap();
    site.write("public/index.html", "junk");
    site.edit("content/pages/about.md", "Who we are", "Who we are now");
    assert_eq!(next_message(&mut page).await["type"], "reload");
    server.wait_rebuild(before);
    assert_eq!(server.rebuilds(), before + 1, "{}", server.stderr());
    let sentinel = server.last_rebuild_line();
    assert!(sentinel.contains("(1 file changed;"), "{sentinel}");
    assert!(server.get("/about/").body.contains("Who we are now"));
    drop(page);
    drop(late);
}

// ---- In a real browser ----

/// Browser tests share the machine's two cores: one at a time.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The page's live-reload client is connected.
const CONNECTED: &str = "return !!(window.__guidegenLive && window.__guidegenLive.connected);";

async fn open(browser: &Browser, url: &str) {
    browser.goto(url).await;
    browser.wait_across_reloads(CONNECTED, REBUILD_SECS).await;
}

async fn set_marker(browser: &Browser, value: u32) {
    browser
        .eval(&format!("window.__testMarker = {value}; return true;"))
        .await;
}

/// A copy of the minimal fixture with the default theme on disk, so that the
/// theme's stylesheet can be edited.
fn site_with_theme() -> TestSite {
    let site = TestSite::new("minimal");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    util::copy_tree(&theme, &site.path("themes/default"));
    site
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_reloads_the_open_page_and_a_css_edit_applies_without_one() {
    let _one = ONE_BROWSER.lock().await;
    let site = site_with_theme();
    let server = Server::start(&site);
    let browser = Browser::start().await;
    open(&browser, &format!("{}playbooks/autoscaling/", server.url)).await;

    set_marker(&browser, 1).await;
    site.edit(
        "content/playbooks/autoscaling.md",
        "## Cost levers",
        "A freshly saved paragraph.\n\n## Cost levers",
    );
    browser
        .wait_across_reloads(
            "return window.__testMarker === undefined \
             && document.body.innerText.includes('A freshly saved paragraph.');",
            REBUILD_SECS,
        )
        .await;
    browser.wait_across_reloads(CONNECTED, REBUILD_SECS).await;

    set_marker(&browser, 2).await;
    let spacing = "return getComputedStyle(document.body).letterSpacing;";
    assert_ne!(browser.eval(spacing).await, "3px");
    let css = site.read("themes/default/static/style.css");
    site.write(
        "themes/default/static/style.css",
        format!("{css}\nbody {{ letter-spacing: 3px; }}\n"),
    );
    browser
        .wait_across_reloads(
            "return getComputedStyle(document.body).letterSpacing === '3px';",
            REBUILD_SECS,
        )
        .await;
    assert_eq!(
        browser.eval("return window.__testMarker;").await,
        2,
        "the page was reloaded instead of swapping its stylesheet"
    );
    let href = browser
        .eval("return document.querySelector('link[rel=stylesheet][href*=\"style.css\"]').href;")
        .await;
    assert!(
        href.as_str().unwrap_or_default().contains("guidegen="),
        "{href}"
    );
    server.wait_stderr("stylesheets swapped", 1);

    // Another playbook's prose: this page has not changed and stays as it
    // is. The swap's report above was the last one, so the count is exact.
    let rebuilds = server.rebuilds();
    site.edit(
        "content/playbooks/ops/residency.md",
        "See [autoscaling]",
        "Also see [autoscaling]",
    );
    server.wait_stderr("Rebuilt in ", rebuilds + 1);
    let residency = server.get("/playbooks/residency/").body;
    assert!(residency.contains("Also see"), "the other page was rebuilt");
    // The page hears of the change and decides it is not about it (the
    // region print pages that show residency are updated after it, so more
    // notices about other pages may follow).
    browser
        .wait_until(
            "return window.__guidegenLive.ignoredReloads >= 1;",
            REBUILD_SECS,
        )
        .await;
    assert_eq!(
        browser.eval("return window.__testMarker;").await,
        2,
        "an edit of another page reloaded this one"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_front_matter_shows_the_overlay_until_it_is_fixed() {
    let _one = ONE_BROWSER.lock().await;
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    let browser = Browser::start().await;
    open(&browser, &format!("{}regions/ksa/", server.url)).await;
    set_marker(&browser, 1).await;

    site.edit(
        "content/playbooks/ops/residency.md",
        "title = \"Data residency\"",
        "title = \"Data residency",
    );
    let overlay = browser.wait_for("#guidegen-overlay", REBUILD_SECS).await;
    assert_eq!(
        overlay.attr("role").await.unwrap().as_deref(),
        Some("alert")
    );
    let text = overlay.text().await.unwrap();
    assert!(
        text.contains("content/playbooks/ops/residency.md:2:"),
        "the overlay does not name the file: {text}"
    );
    let style = browser
        .eval(
            "var s = getComputedStyle(document.getElementById('guidegen-overlay')); \
             return [s.position, s.zIndex];",
        )
        .await;
    assert_eq!(style, serde_json::json!(["fixed", "2147483647"]));
    // Errors do not reload: the last good page stays under the overlay.
    assert_eq!(browser.eval("return window.__testMarker;").await, 1);

    // A page opened while the site is broken shows the overlay too.
    open(&browser, &format!("{}about/", server.url)).await;
    let text = browser
        .wait_for("#guidegen-overlay", REBUILD_SECS)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("content/playbooks/ops/residency.md:2:"),
        "{text}"
    );
    set_marker(&browser, 2).await;

    site.edit(
        "content/playbooks/ops/residency.md",
        "title = \"Data residency",
        "title = \"Data residency\"",
    );
    browser
        .wait_across_reloads(
            "return window.__testMarker === undefined \
             && !!window.__guidegenLive && window.__guidegenLive.connected \
             && !document.getElementById('guidegen-overlay');",
            REBUILD_SECS,
        )
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_playbook_appears_in_its_region_guide_and_a_deleted_one_disappears() {
    let _one = ONE_BROWSER.lock().await;
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    let browser = Browser::start().await;
    open(&browser, &format!("{}regions/uae/", server.url)).await;
    let has_title = "return document.body.innerText.includes('Free-zone licensing');";
    assert_eq!(browser.eval(has_title).await, false);

    site.write(
        "content/playbooks/free-zones.md",
        "+++\ntitle = \"Free-zone licensing\"\npillar = \"compliance\"\nregions = [\"uae\"]\n\
         summary = \"Pick a free zone.\"\n+++\n\nCompare the free zones.\n",
    );
    browser.wait_across_reloads(has_title, REBUILD_SECS).await;
    browser.wait_across_reloads(CONNECTED, REBUILD_SECS).await;

    std::fs::remove_file(site.path("content/playbooks/free-zones.md")).unwrap();
    browser
        .wait_across_reloads(
            "return !document.body.innerText.includes('Free-zone licensing') \
             && document.body.innerText.includes('United Arab Emirates');",
            REBUILD_SECS,
        )
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_page_reconnects_and_reloads_after_the_server_restarts() {
    let _one = ONE_BROWSER.lock().await;
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    let port = server.port.to_string();
    let browser = Browser::start().await;
    open(&browser, &server.url).await;
    set_marker(&browser, 1).await;

    assert_eq!(server.interrupt(), 0);
    browser
        .wait_across_reloads("return !window.__guidegenLive.connected;", REBUILD_SECS)
        .await;
    site.edit(
        "content/pages/about.md",
        "## Who we are",
        "## Who we are now",
    );
    let _again = Server::start_with(&site.root, &["--port", &port]);
    browser
        .wait_across_reloads(
            "return window.__testMarker === undefined \
             && !!window.__guidegenLive && window.__guidegenLive.connected;",
            REBUILD_SECS,
        )
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_served_while_the_first_build_runs_and_never_reloaded_by_it() {
    let site = TestSite::new("minimal");
    let server = Server::start_early(&site.root, &["--port", "0"]);
    // Asked for at once: answered when rendered, from the first build.
    let reply = server.get("/playbooks/autoscaling/");
    assert_eq!(reply.status, 200, "{}", reply.headers);
    assert!(reply.body.contains("<h1>Autoscaling"), "{}", reply.body);
    assert!(
        reply.body.contains("data-generation=\"1\""),
        "{}",
        reply.body
    );
    let mut page = connect(&server).await;
    let hello = next_message(&mut page).await;
    assert_eq!(hello["type"], "hello");
    assert_eq!(
        hello["generation"], 1,
        "the page is not reloaded on connecting"
    );
    let built = server.wait_line(&["Built ", "Build failed "]);
    assert!(
        built.ends_with("indexing search in the background"),
        "{built}"
    );
    server.wait_line(&["Search index built in "]);
    // The next message is this edit's: publishing the first build and its
    // search index reloaded nothing.
    site.edit(
        "content/playbooks/autoscaling.md",
        "## Cost levers",
        "Edited.\n\n## Cost levers",
    );
    let reload = next_message(&mut page).await;
    assert_eq!(reload["type"], "reload", "{reload}");
    assert_eq!(
        reload["pages"],
        serde_json::json!(["playbooks/autoscaling/index.html"])
    );
}
