//! Training rows: every seam of an annotated page with its label (the gold
//! says join or keep), the decision the repair made, and every feature that
//! went into it, with its weight; and every join across a caption, labelled
//! by the gold's displaced blocks; and every line break the split-word model
//! weighed, labelled by the gold's line-end breaks. What a fit of the seam
//! decision, of the join across and of split words reads (`ocrmend eval
//! --features`), and what the golden test of the decisions pins.

use super::{Gold, HyphenKind};
use crate::analyze::{flatten_blocks, is_cjk_seam};
use crate::edit::Effect;
use crate::features::FeatureId;
use crate::model::Script;
use crate::repair::decision_model::{FitBand, SplitWordTerms};
use crate::repair::{read_line_break, Repair, Repairer, WordCounts};
use serde::Serialize;
use std::collections::BTreeSet;

/// A training row of `--features`: each kind's row says its kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum TrainingRow {
    /// A seam or a join across ([`seam_rows`]).
    Seam(SeamRow),
    /// A line break the split-word model weighed ([`split_word_rows`]).
    SplitWord(SplitWordRow),
}

/// One line break of a Latin block whose two pieces the split-word model
/// weighed ([`crate::repair::decision_model::SplitWordModel`]).
#[derive(Debug, Clone, Serialize)]
pub struct SplitWordRow {
    /// `split_word`.
    pub kind: &'static str,
    /// The page (the gold's input).
    pub page: String,
    /// The block.
    pub block: String,
    /// The line the break ends (0 for the block's first).
    pub line: usize,
    /// Whether the gold says one word was split there without a hyphen.
    pub join: bool,
    /// The model's probability that it was.
    pub confidence: f64,
    /// What the model read: the values of its terms, by the weights' names.
    pub terms: SplitWordTerms,
}

/// Every line break of `repair`'s Latin blocks that the split-word model
/// weighed, read as the line-break stage reads it, labelled by the gold's
/// soft line-end breaks OCR read without their hyphen; none for a gold that
/// lists no line-end breaks (the simulator's), which labels none.
pub fn split_word_rows(repair: &Repair, repairer: Repairer, gold: &Gold) -> Vec<SplitWordRow> {
    if gold.hyphens.is_empty() {
        return Vec::new();
    }
    let split: BTreeSet<(&str, usize)> = gold
        .hyphens
        .iter()
        .filter(|h| h.kind == HyphenKind::Soft && !h.ocr_kept_hyphen)
        .map(|h| (h.block.as_str(), h.line))
        .collect();
    let doc = &repair.document;
    let texts = flatten_blocks(doc);
    let runs: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
    let words = WordCounts::of_document(doc, &runs);
    let mut rows = Vec::new();
    for (block, facts) in doc.blocks.iter().zip(&repair.facts) {
        if facts.script != Script::Latin {
            continue;
        }
        for (line, pair) in block.lines.windows(2).enumerate() {
            let (left, right) = (doc.slice(pair[0].span), doc.slice(pair[1].span));
            let Some(read) = read_line_break(repairer, &words, left, right) else {
                continue;
            };
            if let Some((terms, confidence)) = read.call().split_terms() {
                rows.push(SplitWordRow {
                    kind: "split_word",
                    page: gold.input.clone(),
                    block: block.id.0.clone(),
                    line,
                    join: split.contains(&(block.id.0.as_str(), line)),
                    confidence,
                    terms,
                });
            }
        }
    }
    rows
}

/// One seam of one page.
#[derive(Debug, Clone, Serialize)]
pub struct SeamRow {
    /// `seam` (two blocks next in reading order) or `join_across` (the two
    /// halves a caption stands between).
    pub kind: &'static str,
    /// The page (the gold's input).
    pub page: String,
    /// The block before the seam.
    pub left: String,
    /// The block after it.
    pub right: String,
    /// Whether the gold joins the two (for a join across: the gold's
    /// displaced block `right` continues `left`).
    pub join: bool,
    /// `cjk` or `latin`: which script's model scored the seam.
    pub script: &'static str,
    /// The repair's probability that they are one paragraph.
    pub confidence: f64,
    /// How much of the page the repairer's lexicons know
    /// ([`crate::lm::LanguageModel::known_share`]): whichever model scored
    /// the page, what a fit that weighs rough print apart reads.
    pub known_share: Option<f64>,
    /// Every feature: its name, its observed value in words, its measured
    /// quantity where it is one, its contribution to the log-odds, and what
    /// a new fit reads of it: its value in the fit's design and its key
    /// ([`crate::repair::decision_model::FittedSeams::fit_input`]).
    pub features: Vec<(String, String, Option<f64>, f64, f64, String)>,
}

