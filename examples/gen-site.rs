//! gen-site: writes a deterministic benchmark site for guidegen, or the
//! equivalent Hugo or Zola site, so the three can be timed on the same text.
//!
//! ```text
//! cargo run --release --example gen-site -- --playbooks N --out DIR [--hugo | --zola | --authoring] [--force]
//! ```
//!
//! `--authoring` (guidegen only) adds a callout and a snippet to every
//! playbook and a 1600×900 PNG beside one playbook in a hundred, to time
//! those features against the same site without them.
//!
//! The site (same text for every flavour, generated from a fixed seed, so the
//! same arguments always give byte-identical files):
//! - the four pillars (strategy, technical readiness, compliance,
//!   go-to-market), each with an intro and an "Aims" section;
//! - 8 fictional regions with an overview and two frameworks each;
//! - N playbooks of about 700 words under `playbooks/PILLAR/`, each with
//!   headings, a table, a list, a fenced code block (yaml, rust, bash and hcl in
//!   turn) and two or three links, with anchors, to headings of other
//!   playbooks. The first playbook of each pillar, and one in twenty after
//!   that, applies to `all` regions, so every region × pillar cell is covered;
//!   the others apply to one to three regions;
//! - N/200 case studies with metrics and a quote, linked from some playbooks;
//! - an about page.
//!
//! All prose is generated English-like text from a fixed word list: no real
//! facts or figures.
//!
//! Flavours:
//! - guidegen (default): `guidegen.toml` and `content/` as in SPEC.md, with
//!   search on (`[search] enabled = true`).
//! - `--hugo`: `hugo.toml` with the `regions` and `pillars` taxonomies and
//!   class-based highlighting (`markup.highlight`), `content/` with term pages
//!   for regions and pillars (their `_index.md`), and minimal layouts for the
//!   same page kinds (home, term pages, term lists, playbook and case study
//!   singles, section lists). `@/` links become `{{< ref >}}` shortcodes.
//! - `--zola`: `config.toml` (Zola 0.22 syntax) with the same taxonomies,
//!   `build_search_index = true` and highlighting on; `content/` with
//!   sections, and templates for index, section, page and both taxonomies.
//!   Region and pillar texts live in `[extra]`, since Zola terms have no
//!   content file. `@/` links are Zola's own syntax. (Not built here: no
//!   `zola` binary comes from this project's package registries.)
//!
//! `--out DIR` must be missing or empty, or a previous output of gen-site
//! (it holds a `.gen-site` marker) when `--force` is given.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

/// Which tool's site to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Guidegen,
    Hugo,
    Zola,
}

struct Args {
    playbooks: usize,
    out: PathBuf,
    flavour: Flavour,
    force: bool,
    authoring: bool,
}

const USAGE: &str =
    "usage: gen-site --playbooks N --out DIR [--hugo | --zola | --authoring] [--force]\n\
     Writes a deterministic benchmark site (guidegen by default) into DIR.";

fn parse_args() -> Result<Args, String> {
    let mut playbooks = None;
    let mut out = None;
    let mut flavour = Flavour::Guidegen;
    let mut force = false;
    let mut authoring = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--playbooks" | "-n" => {
                let v = args.next().ok_or("--playbooks needs a number")?;
                let n: usize = v
                    .replace(['_', ','], "")
                    .parse()
                    .map_err(|_| format!("--playbooks: not a number: {v}"))?;
                playbooks = Some(n);
            }
            "--out" | "-o" => out = Some(PathBuf::from(args.next().ok_or("--out needs a path")?)),
            "--hugo" => flavour = Flavour::Hugo,
            "--zola" => flavour = Flavour::Zola,
            "--force" => force = true,
            "--authoring" => authoring = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let playbooks = playbooks.ok_or("--playbooks N is required")?;
    Ok(Args {
        playbooks,
        out: out.ok_or("--out DIR is required")?,
        flavour,
        force,
        authoring,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = std::time::Instant::now();
    if args.authoring && args.flavour != Flavour::Guidegen {
        eprintln!("error: --authoring is for the guidegen site only\n{USAGE}");
        return ExitCode::from(2);
    }
    let written =
        generate(args.playbooks, &args.out, args.flavour, args.force).and_then(|files| match args
            .authoring
        {
            true => Ok(files + add_authoring_features(&args.out)?),
            false => Ok(files),
        });
    match written {
        Ok(files) => {
            eprintln!(
                "Wrote {files} files ({:?} site, {} playbooks, {} case studies) to {} in {:.2} s",
                args.flavour,
                args.playbooks,
                args.playbooks / 200,
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the site of `playbooks` playbooks in `flavour` into `out` and
/// returns the number of files written. `benches/stages.rs` includes this
/// file as a module to call it.
pub fn generate(
    playbooks: usize,
    out: &Path,
    flavour: Flavour,
    force: bool,
) -> Result<usize, String> {
    if playbooks < PILLARS.len() {
        return Err(format!(
            "at least {} playbooks are needed (one per pillar)",
            PILLARS.len()
        ));
    }
    prepare_out(out, force)?;
    let model = Model::new(playbooks);
    let mut w = Writer::new(out);
    match flavour {
        Flavour::Guidegen => guidegen_site::write(&model, &mut w),
        Flavour::Hugo => hugo::write(&model, &mut w),
        Flavour::Zola => zola::write(&model, &mut w),
    }?;
    w.put(MARKER, "written by examples/gen-site.rs; safe to delete\n")?;
    Ok(w.files)
}

const MARKER: &str = ".gen-site";

/// The snippet every playbook includes with `--authoring`.
const SNIPPET: &str = "Register the account with the regional operator before you deploy: \
the form asks for the legal entity, the data controller and a contact in the region.\n";

/// With `--authoring` (guidegen only): gives every playbook a callout and
/// a snippet, and one playbook in a hundred an image beside it (a
/// 1600×900 PNG, wider than the content column, so it is resized).
/// Returns the number of files added.
fn add_authoring_features(out: &Path) -> Result<usize, String> {
    let root = out.join("content");
    std::fs::create_dir_all(root.join("snippets")).map_err(|e| e.to_string())?;
    std::fs::write(root.join("snippets/registration.md"), SNIPPET).map_err(|e| e.to_string())?;
    let mut playbooks = Vec::new();
    for pillar in PILLARS {
        let dir = root.join("playbooks").join(pillar.0);
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_some_and(|x| x == "md") {
                playbooks.push(path);
            }
        }
    }
    playbooks.sort();
    let mut added = 1;
    for (i, path) in playbooks.iter().enumerate() {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let (front, body) = text
            .split_once("\n+++\n")
            .ok_or_else(|| format!("{}: no front matter", path.display()))?;
        let mut extra = String::from(
            "> [!WARNING] Before you move data\n> Check the local rules on transfers out of the region first.\n\n{{#include snippets/registration.md}}\n\n",
        );
        if i % 100 == 0 {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("playbook");
            let image = format!("{stem}-diagram.png");
            std::fs::write(path.with_file_name(&image), gradient_png(1600, 900, i))
                .map_err(|e| e.to_string())?;
            let _ = writeln!(
                extra,
                "![How the rollout grows, region by region]({image})\n"
            );
            added += 1;
        }
        std::fs::write(path, format!("{front}\n+++\n{extra}{body}")).map_err(|e| e.to_string())?;
    }
    Ok(added)
}

/// A `width`×`height` RGB PNG of a gradient tinted by `seed`: real pixels
/// to decode, resize and encode, compressed as any diagram would be.
fn gradient_png(width: u32, height: u32, seed: usize) -> Vec<u8> {
    let tint = (seed * 37 % 256) as u8;
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, tint])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    let _ = pixels.write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}

/// Makes sure `out` can be written: missing, empty, or an old output of ours.
fn prepare_out(out: &Path, force: bool) -> Result<(), String> {
    let empty = match std::fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(format!("{}: {e}", out.display())),
    };
    if empty {
        return Ok(());
    }
    if force && out.join(MARKER).is_file() {
        return std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()));
    }
    Err(format!(
        "{} is not empty; pass --force to replace an earlier gen-site output (one with a {MARKER} file)",
        out.display()
    ))
}

/// Writes files below a root, creating directories as needed.
struct Writer {
    root: PathBuf,
    files: usize,
}

impl Writer {
    fn new(root: &Path) -> Self {
        Writer {
            root: root.to_path_buf(),
            files: 0,
        }
    }

    fn put(&mut self, rel: &str, text: &str) -> Result<(), String> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        self.files += 1;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

const SEED: u64 = 0x6775_6964_6567_656e; // "guidegen"

/// SplitMix64: tiny, fast, and good enough for generated prose.
struct Rng(u64);

impl Rng {
    /// An independent stream for item `index` of `stream` (a small tag per
    /// use), so one item can be regenerated without the others.
    fn for_item(stream: u64, index: u64) -> Self {
        let mut r = Rng(SEED ^ stream.wrapping_mul(0xA076_1D64_78BD_642F) ^ index);
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

// Streams of the generator, one per kind of item.
const S_PLAN: u64 = 1;
const S_BODY: u64 = 2;
const S_CASE: u64 = 3;
const S_REGION: u64 = 4;
const S_PILLAR: u64 = 5;
const S_PAGE: u64 = 6;

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

#[rustfmt::skip]
const NOUNS: &[&str] = &[
    "account", "agreement", "archive", "audit", "backlog", "baseline", "budget", "buyer",
    "catalogue", "channel", "charter", "checklist", "cluster", "contract", "control", "cost",
    "customer", "dashboard", "dataset", "deadline", "decision", "delivery", "deployment",
    "distributor", "document", "domain", "estimate", "exception", "feature", "forecast",
    "framework", "gateway", "guideline", "handover", "incident", "inventory", "invoice",
    "ledger", "licence", "market", "metric", "migration", "milestone", "model", "network",
    "notice", "offering", "operator", "outcome", "owner", "partner", "pipeline", "platform",
    "policy", "portfolio", "practice", "pricing", "process", "programme", "proposal",
    "provider", "quota", "record", "register", "release", "report", "request", "reseller",
    "review", "roadmap", "rollout", "runbook", "schedule", "segment", "service", "settlement",
    "signal", "sponsor", "standard", "storage", "supplier", "support", "system", "target",
    "team", "template", "tenant", "threshold", "timeline", "token", "transfer", "treasury",
    "vendor", "volume", "warehouse", "workflow", "workload", "zone",
];

#[rustfmt::skip]
const VERBS: &[&str] = &[
    "aligns", "anchors", "balances", "builds", "captures", "checks", "clarifies", "combines",
    "confirms", "covers", "defines", "delivers", "documents", "drives", "enables", "extends",
    "frames", "gathers", "guides", "handles", "improves", "informs", "limits", "links", "maps",
    "measures", "moves", "narrows", "orders", "outlines", "prepares", "protects", "reduces",
    "routes", "secures", "shapes", "shares", "simplifies", "supports", "tracks", "tunes",
    "validates",
];

#[rustfmt::skip]
const BASE_VERBS: &[&str] = &[
    "align", "assess", "build", "capture", "check", "confirm", "define", "design", "document",
    "estimate", "extend", "frame", "gather", "launch", "map", "measure", "migrate", "model",
    "plan", "prepare", "price", "protect", "review", "route", "scale", "secure", "select",
    "shape", "stage", "test", "track", "tune", "validate",
];

#[rustfmt::skip]
const ADJECTIVES: &[&str] = &[
    "active", "annual", "careful", "central", "clear", "common", "complete", "critical",
    "current", "direct", "early", "external", "final", "flexible", "formal", "initial",
    "internal", "key", "lean", "local", "long", "measured", "modest", "narrow", "new", "open",
    "partial", "practical", "primary", "quarterly", "ready", "regional", "regular", "reliable",
    "remote", "robust", "routine", "safe", "scoped", "secondary", "shared", "short", "simple",
    "single", "stable", "staged", "steady", "strong", "typical", "visible", "weekly",
];

#[rustfmt::skip]
const ADVERBS: &[&str] = &[
    "carefully", "clearly", "early", "gradually", "often", "quickly", "quietly", "rarely",
    "regularly", "steadily", "usually",
];

#[rustfmt::skip]
const PREPOSITIONS: &[&str] = &[
    "across", "after", "before", "beside", "for", "from", "in", "inside", "on", "through",
    "under", "with", "within",
];

const DETERMINERS: &[&str] = &["the", "the", "the", "a", "each", "every", "one", "this"];

const CONJUNCTIONS: &[&str] = &["and", "but", "while", "because", "so", "although", "once"];

const LANGS: &[&str] = &["yaml", "rust", "bash", "hcl"];

// ---------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn noun_phrase(r: &mut Rng, out: &mut Vec<&'static str>) {
    out.push(r.pick(DETERMINERS));
    if r.chance(55) {
        out.push(r.pick(ADJECTIVES));
    }
    out.push(r.pick(NOUNS));
    if r.chance(25) {
        out.push("of");
        out.push("the");
        out.push(r.pick(NOUNS));
    }
}

fn clause(r: &mut Rng, out: &mut Vec<&'static str>) {
    noun_phrase(r, out);
    if r.chance(20) {
        out.push(r.pick(ADVERBS));
    }
    out.push(r.pick(VERBS));
    noun_phrase(r, out);
    if r.chance(45) {
        out.push(r.pick(PREPOSITIONS));
        noun_phrase(r, out);
    }
}

/// One sentence of 6 to 30 words, capitalised, ending with a full stop.
fn sentence(r: &mut Rng) -> String {
    let mut words: Vec<&str> = Vec::with_capacity(24);
    clause(r, &mut words);
    if r.chance(35) {
        words.push(",");
        words.push(r.pick(CONJUNCTIONS));
        clause(r, &mut words);
    }
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 && *w != "," {
            s.push(' ');
        }
        // "a" before a vowel is "an".
        let next_vowel = words
            .get(i + 1)
            .is_some_and(|n| n.starts_with(['a', 'e', 'i', 'o', 'u']));
        s.push_str(if *w == "a" && next_vowel { "an" } else { w });
    }
    s.push('.');
    capitalise(&s)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A paragraph of at least `words` words.
fn paragraph(r: &mut Rng, words: usize) -> String {
    let mut p = String::new();
    while word_count(&p) < words {
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&sentence(r));
    }
    p
}

/// A heading of letters and spaces only, so that every tool derives the same
/// anchor from it (lowercase, spaces to `-`).
fn heading_text(r: &mut Rng) -> String {
    let words = match r.below(4) {
        0 => vec![r.pick(BASE_VERBS), "the", r.pick(NOUNS)],
        1 => vec![r.pick(ADJECTIVES), r.pick(NOUNS), r.pick(NOUNS)],
        2 => vec![r.pick(BASE_VERBS), r.pick(ADJECTIVES), r.pick(NOUNS)],
        _ => vec![r.pick(NOUNS), "and", r.pick(NOUNS)],
    };
    capitalise(&words.join(" "))
}

/// GitHub-style anchor of a heading made by `heading_text`.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A date spread over 2022–2024 (in the past: Hugo skips future pages), from
/// an item's index.
fn date_of(i: usize) -> String {
    format!(
        "{}-{:02}-{:02}",
        2022 + (i / 336) % 3,
        1 + (i / 28) % 12,
        1 + i % 28
    )
}

// ---------------------------------------------------------------------------
// The model: what every flavour writes
// ---------------------------------------------------------------------------

struct Pillar {
    slug: &'static str,
    title: &'static str,
    weight: usize,
    summary: String,
    /// Markdown body.
    body: String,
}

const PILLARS: &[(&str, &str)] = &[
    ("strategy", "Strategy"),
    ("technical-readiness", "Technical readiness"),
    ("compliance", "Compliance"),
    ("go-to-market", "Go-to-market"),
];

struct Region {
    slug: &'static str,
    name: &'static str,
    short_name: &'static str,
    languages: &'static [&'static str],
    weight: usize,
    summary: String,
    /// Markdown.
    overview: String,
    frameworks: Vec<(String, String)>,
}

