//! Training rows: every seam of an annotated page with its label (the gold
//! says join or keep), the decision the repair made, and every feature that
//! went into it, with its weight; and every join across a caption, labelled
//! by the gold's displaced blocks. What a fit of the seam decision and of
//! the join across reads (`ocrmend eval --features`), and what the golden
//! test of the decisions pins.

use super::Gold;
use crate::analyze::{flatten_blocks, is_cjk_seam};
use crate::edit::Effect;
use crate::features::FeatureId;
use crate::repair::decision_model::FitBand;
use crate::repair::{Repair, Repairer};
use serde::Serialize;

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
