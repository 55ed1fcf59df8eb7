//! Quality measured against annotated truth: a gold file says, seam by seam,
//! what a page should become; [`score`] compares a repair with it.

mod gold;

pub use gold::{join_counts, naive_joins, score, Counts, Gold, GoldScore, LostCharGold};
