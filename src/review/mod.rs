//! Review: suggestions a person approves or rejects, and the decisions they
//! make, kept so that nothing decided is ever lost.
//!
//! A [`Suggestion`] is an edit left for review, written as one JSONL line
//! with everything a reviewer (or a review page) needs: the text before and
//! after with context, where it is, why, and a hash of the input it was made
//! from. Decisions are appended to a JSONL log, one line per act (accept,
//! reject, skip, undo), with reviewer and time; the current decision for a
//! suggestion is its log replayed. Applying accepted suggestions repairs the
//! same input again with the same options (edit ids are stable) and refuses
//! when the input changed.

mod decisions;
mod suggestion;

pub use decisions::{
    append_decision, current_decisions, now_rfc3339, read_decisions, Decision, DecisionRecord,
};
pub use suggestion::{input_hash, suggestions, Location, Marks, Suggestion, SuggestionOptions};
