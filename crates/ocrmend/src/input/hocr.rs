//! hOCR (HTML with OCR classes) into the one document model: each `ocr_par`
//! a block (an `ocr_carea` when its lines sit in no paragraph), each
//! `ocr_line` (or Tesseract's `ocr_header`, `ocr_caption`, `ocr_textfloat`) a
//! line, its words joined by spaces.
//!
//! Boxes come from the `bbox` property of `title`, pages from `ocr_page`
//! (`ppageno`, else the id), the article flow from `cflow`, and the reading
//! order from `order` where the file gives it. hOCR is HTML, so end tags may
//! be missing or mismatched and HTML entities (`&nbsp;`) appear: the reader
//! keeps its own stack of elements and decodes the common entities itself.

use super::xml::{
    attributes_matching, layout, next_markup, number, sort_by_order, Gutters, RawBlock, TextRun,
};
use crate::error::{Error, Result};
use crate::model::{Document, ReaderWarning, Role};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::collections::HashMap;

/// What an open element is to the reader.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Page,
    /// An area or paragraph; its block is made when its first line ends.
    Container {
        block: Option<usize>,
    },
    Line(Option<Role>),
    Word,
    Other,
}

struct Open {
    name: String,
    kind: Kind,
    /// Id, box, flow and order of a container; flow and order are inherited
    /// from the enclosing container.
    attrs: Option<Properties>,
    /// Stack index of the innermost container at or below this element, so
    /// that no lookup walks the stack (hostile files nest deeply).
    container: Option<usize>,
    /// Inside a line.
    in_line: bool,
    /// Inside the HTML head: its text is not the page's.
    outside_text: bool,
}

/// An end tag closes the element it names only if it is among this many
/// innermost open ones; past that it is stray, and ignored.
const MAX_UNCLOSED: usize = 64;

#[derive(Clone, Default)]
struct Properties {
    id: Option<String>,
    bbox: Option<[f64; 4]>,
    flow: Option<String>,
    order: Option<i64>,
}

