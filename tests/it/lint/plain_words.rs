//! Elements said in plain words, as the probe notices of the eleventh session said them: each
//! test names sentences that must count and sentences that must not.

use super::detection::{assert_each, statuses};

/// What the organisation cannot do without the data is the contract basis in plain words; a rule
/// the person must follow ("a player can't stay registered without it") is not.
#[test]
fn what_cannot_be_done_without_the_data_is_the_basis() {
    let base =
        "# Cottage bookings\n\nWe keep your name, address and phone number for the booking.\n\n";
    assert_each(
        base,
        "lawful-basis",
        &[
            "Without these details I can't really let the cottage to you.",
            "We need a contact email; without it we cannot send lesson links.",
            "Without this the booking system simply can't work.",
        ],
        "present",
    );
    assert_each(
        base,
        "lawful-basis",
        &[
            "",
            "A player can't stay registered without it.",
            "We will not share it without your consent.",
        ],
        "absent",
    );
    assert_eq!(statuses(base, &["lawful-basis"]), ["absent"]);
}
