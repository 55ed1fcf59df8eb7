//! Duplicates inside one document: a paragraph printed (or read) twice, and a
//! line read twice where a column ends and the next begins.
//!
//! Candidates come from a bottom-k sketch of character shingles (a block is
//! filed under its few smallest shingle hashes), so the work stays linear in
//! the page; every candidate pair is then verified by the Jaccard similarity
//! of the full shingle sets (or the shorter's containment in the longer, for a
//! copy cut short). Which copy is kept: the first in reading order
//! when the copies are equally long, else the longer (the more complete).

use crate::analyze::chars::is_cjk;
use crate::model::{Document, Role};
use std::collections::{BTreeMap, BTreeSet};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Seed of shingle hashes; fixed so that sketches match across runs and machines.
const SHINGLE_SEED: u64 = 0x6f63_726d_656e_6402;
/// Shingles kept in a block's sketch.
const SKETCH: usize = 4;
/// A sketch bucket holding more blocks than this is too common to compare.
const BUCKET_CAP: usize = 64;
/// Blocks shorter than this (folded characters) are never called duplicates:
/// short lines repeat for good reasons.
const MIN_CHARS: usize = 40;
/// Similarity from which two blocks are copies of one text.
pub const NEAR_DUPLICATE: f64 = 0.8;
/// Share of the shorter block's shingles found in the longer from which the
/// shorter is a copy cut short (a reprint that stops early).
pub const CONTAINED: f64 = 0.9;

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
}

/// Repeated blocks of a document, each matched with the copy that is kept.
/// `texts` are the blocks as laid out, `roles` their roles: only body repeats.
pub fn repeated_blocks(texts: &[impl AsRef<str>], roles: &[Role]) -> Vec<Repeat> {
    let folded: Vec<String> = texts.iter().map(|t| fold(t.as_ref())).collect();
    let shingles: Vec<BTreeSet<u64>> = folded.iter().map(|f| shingle_set(f)).collect();
    let eligible = |i: usize| roles[i] == Role::Body && folded[i].chars().count() >= MIN_CHARS;
    let mut buckets: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, set) in shingles.iter().enumerate().filter(|(i, _)| eligible(*i)) {
        for &h in set.iter().take(SKETCH) {
            buckets.entry(h).or_default().push(i);
        }
    }
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for members in buckets.values().filter(|m| m.len() > 1 && m.len() <= BUCKET_CAP) {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    let mut removed: BTreeSet<usize> = BTreeSet::new();
    let mut repeats = Vec::new();
    for (a, b) in pairs {
        if removed.contains(&a) || removed.contains(&b) {
            continue;
        }
        let shared = shingles[a].intersection(&shingles[b]).count();
        let union = shingles[a].len() + shingles[b].len() - shared;
        let similarity = shared as f64 / union.max(1) as f64;
        let containment = shared as f64 / shingles[a].len().min(shingles[b].len()).max(1) as f64;
        if similarity < NEAR_DUPLICATE && containment < CONTAINED {
            continue;
        }
        // Keep the more complete copy; of equals, the first.
        let (kept, block) = if folded[b].chars().count() > folded[a].chars().count() {
            (b, a)
        } else {
            (a, b)
        };
        removed.insert(block);
        repeats.push(Repeat {
            block,
            kept,
            similarity,
            containment,
            exact: folded[a] == folded[b],
        });
    }
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
    let last = fold(doc.slice(l.lines[l.lines.len() - 1].span));
    let first = fold(doc.slice(r.lines[0].span));
    last.chars().count() >= 8 && last == first
}

/// The text with whitespace removed, the form copies are compared in.
fn fold(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Hashes of character shingles: 3 characters where CJK dominates, else 5.
fn shingle_set(folded: &str) -> BTreeSet<u64> {
    let chars: Vec<char> = folded.chars().collect();
    let cjk = chars.iter().filter(|c| is_cjk(**c)).count() * 2 > chars.len();
    let n = if cjk { 3 } else { 5 };
    let mut buf = String::new();
    chars
        .windows(n)
        .map(|w| {
            buf.clear();
            buf.extend(w);
            xxh3_64_with_seed(buf.as_bytes(), SHINGLE_SEED)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str =
        "The treasury reported a surplus for the year, and the members applauded the proposals at length.";

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
        let found = repeated_blocks(&texts, &roles);
        assert_eq!(
            found.iter().map(|r| (r.block, r.kept)).collect::<Vec<_>>(),
            [(2, 0), (3, 0)]
        );
        assert!(!found[0].exact && found[0].similarity >= NEAR_DUPLICATE);
        assert!(found[1].exact);
    }

    #[test]
    fn headlines_and_short_lines_are_never_duplicates() {
        let texts = [P, P, "Short line.", "Short line."];
        let roles = [Role::Headline, Role::Headline, Role::Body, Role::Body];
        assert!(repeated_blocks(&texts, &roles).is_empty());
    }

    #[test]
    fn the_more_complete_copy_is_kept() {
        let longer = format!("{P} It closed with thanks to the clerks.");
        let found = repeated_blocks(&[P, longer.as_str()], &[Role::Body; 2]);
        assert_eq!((found[0].block, found[0].kept), (0, 1));
        assert!(found[0].similarity < NEAR_DUPLICATE && found[0].containment >= CONTAINED);
    }
}
