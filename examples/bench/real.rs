//! The "real" benchmark corpus: notices assembled at run time from the sentences, lists and
//! sections of real privacy notices that are not ours (`<shared>/real-notices` and
//! `<shared>/t200-dev`), so the wording is as varied as the world's. Nothing of them is in the
//! repository: the sources are read when the corpus is generated, into a temporary folder.
//!
//! Deterministic for a given seed and set of source files: notice `i` depends only on the
//! seed, `i` and the sources. Each notice is 4–9 KB of Markdown with YAML front matter (`title`,
//! `date`): real sections (a heading and its blocks, whole or in part), some paragraphs rebuilt
//! from sentences of other notices, headings at varied levels.

use std::path::{Path, PathBuf};

use crate::corpus::Rng;

/// The folders of `<shared>` whose notices are cut up.
pub const SOURCES: &[&str] = &["real-notices", "t200-dev"];

/// A block of Markdown from a source notice.
#[derive(Clone)]
enum Block {
    /// A paragraph, as its sentences.
    Paragraph(Vec<String>),
    /// A list or a table, kept whole.
    Verbatim(String),
}

struct Section {
    heading: String,
    blocks: Vec<Block>,
}

/// Everything cut from the sources.
pub struct Pool {
    titles: Vec<String>,
    sections: Vec<Section>,
    sentences: Vec<String>,
}

impl Pool {
    /// Read every `.md` notice in `<shared>/real-notices` and `<shared>/t200-dev`.
    pub fn load(shared: &Path) -> Result<Pool, String> {
        let mut files: Vec<PathBuf> = Vec::new();
        for dir in SOURCES {
            let dir = shared.join(dir);
            let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for e in entries.flatten() {
                let p = e.path();
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                if p.extension().is_some_and(|x| x == "md") && name != "README.md" {
                    files.push(p);
                }
            }
        }
        // read_dir's order is the file system's: sort, so a seed gives the same corpus.
        files.sort();
        let mut pool = Pool {
            titles: Vec::new(),
            sections: Vec::new(),
            sentences: Vec::new(),
        };
        for f in &files {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
            pool.add(&text);
        }
        if pool.sections.is_empty() || pool.sentences.is_empty() {
            return Err(format!(
                "no notices found under {} ({})",
                shared.display(),
                SOURCES.join(", ")
            ));
        }
        Ok(pool)
    }

    fn add(&mut self, text: &str) {
        let (front_title, body) = split_front(text);
        let mut title = front_title;
        let mut current = Section {
            heading: String::new(),
            blocks: Vec::new(),
        };
        for raw in body.split("\n\n") {
            let block = clean(raw.trim());
            if block.is_empty() || block.starts_with("```") || block.starts_with('<') {
                continue;
            }
            if let Some(h) = heading_text(&block) {
                if title.is_none() {
                    title = Some(h.clone());
                }
                let done = std::mem::replace(
                    &mut current,
                    Section {
                        heading: h,
                        blocks: Vec::new(),
                    },
                );
                self.push_section(done);
            } else if block.starts_with(['-', '*', '|']) || starts_numbered(&block) {
                current.blocks.push(Block::Verbatim(block));
            } else {
                let sentences = sentences(&block.replace('\n', " "));
                self.sentences.extend(sentences.iter().cloned());
                current.blocks.push(Block::Paragraph(sentences));
            }
        }
        self.push_section(current);
        if let Some(t) = title {
            self.titles.push(t);
        }
    }

    fn push_section(&mut self, s: Section) {
        if !s.blocks.is_empty() {
            self.sections.push(s);
        }
    }

