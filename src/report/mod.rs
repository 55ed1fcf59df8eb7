//! Reports: what was changed and why, as JSON for machines and as diffs for
//! people. Every output mode reads the same [`DocumentReport`]; the library
//! builds it and never prints.

mod diff;

pub use diff::{inline_diff, unified_diff};

use crate::edit::{Applicability, Applied, Edit};
use crate::model::{BlockId, Geometry, Role, Script, Span};
use crate::repair::{Flag, Repair, SeamDecision};
use serde::Serialize;

/// Version of the JSON report's shape; bumped on any incompatible change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The JSON report of one run: every document in input order, each one a
/// [`DocumentReport`] already serialized (so a batch holds no repairs, and
/// each document's fields keep their order).
#[derive(Debug, Serialize)]
pub struct RunReport {
    /// Shape version of this document.
    pub schema_version: u32,
    /// The producing tool and its version.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// One entry per input that was read.
    pub documents: Vec<Box<serde_json::value::RawValue>>,
    /// Inputs that could not be read, with the reason.
    pub errors: Vec<ErrorReport>,
}

/// An input that failed, for the report.
#[derive(Debug, Serialize)]
pub struct ErrorReport {
    /// The input's name.
    pub document: String,
    /// What went wrong, with the position where it applies.
    pub message: String,
}

/// One document: its blocks, every edit (applied or not) and its flags.
#[derive(Debug, Serialize)]
pub struct DocumentReport<'a> {
    /// The input's name.
    pub document: &'a str,
    /// Bytes of input.
    pub input_bytes: usize,
    /// Blocks with their roles.
    pub blocks: Vec<BlockReport<'a>>,
    /// One decision per pair of consecutive blocks.
    pub seams: &'a [SeamDecision],
    /// Every proposed edit.
    pub edits: Vec<EditReport<'a>>,
    /// Truncation flags.
    pub flags: &'a [Flag],
    /// Counts for a quick look.
    pub summary: Summary,
}

/// A block as the report shows it.
#[derive(Debug, Serialize)]
pub struct BlockReport<'a> {
    /// Block id.
    pub id: &'a BlockId,
    /// Role.
    pub role: Role,
    /// The rule that gave the role.
    pub role_reason: &'static str,
    /// Dominant script.
    pub script: Script,
    /// Bytes in the input.
    pub span: Span,
    /// Page and box on the scan, when the input format gives them.
    #[serde(skip_serializing_if = "Geometry::is_empty")]
    pub geometry: &'a Geometry,
    /// The first characters of the block.
    pub preview: String,
}

/// An edit as the report shows it: the edit plus whether it was applied and
/// the text around it.
#[derive(Debug, Serialize)]
pub struct EditReport<'a> {
    /// The edit.
    #[serde(flatten)]
    pub edit: &'a Edit,
    /// True when this run applied it.
    pub applied: bool,
    /// The input text the edit replaces.
    pub before: &'a str,
    /// Up to 12 characters of input before the span.
    pub context_before: String,
    /// Up to 12 characters of input after the span.
    pub context_after: String,
}

/// Counts of what a document got.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Edits proposed.
    pub edits: usize,
    /// Edits applied.
    pub applied: usize,
    /// Proposed edits left for review.
    pub for_review: usize,
    /// Flags raised.
    pub flags: usize,
}

/// Builds the report of one repaired document.
pub fn document_report<'a>(repair: &'a Repair, applied: &Applied) -> DocumentReport<'a> {
    let doc = &repair.document;
    let mut is_applied = vec![false; repair.edits.len()];
    for &i in &applied.applied {
        is_applied[i] = true;
    }
    let blocks = doc
        .blocks
        .iter()
        .zip(&repair.facts)
        .map(|(b, f)| BlockReport {
            id: &b.id,
            role: f.role.role,
            role_reason: f.role.reason,
            script: f.script,
            span: b.span(),
            geometry: &b.geometry,
            preview: doc.slice(b.span()).chars().take(24).collect(),
        })
        .collect();
    let edits: Vec<EditReport> = repair
        .edits
        .iter()
        .zip(&is_applied)
        .map(|(e, &applied)| EditReport {
            edit: e,
            applied,
            before: doc.slice(e.span),
            context_before: context_before(&doc.text, e.span.start, 12),
            context_after: context_after(&doc.text, e.span.end, 12),
        })
        .collect();
    let summary = Summary {
        edits: edits.len(),
        applied: applied.applied.len(),
        for_review: edits
            .iter()
            .filter(|e| !e.applied && e.edit.applicability == Applicability::Review)
            .count(),
        flags: repair.flags.len(),
    };
    DocumentReport {
        document: &doc.name,
        input_bytes: doc.text.len(),
        blocks,
        seams: &repair.seams,
        edits,
        flags: &repair.flags,
        summary,
    }
}

/// Up to `n` characters before byte `at`, line breaks shown as `⏎`.
pub fn context_before(text: &str, at: usize, n: usize) -> String {
    let chars: Vec<char> = text[..at].chars().rev().take(n).collect();
    chars.into_iter().rev().map(show_break).collect()
}

/// Up to `n` characters from byte `at`, line breaks shown as `⏎`.
pub fn context_after(text: &str, at: usize, n: usize) -> String {
    text[at..].chars().take(n).map(show_break).collect()
}

fn show_break(c: char) -> char {
    if c == '\n' {
        '⏎'
    } else {
        c
    }
}
