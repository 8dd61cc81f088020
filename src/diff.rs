//! The version diff of a rollback: the semver change between the two versions, their
//! tags, and the commits the rollback undid, grouped like git-cliff groups them.

use crate::git::history::{self, Changes, Commit, Graph, Repository};
use crate::git::{Git, GitError};
use jiff::Timestamp;
use semver::Version;
use std::collections::HashMap;

/// Which version of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The version rolled back from.
    From,
    /// The version rolled back to.
    To,
}

/// The kind of change from "from" to "to".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The major version went down.
    Major,
    /// The minor version went down.
    Minor,
    /// The patch version went down.
    Patch,
    /// Only the pre-release (or build) part differs, downwards.
    Prerelease,
    /// The same version.
    Same,
    /// "To" is higher than "from".
    Upgrade,
}

impl Change {
    /// Compares two versions.
    pub fn between(from: &Version, to: &Version) -> Change {
        use std::cmp::Ordering::*;
        match to.cmp(from) {
            Equal => Change::Same,
            Greater => Change::Upgrade,
            Less if to.major != from.major => Change::Major,
            Less if to.minor != from.minor => Change::Minor,
            Less if to.patch != from.patch => Change::Patch,
            Less => Change::Prerelease,
        }
    }

    /// How the table names it.
    pub fn label(self) -> &'static str {
        match self {
            Change::Major => "major downgrade",
            Change::Minor => "minor downgrade",
            Change::Patch => "patch downgrade",
            Change::Prerelease => "pre-release downgrade",
            Change::Same => "not a downgrade: same version",
            Change::Upgrade => "not a downgrade: upgrade",
        }
    }
}

/// The Conventional Commit type groups, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// `feat`.
    Features,
    /// `fix`.
    Fixes,
    /// `perf`.
    Performance,
    /// `refactor`.
    Refactoring,
    /// Everything else.
    Other,
}

impl Group {
    /// Reads a commit subject's Conventional Commit type; `!` marks a breaking change.
    pub fn of(subject: &str) -> (Group, bool) {
        let pattern = crate::regex!(r"^(?P<kind>[A-Za-z]+)(?:\([^)]*\))?(?P<bang>!)?:\s");
        let Some(caps) = pattern.captures(subject) else {
            return (Group::Other, false);
        };
        let group = match caps
            .name("kind")
            .map(|m| m.as_str().to_ascii_lowercase())
            .as_deref()
        {
            Some("feat" | "feature") => Group::Features,
            Some("fix" | "bugfix" | "hotfix") => Group::Fixes,
            Some("perf") => Group::Performance,
            Some("refactor") => Group::Refactoring,
            _ => Group::Other,
        };
        (group, caps.name("bang").is_some())
    }

    /// The group's name in tables.
    pub fn label(self) -> &'static str {
        match self {
            Group::Features => "feat",
            Group::Fixes => "fix",
            Group::Performance => "perf",
            Group::Refactoring => "refactor",
            Group::Other => "other",
        }
    }
}

/// A tag as shown in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInfo {
    /// Its name.
    pub name: String,
    /// The full commit id.
    pub commit: String,
    /// The abbreviated commit id.
    pub short: String,
    /// Its date.
    pub date: Option<Timestamp>,
}

/// What looking a version's tag up gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagLookup {
    /// Git was not asked (disabled, or unavailable).
    NotAsked,
    /// Found.
    Found(TagInfo),
    /// No tag by any of these names.
    Missing(Vec<String>),
    /// `tag-format` needs `{service}` and the report has none.
    NeedsService,
}

/// A commit the rollback undid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoneCommit {
    /// Its details.
    pub commit: Commit,
    /// Its Conventional Commit group.
    pub group: Group,
    /// Marked breaking with `!`.
    pub breaking: bool,
}

/// The commits between the tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commits {
    /// Grouped (feat, fix, perf, refactor, other), newest first within a group.
    pub commits: Vec<UndoneCommit>,
    /// Whether the list is the whole range (not cut off by a shallow clone).
    pub complete: bool,
    /// How much of the commits' changes the clone could tell.
    pub changes: Changes,
    /// Whether one tag is an ancestor of the other, not on different branches.
    pub on_one_line: bool,
    /// How `include-paths` kept the list to the service's folders.
    pub filter: PathFilter,
    /// Whether the "from" tag's history meets the "to" tag's (see
    /// [`history::Range::shares_history`]).
    pub shares_history: bool,
    /// Unique files changed across the range.
    pub files: usize,
    /// Lines added across the range.
    pub added: u64,
    /// Lines removed across the range.
    pub removed: u64,
}

