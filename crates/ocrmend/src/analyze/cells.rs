//! Where the lines of plain Chinese text start and end, read off their
//! characters. Chinese is set in a grid of equal cells, so a line's
//! character count is its width: a paragraph's first line is indented two
//! cells, its last line usually stops short, and a column cut leaves a full
//! line at a block's end and a flush one at the next block's start.
//! Tesseract's plain text keeps the lines but not their boxes; this gives it
//! the line edges hOCR and ALTO read off line boxes ([`super::geometry`]).
//! Plain Latin text, whose type is proportional, tells less: justified
//! lines hold about as many letters each, so a last line of far fewer
//! ended its paragraph; that alone is read.

use super::chars::{has_cjk, is_cjk, is_cjk_punct, is_closing, is_spaceless, is_terminal};
use super::geometry::{FirstLine, LastLine};
use crate::model::{Document, Role};
use rayon::prelude::*;
use serde::Deserialize;

/// How the column's width is found and how far, in cells, a line's ends
/// may be from it: the decision model's `geometry.cells`. The window (100
/// blocks) and the share (0.25) were chosen on the real-OCR Chinese dev
/// pages in plain text against 8, 20 and 40 blocks and shares of 0.35 and
/// 0.5: the larger window and the smaller share reach the rough pages,
/// whose blocks are many and short and whose lines OCR reads a cell or two
/// short or long (README, Real OCR).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellEdges {
    /// The column's width at a block is the most common width of the
    /// inner lines (neither first nor last) of the blocks this many places
    /// before and after it in reading order, itself included.
    pub window: usize,
    /// At least this many inner lines there, or no width.
    pub min_lines: usize,
    /// The most common width holds at least this share of them, or no
    /// width (a page in rough print, whose lines OCR reads short or long).
    pub min_share: f64,
    /// A first line at most this many cells short of the width is flush.
    pub flush: f64,
    /// At least this many, indented.
    pub indented: f64,
    /// A last line at most this many cells short of the width is full.
    pub full: f64,
    /// At least this many, short.
    pub short: f64,
    /// In Latin text, a last line with fewer characters than this share
    /// of its column's is short.
    pub latin_short: f64,
}

/// What the cells (or, in Latin text, the letters) of a plain-text
/// document's lines say, per block.
#[derive(Debug, Clone, Default)]
pub struct TextEdges {
    /// How a body block's first line starts.
    pub first_line: Vec<Option<FirstLine>>,
    /// How a body block's last line ends.
    pub last_line: Vec<Option<LastLine>>,
    /// True when every line of the block, whatever its role, runs the
    /// column's width, on a page whose paragraphs are indented: set in the
    /// body's type, as a headline in larger type is not.
    pub fills_column: Vec<bool>,
}

/// Widest column measured, in cells: a wider line is no column's.
const MAX_CELLS: usize = 64;

/// Widest Latin column measured, in characters.
const MAX_LETTERS: usize = 160;

/// Blocks whose column width one task measures, sliding its window.
const COLUMN_STRETCH: usize = 4096;

/// One line's width in cells, as a range: a CJK character or a mark of
/// CJK text (full-width forms, curly quotes, `…`, `—`, `·`) is one cell; any other visible character (a digit, a Latin letter)
/// half a cell as Chinese text sets it, but a whole one where it is set
/// full-width (the simulator counts characters); spaces none (Tesseract
/// puts them between characters it reads apart). `None` for a line not
/// set mostly in CJK characters: Latin type is proportional, its count no
/// width.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cells {
    /// CJK characters and marks: a cell each.
    wide: u32,
    /// Other visible characters.
    narrow: u32,
}

impl Cells {
    /// Its narrow characters at half a cell.
    fn least(self) -> f64 {
        f64::from(self.wide) + f64::from(self.narrow) / 2.0
    }

    /// At a whole cell.
    fn most(self) -> f64 {
        f64::from(self.wide) + f64::from(self.narrow)
    }
}

/// A line's [`Cells`] (12 bytes with the `None`: a page has a line for
/// every ten characters).
fn cells(line: &str) -> Option<Cells> {
    let (mut wide, mut cjk, mut narrow) = (0u32, 0u32, 0u32);
    for c in line.chars().filter(|c| !c.is_whitespace()) {
        if is_spaceless(c) || is_cjk_punct(c) {
            wide = wide.saturating_add(1);
            cjk = cjk.saturating_add(u32::from(is_cjk(c)));
        } else {
            narrow = narrow.saturating_add(1);
        }
    }
    (cjk > narrow).then_some(Cells { wide, narrow })
}

