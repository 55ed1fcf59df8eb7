//! ALTO (v1–v4) into the one document model: each TextBlock a block with its
//! box and page, each TextLine a line, Strings joined by spaces.
//!
//! Elements are matched by local name, since the namespace changes with every
//! ALTO version. A word hyphenated across lines (`SUBS_TYPE="HypPart1"` …
//! `"HypPart2"`) is written whole, from `SUBS_CONTENT`, where its first part
//! stands, as the file's own markup says it is one word; its second part is
//! left out only when it is the next word and the whole word ends with it.
//! Words outside a `TextLine` make a line of their own, and lines outside a
//! `TextBlock` a block of their own: no text is dropped. quick-xml expands
//! no entities but the five predefined ones, so external entities and entity
//! bombs find nothing to expand.

use super::xml::{
    attribute, attributes_named, layout, next_event, number_value, sort_by_order, unescaped, Gutters,
    RawBlock,
};
use crate::analyze::chars::has_cjk;
use crate::error::{Error, Result};
use crate::model::Document;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// Parses ALTO XML into a document whose text is its blocks, lines and words.
pub fn parse_alto(name: String, bytes: &[u8]) -> Result<Document> {
    let xml_error = |offset: u64, message: String| Error::Xml {
        name: name.clone(),
        offset,
        message,
    };
    let mut reader = Reader::from_reader(bytes);
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut page: Option<String> = None;
    let mut in_block = false;
    // A block made for lines or words that stand in no TextBlock.
    let mut orphan_block = false;
    let mut line: Option<OpenLine> = None;
    // The whole word of a HypPart1 already written, whose HypPart2 is skipped.
    let mut pending_hyphenated: Option<String> = None;
    // Explicit reading order: a ReadingOrder element, else IDNEXT links.
    let mut reading_order: HashMap<String, i64> = HashMap::new();
    let mut in_reading_order = false;
    let mut id_next: Vec<(String, String)> = Vec::new();
    // The scan: the text of `sourceImageInformation/fileName`.
    let (mut image, mut in_file_name) = (None::<String>, false);
    loop {
        let event = next_event(&mut reader, &name)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let attr = |key: &str| attribute(e, key);
                match e.local_name().as_ref() {
                    "Page" => page = attr("ID"),
                    "fileName" => in_file_name = !matches!(event, Event::Empty(_)),
                    "ElementRef" | "OrderedGroup" | "UnorderedGroup" if in_reading_order => {
                        if let Some(id) = attr("REF") {
                            let next = reading_order.len() as i64;
                            reading_order.entry(id).or_insert(next);
                        }
                    }
                    "ReadingOrder" => in_reading_order = !matches!(event, Event::Empty(_)),
                    "TextBlock" => {
                        end_element("TextLine", &mut in_block, &mut line, &mut blocks);
                        in_block = true;
                        orphan_block = false;
                        if let Some(next) = attr("IDNEXT") {
                            id_next.push((attr("ID").unwrap_or_default(), next));
                        }
                        let mut block = RawBlock::on_page(
                            attr("ID").unwrap_or_else(|| format!("b{}", blocks.len())),
                            &page,
                        );
                        block.geometry.bbox = bbox(e);
                        blocks.push(block);
                    }
                    "TextLine" => {
                        // A line left open (its end tag missing) ends here.
                        end_element("TextLine", &mut in_block, &mut line, &mut blocks);
                        if !in_block && !orphan_block {
                            blocks.push(orphan(&blocks, &page));
                            orphan_block = true;
                        }
                        line = Some(OpenLine {
                            bbox: bbox(e),
                            ..OpenLine::default()
                        });
                    }
                    "String" => {
                        if line.is_none() {
                            if !in_block && !orphan_block {
                                blocks.push(orphan(&blocks, &page));
                                orphan_block = true;
                            }
                            line = Some(OpenLine::default());
                        }
                        let open = line.as_mut().expect("opened above");
                        let [x, width, height, content, subs_type, subs_content] = attributes_named(
                            e,
                            ["HPOS", "WIDTH", "HEIGHT", "CONTENT", "SUBS_TYPE", "SUBS_CONTENT"],
                        );
                        let number = |a: &Option<_>| a.as_ref().and_then(number_value);
                        if let Some([_, _, _, line_height]) = open.bbox {
                            if let (Some(x), Some(width)) = (number(&x), number(&width)) {
                                open.gutters.word(x, width, line_height);
                            }
                        }
                        open.heights
                            .extend(number(&height).filter(|h| h.is_finite() && *h > 0.0));
                        let words = &mut open.words;
                        let content = content.map(unescaped).unwrap_or_default();
                        // The whole word of a first part is owed only to the very next word.
                        let owed = pending_hyphenated.take();
                        match (subs_type.map(unescaped).as_deref(), subs_content.map(unescaped)) {
                            (Some("HypPart1"), Some(whole)) => {
                                words.push(whole.clone());
                                pending_hyphenated = Some(whole);
                            }
                            (Some("HypPart2"), _)
                                if owed.as_deref().is_some_and(|w| w.ends_with(&content)) => {}
                            _ => words.push(content),
                        }
                    }
                    // A line-end hyphen: part of the word before it, unless
                    // that word was already written whole from SUBS_CONTENT.
                    "HYP" => {
                        let Some(OpenLine { words, .. }) = line.as_mut() else {
                            continue;
                        };
                        let written_whole = pending_hyphenated.is_some();
                        if let (false, Some(last)) = (written_whole, words.last_mut()) {
                            last.push_str(&attr("CONTENT").unwrap_or_else(|| "-".into()));
                        }
                    }
                    _ => {}
                }
                if matches!(event, Event::Empty(_)) {
                    end_element(e.local_name().as_ref(), &mut in_block, &mut line, &mut blocks);
                }
            }
            Event::Text(ref t) if in_file_name => {
                image.get_or_insert_with(String::new).push_str(t.trim());
            }
            Event::End(ref e) if e.local_name().as_ref() == "fileName" => in_file_name = false,
            Event::End(ref e) if e.local_name().as_ref() == "ReadingOrder" => in_reading_order = false,
            Event::End(ref e) => end_element(e.local_name().as_ref(), &mut in_block, &mut line, &mut blocks),
            Event::Eof => break,
            _ => {}
        }
    }
    // A line the file never closed ends with it.
    end_element("TextLine", &mut in_block, &mut line, &mut blocks);
    if !reader_saw_alto(bytes) {
        return Err(xml_error(0, "no <alto> element".into()));
    }
    if reading_order.is_empty() {
        reading_order = follow_links(&blocks, &id_next);
    }
    sort_by_order(&mut blocks, &reading_order);
    let mut doc = layout(name, blocks, Vec::new())?;
    doc.image = image.filter(|i| !i.is_empty());
    Ok(doc)
}