/// How `include-paths` kept a range to a service's folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathFilter {
    /// No `include-paths`: every commit between the tags is listed.
    Off,
    /// Only the commits that change these paths are listed.
    Applied(Vec<String>),
    /// None of these paths is in the "from" release (a service named otherwise than its
    /// folder?), so no commit is listed.
    Missing(Vec<String>),
    /// A path needs `{service}`, and the report names none: every commit is listed.
    NeedsService,
    /// A treeless clone does not know which files a commit changed: every commit is
    /// listed.
    NeedsTrees,
}

/// What git could tell about the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum History {
    /// `git = false`.
    Disabled,
    /// Git could not be asked: not installed, not a repository.
    Unavailable(GitError),
    /// A tag is missing (see the lookups).
    NoRange,
    /// The commits.
    Range(Commits),
}

/// A rollback's version diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionDiff {
    /// Rolled back from.
    pub from: Version,
    /// Rolled back to.
    pub to: Version,
    /// The kind of change.
    pub change: Change,
    /// The "from" tag.
    pub from_tag: TagLookup,
    /// The "to" tag.
    pub to_tag: TagLookup,
    /// The commits, or why there are none.
    pub history: History,
    /// Whether the repository is a shallow clone.
    pub shallow: bool,
    /// Whether the repository has no tags at all.
    pub tagless: bool,
}

/// Something the reader (and `unknown-tag`) should know about a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Which version it is about, if one.
    pub side: Option<Side>,
    /// What.
    pub message: String,
    /// The fix.
    pub help: String,
}

/// The fix for a shallow checkout.
pub const SHALLOW_FIX: &str = "fetch full history and tags: `fetch-depth: 0` in actions/checkout, or `git fetch --tags --unshallow`";

/// What to do when git cannot read the repository, by what git said.
fn unreadable_repository_fix(stderr: &str) -> String {
    match crate::git::ownership_fix(stderr) {
        Some(fix) => format!("{fix}, or set `git = false` under [preprocessor.rollback]"),
        None => "build inside a git checkout, or set `git = false` under [preprocessor.rollback]"
            .to_string(),
    }
}

impl VersionDiff {
    /// Everything that kept the table from being complete.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        match &self.history {
            History::Disabled => return problems,
            History::Unavailable(err) => {
                let (message, help) = match err {
                    GitError::NotInstalled => (
                        "git is not installed, so the commits between the versions cannot be listed".to_string(),
                        "install git, or set `git = false` under [preprocessor.rollback] to skip history".to_string(),
                    ),
                    GitError::Failed { stderr } => (
                        format!("cannot read git history ({stderr}), so the commits between the versions cannot be listed"),
                        unreadable_repository_fix(stderr),
                    ),
                };
                problems.push(Problem {
                    side: None,
                    message,
                    help,
                });
                return problems;
            }
            _ => {}
        }
        for (side, lookup, version) in [
            (Side::From, &self.from_tag, &self.from),
            (Side::To, &self.to_tag, &self.to),
        ] {
            match lookup {
                TagLookup::Missing(tried) => {
                    let names = tried.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" or ");
                    let help = if self.shallow {
                        format!("this clone is shallow and may lack tags; {SHALLOW_FIX}")
                    } else if self.tagless {
                        "this repository has no tags at all: fetch them (`git fetch --tags`), or, if the service's code lives in another repository, set `git = false` under [preprocessor.rollback]".to_string()
                    } else {
                        "check the version for a typo, push the tag, or run `git fetch --tags`; `tag-format` under [preprocessor.rollback] maps versions to tags".to_string()
                    };
                    problems.push(Problem {
                        side: Some(side),
                        message: format!("version {version} has no git tag {names}"),
                        help,
                    });
                }
                TagLookup::NeedsService => problems.push(Problem {
                    side: Some(side),
                    message: format!("`tag-format` needs `{{service}}`, and this report has no `service` to make the tag of {version}"),
                    help: "add `service: <name>` to the report's front matter".into(),
                }),
                TagLookup::NotAsked | TagLookup::Found(_) => {}
            }
        }
        if let History::Range(commits) = &self.history {
            let (from, to) = (self.tag_name(Side::From), self.tag_name(Side::To));
            if !commits.complete {
                problems.push(Problem {
                    side: None,
                    message: format!("history between {to} and {from} is cut off by a shallow clone; the commit list is incomplete"),
                    help: SHALLOW_FIX.to_string(),
                });
            }
            if commits.complete && !commits.on_one_line && !commits.shares_history {
                problems.push(Problem {
                    side: Some(Side::To),
                    message: format!(
                        "{to} and {from} share no history, so the list runs back to {from}'s first commit"
                    ),
                    help: "check the versions and their tags".into(),
                });
            }
            match &commits.filter {
                PathFilter::NeedsService => problems.push(Problem {
                    side: None,
                    message: "`include-paths` needs `{service}`, and this report has no `service`: every commit between the tags is listed".into(),
                    help: "add `service: <name>` to the report's front matter".into(),
                }),
                PathFilter::NeedsTrees => problems.push(Problem {
                    side: None,
                    message: "`include-paths` cannot be applied: a treeless clone lacks the commits' trees, so every commit between the tags is listed".into(),
                    help: "fetch full history (`fetch-depth: 0`, without `filter: tree:0`), or use `filter: blob:none`".into(),
                }),
                PathFilter::Missing(paths) => problems.push(Problem {
                    side: None,
                    message: missing_message(paths, &from),
                    help: "check the report's `service` and `include-paths`: folders from the repository's root, as git names them".into(),
                }),
                PathFilter::Off | PathFilter::Applied(_) => {}
            }
        }
        problems
    }

    /// The tag name of a side, or the version when it has no tag.
    pub fn tag_name(&self, side: Side) -> String {
        let (lookup, version) = match side {
            Side::From => (&self.from_tag, &self.from),
            Side::To => (&self.to_tag, &self.to),
        };
        match lookup {
            TagLookup::Found(tag) => tag.name.clone(),
            _ => version.to_string(),
        }
    }
}

