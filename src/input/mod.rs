//! Readers: one per input format, each producing the one
//! [`Document`](crate::model::Document) model.
//!
//! Plain text and ALTO today; hOCR and PAGE XML readers will sit beside them.
//! [`read_file`] picks the reader from the file's first bytes.

mod alto;
mod plain;

pub use alto::parse_alto;
pub use plain::parse_plain;

use crate::error::{Error, Result};
use crate::model::Document;
use std::path::Path;

/// Inputs larger than this are refused rather than read into memory (1 GiB).
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Reads one file with the reader its content calls for: ALTO when an
/// `<alto` element opens it, plain text otherwise.
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
    if looks_like_alto(&bytes) {
        parse_alto(name, &bytes)
    } else {
        parse_plain(name, bytes)
    }
}

fn looks_like_alto(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let starts_xml = head
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF)
        == Some(&b'<');
    starts_xml && head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<alto"))
}
