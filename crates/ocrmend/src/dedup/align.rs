//! Local alignment of two documents' characters, as passim aligns reprints:
//! shingles both print anchor the alignment, the characters between two
//! anchors are aligned in full (a small table), and the scored path is cut
//! into local alignments where its running score falls to nothing
//! (Smith-Waterman's rule, inside the band the anchors draw). Each local
//! alignment says where it is in each document and which characters it
//! pairs with equal ones: what verification counts and what `--passages`
//! shows. Linear in the two texts but for the tables between anchors,
//! which are capped.

use rustc_hash::FxHashMap;
use std::ops::Range;

/// A document as alignment reads it: the characters shingles are cut from,
/// in their compared form, and the hash of the shingle that starts at each
/// (all but the last `width - 1`).
pub(crate) struct Sequence<'a> {
    /// The compared characters.
    pub chars: &'a [char],
    /// The shingle starting at each character.
    pub shingles: &'a [u64],
}

/// One local alignment: the characters of each document it spans, its
/// score (one for each pair of equal characters, less one for each other
/// character either side), and the characters of the first document it
/// pairs with equal ones.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocalAlignment {
    /// Where it is in the first document (compared characters).
    pub a: Range<usize>,
    /// Where it is in the second.
    pub b: Range<usize>,
    /// Equal pairs less every other character: positive throughout.
    pub score: i64,
    /// The first document's characters paired with equal ones, in order.
    pub paired: Vec<usize>,
}

/// Most cells a table between two anchors may have: past it (a stretch of
/// garbage in one copy against the text it stands for, or a passage one
/// copy lacks), the alignment breaks there and goes on after, unless the
/// stretch is as long in both copies, when its letters are paired one to
/// one (in a long document most runs of six letters recur, so the anchors
/// a misread stretch leaves can be far apart).
const TABLE_AT_MOST: usize = 1 << 16;

/// A step of the alignment path, with where it starts in each document
/// (compared characters; a document of four billion is past any page).
#[derive(Debug, Clone, Copy)]
struct Step {
    a: u32,
    b: u32,
    kind: StepKind,
}

/// What a step of the path does with the characters where it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum StepKind {
    /// Two equal characters.
    Equal,
    /// Two different characters.
    Unequal,
    /// A character of the first alone.
    OnlyA,
    /// A character of the second alone.
    OnlyB,
    /// Nothing aligned between two anchors too far apart: the running score ends.
    Break,
}

impl Step {
    fn score(self) -> i64 {
        match self.kind {
            StepKind::Equal => 1,
            _ => -1,
        }
    }

    /// Where the step ends in each document.
    fn end(self) -> (usize, usize) {
        let (a, b) = (self.a as usize, self.b as usize);
        match self.kind {
            StepKind::Equal | StepKind::Unequal => (a + 1, b + 1),
            StepKind::OnlyA => (a + 1, b),
            StepKind::OnlyB => (a, b + 1),
            StepKind::Break => (a, b),
        }
    }
}

/// The local alignments of `a` and `b` (shingles `width` characters wide),
/// in the order of where they start in `a`. Anchors are the shingles of `a`
/// that `b` prints once, gathered into chains that rise in both documents
/// along one diagonal (give or take [`DRIFT`] characters): a copy whose
/// sentences come in another order aligns sentence by sentence. Each
/// chain's path aligns the characters between its anchors in full.
pub(crate) fn local_alignments(a: &Sequence, b: &Sequence, width: usize) -> Vec<LocalAlignment> {
    let mut out = Vec::new();
    for chain in chains(a, b) {
        cut_local(a, b, &path(a, b, &chain, width), &mut out);
    }
    out.sort_by_key(|found| (found.a.start, found.b.start));
    out
}

