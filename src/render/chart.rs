//! The index chart: rollbacks per month, stacked by severity, as inline SVG. It needs no
//! script or font, and draws text and axes in `currentColor` so it reads in light and
//! dark mdBook themes.

use super::markdown::escape_html;
use crate::index::Stats;
use std::fmt::Write;

/// The most recent months shown.
const MAX_MONTHS: usize = 36;
/// A month's bar and the gap after it, when there is room.
const BAR: usize = 22;
const GAP: usize = 8;
/// The width the months share: the chart fits mdBook's text column without being shrunk,
/// so its text stays as large as the page's. Many months get narrower bars.
const PLOT_WIDTH: usize = 690;
/// Narrower than this, the chart scrolls rather than shrinks its text out of reading.
const MIN_SHOWN_WIDTH: usize = 600;
const PLOT_HEIGHT: usize = 140;
const LEFT: usize = 34;
const TOP: usize = 30;

/// The severities' colours, most severe first, for mdBook's light themes (`light`,
/// `rust`): told apart under red-green and blue-yellow colour blindness by lightness as
/// well as hue (red and blue dark, orange and light blue lighter), each at least 3:1 on
/// both themes' backgrounds. A scale longer than this starts again from the first.
const PALETTE: &[&str] = &[
    "#b2182b", "#c24e00", "#4a7bb7", "#1f4e96", "#8250df", "#1a7f37", "#9a6700", "#bf3989",
];
/// The same for mdBook's dark themes (`coal`, `navy`, `ayu`), each at least 6:1 on them,
/// set by a style that overrides the bars' own colour.
const DARK_PALETTE: &[&str] = &[
    "#ff6b6b", "#f4a261", "#8ecae6", "#4ea8de", "#bc8cff", "#56d364", "#d29922", "#f778ba",
];
/// A severity that is none of the template's (`(none)`), in every theme: at least 3:1 on
/// all of them.
const OTHER: &str = "#6e7781";

/// The style that gives the bars their dark-theme colours (in the SVG, it is the page's).
fn chart_style() -> String {
    // A line of the page's background between a bar's severities, which may be close in
    // colour.
    let mut style = String::from("<style>.rollback-chart rect{stroke:var(--bg);stroke-width:1px}");
    for (i, color) in DARK_PALETTE.iter().enumerate() {
        let _ = write!(
            style,
            ":is(.coal,.navy,.ayu) .rollback-s{i}{{fill:{color}}}"
        );
    }
    style.push_str("</style>");
    style
}

/// The months to show: a continuous run ending at the latest month with a rollback, at
/// least 12 and at most 36 long, so quiet months show as gaps.
fn month_range(stats: &Stats) -> Vec<String> {
    let parse = |m: &str| -> Option<i32> {
        let (y, mo) = m.split_once('-')?;
        Some(y.parse::<i32>().ok()? * 12 + mo.parse::<i32>().ok()? - 1)
    };
    let known: Vec<i32> = stats
        .by_month
        .iter()
        .filter_map(|(m, _)| parse(m))
        .collect();
    let (Some(&last), Some(&first)) = (known.iter().max(), known.iter().min()) else {
        return Vec::new();
    };
    let span = usize::try_from(last - first + 1)
        .unwrap_or(1)
        .clamp(12, MAX_MONTHS);
    let span = i32::try_from(span).unwrap_or(12);
    (last - span + 1..=last)
        .map(|m| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1))
        .collect()
}

