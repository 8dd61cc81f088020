//! The version diff against real repositories made with `git init`: tag kinds, commit
//! ranges with merges, escaping, shallow clones, missing git, injection attempts, and
//! the number of git processes a book costs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use common::{bin, commit, git, git_init, stderr, stdout, write};
use mdbook_rollback::analysis::{Analysis, Settings, analyze};
use mdbook_rollback::config::Config;
use mdbook_rollback::diff::{Group, History, TagLookup};
use mdbook_rollback::git::history::Changes;
use mdbook_rollback::git::{CliGit, Counting};
use mdbook_rollback::render::diff_table;
use mdbook_rollback::source::SourceFile;
use mdbook_rollback::template::Template;
use std::path::Path;

/// A repository with this history (oldest first):
///
/// ```text
/// chore: initial                       (root)
/// feat: base                           ← v2.3.0 (lightweight)
/// fix: before the to tag               ← v2.4.0 (annotated), 1.0.0 (bare)
/// ├─ feat(api): pipes | and <script>   (branch)
/// perf: faster queries                 (main)
/// Merge branch 'feature'
/// refactor!: rework the pool           ← v2.5.0 (annotated), payments-v2.5.0
/// docs: after the from tag
/// ```
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_init(root);
    write(&root.join("app/a.txt"), "1\n");
    git(root, &["add", "."]);
    commit(root, "chore: initial", "2024-01-01T10:00:00Z");
    write(&root.join("app/a.txt"), "1\n2\n");
    git(root, &["add", "."]);
    commit(root, "feat: base", "2024-01-02T10:00:00Z");
    git(root, &["tag", "v2.3.0"]);
    write(&root.join("app/b.txt"), "b\n");
    git(root, &["add", "."]);
    commit(root, "fix: before the to tag", "2024-01-03T10:00:00Z");
    common::git_at(
        root,
        &["tag", "-a", "v2.4.0", "-m", "release 2.4.0"],
        "2024-01-03T12:00:00Z",
    );
    git(root, &["tag", "1.0.0"]);
    git(root, &["checkout", "-q", "-b", "feature"]);
    write(&root.join("app/c.txt"), "c1\nc2\nc3\n");
    git(root, &["add", "."]);
    commit(
        root,
        "feat(api): pipes | and <script>alert(1)</script>",
        "2024-01-04T10:00:00Z",
    );
    git(root, &["checkout", "-q", "main"]);
    write(&root.join("app/a.txt"), "1\n2-fast\n");
    git(root, &["add", "."]);
    commit(root, "perf: faster queries", "2024-01-05T10:00:00Z");
    git(
        root,
        &[
            "merge",
            "-q",
            "--no-ff",
            "feature",
            "-m",
            "Merge branch 'feature'",
        ],
    );
    write(&root.join("app/d.txt"), "d\n");
    git(root, &["add", "."]);
    commit(root, "refactor!: rework the pool", "2024-01-07T10:00:00Z");
    common::git_at(
        root,
        &["tag", "-a", "v2.5.0", "-m", "release 2.5.0"],
        "2024-01-07T12:00:00Z",
    );
    git(root, &["tag", "payments-v2.5.0"]);
    write(&root.join("app/e.txt"), "e\n");
    git(root, &["add", "."]);
    commit(root, "docs: after the from tag", "2024-01-08T10:00:00Z");
    dir
}

fn report(front: &str) -> String {
    let body = std::fs::read_to_string(common::fixture("reports/complete.md")).unwrap();
    format!(
        "---\n{front}\n---\n{}",
        body.replace("from 3.2.0 to\n3.1.4", "back")
    )
}

fn analyse(
    dir: &Path,
    config: &Config,
    reports: &[String],
) -> (Vec<Analysis>, usize, Vec<Vec<String>>) {
    let git = Counting::new(CliGit::new(dir));
    let template = Template::builtin();
    let settings = Settings {
        template: &template,
        config,
        git: Some(&git),
        deny_drafts: false,
    };
    let sources = reports
        .iter()
        .enumerate()
        .map(|(i, text)| SourceFile::new(format!("r{i}.md"), text.clone()))
        .collect();
    let analyses = analyze(sources, &settings);
    (analyses, git.count(), git.commands())
}

fn rules(analysis: &Analysis) -> Vec<&str> {
    analysis.diagnostics.iter().map(|d| d.rule).collect()
}

#[test]
fn the_range_lists_exactly_the_undone_commits_grouped_like_git_cliff() {
    let repo = repository();
    let (analyses, _, _) = analyse(
        repo.path(),
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    let analysis = &analyses[0];
    assert!(rules(analysis).is_empty(), "{:?}", analysis.diagnostics);
    let diff = analysis.diff.as_ref().unwrap();
    let TagLookup::Found(from) = &diff.from_tag else {
        panic!("v2.5.0 is found")
    };
    assert_eq!(from.name, "v2.5.0");
    assert_eq!(
        from.date.unwrap().to_string(),
        "2024-01-07T12:00:00Z",
        "the tagger date of an annotated tag"
    );
    let History::Range(range) = &diff.history else {
        panic!("a range: {:?}", diff.history)
    };
    assert!(range.complete && range.on_one_line);
    let rows: Vec<(Group, bool, &str, &str)> = range
        .commits
        .iter()
        .map(|c| {
            (
                c.group,
                c.breaking,
                c.commit.subject.as_str(),
                c.commit.author.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                Group::Features,
                false,
                "feat(api): pipes | and <script>alert(1)</script>",
                "Test Author"
            ),
            (
                Group::Performance,
                false,
                "perf: faster queries",
                "Test Author"
            ),
            (
                Group::Refactoring,
                true,
                "refactor!: rework the pool",
                "Test Author"
            ),
            (Group::Other, false, "Merge branch 'feature'", "Test Author"),
        ]
    );
    assert_eq!((range.files, range.added, range.removed), (3, 5, 1));
    let feature = &range.commits[0].commit;
    assert_eq!(
        (feature.files.len(), feature.added, feature.removed),
        (1, 3, 0)
    );
    let since = analysis.timeline.metrics().release_to_start.unwrap();
    assert_eq!(
        since.as_mins(),
        (jiff::Timestamp::from_second(1_715_090_400)
            .unwrap()
            .duration_since("2024-01-07T12:00:00Z".parse().unwrap()))
        .as_mins()
    );
}

#[test]
fn the_table_escapes_subjects_and_links_commits() {
    let repo = repository();
    let (analyses, _, _) = analyse(
        repo.path(),
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    let diff = analyses[0].diff.as_ref().unwrap();
    let markdown = diff_table::render(diff, Some("https://github.com/o/r"), 50);
    assert!(
        markdown.contains("pipes \\| and &lt;script>alert(1)&lt;/script>"),
        "{markdown}"
    );
    let short = git(repo.path(), &["rev-parse", "--short", "v2.5.0^{commit}"]);
    assert!(
        markdown.contains(&format!(
            "[`{}`](https://github.com/o/r/commit/",
            short.trim()
        )),
        "{markdown}"
    );
    assert!(markdown.contains("|refactor!|"), "{markdown}");
    assert!(
        markdown.contains("4 commits · 3 files changed · +5 −1"),
        "{markdown}"
    );
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::ENABLE_TABLES),
    );
    assert!(!html.contains("<script>"), "{html}");

    let capped = diff_table::render(diff, None, 2);
    assert!(capped.contains("… and 2 more"), "{capped}");
    assert_eq!(capped.matches("Test Author").count(), 2);
}

