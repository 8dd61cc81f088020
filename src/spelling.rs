//! Near misses: what a typo (`servce`, `{{#rollback-timline}}`, `Lessons Learnt`) was
//! meant to be.

/// The edit distance between two short strings, in characters: insertions, deletions,
/// substitutions and swaps of two neighbours (`stauts` is one edit from `status`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two back, the last, and this one.
    let mut two_back: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (last[j - 1] + cost).min(last[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(two_back[j - 2] + 1);
            }
            row[j] = best;
        }
        std::mem::swap(&mut two_back, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// The one of `known` that `word` is a typo of: at most one edit away for a word of up
/// to 8 characters, two for a longer one. When two are as near (`SEV4` to `SEV1` and
/// `SEV2`), neither is: a guess would be wrong as often as right.
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let most = if word.chars().count() <= 8 { 1 } else { 2 };
    let near: Vec<(usize, &str)> = known
        .iter()
        .copied()
        .map(|k| (edit_distance(word, k), k))
        .filter(|(distance, _)| *distance <= most)
        .collect();
    let nearest = near.iter().map(|(distance, _)| *distance).min()?;
    match near
        .iter()
        .filter(|(distance, _)| *distance == nearest)
        .collect::<Vec<_>>()[..]
    {
        [(_, only)] => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("impact assesment", "impact assessment"), 1);
        assert_eq!(edit_distance("lessons learnt", "lessons learned"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
        assert_eq!(edit_distance("stauts", "status"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
    }

    #[test]
    fn closest_allows_more_edits_in_longer_words() {
        let known = ["service", "from-version", "to-version", "tags"];
        assert_eq!(closest("servce", &known), Some("service"));
        assert_eq!(closest("from-verison", &known), Some("from-version"));
        assert_eq!(closest("tag", &known), Some("tags"));
        assert_eq!(closest("sevrice", &known), Some("service"));
        assert_eq!(closest("tgas", &known), Some("tags"));
        assert_eq!(closest("team", &known), None);
        assert_eq!(closest("owner", &known), None);
        // As near to two: no guess.
        assert_eq!(closest("sev4", &["sev1", "sev2", "sev3"]), None);
        assert_eq!(closest("sev22", &["sev1", "sev2", "sev3"]), Some("sev2"));
    }
}
