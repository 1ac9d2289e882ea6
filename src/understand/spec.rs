//! The vocabulary the understand stage reads from the packs: elements, rights and lawful bases,
//! each with heading aliases and phrase cues (case-insensitive regexes).

use serde::Deserialize;

/// An Art 13/14 element to detect.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ElementSpec {
    pub id: String,
    pub name: String,
    /// Heading texts that introduce a section about this element.
    #[serde(default)]
    pub headings: Vec<String>,
    /// Phrases in body text that show the element is addressed.
    #[serde(default)]
    pub cues: Vec<String>,
    /// Phrases that look like a cue but do not address the element (checked on the same sentence).
    #[serde(default)]
    pub not: Vec<String>,
    /// Cues that count only in a block that carries a link ("contact us" as a link is a contact
    /// route; the same words as plain text are not).
    #[serde(default)]
    pub link_cues: Vec<String>,
    /// Case-sensitive cues matched against the sentence as written (for names and acronyms).
    #[serde(default)]
    pub cased_cues: Vec<String>,
    /// A block matching one of these never counts as evidence for the element.
    #[serde(default)]
    pub not_block: Vec<String>,
    /// A cue counts only when this block or one of the next two matches one of these (a DPO
    /// mention needs a contact route beside it, say).
    #[serde(default)]
    pub near: Vec<String>,
    /// When a heading matches, the section must also contain one of these for the element to
    /// count (guards against a heading that poses a question it never answers).
    #[serde(default)]
    pub section_requires: Vec<String>,
    /// A near miss counts as a weak sign: a sentence holding every concept of one of the
    /// element's strong signals, but spread over up to this many times the signal's window, makes
    /// the element uncertain (a warning) rather than absent (an error).
    #[serde(default)]
    pub near_miss: Option<usize>,
}

impl ElementSpec {
    pub(crate) fn extend(&mut self, other: ElementSpec) {
        self.headings.extend(other.headings);
        self.cues.extend(other.cues);
        self.not.extend(other.not);
        self.link_cues.extend(other.link_cues);
        self.cased_cues.extend(other.cased_cues);
        self.not_block.extend(other.not_block);
        self.section_requires.extend(other.section_requires);
        self.near.extend(other.near);
        self.near_miss = other.near_miss.or(self.near_miss);
    }
}

/// A data-subject right (access, erasure, …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RightSpec {
    pub id: String,
    pub name: String,
    /// Which Article gives it (data for people reading the vocabulary; no rule reads it).
    #[expect(
        dead_code,
        reason = "documentation in the vocabulary, checked to be present"
    )]
    pub article: String,
    pub cues: Vec<String>,
}

/// An Art 6 lawful basis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BasisSpec {
    pub id: String,
    pub name: String,
    /// Which Article gives it (data for people reading the vocabulary; no rule reads it).
    #[expect(
        dead_code,
        reason = "documentation in the vocabulary, checked to be present"
    )]
    pub article: String,
    /// Phrases that state reliance on this basis.
    pub cues: Vec<String>,
}

/// A yes/no fact inferred from the text (transfers abroad, automated decisions, …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FactSpec {
    pub id: String,
    pub cues: Vec<String>,
    /// A sentence matching one of these does not establish the fact (a denial, say).
    #[serde(default)]
    pub not: Vec<String>,
    /// Why a rule with `when = ["fact:ID"]` applies, in its message ("data leaves the UK/EEA").
    #[serde(default)]
    pub reason: Option<String>,
}
