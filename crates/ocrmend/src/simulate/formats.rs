//! Simulated pages written in the archive formats ocrmend reads — plain
//! text, ALTO, hOCR, PAGE XML, JSONL — with each block's box where the
//! layout put it. A displaced block keeps its place on the page while it
//! moves in reading order, as on a real scan.

use super::{Lang, PageBlock, PageLayout, SimPage};
use crate::input::Format;
use quick_xml::escape::escape;
use std::fmt::Write;

const MARGIN: f64 = 150.0;
const LINE_HEIGHT: f64 = 50.0;
const GUTTER: f64 = 60.0;
/// Where the columns start, below the running head and page number.
const COLUMNS_TOP: f64 = MARGIN + 2.0 * LINE_HEIGHT;

fn char_width(lang: Lang) -> f64 {
    match lang {
        Lang::En => 24.0,
        Lang::Zh => 48.0,
    }
}

fn column_width(layout: &PageLayout, lang: Lang) -> f64 {
    layout.chars_per_line as f64 * char_width(lang)
}

/// The box of a block printed at `place` (column, first line) with `lines`
/// lines; furniture (no place) sits above the columns, the running head (the
/// page's first block) on the left, the page number on the right.
pub(super) fn bbox_of(
    place: Option<(usize, usize)>,
    index: usize,
    lines: usize,
    layout: &PageLayout,
    lang: Lang,
) -> [f64; 4] {
    let width = column_width(layout, lang);
    match place {
        Some((column, line)) => [
            MARGIN + column as f64 * (width + GUTTER),
            COLUMNS_TOP + line as f64 * LINE_HEIGHT,
            width,
            lines as f64 * LINE_HEIGHT,
        ],
        None => {
            let page_width = layout.columns as f64 * (width + GUTTER) - GUTTER;
            let x = if index == 0 {
                MARGIN
            } else {
                MARGIN + page_width - width
            };
            [x, MARGIN, width, LINE_HEIGHT]
        }
    }
}

/// Each line of a block with its box, stacked from the block's top.
fn lines_with_boxes(b: &PageBlock) -> impl Iterator<Item = (&str, [f64; 4])> {
    let [x, y, w, _] = b.bbox;
    b.lines
        .iter()
        .enumerate()
        .map(move |(k, line)| (line.as_str(), [x, y + k as f64 * LINE_HEIGHT, w, LINE_HEIGHT]))
}

/// Writes a line's words, escaped, each between `open` and `close`, with
/// `between` between two words.
fn push_words(out: &mut String, line: &str, open: &str, close: &str, between: &str) {
    for (i, word) in line.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push_str(between);
        }
        out.push_str(open);
        out.push_str(&escape(word));
        out.push_str(close);
    }
}

fn page_size(layout: &PageLayout, lang: Lang) -> (f64, f64) {
    let width = layout.columns as f64 * (column_width(layout, lang) + GUTTER) - GUTTER + 2.0 * MARGIN;
    let height = COLUMNS_TOP + layout.lines_per_column as f64 * LINE_HEIGHT + MARGIN;
    (width, height)
}

