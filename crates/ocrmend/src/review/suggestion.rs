//! Suggestions: the edits left for review, with their context, as records.

use crate::edit::{Applicability, Edit};
use crate::repair::Repair;
use crate::report::{context_after, context_before};
use crate::Options;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Characters of context shown on each side of a change.
const CONTEXT: usize = 40;

/// Where a suggestion is, in bytes and in characters of the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// First byte of the text replaced.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The same, in characters.
    pub char_start: usize,
    /// One past the last character.
    pub char_end: usize,
    /// The blocks it touches.
    pub blocks: Vec<String>,
    /// Their pages, where the input gives them.
    pub pages: Vec<String>,
    /// For a move: the byte where the moved text goes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub insert_at: Option<usize>,
}

/// One edit left for review, as a reviewer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The suggestion's id, unique across documents: decisions name it.
    pub id: String,
    /// The edit's stable id within its document (the same change to the
    /// same text in two documents has the same edit id, not the same `id`).
    pub edit: String,
    /// What it does (`join_paragraphs`, `move_fragment`, …).
    pub kind: String,
    /// The document's name.
    pub document: String,
    /// The input file it was made from.
    pub input: String,
    /// For a JSONL input: the record's line, from 1.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<usize>,
    /// xxh3-64 of the input's bytes (of a JSONL record: its line's), to
    /// refuse applying it to another input.
    pub input_hash: String,
    /// The options it was made with.
    pub options: Options,
    /// Where it is.
    pub location: Location,
    /// The text it replaces.
    pub before: String,
    /// The text it puts in (for a move: the text moved, as it goes in).
    pub after: String,
    /// For an edit that also puts text in elsewhere: what takes the place
    /// of the text it takes away (a join across: the space between the
    /// halves; a move: nothing).
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub in_place: String,
    /// Text before the change.
    pub context_before: String,
    /// Text after the change.
    pub context_after: String,
    /// For a move: the text around the place the moved text goes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub insertion_context: Option<(String, String)>,
    /// The edit (its `edit` id) this one is applied only with: the join of
    /// the seam a dehyphenation, a lost character or a repeated line is at.
    /// Accepting this one without that one applies neither.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub requires: Option<String>,
    /// For a join: the edits (their `edit` ids) that go in only with it —
    /// a dehyphenation, a lost character, a repeated line at its seam. The
    /// join and these are one decision for a reviewer: the join with them,
    /// the join without them, or neither ([`fixes`]).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub with: Vec<String>,
    /// Probability that the edit is right.
    pub confidence: f64,
    /// The observations behind it, each with its weight.
    pub evidence: Vec<(String, String, f64)>,
    /// Where on the scan to look, when the input names its image and has
    /// the blocks' boxes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scan: Option<Scan>,
}

/// The part of a scan a suggestion is about: every block it names (both
/// sides of a seam, a moved fragment and the paragraph it goes to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scan {
    /// The image, as the input names it.
    pub image: String,
    /// The blocks' boxes together, `[x, y, width, height]` in the image's pixels.
    pub bbox: [f64; 4],
}

impl Scan {
    /// The scan of `blocks` of `doc`, when it names its image and they have boxes.
    fn of(doc: &crate::Document, blocks: &[usize]) -> Option<Scan> {
        let image = doc.image.clone()?;
        let boxes: Vec<[f64; 4]> = blocks
            .iter()
            .filter_map(|&b| doc.blocks[b].geometry().bbox)
            .collect();
        let (x0, y0) = boxes
            .iter()
            .fold((f64::MAX, f64::MAX), |(x, y), b| (x.min(b[0]), y.min(b[1])));
        let (x1, y1) = boxes.iter().fold((f64::MIN, f64::MIN), |(x, y), b| {
            (x.max(b[0] + b[2]), y.max(b[1] + b[3]))
        });
        (!boxes.is_empty()).then_some(Scan {
            image,
            bbox: [x0, y0, x1 - x0, y1 - y0],
        })
    }
}

/// An input recorded in a suggestions file, found: as recorded (relative to
/// the working directory), else beside the suggestions file.
pub fn locate_input(input: &str, suggestions: &Path) -> PathBuf {
    [
        PathBuf::from(input),
        suggestions.parent().unwrap_or(Path::new(".")).join(input),
    ]
    .into_iter()
    .find(|p| p.exists())
    .unwrap_or_else(|| PathBuf::from(input))
}

/// How a deletion and an insertion are marked in [`Suggestion::inline_change`]:
/// the strings around each.
#[derive(Debug, Clone, Copy)]
pub struct Marks<'a> {
    /// Before and after deleted text.
    pub deleted: (&'a str, &'a str),
    /// Before and after inserted text.
    pub inserted: (&'a str, &'a str),
}

impl Marks<'_> {
    /// `[-deleted-]{+inserted+}`, as `git diff --word-diff` writes them.
    pub const PLAIN: Marks<'static> = Marks {
        deleted: ("[-", "-]"),
        inserted: ("{+", "+}"),
    };
}

