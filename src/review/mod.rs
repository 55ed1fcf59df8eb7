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

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use std::io::BufRead;
use std::path::Path;

pub use decisions::{
    append_decision, current_decisions, now_rfc3339, read_decisions, Decision, DecisionRecord,
};
pub use suggestion::{
    decisions_path, input_hash, read_suggestions, suggestions, Location, Marks, Suggestion, SuggestionOptions,
};

/// Reads a review file: one JSON record of type `T` a line, blank lines
/// skipped; a bad line is an error naming the file, the line and `what` the
/// lines should hold.
fn read_records<T: DeserializeOwned>(path: &Path, what: &'static str) -> Result<Vec<T>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut records = Vec::new();
    for (k, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        records.push(serde_json::from_str(&line).map_err(|e| Error::Record {
            path: path.to_path_buf(),
            line: k + 1,
            what,
            message: e.to_string(),
        })?);
    }
    Ok(records)
}