/// How many lines of each width (cells, or characters in Latin text) a
/// window holds.
struct Histogram {
    counts: Vec<usize>,
    total: usize,
}

impl Histogram {
    /// Empty, for widths up to `widest`.
    fn new(widest: usize) -> Self {
        Histogram {
            counts: vec![0; widest + 1],
            total: 0,
        }
    }

    fn add(&mut self, widths: impl Iterator<Item = usize>) {
        for w in widths {
            self.counts[w] += 1;
            self.total += 1;
        }
    }

    fn remove(&mut self, widths: impl Iterator<Item = usize>) {
        for w in widths {
            self.counts[w] -= 1;
            self.total -= 1;
        }
    }

    /// The most common width (the widest of equally common ones), if the
    /// window holds enough lines and it is common enough among them: a
    /// column of Chinese cells.
    fn mode(&self, model: &CellEdges) -> Option<usize> {
        let (width, &count) = self.counts.iter().enumerate().max_by_key(|&(_, c)| *c)?;
        (self.total >= model.min_lines && count as f64 >= model.min_share * self.total as f64)
            .then_some(width)
    }

    /// The lower median width, if the window holds enough lines: a column
    /// of justified Latin lines, whose character counts spread round it.
    fn median(&self, model: &CellEdges) -> Option<usize> {
        if self.total < model.min_lines.max(1) {
            return None;
        }
        let half = self.total.div_ceil(2);
        let mut below = 0;
        self.counts.iter().position(|&c| {
            below += c;
            below >= half
        })
    }
}

/// The column's width at each of `n` blocks: what `pick` reads off the
/// inner line widths (`inner`, none over `widest`) of the blocks within
/// `model.window` places of it. A `stretch` of blocks at a time, in
/// parallel: each fills the window around its first block, then slides it;
/// any stretch gives the same widths.
fn column_widths<F, I, P>(
    n: usize,
    inner: F,
    (widest, pick): (usize, P),
    model: &CellEdges,
    stretch: usize,
) -> Vec<Option<usize>>
where
    F: Fn(usize) -> I + Sync,
    I: Iterator<Item = usize>,
    P: Fn(&Histogram, &CellEdges) -> Option<usize> + Sync,
{
    let mut column = vec![None; n];
    column
        .par_chunks_mut(stretch)
        .enumerate()
        .for_each(|(k, widths)| {
            let first = k * stretch;
            let mut widths_near = Histogram::new(widest);
            let around = first.saturating_sub(model.window)..(first + model.window + 1).min(n);
            around.for_each(|j| widths_near.add(inner(j)));
            for (i, width) in (first..).zip(widths.iter_mut()) {
                if i > first {
                    if let Some(entering) = i.checked_add(model.window).filter(|&j| j < n) {
                        widths_near.add(inner(entering));
                    }
                    if let Some(leaving) = i.checked_sub(model.window + 1) {
                        widths_near.remove(inner(leaving));
                    }
                }
                *width = pick(&widths_near, model);
            }
        });
    column
}

/// Per block: whether an edge within `window` places of it is `marked`.
fn marked_near<T: PartialEq>(edges: &[Option<T>], marked: T, window: usize) -> Vec<bool> {
    let n = edges.len();
    let is_marked: Vec<bool> = edges.iter().map(|e| e.as_ref() == Some(&marked)).collect();
    let mut in_window = is_marked.iter().take(window).filter(|&&m| m).count();
    (0..n)
        .map(|i| {
            if let Some(entering) = i.checked_add(window).filter(|&j| j < n) {
                in_window += usize::from(is_marked[entering]);
            }
            if let Some(leaving) = i.checked_sub(window + 1) {
                in_window -= usize::from(is_marked[leaving]);
            }
            in_window > 0
        })
        .collect()
}

/// True when `line` ends a sentence (`。`, perhaps behind a closing quote):
/// a short first line that does is a paragraph's last line, not an indent.
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .chars()
        .rev()
        .find(|&c| !is_closing(c))
        .is_some_and(is_terminal)
}

