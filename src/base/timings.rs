//! `guidegen build --timings`: how long each stage of a build took, and the
//! slowest templates and pages (what Hugo's `--templateMetrics` gives).
//! Recording is cheap and always on; printing is on request.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

#[derive(Debug, Default, Clone)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    /// (page URL, template, time spent in Tera).
    pages: Vec<(String, &'static str, Duration)>,
    /// How much work a stage did (`images encoded`), when it says.
    counts: Vec<(&'static str, usize)>,
    /// What a stage did, in a line (`social cards: 3 drawn, 40 from the
    /// cache`).
    notes: Vec<String>,
}

impl Timings {
    pub fn stage(&mut self, name: &'static str, took: Duration) {
        self.stages.push((name, took));
    }

    pub fn count(&mut self, name: &'static str, n: usize) {
        self.counts.push((name, n));
    }

    pub fn note(&mut self, line: String) {
        self.notes.push(line);
    }

    pub fn page(&mut self, url: &str, template: &'static str, took: Duration) {
        self.pages.push((url.to_string(), template, took));
    }

    /// A plain-text report: stages in order, then the ten slowest templates
    /// (total time, pages, mean) and the ten slowest pages.
    pub fn report(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut out = String::from(
            "Timings (wall clock; templates and pages are CPU time summed across threads)\n",
        );
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        for (name, took) in &self.stages {
            let share = if total.is_zero() {
                0.0
            } else {
                100.0 * took.as_secs_f64() / total.as_secs_f64()
            };
            let _ = writeln!(out, "  {name:<26} {:>9.1} ms {share:>5.1}%", ms(*took));
        }
        let _ = writeln!(out, "  {:<26} {:>9.1} ms", "total", ms(total));
        for (name, n) in &self.counts {
            let _ = writeln!(out, "  {name:<26} {n:>9}");
        }
        for note in &self.notes {
            let _ = writeln!(out, "  {note}");
        }

        let mut by_template: BTreeMap<&str, (Duration, usize)> = BTreeMap::new();
        for (_, template, took) in &self.pages {
            let entry = by_template.entry(template).or_default();
            entry.0 += *took;
            entry.1 += 1;
        }
        let mut templates: Vec<_> = by_template.into_iter().collect();
        templates.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        out.push_str("Slowest templates (total, pages, mean)\n");
        for (name, (took, count)) in templates.iter().take(10) {
            let mean = ms(*took) / *count as f64;
            let _ = writeln!(
                out,
                "  {name:<26} {:>9.1} ms {count:>6} {mean:>8.2} ms",
                ms(*took)
            );
        }
        let mut pages: Vec<_> = self.pages.iter().collect();
        pages.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        out.push_str("Slowest pages\n");
        for (url, template, took) in pages.iter().take(10) {
            let _ = writeln!(out, "  {:>9.2} ms  {url} ({template})", ms(*took));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lists_stages_templates_and_pages_slowest_first() {
        let mut t = Timings::default();
        t.stage("load", Duration::from_millis(10));
        t.stage("templates", Duration::from_millis(30));
        t.page("/a/", "page.html", Duration::from_millis(1));
        t.page("/b/", "region.html", Duration::from_millis(5));
        t.page("/c/", "page.html", Duration::from_millis(2));
        let report = t.report();
        assert!(
            report.contains("load") && report.contains("75.0%"),
            "{report}"
        );
        let templates = report.split("Slowest templates").nth(1).unwrap();
        assert!(
            templates.find("region.html").unwrap() < templates.find("page.html").unwrap(),
            "{report}"
        );
        let pages = report.split("Slowest pages").nth(1).unwrap();
        assert!(pages.find("/b/").unwrap() < pages.find("/c/").unwrap());
    }
}
