//! The batched history queries. A whole book costs at most: one `rev-parse`, one
//! `for-each-ref`, one `merge-base`, one `rev-list`, one `log` and (with `include-paths`)
//! two `cat-file`, whatever its number of reports. Only object ids that git itself
//! printed, and (with `include-paths`) paths from the repository's root, are passed to
//! git, on stdin; report text never reaches a git command line.

use super::{Git, GitError};
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};

/// What the repository holds.
#[derive(Debug, Clone, Default)]
pub struct Repository {
    /// Whether this is a shallow clone.
    pub shallow: bool,
    /// Every tag that points (through annotation) at a commit, by name.
    pub tags: HashMap<String, Tag>,
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The tag's name, e.g. `v2.5.0`.
    pub name: String,
    /// The commit it points at.
    pub commit: String,
    /// The tagger date (annotated) or the commit date (lightweight).
    pub date: Option<Timestamp>,
}

/// Opens the repository around the working directory: two git processes.
pub fn open(git: &dyn Git) -> Result<Repository, GitError> {
    let shallow = is_shallow(git)?;
    let out = git.run(
        &[
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:iso-strict)",
            "refs/tags",
        ],
        None,
    )?;
    let mut tags = HashMap::new();
    for line in String::from_utf8_lossy(&out).lines() {
        let fields: Vec<&str> = line.split('\0').collect();
        let [name, kind, object, peeled_kind, peeled, date] = fields[..] else {
            continue;
        };
        let commit = match (kind, peeled_kind) {
            ("commit", _) => object,
            ("tag", "commit") => peeled,
            _ => continue, // tags of trees and blobs name no release
        };
        tags.insert(
            name.to_string(),
            Tag {
                name: name.to_string(),
                commit: commit.to_string(),
                date: date.parse().ok(),
            },
        );
    }
    Ok(Repository { shallow, tags })
}

/// Whether the work tree around the working directory is a shallow clone (an error
/// outside one): one git process.
pub fn is_shallow(git: &dyn Git) -> Result<bool, GitError> {
    let out = git.run(
        &[
            "rev-parse",
            "--is-inside-work-tree",
            "--is-shallow-repository",
        ],
        None,
    )?;
    let out = String::from_utf8_lossy(&out);
    let mut lines = out.lines();
    if lines.next() != Some("true") {
        return Err(GitError::Failed {
            stderr: "not inside a git work tree".into(),
        });
    }
    Ok(lines.next() == Some("true"))
}

/// The commit graph around some tips: every commit reachable from them, down to their
/// common base when there is one.
#[derive(Debug, Default)]
pub struct Graph {
    index: HashMap<String, u32>,
    ids: Vec<String>,
    parents: Vec<Vec<u32>>,
    /// Commits whose parents were not listed (roots, shallow boundaries).
    parentless: Vec<bool>,
    /// Boundary commits (`-<id>` rows): reachable from every "to" tag, so never undone.
    excluded: Vec<bool>,
}

