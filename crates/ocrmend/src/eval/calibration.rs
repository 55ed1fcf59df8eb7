//! Whether a confidence means what it says: every edit the gold can judge,
//! binned by confidence per kind, against how often it was right. "Accept
//! all at 0.9 or more" on the review page is only safe when edits at 0.9 are
//! right at least 90 % of the time, whatever their kind.

use super::gold::{Gold, HyphenKind};
use crate::edit::{EditKind, Effect};
use crate::repair::Repair;
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
}

impl Reliability {
    /// Adds one judged edit.
    pub fn record(&mut self, kind: EditKind, confidence: f64, right: bool) {
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

    /// Adds another page's bins.
    pub fn add(&mut self, other: &Reliability) {
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

/// Every edit of `repair` (applied or not) whose rightness `gold` tells:
/// joins (by the gold's joins), in-block dehyphenations and split words (by
/// its line-end breaks, when it lists them), lost characters, moves and
/// removed duplicates (when it lists any).
pub fn judge_edits(repair: &Repair, gold: &Gold) -> Reliability {
    let id = |block: usize| repair.document.blocks[block].id.0.as_str();
    let joins: BTreeSet<&str> = gold.joins.iter().map(String::as_str).collect();
    let soft = |kept: bool| -> BTreeSet<(&str, usize)> {
        gold.hyphens
            .iter()
            .filter(|h| h.kind == HyphenKind::Soft && h.ocr_kept_hyphen == kept)
            .map(|h| (h.block.as_str(), h.line))
            .collect()
    };
    let (kept, lost) = (soft(true), soft(false));
    let lost_chars: BTreeSet<(&str, &str)> = gold
        .lost_characters
        .iter()
        .map(|l| (l.after.as_str(), l.character.as_str()))
        .collect();
    let displaced: BTreeSet<(&str, &str)> = gold
        .displaced
        .iter()
        .map(|d| (d.block.as_str(), d.continues.as_str()))
        .collect();
    let duplicated: BTreeSet<&str> = gold.duplicates.iter().map(|d| d.block.as_str()).collect();
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
                    .map(|line| {
                        let at = (block.id.0.as_str(), line);
                        if e.kind() == EditKind::Dehyphenate {
                            kept.contains(&at)
                        } else {
                            lost.contains(&at)
                        }
                    })
            }
            Effect::InsertCharacter { left, .. } if !gold.lost_characters.is_empty() => {
                Some(lost_chars.contains(&(id(left), e.replacement.as_str())))
            }
            Effect::Move { moved, after } if !gold.displaced.is_empty() => {
                Some(displaced.contains(&(id(moved), id(after))))
            }
            Effect::RemoveCopy { removed: block, .. } | Effect::TrimLine { block, .. }
                if !gold.duplicates.is_empty() =>
            {
                Some(duplicated.contains(id(block)))
            }
            // A dehyphenation at a seam is judged with its join; the rest,
            // when the gold does not annotate their kind, not at all.
            Effect::Dehyphenate { .. }
            | Effect::CloseUpWord { .. }
            | Effect::InsertCharacter { .. }
            | Effect::Move { .. }
            | Effect::RemoveCopy { .. }
            | Effect::TrimLine { .. } => None,
        };
        if let Some(right) = right {
            reliability.record(e.kind(), e.confidence, right);
        }
    }
    reliability
}

#[cfg(test)]
mod tests {
    use super::*;

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
            r.record(EditKind::JoinParagraphs, confidence, right);
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
    }
}
