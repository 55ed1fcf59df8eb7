//! Readers keep every text node (issue 12, cases 8–10): hOCR, ALTO and PAGE
//! documents generated with text in every place the formats allow it (words,
//! lines, areas and regions, outside lines and blocks, nested regions,
//! hyphenated word parts, CDATA, escapes), read by ocrmend and by an
//! independent parser (roxmltree); every character the independent parser
//! finds is in the document's text or in a reader warning, at least as many
//! times (a reader may keep a character more: ALTO's line-end hyphen, a
//! region's own text beside its nested regions').
//!
//! 10,000 documents a format by default, from a fixed seed
//! (`PROPTEST_CASES` and `PROPTEST_RNG_SEED` for other searches).

use ocrmend::input::{parse_alto, parse_hocr, parse_page};
use ocrmend::Document;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn config() -> ProptestConfig {
    let env = |key: &str| std::env::var(key).ok().and_then(|v| v.parse::<u64>().ok());
    ProptestConfig {
        cases: env("PROPTEST_CASES").map_or(10_000, |n| n as u32),
        rng_seed: proptest::test_runner::RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(0x7265_6164)),
        ..ProptestConfig::default()
    }
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "the",
        "Harbor",
        "exam",
        "电",
        "充电桩",
        "a&b",
        "<tag>",
        "\"q\"",
        "it's",
        "1801",
        "—",
        "é",
        "、",
        "x",
    ])
    .prop_map(str::to_string)
}

/// A page: regions of lines of words, with a placement choice for each
/// piece (a number the writers read as they need).
#[derive(Debug, Clone)]
struct Page {
    regions: Vec<Region>,
    head: Option<String>,
}

#[derive(Debug, Clone)]
struct Region {
    lines: Vec<Vec<String>>,
    loose: Option<String>,
    nested: Option<Vec<Vec<String>>>,
    choice: u8,
}

fn lines() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(word(), 1..5), 0..4)
}

fn page() -> impl Strategy<Value = Page> {
    let region = (
        lines(),
        prop::option::of(word()),
        prop::option::of(lines()),
        any::<u8>(),
    )
        .prop_map(|(lines, loose, nested, choice)| Region {
            lines,
            loose,
            nested,
            choice,
        });
    (prop::collection::vec(region, 1..5), prop::option::of(word()))
        .prop_map(|(regions, head)| Page { regions, head })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Non-whitespace characters with their counts.
fn chars(texts: impl IntoIterator<Item = String>) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for t in texts {
        for c in t.chars().filter(|c| !c.is_whitespace()) {
            *counts.entry(c).or_default() += 1;
        }
    }
    counts
}

/// The document's characters and its warnings'.
fn kept(doc: &Document) -> BTreeMap<char, usize> {
    chars(std::iter::once(doc.text.clone()).chain(doc.warnings.iter().map(|w| w.text.clone())))
}

fn hocr(page: &Page) -> String {
    let mut out = String::from("<html><head>");
    if let Some(h) = &page.head {
        out += &format!("<title>{}</title>", escape(h));
    }
    out += "</head><body><div class=\"ocr_page\" title=\"bbox 0 0 100 100\">";
    for (k, r) in page.regions.iter().enumerate() {
        let line = |words: &[String], c: u8| match c % 3 {
            0 => format!(
                "<span class=\"ocr_line\">{}</span>",
                words
                    .iter()
                    .map(|w| format!("<span class=\"ocrx_word\">{}</span> ", escape(w)))
                    .collect::<String>()
            ),
            1 => format!("<span class=\"ocr_line\">{}</span>", escape(&words.join(" "))),
            _ => format!("<span class=\"ocr_header\">{}</span>", escape(&words.join(" "))),
        };
        let body: String = r.lines.iter().map(|l| line(l, r.choice)).collect();
        let loose = r.loose.as_deref().map(escape).unwrap_or_default();
        let nested: String = r.nested.iter().flatten().map(|l| line(l, r.choice / 3)).collect();
        out += &match r.choice % 4 {
            0 => format!(
                "<div class=\"ocr_carea\" id=\"a{k}\"><p class=\"ocr_par\">{body}</p>{loose}{nested}</div>"
            ),
            1 => format!(
                "<p class=\"ocr_par\" id=\"p{k}\">{loose}{body}<![CDATA[{}]]></p>{nested}",
                loose.replace(']', "")
            ),
            2 => format!("{body}{loose}{nested}"),
            _ => {
                format!("<div class=\"ocr_carea\">{loose}<div class=\"ocr_carea\">{body}</div>{nested}</div>")
            }
        };
    }
    out + "</div></body></html>"
}