impl Suggestion {
    /// The change in its context on one line (two for a move: where the
    /// text leaves, where it goes), line breaks shown as `⏎`.
    pub fn inline_change(&self, marks: Marks) -> Vec<String> {
        // An empty side gets no marks.
        let mark = |t: &str, (open, close): (&str, &str)| match t {
            "" => String::new(),
            t => format!("{open}{}{close}", t.replace('\n', "⏎")),
        };
        let (deleted, inserted) = (
            mark(&self.before, marks.deleted),
            mark(&self.after, marks.inserted),
        );
        match &self.insertion_context {
            Some((before, after)) => vec![
                format!(
                    "from: …{}{deleted}{}{}…",
                    self.context_before,
                    mark(&self.in_place, marks.inserted),
                    self.context_after
                ),
                format!("to:   …{before}{inserted}{after}…"),
            ],
            None => vec![format!(
                "…{}{deleted}{inserted}{}…",
                self.context_before, self.context_after
            )],
        }
    }
}

/// Reads a suggestions file, as `ocrmend repair --suggestions` writes it.
pub fn read_suggestions(path: &Path) -> crate::Result<Vec<Suggestion>> {
    Ok(super::read_records(path, "suggestion", false)?.0)
}

/// One input of a run that wrote suggestions, with suggestions or not, so
/// that `apply` writes every input back, not only those with suggestions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The input's path as given.
    pub input: String,
    /// xxh3-64 of a file input's bytes (a JSONL input is checked record by
    /// record, through its suggestions).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub input_hash: Option<String>,
    /// Whether the input is JSONL records.
    pub jsonl: bool,
    /// The options it was repaired with.
    pub options: Options,
    /// The encoding it was read in when the run named one (`--encoding`);
    /// none when it was detected.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encoding: Option<String>,
    /// The reader it was read with when the run named one (`--format`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub format: Option<String>,
}

impl ManifestEntry {
    /// How the run read this input: as it named, else detected.
    pub fn read_as(&self) -> crate::Result<crate::input::ReadAs> {
        let format = match &self.format {
            Some(name) => Some(
                name.parse()
                    .map_err(|message| crate::Error::Options { message })?,
            ),
            None => None,
        };
        let encoding = match &self.encoding {
            Some(label) => crate::input::EncodingChoice::from_label(label)?,
            None => crate::input::EncodingChoice::Detect,
        };
        Ok(crate::input::ReadAs { encoding, format })
    }
}

/// Where the manifest of a suggestions file is: beside it.
pub fn manifest_path(suggestions: &Path) -> PathBuf {
    suggestions.with_extension("inputs.jsonl")
}

/// Reads the manifest of a suggestions file; `None` when it has none (a
/// file written before manifests existed).
pub fn read_manifest(suggestions: &Path) -> crate::Result<Option<Vec<ManifestEntry>>> {
    let path = manifest_path(suggestions);
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(super::read_records(&path, "manifest", false)?.0))
}

/// A file's hash, as decisions record their suggestions file's.
pub fn file_hash(path: &Path) -> crate::Result<String> {
    let bytes = std::fs::read(path).map_err(|source| crate::Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(input_hash(&bytes))
}

/// Where decisions go when no other place is named: beside the suggestions.
pub fn decisions_path(named: Option<&Path>, suggestions: &Path) -> PathBuf {
    named.map_or_else(
        || suggestions.with_extension("decisions.jsonl"),
        Path::to_path_buf,
    )
}

/// The input's hash, as suggestions record it.
pub fn input_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxh3_64(bytes))
}

