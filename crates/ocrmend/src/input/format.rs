//! The input formats in one place: what each is called, the file endings a
//! directory walk takes for it, how it is recognised from its first bytes,
//! which reader reads it, and the ending the simulator writes it with. A new
//! format is its reader's file and its arms here.

use super::encoding::utf8_text;
use super::{parse_alto, parse_hocr, parse_page, parse_plain_text};
use crate::error::Result;
use crate::model::Document;
use std::path::Path;
use std::str::FromStr;

/// A format ocrmend reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text: blocks separated by blank lines.
    Text,
    /// ALTO (v1–v4).
    Alto,
    /// hOCR (HTML with OCR classes).
    Hocr,
    /// PAGE XML (2013, 2019).
    Page,
    /// JSONL records, one document a line (passim-style).
    Jsonl,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Alto,
        Format::Hocr,
        Format::Page,
        Format::Jsonl,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Alto => "alto",
            Format::Hocr => "hocr",
            Format::Page => "page",
            Format::Jsonl => "jsonl",
        }
    }

    /// File endings a directory walk takes as pages of this format (ALTO and
    /// PAGE share `.xml`: the content tells them apart).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Text => &["txt"],
            Format::Alto | Format::Page => &["xml"],
            Format::Hocr => &["html", "htm", "hocr", "xhtml"],
            Format::Jsonl => &["jsonl"],
        }
    }

    /// The ending the simulator writes a page of this format with.
    pub fn file_ending(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Alto => "alto.xml",
            Format::Hocr => "hocr.html",
            Format::Page => "page.xml",
            Format::Jsonl => "jsonl",
        }
    }

    /// Whether it is markup (its repaired text is written as `NAME.txt`).
    pub fn is_markup(self) -> bool {
        matches!(self, Format::Alto | Format::Hocr | Format::Page)
    }

    /// The page-file format a path's ending says (JSONL is records, not a
    /// page); a gzip file by the ending before its `.gz` (`page.xml.gz`).
    pub fn of_page_file(path: &Path) -> Option<Format> {
        let ext = strip_gz(path).extension()?.to_str()?.to_ascii_lowercase();
        [Format::Text, Format::Alto, Format::Hocr]
            .into_iter()
            .find(|f| f.extensions().contains(&ext.as_str()))
    }

    /// A file's format from its first bytes: ALTO when an `<alto` root opens
    /// it, PAGE for `<PcGts`, hOCR for HTML with OCR classes, plain text
    /// otherwise. Roots may carry a namespace prefix (`<pc:PcGts>`, as OCR-D
    /// writes PAGE).
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(2048)];
        let first = head
            .iter()
            .find(|b| !b.is_ascii_whitespace() && !matches!(**b, 0xEF | 0xBB | 0xBF));
        if first != Some(&b'<') {
            return Format::Text;
        }
        let has = |tag: &[u8]| head.windows(tag.len()).any(|w| w.eq_ignore_ascii_case(tag));
        if root(head, b"alto") {
            Format::Alto
        } else if root(head, b"PcGts") {
            Format::Page
        } else if has(b"<html") || has(b"ocr_page") || has(b"ocr-system") {
            Format::Hocr
        } else {
            Format::Text
        }
    }

    /// Reads a file of this format. Markup is read as UTF-8 only: a file in
    /// another encoding is refused where its first foreign byte stands, never
    /// half decoded. JSONL is read record by record, not as a file.
    pub fn parse(self, name: String, bytes: Vec<u8>) -> Result<Document> {
        let text = utf8_text(&name, bytes)?;
        self.parse_text(name, text)
    }

    /// Reads a text of this format, already UTF-8 (as
    /// [`crate::input::parse_bytes_as`] decodes it).
    pub fn parse_text(self, name: String, text: String) -> Result<Document> {
        match self {
            Format::Text | Format::Jsonl => parse_plain_text(name, text),
            Format::Alto => parse_alto(name, text.as_bytes()),
            Format::Hocr => parse_hocr(name, text.as_bytes()),
            Format::Page => parse_page(name, text.as_bytes()),
        }
    }
}

/// `path` without a `.gz` ending, if it has one (`page.xml.gz` → `page.xml`).
pub fn strip_gz(path: &Path) -> std::path::PathBuf {
    match path.extension() {
        Some(x) if x.eq_ignore_ascii_case("gz") => path.with_extension(""),
        _ => path.to_path_buf(),
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = if s == "txt" { "text" } else { s };
        Format::ALL.into_iter().find(|f| f.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            format!("unknown format {s:?}: {}", names.join(", "))
        })
    }
}

/// Whether `name` opens an element of `head`: right after `<`, or after
/// `<prefix:`.
fn root(head: &[u8], name: &[u8]) -> bool {
    (1..=head.len().saturating_sub(name.len())).any(|i| {
        head[i..i + name.len()].eq_ignore_ascii_case(name)
            && match head[i - 1] {
                b'<' => true,
                b':' => head[..i - 1]
                    .iter()
                    .rposition(|&b| b == b'<')
                    .is_some_and(|open| {
                        let prefix = &head[open + 1..i - 1];
                        !prefix.is_empty()
                            && prefix
                                .iter()
                                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
                    }),
                _ => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_namespace_prefixed_root_is_recognised() {
        // Issue 16: `<pc:PcGts>` (OCR-D) was read as plain text.
        let page = br#"<?xml version="1.0"?><pc:PcGts xmlns:pc="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><pc:Page><pc:TextRegion id="r"><pc:TextLine><pc:TextEquiv><pc:Unicode>Text</pc:Unicode></pc:TextEquiv></pc:TextLine></pc:TextRegion></pc:Page></pc:PcGts>"#;
        assert_eq!(Format::sniff(page), Format::Page);
        let doc = Format::sniff(page).parse("p.xml".into(), page.to_vec()).unwrap();
        assert_eq!(doc.text, "Text\n");
        assert_eq!(Format::sniff(b"<a:alto xmlns:a='x'/>"), Format::Alto);
        // A word in text is no root.
        assert_eq!(Format::sniff(b"<html><p>see:alto and PcGts</p>"), Format::Hocr);
        assert_eq!(Format::sniff(b"plain <alto"), Format::Text);
    }

    #[test]
    fn names_endings_and_walked_extensions() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert!(
                f.extensions().iter().any(|x| f.file_ending().ends_with(x)),
                "{f:?}"
            );
        }
        assert_eq!(Format::of_page_file(Path::new("a/p.HOCR")), Some(Format::Hocr));
        assert_eq!(Format::of_page_file(Path::new("a/p.jsonl")), None);
    }
}