/// Fictional regions: names only, no facts.
const REGIONS: &[(&str, &str, &str, &[&str])] = &[
    ("aldmere", "Republic of Aldmere", "ALD", &["en"]),
    ("brevonia", "Brevonia", "BRV", &["en", "fr"]),
    ("calder-isles", "Calder Isles", "CAL", &["en"]),
    ("dravenmark", "Kingdom of Dravenmark", "DRV", &["de", "en"]),
    ("estmoor", "Estmoor", "EST", &["en", "es"]),
    ("fenlorn", "Fenlorn Union", "FEN", &["fr", "en"]),
    ("galveria", "Galveria", "GAL", &["pt", "en"]),
    ("harrowvale", "Harrowvale", "HRV", &["ar", "en"]),
];

/// What other documents need to know of a playbook: where it is and its
/// headings (for anchored links), computed without its body.
struct Plan {
    slug: String,
    title: String,
    pillar: usize,
    /// `None` means all regions.
    regions: Option<Vec<usize>>,
    /// Level-2 and level-3 headings, in order, each unique in the document.
    headings: Vec<String>,
}

struct CaseStudy {
    slug: String,
    company: String,
    title: String,
    summary: String,
    industry: &'static str,
    date: String,
    regions: Vec<usize>,
    pillars: Vec<usize>,
    /// Markdown body, with links.
    body: Doc,
    metrics: Vec<(String, u64, &'static str)>,
    quote: (String, String, String),
}

/// Where a link points.
#[derive(Clone, Copy)]
enum Target {
    Playbook(usize),
    CaseStudy(usize),
}

/// Markdown with links left abstract, so that each flavour writes its own.
#[derive(Default)]
struct Doc {
    parts: Vec<Part>,
}

enum Part {
    Text(String),
    Link {
        text: String,
        target: Target,
        anchor: Option<String>,
    },
}

impl Doc {
    fn text(&mut self, s: &str) {
        match self.parts.last_mut() {
            Some(Part::Text(t)) => t.push_str(s),
            _ => self.parts.push(Part::Text(s.to_string())),
        }
    }

    fn link(&mut self, text: String, target: Target, anchor: Option<String>) {
        self.parts.push(Part::Link {
            text,
            target,
            anchor,
        });
    }

    /// The Markdown, with `url` writing each link destination.
    fn render(&self, url: &dyn Fn(Target, Option<&str>) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Link {
                    text,
                    target,
                    anchor,
                } => {
                    let _ = write!(out, "[{text}]({})", url(*target, anchor.as_deref()));
                }
            }
        }
        out
    }
}

struct Model {
    pillars: Vec<Pillar>,
    regions: Vec<Region>,
    plans: Vec<Plan>,
    case_studies: Vec<CaseStudy>,
    about: String,
}

const INDUSTRIES: &[&str] = &[
    "Analytics",
    "Security",
    "Payments",
    "Logistics",
    "Health software",
    "Media",
    "Retail software",
];
const COMPANY_HEADS: &[&str] = &[
    "Nor", "Vel", "Quin", "Tal", "Bri", "Cor", "Zen", "Lum", "Ost", "Pra", "Ser", "Tor",
];
const COMPANY_TAILS: &[&str] = &["ora", "ex", "ium", "ant", "ware", "ly", "ix", "eon", "ara"];
const UNITS: &[&str] = &[
    "percent",
    "days",
    "USD/month",
    "teams",
    "weeks",
    "deals",
    "tenants",
];

impl Model {
    fn new(n: usize) -> Model {
        let pillars = PILLARS
            .iter()
            .enumerate()
            .map(|(i, (slug, title))| {
                let mut r = Rng::for_item(S_PILLAR, i as u64);
                let body = format!(
                    "{}\n\n## Aims\n\n{}\n\n## Scope\n\n{}\n",
                    paragraph(&mut r, 60),
                    paragraph(&mut r, 50),
                    paragraph(&mut r, 50)
                );
                Pillar {
                    slug,
                    title,
                    weight: (i + 1) * 10,
                    summary: sentence(&mut r),
                    body,
                }
            })
            .collect();
        let regions = REGIONS
            .iter()
            .enumerate()
            .map(|(i, (slug, name, short_name, languages))| {
                let mut r = Rng::for_item(S_REGION, i as u64);
                let overview = format!(
                    "## Market\n\n{}\n\n## Rules\n\n{}\n",
                    paragraph(&mut r, 70),
                    paragraph(&mut r, 50)
                );
                let frameworks = (0..2)
                    .map(|_| {
                        let name = format!(
                            "{} {} Act",
                            capitalise(r.pick(ADJECTIVES)),
                            capitalise(r.pick(NOUNS))
                        );
                        let authority = format!(
                            "Office of the {} {}",
                            capitalise(r.pick(NOUNS)),
                            "Registrar"
                        );
                        (name, authority)
                    })
                    .collect();
                Region {
                    slug,
                    name,
                    short_name,
                    languages,
                    weight: (i + 1) * 10,
                    summary: sentence(&mut r),
                    overview,
                    frameworks,
                }
            })
            .collect();
        let plans = (0..n).map(|i| plan(i, REGIONS.len())).collect();
        let case_count = n / 200;
        let case_studies = (0..case_count)
            .map(|k| case_study(k, n, REGIONS.len()))
            .collect();
        let mut r = Rng::for_item(S_PAGE, 0);
        let about = format!(
            "## Who we are\n\n{}\n\n## How to use the guides\n\n{}\n",
            paragraph(&mut r, 60),
            paragraph(&mut r, 60)
        );
        Model {
            pillars,
            regions,
            plans,
            case_studies,
            about,
        }
    }

    /// The case studies playbook `i` names in its front matter.
    fn playbook_case_studies(&self, i: usize) -> Vec<usize> {
        let k = i / 200;
        if i % 50 == 7 && k < self.case_studies.len() {
            vec![k]
        } else {
            Vec::new()
        }
    }

    fn region_slugs(&self, regions: &[usize]) -> Vec<&'static str> {
        regions.iter().map(|&r| self.regions[r].slug).collect()
    }

    /// Every region slug a playbook applies to (`all` spelt out).
    fn playbook_region_slugs(&self, i: usize) -> Vec<&'static str> {
        match &self.plans[i].regions {
            Some(rs) => self.region_slugs(rs),
            None => self.regions.iter().map(|r| r.slug).collect(),
        }
    }
}

fn plan(i: usize, region_count: usize) -> Plan {
    let mut r = Rng::for_item(S_PLAN, i as u64);
    let pillar = i % PILLARS.len();
    // The first playbook of each pillar covers every region, so that no
    // region × pillar cell is empty whatever N is; then one in twenty.
    let regions = if i < PILLARS.len() || r.chance(5) {
        None
    } else {
        let count = r.between(1, 3);
        let mut rs: Vec<usize> = Vec::new();
        // Round-robin first region: every region gets playbooks of every pillar.
        rs.push((i / PILLARS.len()) % region_count);
        while rs.len() < count {
            let x = r.below(region_count);
            if !rs.contains(&x) {
                rs.push(x);
            }
        }
        rs.sort_unstable();
        Some(rs)
    };
    let title = capitalise(&format!(
        "{} the {} {} {} {}",
        r.pick(BASE_VERBS),
        r.pick(ADJECTIVES),
        r.pick(NOUNS),
        r.pick(PREPOSITIONS),
        r.pick(NOUNS)
    ));
    let words: Vec<&str> = title.split(' ').filter(|w| *w != "the").take(3).collect();
    let slug = format!("{}-{i}", words.join("-").to_lowercase());
    let mut headings: Vec<String> = Vec::new();
    while headings.len() < 5 {
        let h = heading_text(&mut r);
        if !headings.iter().any(|x| anchor(x) == anchor(&h)) {
            headings.push(h);
        }
    }
    Plan {
        slug,
        title,
        pillar,
        regions,
        headings,
    }
}

/// The body of playbook `i`: about 700 words.
///
/// ```text
/// intro · ## h0 · 2 paragraphs · ### h1 · paragraph · table
/// ## h2 · paragraph · list · code · paragraph with 2–3 links
/// ## h3 · paragraph · ### h4 · paragraph
/// ```
fn playbook_body(model: &Model, i: usize) -> Doc {
    let plan = &model.plans[i];
    let n = model.plans.len();
    let mut r = Rng::for_item(S_BODY, i as u64);
    let h = &plan.headings;
    let mut d = Doc::default();
    let t = |d: &mut Doc, s: String| d.text(&s);

    t(&mut d, format!("{}\n\n", paragraph(&mut r, 60)));
    t(&mut d, format!("## {}\n\n", h[0]));
    t(&mut d, format!("{}\n\n", paragraph(&mut r, 70)));
    t(&mut d, format!("{}\n\n", paragraph(&mut r, 60)));
    t(&mut d, format!("### {}\n\n", h[1]));
    t(&mut d, format!("{}\n\n", paragraph(&mut r, 50)));

    // A table.
    let mut table =
        String::from("| Area | Owner | Weeks | Status |\n|------|-------|------:|--------|\n");
    for _ in 0..4 {
        let _ = writeln!(
            table,
            "| {} {} | {} team | {} | {} |",
            capitalise(r.pick(ADJECTIVES)),
            r.pick(NOUNS),
            capitalise(r.pick(NOUNS)),
            r.between(1, 12),
            capitalise(r.pick(ADJECTIVES))
        );
    }
    t(&mut d, table + "\n");

    t(&mut d, format!("## {}\n\n", h[2]));
    t(&mut d, format!("{}\n\n", paragraph(&mut r, 50)));

    // A list.
    for _ in 0..5 {
        let item = sentence(&mut r);
        if r.chance(30) {
            t(
                &mut d,
                format!("- **{}** {}\n", capitalise(r.pick(NOUNS)), item),
            );
        } else {
            t(&mut d, format!("- {item}\n"));
        }
    }
    d.text("\n");

    // A code block.
    let lang = LANGS[i % LANGS.len()];
    t(
        &mut d,
        format!("```{lang}\n{}```\n\n", code(&mut r, lang, model, i)),
    );

    // A paragraph with two or three anchored links to other playbooks.
    let links = if n > 1 { r.between(2, 3) } else { 0 };
    d.text(&sentence(&mut r));
    let mut used = vec![i];
    for k in 0..links {
        let mut j = r.below(n);
        let mut tries = 0;
        while used.contains(&j) && tries < 8 {
            j = r.below(n);
            tries += 1;
        }
        used.push(j);
        let target = &model.plans[j];
        let heading = &target.headings[r.below(target.headings.len())];
        d.text(if k == 0 { " See " } else { ", and " });
        d.link(
            heading.to_lowercase(),
            Target::Playbook(j),
            Some(anchor(heading)),
        );
        d.text(" in ");
        d.text(&format!("*{}*", target.title));
    }
    if links > 0 {
        d.text(".");
    }
    for k in model.playbook_case_studies(i) {
        d.text(" Read how ");
        d.link(
            model.case_studies[k].company.clone(),
            Target::CaseStudy(k),
            None,
        );
        d.text(" did it.");
    }
    t(&mut d, format!(" {}\n\n", paragraph(&mut r, 30)));

    t(&mut d, format!("## {}\n\n", h[3]));
    t(&mut d, format!("{}\n\n", paragraph(&mut r, 80)));
    t(&mut d, format!("### {}\n\n", h[4]));
    t(&mut d, format!("{}\n", paragraph(&mut r, 60)));
    d
}

fn code(r: &mut Rng, lang: &str, model: &Model, i: usize) -> String {
    let noun = r.pick(NOUNS);
    let noun2 = r.pick(NOUNS);
    let adj = r.pick(ADJECTIVES);
    let verb = r.pick(BASE_VERBS);
    let n = r.between(2, 64);
    let pillar = model.pillars[model.plans[i].pillar].slug;
    let regions = model.playbook_region_slugs(i);
    match lang {
        "yaml" => format!(
            "# {verb} the {noun}\nservice: {noun}-{noun2}\nreplicas: {n}\nregions:\n{}settings:\n  {noun2}: {adj}\n  retry_limit: {}\n  enabled: true\n",
            regions.iter().take(3).map(|r| format!("  - {r}\n")).collect::<String>(),
            n * 2
        ),
        "rust" => format!(
            "/// {} the {noun} within a {adj} limit.\nfn {verb}_{noun}(items: &[u32]) -> u32 {{\n    let limit = {n};\n    items\n        .iter()\n        .filter(|v| **v < limit)\n        .sum()\n}}\n",
            capitalise(verb)
        ),
        "bash" => format!(
            "#!/usr/bin/env bash\nset -euo pipefail\n# {verb} the {noun} in every region\nfor region in {}; do\n  echo \"{verb} {noun2} in $region\"\n  sleep {n}\ndone\n",
            regions.iter().take(3).copied().collect::<Vec<_>>().join(" ")
        ),
        _ => format!(
            "resource \"example_{noun}\" \"{noun2}\" {{\n  name     = \"{noun}-{adj}\"\n  replicas = {n}\n\n  tags = {{\n    pillar = \"{pillar}\"\n  }}\n}}\n"
        ),
    }
}

fn case_study(k: usize, n: usize, region_count: usize) -> CaseStudy {
    let mut r = Rng::for_item(S_CASE, k as u64);
    let company = format!("{}{}", r.pick(COMPANY_HEADS), r.pick(COMPANY_TAILS));
    let slug = format!("{}-{k}", company.to_lowercase());
    let mut regions = vec![k % region_count];
    let extra = (k + 1 + r.below(region_count - 1)) % region_count;
    if extra != regions[0] {
        regions.push(extra);
    }
    regions.sort_unstable();
    let mut pillars = vec![k % PILLARS.len()];
    if r.chance(50) {
        pillars.push((k + 1) % PILLARS.len());
    }
    pillars.sort_unstable();
    let title = format!(
        "{company} {} its {} {}",
        r.pick(VERBS),
        r.pick(ADJECTIVES),
        r.pick(NOUNS)
    );
    let mut body = Doc::default();
    body.text(&format!("## Results\n\n{}\n\n", paragraph(&mut r, 60)));
    body.text(&format!("## Approach\n\n{} ", paragraph(&mut r, 40)));
    // Link to a playbook of the same block of 200 (always exists).
    let j = (k * 200 + r.below(200)).min(n - 1);
    body.text("The team followed ");
    body.link("a playbook".into(), Target::Playbook(j), None);
    body.text(".\n");
    let metrics = (0..r.between(2, 4))
        .map(|_| {
            (
                capitalise(&format!("{} {}", r.pick(ADJECTIVES), r.pick(NOUNS))),
                r.between(2, 900) as u64,
                r.pick(UNITS),
            )
        })
        .collect();
    let quote = (
        sentence(&mut r),
        format!(
            "{} {}",
            capitalise(r.pick(NOUNS)),
            capitalise(r.pick(NOUNS))
        ),
        format!("Head of {}", capitalise(r.pick(NOUNS))),
    );
    CaseStudy {
        slug,
        company,
        title,
        summary: sentence(&mut r),
        industry: r.pick(INDUSTRIES),
        date: date_of(k * 7 + 3),
        regions,
        pillars,
        body,
        metrics,
        quote,
    }
}

/// Front matter fields of playbook `i` every flavour writes.
struct PlaybookMeta {
    summary: String,
    weight: usize,
    date: String,
    updated: Option<String>,
    tags: Vec<&'static str>,
}

