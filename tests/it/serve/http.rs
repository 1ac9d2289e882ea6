//! `informed serve` at the HTTP level: what is served, how, and what is refused.

use std::time::Duration;

use crate::support::serve::*;
use informed::serve::inject;
use informed::site::{MemorySink, Site};

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn serves_pages_with_types_no_store_and_the_live_script() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();

    let index = get(addr, "/");
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(index.header("cache-control"), Some("no-store"));
    assert!(
        index.body.contains("<script src=\"/__informed/live.js\""),
        "{}",
        index.body
    );
    assert!(index.body.contains("Alpha Trust privacy notice"));
    assert!(index.body.contains("Beta Council recycling notice"));

    let alpha = get(addr, "/alpha/");
    assert_eq!(alpha.status, 200);
    assert!(alpha.body.contains("id=\"informed-findings\""));
    assert!(alpha.body.contains("Alpha Trust runs a reading scheme"));

    for (path, mime) in [
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/assets/informed.css", "text/css; charset=utf-8"),
        ("/__informed/live.js", "text/javascript; charset=utf-8"),
        ("/__informed/panel.css", "text/css; charset=utf-8"),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(mime), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
    // The site's own pages are served without the injected parts.
    assert!(!get(addr, "/sitemap.xml").body.contains("__informed"));
}

#[test]
fn serves_what_build_writes_plus_only_the_injected_parts() {
    let site = Fixture::new("/");
    let out = tempfile::tempdir().unwrap();
    let built = Site::open(site.root()).unwrap();
    built.build(out.path(), false).unwrap();
    let server = site.serve();

    for file in ["index.html", "404.html"] {
        let on_disk = std::fs::read_to_string(out.path().join(file)).unwrap();
        let path = if file == "index.html" {
            "/"
        } else {
            "/no-such-page"
        };
        let served = get(server.addr(), path);
        let id = build_id(&served.body).expect("build id");
        assert_eq!(
            served.body,
            inject::inject(&on_disk, "/", &id, None, &[]),
            "{file}"
        );
    }
    for file in ["sitemap.xml", "robots.txt", "assets/informed.css"] {
        let on_disk = std::fs::read_to_string(out.path().join(file)).unwrap();
        assert_eq!(
            get(server.addr(), &format!("/{file}")).body,
            on_disk,
            "{file}"
        );
    }
    // The build output has neither the script nor the panel.
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            assert!(!text.contains("__informed"), "{}", entry.path().display());
            assert!(
                !text.contains("informed-findings"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn folders_redirect_to_their_slash_and_unknown_paths_get_the_404_page() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();

    let r = get(addr, "/alpha");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/alpha/"));
    let r = get(addr, "/alpha?x=1");
    assert_eq!(r.header("location"), Some("/alpha/?x=1"));

    let r = get(addr, "/alpha/index.html");
    assert_eq!(r.status, 200);

    let missing = get(addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), Some("no-store"));
    let not_found_page = get(addr, "/404.html").body;
    assert_eq!(
        missing.body, not_found_page,
        "unknown paths get the site's 404.html"
    );
}

#[test]
fn no_path_leaves_the_served_output() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();
    let attempts = [
        "/../informed.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/informed.toml",
        "/%2E%2E%2Finformed.toml",
        "/alpha/..%2f..%2finformed.toml",
        "/%252e%252e/informed.toml",
        "/%252e%252e%252finformed.toml",
        "/..%5cinformed.toml",
        "/%5c..%5cinformed.toml",
        "/..\\informed.toml",
        "/alpha/../../content/alpha.md",
        "//etc/passwd",
        "/content/alpha.md",
        "/informed.toml",
        "/./informed.toml",
        "/alpha/%00",
        "/%c0%ae%c0%ae/informed.toml",
    ];
    for path in attempts {
        let r = get(addr, path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        assert!(
            !r.body.contains(CONFIG_SECRET),
            "{path} leaked informed.toml"
        );
        assert!(
            !r.body.contains(SOURCE_SECRET),
            "{path} leaked a notice source"
        );
        assert!(!r.body.contains("root:"), "{path} leaked /etc/passwd");
        if let Some(loc) = r.header("location") {
            assert!(!loc.starts_with("//"), "{path} redirects off-site to {loc}");
        }
    }
}

#[test]
fn only_get_and_head() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = request(addr, method, "/alpha/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }
    let head = request(addr, "HEAD", "/alpha/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("cache-control"), Some("no-store"));
}

#[test]
fn an_edit_sends_a_reload_event_and_serves_the_new_text() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();
    let mut events = Events::open(addr, "/__informed/events");
    let hello = events.next("hello", WAIT).expect("hello event");
    assert_eq!(Some(hello.clone()), build_id(&get(addr, "/alpha/").body));

    let processed = server.state().notices_processed();
    site.write(
        "content/alpha.md",
        &ALPHA.replace("reading packs", "large-print reading packs"),
    );
    let reload = events
        .next("reload", WAIT)
        .expect("reload event after the edit");
    assert_ne!(reload, hello);
    let page = get(addr, "/alpha/");
    assert!(page.body.contains("large-print reading packs"));
    assert_eq!(build_id(&page.body), Some(reload));
    // Only the edited notice was read and rendered again.
    assert_eq!(server.state().notices_processed(), processed + 1);
}

#[test]
fn editor_save_patterns_are_picked_up() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();

    // Atomic save: write a temp file, rename it over the notice.
    let tmp = site.path("content/.alpha.md.tmp");
    std::fs::write(&tmp, ALPHA.replace("two years", "three years")).unwrap();
    std::fs::rename(&tmp, site.path("content/alpha.md")).unwrap();
    assert!(wait_until(WAIT, || get(addr, "/alpha/")
        .body
        .contains("three years")));

    // Vim-style: move the old file to a backup, write a new one, delete the backup.
    let backup = site.path("content/alpha.md~");
    std::fs::rename(site.path("content/alpha.md"), &backup).unwrap();
    site.write(
        "content/alpha.md",
        &ALPHA.replace("two years", "four years"),
    );
    std::fs::remove_file(&backup).unwrap();
    assert!(wait_until(WAIT, || get(addr, "/alpha/")
        .body
        .contains("four years")));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        get(addr, "/alpha/").status,
        200,
        "the page survives the save"
    );
}

