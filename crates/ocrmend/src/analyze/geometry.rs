//! Evidence from where blocks sit on the scan, when the input gives boxes
//! (ALTO, hOCR, PAGE XML, JSONL regions): which block ends a column, which
//! heads one, where the next block in reading order lies, and which blocks
//! are set in larger type than the page's body text.

use super::cells::{cell_edges, CellEdges};
use crate::model::{Document, Geometry, Role};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Where the block after a seam lies relative to the block before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// The left block ends its column and the right one heads the next
    /// column (the one to its right, or one on another page): where a column
    /// break puts a paragraph's continuation.
    NextColumn,
    /// As [`Placement::NextColumn`], but running text of the left block's
    /// column is printed further down, past what ends its run (a photo, a
    /// headline): the paragraph may go on there instead.
    NextColumnAbove,
    /// Right under the left block, in the same column, with at most a few
    /// lines' space between them.
    Below,
    /// Under the left block in the same column, but further down than
    /// `below_within` body lines: something stands between them (a photo, a
    /// block OCR lost or read elsewhere).
    FarBelow,
    /// Anywhere else: not where a continuation is printed.
    Elsewhere,
}

impl Placement {
    /// How the placement reads in a report.
    pub fn describe(self) -> &'static str {
        match self {
            Placement::NextColumn => "left ends a column, right heads the next",
            Placement::NextColumnAbove => {
                "left ends a column run, right heads the next column, but left's column goes on further down"
            }
            Placement::Below => "right is just below left in the same column",
            Placement::FarBelow => "right is below left in its column, more than a few lines down",
            Placement::Elsewhere => "right is neither below left nor at the head of the next column",
        }
    }
}

/// Pages with more blocks than this get no geometric evidence: the pairwise
/// tests would cost too much on hostile input, and no newspaper page has so many.
const MAX_BLOCKS_PER_PAGE: usize = 2000;

/// What a block's type says, against its page's body text: the decision
/// model's `geometry`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeometryModel {
    /// A short block (≤ 3 lines) whose line height is at least this many
    /// times the page's body median is set in large type: a headline.
    pub large_type: f64,
    /// A short block (≤ 3 lines) whose type size (hOCR `x_size`) is at most
    /// this many times the page's body median is set in small type: a
    /// caption or a credit. On the real-OCR training pages the captions'
    /// sizes run 0.70-0.90 of the body's, the body's own 0.91-1.17 (5th to
    /// 95th percentile); 0.80 was chosen on the dev pages (0.85 and 0.88
    /// avoid no more wrong joins there and miss more right ones). Latin
    /// script only: Chinese sizes overlap. ALTO, which gives no type size,
    /// is measured by its words' heights ([`crate::model::Geometry::word_height`])
    /// against the body's, with the same ratio.
    pub small_type: f64,
    /// A block whose type size (or, without one, line height) is at most
    /// this many times the page's body median is set in body type: its
    /// lines, whatever its role, show where its column's lines start and
    /// end (Tesseract's one-line Chinese paragraphs are called headlines
    /// for being short, yet are body type; with them, fewer wrong joins
    /// and more right ones on the dev pages than with body blocks alone).
    pub body_type: f64,
    /// A block whose line height is within this factor (either way) of the
    /// running text right above or below it is set in that text's type: on
    /// a page in rough print, noise swells the body's median line, and a
    /// headline can pass `body_type` (1.25 against no such check: on the
    /// real-OCR train pages in hOCR, Chinese heading joins 15 -> 13 for
    /// 1.3 points of seam recall; 1.15 missed more right joins, 1.5 kept
    /// the wrong ones).
    pub run_type: f64,
    /// A block printed in another's column more than this many body lines
    /// below its foot is [`Placement::FarBelow`], not just below it.
    pub below_within: f64,
    /// Running text goes on with the column text printed within two of its
    /// body lines below it, unless the gap is wider than this many lines
    /// and no running text of another column crosses it: that gap is the
    /// edge of a band of articles, and the column's run ends there (a
    /// band's gap of two lines or just under left column feet unseen, and
    /// right joins across the column break went "elsewhere"). On the
    /// real-OCR train pages, against no such edge: English hOCR and ALTO 53
    /// right joins more and 2 wrong, Chinese 24 and 5; dev English 18 and
    /// none, Chinese 4 and one fewer. At 1.25: train 73 and 6, 33 and 5;
    /// dev 22 and none, 7 and 3 fewer; at 1.75, train 22 and 2, 15 and 4.
    /// Chosen for the train pages' share right of the joins 1.25 adds over
    /// 1.5: 29 of 33 (88 %), short of a safe join. Runs measured within 1.5
    /// lines instead of two, whatever crosses the gap, gained 68 right
    /// joins and 8 wrong on the English train pages and lost Chinese ones.
    pub band_gap: f64,
    /// A Chinese block whose lines cross this many gutters or more (the
    /// upper median over its lines: [`crate::model::Geometry::gutters`]) was
    /// read on across three columns or more, its text from each in turn:
    /// furniture, joined to nothing. On the Chinese real-OCR train pages
    /// (hOCR), such blocks were the gold's noise (lines that match no
    /// printed line) 33 times of 48, body 11 (6 ends of the gold's joins);
    /// called furniture, train hOCR and ALTO 16 wrong joins fewer and one
    /// right (heading joins 11 -> 5, 16 -> 8), dev 6 wrong fewer and no
    /// right one (heading joins 4 -> 1, 5 -> 2); at 3, train 12 wrong fewer.
    /// English is left out: there it withdrew right joins with the wrong
    /// (train 16 right and 13 wrong, dev 21 and 2). Plain text counts the
    /// gutters as runs of spaces (`analyze::gutters_in_text`): Chinese
    /// train pages 3 right joins fewer and 6 wrong (heading joins 22 -> 19),
    /// dev 4 wrong fewer (8 -> 4); with runs of 3 spaces, train 9 right and
    /// 6 wrong fewer; with three gutters of 3 spaces, train 1 right and 9
    /// wrong fewer, dev 2 wrong fewer.
    pub read_across_gutters: u32,
    /// How far, in characters (the type size, else the line height), a
    /// line's ends may be from its column's edges.
    pub line_edges: LineEdges,
    /// The same for plain Chinese text, whose lines are counted in cells.
    pub cells: CellEdges,
    /// When a line break inside a block is a paragraph break.
    pub paragraph_breaks: super::ParagraphBreaks,
}

