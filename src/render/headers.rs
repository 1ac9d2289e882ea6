//! Security headers: the Content-Security-Policy every page carries in a `<meta>` tag, and the
//! `_headers` file (the format Netlify and Cloudflare Pages read) that sends it, and more, as real
//! HTTP headers. Both come from [`CSP`], so they cannot drift apart.

use crate::config::Config;

/// The pages' Content-Security-Policy: everything from the site itself, no inline script or
/// style, no plugins, no forms, no `<base>`. Themes put it in a `<meta>` tag as `site.csp`.
pub(crate) const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
     script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

/// What the `<meta name="referrer">` of the themes says, sent as a header too.
pub(crate) const REFERRER_POLICY: &str = "no-referrer";

/// Powerful features a privacy notice never needs, turned off for the page and any frame.
pub(crate) const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), \
     gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// The output path of the headers file (Netlify, Cloudflare Pages).
pub(crate) const HEADERS_FILE: &str = "_headers";

/// Every header the site asks its host to send, by name, in order. The CSP gains
/// `frame-ancestors 'none'`, which only a header can carry (browsers ignore it in `<meta>`);
/// `X-Frame-Options` says the same to browsers too old for `frame-ancestors`.
pub(crate) fn security_headers() -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            format!("{CSP}; frame-ancestors 'none'"),
        ),
        ("X-Frame-Options", "DENY".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", REFERRER_POLICY.into()),
        ("Permissions-Policy", PERMISSIONS_POLICY.into()),
    ]
}

/// The `_headers` file, or `None` when `headers = false` in informed.toml.
///
/// One rule for `/*`: a host that reads `_headers` serves the output folder at its own root, so
/// the pattern matches every file whatever `base_url` is.
pub(crate) fn headers_file(config: &Config) -> Option<String> {
    if !config.headers {
        return None;
    }
    let mut text = String::from(
        "# Security headers for hosts that read this file (Netlify, Cloudflare Pages).\n\
         # Written by `informed build`; `headers = false` in informed.toml turns it off.\n/*\n",
    );
    for (name, value) in security_headers() {
        text.push_str(&format!("  {name}: {value}\n"));
    }
    Some(text)
}

/// Files the site generates in code, not from a template: path and bytes.
pub(crate) fn generated_files(config: &Config) -> Vec<(&'static str, Vec<u8>)> {
    headers_file(config)
        .map(|text| (HEADERS_FILE, text.into_bytes()))
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_csp_is_the_meta_csp_with_frame_ancestors() {
        let text = headers_file(&Config::default()).unwrap();
        assert!(
            text.contains(&format!(
                "\n  Content-Security-Policy: {CSP}; frame-ancestors 'none'\n"
            )),
            "{text}"
        );
        assert!(!CSP.contains("frame-ancestors"));
    }

    #[test]
    fn headers_false_writes_no_file() {
        let config = Config {
            headers: false,
            ..Config::default()
        };
        assert!(headers_file(&config).is_none());
        assert!(generated_files(&config).is_empty());
    }
}
