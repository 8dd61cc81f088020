//! The benchmark: mdbook-rollback against the floor of any preprocessor, on synthetic
//! handbooks. Run it from the repository root:
//!
//! ```sh
//! cargo run --release --example bench                    # N = 1,000 and 10,000, 5 runs
//! cargo run --release --example bench -- --sizes 1000 --runs 3 --skip-mdbook
//! cargo run --release --example bench -- --mdbook-max 10000   # also time mdbook build at 10,000
//! ```
//!
//! It builds the release binary and the no-op floor, generates the books under
//! `target/bench/`, and prints medians (wall time and peak memory, from `wait4`) and the
//! ratios against the targets. It needs `git`; the full-build comparison needs `mdbook`.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Options {
    sizes: Vec<u64>,
    runs: usize,
    mdbook: bool,
    /// The largest N that `mdbook build` is timed at: mdBook itself takes minutes for a
    /// book of 10,000 chapters, with or without a preprocessor.
    mdbook_max: u64,
    git: bool,
}

fn options() -> Options {
    let mut options = Options {
        sizes: vec![1000, 10_000],
        runs: 5,
        mdbook: true,
        mdbook_max: 1000,
        git: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                options.sizes = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|n| n.trim().parse().ok())
                    .collect()
            }
            "--runs" => options.runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(5).max(1),
            "--skip-mdbook" => options.mdbook = false,
            "--mdbook-max" => {
                options.mdbook_max = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000)
            }
            "--skip-git" => options.git = false,
            other => fail(&format!(
                "unknown argument {other}; see the doc comment of examples/bench.rs"
            )),
        }
    }
    options
}

fn fail(message: &str) -> ! {
    let _ = writeln!(std::io::stderr(), "bench: {message}");
    std::process::exit(2)
}

/// One measured run: wall time and peak resident memory of the child.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    max_rss_kib: i64,
}

/// Runs a command to completion (stdin from `input`, stdout discarded) and measures it.
#[allow(unsafe_code)] // `wait4` is the way to read a child's peak memory
fn measure(command: &mut Command, input: Option<&Path>) -> Sample {
    let stdin = match input {
        Some(path) => Stdio::from(
            std::fs::File::open(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display()))),
        ),
        None => Stdio::null(),
    };
    let started = Instant::now();
    let child = command
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start {command:?}: {e}")));
    let pid = libc::pid_t::try_from(child.id()).unwrap_or_else(|_| fail("pid out of range"));
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is valid; `wait4` fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, and `status` and `usage` are valid for writes.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if waited != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        fail(&format!("{command:?} failed (status {status})"));
    }
    drop(child); // reaped by wait4 already
    Sample {
        wall,
        max_rss_kib: usage.ru_maxrss,
    }
}

fn median(samples: &[Sample]) -> Sample {
    let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    let mut rss: Vec<i64> = samples.iter().map(|s| s.max_rss_kib).collect();
    walls.sort();
    rss.sort_unstable();
    Sample {
        wall: walls[walls.len() / 2],
        max_rss_kib: rss[rss.len() / 2],
    }
}

/// Runs each command `runs` times, interleaved, and returns the medians.
fn compare(runs: usize, commands: &mut [(&str, Command, Option<PathBuf>)]) -> Vec<Sample> {
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); commands.len()];
    for _ in 0..runs {
        for (i, (_, command, input)) in commands.iter_mut().enumerate() {
            samples[i].push(measure(command, input.as_deref()));
        }
    }
    samples.iter().map(|s| median(s)).collect()
}

/// Dumps the preprocessor input for a book, exactly as mdBook 0.5 sends it.
fn dump_input(book: &Path, out: &Path) {
    let md = mdbook_driver::MDBook::load(book)
        .unwrap_or_else(|e| fail(&format!("load {}: {e}", book.display())));
    let ctx = mdbook_preprocessor::PreprocessorContext::new(
        book.to_path_buf(),
        md.config.clone(),
        "html".into(),
    );
    let file =
        std::fs::File::create(out).unwrap_or_else(|e| fail(&format!("{}: {e}", out.display())));
    let mut writer = std::io::BufWriter::new(file);
    serde_json::to_writer(&mut writer, &(&ctx, &md.book)).unwrap_or_else(|e| fail(&e.to_string()));
    writer.flush().unwrap_or_else(|e| fail(&e.to_string()));
}