/// Thresholds, in characters, for a first line's indent and a last line's
/// gap to the column's edge; between them the boxes say nothing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineEdges {
    /// A first line starting at most this far in is flush.
    pub flush: f64,
    /// At least this far in, indented.
    pub indented: f64,
    /// A last line ending at most this far from the edge is full.
    pub full: f64,
    /// At least this far, short.
    pub short: f64,
}

/// The middle value of `values` (the upper one of an even count).
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    median_by(values, f64::total_cmp)
}

/// The middle value of `values` in `order` (the upper one of an even
/// count), leaving them sorted.
pub(crate) fn median_by<T: Copy>(values: &mut [T], order: impl FnMut(&T, &T) -> Ordering) -> Option<T> {
    values.sort_by(order);
    values.get(values.len() / 2).copied()
}

/// A block's type against its page's body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TypeSize {
    /// As the body text, or nothing to tell.
    #[default]
    Body,
    /// Larger: a headline.
    Large,
    /// Smaller: a caption or a credit.
    Small,
}

/// How a block's first line starts against its column's left edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstLine {
    /// Flush with the column: the block goes on with a paragraph.
    Flush,
    /// Indented: a paragraph starts.
    Indented,
}

/// How a block's last line ends against its column's right edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastLine {
    /// Runs to the edge: the paragraph may go on.
    Full,
    /// Stops short: a paragraph ends.
    Short,
    /// Holds far fewer letters than its column's lines (plain Latin text,
    /// whose lines are counted, not measured): a paragraph ends, or the
    /// block is a scrap.
    FarShortInLetters,
}

impl LastLine {
    /// The line stops short, measured or counted.
    pub fn is_short(self) -> bool {
        matches!(self, LastLine::Short | LastLine::FarShortInLetters)
    }
}

impl FirstLine {
    /// How it reads in a report.
    pub fn describe(self) -> &'static str {
        match self {
            FirstLine::Flush => "right's first line is flush with its column",
            FirstLine::Indented => "right's first line is indented",
        }
    }
}

impl LastLine {
    /// How it reads in a report.
    pub fn describe(self) -> &'static str {
        match self {
            LastLine::Full => "left's last line runs to its column's edge",
            LastLine::Short => "left's last line stops short of its column's edge",
            LastLine::FarShortInLetters => "left's last line holds far fewer letters than its column's lines",
        }
    }
}

/// `near.1` when `x` is at most `near.0`, `far.1` when at least `far.0`;
/// between the two thresholds, nothing.
fn clearly<T>(x: f64, near: (f64, T), far: (f64, T)) -> Option<T> {
    if x <= near.0 {
        Some(near.1)
    } else if x >= far.0 {
        Some(far.1)
    } else {
        None
    }
}

/// What the boxes say about each block, and so about any pair of blocks.
#[derive(Debug, Clone, Default)]
pub struct LayoutFacts {
    /// Per block (three lines or fewer), its type against the page's body
    /// text (empty without boxes).
    type_size: Vec<TypeSize>,
    /// Per block: [`LayoutFacts::above_tall_body_lines`].
    above_tall_body_lines: Vec<bool>,
    rects: Vec<Option<Rect>>,
    /// Per block: its page's rank in the document (order of first appearance).
    pages: Vec<usize>,
    /// Per page rank: the left edge of its first column and the right edge
    /// of its last, over the body text.
    page_extent: HashMap<usize, (f64, f64)>,
    at_head: Vec<bool>,
    /// Per page rank: the median line height of its body text.
    body_line: HashMap<usize, f64>,
    /// Per block: no running text right below it (within two lines) in its
    /// column: it ends a column run, whatever is printed further down.
    run_foot: Vec<bool>,
    /// Per block: no running text right above it in its column.
    run_head: Vec<bool>,
    /// Per block: [`LayoutFacts::in_run_type`].
    run_type: Vec<bool>,
    /// Per block: [`LayoutFacts::in_body_lines`].
    body_lines_type: Vec<bool>,
    /// Per block: [`LayoutFacts::no_taller_than_run`].
    no_taller_than_run: Vec<bool>,
    /// Per block: [`LayoutFacts::type_measured`].
    type_measured: Vec<bool>,
    /// Per block at the foot of its column run: running text of its column
    /// printed further down, past whatever ends the run.
    column_goes_on: Vec<bool>,
    /// Per block: its first line against its column's left edge, when the
    /// source gives line boxes and it is clearly one or the other.
    first_line: Vec<Option<FirstLine>>,
    /// Per block: its last line against its column's right edge.
    last_line: Vec<Option<LastLine>>,
    /// Per block: [`LayoutFacts::fills_column`].
    fills_column: Vec<bool>,
    /// Per block: [`LayoutFacts::across_columns`].
    across_columns: Vec<bool>,
    /// The model's `below_within`, in body lines.
    below_within: f64,
}