/// In a monorepo, `include-paths` keeps a service's table to the commits that change
/// its folder; the others' commits between its tags are not its rollback's.
#[test]
fn include_paths_list_only_the_services_commits() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    git_init(root);
    let change = |dir: &str, subject: &str, date: &str| {
        write(&root.join(dir).join("f.txt"), subject);
        git(root, &["add", "-A"]);
        commit(root, subject, date);
    };
    change(
        "services/search",
        "feat(search): initial",
        "2024-01-01T10:00:00Z",
    );
    change(
        "services/docs",
        "docs: the docs service",
        "2024-01-01T11:00:00Z",
    );
    git(root, &["tag", "search/v3.1.4"]);
    change(
        "services/billing",
        "feat(billing): invoices",
        "2024-01-02T10:00:00Z",
    );
    change(
        "services/search",
        "feat(search): new ranking",
        "2024-01-03T10:00:00Z",
    );
    git(root, &["mv", "services/billing", "services/payments"]);
    commit(root, "refactor(billing): rename", "2024-01-04T10:00:00Z");
    // A file moved in, and one whose name git quotes: each a change of the service.
    change("libs/shared", "chore: shared code", "2024-01-04T11:00:00Z");
    git(root, &["mv", "libs/shared", "services/search/shared"]);
    commit(
        root,
        "refactor(search): own the shared code",
        "2024-01-04T12:00:00Z",
    );
    write(&root.join("services/search/say \"hi\".txt"), "hi\n");
    git(root, &["add", "-A"]);
    commit(root, "feat(search): greet", "2024-01-04T13:00:00Z");
    git(root, &["tag", "search/v3.2.0"]);
    let searched = report("service: search\nfrom-version: 3.2.0\nto-version: 3.1.4");
    let config = Config {
        tag_format: "{service}/v{version}".into(),
        ..Config::default()
    };
    let subjects = |config: &Config| {
        let (analyses, _, _) = analyse(root, config, std::slice::from_ref(&searched));
        let diff = analyses[0].diff.clone().unwrap();
        let History::Range(range) = &diff.history else {
            panic!("{:?}", diff.history)
        };
        let subjects: Vec<String> = range
            .commits
            .iter()
            .map(|c| c.commit.subject.clone())
            .collect();
        (subjects, diff_table::render(&diff, None, 50))
    };
    let (all, markdown) = subjects(&config);
    assert_eq!(all.len(), 6, "{all:?}");
    assert!(!markdown.contains("Only the commits"), "{markdown}");
    let config = Config {
        include_paths: vec!["services/{service}".into()],
        ..config
    };
    let (mut only, markdown) = subjects(&config);
    only.sort();
    assert_eq!(
        only,
        [
            "feat(search): greet",
            "feat(search): new ranking",
            "refactor(search): own the shared code"
        ]
    );
    assert!(
        markdown.contains(
            "Only the commits that change `services/search` are listed (`include-paths`)."
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("3 commits · 3 files changed · +2 −1"),
        "{markdown}"
    );
    let tagged_search = Config {
        tag_format: "search/v{version}".into(),
        ..config.clone()
    };
    // A service whose folder the range did not change lists nothing, and that is all.
    let (analyses, _, _) = analyse(
        root,
        &tagged_search,
        &[report(
            "service: docs\nfrom-version: 3.2.0\nto-version: 3.1.4",
        )],
    );
    assert!(
        rules(&analyses[0]).is_empty(),
        "{:?}",
        analyses[0].diagnostics
    );
    let markdown = diff_table::render(analyses[0].diff.as_ref().unwrap(), None, 50);
    assert!(
        markdown.contains("0 commits")
            && markdown.contains("Only the commits that change `services/docs` are listed"),
        "{markdown}"
    );
    // A service no folder is named after lists nothing, and says so; one that climbs
    // out of the repository is no folder either, and keeps no other report from being
    // told.
    let (analyses, _, _) = analyse(
        root,
        &tagged_search,
        &[
            report("service: Search\nfrom-version: 3.2.0\nto-version: 3.1.4"),
            report("service: ../../x\nfrom-version: 3.2.0\nto-version: 3.1.4"),
            report("service: /search\nfrom-version: 3.2.0\nto-version: 3.1.4"),
            // A file is no folder, and is not read as one.
            report("service: docs/f.txt/x\nfrom-version: 3.2.0\nto-version: 3.1.4"),
        ],
    );
    let paths = [
        "services/Search",
        "services/../../x",
        "services//search",
        "services/docs/f.txt/x",
    ];
    assert_eq!(analyses.len(), paths.len());
    for (analysis, path) in analyses.iter().zip(paths) {
        assert_eq!(
            rules(analysis),
            ["unknown-tag"],
            "{:?}",
            analysis.diagnostics
        );
        let why = match mdbook_rollback::config::is_repository_path(path) {
            true => "is not in search/v3.2.0",
            false => "is no path in a repository (an empty part, `.` or `..`)",
        };
        assert!(
            analysis.diagnostics[0]
                .message
                .contains(&format!("`{path}` {why}, so no commit is listed")),
            "{:?}",
            analysis.diagnostics
        );
    }
    assert!(!mdbook_rollback::config::is_repository_path(
        "services//search"
    ));
    // A file of the folder is found where a blob-less clone lacks its contents (changed
    // since, so never fetched).
    change("services/docs", "docs: later", "2024-01-05T10:00:00Z");
    git(root, &["config", "uploadpack.allowFilter", "true"]);
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", root.display());
    git(
        clones.path(),
        &["clone", "-q", "--filter=blob:none", &url, "blobless"],
    );
    let blobless = clones.path().join("blobless");
    let (analyses, _, _) = analyse(
        &blobless,
        &Config {
            include_paths: vec!["services/{service}/f.txt".into()],
            ..tagged_search.clone()
        },
        &[report(
            "service: docs\nfrom-version: 3.2.0\nto-version: 3.1.4",
        )],
    );
    assert!(
        rules(&analyses[0]).is_empty(),
        "{:?}",
        analyses[0].diagnostics
    );
    // A report without a service cannot be kept to its folder: it says so.
    let (analyses, _, _) = analyse(
        root,
        &tagged_search,
        &[report("from-version: 3.2.0\nto-version: 3.1.4")],
    );
    let said: Vec<&str> = analyses[0]
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        said,
        [
            "`include-paths` needs `{service}`, and this report has no `service`: every commit between the tags is listed"
        ]
    );
}

/// Names and subjects are published as written, whatever encoding the user's git
/// config asks `git log` for.
#[test]
fn names_and_subjects_stay_utf8_whatever_git_is_configured_to_write() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    git_init(root);
    commit(root, "chore: initial", "2024-01-01T10:00:00Z");
    git(root, &["tag", "v1.0.0"]);
    common::git_at(
        root,
        &[
            "commit",
            "-q",
            "--allow-empty",
            "--author",
            "José Müller <jose@example.com>",
            "-m",
            "fix: café",
        ],
        "2024-01-02T10:00:00Z",
    );
    git(root, &["tag", "v1.1.0"]);
    git(root, &["config", "i18n.logOutputEncoding", "ISO-8859-1"]);
    let (analyses, _, _) = analyse(
        root,
        &Config::default(),
        &[report("from-version: 1.1.0\nto-version: 1.0.0")],
    );
    let History::Range(range) = &analyses[0].diff.as_ref().unwrap().history else {
        panic!("{:?}", analyses[0].diff)
    };
    let commit = &range.commits[0].commit;
    assert_eq!(
        (commit.author.as_str(), commit.subject.as_str()),
        ("José Müller", "fix: café")
    );
}