/// The seams of `repair` (`repairer`'s repair of the page `gold` annotates)
/// as rows, then its joins across a caption: their confidence as scored
/// (before calibration) and their evidence, labelled by the gold's
/// displaced blocks.
pub fn seam_rows(repair: &Repair, repairer: Repairer, gold: &Gold) -> Vec<SeamRow> {
    let fitted = &repairer.model().seam.fitted;
    let blocks = &repair.document.blocks;
    let texts = flatten_blocks(&repair.document);
    let known_share = repairer.lm().known_share(texts.iter().map(|t| t.as_ref()));
    let boxes = repair.document.has_boxes();
    let displaced = gold.displaced_pairs();
    let seams = repair.seams.iter().map(|s| {
        let left = blocks[s.left].id.0.clone();
        let cjk = is_cjk_seam(&texts[s.left], &texts[s.left + 1]);
        SeamRow {
            kind: "seam",
            page: gold.input.clone(),
            join: gold.joins.contains(&left),
            script: if cjk { "cjk" } else { "latin" },
            right: blocks[s.left + 1].id.0.clone(),
            left,
            confidence: s.confidence,
            known_share,
            features: s
                .evidence
                .iter()
                .map(|f| {
                    let band = FitBand {
                        cjk,
                        known_share,
                        boxes,
                    };
                    let (key, x) = fitted.fit_input(band, f);
                    (f.name.to_string(), f.value.to_string(), f.raw, f.weight, x, key)
                })
                .collect(),
        }
    });
    let joins_across = repair.edits.iter().filter_map(|e| {
        let Effect::JoinAcross { left, right, .. } = e.effect else {
            return None;
        };
        let (l, r) = (blocks[left].id.0.as_str(), blocks[right].id.0.as_str());
        let scored = e
            .evidence
            .iter()
            .find(|f| f.name == FeatureId::Calibrated)
            .and_then(|f| f.raw);
        Some(SeamRow {
            kind: "join_across",
            page: gold.input.clone(),
            left: l.to_string(),
            right: r.to_string(),
            join: displaced.contains(&(r, l)),
            script: if is_cjk_seam(&texts[left], &texts[right]) {
                "cjk"
            } else {
                "latin"
            },
            confidence: scored.unwrap_or(e.confidence),
            known_share,
            // A join across is fitted on its evidence's weights alone
            // (scripts/fit_across.py): no design value or key.
            features: e
                .evidence
                .iter()
                .map(|f| {
                    (
                        f.name.to_string(),
                        f.value.to_string(),
                        f.raw,
                        f.weight,
                        0.0,
                        String::new(),
                    )
                })
                .collect(),
        })
    });
    seams.chain(joins_across).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::HyphenGold;

    #[test]
    fn every_weighed_line_break_is_a_row_labelled_by_the_gold() {
        // `govern` | `ment`: a word OCR split without its hyphen; `book` |
        // `case`: two words that make one (`bookcase`); `Gon` | `gress`
        // makes no known word and is not weighed.
        let text = "the work of the govern\nment of the old book\ncase of the Gon\ngress of it\n";
        let r = crate::repair::repaired(text);
        let split = |hyphens| Gold {
            input: "t.txt".into(),
            hyphens,
            ..Gold::default()
        };
        let gold = split(vec![HyphenGold {
            block: "b0".into(),
            line: 0,
            word: "government".into(),
            kind: HyphenKind::Soft,
            ocr_kept_hyphen: false,
        }]);
        let rows = split_word_rows(&r, Repairer::shipped(), &gold);
        let said: Vec<(usize, bool)> = rows.iter().map(|row| (row.line, row.join)).collect();
        assert_eq!(said, [(0, true), (1, false)]);
        assert!(rows[0].confidence > 0.95 && rows[1].confidence < 0.5, "{rows:?}");
        assert_eq!(rows[0].terms.intercept, 1.0);
        assert!(rows[0].terms.joined_zipf > 4.0, "{:?}", rows[0].terms);
        // A gold that lists no line-end breaks labels none.
        assert!(split_word_rows(&r, Repairer::shipped(), &split(Vec::new())).is_empty());
    }
}
