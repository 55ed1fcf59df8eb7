//! PAGE XML (2013 and 2019) into the one document model: each TextRegion a
//! block, in the order its ReadingOrder gives, with its box (from Coords),
//! its lines (each TextLine's own TextEquiv), and its declared role (region
//! type: heading, header, page-number, caption…).

use super::xml::{attribute, layout, next_event, sort_by_order, RawBlock};
use crate::error::{Error, Result};
use crate::model::{Document, Geometry, Role};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;

/// Parses PAGE XML into a document, regions in reading order.
pub fn parse_page(name: String, bytes: &[u8]) -> Result<Document> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut regions: Vec<RawBlock> = Vec::new();
    let mut order: HashMap<String, i64> = HashMap::new();
    let mut page_id: Option<String> = None;
    // Where the parser stands: inside a region, a line, a word, a TextEquiv/Unicode.
    let (mut in_region, mut in_line, mut in_word, mut in_unicode) = (0usize, false, false, false);
    let mut line_text: Option<String> = None;
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
                        in_region += 1;
                        coords_for_region = true;
                        regions.push(RawBlock {
                            id: attribute(e, b"id").unwrap_or_else(|| format!("r{}", regions.len())),
                            geometry: Geometry {
                                page: page_id.clone(),
                                bbox: None,
                                ..Geometry::default()
                            },
                            declared_role: attribute(e, b"type").as_deref().and_then(role_of_type),
                            lines: Vec::new(),
                        });
                    }
                    b"Coords" if coords_for_region => {
                        if let (Some(region), Some(points)) = (regions.last_mut(), attribute(e, b"points")) {
                            region.geometry.bbox = bbox_of(&points);
                        }
                        coords_for_region = false;
                    }
                    b"TextLine" if in_region > 0 && !empty => {
                        in_line = true;
                        coords_for_region = false;
                        line_text = None;
                    }
                    b"Word" if !empty => in_word = true,
                    b"Unicode" if in_line && !in_word && line_text.is_none() && !empty => in_unicode = true,
                    _ => {}
                }
            }
            Event::Text(ref t) if in_unicode => {
                let text = t.unescape().map_err(|e| Error::Xml {
                    name: name.clone(),
                    offset: reader.buffer_position(),
                    message: e.to_string(),
                })?;
                line_text.get_or_insert_with(String::new).push_str(&text);
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"Unicode" => {
                    if in_unicode {
                        line_text.get_or_insert_with(String::new);
                    }
                    in_unicode = false;
                }
                b"Word" => in_word = false,
                b"TextLine" => {
                    in_line = false;
                    if let (Some(text), Some(region)) = (line_text.take(), regions.last_mut()) {
                        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !text.is_empty() {
                            region.lines.push(text);
                        }
                    }
                }
                b"TextRegion" => in_region = in_region.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    sort_by_order(&mut regions, &order);
    layout(name, regions)
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
        assert_eq!(doc.blocks[1].geometry.bbox, Some([10.0, 10.0, 100.0, 50.0]));
    }
}
