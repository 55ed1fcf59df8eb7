//! The one document model every reader fills and every stage reads.
//!
//! A [`Document`] owns the decoded input text; blocks and lines only hold byte
//! [`Span`]s into it, so every decision and every edit can point at the exact
//! source bytes it is about. Geometry is optional: plain text has none; the
//! XML readers (ALTO, hOCR, PAGE) and JSONL regions give it.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; panics in debug builds when reversed.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "reversed span {start}..{end}");
        Span { start, end }
    }

    /// An empty span at `at`, used by insertions.
    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an insertion point.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a range, for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// True when the two spans share at least one byte, or when an insertion
    /// point lies strictly inside the other span.
    pub fn overlaps(&self, other: &Span) -> bool {
        if self.is_empty() || other.is_empty() {
            let (point, span) = if self.is_empty() {
                (self, other)
            } else {
                (other, self)
            };
            return span.start < point.start && point.start < span.end;
        }
        self.start < other.end && other.start < self.end
    }
}

/// Stable identifier of a block inside its document (`b0`, `b1`, … for plain
/// text; the source id for XML formats).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct BlockId(pub String);

/// What a block is on the page. Roles are evidence for every decision: only
/// body paragraphs are ever joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Running text of an article.
    Body,
    /// An article's title.
    Headline,
    /// The author line under a headline.
    Byline,
    /// The text under a photo.
    Caption,
    /// Running heads, page numbers, jump lines: text of the page, not of an article.
    Furniture,
}

impl Role {
    /// The role's name as it appears in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::Headline => "headline",
            Role::Byline => "byline",
            Role::Caption => "caption",
            Role::Furniture => "furniture",
        }
    }
}

/// The writing system that dominates a block; decides how lines are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Script {
    /// Chinese, Japanese, Korean: no spaces between words.
    Cjk,
    /// Latin-script languages: words separated by spaces.
    Latin,
    /// Digits and punctuation only, or nothing.
    Neutral,
}

/// Where a block sits on the scan, when the input format says so.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Geometry {
    /// Page number or id within the issue.
    pub page: Option<String>,
    /// Bounding box `[x, y, width, height]` in the source's units.
    pub bbox: Option<[f64; 4]>,
    /// The article flow the source assigns the block to (hOCR `cflow`, a
    /// JSONL region's article), when it does: blocks of different flows are
    /// different articles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    /// The block's type size in the source's units (the median of its
    /// lines' hOCR `x_size`), when the source gives one: captions and
    /// credits are set smaller than body text, headlines larger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_size: Option<f64>,
    /// The median height of the block's words, when the source gives word
    /// boxes but no type size (ALTO, for Latin text): smaller type shows in
    /// it, though less surely than in a type size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word_height: Option<f64>,
    /// The box of the block's first line, `[x, y, width, height]`, when
    /// the source gives line boxes: a paragraph's first line is indented,
    /// a continuation's is flush with its column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_line: Option<[f64; 4]>,
    /// The box of the block's last line: a paragraph's last line often
    /// stops short of the column's edge, a cut one runs to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_line: Option<[f64; 4]>,
    /// Every line's box, in order, when the source gives one for each: a
    /// block of another engine's may hold several paragraphs, each ending
    /// short and the next indented (ABBYY's ALTO). Not in reports.
    #[serde(skip)]
    pub line_boxes: Vec<[f64; 4]>,
    /// How many gutters its lines cross, the upper median over them: gaps
    /// between a line's words wider than twice its height, where OCR read a
    /// line on across the columns beside it. Not in reports.
    #[serde(skip)]
    pub gutters: u32,
}

impl Geometry {
    /// True when the input gave no position at all (plain text).
    pub fn is_empty(&self) -> bool {
        self.page.is_none()
            && self.bbox.is_none()
            && self.flow.is_none()
            && self.type_size.is_none()
            && self.word_height.is_none()
            && self.first_line.is_none()
            && self.line_boxes.is_empty()
    }

    /// As a block keeps it: nothing for an empty geometry, else on the heap.
    pub fn boxed(self) -> Option<Box<Geometry>> {
        (!self.is_empty()).then(|| Box::new(self))
    }
}

