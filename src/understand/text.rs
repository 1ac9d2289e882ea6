//! Text helpers for detection: normalisation and sentence splitting.

/// Lower-case, straight quotes, ordinary spaces, no zero-width characters: the form every
/// pattern is matched against.
pub(crate) fn normalise(s: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII (nearly all text) is copied byte by byte, without decoding characters.
        if b.is_ascii() {
            i += 1;
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(b' ');
            }
            space = false;
            out.push(if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            });
            continue;
        }
        // A non-ASCII byte where a character starts (every ASCII byte is one).
        let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let c = match c {
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => continue,
            '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}' => {
                space = true;
                continue;
            }
            '\u{2018}' | '\u{2019}' | '\u{201b}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => '-',
            c => c,
        };
        if space && !out.is_empty() {
            out.push(b' ');
        }
        space = false;
        let mut buf = [0u8; 4];
        for lower in c.to_lowercase() {
            out.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
        }
    }
    // Only whole characters were copied, so this never fails.
    String::from_utf8(out).unwrap_or_default()
}

/// A heading's text without numbering ("1.3", "a)", "II.") or trailing punctuation.
pub(crate) fn heading_key(title: &str) -> String {
    let n = normalise(title);
    let mut rest = n.as_str();
    if let Some((first, tail)) = rest.split_once(' ') {
        let token = first.trim_end_matches(['.', ')', ':']);
        let numeric = !token.is_empty()
            && (token.chars().all(|c| c.is_ascii_digit() || c == '.')
                || (token.len() == 1 && first.ends_with(')'))
                || [
                    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
                ]
                .contains(&token)
                    && first.ends_with(['.', ')']));
        if numeric {
            rest = tail;
        }
    }
    rest.trim_end_matches([':', '?', '.', ' '])
        .trim()
        .to_string()
}

/// Split normalised text into sentences. A full stop ends a sentence when a space and a
/// capital, digit or bracket follow in the original text; abbreviations like "e.g." do not.
pub(crate) fn sentences(original: &str) -> Vec<&str> {
    let bytes = original.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?' | b';') && i + 2 < bytes.len() && bytes[i + 1] == b' ' {
            let next = original[i + 2..].chars().next().unwrap_or(' ');
            let word_start = original[..i].rfind(' ').map_or(0, |p| p + 1);
            // "(Art. 15 GDPR)": the word without the bracket or quote before it.
            let word = original[word_start..i].trim_start_matches(|c: char| !c.is_alphanumeric());
            let abbreviation = matches!(
                word.to_ascii_lowercase().as_str(),
                "e.g"
                    | "i.e"
                    | "etc"
                    | "eg"
                    | "ie"
                    | "no"
                    | "art"
                    | "arts"
                    | "nos"
                    | "sec"
                    | "ref"
                    | "tel"
                    | "approx"
                    | "para"
                    | "sch"
                    | "mr"
                    | "mrs"
                    | "ms"
                    | "dr"
                    | "st"
                    | "incl"
                    | "cf"
                    | "vs"
            ) || (word.len() == 1 && b == b'.');
            if !abbreviation
                && (next.is_uppercase()
                    || next.is_ascii_digit()
                    || matches!(next, '(' | '"' | '\u{201c}'))
            {
                out.push(original[start..=i].trim());
                start = i + 2;
            }
        }
        i += 1;
    }
    let tail = original[start..].trim();
    if !tail.is_empty() {
        out.push(tail);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `normalise` as first defined, one character at a time: the fast path must agree.
    fn reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            let c = match c {
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {
                    continue;
                }
                '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}' | '\t' | '\n' | '\r' => ' ',
                '\u{2018}' | '\u{2019}' | '\u{201b}' | '`' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => '-',
                c => c,
            };
            if c == ' ' {
                if !space && !out.is_empty() {
                    out.push(' ');
                }
                space = true;
                continue;
            }
            space = false;
            out.extend(c.to_lowercase());
        }
        if out.ends_with(' ') {
            out.pop();
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn normalise_agrees_with_reference_on_any_text(s in "(?s)[ a-zA-Z\t\n\r`\u{a0}\u{ad}\u{200b}\u{2019}\u{2013}\u{202f}ÄÖÜßİΣ\u{212a}é.]{0,40}") {
            proptest::prop_assert_eq!(normalise(&s), reference(&s));
        }
    }

    #[test]
    fn normalise_matches_its_definition() {
        for s in [
            "",
            "   ",
            " \u{a0}Lead\u{200b}ing \t\r\n Spaces ",
            "ÜBERTRAGBARKEIT der Daten\u{2019}s `code` \u{201c}quoted\u{201d}",
            "A\u{202f}\u{2009}B\u{ad}C\u{2013}D \u{feff}",
            "İstanbul ΣΑΣ Kelvin\u{212a} end\u{a0}",
            "trailing\u{200b} \u{200b}",
        ] {
            assert_eq!(normalise(s), reference(s), "{s:?}");
        }
    }

    #[test]
    fn normalises() {
        assert_eq!(
            normalise("Data\u{200b} Controller’s  \u{202f}office"),
            "data controller's office"
        );
    }

    #[test]
    fn heading_keys() {
        assert_eq!(
            heading_key("1.3 Legal basis of processing"),
            "legal basis of processing"
        );
        assert_eq!(heading_key("What are your rights?"), "what are your rights");
        assert_eq!(heading_key("b) Retention:"), "retention");
        assert_eq!(heading_key("II. Purposes"), "purposes");
    }

    #[test]
    fn splits_sentences() {
        let s = sentences("We use it, e.g. for events. It is kept. Then 2 years; and more.");
        assert_eq!(
            s,
            vec![
                "We use it, e.g. for events.",
                "It is kept.",
                "Then 2 years; and more."
            ]
        );
    }

    #[test]
    fn an_article_cited_in_brackets_does_not_end_the_sentence() {
        let s = sentences("You may ask for a copy (Art. 15 GDPR) or a correction. We reply.");
        assert_eq!(
            s,
            vec![
                "You may ask for a copy (Art. 15 GDPR) or a correction.",
                "We reply."
            ]
        );
    }
}
