//! Duplicates inside a page, through the whole repair: each kind found,
//! explained (kept copy, similarity, policy), applied only when exact.

use ocrmend::input::parse_plain;
use ocrmend::{repair, Applicability, EditKind, Options};

const PARAGRAPH: &str =
    "The treasury reported a surplus for the year, and the members applauded the proposals at length. \
    The committee on ways and means will report a bill before the recess, and the house expects to debate it \
    in the first week of the new session.";

fn run(text: &str) -> (ocrmend::Repair, String) {
    let doc = parse_plain("page".into(), text.as_bytes().to_vec()).unwrap();
    let r = repair(doc, &Options::default());
    let out = r.apply_at_least(Applicability::Safe).text;
    (r, out)
}

fn edit_of(r: &ocrmend::Repair, kind: EditKind) -> &ocrmend::Edit {
    r.edits.iter().find(|e| e.kind() == kind).unwrap()
}

fn evidence<'a>(e: &'a ocrmend::Edit, name: &str) -> &'a str {
    &e.evidence.iter().find(|f| f.name.as_str() == name).unwrap().value
}

#[test]
fn an_exact_repeat_is_removed_and_names_the_copy_kept() {
    let text = format!("{PARAGRAPH}\n\nA second paragraph about the harbour.\n\n{PARAGRAPH}\n");
    let (r, out) = run(&text);
    let removal = edit_of(&r, EditKind::RemoveDuplicate);
    assert_eq!(removal.applicability, Applicability::Safe);
    assert_eq!(r.document.blocks[removal.effect.blocks()[0]].id.0, "b2");
    assert_eq!(evidence(removal, "kept"), "b0");
    assert_eq!(evidence(removal, "exact_copy"), "true");
    assert_eq!(
        out,
        format!("{PARAGRAPH}\n\nA second paragraph about the harbour.\n")
    );
}

#[test]
fn a_noisy_repeat_is_only_suggested() {
    let noisy = PARAGRAPH.replace("surplus", "surp1us");
    let text = format!("{PARAGRAPH}\n\n{noisy}\n");
    let (r, out) = run(&text);
    let removal = edit_of(&r, EditKind::RemoveDuplicate);
    assert_eq!(removal.applicability, Applicability::Review);
    assert!(evidence(removal, "similarity").parse::<f64>().unwrap() >= 0.8);
    assert!(out.contains("surp1us"), "not removed by default");
    let all = r.apply_at_least(Applicability::Review).text;
    assert!(!all.contains("surp1us"));
}

#[test]
fn a_line_read_twice_at_a_column_seam_is_trimmed_as_part_of_the_join() {
    let text = "the members of both houses assembled at noon, and the\nPresident's message was read to the\n\nPresident's message was read to the\nassembled members in full.\n";
    let (r, out) = run(text);
    let trim = edit_of(&r, EditKind::TrimRepeatedLine);
    assert_eq!(trim.applicability, Applicability::Safe);
    assert_eq!(
        out,
        "the members of both houses assembled at noon, and the President's message was read to the assembled members in full.\n"
    );
}

#[test]
fn repeated_titles_are_never_removed_by_default() {
    let text = format!("Message of the President\n\n{PARAGRAPH}\n\nMessage of the President\n\nAnother paragraph, quite different from the first one here.\n");
    let (r, out) = run(&text);
    // A short title seen twice reads as a running head: at most a suggestion.
    assert!(r
        .edits
        .iter()
        .filter(|e| e.kind() == EditKind::RemoveDuplicate)
        .all(|e| e.applicability == Applicability::Review));
    assert_eq!(out.matches("Message of the President").count(), 2);
}

#[test]
fn running_heads_on_later_pages_are_suggested_for_removal_page_numbers_stay() {
    let text = format!(
        "THE EVENING CHRONICLE\n\n2\n\n{PARAGRAPH}\n\nTHE EVENING CHRONICLE\n\n3\n\nAnother paragraph, quite different from the first one here.\n"
    );
    let (r, out) = run(&text);
    let removal = edit_of(&r, EditKind::RemoveDuplicate);
    assert_eq!(removal.applicability, Applicability::Review);
    assert_eq!(
        (
            r.document.blocks[removal.effect.blocks()[0]].id.0.as_str(),
            evidence(removal, "kept")
        ),
        ("b3", "b0")
    );
    assert_eq!(
        r.edits
            .iter()
            .filter(|e| e.kind() == EditKind::RemoveDuplicate)
            .count(),
        1
    );
    assert_eq!(out.matches("THE EVENING CHRONICLE").count(), 2, "kept by default");
    let all = r.apply_at_least(Applicability::Review).text;
    assert_eq!(all.matches("THE EVENING CHRONICLE").count(), 1);
    assert!(all.contains("\n\n3\n\n"), "page numbers stay");
}