impl LayoutFacts {
    /// [`Document::has_boxes`]: the document's seams are weighed with the
    /// layout's evidence, not with their text alone (plain text keeps no
    /// per-block facts at all).
    pub fn has_boxes(&self) -> bool {
        !self.rects.is_empty()
    }

    /// How block `i`'s first line starts, when the line boxes tell.
    pub fn first_line(&self, i: usize) -> Option<FirstLine> {
        self.first_line.get(i).copied().flatten()
    }

    /// How block `i`'s last line ends, when the line boxes tell.
    pub fn last_line(&self, i: usize) -> Option<LastLine> {
        self.last_line.get(i).copied().flatten()
    }

    /// True when block `i`, whatever its role, runs from edge to edge of its
    /// column on a page whose paragraphs show their edges: one or two lines,
    /// the first flush and the last full, by their boxes; in plain Chinese
    /// text, every line as wide as the column in cells (`analyze::cells`).
    /// Set in the body's type: a headline's larger type fits fewer
    /// characters.
    pub fn fills_column(&self, i: usize) -> bool {
        self.fills_column.get(i).copied().unwrap_or(false)
    }

    /// True when block `i`, of three lines or fewer, lies across two
    /// columns or more: over two blocks of running text (two lines or more)
    /// printed side by side. A headline across its article's columns, which
    /// OCR may read in the body's type, is in no column's run.
    pub fn across_columns(&self, i: usize) -> bool {
        self.across_columns.get(i).copied().unwrap_or(false)
    }

    /// Block `i`'s type against its page's body text.
    pub fn type_size(&self, i: usize) -> TypeSize {
        self.type_size.get(i).copied().unwrap_or_default()
    }

    /// True when block `i`'s lines are taller than `large_type` times the
    /// tallest tenth of its page's body lines, not only than their median:
    /// on a page in rough print specks swell many body lines, and a piece
    /// of a paragraph passes the median's test.
    pub fn above_tall_body_lines(&self, i: usize) -> bool {
        self.above_tall_body_lines.get(i).copied().unwrap_or(false)
    }

    /// True when block `i`'s type was measured against its page's body
    /// text: its type size against the body's (hOCR), or without type
    /// sizes its words' height against theirs (ALTO). Where it was not,
    /// [`LayoutFacts::type_size`] says body for want of anything to tell.
    pub fn type_measured(&self, i: usize) -> bool {
        self.type_measured.get(i).copied().unwrap_or(false)
    }

    /// True when block `i`'s lines are as tall as its page's body lines
    /// (within the model's `body_type`) and as those of the running text
    /// right above or below it in its column (within `run_type`): set in
    /// the type of the text around it, judged by line boxes alone.
    pub fn in_run_type(&self, i: usize) -> bool {
        self.run_type.get(i).copied().unwrap_or(false)
    }

    /// True when block `i`'s lines are no taller than its page's body
    /// lines (within the model's `body_type`), judged by line boxes alone.
    pub fn in_body_lines(&self, i: usize) -> bool {
        self.body_lines_type.get(i).copied().unwrap_or(false)
    }

    /// True when block `i`'s lines are at most the model's `run_type` times
    /// as tall as those of some running text right above or below it in
    /// its column: not set in larger type than the text around it, though
    /// perhaps in smaller (specks swelled its neighbours' boxes).
    pub fn no_taller_than_run(&self, i: usize) -> bool {
        self.no_taller_than_run.get(i).copied().unwrap_or(false)
    }

    /// True when block `i` has running text of its column printed right
    /// above it (within two lines).
    pub fn run_above(&self, i: usize) -> bool {
        self.rects.get(i).copied().flatten().is_some() && !self.run_head[i]
    }

    /// True when block `i` has running text of its column printed right
    /// below it (within two lines, and not past a band's edge:
    /// [`GeometryModel::band_gap`]).
    pub fn run_below(&self, i: usize) -> bool {
        self.rects.get(i).copied().flatten().is_some() && !self.run_foot[i]
    }

    /// True when block `i` has a box and running text of its column is
    /// printed right above and right below it (within two lines): it sits
    /// inside a column's run, at neither its head nor its foot.
    pub fn inside_run(&self, i: usize) -> bool {
        self.run_above(i) && self.run_below(i)
    }

