//! The gold annotation format and the comparison of a repair against it.

use crate::edit::{Applied, EditKind, Effect};
use crate::model::Role;
use crate::repair::{FlagKind, Repair};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a page should become, seam by seam. Block ids are those the reader
/// gives (`b0`, `b1`, … for plain text).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Gold {
    /// Shape version of the gold file.
    pub schema_version: u32,
    /// The annotated input, relative to the repository root.
    pub input: String,
    /// Every block that is not body, with its role.
    pub roles: BTreeMap<String, Role>,
    /// Seams that must be joined, named by the block before the seam.
    pub joins: Vec<String>,
    /// Characters lost at a seam. None when the gold does not say (a hand
    /// annotation that leaves the kind out): its edits are then judged neither
    /// right nor wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_characters: Option<Vec<LostCharGold>>,
    /// Body blocks that end mid-sentence with nothing here to continue them.
    pub truncated_end: Vec<String>,
    /// Body blocks that start mid-sentence with nothing here before them.
    pub truncated_start: Vec<String>,
    /// Continuations that sit elsewhere on the page than after their start. None when the gold does not say (a hand
    /// annotation that leaves the kind out): its edits are then judged neither
    /// right nor wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub displaced: Option<Vec<DisplacedGold>>,
    /// Blocks that repeat text the page already has. None when the gold does not say (a hand
    /// annotation that leaves the kind out): its edits are then judged neither
    /// right nor wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<Vec<DuplicateGold>>,
    /// The page as a perfect repair gives it, paragraph by paragraph (empty
    /// for hand annotations that do not spell it out).
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Words broken at a line end inside a block, with or without the
    /// hyphen the OCR read (real-OCR sets, where the printed page says).
    #[serde(default)]
    pub hyphens: Vec<HyphenGold>,
    /// What makes the page harder (`degradation 2`): figures are also given
    /// per condition.
    #[serde(default)]
    pub condition: Option<String>,
}

impl Gold {
    /// The displaced blocks as (block, the block it continues): what a move
    /// or a join across is judged against.
    pub fn displaced_pairs(&self) -> BTreeSet<(&str, &str)> {
        self.displaced
            .iter()
            .flatten()
            .map(|d| (d.block.as_str(), d.continues.as_str()))
            .collect()
    }
}

/// A word broken at the end of line `line` (0-based) of `block`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HyphenGold {
    /// The block holding both halves.
    pub block: String,
    /// The line whose end breaks the word.
    pub line: usize,
    /// The whole word as printed (`insurance`, `time-tested`).
    pub word: String,
    /// `soft`: the hyphen only breaks the word and goes; `compound`: the
    /// word's own hyphen, which stays.
    pub kind: HyphenKind,
    /// Whether the OCR read the hyphen (when it did not, the halves stand
    /// as two words: `govern` / `ment`).
    pub ocr_kept_hyphen: bool,
}

/// What a line-end hyphen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HyphenKind {
    /// Breaks the word only: to be closed up.
    Soft,
    /// The word's own hyphen: to be kept.
    Compound,
}

/// A block that continues another block that it does not follow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DisplacedGold {
    /// The displaced continuation.
    pub block: String,
    /// The block it continues.
    pub continues: String,
}

/// A block that repeats text: a line read twice at a seam (`seam_overlap`)
/// or a whole paragraph printed again (`repeat`, with the block it repeats).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DuplicateGold {
    /// The block holding the repeated text.
    pub block: String,
    /// `seam_overlap` or `repeat`.
    pub kind: String,
    /// For a repeat: the block it repeats.
    pub of: Option<String>,
}

/// A character lost at the seam after block `after`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LostCharGold {
    /// The block before the seam.
    pub after: String,
    /// The lost character.
    pub character: String,
}

/// True/false positives and negatives of one binary decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predicted and true.
    pub tp: usize,
    /// Predicted, not true.
    pub fp: usize,
    /// True, not predicted.
    pub fn_: usize,
}

impl Counts {
    fn from_sets<T: Ord>(predicted: &BTreeSet<T>, truth: &BTreeSet<T>) -> Self {
        Counts {
            tp: predicted.intersection(truth).count(),
            fp: predicted.difference(truth).count(),
            fn_: truth.difference(predicted).count(),
        }
    }

    /// Adds another count to this one.
    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// tp / (tp + fp); 1 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); 1 when nothing was true.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A repair compared with its gold.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldScore {
    /// Every seam the applied edits join (by the run's applicability),
    /// named by its left block.
    pub joined: BTreeSet<String>,
    /// Joins proposed at any applicability against gold joins.
    pub joins_proposed: Counts,
    /// Applied joins the gold says to keep: the worst error.
    pub wrong_joins: Vec<String>,
    /// Applied joins across a caption whose halves the gold does not join
    /// (`left>right`): wrong joins too, of blocks not next to each other.
    pub wrong_joins_across: Vec<String>,
    /// Blocks whose role differs from the gold: (block, gold, predicted).
    pub wrong_roles: Vec<(String, Role, Role)>,
    /// Lost characters suggested, matched by seam and character.
    pub lost_characters: Counts,
    /// Truncated-end flags.
    pub truncated_end: Counts,
    /// Truncated-start flags.
    pub truncated_start: Counts,
    /// Duplicate blocks removed or trimmed (applied), against the gold's duplicates.
    pub duplicates: Counts,
    /// Moves suggested or applied, as `moved>continued` pairs,
    /// against the gold's displaced blocks.
    pub moves: Counts,
    /// Line-end hyphens removed (applied), against the soft hyphens the OCR
    /// read; removing a compound's hyphen, or any other, is a false positive.
    pub dehyphenation: Counts,
    /// Words split without a hyphen closed up (applied), against the soft
    /// breaks whose hyphen the OCR lost.
    pub split_words: Counts,
}

