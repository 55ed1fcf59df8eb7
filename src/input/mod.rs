//! Readers: one per input format, each producing the one
//! [`Document`](crate::model::Document) model.
//!
//! Plain text, ALTO and PAGE XML today; an hOCR reader will sit beside them.
//! [`read_file`] picks the reader from the file's first bytes.

mod alto;
mod page;
mod plain;
mod xml;

pub use alto::parse_alto;
pub use page::parse_page;
pub use plain::parse_plain;

use crate::error::{Error, Result};
use crate::model::Document;
use std::path::Path;

/// Inputs larger than this are refused rather than read into memory (1 GiB).
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Reads one file with the reader its content calls for: ALTO when an
/// `<alto` element opens it, PAGE XML for `<PcGts`, plain text otherwise.
pub fn read_file(path: &Path) -> Result<Document> {
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
    let name = path.display().to_string();
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            name,
            size: meta.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    match xml_kind(&bytes) {
        Some(XmlKind::Alto) => parse_alto(name, &bytes),
        Some(XmlKind::Page) => parse_page(name, &bytes),
        None => parse_plain(name, bytes),
    }
}

enum XmlKind {
    Alto,
    Page,
}

/// ALTO or PAGE, from the root element near the start of an XML file.
fn xml_kind(bytes: &[u8]) -> Option<XmlKind> {
    let head = &bytes[..bytes.len().min(2048)];
    let first = head
        .iter()
        .find(|b| !b.is_ascii_whitespace() && !matches!(**b, 0xEF | 0xBB | 0xBF));
    if first != Some(&b'<') {
        return None;
    }
    let has = |tag: &[u8]| head.windows(tag.len()).any(|w| w.eq_ignore_ascii_case(tag));
    if has(b"<alto") {
        Some(XmlKind::Alto)
    } else if has(b"<PcGts") {
        Some(XmlKind::Page)
    } else {
        None
    }
}
