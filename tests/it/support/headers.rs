//! A strict reader of `_headers` files (the format Netlify and Cloudflare Pages read): blocks
//! that each start with a URL pattern at the start of a line, followed by indented
//! `Name: value` lines. Comments (`#`) and blank lines are allowed between blocks.

/// One block: the path pattern and its headers, in order.
#[derive(Debug)]
pub struct Rule {
    pub pattern: String,
    pub headers: Vec<(String, String)>,
}

impl Rule {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The rules of a `_headers` file, or the first malformed line (1-based) and why.
pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let mut rules: Vec<Rule> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            if !(line.starts_with('/') || line.starts_with("https://")) || line.contains(' ') {
                return Err(format!(
                    "line {n}: a path pattern must be a URL path: {line:?}"
                ));
            }
            rules.push(Rule {
                pattern: line.to_string(),
                headers: Vec::new(),
            });
            continue;
        }
        let Some(rule) = rules.last_mut() else {
            return Err(format!("line {n}: a header before any path: {line:?}"));
        };
        let Some((name, value)) = trimmed.split_once(':') else {
            return Err(format!("line {n}: not `Name: value`: {line:?}"));
        };
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || !name.chars().all(token) {
            return Err(format!("line {n}: not a header name: {name:?}"));
        }
        let value = value.trim();
        if value.is_empty() || value.chars().any(|c| c.is_control()) {
            return Err(format!("line {n}: empty or invalid value for {name}"));
        }
        rule.headers.push((name.to_string(), value.to_string()));
    }
    if let Some(empty) = rules.iter().find(|r| r.headers.is_empty()) {
        return Err(format!("path {} has no headers", empty.pattern));
    }
    Ok(rules)
}

#[test]
fn the_reader_refuses_malformed_files() {
    assert!(parse("/*\n  X-A: b\n").is_ok());
    for bad in [
        "  X-A: b\n",        // a header before any path
        "/*\n  X-A b\n",     // no colon
        "/*\n  X A: b\n",    // a space in the name
        "/*\n  X-A:\n",      // no value
        "/*\n",              // a path with no headers
        "*.css\n  X-A: b\n", // not a path
        "/a b\n  X-A: b\n",  // a space in the path
    ] {
        assert!(parse(bad).is_err(), "{bad:?}");
    }
}