/// Runs our preprocessor once on `input`, and writes mdBook's context with the book we
/// wrote to `out`: the floor's input for the cost of a book as large as ours. Streamed
/// through files: a child's peak memory counts the bench's own at the time it starts.
fn dump_our_output(ours: &Path, input: &Path, out: &Path) {
    let open = |path: &Path| {
        std::fs::File::open(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())))
    };
    let create = |path: &Path| {
        std::fs::File::create(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())))
    };
    let book = out.with_extension("book");
    let status = Command::new(ours)
        .stdin(open(input))
        .stdout(create(&book))
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| fail(&format!("cannot start {}: {e}", ours.display())));
    if !status.success() {
        fail(&format!("{} failed on {}", ours.display(), input.display()));
    }
    let (context, _): (serde_json::Value, serde::de::IgnoredAny) =
        serde_json::from_reader(std::io::BufReader::new(open(input)))
            .unwrap_or_else(|e| fail(&e.to_string()));
    let mut writer = std::io::BufWriter::new(create(out));
    let written = writer
        .write_all(b"[")
        .and_then(|()| serde_json::to_writer(&mut writer, &context).map_err(Into::into))
        .and_then(|()| writer.write_all(b","))
        .and_then(|()| std::io::copy(&mut open(&book), &mut writer).map(drop))
        .and_then(|()| writer.write_all(b"]"))
        .and_then(|()| writer.flush());
    written.unwrap_or_else(|e| fail(&format!("{}: {e}", out.display())));
    let _ = std::fs::remove_file(&book);
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn mib(kib: i64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn build(dir: &Path) -> (PathBuf, PathBuf) {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--release",
            "--bin",
            "mdbook-rollback",
            "--example",
            "noop",
        ])
        .status()
        .unwrap_or_else(|e| fail(&format!("cargo: {e}")));
    if !status.success() {
        fail("cargo build failed");
    }
    let target = dir.join("release");
    (target.join("mdbook-rollback"), target.join("examples/noop"))
}

/// A repository with `commits` commits and a tag every `commits / tags` commits, made
/// with `git fast-import` in one process.
fn make_repository(root: &Path, commits: u64, tags: u64) {
    let git = |args: &[&str], input: Option<&str>| {
        let mut child = Command::new("git")
            .args(args)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| fail(&format!("git: {e}")));
        if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
            stdin
                .write_all(text.as_bytes())
                .unwrap_or_else(|e| fail(&e.to_string()));
        }
        if !child.wait().is_ok_and(|s| s.success()) {
            fail(&format!("git {args:?} failed"));
        }
    };
    git(&["init", "-q", "-b", "main"], None);
    let every = (commits / tags).max(1);
    let mut stream = String::new();
    let mut rng = synthetic::Rng::new(commits);
    for c in 0..commits {
        let kind = ["feat", "fix", "perf", "refactor", "docs", "chore"][rng.below(6) as usize];
        let message = format!("{kind}: change {c}\n");
        let _ = write!(
            stream,
            "commit refs/heads/main\nmark :{}\nauthor Bench <bench@example.com> {} +0000\ncommitter Bench <bench@example.com> {} +0000\ndata {}\n{message}",
            c + 1,
            1_600_000_000 + c * 3600,
            1_600_000_000 + c * 3600,
            message.len()
        );
        if c > 0 {
            let _ = writeln!(stream, "from :{c}");
        }
        let body = format!("line {c}\n");
        let _ = write!(
            stream,
            "M 644 inline src/file{}.txt\ndata {}\n{body}\n",
            c % 50,
            body.len()
        );
        if (c + 1) % every == 0 {
            let k = (c + 1) / every - 1;
            let _ = write!(
                stream,
                "reset refs/tags/v{}\nfrom :{}\n\n",
                synthetic::version(k),
                c + 1
            );
        }
    }
    git(&["fast-import", "--quiet"], Some(&stream));
    git(&["checkout", "-q", "-f", "main"], None);
}