/// The page in `format`. Markup gives each block the id the gold names it by.
pub fn write_page_as(page: &SimPage, format: Format, layout: &PageLayout, lang: Lang) -> String {
    let (width, height) = page_size(layout, lang);
    let mut out = String::new();
    match format {
        Format::Text => out.push_str(&page.text),
        Format::Alto => {
            let _ = write!(
                out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\">\n<Description><MeasurementUnit>pixel</MeasurementUnit></Description>\n<Layout><Page ID=\"P{n}\" PHYSICAL_IMG_NR=\"{n}\" WIDTH=\"{width}\" HEIGHT=\"{height}\"><PrintSpace>\n",
                n = page.number
            );
            for b in &page.blocks {
                let [x, y, w, h] = b.bbox;
                let _ = writeln!(
                    out,
                    "<TextBlock ID=\"{}\" HPOS=\"{x}\" VPOS=\"{y}\" WIDTH=\"{w}\" HEIGHT=\"{h}\">",
                    b.id
                );
                for (line, [lx, ly, lw, lh]) in lines_with_boxes(b) {
                    let _ = write!(
                        out,
                        "<TextLine HPOS=\"{lx}\" VPOS=\"{ly}\" WIDTH=\"{lw}\" HEIGHT=\"{lh}\">"
                    );
                    push_words(&mut out, line, "<String CONTENT=\"", "\"/>", "<SP/>");
                    out.push_str("</TextLine>\n");
                }
                out.push_str("</TextBlock>\n");
            }
            out.push_str("</PrintSpace></Page></Layout>\n</alto>\n");
        }
        Format::Hocr => {
            let _ = write!(
                out,
                "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head><meta charset=\"utf-8\"/><meta name=\"ocr-system\" content=\"ocrmend simulate\"/></head>\n<body>\n<div class=\"ocr_page\" id=\"page_{n}\" title=\"bbox 0 0 {width} {height}; ppageno {n}\">\n",
                n = page.number
            );
            for b in &page.blocks {
                let [x, y, w, h] = b.bbox;
                let _ = writeln!(
                    out,
                    "<div class=\"ocr_carea\" title=\"bbox {x} {y} {} {}\"><p class=\"ocr_par\" id=\"{}\" title=\"bbox {x} {y} {} {}\">",
                    x + w,
                    y + h,
                    b.id,
                    x + w,
                    y + h
                );
                for (line, [lx, ly, lw, lh]) in lines_with_boxes(b) {
                    let _ = write!(
                        out,
                        "<span class=\"ocr_line\" title=\"bbox {lx} {ly} {} {}\">",
                        lx + lw,
                        ly + lh
                    );
                    push_words(&mut out, line, "<span class=\"ocrx_word\">", "</span>", " ");
                    out.push_str("</span>\n");
                }
                out.push_str("</p></div>\n");
            }
            out.push_str("</div>\n</body>\n</html>\n");
        }
        Format::Page => {
            let _ = write!(
                out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PcGts xmlns=\"http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15\">\n<Metadata><Creator>ocrmend simulate</Creator></Metadata>\n<Page imageFilename=\"page-{:04}.png\" imageWidth=\"{width}\" imageHeight=\"{height}\">\n",
                page.number
            );
            for b in &page.blocks {
                let [x, y, w, h] = b.bbox;
                let _ = writeln!(
                    out,
                    "<TextRegion id=\"{}\"><Coords points=\"{x},{y} {},{y} {},{} {x},{}\"/>",
                    b.id,
                    x + w,
                    x + w,
                    y + h,
                    y + h
                );
                for line in &b.lines {
                    let _ = writeln!(
                        out,
                        "<TextLine><TextEquiv><Unicode>{}</Unicode></TextEquiv></TextLine>",
                        escape(line.as_str())
                    );
                }
                out.push_str("</TextRegion>\n");
            }
            out.push_str("</Page>\n</PcGts>\n");
        }
        Format::Jsonl => {
            // Regions in characters of `text`, one per block.
            let mut regions = Vec::with_capacity(page.blocks.len());
            let mut at = 0usize;
            for b in &page.blocks {
                let length = b.lines.iter().map(|l| l.chars().count() + 1).sum::<usize>() - 1;
                let [x, y, w, h] = b.bbox;
                regions.push(serde_json::json!({
                    "start": at, "length": length,
                    "coords": {"x": x, "y": y, "w": w, "h": h},
                }));
                at += length + 2;
            }
            let record = serde_json::json!({
                "id": format!("page-{:04}", page.number),
                "series": "simulated",
                "text": page.text,
                "pages": [{"id": format!("P{}", page.number), "seq": page.number, "width": width, "height": height, "regions": regions}],
            });
            out.push_str(&record.to_string());
            out.push('\n');
        }
    }
    out
}