/// Parses hOCR into a document whose blocks are its paragraphs.
///
/// No text is dropped silently: a line left open when the next one starts
/// (or when the file ends) is ended there; text in an area or paragraph but
/// in no line is a line of its own; text on the page in no area is a block
/// of its own; text of the HTML head (title, script, style) is left out
/// with a reader warning.
pub fn parse_hocr(name: String, bytes: &[u8]) -> Result<Document> {
    let mut reader = Reader::from_reader(bytes);
    // HTML: end tags may be missing, mismatched or stray.
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    // HTML: a `&` that starts no reference (`AT&T`) is text.
    reader.config_mut().allow_dangling_amp = true;
    let mut state = State::default();
    let mut saw_ocr_class = false;
    let mut run = TextRun::default();
    loop {
        let (text, event, at) = next_markup(&mut reader, &name, &mut run)?;
        if let Some((text, at)) = text {
            state.text(&decode_html(&text), at);
        }
        match event {
            Event::Start(ref e) => {
                let local = e.local_name().as_ref().to_ascii_lowercase();
                if is_void(&local) {
                    continue;
                }
                let in_line = state.stack.last().is_some_and(|o| o.in_line);
                let outer_container = state.stack.last().and_then(|o| o.container);
                let element = ElementAttributes::of(e);
                let (kind, mut attrs) = classify(&element, in_line);
                if let Some(props) = attrs.as_mut() {
                    let outer = outer_container.and_then(|c| state.stack[c].attrs.as_ref());
                    props.flow = props.flow.take().or_else(|| outer.and_then(|o| o.flow.clone()));
                    props.order = props.order.or_else(|| outer.and_then(|o| o.order));
                }
                let container = match kind {
                    Kind::Container { .. } => Some(state.stack.len()),
                    _ => outer_container,
                };
                saw_ocr_class |= kind != Kind::Other;
                match kind {
                    Kind::Page => {
                        state.page = element.title_field("ppageno").or_else(|| element.id());
                        if state.image.is_none() {
                            state.image = element.title_field("image");
                        }
                    }
                    Kind::Line(role) => {
                        // A line still open (its end tag missing) ends here.
                        state.end_open_line();
                        let size = element.title_field("x_size").and_then(|s| s.parse().ok());
                        state.line = Some(OpenLine {
                            text: String::new(),
                            container,
                            role,
                            size: size.filter(|s: &f64| s.is_finite() && *s > 0.0),
                            bbox: element.title_bbox(),
                            gutters: Gutters::default(),
                        });
                    }
                    Kind::Word => {
                        state.push_space();
                        // The word's box is read only on a line with one.
                        if let Some(line) = state.line.as_mut() {
                            if let Some([_, _, _, height]) = line.bbox {
                                if let Some([x, _, width, _]) = element.title_bbox() {
                                    line.gutters.word(x, width, height);
                                }
                            }
                        }
                    }
                    _ => {}
                }
                let outside_text = matches!(local.as_str(), "head" | "title" | "script" | "style");
                state.stack.push(Open {
                    name: local,
                    in_line: in_line || matches!(kind, Kind::Line(_)),
                    kind,
                    attrs,
                    container,
                    outside_text: outside_text || state.stack.last().is_some_and(|o| o.outside_text),
                });
            }
            Event::Empty(ref e) if e.local_name().as_ref().eq_ignore_ascii_case("br") => state.push_space(),
            Event::CData(ref t) => state.text(t, at),
            Event::End(ref e) => {
                let local = e.local_name();
                // Close up to the matching open element (names kept in lower
                // case); a stray end tag closes nothing.
                let Some(up) = state
                    .stack
                    .iter()
                    .rev()
                    .take(MAX_UNCLOSED)
                    .position(|o| o.name.eq_ignore_ascii_case(local.as_ref()))
                else {
                    continue;
                };
                let at = state.stack.len() - 1 - up;
                state.close_down_to(at);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Elements the file never closed end with it.
    state.close_down_to(0);
    if !saw_ocr_class {
        return Err(Error::Xml {
            name,
            offset: 0,
            message: "no hOCR element (class ocr_page, ocr_carea, ocr_par or ocr_line)".into(),
        });
    }
    sort_by_order(&mut state.blocks, &state.order);
    let mut doc = layout(name, state.blocks, state.warnings)?;
    doc.image = state.image;
    Ok(doc)
}

/// A line being read.
struct OpenLine {
    /// Its text so far.
    text: String,
    /// The stack index of its area or paragraph.
    container: Option<usize>,
    /// The role its class declares (`ocr_header`, `ocr_caption`).
    role: Option<Role>,
    /// Its type size (`x_size`), when the title gives one.
    size: Option<f64>,
    /// Its box, when the title gives one.
    bbox: Option<[f64; 4]>,
    /// The gutters between its words so far.
    gutters: Gutters,
}

/// What the reader holds while it reads.
#[derive(Default)]
struct State {
    stack: Vec<Open>,
    blocks: Vec<RawBlock>,
    order: HashMap<String, i64>,
    page: Option<String>,
    /// The first page's scan (`image` in its `title`).
    image: Option<String>,
    /// The open line.
    line: Option<OpenLine>,
    warnings: Vec<ReaderWarning>,
}

impl State {
    fn push_space(&mut self) {
        if let Some(line) = self.line.as_mut() {
            line.text.push(' ');
        }
    }

    /// Text read at byte `at`: into the open line; else a line of the
    /// innermost area or paragraph, or a block of its own; in the HTML head,
    /// a warning.
    fn text(&mut self, text: &str, at: u64) {
        if let Some(line) = self.line.as_mut() {
            line.text.push_str(text);
            return;
        }
        if text.trim().is_empty() {
            return;
        }
        if self.stack.last().is_some_and(|o| o.outside_text) {
            self.warnings.push(ReaderWarning {
                offset: at,
                reason: "text of the HTML head, not of the page",
                text: text.to_string(),
            });
            return;
        }
        let container = self.stack.last().and_then(|o| o.container);
        self.end_line(OpenLine {
            text: text.to_string(),
            container,
            role: None,
            size: None,
            bbox: None,
            gutters: Gutters::default(),
        });
    }

    /// Ends the open line, if any.
    fn end_open_line(&mut self) {
        if let Some(line) = self.line.take() {
            self.end_line(line);
        }
    }

    /// Pops every open element above stack index `at`, ending the lines among them.
    fn close_down_to(&mut self, at: usize) {
        while self.stack.len() > at {
            let open = self.stack.pop().expect("non-empty above `at`");
            match open.kind {
                Kind::Word => self.push_space(),
                Kind::Line(_) => self.end_open_line(),
                _ => {}
            }
        }
    }

    /// Adds a finished line to the block of its container (a stack index),
    /// making that block when this is its first line.
    fn end_line(&mut self, line: OpenLine) {
        let container = line
            .container
            .filter(|&c| c < self.stack.len())
            .map(|c| &mut self.stack[c]);
        end_line(line, container, &mut self.blocks, &mut self.order, &self.page);
    }
}

/// Adds a finished line to the block of its innermost area or paragraph,
/// making that block when this is its first line.
fn end_line(
    line: OpenLine,
    container: Option<&mut Open>,
    blocks: &mut Vec<RawBlock>,
    order: &mut HashMap<String, i64>,
    page: &Option<String>,
) {
    let text = super::join_words(&line.text);
    let role = line.role;
    if text.is_empty() {
        return;
    }
    let Some(container) = container else {
        // A line in no area: a block of its own.
        blocks.push(raw_block(
            format!("l{}", blocks.len()),
            Properties::default(),
            page,
            role,
        ));
        let block = blocks.last_mut().expect("just pushed");
        block.push_line(text, line.bbox, line.size, line.gutters.count);
        return;
    };
    let index = match container.kind {
        Kind::Container { block: Some(i) } => i,
        _ => {
            let props = container.attrs.clone().unwrap_or_default();
            let id = props.id.clone().unwrap_or_else(|| format!("p{}", blocks.len()));
            if let Some(n) = props.order {
                order.insert(id.clone(), n);
            }
            blocks.push(raw_block(id, props, page, role));
            container.kind = Kind::Container {
                block: Some(blocks.len() - 1),
            };
            blocks.len() - 1
        }
    };
    blocks[index].push_line(text, line.bbox, line.size, line.gutters.count);
}

fn raw_block(id: String, props: Properties, page: &Option<String>, role: Option<Role>) -> RawBlock {
    let mut block = RawBlock::on_page(id, page);
    block.geometry.bbox = props.bbox;
    block.geometry.flow = props.flow;
    block.declared_role = role;
    block
}

/// The element's hOCR kind, from its `class`, and the properties a container keeps.
fn classify(element: &ElementAttributes, in_line: bool) -> (Kind, Option<Properties>) {
    let class = element
        .class
        .as_ref()
        .map(|a| decode_html(&a.value))
        .unwrap_or_default();
    // The class names it holds, read once (a word's class was read up to
    // nine times, one name asked each time).
    let (mut page, mut container, mut word, mut line, mut header, mut caption) =
        (false, false, false, false, false, false);
    for name in class.split_whitespace() {
        match name {
            "ocr_page" => page = true,
            "ocr_carea" | "ocr_par" | "ocrx_block" => container = true,
            "ocrx_word" | "ocr_word" => word = true,
            "ocr_line" | "ocrx_line" | "ocr_textfloat" => line = true,
            "ocr_header" => header = true,
            "ocr_caption" => caption = true,
            _ => {}
        }
    }
    if page {
        (Kind::Page, None)
    } else if container {
        (Kind::Container { block: None }, Some(element.properties()))
    } else if in_line && word {
        (Kind::Word, None)
    } else if line {
        (Kind::Line(None), None)
    } else if header {
        (Kind::Line(Some(Role::Headline)), None)
    } else if caption {
        (Kind::Line(Some(Role::Caption)), None)
    } else {
        (Kind::Other, None)
    }
}

/// The attributes hOCR is read by (`class`, `id`, `title`; the first of
/// each, named in any case, as HTML has it), found in one pass over an
/// element's attributes: asked for one at a time, an element's were read
/// up to six times, a quarter of reading a Chinese hOCR page.
struct ElementAttributes<'a> {
    class: Option<Attribute<'a>>,
    id: Option<Attribute<'a>>,
    title: Option<Attribute<'a>>,
}

impl<'a> ElementAttributes<'a> {
    fn of(e: &'a BytesStart) -> Self {
        let [class, id, title] = attributes_matching(e, ["class", "id", "title"], str::eq_ignore_ascii_case);
        ElementAttributes { class, id, title }
    }

    /// The `id`, with HTML entities decoded.
    fn id(&self) -> Option<String> {
        self.id.as_ref().map(|a| decode_html(&a.value).into_owned())
    }

    /// What a container keeps.
    fn properties(&self) -> Properties {
        Properties {
            id: self.id(),
            bbox: self.title_bbox(),
            flow: self.title_field("cflow"),
            order: self.title_field("order").and_then(|o| o.trim().parse().ok()),
        }
    }

    /// The `bbox` of the `title` attribute as `[x, y, width, height]`: its
    /// four numbers, read in place (every word's title is asked, and numbers
    /// have no references to resolve).
    fn title_bbox(&self) -> Option<[f64; 4]> {
        let field = title_value(&self.title.as_ref()?.value, "bbox")?;
        let (mut n, mut count) = ([0.0; 4], 0);
        for value in field.split_whitespace().filter_map(number) {
            if count == 4 {
                return None;
            }
            n[count] = value;
            count += 1;
        }
        (count == 4).then(|| [n[0], n[1], n[2] - n[0], n[3] - n[1]])
    }

    /// The value of one `;`-separated property in the `title` attribute,
    /// HTML entities decoded.
    fn title_field(&self, key: &str) -> Option<String> {
        title_value(&decode_html(&self.title.as_ref()?.value), key).map(str::to_string)
    }
}

/// The value of the first `;`-separated property of a `title` named `key`
/// (`bbox 0 0 9 9`, `x_size 35`), unquoted.
fn title_value<'t>(title: &'t str, key: &str) -> Option<&'t str> {
    title.split(';').find_map(|field| {
        let rest = field.trim().strip_prefix(key)?;
        rest.starts_with(char::is_whitespace)
            .then(|| rest.trim().trim_matches('"'))
    })
}

