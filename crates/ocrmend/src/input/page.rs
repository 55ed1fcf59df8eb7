//! PAGE XML (2013 and 2019) into the one document model: each TextRegion a
//! block, in the order its ReadingOrder gives, with its box (from Coords),
//! its lines (each TextLine's own TextEquiv), and its declared role (region
//! type: heading, header, page-number, caption…).

use super::xml::{attribute, layout, next_markup, sort_by_order, RawBlock, TextRun};
use crate::error::{Error, Result};
use crate::model::{Document, ReaderWarning, Role};
use quick_xml::escape::{resolve_xml_entity, unescape_with};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;

/// Whose `TextEquiv` is being read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Owner {
    Region,
    Line,
    Word,
}

/// A line being read: its own text, and its words' texts.
#[derive(Default)]
struct OpenLine {
    text: Option<String>,
    words: Vec<String>,
    word: Option<String>,
}

/// Parses PAGE XML into a document, regions in reading order.
///
/// A line's text is its own `TextEquiv`, else its words' joined by spaces; a
/// region with no line text takes its own `TextEquiv`, a line a line break.
/// Lines belong to the innermost region open around them (regions nest), a
/// line in no region makes a block of its own, and CDATA is text.
pub fn parse_page(name: String, bytes: &[u8]) -> Result<Document> {
    let mut reader = Reader::from_reader(bytes);
    let mut state = State::default();
    let mut order: HashMap<String, i64> = HashMap::new();
    let mut coords_for_region = false;
    let mut run = TextRun::default();
    loop {
        let (text, event, at) = next_markup(&mut reader, &name, &mut run)?;
        if let Some((raw, at)) = text.filter(|_| state.in_unicode) {
            // XML's five entities only (the HTML table is hOCR's).
            let text = unescape_with(&raw, resolve_xml_entity).map_err(|e| Error::Xml {
                name: name.clone(),
                offset: at,
                message: e.to_string(),
            })?;
            state.push_text(&text, at);
        }
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "Page" => {
                        state.page_id = attribute(e, "imageFilename");
                        state.image = state.image.take().or_else(|| state.page_id.clone());
                    }
                    "RegionRefIndexed" => {
                        if let (Some(r), Some(i)) = (attribute(e, "regionRef"), attribute(e, "index")) {
                            order.insert(r, i.parse().unwrap_or(i64::MAX));
                        }
                    }
                    "TextRegion" if !empty => {
                        coords_for_region = true;
                        let id = attribute(e, "id").unwrap_or_else(|| format!("r{}", state.regions.len()));
                        let mut region = RawBlock::on_page(id, &state.page_id);
                        region.declared_role = attribute(e, "type").as_deref().and_then(role_of_type);
                        state.regions.push(region);
                        state.open_regions.push((state.regions.len() - 1, None));
                    }
                    "Coords" if coords_for_region => {
                        if let (Some(region), Some(points)) =
                            (state.regions.last_mut(), attribute(e, "points"))
                        {
                            region.geometry.bbox = bbox_of(&points);
                        }
                        coords_for_region = false;
                    }
                    "TextLine" if !empty => {
                        coords_for_region = false;
                        // A line inside a line: the outer one ends here.
                        state.end_line();
                        state.line = Some(OpenLine::default());
                    }
                    "Word" if !empty && state.line.is_some() => state.in_word = true,
                    "TextEquiv" if !empty => state.equiv = state.equiv_owner(),
                    "Unicode" if state.equiv.is_some() && !empty => {
                        state.in_unicode = true;
                        state.push_text("", at);
                    }
                    _ => {}
                }
            }
            Event::CData(ref t) if state.in_unicode => state.push_text(t, at),
            Event::End(ref e) => match e.local_name().as_ref() {
                "Unicode" => state.in_unicode = false,
                "TextEquiv" => state.equiv = None,
                "Word" => state.end_word(),
                "TextLine" => state.end_line(),
                "TextRegion" => state.end_region(),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    sort_by_order(&mut state.regions, &order);
    let mut doc = layout(name, state.regions, state.warnings)?;
    doc.image = state.image;
    Ok(doc)
}

/// What the reader holds while it reads.
#[derive(Default)]
struct State {
    regions: Vec<RawBlock>,
    page_id: Option<String>,
    /// The first page's scan.
    image: Option<String>,
    /// Open regions (indices into `regions`) with their own TextEquiv text.
    open_regions: Vec<(usize, Option<String>)>,
    line: Option<OpenLine>,
    in_word: bool,
    /// Whose TextEquiv is being read, and whether inside its Unicode.
    equiv: Option<Owner>,
    in_unicode: bool,
    warnings: Vec<ReaderWarning>,
}

impl State {
    /// Whose text a TextEquiv starting now holds: the first TextEquiv of each
    /// element is its text, later ones (alternatives) are not read.
    fn equiv_owner(&self) -> Option<Owner> {
        match (&self.line, self.in_word) {
            (Some(l), true) if l.word.is_none() => Some(Owner::Word),
            (Some(l), false) if l.text.is_none() => Some(Owner::Line),
            (None, _) if self.open_regions.last().is_some_and(|r| r.1.is_none()) => Some(Owner::Region),
            _ => None,
        }
    }

    /// Adds text of the TextEquiv being read to its owner; text whose owner
    /// has closed around it (markup nested inside a Unicode) is kept as a
    /// reader warning.
    fn push_text(&mut self, text: &str, at: u64) {
        let slot = match (self.equiv, self.line.as_mut(), self.open_regions.last_mut()) {
            (Some(Owner::Word), Some(l), _) => &mut l.word,
            (Some(Owner::Line), Some(l), _) => &mut l.text,
            (Some(Owner::Region), _, Some(region)) => &mut region.1,
            _ => {
                if !text.trim().is_empty() {
                    self.warnings.push(ReaderWarning {
                        offset: at,
                        reason: "text of an element that closed inside its own TextEquiv",
                        text: text.to_string(),
                    });
                }
                return;
            }
        };
        slot.get_or_insert_with(String::new).push_str(text);
    }

