//! Quality measured against annotated truth: a gold file says, seam by seam,
//! what a page should become; [`score`] compares a repair with it.

mod calibration;
mod clusters;
mod features;
mod gold;
mod metrics;

pub use calibration::{
    fit_calibration, fit_calibration_map, judge_edits, Bin, CalibrationTarget, Reliability, BIN_EDGES,
    MIN_EDITS_PER_STEP,
};
pub use clusters::{cluster_score, ClusterScore};
pub use features::{seam_rows, split_word_rows, SeamRow, SplitWordRow, TrainingRow};
pub use gold::{
    join_counts, naive_joins, score, Counts, DisplacedGold, DuplicateGold, Gold, GoldScore, HyphenGold,
    HyphenKind, LostCharGold,
};
pub use metrics::{evaluate_page, evaluate_text, render_with_joins, SystemTotals, SYSTEMS};