/// Smith-Waterman's rule on a path: a local alignment starts where the
/// running score rises from nothing and ends at its highest point.
fn cut_local(a: &Sequence, b: &Sequence, path: &[Step], out: &mut Vec<LocalAlignment>) {
    let (mut running, mut start, mut best, mut best_end) = (0i64, 0usize, 0i64, 0usize);
    let close = |start: usize, best: i64, best_end: usize, out: &mut Vec<LocalAlignment>| {
        if best > 0 {
            out.push(alignment_of(a, b, &path[start..=best_end], best));
        }
    };
    for (i, step) in path.iter().enumerate() {
        if step.kind == StepKind::Break || running + step.score() <= 0 {
            close(start, best, best_end, out);
            (running, start, best) = (0, i + 1, 0);
            continue;
        }
        running += step.score();
        if running > best {
            (best, best_end) = (running, i);
        }
    }
    close(start, best, best_end, out);
}

/// The alignment a stretch of the path makes (it starts with an equal pair).
fn alignment_of(a: &Sequence, b: &Sequence, steps: &[Step], score: i64) -> LocalAlignment {
    let (first, last) = (steps[0], steps[steps.len() - 1]);
    let (a_end, b_end) = last.end();
    debug_assert!(a_end <= a.chars.len() && b_end <= b.chars.len());
    LocalAlignment {
        a: first.a as usize..a_end,
        b: first.b as usize..b_end,
        score,
        paired: steps
            .iter()
            .filter(|s| s.kind == StepKind::Equal)
            .map(|s| s.a as usize)
            .collect(),
    }
}

/// Most characters an anchor's diagonal (its place in `b` less its place in
/// `a`) may stray from the last anchor's for the two to be one chain: the
/// letters one copy has and the other lacks between them.
const DRIFT: usize = 32;

/// Most characters of `a` between two anchors of one chain. 256 to 1,024,
/// and 4,096 with long stretches paired one to one, gave the same clusters
/// on the dev splits and the simulated collections; at 256, a 2 MB
/// document and its rough copy shared a passage of 98,000 letters, at
/// 4,096 one of 681,000.
const REACH: usize = 4096;

/// Anchors that follow each other in both documents, in order.
type Chain = Vec<(usize, usize)>;

/// The anchors, pairs (place in `a`, place in `b`) of a shingle `b` prints
/// once, gathered into chains: each anchor, in `a`'s order, goes on the
/// open chain whose last anchor it follows in both documents, within
/// [`REACH`] in `a` and [`DRIFT`] of its diagonal (the nearest diagonal,
/// the latest chain of equals), or starts a chain. A chain left
/// [`REACH`] behind is closed.
fn chains(a: &Sequence, b: &Sequence) -> Vec<Chain> {
    const TWICE: u32 = u32::MAX;
    let mut in_b: FxHashMap<u64, u32> = FxHashMap::default();
    in_b.reserve(b.shingles.len());
    for (j, &h) in b.shingles.iter().enumerate() {
        in_b.entry(h).and_modify(|at| *at = TWICE).or_insert(j as u32);
    }
    let (mut open, mut closed): (Vec<Chain>, Vec<Chain>) = (Vec::new(), Vec::new());
    let last = |chain: &Chain| *chain.last().expect("a chain is never empty");
    for (i, h) in a.shingles.iter().enumerate() {
        let j = match in_b.get(h) {
            Some(&j) if j != TWICE => j as usize,
            _ => continue,
        };
        closed.extend(open.extract_if(.., |chain| i - last(chain).0 > REACH));
        let drift = |chain: &Chain| {
            let (last_i, last_j) = last(chain);
            (j > last_j).then(|| (j + last_i).abs_diff(i + last_j))
        };
        let nearest = (0..open.len())
            .rev()
            .filter_map(|k| Some((drift(&open[k])?, k)))
            .filter(|&(drift, _)| drift <= DRIFT)
            .min_by_key(|&(drift, _)| drift);
        match nearest {
            Some((_, k)) => open[k].push((i, j)),
            None => open.push(vec![(i, j)]),
        }
    }
    closed.extend(open);
    closed
}

