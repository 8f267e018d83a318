//! Case-study metrics as an accessible SVG bar chart, generated at build time
//! (no JavaScript). Only metrics that compare on one scale are charted: two
//! or more of the same unit, scaled within that unit (comparing dollars with
//! people means nothing); a figure alone in its unit is shown as a figure by
//! the page, never as a bar. Every bar carries its value as text.

use crate::base::html::escape as html_escape;
use crate::content::case_study::Metric;
use std::fmt::Write as _;

/// "150,000" for 150000, "2.5" for 2.5, "3–4" for a range.
pub fn display_value(m: &Metric) -> String {
    match m.value_max {
        Some(max) if max != m.value => format!("{}–{}", format_number(m.value), format_number(max)),
        _ => format_number(m.value),
    }
}

pub fn format_number(v: f64) -> String {
    if v.fract() != 0.0 {
        return format!("{v}");
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// An inline `<svg role="img">` of the metrics that share their unit with
/// another, or "" when none does.
pub fn metrics_svg(id: &str, title: &str, metrics: &[Metric]) -> String {
    let shares_unit = |m: &Metric| metrics.iter().filter(|o| o.unit == m.unit).count() > 1;
    let metrics: Vec<&Metric> = metrics.iter().filter(|m| shares_unit(m)).collect();
    if metrics.is_empty() {
        return String::new();
    }
    const WIDTH: f64 = 640.0;
    const LABEL_H: f64 = 22.0;
    const BAR_H: f64 = 22.0;
    const GAP: f64 = 14.0;
    const VALUE_W: f64 = 170.0;
    let row_h = LABEL_H + BAR_H + GAP;
    let height = row_h * metrics.len() as f64;
    let max_of = |unit: &str| {
        metrics
            .iter()
            .filter(|m| m.unit == unit)
            .map(|m| m.value_max.unwrap_or(m.value).abs())
            .fold(0.0_f64, f64::max)
    };
    let mut desc = String::new();
    for m in &metrics {
        let _ = write!(desc, "{}: {} {}. ", m.label, display_value(m), m.unit);
    }
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"metrics-chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
         preserveAspectRatio=\"xMinYMin meet\" aria-labelledby=\"{id}-title {id}-desc\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        html_escape(title),
        html_escape(desc.trim_end())
    );
    for (i, m) in metrics.iter().enumerate() {
        let y = i as f64 * row_h;
        let max = max_of(&m.unit);
        let share = if max > 0.0 {
            m.value_max.unwrap_or(m.value).abs() / max
        } else {
            0.0
        };
        let bar_w = ((WIDTH - VALUE_W) * share).max(2.0);
        let value = format!("{} {}", display_value(m), m.unit);
        let _ = write!(
            svg,
            "<g class=\"metric\"><text class=\"metric-label\" x=\"0\" y=\"{:.0}\">{}</text>\
             <rect class=\"metric-bar\" x=\"0\" y=\"{:.0}\" width=\"{bar_w:.1}\" height=\"{BAR_H}\" rx=\"3\"/>\
             <text class=\"metric-value\" x=\"{:.1}\" y=\"{:.0}\">{}</text></g>",
            y + 16.0,
            html_escape(&m.label),
            y + LABEL_H,
            bar_w + 8.0,
            y + LABEL_H + 16.0,
            html_escape(value.trim_end()),
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(label: &str, value: f64, max: Option<f64>, unit: &str) -> Metric {
        Metric {
            label: label.into(),
            value,
            value_max: max,
            unit: unit.into(),
        }
    }

    #[test]
    fn numbers_and_ranges() {
        assert_eq!(format_number(150000.0), "150,000");
        assert_eq!(format_number(40_000_000.0), "40,000,000");
        assert_eq!(format_number(49.0), "49");
        assert_eq!(display_value(&metric("d", 3.0, Some(4.0), "deals")), "3–4");
    }

    #[test]
    fn chart_is_accessible_scaled_per_unit_and_leaves_single_figures_out() {
        let svg = metrics_svg(
            "qlik",
            "Qlik <figures>",
            &[
                metric("Karpenter", 150000.0, None, "USD/month"),
                metric("AMD", 100000.0, None, "USD/month"),
                metric("People", 49.0, None, "people"),
                metric("Trained", 12.0, None, "people"),
                metric("Regions", 5.0, None, "regions"),
            ],
        );
        assert!(svg.starts_with("<svg class=\"metrics-chart\" role=\"img\""));
        assert!(svg.contains("<title id=\"qlik-title\">Qlik &lt;figures&gt;</title>"));
        assert!(svg.contains("Karpenter: 150,000 USD/month."));
        // The largest bar of each unit spans the full width.
        assert_eq!(svg.matches("width=\"470.0\"").count(), 2);
        assert_eq!(svg.matches("<rect").count(), 4);
        // A figure alone in its unit is not charted.
        assert!(!svg.contains("Regions"), "{svg}");
        assert!(metrics_svg("x", "x", &[]).is_empty());
        let singles = [metric("A", 1.0, None, "x"), metric("B", 2.0, None, "y")];
        assert!(metrics_svg("x", "x", &singles).is_empty());
    }
}
