//! Counts over a whole batch: what a run did, at a glance, for the end of a
//! batch job's log and for the JSON report.

use crate::edit::{Applicability, Applied};
use crate::repair::Repair;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// What a batch run did: documents, edits by kind, flags by kind, errors.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    /// Documents repaired in this run (a file read a window at a time is
    /// one, counted when its last window is).
    pub documents: usize,
    /// Windows repaired, of the files read a window at a time.
    pub windows: usize,
    /// Documents skipped because a resumed run had already done them.
    pub skipped: usize,
    /// Inputs that could not be read or repaired.
    pub errors: usize,
    /// Inputs with no text (blank or image-only pages), passed through as they were.
    pub blank: usize,
    /// Edits applied, by kind.
    pub applied: BTreeMap<&'static str, usize>,
    /// Edits proposed but not applied, by kind: the review queue.
    pub suggested: BTreeMap<&'static str, usize>,
    /// Edits in the report only, by kind: calibrated below the review
    /// threshold, neither suggested nor applied.
    pub report_only: BTreeMap<&'static str, usize>,
    /// Flags raised, by kind.
    pub flags: BTreeMap<&'static str, usize>,
}

impl BatchSummary {
    /// Counts one repaired document, with the edits `applied` applied.
    pub fn add(&mut self, repair: &Repair, applied: &Applied) {
        self.documents += 1;
        for (edit, applied) in repair.edits.iter().zip(applied.mask(repair.edits.len())) {
            let counts = if applied {
                &mut self.applied
            } else if edit.applicability == Applicability::Display {
                &mut self.report_only
            } else {
                &mut self.suggested
            };
            *counts.entry(edit.kind().as_str()).or_default() += 1;
        }
        for f in &repair.flags {
            *self.flags.entry(f.kind.as_str()).or_default() += 1;
        }
    }
}

impl BatchSummary {
    /// Adds the counts of one window of a file read a window at a time
    /// (`window`, the window's edits and flags): a window, and, when it is
    /// the `last`, the file's document. A file whose window failed is an
    /// error, not a document repaired; the edits of its windows before the
    /// failure are in the report, and counted.
    pub fn merge_window(&mut self, window: &BatchSummary, last: bool) {
        self.merge(&BatchSummary {
            documents: usize::from(last),
            windows: 1,
            ..window.clone()
        });
    }

    /// Adds another summary's counts to this one.
    pub fn merge(&mut self, other: &BatchSummary) {
        self.documents += other.documents;
        self.windows += other.windows;
        self.skipped += other.skipped;
        self.errors += other.errors;
        self.blank += other.blank;
        for (mine, theirs) in [
            (&mut self.applied, &other.applied),
            (&mut self.suggested, &other.suggested),
            (&mut self.report_only, &other.report_only),
            (&mut self.flags, &other.flags),
        ] {
            for (k, n) in theirs {
                *mine.entry(k).or_default() += n;
            }
        }
    }
}

impl fmt::Display for BatchSummary {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let list = |counts: &BTreeMap<&str, usize>| {
            if counts.is_empty() {
                return "none".to_string();
            }
            counts
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(f, "{} documents repaired", self.documents)?;
        if self.windows > 0 {
            write!(f, " ({} windows of files read a window at a time)", self.windows)?;
        }
        writeln!(
            f,
            ", {} skipped (done before), {} errors",
            self.skipped, self.errors
        )?;
        if self.blank > 0 {
            writeln!(f, "{} blank pages passed through as they were", self.blank)?;
        }
        writeln!(f, "applied: {}", list(&self.applied))?;
        writeln!(f, "for review: {}", list(&self.suggested))?;
        if !self.report_only.is_empty() {
            writeln!(f, "in the report only: {}", list(&self.report_only))?;
        }
        write!(f, "flags: {}", list(&self.flags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_in_windows_is_one_document_counted_at_its_last_window() {
        let window = BatchSummary {
            documents: 1,
            applied: BTreeMap::from([("join_paragraphs", 2)]),
            ..BatchSummary::default()
        };
        let mut run = BatchSummary::default();
        run.merge_window(&window, false);
        run.merge_window(&window, false);
        assert_eq!((run.documents, run.windows), (0, 2));
        run.merge_window(&window, true);
        assert_eq!((run.documents, run.windows), (1, 3));
        assert_eq!(run.applied["join_paragraphs"], 6, "every window's edits count");
        run.merge(&window);
        assert_eq!((run.documents, run.windows), (2, 3));
        let said = run.to_string();
        assert!(
            said.starts_with("2 documents repaired (3 windows of files read a window at a time), "),
            "{said}"
        );
    }
}
