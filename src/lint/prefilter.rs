//! One scan of a notice for every `pattern` rule at once.
//!
//! Pattern rules run block by block, so a rule's regexes would each scan every block of every
//! notice although most never match anywhere. Instead every pattern rule's regexes are also
//! compiled into one multi-pattern search that runs once over the notice's text; a regex then
//! runs block by block only when it matches somewhere in the notice. A regex that matches
//! inside a block matches the whole text too, so nothing is lost — except for anchors (`^`,
//! `$`), which mean the start and end of a block there and of the text here: regexes with
//! anchors always run.

use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternID, PatternSet, meta};

/// Size limits of the combined search; beyond them every regex simply runs.
const SIZE_LIMIT: usize = 32 << 20;

#[derive(Debug, Clone)]
pub(crate) struct Prefilter {
    set: Option<meta::Regex>,
    /// Per regex: it must always run (it has an anchor).
    always: Vec<bool>,
}

impl Prefilter {
    /// `sources` are the regexes (case-insensitive, as pattern rules compile them), in the
    /// order their indices refer to.
    pub(crate) fn build(sources: &[&str]) -> Prefilter {
        let set = meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .hybrid_cache_capacity(SIZE_LIMIT)
                    .dfa_size_limit(Some(SIZE_LIMIT)),
            )
            .syntax(syntax::Config::new().case_insensitive(true))
            .build_many(sources)
            .ok();
        Prefilter {
            set,
            always: sources
                .iter()
                .map(|s| s.contains(['^', '$']) || s.contains("\\A") || s.contains("\\z"))
                .collect(),
        }
    }

    /// Per regex: whether it can match in `text`.
    pub(crate) fn scan(&self, text: &str) -> Vec<bool> {
        let Some(set) = &self.set else {
            return vec![true; self.always.len()];
        };
        let mut found = PatternSet::new(set.pattern_len());
        set.which_overlapping_matches(&Input::new(text), &mut found);
        self.always
            .iter()
            .enumerate()
            .map(|(i, &always)| always || found.contains(PatternID::new_unchecked(i)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_what_can_match_and_keeps_anchored_regexes() {
        let p = Prefilter::build(&[r"privacy\s+shield", r"\bsafe harbou?r\b", r"^draft"]);
        assert_eq!(
            p.scan("Under the EU-US Privacy\nShield we"),
            vec![true, false, true]
        );
        assert_eq!(p.scan("Safe Harbor"), vec![false, true, true]);
    }

    #[test]
    fn a_set_that_does_not_build_runs_everything() {
        let p = Prefilter::build(&["(unclosed"]);
        assert_eq!(p.scan("anything"), vec![true]);
    }
}