impl Graph {
    /// Reads the graph reachable from `tips`, minus the history below the common
    /// ancestor of `floor` (the "to" tags): at most two git processes.
    pub fn read(git: &dyn Git, tips: &[&str], floor: &[&str]) -> Result<Graph, GitError> {
        let mut graph = Graph::default();
        if tips.is_empty() {
            return Ok(graph);
        }
        let mut input = String::new();
        for tip in tips {
            input.push_str(tip);
            input.push('\n');
        }
        let mut floors: Vec<&str> = floor.to_vec();
        floors.sort_unstable();
        floors.dedup();
        if let [only] = floors[..] {
            if is_object_id(only) {
                // One range: everything the floor reaches is excluded.
                input.push_str(&format!("^{only}\n"));
            }
        } else if floors.len() > 1 {
            let mut args = vec!["merge-base", "--octopus", "--end-of-options"];
            args.extend(floors.iter().copied());
            if let Ok(base) = git.run(&args, None) {
                let base = String::from_utf8_lossy(&base).trim().to_string();
                if is_object_id(&base) {
                    // Whatever the base reaches is reachable from every floor: excluded.
                    input.push_str(&format!("^{base}\n"));
                }
            }
        }
        let out = git.run(
            &["rev-list", "--parents", "--boundary", "--stdin"],
            Some(input.as_bytes()),
        )?;
        let text = String::from_utf8_lossy(&out);
        // `-<id>` rows are excluded commits next to the listed ones: the floor (or the
        // common base of the floors) and what it reaches.
        let rows: Vec<(bool, Vec<&str>)> = text
            .lines()
            .map(|l| match l.strip_prefix('-') {
                Some(rest) => (true, rest.split(' ').collect()),
                None => (false, l.split(' ').collect()),
            })
            .collect();
        for (_, row) in &rows {
            if let Some(id) = row.first() {
                graph.intern(id);
            }
        }
        graph.parents = vec![Vec::new(); graph.ids.len()];
        graph.parentless = vec![false; graph.ids.len()];
        graph.excluded = vec![false; graph.ids.len()];
        for (boundary, row) in &rows {
            let Some(&child) = row.first().and_then(|id| graph.index.get(*id)) else {
                continue;
            };
            let parents: Vec<u32> = row[1..]
                .iter()
                .filter_map(|p| graph.index.get(*p).copied())
                .collect();
            graph.parentless[child as usize] =
                !boundary && (parents.len() < row.len() - 1 || row.len() == 1);
            graph.excluded[child as usize] = *boundary;
            graph.parents[child as usize] = parents;
        }
        Ok(graph)
    }

    fn intern(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.index.insert(id.to_string(), i);
        self.ids.push(id.to_string());
        i
    }

    /// Everything reachable from `commit` in the graph, as a bitset.
    fn reach(&self, commit: u32) -> Vec<bool> {
        let mut seen = vec![false; self.ids.len()];
        let mut stack = vec![commit];
        while let Some(c) = stack.pop() {
            let Some(slot) = seen.get_mut(c as usize) else {
                continue;
            };
            if *slot {
                continue;
            }
            *slot = true;
            stack.extend(self.parents[c as usize].iter().copied());
        }
        seen
    }

    /// The commits reachable from `from` and not from `to`, in git's order (newest
    /// first), with what the walk learnt on the way.
    pub fn range(
        &self,
        from: &str,
        to: &str,
        cache: &mut HashMap<u32, Vec<bool>>,
    ) -> Option<Range> {
        // A tip that the walk left out is reachable from a "to" tag's side of the graph,
        // and so from this range's "to": the same commit, or an older one.
        let Some(&from) = self.index.get(from) else {
            return Some(Range::nothing_undone());
        };
        // "To" is listed unless it was excluded and is not next to a listed commit; then
        // the boundary rows alone mark what it reaches.
        let to = self.index.get(to).copied();
        let excluded: &[bool] = match to {
            Some(to) => cache.entry(to).or_insert_with(|| self.reach(to)),
            None => &[],
        };
        if excluded.get(from as usize).copied().unwrap_or(false) || self.excluded[from as usize] {
            return Some(Range::nothing_undone());
        }
        let mut in_range = vec![false; self.ids.len()];
        let mut stack = vec![from];
        let mut to_is_ancestor = false;
        let mut cut_off = false;
        let mut meets_to = false;
        while let Some(c) = stack.pop() {
            let ci = c as usize;
            if excluded.get(ci).copied().unwrap_or(false) || self.excluded[ci] {
                to_is_ancestor |= Some(c) == to;
                meets_to = true;
                continue;
            }
            if in_range[ci] {
                continue;
            }
            in_range[ci] = true;
            cut_off |= self.parentless[ci];
            stack.extend(self.parents[ci].iter().copied());
        }
        let commits = (0..self.ids.len())
            .filter(|&i| in_range[i])
            .map(|i| self.ids[i].clone())
            .collect();
        Some(Range {
            commits,
            on_one_line: to_is_ancestor,
            reaches_parentless: cut_off,
            shares_history: meets_to,
        })
    }
}