/// Reading order from IDNEXT links: each chain from its head (a block no link
/// points to), heads in document order; a cycle stops where it comes round.
fn follow_links(blocks: &[RawBlock], links: &[(String, String)]) -> HashMap<String, i64> {
    let mut order = HashMap::new();
    if links.is_empty() {
        return order;
    }
    let next: HashMap<&str, &str> = links.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let pointed: std::collections::HashSet<&str> = next.values().copied().collect();
    for head in blocks
        .iter()
        .map(|b| b.id.as_str())
        .filter(|id| !pointed.contains(id))
    {
        let mut at = Some(head);
        while let Some(id) = at {
            if order.contains_key(id) {
                break;
            }
            let n = order.len() as i64;
            order.insert(id.to_string(), n);
            at = next.get(id).copied();
        }
    }
    order
}

/// A block for lines or words that stand in no TextBlock.
fn orphan(blocks: &[RawBlock], page: &Option<String>) -> RawBlock {
    RawBlock::on_page(format!("b{}", blocks.len()), page)
}

/// A TextLine being read: its words so far, their heights, its box and
/// the gutters between its words.
#[derive(Default)]
struct OpenLine {
    words: Vec<String>,
    heights: Vec<f64>,
    bbox: Option<[f64; 4]>,
    gutters: Gutters,
}

