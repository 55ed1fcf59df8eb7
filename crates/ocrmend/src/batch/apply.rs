//! Applying reviewed suggestions: an input is repaired again with the options
//! its suggestions were made with, the suggestions it makes now are checked
//! against those the reviewer saw (the same ids, kinds, places and texts
//! before and after, and no others), and only then are the safe edits and
//! the accepted ones applied. A suggestions file that was edited, made with
//! other options, or made from another input is refused, never half applied.

use super::process::{finish, Origin, Processed, RunConfig};
use crate::error::{Error, Result};
use crate::review::{suggestions, Suggestion};
use crate::{Applicability, Document};
use std::collections::{BTreeMap, BTreeSet};

/// What the reviewer saw of one document (one file, or one JSONL record):
/// its suggestions, and the ids of those accepted.
#[derive(Debug, Default)]
pub struct Reviewed<'a> {
    /// The suggestions listed for it.
    pub listed: Vec<&'a Suggestion>,
    /// The ids of the accepted ones.
    pub accepted: BTreeSet<&'a str>,
}

/// Repairs `document` again with `config` and applies its safe edits and
/// the accepted suggestions of `reviewed`, after checking that the
/// suggestions it makes now are exactly the ones listed. Returns the result
/// and, for each accepted suggestion, whether it was applied (an accepted
/// edit that overlaps another applied one is skipped).
pub fn apply_reviewed<'a>(
    document: Document,
    origin: &Origin,
    config: &RunConfig,
    reviewed: &Reviewed<'a>,
) -> Result<(Processed, Vec<(&'a Suggestion, bool)>)> {
    let name = document.name.clone();
    let mismatch = |message: String| Error::Mismatch {
        name: name.clone(),
        message,
    };
    let repaired = config.repairer.repair(document, &config.options);
    let now: BTreeMap<String, Suggestion> = suggestions(
        &repaired,
        &origin.path,
        origin.record,
        &origin.hash,
        &config.options,
    )
    .map(|s| (s.id.clone(), s))
    .collect();
    for seen in &reviewed.listed {
        let Some(made) = now.get(&seen.id) else {
            return Err(mismatch(format!(
                "suggestion {} ({}) is not made on this input with these options",
                seen.id, seen.kind
            )));
        };
        let same = made.edit == seen.edit
            && made.kind == seen.kind
            && made.location == seen.location
            && made.before == seen.before
            && made.after == seen.after
            && made.in_place == seen.in_place
            && made.requires == seen.requires;
        if !same {
            return Err(mismatch(format!(
                "suggestion {} is not the edit the reviewer saw (its kind, place or text differ from the \
                 suggestions file)",
                seen.id
            )));
        }
    }
    if now.len() != reviewed.listed.len() {
        return Err(mismatch(format!(
            "this input's repair suggests {} edits for review, the suggestions file lists {}",
            now.len(),
            reviewed.listed.len()
        )));
    }
    // Accepted edits by id and place: two identical edits in one document
    // share an id, not a place.
    let accepted: BTreeSet<(&str, usize)> = reviewed
        .listed
        .iter()
        .filter(|s| reviewed.accepted.contains(s.id.as_str()))
        .map(|s| (s.edit.as_str(), s.location.start))
        .collect();
    let processed = finish(&repaired, origin, config, |e| {
        e.applicability == Applicability::Safe
            || (e.applicability == Applicability::Review
                && accepted.contains(&(e.id.to_string().as_str(), e.span.start)))
    })?;
    let applied: BTreeSet<(String, usize)> = processed
        .applied
        .iter()
        .map(|&i| (repaired.edits[i].id.to_string(), repaired.edits[i].span.start))
        .collect();
    let outcome = reviewed
        .listed
        .iter()
        .filter(|s| reviewed.accepted.contains(s.id.as_str()))
        .map(|s| (*s, applied.contains(&(s.edit.clone(), s.location.start))))
        .collect();
    Ok((processed, outcome))
}