/// What a report asks of git.
#[derive(Debug, Clone)]
pub struct Request {
    /// Rolled back from.
    pub from: Version,
    /// Rolled back to.
    pub to: Version,
    /// The report's service, for `{service}` in `tag-format`.
    pub service: Option<String>,
    /// The versions as written, where they differ from semver's spelling (a calendar
    /// version's `2024.01.3`): their tags are looked up so first.
    pub written: [Option<String>; 2],
}

/// The diff of a range with git history off: the versions and the kind of change.
pub fn without_history(request: &Request) -> VersionDiff {
    VersionDiff {
        from: request.from.clone(),
        to: request.to.clone(),
        change: Change::between(&request.from, &request.to),
        from_tag: TagLookup::NotAsked,
        to_tag: TagLookup::NotAsked,
        history: History::Disabled,
        shallow: false,
        tagless: false,
    }
}

/// Computes the diffs of many reports with a fixed number of git processes. (With
/// history off, each diff is [`without_history`].) With `include_paths`, a range lists
/// only the commits that change a file under one of them, as git-cliff's
/// `--include-path` does in a monorepo.
pub fn compute_all(
    git: &dyn Git,
    requests: &[Option<Request>],
    tag_format: &str,
    include_paths: &[String],
) -> Vec<Option<VersionDiff>> {
    let base = |r: &Request, history: History, shallow: bool| VersionDiff {
        history,
        shallow,
        ..without_history(r)
    };
    if requests.iter().all(Option::is_none) {
        return requests.iter().map(|_| None).collect();
    }
    let repo = match history::open(git) {
        Ok(repo) => repo,
        Err(err) => {
            return requests
                .iter()
                .map(|r| {
                    r.as_ref()
                        .map(|r| base(r, History::Unavailable(err.clone()), false))
                })
                .collect();
        }
    };
    let mut diffs: Vec<Option<VersionDiff>> = requests
        .iter()
        .map(|r| {
            r.as_ref().map(|r| {
                let mut diff = base(r, History::NoRange, repo.shallow);
                diff.tagless = repo.tags.is_empty();
                let tag = |version, written: &Option<String>| {
                    lookup(
                        &repo,
                        tag_format,
                        version,
                        written.as_deref(),
                        r.service.as_deref(),
                    )
                };
                diff.from_tag = tag(&r.from, &r.written[0]);
                diff.to_tag = tag(&r.to, &r.written[1]);
                diff
            })
        })
        .collect();
    let pairs: Vec<(usize, String, String)> = diffs
        .iter()
        .enumerate()
        .filter_map(
            |(i, d)| match d.as_ref().map(|d| (&d.from_tag, &d.to_tag)) {
                Some((TagLookup::Found(from), TagLookup::Found(to))) => {
                    Some((i, from.commit.clone(), to.commit.clone()))
                }
                _ => None,
            },
        )
        .collect();
    if pairs.is_empty() {
        return diffs;
    }
    let tips: Vec<&str> = pairs
        .iter()
        .flat_map(|(_, f, t)| [f.as_str(), t.as_str()])
        .collect();
    let floor: Vec<&str> = pairs.iter().map(|(_, _, t)| t.as_str()).collect();
    let graph = match Graph::read(git, &tips, &floor) {
        Ok(graph) => graph,
        Err(err) => {
            for (i, _, _) in &pairs {
                if let Some(d) = diffs[*i].as_mut() {
                    d.history = History::Unavailable(err.clone());
                }
            }
            return diffs;
        }
    };
    let mut cache = HashMap::new();
    let ranges: Vec<(usize, history::Range)> = pairs
        .iter()
        .filter_map(|(i, from, to)| graph.range(from, to, &mut cache).map(|r| (*i, r)))
        .collect();
    let mut needed: Vec<String> = ranges
        .iter()
        .flat_map(|(_, r)| r.commits.iter().cloned())
        .collect();
    needed.sort_unstable();
    needed.dedup();
    let (details, changes) = match history::details(git, &needed) {
        Ok(found) => found,
        Err(err) => {
            for (i, _) in &ranges {
                if let Some(d) = diffs[*i].as_mut() {
                    d.history = History::Unavailable(err.clone());
                }
            }
            return diffs;
        }
    };
    let short_len = details.values().map(|c| c.short.len()).max().unwrap_or(7);
    // Ranges whose commits change none of their paths: the folder may not change, or
    // may not be there (a service named otherwise than its folder).
    let mut unchanged: Vec<(usize, String, Vec<String>)> = Vec::new();
    for (i, range) in ranges {
        let Some(diff) = diffs[i].as_mut() else {
            continue;
        };
        for lookup in [&mut diff.from_tag, &mut diff.to_tag] {
            if let TagLookup::Found(tag) = lookup {
                tag.short = tag.commit.chars().take(short_len).collect();
            }
        }
        let service = requests[i].as_ref().and_then(|r| r.service.as_deref());
        let filter = match paths_for(include_paths, service) {
            _ if include_paths.is_empty() => PathFilter::Off,
            // A treeless clone does not know which files a commit changed.
            _ if changes == Changes::Unknown => PathFilter::NeedsTrees,
            Some(paths) => PathFilter::Applied(paths),
            None => PathFilter::NeedsService,
        };
        let paths = match &filter {
            PathFilter::Applied(paths) => Some(paths),
            _ => None,
        };
        let mut commits: Vec<UndoneCommit> = range
            .commits
            .iter()
            .filter_map(|id| details.get(id))
            .filter(|commit| paths.is_none_or(|paths| changes_under(commit, paths)))
            .map(|commit| {
                let (group, breaking) = Group::of(&commit.subject);
                UndoneCommit {
                    commit: commit.clone(),
                    group,
                    breaking,
                }
            })
            .collect();
        commits.sort_by_key(|c| c.group); // stable: newest first within a group
        if let PathFilter::Applied(paths) = &filter
            && commits.is_empty()
            && !range.commits.is_empty()
            && let TagLookup::Found(from) = &diff.from_tag
        {
            unchanged.push((i, from.commit.clone(), paths.clone()));
        }
        let files = history::unique_files(commits.iter().map(|c| &c.commit));
        diff.history = History::Range(Commits {
            added: commits.iter().map(|c| c.commit.added).sum(),
            removed: commits.iter().map(|c| c.commit.removed).sum(),
            files,
            complete: !(repo.shallow && range.reaches_parentless),
            changes,
            on_one_line: range.on_one_line,
            filter,
            shares_history: range.shares_history,
            commits,
        });
    }
    for (i, paths) in missing_paths(git, &unchanged) {
        if let Some(History::Range(commits)) = diffs[i].as_mut().map(|d| &mut d.history) {
            commits.filter = PathFilter::Missing(paths);
        }
    }
    diffs
}