fn playbook_meta(i: usize) -> PlaybookMeta {
    let mut r = Rng::for_item(S_PLAN + 100, i as u64);
    PlaybookMeta {
        summary: sentence(&mut r),
        weight: (i / PILLARS.len()) * 10,
        date: date_of(i),
        updated: i.is_multiple_of(3).then(|| date_of(i + 40)),
        tags: vec![r.pick(NOUNS), r.pick(ADJECTIVES)],
    }
}

/// The English name guidegen's default theme gives a language tag.
fn language_name(tag: &str) -> &'static str {
    match tag {
        "ar" => "Arabic",
        "de" => "German",
        "en" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "pt" => "Portuguese",
        _ => "",
    }
}

/// Where playbook `i` stands in a region guide: guidegen orders a guide by
/// pillar, then weight (then title). Hugo and Zola get this as the page
/// weight, so their own weight sort gives the same order.
fn guide_weight(i: usize) -> usize {
    (i % PILLARS.len() + 1) * 1_000_000_000 + playbook_meta(i).weight
}

impl Model {
    fn applies(&self, i: usize, r: usize) -> bool {
        match &self.plans[i].regions {
            Some(rs) => rs.contains(&r),
            None => true,
        }
    }

    /// The playbooks of region `r`'s guide, in guidegen's order: by pillar,
    /// then weight (which grows with the index within a pillar).
    fn region_guide(&self, r: usize) -> Vec<usize> {
        let n = self.plans.len();
        (0..PILLARS.len())
            .flat_map(|p| (p..n).step_by(PILLARS.len()))
            .filter(|&i| self.applies(i, r))
            .collect()
    }

    /// For each playbook, for each region it applies to (in region order):
    /// the region and the playbooks before and after it in that guide.
    #[allow(clippy::type_complexity)]
    fn guide_nav(&self) -> Vec<Vec<(usize, Option<usize>, Option<usize>)>> {
        let mut nav = vec![Vec::new(); self.plans.len()];
        for r in 0..self.regions.len() {
            let guide = self.region_guide(r);
            for (k, &i) in guide.iter().enumerate() {
                let prev = k.checked_sub(1).map(|k| guide[k]);
                nav[i].push((r, prev, guide.get(k + 1).copied()));
            }
        }
        nav
    }

    /// The playbooks that name case study `k` in their front matter.
    fn citing_playbooks(&self, k: usize) -> Vec<usize> {
        (k * 200..((k + 1) * 200).min(self.plans.len()))
            .filter(|&i| self.playbook_case_studies(i).contains(&k))
            .collect()
    }
}

