//! Elements said in phrases that belong to one kind of notice: an officer's title carried over
//! from another language, a template's name for the app's maker, profiling described by what it
//! does, and everyday phrases whose words look like the law's.

use super::detection::{assert_each, statuses};

/// The officer's title as translations keep it: a delegate (French, Spanish, Italian), an
/// inspector (Polish), or the title in its own language. A denial is no officer.
#[test]
fn translated_titles_of_the_data_protection_officer() {
    let base = "# Language school\n\nWe keep your name and email address to run your course.\n\n";
    assert_each(
        base,
        "dpo-contact",
        &[
            "We have designated a Data Protection Delegate, whom you can contact at dpd@school.example.",
            "The Administrator has appointed a Data Protection Inspector, reachable by e-mail at iod@firm.example.",
            "Write to our delegate for data protection at privacy@school.example.",
            "Contact the Inspektor Ochrony Danych at iod@firm.example.",
            "Le délégué à la protection des données: dpd@mairie.example.",
        ],
        "present",
    );
    assert_each(
        base,
        "dpo-contact",
        &[
            "",
            "We have not appointed a data protection inspector; write to us at info@firm.example.",
            "Parcels go out with DPD; write to info@shop.example with questions.",
        ],
        "absent",
    );
}

/// "Luka Varga, an independent developer": a name described as a maker names who runs the app,
/// and a template's "the Service Provider" for that maker is no recipient.
#[test]
fn a_maker_named_in_apposition_is_the_controller() {
    let base = "# Privacy Policy\n\nThe app stores your habits and an email address for sync.\n\n";
    assert_each(
        base,
        "controller-identity",
        &[
            "Tally (the \"App\") is made and run by Luka Varga, an independent developer, who is called the \"Service Provider\" on this page.",
            "The app is published by Pine Hollow, a small indie studio based in York.",
        ],
        "present",
    );
    assert_each(
        base,
        "controller-identity",
        &[
            "",
            "We met Luka Varga, an old friend, at a conference.",
            "We met Luka Varga, a friend of the developer, at a conference.",
        ],
        "absent",
    );
}

/// Looking at what is held to work out which people are likely to do something is profiling,
/// whatever it is called; working out who can help with a question is not.
#[test]
fn working_out_who_is_likely_to_give_is_profiling() {
    let base = "# Hospice fundraising\n\nWe keep your name, address and the gifts you make.\n\n";
    assert_each(
        base,
        "automated-decisions",
        &[
            "We look at the information we hold to work out who might be interested in a particular appeal.",
            "We use your purchase history to predict which customers are likely to leave.",
        ],
        "present",
    );
    assert_each(
        base,
        "automated-decisions",
        &[
            "",
            "Call us and we will work out who might be able to help.",
            "We never use your details to work out who is likely to give more.",
        ],
        "absent",
    );
}

/// "To look after you": an everyday phrase whose "after" is no period, beside a keeping word
/// ("to keep you updated", "your record holds").
#[test]
fn keeping_you_updated_and_looking_after_you_are_no_retention() {
    let base = "# Hospice supporters\n\nWe hold your name, address and phone number.\n\n";
    assert_each(
        base,
        "retention",
        &[
            "We use your details to keep you updated on our work and to look after you at events.",
            "Your record holds the things we need to look after you, such as your address.",
            "We keep an eye on our records to make sure we are not writing to people who asked us not to.",
        ],
        "absent",
    );
    assert_each(
        base,
        "retention",
        &["We keep your details for six years after your last gift."],
        "present",
    );
    assert_eq!(statuses(base, &["retention"]), ["absent"]);
}

/// The person's own right of access is nobody else's access to the data.
#[test]
fn the_right_of_access_names_no_recipient() {
    let base = "# Job applicants\n\nWe keep your CV and contact details for this recruitment.\n\n";
    assert_each(
        base,
        "recipients",
        &[
            "You have the right to demand from the Administrator access to your personal data.",
            "You have the right of access to your personal data at any time.",
        ],
        "absent",
    );
    assert_each(
        base,
        "recipients",
        &["Only the hiring manager and our recruitment agency have access to your personal data."],
        "present",
    );
}

/// An outcome and a machine close together say whether a machine decides, a denial included.
#[test]
fn nobody_penalised_by_a_computer_answers_automated_decisions() {
    let base = "# Council tax fraud\n\nWe keep your name, address and council tax records.\n\n";
    assert_each(
        base,
        "automated-decisions",
        &["Nobody is penalised, charged or prosecuted by a computer."],
        "present",
    );
    assert_each(
        base,
        "automated-decisions",
        &[
            "",
            "Our computers are backed up every night and checked for faults.",
        ],
        "absent",
    );
}