#[test]
fn notices_come_and_go() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();

    site.write(
        "content/nested/gamma.md",
        "---\ntitle: Gamma Club notice\n---\n\nGamma Club keeps a list of members.\n",
    );
    assert!(wait_until(WAIT, || get(addr, "/nested/gamma/").status == 200));
    assert!(wait_until(WAIT, || get(addr, "/")
        .body
        .contains("Gamma Club notice")));

    std::fs::remove_file(site.path("content/beta.md")).unwrap();
    assert!(wait_until(WAIT, || get(addr, "/beta/").status == 404));
    assert!(!get(addr, "/").body.contains("Beta Council"));

    // A whole folder moved out of content/.
    std::fs::rename(site.path("content/nested"), site.path("moved-away")).unwrap();
    assert!(wait_until(WAIT, || get(addr, "/nested/gamma/").status == 404));
}

#[test]
fn bad_front_matter_shows_in_the_page_and_keeps_the_last_good_page() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();

    site.write(
        "content/alpha.md",
        "---\ntitle: [unclosed\n---\n\nBroken.\n",
    );
    assert!(wait_until(WAIT, || get(addr, "/alpha/")
        .body
        .contains("id=\"informed-errors\"")));
    let page = get(addr, "/alpha/").body;
    assert!(
        page.contains("Alpha Trust runs a reading scheme"),
        "last good page is kept"
    );
    assert!(
        page.contains("content/alpha.md:2"),
        "error names file and line: {page}"
    );
    // Other pages show it too, so it is seen wherever the editor is looking.
    assert!(get(addr, "/beta/").body.contains("content/alpha.md:2"));

    site.write("content/alpha.md", ALPHA);
    assert!(wait_until(WAIT, || !get(addr, "/alpha/")
        .body
        .contains("id=\"informed-errors\"")));
}