/// The small stylesheet of the Hugo and Zola sites.
const STYLE: &str =
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}\n\
     pre{overflow:auto;padding:.5rem;background:#f6f8fa}\ntable{border-collapse:collapse}\n\
     td,th{border:1px solid #ccc;padding:.2rem .5rem}\n";

// ---------------------------------------------------------------------------
// guidegen
// ---------------------------------------------------------------------------

mod guidegen_site {
    use super::*;

    pub fn link(model: &Model, target: Target, anchor: Option<&str>) -> String {
        let mut url = match target {
            Target::Playbook(j) => {
                let p = &model.plans[j];
                format!("@/playbooks/{}/{}.md", PILLARS[p.pillar].0, p.slug)
            }
            Target::CaseStudy(k) => format!("@/case-studies/{}.toml", model.case_studies[k].slug),
        };
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        url
    }

    pub fn write(model: &Model, w: &mut Writer) -> Result<(), String> {
        w.put(
            "guidegen.toml",
            &format!(
                "# Benchmark site written by examples/gen-site.rs ({} playbooks).\n\
                 title = \"Benchmark Expansion Guides\"\n\
                 base_url = \"https://bench.example.com/\"\n\
                 description = \"A generated site for timing builds: invented regions, playbooks and case studies.\"\n\
                 language = \"en\"\n\
                 theme = \"default\"\n\n\
                 [markdown]\n\
                 highlight_theme = \"InspiredGitHub\"\n\
                 unsafe_html = false\n\n\
                 [search]\n\
                 enabled = true\n\n\
                 # Hugo and Zola draw no share images: off, like for like.\n\
                 [social]\n\
                 cards = false\n",
                model.plans.len()
            ),
        )?;
        for p in &model.pillars {
            w.put(
                &format!("content/pillars/{}.md", p.slug),
                &format!(
                    "+++\ntitle = {}\nweight = {}\nsummary = {}\n+++\n\n{}",
                    toml_str(p.title),
                    p.weight,
                    toml_str(&p.summary),
                    p.body
                ),
            )?;
        }
        for r in &model.regions {
            let mut s = format!(
                "name = {}\nshort_name = {}\nsummary = {}\nlanguages = {}\naws_regions = []\nweight = {}\noverview = \"\"\"\n{}\"\"\"\n",
                toml_str(r.name),
                toml_str(r.short_name),
                toml_str(&r.summary),
                toml_list(r.languages),
                r.weight,
                r.overview
            );
            for (name, authority) in &r.frameworks {
                let _ = write!(
                    s,
                    "\n[[frameworks]]\nname = {}\nauthority = {}\n",
                    toml_str(name),
                    toml_str(authority)
                );
            }
            w.put(&format!("content/regions/{}.toml", r.slug), &s)?;
        }
        for (i, plan) in model.plans.iter().enumerate() {
            let meta = playbook_meta(i);
            let regions = match &plan.regions {
                Some(rs) => toml_list(&model.region_slugs(rs)),
                None => "[\"all\"]".into(),
            };
            let mut s = format!(
                "+++\ntitle = {}\npillar = \"{}\"\nregions = {regions}\nsummary = {}\nweight = {}\ndate = {}\n",
                toml_str(&plan.title),
                PILLARS[plan.pillar].0,
                toml_str(&meta.summary),
                meta.weight,
                meta.date
            );
            if let Some(u) = &meta.updated {
                let _ = writeln!(s, "updated = {u}");
            }
            let cases: Vec<&str> = model
                .playbook_case_studies(i)
                .iter()
                .map(|&k| model.case_studies[k].slug.as_str())
                .collect();
            if !cases.is_empty() {
                let _ = writeln!(s, "case_studies = {}", toml_list(&cases));
            }
            let _ = writeln!(s, "tags = {}\n+++\n", toml_list(&meta.tags));
            s.push_str(&playbook_body(model, i).render(&|t, a| link(model, t, a)));
            w.put(
                &format!(
                    "content/playbooks/{}/{}.md",
                    PILLARS[plan.pillar].0, plan.slug
                ),
                &s,
            )?;
        }
        for c in &model.case_studies {
            let pillars: Vec<&str> = c.pillars.iter().map(|&p| PILLARS[p].0).collect();
            let mut s = format!(
                "company = {}\ntitle = {}\nsummary = {}\nregions = {}\npillars = {}\nindustry = {}\ndate = {}\nbody = \"\"\"\n{}\"\"\"\n",
                toml_str(&c.company),
                toml_str(&c.title),
                toml_str(&c.summary),
                toml_list(&model.region_slugs(&c.regions)),
                toml_list(&pillars),
                toml_str(c.industry),
                c.date,
                c.body.render(&|t, a| link(model, t, a))
            );
            for (label, value, unit) in &c.metrics {
                let _ = write!(
                    s,
                    "\n[[metrics]]\nlabel = {}\nvalue = {value}\nunit = {}\n",
                    toml_str(label),
                    toml_str(unit)
                );
            }
            let (text, who, role) = &c.quote;
            let _ = write!(
                s,
                "\n[[quotes]]\ntext = {}\nwho = {}\nrole = {}\n",
                toml_str(text),
                toml_str(who),
                toml_str(role)
            );
            w.put(&format!("content/case-studies/{}.toml", c.slug), &s)?;
        }
        w.put(
            "content/pages/about.md",
            &format!(
                "+++\ntitle = \"About\"\nsummary = \"About these generated guides.\"\nweight = 10\n+++\n\n{}",
                model.about
            ),
        )
    }
}

// ---------------------------------------------------------------------------
// Hugo
// ---------------------------------------------------------------------------

/// The Hugo site renders the same page kinds as guidegen's default theme,
/// each with the same information, and marks for Pagefind the same pages and
/// the same part of each (see benches/README.md):
///
/// - indexed (`<main data-pagefind-body>`, with the filters and metadata
///   guidegen gives Pagefind): playbooks, case studies, region guides (the
///   `regions` terms), pillars (the `pillars` terms) and the about page;
///   inside them the same parts carry `data-pagefind-ignore` as in
///   guidegen's theme (tables of contents, badges, dates, playbook cards,
///   previous/next links);
/// - not indexed: the home page, the regions page (cards, comparison table,
///   coverage matrix), the case studies page, each region's print page (an
///   output format of its term page, holding every playbook of the region in
///   full), the search page and the 404 page. Like guidegen, no /playbooks/
///   or /pillars/ list is rendered, and the feed holds 50 playbooks.
mod hugo {
    use super::*;

    fn link(model: &Model, target: Target, anchor: Option<&str>) -> String {
        let path = match target {
            Target::Playbook(j) => format!("/playbooks/{}.md", model.plans[j].slug),
            Target::CaseStudy(k) => format!("/case-studies/{}.md", model.case_studies[k].slug),
        };
        match anchor {
            Some(a) => format!("{{{{< ref \"{path}#{a}\" >}}}}"),
            None => format!("{{{{< ref \"{path}\" >}}}}"),
        }
    }

    pub fn write(model: &Model, w: &mut Writer) -> Result<(), String> {
        let mut config = String::from(CONFIG);
        for r in &model.regions {
            let _ = write!(
                config,
                "\n[params.regions.{}]\nname = {}\nshort_name = {}\n",
                r.slug,
                toml_str(r.name),
                toml_str(r.short_name)
            );
        }
        config.push_str("\n[params.language_names]\n");
        for tag in ["ar", "de", "en", "es", "fr", "pt"] {
            let _ = writeln!(config, "{tag} = {}", toml_str(language_name(tag)));
        }
        w.put("hugo.toml", &config)?;
        for (path, text) in LAYOUTS {
            w.put(path, text)?;
        }
        w.put("static/style.css", STYLE)?;
        w.put(
            "content/_index.md",
            "+++\ntitle = \"Benchmark Expansion Guides\"\n+++\n",
        )?;
        w.put(
            "content/regions/_index.md",
            "+++\ntitle = \"Regions\"\n+++\n",
        )?;
        // guidegen has no page listing the pillars or every playbook.
        w.put(
            "content/pillars/_index.md",
            "+++\ntitle = \"Pillars\"\n[_build]\nrender = \"never\"\n+++\n",
        )?;
        w.put(
            "content/playbooks/_index.md",
            "+++\ntitle = \"Playbooks\"\n[_build]\nrender = \"never\"\n+++\n",
        )?;
        w.put(
            "content/case-studies/_index.md",
            "+++\ntitle = \"Case studies\"\n+++\n",
        )?;
        w.put(
            "content/search.md",
            "+++\ntitle = \"Search\"\nlayout = \"search\"\n+++\n",
        )?;
        for p in &model.pillars {
            w.put(
                &format!("content/pillars/{}/_index.md", p.slug),
                &format!(
                    "+++\ntitle = {}\nweight = {}\nsummary = {}\n+++\n\n{}",
                    toml_str(p.title),
                    p.weight,
                    toml_str(&p.summary),
                    p.body
                ),
            )?;
        }
        for r in &model.regions {
            let mut s = format!(
                "+++\ntitle = {}\nshort_name = {}\nsummary = {}\nlanguages = {}\naws_regions = []\nweight = {}\noutputs = [\"html\", \"print\"]\n",
                toml_str(r.name),
                toml_str(r.short_name),
                toml_str(&r.summary),
                toml_list(r.languages),
                r.weight,
            );
            for (name, authority) in &r.frameworks {
                let _ = write!(
                    s,
                    "[[frameworks]]\nname = {}\nauthority = {}\n",
                    toml_str(name),
                    toml_str(authority)
                );
            }
            let _ = write!(s, "+++\n\n{}", r.overview);
            w.put(&format!("content/regions/{}/_index.md", r.slug), &s)?;
        }
        for (i, plan) in model.plans.iter().enumerate() {
            let meta = playbook_meta(i);
            let pillar = PILLARS[plan.pillar].0;
            let mut s = format!(
                "+++\ntitle = {}\nsummary = {}\nweight = {}\ndate = {}\n",
                toml_str(&plan.title),
                toml_str(&meta.summary),
                guide_weight(i),
                meta.date
            );
            if let Some(u) = &meta.updated {
                let _ = writeln!(s, "lastmod = {u}");
            }
            let _ = writeln!(
                s,
                "all_regions = {}\nregions = {}\npillars = [\"{pillar}\"]\npillar = \"{pillar}\"",
                plan.regions.is_none(),
                toml_list(&model.playbook_region_slugs(i))
            );
            let cases: Vec<&str> = model
                .playbook_case_studies(i)
                .iter()
                .map(|&k| model.case_studies[k].slug.as_str())
                .collect();
            if !cases.is_empty() {
                let _ = writeln!(s, "case_studies = {}", toml_list(&cases));
            }
            let _ = writeln!(s, "tags = {}\n+++\n", toml_list(&meta.tags));
            s.push_str(&playbook_body(model, i).render(&|t, a| link(model, t, a)));
            w.put(&format!("content/playbooks/{}.md", plan.slug), &s)?;
        }
        for c in &model.case_studies {
            let pillars: Vec<&str> = c.pillars.iter().map(|&p| PILLARS[p].0).collect();
            let (text, who, role) = &c.quote;
            let mut s = format!(
                "+++\ntitle = {}\ncompany = {}\nsummary = {}\nregions = {}\npillars = {}\nindustry = {}\ndate = {}\n",
                toml_str(&c.title),
                toml_str(&c.company),
                toml_str(&c.summary),
                toml_list(&model.region_slugs(&c.regions)),
                toml_list(&pillars),
                toml_str(c.industry),
                c.date,
            );
            for (label, value, unit) in &c.metrics {
                let _ = write!(
                    s,
                    "[[metrics]]\nlabel = {}\nvalue = {value}\nunit = {}\n",
                    toml_str(label),
                    toml_str(unit)
                );
            }
            let _ = write!(
                s,
                "[[quotes]]\ntext = {}\nwho = {}\nrole = {}\n+++\n\n{}",
                toml_str(text),
                toml_str(who),
                toml_str(role),
                c.body.render(&|t, a| link(model, t, a))
            );
            w.put(&format!("content/case-studies/{}.md", c.slug), &s)?;
        }
        w.put(
            "content/about.md",
            &format!(
                "+++\ntitle = \"About\"\nsummary = \"About these generated guides.\"\nweight = 10\n+++\n\n{}",
                model.about
            ),
        )
    }

    const CONFIG: &str = r##"# Benchmark site written by examples/gen-site.rs (Hugo flavour).
baseURL = "https://bench.example.com/"
title = "Benchmark Expansion Guides"
languageCode = "en"
enableRobotsTXT = true

[params]
description = "A generated site for timing builds: invented regions, playbooks and case studies."

[taxonomies]
region = "regions"
pillar = "pillars"

# What guidegen writes: pages, one feed of 50 playbooks, a sitemap, and a
# print page per region (an output format of the region's term page).
[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]

[outputFormats.print]
mediaType = "text/html"
baseName = "print"
isHTML = true
permalinkable = false

[services.rss]
limit = 50

[markup.highlight]
codeFences = true
noClasses = false
style = "github"

[markup.goldmark.parser]
autoHeadingID = true
autoHeadingIDType = "github"

[markup.goldmark.renderer]
unsafe = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
ordered = true
"##;

    const LAYOUTS: &[(&str, &str)] = &[
        (
            "layouts/_default/baseof.html",
            r##"<!doctype html>
<html lang="{{ site.LanguageCode | default "en" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<div data-pagefind-ignore="all">
<header class="site-header">
<a class="brand" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<details class="picker"><summary>Region</summary><nav aria-label="Regions"><ul>
{{- range (site.GetPage "/regions").Pages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.short_name }}</li>
{{- end }}
<li><a href="{{ "regions/" | relURL }}">Compare all regions</a></li>
</ul></nav></details>
<form class="search-form" role="search" action="{{ "search/" | relURL }}"><input type="search" name="q" aria-label="Search the guides"></form>
<nav class="main-nav" aria-label="Main"><ul>
<li><a href="{{ "regions/" | relURL }}">Regions</a></li>
{{- range (site.GetPage "/pillars").Pages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
<li><a href="{{ "case-studies/" | relURL }}">Case studies</a></li>
<li><a href="{{ "about/" | relURL }}">About</a></li>
</ul></nav>
</header>
</div>
{{ block "main" . }}{{ end }}
<footer class="site-footer" data-pagefind-ignore="all">
<p><a href="{{ "/" | relURL }}">{{ site.Title }}</a></p>
<p>{{ site.Params.description }}</p>
<ul>
{{- range (site.GetPage "/regions").Pages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
<li><a href="{{ "regions/" | relURL }}">Compare regions</a></li>
</ul>
<ul>
{{- range (site.GetPage "/pillars").Pages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ul>
<ul><li><a href="{{ "case-studies/" | relURL }}">Case studies</a></li><li><a href="{{ "about/" | relURL }}">About</a></li><li><a href="{{ "index.xml" | relURL }}">Feed</a></li></ul>
</footer>
</body>
</html>
"##,
        ),
        (
            // The playbooks of a region's term page, in guide order (their
            // weight), computed once per region.
            "layouts/partials/region-books.html",
            r##"{{ return where .Pages "Section" "playbooks" }}
"##,
        ),
        (
            "layouts/partials/pillar-books.html",
            r##"{{ return where .Pages "Section" "playbooks" }}
"##,
        ),
        (
            // What guidegen adds to each indexed page for Pagefind: filters
            // and metadata, first thing in the indexed body.
            "layouts/partials/pagefind-tags.html",
            r##"{{- range .pillars }}<span hidden data-pagefind-filter="pillar:{{ . }}"></span>{{ end -}}
{{- range .regions }}<span hidden data-pagefind-filter="region:{{ . }}"></span>{{ end -}}
<span hidden data-pagefind-meta="title:{{ .title }}"></span><span hidden data-pagefind-meta="kind:{{ .kind }}"></span>
{{- with .pillars }}<span hidden data-pagefind-meta="pillar:{{ delimit . ", " }}"></span>{{ end -}}
{{- with .regions }}<span hidden data-pagefind-meta="regions:{{ delimit . ", " }}"></span>{{ end -}}
"##,
        ),
        (
            // A playbook as a card, as guidegen's `playbook_card`.
            "layouts/partials/card.html",
            r##"{{- $p := .p -}}
<li class="card card-playbook" data-pillar="{{ $p.Params.pillar }}" data-pagefind-ignore="all">
<h3 class="card-title"><a href="{{ $p.RelPermalink }}">{{ $p.Title }}</a></h3>
{{- with $p.Params.summary }}
<p class="card-text">{{ . }}</p>
{{- end }}
<div class="card-meta" data-pagefind-ignore>
{{- if .pillar }}{{ with site.GetPage (printf "/pillars/%s" $p.Params.pillar) }}<a class="badge badge-pillar" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}
{{- if $p.Params.all_regions }} <span class="badge badge-region badge-all" title="Applies in every region">All regions</span>
{{- else }}{{ range $p.Params.regions }}{{ $r := index site.Params.regions . }} <a class="badge badge-region" href="{{ printf "regions/%s/" . | relURL }}" title="{{ $r.name }}">{{ $r.short_name }}</a>{{ end }}{{ end }}
{{- if $p.Params.lastmod }} <span class="date">Updated <time datetime="{{ $p.Lastmod.Format "2006-01-02" }}">{{ $p.Lastmod.Format "2 January 2006" }}</time></span>
{{- else }} <span class="date"><time datetime="{{ $p.Date.Format "2006-01-02" }}">{{ $p.Date.Format "2 January 2006" }}</time></span>{{ end }}
</div>
</li>
"##,
        ),
        (
            // A case study as a card, as guidegen's `case_study_card`.
            "layouts/partials/case-card.html",
            r##"<li class="card card-case" data-pagefind-ignore="all">
<p class="eyebrow">{{ .Params.company }} · {{ .Params.industry }}</p>
<h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
{{- with index .Params.metrics 0 }}
<p class="headline-metric"><span class="headline-value">{{ .value }}<span class="unit"> {{ .unit }}</span></span> <span class="headline-label">{{ .label }}</span></p>
{{- end }}
<p class="card-text">{{ .Params.summary }}</p>
<div class="card-meta" data-pagefind-ignore>{{ range .Params.regions }}{{ $r := index site.Params.regions . }} <a class="badge badge-region" href="{{ printf "regions/%s/" . | relURL }}" title="{{ $r.name }}">{{ $r.short_name }}</a>{{ end }}</div>
</li>
"##,
        ),
        (
            // A case study in full in a region guide, as guidegen's `case_feature`.
            "layouts/partials/case-feature.html",
            r##"{{- $c := .c -}}
<article class="case-feature">
<p class="eyebrow">{{ $c.Params.company }} · {{ $c.Params.industry }}</p>
<h3><a href="{{ $c.RelPermalink }}">{{ $c.Title }}</a></h3>
<p>{{ $c.Params.summary }}</p>
<div class="case-figures"><dl class="metrics">
{{- range $c.Params.metrics }}
<div class="metric-card">
<dt>{{ .label }}</dt>
<dd>{{ .value }}<span class="unit"> {{ .unit }}</span></dd>
</div>
{{- end }}
</dl></div>
{{- if .more }}
<p class="read-more"><a href="{{ $c.RelPermalink }}">Read the {{ $c.Params.company }} case study <span aria-hidden="true">→</span></a></p>
{{- end }}
</article>
"##,
        ),
        (
            "layouts/partials/toc.html",
            r##"{{ with .TableOfContents }}<aside class="doc-toc" data-pagefind-ignore="all"><details class="toc" open><summary>On this page</summary>{{ . }}</details></aside>{{ end }}
"##,
        ),
        (
            "layouts/index.html",
            r##"{{ define "main" }}
{{- $regions := (site.GetPage "/regions").Pages.ByWeight }}
{{- $pillars := (site.GetPage "/pillars").Pages.ByWeight }}
{{- $cases := (site.GetPage "/case-studies").Pages }}
<main id="main" class="home">
<section class="hero">
<p class="eyebrow">{{ len $regions }} regions · {{ len $pillars }} pillars · {{ len $cases }} case studies</p>
<h1>{{ site.Title }}</h1>
<p class="lead">{{ site.Params.description }}</p>
<p class="hero-actions"><a class="button" href="{{ "regions/" | relURL }}">Compare regions</a> <a class="button" href="{{ "case-studies/" | relURL }}">Read case studies</a></p>
<ul class="hero-regions">{{ range $regions }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</section>
<section class="home-section">
<h2>Region guides</h2> <a class="more" href="{{ "regions/" | relURL }}">Compare side by side</a>
<ul class="cards cards-regions">
{{- range $regions }}
{{- $books := partialCached "region-books.html" . .Data.Term }}
<li class="card card-region">
<h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="short-name">{{ .Params.short_name }}</span></h3>
<p class="card-text">{{ .Params.summary }}</p>
<dl class="facts">
<div><dt>Languages</dt><dd>{{ range $i, $l := .Params.languages }}{{ if $i }}, {{ end }}{{ index site.Params.language_names $l }}{{ end }}</dd></div>
<div><dt>Frameworks</dt><dd>{{ range $i, $f := .Params.frameworks }}{{ if $i }}; {{ end }}{{ $f.name }}{{ end }}</dd></div>
</dl>
<p class="card-foot">{{ len $books }} playbooks{{ with where .Pages "Section" "case-studies" }} · {{ len . }} case studies{{ end }}</p>
</li>
{{- end }}
</ul>
</section>
<section class="home-section">
<h2>The four pillars of an expansion programme</h2>
<ol class="cards cards-pillars">
{{- range $i, $p := $pillars }}
<li class="card card-pillar"><span class="pillar-number">{{ add $i 1 }}</span>
<h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="card-text">{{ .Params.summary }}</p>
<p class="card-foot">{{ len (partialCached "pillar-books.html" . .Data.Term) }} playbooks</p>
</li>
{{- end }}
</ol>
</section>
<section class="home-section">
<h2>Recently updated playbooks</h2> <a class="more" href="{{ "index.xml" | relURL }}">Atom feed</a>
<ol class="update-list">
{{- range first 8 (where site.RegularPages "Section" "playbooks").ByLastmod.Reverse }}
<li><div class="update-main"><h3 class="update-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p class="update-summary">{{ .Params.summary }}</p></div>
<div class="update-meta">{{ with site.GetPage (printf "/pillars/%s" .Params.pillar) }}<a class="badge badge-pillar" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{- if .Params.all_regions }} <span class="badge badge-region badge-all">All regions</span>{{ else }}{{ range .Params.regions }}{{ $r := index site.Params.regions . }} <a class="badge badge-region" href="{{ printf "regions/%s/" . | relURL }}" title="{{ $r.name }}">{{ $r.short_name }}</a>{{ end }}{{ end }}
 <span class="date">{{ .Lastmod.Format "2 January 2006" }}</span></div></li>
{{- end }}
</ol>
</section>
<section class="home-section">
<h2>Case studies</h2> <a class="more" href="{{ "case-studies/" | relURL }}">All case studies</a>
<ul class="cards cards-cases">{{ range $cases }}{{ partial "case-card.html" . }}{{ end }}</ul>
</section>
</main>
{{ end }}
"##,
        ),
        (
            // Playbooks: as guidegen's playbook.html.
            "layouts/playbooks/single.html",
            r##"{{ define "main" }}
{{- $page := . }}
{{- $pillar := site.GetPage (printf "/pillars/%s" .Params.pillar) }}
{{- $terms := .GetTerms "regions" }}
{{- $shorts := slice }}{{ range $terms }}{{ $shorts = $shorts | append .Params.short_name }}{{ end }}
<main id="main" data-pagefind-body>
{{ partial "pagefind-tags.html" (dict "title" .Title "kind" "Playbook" "pillars" (slice $pillar.Title) "regions" $shorts) }}
<div class="doc">
<div class="doc-head">
<div class="playbook-head" data-pillar="{{ .Params.pillar }}">
<p class="eyebrow">Playbook</p>
<h1>{{ .Title }}</h1>
{{- with .Params.summary }}
<p class="lead">{{ . }}</p>
{{- end }}
<div class="meta-row" data-pagefind-ignore><span class="meta-label">Pillar</span> <a class="badge badge-pillar" href="{{ $pillar.RelPermalink }}">{{ $pillar.Title }}</a></div>
<div class="meta-row" data-pagefind-ignore><span class="meta-label">Applies to</span>
{{- if .Params.all_regions }} <span class="badge badge-region badge-all">All regions</span>{{ end }}
{{- range $terms }} <a class="badge badge-region" href="{{ .RelPermalink }}"{{ if $page.Params.all_regions }} title="{{ .Title }}"{{ end }}>{{ if $page.Params.all_regions }}{{ .Params.short_name }}{{ else }}{{ .Title }}{{ end }}</a>{{ end }}
</div>
<p class="dates" data-pagefind-ignore>Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ if .Params.lastmod }} · Updated <time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod.Format "2 January 2006" }}</time>{{ end }}</p>
</div>
</div>
{{ partial "toc.html" . }}
<div class="doc-body">
<div class="prose">
{{ .Content }}
</div>
{{- with .Params.case_studies }}
<section class="aside-block">
<h2 id="pb-cases">Case studies</h2>
<ul class="link-list">{{ range . }}{{ with site.GetPage (printf "/case-studies/%s" .) }}<li><a href="{{ .RelPermalink }}"><strong>{{ .Params.company }}</strong>: {{ .Title }}</a></li>{{ end }}{{ end }}</ul>
</section>
{{- end }}
{{- with .Params.tags }}
<div class="tags"><span class="meta-label" id="pb-tags">Tags</span>
<ul class="tag-list">{{ range . }}<li><span class="tag">{{ . }}</span></li>{{ end }}</ul>
</div>
{{- end }}
{{- with $terms }}
{{- $many := gt (len .) 2 }}
<nav class="guide-nav" aria-label="Continue in a region guide" data-pagefind-ignore>
{{- if $many }}<details><summary>Continue in a region guide <span class="muted">({{ len . }} guides)</span></summary>{{ else }}<h2 class="guide-nav-title">Continue in the guide</h2>{{ end }}
<ul>
{{- range . }}
{{- $books := partialCached "region-books.html" . .Data.Term }}
{{- /* Pages.Next gives the page before (Hugo's "next" points to the start of a list). */}}
{{- $prev := $books.Next $page }}{{ $next := $books.Prev $page }}
<li><span class="gn-region">In the <a href="{{ .RelPermalink }}">{{ .Params.short_name }} guide</a>:</span>
<span class="gn-links">
{{- with $prev }}<a class="gn-prev" href="{{ .RelPermalink }}" rel="prev"><span aria-hidden="true">←</span> <span class="visually-hidden">Previous: </span>{{ .Title }}</a>{{ else }}<span class="gn-edge">Start of the guide</span>{{ end }}
<span class="gn-sep" aria-hidden="true">·</span>
{{- with $next }}<a class="gn-next" href="{{ .RelPermalink }}" rel="next"><span class="visually-hidden">Next: </span>{{ .Title }} <span aria-hidden="true">→</span></a>{{ else }}<span class="gn-edge">End of the guide</span>{{ end }}
</span></li>
{{- end }}
</ul>
{{- if $many }}</details>{{ end }}
</nav>
{{- end }}
</div>
</div>
</main>
{{ end }}
"##,
        ),
        (
            // The about page (guidegen's free pages): page.html.
            "layouts/_default/single.html",
            r##"{{ define "main" }}
<main id="main" data-pagefind-body>
{{ partial "pagefind-tags.html" (dict "title" .Title "kind" "Page" "pillars" slice "regions" slice) }}
<div class="doc">
<div class="doc-head">
<h1>{{ .Title }}</h1>
{{- with .Params.summary }}
<p class="lead">{{ . }}</p>
{{- end }}
</div>
{{ partial "toc.html" . }}
<div class="doc-body"><div class="prose">
{{ .Content }}
</div></div>
</div>
</main>
{{ end }}
"##,
        ),
        (
            "layouts/_default/search.html",
            r##"{{ define "main" }}
<main id="main">
<h1>Search</h1>
<p class="lead">Search every guide, playbook and case study</p>
<form role="search" action=""><input type="search" name="q" aria-label="Search the guides"></form>
<noscript><p>Search needs JavaScript. Browse the <a href="{{ "regions/" | relURL }}">region guides</a> instead.</p></noscript>
<div id="search-results"></div>
</main>
{{ end }}
"##,
        ),
        (
            // Case studies: as guidegen's case_study.html.
            "layouts/case-studies/single.html",
            r##"{{ define "main" }}
{{- $page := . }}
{{- $regions := .GetTerms "regions" }}
{{- $pillars := .GetTerms "pillars" }}
{{- $shorts := slice }}{{ range $regions }}{{ $shorts = $shorts | append .Params.short_name }}{{ end }}
{{- $ptitles := slice }}{{ range $pillars }}{{ $ptitles = $ptitles | append .Title }}{{ end }}
<main id="main" data-pagefind-body>
{{ partial "pagefind-tags.html" (dict "title" (printf "%s: %s" .Params.company .Title) "kind" "Case study" "pillars" $ptitles "regions" $shorts) }}
<div class="doc">
<div class="doc-head">
<div class="case-head">
<p class="eyebrow">Case study · <span class="company">{{ .Params.company }}</span></p>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
<dl class="facts facts-inline">
<div><dt>Company</dt><dd>{{ .Params.company }}</dd></div>
<div><dt>Industry</dt><dd>{{ .Params.industry }}</dd></div>
<div><dt>Regions</dt><dd>{{ range $i, $t := $regions }}{{ if $i }}, {{ end }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</dd></div>
<div><dt>Pillars</dt><dd>{{ range $i, $t := $pillars }}{{ if $i }}, {{ end }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</dd></div>
<div><dt>Published</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd></div>
</dl>
</div>
</div>
{{ partial "toc.html" . }}
<div class="doc-body">
{{- with .Params.metrics }}
<section class="results">
<h2 id="cs-results">Results</h2>
<dl class="metrics">
{{- range . }}
<div class="metric-card">
<dt>{{ .label }}</dt>
<dd>{{ .value }}<span class="unit"> {{ .unit }}</span></dd>
</div>
{{- end }}
</dl>
</section>
{{- end }}
{{- range .Params.quotes }}
<blockquote class="pull-quote"><p>{{ .text }}</p><footer><span class="who">{{ .who }}</span>, <span class="role">{{ .role }}</span></footer></blockquote>
{{- end }}
<div class="prose">
{{ .Content }}
</div>
{{- $slug := .File.ContentBaseName }}
{{- with where (where site.RegularPages "Section" "playbooks") "Params.case_studies" "intersect" (slice $slug) }}
<section class="guide-section">
<h2 id="cs-playbooks">Playbooks that cite {{ $page.Params.company }}</h2>
<ul class="cards cards-playbooks">{{ range . }}{{ partial "card.html" (dict "p" . "pillar" true) }}{{ end }}</ul>
</section>
{{- end }}
<p class="back-link" data-pagefind-ignore><a href="{{ "case-studies/" | relURL }}">← All case studies</a></p>
</div>
</div>
</main>
{{ end }}
"##,
        ),
        (
            "layouts/case-studies/list.html",
            r##"{{ define "main" }}
<main id="main">
<div class="wide">
<h1>{{ .Title }}</h1>
<p class="lead">How software companies expanded into new cloud regions: what they did, what it cost and what it returned.</p>
<ul class="cards cards-cases">{{ range .Pages }}{{ partial "case-card.html" . }}{{ end }}</ul>
</div>
</main>
{{ end }}
"##,
        ),
        (
            // The regions page: guidegen's regions.html (cards, comparison
            // table, coverage matrix).
            "layouts/regions/taxonomy.html",
            r##"{{ define "main" }}
{{- $pillars := (site.GetPage "/pillars").Pages.ByWeight }}
<main id="main">
<div class="wide">
<h1>Regions</h1>
<p class="lead">{{ len .Pages }} region guides, compared across languages, regulatory frameworks, cloud availability and the depth of coverage in each pillar.</p>
<section><h2>Region guides</h2>
<ul class="cards cards-regions">
{{- range .Pages.ByWeight }}
<li class="card card-region"><h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="short-name">{{ .Params.short_name }}</span></h3>
<p class="card-text">{{ .Params.summary }}</p>
<p class="card-foot">{{ len (partialCached "region-books.html" . .Data.Term) }} playbooks{{ with where .Pages "Section" "case-studies" }} · {{ len . }} case studies{{ end }}</p></li>
{{- end }}
</ul></section>
<section><h2>Side by side</h2>
<table class="compare">
<thead><tr><th>Region</th><th>Languages</th><th>Laws and standards</th><th>AWS regions</th><th>Case studies</th><th>Playbooks</th></tr></thead>
<tbody>
{{- range .Pages.ByWeight }}
<tr><th scope="row"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="short-name">{{ .Params.short_name }}</span></th>
<td><ul class="plain">{{ range .Params.languages }}<li>{{ index site.Params.language_names . }} <span class="code-tag">{{ . }}</span></li>{{ end }}</ul></td>
<td><ul class="plain">{{ range .Params.frameworks }}<li>{{ .name }} <span class="fw-authority">{{ .authority }}</span></li>{{ end }}</ul></td>
<td><span class="none">Not listed</span></td>
<td>{{ with where .Pages "Section" "case-studies" }}<ul class="plain">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Params.company }}</a></li>{{ end }}</ul>{{ else }}<span class="none">None yet</span>{{ end }}</td>
<td class="num"><a href="{{ .RelPermalink }}">{{ len (partialCached "region-books.html" . .Data.Term) }}</a><br><a class="small" href="{{ .RelPermalink }}print.html">print</a></td></tr>
{{- end }}
</tbody></table></section>
<section><h2>Coverage by pillar</h2>
<p>Number of playbooks that apply to each region in each pillar. Select a number to open that part of the region’s guide.</p>
<table class="matrix">
<thead><tr><th>Region</th>{{ range $pillars }}<th><a href="{{ .RelPermalink }}">{{ .Title }}</a></th>{{ end }}</tr></thead>
<tbody>
{{- range .Pages.ByWeight }}
{{- $region := . }}
{{- $books := partialCached "region-books.html" . .Data.Term }}
<tr><th scope="row"><a href="{{ .RelPermalink }}">{{ .Title }}</a></th>
{{- range $pillars }}{{ $n := len (where $books "Params.pillar" .Data.Term) }}<td class="cell"><a href="{{ $region.RelPermalink }}#{{ .Data.Term }}"><span class="count">{{ $n }}</span>{{ if eq $n 0 }} <span class="gap-label">— gap</span>{{ end }}</a></td>{{ end }}</tr>
{{- end }}
</tbody></table>
</section>
</div>
</main>
{{ end }}
"##,
        ),
        (
            // A region guide: guidegen's region.html.
            "layouts/regions/term.html",
            r##"{{ define "main" }}
{{- $region := . }}
{{- $books := partialCached "region-books.html" . .Data.Term }}
{{- $cases := where .Pages "Section" "case-studies" }}
{{- $sections := slice }}
{{- range (site.GetPage "/pillars").Pages.ByWeight }}{{ $sections = $sections | append (dict "p" . "books" (where $books "Params.pillar" .Data.Term)) }}{{ end }}
<main id="main" data-pagefind-body>
{{ partial "pagefind-tags.html" (dict "title" (printf "%s guide" .Title) "kind" "Region guide" "pillars" slice "regions" (slice .Params.short_name)) }}
<div class="doc">
<div class="doc-head">
<p class="eyebrow">Region guide · {{ .Params.short_name }}</p>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
<dl class="facts facts-inline">
<div><dt>Playbooks</dt><dd>{{ len $books }}</dd></div>
<div><dt>Languages</dt><dd>{{ range $i, $l := .Params.languages }}{{ if $i }}, {{ end }}{{ index site.Params.language_names $l }}{{ end }}</dd></div>
<div><dt>AWS regions</dt><dd>Not listed</dd></div>
</dl>
<p class="head-actions" data-pagefind-ignore><a class="button" href="{{ .RelPermalink }}print.html">Printable guide</a> <a class="button button-quiet" href="{{ "regions/" | relURL }}">Compare regions</a></p>
</div>
<aside class="doc-toc" data-pagefind-ignore="all"><details class="toc" open><summary>In this guide</summary><nav aria-label="In this guide"><ol>
<li><a href="#region-overview">Overview</a>{{ .TableOfContents }}</li>
<li><a href="#region-frameworks">Frameworks and cloud</a></li>
{{- range $sections }}
<li><a href="#{{ .p.Data.Term }}">{{ .p.Title }}</a> <span class="toc-count">{{ len .books }}<span class="visually-hidden"> playbooks</span></span></li>
{{- end }}
{{- if $cases }}<li><a href="#case-studies">Case studies</a></li>{{ end }}
</ol></nav></details></aside>
<div class="doc-body">
<section id="region-overview" class="guide-section">
<h2>Overview</h2>
<div class="prose">
{{ .Content }}
</div>
</section>
<section id="region-frameworks" class="guide-section">
<h2>Frameworks and cloud</h2>
<div class="panels panels-region">
<div class="panel"><h3>Laws and standards</h3>
<ul class="fw-list">{{ range .Params.frameworks }}<li><span class="fw-name">{{ .name }}</span> <span class="fw-authority">{{ .authority }}</span></li>{{ end }}</ul></div>
<div class="panel"><h3>AWS regions</h3>
<p class="empty">No AWS Region code is listed for {{ .Params.short_name }}; ask your AWS account team about in-country options.</p></div>
<div class="panel"><h3>Languages</h3>
<ul class="plain">{{ range .Params.languages }}<li>{{ index site.Params.language_names . }} <span class="code-tag">{{ . }}</span></li>{{ end }}</ul></div>
</div>
</section>
{{- range $i, $s := $sections }}
<section id="{{ $s.p.Data.Term }}" class="guide-section pillar-section">
<div class="section-head">
<h2><span class="section-number" aria-hidden="true">{{ add $i 1 }}</span> {{ $s.p.Title }}</h2>
<a class="more" href="{{ $s.p.RelPermalink }}">{{ $s.p.Title }} in every region <span aria-hidden="true">→</span></a>
</div>
<p class="section-summary">{{ $s.p.Params.summary }}</p>
{{- if $s.books }}
<ul class="cards cards-playbooks">{{ range $s.books }}{{ partial "card.html" (dict "p" . "pillar" false) }}{{ end }}</ul>
{{- else }}
<p class="empty empty-gap"><strong>No {{ lower $s.p.Title }} playbook for {{ $region.Params.short_name }} yet.</strong> The <a href="{{ $s.p.RelPermalink }}">{{ $s.p.Title }}</a> pillar page has the playbooks written for other regions.</p>
{{- end }}
</section>
{{- end }}
{{- with $cases }}
<section id="case-studies" class="guide-section">
<h2>Case studies</h2>
{{- range . }}{{ partial "case-feature.html" (dict "c" . "more" true) }}{{ end }}
</section>
{{- end }}
<p class="print-link" data-pagefind-ignore><a href="{{ .RelPermalink }}print.html">The whole {{ .Params.short_name }} guide on one page, ready to print or save as PDF <span aria-hidden="true">→</span></a></p>
</div>
</div>
</main>
{{ end }}
"##,
        ),
        (
            // A region's print page: guidegen's region_print.html (not indexed).
            "layouts/regions/term.print.html",
            r##"{{ define "main" }}
{{- $region := . }}
{{- $books := partialCached "region-books.html" . .Data.Term }}
{{- $cases := where .Pages "Section" "case-studies" }}
{{- $sections := slice }}
{{- range (site.GetPage "/pillars").Pages.ByWeight }}{{ $sections = $sections | append (dict "p" . "books" (where $books "Params.pillar" .Data.Term)) }}{{ end }}
<main id="main" class="print-guide">
<article class="print-doc">
<div class="print-cover">
<p class="eyebrow">{{ site.Title }}</p>
<h1>{{ .Title }}</h1>
<p class="print-subtitle">The complete region guide</p>
<p class="lead">{{ .Params.summary }}</p>
<dl class="facts facts-inline">
<div><dt>Playbooks</dt><dd>{{ len $books }}</dd></div>
<div><dt>Languages</dt><dd>{{ range $i, $l := .Params.languages }}{{ if $i }}, {{ end }}{{ index site.Params.language_names $l }}{{ end }}</dd></div>
<div><dt>AWS regions</dt><dd>Not listed</dd></div>
<div><dt>Frameworks</dt><dd>{{ range $i, $f := .Params.frameworks }}{{ if $i }}; {{ end }}{{ $f.name }} <span class="muted">— {{ $f.authority }}</span>{{ end }}</dd></div>
</dl>
<div class="print-hint"><p><strong>Print / Save as PDF:</strong> use your browser’s Print command (<kbd>Ctrl</kbd>+<kbd>P</kbd>, or <kbd>⌘</kbd>+<kbd>P</kbd> on a Mac) and choose “Save as PDF” as the destination. Navigation is left out and every playbook starts on a new page.</p>
<p class="print-hint-actions"><a class="button button-quiet" href="{{ .RelPermalink }}">Back to the online guide</a></p></div>
</div>
<nav class="print-contents" aria-label="Contents"><h2>Contents</h2><ol>
<li><a href="#region-overview">Overview</a></li>
{{- range $sections }}
<li><a href="#{{ .p.Data.Term }}">{{ .p.Title }}</a>{{ with .books }}<ol>{{ range . }}<li><a href="#playbook-{{ .File.ContentBaseName }}">{{ .Title }}</a></li>{{ end }}</ol>{{ else }}<span class="muted"> — no playbook yet</span>{{ end }}</li>
{{- end }}
{{- if $cases }}<li><a href="#case-studies">Case studies</a></li>{{ end }}
</ol></nav>
<section id="region-overview" class="print-section"><h2>Overview</h2><div class="prose">
{{ .Content }}
</div></section>
{{- range $i, $s := $sections }}
<section id="{{ $s.p.Data.Term }}" class="print-part">
<div class="part-head"><p class="part-number">Part {{ add $i 1 }}</p><h2 class="part-title">{{ $s.p.Title }}</h2><p class="section-summary">{{ $s.p.Params.summary }}</p>
{{- if not $s.books }}<p class="empty empty-gap">No {{ lower $s.p.Title }} playbook for {{ $region.Params.short_name }} yet.</p>{{ end }}</div>
{{- range $s.books }}
<article id="playbook-{{ .File.ContentBaseName }}" class="print-playbook">
<div class="print-playbook-head"><p class="eyebrow">{{ $s.p.Title }}</p><h2>{{ .Title }}</h2><p class="lead">{{ .Params.summary }}</p>
<p class="card-meta">
{{- if .Params.all_regions }}<span class="badge badge-region badge-all">All regions</span>{{ else }}{{ range .Params.regions }}{{ $r := index site.Params.regions . }} <a class="badge badge-region" href="{{ printf "regions/%s/" . | relURL }}" title="{{ $r.name }}">{{ $r.short_name }}</a>{{ end }}{{ end }}
{{- if .Params.lastmod }} <span class="date">Updated <time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod.Format "2 January 2006" }}</time></span>{{ else }} <span class="date"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></span>{{ end }}
 <a class="online-link" href="{{ .RelPermalink }}">View online</a></p></div>
<div class="prose">
{{ .Content }}
</div>
</article>
{{- end }}
</section>
{{- end }}
{{- with $cases }}
<section id="case-studies" class="print-part"><div class="part-head"><p class="part-number">Evidence</p><h2 class="part-title">Case studies</h2></div>
{{- range . }}{{ partial "case-feature.html" (dict "c" . "more" false) }}{{ end }}
</section>
{{- end }}
</article>
</main>
{{ end }}
"##,
        ),
        (
            // A pillar: guidegen's pillar.html.
            "layouts/pillars/term.html",
            r##"{{ define "main" }}
{{- $books := partialCached "pillar-books.html" . .Data.Term }}
{{- $regions := (site.GetPage "/regions").Pages.ByWeight }}
<main id="main" data-pagefind-body>
{{ partial "pagefind-tags.html" (dict "title" .Title "kind" "Pillar" "pillars" (slice .Title) "regions" slice) }}
<div class="doc">
<div class="doc-head">
<div class="pillar-head">
<p class="eyebrow">Pillar</p>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
<p class="head-note">{{ len $books }} playbooks across {{ len $regions }} regions.</p>
</div>
</div>
{{ partial "toc.html" . }}
<div class="doc-body">
<div class="prose">
{{ .Content }}
</div>
<section class="guide-section">
<h2 id="pillar-playbooks">{{ .Title }} playbooks</h2>
<ul class="cards cards-playbooks">{{ range $books }}{{ partial "card.html" (dict "p" . "pillar" false) }}{{ end }}</ul>
</section>
<section class="guide-section">
<h2 id="pillar-in-regions">Region guides</h2>
<p>Each region guide puts these playbooks in order alongside the other pillars.</p>
<ul class="chip-list">{{ range $regions }}<li><a class="chip" href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</section>
</div>
</div>
</main>
{{ end }}
"##,
        ),
        (
            // The feed: like guidegen's, the 50 most recently changed
            // playbooks with their summaries.
            "layouts/index.rss.xml",
            r##"{{- $pages := first 50 (where site.RegularPages "Section" "playbooks").ByLastmod.Reverse -}}
{{ printf "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ site.Title }}</title>
<link>{{ .Permalink }}</link>
<description>{{ site.Params.description }}</description>
{{- range $pages }}
<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><guid>{{ .Permalink }}</guid><description>{{ .Params.summary }}</description></item>
{{- end }}
</channel>
</rss>
"##,
        ),
        (
            "layouts/404.html",
            r##"{{ define "main" }}
<main id="main">
<p class="eyebrow">Error 404</p>
<h1>Page not found</h1>
<p class="lead">The page you asked for does not exist or has moved. These might help:</p>
<section><h2>Region guides</h2><ul>{{ range (site.GetPage "/regions").Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li><a href="{{ "regions/" | relURL }}">Compare all regions</a></li></ul></section>
<section><h2>Pillars</h2><ul>{{ range (site.GetPage "/pillars").Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>
<section><h2>Elsewhere</h2><ul><li><a href="{{ "/" | relURL }}">Home</a></li><li><a href="{{ "case-studies/" | relURL }}">Case studies</a></li><li><a href="{{ "about/" | relURL }}">About</a></li></ul></section>
</main>
{{ end }}
"##,
        ),
    ];
}

// ---------------------------------------------------------------------------
// Zola
// ---------------------------------------------------------------------------

/// The Zola site renders the same page kinds as guidegen's default theme,
/// each with the same information (see benches/README.md). Region guides and
/// pillars are pages (`content/regions/`, `content/pillars/`) that list their
/// playbooks through the `regions` and `pillars` taxonomies (whose own pages
/// are not rendered), so that Zola's search index holds them as guidegen's
/// does; each region's print page is a page of a `print` section that is not
/// rendered nor indexed. Zola has no neighbours within a taxonomy term, so
/// gen-site writes each playbook's previous and next playbook in every region
/// guide into its front matter (`extra.guide_nav`), and each case study the
/// playbooks that cite it (`extra.cited_by`): guidegen works these out as it
/// builds.
mod zola {
    use super::*;

    fn path(model: &Model, target: Target) -> String {
        match target {
            Target::Playbook(j) => format!("playbooks/{}.md", model.plans[j].slug),
            Target::CaseStudy(k) => format!("case-studies/{}.md", model.case_studies[k].slug),
        }
    }

    fn link(model: &Model, target: Target, anchor: Option<&str>) -> String {
        let mut url = format!("@/{}", path(model, target));
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        url
    }

    pub fn write(model: &Model, w: &mut Writer) -> Result<(), String> {
        let mut config = String::from(CONFIG);
        let pillar_order: Vec<&str> = PILLARS.iter().map(|p| p.0).collect();
        let region_order: Vec<&str> = model.regions.iter().map(|r| r.slug).collect();
        let _ = writeln!(
            config,
            "\n[extra]\npillar_order = {}\nregion_order = {}",
            toml_list(&pillar_order),
            toml_list(&region_order)
        );
        config.push_str("\n[extra.language_names]\n");
        for tag in ["ar", "de", "en", "es", "fr", "pt"] {
            let _ = writeln!(config, "{tag} = {}", toml_str(language_name(tag)));
        }
        for p in &model.pillars {
            let _ = write!(
                config,
                "\n[extra.pillars.{}]\ntitle = {}\nsummary = {}\n",
                p.slug,
                toml_str(p.title),
                toml_str(&p.summary),
            );
        }
        for r in &model.regions {
            let _ = write!(
                config,
                "\n[extra.regions.{}]\nname = {}\nshort_name = {}\n",
                r.slug,
                toml_str(r.name),
                toml_str(r.short_name),
            );
        }
        w.put("config.toml", &config)?;
        for (path, text) in TEMPLATES {
            w.put(path, text)?;
        }
        w.put("static/style.css", STYLE)?;
        w.put(
            "content/_index.md",
            "+++\ntitle = \"Benchmark Expansion Guides\"\n+++\n",
        )?;
        w.put(
            "content/search.md",
            "+++\ntitle = \"Search\"\ntemplate = \"search.html\"\nin_search_index = false\n+++\n",
        )?;
        w.put(
            "content/playbooks/_index.md",
            "+++\ntitle = \"Playbooks\"\nsort_by = \"weight\"\nrender = false\npage_template = \"playbook.html\"\n+++\n",
        )?;
        w.put(
            "content/regions/_index.md",
            "+++\ntitle = \"Regions\"\nsort_by = \"weight\"\ntemplate = \"regions.html\"\npage_template = \"region.html\"\n+++\n",
        )?;
        w.put(
            "content/pillars/_index.md",
            "+++\ntitle = \"Pillars\"\nsort_by = \"weight\"\nrender = false\npage_template = \"pillar.html\"\n+++\n",
        )?;
        w.put(
            "content/print/_index.md",
            "+++\ntitle = \"Print\"\nrender = false\nin_search_index = false\npage_template = \"region_print.html\"\n+++\n",
        )?;
        w.put(
            "content/case-studies/_index.md",
            "+++\ntitle = \"Case studies\"\nsort_by = \"title\"\ntemplate = \"case_studies.html\"\npage_template = \"case_study.html\"\n+++\n",
        )?;
        for p in &model.pillars {
            w.put(
                &format!("content/pillars/{}.md", p.slug),
                &format!(
                    "+++\ntitle = {}\ndescription = {}\nweight = {}\n+++\n\n{}",
                    toml_str(p.title),
                    toml_str(&p.summary),
                    p.weight,
                    p.body
                ),
            )?;
        }
        for r in &model.regions {
            let mut s = format!(
                "+++\ntitle = {}\ndescription = {}\nweight = {}\n\n[extra]\nshort_name = {}\nlanguages = {}\naws_regions = []\n",
                toml_str(r.name),
                toml_str(&r.summary),
                r.weight,
                toml_str(r.short_name),
                toml_list(r.languages),
            );
            for (name, authority) in &r.frameworks {
                let _ = write!(
                    s,
                    "\n[[extra.frameworks]]\nname = {}\nauthority = {}\n",
                    toml_str(name),
                    toml_str(authority)
                );
            }
            let _ = write!(s, "+++\n\n{}", r.overview);
            w.put(&format!("content/regions/{}.md", r.slug), &s)?;
            w.put(
                &format!("content/print/{}.md", r.slug),
                &format!(
                    "+++\ntitle = {}\npath = \"regions/{}/print\"\n\n[extra]\nregion = \"{}\"\n+++\n",
                    toml_str(r.name),
                    r.slug,
                    r.slug
                ),
            )?;
        }
        let nav = model.guide_nav();
        for (i, plan) in model.plans.iter().enumerate() {
            let meta = playbook_meta(i);
            let pillar = PILLARS[plan.pillar].0;
            let mut s = format!(
                "+++\ntitle = {}\ndescription = {}\nweight = {}\ndate = {}\n",
                toml_str(&plan.title),
                toml_str(&meta.summary),
                guide_weight(i),
                meta.date
            );
            if let Some(u) = &meta.updated {
                let _ = writeln!(s, "updated = {u}");
            }
            let cases: Vec<&str> = model
                .playbook_case_studies(i)
                .iter()
                .map(|&k| model.case_studies[k].slug.as_str())
                .collect();
            let _ = write!(
                s,
                "\n[taxonomies]\nregions = {}\npillars = [\"{pillar}\"]\n\n[extra]\nkind = \"playbook\"\norder = {}\npillar = \"{pillar}\"\nall_regions = {}\nchanged = {}\ncase_studies = {}\ntags = {}\n",
                toml_list(&model.playbook_region_slugs(i)),
                guide_weight(i),
                plan.regions.is_none(),
                toml_str(meta.updated.as_ref().unwrap_or(&meta.date)),
                toml_list(&cases),
                toml_list(&meta.tags)
            );
            for &(r, prev, next) in &nav[i] {
                let _ = write!(
                    s,
                    "\n[[extra.guide_nav]]\nregion = \"{}\"\n",
                    model.regions[r].slug
                );
                for (key, j) in [("prev", prev), ("next", next)] {
                    if let Some(j) = j {
                        let _ = writeln!(
                            s,
                            "{key} = \"{}\"\n{key}_title = {}",
                            path(model, Target::Playbook(j)),
                            toml_str(&model.plans[j].title)
                        );
                    }
                }
            }
            s.push_str("+++\n\n");
            s.push_str(&playbook_body(model, i).render(&|t, a| link(model, t, a)));
            w.put(&format!("content/playbooks/{}.md", plan.slug), &s)?;
        }
        for (k, c) in model.case_studies.iter().enumerate() {
            let pillars: Vec<&str> = c.pillars.iter().map(|&p| PILLARS[p].0).collect();
            let citing: Vec<String> = model
                .citing_playbooks(k)
                .into_iter()
                .map(|j| path(model, Target::Playbook(j)))
                .collect();
            let citing: Vec<&str> = citing.iter().map(String::as_str).collect();
            let (text, who, role) = &c.quote;
            let mut s = format!(
                "+++\ntitle = {}\ndescription = {}\ndate = {}\n\n[taxonomies]\nregions = {}\npillars = {}\n\n[extra]\nkind = \"case-study\"\ncompany = {}\nindustry = {}\ncited_by = {}\n",
                toml_str(&c.title),
                toml_str(&c.summary),
                c.date,
                toml_list(&model.region_slugs(&c.regions)),
                toml_list(&pillars),
                toml_str(&c.company),
                toml_str(c.industry),
                toml_list(&citing),
            );
            for (label, value, unit) in &c.metrics {
                let _ = write!(
                    s,
                    "\n[[extra.metrics]]\nlabel = {}\nvalue = {value}\nunit = {}\n",
                    toml_str(label),
                    toml_str(unit)
                );
            }
            let _ = write!(
                s,
                "\n[[extra.quotes]]\ntext = {}\nwho = {}\nrole = {}\n+++\n\n{}",
                toml_str(text),
                toml_str(who),
                toml_str(role),
                c.body.render(&|t, a| link(model, t, a))
            );
            w.put(&format!("content/case-studies/{}.md", c.slug), &s)?;
        }
        w.put(
            "content/about.md",
            &format!(
                "+++\ntitle = \"About\"\ndescription = \"About these generated guides.\"\nweight = 10\ntemplate = \"page.html\"\n+++\n\n{}",
                model.about
            ),
        )
    }

    /// Zola 0.22 (highlighting by Giallo under `[markdown.highlighting]`;
    /// before 0.22 it was `[markdown] highlight_code = true`). The search
    /// index holds each indexed page's title, description (guidegen's
    /// summary) and Markdown body.
    const CONFIG: &str = r##"# Benchmark site written by examples/gen-site.rs (Zola flavour, Zola 0.22).
base_url = "https://bench.example.com/"
title = "Benchmark Expansion Guides"
description = "A generated site for timing builds: invented regions, playbooks and case studies."
default_language = "en"
compile_sass = false
build_search_index = true
generate_feeds = true
feed_limit = 50
taxonomies = [
  { name = "regions", render = false },
  { name = "pillars", render = false },
]

[search]
include_title = true
include_description = true
include_content = true

[markdown.highlighting]
theme = "github-light"
style = "class"
"##;

    const TEMPLATES: &[(&str, &str)] = &[
        (
            "templates/base.html",
            r##"<!doctype html>
<html lang="{{ config.default_language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ config.description }}{% endblock description %}">
<link rel="canonical" href="{{ current_url | default(value=config.base_url) }}">
<link rel="stylesheet" href="{{ get_url(path="style.css") }}">
</head>
<body>
<header class="site-header">
<a class="brand" href="{{ config.base_url }}">{{ config.title }}</a>
<details class="picker"><summary>Region</summary><nav aria-label="Regions"><ul>
{%- for r in config.extra.region_order %}
<li><a href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}">{{ config.extra.regions[r].name }}</a> {{ config.extra.regions[r].short_name }}</li>
{%- endfor %}
<li><a href="{{ get_url(path="@/regions/_index.md") }}">Compare all regions</a></li>
</ul></nav></details>
<form class="search-form" role="search" action="{{ get_url(path="@/search.md") }}"><input type="search" name="q" aria-label="Search the guides"></form>
<nav class="main-nav" aria-label="Main"><ul>
<li><a href="{{ get_url(path="@/regions/_index.md") }}">Regions</a></li>
{%- for p in config.extra.pillar_order %}
<li><a href="{{ get_url(path="@/pillars/" ~ p ~ ".md") }}">{{ config.extra.pillars[p].title }}</a></li>
{%- endfor %}
<li><a href="{{ get_url(path="@/case-studies/_index.md") }}">Case studies</a></li>
<li><a href="{{ get_url(path="@/about.md") }}">About</a></li>
</ul></nav>
</header>
{% block main %}{% endblock main %}
<footer class="site-footer">
<p><a href="{{ config.base_url }}">{{ config.title }}</a></p>
<p>{{ config.description }}</p>
<ul>
{%- for r in config.extra.region_order %}
<li><a href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}">{{ config.extra.regions[r].name }}</a></li>
{%- endfor %}
<li><a href="{{ get_url(path="@/regions/_index.md") }}">Compare regions</a></li>
</ul>
<ul>
{%- for p in config.extra.pillar_order %}
<li><a href="{{ get_url(path="@/pillars/" ~ p ~ ".md") }}">{{ config.extra.pillars[p].title }}</a></li>
{%- endfor %}
</ul>
<ul><li><a href="{{ get_url(path="@/case-studies/_index.md") }}">Case studies</a></li><li><a href="{{ get_url(path="@/about.md") }}">About</a></li><li><a href="{{ get_url(path="atom.xml") }}">Atom feed</a></li></ul>
</footer>
</body>
</html>
"##,
        ),
        (
            "templates/macros.html",
            r##"{% macro card(p, regions, pillars, show_pillar) %}
<li class="card card-playbook" data-pillar="{{ p.extra.pillar }}">
<h3 class="card-title"><a href="{{ p.permalink }}">{{ p.title }}</a></h3>
{%- if p.description %}
<p class="card-text">{{ p.description }}</p>
{%- endif %}
<div class="card-meta">
{%- if show_pillar %}<a class="badge badge-pillar" href="{{ get_url(path="@/pillars/" ~ p.extra.pillar ~ ".md") }}">{{ pillars[p.extra.pillar].title }}</a>{% endif %}
{%- if p.extra.all_regions %} <span class="badge badge-region badge-all" title="Applies in every region">All regions</span>
{%- else %}{% for r in p.taxonomies.regions %} <a class="badge badge-region" href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}" title="{{ regions[r].name }}">{{ regions[r].short_name }}</a>{% endfor %}{% endif %}
{%- if p.updated %} <span class="date">Updated <time datetime="{{ p.updated }}">{{ p.updated | date(format="%-d %B %Y") }}</time></span>
{%- else %} <span class="date"><time datetime="{{ p.date }}">{{ p.date | date(format="%-d %B %Y") }}</time></span>{% endif %}
</div>
</li>
{% endmacro card %}

{% macro case_card(c, regions) %}
<li class="card card-case">
<p class="eyebrow">{{ c.extra.company }} · {{ c.extra.industry }}</p>
<h3 class="card-title"><a href="{{ c.permalink }}">{{ c.title }}</a></h3>
{%- set m = c.extra.metrics | first %}
<p class="headline-metric"><span class="headline-value">{{ m.value }}<span class="unit"> {{ m.unit }}</span></span> <span class="headline-label">{{ m.label }}</span></p>
<p class="card-text">{{ c.description }}</p>
<div class="card-meta">{% for r in c.taxonomies.regions %} <a class="badge badge-region" href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}" title="{{ regions[r].name }}">{{ regions[r].short_name }}</a>{% endfor %}</div>
</li>
{% endmacro case_card %}

{% macro case_feature(c, more) %}
<article class="case-feature">
<p class="eyebrow">{{ c.extra.company }} · {{ c.extra.industry }}</p>
<h3><a href="{{ c.permalink }}">{{ c.title }}</a></h3>
<p>{{ c.description }}</p>
<div class="case-figures"><dl class="metrics">
{%- for m in c.extra.metrics %}
<div class="metric-card">
<dt>{{ m.label }}</dt>
<dd>{{ m.value }}<span class="unit"> {{ m.unit }}</span></dd>
</div>
{%- endfor %}
</dl></div>
{%- if more %}
<p class="read-more"><a href="{{ c.permalink }}">Read the {{ c.extra.company }} case study <span aria-hidden="true">→</span></a></p>
{%- endif %}
</article>
{% endmacro case_feature %}

{% macro toc(entries) %}
{%- if entries %}
<aside class="doc-toc"><details class="toc" open><summary>On this page</summary><nav><ol>
{%- for h in entries %}
<li><a href="{{ h.permalink }}">{{ h.title }}</a>{% if h.children %}<ol>{% for c in h.children %}<li><a href="{{ c.permalink }}">{{ c.title }}</a></li>{% endfor %}</ol>{% endif %}</li>
{%- endfor %}
</ol></nav></details></aside>
{%- endif %}
{% endmacro toc %}
"##,
        ),
        (
            "templates/index.html",
            r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block main %}
{%- set terms = get_taxonomy(kind="regions") %}
{%- set pillar_terms = get_taxonomy(kind="pillars") %}
{%- set cases = get_section(path="case-studies/_index.md") %}
{%- set regions = get_section(path="regions/_index.md") %}
<main id="main" class="home">
<section class="hero">
<p class="eyebrow">{{ regions.pages | length }} regions · {{ config.extra.pillar_order | length }} pillars · {{ cases.pages | length }} case studies</p>
<h1>{{ config.title }}</h1>
<p class="lead">{{ config.description }}</p>
<p class="hero-actions"><a class="button" href="{{ regions.permalink }}">Compare regions</a> <a class="button" href="{{ cases.permalink }}">Read case studies</a></p>
<ul class="hero-regions">{% for r in regions.pages %}<li><a href="{{ r.permalink }}">{{ r.title }}</a></li>{% endfor %}</ul>
</section>
<section class="home-section">
<h2>Region guides</h2> <a class="more" href="{{ regions.permalink }}">Compare side by side</a>
<ul class="cards cards-regions">
{%- for r in regions.pages %}
{%- set t = terms.items | filter(attribute="name", value=r.slug) | first %}
<li class="card card-region">
<h3 class="card-title"><a href="{{ r.permalink }}">{{ r.title }}</a> <span class="short-name">{{ r.extra.short_name }}</span></h3>
<p class="card-text">{{ r.description }}</p>
<dl class="facts">
<div><dt>Languages</dt><dd>{% for l in r.extra.languages %}{% if not loop.first %}, {% endif %}{{ config.extra.language_names[l] }}{% endfor %}</dd></div>
<div><dt>Frameworks</dt><dd>{% for f in r.extra.frameworks %}{% if not loop.first %}; {% endif %}{{ f.name }}{% endfor %}</dd></div>
</dl>
{%- set n_cases = t.pages | filter(attribute="extra.kind", value="case-study") | length %}
<p class="card-foot">{{ t.pages | filter(attribute="extra.kind", value="playbook") | length }} playbooks{% if n_cases > 0 %} · {{ n_cases }} case studies{% endif %}</p>
</li>
{%- endfor %}
</ul>
</section>
<section class="home-section">
<h2>The four pillars of an expansion programme</h2>
<ol class="cards cards-pillars">
{%- for p in config.extra.pillar_order %}
{%- set t = pillar_terms.items | filter(attribute="name", value=p) | first %}
<li class="card card-pillar"><span class="pillar-number">{{ loop.index }}</span>
<h3 class="card-title"><a href="{{ get_url(path="@/pillars/" ~ p ~ ".md") }}">{{ config.extra.pillars[p].title }}</a></h3>
<p class="card-text">{{ config.extra.pillars[p].summary }}</p>
<p class="card-foot">{{ t.pages | filter(attribute="extra.kind", value="playbook") | length }} playbooks</p>
</li>
{%- endfor %}
</ol>
</section>
<section class="home-section">
<h2>Recently updated playbooks</h2> <a class="more" href="{{ get_url(path="atom.xml") }}">Atom feed</a>
<ol class="update-list">
{%- set playbooks = get_section(path="playbooks/_index.md") %}
{%- for p in playbooks.pages | sort(attribute="extra.changed") | reverse | slice(end=8) %}
<li><div class="update-main"><h3 class="update-title"><a href="{{ p.permalink }}">{{ p.title }}</a></h3><p class="update-summary">{{ p.description }}</p></div>
<div class="update-meta"><a class="badge badge-pillar" href="{{ get_url(path="@/pillars/" ~ p.extra.pillar ~ ".md") }}">{{ config.extra.pillars[p.extra.pillar].title }}</a>
{%- if p.extra.all_regions %} <span class="badge badge-region badge-all">All regions</span>{% else %}{% for r in p.taxonomies.regions %} <a class="badge badge-region" href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}" title="{{ config.extra.regions[r].name }}">{{ config.extra.regions[r].short_name }}</a>{% endfor %}{% endif %}
 <span class="date">{{ p.extra.changed | date(format="%-d %B %Y") }}</span></div></li>
{%- endfor %}
</ol>
</section>
<section class="home-section">
<h2>Case studies</h2> <a class="more" href="{{ cases.permalink }}">All case studies</a>
<ul class="cards cards-cases">{% for c in cases.pages %}{{ m::case_card(c=c, regions=config.extra.regions) }}{% endfor %}</ul>
</section>
</main>
{% endblock main %}
"##,
        ),
        (
            // Playbooks: as guidegen's playbook.html.
            "templates/playbook.html",
            r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block main %}
{%- set pillar = config.extra.pillars[page.extra.pillar] %}
<main id="main">
<div class="doc">
<div class="doc-head">
<div class="playbook-head" data-pillar="{{ page.extra.pillar }}">
<p class="eyebrow">Playbook</p>
<h1>{{ page.title }}</h1>
{%- if page.description %}
<p class="lead">{{ page.description }}</p>
{%- endif %}
<div class="meta-row"><span class="meta-label">Pillar</span> <a class="badge badge-pillar" href="{{ get_url(path="@/pillars/" ~ page.extra.pillar ~ ".md") }}">{{ pillar.title }}</a></div>
<div class="meta-row"><span class="meta-label">Applies to</span>
{%- if page.extra.all_regions %} <span class="badge badge-region badge-all">All regions</span>{% endif %}
{%- for r in page.taxonomies.regions %} <a class="badge badge-region" href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}"{% if page.extra.all_regions %} title="{{ config.extra.regions[r].name }}"{% endif %}>{% if page.extra.all_regions %}{{ config.extra.regions[r].short_name }}{% else %}{{ config.extra.regions[r].name }}{% endif %}</a>{% endfor %}
</div>
<p class="dates">Published <time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time>{% if page.updated %} · Updated <time datetime="{{ page.updated }}">{{ page.updated | date(format="%-d %B %Y") }}</time>{% endif %}</p>
</div>
</div>
{{ m::toc(entries=page.toc) }}
<div class="doc-body">
<div class="prose">
{{ page.content | safe }}
</div>
{%- if page.extra.case_studies %}
<section class="aside-block">
<h2 id="pb-cases">Case studies</h2>
<ul class="link-list">
{%- for c in page.extra.case_studies %}
{%- set cs = get_page(path="case-studies/" ~ c ~ ".md") %}
<li><a href="{{ cs.permalink }}"><strong>{{ cs.extra.company }}</strong>: {{ cs.title }}</a></li>
{%- endfor %}
</ul>
</section>
{%- endif %}
{%- if page.extra.tags %}
<div class="tags"><span class="meta-label" id="pb-tags">Tags</span>
<ul class="tag-list">{% for t in page.extra.tags %}<li><span class="tag">{{ t }}</span></li>{% endfor %}</ul>
</div>
{%- endif %}
{%- if page.extra.guide_nav %}
{%- set many = page.extra.guide_nav | length > 2 %}
<nav class="guide-nav" aria-label="Continue in a region guide">
{%- if many %}<details><summary>Continue in a region guide <span class="muted">({{ page.extra.guide_nav | length }} guides)</span></summary>{% else %}<h2 class="guide-nav-title">Continue in the guide</h2>{% endif %}
<ul>
{%- for g in page.extra.guide_nav %}
<li><span class="gn-region">In the <a href="{{ get_url(path="@/regions/" ~ g.region ~ ".md") }}">{{ config.extra.regions[g.region].short_name }} guide</a>:</span>
<span class="gn-links">
{%- if g.prev %}<a class="gn-prev" href="{{ get_url(path="@/" ~ g.prev) }}" rel="prev"><span aria-hidden="true">←</span> <span class="visually-hidden">Previous: </span>{{ g.prev_title }}</a>{% else %}<span class="gn-edge">Start of the guide</span>{% endif %}
<span class="gn-sep" aria-hidden="true">·</span>
{%- if g.next %}<a class="gn-next" href="{{ get_url(path="@/" ~ g.next) }}" rel="next"><span class="visually-hidden">Next: </span>{{ g.next_title }} <span aria-hidden="true">→</span></a>{% else %}<span class="gn-edge">End of the guide</span>{% endif %}
</span></li>
{%- endfor %}
</ul>
{%- if many %}</details>{% endif %}
</nav>
{%- endif %}
</div>
</div>
</main>
{% endblock main %}
"##,
        ),
        (
            // The about page (guidegen's free pages): page.html.
            "templates/page.html",
            r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block main %}
<main id="main">
<div class="doc">
<div class="doc-head">
<h1>{{ page.title }}</h1>
{%- if page.description %}
<p class="lead">{{ page.description }}</p>
{%- endif %}
</div>
{{ m::toc(entries=page.toc) }}
<div class="doc-body"><div class="prose">
{{ page.content | safe }}
</div></div>
</div>
</main>
{% endblock main %}
"##,
        ),
        (
            "templates/search.html",
            r##"{% extends "base.html" %}
{% block main %}
<main id="main">
<h1>Search</h1>
<p class="lead">Search every guide, playbook and case study</p>
<form role="search" action=""><input type="search" name="q" aria-label="Search the guides"></form>
<noscript><p>Search needs JavaScript. Browse the <a href="{{ get_url(path="@/regions/_index.md") }}">region guides</a> instead.</p></noscript>
<div id="search-results"></div>
<script src="{{ get_url(path="elasticlunr.min.js") }}"></script>
<script src="{{ get_url(path="search_index.en.js") }}"></script>
</main>
{% endblock main %}
"##,
        ),
        (
            // Case studies: as guidegen's case_study.html.
            "templates/case_study.html",
            r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block main %}
