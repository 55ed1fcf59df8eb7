//! Quality measured against annotated truth: a gold file says, seam by seam,
//! what a page should become; [`score`] compares a repair with it.

mod gold;

pub use gold::{score, Counts, Gold, GoldScore, LostCharGold};
