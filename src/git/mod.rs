//! Read-only git history behind a small trait. The CLI backend runs `git` with an
//! argument list (never a shell); the queries in [`history`] are batched so a book costs
//! a fixed number of `git` processes whatever its number of reports.

pub mod history;
pub mod metadata;

use std::cell::{Cell, OnceCell};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why git could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// The `git` binary is not on `PATH`.
    NotInstalled,
    /// git ran and failed.
    Failed {
        /// What git printed on stderr (first line).
        stderr: String,
    },
}

impl GitError {
    /// Whether git stopped for want of a file's contents that a partial clone
    /// (`--filter=blob:none`) lacks and is not allowed to fetch.
    pub fn lacks_contents(&self) -> bool {
        matches!(self, GitError::Failed { stderr }
            if stderr.contains("lazy fetching") || stderr.contains("promisor"))
    }

    /// Whether git stopped for want of a commit's tree, which a treeless clone
    /// (`--filter=tree:0`) lacks: it knows its commits, but not the files they changed.
    pub fn lacks_trees(&self) -> bool {
        matches!(self, GitError::Failed { stderr } if stderr.contains("unable to read tree"))
    }
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NotInstalled => write!(f, "git is not installed (not found on PATH)"),
            GitError::Failed { stderr } => write!(f, "git failed: {stderr}"),
        }
    }
}

/// The fix when git refused a checkout another user owns (`fatal: detected dubious
/// ownership in repository at '/work'`), as in a CI container: trust that repository.
pub fn ownership_fix(stderr: &str) -> Option<String> {
    let at = stderr.find("dubious ownership")?;
    let path = stderr[at..]
        .split_once('\'')
        .and_then(|(_, rest)| rest.split_once('\''))
        .map_or("<the checkout>", |(path, _)| path);
    // Quoted for a shell when it holds anything but a plain path.
    let path = if path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    };
    Some(format!(
        "git refuses a checkout that another user owns: run `git config --global --add safe.directory {path}` first (in a CI container, for \"$GITHUB_WORKSPACE\")"
    ))
}

/// Runs read-only git commands.
pub trait Git {
    /// Runs `git ARGS…`, feeding `stdin`, and returns stdout.
    fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Result<Vec<u8>, GitError>;
}

/// The `git` command line, run in a directory.
#[derive(Debug, Clone)]
pub struct CliGit {
    dir: PathBuf,
    /// The work tree around `dir`: the nearest folder holding `.git`.
    work_tree: Option<PathBuf>,
    /// Whether git will read that repository (asked once, before the first command).
    trusted: OnceCell<Result<(), GitError>>,
}

impl CliGit {
    /// Runs git in `dir` (any directory inside the work tree).
    ///
    /// The repository is the one whose `.git` is nearest above `dir`, named to git
    /// outright: git's own search would take a folder holding `HEAD`, `objects/` and
    /// `refs/` for a bare repository, and those are files a pull request can commit.
    /// Git trusts a repository it is told of, so it is first asked, from the work tree,
    /// whether it would read that repository by itself: one another user owns is refused
    /// (`safe.directory`), as `git status` refuses it, before its config runs anything.
    pub fn new(dir: &Path) -> Self {
        CliGit {
            dir: dir.to_path_buf(),
            work_tree: work_tree_of(dir),
            trusted: OnceCell::new(),
        }
    }
}

/// The git work tree that holds `dir`: the nearest folder at or above it with a `.git`,
/// short of the folders `GIT_CEILING_DIRECTORIES` tells git not to look in.
pub fn work_tree_of(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    // Git compares real paths, as the current directory is one.
    let ceilings: Vec<PathBuf> = std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|dirs| {
            std::env::split_paths(&dirs)
                .filter(|d| d.is_absolute())
                .map(|d| d.canonicalize().unwrap_or(d))
                .collect()
        })
        .unwrap_or_default();
    let dir = match ceilings.is_empty() {
        true => dir,
        false => dir.canonicalize().unwrap_or(dir),
    };
    let mut ancestors = dir.ancestors();
    let start = ancestors.next()?;
    std::iter::once(start)
        .chain(ancestors.take_while(|a| !ceilings.iter().any(|c| c == a)))
        .find(|a| a.join(".git").exists())
        .map(PathBuf::from)
}

