//! Whether a confidence means what it says: every edit the gold can judge,
//! binned by confidence per kind, against how often it was right. "Accept
//! all at 0.9 or more" on the review page is only safe when edits at 0.9 are
//! right at least 90 % of the time, whatever their kind.

use super::gold::{Gold, HyphenKind};
use crate::edit::{EditKind, Effect};
use crate::repair::{Calibration, CalibrationMap, Repair, Stratum};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Lower edges of the confidence bins; the last bin holds 0.99 to 1.
pub const BIN_EDGES: [f64; 8] = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];

/// One confidence bin of one kind: how many edits, how many right, and the
/// sum of their confidences (for the mean).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Bin {
    /// Edits whose confidence fell in the bin.
    pub edits: usize,
    /// Of those, the edits the gold says are right.
    pub right: usize,
    /// Sum of their confidences.
    pub confidence_sum: f64,
}

impl Bin {
    /// Share of the bin's edits that are right.
    pub fn precision(&self) -> Option<f64> {
        (self.edits > 0).then(|| self.right as f64 / self.edits as f64)
    }

    /// Mean confidence of the bin's edits.
    pub fn mean_confidence(&self) -> Option<f64> {
        (self.edits > 0).then(|| self.confidence_sum / self.edits as f64)
    }
}

/// Per edit kind (`join_paragraphs`, …), one [`Bin`] per [`BIN_EDGES`] entry.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reliability {
    /// The bins of each kind the gold could judge.
    pub kinds: BTreeMap<String, Vec<Bin>>,
    /// Every judged edit of each kind and stratum, `(confidence, right)`:
    /// what a calibration is fitted on.
    #[serde(skip)]
    pub judged: BTreeMap<(EditKind, Stratum), Vec<(f64, bool)>>,
}

impl Reliability {
    /// Adds one judged edit.
    pub fn record(&mut self, kind: EditKind, stratum: Stratum, confidence: f64, right: bool) {
        self.judged
            .entry((kind, stratum))
            .or_default()
            .push((confidence, right));
        let bins = self
            .kinds
            .entry(kind.as_str().to_string())
            .or_insert_with(|| vec![Bin::default(); BIN_EDGES.len()]);
        let at = BIN_EDGES
            .iter()
            .rposition(|&edge| confidence >= edge)
            .unwrap_or(0);
        bins[at].edits += 1;
        bins[at].right += usize::from(right);
        bins[at].confidence_sum += confidence;
    }

    /// Adds another page's bins and judged edits.
    pub fn add(&mut self, other: &Reliability) {
        for (kind, judged) in &other.judged {
            self.judged.entry(*kind).or_default().extend(judged);
        }
        for (kind, bins) in &other.kinds {
            let mine = self
                .kinds
                .entry(kind.clone())
                .or_insert_with(|| vec![Bin::default(); BIN_EDGES.len()]);
            for (m, o) in mine.iter_mut().zip(bins) {
                m.edits += o.edits;
                m.right += o.right;
                m.confidence_sum += o.confidence_sum;
            }
        }
    }

    /// Expected calibration error of a kind: the bins' gaps between mean
    /// confidence and precision, weighted by their edits.
    pub fn expected_calibration_error(&self, kind: &str) -> Option<f64> {
        let bins = self.kinds.get(kind)?;
        let total: usize = bins.iter().map(|b| b.edits).sum();
        (total > 0).then(|| {
            bins.iter()
                .filter_map(|b| Some(b.edits as f64 * (b.mean_confidence()? - b.precision()?).abs()))
                .sum::<f64>()
                / total as f64
        })
    }
}

/// Fewest judged edits a step of a fitted calibration map stands on: fewer
/// and one page's luck would set it.
pub const MIN_EDITS_PER_STEP: usize = 40;