/// The alignment path along a chain of anchors: each anchor's characters
/// paired, the characters between two anchors aligned in full, or a
/// [`StepKind::Break`] where their table would be too large; equal
/// characters on the chain's diagonals before its first anchor and after
/// its last are paired too.
fn path(a: &Sequence, b: &Sequence, chain: &[(usize, usize)], width: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    // Where the path has reached in each document; `None` before the first anchor.
    let mut reached: Option<(usize, usize)> = None;
    let pair = |steps: &mut Vec<Step>, i: usize, j: usize| {
        let kind = if a.chars[i] == b.chars[j] {
            StepKind::Equal
        } else {
            StepKind::Unequal
        };
        steps.push(Step {
            a: i as u32,
            b: j as u32,
            kind,
        });
    };
    for &(i, j) in chain {
        let (from_a, from_b) = match reached {
            None => {
                // Equal characters right before the first anchor (a shingle
                // `b` prints twice is no anchor) go with it.
                let before = (1..=i.min(j))
                    .take_while(|&k| a.chars[i - k] == b.chars[j - k])
                    .count();
                for k in (1..=before).rev() {
                    pair(&mut steps, i - k, j - k);
                }
                (i, j)
            }
            Some((ra, rb)) if i + rb == j + ra && i < ra => {
                // An anchor overlapping the last on its diagonal: the run goes on.
                (ra, rb)
            }
            Some((ra, rb)) if i < ra || j < rb => continue,
            Some((ra, rb)) => {
                fill(&mut steps, a, b, ra..i, rb..j);
                (i, j)
            }
        };
        let (skip_a, skip_b) = (from_a - i, from_b - j);
        debug_assert_eq!(skip_a, skip_b);
        for k in skip_a..width {
            pair(&mut steps, i + k, j + k);
        }
        reached = Some((i + width, j + width));
    }
    // And equal characters right after the last.
    if let Some((ra, rb)) = reached {
        let after = (0..(a.chars.len() - ra).min(b.chars.len() - rb))
            .take_while(|&k| a.chars[ra + k] == b.chars[rb + k])
            .count();
        for k in 0..after {
            pair(&mut steps, ra + k, rb + k);
        }
    }
    steps
}

