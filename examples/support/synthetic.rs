//! A deterministic synthetic handbook for benchmarks: N reports with varied services,
//! severities, versions and timelines (across midnight and zones), plus non-report
//! chapters with tables, code and footnotes. The same N always gives the same bytes.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (64-bit LCG), so no dependency is needed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const SERVICES: &[&str] = &[
    "payments",
    "search",
    "checkout",
    "identity",
    "ledger",
    "notifications",
    "catalog",
    "pricing",
    "gateway",
    "reports",
];
const SEVERITIES: &[&str] = &["Critical", "High", "Medium", "Low"];
const ZONES: &[&str] = &["UTC", "UTC", "UTC", "CET", "+02:00", "America/New_York"];

/// The versions of release `k`: a steady walk through semver.
pub fn version(k: u64) -> String {
    format!("{}.{}.{}", 1 + k / 100, (k / 10) % 10, k % 10)
}

/// One report's text. `versions` is (from, to).
pub fn report(i: u64, versions: (String, String), rng: &mut Rng) -> String {
    let service = SERVICES[(i % SERVICES.len() as u64) as usize];
    let severity = SEVERITIES[rng.below(4) as usize];
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 12;
    let year = 2020 + (i / 336) % 6;
    let start_minute = rng.below(24 * 60);
    let duration = 5 + rng.below(180);
    let (sh, sm) = (start_minute / 60, start_minute % 60);
    let end = start_minute + duration;
    let (end_day_offset, eh, em) = (end / (24 * 60), (end / 60) % 24, end % 60);
    let mut text = String::new();
    let front = i.is_multiple_of(2);
    if front {
        let _ = write!(
            text,
            "---\nservice: {service}\nfrom-version: {}\nto-version: {}\ntags: [{service}, synthetic]\nstatus: resolved\n---\n\n",
            versions.0, versions.1
        );
    }
    let _ = write!(
        text,
        "# Rollback Report: {service} {} (#{i})\n\n",
        versions.0
    );
    text.push_str(
        "This report documents the rollback process, its reasons, actions taken, and outcomes.\n\n",
    );
    let _ = write!(
        text,
        "## 1. Executive Summary\n\n{service} {} failed health checks in production. We rolled {service} back{} and the service recovered.\n\n",
        versions.0,
        if front {
            String::new()
        } else {
            format!(" from {} to {}", versions.0, versions.1)
        }
    );
    text.push_str("## 2. Rollback Trigger\n\n### 2.1. Reason for Rollback\n\nError rates rose above the SLO within minutes of the deploy.\n\n");
    let _ = write!(text, "### 2.2. Severity Level\n\n{severity}\n\n");
    text.push_str("### 2.3. Impact Assessment\n\nA share of requests failed; retries absorbed most of them.\n\n");
    let _ = write!(
        text,
        "## 3. Rollback Procedure\n\n### 3.1. Rollback Plan\n\n1. Freeze deploys.\n2. Redeploy {}.\n3. Watch error rates.\n\n### 3.2. Rollback Execution\n\n",
        versions.1
    );
    let events = 3 + rng.below(6);
    for e in 0..events {
        let minute = start_minute + duration * (e + 1) / (events + 1);
        let zone = ZONES[rng.below(ZONES.len() as u64) as usize];
        let offset = match zone {
            "CET" => 60,
            "+02:00" => 120,
            "America/New_York" => {
                if (3..=10).contains(&month) {
                    -240
                } else {
                    -300
                }
            }
            _ => 0,
        };
        let local = (minute as i64 + offset).rem_euclid(24 * 60);
        let _ = writeln!(
            text,
            "- {:02}:{:02} {zone} — step {e} of the rollback: `deploy {service}`",
            local / 60,
            local % 60
        );
    }
    text.push_str("\nExecuted as planned.\n\n");
    let end_date = format!("{year}-{month:02}-{:02}", day + end_day_offset);
    let _ = write!(
        text,
        "### 3.3. Rollback Time\n\n*   Start Time: {year}-{month:02}-{day:02} {sh:02}:{sm:02} UTC\n*   End Time: {end_date} {eh:02}:{em:02} UTC\n\n"
    );
    text.push_str("### 3.4. Personnel Involved\n\n*   Alex Kim: Incident Commander\n*   Sam Lee: On-call engineer\n\n");
    text.push_str("## 4. Post-Rollback Analysis\n\n### 4.1. Verification of Rollback Success\n\nSynthetic checks passed for an hour.\n\n");
    text.push_str("### 4.2. Root Cause Analysis (Initial)\n\nA configuration change interacted badly with peak traffic.\n\n");
    text.push_str("### 4.3. Corrective Actions\n\n1. Add a canary stage.\n2. Alert earlier.\n\n");
    text.push_str("### 4.4. Lessons Learned\n\n- Rollbacks are fast; detection was the slow part.\n\n## 5. Appendix\n\nN/A\n");
    text
}

/// A non-report chapter with the Markdown that preprocessors tend to damage.
pub fn chapter(i: u64) -> String {
    format!(
        "# Runbook {i}\n\nSome prose with a footnote[^n{i}] and *emphasis*.\n\n| Key | Value \\| escaped |\n|-----|------|\n| <kbd>Ctrl</kbd> | `a|b` |\n\n```sh\ndeploy rollback svc --to 1.2.{i}\n```\n\n<div class=\"note\">Raw HTML block {i}</div>\n\n[^n{i}]: A footnote.\n"
    )
}

/// Writes a book with `reports` reports (all listed in SUMMARY.md) and `reports / 10`
/// other chapters. `versions(i)` gives report i's (from, to). `git` turns history on.
pub fn write_book(
    root: &Path,
    reports: u64,
    git: bool,
    versions: &dyn Fn(u64) -> (String, String),
) -> std::io::Result<()> {
    let src = root.join("src");
    std::fs::create_dir_all(src.join("incidents"))?;
    std::fs::create_dir_all(src.join("runbooks"))?;
    std::fs::write(
        root.join("book.toml"),
        format!(
            "[book]\ntitle = \"Synthetic handbook\"\n\n[preprocessor.rollback]\ncommand = \"mdbook-rollback\"\nafter = [\"links\"]\ngit = {git}\n\n[output.html]\nsearch.enable = false\n"
        ),
    )?;
    let mut summary = String::from("# Summary\n\n- [Incidents](incidents/README.md)\n");
    std::fs::write(
        src.join("incidents/README.md"),
        "# Incidents\n\n{{#rollback-index}}\n",
    )?;
    let mut rng = Rng::new(reports);
    for i in 0..reports {
        let name = format!("incidents/report-{i:05}.md");
        std::fs::write(src.join(&name), report(i, versions(i), &mut rng))?;
        let _ = writeln!(summary, "  - [Report {i}]({name})");
    }
    summary.push_str("- [Runbooks](runbooks/README.md)\n");
    std::fs::write(src.join("runbooks/README.md"), "# Runbooks\n")?;
    for i in 0..reports / 10 {
        let name = format!("runbooks/runbook-{i:05}.md");
        std::fs::write(src.join(&name), chapter(i))?;
        let _ = writeln!(summary, "  - [Runbook {i}]({name})");
    }
    std::fs::write(src.join("SUMMARY.md"), summary)
}
