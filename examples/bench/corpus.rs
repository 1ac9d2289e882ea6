//! The benchmark corpus: N privacy notices for fictional organisations, written from our own
//! phrase banks. Deterministic: notice `i` depends only on `i`, so any N gives the same first
//! notices and two runs produce byte-identical corpora.
//!
//! Each notice is 4–9 KB of Markdown with YAML front matter (`title` and `date`, which Hugo also
//! reads; some add `description`, `last_updated` and structured keys). Sections vary in order,
//! heading style (`##`, `###`, numbered, bold lines), lists and tables, and about one notice in
//! four leaves out sections (so the linter has findings to report).
//!
//! The corpus folder is both an informed site (`informed.toml`) and a Hugo site (`hugo.toml`,
//! `layouts/`), over the same `content/`.

use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

/// splitmix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "Northfield",
    "Eastmere",
    "Westbrook",
    "Harrowgate Vale",
    "Kestrel Downs",
    "Amberley",
    "Southport Reach",
    "Millbridge",
    "Ravensholm",
    "Linwood",
    "Cresthaven",
    "Oakhollow",
    "Brackenford",
    "Thornbury Fen",
    "Ashcombe",
    "Pellworth",
];
const KINDS: &[&str] = &[
    "Borough Council",
    "District Council",
    "Housing Trust",
    "Library Service",
    "Health Board",
    "Community Energy Co-operative",
    "Sports Foundation",
    "Arts Council",
    "Transport Authority",
    "Water Board",
    "Skills Agency",
    "Parks Trust",
];
const SERVICES: &[&str] = &[
    "library membership",
    "parking permits",
    "the staff survey",
    "the volunteer programme",
    "school admissions",
    "the newsletter",
    "grant applications",
    "the tenant portal",
    "event bookings",
    "the apprenticeship scheme",
    "the complaints service",
    "the allotment waiting list",
    "the home energy advice line",
    "the youth mentoring scheme",
    "the recycling collection service",
    "the careers fair",
];
const DATA: &[&str] = &[
    "your name and title",
    "your postal address",
    "your email address and telephone number",
    "your date of birth",
    "your National Insurance number",
    "details of your household",
    "your bank details, for payments",
    "your employment history",
    "the records of our calls with you",
    "your account number and membership history",
    "the answers you give in forms",
    "photographs taken at our events",
    "your IP address and browser type",
    "your communication preferences",
    "details of any support needs you tell us about",
];
const PURPOSES: &[&str] = &[
    "process your application and tell you the outcome",
    "contact you about your booking",
    "send you the newsletter you asked for",
    "keep our records accurate and up to date",
    "answer your questions and complaints",
    "improve the service using anonymised statistics",
    "check that you are eligible for the scheme",
    "take payments and issue refunds",
    "meet our duties to audit public spending",
    "prevent and detect fraud",
    "plan future services in your area",
    "keep people safe at our sites",
];
const RECIPIENTS: &[&str] = &[
    "our IT supplier, who hosts the system as our processor",
    "the payment provider that handles card payments",
    "auditors who check how we spend public money",
    "other public bodies when the law requires it",
    "the mailing house that prints and posts our letters",
    "our legal advisers, if there is a dispute",
    "the survey platform we use to collect responses",
];
const PERIODS: &[&str] = &[
    "six months",
    "one year",
    "two years",
    "three years",
    "six years",
    "seven years",
    "12 months after your membership ends",
    "until the end of the scheme and one year after",
];
const BASES: &[(&str, &str)] = &[
    (
        "public_task",
        "we need it to carry out a task in the public interest (Article 6(1)(e))",
    ),
    ("consent", "you have given your consent (Article 6(1)(a))"),
    (
        "contract",
        "we need it to perform a contract with you (Article 6(1)(b))",
    ),
    (
        "legal_obligation",
        "we must process it to meet a legal obligation (Article 6(1)(c))",
    ),
    (
        "legitimate_interests",
        "it is in our legitimate interests to run the service well (Article 6(1)(f))",
    ),
];
const RIGHTS: &[&str] = &[
    "ask for a copy of the personal data we hold about you",
    "ask us to correct data that is wrong or incomplete",
    "ask us to delete your data in some circumstances",
    "ask us to restrict how we use your data",
    "object to how we use your data",
    "ask for the data you gave us in a portable format",
];
const FILLER: &[&str] = &[
    "We review this part of the notice whenever the service changes.",
    "Staff who handle your data are trained every year in data protection.",
    "Paper records are kept in locked cabinets in our offices.",
    "Electronic records are held on systems that only authorised staff can reach.",
    "If anything here is unclear, please ask us and we will explain it.",
    "We do not sell your personal data to anyone.",
    "Where we use statistics, nobody can be identified from them.",
    "We check regularly that our suppliers protect your data as we do.",
    "You do not have to give us data we mark as optional in our forms.",
    "We will tell you before we use your data for a new purpose.",
    "Access to the system is logged, and the logs are checked each month.",
    "Some of our forms are run on our behalf by a trusted supplier.",
    "Our suppliers may only use your data on our instructions.",
    "We test our systems against attack at least once a year.",
    "Information sent to us by email is protected in transit.",
    "When a record is no longer needed, we delete it or destroy it securely.",
    "We keep a log of every request you make to us about your data.",
    "If you call us, we may ask questions to check who you are.",
    "Large print and easy read copies of this notice are available on request.",
    "Our website uses only the cookies it needs to work, unless you agree to more.",
    "We do not knowingly collect data from children under 13 without a parent's agreement.",
    "Where the law allows, we may use the data to check the quality of our work.",
    "Each team that uses your data has a named person responsible for it.",
    "We publish figures about the service, but never in a way that identifies anyone.",
];
const EXTRA_SECTIONS: &[&str] = &[
    "Keeping your data secure",
    "Cookies on our website",
    "Changes to this notice",
    "Children's data",
    "Accessible formats",
    "More about how we look after your data",
];

