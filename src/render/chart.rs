//! The index chart: rollbacks per month, stacked by severity, as inline SVG. It needs no
//! script or font, and draws text and axes in `currentColor` so it reads in light and
//! dark mdBook themes.

use super::markdown::escape_html;
use crate::index::Stats;
use std::fmt::Write;

/// The most recent months shown.
const MAX_MONTHS: usize = 36;
const BAR: usize = 22;
const GAP: usize = 8;
const PLOT_HEIGHT: usize = 140;
const LEFT: usize = 34;
const TOP: usize = 28;

/// Mid-tone colours that keep contrast on white and on dark backgrounds.
const PALETTE: &[&str] = &["#d1242f", "#e16f24", "#bf8700", "#2f81f7", "#8250df", "#1a7f37"];
const OTHER: &str = "#8c959f";

/// The SVG for a set of statistics; `severities` orders the stack and the legend.
pub fn rollbacks_per_month(stats: &Stats, severities: &[String]) -> String {
    let mut months: Vec<&(String, std::collections::BTreeMap<String, usize>)> =
        stats.by_month.iter().take(MAX_MONTHS).collect();
    months.reverse(); // oldest on the left
    let mut order: Vec<String> = severities.to_vec();
    for (_, counts) in &months {
        for s in counts.keys() {
            if !order.contains(s) {
                order.push(s.clone());
            }
        }
    }
    let color = |s: &str| {
        severities
            .iter()
            .position(|v| v == s)
            .and_then(|i| PALETTE.get(i))
            .copied()
            .unwrap_or(OTHER)
    };
    let max = months
        .iter()
        .map(|(_, c)| c.values().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let legend: Vec<&String> = order
        .iter()
        .filter(|s| months.iter().any(|(_, c)| c.contains_key(*s)))
        .collect();
    let legend_width: usize = legend.iter().map(|s| 24 + s.chars().count() * 7).sum();
    let width = (LEFT + months.len().max(1) * (BAR + GAP) + GAP).max(LEFT + legend_width + GAP);
    let height = TOP + PLOT_HEIGHT + 44;
    let mut svg = String::new();
    // A `<div>` line starts an HTML block; the SVG alone on a line would be inline HTML.
    svg.push_str("<div class=\"rollback-chart\">\n");
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%;height:auto;font-family:inherit;font-size:11px" aria-label="Rollbacks per month, by severity">"#
    );
    let _ = write!(svg, "<title>Rollbacks per month, by severity</title>");
    // Axis and scale.
    let base = TOP + PLOT_HEIGHT;
    let _ = write!(
        svg,
        r#"<g stroke="currentColor" stroke-opacity="0.4"><line x1="{LEFT}" y1="{base}" x2="{width}" y2="{base}"/></g>"#
    );
    let _ = write!(
        svg,
        r#"<g fill="currentColor"><text x="{}" y="{}" text-anchor="end">{max}</text><text x="{}" y="{base}" text-anchor="end">0</text></g>"#,
        LEFT - 4,
        TOP + 4,
        LEFT - 4
    );
    for (i, (month, counts)) in months.iter().enumerate() {
        let x = LEFT + GAP + i * (BAR + GAP);
        let mut y = base;
        for severity in &order {
            let Some(&n) = counts.get(severity) else { continue };
            let h = n * PLOT_HEIGHT / max;
            y -= h;
            let _ = write!(
                svg,
                r#"<rect x="{x}" y="{y}" width="{BAR}" height="{h}" fill="{}"><title>{}: {n} {}</title></rect>"#,
                color(severity),
                escape_html(month),
                escape_html(severity)
            );
        }
        let total: usize = counts.values().sum();
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="currentColor">{total}</text>"#,
            x + BAR / 2,
            y.saturating_sub(3)
        );
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" fill="currentColor" transform="rotate(-45 {} {})">{}</text>"#,
            x + BAR / 2 + 4,
            base + 14,
            x + BAR / 2 + 4,
            base + 14,
            escape_html(month)
        );
    }
    // Legend.
    let mut x = LEFT;
    for severity in legend {
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="6" width="10" height="10" fill="{}"/><text x="{}" y="15" fill="currentColor">{}</text>"#,
            color(severity),
            x + 14,
            escape_html(severity)
        );
        x += 24 + severity.chars().count() * 7;
    }
    svg.push_str("</svg>\n</div>");
    svg
}