/// A calendar version with leading zeros is read, compared as semver, and its tag is
/// found as written.
#[test]
fn a_calendar_version_finds_its_tag_as_written() {
    let repo = repository();
    git(repo.path(), &["tag", "v2024.01.3", "v2.5.0^{}"]);
    git(repo.path(), &["tag", "v2024.01.2", "v2.4.0^{}"]);
    let (analyses, _, _) = analyse(
        repo.path(),
        &Config::default(),
        &[report("from-version: 2024.01.3\nto-version: \"2024.01.2\"")],
    );
    assert_eq!(rules(&analyses[0]), Vec::<&str>::new());
    let diff = analyses[0].diff.as_ref().unwrap();
    assert!(matches!(&diff.from_tag, TagLookup::Found(t) if t.name == "v2024.01.3"));
    assert!(matches!(&diff.to_tag, TagLookup::Found(t) if t.name == "v2024.01.2"));
    assert!(matches!(&diff.history, History::Range(range) if !range.commits.is_empty()));
}

#[test]
fn lightweight_bare_and_service_tags() {
    let repo = repository();
    let (analyses, _, _) = analyse(
        repo.path(),
        &Config::default(),
        &[
            report("from-version: 2.4.0\nto-version: 2.3.0"),
            report("from-version: 2.4.0\nto-version: 1.0.0"),
        ],
    );
    let History::Range(range) = &analyses[0].diff.as_ref().unwrap().history else {
        panic!()
    };
    let subjects: Vec<&str> = range
        .commits
        .iter()
        .map(|c| c.commit.subject.as_str())
        .collect();
    assert_eq!(subjects, ["fix: before the to tag"]);
    let diff = analyses[1].diff.as_ref().unwrap();
    assert!(
        matches!(&diff.to_tag, TagLookup::Found(t) if t.name == "1.0.0"),
        "a bare tag when no v tag exists"
    );

    let config = Config {
        tag_format: "{service}-v{version}".into(),
        ..Config::default()
    };
    let (analyses, _, _) = analyse(
        repo.path(),
        &config,
        &[
            report("service: payments\nfrom-version: 2.5.0\nto-version: 2.4.0"),
            report("from-version: 2.5.0\nto-version: 2.4.0"),
        ],
    );
    let diff = analyses[0].diff.as_ref().unwrap();
    assert!(matches!(&diff.from_tag, TagLookup::Found(t) if t.name == "payments-v2.5.0"));
    assert!(
        matches!(&diff.to_tag, TagLookup::Missing(tried) if tried == &["payments-v2.4.0", "payments-2.4.0"])
    );
    assert!(rules(&analyses[0]).contains(&"unknown-tag"));
    assert!(
        analyses[1]
            .diagnostics
            .iter()
            .any(|d| d.message.contains("needs `{service}`"))
    );
}

#[test]
fn missing_tags_are_honest_warnings_and_hotfix_branches_no_problem() {
    let repo = repository();
    git(repo.path(), &["checkout", "-q", "-b", "hotfix", "v2.3.0"]);
    commit(repo.path(), "fix: hotfix", "2024-01-09T10:00:00Z");
    git(repo.path(), &["tag", "v2.4.1"]);
    git(repo.path(), &["checkout", "-q", "main"]);
    let (analyses, _, _) = analyse(
        repo.path(),
        &Config::default(),
        &[
            report("from-version: 2.5.0\nto-version: 2.4.9"),
            report("from-version: 2.5.0\nto-version: 2.4.1"),
        ],
    );
    let missing = &analyses[0];
    assert_eq!(rules(missing), ["unknown-tag"]);
    assert!(
        missing.diagnostics[0]
            .message
            .contains("no git tag `v2.4.9` or `2.4.9`")
    );
    assert_eq!(
        missing
            .report
            .source
            .line_col(missing.diagnostics[0].span.start)
            .0,
        3,
        "points at to-version"
    );
    // A rollback to a hotfix release, tagged on a branch of its own, is no problem;
    // the table says what it lists.
    let branch = &analyses[1];
    assert!(rules(branch).is_empty(), "{:?}", branch.diagnostics);
    let History::Range(range) = &branch.diff.as_ref().unwrap().history else {
        panic!()
    };
    assert!(!range.on_one_line);
    assert_eq!(
        range.commits.len(),
        5,
        "everything in v2.5.0 that the hotfix branch lacks"
    );
    let markdown = diff_table::render(branch.diff.as_ref().unwrap(), None, 50);
    assert!(
        markdown.contains("`v2.4.1` is on another branch than `v2.5.0` (a hotfix release, say): these are the commits in `v2.5.0` that it lacks."),
        "{markdown}"
    );
    // A tag with a history of its own is no hotfix: a wrong tag, more likely.
    git(repo.path(), &["checkout", "-q", "--orphan", "elsewhere"]);
    commit(repo.path(), "chore: unrelated", "2024-01-10T10:00:00Z");
    git(repo.path(), &["tag", "v2.4.2"]);
    git(repo.path(), &["checkout", "-q", "main"]);
    let (analyses, _, _) = analyse(
        repo.path(),
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.2")],
    );
    assert_eq!(rules(&analyses[0]), ["unknown-tag"]);
    assert!(
        analyses[0].diagnostics[0]
            .message
            .starts_with("v2.4.2 and v2.5.0 share no history"),
        "{:?}",
        analyses[0].diagnostics
    );
    // A history merged in from another repository brings a root of its own; the hotfix
    // still shares the rest.
    git(repo.path(), &["checkout", "-q", "--orphan", "imported"]);
    git(repo.path(), &["rm", "-rq", "--cached", "."]);
    write(&repo.path().join("vendor/lib.txt"), "lib\n");
    git(repo.path(), &["add", "vendor"]);
    commit(
        repo.path(),
        "chore: the vendored library",
        "2024-01-11T10:00:00Z",
    );
    git(repo.path(), &["checkout", "-q", "-f", "main"]);
    git(
        repo.path(),
        &[
            "merge",
            "-q",
            "--allow-unrelated-histories",
            "imported",
            "-m",
            "Merge the library",
        ],
    );
    git(repo.path(), &["tag", "v2.6.0"]);
    let (analyses, _, _) = analyse(
        repo.path(),
        &Config::default(),
        &[report("from-version: 2.6.0\nto-version: 2.4.1")],
    );
    assert!(
        rules(&analyses[0]).is_empty(),
        "{:?}",
        analyses[0].diagnostics
    );
}