/// Everything one notice is made from.
struct Org {
    name: String,
    domain: String,
    service: &'static str,
}

fn org(r: &mut Rng) -> Org {
    let place = r.pick(PLACES);
    let kind = r.pick(KINDS);
    let name = format!("{place} {kind}");
    let domain = name
        .to_lowercase()
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join("-")
        + ".example";
    Org {
        name,
        domain,
        service: r.pick(SERVICES),
    }
}

#[derive(Clone, Copy)]
enum HeadingStyle {
    Hash2,
    Hash3,
    Numbered,
    Bold,
}

fn heading(out: &mut String, style: HeadingStyle, n: usize, title: &str) {
    match style {
        HeadingStyle::Hash2 => writeln!(out, "## {title}\n"),
        HeadingStyle::Hash3 => writeln!(out, "### {title}\n"),
        HeadingStyle::Numbered => writeln!(out, "## {n}. {title}\n"),
        HeadingStyle::Bold => writeln!(out, "**{title}**\n"),
    }
    .unwrap();
}

fn list(out: &mut String, r: &mut Rng, items: &[&str], min: usize, max: usize) {
    let n = min + r.below(max - min + 1);
    let start = r.below(items.len());
    for k in 0..n.min(items.len()) {
        writeln!(out, "- {}", items[(start + k) % items.len()]).unwrap();
    }
    out.push('\n');
}

fn date(r: &mut Rng) -> (u32, u32, u32) {
    (
        2018 + r.below(8) as u32,
        1 + r.below(12) as u32,
        1 + r.below(28) as u32,
    )
}