/// HTML elements that never have an end tag.
fn is_void(local: &str) -> bool {
    matches!(
        local,
        "meta" | "br" | "img" | "link" | "hr" | "input" | "area" | "base" | "col" | "wbr"
    )
}

/// Decodes character references and HTML5's named entities (`&mdash;`,
/// `&eacute;`, `&hellip;`; a no-break space becomes a space, as hOCR means
/// it); an unknown entity is kept as written, so no text is lost. Text
/// without a `&` is borrowed as it is.
fn decode_html(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // The longest HTML5 name is 31 letters.
        let decoded = rest[1..].find(';').filter(|&end| end <= 33).and_then(|end| {
            let entity = &rest[1..=end];
            let text: Option<std::borrow::Cow<str>> = match entity {
                "nbsp" => Some(" ".into()),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32)
                    .map(|c| c.to_string().into())
                    .or_else(|| quick_xml::escape::resolve_html5_entity(entity).map(Into::into)),
            };
            text.map(|t| (t, end + 2))
        });
        match decoded {
            Some((text, len)) => {
                out.push_str(&text);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOCR: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>t</title></head><body>
<div class="ocr_page" id="page_1" title="image x.png; bbox 0 0 1000 1400; ppageno 3">
 <div class="ocr_carea" id="a1" title="bbox 0 0 500 100; order 2; cflow art1">
  <p class="ocr_par" id="par_1" title="bbox 10 20 490 90">
   <span class="ocr_line" title="bbox 10 20 490 50; x_size 31"><span class="ocrx_word">The</span> <span class="ocrx_word">harbour&nbsp;is</span></span>
   <span class="ocr_line" title="bbox 10 60 490 90; x_size 29.5; x_descenders 7"><span class="ocrx_word">AT&amp;T</span><span class="ocrx_word">&#x4e2d;</span><br>
  </p>
 </div>
 <div class="ocr_carea" id="a0" title="bbox 0 0 500 100; order 1">
   <span class="ocr_header" title="bbox 0 0 500 40">NEWS &bogus; TODAY</span>
 </div>
</div></body></html>"#;

    #[test]
    fn paragraphs_lines_words_boxes_and_order() {
        let doc = parse_hocr("h.html".into(), HOCR.as_bytes()).unwrap();
        assert_eq!(doc.blocks.len(), 2);
        // `order` puts the header area first.
        assert_eq!(doc.blocks[0].id.0, "a0");
        assert_eq!(doc.block_text(0), "NEWS &bogus; TODAY", "unknown entities kept");
        assert_eq!(doc.blocks[0].declared_role, Some(Role::Headline));
        assert_eq!(doc.blocks[1].id.0, "par_1");
        assert_eq!(doc.block_text(1), "The harbour is\nAT&T 中");
        let g = &doc.blocks[1].geometry();
        assert_eq!(g.bbox, Some([10.0, 20.0, 480.0, 70.0]));
        assert_eq!(g.page.as_deref(), Some("3"));
        assert_eq!(g.flow.as_deref(), Some("art1"), "the area's flow");
        assert_eq!(g.type_size, Some(31.0), "the lines' x_size, the upper median");
        assert_eq!(g.first_line, Some([10.0, 20.0, 480.0, 30.0]));
        assert_eq!(g.last_line, Some([10.0, 60.0, 480.0, 30.0]));
        assert_eq!(doc.blocks[0].geometry().type_size, None);
    }

    #[test]
    fn gaps_wider_than_two_line_heights_are_gutters_a_line_crosses() {
        // Lines 30 high: gaps of 10, 70 and 61 px (two gutters), then 61
        // and 60 (one: a gap of just two heights is none).
        let word = |x0: u32, x1: u32, text: &str| {
            format!("<span class='ocrx_word' title='bbox {x0} 0 {x1} 30'>{text}</span>")
        };
        let line = |y: u32, words: &[String]| {
            format!(
                "<span class='ocr_line' title='bbox 0 {y} 900 {}'>{}</span>",
                y + 30,
                words.concat()
            )
        };
        let hocr = format!(
            "<div class='ocr_page'><p class='ocr_par' id='p'>{}{}</p></div>",
            line(
                0,
                &[
                    word(0, 90, "社会"),
                    word(100, 190, "筹集"),
                    word(260, 300, "打击"),
                    word(361, 400, "做好")
                ]
            ),
            line(
                40,
                &[
                    word(0, 90, "保障"),
                    word(151, 190, "工作"),
                    word(250, 300, "综合")
                ]
            ),
        );
        let doc = parse_hocr("h.hocr".into(), hocr.as_bytes()).unwrap();
        assert_eq!(doc.blocks[0].geometry().gutters, 2, "the upper median of 2 and 1");
    }

    #[test]
    fn references_and_a_bare_ampersand_stay_in_their_run_of_text() {
        // quick-xml 0.38 reads a reference as an event of its own: text in no
        // line must still be one line, and a `&` that starts no reference is text.
        let hocr = r#"<html><body><div class="ocr_page"><div class="ocr_carea" id="a">
            Smith &amp; Sons &mdash; AT&T &bogus; end</div></div></body></html>"#;
        let doc = parse_hocr("h.html".into(), hocr.as_bytes()).unwrap();
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(doc.blocks[0].lines.len(), 1, "{:?}", doc.text);
        assert_eq!(doc.block_text(0), "Smith & Sons — AT&T &bogus; end");
    }

    #[test]
    fn unclosed_lines_and_text_outside_lines_are_kept() {
        // Issue 12, case 8: a new line before the last was closed threw the
        // open one away, text in no line was ignored, and lines never closed
        // were lost at the end of the file.
        let hocr = r#"<html><head><title>scan 7</title></head><body><div class="ocr_page">
<p class="ocr_par" id="p1"><span class="ocr_line">first line<span class="ocr_line">second line
<span class="ocr_line">third</p>
<div class="ocr_carea" id="a1">loose text <span class="ocr_line">lined</span> tail</div>
stray words
<p class="ocr_par" id="p2"><span class="ocr_line">never closed"#;
        let doc = parse_hocr("u.html".into(), hocr.as_bytes()).unwrap();
        let texts: Vec<&str> = (0..doc.blocks.len()).map(|i| doc.block_text(i)).collect();
        assert_eq!(
            texts,
            [
                "first line\nsecond line\nthird",
                "loose text\nlined\ntail",
                "stray words",
                "never closed"
            ]
        );
        assert_eq!(doc.warnings.len(), 1);
        assert_eq!(doc.warnings[0].text, "scan 7");
    }

    #[test]
    fn html_without_ocr_classes_is_an_error() {
        let err = parse_hocr("x.html".into(), b"<html><body><p>hi</p></body></html>").unwrap_err();
        assert!(err.to_string().contains("no hOCR element"), "{err}");
    }
}