#[test]
fn template_and_config_errors_show_in_the_page_and_clear_when_fixed() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();

    site.write("themes/default/templates/notice.html", "{% extends \"base.html\" %}\n{% block body %}{{ page.title | nosuchfilter }}{% endblock body %}\n");
    assert!(wait_until(WAIT, || get(addr, "/alpha/")
        .body
        .contains("id=\"informed-errors\"")));
    let page = get(addr, "/alpha/").body;
    assert!(page.contains("notice.html"), "names the template: {page}");
    assert!(
        page.contains("Alpha Trust runs a reading scheme"),
        "last good page is kept"
    );
    std::fs::remove_dir_all(site.path("themes")).unwrap();
    assert!(wait_until(WAIT, || !get(addr, "/alpha/")
        .body
        .contains("id=\"informed-errors\"")));

    let config = std::fs::read_to_string(site.path("informed.toml")).unwrap();
    site.write("informed.toml", &format!("{config}titel = \"typo\"\n"));
    assert!(wait_until(WAIT, || get(addr, "/")
        .body
        .contains("id=\"informed-errors\"")));
    let page = get(addr, "/").body;
    assert!(
        page.contains("informed.toml:4"),
        "names the config line: {page}"
    );
    assert!(page.contains("titel"));
    site.write("informed.toml", &config);
    assert!(wait_until(WAIT, || !get(addr, "/")
        .body
        .contains("id=\"informed-errors\"")));
}

#[test]
fn a_broken_config_at_start_still_serves_the_error() {
    let site = Fixture::new("/");
    site.write("informed.toml", "title = \n");
    let server = site.serve();
    let addr = server.addr();
    let r = get(addr, "/");
    assert!(r.body.contains("id=\"informed-errors\""));
    assert!(r.body.contains("informed.toml:1"), "{}", r.body);
    site.write("informed.toml", "title = \"Fixed\"\n");
    assert!(wait_until(WAIT, || get(addr, "/").status == 200));
    assert!(get(addr, "/alpha/").body.contains("Alpha Trust"));
}

#[test]
fn serves_under_the_base_path() {
    let site = Fixture::new("https://example.org/project/");
    let server = site.serve();
    let addr = server.addr();
    assert!(server.url().ends_with("/project/"));

    let r = get(addr, "/project/alpha/");
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("<script src=\"/project/__informed/live.js\" data-base=\"/project/\"")
    );
    assert!(r.body.contains("href=\"/project/__informed/panel.css\""));
    assert_eq!(get(addr, "/").header("location"), Some("/project/"));
    assert_eq!(get(addr, "/project").header("location"), Some("/project/"));
    assert_eq!(
        get(addr, "/project/alpha").header("location"),
        Some("/project/alpha/")
    );
    assert_eq!(get(addr, "/alpha/").status, 404);
    assert_eq!(get(addr, "/project/__informed/live.js").status, 200);

    let mut events = Events::open(addr, "/project/__informed/events");
    assert!(events.next("hello", WAIT).is_some());
    site.write("content/beta.md", &BETA.replace("a copy", "a printed copy"));
    assert!(events.next("reload", WAIT).is_some());
    assert!(get(addr, "/project/beta/").body.contains("a printed copy"));
}