fn alto(page: &Page) -> String {
    let mut out = String::from("<alto><Layout><Page ID=\"P1\"><PrintSpace>");
    for (k, r) in page.regions.iter().enumerate() {
        let string = |w: &str| format!("<String CONTENT=\"{}\"/>", escape(w));
        let mut body = String::new();
        for (n, words) in r.lines.iter().enumerate() {
            body += "<TextLine>";
            for w in words {
                body += &string(w);
                body += "<SP/>";
            }
            // Hyphenate across this line and the next one, as ALTO says it.
            if r.choice % 2 == 1 && n + 1 < r.lines.len() {
                body += "<String CONTENT=\"foun\" SUBS_TYPE=\"HypPart1\" SUBS_CONTENT=\"foundation\"/><HYP CONTENT=\"-\"/></TextLine><TextLine><String CONTENT=\"dation\" SUBS_TYPE=\"HypPart2\" SUBS_CONTENT=\"foundation\"/><SP/>";
            }
            body += "</TextLine>";
        }
        if r.choice % 3 == 1 {
            // A first part whose second never comes.
            body +=
                "<TextLine><String CONTENT=\"Har\" SUBS_TYPE=\"HypPart1\"/><HYP CONTENT=\"-\"/></TextLine>";
        }
        let loose = r.loose.as_deref().map(string).unwrap_or_default();
        out += &match r.choice % 5 {
            0 | 1 => format!("<TextBlock ID=\"b{k}\">{body}{loose}</TextBlock>"),
            2 => format!("<TextBlock>{loose}{body}</TextBlock>"),
            3 => format!("{loose}<TextBlock ID=\"b1\">{body}</TextBlock>"),
            _ => format!("{body}{loose}"),
        };
    }
    out + "</PrintSpace></Page></Layout></alto>"
}

/// ALTO's text is in attributes: every String's CONTENT (a hyphen element
/// marks the line end, not the text, and is left out).
fn alto_texts(xml: &str) -> Vec<String> {
    let tree = roxmltree::Document::parse(xml).unwrap();
    tree.descendants()
        .filter(|n| n.has_tag_name("String"))
        .filter_map(|n| n.attribute("CONTENT").map(str::to_string))
        .collect()
}