/// Why `paths` list no commit: not in the "from" release (`from`), or no paths at all.
fn missing_message(paths: &[String], from: &str) -> String {
    let (valid, malformed): (Vec<&String>, Vec<&String>) = paths
        .iter()
        .partition(|p| crate::config::is_repository_path(p));
    let listed = |paths: &[&String], why: &str| {
        let named: Vec<String> = paths.iter().map(|p| format!("`{p}`")).collect();
        let is = if paths.len() == 1 { "is" } else { "are" };
        format!("{} {is} {why}", named.join(" and "))
    };
    let mut said = Vec::new();
    if !valid.is_empty() {
        said.push(listed(&valid, &format!("not in {from}")));
    }
    if !malformed.is_empty() {
        said.push(listed(
            &malformed,
            "no path in a repository (an empty part, `.` or `..`)",
        ));
    }
    format!("{}, so no commit is listed", said.join("; "))
}

/// Of the ranges that listed no commit (their index, their "from" commit and their
/// paths), those none of whose paths is in that commit, with the paths: one `git
/// cat-file` process for them all (two when some are there). A path that is no path from
/// the repository's root (a service of `../x`) is in none; when git cannot tell, every
/// path is taken to be there.
fn missing_paths(
    git: &dyn Git,
    unchanged: &[(usize, String, Vec<String>)],
) -> Vec<(usize, Vec<String>)> {
    // Per range, the paths git may be asked about.
    let askable: Vec<Vec<&String>> = unchanged
        .iter()
        .map(|(_, _, paths)| {
            paths
                .iter()
                .filter(|p| crate::config::is_repository_path(p))
                .collect()
        })
        .collect();
    let asked: Vec<(String, String)> = unchanged
        .iter()
        .zip(&askable)
        .flat_map(|((_, commit, _), paths)| {
            paths.iter().map(|path| (commit.clone(), path.to_string()))
        })
        .collect();
    let present = match asked.is_empty() {
        true => Vec::new(),
        false => match history::paths_present(git, &asked) {
            Ok(present) => present,
            Err(_) => return Vec::new(),
        },
    };
    let mut answers = present.into_iter();
    unchanged
        .iter()
        .zip(&askable)
        .filter_map(|((i, _, paths), askable)| {
            // Every answer is taken, so that the next report's come next.
            let answered: Vec<bool> = answers.by_ref().take(askable.len()).collect();
            let any_there = answered.contains(&true);
            (!any_there).then(|| (*i, paths.clone()))
        })
        .collect()
}