fn main() {
    let options = options();
    let target_dir =
        PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()));
    let target_dir = std::path::absolute(&target_dir).unwrap_or(target_dir);
    let (ours, floor) = build(&target_dir);
    let work = target_dir.join("bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap_or_else(|e| fail(&e.to_string()));
    let mut report = String::new();
    let _ = writeln!(
        report,
        "## Benchmark ({} runs each, medians)\n",
        options.runs
    );
    let _ = writeln!(
        report,
        "| measure | N | mdbook-rollback | no-op floor | ratio | target |"
    );
    let _ = writeln!(report, "|---|---:|---:|---:|---:|---|");
    let mut preprocessor_times = Vec::new();
    for &n in &options.sizes {
        let book = work.join(format!("book-{n}"));
        let versions = |i: u64| (synthetic::version(i + 1), synthetic::version(i));
        synthetic::write_book(&book, n, false, &versions).unwrap_or_else(|e| fail(&e.to_string()));
        let input = work.join(format!("input-{n}.json"));
        dump_input(&book, &input);
        let written = work.join(format!("input-{n}-as-written-by-us.json"));
        dump_our_output(&ours, &input, &written);
        let mut commands = [
            ("ours", Command::new(&ours), Some(input.clone())),
            ("floor", Command::new(&floor), Some(input.clone())),
            ("floor on ours", Command::new(&floor), Some(written)),
        ];
        let medians = compare(options.runs, &mut commands);
        let (us, base, bound) = (medians[0], medians[1], medians[2]);
        preprocessor_times.push((n, us.wall));
        let ratio = us.wall.as_secs_f64() / base.wall.as_secs_f64();
        let memory = us.max_rss_kib as f64 / base.max_rss_kib as f64;
        let _ = writeln!(
            report,
            "| preprocessor time | {n} | {} | {} | {ratio:.2}× | ≤ 2× |",
            secs(us.wall),
            secs(base.wall)
        );
        let _ = writeln!(
            report,
            "| preprocessor peak memory | {n} | {} | {} | {memory:.2}× | ≤ 1.5× |",
            mib(us.max_rss_kib),
            mib(base.max_rss_kib)
        );

        // What no analysis can save: mdBook's book read, and ours (with its tables)
        // written, by the floor itself.
        let _ = writeln!(
            report,
            "| floor reading and writing the book we write (no analysis) | {n} | | {} | {:.2}× | |",
            secs(bound.wall),
            bound.wall.as_secs_f64() / base.wall.as_secs_f64()
        );

        let mut check = Command::new(&ours);
        check.arg("check").arg(&book);
        // `check` exits 0 on this complete synthetic handbook; measure() insists on it.
        let median_check = median(
            &(0..options.runs)
                .map(|_| measure(&mut check, None))
                .collect::<Vec<_>>(),
        );
        let _ = writeln!(
            report,
            "| `check` on N reports | {n} | {} | | | < 2 s at 10,000 |",
            secs(median_check.wall)
        );

        if options.mdbook && n <= options.mdbook_max {
            let site = work.join(format!("site-{n}"));
            let path = std::env::join_paths(
                std::iter::once(ours.parent().map(Path::to_path_buf).unwrap_or_default()).chain(
                    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
                ),
            )
            .unwrap_or_default();
            let mut with = Command::new("mdbook");
            with.args(["build", "--dest-dir"])
                .arg(&site)
                .arg(&book)
                .env("PATH", &path);
            let mut without = Command::new("mdbook");
            without
                .args(["build", "--dest-dir"])
                .arg(&site)
                .arg(&book)
                .env("PATH", &path)
                .env("MDBOOK_PREPROCESSOR__ROLLBACK__RENDERERS", "[\"none\"]");
            let runs = options.runs.min(3);
            let mut builds = [("with", with, None), ("without", without, None)];
            let medians = compare(runs, &mut builds);
            let ratio = medians[0].wall.as_secs_f64() / medians[1].wall.as_secs_f64();
            let _ = writeln!(
                report,
                "| `mdbook build` with / without us | {n} | {} | {} | {ratio:.2}× | |",
                secs(medians[0].wall),
                secs(medians[1].wall)
            );
        }
    }
    if let [(n1, t1), .., (n2, t2)] = preprocessor_times[..] {
        let _ = writeln!(
            report,
            "| growth {n2}/{n1} | | {:.2}× | | | ≤ {} |",
            t2.as_secs_f64() / t1.as_secs_f64(),
            n2 / n1 + 1
        );
    }
    if options.git {
        git_bench(&work, &ours, options.runs, &mut report);
    }
    let _ = std::io::stdout().write_all(report.as_bytes());
    let _ = std::fs::write(work.join("results.md"), &report);
}

