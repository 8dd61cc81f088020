//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file's path.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The binary under test, run in `dir`.
pub fn bin(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mdbook-rollback"));
    command.current_dir(dir).env("NO_COLOR", "1");
    command.env_remove("MDBOOK_PREPROCESSOR__ROLLBACK__ON_INCOMPLETE");
    command
}

/// Runs the binary in `dir` as a preprocessor, feeding `input` on stdin.
pub fn pipe(input: &[u8], dir: &Path) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = bin(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // A writer thread, so a large input cannot block against a full stdout.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs the binary in `dir` with `args`, which must stop with a usage error (exit code
/// 2); its stderr.
pub fn usage_error(dir: &Path, args: &[&str]) -> String {
    let out = bin(dir).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    stderr(&out)
}

/// A git command in `dir` with a fixed identity, no system or user configuration and,
/// when given, a fixed date.
fn git_command(dir: &Path, date: Option<&str>) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir);
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    command
}

fn run_git(mut command: Command, args: &[&str]) -> String {
    let output = command.args(args).output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// Runs git in `dir`, panicking on failure.
pub fn git(dir: &Path, args: &[&str]) -> String {
    run_git(git_command(dir, None), args)
}

/// Runs git in `dir` at a fixed date (for annotated tags).
pub fn git_at(dir: &Path, args: &[&str], date: &str) -> String {
    run_git(git_command(dir, Some(date)), args)
}

/// Commits everything in `dir` with a message and a fixed date.
pub fn commit(dir: &Path, message: &str, date: &str) -> String {
    git_at(dir, &["commit", "-q", "--allow-empty", "-m", message], date);
    git(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

/// Initialises a repository with a fixed branch name.
pub fn git_init(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Test Author"]);
    git(dir, &["config", "user.email", "author@example.com"]);
    git(dir, &["config", "commit.gpgsign", "false"]);
    git(dir, &["config", "tag.gpgsign", "false"]);
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes a file, creating its directories.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The `mdbook` binary, or `None` (and a note) when it is not installed. CI sets
/// `MDBOOK_ROLLBACK_REQUIRE_MDBOOK=1`, which turns a missing binary into a failure.
pub fn mdbook_binary() -> Option<PathBuf> {
    let found = Command::new("mdbook")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    match found {
        Some(out) => {
            let version = String::from_utf8_lossy(&out.stdout);
            assert!(
                version.starts_with("mdbook v0.5."),
                "mdbook 0.5.x is expected, found {version}"
            );
            Some(PathBuf::from("mdbook"))
        }
        None => {
            assert!(
                std::env::var_os("MDBOOK_ROLLBACK_REQUIRE_MDBOOK").is_none(),
                "mdbook is not installed; .ci/run installs it with `cargo install --locked mdbook`"
            );
            #[allow(clippy::print_stderr)]
            {
                eprintln!("note: mdbook is not installed; skipping the real-binary build");
            }
            None
        }
    }
}

/// PATH with our binary first, so `command = "mdbook-rollback"` finds it.
pub fn path_with_our_binary() -> std::ffi::OsString {
    let ours = Path::new(env!("CARGO_BIN_EXE_mdbook-rollback"))
        .parent()
        .unwrap()
        .to_path_buf();
    let mut paths = vec![ours];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

/// Runs the preprocessor in-process on chapters (path, content) with git off and
/// `on-incomplete = "warn"`, and returns the chapters' contents.
pub fn preprocess_chapters(chapters: Vec<(String, String)>, renderer: &str) -> Vec<String> {
    use mdbook_preprocessor::book::{BookItem, Chapter};
    let dir = tempfile::tempdir().unwrap();
    let config = serde_json::json!({
        "book": {"src": "src"},
        "preprocessor": {"rollback": {"git": false, "on-incomplete": "warn"}}
    });
    let mut items: Vec<BookItem> = chapters
        .into_iter()
        .map(|(path, content)| BookItem::Chapter(Chapter::new("C", content, path, Vec::new())))
        .collect();
    let options = mdbook_rollback::mdbook::Options {
        root: dir.path(),
        renderer,
        config: &config,
        mdbook_version: "0.5.4",
        git: None,
        color: false,
    };
    mdbook_rollback::mdbook::run(&options, &mut items, &mut Default::default())
        .expect("the preprocessor runs");
    items
        .into_iter()
        .map(|item| match item {
            BookItem::Chapter(ch) => ch.content,
            _ => String::new(),
        })
        .collect()
}