<main id="main">
<div class="doc">
<div class="doc-head">
<div class="case-head">
<p class="eyebrow">Case study · <span class="company">{{ page.extra.company }}</span></p>
<h1>{{ page.title }}</h1>
<p class="lead">{{ page.description }}</p>
<dl class="facts facts-inline">
<div><dt>Company</dt><dd>{{ page.extra.company }}</dd></div>
<div><dt>Industry</dt><dd>{{ page.extra.industry }}</dd></div>
<div><dt>Regions</dt><dd>{% for r in page.taxonomies.regions %}{% if not loop.first %}, {% endif %}<a href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}">{{ config.extra.regions[r].name }}</a>{% endfor %}</dd></div>
<div><dt>Pillars</dt><dd>{% for p in page.taxonomies.pillars %}{% if not loop.first %}, {% endif %}<a href="{{ get_url(path="@/pillars/" ~ p ~ ".md") }}">{{ config.extra.pillars[p].title }}</a>{% endfor %}</dd></div>
<div><dt>Published</dt><dd><time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time></dd></div>
</dl>
</div>
</div>
{{ m::toc(entries=page.toc) }}
<div class="doc-body">
<section class="results">
<h2 id="cs-results">Results</h2>
<dl class="metrics">
{%- for x in page.extra.metrics %}
<div class="metric-card">
<dt>{{ x.label }}</dt>
<dd>{{ x.value }}<span class="unit"> {{ x.unit }}</span></dd>
</div>
{%- endfor %}
</dl>
</section>
{%- for q in page.extra.quotes %}
<blockquote class="pull-quote"><p>{{ q.text }}</p><footer><span class="who">{{ q.who }}</span>, <span class="role">{{ q.role }}</span></footer></blockquote>
{%- endfor %}
<div class="prose">
{{ page.content | safe }}
</div>
{%- if page.extra.cited_by %}
<section class="guide-section">
<h2 id="cs-playbooks">Playbooks that cite {{ page.extra.company }}</h2>
<ul class="cards cards-playbooks">
{%- for path in page.extra.cited_by %}{{ m::card(p=get_page(path=path), regions=config.extra.regions, pillars=config.extra.pillars, show_pillar=true) }}{% endfor %}
</ul>
</section>
{%- endif %}
<p class="back-link"><a href="{{ get_url(path="@/case-studies/_index.md") }}">← All case studies</a></p>
</div>
</div>
</main>
{% endblock main %}
"##,
        ),
        (
            "templates/case_studies.html",
            r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block main %}
