//! Terminal control characters: a notice's worth of them, and the check that none reaches a
//! terminal raw (`check::terminal_safety`, `serve::users`).

/// Everything a notice could use to take over a terminal: OSC (window title, ended by BEL),
/// erase the screen, a carriage return, a colour of its own (blink + reverse, which informed
/// never writes), the 8-bit CSI (C1) and a right-to-left override.
pub const HOSTILE: &str =
    "\u{1b}]0;pwned\u{7} \u{1b}[2J \r \u{1b}[5;7m \u{9b}6n \u{202e}gnp.exe \u{85}";

/// Characters that must never be printed raw (what a terminal acts on or reorders by).
fn is_raw_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// `text` without informed's own colour sequences (`ESC [ digits ; … m`).
fn without_colours(text: &str) -> String {
    let re = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    re.replace_all(text, "").into_owned()
}

/// Assert that `text` (one stream of one command) holds no raw control character once
/// informed's colours are taken out, and never the notice's own colour sequence.
#[track_caller]
pub fn assert_no_raw_controls(what: &str, text: &str) {
    assert!(
        !text.contains("\u{1b}[5;7m"),
        "{what}: the notice's colour sequence reached the terminal: {text:?}"
    );
    let raw: Vec<char> = without_colours(text)
        .chars()
        .filter(|c| is_raw_control(*c))
        .collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in {text:?}");
}

/// `s` inside a YAML or TOML double-quoted string: `\uXXXX` for anything not printable ASCII.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\u{:04x}", c as u32)),
        }
    }
    out.push('"');
    out
}
