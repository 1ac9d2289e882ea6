//! Plain-language measures (Article 12): sentence length and Flesch–Kincaid grade.

/// Words in a sentence (tokens with a letter or digit).
pub(crate) fn word_count(sentence: &str) -> usize {
    sentence.split_whitespace().filter(|w| is_word(w)).count()
}

/// A token with a letter or digit.
fn is_word(token: &str) -> bool {
    token.bytes().any(|b| b.is_ascii_alphanumeric())
        || (!token.is_ascii() && token.chars().any(char::is_alphanumeric))
}

/// A token with a letter.
fn has_letter(token: &str) -> bool {
    token.bytes().any(|b| b.is_ascii_alphabetic())
        || (!token.is_ascii() && token.chars().any(char::is_alphabetic))
}

/// Syllables in an English word, by vowel groups (a standard heuristic): count the groups of
/// vowels among its letters (lower-cased), less a silent final "e" (but not "-le").
pub(crate) fn syllables(word: &str) -> usize {
    // An ASCII word (most of them) lower-cased byte by byte: the same letters.
    if word.is_ascii() {
        count_syllables(word.bytes().map(|b| char::from(b.to_ascii_lowercase())))
    } else {
        count_syllables(word.chars().flat_map(char::to_lowercase))
    }
}

/// [`syllables`] of a word's lower-cased characters.
#[inline]
fn count_syllables(lower: impl Iterator<Item = char>) -> usize {
    let mut letters = 0usize;
    let mut count = 0usize;
    let mut prev_vowel = false;
    let (mut last, mut before_last) = (' ', ' ');
    for c in lower {
        if !c.is_alphabetic() {
            continue;
        }
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if vowel && !prev_vowel {
            count += 1;
        }
        prev_vowel = vowel;
        letters += 1;
        (before_last, last) = (last, c);
    }
    if letters == 0 {
        return 0;
    }
    if letters > 2 && last == 'e' && before_last != 'l' && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// Flesch–Kincaid grade level of a set of sentences.
pub(crate) fn grade(sentences: &[&str]) -> Option<f64> {
    let mut words = 0usize;
    let mut syl = 0usize;
    for w in sentences
        .iter()
        .flat_map(|s| s.split_whitespace())
        .filter(|w| has_letter(w))
    {
        words += 1;
        syl += syllables(w);
    }
    if sentences.is_empty() || words == 0 {
        return None;
    }
    let wps = words as f64 / sentences.len() as f64;
    let spw = syl as f64 / words as f64;
    Some(0.39 * wps + 11.8 * spw - 15.59)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `syllables` as first written (lower-case the word, keep its letters, count vowel
    /// groups): the allocation-free version must agree.
    fn reference_syllables(word: &str) -> usize {
        let w: Vec<char> = word
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        if w.is_empty() {
            return 0;
        }
        let vowel = |c: char| "aeiouy".contains(c);
        let mut count = 0;
        let mut prev = false;
        for &c in &w {
            let v = vowel(c);
            if v && !prev {
                count += 1;
            }
            prev = v;
        }
        if w.len() > 2 && w.ends_with(&['e']) && !w.ends_with(&['l', 'e']) && count > 1 {
            count -= 1;
        }
        count.max(1)
    }

    proptest::proptest! {
        #[test]
        fn syllables_agree_with_reference(w in "[a-zA-Z0-9'ÉéÆİΣς-]{0,12}") {
            proptest::prop_assert_eq!(syllables(&w), reference_syllables(&w));
        }
    }

    #[test]
    fn counts_syllables_and_grades() {
        assert_eq!(syllables("data"), 2);
        assert_eq!(syllables("retention"), 3);
        assert_eq!(syllables("make"), 1);
        let simple = grade(&["We keep your data for two years.", "Then we delete it."]).unwrap();
        let hard = grade(&["Notwithstanding the aforementioned considerations, processing operations necessitate comprehensive organisational documentation."]).unwrap();
        assert!(simple < 5.0, "{simple}");
        assert!(hard > 15.0, "{hard}");
        assert_eq!(word_count("We keep it - for 2 years."), 6);
        assert_eq!(word_count("Ça — 2 «» données"), 3);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("ÉTÉ"), 1);
        assert_eq!(syllables("--"), 0);
        assert_eq!(syllables("the"), 1);
    }
}
