//! `guidegen theme list` and `guidegen theme eject`: the theme in use in the
//! open — every template, static file and UI-strings file it has, which of
//! them the site overrides, and copies to edit.

use crate::base::diagnostics::eprint_human;
use crate::base::files::{write_new, SiteBoundary};
use crate::config::{self, Config, Overrides};
use crate::theme::theme_files;
use std::path::Path;

/// A theme's files: path (`templates/base.html`) and bytes.
type ThemeFiles = Vec<(String, Vec<u8>)>;

/// The site's configuration and its theme's files, with what went wrong
/// printed; `Err` holds the exit code.
fn load(root: &Path) -> Result<(Config, ThemeFiles), i32> {
    let config = config::load(root, &Overrides::default()).map_err(|diags| {
        eprint_human(&diags);
        1
    })?;
    let (files, diags) = theme_files(&config);
    eprint_human(&diags);
    Ok((config, files))
}

/// Prints every file of the theme, marking the ones the site overrides.
pub fn list(root: &Path) -> i32 {
    let (config, files) = match load(root) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let source = if root.join("themes").join(&config.theme).is_dir() {
        format!("themes/{}/", config.theme)
    } else {
        "compiled into guidegen".to_string()
    };
    // A theme file is overridden by the same path in the site.
    let mut out = format!("Theme \"{}\" ({source}):\n", config.theme);
    for (rel, _) in &files {
        match root.join(rel).is_file() {
            true => out.push_str(&format!("  {rel}  (overridden by the site's {rel})\n")),
            false => out.push_str(&format!("  {rel}\n")),
        }
    }
    out.push_str("Copy one to edit it: guidegen theme eject templates/playbook.html\n");
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes());
    0
}

/// Copies the named theme files (`playbook.html`, `templates/base.html`,
/// `static/style.css`; none named: all) into the site, never overwriting.
pub fn eject(root: &Path, names: &[String]) -> i32 {
    let files = match load(root) {
        Ok((_, files)) => files,
        Err(code) => return code,
    };
    let wanted = |rel: &str| {
        names.is_empty()
            || names
                .iter()
                .any(|n| n == rel || rel.strip_prefix("templates/") == Some(n.as_str()))
    };
    for name in names {
        let known = files
            .iter()
            .any(|(rel, _)| rel == name || rel.strip_prefix("templates/") == Some(name.as_str()));
        if !known {
            let hint = crate::base::diagnostics::did_you_mean(
                name,
                files.iter().flat_map(|(rel, _)| {
                    [rel.as_str(), rel.strip_prefix("templates/").unwrap_or(rel)]
                }),
            )
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
            eprintln!(
                "error: the theme has no file {name}{hint}; `guidegen theme list` names them"
            );
            return 1;
        }
    }
    let boundary = SiteBoundary::new(root);
    let mut code = 0;
    for (rel, bytes) in files.iter().filter(|(rel, _)| wanted(rel)) {
        let target = root.join(rel);
        if target.exists() {
            eprintln!("Kept {} (the site already has it)", rel);
            continue;
        }
        if let Err(outside) = boundary.admit_new(&target) {
            eprintln!("error: {}: {}", outside.shown, outside.message());
            code = 1;
            continue;
        }
        match write_new(&target, bytes) {
            Ok(()) => eprintln!("Copied {}", rel),
            Err(message) => {
                eprintln!("error: {message}");
                code = 1;
            }
        }
    }
    code
}
