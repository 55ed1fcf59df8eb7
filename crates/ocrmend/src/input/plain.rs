//! Plain-text OCR: blocks separated by blank lines, hard line breaks inside a
//! block, UTF-8 with an optional BOM and CRLF line ends.

use crate::error::{Error, Result};
use crate::model::{Block, BlockId, Document, Line, Span};

/// Decodes `bytes` as UTF-8 and splits it into blocks and lines.
///
/// The text is kept whole (BOM and CR included) so that spans are offsets
/// into exactly what was read; the BOM, CRs and blank lines are layout and
/// never part of a line's span.
pub fn parse_plain(name: String, bytes: Vec<u8>) -> Result<Document> {
    let text = String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        name: name.clone(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let blocks = split_blocks(&text);
    Document::read(name, text, blocks, Vec::new())
}

fn split_blocks(text: &str) -> Vec<Block> {
    // Sized from the blank lines between blocks (close, not exact): a page of
    // millions of tiny blocks would otherwise hold a grown vector and its
    // copy at once.
    let mut blocks = Vec::with_capacity(text.matches("\n\n").count() + text.matches("\n\r\n").count() + 1);
    let mut lines: Vec<Line> = Vec::new();
    let mut flush = |lines: &mut Vec<Line>| {
        if !lines.is_empty() {
            blocks.push(Block {
                id: BlockId(format!("b{}", blocks.len())),
                // Exactly as long as it is (a tiny block's line would
                // otherwise sit in room for four).
                lines: lines.as_slice().to_vec(),
                position: None,
                declared_role: None,
            });
            lines.clear();
        }
    };
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
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