    /// True when block `i` has a box and nothing of the page's text is
    /// printed above it in its column.
    pub fn heads_column(&self, i: usize) -> bool {
        self.at_head.get(i).copied().unwrap_or(false)
    }

    /// True when block `r` is printed right below block `l` in its column,
    /// within two of its page's body lines: nothing (a photo, a headline)
    /// stands between them.
    pub fn directly_below(&self, l: usize, r: usize) -> bool {
        let (Some(Some(a)), Some(Some(b))) = (self.rects.get(l), self.rects.get(r)) else {
            return false;
        };
        self.pages[l] == self.pages[r]
            && self
                .body_line
                .get(&self.pages[l])
                .is_some_and(|&line| a.followed_within(b, line))
    }

    /// Where block `r` lies relative to block `l`, if both have boxes: read
    /// in that order, would `r` continue `l` where a printer puts it?
    pub fn placement(&self, l: usize, r: usize) -> Option<Placement> {
        let (a, b) = (self.rects.get(l).copied()??, self.rects.get(r).copied()??);
        let foot_to_head = self.run_foot[l] && self.run_head[r];
        if self.pages[l] != self.pages[r] {
            // From the foot of one page's last column to the head of the next
            // page's first; of pages further off the boxes say nothing.
            let (Some(&(_, right_edge)), Some(&(left_edge, _))) = (
                self.page_extent.get(&self.pages[l]),
                self.page_extent.get(&self.pages[r]),
            ) else {
                return None;
            };
            let last_column = a.x + 1.5 * a.w > right_edge;
            let first_column = b.x < left_edge + 0.5 * b.w;
            let turn = foot_to_head && last_column && first_column && self.pages[r] == self.pages[l] + 1;
            return turn.then_some(Placement::NextColumn);
        }
        // The column to the right: starting past the middle of the left
        // block, and less than a column's width past its right edge.
        let right_next = b.x >= a.x + 0.5 * a.w && b.x < a.x + 2.0 * a.w;
        Some(if foot_to_head && right_next && self.column_goes_on[l] {
            Placement::NextColumnAbove
        } else if foot_to_head && right_next {
            Placement::NextColumn
        } else if a.same_column(&b) && b.y >= a.bottom() - a.h.min(b.h) * 0.5 {
            let near = self
                .body_line
                .get(&self.pages[l])
                .is_none_or(|&line| b.y <= a.bottom() + self.below_within * line);
            if near {
                Placement::Below
            } else {
                Placement::FarBelow
            }
        } else {
            Placement::Elsewhere
        })
    }
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// `below` starts in this one's column within two lines of `line` height
    /// under its foot (or overlaps it by less than half a line).
    fn followed_within(&self, below: &Rect, line: f64) -> bool {
        self.same_column(below)
            && below.y >= self.bottom() - 0.5 * line
            && below.y <= self.bottom() + 2.0 * line
    }

    /// How much of their widths the two share (negative when apart).
    fn overlap(&self, other: &Rect) -> f64 {
        (self.x + self.w).min(other.x + other.w) - self.x.max(other.x)
    }

    /// This one lies over most of `other`'s width.
    fn covers_width_of(&self, other: &Rect) -> bool {
        self.overlap(other) > 0.5 * other.w
    }

    /// The two share most of the narrower one's width: one column.
    fn same_column(&self, other: &Rect) -> bool {
        self.overlap(other) > 0.5 * self.w.min(other.w)
    }
}

