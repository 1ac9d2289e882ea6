//! Element detection measured against hand labels: our own fixtures in styles real notices use
//! (tests/fixtures/detect), and the labelled real notices (the shared corpus), which are
//! read where they are (`$INFORMED_CORPUS/real-notices`) and never copied into this repository.

use crate::support::corpus;

use std::path::Path;

use informed::eval::{evaluate, report};

fn check(dir: &Path, min: f64) {
    let ev = evaluate(Path::new("/nonexistent"), &dir.join("labels.json"), dir).unwrap();
    let (p, r) = (ev.total.precision(), ev.total.recall());
    assert!(
        p >= min && r >= min,
        "precision {p:.3}, recall {r:.3} below {min}\n{}",
        report(&ev)
    );
    assert!(
        ev.total.tp > 0,
        "no violations in the labels: the measurement would prove nothing"
    );
}

#[test]
fn our_fixtures_in_many_styles() {
    check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/detect"),
        1.0,
    );
}

#[test]
fn labelled_real_notices() {
    let Some(dir) = corpus::corpus("real-notices") else {
        return;
    };
    assert!(
        dir.join("labels.json").is_file(),
        "expected the labelled notices at {}",
        dir.display()
    );
    check(&dir, 0.95);
}

/// The app policies of the shared corpus, on the elements whose labels mean what ours do, both
/// halves (the blind half is measured, never studied): the figures docs/linting.md reports, so a
/// change that loses accuracy fails here.
#[test]
fn labelled_app_policies_both_halves() {
    use informed::eval::{Half, Selection, evaluate_on};
    let Some(root) = std::env::var_os("INFORMED_CORPUS").filter(|v| !v.is_empty()) else {
        eprintln!("skipped: INFORMED_CORPUS is not set");
        return;
    };
    let dir = Path::new(&root).join("t200-dev");
    if !dir.is_dir() {
        eprintln!("skipped: {} is not there", dir.display());
        return;
    }
    let same = [
        "controller-identity",
        "controller-contact",
        "dpo-contact",
        "purposes",
        "categories-of-data",
        "recipients",
        "retention",
        "rights",
        "automated-decisions",
    ];
    for half in [Half::Tune, Half::Blind] {
        let select = Selection {
            half,
            elements: same.iter().map(|s| s.to_string()).collect(),
        };
        let today = informed::date::Date::new(2026, 11, 22).unwrap();
        let ev = evaluate_on(
            Path::new("/nonexistent"),
            &dir.join("labels.json"),
            &dir,
            &select,
            today,
        )
        .unwrap();
        let (p, r) = (ev.total.precision(), ev.total.recall());
        assert!(
            p >= 0.875 && r >= 0.875,
            "{half:?}: precision {p:.3}, recall {r:.3}\n{}",
            report(&ev)
        );
        assert!(
            ev.notices_with_false_missing * 10 <= ev.notices * 3,
            "{half:?}: {} of {} notices with a false \"missing\"",
            ev.notices_with_false_missing,
            ev.notices
        );
        // The errors `check` shows are a subset of the detector's false absences.
        assert!(
            ev.notices_with_false_error <= ev.notices_with_false_missing
                && ev.notices_with_false_error * 4 <= ev.notices,
            "{half:?}: {} of {} notices where check shows a false \"missing\" error",
            ev.notices_with_false_error,
            ev.notices
        );
    }
}

