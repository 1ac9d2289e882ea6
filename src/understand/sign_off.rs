//! How a notice is signed off at its end: a name standing alone with a contact route (a
//! signature), or an organisation with its legal form and address (an imprint). Either names who
//! is responsible; the packs decide what that means through the `signature` concept.

use super::names::has_name_shape;
use crate::document::{BlockKind, Document};

/// The concept the reader fills in where the notice is signed ([`signature`]).
pub(crate) const SIGNATURE: &str = "signature";

/// How many blocks at the notice's end a signature may sit in.
const SIGNATURE_BLOCKS: usize = 4;

/// Where the notice is signed off: among its last few blocks, a name standing alone (a
/// paragraph, a paragraph's first line, or a bold line of its own) with a contact route in its
/// block or the next one: an e-mail address or a phone number ("**Hannah Pryce**" over "Hannah
/// Pryce Yoga, Cork · 087 000 0000"). Returns the block holding the contact route. `ruled_out`
/// rejects a name that is a label, a role or a regulator ("Information Commissioner's Office"
/// over its helpline).
pub(crate) fn signature(doc: &Document, ruled_out: impl Fn(&str) -> bool) -> Option<usize> {
    let n = doc.blocks.len();
    let first = n.saturating_sub(SIGNATURE_BLOCKS);
    (first..n).rev().find_map(|b| {
        let block = &doc.blocks[b];
        let own_line = block.heading == Some(crate::document::HeadingForm::Bold)
            || (block.kind == BlockKind::Paragraph && block.heading.is_none());
        if !own_line {
            return None;
        }
        let name = signer_name(block.first_line.as_deref().unwrap_or(&block.text));
        if !has_name_shape(name) || ruled_out(name) {
            return None;
        }
        // The rest of the block after the name.
        let rest = (block.text.find(name)).map_or("", |i| &block.text[i + name.len()..]);
        if has_contact_route(rest) {
            return Some(b);
        }
        let next = doc.blocks.get(b + 1)?;
        (next.heading.is_none() && has_contact_route(&next.text)).then_some(b + 1)
    })
}

/// The name at the head of a signer's line, before what the signer does ("Rhiannon Pugh – piano
/// lessons, Cardiff").
fn signer_name(line: &str) -> &str {
    let end = [",", "·", "|", "–", "—", " - "]
        .iter()
        .filter_map(|sep| line.find(sep))
        .min()
        .unwrap_or(line.len());
    line[..end].trim()
}

/// The packs' concept for an organisation's legal form ("Ltd", "BV", "registered in").
pub(crate) const LEGAL_FORM: &str = "legal-suffix";
/// Concepts that make an organisation in an imprint someone other than the one responsible:
/// a regulator, a processor, a recipient.
pub(crate) const SOMEONE_ELSE: &[&str] = &[super::names::AUTHORITY, "processor-word", "recipient"];

/// An imprint among the notice's last few blocks: a paragraph naming an organisation with its
/// legal form beside its address or another contact route ("Example Post is a trading name of
/// Example Chocolates BV · Hoogpoort 58, 9000 Gent"). `names_legal_form` says whether a block's
/// text, with its e-mail and web addresses left out (the "co" of "example.co.uk" is no
/// company), holds a legal form and nothing that makes the organisation someone else (a
/// regulator, a processor, a recipient).
pub(crate) fn imprint(doc: &Document, names_legal_form: impl Fn(&str) -> bool) -> Option<usize> {
    let n = doc.blocks.len();
    (n.saturating_sub(SIGNATURE_BLOCKS)..n).rev().find(|&b| {
        let block = &doc.blocks[b];
        block.kind == BlockKind::Paragraph
            && block.heading.is_none()
            && (has_contact_route(&block.text) || has_street_or_town(&block.text))
            && names_legal_form(&without_addresses(&block.text))
    })
}

/// `text` without its e-mail and web addresses.
fn without_addresses(text: &str) -> String {
    let address = |w: &str| w.contains('@') || w.contains("://") || w.starts_with("www.");
    let kept: Vec<&str> = text.split_whitespace().filter(|w| !address(w)).collect();
    kept.join(" ")
}

/// A street number or postcode beside a capitalised word ("Hoogpoort 58", "9000 Gent", "22
/// Market Square"); a day of a month ("3 February") is a date, not an address.
fn has_street_or_town(text: &str) -> bool {
    let words: Vec<&str> = (text.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let number = |w: &str| {
        let digits = w.chars().take_while(char::is_ascii_digit).count();
        (1..=5).contains(&digits) && w.len() - digits <= 1
    };
    let place = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(char::is_alphabetic)
            && !crate::date::is_month_name(w)
    };
    (words.windows(2)).any(|p| (number(p[0]) && place(p[1])) || (place(p[0]) && number(p[1])))
}