    fn end_word(&mut self) {
        self.in_word = false;
        if let Some(l) = self.line.as_mut() {
            l.words.extend(l.word.take());
        }
    }

    /// A line's text goes to the innermost open region, or to a region of
    /// its own when it stands in none.
    fn end_line(&mut self) {
        let Some(l) = self.line.take() else { return };
        let text = super::join_words(&l.text.unwrap_or_else(|| l.words.join(" ")));
        if text.is_empty() {
            return;
        }
        let region = match self.open_regions.last() {
            Some(&(i, _)) => i,
            None => {
                let id = format!("r{}", self.regions.len());
                self.regions.push(RawBlock::on_page(id, &self.page_id));
                self.regions.len() - 1
            }
        };
        self.regions[region].lines.push(text);
    }

    /// A region with no line text takes its own TextEquiv, a line a line break.
    fn end_region(&mut self) {
        if let Some((i, Some(own))) = self.open_regions.pop() {
            if self.regions[i].lines.is_empty() {
                self.regions[i].lines = own
                    .lines()
                    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|l| !l.is_empty())
                    .collect();
            }
        }
    }
}

/// PAGE region types that say what a region is; the others leave it to the text.
fn role_of_type(kind: &str) -> Option<Role> {
    match kind {
        "heading" => Some(Role::Headline),
        "header" | "footer" | "page-number" | "signature-mark" | "catch-word" => Some(Role::Furniture),
        "caption" => Some(Role::Caption),
        "paragraph" => Some(Role::Body),
        _ => None,
    }
}

/// The box around `x,y x,y …`.
fn bbox_of(points: &str) -> Option<[f64; 4]> {
    let xy: Vec<(f64, f64)> = points
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect();
    let (x0, x1) = xy
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = xy
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    (!xy.is_empty()).then_some([x0, y0, x1 - x0, y1 - y0])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<?xml version="1.0"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="p1.jpg">
<ReadingOrder><OrderedGroup id="g"><RegionRefIndexed index="1" regionRef="r1"/><RegionRefIndexed index="0" regionRef="r2"/></OrderedGroup></ReadingOrder>
<TextRegion id="r1" type="paragraph"><Coords points="10,10 110,10 110,60 10,60"/>
<TextLine id="l1"><Coords points="1,1 2,2"/><Word id="w1"><TextEquiv><Unicode>Second</Unicode></TextEquiv></Word><TextEquiv><Unicode>Second region, line &amp; one</Unicode></TextEquiv></TextLine>
</TextRegion>
<TextRegion id="r2" type="heading"><Coords points="0,0 50,0 50,5 0,5"/>
<TextLine id="l2"><TextEquiv><Unicode>The Heading</Unicode></TextEquiv></TextLine>
</TextRegion>
</Page></PcGts>"#;

    #[test]
    fn regions_in_reading_order_with_roles_boxes_and_line_text() {
        let doc = parse_page("p.xml".into(), PAGE.as_bytes()).unwrap();
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[0].id.0, "r2");
        assert_eq!(doc.block_text(0), "The Heading");
        assert_eq!(doc.blocks[0].declared_role, Some(Role::Headline));
        assert_eq!(
            doc.block_text(1),
            "Second region, line & one",
            "the line's TextEquiv, not its words'"
        );
        assert_eq!(doc.blocks[1].geometry().bbox, Some([10.0, 10.0, 100.0, 50.0]));
    }

    #[test]
    fn text_whose_element_closed_inside_its_text_equiv_is_a_warning() {
        // Well-formed, odd: a line opened and closed inside a line's Unicode.
        let page = r#"<PcGts><Page><TextRegion id="r"><TextLine><TextEquiv><Unicode>one<TextLine></TextLine>two</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>"#;
        let doc = parse_page("w.xml".into(), page.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.text, "one\n");
        assert_eq!(doc.warnings.len(), 1);
        assert_eq!(doc.warnings[0].text, "two");
    }

    #[test]
    fn word_and_region_text_cdata_and_nested_regions_are_kept() {
        // Issue 12, case 9: only line-level text was read, CDATA was
        // dropped, and a line after a nested region went into it.
        let page = r#"<PcGts><Page>
<TextRegion id="outer"><TextLine><Word><TextEquiv><Unicode>word</Unicode></TextEquiv></Word><Word><TextEquiv><Unicode>level</Unicode></TextEquiv></Word></TextLine>
<TextRegion id="inner"><TextLine><TextEquiv><Unicode><![CDATA[a < b]]></Unicode></TextEquiv></TextLine></TextRegion>
<TextLine><TextEquiv><Unicode>outer again</Unicode></TextEquiv></TextLine>
</TextRegion>
<TextRegion id="only"><TextEquiv><Unicode>region
level</Unicode></TextEquiv></TextRegion>
</Page></PcGts>"#;
        let doc = parse_page("n.xml".into(), page.as_bytes()).unwrap();
        let texts: Vec<(&str, &str)> = (0..doc.blocks.len())
            .map(|i| (doc.blocks[i].id.0.as_str(), doc.block_text(i)))
            .collect();
        assert_eq!(
            texts,
            [
                ("outer", "word level\nouter again"),
                ("inner", "a < b"),
                ("only", "region\nlevel")
            ]
        );
    }
}
