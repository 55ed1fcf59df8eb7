//! Plain-text OCR: blocks separated by blank lines, hard line breaks inside a
//! block, UTF-8 with an optional BOM and CRLF line ends.

use super::encoding::utf8_text;
use crate::error::Result;
use crate::model::{Block, BlockId, Document, Line, Span};
use rayon::prelude::*;

/// Decodes `bytes` as UTF-8 and splits it into blocks and lines.
///
/// The text is kept whole (BOM and CR included) so that spans are offsets
/// into exactly what was read; the BOM, CRs and blank lines are layout and
/// never part of a line's span.
pub fn parse_plain(name: String, bytes: Vec<u8>) -> Result<Document> {
    let text = utf8_text(&name, bytes)?;
    parse_plain_text(name, text)
}

/// Splits a text, already UTF-8, into blocks and lines ([`parse_plain`]).
pub fn parse_plain_text(name: String, text: String) -> Result<Document> {
    let blocks = split_blocks(&text, STRETCH);
    Document::read(name, text, blocks, Vec::new())
}

/// Bytes of text one task splits into blocks: a large page is cut at
/// blank lines into stretches of about this size, split in parallel.
const STRETCH: usize = 1 << 20;

/// The blocks of `text`, split a stretch of about `stretch` bytes at a
/// time: a stretch ends after a blank line, where no block goes on, so the
/// blocks are those of one pass over the whole text.
fn split_blocks(text: &str, stretch: usize) -> Vec<Block> {
    let bytes = text.as_bytes();
    let mut cuts: Vec<usize> = vec![0];
    while let Some(&last) = cuts.last() {
        // Bytes, not characters: the stretch may end inside one, and a line
        // break is one byte whatever the text.
        let from = last.saturating_add(stretch).min(bytes.len());
        let after_blank_line = (from..bytes.len())
            .filter(|&i| bytes[i] == b'\n')
            .find_map(|i| match &bytes[i + 1..] {
                [b'\n', ..] => Some(i + 2),
                [b'\r', b'\n', ..] => Some(i + 3),
                _ => None,
            });
        match after_blank_line {
            Some(cut) => cuts.push(cut),
            None => break,
        }
    }
    cuts.push(text.len());
    let stretches: Vec<Vec<Vec<Line>>> = cuts
        .par_windows(2)
        .map(|w| lines_of_blocks(text, w[0], w[1]))
        .collect();
    let mut blocks = Vec::with_capacity(stretches.iter().map(Vec::len).sum());
    for lines in stretches.into_iter().flatten() {
        blocks.push(Block {
            id: BlockId(format!("b{}", blocks.len())),
            lines,
            position: None,
            declared_role: None,
        });
    }
    blocks
}

/// The lines of each block of `text[from..to]`, in order; spans are in the
/// whole text.
fn lines_of_blocks(text: &str, from: usize, to: usize) -> Vec<Vec<Line>> {
    let mut blocks = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut flush = |lines: &mut Vec<Line>| {
        if !lines.is_empty() {
            // Exactly as long as it is (a tiny block's line would otherwise
            // sit in room for four).
            blocks.push(lines.as_slice().to_vec());
            lines.clear();
        }
    };
    let mut start = from;
    for raw in text[from..to].split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let content = raw.trim_end();
        let lead = content.len() - content.trim_start_matches(is_layout_space).len();
        let trimmed = &content[lead..];
        if trimmed.is_empty() {
            flush(&mut lines);
            continue;
        }
        let s = line_start + lead;
        lines.push(Line {
            span: Span::new(s, s + trimmed.len()),
        });
    }
    flush(&mut lines);
    blocks
}

/// Whitespace that only positions text: spaces, tabs, the BOM, ideographic space.
fn is_layout_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn doc(text: &str) -> Document {
        parse_plain("t".into(), text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn blocks_split_on_blank_lines_and_lines_on_breaks() {
        let d = doc("\u{feff}first line\r\nsecond\r\n\r\n\r\n  third \n");
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].lines.len(), 2);
        assert_eq!(d.slice(d.blocks[0].lines[0].span), "first line");
        assert_eq!(d.slice(d.blocks[0].lines[1].span), "second");
        assert_eq!(d.block_text(1), "third");
        assert_eq!(d.blocks[1].id.0, "b1");
    }

    #[test]
    fn stretches_split_as_one_pass_does() {
        let text = "\u{feff}a\r\nb\n\n\nc\n \n\t\nd e\r\n\r\nf\n\n\n\ng\nh\n\n";
        let whole = split_blocks(text, usize::MAX);
        assert_eq!(whole.len(), 5);
        for stretch in 0..text.len() + 2 {
            assert_eq!(split_blocks(text, stretch), whole, "stretches of {stretch} bytes");
        }
    }

    proptest::proptest! {
        /// Split a stretch at a time, any text gives the blocks of one pass.
        #[test]
        fn any_stretch_gives_the_blocks_of_one_pass(
            text in "[a充 \t\r\n\u{feff}\u{3000}]{0,200}",
            stretch in 0usize..64,
        ) {
            proptest::prop_assert_eq!(split_blocks(&text, stretch), split_blocks(&text, usize::MAX));
        }
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = parse_plain("x.txt".into(), b"ok\n\xff\xfe".to_vec()).unwrap_err();
        assert!(
            err.to_string().starts_with("x.txt: invalid UTF-8 at byte 3 ("),
            "{err}"
        );
    }

    #[test]
    fn whitespace_only_input_is_empty() {
        let err = parse_plain("e.txt".into(), b" \n\r\n\t".to_vec()).unwrap_err();
        assert!(matches!(err, Error::Empty { .. }), "{err}");
    }
}
