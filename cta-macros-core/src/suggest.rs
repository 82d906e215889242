//! "Did you mean `footer`?": the closest known name to a misspelled one.

/// The candidate closest to `found`, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let found = found.to_ascii_lowercase();
    candidates
        .iter()
        .map(|candidate| (edit_distance(&found, candidate), *candidate))
        .filter(|(distance, candidate)| {
            *distance <= 2 && *distance < candidate.len().max(found.len()) / 2 + 1
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before_previous = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before_previous[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before_previous, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["to", "header", "body", "button", "url", "footer"];

    #[test]
    fn suggests_typos() {
        assert_eq!(closest("fotter", KEYS), Some("footer"));
        assert_eq!(closest("footre", KEYS), Some("footer"));
        assert_eq!(closest("Body", KEYS), Some("body"));
        assert_eq!(closest("buton", KEYS), Some("button"));
        assert_eq!(closest("ur", KEYS), Some("url"));
    }

    #[test]
    fn stays_quiet_for_unrelated_names() {
        assert_eq!(closest("recipient", KEYS), None);
        assert_eq!(closest("x", KEYS), None);
    }

    #[test]
    fn counts_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
