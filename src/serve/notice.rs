//! notice: what the server tells the open pages after a rebuild.

use crate::base::diagnostics::Diagnostic;
use std::sync::Arc;

/// What the open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The site changed: reload the pages whose HTML changed (the output
    /// paths listed), or every page (`None`: an asset or the whole site).
    Reload(Option<Arc<Vec<String>>>),
    /// Only these stylesheets (output paths) changed: swap them in place.
    Stylesheets(Vec<String>),
    /// The last build failed: show these errors over the last good site.
    Errors(Arc<Vec<Diagnostic>>),
    /// The server is stopping: close the connection (and reconnect later).
    Shutdown,
}
