//! serve: `guidegen serve`, the author's loop of save → look (SPEC, "Live
//! reload").
//!
//! A sink of the pipeline like `output`, but in memory: the site is built
//! with the server's own address as `base_url`, held in a `LiveSite` (`state`)
//! and served by axum (`http`), never written to `public/`. A thread waits
//! for changes to the sources (`watch`), builds the site again (`rebuild`),
//! swaps the new `Site` in whole, and the open pages reload or show the
//! errors (`livereload`). A failed build never stops the server: it keeps
//! serving the last good site, and the terminal and the pages show why.

mod http;
mod indexer;
mod livereload;
mod memo;
mod notice;
mod rebuild;
mod search;
mod single_page;
mod state;
mod terminal;
mod watch;

use crate::config::Overrides;
use crate::pipeline::Compiled;
use crate::render::sink::InMemory;
use indexer::Indexer;
pub use memo::RebuildStats;
pub use rebuild::{Rebuilder, Rebuilt};
pub use search::{SearchDone, SearchJob};
use state::LiveSite;
use std::io::Write as _;
use std::net::Ipv6Addr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use terminal::{millis, Terminal};
use watch::{Next, SourceWatcher};

/// The flags of `guidegen serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's directory.
    pub root: PathBuf,
    /// The address to listen on (an IP address or a host name).
    pub bind: String,
    /// The port; 0 takes a free one.
    pub port: u16,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
}

/// Serves the site until Ctrl-C; returns the process exit code.
pub fn run(options: ServeOptions) -> i32 {
    let root = match options.root.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            eprintln!(
                "error: cannot open the site at {}: {e}",
                options.root.display()
            );
            return 1;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("guidegen-serve")
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };
    let address = (options.bind.as_str(), options.port);
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(address)) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("{}", bind_error(&options, &e));
            return 1;
        }
    };
    let port = listener
        .local_addr()
        .map_or(options.port, |address| address.port());
    // Served under the path of the site's base_url, as it will be deployed:
    // what works here works there.
    let base_path = site_base_path(&root, options.drafts);
    let url = format!("http://{}:{port}{base_path}", url_host(&options.bind));

    // Builds run on plain threads: the engine starts its own Tokio runtime
    // for the search index, which cannot nest inside the server's.
    let mut rebuilder = Rebuilder::new(
        root.clone(),
        Overrides {
            base_url: Some(url.clone()),
            drafts: options.drafts,
        },
    );
    // Watch before the first build, so that a save during it is not missed.
    let watcher = SourceWatcher::new(&root);
    // Served from at once: each page of the first build as it renders.
    let first_pages = Arc::new(InMemory::default());
    let live = Arc::new(LiveSite::building(base_path, Some(first_pages.clone())));
    let stop = Arc::new(AtomicBool::new(false));
    let spawned = {
        let (live, stop) = (live.clone(), stop.clone());
        std::thread::Builder::new()
            .name("guidegen-rebuild".into())
            .spawn(move || {
                let terminal = first_build(&mut rebuilder, &first_pages, &live);
                drop(first_pages);
                match watcher {
                    Ok(watcher) => rebuild_on_change(watcher, rebuilder, live, stop, terminal),
                    Err(e) => eprintln!(
                        "warning: cannot watch {} for changes ({e}); restart guidegen serve to see edits",
                        root.display()
                    ),
                }
            })
    };
    if let Err(e) = spawned {
        eprintln!("error: cannot start building the site: {e}");
        return 1;
    }

    runtime.block_on(serve_until_stopped(listener, live, &url, options.open));
    stop.store(true, Ordering::Relaxed);
    runtime.shutdown_timeout(Duration::from_secs(1));
    0
}

/// The path part of the site's `base_url` (`/` or `/sea/`); `/` when the
/// configuration does not load yet (its errors are the first build's).
fn site_base_path(root: &std::path::Path, drafts: bool) -> String {
    let overrides = Overrides {
        base_url: None,
        drafts,
    };
    crate::config::load(root, &overrides).map_or_else(|_| "/".to_string(), |c| c.base_path)
}

/// A clear message for a failed `bind`, never a panic.
fn bind_error(options: &ServeOptions, e: &std::io::Error) -> String {
    let place = format!("{}:{}", url_host(&options.bind), options.port);
    match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "error: cannot listen on {place}: the port is already in use \
             (another guidegen serve?); pass --port with another port, or --port 0 for a free one"
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "error: cannot listen on {place}: permission denied; ports below 1024 need privileges, \
             pass --port with a higher one"
        ),
        _ => format!("error: cannot listen on {place}: {e}"),
    }
}

/// `bind` as the host part of a URL (IPv6 addresses in brackets).
fn url_host(bind: &str) -> String {
    if bind.parse::<Ipv6Addr>().is_ok() {
        format!("[{bind}]")
    } else {
        bind.to_string()
    }
}

/// Runs the HTTP server until Ctrl-C (or SIGTERM), then closes the pages'
/// connections and stops.
async fn serve_until_stopped(
    listener: tokio::net::TcpListener,
    live: Arc<LiveSite>,
    url: &str,
    open: bool,
) {
    let loopback = listener.local_addr().is_ok_and(|a| a.ip().is_loopback());
    let app = http::router(live.clone(), loopback);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop_rx.await;
            })
            .await
    });
    let stopped = stop_signal();
    println!("Serving at {url}");
    let _ = std::io::stdout().flush();
    if open {
        open_browser(url);
    }
    stopped.await;
    eprintln!("Stopping");
    live.shut_down();
    let _ = stop_tx.send(());
    let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
}

