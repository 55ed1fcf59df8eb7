//! Duplicates inside one document: a paragraph printed (or read) twice, and a
//! line read twice where a column ends and the next begins.
//!
//! Candidates come from a bottom-k sketch of shingles (three characters in
//! CJK, two words elsewhere) (a block is
//! filed under its 8 smallest shingle hashes, and two blocks are compared only
//! when they share 3 of them; in a bucket of many blocks, only with one of its
//! first few), so the work stays linear in the page; every
//! candidate pair is then verified by the Jaccard similarity
//! of the full shingle sets (or the shorter's containment in the longer, for a
//! copy cut short). Which copy is kept: the first in reading order
//! when the copies are equally long, else the longer (the more complete).

use super::decision_model::DuplicateModel;
use crate::analyze::chars::{push_lowercase, LetterClass};
use crate::dedup::shingles::{count_shared, for_each_shingle, shingles, visible, visible_len, Shingling};
use crate::model::{Document, Role, Script};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;

/// Shingles kept in a block's sketch.
const SKETCH: usize = 8;
/// Sketch entries two blocks must share to be compared in full: copies share
/// most of their 8, unrelated text a common shingle or two.
const MIN_SHARED_SKETCH: usize = 3;
/// A sketch bucket of at most this many blocks has every pair of them
/// compared.
const SMALL_BUCKET: usize = 64;
/// In a larger bucket, the blocks each block of it is compared with: its
/// first few. A bucket of many blocks holds a paragraph printed many times
/// (every later copy compared with the first, which is kept) or a shingle
/// common to unrelated blocks (a template: `For sale …`, a table's rows);
/// all pairs of it would be quadratic, and 64 leaders made 100,000 blocks of
/// one template 12 times slower to repair (0.38 → 4.8 s) for no copy found.
const LARGE_BUCKET_LEADERS: usize = 4;
/// Candidate pairs verified per chunk: the shingle sets of at most twice as
/// many blocks are held at once.
const VERIFY_CHUNK: usize = 1024;
/// Blocks shorter than this (folded characters) are never called duplicates:
/// short lines repeat for good reasons.
const MIN_CHARS: usize = 40;

/// A block that repeats an earlier (or longer) one.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    /// The block to remove.
    pub block: usize,
    /// The block kept in its place.
    pub kept: usize,
    /// Jaccard similarity of their shingles.
    pub similarity: f64,
    /// Share of the removed block's shingles found in the kept one.
    pub containment: f64,
    /// True when the two texts are the same once whitespace is folded.
    pub exact: bool,
    /// What repeats.
    pub kind: RepeatKind,
}

/// What a repeated block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RepeatKind {
    /// A paragraph printed or read twice.
    Paragraph,
    /// A running head or other page furniture repeated on every page.
    Furniture,
}

/// Page furniture (running heads, section names) repeated on later pages of
/// the document: each later copy matched with the first, which is kept.
/// Compared with digits and whitespace ignored (`THE STAR 2` = `THE STAR 3`);
/// bare page numbers are never matched.
pub fn repeated_furniture(texts: &[impl AsRef<str> + Sync], roles: &[Role]) -> Vec<Repeat> {
    // Each furniture block's key, made in parallel; matched in order.
    let keys: Vec<(usize, String)> = (0..texts.len())
        .into_par_iter()
        .filter(|&i| roles[i] == Role::Furniture)
        .filter_map(|i| {
            let mut key = String::with_capacity(texts[i].as_ref().len());
            for c in visible(texts[i].as_ref()).filter(|c| !c.is_number()) {
                push_lowercase(&mut key, c);
            }
            (key.chars().filter(|c| c.is_letter()).count() >= 3).then_some((i, key))
        })
        .collect();
    let mut first: FxHashMap<&str, usize> = FxHashMap::default();
    let mut found = Vec::new();
    for (i, key) in &keys {
        match first.get(key.as_str()) {
            Some(&kept) => found.push((*i, kept, 1.0, 1.0)),
            None => {
                first.insert(key, *i);
            }
        }
    }
    repeats_of(found, RepeatKind::Furniture, texts)
}

