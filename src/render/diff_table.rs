//! The version-diff table: from → to and the kind of change, both tags, and the commits
//! the rollback undid, grouped by Conventional Commit type.

use super::markdown::{Inline, Table, Writer, text};
use crate::diff::{History, PathFilter, Side, TagLookup, VersionDiff};
use crate::git::history::Changes;

/// Renders the diff. `repository_url` makes commit ids links; `max_commits` caps the list.
pub fn render<'d>(
    diff: &'d VersionDiff,
    repository_url: Option<&str>,
    max_commits: usize,
) -> String {
    let mut writer = Writer::new();
    writer.paragraph(&[
        Inline::Strong("Version diff:".into()),
        text(" "),
        Inline::Code(diff.from.to_string().into()),
        text(" → "),
        Inline::Code(diff.to.to_string().into()),
        text(format!(" · {}", diff.change.label())),
    ]);
    let link = |id: &str, short: &'d str| -> Inline<'d> {
        match repository_url {
            Some(base) => Inline::Link {
                text: short.into(),
                url: commit_url(base, id).into(),
                code: true,
            },
            None => Inline::Code(short.into()),
        }
    };
    let mut tags = Table::new(&["Release", "Version", "Tag", "Commit", "Tag date"]);
    for (side, label, version) in [(Side::From, "From", &diff.from), (Side::To, "To", &diff.to)] {
        let lookup = match side {
            Side::From => &diff.from_tag,
            Side::To => &diff.to_tag,
        };
        let (tag, commit, date) = match lookup {
            TagLookup::Found(tag) => (
                vec![text(tag.name.as_str())],
                vec![link(&tag.commit, &tag.short)],
                vec![text(tag.date.map_or("—".into(), |d| {
                    d.strftime("%Y-%m-%d").to_string()
                }))],
            ),
            TagLookup::Missing(_) => (vec![text("not found")], vec![text("—")], vec![text("—")]),
            TagLookup::NeedsService | TagLookup::NotAsked => {
                (vec![text("—")], vec![text("—")], vec![text("—")])
            }
        };
        tags.row(vec![
            vec![text(label)],
            vec![Inline::Code(version.to_string().into())],
            tag,
            commit,
            date,
        ]);
    }
    writer.table(&tags);
    match &diff.history {
        History::Range(range) => {
            let shown = range.commits.len().min(max_commits);
            let commits = format!(
                " {} {}",
                range.commits.len(),
                crate::render::diagnostics::plural(range.commits.len(), "commit", "commits")
            );
            // Cut off by a shallow clone, the oldest commit seems to add every file of the
            // tree: the counts would be wrong, so there are none.
            let summary = if range.complete && range.changes == Changes::Unknown {
                format!("{commits} (files not listed: a treeless clone lacks the commits' trees)")
            } else if range.complete && range.changes == Changes::Files {
                format!(
                    "{commits} · {} {} changed (no line counts: a partial clone lacks the files' contents)",
                    range.files,
                    crate::render::diagnostics::plural(range.files, "file", "files"),
                )
            } else if range.complete {
                format!(
                    "{commits} · {} {} changed · +{} −{}",
                    range.files,
                    crate::render::diagnostics::plural(range.files, "file", "files"),
                    range.added,
                    range.removed
                )
            } else {
                format!("{commits} (incomplete: shallow clone, so no change counts)")
            };
            let summary = [
                Inline::Strong("Undone by this rollback:".into()),
                text(summary),
            ];
            writer.paragraph(&summary);
            if let PathFilter::Applied(paths) | PathFilter::Missing(paths) = &range.filter {
                let mut only = vec![text("Only the commits that change ")];
                for (n, path) in paths.iter().enumerate() {
                    if n > 0 {
                        only.push(text(if n + 1 == paths.len() { " or " } else { ", " }));
                    }
                    only.push(Inline::Code(path.as_str().into()));
                }
                only.extend([
                    text(" are listed ("),
                    Inline::Code("include-paths".into()),
                    text(")."),
                ]);
                writer.paragraph(&only);
            }
            if range.complete && !range.on_one_line {
                let (from, to) = (diff.tag_name(Side::From), diff.tag_name(Side::To));
                writer.paragraph(&[
                    Inline::Code(to.into()),
                    text(" is on another branch than "),
                    Inline::Code(from.clone().into()),
                    text(" (a hotfix release, say): these are the commits in "),
                    Inline::Code(from.into()),
                    text(" that it lacks."),
                ]);
            }
            if !range.commits.is_empty() && shown > 0 {
                let mut table =
                    Table::new(&["Type", "Commit", "Date", "Author", "Subject", "Changes"]);
                for undone in range.commits.iter().take(shown) {
                    let c = &undone.commit;
                    let mut kind = undone.group.label().to_string();
                    if undone.breaking {
                        kind.push('!');
                    }
                    let changes = if c.parents > 1 {
                        "merge".to_string()
                    } else if (c.parents == 0 && !range.complete)
                        || range.changes == Changes::Unknown
                    {
                        "—".to_string() // the shallow clone's boundary, or no trees
                    } else if range.changes == Changes::Files {
                        format!(
                            "{} {}",
                            c.files.len(),
                            crate::render::diagnostics::plural(c.files.len(), "file", "files"),
                        )
                    } else {
                        format!(
                            "{} {}, +{} −{}",
                            c.files.len(),
                            crate::render::diagnostics::plural(c.files.len(), "file", "files"),
                            c.added,
                            c.removed
                        )
                    };
                    table.row(vec![
                        vec![text(kind)],
                        vec![link(&c.id, &c.short)],
                        vec![text(c.date.map_or("—".into(), |d| {
                            d.strftime("%Y-%m-%d").to_string()
                        }))],
                        vec![text(c.author.as_str())],
                        vec![text(c.subject.as_str())],
                        vec![text(changes)],
                    ]);
                }
                writer.table(&table);
            }
            if range.commits.len() > shown {
                writer.paragraph(&[text(format!(
                    "… and {} more (the list is capped at `max-commits` = {max_commits})",
                    range.commits.len() - shown
                ))]);
            }
        }
        // Why the commits are missing is in the problems below.
        History::Disabled | History::Unavailable(_) | History::NoRange => {}
    }
    let problems = diff.problems();
    if !problems.is_empty() {
        let messages: Vec<String> = problems
            .iter()
            .map(|p| format!("{}. Fix: {}", p.message, p.help))
            .collect();
        let items: Vec<Vec<Inline>> = messages.iter().map(|m| with_code(m)).collect();
        let mut inner = Writer::new();
        inner.list(&items);
        writer.quote(None, inner);
    }
    writer.finish()
}