/// The calibration map of a kind's judged edits `(confidence as scored,
/// right)`: isotonic regression (pool adjacent violators) over the edits
/// sorted by confidence, equal confidences pooled from the start, steps of
/// fewer than [`MIN_EDITS_PER_STEP`] edits pooled with the nearer
/// neighbour in rate; a step's point is its mean confidence and its rate
/// of right edits, add-one smoothed (none right of 24 is 1/26, not
/// certainty). None without judged edits. The same edits in any order give
/// the same map.
pub fn fit_calibration_map(judged: &[(f64, bool)]) -> Option<CalibrationMap> {
    /// A run of edits pooled into one step.
    #[derive(Clone, Copy)]
    struct Step {
        confidence_sum: f64,
        right: usize,
        edits: usize,
    }
    impl Step {
        fn rate(&self) -> f64 {
            (self.right as f64 + 1.0) / (self.edits as f64 + 2.0)
        }
        fn pool(self, other: Step) -> Step {
            Step {
                confidence_sum: self.confidence_sum + other.confidence_sum,
                right: self.right + other.right,
                edits: self.edits + other.edits,
            }
        }
    }
    let mut sorted = judged.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut steps: Vec<(f64, Step)> = Vec::new();
    for (confidence, right) in sorted {
        let edit = Step {
            confidence_sum: confidence,
            right: usize::from(right),
            edits: 1,
        };
        match steps.last_mut() {
            Some((at, step)) if *at == confidence => *step = step.pool(edit),
            _ => steps.push((confidence, edit)),
        }
    }
    let mut pooled: Vec<Step> = steps.into_iter().map(|(_, s)| s).collect();
    // Pooling never stops on its own terms: a pooled step's smoothed rate
    // need not lie between its parts', so both passes run until neither
    // pools anything (each pooling shortens the list).
    loop {
        let before = pooled.len();
        // Pool adjacent violators: a step no better than the one before joins it.
        let mut rising: Vec<Step> = Vec::with_capacity(pooled.len());
        for mut step in pooled.drain(..) {
            while let Some(&last) = rising.last() {
                if last.rate() < step.rate() {
                    break;
                }
                step = last.pool(step);
                rising.pop();
            }
            rising.push(step);
        }
        pooled = rising;
        // Steps too small to trust join the neighbour nearest in rate.
        while pooled.len() > 1 {
            let Some(small) = (0..pooled.len()).min_by_key(|&i| pooled[i].edits) else {
                break;
            };
            if pooled[small].edits >= MIN_EDITS_PER_STEP {
                break;
            }
            let rate = pooled[small].rate();
            let into = match (
                small.checked_sub(1),
                (small + 1 < pooled.len()).then_some(small + 1),
            ) {
                (Some(b), Some(a)) if (pooled[a].rate() - rate) < (rate - pooled[b].rate()) => a,
                (Some(b), _) => b,
                (None, Some(a)) => a,
                (None, None) => break,
            };
            let (lo, hi) = (small.min(into), small.max(into));
            pooled[lo] = pooled[lo].pool(pooled[hi]);
            pooled.remove(hi);
        }
        if pooled.len() == before {
            break;
        }
    }
    let edits = pooled.iter().map(|s| s.edits).sum();
    (edits > 0).then(|| CalibrationMap {
        points: pooled
            .iter()
            .map(|s| (s.confidence_sum / s.edits as f64, s.rate()))
            .collect(),
        edits,
        below: None,
    })
}

/// What a calibration is fitted for: a kind's every edit, or only its
/// suggestions, the edits scored below a threshold (`below`: a join is
/// applied by the seam model's score, and its applied edits keep it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrationTarget {
    /// The edit kind.
    pub kind: EditKind,
    /// Fit on (and map) only the edits scored below this.
    pub below: Option<f64>,
}

