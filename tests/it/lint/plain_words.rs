//! Elements said in plain words, as the probe notices of the eleventh and later sessions said
//! them: each test names sentences that must count and sentences that must not.

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

/// The contract as one's end of a bargain or as what the person booked; the legitimate interest
/// as what people would expect, in the organisation's judgement.
#[test]
fn bargains_bookings_and_what_people_would_expect() {
    let base = "# Choir membership\n\nWe keep your name, phone number and voice part.\n\n";
    assert_each(
        base,
        "lawful-basis",
        &[
            "Keeping these records is simply part of us holding up our end of that bargain.",
            "That's just part of running the lesson you've booked.",
            "We send a feedback email afterwards, which we reckon most people would expect from us.",
            "We watch for odd logins because members would rightly expect us to.",
        ],
        "present",
    );
    assert_each(
        base,
        "lawful-basis",
        &[
            "Rehearsals end later than you might expect.",
            "Details of the events you have signed up for and a T-shirt size if you need one.",
            "It is not our end of the bargain to chase late payers.",
        ],
        "absent",
    );
}

/// A right towards the data protection authority is the right to complain, whatever the verb.
#[test]
fn a_right_towards_the_authority_is_the_complaint() {
    let base = "# Chocolate box\n\nWe keep your address to post your box.\n\n";
    assert_each(
        base,
        "complaint",
        &[
            "But you have also the right to go to the Belgian Data Protection Authority in Brussels.",
            "You are entitled to turn to the Information Commissioner.",
        ],
        "present",
    );
    assert_each(
        base,
        "complaint",
        &["", "You have the right to a copy of your data."],
        "absent",
    );
}

/// Who takes the decisions about the data is the controller, even in a sentence that also names
/// the software company that hosts the app; an informed decision of the reader's is not.
#[test]
fn who_takes_the_decisions_about_the_data_is_the_controller() {
    let base = "# Members' app\n\nThe app shows your balance and your loans.\n\n";
    let named = format!(
        "{base}It was built, and is hosted for us, by a software company, but the decisions about \
         your information are taken by Example Credit Union Limited.\n"
    );
    assert_eq!(statuses(&named, &["controller-identity"]), ["present"]);
    let informed = format!(
        "{base}Links to their policies are below so that you can make an informed decision about \
         your data, which is made by you alone.\n"
    );
    assert_eq!(statuses(&informed, &["controller-identity"]), ["absent"]);
    assert_eq!(statuses(base, &["controller-identity"]), ["absent"]);
}

/// A footer naming the company behind a trading name, with its legal form and address, names
/// who is responsible; the "co" of a ".co.uk" e-mail address is no legal form, and a hosting
/// company's address names someone else.
#[test]
fn an_imprint_at_the_end_names_the_controller() {
    let base = "# Chocolate box\n\nWe keep your address to post your box.\n\nWe keep your \
                card's last four digits for refunds.\n\nBoth go when you cancel.\n\n---\n\n";
    let imprint = format!(
        "{base}*Example Post is a trading name of Example Chocolates BV · Hoogpoort 58, 9000 \
         Gent, Belgium*\n"
    );
    assert_eq!(statuses(&imprint, &["controller-identity"]), ["present"]);
    let mail = format!("{base}Write to us at boxes@example.co.uk or 58 Hoogpoort, Gent.\n");
    assert_eq!(statuses(&mail, &["controller-identity"]), ["absent"]);
    let hosting = format!("{base}Our shop is hosted by Example Cloud Ltd, 1 Dock Road, Leeds.\n");
    assert_eq!(statuses(&hosting, &["controller-identity"]), ["absent"]);
}

/// A sole trader's "I", "my" and "me" are read as an organisation's "we", "our" and "us", so what
/// counts in the plural counts in the singular.
#[test]
fn a_sole_trader_in_the_first_person_singular() {
    let base = "# Dog walks\n\nI keep your name, address and your dog's vet.\n\n";
    assert_each(
        base,
        "rights",
        &[
            "You're welcome to ask what I've got on you, have it corrected, or have it wiped.",
            "You're welcome to ask what we've got on you, have it corrected, or have it wiped.",
        ],
        "present",
    );
    assert_each(
        base,
        "rights",
        &["", "I've got a spare key and my own van."],
        "absent",
    );
}

/// A small firm's accountant is a recipient, and "the only other person who sees it" says who
/// receives the data by its limits.
#[test]
fn the_only_other_person_who_sees_it_is_the_accountant() {
    let base = "# Locksmith\n\nI note your name, the job's address and your phone number.\n\n";
    assert_each(
        base,
        "recipients",
        &[
            "The only other person who sees any of it is my accountant, who does my books once a year.",
            "We pass your details to our accountant each spring.",
        ],
        "present",
    );
    assert_each(
        base,
        "recipients",
        &["", "I am the only person in the business."],
        "absent",
    );
}

