//! What the XML readers share: attribute lookup by local name, and laying
//! read blocks out as the document's text.

use crate::error::{Error, Result};
use crate::model::{Block, BlockId, Document, Geometry, Line, ReaderWarning, Role, Span};
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::HashMap;

/// A block as an XML reader found it, before the text is laid out.
pub(super) struct RawBlock {
    /// The block's id in the source.
    pub id: String,
    /// Page and box.
    pub geometry: Geometry,
    /// The role the source declares, if any.
    pub declared_role: Option<Role>,
    /// Its lines' text, whitespace folded.
    pub lines: Vec<String>,
    /// Its lines' type sizes, for the lines whose source gives one.
    pub line_sizes: Vec<f64>,
    /// Its words' heights, where the source gives word boxes and no type
    /// size ([`crate::model::Geometry::word_height`]).
    pub word_heights: Vec<f64>,
    /// Per line, the gutters it crosses ([`Gutters`]).
    pub line_gutters: Vec<u32>,
}

/// The gutters a line crosses, counted word by word: gaps between words
/// wider than twice the line's height ([`crate::model::Geometry::gutters`]).
#[derive(Default)]
pub(super) struct Gutters {
    /// The right edge of the line's last word so far.
    right: Option<f64>,
    /// The gutters found so far.
    pub count: u32,
}

impl Gutters {
    /// Reads the next word's box, `x` to `x + width`, on a line `height`
    /// high; a line of no height (a box drawn flat) has no gutters.
    pub fn word(&mut self, x: f64, width: f64, height: f64) {
        if height > 0.0 && self.right.is_some_and(|right| x - right > 2.0 * height) {
            self.count += 1;
        }
        self.right = Some(x + width);
    }
}

impl RawBlock {
    /// Adds a line of text with its box, type size and the gutters it
    /// crosses, when the source gives them; a line without text adds nothing.
    pub fn push_line(&mut self, text: String, bbox: Option<[f64; 4]>, size: Option<f64>, gutters: u32) {
        if text.is_empty() {
            return;
        }
        self.line_gutters.push(gutters);
        if self.lines.is_empty() {
            self.geometry.first_line = bbox;
        }
        self.geometry.last_line = bbox;
        self.geometry.line_boxes.extend(bbox);
        self.lines.push(text);
        self.line_sizes.extend(size);
    }
}

impl RawBlock {
    /// A block with no lines yet, on `page`, with no box, flow or role.
    pub fn on_page(id: String, page: &Option<String>) -> Self {
        RawBlock {
            id,
            geometry: Geometry {
                page: page.clone(),
                ..Geometry::default()
            },
            declared_role: None,
            lines: Vec::new(),
            line_sizes: Vec::new(),
            word_heights: Vec::new(),
            line_gutters: Vec::new(),
        }
    }
}

/// The next event of `reader` (borrowing the input, not a buffer); a parse
/// error names the input and the byte.
pub(super) fn next_event<'i>(reader: &mut Reader<&'i [u8]>, name: &str) -> Result<Event<'i>> {
    reader.read_event().map_err(|e| Error::Xml {
        name: name.to_string(),
        offset: reader.error_position(),
        message: e.to_string(),
    })
}

/// The next event of `reader` that is not text, the run of text read before
/// it ([`TextRun`]: text and references, whole), and the byte the event
/// began at.
pub(super) fn next_markup<'i>(
    reader: &mut Reader<&'i [u8]>,
    name: &str,
    run: &mut TextRun,
) -> Result<(Option<TextAt>, Event<'i>, u64)> {
    loop {
        let at = reader.buffer_position();
        let event = next_event(reader, name)?;
        if !run.add(&event, at) {
            return Ok((run.take(), event, at));
        }
    }
}

/// Text and the byte of the input it began at.
pub(super) type TextAt = (String, u64);

/// A run of text as the markup writes it, references included (`a &amp; b`):
/// quick-xml reads a reference as an event of its own, and the readers
/// decode a run whole (hOCR with HTML's entities, PAGE with XML's), as one
/// piece of text, so that an entity never splits a line or a warning.
#[derive(Debug, Default)]
pub(super) struct TextRun {
    raw: String,
    /// Where the run began in the input.
    at: u64,
}

impl TextRun {
    /// Adds `event` to the run when it is text or a reference (read at byte
    /// `at`); false for any other event, which ends the run.
    pub fn add(&mut self, event: &Event, at: u64) -> bool {
        let start = self.raw.is_empty();
        match event {
            Event::Text(t) => self.raw.push_str(t),
            Event::GeneralRef(r) => {
                self.raw.push('&');
                self.raw.push_str(r);
                self.raw.push(';');
            }
            _ => return false,
        }
        if start {
            self.at = at;
        }
        true
    }

    /// The run so far (raw) and where it began; empties it.
    pub fn take(&mut self) -> Option<TextAt> {
        if self.raw.is_empty() {
            return None;
        }
        Some((std::mem::take(&mut self.raw), self.at))
    }
}

/// The value of the attribute whose local name is `key`, unescaped
/// ([`unescaped`]).
pub(super) fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    let [found] = attributes_named(e, [key]);
    found.map(unescaped)
}

/// An attribute's value unescaped; a value with an entity XML does not
/// predefine (no DTD entity is ever expanded) is kept as written, so no
/// text is lost.
pub(super) fn unescaped(a: Attribute) -> String {
    // XML's five entities only: the HTML table (which hOCR reads) is not XML's.
    match a.normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_xml_entity) {
        Ok(v) => v.into_owned(),
        Err(_) => a.value.into_owned(),
    }
}

