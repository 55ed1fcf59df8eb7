//! Readers: one per input format, each producing the one
//! [`Document`] model.
//!
//! Plain text, ALTO, hOCR and PAGE XML files, and JSONL records.
//! [`read_file`] picks the file reader from the file's first bytes.

mod alto;
mod format;
mod hocr;
mod jsonl;
mod page;
mod plain;
mod xml;

pub use alto::parse_alto;
pub use format::Format;
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

/// Reads standard input whole, refusing more than [`MAX_INPUT_BYTES`].
pub fn read_stdin() -> Result<Vec<u8>> {
    use std::io::Read;
    let path = Path::new("-");
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::TooLarge {
            name: "-".into(),
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(bytes)
}

/// Whether standard input holds JSONL records: its first non-blank byte
/// opens a JSON object. Looks without taking anything from it.
pub fn stdin_is_jsonl() -> bool {
    use std::io::BufRead;
    let mut stdin = std::io::stdin().lock();
    stdin
        .fill_buf()
        .ok()
        .and_then(|buf| buf.iter().find(|b| !b.is_ascii_whitespace()).copied())
        == Some(b'{')
}

/// Reads a file's bytes with the reader their content calls for ([`Format::sniff`]).
pub fn parse_bytes(name: String, bytes: Vec<u8>) -> Result<Document> {
    Format::sniff(&bytes).parse(name, bytes)
}