/// Three outcomes: a notice that only hints at an element gets a warning quoting the hint; one
/// with no sign of it gets the error; one that states it gets nothing. The JSON says which, with
/// the evidence.
#[test]
fn an_element_with_only_a_weak_sign_is_a_warning_with_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let base = "# Chess club privacy notice\n\nThe Riverside Chess Club is the controller. Email us at club@chess.example.\n\nWe collect your name and email address to send you the fixture list.\n";
    let cases = [
        (
            "hint.md",
            format!("{base}\nYour details are retained as described in this notice.\n"),
            "uncertain",
        ),
        ("none.md", base.to_string(), "absent"),
        (
            "stated.md",
            format!("{base}\nWe keep your details for two years after you leave the club.\n"),
            "present",
        ),
    ];
    for (name, text, _) in &cases {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = crate::support::informed()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "hint.md",
            "none.md",
            "stated.md",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (name, _, status) in &cases {
        let file = json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap();
        let retention = &file["elements"]["retention"];
        assert_eq!(retention["status"], *status, "{name}: {retention}");
        assert_eq!(retention["present"], *status != "absent", "{name}");
        let finding = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "missing-retention");
        match *status {
            "uncertain" => {
                let d = finding.expect("a finding for the uncertain element");
                assert_eq!(d["level"], "warning");
                assert!(
                    d["message"]
                        .as_str()
                        .unwrap()
                        .contains("retained as described"),
                    "{d}"
                );
                assert!(
                    retention["evidence"]["text"]
                        .as_str()
                        .unwrap()
                        .contains("retained")
                );
            }
            "absent" => assert_eq!(finding.expect("an error")["level"], "error"),
            _ => assert!(finding.is_none(), "{name}: {finding:?}"),
        }
    }
}

/// Stemming folds "accountant" into "account": a list item labelled "Account:" must not read as
/// a heading about recipients (a collision found in an app policy's list of purposes).
#[test]
fn an_account_label_is_not_about_recipients() {
    let text = "# Games app privacy policy\n\nWe use your data for these purposes:\n\n- Account: to manage your registration as a user of the app.\n- Support: to answer your questions.\n";
    let recipients = &elements_of(text)["recipients"];
    assert_eq!(recipients["status"], "absent", "{recipients}");
}

/// The `elements` of one notice's `check --format json`, run as a user runs it.
fn elements_of(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.md"), text).unwrap();
    let out = crate::support::informed()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "notice.md"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["files"][0]["elements"].clone()
}

/// Statuses of some elements of one notice.
pub(super) fn statuses(text: &str, elements: &[&str]) -> Vec<String> {
    let found = elements_of(text);
    (elements.iter())
        .map(|e| found[*e]["status"].as_str().unwrap_or("none").to_string())
        .collect()
}

/// Irregular forms are read as their base word: "can be withdrawn" is a form of "withdraw".
/// Each of `sentences`, added after `base`, gives `element` the status `expected`.
pub(super) fn assert_each(base: &str, element: &str, sentences: &[&str], expected: &str) {
    for sentence in sentences {
        let md = format!("{base}{sentence}\n");
        assert_eq!(statuses(&md, &[element]), [expected], "{sentence}");
    }
}

#[test]
fn consent_that_can_be_withdrawn_is_withdrawal() {
    let base = "# Allotment society\n\nWith your consent we print your name in the newsletter.\n\n";
    let said =
        format!("{base}Your consent can be withdrawn at any moment by writing to the secretary.\n");
    assert_eq!(statuses(&said, &["withdraw-consent"]), ["present"]);
    assert_eq!(statuses(base, &["withdraw-consent"]), ["absent"]);
}

/// A heading asking whether the use is legal, and one asking how the details reach the
/// organisation, are hints (uncertain) for the lawful basis and the source, not proof.
#[test]
fn question_headings_about_legality_and_arrival_are_hints() {
    let base = "# Village hall bookings\n\nWe note your name and phone number to confirm your booking.\n\n";
    let hinted = format!(
        "{base}## Is it legal for you to do this?\n\nYes: we cannot take the booking otherwise.\n\n\
         ## How we come to have your details\n\nMost people ring the warden; sometimes a neighbour books for them.\n"
    );
    let elements = ["lawful-basis", "source"];
    assert_eq!(statuses(&hinted, &elements), ["uncertain", "uncertain"]);
    assert_eq!(statuses(base, &elements), ["absent", "absent"]);
}