/// Reads the layout of `doc`, given each block's role (furniture is not part
/// of any column).
pub fn layout_facts(doc: &Document, roles: &[Role], model: &GeometryModel) -> LayoutFacts {
    // Plain text: no boxes, only the line edges its characters show
    // (Chinese); every other question answers no.
    if !doc.has_boxes() {
        let edges = cell_edges(doc, roles, &model.cells);
        return LayoutFacts {
            first_line: edges.first_line,
            last_line: edges.last_line,
            fills_column: edges.fills_column,
            ..LayoutFacts::default()
        };
    }
    let n = doc.blocks.len();
    let rects: Vec<Option<Rect>> = doc
        .blocks
        .iter()
        .map(|b| {
            let [x, y, w, h] = b.geometry().bbox?;
            (w.is_finite() && h.is_finite() && x.is_finite() && y.is_finite() && w > 0.0 && h > 0.0)
                .then_some(Rect { x, y, w, h })
        })
        .collect();
    let mut ranks: HashMap<Option<&str>, usize> = HashMap::new();
    let pages: Vec<usize> = doc
        .blocks
        .iter()
        .map(|b| {
            let next = ranks.len();
            *ranks.entry(b.geometry().page.as_deref()).or_insert(next)
        })
        .collect();
    if rects.iter().all(Option::is_none) {
        return LayoutFacts {
            fills_column: Vec::new(),
            type_size: vec![TypeSize::Body; n],
            above_tall_body_lines: vec![false; n],
            rects,
            pages,
            at_head: vec![false; n],
            body_line: HashMap::new(),
            run_foot: vec![false; n],
            run_head: vec![false; n],
            run_type: vec![false; n],
            body_lines_type: vec![false; n],
            no_taller_than_run: vec![false; n],
            type_measured: vec![false; n],
            column_goes_on: vec![false; n],
            first_line: vec![None; n],
            last_line: vec![None; n],
            across_columns: vec![false; n],
            page_extent: HashMap::new(),
            below_within: model.below_within,
        };
    }
    let mut by_page: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, r) in rects.iter().enumerate() {
        if r.is_some() {
            by_page.entry(pages[i]).or_default().push(i);
        }
    }
    let mut page_extent = HashMap::new();
    let mut body_lines = HashMap::new();
    let mut at_head = vec![false; n];
    let mut run_foot = vec![false; n];
    let mut run_head = vec![false; n];
    let mut run_type = vec![false; n];
    let mut body_lines_type = vec![false; n];
    let mut no_taller_than_run = vec![false; n];
    let mut column_goes_on = vec![false; n];
    let mut type_size = vec![TypeSize::Body; n];
    let mut above_tall_body_lines = vec![false; n];
    let mut type_measured = vec![false; n];
    let mut first_line = vec![None; n];
    let mut last_line = vec![None; n];
    let mut fills_column = vec![false; n];
    let mut across_columns = vec![false; n];
    for members in by_page.values().filter(|m| m.len() <= MAX_BLOCKS_PER_PAGE) {
        let rect = |i: usize| rects[i].expect("pages hold blocks with boxes");
        let line_height = |i: usize| rect(i).h / doc.blocks[i].lines.len() as f64;
        let mut heights: Vec<f64> = members
            .iter()
            .filter(|&&i| roles[i] == Role::Body)
            .map(|&i| line_height(i))
            .collect();
        let Some(body_line) = median(&mut heights) else {
            continue;
        };
        // Sorted by `median`: the tallest tenth of the body's lines start here.
        let tall_body_line = heights[heights.len() * 9 / 10];
        // What the body blocks' geometry gives of `measure`.
        let of_body = |measure: fn(&Geometry) -> Option<f64>| -> Vec<f64> {
            members
                .iter()
                .filter(|&&i| roles[i] == Role::Body)
                .filter_map(|&i| measure(doc.blocks[i].geometry()))
                .collect()
        };
        let body_size = median(&mut of_body(|g| g.type_size));
        // Without type sizes, the body's word height, where most of its
        // blocks give one (on a Chinese ALTO page only a few Latin specks do).
        let mut word_heights = of_body(|g| g.word_height);
        let body_word_height = (word_heights.len() * 2 > heights.len())
            .then(|| median(&mut word_heights))
            .flatten();
        let tolerance = 0.5 * body_line;
        let body = || {
            members
                .iter()
                .filter(|&&i| roles[i] == Role::Body)
                .map(|&i| rect(i))
        };
        let left = body().map(|r| r.x).fold(f64::INFINITY, f64::min);
        let right = body().map(|r| r.x + r.w).fold(f64::NEG_INFINITY, f64::max);
        page_extent.insert(pages[members[0]], (left, right));
        body_lines.insert(pages[members[0]], body_line);
        // Blocks in the page's top band (running heads) head no column.
        let text_top = members
            .iter()
            .filter(|&&i| roles[i] == Role::Body)
            .map(|&i| rect(i).y)
            .fold(f64::INFINITY, f64::min);
        let in_columns: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| roles[i] != Role::Furniture && rect(i).bottom() > text_top + tolerance)
            .collect();
        // The page's column heads: nothing of its text above a block in its
        // column. Reassembly looks for displaced pieces at such heads.
        for &i in members {
            let a = rect(i);
            at_head[i] = !in_columns
                .iter()
                .any(|&j| j != i && a.same_column(&rect(j)) && rect(j).bottom() <= a.y + tolerance);
        }
        // A column break is seen per column run: only running text printed
        // right below (or above) a block, within two lines, goes on with the
        // column. A headline across columns, a photo, a caption or another
        // band's articles above or below leave a block at its run's head or
        // foot (page-wide heads made right joins "elsewhere" on real pages:
        // 97 of the English train split's misses in hOCR).
        let running: Vec<usize> = in_columns
            .iter()
            .copied()
            .filter(|&j| roles[j] == Role::Body)
            .collect();
        let columns: Vec<Rect> = running
            .iter()
            .filter(|&&j| doc.blocks[j].lines.len() >= 2)
            .map(|&j| rect(j))
            .collect();
        for &i in members.iter().filter(|&&i| doc.blocks[i].lines.len() <= 3) {
            let under: Vec<&Rect> = columns.iter().filter(|c| rect(i).covers_width_of(c)).collect();
            across_columns[i] = under.iter().any(|c| under.iter().any(|d| c.x + c.w <= d.x));
        }
        // A gap wider than `band_gap` lines that no running text of another
        // column crosses is a band's edge: the run ends there.
        let band_edge = |top: &Rect, bottom: &Rect| {
            let gap = bottom.y - top.bottom();
            gap > model.band_gap * body_line && {
                let middle = top.bottom() + 0.5 * gap;
                !running
                    .iter()
                    .map(|&k| rect(k))
                    .any(|c| !c.same_column(top) && c.y < middle && c.bottom() > middle)
            }
        };
        for &i in members {
            let a = rect(i);
            // The running text right below and right above, in one pass:
            // whether there is any, and any in this block's type.
            let (mut below, mut above, mut in_its_type, mut no_taller) = (false, false, false, false);
            for &j in running.iter().filter(|&&j| j != i) {
                let b = rect(j);
                let (under, over) = (
                    a.followed_within(&b, body_line) && !band_edge(&a, &b),
                    b.followed_within(&a, body_line) && !band_edge(&b, &a),
                );
                let ratio = line_height(i) / line_height(j);
                below |= under;
                above |= over;
                no_taller |= (under || over) && ratio <= model.run_type;
                in_its_type |= (under || over) && ratio <= model.run_type && ratio >= 1.0 / model.run_type;
            }
            no_taller_than_run[i] = no_taller;
            run_foot[i] = !below;
            run_head[i] = !above;
            body_lines_type[i] = line_height(i) <= model.body_type * body_line;
            run_type[i] = in_its_type && body_lines_type[i];
            column_goes_on[i] = run_foot[i]
                && running
                    .iter()
                    .any(|&j| j != i && a.same_column(&rect(j)) && rect(j).y >= a.bottom());
            // The block's type against the body's: its type size, or
            // without one its words' height.
            let g = doc.blocks[i].geometry();
            let against_body = match g.type_size {
                Some(size) => body_size.map(|body| (size, body)),
                None => g.word_height.zip(body_word_height),
            };
            type_measured[i] = against_body.is_some();
            let small = against_body.is_some_and(|(size, body)| size <= model.small_type * body);
            above_tall_body_lines[i] = line_height(i) >= model.large_type * tall_body_line;
            type_size[i] = match doc.blocks[i].lines.len() <= 3 {
                true if line_height(i) >= model.large_type * body_line => TypeSize::Large,
                true if small => TypeSize::Small,
                _ => TypeSize::Body,
            };
        }
        // Body type: the source's type size against the body's, else the
        // line height against the body's.
        let body_type = |i: usize| match (doc.blocks[i].geometry().type_size, body_size) {
            (Some(size), Some(body)) => size <= model.body_type * body,
            _ => line_height(i) <= model.body_type * body_line,
        };
        let lines: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&j| roles[j] != Role::Furniture && body_type(j))
            .collect();
        // A column's edges: where the lines of its text in body type start
        // and end (the median over its blocks of two lines or more and its
        // width).
        let edges = |i: usize| {
            let a = rect(i);
            let mut lefts = Vec::new();
            let mut rights = Vec::new();
            for &j in &lines {
                let b = rect(j);
                if doc.blocks[j].lines.len() >= 2
                    && a.same_column(&b)
                    && (a.w - b.w).abs() <= 0.3 * a.w.max(b.w)
                {
                    lefts.push(b.x);
                    rights.push(b.x + b.w);
                }
            }
            Some((median(&mut lefts)?, median(&mut rights)?))
        };
        // Edges for body blocks; whether it fills its column for any block
        // of one or two lines.
        let edged = |i: usize| roles[i] == Role::Body || doc.blocks[i].lines.len() <= 2;
        for &i in members.iter().filter(|&&i| edged(i)) {
            let g = doc.blocks[i].geometry();
            let (Some(first), Some(last)) = (g.first_line, g.last_line) else {
                continue;
            };
            let Some((left, right)) = edges(i) else {
                continue;
            };
            // In characters: the type size, else the line's height.
            let unit = g.type_size.unwrap_or(first[3]).max(1.0);
            let indent = (first[0] - left) / unit;
            let m = &model.line_edges;
            let starts = clearly(
                indent,
                (m.flush, FirstLine::Flush),
                (m.indented, FirstLine::Indented),
            );
            let gap = (right - (last[0] + last[2])) / g.type_size.unwrap_or(last[3]).max(1.0);
            let ends = clearly(gap, (m.full, LastLine::Full), (m.short, LastLine::Short));
            fills_column[i] = doc.blocks[i].lines.len() <= 2
                && starts == Some(FirstLine::Flush)
                && ends == Some(LastLine::Full);
            if roles[i] == Role::Body {
                (first_line[i], last_line[i]) = (starts, ends);
            }
        }
        // Edges speak only on a page whose paragraphs show them: where no
        // first line is indented and no last line stops short, flush and
        // full are all there is, and say nothing.
        let marked = members
            .iter()
            .any(|&i| first_line[i] == Some(FirstLine::Indented) || last_line[i] == Some(LastLine::Short));
        if !marked {
            for &i in members {
                (first_line[i], last_line[i], fills_column[i]) = (None, None, false);
            }
        }
    }
    LayoutFacts {
        type_size,
        above_tall_body_lines,
        type_measured,
        first_line,
        last_line,
        fills_column,
        across_columns,
        rects,
        pages,
        page_extent,
        body_line: body_lines,
        at_head,
        run_foot,
        run_head,
        run_type,
        body_lines_type,
        no_taller_than_run,
        column_goes_on,
        below_within: model.below_within,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped model's geometry.
    const MODEL: GeometryModel = GeometryModel {
        large_type: 1.6,
        small_type: 0.8,
        body_type: 1.1,
        run_type: 1.25,
        below_within: 4.0,
        band_gap: 1.5,
        read_across_gutters: 2,
        line_edges: LineEdges {
            flush: 0.4,
            indented: 0.8,
            full: 1.0,
            short: 2.0,
        },
        cells: super::super::cells::TEST_MODEL,
        paragraph_breaks: super::super::paragraphs::TEST_MODEL,
    };
    use crate::model::{Block, BlockId, Geometry, Line, Span};

    fn doc(boxes: &[[f64; 4]]) -> Document {
        let blocks = boxes
            .iter()
            .enumerate()
            .map(|(k, &bbox)| Block {
                id: BlockId(format!("b{k}")),
                lines: vec![Line {
                    span: Span::new(k, k + 1),
                }],
                position: Geometry {
                    page: Some("1".into()),
                    bbox: Some(bbox),
                    ..Geometry::default()
                }
                .boxed(),
                declared_role: None,
            })
            .collect();
        Document {
            name: "t".into(),
            text: "x".repeat(boxes.len()),
            blocks,
            warnings: Vec::new(),
            encoding: "UTF-8",
            image: None,
        }
    }

    #[test]
    fn column_foot_to_next_head_and_back_up_elsewhere() {
        // Two columns of two blocks; reading order 0, 1, 2, 3, then 1 again.
        let d = doc(&[
            [0.0, 0.0, 100.0, 50.0],
            [0.0, 50.0, 100.0, 50.0],
            [120.0, 0.0, 100.0, 50.0],
            [120.0, 50.0, 100.0, 50.0],
            [0.0, 50.0, 100.0, 50.0],
        ]);
        let facts = layout_facts(&d, &[Role::Body; 5], &MODEL);
        use Placement::*;
        let seams: Vec<_> = (1..5).map(|r| facts.placement(r - 1, r)).collect();
        assert_eq!(
            seams,
            [Some(Below), Some(NextColumn), Some(Below), Some(Elsewhere)]
        );
        assert_eq!(
            facts.placement(1, 3),
            Some(Elsewhere),
            "not the next column's head"
        );
    }

    #[test]
    fn a_gap_no_other_column_crosses_ends_a_run_past_one_and_a_half_lines() {
        // One-line blocks 10 high: a column's block, the next column's, and
        // under the first, `gap` lower, the first of another band, while the
        // next column's text reaches `reach` down.
        let run_goes_on = |gap: f64, reach: f64| {
            let d = doc(&[
                [0.0, 0.0, 100.0, 10.0],
                [120.0, 0.0, 100.0, reach],
                [0.0, 10.0 + gap, 100.0, 10.0],
            ]);
            layout_facts(&d, &[Role::Body; 3], &MODEL).run_below(0)
        };
        assert!(!run_goes_on(18.0, 10.0), "a band's edge: the run ends");
        assert!(run_goes_on(18.0, 40.0), "the next column's text crosses the gap");
        assert!(run_goes_on(12.0, 10.0), "within 1.5 lines");
        assert!(!run_goes_on(25.0, 40.0), "past two lines");
    }

    #[test]
    fn a_block_more_than_four_lines_down_its_column_is_far_below() {
        // One column of one-line blocks, 10 high: 2 lines under block 0,
        // then 4 lines under block 1, then 4.5 lines under block 2.
        let d = doc(&[
            [0.0, 0.0, 100.0, 10.0],
            [0.0, 30.0, 100.0, 10.0],
            [0.0, 80.0, 100.0, 10.0],
            [0.0, 135.0, 100.0, 10.0],
        ]);
        let facts = layout_facts(&d, &[Role::Body; 4], &MODEL);
        use Placement::*;
        let seams: Vec<_> = (1..4).map(|r| facts.placement(r - 1, r)).collect();
        assert_eq!(seams, [Some(Below), Some(Below), Some(FarBelow)]);
        assert_eq!(facts.placement(0, 3), Some(FarBelow));
    }

    #[test]
    fn a_column_that_goes_on_past_a_photo_is_said_when_the_next_column_heads() {
        // Column 1: block 0, a photo's space, block 1; column 2: block 2.
        let d = doc(&[
            [0.0, 0.0, 100.0, 50.0],
            [0.0, 300.0, 100.0, 50.0],
            [120.0, 0.0, 100.0, 50.0],
        ]);
        let facts = layout_facts(&d, &[Role::Body; 3], &MODEL);
        assert_eq!(facts.placement(0, 2), Some(Placement::NextColumnAbove));
        // Block 1 ends its column: the paragraph can only go on in the next.
        assert_eq!(facts.placement(1, 2), Some(Placement::NextColumn));
    }

    #[test]
    fn a_column_run_under_a_spanning_headline_or_another_band_has_its_own_head() {
        // Band 1: one article across two columns (0, 1). Band 2: a headline
        // across both columns (2), then two columns (3, 4).
        let d = doc(&[
            [0.0, 0.0, 100.0, 20.0],
            [120.0, 0.0, 100.0, 20.0],
            [0.0, 80.0, 220.0, 30.0],
            [0.0, 130.0, 100.0, 20.0],
            [120.0, 130.0, 100.0, 20.0],
        ]);
        let mut roles = [Role::Body; 5];
        roles[2] = Role::Headline;
        let facts = layout_facts(&d, &roles, &MODEL);
        // Band 2 does not stop band 1's column run; but the column goes on
        // below it, and so may the paragraph (a Chinese seam weighs that).
        assert_eq!(facts.placement(0, 1), Some(Placement::NextColumnAbove));
        assert_eq!(
            facts.placement(3, 4),
            Some(Placement::NextColumn),
            "the headline is not text of the column"
        );
        assert_eq!(facts.placement(1, 3), Some(Placement::Elsewhere));
        assert!(!facts.heads_column(4), "reassembly's column heads are the page's");
    }

    #[test]
    fn first_and_last_lines_against_the_column_edges() {
        let mut d = doc(&[
            [0.0, 0.0, 100.0, 30.0],
            [0.0, 30.0, 100.0, 30.0],
            [0.0, 60.0, 100.0, 30.0],
        ]);
        // Lines 10 high: indents and gaps in characters of 10.
        let lines = [
            ([20.0, 0.0, 80.0, 10.0], [0.0, 20.0, 100.0, 10.0]),
            ([0.0, 30.0, 100.0, 10.0], [0.0, 50.0, 40.0, 10.0]),
            ([6.0, 60.0, 94.0, 10.0], [0.0, 80.0, 85.0, 10.0]),
        ];
        for (block, (first, last)) in d.blocks.iter_mut().zip(lines) {
            block.lines.push(block.lines[0].clone());
            let g = block.position.as_mut().unwrap();
            (g.first_line, g.last_line) = (Some(first), Some(last));
        }
        let facts = layout_facts(&d, &[Role::Body; 3], &MODEL);
        let firsts: Vec<_> = (0..3).map(|i| facts.first_line(i)).collect();
        let lasts: Vec<_> = (0..3).map(|i| facts.last_line(i)).collect();
        // Two characters in: indented; at the edge: flush; 0.6 in: neither.
        assert_eq!(firsts, [Some(FirstLine::Indented), Some(FirstLine::Flush), None]);
        // At the edge: full; six characters short: short; 1.5: neither.
        assert_eq!(lasts, [Some(LastLine::Full), Some(LastLine::Short), None]);
        // A page whose every block is flush and full shows no paragraph by
        // its edges: they say nothing there.
        for block in &mut d.blocks {
            let g = block.position.as_mut().unwrap();
            let (first, last) = (g.first_line.unwrap(), g.last_line.unwrap());
            g.first_line = Some([0.0, first[1], 100.0, first[3]]);
            g.last_line = Some([0.0, last[1], 100.0, last[3]]);
        }
        let facts = layout_facts(&d, &[Role::Body; 3], &MODEL);
        assert!((0..3).all(|i| facts.first_line(i).is_none() && facts.last_line(i).is_none()));
    }

    #[test]
    fn small_type_is_relative_to_the_page_body_by_type_size_or_else_word_height() {
        let four_blocks = || {
            doc(&[
                [0.0, 0.0, 100.0, 50.0],
                [0.0, 50.0, 100.0, 50.0],
                [0.0, 100.0, 100.0, 50.0],
                [0.0, 150.0, 100.0, 50.0],
            ])
        };
        // A type size (hOCR), or without one the words' height (ALTO).
        let fields: [fn(&mut Geometry) -> &mut Option<f64>; 2] =
            [|g| &mut g.type_size, |g| &mut g.word_height];
        for field in fields {
            let mut d = four_blocks();
            for (block, measured) in d.blocks.iter_mut().zip([30.0, 31.0, 24.0, 26.0]) {
                *field(block.position.as_mut().unwrap()) = Some(measured);
            }
            let facts = layout_facts(&d, &[Role::Body; 4], &MODEL);
            // Body median 30: 24 is 0.80 of it (small), 26 is 0.87 (not).
            assert_eq!(
                (0..4).map(|i| facts.type_size(i)).collect::<Vec<_>>(),
                [TypeSize::Body, TypeSize::Body, TypeSize::Small, TypeSize::Body]
            );
            assert!((0..4).all(|i| facts.type_measured(i)));
        }
        // Word heights on two blocks of four (a Chinese page's Latin
        // specks): no body height to measure against, and body type for
        // want of anything to tell, not measured.
        let mut d = four_blocks();
        for (block, height) in d.blocks.iter_mut().skip(2).zip([24.0, 26.0]) {
            block.position.as_mut().unwrap().word_height = Some(height);
        }
        let facts = layout_facts(&d, &[Role::Body; 4], &MODEL);
        assert!((0..4).all(|i| facts.type_size(i) == TypeSize::Body && !facts.type_measured(i)));
    }

    #[test]
    fn large_type_is_relative_to_the_page_body() {
        let d = doc(&[
            [0.0, 0.0, 100.0, 120.0],
            [0.0, 120.0, 100.0, 50.0],
            [0.0, 170.0, 100.0, 50.0],
        ]);
        let facts = layout_facts(&d, &[Role::Body; 3], &MODEL);
        assert_eq!(
            (0..3).map(|i| facts.type_size(i)).collect::<Vec<_>>(),
            [TypeSize::Large, TypeSize::Body, TypeSize::Body]
        );
    }
}