/// A right given to everyone ("people have the right to ask for a copy") is the person's too.
#[test]
fn rights_said_of_everyone_are_rights() {
    let base = "# Council tax fraud\n\nWe keep your name, address and council tax records.\n\n";
    assert_each(
        base,
        "rights",
        &[
            "People have the right to ask for a copy of the information we hold about them.",
            "Everyone can request access to the records we keep.",
        ],
        "present",
    );
    assert_each(
        base,
        "rights",
        &["", "People can ask us to call them back."],
        "absent",
    );
}

/// Where the data stays: "it doesn't leave the country", "our systems are in the UK"; a person
/// leaving the country, or systems "in line with UK law", say nothing of it.
#[test]
fn data_that_stays_in_the_country_answers_transfers() {
    let base = "# Debt recovery\n\nWe keep your name, address and what you owe.\n\n";
    assert_each(
        base,
        "transfers",
        &[
            "Your information doesn't leave the country.",
            "All of our systems, and those of our suppliers, are in the UK.",
        ],
        "present",
    );
    assert_each(
        base,
        "transfers",
        &[
            "",
            "If you leave the country, tell us your new address.",
            "Our systems are in line with UK law.",
        ],
        "absent",
    );
}

/// Sources said without "from": what is already public and looked up, what the person told
/// the organisation themselves, what a relative mentions.
#[test]
fn public_records_the_person_and_relatives_as_sources() {
    let base = "# Legacy research\n\nWe keep your name, address and the gifts you make.\n\n";
    assert_each(
        base,
        "source",
        &[
            "They use information that is already in the public domain, such as the electoral register.",
            "Much of what we know about you, you will have told us yourself.",
            "Now and then a relative or friend of yours may mention something about you.",
        ],
        "present",
    );
    assert_each(
        base,
        "source",
        &[
            "",
            "We do not look up public records.",
            "The history of the hall is in the public domain.",
        ],
        "absent",
    );
}

/// A heading or sentence saying the data is processed using the services listed below names
/// those services as the ones that receive it.
#[test]
fn data_processed_using_the_following_services_names_recipients() {
    let listed = "# Privacy\n\n## Personal data processed using the following services:\n\n\
                  ### Analytics\n\nPersonal data: usage data, device information.\n";
    assert_eq!(statuses(listed, &["recipients"]), ["present"]);
    let base = "# Privacy\n\nWe keep your name and email address.\n\n";
    assert_each(
        base,
        "recipients",
        &["Your data is processed with the following services: a mailing list and a form builder."],
        "present",
    );
    assert_each(
        base,
        "recipients",
        &[
            "",
            "We offer the following services: tree surgery and hedge cutting.",
        ],
        "absent",
    );
}

/// Translations keep their laws' verb for keeping ("the data will be conserved"); a stay as a
/// noun ("dates of stay") is no data staying anywhere, and "as far as necessary" no period.
#[test]
fn conserved_data_is_kept_and_a_hotel_stay_is_not() {
    let base = "# Bookings\n\nWe keep your name and email address.\n\n";
    assert_each(
        base,
        "retention",
        &[
            "The data will be conserved while the contract lasts and, once it has ended, during the years necessary to answer possible claims.",
            "Your data stays on our servers for two years.",
        ],
        "present",
    );
    assert_each(
        base,
        "retention",
        &[
            "",
            "Hotels and venues: name, dates of stay and special requirements, only as far as necessary.",
            "During your stay we ask for your name, as far as necessary.",
        ],
        "absent",
    );
}

/// "What we have already sent is not affected", said of withdrawn consent, is no request for
/// what the organisation holds; "a copy of what we have" still is.
#[test]
fn what_was_done_before_is_not_what_is_held() {
    let base = "# Clinic\n\nWe keep your name and email address. You can withdraw your consent at any time by writing to us.\n\n";
    assert_each(
        base,
        "rights",
        &["You can ask for a copy of what we have."],
        "present",
    );
    assert_each(
        base,
        "rights",
        &[
            "",
            "The withdrawal applies from that moment; what we have already sent is not affected.",
            "It applies from then on; what we have shared before stays shared.",
        ],
        "absent",
    );
}