/// Per block, how its first line starts and its last line ends, by the cell
/// count of its lines against its column's width ([`CellEdges`]), and
/// whether all its lines run that width. Only body blocks (by `roles`)
/// measure the column and have edges; any block may fill it. Empty for a
/// document with boxes (their edges are measured); a document without CJK
/// text has only its short last lines ([`latin_last_lines`]). As
/// with boxes, the edges speak only where paragraphs show them: first lines
/// (and filling) where some first line within the window is indented, last
/// lines where some last line there stops short (the simulator's pages
/// indent no paragraph: a flush line says nothing there).
pub fn cell_edges(doc: &Document, roles: &[Role], model: &CellEdges) -> TextEdges {
    if doc.has_boxes() {
        return TextEdges::default();
    }
    if !has_cjk(&doc.text) {
        return TextEdges {
            last_line: latin_last_lines(doc, roles, model),
            ..TextEdges::default()
        };
    }
    // Each block's lines in cells (None: not a CJK line).
    let widths: Vec<Vec<Option<Cells>>> = doc
        .blocks
        .par_iter()
        .map(|b| b.lines.iter().map(|l| cells(doc.slice(l.span))).collect())
        .collect();
    if widths.iter().flatten().all(Option::is_none) {
        return TextEdges::default();
    }
    // Only body blocks measure the column and have edges: a caption's or a
    // headline's lines are not the column's.
    let body = |i: usize| roles[i] == Role::Body;
    let inner = |i: usize| {
        let lines = if body(i) { widths[i].as_slice() } else { &[] };
        let n = lines.len();
        lines
            .iter()
            .take(n.saturating_sub(1))
            .skip(1)
            .filter_map(|&w| w.map(|w| w.least().ceil() as usize).filter(|&c| c <= MAX_CELLS))
    };
    let n = doc.blocks.len();
    let column = column_widths(n, inner, (MAX_CELLS, Histogram::mode), model, COLUMN_STRETCH);
    let edges: Vec<(Option<FirstLine>, Option<LastLine>, bool)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let Some(width) = column[i] else {
                return (None, None, false);
            };
            // Every line within the first line's `flush` of the width, either way.
            let fills =
                |w: &Option<Cells>| w.is_some_and(|w| (width as f64 - w.least()).abs() <= model.flush);
            let fills_column = widths[i].iter().all(fills);
            let (true, Some(&Some(first)), Some(&Some(last))) =
                (body(i), widths[i].first(), widths[i].last())
            else {
                return (None, None, fills_column);
            };
            // Cells short of the column's width: full or flush with its narrow
            // characters at half a cell, short or indented at a whole one, so
            // that a line of digits is neither when the two readings differ. A
            // line far wider is no line of the column.
            let width = width as f64;
            let lines = &doc.blocks[i].lines;
            let one_line = lines.len() == 1;
            let first_line = if width - first.least() < -model.indented {
                None
            } else if width - first.least() <= model.flush {
                Some(FirstLine::Flush)
            } else if width - first.most() >= model.indented
                && !one_line
                && !ends_sentence(doc.slice(lines[0].span))
            {
                Some(FirstLine::Indented)
            } else {
                None
            };
            let last_line = if width - last.least() < -model.short {
                None
            } else if width - last.least() <= model.full {
                Some(LastLine::Full)
            } else if width - last.most() >= model.short && !one_line {
                Some(LastLine::Short)
            } else {
                None
            };
            (first_line, last_line, fills_column)
        })
        .collect();
    let mut first_line: Vec<Option<FirstLine>> = edges.iter().map(|e| e.0).collect();
    let mut last_line: Vec<Option<LastLine>> = edges.iter().map(|e| e.1).collect();
    let mut fills_column: Vec<bool> = edges.iter().map(|e| e.2).collect();
    // Edges speak only where paragraphs show them: a flush first line says
    // a paragraph goes on only where, within the window, some first line
    // is indented; a full last line only where some last line stops short.
    let indent_near = marked_near(&first_line, FirstLine::Indented, model.window);
    let short_near = marked_near(&last_line, LastLine::Short, model.window);
    for i in 0..n {
        if !indent_near[i] {
            (first_line[i], fills_column[i]) = (None, false);
        }
        if !short_near[i] {
            last_line[i] = None;
        }
    }
    TextEdges {
        first_line,
        last_line,
        fills_column,
    }
}