/// A list item under "You have the right to:" that takes consent back is withdrawal; the two
/// words in different items are not.
#[test]
fn a_list_item_that_cancels_a_consent() {
    let base = "# Language school\n\nWe keep your name and e-mail address for your course.\n\n\
                Recordings are made only with your consent.\n\n";
    let one_item = format!(
        "{base}You have the right to:\n\n- see what we hold\n- cancel a consent at any time, for \
         example for recordings\n"
    );
    assert_eq!(statuses(&one_item, &["withdraw-consent"]), ["present"]);
    let apart = format!(
        "{base}You have the right to:\n\n- unsubscribe from the newsletter\n- see the consent \
         form you signed\n"
    );
    assert_eq!(statuses(&apart, &["withdraw-consent"]), ["absent"]);
}

/// A sign-off's greeting over the signer's name, and a name followed by what the signer does,
/// name who is responsible when a contact route follows.
#[test]
fn a_greeting_over_the_signers_name() {
    let base = "# Windows\n\nI keep your name, address and phone number for the round.\n\n\
                I delete them a year after the last clean.\n\n";
    let cheers = format!(
        "{base}Cheers,\nDavie McAllister\nClearview Window Cleaning, Shettleston, Glasgow\n07700 900123\n"
    );
    assert_eq!(statuses(&cheers, &["controller-identity"]), ["present"]);
    let dash = format!(
        "{base}Diolch,\nRhiannon Pugh – piano and theory lessons, Pontcanna, Cardiff\n07700 900000\n"
    );
    assert_eq!(statuses(&dash, &["controller-identity"]), ["present"]);
    let unsigned = format!("{base}Cheers,\nsee you on the round\n07700 900123\n");
    assert_eq!(statuses(&unsigned, &["controller-identity"]), ["absent"]);
}

/// What permits the use, named as what allows it, is the basis; what the app lets the person do
/// is not.
#[test]
fn what_allows_us_to_use_it() {
    let base = "# Cheese orders\n\nWe keep your address and phone number for the parcel.\n\n";
    assert_each(
        base,
        "lawful-basis",
        &[
            "It is the sale itself that allows us to use them.",
            "The tenancy is what entitles me to hold your details.",
        ],
        "present",
    );
    assert_each(
        base,
        "lawful-basis",
        &[
            "",
            "The app allows you to use a nickname.",
            "Let us know if you move.",
        ],
        "absent",
    );
}

/// A partnership is a legal form: partners who run the business name who is responsible; work
/// done "in partnership with" another body names a recipient, not the controller.
#[test]
fn a_partnership_names_the_controller() {
    let base = "# Kennels\n\n";
    let tail = "\n\nWe keep your name, phone number and your dog's vaccination dates.\n";
    let partners = format!(
        "{base}The kennels are run as a partnership by Sue and Mark Fairweather from Hollybank \
         Farm, near Ringwood.{tail}"
    );
    assert_eq!(statuses(&partners, &["controller-identity"]), ["present"]);
    let with = format!("{base}We work in partnership with local vets on vaccinations.{tail}");
    assert_eq!(statuses(&with, &["controller-identity"]), ["absent"]);
}

/// A heading asking how the data was obtained, answered by where it came from, is the source;
/// a heading about how it is used is not.
#[test]
fn how_the_details_were_got_is_the_source() {
    let base = "# Food bank\n\nWe hold your name, address and household size.\n\n";
    let asked = format!(
        "{base}## How did you get my details?\n\nMost people are referred to us by someone they \
         trust, such as a GP practice or a housing officer.\n"
    );
    assert_eq!(statuses(&asked, &["source"]), ["present"]);
    let used = format!(
        "{base}## How we use your details\n\nWe use them to pack a parcel that suits your \
         household.\n"
    );
    assert_eq!(statuses(&used, &["source"]), ["absent"]);
}

/// Consent said as the person being happy for the organisation to do something, with the words
/// for taking it back in the same sentence, is withdrawal; a change of mind about anything else
/// is not.
#[test]
fn happy_for_us_to_and_a_change_of_mind() {
    let base = "# Community transport\n\nWe keep your name, address and phone number to book \
                your journeys.\n\n";
    assert_each(
        base,
        "withdraw-consent",
        &[
            "We only note your health if you're happy for us to, and you can change your mind \
           about that whenever you like.",
        ],
        "present",
    );
    assert_each(
        base,
        "withdraw-consent",
        &[
            "",
            "If you're happy with the quote, book online; you can change your mind up to a day \
             before.",
        ],
        "absent",
    );
}

/// A sole trader saying the business is the writer names the controller: "Keyhold Locks is me,
/// Dan Okafor".
#[test]
fn the_business_is_me_names_the_controller() {
    let base = "# Privacy\n\n";
    let tail = "\n\nI keep your name, phone number and the address of the job.\n";
    let me = format!("{base}Keyhold Locks is me, Dan Okafor. I fit locks around Thornbury.{tail}");
    assert_eq!(statuses(&me, &["controller-identity"]), ["present"]);
    let shop = format!("{base}Keyhold Locks is a shop I like. I fit locks around Thornbury.{tail}");
    assert_eq!(statuses(&shop, &["controller-identity"]), ["absent"]);
}