impl Range {
    /// The range of a "from" tag that its "to" tag reaches (the same commit, or the
    /// versions swapped): nothing, and no branches apart.
    fn nothing_undone() -> Range {
        Range {
            commits: Vec::new(),
            on_one_line: true,
            reaches_parentless: false,
            shares_history: true,
        }
    }
}

/// The commits between two tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// Reachable from "from", not from "to": newest first.
    pub commits: Vec<String>,
    /// Whether one tag is an ancestor of the other (or both are one commit), rather than
    /// the two being on different branches.
    pub on_one_line: bool,
    /// Whether the walk reached a commit with no known parents (a root, or the edge of a
    /// shallow clone).
    pub reaches_parentless: bool,
    /// Whether the walk met history that a "to" tag has: tags on different branches
    /// share some, tags of unrelated histories none. (A history merged in from another
    /// repository brings a root of its own, so reaching a root does not tell.)
    pub shares_history: bool,
}

/// One commit's details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Full id.
    pub id: String,
    /// Abbreviated id, as git abbreviates it in this repository.
    pub short: String,
    /// Author name.
    pub author: String,
    /// Author date.
    pub date: Option<Timestamp>,
    /// Number of parents (2 or more: a merge).
    pub parents: usize,
    /// The subject line.
    pub subject: String,
    /// Files changed.
    pub files: Vec<String>,
    /// Lines added.
    pub added: u64,
    /// Lines removed.
    pub removed: u64,
}

/// How much of what each commit changed the clone could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changes {
    /// The files and the lines added and removed.
    Counted,
    /// The files, without their lines: a partial clone lacks the files' contents.
    Files,
    /// Nothing: a treeless clone lacks the commits' trees.
    Unknown,
}

