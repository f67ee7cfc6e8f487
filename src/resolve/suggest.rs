//! "Did you mean …" suggestions through `strsim`, with a small distance limit.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= limit || (word.len() > 3 && c.starts_with(word)))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// A help line `did you mean `x`?` when there is a close candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    suggest(word, candidates).map(|s| format!("did you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_words() {
        assert_eq!(
            suggest("privilged", ["privileged", "pod-security"]),
            Some("privileged")
        );
        assert_eq!(suggest("proces", ["process", "store"]), Some("process"));
        assert_eq!(suggest("zzzzzz", ["process", "store"]), None);
    }
}