    /// Notice `i` of the corpus for `seed`.
    pub fn notice(&self, seed: u64, i: usize) -> String {
        let mut r = Rng::new(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ i as u64);
        let target = 4000 + r.below(5000);
        let title = &self.titles[r.below(self.titles.len())];
        let (y, m, d) = (2016 + r.below(9), 1 + r.below(12), 1 + r.below(28));
        let mut out = format!(
            "---\ntitle: {}\ndate: {y:04}-{m:02}-{d:02}\n---\n\n",
            serde_json::to_string(title).unwrap_or_default()
        );
        let header_len = out.len();
        if r.chance(60) {
            self.rebuilt_paragraph(&mut out, &mut r, 2, 4);
        }
        while out.len() - header_len < target {
            let s = &self.sections[r.below(self.sections.len())];
            let level = if r.chance(70) { "##" } else { "###" };
            out.push_str(&format!("{level} {}\n\n", s.heading));
            let start = out.len();
            for b in &s.blocks {
                // A long section contributes its beginning only.
                if out.len() - start > 2500 {
                    break;
                }
                match b {
                    Block::Paragraph(sentences) if r.chance(35) => {
                        self.rebuilt_paragraph(&mut out, &mut r, 1, sentences.len().max(1) + 1)
                    }
                    Block::Paragraph(sentences) => {
                        out.push_str(&sentences.join(" "));
                        out.push_str("\n\n");
                    }
                    Block::Verbatim(text) => {
                        out.push_str(text);
                        out.push_str("\n\n");
                    }
                }
            }
        }
        out
    }

    /// A paragraph of `min`..=`max` sentences drawn from any notice.
    fn rebuilt_paragraph(&self, out: &mut String, r: &mut Rng, min: usize, max: usize) {
        let n = min + r.below(max.saturating_sub(min) + 1);
        let picked: Vec<&str> = (0..n)
            .map(|_| self.sentences[r.below(self.sentences.len())].as_str())
            .collect();
        out.push_str(&picked.join(" "));
        out.push_str("\n\n");
    }
}

/// The front matter's `title` (if any) and the body after the front matter.
fn split_front(text: &str) -> (Option<String>, &str) {
    let text = text.trim_start_matches('\u{feff}');
    for fence in ["---", "+++"] {
        if let Some(rest) = text.strip_prefix(fence)
            && let Some(end) = rest.find(&format!("\n{fence}"))
        {
            let front = &rest[..end];
            let title = front.lines().find_map(|l| {
                let v = l
                    .strip_prefix("title:")
                    .or_else(|| l.strip_prefix("title ="))?;
                let v = v.trim().trim_matches(['"', '\'']).trim();
                (!v.is_empty()).then(|| v.to_string())
            });
            let body = &rest[end + 1 + fence.len()..];
            return (title, body);
        }
    }
    (None, text)
}

fn heading_text(block: &str) -> Option<String> {
    if block.contains('\n') || !block.starts_with('#') {
        return None;
    }
    let t = block.trim_start_matches('#').trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn starts_numbered(block: &str) -> bool {
    let digits = block.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && block[digits..].starts_with(". ")
}

/// Keep the text safe for both generators: no Hugo shortcodes, no Liquid/Tera tags, no
/// HTML comments (which could be informed's suppression comments).
fn clean(block: &str) -> String {
    block
        .replace("{{", "{ {")
        .replace("{%", "{ %")
        .replace("<!--", "&lt;!--")
        .replace('\r', "")
}

/// Cut a paragraph into sentences: after `.`, `?` or `!` followed by a space and a capital
/// letter, a digit or an opening bracket or quote.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    for i in 0..bytes.len() {
        if matches!(bytes[i], b'.' | b'?' | b'!')
            && bytes.get(i + 1) == Some(&b' ')
            && bytes.get(i + 2).is_some_and(|c| {
                c.is_ascii_uppercase() || c.is_ascii_digit() || b"([\"".contains(c)
            })
        {
            let s = text[start..=i].trim();
            if !s.is_empty() {
                out.push(s.to_string());
            }
            start = i + 2;
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
    out
}

/// Write an N-notice site (informed and Hugo) from `pool` into `root`.
pub fn write_site(root: &Path, n: usize, pool: &Pool, seed: u64) -> std::io::Result<u64> {
    crate::corpus::write_site_with(root, n, |i| pool.notice(seed, i))
}