#[test]
fn a_name_that_opens_a_who_we_are_section_names_the_controller() {
    let rest = "We keep your name and phone number to tell you when the repair is done.\n";
    let status = |md: &str| statuses(md, &["controller-identity"]);
    // The subject of the first sentence under the heading or label, with no word for a kind of
    // organisation in it.
    for md in [
        format!(
            "# Privacy\n\n**Who we are.** Fietsmakerij De Spaak repairs bicycles in Utrecht.\n\n{rest}"
        ),
        format!(
            "# Privacy\n\n## Who we are\n\nFietsmakerij De Spaak repairs bicycles in Utrecht.\n\n{rest}"
        ),
        // A person introducing themselves, and a letterhead.
        format!(
            "# Privacy\n\nI\u{2019}m Joanna Pryce, and I translate letters from German.\n\n{rest}"
        ),
        format!("Northfold Borough Council \u{b7} Revenues\n\n# Council tax\n\n{rest}"),
        format!("# Privacy\n\nMarsh Lane Photography is me, a sole trader in Ludlow.\n\n{rest}"),
    ] {
        assert_eq!(status(&md), ["present"], "{md}");
    }
    // The same name later in the section, a name met in passing, or a menu: no controller.
    for md in [
        format!(
            "# Privacy\n\n## Who we are\n\nRepairs are done by Fietsmakerij De Spaak.\n\n{rest}"
        ),
        format!("# Privacy\n\nI met Joanna Pryce at the market.\n\n{rest}"),
        format!("English | Japanese\n\n# Privacy\n\n{rest}"),
        format!("March 2025\n\n# Privacy\n\n{rest}"),
    ] {
        assert_eq!(status(&md), ["absent"], "{md}");
    }
}

#[test]
fn an_act_with_brackets_in_its_name_is_a_statutory_basis() {
    let md = "# Vaccinations\n\nWe keep your name and NHS number to invite you.\n\n\
              We provide health services under the NHS (Wales) Act 2006, so we use your details to \
              carry out that public function.\n";
    assert_eq!(statuses(md, &["lawful-basis"]), ["present"]);
}

#[test]
fn no_longer_agreeing_is_withdrawing_consent() {
    let base = "# Survey\n\nIf you tick the box we may contact you again about your answers.\n\n";
    let with = format!("{base}You can tell us at any time that you no longer agree.\n");
    assert_eq!(statuses(&with, &["withdraw-consent"]), ["present"]);
    let without = format!("{base}You can tell us at any time.\n");
    assert_ne!(statuses(&without, &["withdraw-consent"]), ["present"]);
}

#[test]
fn a_contract_with_the_person_that_the_use_rests_on_is_a_basis() {
    let base = "# Surf lessons\n\nWe note your name and level to organise the groups.\n\n";
    let with =
        ["The lesson is a contract between us and you, and this is why we can use your details."];
    assert_each(base, "lawful-basis", &with, "present");
    // A contract that is not with the person says nothing of the basis.
    let other = ["Our booking system is bought under a contract with its supplier."];
    assert_each(base, "lawful-basis", &other, "absent");
}

/// `informed eval`, run as a user runs it in a folder of labelled notices, counts false
/// "missing" two ways: every element judged absent against the labels, and only the errors
/// `check` shows (a rule that applies, at error level).
#[test]
fn eval_counts_the_false_errors_check_shows() {
    let dir = tempfile::tempdir().unwrap();
    let body = "We keep your name and email address to answer your question. Example Club Ltd \
                runs this service. You can ask us for a copy of your data.\n";
    // The source is labelled as stated but not found: no error, since nothing says the data
    // comes from anyone else (Article 14). The controller is labelled as stated but not found
    // in the second notice: an error.
    std::fs::write(dir.path().join("a.md"), format!("# Help desk\n\n{body}")).unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "# Help desk\n\nWe keep your name and email address to answer your question.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("labels.json"),
        r#"{"a.md": {"source": true}, "b.md": {"controller-identity": true}}"#,
    )
    .unwrap();
    let (code, out, err) = crate::support::run_in(dir.path(), &["eval", "--summary", "."]);
    assert_eq!(code, 0, "{err}");
    let line = out.lines().last().unwrap();
    let counts: Vec<&str> = line.split_whitespace().collect();
    // set, notices, precision, recall, false-missing "n ( p%)", recall counted, false errors
    // shown "n ( p%)".
    assert_eq!(counts[1], "2", "{out}");
    assert_eq!(counts[4], "2", "{out}");
    assert_eq!(counts[counts.len() - 3], "1", "{out}");
    let (_, full, _) = crate::support::run_in(dir.path(), &["eval", "."]);
    assert!(full.contains("notices where check shows a false \"missing\" error (rules that apply, at error level): 1 of 2"), "{full}");
}