/// The tool's own message as text, with its `backticked` parts as code. Nothing else in
/// it is Markdown, though it may quote report values (a service name, git's stderr).
fn with_code(message: &str) -> Vec<Inline<'_>> {
    let parts: Vec<&str> = message.split('`').collect();
    let balanced = parts.len() % 2 == 1;
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| match (i % 2 == 1, balanced) {
            (true, true) => Inline::Code((*part).into()),
            (true, false) => text(format!("`{part}")),
            _ => text(*part),
        })
        .collect()
}

/// The web address of a commit on GitHub, GitLab or Bitbucket style forges.
/// The forge is told by the host alone: a GitHub repository named `gitlab-runner` is
/// still on GitHub.
pub fn commit_url(base: &str, id: &str) -> String {
    let base = base.trim_end_matches('/').trim_end_matches(".git");
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let host = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if host.contains("gitlab") {
        format!("{base}/-/commit/{id}")
    } else if host.contains("bitbucket") {
        format!("{base}/commits/{id}")
    } else {
        format!("{base}/commit/{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forge_is_told_by_the_host() {
        for (base, url) in [
            (
                "https://github.com/o/r/",
                "https://github.com/o/r/commit/abc",
            ),
            (
                "https://gitlab.com/g/p.git",
                "https://gitlab.com/g/p/-/commit/abc",
            ),
            (
                "https://github.com/acme/handbook",
                "https://github.com/acme/handbook/commit/abc",
            ),
            (
                "https://github.com/acme/gitlab-runner-config/",
                "https://github.com/acme/gitlab-runner-config/commit/abc",
            ),
            (
                "https://github.com/acme/bitbucket-sync.git",
                "https://github.com/acme/bitbucket-sync/commit/abc",
            ),
            (
                "https://gitlab.example.com/group/sub/handbook",
                "https://gitlab.example.com/group/sub/handbook/-/commit/abc",
            ),
            (
                "https://user@GitLab.com/acme/handbook",
                "https://user@GitLab.com/acme/handbook/-/commit/abc",
            ),
            (
                "https://bitbucket.org/acme/handbook",
                "https://bitbucket.org/acme/handbook/commits/abc",
            ),
        ] {
            assert_eq!(commit_url(base, "abc"), url, "{base}");
        }
    }

    #[test]
    fn messages_keep_their_code_and_nothing_else() {
        assert_eq!(
            with_code("tag `v1` [x](https://evil.example)"),
            [
                text("tag "),
                Inline::Code("v1".into()),
                text(" [x](https://evil.example)")
            ]
        );
    }
}
