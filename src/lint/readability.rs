//! Plain-language measures (Article 12): sentence length and Flesch–Kincaid grade.

/// Words in a sentence (tokens with a letter or digit).
pub fn word_count(sentence: &str) -> usize {
    sentence
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Syllables in an English word, by vowel groups (a standard heuristic).
pub fn syllables(word: &str) -> usize {
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

/// Flesch–Kincaid grade level of a set of sentences.
pub fn grade(sentences: &[&str]) -> Option<f64> {
    let words: Vec<&str> = sentences
        .iter()
        .flat_map(|s| s.split_whitespace())
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if sentences.is_empty() || words.is_empty() {
        return None;
    }
    let syl: usize = words.iter().map(|w| syllables(w)).sum();
    let wps = words.len() as f64 / sentences.len() as f64;
    let spw = syl as f64 / words.len() as f64;
    Some(0.39 * wps + 11.8 * spw - 15.59)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