/// Aligns `a[ra]` with `b[rb]` in full (global alignment, equal pairs one,
/// anything else less one; of equal scores, the diagonal first). Past
/// [`TABLE_AT_MOST`] cells, two stretches as long as each other are paired
/// one to one, and others break the path.
fn fill(steps: &mut Vec<Step>, a: &Sequence, b: &Sequence, ra: Range<usize>, rb: Range<usize>) {
    let (n, m) = (ra.len(), rb.len());
    if n == 0 || m == 0 {
        let lone = |at_a: usize, at_b: usize, kind| Step {
            a: at_a as u32,
            b: at_b as u32,
            kind,
        };
        steps.extend(ra.clone().map(|i| lone(i, rb.start, StepKind::OnlyA)));
        steps.extend(rb.clone().map(|j| lone(ra.end, j, StepKind::OnlyB)));
        return;
    }
    if (n + 1) * (m + 1) > TABLE_AT_MOST && n == m {
        // As long in both: paired one to one, as misreads leave a stretch.
        steps.extend(ra.clone().zip(rb.clone()).map(|(i, j)| Step {
            a: i as u32,
            b: j as u32,
            kind: if a.chars[i] == b.chars[j] {
                StepKind::Equal
            } else {
                StepKind::Unequal
            },
        }));
        return;
    }
    if (n + 1) * (m + 1) > TABLE_AT_MOST {
        steps.push(Step {
            a: ra.start as u32,
            b: rb.start as u32,
            kind: StepKind::Break,
        });
        return;
    }
    let (sa, sb) = (&a.chars[ra.clone()], &b.chars[rb.clone()]);
    // Two rows of scores (the best of a[..i] against b[..j]), and the move
    // into every cell for the way back: diagonal, up (a character of `a`
    // alone) or left (one of `b`).
    const DIAGONAL: u8 = 0;
    const UP: u8 = 1;
    const LEFT: u8 = 2;
    let width = m + 1;
    let mut above: Vec<i32> = (0..=m as i32).map(|j| -j).collect();
    let mut row = vec![0i32; width];
    let mut moves = vec![LEFT; (n + 1) * width];
    for (i, &ca) in sa.iter().enumerate() {
        let into = &mut moves[(i + 1) * width..(i + 2) * width];
        let mut left = -(i as i32) - 1;
        (row[0], into[0]) = (left, UP);
        // Branch-free: the best of the three, and which it was (of equals the diagonal, then up).
        for (((&cb, corner), score), into) in sb
            .iter()
            .zip(above.windows(2))
            .zip(&mut row[1..])
            .zip(&mut into[1..])
        {
            let diagonal = corner[0] + if ca == cb { 1 } else { -1 };
            let up = corner[1] - 1;
            let best = diagonal.max(up).max(left - 1);
            *into = u8::from(best != diagonal) * (1 + u8::from(best != up));
            (*score, left) = (best, best);
        }
        std::mem::swap(&mut above, &mut row);
    }
    let (mut i, mut j) = (n, m);
    let mut back = Vec::with_capacity(n.max(m));
    while i > 0 || j > 0 {
        let kind = match moves[i * width + j] {
            DIAGONAL => {
                (i, j) = (i - 1, j - 1);
                if sa[i] == sb[j] {
                    StepKind::Equal
                } else {
                    StepKind::Unequal
                }
            }
            UP => {
                i -= 1;
                StepKind::OnlyA
            }
            _ => {
                j -= 1;
                StepKind::OnlyB
            }
        };
        back.push(Step {
            a: (ra.start + i) as u32,
            b: (rb.start + j) as u32,
            kind,
        });
    }
    steps.extend(back.into_iter().rev());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Characters and 3-character shingles of `text` (hashes are the characters packed).
    fn sequence(text: &str) -> (Vec<char>, Vec<u64>) {
        let chars: Vec<char> = text.chars().collect();
        let shingles = chars
            .windows(3)
            .map(|w| w.iter().fold(0u64, |h, &c| (h << 21) | u64::from(c)))
            .collect();
        (chars, shingles)
    }

    fn align(a: &str, b: &str) -> Vec<LocalAlignment> {
        let (ca, sa) = sequence(a);
        let (cb, sb) = sequence(b);
        local_alignments(
            &Sequence {
                chars: &ca,
                shingles: &sa,
            },
            &Sequence {
                chars: &cb,
                shingles: &sb,
            },
            3,
        )
    }

    /// [`align`] without the alignments of one shingle (score 3) that
    /// letters both texts print by chance make.
    fn beyond_chance(a: &str, b: &str) -> Vec<LocalAlignment> {
        align(a, b).into_iter().filter(|found| found.score > 3).collect()
    }

    #[test]
    fn a_copy_with_misread_characters_aligns_end_to_end() {
        let a = "thequickbrownfoxjumpsoverthelazydogandrunsaway";
        let b = "thequickbrovvnfoxjumpsovcrthelazydogandrunsaway";
        let found = align(a, b);
        assert_eq!(found.len(), 1, "{found:?}");
        let only = &found[0];
        assert_eq!((only.a.clone(), only.b.clone()), (0..a.len(), 0..b.len()));
        // Equal pairs: all but the misread `w` (read `vv`) and `e` (read `c`).
        assert_eq!(only.paired.len(), a.len() - 2);
        assert_eq!(only.score, (a.len() - 2) as i64 - 3);
    }

    #[test]
    fn text_around_a_shared_passage_is_left_out() {
        let shared = "thelighthousekeeperreportedastormfromthenorth";
        let a = format!("ourowncorrespondentwrites{shared}");
        let b = format!("{shared}andthemarketsclosedearlytoday");
        // Three letters both print by chance (`res`) align too, alone.
        let found = beyond_chance(&a, &b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].a, 25..a.len());
        assert_eq!(found[0].b, 0..shared.len());
        assert_eq!(found[0].paired.len(), shared.len());
    }

    #[test]
    fn garbage_between_two_passages_breaks_the_alignment_in_two() {
        let first = "thelighthousekeeperreportedastormfromthenorth";
        let second = "andthemarketsclosedearlytodayinthecity";
        let garbage: String = "#%&@!".repeat(60);
        let a = format!("{first}{garbage}{second}");
        let b = format!("{first}zqxjvkwpyfbgmzqxjvkwpyfbgmzqxjvkwpy{second}");
        let found = align(&a, &b);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].a, 0..first.len());
        assert_eq!(found[1].a, first.len() + garbage.len()..a.len());
        assert_eq!(found[1].paired.len(), second.len());
    }

    #[test]
    fn a_copy_whose_sentences_come_in_another_order_aligns_sentence_by_sentence() {
        let sentences = [
            "thelighthousekeeperreportedastormfromthenorth",
            "andthemarketsclosedearlytodayinthecity",
            "whilethecouncilmetlateintotheevening",
        ];
        let a = sentences.concat();
        let b = format!("{}{}{}", sentences[2], sentences[0], sentences[1]);
        let found = beyond_chance(&a, &b);
        let spans: Vec<_> = found
            .iter()
            .map(|found| (found.a.clone(), found.b.clone()))
            .collect();
        // The first two sentences follow each other in both: one alignment.
        let (two, third) = (sentences[0].len() + sentences[1].len(), sentences[2].len());
        assert_eq!(
            spans,
            [(0..two, third..b.len()), (two..a.len(), 0..third)],
            "{found:?}"
        );
    }

    proptest::proptest! {
        /// Whatever the two texts (a few letters, so that shingles repeat
        /// and chance anchors abound): every local alignment lies inside
        /// both, pairs only equal letters, each letter once, in order,
        /// with a positive score no higher than its pairs.
        #[test]
        fn local_alignments_pair_only_equal_letters_inside_both(
            a in "[abcd]{0,120}", b in "[abcd]{0,120}"
        ) {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            for found in align(&a, &b) {
                proptest::prop_assert!(found.a.end <= ca.len() && found.b.end <= cb.len());
                proptest::prop_assert!(found.score > 0 && found.score <= found.paired.len() as i64);
                proptest::prop_assert!(found.paired.windows(2).all(|w| w[0] < w[1]));
                proptest::prop_assert!(found.paired.iter().all(|at| found.a.contains(at)));
            }
            proptest::prop_assert_eq!(align(&a, &b), align(&a, &b));
        }
    }

    #[test]
    fn a_long_misread_stretch_as_long_in_both_stays_in_the_alignment() {
        // Every third letter misread for 300 letters: no shingle of three
        // survives there, and the table between its anchors would pass the cap.
        let (before, after) = (
            "thelighthousekeeperreportedastorm",
            "andthemarketsclosedearlytoday",
        );
        let mut seed = 7u32;
        let stretch: String = (0..300)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                char::from(b'a' + (seed >> 16) as u8 % 26)
            })
            .collect();
        let misread: String = stretch
            .chars()
            .enumerate()
            .map(|(k, c)| if k % 3 == 2 { '#' } else { c })
            .collect();
        let a = format!("{before}{stretch}{after}");
        let b = format!("{before}{misread}{after}");
        let found = beyond_chance(&a, &b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].a.clone(), found[0].b.clone()), (0..a.len(), 0..b.len()));
        assert_eq!(found[0].paired.len(), a.len() - 100);
    }

    #[test]
    fn texts_that_share_no_shingle_do_not_align() {
        assert!(align("abcdefghij", "klmnopqrst").is_empty());
    }
}