/// Asks git, in the work tree at `root` and without naming the repository, whether it
/// will read it: git refuses a repository another user owns unless `safe.directory`
/// allows it.
fn trusted(root: &Path) -> Result<(), GitError> {
    let output = Command::new("git")
        .args([
            "-c",
            "safe.bareRepository=explicit",
            "rev-parse",
            "--git-dir",
        ])
        .current_dir(root)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    match output {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(GitError::NotInstalled),
        output => finish(output).map(drop),
    }
}

impl Git for CliGit {
    fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Result<Vec<u8>, GitError> {
        if let Some(root) = &self.work_tree {
            self.trusted.get_or_init(|| trusted(root)).clone()?;
        }
        let mut command = Command::new("git");
        command
            .args([
                "-c",
                "core.quotepath=off",
                "-c",
                "log.showSignature=false",
                // Names and subjects in UTF-8, whatever the user's `~/.gitconfig` asks.
                "-c",
                "i18n.logOutputEncoding=UTF-8",
                // Files a pull request commits (`HEAD`, `objects/`, `refs/` and a
                // `config` in the book's folder) would be taken for a bare repository,
                // with that config's commands; nor does the repository's own config run
                // one to list changed files.
                "-c",
                "safe.bareRepository=explicit",
                "-c",
                "core.fsmonitor=false",
                // Paths from the work tree's root, whatever the user's config says.
                "-c",
                "diff.relative=false",
                "--no-pager",
            ])
            .args(args)
            .current_dir(&self.dir)
            .envs(self.work_tree.iter().flat_map(|root| {
                [
                    ("GIT_DIR", root.join(".git")),
                    ("GIT_WORK_TREE", root.clone()),
                ]
            }))
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_OPTIONAL_LOCKS", "0")
            // A partial clone would fetch each missing file from the remote, one round
            // trip at a time; the history is read from what the clone holds.
            .env("GIT_NO_LAZY_FETCH", "1")
            .env("LC_ALL", "C")
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::NotInstalled,
            _ => GitError::Failed {
                stderr: e.to_string(),
            },
        })?;
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // A writer thread keeps a large stdin from deadlocking against a full stdout.
            let input = input.to_vec();
            let writer = std::thread::spawn(move || pipe.write_all(&input));
            let output = child.wait_with_output();
            let _ = writer.join();
            return finish(output);
        }
        finish(child.wait_with_output())
    }
}

fn finish(output: std::io::Result<std::process::Output>) -> Result<Vec<u8>, GitError> {
    let output = output.map_err(|e| GitError::Failed {
        stderr: e.to_string(),
    })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines = || stderr.lines().map(str::trim).filter(|l| !l.is_empty());
        // The line that says why: git's warnings (`warning: … multiple merge bases`) may
        // come before its `fatal:`.
        let reason = lines()
            .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
            .or_else(|| lines().next())
            .unwrap_or("no message");
        Err(GitError::Failed {
            stderr: reason.to_string(),
        })
    }
}

/// Wraps a backend and counts the processes it starts (for tests and the bench).
pub struct Counting<G> {
    inner: G,
    count: Cell<usize>,
    log: std::cell::RefCell<Vec<Vec<String>>>,
}

impl<G: Git> Counting<G> {
    /// Wraps `inner`.
    pub fn new(inner: G) -> Self {
        Counting {
            inner,
            count: Cell::new(0),
            log: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// How many commands ran.
    pub fn count(&self) -> usize {
        self.count.get()
    }

    /// The argument lists of the commands that ran.
    pub fn commands(&self) -> Vec<Vec<String>> {
        self.log.borrow().clone()
    }
}

impl<G: Git> Git for Counting<G> {
    fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Result<Vec<u8>, GitError> {
        self.count.set(self.count.get() + 1);
        self.log
            .borrow_mut()
            .push(args.iter().map(|a| a.to_string()).collect());
        self.inner.run(args, stdin)
    }
}