impl GoldScore {
    /// The applied joins against the gold's joins.
    pub fn joins_applied(&self, gold: &Gold) -> Counts {
        join_counts(&self.joined, gold)
    }
}

/// Compares `repair` (with the edits in `applied`) against `gold`.
pub fn score(repair: &Repair, applied: &Applied, gold: &Gold) -> GoldScore {
    let id = |block: usize| repair.document.blocks[block].id.0.as_str();
    let is_applied: BTreeSet<usize> = applied.applied.iter().copied().collect();
    let mut joins_applied = BTreeSet::new();
    let mut joins_proposed = BTreeSet::new();
    for seam in &repair.seams {
        if let Some(e) = seam.edit {
            let left = id(seam.left).to_string();
            joins_proposed.insert(left.clone());
            if is_applied.contains(&e) {
                joins_applied.insert(left);
            }
        }
    }
    let wrong_joins = joins_applied
        .iter()
        .filter(|j| !gold.joins.contains(j))
        .cloned()
        .collect();
    let displaced = gold.displaced_pairs();
    let wrong_joins_across = applied
        .applied
        .iter()
        .filter_map(|&i| match repair.edits[i].effect {
            Effect::JoinAcross { left, right, .. } if !displaced.contains(&(id(right), id(left))) => {
                Some(format!("{}>{}", id(left), id(right)))
            }
            _ => None,
        })
        .collect();

    let wrong_roles = repair
        .document
        .blocks
        .iter()
        .zip(&repair.facts)
        .filter_map(|(b, f)| {
            let truth = gold.roles.get(&b.id.0).copied().unwrap_or(Role::Body);
            (truth != f.role.role).then(|| (b.id.0.clone(), truth, f.role.role))
        })
        .collect();

    // What a reviewer is offered: an edit in the report only is no suggestion.
    let offered = || {
        repair
            .edits
            .iter()
            .filter(|e| e.applicability >= crate::Applicability::Review)
    };
    let lost_predicted: BTreeSet<String> = offered()
        .filter_map(|e| match e.effect {
            Effect::InsertCharacter { left, .. } => Some(format!("{}:{}", id(left), e.replacement)),
            _ => None,
        })
        .collect();
    let lost_truth: BTreeSet<String> = gold
        .lost_characters
        .iter()
        .flatten()
        .map(|l| format!("{}:{}", l.after, l.character))
        .collect();

    let flags = |kind: FlagKind| -> BTreeSet<String> {
        repair
            .flags
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| repair.document.blocks[f.block].id.0.clone())
            .collect()
    };
    let set = |v: &[String]| -> BTreeSet<String> { v.iter().cloned().collect() };
    let removed: BTreeSet<String> = applied
        .applied
        .iter()
        .map(|&i| &repair.edits[i])
        .filter_map(|e| match e.effect {
            Effect::RemoveCopy { removed: block, .. } | Effect::TrimLine { block, .. } => {
                Some(id(block).to_string())
            }
            _ => None,
        })
        .collect();
    let duplicated: BTreeSet<String> = gold
        .duplicates
        .iter()
        .flatten()
        .map(|d| d.block.clone())
        .collect();
    let moves: BTreeSet<String> = offered()
        .filter_map(|e| match e.effect {
            Effect::Move { moved, after }
            | Effect::JoinAcross {
                left: after,
                right: moved,
                ..
            } => Some(format!("{}>{}", id(moved), id(after))),
            _ => None,
        })
        .collect();
    let displaced: BTreeSet<String> = displaced
        .into_iter()
        .map(|(block, continues)| format!("{block}>{continues}"))
        .collect();
    let (dehyphenation, split_words) = hyphen_counts(repair, applied, gold);
    GoldScore {
        dehyphenation,
        split_words,
        moves: Counts::from_sets(&moves, &displaced),
        joined: joins_applied,
        joins_proposed: join_counts(&joins_proposed, gold),
        wrong_joins,
        wrong_joins_across,
        wrong_roles,
        lost_characters: Counts::from_sets(&lost_predicted, &lost_truth),
        truncated_end: Counts::from_sets(&flags(FlagKind::TruncatedEnd), &set(&gold.truncated_end)),
        truncated_start: Counts::from_sets(&flags(FlagKind::TruncatedStart), &set(&gold.truncated_start)),
        duplicates: Counts::from_sets(&removed, &duplicated),
    }
}

