//! Paragraph breaks inside a block, read off its line boxes.
//!
//! A block is a paragraph for Tesseract, but another engine's block may
//! hold a column's worth of them (ABBYY's TextBlocks on the Chronicling
//! America page hold up to 141 lines and nine paragraphs or more), and Tesseract
//! too runs paragraphs together at times. Laid out as one, they read as one
//! paragraph: the break between them, where a sentence ends on a line that
//! stops short (or on a full line, before one that opens like a paragraph)
//! and the next line starts indented, is kept as a paragraph break instead;
//! so is the break after a reporter's byline read into its story's lines.

use super::chars::{is_cjk, is_opening, last_significant};
use super::{ending_of, median, Ending};
use crate::model::{Block, Document};
use serde::Deserialize;

/// When a line break inside a block is a paragraph break: the decision
/// model's `geometry.paragraph_breaks`.
///
/// On Tesseract's real-OCR train pages (ALTO, the line boxes matched to the
/// printed lines' paragraphs), a line ending a sentence more than 5 % of
/// the block's width short of its lines' right edge, before a line starting
/// more than half a line's height in from their left edge, was a paragraph
/// break 216 times of 220 (English 62 of 62, Chinese 154 of 158); 0.05 and
/// 0.5 were chosen on the dev pages over 0.08 and 0.12 of the width and
/// 0.3 and 1.0 of a line (there 50 of 50, a quarter of the breaks inside
/// blocks: the rest end on a full line or start flush). A sentence ending
/// on a full line, before an indented line that opens like a paragraph
/// (a capital; in Chinese, a character after the two characters' indent,
/// `cjk_indent`, the line before ending with a full-width mark, which no
/// speck is), was a break 46 times of 46 there, 22 of 22 on dev.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphBreaks {
    /// A line stopping more than this share of the block's width short of
    /// its lines' right edge is short.
    pub short: f64,
    /// A line starting more than this many line heights in from the
    /// lines' left edge is indented.
    pub indent: f64,
    /// A Chinese paragraph's indent, in line heights (from, to): two
    /// characters.
    pub cjk_indent: [f64; 2],
}

/// The fewest lines a block has for its lines' edges (medians) to say
/// where a paragraph's lines start and end.
const MIN_LINES: usize = 3;

impl ParagraphBreaks {
    /// The lines of `block` that open a paragraph inside it (never the
    /// first): the line before ends a sentence, the line starts indented,
    /// and either the line before stops short or the line opens like a
    /// paragraph (a capital; in Chinese, a character after the two
    /// characters' indent, the line before ending with a full-width mark).
    /// Nothing of that without a box for every line; but with boxes or
    /// without, the line after a Chinese reporter's byline that Tesseract
    /// read into its story's first lines ([`super::byline_run_in`]).
    pub fn starts_inside(&self, doc: &Document, block: &Block) -> Vec<usize> {
        let mut starts = self.starts_by_boxes(doc, block);
        // A reporter's byline run into its story's first lines, boxes or not.
        if super::byline_run_in(doc, block) && starts.first() != Some(&1) {
            starts.insert(0, 1);
        }
        starts
    }

    /// [`ParagraphBreaks::starts_inside`] as the line boxes show them.
    fn starts_by_boxes(&self, doc: &Document, block: &Block) -> Vec<usize> {
        let boxes = &block.geometry().line_boxes;
        if block.lines.len() < MIN_LINES || boxes.len() != block.lines.len() {
            return Vec::new();
        }
        let edge =
            |measure: fn(&[f64; 4]) -> f64| median(&mut boxes.iter().map(measure).collect::<Vec<f64>>());
        // Lines without height or width (a source's degenerate boxes) say nothing.
        let (Some(left), Some(right), Some(height)) = (edge(|b| b[0]), edge(|b| b[0] + b[2]), edge(|b| b[3]))
        else {
            return Vec::new();
        };
        if height <= 0.0 || right <= left {
            return Vec::new();
        }
        let width = right - left;
        (1..boxes.len())
            .filter(|&k| {
                let (before, line) = (&boxes[k - 1], &boxes[k]);
                let indent = (line[0] - left) / height;
                let text_before = doc.slice(block.lines[k - 1].span);
                indent > self.indent
                    && ending_of(text_before) == Ending::Terminal
                    && (before[0] + before[2] < right - self.short * width
                        || self.opens_like_a_paragraph(text_before, doc.slice(block.lines[k].span), indent))
            })
            .collect()
    }

    /// After a sentence that ends a full line, `line`, indented `indent`
    /// line heights, opens a paragraph: in Latin script with a capital; in
    /// Chinese with a character after the two characters' indent, the line
    /// before ending with a full-width mark (OCR reads specks as `.`).
    fn opens_like_a_paragraph(&self, before: &str, line: &str, indent: f64) -> bool {
        match line
            .chars()
            .find(|&c| !c.is_whitespace() && !is_opening(c) && !matches!(c, '"' | '\''))
        {
            Some(c) if is_cjk(c) => {
                (self.cjk_indent[0]..=self.cjk_indent[1]).contains(&indent)
                    && last_significant(before).is_some_and(|m| matches!(m, '。' | '！' | '？'))
            }
            Some(c) => c.is_uppercase(),
            None => false,
        }
    }
}