#[test]
fn statutes_and_arrangements_that_the_use_rests_on_are_bases() {
    let base = "# Our records\n\nWe keep your name and address to run the service.\n\n";
    let bases = [
        "All of this is carried out under the Coroners and Justice Act 2009.",
        "The Gambling Act 2005 says we must make sure every player is at least 18.",
        "We need these details to give you the course, that is the arrangement between us.",
    ];
    assert_each(base, "lawful-basis", &bases, "present");
    // An Act named without placing the use under it, and an arrangement with someone else.
    let others = [
        "The Coroners and Justice Act 2009 is available online.",
        "Our printer works under an arrangement with a local firm.",
    ];
    assert_each(base, "lawful-basis", &others, "absent");
}

#[test]
fn deciding_what_information_is_needed_and_how_it_is_used_is_the_controller() {
    let md = "# Inquests\n\nIt is the Senior Coroner who decides what information is needed for an \
              investigation and how it is used.\n\nWe keep your name and address.\n";
    assert_eq!(statuses(md, &["controller-identity"]), ["present"]);
}

#[test]
fn names_defined_as_we_or_given_as_the_answer_name_the_controller() {
    let rest = "We keep your name and email address to answer your questions.\n";
    let status = |first: &str| {
        let md = format!("# Privacy notice\n\n{first}\n\n{rest}");
        statuses(&md, &["controller-identity"])
    };
    for first in [
        "Harbour Lights Bakery (\"we\", \"us\") is committed to protecting your privacy.",
        "In this notice, \"we\" means Brightpath Tutors.",
        "The responsible body under data protection law is Stadtwerke Lindenau.",
        "Kestrel Hospice Trust is committed to protecting your privacy.",
    ] {
        assert_eq!(status(first), ["present"], "{first}");
    }
    for first in [
        "Harbour Lights Bakery (since 1990) sells bread.",
        "Our payments go through Stadtwerke Lindenau.",
        "The responsible body will be chosen later.",
    ] {
        assert_eq!(status(first), ["absent"], "{first}");
    }
}

#[test]
fn using_this_to_do_something_hints_at_purposes() {
    let base =
        "# Photography\n\nWhen you book, you fill in a form with your names and the venue.\n\n";
    let hinted = format!("{base}I use all of this to plan the day and take the photographs.\n");
    assert_eq!(statuses(&hinted, &["purposes"]), ["uncertain"]);
    assert_eq!(statuses(base, &["purposes"]), ["absent"]);
}

/// A sentence holding a recipients signal's words further apart than its window, but within
/// twice it, is a near miss: a warning that shows the sentence, not an error. Further apart
/// still, it is nothing.
#[test]
fn a_near_miss_of_a_signal_is_a_warning_not_an_error() {
    let base =
        "# Allotment society\n\nWe keep your name and phone number to run the waiting list.\n\n";
    let near = format!(
        "{base}Once a year the parish council, which owns the field and sets the rules for its \
         use, is sent the list of plot holders.\n"
    );
    let found = elements_of(&near);
    assert_eq!(found["recipients"]["status"], "uncertain", "{found}");
    let evidence = found["recipients"]["evidence"]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(
        evidence.starts_with("Once a year the parish council"),
        "{evidence}"
    );
    let far = format!(
        "{base}The parish council owns the field where the plots are, and it has done so since \
         the old manor was sold off and the land was divided among the villages around it, and \
         at the end of each season the list of plot holders is sent there.\n"
    );
    assert_eq!(statuses(&far, &["recipients"]), ["absent"]);
    assert_eq!(statuses(base, &["recipients"]), ["absent"]);
}

