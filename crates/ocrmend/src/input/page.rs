//! PAGE XML (2013 and 2019) into the one document model: each TextRegion a
//! block, in the order its ReadingOrder gives, with its box (from Coords),
//! its lines (each TextLine's own TextEquiv), and its declared role (region
//! type: heading, header, page-number, caption…).

use super::xml::{attribute, layout, next_event, sort_by_order, RawBlock};
use crate::error::{Error, Result};
use crate::model::{Document, Role};
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
    let mut buf = Vec::new();
    let mut regions: Vec<RawBlock> = Vec::new();
    let mut order: HashMap<String, i64> = HashMap::new();
    let mut page_id: Option<String> = None;
    // Open regions (indices into `regions`) with their own TextEquiv text.
    let mut open_regions: Vec<(usize, Option<String>)> = Vec::new();
    let mut line: Option<OpenLine> = None;
    let mut in_word = false;
    // The TextEquiv being read, whose it is, and whether inside its Unicode.
    let mut equiv: Option<Owner> = None;
    let mut in_unicode = false;
    let mut coords_for_region = false;
    loop {
        let event = next_event(&mut reader, &mut buf, &name)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"Page" => page_id = attribute(e, b"imageFilename"),
                    b"RegionRefIndexed" => {
                        if let (Some(r), Some(i)) = (attribute(e, b"regionRef"), attribute(e, b"index")) {
                            order.insert(r, i.parse().unwrap_or(i64::MAX));
                        }
                    }
                    b"TextRegion" if !empty => {
                        coords_for_region = true;
                        let id = attribute(e, b"id").unwrap_or_else(|| format!("r{}", regions.len()));
                        let mut region = RawBlock::on_page(id, &page_id);
                        region.declared_role = attribute(e, b"type").as_deref().and_then(role_of_type);
                        regions.push(region);
                        open_regions.push((regions.len() - 1, None));
                    }
                    b"Coords" if coords_for_region => {
                        if let (Some(region), Some(points)) = (regions.last_mut(), attribute(e, b"points")) {
                            region.geometry.bbox = bbox_of(&points);
                        }
                        coords_for_region = false;
                    }
                    b"TextLine" if !empty => {
                        coords_for_region = false;
                        line = Some(OpenLine::default());
                    }
                    b"Word" if !empty && line.is_some() => in_word = true,
                    b"TextEquiv" if !empty => {
                        // The first TextEquiv of each element is its text.
                        equiv = match (&line, in_word) {
                            (Some(l), true) if l.word.is_none() => Some(Owner::Word),
                            (Some(l), false) if l.text.is_none() => Some(Owner::Line),
                            (None, _) if open_regions.last().is_some_and(|r| r.1.is_none()) => {
                                Some(Owner::Region)
                            }
                            _ => None,
                        };
                    }
                    b"Unicode" if equiv.is_some() && !empty => {
                        in_unicode = true;
                        let slot = text_slot(equiv, &mut line, &mut open_regions);
                        slot.get_or_insert_with(String::new);
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if in_unicode => {
                let text = t.unescape().map_err(|e| Error::Xml {
                    name: name.clone(),
                    offset: reader.buffer_position(),
                    message: e.to_string(),
                })?;
                let slot = text_slot(equiv, &mut line, &mut open_regions);
                slot.get_or_insert_with(String::new).push_str(&text);
            }
            Event::CData(ref t) if in_unicode => {
                let slot = text_slot(equiv, &mut line, &mut open_regions);
                slot.get_or_insert_with(String::new)
                    .push_str(&String::from_utf8_lossy(t));
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"Unicode" => in_unicode = false,
                b"TextEquiv" => equiv = None,
                b"Word" => {
                    in_word = false;
                    if let Some(l) = line.as_mut() {
                        l.words.extend(l.word.take());
                    }
                }
                b"TextLine" => {
                    if let Some(l) = line.take() {
                        let text = l.text.unwrap_or_else(|| l.words.join(" "));
                        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !text.is_empty() {
                            let region = match open_regions.last() {
                                Some(&(i, _)) => i,
                                None => {
                                    regions.push(RawBlock::on_page(format!("r{}", regions.len()), &page_id));
                                    regions.len() - 1
                                }
                            };
                            regions[region].lines.push(text);
                        }
                    }
                }
                b"TextRegion" => {
                    if let Some((i, Some(own))) = open_regions.pop() {
                        if regions[i].lines.is_empty() {
                            regions[i].lines = own
                                .lines()
                                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                                .filter(|l| !l.is_empty())
                                .collect();
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    sort_by_order(&mut regions, &order);
    layout(name, regions, Vec::new())
}

/// Where the text of the TextEquiv being read goes.
fn text_slot<'a>(
    owner: Option<Owner>,
    line: &'a mut Option<OpenLine>,
    regions: &'a mut [(usize, Option<String>)],
) -> &'a mut Option<String> {
    match (owner, line.as_mut(), regions.last_mut()) {
        (Some(Owner::Word), Some(l), _) => &mut l.word,
        (Some(Owner::Line), Some(l), _) => &mut l.text,
        (_, _, Some(region)) => &mut region.1,
        _ => unreachable!("a TextEquiv is read only for an open element"),
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