/// Per block of plain Latin text, whether its last line stops far short:
/// a body block's last line with fewer characters than `model.latin_short`
/// of its column's, the median of the body's inner lines (in characters,
/// spaces too) within `model.window` blocks. Justified Latin lines hold
/// about as many characters each, type being proportional only letter by
/// letter; a line of far fewer ended a paragraph, whatever OCR made of its
/// end mark. Nothing else is said: a count is too rough for a full line,
/// and a flush or indented start.
fn latin_last_lines(doc: &Document, roles: &[Role], model: &CellEdges) -> Vec<Option<LastLine>> {
    let letters = |line: &str| line.trim().chars().count();
    let body = |i: usize| roles[i] == Role::Body;
    let inner = |i: usize| {
        let lines: &[crate::model::Line] = if body(i) { &doc.blocks[i].lines } else { &[] };
        let n = lines.len();
        lines
            .iter()
            .take(n.saturating_sub(1))
            .skip(1)
            .map(|l| letters(doc.slice(l.span)))
            .filter(|&w| w <= MAX_LETTERS)
    };
    let n = doc.blocks.len();
    let column = column_widths(n, inner, (MAX_LETTERS, Histogram::median), model, COLUMN_STRETCH);
    (0..n)
        .into_par_iter()
        .map(|i| {
            let last = doc.blocks[i].lines.last()?;
            let width = column[i]? as f64;
            (body(i) && (letters(doc.slice(last.span)) as f64) < model.latin_short * width)
                .then_some(LastLine::FarShortInLetters)
        })
        .collect()
}