/// An e-mail address, a phone number (six digits or more, spaces and dashes aside) or a
/// postcode of the British kind ("TR19 8ZZ", "BS1 4DJ").
fn has_contact_route(text: &str) -> bool {
    let digits = |run: &str| run.chars().filter(char::is_ascii_digit).count();
    let words: Vec<&str> = (text.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .collect();
    let outward = |w: &str| {
        (2..=4).contains(&w.len())
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && w.chars().any(|c| c.is_ascii_digit())
    };
    let inward = |w: &str| {
        let b = w.as_bytes();
        b.len() == 3
            && b[0].is_ascii_digit()
            && b[1].is_ascii_uppercase()
            && b[2].is_ascii_uppercase()
    };
    text.contains('@')
        || text
            .split(|c: char| !(c.is_ascii_digit() || c == ' ' || c == '-' || c == '+'))
            .any(|run| digits(run) >= 6)
        || words.windows(2).any(|p| outward(p[0]) && inward(p[1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_markdown;

    /// The block holding the contact route of `md`'s signature, if it has one.
    fn signed(md: &str) -> Option<String> {
        let doc = parse_markdown(md, 0);
        let ruled_out = |name: &str| name.contains("Commissioner") || name.contains("Contact");
        signature(&doc, ruled_out).map(|b| doc.blocks[b].text.clone())
    }

    #[test]
    fn a_notice_signed_with_a_name_and_a_contact_route_is_signed() {
        let body = "# Note\n\nWe keep your email for bookings.\n\nThanks for reading.\n\n";
        // A bold name over an e-mail address; a name over a postal address in one paragraph.
        let bold = format!("{body}**Hannah Pryce**\nPryce Yoga, Cork · hello@pryce.example\n");
        assert_eq!(
            signed(&bold).as_deref(),
            Some("Pryce Yoga, Cork · hello@pryce.example")
        );
        let plain = format!("{body}Morwenna Trevaskis\nOwner, Chapel Row, Porthkennack TR19 8ZZ\n");
        assert!(signed(&plain).is_some_and(|t| t.starts_with("Morwenna Trevaskis")));
        let phone = format!("{body}Quayside Apps\n\nCall 01632 960 123.\n");
        assert_eq!(signed(&phone).as_deref(), Some("Call 01632 960 123."));
        // A greeting over the name, and a name followed by what the signer does.
        let cheers = format!(
            "{body}Cheers,\nDavie McAllister\nClearview Window Cleaning, Glasgow\n07700 900123\n"
        );
        assert!(signed(&cheers).is_some_and(|t| t.starts_with("Cheers, Davie")));
        let dash = format!(
            "{body}Diolch,\nRhiannon Pugh – piano and theory lessons, Pontcanna, Cardiff\n\
             rhiannon@piano.example\n"
        );
        assert!(signed(&dash).is_some());
        let greeting_only = format!("{body}Thanks for reading,\nsee you soon\n07700 900123\n");
        assert_eq!(signed(&greeting_only), None);
        // No contact route, a route with no name, a regulator, or a name far from the end.
        assert_eq!(signed(&format!("{body}Hannah Pryce\n")), None);
        assert_eq!(
            signed(&format!("{body}Write to hello@pryce.example\n")),
            None
        );
        let regulator = format!("{body}Information Commissioner\nWycliffe House, SK9 5AF\n");
        assert_eq!(signed(&regulator), None);
        let early = "# Note\n\nQuayside Apps\n\nhello@quayside.example\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n";
        assert_eq!(signed(early), None);
    }

    /// The block of `md`'s imprint, where a text with "BV", "Ltd" or "co" holds a legal form.
    fn imprinted(md: &str) -> Option<String> {
        let doc = parse_markdown(md, 0);
        let legal = |t: &str| t.contains(" BV") || t.contains(" Ltd") || t.contains("co");
        imprint(&doc, legal).map(|b| doc.blocks[b].text.clone())
    }

    #[test]
    fn an_organisation_with_its_legal_form_and_address_at_the_end_is_an_imprint() {
        let body = "# Note\n\nWe keep your address to post your box.\n\n";
        let footer = format!(
            "{body}*Example Post is a trading name of Example Chocolates BV · Hoogpoort 58, 9000 \
             Gent*\n"
        );
        assert!(imprinted(&footer).is_some_and(|t| t.contains("Hoogpoort")));
        let mail = format!("{body}Example Apps Ltd · hello@apps.example\n");
        assert!(imprinted(&mail).is_some());
        // A legal form with only a date, or an address with no legal form, or far from the end.
        let dated = format!("{body}Example Apps Ltd, last changed 3 February 2025\n");
        assert_eq!(imprinted(&dated), None);
        assert_eq!(imprinted(&format!("{body}22 Market Square, Gent\n")), None);
        // The "co" of an e-mail address is no legal form.
        assert_eq!(
            imprinted(&format!("{body}Get in touch. hello@beat.example.co.uk\n")),
            None
        );
        let early = format!(
            "{body}Example Apps Ltd · 22 Market Square\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n"
        );
        assert_eq!(imprinted(&early), None);
    }
}