/// The Markdown of notice `i`.
pub fn notice(i: usize) -> String {
    let mut r = Rng::new(i as u64);
    let o = org(&mut r);
    let target = 4500 + r.below(4300);
    let style = match r.below(4) {
        0 => HeadingStyle::Hash2,
        1 => HeadingStyle::Hash3,
        2 => HeadingStyle::Numbered,
        _ => HeadingStyle::Bold,
    };
    let incomplete = r.chance(25);
    let (y, m, d) = date(&mut r);
    let basis = BASES[r.below(BASES.len())];

    let mut s = String::with_capacity(10_000);
    s.push_str("---\n");
    writeln!(
        s,
        "title: \"{}: privacy notice for {} ({i})\"",
        o.name, o.service
    )
    .unwrap();
    writeln!(s, "date: {y:04}-{m:02}-{d:02}").unwrap();
    if r.chance(50) {
        writeln!(
            s,
            "description: \"How the {} uses personal data for {}.\"",
            o.name, o.service
        )
        .unwrap();
    }
    if r.chance(40) {
        let (y2, m2, d2) = date(&mut r);
        writeln!(s, "last_updated: {:04}-{m2:02}-{d2:02}", y2.max(y)).unwrap();
    }
    if r.chance(30) {
        writeln!(s, "lawful_basis: {}", basis.0).unwrap();
        writeln!(s, "collection: direct").unwrap();
    }
    s.push_str("---\n\n");

    writeln!(
        s,
        "This notice explains how the {} uses your personal data when you use {}. \
         It tells you what we collect, why, who we share it with, how long we keep it and \
         what your rights are under the UK General Data Protection Regulation (UK GDPR).\n",
        o.name, o.service
    )
    .unwrap();

    // Sections, in a per-notice order; an incomplete notice drops two or three of them.
    let mut order: Vec<usize> = (0..9).collect();
    for k in (1..order.len()).rev() {
        order.swap(k, r.below(k + 1));
    }
    if incomplete {
        let drop = 2 + r.below(2);
        order.truncate(order.len() - drop);
    }
    let mut n = 0;
    for section in order {
        n += 1;
        write_section(&mut s, &mut r, &o, style, n, section, basis.1);
        // Some sections carry a paragraph of extra detail.
        if s.len() + 1500 < target && r.chance(40) {
            paragraph(&mut s, &mut r);
        }
    }
    // Fill to the notice's size with further sections of detail.
    let mut extra = r.below(EXTRA_SECTIONS.len());
    while s.len() + 400 < target {
        n += 1;
        heading(
            &mut s,
            style,
            n,
            EXTRA_SECTIONS[extra % EXTRA_SECTIONS.len()],
        );
        extra += 1;
        for _ in 0..1 + r.below(3) {
            if s.len() + 300 >= target {
                break;
            }
            if r.chance(25) {
                list(&mut s, &mut r, FILLER, 2, 4);
            } else {
                paragraph(&mut s, &mut r);
            }
        }
    }
    if r.chance(70) {
        let (y2, m2, d2) = date(&mut r);
        writeln!(s, "Last updated: {d2} {} {y2}", MONTHS[m2 as usize - 1]).unwrap();
    }
    s
}

