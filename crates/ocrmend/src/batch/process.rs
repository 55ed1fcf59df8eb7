//! One document of a batch, from its bytes to everything the sinks write:
//! the repaired text, its diff baseline, its report, its suggestions and its
//! counts. A document that trips an internal error becomes an error for that
//! document alone.

use super::sinks::Handled;
use crate::edit::Applied;
use crate::error::{Error, Result};
use crate::input::{parse_bytes_as, ReadAs};
use crate::report::{document_report, provenance, BatchSummary, Spooled};
use crate::review::{input_hash, suggestions, Marks, Suggestion};
use crate::{Applicability, Document, Edit, Options, Repair, Repairer};

/// What every document of a run is repaired with and what is made of it,
/// validated once.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// What decides: the decision model and the language model, built once.
    pub repairer: Repairer<'static>,
    /// Repair options (thresholds checked by [`crate::Thresholds::new`]).
    pub options: Options,
    /// How inputs are read: their encoding and format (detected by default).
    pub read_as: ReadAs,
    /// Edits at least this applicable are applied.
    pub apply_from: Applicability,
    /// Keep the layout-only text beside the repaired one, for diffs.
    pub diff: bool,
    /// Build each document's JSON report.
    pub report: bool,
    /// Write the suggestions left for review as JSONL lines.
    pub suggestions: bool,
    /// Keep each output paragraph's source blocks (JSONL records carry them).
    pub provenance: bool,
    /// Keep the edits and flags as compact JSON arrays, without the rest of
    /// the report: what a record's columns hold (the Spark jobs).
    pub edits: bool,
}

impl RunConfig {
    /// A configuration that only repairs, with the shipped models and `options`.
    pub fn new(options: Options) -> Self {
        RunConfig {
            repairer: Repairer::shipped(),
            options,
            read_as: ReadAs::default(),
            apply_from: Applicability::Safe,
            diff: false,
            report: false,
            suggestions: false,
            provenance: false,
            edits: false,
        }
    }
}

/// An input as suggestions record it: its path as given, the hash of its
/// bytes, and for a JSONL record its line.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The input's path as given.
    pub path: String,
    /// [`input_hash`] of its bytes (of the record's line).
    pub hash: String,
    /// For a JSONL record, its line (from 1).
    pub record: Option<usize>,
}

impl Origin {
    /// The origin of `bytes` read from `path` (line `record` of it).
    pub fn new(path: String, bytes: &[u8], record: Option<usize>) -> Self {
        Origin {
            path,
            hash: input_hash(bytes),
            record,
        }
    }
}

/// One repaired document, reduced to what the sinks need.
#[derive(Debug)]
pub struct Processed {
    /// The document's name.
    pub name: String,
    /// The repaired text.
    pub text: String,
    /// The applied edits, by index into the repair's edits.
    pub applied: Vec<usize>,
    /// When diffs are asked for: the input's text as read (what a patch
    /// applies to), and the text with layout only (what the inline view of
    /// each change compares with).
    pub baseline: Option<Baseline>,
    /// The suggestions left for review, one inline change each, for diffs.
    pub review_changes: Vec<String>,
    /// The document's report, pretty JSON, when asked for.
    pub report: Option<Spooled>,
    /// The document's counts.
    pub summary: BatchSummary,
    /// Output paragraphs and their source blocks, JSON, when asked for.
    pub provenance: Option<String>,
    /// The edits and the flags, compact JSON arrays, when asked for.
    pub edits: Option<(String, String)>,
    /// The suggestions left for review, JSONL lines, when asked for.
    pub suggestions: Option<Spooled>,
    /// Whether edits a reviewer is offered were left unapplied.
    pub review_left: bool,
    /// What the reader left out, one line each (`byte N: why: "text"`).
    pub reader_warnings: Vec<String>,
}

/// What a diff compares the repaired text with.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The input's text as read: for a text file, the file (decoded).
    pub input: String,
    /// The input laid out as the output is, no edit made.
    pub layout: String,
}

/// A page as read: a document to repair, or a blank page (no text at all)
/// that passes through as it was.
#[derive(Debug)]
pub enum Page {
    /// A page with text.
    Text(Document),
    /// A page with no text: its whitespace as read (plain text), or nothing (markup).
    Blank(String),
}

/// Reads `bytes` as `read_as` says (see [`parse_bytes_as`]); a page with no
/// text is [`Page::Blank`], not an error.
pub fn read_page(name: String, bytes: Vec<u8>, read_as: ReadAs) -> Result<Page> {
    let plain = bytes
        .iter()
        .all(u8::is_ascii_whitespace)
        .then(|| String::from_utf8_lossy(&bytes).into_owned());
    match parse_bytes_as(name, bytes, read_as) {
        Ok(doc) => Ok(Page::Text(doc)),
        Err(Error::Empty { .. }) => Ok(Page::Blank(plain.unwrap_or_default())),
        Err(e) => Err(e),
    }
}