/// Applied in-block dehyphenations and split-word joins against the gold's
/// line-end breaks, each edit placed by its block and the line its span
/// starts in. An edit is scored with the gold break at its place, whatever
/// its kind: OCR may keep a dash after a misread hyphen (`sub: -` |
/// `mitted`), which the gold counts as a kept hyphen and ocrmend mends as
/// a mark read for one. An edit where the gold has no break is scored with
/// its own kind.
fn hyphen_counts(repair: &Repair, applied: &Applied, gold: &Gold) -> (Counts, Counts) {
    let truth = |kept: bool| -> BTreeSet<(String, usize)> {
        gold.hyphens
            .iter()
            .filter(|h| h.kind == HyphenKind::Soft && h.ocr_kept_hyphen == kept)
            .map(|h| (h.block.clone(), h.line))
            .collect()
    };
    let (kept, split) = (truth(true), truth(false));
    let (mut dehyphenated, mut closed_up) = (BTreeSet::new(), BTreeSet::new());
    for e in applied.applied.iter().map(|&i| &repair.edits[i]) {
        // A dehyphenation at a seam is the seam's, scored with joins.
        let (Effect::Dehyphenate { block, next: None } | Effect::CloseUpWord { block }) = e.effect else {
            continue;
        };
        let block = &repair.document.blocks[block];
        let Some(line) = block.lines.iter().position(|l| l.span.end >= e.span.start) else {
            continue;
        };
        let place = (block.id.0.clone(), line);
        let hyphen = match e.kind() {
            _ if kept.contains(&place) => true,
            _ if split.contains(&place) => false,
            EditKind::Dehyphenate => true,
            EditKind::JoinSplitWord => false,
            _ => continue,
        };
        if hyphen {
            dehyphenated.insert(place);
        } else {
            closed_up.insert(place);
        }
    }
    (
        Counts::from_sets(&dehyphenated, &kept),
        Counts::from_sets(&closed_up, &split),
    )
}

/// The seams a naive rule joins: every block that lacks a sentence's terminal
/// mark is joined to the next, whatever either block is. The baseline users
/// write first.
pub fn naive_joins(repair: &Repair) -> BTreeSet<String> {
    repair
        .seams
        .iter()
        .zip(&repair.facts)
        .filter(|(_, f)| f.ending != crate::analyze::Ending::Terminal)
        .map(|(s, _)| repair.document.blocks[s.left].id.0.clone())
        .collect()
}

/// Join counts of a set of joined seams (named by their left block) against `gold`.
pub fn join_counts(joins: &BTreeSet<String>, gold: &Gold) -> Counts {
    Counts::from_sets(joins, &gold.joins.iter().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_end_break_is_scored_with_the_gold_break_at_its_place() {
        // Real OCR: a dash after the colon OCR read for the hyphen. The gold
        // counts a kept hyphen (the line ends in one); ocrmend closes the
        // word up as a mark read for the hyphen, and that is the same mend.
        let text = "the reports that I sub: -\nmitted to the Congress last year.\n";
        let r = crate::repair::repaired(text);
        let applied = r.apply_at_least(crate::Applicability::Safe);
        assert!(applied.text.contains("submitted"), "{}", applied.text);
        let soft = |kept| HyphenGold {
            block: "b0".into(),
            line: 0,
            word: "submitted".into(),
            kind: HyphenKind::Soft,
            ocr_kept_hyphen: kept,
        };
        let kept = Gold {
            hyphens: vec![soft(true)],
            ..Gold::default()
        };
        let (dehyphenation, split_words) = hyphen_counts(&r, &applied, &kept);
        assert_eq!((dehyphenation.tp, dehyphenation.fp, split_words.fp), (1, 0, 0));
        // Where the gold has no break, an edit counts against its own kind.
        let (_, split_words) = hyphen_counts(&r, &applied, &Gold::default());
        assert_eq!(split_words.fp, 1);
    }

    #[test]
    fn a_join_across_a_caption_the_gold_does_not_make_is_a_wrong_join() {
        let text =
            "The council met on Monday to hear the report of the committee on roads, and after a long\n\
                    debate it was agreed that the work on the new bridge should go on, since the men are\n\n\
                    The new school building seen from the north. (Photo: George Baker)\n\n\
                    ready to begin at once. The mayor said the cost would be met from the fund.\n";
        let r = crate::repair::repaired(text);
        let applied = r.apply_at_least(crate::Applicability::Safe);
        assert!(applied.text.contains("the men are ready"), "{}", applied.text);
        let displaced = Gold {
            displaced: Some(vec![DisplacedGold {
                block: "b2".into(),
                continues: "b0".into(),
            }]),
            ..Gold::default()
        };
        let right = score(&r, &applied, &displaced);
        assert_eq!((right.moves.tp, right.wrong_joins_across.len()), (1, 0));
        let none = Gold {
            displaced: Some(Vec::new()),
            ..Gold::default()
        };
        assert_eq!(score(&r, &applied, &none).wrong_joins_across, ["b0>b2"]);
    }
}