<main id="main">
<div class="wide">
<h1>{{ section.title }}</h1>
<p class="lead">How software companies expanded into new cloud regions: what they did, what it cost and what it returned.</p>
<ul class="cards cards-cases">{% for c in section.pages %}{{ m::case_card(c=c, regions=config.extra.regions) }}{% endfor %}</ul>
</div>
</main>
{% endblock main %}
"##,
        ),
        (
            // The regions page: guidegen's regions.html (cards, comparison
            // table, coverage matrix).
            "templates/regions.html",
            r##"{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block main %}
{%- set terms = get_taxonomy(kind="regions") %}
<main id="main">
<div class="wide">
<h1>Regions</h1>
<p class="lead">{{ section.pages | length }} region guides, compared across languages, regulatory frameworks, cloud availability and the depth of coverage in each pillar.</p>
<section><h2>Region guides</h2>
<ul class="cards cards-regions">
{%- for r in section.pages %}
{%- set t = terms.items | filter(attribute="name", value=r.slug) | first %}
{%- set n_cases = t.pages | filter(attribute="extra.kind", value="case-study") | length %}
<li class="card card-region"><h3 class="card-title"><a href="{{ r.permalink }}">{{ r.title }}</a> <span class="short-name">{{ r.extra.short_name }}</span></h3>
<p class="card-text">{{ r.description }}</p>
<p class="card-foot">{{ t.pages | filter(attribute="extra.kind", value="playbook") | length }} playbooks{% if n_cases > 0 %} · {{ n_cases }} case studies{% endif %}</p></li>
{%- endfor %}
</ul></section>
<section><h2>Side by side</h2>
<table class="compare">
<thead><tr><th>Region</th><th>Languages</th><th>Laws and standards</th><th>AWS regions</th><th>Case studies</th><th>Playbooks</th></tr></thead>
<tbody>
{%- for r in section.pages %}
{%- set t = terms.items | filter(attribute="name", value=r.slug) | first %}
{%- set cases = t.pages | filter(attribute="extra.kind", value="case-study") %}
<tr><th scope="row"><a href="{{ r.permalink }}">{{ r.title }}</a> <span class="short-name">{{ r.extra.short_name }}</span></th>
<td><ul class="plain">{% for l in r.extra.languages %}<li>{{ config.extra.language_names[l] }} <span class="code-tag">{{ l }}</span></li>{% endfor %}</ul></td>
<td><ul class="plain">{% for f in r.extra.frameworks %}<li>{{ f.name }} <span class="fw-authority">{{ f.authority }}</span></li>{% endfor %}</ul></td>
<td><span class="none">Not listed</span></td>
<td>{% if cases %}<ul class="plain">{% for c in cases %}<li><a href="{{ c.permalink }}">{{ c.extra.company }}</a></li>{% endfor %}</ul>{% else %}<span class="none">None yet</span>{% endif %}</td>
<td class="num"><a href="{{ r.permalink }}">{{ t.pages | filter(attribute="extra.kind", value="playbook") | length }}</a><br><a class="small" href="{{ r.permalink }}print/">print</a></td></tr>
{%- endfor %}
</tbody></table></section>
<section><h2>Coverage by pillar</h2>
<p>Number of playbooks that apply to each region in each pillar. Select a number to open that part of the region’s guide.</p>
<table class="matrix">
<thead><tr><th>Region</th>{% for p in config.extra.pillar_order %}<th><a href="{{ get_url(path="@/pillars/" ~ p ~ ".md") }}">{{ config.extra.pillars[p].title }}</a></th>{% endfor %}</tr></thead>
<tbody>
{%- for r in section.pages %}
{%- set t = terms.items | filter(attribute="name", value=r.slug) | first %}
<tr><th scope="row"><a href="{{ r.permalink }}">{{ r.title }}</a></th>
{%- for p in config.extra.pillar_order %}{% set n = t.pages | filter(attribute="extra.pillar", value=p) | length %}<td class="cell"><a href="{{ r.permalink }}#{{ p }}"><span class="count">{{ n }}</span>{% if n == 0 %} <span class="gap-label">— gap</span>{% endif %}</a></td>{% endfor %}</tr>
{%- endfor %}
</tbody></table>
</section>
</div>
</main>
{% endblock main %}
"##,
        ),
        (
            // A region guide: guidegen's region.html.
            "templates/region.html",
            r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block main %}
{%- set term = get_taxonomy_term(kind="regions", term=page.slug) %}
{%- set books = term.pages | filter(attribute="extra.kind", value="playbook") | sort(attribute="extra.order") %}
{%- set cases = term.pages | filter(attribute="extra.kind", value="case-study") %}
<main id="main">
<div class="doc">
<div class="doc-head">
<p class="eyebrow">Region guide · {{ page.extra.short_name }}</p>
<h1>{{ page.title }}</h1>
<p class="lead">{{ page.description }}</p>
<dl class="facts facts-inline">
<div><dt>Playbooks</dt><dd>{{ books | length }}</dd></div>
<div><dt>Languages</dt><dd>{% for l in page.extra.languages %}{% if not loop.first %}, {% endif %}{{ config.extra.language_names[l] }}{% endfor %}</dd></div>
<div><dt>AWS regions</dt><dd>Not listed</dd></div>
</dl>
<p class="head-actions"><a class="button" href="{{ page.permalink }}print/">Printable guide</a> <a class="button button-quiet" href="{{ get_url(path="@/regions/_index.md") }}">Compare regions</a></p>
</div>
<aside class="doc-toc"><details class="toc" open><summary>In this guide</summary><nav aria-label="In this guide"><ol>
<li><a href="#region-overview">Overview</a><ol>{% for h in page.toc %}<li><a href="{{ h.permalink }}">{{ h.title }}</a></li>{% endfor %}</ol></li>
<li><a href="#region-frameworks">Frameworks and cloud</a></li>
{%- for p in config.extra.pillar_order %}
<li><a href="#{{ p }}">{{ config.extra.pillars[p].title }}</a> <span class="toc-count">{{ books | filter(attribute="extra.pillar", value=p) | length }}<span class="visually-hidden"> playbooks</span></span></li>
{%- endfor %}
{%- if cases %}<li><a href="#case-studies">Case studies</a></li>{% endif %}
</ol></nav></details></aside>
<div class="doc-body">
<section id="region-overview" class="guide-section">
<h2>Overview</h2>
<div class="prose">
{{ page.content | safe }}
</div>
</section>
<section id="region-frameworks" class="guide-section">
<h2>Frameworks and cloud</h2>
<div class="panels panels-region">
<div class="panel"><h3>Laws and standards</h3>
<ul class="fw-list">{% for f in page.extra.frameworks %}<li><span class="fw-name">{{ f.name }}</span> <span class="fw-authority">{{ f.authority }}</span></li>{% endfor %}</ul></div>
<div class="panel"><h3>AWS regions</h3>
<p class="empty">No AWS Region code is listed for {{ page.extra.short_name }}; ask your AWS account team about in-country options.</p></div>
<div class="panel"><h3>Languages</h3>
<ul class="plain">{% for l in page.extra.languages %}<li>{{ config.extra.language_names[l] }} <span class="code-tag">{{ l }}</span></li>{% endfor %}</ul></div>
</div>
</section>
{%- for p in config.extra.pillar_order %}
{%- set pillar = config.extra.pillars[p] %}
{%- set in_pillar = books | filter(attribute="extra.pillar", value=p) %}
<section id="{{ p }}" class="guide-section pillar-section">
<div class="section-head">
<h2><span class="section-number" aria-hidden="true">{{ loop.index }}</span> {{ pillar.title }}</h2>
<a class="more" href="{{ get_url(path="@/pillars/" ~ p ~ ".md") }}">{{ pillar.title }} in every region <span aria-hidden="true">→</span></a>
</div>
<p class="section-summary">{{ pillar.summary }}</p>
{%- if in_pillar %}
<ul class="cards cards-playbooks">{% for b in in_pillar %}{{ m::card(p=b, regions=config.extra.regions, pillars=config.extra.pillars, show_pillar=false) }}{% endfor %}</ul>
{%- else %}
<p class="empty empty-gap"><strong>No {{ pillar.title | lower }} playbook for {{ page.extra.short_name }} yet.</strong> The <a href="{{ get_url(path="@/pillars/" ~ p ~ ".md") }}">{{ pillar.title }}</a> pillar page has the playbooks written for other regions.</p>
{%- endif %}
</section>
{%- endfor %}
{%- if cases %}
<section id="case-studies" class="guide-section">
<h2>Case studies</h2>
{%- for c in cases %}{{ m::case_feature(c=c, more=true) }}{% endfor %}
</section>
{%- endif %}
<p class="print-link"><a href="{{ page.permalink }}print/">The whole {{ page.extra.short_name }} guide on one page, ready to print or save as PDF <span aria-hidden="true">→</span></a></p>
</div>
</div>
</main>
{% endblock main %}
"##,
        ),
        (
            // A region's print page: guidegen's region_print.html.
            "templates/region_print.html",
            r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ page.title }} (print) · {{ config.title }}{% endblock title %}
{% block main %}
{%- set region = get_page(path="regions/" ~ page.extra.region ~ ".md") %}
{%- set short = region.extra.short_name %}
{%- set term = get_taxonomy_term(kind="regions", term=page.extra.region) %}
{%- set books = term.pages | filter(attribute="extra.kind", value="playbook") | sort(attribute="extra.order") %}
{%- set cases = term.pages | filter(attribute="extra.kind", value="case-study") %}
<main id="main" class="print-guide">
<article class="print-doc">
<div class="print-cover">
<p class="eyebrow">{{ config.title }}</p>
<h1>{{ region.title }}</h1>
<p class="print-subtitle">The complete region guide</p>
<p class="lead">{{ region.description }}</p>
<dl class="facts facts-inline">
<div><dt>Playbooks</dt><dd>{{ books | length }}</dd></div>
<div><dt>Languages</dt><dd>{% for l in region.extra.languages %}{% if not loop.first %}, {% endif %}{{ config.extra.language_names[l] }}{% endfor %}</dd></div>
<div><dt>AWS regions</dt><dd>Not listed</dd></div>
<div><dt>Frameworks</dt><dd>{% for f in region.extra.frameworks %}{% if not loop.first %}; {% endif %}{{ f.name }} <span class="muted">— {{ f.authority }}</span>{% endfor %}</dd></div>
</dl>
<div class="print-hint"><p><strong>Print / Save as PDF:</strong> use your browser’s Print command (<kbd>Ctrl</kbd>+<kbd>P</kbd>, or <kbd>⌘</kbd>+<kbd>P</kbd> on a Mac) and choose “Save as PDF” as the destination. Navigation is left out and every playbook starts on a new page.</p>
<p class="print-hint-actions"><a class="button button-quiet" href="{{ region.permalink }}">Back to the online guide</a></p></div>
</div>
<nav class="print-contents" aria-label="Contents"><h2>Contents</h2><ol>
<li><a href="#region-overview">Overview</a></li>
{%- for p in config.extra.pillar_order %}
{%- set in_pillar = books | filter(attribute="extra.pillar", value=p) %}
<li><a href="#{{ p }}">{{ config.extra.pillars[p].title }}</a>{% if in_pillar %}<ol>{% for b in in_pillar %}<li><a href="#playbook-{{ b.slug }}">{{ b.title }}</a></li>{% endfor %}</ol>{% else %}<span class="muted"> — no playbook yet</span>{% endif %}</li>
{%- endfor %}
{%- if cases %}<li><a href="#case-studies">Case studies</a></li>{% endif %}
</ol></nav>
<section id="region-overview" class="print-section"><h2>Overview</h2><div class="prose">
{{ region.content | safe }}
</div></section>
{%- for p in config.extra.pillar_order %}
{%- set pillar = config.extra.pillars[p] %}
{%- set in_pillar = books | filter(attribute="extra.pillar", value=p) %}
<section id="{{ p }}" class="print-part">
<div class="part-head"><p class="part-number">Part {{ loop.index }}</p><h2 class="part-title">{{ pillar.title }}</h2><p class="section-summary">{{ pillar.summary }}</p>
{%- if not in_pillar %}<p class="empty empty-gap">No {{ pillar.title | lower }} playbook for {{ short }} yet.</p>{% endif %}</div>
{%- for b in in_pillar %}
<article id="playbook-{{ b.slug }}" class="print-playbook">
<div class="print-playbook-head"><p class="eyebrow">{{ pillar.title }}</p><h2>{{ b.title }}</h2><p class="lead">{{ b.description }}</p>
<p class="card-meta">
{%- if b.extra.all_regions %}<span class="badge badge-region badge-all">All regions</span>{% else %}{% for r in b.taxonomies.regions %} <a class="badge badge-region" href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}" title="{{ config.extra.regions[r].name }}">{{ config.extra.regions[r].short_name }}</a>{% endfor %}{% endif %}
{%- if b.updated %} <span class="date">Updated <time datetime="{{ b.updated }}">{{ b.updated | date(format="%-d %B %Y") }}</time></span>{% else %} <span class="date"><time datetime="{{ b.date }}">{{ b.date | date(format="%-d %B %Y") }}</time></span>{% endif %}
 <a class="online-link" href="{{ b.permalink }}">View online</a></p></div>