#[test]
fn the_findings_panel_matches_the_pipeline() {
    let site = Fixture::new("/");
    let server = site.serve();
    let page = get(server.addr(), "/alpha/").body;

    let pipeline = Site::open(site.root()).unwrap();
    let entry = pipeline
        .process(&site.path("content/alpha.md"), &MemorySink::default())
        .unwrap();
    let panel_start = page.find("<aside id=\"informed-findings\"").expect("panel");
    let panel = &page[panel_start..];
    assert!(panel.contains("<details"), "collapsible");
    assert!(panel.contains("<summary"), "keyboard-operable summary");
    assert_eq!(
        panel.matches("class=\"informed-finding ").count(),
        entry.report.diagnostics.len()
    );
    for d in &entry.report.diagnostics {
        assert!(
            panel.contains(&format!(
                "data-level=\"{}\" data-line=\"{}\" data-code=\"{}\"",
                d.level.as_str(),
                d.line,
                d.code
            )),
            "finding {} at line {} missing from the panel",
            d.code,
            d.line
        );
    }
    for (id, status) in &entry.report.elements {
        assert!(
            panel.contains(&format!(
                "data-element=\"{id}\" data-present=\"{}\"",
                status.present
            )),
            "element {id} missing from the checklist"
        );
    }
}

#[test]
fn polling_picks_up_changes() {
    let site = Fixture::new("/");
    let server = site.serve_with(informed::serve::ServeOptions {
        poll: true,
        ..Default::default()
    });
    let addr = server.addr();
    site.write(
        "content/beta.md",
        &BETA.replace("collection rounds", "collection rounds by polling"),
    );
    assert!(wait_until(WAIT, || get(addr, "/beta/")
        .body
        .contains("by polling")));
}

#[test]
fn an_explicit_port_in_use_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = Fixture::new("/");
    let err = informed::serve::Server::start(
        &relative_to_cwd(site.root()),
        informed::serve::ServeOptions {
            port: Some(port),
            quiet: true,
            ..Default::default()
        },
    )
    .err()
    .expect("refused");
    assert!(
        err.to_string()
            .contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
}

#[test]
fn a_title_edit_updates_the_index() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();
    assert!(
        get(addr, "/")
            .body
            .contains("Beta Council recycling notice")
    );
    site.write(
        "content/beta.md",
        &BETA.replace("Beta Council recycling notice", "Beta Council waste notice"),
    );
    assert!(wait_until(WAIT, || get(addr, "/")
        .body
        .contains("Beta Council waste notice")));
    assert!(
        !get(addr, "/")
            .body
            .contains("Beta Council recycling notice")
    );
}

#[test]
fn serves_on_ipv6_loopback_with_host_free_urls() {
    let site = Fixture::new("/");
    let started = informed::serve::Server::start(
        &relative_to_cwd(site.root()),
        informed::serve::ServeOptions {
            bind: "::1".parse().unwrap(),
            port: Some(0),
            quiet: true,
            ..Default::default()
        },
    );
    let server = match started {
        Ok(s) => s,
        // A machine without IPv6 cannot run this; say so rather than pass silently.
        Err(e) if e.message.contains("cannot listen") => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "serve_http: IPv6 loopback unavailable ({e}); skipped"
            );
            return;
        }
        Err(e) => panic!("{e}"),
    };
    assert!(
        server.url().starts_with("http://[::1]:"),
        "{}",
        server.url()
    );
    let page = get(server.addr(), "/alpha/");
    assert_eq!(page.status, 200);
    // The live-reload URLs are paths, never built from the bind address.
    assert!(
        page.body
            .contains("src=\"/__informed/live.js\" data-base=\"/\"")
    );
    assert!(!page.body.contains("::1"));
    let mut events = Events::open(server.addr(), "/__informed/events");
    assert!(events.next("hello", WAIT).is_some());
}

