//! Readers: one per input format, each producing the one
//! [`Document`] model.
//!
//! Plain text, ALTO, hOCR and PAGE XML files, and JSONL records.
//! [`read_file`] picks the file reader from the file's first bytes.

mod alto;
pub mod encoding;
mod format;
mod hocr;
mod jsonl;
mod page;
mod plain;
mod xml;

pub use alto::parse_alto;
pub use encoding::EncodingChoice;
pub use format::{strip_gz, Format};
pub use hocr::parse_hocr;
pub use jsonl::{parse_record, record_document, JsonlRecord};
pub use page::parse_page;
pub use plain::{parse_plain, parse_plain_text};

use crate::error::{Error, Result};
use crate::model::Document;
use std::path::Path;

/// An OCR line's words as one text, one space between words, except in a
/// line the engine cut into CJK tokens. OCR engines mark each CJK character
/// or short word as a word of their own (Tesseract's hOCR and ALTO: `中 央 周
/// 围 ，`), though Chinese is written without spaces, and their own text
/// output closes them up. A line is taken for such tokens when spaces stand
/// next to CJK characters three times or more, and at least once per two of
/// them; then no space is kept next to a CJK character. A line with a space
/// or two between CJK words (`孙溟苑 钱伊丽`, `部和 张芳 摄`) keeps them.
pub(crate) fn join_words(text: &str) -> String {
    use crate::analyze::chars::is_spaceless;
    let words: Vec<&str> = text.split_whitespace().collect();
    let meets = |before: &str, after: &str| {
        (
            before.chars().next_back().is_some_and(is_spaceless),
            after.chars().next().is_some_and(is_spaceless),
        )
    };
    let next_to_cjk = words
        .windows(2)
        .filter(|w| meets(w[0], w[1]) != (false, false))
        .count();
    let cjk_chars = words
        .iter()
        .flat_map(|w| w.chars())
        .filter(|&c| is_spaceless(c))
        .count();
    let tokenized = next_to_cjk >= 3 && next_to_cjk * 2 >= cjk_chars;
    let mut out = String::with_capacity(text.len());
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let (a, b) = meets(words[i - 1], word);
            if !(tokenized && (a || b)) {
                out.push(' ');
            }
        }
        out.push_str(word);
    }
    out
}

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
    encoding::gunzip(&path.display().to_string(), bytes, MAX_INPUT_BYTES)
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
    encoding::gunzip("-", bytes, MAX_INPUT_BYTES)
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

/// Reads a file's bytes with the reader their content calls for
/// ([`Format::sniff`]), in the encoding they are in ([`encoding::to_utf8`]).
pub fn parse_bytes(name: String, bytes: Vec<u8>) -> Result<Document> {
    parse_bytes_as(name, bytes, ReadAs::default())
}

/// How to read an input: its encoding and its format, each detected unless
/// the user names it (`--encoding`, `--format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadAs {
    /// The encoding.
    pub encoding: EncodingChoice,
    /// The reader; none: sniffed from the content.
    pub format: Option<Format>,
}

/// [`parse_bytes`] as `read_as` says.
pub fn parse_bytes_as(name: String, bytes: Vec<u8>, read_as: ReadAs) -> Result<Document> {
    let decoded = encoding::to_utf8(&name, bytes, read_as.encoding)?;
    let format = read_as
        .format
        .unwrap_or_else(|| Format::sniff(decoded.text.as_bytes()));
    let mut doc = format.parse_text(name, decoded.text)?;
    doc.encoding = decoded.encoding;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::join_words;

    #[test]
    fn words_are_spaced_except_next_to_cjk() {
        // Tesseract's hOCR and ALTO give every Chinese character or word as a word.
        assert_eq!(
            join_words("中 央 周 围 ， 高举 “三 个 代表 ”"),
            "中央周围，高举“三个代表”"
        );
        assert_eq!(join_words("嘉兴 日 报 1986 年 5 月"), "嘉兴日报1986年5月");
        assert_eq!(join_words("G DP 增 长 ７ ％"), "G DP增长７％");
        // Spaces a page prints between CJK words stay.
        assert_eq!(join_words("孙溟苑 钱伊丽"), "孙溟苑 钱伊丽");
        assert_eq!(join_words("沈 盛"), "沈 盛");
        assert_eq!(join_words("部和 张芳 摄"), "部和 张芳 摄");
        assert_eq!(join_words("2022 年 GDP 增长"), "2022年GDP增长");
        assert_eq!(
            join_words("  said  “Hello,”\n world — again "),
            "said “Hello,” world — again"
        );
        assert_eq!(join_words(" \n "), "");
    }
}
