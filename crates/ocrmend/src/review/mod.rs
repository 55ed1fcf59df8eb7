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
use std::path::Path;

pub use decisions::{
    append_decisions, check_decisions_belong, current_decisions, end_torn_line, now_rfc3339, read_decisions,
    Decision, DecisionLog, DecisionRecord,
};
pub use suggestion::{
    decisions_path, file_hash, fixes, input_hash, locate_input, manifest_path, read_manifest,
    read_suggestions, suggestions, Location, ManifestEntry, Marks, Scan, Suggestion,
};

/// Reads a review file: one JSON record of type `T` a line, blank lines
/// skipped; a bad line is an error naming the file, the line and `what` the
/// lines should hold. With `torn`, a line that is the start of a record cut
/// short (a write stopped by a full disk or a crash: the JSON ends early) is
/// left out and its number returned, instead of an error; a line that is
/// not JSON at all is still an error.
fn read_records<T: DeserializeOwned>(
    path: &Path,
    what: &'static str,
    torn: bool,
) -> Result<(Vec<T>, Vec<usize>)> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut records = Vec::new();
    let mut torn_lines = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(line) {
            Ok(record) => records.push(record),
            Err(e) if torn && e.is_eof() => torn_lines.push(k + 1),
            Err(e) => {
                return Err(Error::Record {
                    path: path.to_path_buf(),
                    line: k + 1,
                    what,
                    message: e.to_string(),
                })
            }
        }
    }
    Ok((records, torn_lines))
}
