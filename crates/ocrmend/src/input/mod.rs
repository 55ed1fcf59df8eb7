//! Readers: one per input format, each producing the one
//! [`Document`] model.
//!
//! Plain text, ALTO, hOCR and PAGE XML files, and JSONL records.
//! [`read_file`] picks the file reader from the file's first bytes.

mod alto;
mod hocr;
mod jsonl;
mod page;
mod plain;
mod xml;

pub use alto::parse_alto;
pub use hocr::parse_hocr;
pub use jsonl::{parse_record, record_document, JsonlRecord};
pub use page::parse_page;
pub use plain::parse_plain;

use crate::error::{Error, Result};
use crate::model::Document;
use std::path::Path;

/// Inputs larger than this are refused rather than read into memory (1 GiB).
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Reads one file with the reader its content calls for: ALTO when an
/// `<alto` element opens it, PAGE XML for `<PcGts`, hOCR for HTML with OCR
/// classes, plain text otherwise.
pub fn read_file(path: &Path) -> Result<Document> {
    parse_bytes(path.display().to_string(), read_bytes(path)?)
}

/// Reads a file's bytes, refusing a directory and anything over
/// [`MAX_INPUT_BYTES`]: a regular file by its size before reading, a device
/// or a pipe (`/dev/zero`) as soon as it has given more.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(Error::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let too_large = |size| Error::TooLarge {
        name: path.display().to_string(),
        size,
        limit: MAX_INPUT_BYTES,
    };
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a file's bytes with the reader their content calls for.
pub fn parse_bytes(name: String, bytes: Vec<u8>) -> Result<Document> {
    let Some(kind) = xml_kind(&bytes) else {
        return parse_plain(name, bytes);
    };
    // Markup is read as UTF-8 only: a file in another encoding is refused
    // where its first foreign byte stands, never half decoded.
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(Error::InvalidUtf8 {
            name,
            offset: e.valid_up_to(),
        });
    }
    match kind {
        XmlKind::Alto => parse_alto(name, &bytes),
        XmlKind::Page => parse_page(name, &bytes),
        XmlKind::Hocr => parse_hocr(name, &bytes),
    }
}

/// The markup formats [`read_file`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XmlKind {
    Alto,
    Page,
    Hocr,
}

/// ALTO, PAGE or hOCR, from the markup near the start of a file.
fn xml_kind(bytes: &[u8]) -> Option<XmlKind> {
    let head = &bytes[..bytes.len().min(2048)];
    let first = head
        .iter()
        .find(|b| !b.is_ascii_whitespace() && !matches!(**b, 0xEF | 0xBB | 0xBF));
    if first != Some(&b'<') {
        return None;
    }
    let has = |tag: &[u8]| head.windows(tag.len()).any(|w| w.eq_ignore_ascii_case(tag));
    // A root element, with or without a namespace prefix (`<pc:PcGts>`, as
    // OCR-D writes PAGE).
    let root = |name: &[u8]| {
        (1..=head.len().saturating_sub(name.len())).any(|i| {
            head[i..i + name.len()].eq_ignore_ascii_case(name)
                && match head[i - 1] {
                    b'<' => true,
                    // `<prefix:name`: a name right after `<`, then the colon.
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
    };
    if root(b"alto") {
        Some(XmlKind::Alto)
    } else if root(b"PcGts") {
        Some(XmlKind::Page)
    } else if has(b"<html") || has(b"ocr_page") || has(b"ocr-system") {
        Some(XmlKind::Hocr)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_namespace_prefixed_root_is_recognised() {
        // Issue 16: `<pc:PcGts>` (OCR-D) was read as plain text.
        let page = br#"<?xml version="1.0"?><pc:PcGts xmlns:pc="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><pc:Page><pc:TextRegion id="r"><pc:TextLine><pc:TextEquiv><pc:Unicode>Text</pc:Unicode></pc:TextEquiv></pc:TextLine></pc:TextRegion></pc:Page></pc:PcGts>"#;
        assert_eq!(xml_kind(page), Some(XmlKind::Page));
        let doc = parse_bytes("p.xml".into(), page.to_vec()).unwrap();
        assert_eq!(doc.text, "Text\n");
        assert_eq!(xml_kind(b"<a:alto xmlns:a='x'/>"), Some(XmlKind::Alto));
        // A word in text is no root.
        assert_eq!(xml_kind(b"<html><p>see:alto and PcGts</p>"), Some(XmlKind::Hocr));
    }
}