/// The shipped model's breaks, for the unit tests here and in `geometry`.
#[cfg(test)]
pub(crate) const TEST_MODEL: ParagraphBreaks = ParagraphBreaks {
    short: 0.05,
    indent: 0.5,
    cjk_indent: [1.5, 2.6],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockId, Geometry, Line, Span};

    const BREAKS: ParagraphBreaks = TEST_MODEL;

    /// One block of `lines`, each `(text, x, right edge)`, 20 high.
    fn block(lines: &[(&str, f64, f64)]) -> Document {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (line, _, _) in lines {
            spans.push(Line {
                span: Span::new(text.len(), text.len() + line.len()),
            });
            text.push_str(line);
            text.push('\n');
        }
        let boxes: Vec<[f64; 4]> = lines
            .iter()
            .enumerate()
            .map(|(k, &(_, x, right))| [x, 20.0 * k as f64, right - x, 20.0])
            .collect();
        Document {
            name: "t".into(),
            text,
            blocks: vec![Block {
                id: BlockId("b0".into()),
                lines: spans,
                position: Geometry {
                    line_boxes: boxes,
                    ..Geometry::default()
                }
                .boxed(),
                declared_role: None,
            }],
            warnings: Vec::new(),
            encoding: "UTF-8",
            image: None,
        }
    }

    #[test]
    fn a_sentence_ending_short_before_an_indented_line_ends_a_paragraph() {
        let doc = block(&[
            ("The conference was held yesterday", 10.0, 400.0),
            ("and the offer was accepted.", 10.0, 300.0),
            ("The independent owners will", 30.0, 400.0),
            ("fight it out.", 10.0, 399.0),
            ("Preparations were made.", 10.0, 401.0),
        ]);
        assert_eq!(BREAKS.starts_inside(&doc, &doc.blocks[0]), [2]);
    }

    #[test]
    fn a_full_line_a_flush_line_or_an_open_end_goes_on() {
        for lines in [
            // The sentence ends on a full line, and the next goes on in
            // lower case.
            [("one two three.", 10.0, 400.0), ("four five six", 30.0, 400.0)],
            // The next line starts flush (OCR lost its first letters).
            [("one two three.", 10.0, 300.0), ("Four five six", 10.0, 400.0)],
            // No sentence ends.
            [("one two three", 10.0, 300.0), ("four five six", 30.0, 400.0)],
            // An initial is no sentence's end.
            [("by John F.", 10.0, 300.0), ("Kennedy and", 30.0, 400.0)],
        ] {
            assert_eq!(
                breaks_between(lines[0], lines[1]),
                Vec::<usize>::new(),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn after_a_full_line_a_line_that_opens_like_a_paragraph_opens_one() {
        // A capital after a sentence's end on a full line.
        let (before, line) = (
            ("the matter was closed.", 10.0, 400.0),
            ("The next day", 30.0, 400.0),
        );
        assert_eq!(breaks_between(before, line), [2]);
        // Chinese: the two characters' indent after a full-width mark.
        let (before, line) = (("会议决定了这件事。", 10.0, 400.0), ("第二天上午", 50.0, 400.0));
        assert_eq!(breaks_between(before, line), [2]);
        // Not after a speck read as a period, nor at another indent.
        for (before, line) in [
            (("会议决定了这件事.", 10.0, 400.0), ("第二天上午", 50.0, 400.0)),
            (("会议决定了这件事。", 10.0, 400.0), ("第二天上午", 25.0, 400.0)),
        ] {
            assert_eq!(breaks_between(before, line), Vec::<usize>::new(), "{before:?}");
        }
    }

    /// The breaks found in a column where `before` and `line` stand
    /// between two lines of running text.
    fn breaks_between(before: (&str, f64, f64), line: (&str, f64, f64)) -> Vec<usize> {
        let doc = block(&[
            ("running text of the column", 10.0, 400.0),
            before,
            line,
            ("more running text", 10.0, 400.0),
        ]);
        BREAKS.starts_inside(&doc, &doc.blocks[0])
    }

    #[test]
    fn without_a_box_with_height_for_every_line_nothing_is_read() {
        let mut doc = block(&[
            ("The offer was accepted.", 10.0, 300.0),
            ("The owners will fight it", 30.0, 400.0),
            ("out, and the boats will", 10.0, 400.0),
            ("be laid up.", 10.0, 400.0),
        ]);
        assert_eq!(BREAKS.starts_inside(&doc, &doc.blocks[0]), [1]);
        let boxes = &mut doc.blocks[0].position.as_mut().unwrap().line_boxes;
        let kept = boxes.clone();
        // Boxes without height (a source's degenerate ones) say nothing either.
        boxes.iter_mut().for_each(|b| b[3] = 0.0);
        assert_eq!(BREAKS.starts_inside(&doc, &doc.blocks[0]), Vec::<usize>::new());
        let boxes = &mut doc.blocks[0].position.as_mut().unwrap().line_boxes;
        *boxes = kept;
        boxes.pop();
        assert_eq!(BREAKS.starts_inside(&doc, &doc.blocks[0]), Vec::<usize>::new());
    }
}
