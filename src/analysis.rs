//! The one analysis that `check` and the preprocessor share: parse every report, ask git
//! once for the whole batch, build timelines and run the lint.

use crate::config::Config;
use crate::diff::{self, Request, TagLookup, VersionDiff};
use crate::git::Git;
use crate::lint::{self, Context, Diagnostic, Level, Policy};
use crate::report::{Report, versions};
use crate::source::SourceFile;
use crate::template::Template;
use crate::timeline::Timeline;
use rayon::prelude::*;

/// What the analysis needs besides the reports.
pub struct Settings<'a> {
    /// The schema.
    pub template: &'a Template,
    /// The book's settings.
    pub config: &'a Config,
    /// Git, or `None` to skip history.
    pub git: Option<&'a dyn Git>,
    /// Treat drafts like any report (`--deny-drafts`, `deny-drafts = true`).
    pub deny_drafts: bool,
}

/// One analysed report.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The report.
    pub report: Report,
    /// Its timeline.
    pub timeline: Timeline,
    /// Its version diff, when both versions parsed.
    pub diff: Option<VersionDiff>,
    /// The lint's findings, in order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// The number of findings at a level.
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }
}

/// Analyses a batch of report files (all known to be reports).
pub fn analyze(sources: Vec<SourceFile>, settings: &Settings<'_>) -> Vec<Analysis> {
    analyze_each(sources, settings, |_, analysis| analysis)
}

/// Analyses a batch of report files and hands each analysis, with its index in
/// `sources`, to `each` as soon as it is ready, keeping only what `each` returns
/// (collected into a `Vec`, or a pair of them when `each` returns pairs).
///
/// Without git a report is parsed, linted and handed on in one go, so a large batch
/// never holds more than a few analyses at once. With git, every report is parsed
/// first, because git is asked once for the whole batch's version ranges.
pub fn analyze_each<R: Send, C: FromParallelIterator<R>>(
    sources: Vec<SourceFile>,
    settings: &Settings<'_>,
    each: impl Fn(usize, Analysis) -> R + Sync,
) -> C {
    let (template, config, deny_drafts) =
        (settings.template, settings.config, settings.deny_drafts);
    let parse = |source| Report::parse(source, template, &config.placeholder_patterns);
    // Parsing and linting are per report, so they use every core.
    let finish = |i, report, diff| each(i, finish(report, diff, template, config, deny_drafts));
    match settings.git.filter(|_| config.git) {
        Some(git) => {
            let reports: Vec<Report> = sources.into_par_iter().map(parse).collect();
            let requests: Vec<Option<Request>> = reports.iter().map(request).collect();
            let diffs =
                diff::compute_all(git, &requests, &config.tag_format, &config.include_paths);
            reports
                .into_par_iter()
                .zip(diffs)
                .enumerate()
                .map(|(i, (report, diff))| finish(i, report, diff))
                .collect()
        }
        None => sources
            .into_par_iter()
            .enumerate()
            .map(|(i, source)| {
                let report = parse(source);
                let diff = request(&report).map(|r| diff::without_history(&r));
                finish(i, report, diff)
            })
            .collect(),
    }
}

/// What git is asked about a report: its version range, when both versions parsed.
fn request(report: &Report) -> Option<Request> {
    let (from, to) = (report.versions.from.value()?, report.versions.to.value()?);
    Some(Request {
        from: from.clone(),
        to: to.clone(),
        service: report.fields().service.clone(),
        written: [
            versions::spelt_otherwise(&report.source.text, &report.versions.from),
            versions::spelt_otherwise(&report.source.text, &report.versions.to),
        ],
    })
}

/// The rest of one report's analysis, once its version diff is known: the timeline and
/// the lint.
fn finish(
    report: Report,
    diff: Option<VersionDiff>,
    template: &Template,
    config: &Config,
    deny_drafts: bool,
) -> Analysis {
    let mut timeline = Timeline::build(&report, template);
    if let Some(TagLookup::Found(tag)) = diff.as_ref().map(|d| &d.from_tag)
        && let Some(date) = tag.date
    {
        timeline.add_release(&tag.name, date);
    }
    let policy = Policy {
        draft_allowed: report.is_draft() && !deny_drafts && !config.deny_drafts,
    };
    let ctx = Context {
        report: &report,
        template,
        timeline: &timeline,
        diff: diff.as_ref(),
    };
    let diagnostics = lint::run(&ctx, config, policy);
    Analysis {
        report,
        timeline,
        diff,
        diagnostics,
    }
}