fn page_xml(page: &Page) -> String {
    let mut out = String::from("<PcGts><Page imageFilename=\"p.png\">");
    let unicode = |t: &str, c: u8| match c % 2 {
        0 => format!("<TextEquiv><Unicode>{}</Unicode></TextEquiv>", escape(t)),
        _ => format!(
            "<TextEquiv><Unicode><![CDATA[{}]]></Unicode></TextEquiv>",
            t.replace(']', "")
        ),
    };
    let line = |words: &[String], c: u8| match c % 3 {
        // Text at the line's level, at its words', or both (words and line agree).
        0 => format!("<TextLine>{}</TextLine>", unicode(&words.join(" "), c / 3)),
        1 => format!(
            "<TextLine>{}</TextLine>",
            words
                .iter()
                .map(|w| format!("<Word>{}</Word>", unicode(w, c / 3)))
                .collect::<String>()
        ),
        _ => format!(
            "<TextLine>{}{}</TextLine>",
            words
                .iter()
                .map(|w| format!("<Word>{}</Word>", unicode(w, c / 3)))
                .collect::<String>(),
            unicode(&words.join(" "), c / 3)
        ),
    };
    for (k, r) in page.regions.iter().enumerate() {
        let body: String = r.lines.iter().map(|l| line(l, r.choice)).collect();
        let nested = r
            .nested
            .as_ref()
            .map(|n| {
                format!(
                    "<TextRegion id=\"n{k}\">{}</TextRegion>",
                    n.iter().map(|l| line(l, r.choice / 2)).collect::<String>()
                )
            })
            .unwrap_or_default();
        let own = r
            .loose
            .as_deref()
            .map(|t| unicode(t, r.choice))
            .unwrap_or_default();
        out += &match (r.choice % 3, r.lines.is_empty()) {
            // A region's own text where it has no line text.
            (0, true) => format!("<TextRegion id=\"r{k}\">{own}{nested}</TextRegion>"),
            (1, _) => format!("<TextRegion id=\"r{k}\">{nested}{body}</TextRegion>"),
            (2, _) => format!("{body}<TextRegion id=\"r{k}\">{nested}</TextRegion>"),
            _ => format!("<TextRegion id=\"r{k}\">{body}{nested}</TextRegion>"),
        };
    }
    out + "</Page></PcGts>"
}

/// The text PAGE holds: every Unicode's text; where words and their line
/// both hold it, the line's (the same text twice, at two levels).
fn page_texts(xml: &str) -> Vec<String> {
    let tree = roxmltree::Document::parse(xml).unwrap();
    let own = |n: roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("TextEquiv"))
            .and_then(|t| t.children().find(|c| c.has_tag_name("Unicode")))
            .map(|u| u.text().unwrap_or_default().to_string())
    };
    let mut out = Vec::new();
    for n in tree.descendants() {
        if n.has_tag_name("TextLine") {
            match own(n) {
                Some(t) => out.push(t),
                None => out.extend(n.children().filter(|c| c.has_tag_name("Word")).filter_map(own)),
            }
        } else if n.has_tag_name("TextRegion") && !n.children().any(|d| d.has_tag_name("TextLine")) {
            out.extend(own(n));
        }
    }
    out
}

/// hOCR's text: every text node of the body (the head's, an HTML title, is
/// the file's, not the page's: kept as a reader warning when the page has text).
fn body_text(xml: &str) -> Vec<String> {
    let tree = roxmltree::Document::parse(xml).unwrap();
    tree.descendants()
        .filter(|n| n.is_text() && !n.ancestors().any(|a| a.has_tag_name("head")))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn check(found: Vec<String>, doc: Result<Document, ocrmend::Error>) -> Result<(), TestCaseError> {
    let expected = chars(found);
    match doc {
        Ok(doc) => {
            let kept = kept(&doc);
            let lost: Vec<(char, usize)> = expected
                .iter()
                .filter(|(c, n)| kept.get(c).copied().unwrap_or(0) < **n)
                .map(|(c, n)| (*c, *n))
                .collect();
            prop_assert!(lost.is_empty(), "lost {:?} from {:?}", lost, doc.text);
        }
        Err(ocrmend::Error::Empty { .. }) => prop_assert!(expected.is_empty()),
        Err(e) => prop_assert!(false, "{}", e),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn hocr_keeps_every_text_node(page in page()) {
        let xml = hocr(&page);
        check(body_text(&xml), parse_hocr("g.html".into(), xml.as_bytes()))?;
    }

    #[test]
    fn alto_keeps_every_word(page in page()) {
        let xml = alto(&page);
        check(alto_texts(&xml), parse_alto("g.xml".into(), xml.as_bytes()))?;
    }

    #[test]
    fn page_keeps_every_text(page in page()) {
        let xml = page_xml(&page);
        check(page_texts(&xml), parse_page("g.xml".into(), xml.as_bytes()))?;
    }
}