/// The paths of `include-paths` for a report of `service`; `None` when every commit
/// counts: there are none, or one needs a service the report does not name.
fn paths_for(include_paths: &[String], service: Option<&str>) -> Option<Vec<String>> {
    if include_paths.is_empty() {
        return None;
    }
    // A service of nothing but slashes names no folder.
    let service = service.filter(|s| !s.trim().trim_matches('/').is_empty());
    include_paths
        .iter()
        .map(|path| match path.contains("{service}") {
            true => service.map(|service| path.replace("{service}", service.trim())),
            false => Some(path.clone()),
        })
        .map(|path| path.map(|path| path.trim_matches('/').to_string()))
        .collect::<Option<Vec<String>>>()
        .map(|mut paths| {
            // Once each, in order (`services/{service}` and `services/search`).
            let mut seen = std::collections::HashSet::new();
            paths.retain(|p| seen.insert(p.clone()));
            paths
        })
}

/// Whether `commit` changed a file under one of `paths` (a merge lists no files, so it
/// changed none). A renamed file counts by both its names.
fn changes_under(commit: &Commit, paths: &[String]) -> bool {
    let under = |file: &str| {
        paths.iter().any(|path| {
            file.strip_prefix(path.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    };
    commit
        .files
        .iter()
        .any(|file| history::names_of(file).iter().any(|name| under(name)))
}

/// Finds a version's tag: `tag-format` first, then the same without the `v`; with the
/// version as `written` first, when semver spells it otherwise.
fn lookup(
    repo: &Repository,
    tag_format: &str,
    version: &Version,
    written: Option<&str>,
    service: Option<&str>,
) -> TagLookup {
    if tag_format.contains("{service}") && service.is_none() {
        return TagLookup::NeedsService;
    }
    let mut tried = Vec::new();
    for spelling in written
        .into_iter()
        .map(str::to_string)
        .chain([version.to_string()])
    {
        let fill = |format: &str| {
            format
                .replace("{version}", &spelling)
                .replace("{service}", service.unwrap_or(""))
        };
        tried.push(fill(tag_format));
        if tag_format.contains("v{version}") {
            tried.push(fill(&tag_format.replacen("v{version}", "{version}", 1)));
        }
    }
    for name in &tried {
        if let Some(tag) = repo.tags.get(name) {
            return TagLookup::Found(TagInfo {
                name: tag.name.clone(),
                commit: tag.commit.clone(),
                short: tag.commit.chars().take(7).collect(),
                date: tag.date,
            });
        }
    }
    TagLookup::Missing(tried)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn a_checkout_of_another_user_is_named_with_its_fix() {
        let fix = unreadable_repository_fix(
            "fatal: detected dubious ownership in repository at '/__w/handbook/handbook'",
        );
        assert!(
            fix.contains("git config --global --add safe.directory /__w/handbook/handbook"),
            "{fix}"
        );
        let fix = unreadable_repository_fix(
            "fatal: detected dubious ownership in repository at '/home/ci/my handbook'",
        );
        assert!(
            fix.contains("safe.directory '/home/ci/my handbook'`"),
            "{fix}"
        );
        assert!(
            unreadable_repository_fix(
                "fatal: not a git repository (or any of the parent directories): .git"
            )
            .starts_with("build inside a git checkout")
        );
    }

    #[test]
    fn include_paths_keep_the_commits_that_change_them() {
        let paths = paths_for(
            &["services/{service}/".into(), "libs".into()],
            Some("search"),
        );
        assert_eq!(
            paths.as_deref(),
            Some(&["services/search".to_string(), "libs".into()][..])
        );
        assert_eq!(paths_for(&["services/{service}".into()], None), None);
        assert_eq!(paths_for(&["services/{service}".into()], Some(" / ")), None);
        assert_eq!(paths_for(&[], Some("search")), None);
        assert_eq!(
            paths_for(&["s/{service}".into(), "s/search".into()], Some("search")),
            Some(vec!["s/search".to_string()])
        );
        let paths = paths.unwrap_or_default();
        let changing = |files: &[&str]| {
            let commit = Commit {
                id: String::new(),
                short: String::new(),
                author: String::new(),
                date: None,
                parents: 1,
                subject: String::new(),
                files: files.iter().map(|f| f.to_string()).collect(),
                added: 0,
                removed: 0,
            };
            changes_under(&commit, &paths)
        };
        assert!(changing(&["services/search/src/main.rs"]));
        assert!(changing(&["README.md", "libs"]));
        assert!(!changing(&[
            "services/search-api/x.rs",
            "services/billing/y.rs"
        ]));
        assert!(!changing(&[]), "a merge lists no files");
        // Renames, as `--numstat` writes them.
        assert!(changing(&["services/{search => old-search}/x.rs"]));
        assert!(changing(&["services/{ => search}/x.rs"]));
        assert!(changing(&["tmp/x.rs => services/search/x.rs"]));
        assert!(!changing(&["services/{billing => payments}/x.rs"]));
    }

    #[test]
    fn semver_changes() {
        assert_eq!(Change::between(&v("3.0.0"), &v("2.9.9")), Change::Major);
        assert_eq!(Change::between(&v("2.5.0"), &v("2.4.0")), Change::Minor);
        assert_eq!(Change::between(&v("2.5.1"), &v("2.5.0")), Change::Patch);
        assert_eq!(
            Change::between(&v("2.5.0"), &v("2.5.0-rc.1")),
            Change::Prerelease
        );
        assert_eq!(Change::between(&v("2.5.0"), &v("2.5.0")), Change::Same);
        assert_eq!(Change::between(&v("2.4.0"), &v("2.5.0")), Change::Upgrade);
    }

    #[test]
    fn conventional_commit_groups() {
        assert_eq!(Group::of("feat(api): add x"), (Group::Features, false));
        assert_eq!(Group::of("fix!: drop y"), (Group::Fixes, true));
        assert_eq!(Group::of("perf: faster"), (Group::Performance, false));
        assert_eq!(Group::of("refactor: tidy"), (Group::Refactoring, false));
        assert_eq!(Group::of("Merge branch 'x'"), (Group::Other, false));
        assert_eq!(Group::of("docs: readme"), (Group::Other, false));
    }
}
