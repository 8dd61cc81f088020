//! Near misses: what a typo (`servce`, `{{#rollback-timline}}`, `Lessons Learnt`) was
//! meant to be.

/// The Levenshtein distance between two short strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The one of `known` that `word` is a typo of: at most one edit away for a word of up
/// to 8 characters, two for a longer one.
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let most = if word.chars().count() <= 8 { 1 } else { 2 };
    known
        .iter()
        .copied()
        .map(|k| (edit_distance(word, k), k))
        .filter(|(distance, _)| *distance <= most)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
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
    }

    #[test]
    fn closest_allows_more_edits_in_longer_words() {
        let known = ["service", "from-version", "to-version", "tags"];
        assert_eq!(closest("servce", &known), Some("service"));
        assert_eq!(closest("from-verison", &known), Some("from-version"));
        assert_eq!(closest("tag", &known), Some("tags"));
        assert_eq!(closest("team", &known), None);
        assert_eq!(closest("owner", &known), None);
    }
}