/// The repeats found, as `(block, kept, similarity, containment)`, each
/// with whether its copies read the same letter for letter, decided in
/// parallel: a page of repeated pages has tens of thousands.
fn repeats_of(
    found: Vec<(usize, usize, f64, f64)>,
    kind: RepeatKind,
    texts: &[impl AsRef<str> + Sync],
) -> Vec<Repeat> {
    found
        .into_par_iter()
        .map(|(block, kept, similarity, containment)| Repeat {
            block,
            kept,
            similarity,
            containment,
            exact: visible(texts[block].as_ref()).eq(visible(texts[kept].as_ref())),
            kind,
        })
        .collect()
}

/// Repeated blocks of a document, each matched with the copy that is kept.
/// `texts` are the blocks as laid out, with their roles and scripts: only body
/// repeats.
pub fn repeated_blocks(
    m: &DuplicateModel,
    texts: &[impl AsRef<str> + Sync],
    roles: &[Role],
    scripts: &[Script],
) -> Vec<Repeat> {
    let text = |i: usize| texts[i].as_ref();
    let shingling = |i: usize| Shingling::of(scripts[i]);
    // Each block is filed under the smallest hashes of its shingles; copies
    // share most of them, unrelated blocks at most a common shingle or two.
    // Sketched in parallel: the blocks' shingles are most of the work.
    let sketches: Vec<(Vec<u64>, usize)> = (0..texts.len())
        .into_par_iter()
        .map(|i| {
            if roles[i] == Role::Body {
                sketch(text(i), shingling(i))
            } else {
                (Vec::new(), 0)
            }
        })
        .collect();
    let sizes: Vec<usize> = sketches.iter().map(|(_, size)| *size).collect();
    // Each block filed under its sketch's hashes, as (hash, block) sorted in
    // parallel: a bucket is a run of one hash, its blocks in order (a sketch
    // holds each hash once). Sorting, not a hash map, so that no core waits.
    let mut filed: Vec<(u64, usize)> = sketches
        .iter()
        .enumerate()
        .filter(|(_, (_, size))| *size >= MIN_CHARS)
        .flat_map(|(i, (sketch, _))| sketch.iter().map(move |&h| (h, i)))
        .collect();
    filed.par_sort_unstable();
    let buckets: Vec<&[(u64, usize)]> = filed
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|members| members.len() > 1)
        .collect();
    // The pairs that share enough buckets, (a, b) with a < b, in order:
    // each block's later partners counted over the buckets it leads (any
    // of a small bucket, the first few of a large one; a block is in a
    // bucket once).
    // Listing every pair of every bucket first held each candidate once per
    // bucket it is in, and a document of many copies (a page of furniture
    // repeated through an issue) many times over.
    let mut membership: Vec<(usize, usize)> = buckets
        .iter()
        .enumerate()
        .flat_map(|(k, members)| {
            let leaders = match members.len() {
                n if n <= SMALL_BUCKET => n - 1,
                _ => LARGE_BUCKET_LEADERS,
            };
            members[..leaders].iter().map(move |&(_, block)| (block, k))
        })
        .collect();
    membership.par_sort_unstable();
    let of_each_block: Vec<&[(usize, usize)]> = membership.chunk_by(|x, y| x.0 == y.0).collect();
    let candidates: Vec<(usize, usize)> = of_each_block
        .par_iter()
        .flat_map_iter(|filed_under| {
            let a = filed_under[0].0;
            let mut later: Vec<usize> = filed_under
                .iter()
                .flat_map(|&(_, k)| buckets[k].iter().map(|&(_, b)| b).filter(|&b| b > a))
                .collect();
            later.sort_unstable();
            later
                .chunk_by(|x, y| x == y)
                .filter(|shared| shared.len() >= MIN_SHARED_SKETCH)
                .map(|shared| (a, shared[0]))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut removed: BTreeSet<usize> = BTreeSet::new();
    let mut found = Vec::new();
    // Pairs are verified in order (a block removed is compared no more), a
    // chunk at a time: the shingle sets of the chunk's blocks still in play
    // are made first, each once and in parallel, then the pairs compared.
    for chunk in candidates.chunks(VERIFY_CHUNK) {
        let live = |&&(a, b): &&(usize, usize)| !removed.contains(&a) && !removed.contains(&b);
        let mut blocks: Vec<usize> = chunk.iter().filter(live).flat_map(|&(a, b)| [a, b]).collect();
        blocks.sort_unstable();
        blocks.dedup();
        let sets: Vec<Vec<u64>> = blocks
            .par_iter()
            .map(|&i| shingles(text(i), shingling(i)))
            .collect();
        let set = |i: usize| &sets[blocks.binary_search(&i).expect("every live block has its set")];
        for &(a, b) in chunk {
            if removed.contains(&a) || removed.contains(&b) {
                continue;
            }
            let (sa, sb) = (set(a), set(b));
            let shared = count_shared(sa, sb);
            let similarity = shared as f64 / (sa.len() + sb.len() - shared).max(1) as f64;
            let containment = shared as f64 / sa.len().min(sb.len()).max(1) as f64;
            if similarity < m.near_duplicate && containment < m.contained {
                continue;
            }
            // Keep the more complete copy; of equals, the first.
            let (kept, block) = if sizes[b] > sizes[a] { (b, a) } else { (a, b) };
            removed.insert(block);
            found.push((block, kept, similarity, containment));
        }
    }
    let mut repeats = repeats_of(found, RepeatKind::Paragraph, texts);
    repeats.sort_by_key(|r| r.block);
    repeats
}

/// True when the first line of the block after a seam repeats the last line
/// of the block before it: a line read twice at a column seam.
pub fn line_repeated_at_seam(doc: &Document, left: usize, right: usize) -> bool {
    let (l, r) = (&doc.blocks[left], &doc.blocks[right]);
    if r.lines.len() < 2 {
        return false;
    }
    let (last, first) = (
        doc.slice(l.lines[l.lines.len() - 1].span),
        doc.slice(r.lines[0].span),
    );
    // Compared first: most pairs differ at their first character, and
    // reassembly asks of every candidate pair.
    visible(last).eq(visible(first)) && visible_len(last) >= 8
}

/// The `SKETCH` smallest distinct shingle hashes, ascending, and the count
/// of visible characters.
fn sketch(text: &str, shingling: Shingling) -> (Vec<u64>, usize) {
    let mut smallest: Vec<u64> = Vec::with_capacity(SKETCH + 1);
    let size = for_each_shingle(text, shingling, |h| {
        if smallest.len() == SKETCH && h >= smallest[SKETCH - 1] {
            return;
        }
        if let Err(at) = smallest.binary_search(&h) {
            smallest.insert(at, h);
            smallest.truncate(SKETCH);
        }
    });
    (smallest, size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::DecisionModel;

    fn m() -> &'static DuplicateModel {
        &DecisionModel::shipped().duplicates
    }

    const P: &str =
        "The treasury reported a surplus for the year, and the members applauded the proposals at length. \
    The committee on ways and means will report a bill before the recess, and the house expects to debate it \
    in the first week of the new session.";

    #[test]
    fn exact_and_noisy_repeats_are_found_and_the_first_is_kept() {
        let noisy = P.replace("surplus", "surp1us");
        let texts = [
            P,
            "An unrelated paragraph about the harbour and its lighthouses in winter.",
            &noisy,
            P,
        ];
        let roles = [Role::Body; 4];
        let found = repeated_blocks(m(), &texts, &roles, &[Script::Latin; 4]);
        assert_eq!(
            found.iter().map(|r| (r.block, r.kept)).collect::<Vec<_>>(),
            [(2, 0), (3, 0)]
        );
        assert!(!found[0].exact && found[0].similarity >= m().near_duplicate);
        assert!(found[1].exact);
    }

    #[test]
    fn every_later_copy_of_a_paragraph_printed_many_times_repeats_the_first() {
        // Twelve copies; and more copies than a small bucket holds (an
        // advertisement on every page of a bound volume), which once left
        // every copy in place.
        for copies in [12, 3 * SMALL_BUCKET] {
            let mut texts = vec![P; copies];
            texts.insert(
                1,
                "An unrelated paragraph about the harbour and its lighthouses in winter.",
            );
            let n = texts.len();
            let found = repeated_blocks(m(), &texts, &vec![Role::Body; n], &vec![Script::Latin; n]);
            assert_eq!(
                found.iter().map(|r| (r.block, r.kept)).collect::<Vec<_>>(),
                (2..n).map(|copy| (copy, 0)).collect::<Vec<_>>(),
                "{copies} copies"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

        /// However many times a paragraph is printed among other text (in
        /// buckets small and large), every later copy repeats the first and
        /// nothing else repeats.
        #[test]
        fn every_copy_is_found_however_many(
            copies in 1usize..200,
            others in proptest::collection::vec(proptest::collection::vec(0usize..400, 12..30), 0..80),
            seed in 0usize..1000,
        ) {
            // Other paragraphs: words drawn from a list of 400 made-up ones.
            let mut texts: Vec<String> = others
                .iter()
                .map(|words| words.iter().map(|w| format!("w{w}x")).collect::<Vec<_>>().join(" "))
                .collect();
            // The copies go in at places spread by `seed`.
            for c in 0..copies {
                let place = (seed + c * 7919) % (texts.len() + 1);
                texts.insert(place, P.to_string());
            }
            let of_p: Vec<usize> = (0..texts.len()).filter(|&i| texts[i] == P).collect();
            let n = texts.len();
            let found = repeated_blocks(m(), &texts, &vec![Role::Body; n], &vec![Script::Latin; n]);
            let expected: Vec<(usize, usize)> = of_p[1..].iter().map(|&copy| (copy, of_p[0])).collect();
            proptest::prop_assert_eq!(
                found.iter().map(|r| (r.block, r.kept)).collect::<Vec<_>>(),
                expected
            );
        }
    }

    #[test]
    fn width_and_punctuation_variants_are_one_text() {
        let a = "2022年，嘉兴市“一键”改革全面推开，全市已有三十一万人申领电子证照。预防接种门诊完成智慧门诊建设。";
        let b = "２０２２年,嘉兴市\"一键\"改革全面推开,全市已有三十一万人申领电子证照.预防接种门诊完成智慧门诊建设.";
        let found = repeated_blocks(m(), &[a, b], &[Role::Body; 2], &[Script::Cjk; 2]);
        assert_eq!(found.len(), 1);
        assert!(found[0].exact, "{found:?}");
    }

    #[test]
    fn running_heads_repeat_page_numbers_do_not() {
        let texts = [
            "THE NATIONAL INTELLIGENCER 2",
            "2",
            "body",
            "THE NATIONAL INTELLIGENCER 3",
            "3",
        ];
        let roles = [
            Role::Furniture,
            Role::Furniture,
            Role::Body,
            Role::Furniture,
            Role::Furniture,
        ];
        let found = repeated_furniture(&texts, &roles);
        assert_eq!(
            found.iter().map(|r| (r.block, r.kept)).collect::<Vec<_>>(),
            [(3, 0)]
        );
        assert!(!found[0].exact, "the page numbers differ");
    }

    #[test]
    fn headlines_and_short_lines_are_never_duplicates() {
        let texts = [P, P, "Short line.", "Short line."];
        let roles = [Role::Headline, Role::Headline, Role::Body, Role::Body];
        assert!(repeated_blocks(m(), &texts, &roles, &[Script::Latin; 4]).is_empty());
    }

    #[test]
    fn the_more_complete_copy_is_kept() {
        let longer = format!(
            "{P} It closed with thanks to the clerks, the doorkeepers and the printers, whose work through \
             the long winter nights had made the session possible, and with a call for the harbour bill."
        );
        let found = repeated_blocks(m(), &[P, longer.as_str()], &[Role::Body; 2], &[Script::Latin; 2]);
        assert_eq!((found[0].block, found[0].kept), (0, 1));
        assert!(found[0].similarity < m().near_duplicate && found[0].containment >= m().contained);
    }
}