/// What a block without geometry reports.
static NO_GEOMETRY: Geometry = Geometry {
    page: None,
    bbox: None,
    flow: None,
    type_size: None,
    word_height: None,
    first_line: None,
    last_line: None,
    line_boxes: Vec::new(),
    gutters: 0,
};

/// One physical line of a block; its span excludes the line break and any
/// trailing whitespace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// Bytes of the line's text.
    pub span: Span,
}

/// A block of text as OCR delivered it: one or more lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// Stable id within the document.
    pub id: BlockId,
    /// The block's lines in order; never empty.
    pub lines: Vec<Line>,
    /// Position on the scan, when known (see [`Block::geometry`]); kept
    /// apart so that a block without one (plain text) takes no room for it.
    pub position: Option<Box<Geometry>>,
    /// The role the input format declares (a PAGE region type), if any: it
    /// overrides the role read off the text.
    pub declared_role: Option<Role>,
}

impl Block {
    /// Position on the scan; empty when the input gave none.
    pub fn geometry(&self) -> &Geometry {
        self.position.as_deref().unwrap_or(&NO_GEOMETRY)
    }

    /// From the first byte of the first line to the last byte of the last line.
    pub fn span(&self) -> Span {
        Span::new(
            self.lines[0].span.start,
            self.lines[self.lines.len() - 1].span.end,
        )
    }
}

/// Text a reader found but could not keep in a block (markup outside the
/// page's text, such as an HTML title): said, with the text itself, so that
/// nothing is left out silently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReaderWarning {
    /// Byte offset in the input where the text stands.
    pub offset: u64,
    /// Why it was left out.
    pub reason: &'static str,
    /// The text left out.
    pub text: String,
}

/// A decoded input: its name, its full text and its blocks in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The name reports use for it: usually the input path.
    pub name: String,
    /// The whole decoded input; every span points into it.
    #[serde(skip)]
    pub text: String,
    /// Blocks in the order the input gives them.
    pub blocks: Vec<Block>,
    /// Text the reader left out, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ReaderWarning>,
    /// The encoding the input was in (`UTF-8`, `GB18030`, …): the text is
    /// always UTF-8.
    pub encoding: &'static str,
    /// The scan the input names (ALTO `sourceImageInformation/fileName`, hOCR
    /// `image` of the page, PAGE `imageFilename`), as written there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl Document {
    /// The document a reader read: its text, its blocks and what it left
    /// out; no block at all is [`Error::Empty`](crate::Error::Empty), a page with no text.
    pub fn read(
        name: String,
        text: String,
        blocks: Vec<Block>,
        warnings: Vec<ReaderWarning>,
    ) -> crate::Result<Document> {
        if blocks.is_empty() {
            return Err(crate::Error::Empty { name });
        }
        Ok(Document {
            name,
            text,
            blocks,
            warnings,
            encoding: "UTF-8",
            image: None,
        })
    }

    /// True when some block has a box (ALTO, hOCR, PAGE, JSONL regions):
    /// the layout has a say; plain text has none.
    pub fn has_boxes(&self) -> bool {
        self.blocks.iter().any(|b| b.geometry().bbox.is_some())
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The text of a block, lines and line breaks included.
    pub fn block_text(&self, index: usize) -> &str {
        self.slice(self.blocks[index].span())
    }

    /// Each block's position by its id, for the edits and flags that name
    /// blocks by id (one map, not a search per edit).
    pub fn block_index(&self) -> HashMap<&BlockId, usize> {
        self.blocks.iter().enumerate().map(|(i, b)| (&b.id, i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_treats_adjacent_spans_as_disjoint() {
        assert!(!Span::new(0, 3).overlaps(&Span::new(3, 5)));
        assert!(Span::new(0, 4).overlaps(&Span::new(3, 5)));
        assert!(!Span::empty(3).overlaps(&Span::new(3, 5)));
        assert!(Span::empty(4).overlaps(&Span::new(3, 5)));
    }
}
