//! The one analysis that `check` and the preprocessor share: parse every report, ask git
//! once for the whole batch, build timelines and run the lint.

use crate::config::Config;
use crate::diff::{self, Request, TagLookup, VersionDiff};
use crate::git::Git;
use crate::lint::{self, Context, Diagnostic, Level, Policy};
use crate::report::Report;
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
    let (template, config, deny_drafts) =
        (settings.template, settings.config, settings.deny_drafts);
    // Parsing and linting are per report, so they use every core; git is asked once for
    // the whole batch in between.
    let reports: Vec<Report> = sources
        .into_par_iter()
        .map(|source| Report::parse(source, template, &config.placeholder_patterns))
        .collect();
    let requests: Vec<Option<Request>> = reports
        .iter()
        .map(|report| {
            let (from, to) = (report.versions.from.value()?, report.versions.to.value()?);
            Some(Request {
                from: from.clone(),
                to: to.clone(),
                service: report.fields().service,
            })
        })
        .collect();
    let git = if settings.config.git {
        settings.git
    } else {
        None
    };
    let diffs = diff::compute_all(git, &requests, &settings.config.tag_format);
    reports
        .into_par_iter()
        .zip(diffs)
        .map(|(report, diff)| {
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
        })
        .collect()
}
