//! Property runs for the output-folder guard and GitHub escaping, through the same checks as
//! their fuzz targets (`fuzz/fuzz_targets/output_guard.rs`, `github_escape.rs`). Bounded: 200
//! cases per property.

use crate::harness;

use proptest::prelude::*;

fn escape_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("::".to_string()),
        Just("::add-mask::secret".to_string()),
        Just("::stop-commands::tok".to_string()),
        Just("::error file=a,line=1::x".to_string()),
        Just("##[".to_string()),
        Just("##[error]".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("  \t".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{7}".to_string()),
        Just("\u{85}\u{2028}".to_string()),
        Just("%0A%25".to_string()),
        "[a-z:#\\[ ,]{0,8}",
    ]
}

fn path_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("..".to_string()),
        Just(".".to_string()),
        Just("content".to_string()),
        Just("policies".to_string()),
        Just("themes".to_string()),
        Just("default".to_string()),
        Just("lints".to_string()),
        Just("informed.toml".to_string()),
        Just("site".to_string()),
        Just("site".to_string()),
        Just("into-content".to_string()),
        Just("up".to_string()),
        Just("to-themes".to_string()),
        Just("config-link".to_string()),
        Just("dangling".to_string()),
        "[a-z]{1,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn github_escaping_leaves_no_command(pieces in prop::collection::vec(escape_piece(), 0..20)) {
        harness::github_escape(pieces.concat().as_bytes());
    }

    #[test]
    fn the_output_guard_never_accepts_the_sources(pieces in prop::collection::vec(path_piece(), 0..6)) {
        harness::output_guard(pieces.join("/").as_bytes());
    }
}

#[test]
fn the_output_guard_refuses_what_the_issue_names() {
    // Direct cases: each must be refused (the harness only checks accepted claims).
    for rel in [
        "content",
        "content/policies",
        "themes/default",
        "informed.toml",
        ".",
        "into-content",
        "content/to-themes/x",
        "config-link",
        "up/site",
    ] {
        harness::output_guard(rel.as_bytes());
    }
}