/// The SVG for a set of statistics; `severities` orders the stack and the legend.
pub fn rollbacks_per_month(stats: &Stats, severities: &[String]) -> String {
    let empty = std::collections::BTreeMap::new();
    let months: Vec<(String, &std::collections::BTreeMap<String, usize>)> = month_range(stats)
        .into_iter()
        .map(|m| {
            let counts = stats
                .by_month
                .iter()
                .find(|(k, _)| *k == m)
                .map_or(&empty, |(_, c)| c);
            (m, counts)
        })
        .collect();
    let mut order: Vec<String> = severities.to_vec();
    for (_, counts) in &months {
        for s in counts.keys() {
            if !order.contains(s) {
                order.push(s.clone());
            }
        }
    }
    // A bar's colour, and its class for the dark themes' colour.
    let color = |s: &str| {
        let i = severities
            .iter()
            .position(|v| v == s)
            .map(|i| i % PALETTE.len());
        match i {
            Some(i) => (PALETTE[i], format!(" class=\"rollback-s{i}\"")),
            None => (OTHER, String::new()),
        }
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
    let slot = (PLOT_WIDTH / months.len().max(1)).clamp(14, BAR + GAP);
    let (bar, gap) = (slot * BAR / (BAR + GAP), slot - slot * BAR / (BAR + GAP));
    // A count over each bar only where it fits (every count is in the table below).
    let counts_fit = slot >= 24;
    let width = (LEFT + months.len().max(1) * slot + gap).max(LEFT + legend_width + gap);
    let height = TOP + PLOT_HEIGHT + 44;
    let base = TOP + PLOT_HEIGHT;
    let mut svg = String::new();
    // A `<div>` line starts an HTML block; the SVG alone on a line would be inline HTML.
    // Right to left, a chart too wide for a phone starts scrolled to its latest month.
    svg.push_str("<div class=\"rollback-chart\" style=\"overflow-x:auto;direction:rtl\">\n");
    // Its name says what it shows, and where the same numbers are as text.
    let shown: usize = months.iter().map(|(_, c)| c.values().sum::<usize>()).sum();
    let name = format!(
        "Rollbacks per month, by severity: {shown} in the {} months to {}; the numbers of each month are in the By month table",
        months.len(),
        months.last().map_or("", |(m, _)| m.as_str())
    );
    let name = escape_html(&name);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="display:block;margin-right:auto;direction:ltr;max-width:100%;min-width:{}px;height:auto;font-family:inherit;font-size:11px" aria-label="{name}">"#,
        width.min(MIN_SHOWN_WIDTH)
    );
    let _ = write!(svg, "<title>{name}</title>");
    svg.push_str(&chart_style());
    let _ = write!(
        svg,
        r#"<g stroke="currentColor" stroke-opacity="0.4"><line x1="{LEFT}" y1="{base}" x2="{width}" y2="{base}"/><line x1="{LEFT}" y1="{TOP}" x2="{width}" y2="{TOP}" stroke-dasharray="2 3" stroke-opacity="0.5"/></g>"#
    );
    let _ = write!(
        svg,
        r#"<g fill="currentColor" text-anchor="end"><text x="{}" y="{}">{max}</text><text x="{}" y="{base}">0</text></g>"#,
        LEFT - 4,
        TOP + 4,
        LEFT - 4
    );
    for (i, (month, counts)) in months.iter().enumerate() {
        let x = LEFT + gap + i * slot;
        let mut y = base;
        for severity in &order {
            let Some(&n) = counts.get(severity) else {
                continue;
            };
            let h = n * PLOT_HEIGHT / max;
            y -= h;
            let _ = write!(
                svg,
                r#"<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="{}"{}><title>{}: {n} {}</title></rect>"#,
                color(severity).0,
                color(severity).1,
                escape_html(month),
                escape_html(severity)
            );
        }
        let total: usize = counts.values().sum();
        if counts_fit && total > 0 && total < max {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" text-anchor="middle" fill="currentColor">{total}</text>"#,
                x + bar / 2,
                y.saturating_sub(3)
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" fill="currentColor" transform="rotate(-45 {} {})">{}</text>"#,
            x + bar / 2 + 4,
            base + 14,
            x + bar / 2 + 4,
            base + 14,
            escape_html(month)
        );
    }
    let mut x = LEFT;
    for severity in legend {
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="4" width="10" height="10" fill="{}"{}/><text x="{}" y="13" fill="currentColor">{}</text>"#,
            color(severity).0,
            color(severity).1,
            x + 14,
            escape_html(severity)
        );
        x += 24 + severity.chars().count() * 7;
    }
    svg.push_str("</svg>\n");
    // Rollbacks older than the months shown are said to be left out.
    let earlier: usize = months.first().map_or(0, |(first, _)| {
        stats
            .by_month
            .iter()
            .filter(|(month, _)| month < first)
            .map(|(_, counts)| counts.values().sum::<usize>())
            .sum()
    });
    if earlier > 0
        && let Some((last, _)) = months.last()
    {
        let _ = writeln!(
            svg,
            "<p><small>The {} months to {}; {earlier} earlier {} not shown.</small></p>",
            months.len(),
            escape_html(last),
            crate::render::diagnostics::plural(earlier, "rollback is", "rollbacks are"),
        );
    }
    svg.push_str("</div>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(months: &[(&str, &str, usize)]) -> Stats {
        let mut by_month: Vec<(String, std::collections::BTreeMap<String, usize>)> = Vec::new();
        for (m, s, n) in months {
            let mut counts = std::collections::BTreeMap::new();
            counts.insert(s.to_string(), *n);
            by_month.push((m.to_string(), counts));
        }
        Stats {
            rollbacks: 0,
            duration: Default::default(),
            by_severity: Vec::new(),
            by_service: Vec::new(),
            by_month,
            by_tag: Vec::new(),
        }
    }

    #[test]
    fn quiet_months_are_shown() {
        let months = month_range(&stats(&[("2024-03", "High", 1), ("2023-11", "Low", 2)]));
        assert_eq!(months.len(), 12);
        assert_eq!(months.first().map(String::as_str), Some("2023-04"));
        assert_eq!(months.last().map(String::as_str), Some("2024-03"));
    }

    #[test]
    fn rollbacks_before_the_months_shown_are_said_to_be_left_out() {
        let svg = rollbacks_per_month(
            &stats(&[
                ("2016-05", "High", 2),
                ("2022-10", "Low", 1),
                ("2025-09", "Low", 1),
            ]),
            &["High".into()],
        );
        assert!(
            svg.contains("<p><small>The 36 months to 2025-09; 2 earlier rollbacks are not shown.</small></p>\n</div>"),
            "{svg}"
        );
        let svg = rollbacks_per_month(&stats(&[("2025-09", "Low", 1)]), &[]);
        assert!(!svg.contains("not shown"));
    }

    /// A screen reader hears what the chart shows and where its numbers are as text.
    #[test]
    fn the_chart_is_named_by_what_it_shows() {
        let svg = rollbacks_per_month(
            &stats(&[
                ("2016-05", "High", 2),
                ("2025-08", "Low", 3),
                ("2025-09", "Low", 1),
            ]),
            &["High".into(), "Low".into()],
        );
        let name = "Rollbacks per month, by severity: 4 in the 36 months to 2025-09; the numbers of each month are in the By month table";
        assert!(svg.contains(&format!(r#"aria-label="{name}">"#)), "{svg}");
        assert!(svg.contains(&format!("<title>{name}</title>")), "{svg}");
    }

    /// However many months, the chart fits mdBook's column (about 750 px) unshrunk, and on
    /// a phone it scrolls rather than shrink below 600 px.
    #[test]
    fn the_chart_fits_the_column_at_any_number_of_months() {
        let width = |svg: &str| -> usize {
            let needle = "viewBox=\"0 0 ";
            let at = svg.find(needle).unwrap() + needle.len();
            svg[at..].split(' ').next().unwrap().parse().unwrap()
        };
        let three_years: Vec<(String, &str, usize)> = (0..36)
            .map(|m| {
                (
                    format!("{:04}-{:02}", 2022 + m / 12, m % 12 + 1),
                    "High",
                    50 + m,
                )
            })
            .collect();
        let borrowed: Vec<(&str, &str, usize)> = three_years
            .iter()
            .map(|(m, s, n)| (m.as_str(), *s, *n))
            .collect();
        let svg = rollbacks_per_month(&stats(&borrowed), &["High".into()]);
        assert!(width(&svg) <= 730, "{}", width(&svg));
        assert!(svg.contains("min-width:600px"));
        assert!(
            !svg.contains(">60</text>"),
            "no counts crammed over narrow bars"
        );
        let svg = rollbacks_per_month(&stats(&borrowed[24..]), &["High".into()]);
        assert_eq!(width(&svg), 34 + 12 * 30 + 8);
        assert!(svg.contains(&format!("min-width:{}px", 34 + 12 * 30 + 8)));
        assert!(svg.contains(">80</text>"), "counts over bars wide enough");
    }

    #[test]
    fn the_chart_is_self_contained_and_escaped() {
        let svg = rollbacks_per_month(&stats(&[("2024-03", "<script>", 2)]), &["High".into()]);
        assert!(svg.starts_with(
            "<div class=\"rollback-chart\" style=\"overflow-x:auto;direction:rtl\">\n<svg"
        ));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("href") && !svg.contains("@import") && !svg.contains("url("));
    }

    /// Each severity keeps its colour in the dark themes, where a style gives it a lighter
    /// one; a scale longer than the palette starts it again, and a severity that is none
    /// of the scale's is grey.
    #[test]
    fn bars_have_a_colour_for_light_and_for_dark_themes() {
        let severities: Vec<String> = (0..10).map(|i| format!("SEV{i}")).collect();
        let mut rows: Vec<(String, &str, usize)> = severities
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("2024-{:02}", i + 1), s.as_str(), 1))
            .collect();
        rows.push(("2024-11".into(), "(none)", 1));
        let rows: Vec<(&str, &str, usize)> =
            rows.iter().map(|(m, s, n)| (m.as_str(), *s, *n)).collect();
        let svg = rollbacks_per_month(&stats(&rows), &severities);
        for i in 0..severities.len() {
            let (light, dark) = (PALETTE[i % 8], DARK_PALETTE[i % 8]);
            let class = format!("rollback-s{}", i % 8);
            assert!(
                svg.contains(&format!("fill=\"{light}\" class=\"{class}\"")),
                "{i}"
            );
            assert!(svg.contains(&format!(".{class}{{fill:{dark}}}")), "{i}");
        }
        assert_eq!(
            svg.matches(&format!("fill=\"{OTHER}\"")).count(),
            2,
            "the bar and its key"
        );
    }

    /// WCAG's contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let luminance = |hex: &str| {
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if c <= 0.039_28 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        };
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// Every bar stands out 3:1 from the page (WCAG's minimum for graphics) in each of
    /// mdBook's themes, and every colour of a palette is its own.
    #[test]
    fn every_colour_is_distinct_and_readable_in_every_theme() {
        let (light_themes, dark_themes) =
            (["#ffffff", "#e1e1db"], ["#141617", "#161923", "#0f1419"]);
        for (palette, backgrounds) in [
            (PALETTE, &light_themes[..]),
            (DARK_PALETTE, &dark_themes[..]),
        ] {
            for color in palette.iter().chain([&OTHER]) {
                for background in backgrounds {
                    assert!(
                        contrast(color, background) >= 3.0,
                        "{color} on {background}"
                    );
                }
            }
            let mut distinct: Vec<&&str> = palette.iter().chain([&OTHER]).collect();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), palette.len() + 1);
        }
    }
}
