//! gen-site: writes a deterministic benchmark site for guidegen, or the
//! equivalent Hugo or Zola site, so the three can be timed on the same text.
//!
//! ```text
//! cargo run --release --example gen-site -- --playbooks N --out DIR [--hugo | --zola] [--force]
//! ```
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
}

const USAGE: &str = "usage: gen-site --playbooks N --out DIR [--hugo | --zola] [--force]\n\
     Writes a deterministic benchmark site (guidegen by default) into DIR.";

fn parse_args() -> Result<Args, String> {
    let mut playbooks = None;
    let mut out = None;
    let mut flavour = Flavour::Guidegen;
    let mut force = false;
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
    match generate(args.playbooks, &args.out, args.flavour, args.force) {
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
                 enabled = true\n",
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

mod hugo {
    use super::*;

    fn link(model: &Model, target: Target, anchor: Option<&str>) -> String {
        let path = match target {
            Target::Playbook(j) => {
                let p = &model.plans[j];
                format!("/playbooks/{}/{}.md", PILLARS[p.pillar].0, p.slug)
            }
            Target::CaseStudy(k) => format!("/case-studies/{}.md", model.case_studies[k].slug),
        };
        match anchor {
            Some(a) => format!("{{{{< ref \"{path}#{a}\" >}}}}"),
            None => format!("{{{{< ref \"{path}\" >}}}}"),
        }
    }

    pub fn write(model: &Model, w: &mut Writer) -> Result<(), String> {
        w.put("hugo.toml", CONFIG)?;
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
        w.put(
            "content/pillars/_index.md",
            "+++\ntitle = \"Pillars\"\n+++\n",
        )?;
        w.put(
            "content/playbooks/_index.md",
            "+++\ntitle = \"Playbooks\"\n+++\n",
        )?;
        w.put(
            "content/case-studies/_index.md",
            "+++\ntitle = \"Case studies\"\n+++\n",
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
                "+++\ntitle = {}\nshort_name = {}\nsummary = {}\nlanguages = {}\nweight = {}\n",
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
                meta.weight,
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
            w.put(&format!("content/playbooks/{pillar}/{}.md", plan.slug), &s)?;
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

    const CONFIG: &str = r#"# Benchmark site written by examples/gen-site.rs (Hugo flavour).
baseURL = "https://bench.example.com/"
title = "Benchmark Expansion Guides"
languageCode = "en"
enableRobotsTXT = true

[params]
description = "A generated site for timing builds: invented regions, playbooks and case studies."

[taxonomies]
region = "regions"
pillar = "pillars"

# What guidegen writes: pages, one feed, a sitemap.
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]

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
"#;

    const LAYOUTS: &[(&str, &str)] = &[
        (
            "layouts/_default/baseof.html",
            r#"<!doctype html>
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
<header>
<a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "regions/" | relURL }}">Regions</a> · <a href="{{ "pillars/" | relURL }}">Pillars</a> · <a href="{{ "case-studies/" | relURL }}">Case studies</a></nav>
<form action="{{ "search/" | relURL }}" role="search"><input type="search" name="q" aria-label="Search"></form>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
"#,
        ),
        (
            "layouts/index.html",
            r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ site.Params.description }}</p>
<h2>Region guides</h2>
<ul>
{{- range (site.GetPage "/regions").Pages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }} ({{ len (where .Pages "Section" "playbooks") }} playbooks)</li>
{{- end }}
</ul>
<h2>The four pillars</h2>
<ul>
{{- range (site.GetPage "/pillars").Pages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>
{{- end }}
</ul>
<h2>Recently updated playbooks</h2>
<ul>
{{- range first 8 (where site.RegularPages "Section" "playbooks").ByLastmod.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>
{{- end }}
</ul>
{{ end }}
"#,
        ),
        (
            "layouts/_default/single.html",
            r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
{{ with .Params.pillar }}{{ with site.GetPage (printf "/pillars/%s" .) }}<p>Pillar: <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
{{ with .GetTerms "regions" }}<p>Applies to:{{ range . }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>{{ end }}
<p>Published {{ .Date.Format "2 January 2006" }}{{ if ne .Lastmod .Date }} · Updated {{ .Lastmod.Format "2 January 2006" }}{{ end }}</p>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
{{ with .Params.case_studies }}
<h2>Case studies</h2>
<ul>{{ range . }}{{ with site.GetPage (printf "/case-studies/%s" .) }}<li><a href="{{ .RelPermalink }}"><strong>{{ .Params.company }}</strong>: {{ .Title }}</a></li>{{ end }}{{ end }}</ul>
{{ end }}
{{ with .Params.tags }}<p>Tags:{{ range . }} <span class="tag">{{ . }}</span>{{ end }}</p>{{ end }}
</article>
{{ end }}
"#,
        ),
        (
            "layouts/case-studies/single.html",
            r#"{{ define "main" }}
<article>
<p>{{ .Params.company }} · {{ .Params.industry }}</p>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
{{ with .Params.metrics }}
<table><tr><th>Metric</th><th>Value</th></tr>
{{- range . }}
<tr><td>{{ .label }}</td><td>{{ .value }} {{ .unit }}</td></tr>
{{- end }}
</table>
{{ end }}
{{ .Content }}
{{ range .Params.quotes }}<blockquote><p>{{ .text }}</p><footer>{{ .who }}, {{ .role }}</footer></blockquote>{{ end }}
{{ with .GetTerms "regions" }}<p>Regions:{{ range . }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>{{ end }}
{{ with .GetTerms "pillars" }}<p>Pillars:{{ range . }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>{{ end }}
</article>
{{ end }}
"#,
        ),
        (
            "layouts/_default/list.html",
            r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{- range .Pages.ByWeight }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>
{{- end }}
</ul>
{{ end }}
"#,
        ),
        (
            "layouts/_default/taxonomy.html",
            r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<table>
<tr><th>Name</th><th>Summary</th><th>Playbooks</th></tr>
{{- range .Pages.ByWeight }}
<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.summary }}</td><td>{{ len (where .Pages "Section" "playbooks") }}</td></tr>
{{- end }}
</table>
{{ end }}
"#,
        ),
        (
            "layouts/_default/term.html",
            r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
{{ .Content }}
{{ $playbooks := where .Pages "Section" "playbooks" }}
{{ if eq .Data.Plural "regions" }}
{{ with .Params.frameworks }}<h2>Frameworks</h2><ul>{{ range . }}<li>{{ .name }} · {{ .authority }}</li>{{ end }}</ul>{{ end }}
{{ range (site.GetPage "/pillars").Pages.ByWeight }}
{{ $pillar := .Data.Term }}
<section>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Params.summary }}</p>
<ul>
{{- range where $playbooks "Params.pillar" $pillar }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>
{{- end }}
</ul>
</section>
{{ end }}
{{ with where .Pages "Section" "case-studies" }}
<h2>Case studies</h2>
{{ range . }}
<article><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.summary }}</p>
<ul>{{ range .Params.metrics }}<li>{{ .label }}: {{ .value }} {{ .unit }}</li>{{ end }}</ul></article>
{{ end }}
{{ end }}
{{ else }}
<h2>Playbooks</h2>
<ul>
{{- range $playbooks }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}{{ if .Params.all_regions }} (all regions){{ end }}</li>
{{- end }}
</ul>
{{ end }}
{{ end }}
"#,
        ),
        (
            "layouts/404.html",
            r#"{{ define "main" }}<h1>Page not found</h1><p><a href="{{ "/" | relURL }}">Home</a></p>{{ end }}
"#,
        ),
    ];
}

// ---------------------------------------------------------------------------
// Zola
// ---------------------------------------------------------------------------

mod zola {
    use super::*;

    fn link(model: &Model, target: Target, anchor: Option<&str>) -> String {
        let mut url = match target {
            Target::Playbook(j) => {
                let p = &model.plans[j];
                format!("@/playbooks/{}/{}.md", PILLARS[p.pillar].0, p.slug)
            }
            Target::CaseStudy(k) => format!("@/case-studies/{}.md", model.case_studies[k].slug),
        };
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        url
    }

    pub fn write(model: &Model, w: &mut Writer) -> Result<(), String> {
        let mut config = String::from(CONFIG);
        let order: Vec<&str> = PILLARS.iter().map(|p| p.0).collect();
        let _ = writeln!(config, "\n[extra]\npillar_order = {}", toml_list(&order));
        for p in &model.pillars {
            let _ = write!(
                config,
                "\n[extra.pillars.{}]\ntitle = {}\nsummary = {}\nbody = \"\"\"\n{}\"\"\"\n",
                p.slug,
                toml_str(p.title),
                toml_str(&p.summary),
                p.body
            );
        }
        for r in &model.regions {
            let _ = write!(
                config,
                "\n[extra.regions.{}]\nname = {}\nshort_name = {}\nsummary = {}\nlanguages = {}\noverview = \"\"\"\n{}\"\"\"\nframeworks = [{}]\n",
                r.slug,
                toml_str(r.name),
                toml_str(r.short_name),
                toml_str(&r.summary),
                toml_list(r.languages),
                r.overview,
                r.frameworks
                    .iter()
                    .map(|(n, a)| format!("{{ name = {}, authority = {} }}", toml_str(n), toml_str(a)))
                    .collect::<Vec<_>>()
                    .join(", ")
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
            "content/playbooks/_index.md",
            "+++\ntitle = \"Playbooks\"\nsort_by = \"weight\"\n+++\n",
        )?;
        for p in &model.pillars {
            w.put(
                &format!("content/playbooks/{}/_index.md", p.slug),
                &format!(
                    "+++\ntitle = {}\ntransparent = true\nrender = false\n+++\n",
                    toml_str(p.title)
                ),
            )?;
        }
        w.put(
            "content/case-studies/_index.md",
            "+++\ntitle = \"Case studies\"\nsort_by = \"date\"\n+++\n",
        )?;
        for (i, plan) in model.plans.iter().enumerate() {
            let meta = playbook_meta(i);
            let pillar = PILLARS[plan.pillar].0;
            let mut s = format!(
                "+++\ntitle = {}\ndescription = {}\nweight = {}\ndate = {}\n",
                toml_str(&plan.title),
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
            let _ = write!(
                s,
                "\n[taxonomies]\nregions = {}\npillars = [\"{pillar}\"]\n\n[extra]\nkind = \"playbook\"\npillar = \"{pillar}\"\nall_regions = {}\ncase_studies = {}\ntags = {}\n+++\n\n",
                toml_list(&model.playbook_region_slugs(i)),
                plan.regions.is_none(),
                toml_list(&cases),
                toml_list(&meta.tags)
            );
            s.push_str(&playbook_body(model, i).render(&|t, a| link(model, t, a)));
            w.put(&format!("content/playbooks/{pillar}/{}.md", plan.slug), &s)?;
        }
        for c in &model.case_studies {
            let pillars: Vec<&str> = c.pillars.iter().map(|&p| PILLARS[p].0).collect();
            let (text, who, role) = &c.quote;
            let mut s = format!(
                "+++\ntitle = {}\ndescription = {}\ndate = {}\n\n[taxonomies]\nregions = {}\npillars = {}\n\n[extra]\nkind = \"case-study\"\ncompany = {}\nindustry = {}\n",
                toml_str(&c.title),
                toml_str(&c.summary),
                c.date,
                toml_list(&model.region_slugs(&c.regions)),
                toml_list(&pillars),
                toml_str(&c.company),
                toml_str(c.industry),
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
                "+++\ntitle = \"About\"\ndescription = \"About these generated guides.\"\nweight = 10\n+++\n\n{}",
                model.about
            ),
        )
    }

    /// Zola 0.22 (highlighting by Giallo under `[markdown.highlighting]`;
    /// before 0.22 it was `[markdown] highlight_code = true`).
    const CONFIG: &str = r#"# Benchmark site written by examples/gen-site.rs (Zola flavour, Zola 0.22).
base_url = "https://bench.example.com/"
title = "Benchmark Expansion Guides"
description = "A generated site for timing builds: invented regions, playbooks and case studies."
default_language = "en"
compile_sass = false
build_search_index = true
generate_feeds = true
taxonomies = [
  { name = "regions" },
  { name = "pillars" },
]

[markdown.highlighting]
theme = "github-light"
style = "class"
"#;

    const TEMPLATES: &[(&str, &str)] = &[
        (
            "templates/base.html",
            r#"<!doctype html>
<html lang="{{ config.default_language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="canonical" href="{{ current_url | default(value=config.base_url) }}">
<link rel="stylesheet" href="{{ get_url(path="style.css") }}">
</head>
<body>
<header>
<a href="{{ config.base_url }}">{{ config.title }}</a>
<nav><a href="{{ get_url(path="regions/") }}">Regions</a> · <a href="{{ get_url(path="pillars/") }}">Pillars</a> · <a href="{{ get_url(path="@/case-studies/_index.md") }}">Case studies</a></nav>
<form action="{{ get_url(path="search/") }}" role="search"><input type="search" name="q" aria-label="Search"></form>
</header>
<main>
{% block main %}{% endblock main %}
</main>
<footer><p>{{ config.title }}</p></footer>
</body>
</html>
"#,
        ),
        (
            "templates/index.html",
            r#"{% extends "base.html" %}
{% block main %}
<h1>{{ config.title }}</h1>
<p>{{ config.description }}</p>
<h2>Region guides</h2>
<ul>
{%- for t in get_taxonomy(kind="regions").items %}
{%- set r = config.extra.regions[t.name] %}
<li><a href="{{ t.permalink }}">{{ r.name }}</a> {{ r.summary }} ({{ t.pages | filter(attribute="extra.kind", value="playbook") | length }} playbooks)</li>
{%- endfor %}
</ul>
<h2>The four pillars</h2>
<ul>
{%- for p in config.extra.pillar_order %}
{%- set pillar = config.extra.pillars[p] %}
<li><a href="{{ get_taxonomy_url(kind="pillars", name=p) }}">{{ pillar.title }}</a> {{ pillar.summary }}</li>
{%- endfor %}
</ul>
<h2>Recently updated playbooks</h2>
<ul>
{%- set playbooks = get_section(path="playbooks/_index.md") %}
{%- for p in playbooks.pages | sort(attribute="date") | reverse | slice(end=8) %}
<li><a href="{{ p.permalink }}">{{ p.title }}</a> {{ p.description }}</li>
{%- endfor %}
</ul>
{% endblock main %}
"#,
        ),
        (
            "templates/section.html",
            r#"{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{%- for p in section.pages %}
<li><a href="{{ p.permalink }}">{{ p.title }}</a> {{ p.description }}</li>
{%- endfor %}
</ul>
{% endblock main %}
"#,
        ),
        (
            "templates/page.html",
            r#"{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block main %}
<article>
{%- if page.extra.kind == "case-study" %}
<p>{{ page.extra.company }} · {{ page.extra.industry }}</p>
{%- endif %}
<h1>{{ page.title }}</h1>
{%- if page.description %}<p class="lead">{{ page.description }}</p>{% endif %}
{%- if page.extra.pillar %}
<p>Pillar: <a href="{{ get_taxonomy_url(kind="pillars", name=page.extra.pillar) }}">{{ config.extra.pillars[page.extra.pillar].title }}</a></p>
{%- endif %}
{%- if page.taxonomies.regions %}
<p>Applies to:{% for r in page.taxonomies.regions %} <a href="{{ get_taxonomy_url(kind="regions", name=r) }}">{{ config.extra.regions[r].name }}</a>{% endfor %}</p>
{%- endif %}
{%- if page.date %}<p>Published {{ page.date | date(format="%-d %B %Y") }}{% if page.updated %} · Updated {{ page.updated | date(format="%-d %B %Y") }}{% endif %}</p>{% endif %}
{%- if page.extra.metrics %}
<table><tr><th>Metric</th><th>Value</th></tr>
{%- for m in page.extra.metrics %}
<tr><td>{{ m.label }}</td><td>{{ m.value }} {{ m.unit }}</td></tr>
{%- endfor %}
</table>
{%- endif %}
{%- if page.toc %}
<nav class="toc"><ul>
{%- for h in page.toc %}
<li><a href="{{ h.permalink }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="{{ c.permalink }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>
{%- endfor %}
</ul></nav>
{%- endif %}
{{ page.content | safe }}
{%- if page.extra.quotes %}{% for q in page.extra.quotes %}<blockquote><p>{{ q.text }}</p><footer>{{ q.who }}, {{ q.role }}</footer></blockquote>{% endfor %}{% endif %}
{%- if page.extra.case_studies %}
<h2>Case studies</h2>
<ul>
{%- for c in page.extra.case_studies %}
{%- set cs = get_page(path="case-studies/" ~ c ~ ".md") %}
<li><a href="{{ cs.permalink }}"><strong>{{ cs.extra.company }}</strong>: {{ cs.title }}</a></li>
{%- endfor %}
</ul>
{%- endif %}
{%- if page.extra.tags %}<p>Tags:{% for t in page.extra.tags %} <span class="tag">{{ t }}</span>{% endfor %}</p>{% endif %}
</article>
{% endblock main %}
"#,
        ),
        (
            "templates/regions/list.html",
            r#"{% extends "base.html" %}
{% block title %}Regions · {{ config.title }}{% endblock title %}
{% block main %}
<h1>Regions</h1>
<table>
<tr><th>Name</th><th>Summary</th><th>Playbooks</th></tr>
{%- for t in terms %}
{%- set r = config.extra.regions[t.name] %}
<tr><td><a href="{{ t.permalink }}">{{ r.name }}</a></td><td>{{ r.summary }}</td><td>{{ t.pages | filter(attribute="extra.kind", value="playbook") | length }}</td></tr>
{%- endfor %}
</table>
{% endblock main %}
"#,
        ),
        (
            "templates/regions/single.html",
            r#"{% extends "base.html" %}
{% block title %}{{ config.extra.regions[term.name].name }} · {{ config.title }}{% endblock title %}
{% block main %}
{%- set r = config.extra.regions[term.name] %}
<h1>{{ r.name }}</h1>
<p class="lead">{{ r.summary }}</p>
{{ r.overview | markdown | safe }}
<h2>Frameworks</h2>
<ul>{% for f in r.frameworks %}<li>{{ f.name }} · {{ f.authority }}</li>{% endfor %}</ul>
{%- for p in config.extra.pillar_order %}
{%- set pillar = config.extra.pillars[p] %}
<section>
<h2><a href="{{ get_taxonomy_url(kind="pillars", name=p) }}">{{ pillar.title }}</a></h2>
<p>{{ pillar.summary }}</p>
<ul>
{%- for pg in term.pages | filter(attribute="extra.pillar", value=p) %}
<li><a href="{{ pg.permalink }}">{{ pg.title }}</a> {{ pg.description }}</li>
{%- endfor %}
</ul>
</section>
{%- endfor %}
{%- set cases = term.pages | filter(attribute="extra.kind", value="case-study") %}
{%- if cases %}
<h2>Case studies</h2>
{%- for c in cases %}
<article><h3><a href="{{ c.permalink }}">{{ c.title }}</a></h3><p>{{ c.description }}</p>
<ul>{% for m in c.extra.metrics %}<li>{{ m.label }}: {{ m.value }} {{ m.unit }}</li>{% endfor %}</ul></article>
{%- endfor %}
{%- endif %}
{% endblock main %}
"#,
        ),
        (
            "templates/pillars/list.html",
            r#"{% extends "base.html" %}
{% block title %}Pillars · {{ config.title }}{% endblock title %}
{% block main %}
<h1>Pillars</h1>
<table>
<tr><th>Name</th><th>Summary</th><th>Playbooks</th></tr>
{%- for t in terms %}
{%- set p = config.extra.pillars[t.name] %}
<tr><td><a href="{{ t.permalink }}">{{ p.title }}</a></td><td>{{ p.summary }}</td><td>{{ t.pages | filter(attribute="extra.kind", value="playbook") | length }}</td></tr>
{%- endfor %}
</table>
{% endblock main %}
"#,
        ),
        (
            "templates/pillars/single.html",
            r#"{% extends "base.html" %}
{% block title %}{{ config.extra.pillars[term.name].title }} · {{ config.title }}{% endblock title %}
{% block main %}
{%- set p = config.extra.pillars[term.name] %}
<h1>{{ p.title }}</h1>
<p class="lead">{{ p.summary }}</p>
{{ p.body | markdown | safe }}
<h2>Playbooks</h2>
<ul>
{%- for pg in term.pages | filter(attribute="extra.kind", value="playbook") %}
<li><a href="{{ pg.permalink }}">{{ pg.title }}</a> {{ pg.description }}{% if pg.extra.all_regions %} (all regions){% endif %}</li>
{%- endfor %}
</ul>
{% endblock main %}
"#,
        ),
        (
            "templates/404.html",
            r#"{% extends "base.html" %}
{% block main %}<h1>Page not found</h1><p><a href="{{ config.base_url }}">Home</a></p>{% endblock main %}
"#,
        ),
    ];
}
