//! Reports: what was changed and why, as JSON for machines and as diffs for
//! people. Every output mode reads the same [`DocumentReport`]; the library
//! builds it and never prints.

mod diff;
mod spool;
mod stream;
mod summary;

pub use diff::{inline_diff, unified_diff};
pub use spool::{Spooled, SPOOLED_IN_MEMORY};
pub use stream::RunReportWriter;
pub use summary::BatchSummary;

use crate::edit::{Applicability, Applied, Edit, Effect};
use crate::model::{BlockId, Geometry, ReaderWarning, Role, Script, Span};
use crate::repair::{FlagKind, Repair};
use serde::Serialize;

/// Version of the JSON report's shape; bumped on any incompatible change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

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
    /// Bytes of input (decoded as UTF-8).
    pub input_bytes: usize,
    /// The encoding the input was in, when it was not UTF-8.
    #[serde(skip_serializing_if = "is_utf8")]
    pub encoding: &'a str,
    /// Blocks with their roles.
    pub blocks: Vec<BlockReport<'a>>,
    /// One decision per pair of consecutive blocks.
    pub seams: Vec<SeamReport<'a>>,
    /// Every proposed edit.
    pub edits: Vec<EditReport<'a>>,
    /// Truncation flags.
    pub flags: Vec<FlagReport<'a>>,
    /// Paragraphs left open with nothing here to continue them: where an
    /// archivist looks for a missing page.
    pub open_ends: Vec<OpenEnd<'a>>,
    /// Where each output paragraph comes from.
    pub paragraphs: Vec<ParagraphSource<'a>>,
    /// Text the reader left out, and why (none for well-formed inputs).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub reader_warnings: &'a [ReaderWarning],
    /// Counts for a quick look.
    pub summary: Summary,
}

/// A seam decision, its blocks named by id.
#[derive(Debug, Serialize)]
pub struct SeamReport<'a> {
    /// Block before the seam.
    pub left: &'a BlockId,
    /// Block after the seam.
    pub right: &'a BlockId,
    /// Probability that the two are one paragraph.
    pub confidence: f64,
    /// Index of the join edit proposed for it, if any.
    pub edit: Option<usize>,
    /// The observations behind the decision.
    pub evidence: &'a [crate::Feature],
}

/// A flag, its block named by id.
#[derive(Debug, Serialize)]
pub struct FlagReport<'a> {
    /// What it says.
    pub kind: FlagKind,
    /// The block it is about.
    pub block: &'a BlockId,
    /// Where in the input.
    pub span: Span,
    /// The observations behind it.
    pub evidence: &'a [crate::Feature],
}

/// A paragraph that ends mid-sentence, with what helps find its continuation.
#[derive(Debug, Serialize)]
pub struct OpenEnd<'a> {
    /// The block that ends open.
    pub block: &'a BlockId,
    /// Its page, when the input gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<&'a str>,
    /// Its last characters.
    pub ends_with: String,
    /// The page a jump line right after it names, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continued_on: Option<String>,
}

/// Provenance of one output paragraph: the input blocks it is made of, so a
/// reviewer can find it on the scan.
#[derive(Debug, Serialize)]
pub struct ParagraphSource<'a> {
    /// Position among the output's paragraphs (blank-line separated), from 0.
    pub paragraph: usize,
    /// Its source blocks in output order, with their place on the scan.
    pub blocks: Vec<BlockSource<'a>>,
}

/// One source block of an output paragraph.
#[derive(Debug, Serialize)]
pub struct BlockSource<'a> {
    /// Block id.
    pub id: &'a BlockId,
    /// Bytes of the input it was read from: the whole block, or the part
    /// of it that makes this paragraph when its line boxes show more than
    /// one.
    pub span: Span,
    /// Page and box, when the input had them.
    #[serde(skip_serializing_if = "Geometry::is_empty")]
    pub geometry: &'a Geometry,
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
    /// The lines (from 0) that open a paragraph inside the block
    /// ([`crate::analyze::ParagraphBreaks::starts_inside`]: by its line
    /// boxes, or after a reporter's byline read into its story's lines).
    /// The output keeps a blank line before them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paragraph_starts: Vec<usize>,
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
    /// The blocks it touches, by id.
    pub blocks: Vec<&'a BlockId>,
    /// For a join: the edits (by index) that go in only with it; the join
    /// and these are one fix for a reviewer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<usize>,
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
    let is_applied = applied.mask(repair.edits.len());
    let breaks = repair.paragraph_breaks_inside();
    let blocks = doc
        .blocks
        .iter()
        .zip(&repair.facts)
        .zip(&breaks)
        .map(|((b, f), breaks)| BlockReport {
            id: &b.id,
            role: f.role.role,
            role_reason: f.role.reason,
            script: f.script,
            span: b.span(),
            geometry: b.geometry(),
            // The line a break ends before: the one starting where it ends.
            paragraph_starts: breaks
                .iter()
                .filter_map(|gap| b.lines.iter().position(|l| l.span.start == gap.end))
                .collect(),
            preview: doc.slice(b.span()).chars().take(24).collect(),
        })
        .collect();
    let goes_with = repair.goes_with();
    let edits: Vec<EditReport> = repair
        .edits
        .iter()
        .zip(&is_applied)
        .zip(goes_with)
        .map(|((e, &applied), with)| EditReport {
            edit: e,
            with,
            blocks: e.effect.blocks().into_iter().map(|b| &doc.blocks[b].id).collect(),
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
    let open_ends = repair
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::TruncatedEnd)
        .map(|f| OpenEnd {
            block: &doc.blocks[f.block].id,
            page: doc.blocks[f.block].geometry().page.as_deref(),
            ends_with: context_before(&doc.text, f.span.end, 24),
            continued_on: f.continued_on.map(|page| page.to_string()),
        })
        .collect();
    DocumentReport {
        open_ends,
        paragraphs: provenance_with(repair, applied, &breaks),
        document: &doc.name,
        input_bytes: doc.text.len(),
        encoding: doc.encoding,
        blocks,
        seams: repair
            .seams
            .iter()
            .map(|s| SeamReport {
                left: &doc.blocks[s.left].id,
                right: &doc.blocks[s.left + 1].id,
                confidence: s.confidence,
                edit: s.edit,
                evidence: &s.evidence,
            })
            .collect(),
        edits,
        flags: repair
            .flags
            .iter()
            .map(|f| FlagReport {
                kind: f.kind,
                block: &doc.blocks[f.block].id,
                span: f.span,
                evidence: &f.evidence,
            })
            .collect(),
        reader_warnings: &doc.warnings,
        summary,
    }
}

