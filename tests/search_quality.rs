//! Search quality, held fixed: a set of queries on a generated site of 700
//! playbooks with the results, their order, their count and the facet
//! counts a reader sees on /search/, compared with
//! `tests/search_quality/expected.txt`.
//!
//! Any change to what guidegen indexes, or how, must leave this
//! file as it is, or change it on purpose: after such a change, run
//! `GUIDEGEN_BLESS=1 cargo test --test search_quality` and review the
//! diff of expected.txt as part of the change.

mod util;
use std::fmt::Write as _;
use util::browser::{serve_dir, Browser};
use util::TestSite;

/// Pages of generated text: enough for the index's words to span many
/// chunks.
const PLAYBOOKS: usize = 700;

const PILLARS: &[&str] = &[
    "strategy",
    "technical-readiness",
    "compliance",
    "go-to-market",
];

/// Common words of the generated text, the first ones the most frequent.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "region", "data", "customer", "partner", "cost", "latency", "residency", "contract",
    "marketplace", "tenant", "cluster", "audit", "pricing", "reseller", "invoice", "quota",
    "sovereign", "licence", "storage", "network", "backup", "encryption", "procurement",
    "localisation", "support", "billing", "gateway", "failover", "sandbox", "onboarding",
    "telemetry", "retention", "escrow", "tariff", "consent", "arabic", "ministry", "channel",
    "forecast", "roadmap", "milestone", "charter", "ledger", "treasury", "warehouse", "runbook",
    "karpenter", "autoscaling", "kubernetes", "terraform",
];

/// Rare words are two of these (400 words, each on a few dozen pages).
#[rustfmt::skip]
const SYLLABLES: &[&str] = &[
    "ka", "lo", "vir", "den", "sal", "mu", "tor", "ben", "qui", "far",
    "nel", "pas", "rim", "go", "ste", "wal", "hex", "dor", "lin", "ju",
];

/// The queries, as a reader types them on /search/ (with any facet in the
/// URL): common and rare words, two words, a word's start, a stem.
const QUERIES: &[&str] = &[
    "region",
    "escrow",
    "terraform",
    "virden",
    "salmu",
    "torben",
    "quifar",
    "nelpas rimgo",
    "data residency",
    "hexdo",
    "encrypt",
    "acme",
    "marketplace&region=UAE",
    "pricing&pillar=Compliance",
    "%E5%90%88%E8%A7%84",
];

/// A small deterministic generator (an LCG): the same site on every machine.
struct Text(u64);

impl Text {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A word: one in five rare, the others common, the early ones far
    /// more often (square of a uniform draw).
    fn word(&mut self) -> String {
        if self.next().is_multiple_of(5) {
            let first = SYLLABLES[(self.next() % 20) as usize];
            let second = SYLLABLES[(self.next() % 20) as usize];
            return format!("{first}{second}");
        }
        let r = (self.next() % 1000) as f64 / 1000.0;
        WORDS[((r * r) * WORDS.len() as f64) as usize].to_string()
    }

    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

fn quality_site() -> TestSite {
    let site = TestSite::new("minimal");
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("{config}\n[social]\ncards = false\n"),
    );
    for i in 0..PLAYBOOKS {
        let mut text = Text(i as u64 + 1);
        let title = text.words(3);
        let pillar = PILLARS[(text.next() % 4) as usize];
        let regions = match text.next() % 3 {
            0 => "\"ksa\"",
            1 => "\"uae\"",
            _ => "\"ksa\", \"uae\"",
        };
        let summary = text.words(8);
        let body = format!(
            "{}.\n\n## {}\n\n{}.\n\n## {}\n\n{}.\n",
            text.words(40),
            text.words(2),
            text.words(40),
            text.words(2),
            text.words(40)
        );
        site.write(
            &format!("content/playbooks/gen/p{i:03}.md"),
            format!("+++\ntitle = \"{title}\"\npillar = \"{pillar}\"\nregions = [{regions}]\nsummary = \"{summary}\"\n+++\n\n{body}"),
        );
    }
    site
}

/// What /search/ shows for `query`: the count line, the ten results and,
/// once opened, the facet counts.
async fn shown(browser: &Browser, url: &str, query: &str) -> String {
    browser.goto(&format!("{url}/search/?q={query}")).await;
    browser.wait_until("const r = document.querySelector('[data-search-results]'); return !!r && r.dataset.state === 'done';", 30).await;
    if !browser
        .eval("return document.querySelector('[data-search-filters]').open;")
        .await
        .as_bool()
        .unwrap()
    {
        browser
            .eval("document.querySelector('[data-search-filters] > summary').click(); return true;")
            .await;
    }
    browser.wait_until("return !!document.querySelector('[data-facet]') && document.querySelector('[data-search-results]').dataset.state === 'done';", 30).await;
    let seen = browser
        .eval(
            "return {
                status: document.querySelector('[data-search-status]').textContent,
                results: [...document.querySelectorAll('[data-search-results] h2 a')].map(a => a.getAttribute('href')),
                facets: [...document.querySelectorAll('[data-facet] .facet-option')].map(o =>
                    o.closest('[data-facet]').dataset.facet + ' ' + o.querySelector('input').value + ' ' + o.querySelector('.facet-count').textContent),
            };",
        )
        .await;
    let mut out = format!("q={query}\n  {}\n", seen["status"].as_str().unwrap());
    for (rank, href) in seen["results"].as_array().unwrap().iter().enumerate() {
        writeln!(out, "  {:>2} {}", rank + 1, href.as_str().unwrap()).unwrap();
    }
    for facet in seen["facets"].as_array().unwrap() {
        writeln!(out, "  facet {}", facet.as_str().unwrap()).unwrap();
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn queries_show_the_recorded_results_ranks_and_facets() {
    let site = quality_site();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    let mut found = String::new();
    for query in QUERIES {
        found.push_str(&shown(&browser, &url, query).await);
    }
    browser.close().await;

    let expected_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search_quality/expected.txt");
    if std::env::var_os("GUIDEGEN_BLESS").is_some() {
        std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
        std::fs::write(&expected_path, &found).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if found != expected {
        let first = found
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| found.lines().count().min(expected.lines().count()));
        panic!(
            "search results differ from {} from line {}:\n  found:    {:?}\n  expected: {:?}\n(after an intended change: GUIDEGEN_BLESS=1 cargo test --test search_quality, and review the diff)\n\nfound:\n{found}",
            expected_path.display(),
            first + 1,
            found.lines().nth(first),
            expected.lines().nth(first),
        );
    }
}