/// The attributes whose local names are `keys` (matched exactly, as XML
/// names are), the first of each: [`attributes_matching`].
pub(super) fn attributes_named<'a, const N: usize>(
    e: &'a BytesStart,
    keys: [&str; N],
) -> [Option<Attribute<'a>>; N] {
    attributes_matching(e, keys, |name, key| name == key)
}

/// The attributes whose local names `same` matches with `keys` (HTML's
/// names in any case), the first of each, found in one pass over the
/// element's attributes: asked for one at a time, an ALTO word's were read
/// six times over (45 % of a run over the Chinese ALTO pages of the
/// real-OCR build). Unchecked: a name given twice is malformed, and the
/// first one is read either way; the check was 6 % of a run over the
/// bench's English ALTO pages (`perf record`).
pub(super) fn attributes_matching<'a, const N: usize>(
    e: &'a BytesStart,
    keys: [&str; N],
    same: impl Fn(&str, &str) -> bool,
) -> [Option<Attribute<'a>>; N] {
    let mut found = [const { None }; N];
    let mut missing = N;
    for a in e.attributes().with_checks(false).flatten() {
        let local = a.key.local_name();
        let Some(k) = keys.iter().position(|&key| same(local.as_ref(), key)) else {
            continue;
        };
        if found[k].is_none() {
            found[k] = Some(a);
            missing -= 1;
            if missing == 0 {
                break;
            }
        }
    }
    found
}

/// The number an attribute holds ([`number`]), read in place: a number has
/// no references to resolve, and needs no copy.
pub(super) fn number_value(a: &Attribute) -> Option<f64> {
    number(a.value.trim())
}

/// A number as `str::parse::<f64>` reads it. Tesseract writes whole
/// numbers, read here digit by digit: the float parser was most of the
/// cost of a word's box, and every Chinese character is a word.
pub(super) fn number(x: &str) -> Option<f64> {
    match x.len() <= 15 && !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()) {
        true => Some(x.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64),
        false => x.parse().ok(),
    }
}

/// Puts each page's blocks in the order `order` gives them (by id); blocks it
/// does not name follow on their page, as they stand. Pages keep their order.
pub(super) fn sort_by_order(blocks: &mut [RawBlock], order: &HashMap<String, i64>) {
    if order.is_empty() {
        return;
    }
    let mut page_rank: HashMap<Option<String>, usize> = HashMap::new();
    for b in blocks.iter() {
        let next = page_rank.len();
        page_rank.entry(b.geometry.page.clone()).or_insert(next);
    }
    // A stable sort: blocks with equal keys keep their order.
    blocks.sort_by_key(|b| {
        (
            page_rank[&b.geometry.page],
            order.get(&b.id).copied().unwrap_or(i64::MAX),
        )
    });
}

/// Lays the blocks out as text (blocks by blank lines, lines by line breaks)
/// and points every span into it; blocks without text are left out. Block
/// ids are made unique (a repeated id, or a made-up `b3` that a real id
/// already holds, gets `~2`, `~3`, …), since reports and edits name blocks by
/// id. The reader's `warnings` go with the document.
pub(super) fn layout(name: String, raw: Vec<RawBlock>, warnings: Vec<ReaderWarning>) -> Result<Document> {
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for mut b in raw.into_iter().filter(|b| !b.lines.is_empty()) {
        let n = seen.entry(b.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let mut k = *n;
            while seen.contains_key(&format!("{}~{k}", b.id)) {
                k += 1;
            }
            b.id = format!("{}~{k}", b.id);
            seen.insert(b.id.clone(), 1);
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let mut lines = Vec::with_capacity(b.lines.len());
        for (k, line) in b.lines.iter().enumerate() {
            if k > 0 {
                text.push('\n');
            }
            let start = text.len();
            text.push_str(line.trim());
            lines.push(Line {
                span: Span::new(start, text.len()),
            });
        }
        b.geometry.type_size = crate::analyze::median(&mut b.line_sizes);
        b.geometry.word_height = crate::analyze::median(&mut b.word_heights);
        b.geometry.gutters = crate::analyze::median_by(&mut b.line_gutters, u32::cmp).unwrap_or(0);
        blocks.push(Block {
            id: BlockId(b.id),
            lines,
            position: b.geometry.boxed(),
            declared_role: b.declared_role,
        });
    }
    text.push('\n');
    Document::read(name, text, blocks, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_reads_as_the_float_parser_reads_it() {
        for x in [
            "0",
            "118",
            "007",
            "999999999999999",
            "1234567890123456",
            "12.5",
            "-3",
            "+4",
            "1e3",
            "",
            "x1",
        ] {
            assert_eq!(number(x), x.parse::<f64>().ok(), "{x:?}");
        }
    }

    #[test]
    fn attributes_are_found_by_name_in_one_pass_the_first_of_each() {
        let mut reader = Reader::from_str(r#"<String HPOS="10" CONTENT="a &amp; b" HPOS="99" WC="0.9"/>"#);
        let Ok(Event::Empty(e)) = reader.read_event() else {
            panic!("an element")
        };
        let [hpos, content, width] = attributes_named(&e, ["HPOS", "CONTENT", "WIDTH"]);
        assert_eq!(hpos.as_ref().and_then(number_value), Some(10.0));
        assert_eq!(content.map(unescaped).as_deref(), Some("a & b"));
        assert!(width.is_none());
    }
}