fn end_element(local: &str, in_block: &mut bool, line: &mut Option<OpenLine>, blocks: &mut [RawBlock]) {
    match local {
        "TextLine" => {
            if let (Some(line), Some(block)) = (line.take(), blocks.last_mut()) {
                let text = super::join_words(&line.words.join(" "));
                // Chinese characters stand in cells of one size, whatever
                // the type: their heights tell nothing a line's does not.
                if !has_cjk(&text) {
                    block.word_heights.extend(line.heights);
                }
                block.push_line(text, line.bbox, None, line.gutters.count);
            }
        }
        "TextBlock" => *in_block = false,
        _ => {}
    }
}

fn reader_saw_alto(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<alto")) || head.windows(6).any(|w| w == b":alto ")
}

fn bbox(e: &BytesStart) -> Option<[f64; 4]> {
    let [x, y, width, height] = attributes_named(e, ["HPOS", "VPOS", "WIDTH", "HEIGHT"]);
    let num = |a: Option<_>| number_value(&a?);
    Some([num(x)?, num(y)?, num(width)?, num(height)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALTO: &str = r#"<?xml version="1.0"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page ID="P1">
<PrintSpace>
<TextBlock ID="TB1" HPOS="10" VPOS="20" WIDTH="300" HEIGHT="40">
<TextLine><String CONTENT="The"/><SP/><String CONTENT="Har" SUBS_TYPE="HypPart1" SUBS_CONTENT="Harbor"/><HYP CONTENT="-"/></TextLine>
</TextBlock>
<TextBlock ID="TB2" HPOS="400" VPOS="20" WIDTH="300" HEIGHT="40">
<TextLine><String CONTENT="bor" SUBS_TYPE="HypPart2" SUBS_CONTENT="Harbor"/><SP/><String CONTENT="opened &amp; closed."/></TextLine>
</TextBlock>
</PrintSpace></Page></Layout></alto>"#;

    #[test]
    fn tesseract_chinese_words_are_joined_without_spaces() {
        // Tesseract's ALTO: a String per character or word, an SP between them.
        let alto = r#"<alto><Layout><Page ID="p"><PrintSpace><TextBlock ID="block_0">
<TextLine><String CONTENT="中"/><SP WIDTH="12"/><String CONTENT="央"/><SP/><String CONTENT="，"/><SP/><String CONTENT="GDP"/><SP/><String CONTENT="增"/><SP/><String CONTENT="长"/></TextLine>
</TextBlock></PrintSpace></Page></Layout></alto>"#;
        let doc = parse_alto("t.xml".into(), alto.as_bytes()).unwrap();
        assert_eq!(doc.block_text(0), "中央，GDP增长");
    }

    #[test]
    fn a_line_read_across_a_gutter_counts_it() {
        // A line 30 high: a gap of 200 between its second and third word.
        let alto = r#"<alto><Layout><Page ID="p"><PrintSpace><TextBlock ID="b">
<TextLine HPOS="0" VPOS="0" WIDTH="500" HEIGHT="30"><String CONTENT="社会" HPOS="0" WIDTH="60"/><String CONTENT="筹集" HPOS="70" WIDTH="60"/><String CONTENT="打击" HPOS="330" WIDTH="60"/></TextLine>
</TextBlock></PrintSpace></Page></Layout></alto>"#;
        let doc = parse_alto("t.xml".into(), alto.as_bytes()).unwrap();
        assert_eq!(doc.blocks[0].geometry().gutters, 1);
        // A line drawn flat (no height) has no gutters to tell.
        let flat = alto.replace(r#"HEIGHT="30""#, r#"HEIGHT="0""#);
        assert_eq!(
            parse_alto("t.xml".into(), flat.as_bytes()).unwrap().blocks[0]
                .geometry()
                .gutters,
            0
        );
        assert_eq!(
            parse_alto("a.xml".into(), ALTO.as_bytes()).unwrap().blocks[0]
                .geometry()
                .gutters,
            0
        );
    }

    #[test]
    fn blocks_lines_geometry_and_whole_hyphenated_words() {
        let doc = parse_alto("a.xml".into(), ALTO.as_bytes()).unwrap();
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.block_text(0), "The Harbor");
        assert_eq!(doc.block_text(1), "opened & closed.");
        assert_eq!(doc.blocks[1].id.0, "TB2");
        assert_eq!(doc.blocks[0].geometry().bbox, Some([10.0, 20.0, 300.0, 40.0]));
        // Line boxes, where the file gives them: the first and the last line's.
        let lined = r#"<alto><Layout><Page ID="p"><TextBlock ID="b" HPOS="10" VPOS="0" WIDTH="300" HEIGHT="60">
<TextLine HPOS="40" VPOS="0" WIDTH="270" HEIGHT="20"><String CONTENT="one"/></TextLine>
<TextLine HPOS="10" VPOS="20" WIDTH="300" HEIGHT="20"><String CONTENT="two"/></TextLine>
<TextLine HPOS="10" VPOS="40" WIDTH="120" HEIGHT="20"><String CONTENT="three."/></TextLine>
</TextBlock></Page></Layout></alto>"#;
        let g = parse_alto("l.xml".into(), lined.as_bytes()).unwrap().blocks[0]
            .geometry()
            .clone();
        assert_eq!(g.first_line, Some([40.0, 0.0, 270.0, 20.0]));
        assert_eq!(g.last_line, Some([10.0, 40.0, 120.0, 20.0]));
        assert_eq!(
            doc.blocks[0].geometry().first_line,
            None,
            "no line boxes in the file"
        );
        assert_eq!(doc.blocks[0].geometry().page.as_deref(), Some("P1"));
    }

    #[test]
    fn latin_words_give_their_median_height_chinese_ones_none() {
        let page = r#"<alto><Layout><Page ID="p">
<TextBlock ID="a"><TextLine><String CONTENT="The" HEIGHT="30"/><String CONTENT="harbor" HEIGHT="38"/></TextLine>
<TextLine><String CONTENT="opened." HEIGHT="34"/></TextLine></TextBlock>
<TextBlock ID="b"><TextLine><String CONTENT="码头" HEIGHT="40"/><String CONTENT="开放" HEIGHT="41"/></TextLine></TextBlock>
<TextBlock ID="c"><TextLine><String CONTENT="No"/><String CONTENT="heights" HEIGHT="NaN"/><String CONTENT="here" HEIGHT="-4"/></TextLine></TextBlock>
</Page></Layout></alto>"#;
        let doc = parse_alto("h.xml".into(), page.as_bytes()).unwrap();
        let heights: Vec<_> = doc.blocks.iter().map(|b| b.geometry().word_height).collect();
        // The upper median of 30, 34, 38; Chinese cells, and heights missing
        // or not a length, give none.
        assert_eq!(heights, [Some(34.0), None, None]);
        assert!(doc.blocks.iter().all(|b| b.geometry().type_size.is_none()));
    }

    #[test]
    fn a_hyp_without_subs_content_keeps_its_hyphen() {
        let alto = r#"<alto><Layout><Page><TextBlock ID="B">
<TextLine><String CONTENT="the"/><SP/><String CONTENT="exam"/><HYP CONTENT="-"/></TextLine>
<TextLine><String CONTENT="ple"/><SP/><String CONTENT="given."/></TextLine>
</TextBlock></Page></Layout></alto>"#;
        let doc = parse_alto("h.xml".into(), alto.as_bytes()).unwrap();
        assert_eq!(doc.block_text(0), "the exam-\nple given.");
        // With SUBS_CONTENT the whole word stands on the first line, the HYP adds nothing.
        let doc = parse_alto("a.xml".into(), ALTO.as_bytes()).unwrap();
        assert_eq!(doc.block_text(0), "The Harbor");
    }

    #[test]
    fn a_first_part_without_its_second_loses_nothing() {
        // Issue 12, case 10: `exam-` + `ple` came out as `exam`.
        let alto = r#"<alto><Layout><Page><TextBlock ID="B">
<TextLine><String CONTENT="Har" SUBS_TYPE="HypPart1" SUBS_CONTENT="Harbor"/><HYP CONTENT="-"/></TextLine>
<TextLine><String CONTENT="then"/><SP/><String CONTENT="exam"/><HYP CONTENT="-"/></TextLine>
<TextLine><String CONTENT="ple" SUBS_TYPE="HypPart2" SUBS_CONTENT="example"/></TextLine>
</TextBlock></Page></Layout></alto>"#;
        let doc = parse_alto("h.xml".into(), alto.as_bytes()).unwrap();
        assert_eq!(doc.block_text(0), "Harbor\nthen exam-\nple");
    }

    #[test]
    fn words_and_lines_outside_their_parents_are_kept() {
        let alto = r#"<alto><Layout><Page><String CONTENT="loose"/>
<TextBlock ID="B"><String CONTENT="no"/><String CONTENT="line"/><TextLine><String CONTENT="lined"/></TextLine></TextBlock>
<TextLine><String CONTENT="blockless"/></TextLine><TextLine><String CONTENT="two"/></TextLine>
</Page></Layout></alto>"#;
        let doc = parse_alto("o.xml".into(), alto.as_bytes()).unwrap();
        let texts: Vec<&str> = (0..doc.blocks.len()).map(|i| doc.block_text(i)).collect();
        assert_eq!(texts, ["loose", "no line\nlined", "blockless\ntwo"]);
    }

    #[test]
    fn block_ids_are_unique() {
        // Issue 16: a block without ID got `b{n}`, which a real ID could hold.
        let alto = r#"<alto><Layout><Page><TextBlock ID="b1"><TextLine><String CONTENT="one"/></TextLine></TextBlock>
<TextBlock><TextLine><String CONTENT="two"/></TextLine></TextBlock>
<TextBlock ID="b1"><TextLine><String CONTENT="three"/></TextLine></TextBlock></Page></Layout></alto>"#;
        let doc = parse_alto("d.xml".into(), alto.as_bytes()).unwrap();
        let ids: Vec<&str> = doc.blocks.iter().map(|b| b.id.0.as_str()).collect();
        assert_eq!(ids, ["b1", "b1~2", "b1~3"]);
    }

    #[test]
    fn reading_order_and_idnext_reorder_blocks() {
        let block = |id: &str, extra: &str, word: &str| {
            format!(
                r#"<TextBlock ID="{id}"{extra}><TextLine><String CONTENT="{word}"/></TextLine></TextBlock>"#
            )
        };
        let page = |order: &str, blocks: String| {
            format!("<alto><Layout>{order}<Page ID=\"P\"><PrintSpace>{blocks}</PrintSpace></Page></Layout></alto>")
        };
        let texts = |xml: String| {
            let doc = parse_alto("o.xml".into(), xml.as_bytes()).unwrap();
            (0..doc.blocks.len())
                .map(|i| doc.block_text(i).to_string())
                .collect::<Vec<_>>()
        };
        let ordered = page(
            r#"<ReadingOrder><OrderedGroup ID="g"><ElementRef ID="e1" REF="B"/><ElementRef ID="e2" REF="A"/></OrderedGroup></ReadingOrder>"#,
            block("A", "", "second") + &block("B", "", "first") + &block("C", "", "unlisted"),
        );
        assert_eq!(texts(ordered), ["first", "second", "unlisted"]);
        let linked = page(
            "",
            block("A", r#" IDNEXT="C""#, "one")
                + &block("B", "", "three")
                + &block("C", r#" IDNEXT="B""#, "two"),
        );
        assert_eq!(texts(linked), ["one", "two", "three"]);
    }

    #[test]
    fn broken_xml_names_the_position() {
        let err = parse_alto("b.xml".into(), b"<alto><Layout><Page></Layout></alto>").unwrap_err();
        assert!(
            err.to_string().starts_with("b.xml: malformed XML at byte "),
            "{err}"
        );
    }

    #[test]
    fn entities_are_not_expanded() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
<alto><Layout><Page><TextBlock><TextLine><String CONTENT="&lol2;"/></TextLine></TextBlock></Page></Layout></alto>"#;
        // The literal text: never an expansion, and nothing dropped.
        let doc = parse_alto("c.xml".into(), bomb.as_bytes()).unwrap();
        assert_eq!(doc.text, "&lol2;\n");
        // XML predefines five entities; HTML's (which hOCR reads) are not XML's.
        let html = r#"<alto><Layout><Page><TextBlock><TextLine><String CONTENT="caf&eacute; &amp; bar"/></TextLine></TextBlock></Page></Layout></alto>"#;
        let doc = parse_alto("d.xml".into(), html.as_bytes()).unwrap();
        assert_eq!(
            doc.text, "caf&eacute; &amp; bar\n",
            "a value with an unknown entity kept as written"
        );
    }
}