<div class="prose">
{{ b.content | safe }}
</div>
</article>
{%- endfor %}
</section>
{%- endfor %}
{%- if cases %}
<section id="case-studies" class="print-part"><div class="part-head"><p class="part-number">Evidence</p><h2 class="part-title">Case studies</h2></div>
{%- for c in cases %}{{ m::case_feature(c=c, more=false) }}{% endfor %}
</section>
{%- endif %}
</article>
</main>
{% endblock main %}
"##,
        ),
        (
            // A pillar: guidegen's pillar.html.
            "templates/pillar.html",
            r##"{% extends "base.html" %}
{% import "macros.html" as m %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block main %}
{%- set term = get_taxonomy_term(kind="pillars", term=page.slug) %}
{%- set books = term.pages | filter(attribute="extra.kind", value="playbook") | sort(attribute="extra.order") %}
<main id="main">
<div class="doc">
<div class="doc-head">
<div class="pillar-head">
<p class="eyebrow">Pillar</p>
<h1>{{ page.title }}</h1>
<p class="lead">{{ page.description }}</p>
<p class="head-note">{{ books | length }} playbooks across {{ config.extra.region_order | length }} regions.</p>
</div>
</div>
{{ m::toc(entries=page.toc) }}
<div class="doc-body">
<div class="prose">
{{ page.content | safe }}
</div>
<section class="guide-section">
<h2 id="pillar-playbooks">{{ page.title }} playbooks</h2>
<ul class="cards cards-playbooks">{% for b in books %}{{ m::card(p=b, regions=config.extra.regions, pillars=config.extra.pillars, show_pillar=false) }}{% endfor %}</ul>
</section>
<section class="guide-section">
<h2 id="pillar-in-regions">Region guides</h2>
<p>Each region guide puts these playbooks in order alongside the other pillars.</p>
<ul class="chip-list">{% for r in config.extra.region_order %}<li><a class="chip" href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}">{{ config.extra.regions[r].name }}</a></li>{% endfor %}</ul>
</section>
</div>
</div>
</main>
{% endblock main %}
"##,
        ),
        (
            // The feed: like guidegen's, entries with their summaries.
            "templates/atom.xml",
            r##"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ lang }}">
<title>{{ config.title }}</title>
<subtitle>{{ config.description }}</subtitle>
<link rel="self" type="application/atom+xml" href="{{ feed_url | safe }}"/>
<link rel="alternate" type="text/html" href="{{ config.base_url }}"/>
<id>{{ feed_url | safe }}</id>
<updated>{{ last_updated | date(format="%+") }}</updated>
{%- for page in pages %}
<entry><title>{{ page.title }}</title><link rel="alternate" type="text/html" href="{{ page.permalink | safe }}"/><id>{{ page.permalink | safe }}</id><updated>{{ page.updated | default(value=page.date) | date(format="%+") }}</updated><published>{{ page.date | date(format="%+") }}</published><summary>{{ page.description }}</summary></entry>
{%- endfor %}
</feed>
"##,
        ),
        (
            "templates/404.html",
            r##"{% extends "base.html" %}
{% block main %}
<main id="main">
<p class="eyebrow">Error 404</p>
<h1>Page not found</h1>
<p class="lead">The page you asked for does not exist or has moved. These might help:</p>
<section><h2>Region guides</h2><ul>{% for r in config.extra.region_order %}<li><a href="{{ get_url(path="@/regions/" ~ r ~ ".md") }}">{{ config.extra.regions[r].name }}</a></li>{% endfor %}<li><a href="{{ get_url(path="@/regions/_index.md") }}">Compare all regions</a></li></ul></section>
<section><h2>Pillars</h2><ul>{% for p in config.extra.pillar_order %}<li><a href="{{ get_url(path="@/pillars/" ~ p ~ ".md") }}">{{ config.extra.pillars[p].title }}</a></li>{% endfor %}</ul></section>
<section><h2>Elsewhere</h2><ul><li><a href="{{ config.base_url }}">Home</a></li><li><a href="{{ get_url(path="@/case-studies/_index.md") }}">Case studies</a></li><li><a href="{{ get_url(path="@/about.md") }}">About</a></li></ul></section>
</main>
{% endblock main %}
"##,
        ),
    ];
}