/// The output's paragraphs, each with its source blocks: blocks that applied
/// joins connect make one paragraph; a block an applied edit removes makes
/// none; a moved block follows the block it was moved after; a caption a
/// join across takes out is a paragraph of its own after the joined one.
pub fn provenance<'a>(repair: &'a Repair, applied: &Applied) -> Vec<ParagraphSource<'a>> {
    provenance_with(repair, applied, &repair.paragraph_breaks_inside())
}

/// [`provenance`], given each block's paragraph breaks
/// ([`Repair::paragraph_breaks_inside`]), which the report reads too.
fn provenance_with<'a>(
    repair: &'a Repair,
    applied: &Applied,
    breaks: &[Vec<Span>],
) -> Vec<ParagraphSource<'a>> {
    let doc = &repair.document;
    let mut joined_to_previous = vec![false; doc.blocks.len()];
    let mut gone = vec![false; doc.blocks.len()];
    let mut moved_after: Vec<Option<usize>> = vec![None; doc.blocks.len()];
    // A caption a join across took out goes after the block its text was
    // put behind.
    let mut caption_after: Vec<Vec<usize>> = vec![Vec::new(); doc.blocks.len()];
    for edit in applied.applied.iter().map(|&i| &repair.edits[i]) {
        // Every effect named: a new one must say what it does to paragraphs.
        match edit.effect {
            Effect::Join { right, .. } => joined_to_previous[right] = true,
            Effect::RemoveCopy { removed, .. } => gone[removed] = true,
            Effect::Move { moved, after } => {
                gone[moved] = true;
                moved_after[after] = Some(moved);
            }
            Effect::JoinAcross { between, right, .. } => {
                joined_to_previous[right] = true;
                let at = edit.insertion.as_ref().map_or(0, |i| i.at);
                let tail = doc.blocks.partition_point(|b| b.span().end < at);
                gone[between..right].fill(true);
                caption_after[tail.min(doc.blocks.len() - 1)].extend(between..right);
            }
            // Inside a paragraph or at its seam: no paragraph comes or goes.
            Effect::Dehyphenate { .. }
            | Effect::CloseUpWord { .. }
            | Effect::InsertCharacter { .. }
            | Effect::TrimLine { .. } => {}
        }
    }
    // A paragraph break the layout keeps inside a block: the block's text
    // makes a paragraph on each side of it.
    let parts = |i: usize| -> Vec<Span> {
        let span = doc.blocks[i].span();
        let mut parts = Vec::new();
        let mut start = span.start;
        for b in &breaks[i] {
            parts.push(Span::new(start, b.start));
            start = b.end;
        }
        parts.push(Span::new(start, span.end));
        parts
    };
    let source = |i: usize, span: Span| BlockSource {
        id: &doc.blocks[i].id,
        span,
        geometry: doc.blocks[i].geometry(),
    };
    let mut paragraphs: Vec<ParagraphSource> = Vec::new();
    for i in (0..doc.blocks.len()).filter(|&i| !gone[i]) {
        let parts = parts(i);
        match paragraphs.last_mut() {
            Some(last) if joined_to_previous[i] => last.blocks.push(source(i, parts[0])),
            _ => paragraphs.push(ParagraphSource {
                paragraph: paragraphs.len(),
                blocks: vec![source(i, parts[0])],
            }),
        }
        for &part in &parts[1..] {
            paragraphs.push(ParagraphSource {
                paragraph: paragraphs.len(),
                blocks: vec![source(i, part)],
            });
        }
        if let (Some(moved), Some(last)) = (moved_after[i], paragraphs.last_mut()) {
            last.blocks.push(source(moved, doc.blocks[moved].span()));
        }
        for &caption in &caption_after[i] {
            paragraphs.push(ParagraphSource {
                paragraph: paragraphs.len(),
                blocks: vec![source(caption, doc.blocks[caption].span())],
            });
        }
    }
    paragraphs
}

fn is_utf8(encoding: &&str) -> bool {
    *encoding == "UTF-8"
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