/// The model of the unit tests here and in `geometry`: a window small
/// enough for a test page.
#[cfg(test)]
pub(crate) const TEST_MODEL: CellEdges = CellEdges {
    window: 8,
    min_lines: 6,
    min_share: 0.5,
    flush: 0.5,
    indented: 1.5,
    full: 0.5,
    short: 1.5,
    latin_short: 0.5,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_plain_text;

    const MODEL: CellEdges = TEST_MODEL;

    fn edges(text: &str) -> (Vec<Option<FirstLine>>, Vec<Option<LastLine>>) {
        let doc = parse_plain_text("t".into(), text.into()).expect("plain text reads");
        let edges = cell_edges(&doc, &vec![Role::Body; doc.blocks.len()], &MODEL);
        (edges.first_line, edges.last_line)
    }

    #[test]
    fn any_stretch_measures_the_same_column_widths() {
        // Blocks of 0–5 inner lines, their widths drawn from a few columns'
        // (and noise), so that the window's mode changes along the page.
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let n = 1_000;
        let inner: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                let column = [9, 12, 17][(i / 150) % 3];
                (0..next() % 6)
                    .map(|_| if next() % 4 == 0 { next() % 20 } else { column })
                    .collect()
            })
            .collect();
        let lines = |i: usize| inner[i].iter().copied();
        let whole = column_widths(n, lines, (MAX_CELLS, Histogram::mode), &MODEL, n);
        assert!(whole.iter().flatten().count() > n / 2, "most blocks have a width");
        assert!(whole.contains(&Some(9)) && whole.contains(&Some(17)));
        for stretch in [1, 2, 7, 100, 999] {
            assert_eq!(
                column_widths(n, lines, (MAX_CELLS, Histogram::mode), &MODEL, stretch),
                whole,
                "stretch {stretch}"
            );
        }
    }

    #[test]
    fn a_line_counts_cells_narrow_characters_half_a_cell_to_a_whole_one() {
        let digits = Cells { wide: 6, narrow: 4 };
        assert_eq!((digits.least(), digits.most()), (6.0 + 2.0, 6.0 + 4.0));
        assert_eq!(cells("减少1000万以上，"), Some(digits));
        assert_eq!(
            cells("农 民 负 担"),
            Some(Cells { wide: 4, narrow: 0 }),
            "spaces take no cell"
        );
        assert_eq!(cells("Misses Kathleen and"), None, "Latin type is proportional");
    }

    #[test]
    fn an_indented_start_a_short_end_and_a_column_cut_are_told_apart() {
        // Columns nine cells wide: a paragraph indented two cells that ends
        // short, then one cut at the column's foot (a full line, no mark)
        // whose rest heads the next block flush.
        let text = "第五，减轻农民\n负担，维护农村稳定\n当务之急是要狠刹乱\n收费等风。\n\n\
                    中央前年提出，\n三年左右的时间，通\n过改革、改组、改造\n和加强管理，使大多\n\n\
                    数国有大中型亏损企\n业摆脱困境，大多数\n国有大中型骨干企业\n初步建立制度。";
        let (first, last) = edges(text);
        assert_eq!(
            first,
            vec![
                Some(FirstLine::Indented),
                Some(FirstLine::Indented),
                Some(FirstLine::Flush)
            ]
        );
        assert_eq!(
            last,
            vec![Some(LastLine::Short), Some(LastLine::Full), Some(LastLine::Short)]
        );
    }

    #[test]
    fn a_short_first_line_that_ends_a_sentence_is_no_indent() {
        // The block starts with the last line of the paragraph before.
        let text = "第五，减轻农民\n负担，维护农村稳定\n当务之急是要狠刹乱\n收费等不正之风坚决\n\n\
                    我发展能力。\n少数稀缺商品的价格\n要按照国家规范的办\n法进行，坚决制止。";
        let (first, _) = edges(text);
        assert_eq!(first[1], None);
    }

    #[test]
    fn no_edges_without_a_clear_column_or_a_marked_paragraph() {
        // One-line paragraphs (the annotated Chinese page): no inner lines.
        assert_eq!(
            edges("近日，从嘉兴市生态环境局桐乡分局获悉。\n\n2022年，桐乡市空气质量达到国家二级标准。"),
            (vec![None, None], vec![None, None])
        );
        // Latin text: no cells, and too few lines to measure a column.
        assert_eq!(
            edges("A paragraph\nof three\nlines.\n\nAnother one\nof three\nlines."),
            (vec![], vec![None, None])
        );
        // Every line full, none indented, none short: the edges say nothing.
        let flat = "一二三四五六七八九\n一二三四五六七八九\n一二三四五六七八九\n一二三四五六七八九\n\n\
                    一二三四五六七八九\n一二三四五六七八九\n一二三四五六七八九\n一二三四五六七八九";
        assert_eq!(edges(flat), (vec![None, None], vec![None, None]));
    }

    #[test]
    fn a_latin_last_line_well_short_of_its_columns_letters_stops_short() {
        // A column of 28 characters a line: at 0.6 of it, the first block's
        // last line of 10 stops short, the third's of 23 does not, and the
        // headline is not body (neither measured nor marked).
        let line = "the justified lines of a col\n";
        let text = format!(
            "{}ran short.\n\nHEADS\n\n{}{}but runs on to here the\n\n{}",
            line.repeat(4),
            line,
            line.repeat(3),
            line.repeat(3).trim_end()
        );
        let doc = parse_plain_text("t".into(), text).expect("plain text reads");
        let roles = [Role::Body, Role::Headline, Role::Body, Role::Body];
        let mut model = MODEL;
        model.latin_short = 0.6;
        let edges = cell_edges(&doc, &roles, &model);
        assert_eq!(
            edges.last_line,
            vec![Some(LastLine::FarShortInLetters), None, None, None]
        );
        assert!(edges.first_line.is_empty() && edges.fills_column.is_empty());
    }

    #[test]
    fn a_median_reads_the_middle_width_and_wants_enough_lines() {
        let mut widths = Histogram::new(MAX_LETTERS);
        widths.add([30, 31, 29, 12, 33, 30].into_iter());
        assert_eq!(widths.median(&MODEL), Some(30));
        widths.remove([30, 31].into_iter());
        assert_eq!(widths.median(&MODEL), None, "four lines of six wanted");
    }

    #[test]
    fn only_body_lines_measure_the_column_and_mark_its_paragraphs() {
        // The simulator indents no paragraph; a two-line photo caption
        // between its blocks starts short, but is no paragraph of the column.
        let line = "一二三四五六七八九\n";
        let text = format!(
            "{}一二三四五\n\n新建成的学校\n沈盛 摄\n\n{}",
            line.repeat(4),
            line.repeat(5).trim_end()
        );
        let doc = parse_plain_text("t".into(), text).expect("plain text reads");
        let roles = [Role::Body, Role::Caption, Role::Body];
        let TextEdges {
            first_line: first,
            last_line: last,
            ..
        } = cell_edges(&doc, &roles, &MODEL);
        assert_eq!(first, vec![None, None, None], "no first line is indented");
        assert_eq!(last, vec![Some(LastLine::Short), None, Some(LastLine::Full)]);
    }

    #[test]
    fn a_block_of_any_role_whose_lines_run_the_width_fills_its_column() {
        let line = "一二三四五六七八九\n";
        let page = |short: &str| {
            format!(
                "一二三四五六七\n{}一二三\n\n{short}\n\n{}",
                line.repeat(3),
                line.repeat(5).trim_end()
            )
        };
        let fills = |short: &str| {
            let doc = parse_plain_text("t".into(), page(short)).expect("plain text reads");
            let roles = [Role::Body, Role::Headline, Role::Body];
            cell_edges(&doc, &roles, &MODEL).fills_column
        };
        assert_eq!(fills("经济办法引导生产企"), vec![false, true, true]);
        assert_eq!(
            fills("经济办法引导生"),
            vec![false, false, true],
            "two cells short"
        );
    }
}