/// The edits of `repair` left for review, as suggestions on `input` (record
/// `record` of it, for JSONL), whose bytes hash to `hash`; made one at a
/// time, so that a large document's need not all be in memory at once.
pub fn suggestions<'a>(
    repair: &'a Repair,
    input: &'a str,
    record: Option<usize>,
    hash: &'a str,
    options: &'a Options,
) -> impl Iterator<Item = Suggestion> + 'a {
    let doc = &repair.document;
    let text = &doc.text;
    let page_of = |&i: &usize| doc.blocks[i].geometry().page.clone();
    // Character offsets counted once along the text: edits come in order of
    // their start.
    let (mut byte, mut chars) = (0, 0);
    let mut chars_to = move |at: usize| {
        debug_assert!(at >= byte, "edits out of text order");
        chars += text[byte..at].chars().count();
        byte = at;
        chars
    };
    let goes_with = repair.goes_with();
    repair
        .edits
        .iter()
        .enumerate()
        .filter(|(_, e)| e.applicability == Applicability::Review)
        .map(move |(index, e): (usize, &Edit)| {
            let char_start = chars_to(e.span.start);
            let blocks = e.effect.blocks();
            Suggestion {
                id: format!(
                    "{:016x}",
                    xxh3_64(format!("{input}\u{1f}{record:?}\u{1f}{}", e.id).as_bytes())
                ),
                edit: e.id.to_string(),
                kind: e.kind().as_str().to_string(),
                document: doc.name.clone(),
                input: input.to_string(),
                record,
                input_hash: hash.to_string(),
                options: *options,
                location: Location {
                    start: e.span.start,
                    end: e.span.end,
                    char_start,
                    char_end: char_start + text[e.span.range()].chars().count(),
                    blocks: blocks.iter().map(|&b| doc.blocks[b].id.0.clone()).collect(),
                    pages: blocks.iter().filter_map(page_of).collect(),
                    insert_at: e.insertion.as_ref().map(|i| i.at),
                },
                before: text[e.span.range()].to_string(),
                after: match &e.insertion {
                    Some(i) => i.text.clone(),
                    None => e.replacement.clone(),
                },
                in_place: match &e.insertion {
                    Some(_) => e.replacement.clone(),
                    None => String::new(),
                },
                context_before: context_before(text, e.span.start, CONTEXT),
                context_after: context_after(text, e.span.end, CONTEXT),
                insertion_context: e.insertion.as_ref().map(|i| {
                    (
                        context_before(text, i.at, CONTEXT),
                        context_after(text, i.at, CONTEXT),
                    )
                }),
                requires: e.requires.map(|r| repair.edits[r].id.to_string()),
                with: goes_with[index]
                    .iter()
                    .filter(|&&d| repair.edits[d].applicability == Applicability::Review)
                    .map(|&d| repair.edits[d].id.to_string())
                    .collect(),
                confidence: e.confidence,
                evidence: e
                    .evidence
                    .iter()
                    .map(|f| (f.name.to_string(), f.value.to_string(), f.weight))
                    .collect(),
                scan: Scan::of(doc, &blocks),
            }
        })
}
/// The suggestions as a reviewer decides them: each fix is a join and the
/// suggestions that go in only with it (its `with`), or a suggestion alone.
/// Indices into `suggestions`, the join first, fixes in the order of their
/// first member. A suggestion whose join is not listed (applied by default,
/// or in another file) is a fix of its own.
pub fn fixes(suggestions: &[Suggestion]) -> Vec<Vec<usize>> {
    let by_edit: std::collections::HashMap<(&str, &str), usize> = suggestions
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.input.as_str(), s.edit.as_str()), i))
        .collect();
    let join_of = |s: &Suggestion| {
        s.requires
            .as_deref()
            .and_then(|j| by_edit.get(&(s.input.as_str(), j)).copied())
            .filter(|&j| suggestions[j].record == s.record)
    };
    let mut fix_of: Vec<Option<usize>> = vec![None; suggestions.len()];
    let mut fixes: Vec<Vec<usize>> = Vec::new();
    for (i, s) in suggestions.iter().enumerate() {
        if fix_of[i].is_some() {
            // A join already placed at the head of a fix by what goes with it.
            continue;
        }
        let head = join_of(s).unwrap_or(i);
        let f = match fix_of[head] {
            Some(f) => {
                fixes[f].push(i);
                f
            }
            None => {
                // The join leads its fix, wherever it stands in the list.
                fixes.push(if head == i { vec![i] } else { vec![head, i] });
                fixes.len() - 1
            }
        };
        fix_of[head] = Some(f);
        fix_of[i] = Some(f);
    }
    fixes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_plain;

    #[test]
    fn a_join_and_what_goes_with_it_are_one_fix() {
        // A lost character at the first seam (its join only suggested), a
        // suggested join alone at the second.
        let page = "近年来,全市新建充电站19座、充\n\n桩113根,超额完成任务\n\n今年全市将继续推进\n";
        let doc = parse_plain("p.txt".into(), page.as_bytes().to_vec()).unwrap();
        // A review threshold under the lost character's calibrated
        // confidence (0.33), so that it is offered.
        let options = Options {
            thresholds: crate::Thresholds::new(0.999, 0.3).unwrap(),
            ..Options::default()
        };
        let repaired = crate::repair(doc, &options);
        let listed: Vec<Suggestion> = suggestions(&repaired, "p.txt", None, "h", &options).collect();
        let kinds: Vec<&str> = listed.iter().map(|s| s.kind.as_str()).collect();
        let lost = kinds
            .iter()
            .position(|&k| k == "insert_lost_character")
            .expect("a lost character");
        let join = listed
            .iter()
            .position(|s| Some(&s.edit) == listed[lost].requires.as_ref())
            .expect("its join suggested");
        assert_eq!(listed[join].with, vec![listed[lost].edit.clone()]);
        let fixes = fixes(&listed);
        assert!(fixes.contains(&vec![join, lost]), "{fixes:?} of {kinds:?}");
        // Every suggestion in exactly one fix.
        let mut all: Vec<usize> = fixes.concat();
        all.sort_unstable();
        assert_eq!(all, (0..listed.len()).collect::<Vec<_>>());
    }
}