/// Git enrichment: 1,000 reports against a repository of 5,000 commits and 1,000 tags.
fn git_bench(work: &Path, ours: &Path, runs: usize, report: &mut String) {
    let (reports, commits, tags) = (1000u64, 5000u64, 1000u64);
    let book = work.join("book-git");
    std::fs::create_dir_all(&book).unwrap_or_else(|e| fail(&e.to_string()));
    make_repository(&book, commits, tags);
    let versions = |i: u64| {
        let k = i % (tags - 1);
        (synthetic::version(k + 1), synthetic::version(k))
    };
    synthetic::write_book(&book, reports, false, &versions)
        .unwrap_or_else(|e| fail(&e.to_string()));
    let input_without = work.join("input-nogit.json");
    dump_input(&book, &input_without);
    synthetic::write_book(&book, reports, true, &versions).unwrap_or_else(|e| fail(&e.to_string()));
    let input = work.join("input-git.json");
    dump_input(&book, &input);
    // A `git` on PATH that logs each invocation, then runs the real one.
    let real_git = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default(),
    )
    .unwrap_or_default()
    .trim()
    .to_string();
    let shim_dir = work.join("git-shim");
    std::fs::create_dir_all(&shim_dir).unwrap_or_else(|e| fail(&e.to_string()));
    let log = work.join("git-calls.log");
    let shim = shim_dir.join("git");
    std::fs::write(
        &shim,
        format!(
            // Logs the subcommand: the first argument that is not an option or a `-c` value.
            "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -c) skip=1 ;; -*) ;; *) if [ -n \"$skip\" ]; then skip=; else echo \"$a\" >> '{}'; break; fi ;; esac; done\nexec '{real_git}' \"$@\"\n",
            log.display()
        ),
    )
    .unwrap_or_else(|e| fail(&e.to_string()));
    let _ = Command::new("chmod").arg("+x").arg(&shim).status();
    let path = std::env::join_paths(std::iter::once(shim_dir.clone()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap_or_default();
    let mut with = Command::new(ours);
    with.env("PATH", &path).current_dir(&book);
    let mut without = Command::new(ours);
    without.env("PATH", &path).current_dir(&book);
    let _ = std::fs::remove_file(&log);
    measure(&mut with, Some(&input));
    let calls = std::fs::read_to_string(&log).unwrap_or_default();
    let processes = calls.lines().count();
    let mut commands = [
        ("git on", with, Some(input.clone())),
        ("git off", without, Some(input_without)),
    ];
    let medians = compare(runs, &mut commands);
    let extra = medians[0].wall.saturating_sub(medians[1].wall);
    let _ = writeln!(
        report,
        "| git enrichment, {reports} reports, {commits} commits, {tags} tags | | {} ({processes} git processes: {}) | {} without git | +{} | ≤ +1 s, constant processes |",
        secs(medians[0].wall),
        calls.lines().collect::<Vec<_>>().join(", "),
        secs(medians[1].wall),
        secs(extra)
    );
}