/// The calibration of `targets` fitted on their kinds' judged edits (a
/// target's suggestions alone when it has a bound), a map per stratum they
/// were judged in; `made` says how. An error names a kind no edit of which
/// was judged.
pub fn fit_calibration(
    judged: &Reliability,
    targets: &[CalibrationTarget],
    made: String,
) -> crate::Result<Calibration> {
    let mut calibration = Calibration {
        made,
        ..Calibration::default()
    };
    for &CalibrationTarget { kind, below } in targets {
        let fitted = |edits: &[(f64, bool)]| {
            let edits: Vec<(f64, bool)> = match below {
                Some(below) => edits.iter().copied().filter(|&(c, _)| c < below).collect(),
                None => edits.to_vec(),
            };
            let map = fit_calibration_map(&edits)?;
            Some(CalibrationMap { below, ..map })
        };
        let maps: BTreeMap<Stratum, CalibrationMap> = judged
            .judged
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .filter_map(|(&(_, stratum), edits)| Some((stratum, fitted(edits)?)))
            .collect();
        if maps.is_empty() {
            return Err(crate::Error::Options {
                message: format!("no {} edit was judged on these sets", kind.as_str()),
            });
        }
        calibration.kinds.insert(kind, maps);
    }
    Ok(calibration)
}

