//! The command line of SPEC: `build`, `check`, `serve` and `new`. Parses flags with
//! clap (exit code 2 on bad usage), runs the pipeline and prints diagnostics
//! to stderr (or stdout for `check --format json|github`). Exit code 1 means
//! the content, templates or output directory were refused.

use crate::base::diagnostics::{eprint_human, Diagnostic};
use crate::config::{self, Overrides};
use crate::pipeline::compile;
use crate::write as output;

mod init;
mod scaffold;
pub mod schema;
mod theme;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "guidegen",
    version,
    about = "Builds regional expansion guides from Markdown and TOML"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render the whole site into the output directory
    Build {
        /// The site's directory (default: the nearest ancestor holding guidegen.toml)
        #[arg(long)]
        root: Option<PathBuf>,
        /// Where to write the site (default: ROOT/public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url of guidegen.toml
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts
        #[arg(long)]
        drafts: bool,
        /// Print the time of each stage and the slowest templates and pages
        #[arg(long)]
        timings: bool,
        /// Keep pages, search bundles, images and cards in DIR and reuse
        /// those whose inputs did not change (CI restores DIR between runs)
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
    /// Run every validation of build and write nothing
    Check {
        #[arg(long)]
        root: Option<PathBuf>,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Include drafts
        #[arg(long)]
        drafts: bool,
    },
    /// Serve the site from memory with live reload, rebuilding on every save
    Serve {
        /// The site's directory (default: the nearest ancestor holding guidegen.toml)
        #[arg(long)]
        root: Option<PathBuf>,
        /// The address to listen on; the default serves this machine only
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// The port to listen on; 0 takes a free one
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in a browser (with xdg-open)
        #[arg(long)]
        open: bool,
        /// Include drafts
        #[arg(long)]
        drafts: bool,
    },
    /// Start a new guide in DIR (default: here) that builds as written
    Init {
        /// Where to write it: an empty or new directory
        dir: Option<PathBuf>,
        /// The guide's title
        #[arg(long, default_value = "Regional Expansion Guides")]
        title: String,
        /// Where it will be published (may have a sub-path)
        #[arg(long, default_value = "https://guides.example.com/")]
        base_url: String,
        /// The language of its content (a BCP 47 tag)
        #[arg(long, default_value = "en")]
        language: String,
        /// Add the missing files to a directory that is not empty (never
        /// overwrites a file)
        #[arg(long)]
        force: bool,
    },
    /// Write JSON Schemas of guidegen.toml and every content kind, for
    /// completion and checks in editors
    Schema {
        /// The folder to write them in (default: ROOT/schemas)
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// See the theme in use, or copy its files into the site to edit
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
    /// Create a new content file from a commented skeleton
    New {
        #[arg(value_enum)]
        kind: scaffold::Kind,
        /// The slug: lowercase a-z, 0-9 and -
        slug: String,
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ThemeAction {
    /// Name every template, static file and UI-strings file of the theme,
    /// marking those the site overrides
    List {
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Copy theme files into the site to edit them (never overwrites);
    /// with no NAME, every file
    Eject {
        /// `playbook.html`, `templates/base.html`, `static/style.css` …
        names: Vec<String>,
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    Github,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            cache,
        } => build(
            root,
            output,
            Overrides { base_url, drafts },
            timings,
            cache.as_deref(),
        ),
        Command::Check {
            root,
            format,
            drafts,
        } => check(
            root,
            format,
            Overrides {
                base_url: None,
                drafts,
            },
        ),
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
        } => match find_root(root) {
            Ok(root) => crate::serve::run(crate::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                drafts,
            }),
            Err(code) => code,
        },
        Command::Init {
            dir,
            title,
            base_url,
            language,
            force,
        } => {
            let options = init::InitOptions {
                dir: dir.unwrap_or_else(|| PathBuf::from(".")),
                title,
                base_url,
                language,
                force,
            };
            match init::init(&options) {
                Ok(written) => {
                    for kept in &written.kept {
                        eprintln!("Kept {} (it already exists)", kept.display());
                    }
                    eprintln!(
                        "Created a guide of {} files in {}; next: guidegen check --root {} and guidegen serve --root {}",
                        written.created.len(),
                        options.dir.display(),
                        options.dir.display(),
                        options.dir.display()
                    );
                    0
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    1
                }
            }
        }
        Command::Schema { out, root } => {
            find_root(root).map_or_else(|c| c, |r| schema::write(&r, out.as_deref()))
        }
        Command::Theme { action } => match action {
            ThemeAction::List { root } => find_root(root).map_or_else(|c| c, |r| theme::list(&r)),
            ThemeAction::Eject { names, root } => {
                find_root(root).map_or_else(|c| c, |r| theme::eject(&r, &names))
            }
        },
        Command::New { kind, slug, root } => match find_root(root) {
            Ok(root) => match scaffold::create(&root, kind, &slug) {
                Ok(path) => {
                    eprintln!("Created {}", path.display());
                    0
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    1
                }
            },
            Err(code) => code,
        },
    }
}

fn find_root(root: Option<PathBuf>) -> Result<PathBuf, i32> {
    if let Some(root) = root {
        return Ok(root);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    config::find_root(&cwd).ok_or_else(|| {
        eprintln!(
            "error: no {} here or in any parent directory of {}; run guidegen inside a site, or pass --root",
            config::CONFIG_FILE,
            cwd.display()
        );
        1
    })
}

/// `zh: 35 of 48 translated`, then the files without a translation.
fn coverage_human(c: &crate::Coverage) -> String {
    let mut out = format!(
        "translations: {}: {} of {} content files translated",
        c.language,
        c.total - c.missing.len(),
        c.total
    );
    if c.missing.is_empty() {
        out.push('\n');
        return out;
    }
    out.push_str(&format!(
        "; {} shown in the default language:\n",
        c.missing.len()
    ));
    for path in &c.missing {
        out.push_str(&format!("  {path}\n"));
    }
    out
}

fn summary(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

fn build(
    root: Option<PathBuf>,
    output: Option<PathBuf>,
    overrides: Overrides,
    show_timings: bool,
    cache: Option<&Path>,
) -> i32 {
    let started = Instant::now();
    let root = match find_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let output = output.unwrap_or_else(|| root.join("public"));
    let out = match output::check_output_dir(&root, &output) {
        Ok(out) => out,
        Err(d) => {
            eprint_human(&[d]);
            return 1;
        }
    };
    if let Some(cache) = cache {
        if let Err(d) = output::check_cache_dir(&root, &out, cache) {
            eprint_human(&[d]);
            return 1;
        }
    }
    let compiled = crate::build(&root, &overrides, &out, cache);
    for note in &compiled.notes {
        eprintln!("note: {note}");
    }
    eprint_human(&compiled.diagnostics);
    let (errors, warnings) = summary(&compiled.diagnostics);
    let Some(site) = compiled.site else {
        eprintln!(
            "Build failed with {errors} error(s) and {warnings} warning(s); {} was left as it was",
            relative(&out)
        );
        return 1;
    };
    if show_timings {
        eprint!("{}", compiled.timings.report());
    }
    if warnings > 0 {
        eprintln!("{warnings} warning(s)");
    }
    eprintln!(
        "Built {} pages in {:.2} s",
        site.pages,
        started.elapsed().as_secs_f64()
    );
    0
}

fn relative(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn check(root: Option<PathBuf>, format: Format, overrides: Overrides) -> i32 {
    let root = match find_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let compiled = compile(&root, &overrides);
    match format {
        Format::Human => eprint_human(&compiled.diagnostics),
        Format::Json => compiled
            .diagnostics
            .iter()
            .for_each(|d| println!("{}", d.json())),
        Format::Github => compiled
            .diagnostics
            .iter()
            .for_each(|d| println!("{}", d.github())),
    }
    for c in &compiled.translations {
        match format {
            Format::Human => eprint!("{}", coverage_human(c)),
            Format::Json => println!(
                "{}",
                serde_json::json!({
                    "type": "translations",
                    "language": c.language,
                    "total": c.total,
                    "translated": c.total - c.missing.len(),
                    "missing": c.missing,
                })
            ),
            Format::Github => {}
        }
    }
    let (errors, warnings) = summary(&compiled.diagnostics);
    if format == Format::Human {
        eprintln!("Checked: {errors} error(s), {warnings} warning(s)");
    }
    i32::from(errors > 0)
}
