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
    r.edits.iter().find(|e| e.kind == kind).unwrap()
}

fn evidence<'a>(e: &'a ocrmend::Edit, name: &str) -> &'a str {
    &e.evidence.iter().find(|f| f.name == name).unwrap().value
}

#[test]
fn an_exact_repeat_is_removed_and_names_the_copy_kept() {
    let text = format!("{PARAGRAPH}\n\nA second paragraph about the harbour.\n\n{PARAGRAPH}\n");
    let (r, out) = run(&text);
    let removal = edit_of(&r, EditKind::RemoveDuplicate);
    assert_eq!(removal.applicability, Applicability::Safe);
    assert_eq!(removal.blocks[0].0, "b2");
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
fn headlines_repeated_across_the_page_stay() {
    let text = format!("Message of the President\n\n{PARAGRAPH}\n\nMessage of the President\n\nAnother paragraph, quite different from the first one here.\n");
    let (r, _) = run(&text);
    assert!(r.edits.iter().all(|e| e.kind != EditKind::RemoveDuplicate));
}