/// A heading saying what the organisation is entitled to heads its basis, not the person's
/// rights; one saying what the person is entitled to heads the rights.
#[test]
fn what_we_are_entitled_to_is_not_a_right() {
    let base = "# Tennis club bookings\n\nWe keep your name, e-mail address and bookings.\n\n";
    let ours = format!(
        "{base}**Why we're entitled to.** Your membership is an agreement with the club, and \
         handling bookings is part of what we agreed to provide, such as access to the courts.\n"
    );
    assert_eq!(statuses(&ours, &["rights"]), ["absent"]);
    let yours = format!(
        "{base}**What you're entitled to.** You can ask for a copy of what we hold, or for access \
         to it.\n"
    );
    assert_eq!(statuses(&yours, &["rights"]), ["present"]);
}

/// Asking the organisation to delete or correct one's data, said as what the person would like
/// it to do, is a right; asking it to do something else is not.
#[test]
fn if_you_would_like_us_to_delete_it() {
    let base = "# Quiz app\n\nWe collect your e-mail address and name to run the app.\n\n";
    assert_each(
        base,
        "rights",
        &[
            "If you would like us to delete the data you have provided, please contact us at \
             quiz@example.com.",
            "If you'd like them to delete User Provided Data, please contact them at \
             quiz@example.com.",
        ],
        "present",
    );
    assert_each(
        base,
        "rights",
        &[
            "",
            "If you would like us to add a new quiz topic, please contact us.",
            "If you would like us to delete the app from the store, tell us.",
        ],
        "absent",
    );
}

/// Profiling is building a profile of a person; the account profile a person creates is not.
#[test]
fn an_account_profile_is_not_profiling() {
    let base = "# Ticket app\n\nWe collect your name, e-mail address and payments.\n\n";
    assert_each(
        base,
        "automated-decisions",
        &[
            "We create a profile of your interests from the tickets you buy.",
            "We build profiles to choose which offers to show.",
            "We never make a personal profile of you.",
        ],
        "present",
    );
    assert_each(
        base,
        "automated-decisions",
        &[
            "We collect information when you register, create a profile or make a transaction.",
            "Parents can create a profile for a younger child.",
        ],
        "absent",
    );
}

/// "You can take that back whenever you like", with the consent a sentence earlier, is
/// withdrawal; taking back something else is not.
#[test]
fn take_that_back_after_the_consent() {
    let base = "# Habit tracker\n\nWe keep your habits and e-mail address.\n\n\
                The mood slider only runs if you say yes, so it depends on your consent. ";
    assert_each(
        base,
        "withdraw-consent",
        &["You can take that back whenever you like under Settings."],
        "present",
    );
    let other = "# Habit tracker\n\nWe keep your habits and e-mail address.\n\n\
                 You can return a gift card within a month. ";
    assert_each(
        other,
        "withdraw-consent",
        &["You can take that back to any shop."],
        "absent",
    );
}

/// A heading asking what is held about the person heads the data, not how long it is kept.
#[test]
fn what_is_held_about_me_is_not_retention() {
    let held = "# Pregnancy app\n\n## What information do you hold about me?\n\n\
                Your due date, your weekly weight for 40 weeks and the 12 months after the birth.\n";
    assert_eq!(statuses(held, &["retention"]), ["absent"]);
    let kept = "# Pregnancy app\n\n## How long do you keep it?\n\n\
                Your due date for 40 weeks and your weight for 12 months after the birth.\n";
    assert_eq!(statuses(kept, &["retention"]), ["present"]);
}

/// Relying on a transfer safeguard says how data leaves the country, not the lawful basis;
/// relying on consent is the basis.
#[test]
fn relying_on_a_transfer_safeguard_is_no_basis() {
    let base = "# Puzzle game\n\nWe collect your device identifier and scores.\n\n";
    assert_each(
        base,
        "lawful-basis",
        &[
            "Where required, we rely on Standard Contractual Clauses for such transfers.",
            "For the United States we rely on the EU-US Data Privacy Framework.",
        ],
        "absent",
    );
    assert_each(
        base,
        "lawful-basis",
        &["For the leaderboard we rely on your consent."],
        "present",
    );
}

/// Data collected from the person's own device names where it comes from; a device that gives
/// nothing does not.
#[test]
fn collected_from_your_phone_is_the_source() {
    let base = "# Torch app\n\nThe app uses your advertising identifier and crash logs.\n\n";
    assert_each(
        base,
        "source",
        &["The ad SDK collects some information automatically from your phone."],
        "present",
    );
    assert_each(
        base,
        "source",
        &["", "The forecast service receives nothing from your phone."],
        "absent",
    );
}

/// Rights held against a named organisation name it as the one responsible; a complaint
/// against the regulator does not.
#[test]
fn rights_against_a_named_organisation_name_the_controller() {
    let base = "# Course platform\n\nWe keep your name, e-mail address and marks.\n\n";
    assert_each(
        base,
        "controller-identity",
        &["You have further rights you may assert against Hollowfield College."],
        "present",
    );
    assert_each(
        base,
        "controller-identity",
        &[
            "",
            "You have the right to complain against us to the Information Commissioner's Office.",
        ],
        "absent",
    );
}