#[test]
fn a_shallow_clone_is_never_shown_as_complete() {
    let repo = repository();
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "depth1"],
    );
    let depth1 = clones.path().join("depth1");
    let (analyses, _, _) = analyse(
        &depth1,
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    let diagnostics = &analyses[0].diagnostics;
    assert!(
        diagnostics.iter().all(|d| d.rule == "unknown-tag") && diagnostics.len() == 2,
        "{diagnostics:?}"
    );
    assert!(
        diagnostics[0].help.contains("fetch-depth: 0"),
        "{}",
        diagnostics[0].help
    );

    git(
        clones.path(),
        &["clone", "-q", "--depth", "2", &url, "depth2"],
    );
    let depth2 = clones.path().join("depth2");
    git(
        &depth2,
        &[
            "fetch",
            "-q",
            "--depth",
            "2",
            "origin",
            "refs/tags/*:refs/tags/*",
        ],
    );
    let (analyses, _, _) = analyse(
        &depth2,
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    let diff = analyses[0].diff.as_ref().unwrap();
    let History::Range(range) = &diff.history else {
        panic!("{:?}", diff.history)
    };
    assert!(!range.complete, "the range is cut off");
    let markdown = diff_table::render(diff, None, 50);
    assert!(
        markdown.contains("(incomplete: shallow clone, so no change counts)"),
        "{markdown}"
    );
    assert!(!markdown.contains("changed ·"), "no counts: {markdown}");
    assert!(markdown.contains("fetch-depth: 0"), "{markdown}");
    // The clone hides what links the tags; they are not on branches apart.
    assert!(!range.on_one_line, "the walk did not meet v2.4.0");
    assert!(!markdown.contains("another branch"), "{markdown}");
    assert!(
        !analyses[0]
            .diagnostics
            .iter()
            .any(|d| d.message.contains("share no history")),
        "{:?}",
        analyses[0].diagnostics
    );
    assert!(
        analyses[0]
            .diagnostics
            .iter()
            .any(|d| d.message.contains("cut off by a shallow clone"))
    );
}

#[test]
fn no_repository_and_no_git_are_warnings_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let (analyses, _, _) = analyse(
        dir.path(),
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    assert_eq!(rules(&analyses[0]), ["unknown-tag"]);
    assert!(
        analyses[0].diagnostics[0]
            .message
            .contains("cannot read git history")
    );
    let markdown = diff_table::render(analyses[0].diff.as_ref().unwrap(), None, 50);
    assert_eq!(
        markdown.matches("cannot be listed").count(),
        1,
        "the reason is said once: {markdown}"
    );
    assert!(markdown.contains("`git = false`"), "{markdown}");

    write(
        &dir.path().join("r.md"),
        &report("from-version: 2.5.0\nto-version: 2.4.0"),
    );
    let empty_path = tempfile::tempdir().unwrap();
    let out = bin(dir.path())
        .args(["check", "r.md"])
        .env("PATH", empty_path.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("git is not installed"),
        "{}",
        stdout(&out)
    );

    // A repository above a folder that `GIT_CEILING_DIRECTORIES` names is none, as git
    // itself says.
    let repo = repository();
    let book = repo.path().join("docs");
    write(
        &book.join("r.md"),
        &report("from-version: 2.5.0\nto-version: 2.4.0"),
    );
    let check = |ceiling: &Path| {
        let out = bin(&book)
            .args(["check", "r.md", "--format", "json"])
            .env("GIT_CEILING_DIRECTORIES", ceiling)
            .output()
            .unwrap();
        stdout(&out)
    };
    let unrelated = tempfile::tempdir().unwrap();
    assert!(!check(unrelated.path()).contains("unknown-tag"));
    assert!(
        check(repo.path()).contains("cannot read git history (fatal: not a git repository"),
        "{}",
        check(repo.path())
    );
}

#[test]
fn a_version_shaped_like_a_git_option_never_reaches_git() {
    let repo = repository();
    let target = repo.path().join("injected.txt");
    let evil = format!("--output={}", target.display());
    let (analyses, _, commands) = analyse(
        repo.path(),
        &Config::default(),
        &[report(&format!(
            "from-version: \"{evil}\"\nto-version: 2.4.0"
        ))],
    );
    assert!(rules(&analyses[0]).contains(&"invalid-version"));
    assert!(
        commands
            .iter()
            .flatten()
            .all(|arg| !arg.contains("--output")),
        "{commands:?}"
    );
    assert!(!target.exists());

    write(
        &repo.path().join("r.md"),
        &report(&format!(
            "from-version: \"{evil}\"\nto-version: \"--upload-pack=touch {}\"",
            target.display()
        )),
    );
    let out = bin(repo.path()).args(["check", "r.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[invalid-version]"));
    assert!(!target.exists(), "git never saw the version");
}

#[test]
fn a_book_costs_a_fixed_number_of_git_processes() {
    let repo = repository();
    let few: Vec<String> = (0..2)
        .map(|_| report("from-version: 2.5.0\nto-version: 2.4.0"))
        .collect();
    let many: Vec<String> = (0..300)
        .map(|i| match i % 3 {
            0 => report("from-version: 2.5.0\nto-version: 2.4.0"),
            1 => report("from-version: 2.4.0\nto-version: 2.3.0"),
            _ => report("from-version: 2.5.0\nto-version: 2.3.0"),
        })
        .collect();
    let (_, few_count, _) = analyse(repo.path(), &Config::default(), &few);
    let (analyses, many_count, commands) = analyse(repo.path(), &Config::default(), &many);
    assert!(
        many_count <= 5,
        "{many_count} git processes for 300 reports: {commands:?}"
    );
    assert!(
        many_count <= few_count + 1,
        "{few_count} for 2 reports, {many_count} for 300"
    );
    assert!(analyses.iter().all(|a| a.diagnostics.is_empty()));
    let config = Config {
        git: false,
        ..Config::default()
    };
    let (_, none, _) = analyse(repo.path(), &config, &many);
    assert_eq!(none, 0, "git = false starts no git at all");
}

#[test]
fn check_reports_unknown_tags_and_the_book_shows_the_commits() {
    let repo = repository();
    let book = repo.path().join("handbook");
    common::copy_dir(&common::fixture("books/handbook"), &book);
    let toml = std::fs::read_to_string(book.join("book.toml"))
        .unwrap()
        .replace("git = false\n", "");
    std::fs::write(book.join("book.toml"), toml).unwrap();
    write(
        &book.join("src/incidents/2024-06-02-payments.md"),
        &report("service: payments\nfrom-version: 2.5.0\nto-version: 2.4.0"),
    );
    let out = bin(&book)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unknown: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unknown-tag")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(
        unknown
            .iter()
            .any(|f| f.contains("2024-04-20-search-api-3-3-1.md")),
        "typos in versions show up in check: {unknown:?}"
    );
    assert!(!unknown.iter().any(|f| f.contains("2024-06-02-payments.md")));

    let out = bin(&book)
        .args(["build", ".", "--dest-dir", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html =
        std::fs::read_to_string(book.join("site/incidents/2024-06-02-payments.html")).unwrap();
    assert!(
        html.contains("refactor!: rework the pool"),
        "the commits are in the HTML"
    );
    assert!(
        html.contains("pipes | and &lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped in the HTML"
    );
    assert!(
        html.contains("https://github.com/example/handbook/commit/"),
        "commit links from git-repository-url"
    );

    // The same book through the real mdbook binary, when it is installed.
    let Some(mdbook) = common::mdbook_binary() else {
        return;
    };
    let path = common::path_with_our_binary();
    let out = std::process::Command::new(mdbook)
        .args(["build", "--dest-dir", "real"])
        .current_dir(&book)
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html =
        std::fs::read_to_string(book.join("real/incidents/2024-06-02-payments.html")).unwrap();
    assert!(html.contains("refactor!: rework the pool") && html.contains("perf: faster queries"));
}

#[test]
fn reports_show_when_they_were_written_and_by_whom() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_init(root);
    common::copy_dir(&common::fixture("books/handbook"), root);
    git(root, &["add", "."]);
    commit(root, "docs: the handbook", "2024-05-08T09:00:00Z");
    let report = root.join("src/incidents/2024-06-02-payments.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("Card payments failed", "Card payments really failed"),
    )
    .unwrap();
    let output = std::process::Command::new("git")
        .args(["commit", "-qam", "docs: fix the impact"])
        .current_dir(root)
        .env("GIT_AUTHOR_NAME", "Second Author")
        .env("GIT_AUTHOR_EMAIL", "second@example.com")
        .env("GIT_COMMITTER_NAME", "Second Author")
        .env("GIT_COMMITTER_EMAIL", "second@example.com")
        .env("GIT_AUTHOR_DATE", "2024-06-10T09:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-06-10T09:00:00Z")
        .output()
        .unwrap();
    assert!(output.status.success());
    let toml = std::fs::read_to_string(root.join("book.toml"))
        .unwrap()
        .replace("git = false\n", "");
    std::fs::write(root.join("book.toml"), toml).unwrap();
    let overridden = root.join("src/incidents/2024-05-07-search-api.md");
    let text = std::fs::read_to_string(&overridden).unwrap();
    std::fs::write(
        &overridden,
        format!("---\ncreated: 2024-05-07\nauthors: [Lena Fischer]\n---\n{text}"),
    )
    .unwrap();

    let out = bin(root)
        .args(["index", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entry = |title: &str| {
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["title"] == title)
            .unwrap()
            .clone()
    };
    let payments = entry("Payments 1.8.0");
    assert_eq!(payments["created"], "2024-05-08");
    assert_eq!(payments["updated"], "2024-06-10");
    assert_eq!(
        payments["authors"],
        serde_json::json!(["Second Author", "Test Author"])
    );
    let search = entry("Search API 3.2.0");
    assert_eq!(
        search["created"], "2024-05-07",
        "front matter overrides git"
    );
    assert_eq!(search["authors"], serde_json::json!(["Lena Fischer"]));

    let out = bin(root)
        .args(["build", ".", "--dest-dir", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html =
        std::fs::read_to_string(root.join("site/incidents/2024-06-02-payments.html")).unwrap();
    let line = "<em>First committed 2024-05-08 · last updated 2024-06-10 · by Second Author, Test Author</em>";
    assert!(html.contains(line), "the history line is on the page");
    // `src` spelt `./src` is the same folder to git.
    let toml = std::fs::read_to_string(root.join("book.toml"))
        .unwrap()
        .replace("[book]\n", "[book]\nsrc = \"./src\"\n");
    std::fs::write(root.join("book.toml"), toml).unwrap();
    let out = bin(root)
        .args(["build", ".", "--dest-dir", "site2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html =
        std::fs::read_to_string(root.join("site2/incidents/2024-06-02-payments.html")).unwrap();
    assert!(html.contains(line), "with src = \"./src\" too");
}

#[test]
fn an_old_branch_merged_late_does_not_list_commits_the_to_tag_has() {
    // root ← a ← b(v1.1.0) ← c(v1.2.0) ← merge(old) ← d(v1.3.0); old forked at root.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_init(root);
    commit(root, "chore: root", "2024-01-01T00:00:00Z");
    git(root, &["branch", "old"]);
    commit(root, "feat: a", "2024-01-02T00:00:00Z");
    commit(root, "feat: b", "2024-01-03T00:00:00Z");
    git(root, &["tag", "v1.1.0"]);
    commit(root, "feat: c", "2024-01-04T00:00:00Z");
    git(root, &["tag", "v1.2.0"]);
    git(root, &["checkout", "-q", "old"]);
    commit(root, "fix: on the old branch", "2024-01-05T00:00:00Z");
    git(root, &["checkout", "-q", "main"]);
    git(
        root,
        &["merge", "-q", "--no-ff", "old", "-m", "Merge branch 'old'"],
    );
    commit(root, "feat: d", "2024-01-06T00:00:00Z");
    git(root, &["tag", "v1.3.0"]);
    let (analyses, _, _) = analyse(
        root,
        &Config::default(),
        &[
            report("from-version: 1.3.0\nto-version: 1.2.0"),
            report("from-version: 1.2.0\nto-version: 1.1.0"),
        ],
    );
    let History::Range(range) = &analyses[0].diff.as_ref().unwrap().history else {
        panic!()
    };
    let mut subjects: Vec<&str> = range
        .commits
        .iter()
        .map(|c| c.commit.subject.as_str())
        .collect();
    subjects.sort_unstable();
    assert_eq!(
        subjects,
        ["Merge branch 'old'", "feat: d", "fix: on the old branch"]
    );
    let History::Range(range) = &analyses[1].diff.as_ref().unwrap().history else {
        panic!()
    };
    assert_eq!(
        range
            .commits
            .iter()
            .map(|c| c.commit.subject.as_str())
            .collect::<Vec<_>>(),
        ["feat: c"]
    );
}

#[test]
fn file_history_survives_unusual_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_init(root);
    write(&root.join("src/incidents/a \"quoted\"\tname.md"), "x");
    write(&root.join("src/incidents/café.md"), "x");
    git(root, &["add", "."]);
    commit(root, "docs: odd names", "2024-02-01T00:00:00Z");
    let histories =
        mdbook_rollback::git::metadata::file_histories(&CliGit::new(root), "src/incidents")
            .unwrap();
    for name in [
        "src/incidents/a \"quoted\"\tname.md",
        "src/incidents/café.md",
    ] {
        let history = histories
            .get(std::path::Path::new(name))
            .unwrap_or_else(|| panic!("{name}: {histories:?}"));
        assert_eq!(history.created.unwrap().to_string(), "2024-02-01T00:00:00Z");
        assert_eq!(history.authors, ["Test Author"]);
    }
}

#[test]
fn a_shallow_clone_credits_no_one_with_files_it_cannot_date() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("up");
    std::fs::create_dir(&up).unwrap();
    git_init(&up);
    write(&up.join("src/incidents/a.md"), "x");
    write(&up.join("src/incidents/b.md"), "x");
    git(&up, &["add", "."]);
    commit(&up, "docs: two reports", "2020-01-01T00:00:00Z");
    write(&up.join("src/incidents/b.md"), "y");
    write(&up.join("other.txt"), "z");
    git(&up, &["add", "."]);
    commit(&up, "docs: b again", "2021-01-01T00:00:00Z");
    write(&up.join("src/incidents/c.md"), "x");
    write(&up.join("other.txt"), "zz");
    git(&up, &["add", "."]);
    commit(&up, "docs: c", "2022-01-01T00:00:00Z");
    let histories = |root: &std::path::Path| {
        mdbook_rollback::git::metadata::file_histories(&CliGit::new(root), "src/incidents").unwrap()
    };
    let full = histories(&up);
    assert_eq!(
        full.len(),
        3,
        "a root commit in a full clone is history: {full:?}"
    );
    let url = format!("file://{}", up.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
    );
    let shallow = histories(&dir.path().join("shallow"));
    // The edge commit ("b again") seems to add a.md and b.md: neither is dated by it.
    let names: Vec<_> = shallow.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(names, ["src/incidents/c.md"], "{shallow:?}");
    assert_eq!(
        shallow[std::path::Path::new("src/incidents/c.md")]
            .created
            .unwrap()
            .to_string(),
        "2022-01-01T00:00:00Z"
    );
}

#[test]
fn a_partial_clone_lists_commits_without_fetching_their_files() {
    let repo = repository();
    git(repo.path(), &["config", "uploadpack.allowFilter", "true"]);
    // A rename that changed the file: finding it compares contents the clone lacks.
    write(
        &repo.path().join("app/notes.md"),
        "a report of some length\nline two\n",
    );
    git(repo.path(), &["add", "."]);
    commit(repo.path(), "docs: notes", "2024-02-01T00:00:00Z");
    git(repo.path(), &["mv", "app/notes.md", "app/renamed.md"]);
    write(
        &repo.path().join("app/renamed.md"),
        "a report of some length\nline two\nthree\n",
    );
    git(repo.path(), &["add", "."]);
    commit(repo.path(), "docs: rename", "2024-02-02T00:00:00Z");
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git(
        clones.path(),
        &["clone", "-q", "--filter=blob:none", &url, "blobless"],
    );
    let blobless = clones.path().join("blobless");
    let objects = || git(&blobless, &["count-objects", "-v"]);
    let before = objects();
    let (analyses, processes, _) = analyse(
        &blobless,
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    let (full, full_processes, _) = analyse(
        repo.path(),
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    let histories =
        mdbook_rollback::git::metadata::file_histories(&CliGit::new(&blobless), "app").unwrap();
    assert!(
        histories[std::path::Path::new("app/renamed.md")]
            .created
            .is_some(),
        "{histories:?}"
    );
    assert_eq!(objects(), before, "nothing was fetched");
    assert_eq!(processes, full_processes + 1, "one more git process");
    let diff = analyses[0].diff.as_ref().unwrap();
    let (History::Range(range), History::Range(full_range)) =
        (&diff.history, &full[0].diff.as_ref().unwrap().history)
    else {
        panic!("{:?}", diff.history)
    };
    assert_eq!(
        (range.changes, full_range.changes),
        (Changes::Files, Changes::Counted)
    );
    assert_eq!(range.commits.len(), full_range.commits.len());
    assert_eq!(range.files, full_range.files, "the files are listed");
    let markdown = diff_table::render(diff, None, 50);
    assert!(
        markdown.contains("(no line counts: a partial clone lacks the files\\' contents)"),
        "{markdown}"
    );
    assert!(!markdown.contains(" −"), "no counts: {markdown}");
    assert!(
        !analyses[0]
            .diagnostics
            .iter()
            .any(|d| d.rule == "unknown-tag"),
        "{:?}",
        analyses[0].diagnostics
    );
    // A treeless clone (`filter: tree:0` in actions/checkout) knows its commits but not
    // the files they changed: the commits are listed all the same.
    git(
        clones.path(),
        &["clone", "-q", "--filter=tree:0", &url, "treeless"],
    );
    let treeless = clones.path().join("treeless");
    let (analyses, _, _) = analyse(
        &treeless,
        &Config::default(),
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    let diff = analyses[0].diff.as_ref().unwrap();
    let History::Range(range) = &diff.history else {
        panic!("{:?}", diff.history)
    };
    assert_eq!(range.changes, Changes::Unknown);
    assert_eq!(range.commits.len(), full_range.commits.len());
    let markdown = diff_table::render(diff, None, 50);
    assert!(
        markdown.contains("(files not listed: a treeless clone lacks the commits\\' trees)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("refactor!: rework the pool"),
        "{markdown}"
    );
    assert!(
        !rules(&analyses[0]).contains(&"unknown-tag"),
        "{:?}",
        analyses[0].diagnostics
    );
    // Nor can it keep the list to a folder: it says so, and lists every commit.
    let (analyses, _, _) = analyse(
        &treeless,
        &Config {
            include_paths: vec!["app".into()],
            ..Config::default()
        },
        &[report("from-version: 2.5.0\nto-version: 2.4.0")],
    );
    assert!(
        analyses[0].diagnostics[0]
            .message
            .starts_with("`include-paths` cannot be applied: a treeless clone"),
        "{:?}",
        analyses[0].diagnostics
    );
}

#[test]
fn a_reports_diff_does_not_depend_on_the_reports_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_init(root);
    for (i, tags) in [
        &["v2.4.0"][..],
        &["v2.5.0", "v2.6.0"],
        &["v3.0.0"],
        &["v3.1.0"],
    ]
    .into_iter()
    .enumerate()
    {
        write(&root.join("app.txt"), &format!("{i}\n"));
        git(root, &["add", "."]);
        commit(
            root,
            &format!("feat: step {i}"),
            &format!("2024-01-0{}T10:00:00Z", i + 1),
        );
        for tag in tags {
            git(root, &["tag", tag]);
        }
    }
    let reports = [
        ("swapped", "from-version: 2.4.0\nto-version: 2.5.0"),
        ("same commit", "from-version: 2.6.0\nto-version: 2.5.0"),
        ("normal", "from-version: 3.1.0\nto-version: 3.0.0"),
        ("older", "from-version: 2.5.0\nto-version: 2.4.0"),
    ];
    let shown = |analysis: &Analysis| {
        let diff = analysis.diff.as_ref().unwrap();
        let History::Range(range) = &diff.history else {
            panic!("{:?}", diff.history)
        };
        let problems: Vec<String> = diff.problems().into_iter().map(|p| p.message).collect();
        (range.commits.len(), problems)
    };
    let texts: Vec<String> = reports.iter().map(|(_, front)| report(front)).collect();
    let (together, _, _) = analyse(root, &Config::default(), &texts);
    for (i, (name, _)) in reports.iter().enumerate() {
        let (alone, _, _) = analyse(root, &Config::default(), std::slice::from_ref(&texts[i]));
        assert_eq!(shown(&alone[0]), shown(&together[i]), "{name}");
    }
    let commits: Vec<usize> = together.iter().map(|a| shown(a).0).collect();
    assert_eq!(commits, [0, 0, 1, 1]);
    assert!(
        together.iter().all(|a| shown(a).1.is_empty()),
        "no branches apart"
    );
}

#[test]
fn a_renamed_report_keeps_the_history_of_its_old_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_init(root);
    write(
        &root.join("src/incidents/2024-01-01-tpyo.md"),
        "# Rollback Report: a long enough text to be found as the same file\n",
    );
    git(root, &["add", "."]);
    commit(root, "docs: a report", "2024-01-01T00:00:00Z");
    git(
        root,
        &[
            "mv",
            "src/incidents/2024-01-01-tpyo.md",
            "src/incidents/2024-01-01-typo \"fixed\".md",
        ],
    );
    common::git_at(
        root,
        &[
            "commit",
            "-q",
            "--author=Second Author <second@example.com>",
            "-m",
            "docs: fix the slug",
        ],
        "2024-02-01T00:00:00Z",
    );
    let histories =
        mdbook_rollback::git::metadata::file_histories(&CliGit::new(root), "src/incidents")
            .unwrap();
    let names: Vec<_> = histories.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(names, ["src/incidents/2024-01-01-typo \"fixed\".md"]);
    let history = histories.values().next().unwrap();
    assert_eq!(history.created.unwrap().to_string(), "2024-01-01T00:00:00Z");
    assert_eq!(history.updated.unwrap().to_string(), "2024-02-01T00:00:00Z");
    assert_eq!(history.authors.len(), 2, "{:?}", history.authors);
}

/// Files a pull request commits into the book's folder (`HEAD`, `objects/`, `refs/` and a
/// `config`) would make a bare repository of it for git run there: its config could run
/// a command, and its refs forge the version diff. git is told to take no such one.
#[test]
fn files_committed_to_look_like_a_repository_are_not_one() {
    let repo = tempfile::tempdir().unwrap();
    git_init(repo.path());
    let book = repo.path().join("docs/hb");
    let out = bin(repo.path()).args(["init", "docs/hb"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    git(repo.path(), &["add", "-A"]);
    let old = commit(repo.path(), "chore: start", "2024-03-01T10:00:00Z");
    git(repo.path(), &["tag", "v2.4.0"]);
    write(&repo.path().join("code.txt"), "b\n");
    git(repo.path(), &["add", "-A"]);
    commit(
        repo.path(),
        "feat: the change that broke prod",
        "2024-03-02T10:00:00Z",
    );
    git(repo.path(), &["tag", "v2.5.0"]);

    write(&book.join("HEAD"), "ref: refs/heads/main\n");
    write(
        &book.join("objects/info/alternates"),
        "../../../.git/objects\n",
    );
    for reference in ["refs/heads/main", "refs/tags/v2.4.0", "refs/tags/v2.5.0"] {
        write(&book.join(reference), &format!("{old}\n"));
    }
    let marker = repo.path().join("FSMONITOR-RAN");
    write(
        &book.join("config"),
        &format!(
            "[core]\n\tbare = false\n\tworktree = .\n\tfsmonitor = \"touch '{}'; false\"\n",
            marker.display()
        ),
    );
    git(repo.path(), &["add", "-A"]);
    commit(repo.path(), "docs: fix a typo", "2024-03-03T10:00:00Z");

    let out = bin(&book)
        .args(["check", "--changed-since", "HEAD~1", "."])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = bin(&book).args(["build", "."]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!marker.exists(), "the committed config ran a command");
    let html =
        std::fs::read_to_string(book.join("book/incidents/2024-03-14-payments-api-2-5-0.html"))
            .unwrap();
    assert!(
        html.contains("feat: the change that broke prod"),
        "the diff comes from the real repository"
    );
}

/// A checkout another user owns is refused, as git refuses it (`safe.directory`): its
/// config may run commands (here a clean filter that `git diff` would run). Changing a
/// file's owner needs root, so elsewhere this test has nothing to try.
#[test]
fn a_checkout_another_user_owns_is_refused_as_git_refuses_it() {
    let uid = std::process::Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        eprintln!("skipped: only root can give a checkout to another user");
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    git_init(repo.path());
    let out = bin(repo.path()).args(["init", "hb"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    write(&repo.path().join(".gitattributes"), "*.md filter=evil\n");
    git(repo.path(), &["add", "-A"]);
    commit(repo.path(), "docs: start", "2024-03-01T10:00:00Z");
    let marker = repo.path().join("FILTER-RAN");
    git(
        repo.path(),
        &[
            "config",
            "filter.evil.clean",
            &format!("touch '{}'; cat", marker.display()),
        ],
    );
    let book = repo.path().join("hb");
    let report = book.join("src/incidents/2024-03-14-payments-api-2-5-0.md");
    let text = std::fs::read_to_string(&report).unwrap();
    write(&report, &format!("{text}\n"));
    let chown = std::process::Command::new("chown")
        .args(["-R", "nobody"])
        .arg(repo.path())
        .status()
        .unwrap();
    assert!(chown.success());
    let out = bin(&book)
        .args(["check", "--changed-since", "HEAD", "."])
        .env("HOME", repo.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!(
            "run `git config --global --add safe.directory {}`",
            repo.path().display()
        )),
        "{}",
        stderr(&out)
    );
    let out = bin(&book)
        .args(["check", "."])
        .env("HOME", repo.path())
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("dubious ownership"),
        "{}",
        stdout(&out)
    );
    assert!(!marker.exists(), "the repository's config ran a command");
}

/// Whoever commits names the author, and git keeps a carriage return or an escape in
/// the name: nothing printed, in any format, lets it command a CI runner or a terminal.
#[test]
fn an_author_name_cannot_command_ci_or_the_terminal() {
    let repo = tempfile::tempdir().unwrap();
    git_init(repo.path());
    let out = bin(repo.path()).args(["init", "."]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    git(repo.path(), &["add", "-A"]);
    commit(repo.path(), "start", "2024-03-01T10:00:00Z");
    let report = repo
        .path()
        .join("src/incidents/2024-03-14-payments-api-2-5-0.md");
    let text = std::fs::read_to_string(&report).unwrap();
    write(&report, &format!("{text}\n"));
    let hostile = "Eve\r::error file=README.md::FORGED ##[add-mask]x \u{1b}]0;TITLE\u{7}";
    let status = std::process::Command::new("git")
        .args(["commit", "-q", "-am", "typo"])
        .current_dir(repo.path())
        .env("GIT_AUTHOR_NAME", hostile)
        .env("GIT_AUTHOR_EMAIL", "eve@example.com")
        .env("GIT_COMMITTER_NAME", "C")
        .env("GIT_COMMITTER_EMAIL", "c@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo.path())
        .status()
        .unwrap();
    assert!(status.success());
    for args in [
        &["index", "--format", "csv"][..],
        &["index", "--format", "json"],
        &["check", "--format", "json"],
        &["check"],
    ] {
        let out = bin(repo.path()).args(args).output().unwrap();
        for text in [stdout(&out), stderr(&out)] {
            for line in text.split(['\n', '\r']) {
                assert!(
                    !line.trim_start().starts_with("::")
                        && !line.contains("##[")
                        && !line.contains('\u{1b}'),
                    "{args:?}: {line:?}"
                );
            }
        }
        if args[0] == "index" {
            assert!(
                stdout(&out).contains("FORGED"),
                "{args:?}: {}",
                stdout(&out)
            );
        }
    }
}

/// Runs `build .` and `check .` on the book at `book`: each must stop with exit code 2
/// and say every one of `says`.
fn build_and_check_refuse(book: &Path, says: &[&str]) {
    for command in [&["build", "."][..], &["check", "."]] {
        let out = bin(book).args(command).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command:?}: {}", stderr(&out));
        for said in says {
            assert!(
                stderr(&out).contains(said),
                "{command:?}, {said:?}: {}",
                stderr(&out)
            );
        }
    }
}

/// mdBook copies every file of `src` that is not Markdown, and the theme's, as it is,
/// through symlinks: a symlink a pull request adds there may not publish a file the book
/// may not (outside it, on a hidden path such as `.git/config`, or one git does not
/// track), in the build or in `check`. A symlinked folder of the book's own tracked files
/// is fine.
#[test]
fn a_symlink_in_src_cannot_publish_what_the_book_may_not() {
    let repo = tempfile::tempdir().unwrap();
    git_init(repo.path());
    let book = repo.path().join("hb");
    let out = bin(repo.path()).args(["init", "hb"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    write(&book.join("assets/logo.svg"), "<svg/>\n");
    std::os::unix::fs::symlink("../assets", book.join("src/assets")).unwrap();
    git(repo.path(), &["add", "-A"]);
    commit(repo.path(), "docs: start", "2024-03-01T10:00:00Z");
    let out = bin(&book).args(["build", "."]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(book.join("book/assets/logo.svg").is_file());

    write(&repo.path().join("gha-creds-1.json"), "{\"token\": 1}\n");
    write(&repo.path().join("secrets/head.hbs"), "TOKEN\n");
    for (link, target, says) in [
        (
            "src/incidents/pw.txt",
            "/etc/passwd",
            "a symlink to /etc/passwd,",
        ),
        ("src/.config", "../../.git/config", "a symlink to "),
        // Published as a page, though no chapter: mdBook's 404 page.
        (
            "src/404.md",
            "../../.git/config",
            "the 404 page (`input-404`) leads by a symlink to ",
        ),
        ("src/creds.json", "../../gha-creds-1.json", "a symlink to "),
        (
            "src/incidents/up",
            "../../..",
            "a symlink to a folder that holds ",
        ),
        // mdBook publishes the theme's files too: a favicon, `head.hbs` in every page;
        // and the theme folder may be a symlink itself.
        ("theme", "../secrets", "a symlink to a folder that holds "),
        (
            "theme/favicon.png",
            "/etc/passwd",
            "a symlink to /etc/passwd,",
        ),
    ] {
        let at = book.join(link);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, &at).unwrap();
        build_and_check_refuse(
            &book,
            &[&format!("{link}: {says}"), "which mdBook would publish"],
        );
        std::fs::remove_file(&at).unwrap();
    }
    assert!(!book.join("book/incidents/pw.txt").exists());
    // A theme's `css` may lead to another of its folders: it is read as `css`.
    std::fs::create_dir_all(book.join("theme/x")).unwrap();
    std::os::unix::fs::symlink("../../../.git/config", book.join("theme/x/chrome.css")).unwrap();
    std::os::unix::fs::symlink("x", book.join("theme/css")).unwrap();
    build_and_check_refuse(&book, &["theme/css", "/.git/config, which mdBook"]);
    std::fs::remove_dir_all(book.join("theme")).unwrap();
    // Annotated where the link is, from the repository's root (not where it leads).
    std::os::unix::fs::symlink("/etc/passwd", book.join("src/incidents/pw.txt")).unwrap();
    let out = bin(&book)
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("::error file=hb/src/incidents/pw.txt,"),
        "{}",
        stdout(&out)
    );
    std::fs::remove_file(book.join("src/incidents/pw.txt")).unwrap();
    // additional-css and additional-js are published too, and the 404 page is read and
    // written where it is named: each must name a file the book may publish, in it.
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", book.join("custom.css")).unwrap();
    write(&book.join(".env"), "TOKEN=1\n");
    std::fs::create_dir(book.join("src/sub")).unwrap();
    std::os::unix::fs::symlink("../../../.git/config", book.join("src/sub/x.md")).unwrap();
    std::os::unix::fs::symlink("sub", book.join("src/lnk")).unwrap();
    for (setting, says) in [
        (
            "additional-css = [\"custom.css\"]",
            "`additional-css` names `custom.css`, which the book may not publish",
        ),
        (
            "additional-js = [\"../.git/config\"]",
            "`additional-js` names `../.git/config`, by `..`",
        ),
        (
            "additional-css = [\".env\"]",
            "`additional-css` names `.env`, which the book may not publish",
        ),
        (
            "input-404 = \"../.git/config\"",
            "`input-404` names `../.git/config`, by `..`",
        ),
        // By a second name for a folder of src.
        (
            "input-404 = \"lnk/x.md\"",
            "the 404 page (`input-404`) leads by a symlink to ",
        ),
    ] {
        let with = toml.replace("[output.html]", &format!("[output.html]\n{setting}"));
        assert_ne!(with, toml);
        std::fs::write(book.join("book.toml"), with).unwrap();
        build_and_check_refuse(&book, &[says]);
    }
    std::fs::remove_file(book.join("custom.css")).unwrap();
    std::fs::remove_file(book.join("src/lnk")).unwrap();
    std::fs::remove_dir_all(book.join("src/sub")).unwrap();
    std::fs::write(book.join("book.toml"), &toml).unwrap();
    // A theme book.toml names outside the book (a monorepo's shared theme) is its choice.
    write(
        &repo.path().join("shared-theme/head.hbs"),
        "<meta name=\"x\">\n",
    );
    git(repo.path(), &["add", "shared-theme"]);
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        toml.replace(
            "[output.html]",
            "[output.html]\ntheme = \"../shared-theme\"",
        ),
    )
    .unwrap();
    let out = bin(&book).args(["build", "."]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // But what it publishes is held to its repository's files.
    std::os::unix::fs::symlink(
        "../.git/config",
        repo.path().join("shared-theme/favicon.svg"),
    )
    .unwrap();
    let out = bin(&book).args(["build", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("shared-theme/favicon.svg: a symlink to ")
            && stderr(&out).contains("in a folder book.toml names outside the book"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(repo.path().join("shared-theme/favicon.svg")).unwrap();
    // A file mdBook never reads from a theme is no matter, tracked or not.
    write(&repo.path().join("shared-theme/logo.svg"), "<svg/>\n");
    let out = bin(&book).args(["build", "."]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // A theme is no book mdBook built, whatever its files are called.
    write(&book.join("theme/ayu-highlight.css"), "/* mine */\n");
    git(repo.path(), &["add", "hb/theme"]);
    std::fs::write(book.join("book.toml"), &toml).unwrap();
    let out = bin(&book)
        .args(["build", ".", "--dest-dir", "theme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(book.join("theme/ayu-highlight.css").is_file());
    // A folder of someone's untracked files is no book mdBook built either.
    write(&book.join("drafts/plan.txt"), "mine\n");
    let out = bin(&book)
        .args(["build", ".", "--dest-dir", "drafts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(book.join("drafts/plan.txt").is_file());
    // The markdown renderer leaves no mark of its own: a folder of files git tracks is
    // none of its output.
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        toml.replace("[output.html]", "[output.markdown]"),
    )
    .unwrap();
    let out = bin(&book)
        .args(["build", ".", "--dest-dir", "templates"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no book mdBook built, such as templates/rollback-report.md"),
        "{}",
        stderr(&out)
    );
    // Outside the book, in the same repository, too.
    write(&repo.path().join("docs/runbook.md"), "# Runbook\n");
    git(repo.path(), &["add", "docs"]);
    let out = bin(&book)
        .args(["build", ".", "--dest-dir", "../docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(repo.path().join("docs/runbook.md").is_file());
    std::fs::write(book.join("book.toml"), &toml).unwrap();
    // Built into a folder of src, mdBook would delete the reports.
    let out = bin(&book)
        .args(["build", ".", "--dest-dir", "src/incidents"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("it is in the book's src folder, which mdBook copies from"),
        "{}",
        stderr(&out)
    );
}

/// A book whose `src` is the repository's root would publish `.git` (mdBook copies what
/// `src` holds, hidden folders too): the build and `check` refuse it.
#[test]
fn a_book_whose_src_holds_the_repository_is_refused() {
    let repo = tempfile::tempdir().unwrap();
    git_init(repo.path());
    write(
        &repo.path().join("book.toml"),
        "[book]\ntitle = \"H\"\nsrc = \".\"\n\n[preprocessor.rollback]\ngit = false\n",
    );
    write(
        &repo.path().join("SUMMARY.md"),
        "# Summary\n\n[Intro](intro.md)\n",
    );
    write(&repo.path().join("intro.md"), "# Intro\n");
    git(repo.path(), &["add", "-A"]);
    commit(repo.path(), "docs: start", "2024-03-01T10:00:00Z");
    build_and_check_refuse(
        repo.path(),
        &[".git: a repository's `.git`, which mdBook would publish"],
    );
    assert!(!repo.path().join("book/.git").exists());
}

/// A submodule's files are tracked, by its own repository: a book may publish them
/// (`additional-css` from a vendored theme).
#[test]
fn a_submodules_files_are_the_books_to_publish() {
    let vendor = tempfile::tempdir().unwrap();
    git_init(vendor.path());
    write(
        &vendor.path().join("custom.css"),
        "body { color: black; }\n",
    );
    git(vendor.path(), &["add", "-A"]);
    commit(vendor.path(), "style", "2024-03-01T10:00:00Z");
    let repo = tempfile::tempdir().unwrap();
    git_init(repo.path());
    let out = bin(repo.path()).args(["init", "hb"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let book = repo.path().join("hb");
    git(
        repo.path(),
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            &vendor.path().display().to_string(),
            "hb/vendor/theme",
        ],
    );
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        toml.replace(
            "[output.html]",
            "[output.html]\nadditional-css = [\"vendor/theme/custom.css\"]",
        ),
    )
    .unwrap();
    git(repo.path(), &["add", "-A"]);
    commit(repo.path(), "docs: start", "2024-03-02T10:00:00Z");
    let out = bin(&book).args(["build", "."]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A book at the repository's root: a theme there (`theme = "."`) publishes nothing
/// through a symlink to `.git`, and the build folder may not be `.git`.
#[test]
fn a_book_at_the_repositorys_root_keeps_its_git() {
    let repo = tempfile::tempdir().unwrap();
    git_init(repo.path());
    let out = bin(repo.path()).args(["init", "."]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let toml = std::fs::read_to_string(repo.path().join("book.toml")).unwrap();
    for (setting, link, says) in [
        (
            "[output.html]\ntheme = \".\"",
            Some(("favicon.png", ".git/config")),
            "favicon.png: a symlink to ",
        ),
        (
            "[output.html]\ntheme = \".\"",
            Some(("fonts", ".git")),
            "fonts: a symlink to a folder that holds ",
        ),
        (
            "[output.markdown]",
            None,
            "it holds a repository (`.git`), or is one",
        ),
    ] {
        let mut with = toml.replace("[output.html]", setting);
        if link.is_none() {
            with = with.replace("build-dir = \"book\"", "build-dir = \".git\"");
        }
        assert_ne!(with, toml);
        std::fs::write(repo.path().join("book.toml"), &with).unwrap();
        if let Some((at, to)) = link {
            std::os::unix::fs::symlink(to, repo.path().join(at)).unwrap();
        }
        git(repo.path(), &["add", "-A"]);
        commit(repo.path(), "docs: a change", "2024-03-01T10:00:00Z");
        let out = bin(repo.path()).args(["build", "."]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{setting}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{setting}: {}", stderr(&out));
        assert!(repo.path().join(".git/HEAD").is_file());
        if let Some((at, _)) = link {
            std::fs::remove_file(repo.path().join(at)).unwrap();
        }
    }
}