#[test]
fn a_listing_template_edit_rerenders_only_the_listing() {
    let index = |version: &str| {
        format!(
            "{{% extends \"base.html\" %}}\n{{% block body %}}<main id=\"main\"><h1>Index {version}</h1>\
             {{% for n in notices %}}<a href=\"{{{{ site.base_path }}}}{{{{ n.url }}}}\">{{{{ n.title }}}}</a>{{% endfor %}}</main>{{% endblock body %}}\n"
        )
    };
    let site = Fixture::new("/");
    site.write("themes/default/templates/index.html", &index("one"));
    let server = site.serve();
    let addr = server.addr();
    assert!(get(addr, "/").body.contains("Index one"));
    let processed = server.state().notices_processed();

    site.write("themes/default/templates/index.html", &index("two"));
    assert!(wait_until(WAIT, || get(addr, "/")
        .body
        .contains("Index two")));
    assert!(get(addr, "/").body.contains("Alpha Trust privacy notice"));
    assert_eq!(
        server.state().notices_processed(),
        processed,
        "no notice was rebuilt"
    );

    // A template notice pages use rebuilds them all.
    site.write(
        "themes/default/templates/notice.html",
        "{% extends \"base.html\" %}\n{% block body %}<main id=\"main\"><h1>{{ page.title }}</h1><p>Custom notice layout</p>{{ page.content | safe }}</main>{% endblock body %}\n",
    );
    assert!(wait_until(WAIT, || get(addr, "/alpha/")
        .body
        .contains("Custom notice layout")));
    assert!(get(addr, "/beta/").body.contains("Custom notice layout"));
    assert!(server.state().notices_processed() >= processed + 2);
}

#[test]
fn the_panel_on_a_welsh_page_marks_its_english_and_checks_no_elements() {
    let site = Fixture::new("/");
    site.write(
        "content/alpha.cy.md",
        "---\ntitle: Hysbysiad\n---\n\n## Pwy ydym ni\n\ninfo@example.org\n",
    );
    let server = site.serve();
    let addr = server.addr();
    assert!(wait_until(WAIT, || get(addr, "/cy/alpha/").status == 200));
    let page = get(addr, "/cy/alpha/").body;
    let panel = &page[page.find("<aside id=\"informed-findings\"").expect("panel")..];
    // The panel's words have no Welsh source yet: English, marked as English.
    assert!(
        panel.contains("<span lang=\"en\">Findings</span>"),
        "{panel}"
    );
    // The findings are the rule packs' English.
    assert!(
        panel.contains("<ol class=\"informed-diagnostics\" lang=\"en\">"),
        "{panel}"
    );
    assert!(panel.contains("data-code=\"INF604\""), "{panel}");
    // No checklist of elements that were never looked for.
    assert!(!panel.contains("data-element="), "{panel}");
    assert!(panel.contains(">No element checks ran.</p>"), "{panel}");
    // And the English page's panel is as before.
    let english = get(addr, "/alpha/").body;
    assert!(english.contains("<span>Findings</span>"), "{english}");
    assert!(english.contains("data-element="));
}

#[test]
fn a_translation_added_while_serving_links_both_pages() {
    let site = Fixture::new("/");
    let server = site.serve();
    let addr = server.addr();
    assert!(!get(addr, "/alpha/").body.contains("hreflang"));
    site.write(
        "content/alpha.cy.md",
        "---\ntitle: Hysbysiad\n---\n\n## Pwy ydym ni\n\ninfo@example.org\n",
    );
    // The source's page, which did not change, now links to its Welsh page.
    assert!(wait_until(WAIT, || get(addr, "/alpha/")
        .body
        .contains("hreflang=\"cy\" href=\"/cy/alpha/\"")));
    assert!(get(addr, "/cy/alpha/").body.contains("<html lang=\"cy\">"));
    assert!(wait_until(WAIT, || get(addr, "/")
        .body
        .contains("lang=\"cy\">Cymraeg</a>")));
    // And stops when the translation goes.
    std::fs::remove_file(site.path("content/alpha.cy.md")).unwrap();
    assert!(wait_until(WAIT, || !get(addr, "/alpha/")
        .body
        .contains("hreflang")));
}