/// A paragraph of three to five sentences of detail.
fn paragraph(s: &mut String, r: &mut Rng) {
    for _ in 0..3 + r.below(3) {
        s.push_str(r.pick(FILLER));
        s.push(' ');
    }
    s.pop();
    s.push_str("\n\n");
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn write_section(
    s: &mut String,
    r: &mut Rng,
    o: &Org,
    style: HeadingStyle,
    n: usize,
    section: usize,
    basis: &str,
) {
    match section {
        0 => {
            heading(s, style, n, "Who we are");
            writeln!(
                s,
                "The {} is the data controller for the personal data described here. \
                 Our address is 1 Market Street, {}, and you can email us at info@{}.\n",
                o.name,
                o.name.split_whitespace().next().unwrap_or("Town"),
                o.domain
            )
            .unwrap();
            if r.chance(60) {
                writeln!(
                    s,
                    "Our Data Protection Officer can be contacted at dpo@{} or by post at the \
                     same address, marked for the attention of the Data Protection Officer.\n",
                    o.domain
                )
                .unwrap();
            }
        }
        1 => {
            heading(s, style, n, "What data we collect");
            s.push_str("We collect the following personal data:\n\n");
            list(s, r, DATA, 3, 7);
        }
        2 => {
            heading(s, style, n, "Why we use your data");
            s.push_str("We use your personal data to:\n\n");
            list(s, r, PURPOSES, 2, 5);
        }
        3 => {
            heading(s, style, n, "Our lawful basis");
            writeln!(
                s,
                "The lawful basis for processing your personal data is that {basis}.\n"
            )
            .unwrap();
        }
        4 => {
            heading(s, style, n, "Who we share your data with");
            s.push_str("We share your data with:\n\n");
            list(s, r, RECIPIENTS, 2, 4);
            if r.chance(30) {
                s.push_str(
                    "Some of our suppliers store data outside the UK. Where they do, we use the \
                     International Data Transfer Agreement to protect it.\n\n",
                );
            }
        }
        5 => {
            heading(s, style, n, "How long we keep your data");
            if r.chance(50) {
                s.push_str("| Record | How long we keep it |\n|---|---|\n");
                for k in 0..3 {
                    writeln!(
                        s,
                        "| {} | {} |",
                        DATA[(n + k * 5) % DATA.len()],
                        r.pick(PERIODS)
                    )
                    .unwrap();
                }
                s.push('\n');
            } else {
                writeln!(
                    s,
                    "We keep your data for {} and then delete it securely.\n",
                    r.pick(PERIODS)
                )
                .unwrap();
            }
        }
        6 => {
            heading(s, style, n, "Your rights");
            s.push_str("You have the right to:\n\n");
            list(s, r, RIGHTS, 3, 6);
            s.push_str(
                "Where we rely on your consent, you can withdraw it at any time. \
                 To use any of these rights, contact us using the details in this notice.\n\n",
            );
        }
        7 => {
            heading(s, style, n, "How to complain");
            s.push_str(
                "If you are unhappy with how we have used your data, please tell us first. \
                 You also have the right to complain to the Information Commissioner's Office \
                 (ICO), the UK's data protection regulator, at ico.org.uk or on 0303 123 1113.\n\n",
            );
        }
        _ => {
            heading(s, style, n, "Automated decisions");
            s.push_str(
                "We do not make decisions about you by automated means alone. \
                 A member of staff reviews every application.\n\n",
            );
        }
    }
}

/// Where notice `i` goes: 100 notices per folder, so no folder grows huge.
pub fn rel_path(i: usize) -> String {
    format!("batch-{:04}/notice-{i:06}.md", i / 100)
}

/// Write an N-notice site (informed and Hugo) into `root`, replacing any `content/` there.
pub fn write_site(root: &Path, n: usize) -> std::io::Result<u64> {
    write_site_with(root, n, notice)
}

/// Write an N-notice site (informed and Hugo) into `root` whose notice `i` is `notice(i)`,
/// replacing any `content/` there.
pub fn write_site_with(
    root: &Path,
    n: usize,
    notice: impl Fn(usize) -> String + Sync,
) -> std::io::Result<u64> {
    let content = root.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)?;
    }
    std::fs::create_dir_all(&content)?;
    std::fs::write(root.join("informed.toml"), INFORMED_TOML)?;
    std::fs::write(root.join("hugo.toml"), HUGO_TOML)?;
    for (file, text) in HUGO_LAYOUTS {
        let path = root.join("layouts").join(file);
        std::fs::create_dir_all(path.parent().unwrap())?;
        std::fs::write(path, text)?;
    }
    for b in 0..n.div_ceil(100) {
        std::fs::create_dir_all(content.join(format!("batch-{b:04}")))?;
    }
    (0..n)
        .into_par_iter()
        .map(|i| {
            let text = notice(i);
            std::fs::write(content.join(rel_path(i)), &text)?;
            Ok(text.len() as u64)
        })
        .sum()
}

const INFORMED_TOML: &str = r#"# Benchmark corpus (generated by `cargo run --release --example bench -- gen`).
title = "Benchmark notices"
description = "Generated privacy notices for fictional organisations."
base_url = "/"
theme = "default"
content_dir = "content"
output_dir = "site"
"#;

const HUGO_TOML: &str = r#"# The same corpus as a Hugo site, with minimal templates.
baseURL = "/"
title = "Benchmark notices"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = false
"#;

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    ),
    (
        "_default/single.html",
        "{{ define \"main\" }}<main><h1>{{ .Title }}</h1>\n{{ with .Date }}<p>Last updated {{ .Format \"2 January 2006\" }}</p>{{ end }}\n<nav>{{ .TableOfContents }}</nav>\n{{ .Content }}</main>{{ end }}\n",
    ),
    (
        "_default/list.html",
        "{{ define \"main\" }}<main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main>{{ end }}\n",
    ),
    (
        "index.html",
        "{{ define \"main\" }}<main><h1>{{ .Site.Title }}</h1><ul>{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main>{{ end }}\n",
    ),
    (
        "404.html",
        "{{ define \"main\" }}<main><h1>Page not found</h1></main>{{ end }}\n",
    ),
];