/// One input's bytes through the whole path: read as `config` says,
/// repaired, and made into what `config` asks for; a page with no text is
/// [`Handled::Blank`], passed through as it was. What the command line does
/// with each page file and the Python binding with each text.
pub fn process_bytes(origin: &Origin, bytes: Vec<u8>, config: &RunConfig) -> Result<Handled> {
    Ok(match read_page(origin.path.clone(), bytes, config.read_as)? {
        Page::Text(doc) => Handled::Done(Box::new(process(doc, origin, config)?)),
        Page::Blank(text) => Handled::Blank(text),
    })
}

/// Repairs `document` and makes what `config` asks for of it.
pub fn process(document: Document, origin: &Origin, config: &RunConfig) -> Result<Processed> {
    // Only a report, the suggestions and the edits' columns show evidence.
    let repairer = match config.report || config.suggestions || config.edits {
        true => config.repairer,
        false => config.repairer.without_evidence(),
    };
    let repaired = repairer.repair(document, &config.options);
    let from = config.apply_from;
    let processed = finish(&repaired, origin, config, |e| e.applicability >= from);
    // Freeing a large page's repair (a hundred thousand edits with their
    // evidence) takes tens of milliseconds: done on the pool, beside the
    // writing of what was made of it.
    rayon::spawn(move || drop(repaired));
    processed
}

/// Makes what `config` asks for of a repair, applying the edits `select` takes.
pub(super) fn finish(
    repair: &Repair,
    origin: &Origin,
    config: &RunConfig,
    select: impl FnMut(&Edit) -> bool,
) -> Result<Processed> {
    let mut review_changes = Vec::new();
    // With edits for review applied, the suggestions are in the diff itself.
    let list_in_diff = config.diff && config.apply_from == Applicability::Safe;
    let mut list = |s: &Suggestion| {
        if list_in_diff {
            review_changes.push(format!(
                "{} {} ({:.3}):",
                s.kind,
                s.location.blocks.join(" → "),
                s.confidence
            ));
            review_changes.extend(
                s.inline_change(Marks::PLAIN)
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
        }
    };
    let listed = || suggestions(repair, &origin.path, origin.record, &origin.hash, &config.options);
    // Past a few MB, what waits for its turn waits in the temporary
    // directory: a failure there is named.
    let spooling = |e| Error::write(&std::env::temp_dir(), e);
    let suggestion_lines = if config.suggestions {
        let lines = Spooled::write_with(|out| {
            for s in listed() {
                serde_json::to_writer(&mut *out, &s)?;
                out.write_all(b"\n")?;
                list(&s);
            }
            Ok(())
        });
        Some(lines.map_err(spooling)?)
    } else {
        if list_in_diff {
            listed().for_each(|s| list(&s));
        }
        None
    };
    let applied = repair.apply(select);
    let mut summary = BatchSummary::default();
    summary.add(repair, &applied);
    let name = &repair.document.name;
    let whole = (config.report || config.edits).then(|| document_report(repair, &applied));
    let report = match (&whole, config.report) {
        (Some(whole), true) => Some(Spooled::document_report(whole).map_err(spooling)?),
        _ => None,
    };
    let edits = match (&whole, config.edits) {
        (Some(whole), true) => Some((
            serde_json::to_string(&whole.edits).map_err(|e| internal(name, e))?,
            serde_json::to_string(&whole.flags).map_err(|e| internal(name, e))?,
        )),
        _ => None,
    };
    let provenance = match config.provenance {
        true => Some(serde_json::to_string(&provenance(repair, &applied)).map_err(|e| internal(name, e))?),
        false => None,
    };
    Ok(Processed {
        baseline: config.diff.then(|| Baseline {
            input: repair.document.text.clone(),
            layout: repair.apply(|_| false).text,
        }),
        review_changes,
        review_left: left_for_review(repair, &applied),
        applied: applied.applied.clone(),
        name: name.clone(),
        text: applied.text,
        report,
        summary,
        provenance,
        edits,
        suggestions: suggestion_lines,
        reader_warnings: repair
            .document
            .warnings
            .iter()
            .map(|w| format!("byte {}: {}: {:?}", w.offset, w.reason, w.text))
            .collect(),
    })
}

/// Runs `work` for the document `name` so that a panic inside it (an
/// internal assertion) is an [`Error::Internal`] for that document, not
/// the end of the batch.
pub fn isolated<T>(name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into());
        Err(Error::Internal {
            name: name.to_string(),
            message,
        })
    })
}

/// Whether an edit a reviewer is offered (suggested or safe) is left
/// unapplied: an edit in the report only is no suggestion.
fn left_for_review(repair: &Repair, applied: &Applied) -> bool {
    repair
        .edits
        .iter()
        .zip(applied.mask(repair.edits.len()))
        .any(|(e, applied)| !applied && e.applicability >= Applicability::Review)
}

fn internal(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Internal {
        name: name.to_string(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_an_error_for_that_document() {
        let err = isolated::<()>("page-9.txt", || panic!("an internal assertion")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "page-9.txt: internal error, input left as it was: an internal assertion"
        );
    }
}