#[test]
fn every_eea_state_is_a_place_data_can_be_kept() {
    let base = "# Tickets\n\nWe keep your name and email address to send your tickets.\n\n";
    let places = [
        "All data stays in the Czech Republic, nothing is sent abroad.",
        "Your data is stored in Poland.",
        "Everything is kept on servers in Czechia.",
    ];
    assert_each(base, "transfers", &places, "present");
    assert_each(base, "transfers", &["We were founded in Poland."], "absent");
}

#[test]
fn the_reason_we_can_use_the_data_is_its_basis() {
    let base = "# Allotments\n\nWe keep your name and address to offer you a plot.\n\n";
    let bases = [
        "The tenancy agreement you sign is the reason we can use your details in this way.",
        "Membership is an agreement between you and the club, and we need these details to carry out our side of it.",
    ];
    assert_each(base, "lawful-basis", &bases, "present");
    let weather = ["Bad weather is the reason we can close the site."];
    assert_each(base, "lawful-basis", &weather, "absent");
}

#[test]
fn decisions_made_by_a_computer_are_about_automated_decisions() {
    let md = "# Haircuts\n\nI keep your name and phone number to book appointments.\n\n\
              No decisions about you are made by a computer.\n";
    assert_eq!(statuses(md, &["automated-decisions"]), ["present"]);
}

#[test]
fn data_from_someone_other_than_the_person_names_its_source() {
    let base = "# Consultation\n\nWe keep your name and email address to analyse responses.\n\n";
    let others = [
        "Some responses list other people, so we have received personal information from someone other than the person it concerns.",
    ];
    assert_each(base, "source", &others, "present");
}

/// Plain ways of saying how long things last, that a profile of a person is built, that a
/// computer chooses, and that there is no data protection officer.
#[test]
fn staying_rotating_profiles_choosing_and_having_no_officer() {
    let base = "# Recipe app\n\nWe store your email address and your saved recipes.\n\n";
    assert_each(
        base,
        "retention",
        &[
            "Messages you send stay in our inbox for no longer than a year.",
            "The server log is rotated away after 30 days.",
        ],
        "present",
    );
    assert_eq!(statuses(base, &["retention"]), ["absent"]);
    assert_each(
        base,
        "automated-decisions",
        &[
            "The app builds a simple profile of your listening habits to suggest songs.",
            "Is the computer choosing for me? Only which recipe is shown first.",
        ],
        "present",
    );
    assert_each(
        base,
        "automated-decisions",
        &["You can choose for yourself which recipes to save."],
        "absent",
    );
    // A denial is not a contact; a named officer with an address is.
    let denied = format!(
        "{base}We're a small club and haven't got a data protection officer. Questions go to \
         our secretary at sec@club.example.\n"
    );
    assert_eq!(statuses(&denied, &["dpo-contact"]), ["absent"]);
    let named = format!("{base}Our data protection officer is Sam Lee, sam@club.example.\n");
    assert_eq!(statuses(&named, &["dpo-contact"]), ["present"]);
}

/// "You're" is the person too; "nobody" on its own says no one receives the data; "a yes" is
/// consent that can be taken back; a data protection officer not "nominated" is a denial.
#[test]
fn contractions_nobody_a_yes_and_not_nominating_an_officer() {
    let base = "# Recipe app\n\nWe store your email address and your saved recipes.\n\n";
    assert_each(
        base,
        "rights",
        &["You're welcome to ask what we've got on you, or to have it put right."],
        "present",
    );
    assert_each(
        base,
        "recipients",
        &["Apart from the hosting company, nobody gets anything from us."],
        "present",
    );
    assert_each(
        base,
        "withdraw-consent",
        &[
            "With your permission we send reminders. A yes you gave before you can take back whenever you like.",
        ],
        "present",
    );
    assert_eq!(
        statuses(base, &["rights", "recipients", "withdraw-consent"]),
        ["absent", "absent", "absent"]
    );
    let denied = format!(
        "{base}We are a small firm, so we have not nominated a data protection officer; write to \
         privacy@firm.example with questions.\n"
    );
    assert_eq!(statuses(&denied, &["dpo-contact"]), ["absent"]);
}

