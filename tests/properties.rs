//! Invariants over generated pages: nothing is lost, every output paragraph
//! names its source blocks, runs are deterministic, and repairing the output
//! again changes nothing.

use ocrmend::input::parse_plain;
use ocrmend::report::provenance;
use ocrmend::{repair, Applicability, Options};
use proptest::prelude::*;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::BTreeMap;

/// Pieces that exercise the rules: CJK words, Latin words, hyphens, punctuation, names.
fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "充", "电", "桩", "监测", "设施", "于城", "镇", "为了", "此外", "。", "，", ",", "、", "“", "”",
        "19座", "the", "exam", "ple", "govern", "ment", "nations", "self", "-", ".", " ", "Tripoli", "摄",
        "沈 盛",
    ])
    .prop_map(str::to_string)
}

fn page() -> impl Strategy<Value = String> {
    let line = prop::collection::vec(piece(), 1..12).prop_map(|p| p.concat());
    let block = prop::collection::vec(line, 1..4).prop_map(|l| l.join("\n"));
    prop::collection::vec(block, 1..10).prop_map(|b| b.join("\n\n"))
}

fn run(text: &str, min: Applicability) -> (ocrmend::Repair, ocrmend::edit::Applied) {
    let doc = parse_plain("p".into(), text.as_bytes().to_vec()).unwrap();
    let r = repair(doc, &Options::default());
    let a = r.apply_at_least(min);
    (r, a)
}

fn visible(text: &str) -> Vec<(usize, char)> {
    text.char_indices().filter(|(_, c)| !c.is_whitespace()).collect()
}

proptest! {
    // 200 cases in CI; PROPTEST_CASES=N for a deeper search.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(200)
    ))]

    #[test]
    fn nothing_is_lost(text in page(), review in any::<bool>()) {
        prop_assume!(!text.trim().is_empty());
        let min = if review { Applicability::Review } else { Applicability::Safe };
        let (r, a) = run(&text, min);
        let old = visible(&text);
        let new = visible(&a.text);
        let old_chars: Vec<char> = old.iter().map(|x| x.1).collect();
        let new_chars: Vec<char> = new.iter().map(|x| x.1).collect();
        let applied: Vec<&ocrmend::Edit> = a.applied.iter().map(|&i| &r.edits[i]).collect();
        // Exact accounting: the output's characters are the input's, less
        // what applied edits took away, plus what they put in.
        let mut count: BTreeMap<char, i64> = BTreeMap::new();
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            *count.entry(c).or_default() += 1;
        }
        for e in &applied {
            for c in text[e.span.start..e.span.end].chars().filter(|c| !c.is_whitespace()) {
                *count.entry(c).or_default() -= 1;
            }
            let put_in = e.replacement.chars().chain(e.insertion.iter().flat_map(|i| i.text.chars()));
            for c in put_in.filter(|c| !c.is_whitespace()) {
                *count.entry(c).or_default() += 1;
            }
        }
        for c in a.text.chars().filter(|c| !c.is_whitespace()) {
            *count.entry(c).or_default() -= 1;
        }
        prop_assert!(count.values().all(|&n| n == 0), "unaccounted characters: {:?}",
            count.iter().filter(|(_, &n)| n != 0).collect::<Vec<_>>());
        // And where they stand: a move reorders text, which a diff cannot follow.
        if applied.iter().any(|e| e.insertion.is_some()) {
            return Ok(());
        }
        for op in capture_diff_slices(Algorithm::Myers, &old_chars, &new_chars) {
            let (deleted, inserted) = match op {
                DiffOp::Equal { .. } => continue,
                DiffOp::Delete { old_index, old_len, .. } => (old_index..old_index + old_len, 0..0),
                DiffOp::Insert { new_index, new_len, .. } => (0..0, new_index..new_index + new_len),
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    (old_index..old_index + old_len, new_index..new_index + new_len)
                }
            };
            for i in deleted {
                let at = old[i].0;
                prop_assert!(
                    applied.iter().any(|e| e.span.start <= at && at < e.span.end),
                    "{:?} at byte {} vanished without an edit", old[i].1, at
                );
            }
            for i in inserted {
                let c = new[i].1;
                prop_assert!(applied.iter().any(|e| e.replacement.contains(c)), "{c:?} appeared without an edit");
            }
        }
    }

    #[test]
    fn every_output_paragraph_has_its_source_blocks(text in page(), review in any::<bool>()) {
        prop_assume!(!text.trim().is_empty());
        let min = if review { Applicability::Review } else { Applicability::Safe };
        let (r, a) = run(&text, min);
        let sources = provenance(&r, &a);
        let paragraphs: Vec<&str> = a.text.trim_end().split("\n\n").collect();
        prop_assert_eq!(sources.len(), paragraphs.len());
        for (source, paragraph) in sources.iter().zip(&paragraphs) {
            // Each paragraph starts with its first block's first character.
            let first = r.document.slice(source.blocks[0].span).chars().find(|c| !c.is_whitespace());
            prop_assert_eq!(first, paragraph.chars().find(|c| !c.is_whitespace()));
        }
    }

    #[test]
    fn deterministic(text in page()) {
        prop_assume!(!text.trim().is_empty());
        let (r1, a1) = run(&text, Applicability::Safe);
        let (r2, a2) = run(&text, Applicability::Safe);
        prop_assert_eq!(a1.text, a2.text);
        prop_assert_eq!(r1.edits, r2.edits);
    }

    #[test]
    fn repairing_the_output_again_changes_nothing(text in page()) {
        prop_assume!(!text.trim().is_empty());
        let (_, once) = run(&text, Applicability::Safe);
        let (_, twice) = run(&once.text, Applicability::Safe);
        prop_assert_eq!(once.text, twice.text);
    }
}

#[test]
fn the_sample_pages_are_fixed_points() {
    for path in [
        "samples/jiaxing-daily-page.txt",
        "samples/national-intelligencer-1801.txt",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        let (_, once) = run(&text, Applicability::Safe);
        let (_, twice) = run(&once.text, Applicability::Safe);
        assert_eq!(once.text, twice.text, "{path}");
    }
}