/// Every edit of `repair` (applied or not) whose rightness `gold` tells:
/// joins (by the gold's joins), in-block dehyphenations and split words (by
/// its line-end breaks, when it lists them), lost characters, moves and
/// removed duplicates (when it annotates the kind, even as none: an edit of
/// that kind on a page that has none to make is wrong).
pub fn judge_edits(repair: &Repair, gold: &Gold) -> Reliability {
    let id = |block: usize| repair.document.blocks[block].id.0.as_str();
    let joins: BTreeSet<&str> = gold.joins.iter().map(String::as_str).collect();
    // A line-end break mended is right where the printed word was broken
    // (a soft hyphen), whether OCR kept the hyphen or read a mark for it
    // (`inter: -` | `national`, closed up as a split word): as the
    // dehyphenation and split-word counts score it.
    let soft: BTreeSet<(&str, usize)> = gold
        .hyphens
        .iter()
        .filter(|h| h.kind == HyphenKind::Soft)
        .map(|h| (h.block.as_str(), h.line))
        .collect();
    let lost_chars: BTreeSet<(&str, &str)> = gold
        .lost_characters
        .iter()
        .flatten()
        .map(|l| (l.after.as_str(), l.character.as_str()))
        .collect();
    let displaced = gold.displaced_pairs();
    let duplicated: BTreeSet<&str> = gold
        .duplicates
        .iter()
        .flatten()
        .map(|d| d.block.as_str())
        .collect();
    let mut reliability = Reliability::default();
    for e in &repair.edits {
        let right = match e.effect {
            Effect::Join { left, .. } => Some(joins.contains(id(left))),
            Effect::Dehyphenate { block, next: None } | Effect::CloseUpWord { block }
                if !gold.hyphens.is_empty() =>
            {
                let block = &repair.document.blocks[block];
                block
                    .lines
                    .iter()
                    .position(|l| l.span.end >= e.span.start)
                    .map(|line| soft.contains(&(block.id.0.as_str(), line)))
            }
            Effect::InsertCharacter { left, .. } if gold.lost_characters.is_some() => {
                Some(lost_chars.contains(&(id(left), e.replacement.as_str())))
            }
            Effect::Move { moved, after }
            | Effect::JoinAcross {
                left: after,
                right: moved,
                ..
            } if gold.displaced.is_some() => Some(displaced.contains(&(id(moved), id(after)))),
            Effect::RemoveCopy { removed: block, .. } | Effect::TrimLine { block, .. }
                if gold.duplicates.is_some() =>
            {
                Some(duplicated.contains(id(block)))
            }
            // A dehyphenation at a seam is judged with its join; the rest,
            // when the gold does not annotate their kind, not at all.
            Effect::Dehyphenate { .. }
            | Effect::CloseUpWord { .. }
            | Effect::InsertCharacter { .. }
            | Effect::Move { .. }
            | Effect::JoinAcross { .. }
            | Effect::RemoveCopy { .. }
            | Effect::TrimLine { .. } => None,
        };
        if let Some(right) = right {
            let stratum = Stratum::of_edit(&repair.document, &repair.facts, e);
            reliability.record(e.kind(), stratum, e.confidence, right);
        }
    }
    reliability
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_break_mended_is_judged_by_the_printed_word_whatever_the_edit_kind() {
        // Real OCR (en-0142): a mark read for the line-end hyphen, closed up
        // as a split word, where the gold's soft break kept its hyphen; and
        // a compound's hyphen, kept.
        let page = "Energy will be placed under effective inter: -\nnational control, with a well-\nmeaning board.\n";
        let doc = crate::input::parse_plain("p.txt".into(), page.as_bytes().to_vec()).unwrap();
        let repaired = crate::repair(doc, &crate::Options::default());
        let gold: Gold = serde_json::from_value(serde_json::json!({
            "schema_version": 1, "input": "p.txt", "roles": {}, "joins": [],
            "truncated_end": [], "truncated_start": [],
            "hyphens": [
                {"block": "b0", "line": 0, "word": "international", "kind": "soft", "ocr_kept_hyphen": true},
                {"block": "b0", "line": 1, "word": "well-meaning", "kind": "compound", "ocr_kept_hyphen": true}
            ]
        }))
        .unwrap();
        let judged = judge_edits(&repaired, &gold);
        let kinds: Vec<(EditKind, bool)> = judged
            .judged
            .iter()
            .flat_map(|(&(kind, _), edits)| edits.iter().map(move |&(_, right)| (kind, right)))
            .collect();
        // The split word right; the compound, kept, not judged.
        assert_eq!(kinds, [(EditKind::JoinSplitWord, true)]);
    }

    #[test]
    fn bins_precision_and_calibration_error() {
        let mut r = Reliability::default();
        for (confidence, right) in [
            (0.995, true),
            (0.995, true),
            (0.92, true),
            (0.92, false),
            (0.3, false),
        ] {
            r.record(EditKind::JoinParagraphs, Stratum::LatinText, confidence, right);
        }
        let bins = &r.kinds["join_paragraphs"];
        assert_eq!((bins[7].edits, bins[7].right), (2, 2));
        assert_eq!((bins[4].edits, bins[4].right), (2, 1));
        assert_eq!((bins[0].edits, bins[0].right), (1, 0));
        // |0.995 - 1| * 2 + |0.92 - 0.5| * 2 + |0.3 - 0| * 1, over 5.
        let ece = r.expected_calibration_error("join_paragraphs").unwrap();
        assert!((ece - (0.01 + 0.84 + 0.3) / 5.0).abs() < 1e-9, "{ece}");
        let mut twice = r.clone();
        twice.add(&r);
        assert_eq!(twice.kinds["join_paragraphs"][7].edits, 4);
        assert_eq!(r.expected_calibration_error("dehyphenate"), None);
        let key = (EditKind::JoinParagraphs, Stratum::LatinText);
        assert_eq!(twice.judged[&key].len(), 2 * r.judged[&key].len());
    }

    #[test]
    fn a_fitted_map_rises_stands_on_enough_edits_and_says_what_was_seen() {
        // 60 edits scored 0.99, right one time in five; 60 scored 0.6, right
        // one time in three (more often than those: pooled with them); 40
        // scored 0.3, never right; 10 scored 0.95, all right.
        let mut judged = Vec::new();
        judged.extend((0..60).map(|i| (0.99, i % 5 == 0)));
        judged.extend((0..60).map(|i| (0.6, i % 3 == 0)));
        judged.extend((0..40).map(|_| (0.3, false)));
        judged.extend((0..10).map(|_| (0.95, true)));
        let map = fit_calibration_map(&judged).unwrap();
        assert_eq!(map.edits, 170);
        assert!(
            map.points.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
            "{map:?}"
        );
        // Never right at 0.3: 1/42 after smoothing.
        assert!((map.observed(0.3) - 1.0 / 42.0).abs() < 1e-9, "{map:?}");
        // The 0.6, 0.95 and 0.99 edits pool: 12 + 20 + 10 right of 130.
        assert!((map.observed(0.99) - 43.0 / 132.0).abs() < 1e-9, "{map:?}");
        assert_eq!(map.points.len(), 2);
        // Flat beyond the ends, straight between points.
        assert_eq!(map.observed(0.0), map.observed(0.3));
        assert_eq!(map.observed(1.0), map.points[1].1);
        let middle = (map.points[0].0 + map.points[1].0) / 2.0;
        let halfway = (map.points[0].1 + map.points[1].1) / 2.0;
        assert!((map.observed(middle) - halfway).abs() < 1e-12);
        // The order edits come in does not matter; no edits, no map.
        judged.reverse();
        assert_eq!(fit_calibration_map(&judged), Some(map));
        assert_eq!(fit_calibration_map(&[]), None);
    }

    #[test]
    fn any_judged_edits_fit_a_valid_map() {
        // Scores and outcomes from a fixed generator, skewed many ways.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for n in [1, 5, 19, 21, 50, 300, 1000] {
            for skew in [0.0, 0.3, 1.0, 3.0] {
                let judged: Vec<(f64, bool)> = (0..n)
                    .map(|_| {
                        let confidence = (next() * 20.0).round() / 20.0;
                        (confidence, next() < confidence.powf(skew))
                    })
                    .collect();
                let map = fit_calibration_map(&judged).unwrap();
                assert_eq!(map.edits, n);
                assert!(
                    map.points.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
                    "{n} {skew}: {map:?}"
                );
                assert!(map
                    .points
                    .iter()
                    .all(|&(s, o)| (0.0..=1.0).contains(&s) && o > 0.0 && o < 1.0));
                if n < MIN_EDITS_PER_STEP {
                    assert_eq!(map.points.len(), 1);
                }
            }
        }
    }

    #[test]
    fn a_map_of_well_scored_edits_keeps_them_about_where_they_were() {
        // 100 edits at each of 0.5, 0.7, 0.9, right as often as they say.
        let judged: Vec<(f64, bool)> = [0.5, 0.7, 0.9]
            .iter()
            .flat_map(|&p| (0..100).map(move |i| (p, (i as f64) < p * 100.0)))
            .collect();
        let map = fit_calibration_map(&judged).unwrap();
        for p in [0.5, 0.7, 0.9] {
            assert!((map.observed(p) - p).abs() < 0.01, "{p}: {map:?}");
        }
    }

    #[test]
    fn a_kind_fitted_on_its_suggestions_is_fitted_on_the_edits_scored_below_the_bound() {
        // Suggestions at 0.6 right 3 times in 4; applied edits at 0.99 right
        // half the time, which a map of suggestions must not read.
        let mut judged = Reliability::default();
        let (kind, stratum) = (EditKind::JoinParagraphs, Stratum::CjkText);
        for i in 0..100 {
            judged.record(kind, stratum, 0.6, i % 4 != 0);
            judged.record(kind, stratum, 0.99, i % 2 == 0);
        }
        let target = |below| CalibrationTarget { kind, below };
        let fitted = fit_calibration(&judged, &[target(Some(0.95))], "test".into()).unwrap();
        let map = &fitted.of(kind).unwrap()[&stratum];
        assert_eq!((map.edits, map.below), (100, Some(0.95)));
        assert!((map.observed(0.6) - 76.0 / 102.0).abs() < 1e-12, "{map:?}");
        assert_eq!(map.observed(0.99), 0.99);
        // Fitted on every edit, the applied ones pull the map down.
        let whole = fit_calibration(&judged, &[target(None)], "test".into()).unwrap();
        let map = &whole.of(kind).unwrap()[&stratum];
        assert_eq!((map.edits, map.below), (200, None));
        assert!(map.observed(0.99) < 0.7, "{map:?}");
    }
}