/// The lawful basis as people write it: the law's own words without an article, a law that
/// makes every club send something, a law that lets data be used, a duty of ours beside the law
/// that imposes it, "I rely on", and a contract said as the hiring or booking.
#[test]
fn lawful_bases_in_plain_words() {
    let base = "# Bookings\n\nWe keep your name and phone number for the bookings.\n\n";
    assert_each(
        base,
        "lawful-basis",
        &[
            "In GDPR's words, this is performance of contract.",
            "Angling law requires every club to send yearly catch numbers to the ministry.",
            "Data protection law lets health details be used to give you care.",
            "Shop law forbids selling knives to children, so we are obliged to check your age.",
            "For the crash logs I rely on my own interest in an app that works.",
            "I handle it because you hired me to do a job.",
            "We keep the list because you booked us for the season.",
        ],
        "present",
    );
    assert_each(
        base,
        "lawful-basis",
        &["", "We are obliged to check it."],
        "absent",
    );
    // A heading asking why it is allowed, answered in plain words.
    let answered = format!(
        "{base}## Why we're allowed to do all this\n\n- Most of it is what's needed to run the \
         bookings.\n- Revenue rules mean we must hold pay records.\n"
    );
    assert_eq!(statuses(&answered, &["lawful-basis"]), ["present"]);
}

/// Consent in the sentence before, taken back in this one; consent and switching it off in one
/// sentence; a sole trader's "what I have about you".
#[test]
fn withdrawal_after_a_yes_and_rights_in_the_first_person() {
    let base = "# Running app\n\nWe store your email address and your runs.\n\n";
    assert_each(
        base,
        "withdraw-consent",
        &[
            "Reminders go out only if you ticked yes on the form. You can change your mind whenever you like.",
            "We read your heart rate because you gave us permission, and you can switch it off in the settings.",
        ],
        "present",
    );
    assert_each(
        base,
        "withdraw-consent",
        &["", "You can change your mind whenever you like."],
        "absent",
    );
    assert_each(
        base,
        "rights",
        &["You can ask me any time what I have about you."],
        "present",
    );
    assert_eq!(statuses(base, &["rights"]), ["absent"]);
}

/// A notice signed off at its end with a name and a contact route names who is responsible;
/// the regulator's address at the end does not, nor does a name with no contact route.
#[test]
fn a_signature_names_the_controller() {
    let base = "# Lessons\n\nI keep your name and phone number to book lessons.\n\nThanks for reading.\n\n";
    let signed = format!("{base}**Fiona Baird**\nBaird Driving Tuition, Oban · 07700 900456\n");
    assert_eq!(statuses(&signed, &["controller-identity"]), ["present"]);
    let postal = format!("{base}Fiona Baird\nInstructor, 4 Harbour Row, Oban PA34 4ZZ\n");
    assert_eq!(statuses(&postal, &["controller-identity"]), ["present"]);
    let regulator = format!(
        "{base}Information Commissioner's Office\nWycliffe House, Water Lane, Wilmslow SK9 5AF · 0303 123 1113\n"
    );
    assert_eq!(statuses(&regulator, &["controller-identity"]), ["absent"]);
    let unsigned = format!("{base}Fiona Baird\n");
    assert_eq!(statuses(&unsigned, &["controller-identity"]), ["absent"]);
}

/// A column asking why it is OK, answered with "our deal with you"; "why am I allowed" as a
/// heading over a plain answer.
#[test]
fn a_deal_with_the_person_and_a_sole_trader_asking_why_it_is_allowed() {
    let base = "# Knitting app\n\nWe store your email address and your projects.\n\n";
    let table = format!(
        "{base}| What | Why it is OK for us |\n|---|---|\n| Your projects | Without them we cannot \
         give you the app, so it is part of our deal with you. |\n"
    );
    assert_eq!(statuses(&table, &["lawful-basis"]), ["present"]);
    let heading = format!(
        "{base}## And why am I allowed to do this?\n\nBecause you asked for it: it is needed to \
         run the app you installed.\n"
    );
    assert_eq!(statuses(&heading, &["lawful-basis"]), ["present"]);
    assert_eq!(statuses(base, &["lawful-basis"]), ["absent"]);
}