/// Resolves on Ctrl-C or SIGTERM (never, if neither can be listened for).
/// The listeners are set up when this is called, not when it is first
/// awaited: called before `Serving at` is printed, a signal sent just after
/// it still stops the server cleanly instead of killing it.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async fn received(signal: Option<Signal>) {
            match signal {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        async move {
            tokio::select! {
                () = received(interrupt) => {}
                () = received(terminate) => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// `--open`: hands the URL to the desktop's browser, if there is one.
fn open_browser(url: &str) {
    let opened = std::process::Command::new("xdg-open")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = opened {
        // Reap it so it does not linger as a zombie.
        std::thread::spawn(move || child.wait());
    }
}

/// Builds the site for the first time, its pages served as they render,
/// and publishes it; search is indexed afterwards, in the background.
fn first_build(rebuilder: &mut Rebuilder, pages: &InMemory, live: &LiveSite) -> Terminal {
    // A panic in the build must not leave requests waiting on its pages.
    struct EndFirstBuild<'a>(&'a LiveSite);
    impl Drop for EndFirstBuild<'_> {
        fn drop(&mut self) {
            self.0.end_first_build();
        }
    }
    let _end = EndFirstBuild(live);
    let mut terminal = Terminal::default();
    let started = Instant::now();
    let first = rebuilder.first_build(pages);
    let indexing = first.site.is_some() && rebuilder.search_pending();
    terminal.first_build(&first, started.elapsed(), indexing);
    rebuilder.prepare();
    let Compiled {
        site, diagnostics, ..
    } = first;
    publish(live, rebuilder, site, &diagnostics, None);
    terminal
}

/// Serves a build's result, saying first whether search is still waiting
/// for its first index.
fn publish(
    live: &LiveSite,
    rebuilder: &Rebuilder,
    site: Option<Arc<crate::base::site::Site>>,
    diagnostics: &[crate::base::diagnostics::Diagnostic],
    changed: Option<Vec<String>>,
) -> state::Published {
    live.set_search_building(rebuilder.search_pending());
    live.publish(site, diagnostics, changed)
}

/// The rebuild loop: one rebuild per settled batch of changes; between
/// them, the pages a fast rebuild left and the search index.
fn rebuild_on_change(
    mut watcher: SourceWatcher,
    mut rebuilder: Rebuilder,
    live: Arc<LiveSite>,
    stop: Arc<AtomicBool>,
    mut terminal: Terminal,
) {
    if watcher.polling {
        eprintln!("Watching {} by polling", rebuilder.root().display());
    }
    let indexer = match Indexer::start() {
        Ok(indexer) => Some(indexer),
        Err(e) => {
            eprintln!("warning: cannot index search in the background ({e}); search will lag behind edits");
            None
        }
    };
    loop {
        if let (Some(indexer), Some(job)) = (&indexer, rebuilder.search_job()) {
            indexer.submit(job);
        }
        let follow_up = rebuilder.has_follow_up();
        let idle = || follow_up || indexer.as_ref().is_some_and(Indexer::ready);
        match watcher.next_changes(&stop, &idle) {
            None => return,
            Some(Next::Changes(changes)) => {
                let started = Instant::now();
                let Compiled {
                    site,
                    diagnostics,
                    changed,
                    ..
                } = rebuilder.rebuild(&changes.paths);
                let build_time = started.elapsed();
                let published = publish(&live, &rebuilder, site, &diagnostics, changed);
                // From the first event of the batch to the notice being sent.
                let latency = changes.since.elapsed();
                let stats = rebuilder.stats();
                terminal.rebuild(&diagnostics, &published, build_time, latency, stats);
                rebuilder.prepare();
            }
            Some(Next::Idle) => {
                let started = Instant::now();
                let first_index = rebuilder.search_pending();
                let (what, compiled) = match indexer.as_ref().and_then(Indexer::take) {
                    Some(done) if first_index => (
                        format!("Search index built in {} ms", millis(done.took())),
                        rebuilder.apply_search(done),
                    ),
                    Some(done) => (
                        format!(
                            "the search index (built in {} ms in the background)",
                            millis(done.took())
                        ),
                        rebuilder.apply_search(done),
                    ),
                    None => ("a page that shows it".to_string(), rebuilder.follow_up()),
                };
                if let Some(Compiled {
                    site,
                    diagnostics,
                    changed,
                    ..
                }) = compiled
                {
                    let published = publish(&live, &rebuilder, site, &diagnostics, changed);
                    if first_index && !rebuilder.search_pending() {
                        terminal.search_ready(&what);
                    } else {
                        terminal.follow_up(&what, &diagnostics, &published, started.elapsed());
                    }
                    rebuilder.prepare();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_hosts_get_brackets_in_urls() {
        assert_eq!(url_host("127.0.0.1"), "127.0.0.1");
        assert_eq!(url_host("::1"), "[::1]");
        assert_eq!(url_host("localhost"), "localhost");
    }
}