/// The details of many commits, and how much of their changes could be read: one
/// `git log` process, or two in a partial clone (`--filter=blob:none`), which lacks the
/// files' contents, or a treeless one (`--filter=tree:0`), which lacks the commits'
/// trees. Git never fetches them (`GIT_NO_LAZY_FETCH`): that is one network round trip
/// per object, minutes for a large range. There the files are listed, uncounted, or
/// only the commits are.
pub fn details(
    git: &dyn Git,
    ids: &[String],
) -> Result<(HashMap<String, Commit>, Changes), GitError> {
    let ids: Vec<&String> = ids.iter().filter(|id| is_object_id(id)).collect();
    if ids.is_empty() {
        return Ok((HashMap::new(), Changes::Counted));
    }
    let mut input = String::new();
    for id in &ids {
        input.push_str(id);
        input.push('\n');
    }
    let log = |changes: &str| {
        git.run(
            &[
                "log",
                "--no-walk=unsorted",
                "--stdin",
                "--no-color",
                changes,
                "--format=%x00%x01%H%x00%h%x00%an%x00%aI%x00%P%x00%s%x00",
            ],
            Some(input.as_bytes()),
        )
    };
    let (out, changes) = match log("--numstat") {
        Ok(out) => (out, Changes::Counted),
        Err(err) if err.lacks_trees() => (log("--no-patch")?, Changes::Unknown),
        Err(err) if err.lacks_contents() => match log("--name-only") {
            Ok(out) => (out, Changes::Files),
            Err(err) if err.lacks_trees() => (log("--no-patch")?, Changes::Unknown),
            Err(err) => return Err(err),
        },
        Err(err) => return Err(err),
    };
    let text = String::from_utf8_lossy(&out);
    let mut commits = HashMap::new();
    for record in text.split("\0\u{1}").skip(1) {
        let fields: Vec<&str> = record.splitn(7, '\0').collect();
        let [id, short, author, date, parents, subject, stats] = fields[..] else {
            continue;
        };
        let mut commit = Commit {
            id: id.to_string(),
            short: short.to_string(),
            author: author.to_string(),
            date: date.parse().ok(),
            parents: parents.split_whitespace().count(),
            subject: subject.to_string(),
            files: Vec::new(),
            added: 0,
            removed: 0,
        };
        for line in stats.lines().filter(|l| !l.is_empty()) {
            if changes != Changes::Counted {
                commit.files.push(unquoted(line));
                continue;
            }
            let mut parts = line.splitn(3, '\t');
            let (Some(added), Some(removed), Some(path)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            commit.added += added.parse::<u64>().unwrap_or(0);
            commit.removed += removed.parse::<u64>().unwrap_or(0);
            commit.files.push(unquoted(path));
        }
        commits.insert(commit.id.clone(), commit);
    }
    Ok((commits, changes))
}

/// A path as `git log` writes one (without `-z`): in double quotes, with C escapes,
/// when it holds a quote, a backslash or a control character, whatever `core.quotePath`
/// says; as it is otherwise. A rename's two names (`old => new`) are each quoted so.
pub fn unquoted(path: &str) -> String {
    if let Some((old, new)) = path.split_once(" => ")
        && (old.starts_with('"') || new.ends_with('"'))
    {
        return format!("{} => {}", unquoted(old), unquoted(new));
    }
    let Some(inner) = path
        .strip_prefix('"')
        .and_then(|quoted| quoted.strip_suffix('"'))
    else {
        return path.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut rest = inner.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        rest = after;
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        let Some((&escaped, after)) = rest.split_first() else {
            bytes.push(byte);
            break;
        };
        rest = after;
        let octal = |b: &u8| (b'0'..=b'7').contains(b);
        match escaped {
            b'a' => bytes.push(7),
            b'b' => bytes.push(8),
            b'f' => bytes.push(12),
            b'n' => bytes.push(b'\n'),
            b'r' => bytes.push(b'\r'),
            b't' => bytes.push(b'\t'),
            b'v' => bytes.push(11),
            b'0'..=b'3' if rest.len() >= 2 && rest[..2].iter().all(octal) => {
                let value = (escaped - b'0') * 64 + (rest[0] - b'0') * 8 + (rest[1] - b'0');
                bytes.push(value);
                rest = &rest[2..];
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether each of `paths` (a commit's id and a path from the repository's root, without
/// `.` or `..`) is in that commit. Each is looked for by name in its folder's tree, which
/// every clone that holds the commit has, where a file's contents (a blob-less clone)
/// or a submodule's commit may be missing. One `git cat-file --batch-check` says which
/// folders are trees, and one `git cat-file --batch` reads those trees alone (a folder
/// that is a large file is never read).
pub fn paths_present(git: &dyn Git, paths: &[(String, String)]) -> Result<Vec<bool>, GitError> {
    // Each folder is asked for once; one a line break would split is not asked.
    let mut folders: Vec<String> = Vec::new();
    let mut asked: Vec<Option<(usize, &str)>> = Vec::with_capacity(paths.len());
    for (commit, path) in paths {
        let path = path.trim_matches('/');
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let query = format!("{commit}:{folder}");
        if !is_object_id(commit) || name.is_empty() || query.contains(|c: char| c.is_control()) {
            asked.push(None);
            continue;
        }
        let at = match folders.iter().position(|f| *f == query) {
            Some(at) => at,
            None => {
                folders.push(query);
                folders.len() - 1
            }
        };
        asked.push(Some((at, name)));
    }
    if folders.is_empty() {
        return Ok(vec![false; paths.len()]);
    }
    let mut input = folders.join("\n");
    input.push('\n');
    let kinds = git.run(&["cat-file", "--batch-check"], Some(input.as_bytes()))?;
    // Each folder's tree, by its id, when it is one.
    let trees: Vec<Option<String>> = String::from_utf8_lossy(&kinds)
        .lines()
        .map(|line| match line.split(' ').collect::<Vec<_>>()[..] {
            [id, "tree", _] if is_object_id(id) => Some(id.to_string()),
            _ => None,
        })
        .chain(std::iter::repeat(None))
        .take(folders.len())
        .collect();
    // Each tree once: a folder no release changed is one tree for every release.
    let mut ids: Vec<&str> = trees.iter().flatten().map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut read: HashMap<&str, HashSet<Vec<u8>>> = HashMap::new();
    if !ids.is_empty() {
        let mut input = ids.join("\n");
        input.push('\n');
        let out = git.run(&["cat-file", "--batch"], Some(input.as_bytes()))?;
        read.extend(ids.iter().copied().zip(tree_names(&out, ids.len())));
    }
    let names: Vec<Option<&HashSet<Vec<u8>>>> = trees
        .iter()
        .map(|tree| tree.as_deref().and_then(|id| read.get(id)))
        .collect();
    Ok(asked
        .iter()
        .map(|asked| {
            asked.is_some_and(|(at, name)| {
                names
                    .get(at)
                    .copied()
                    .flatten()
                    .is_some_and(|names| names.contains(name.as_bytes()))
            })
        })
        .collect())
}

/// The names in each tree that `git cat-file --batch` printed (`count` answers: a header
/// `<id> <type> <size>` and the object, or `<query> missing`); none for an answer that is
/// no tree.
fn tree_names(out: &[u8], count: usize) -> Vec<HashSet<Vec<u8>>> {
    let mut trees = Vec::with_capacity(count);
    let mut rest = out;
    for _ in 0..count {
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&rest[..end]).into_owned();
        rest = &rest[end + 1..];
        let fields: Vec<&str> = header.split(' ').collect();
        let [id, kind, size] = fields[..] else {
            trees.push(HashSet::new());
            continue;
        };
        let (Ok(size), true) = (size.parse::<usize>(), is_object_id(id)) else {
            trees.push(HashSet::new());
            continue;
        };
        let Some(object) = rest.get(..size) else {
            break;
        };
        rest = rest.get(size + 1..).unwrap_or_default();
        let mut names = HashSet::new();
        if kind == "tree" {
            // Entries: `<mode> <name>\0` and the entry's id in binary, as long as this
            // tree's own id is in hexadecimal halves.
            let id_len = id.len() / 2;
            let mut entries = object;
            while let Some(space) = entries.iter().position(|&b| b == b' ') {
                let after = &entries[space + 1..];
                let Some(nul) = after.iter().position(|&b| b == 0) else {
                    break;
                };
                names.insert(after[..nul].to_vec());
                entries = after.get(nul + 1 + id_len..).unwrap_or_default();
            }
        }
        trees.push(names);
    }
    trees.resize_with(count, HashSet::new);
    trees
}

/// The names a file of `git log --numstat` goes by: both, for a rename git writes as
/// `dir/{old => new}/file` or `old => new`; the one otherwise.
pub fn names_of(file: &str) -> Vec<String> {
    let braced = file
        .split_once('{')
        .and_then(|(before, rest)| Some((before, rest.split_once('}')?)))
        .and_then(|(before, (names, after))| {
            let (old, new) = names.split_once(" => ")?;
            let name = |middle: &str| format!("{before}{middle}{after}").replace("//", "/");
            Some(vec![name(old), name(new)])
        });
    braced
        .or_else(|| {
            let (old, new) = file.split_once(" => ")?;
            Some(vec![old.to_string(), new.to_string()])
        })
        .unwrap_or_else(|| vec![file.to_string()])
}

/// A full or abbreviated hexadecimal object id, and nothing else.
pub fn is_object_id(text: &str) -> bool {
    (4..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The unique paths in a set of commits.
pub fn unique_files<'a>(commits: impl IntoIterator<Item = &'a Commit>) -> usize {
    commits
        .into_iter()
        .flat_map(|c| c.files.iter())
        .collect::<HashSet<_>>()
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_paths_are_read_as_named() {
        assert_eq!(unquoted("plain/name.md"), "plain/name.md");
        assert_eq!(unquoted(r#""say \"hi\".txt""#), r#"say "hi".txt"#);
        assert_eq!(unquoted(r#""tab\there\\x""#), "tab\there\\x");
        assert_eq!(unquoted(r#""caf\303\251""#), "café");
        assert_eq!(unquoted(r#""a\"b" => c"#), r#"a"b => c"#);
        assert_eq!(unquoted(r#""dangling\""#), "dangling\\");
    }
}
