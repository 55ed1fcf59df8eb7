//! Encodings and compression. Archives hold OCR in GB18030 and Big5, UTF-16
//! with a byte-order mark, Latin-1 and Windows-1252, and gzip: ocrmend reads
//! them all as UTF-8 and says which encoding it read. A byte the encoding
//! cannot decode is an error naming the byte, never a replacement character:
//! nothing is half decoded.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::io::Read;

/// How to read a file's bytes as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EncodingChoice {
    /// A byte-order mark says; else UTF-8 when the bytes are UTF-8; else the
    /// encoding an XML declaration names; else the one the bytes look like.
    #[default]
    Detect,
    /// This encoding, whatever the bytes look like (a BOM still wins).
    Forced(&'static Encoding),
}

impl EncodingChoice {
    /// The encoding a WHATWG label names (`gb18030`, `gbk`, `big5`,
    /// `utf-16le`, `latin1`, `windows-1252`, …), or `auto` for detection.
    pub fn from_label(label: &str) -> Result<Self> {
        if label.eq_ignore_ascii_case("auto") {
            return Ok(EncodingChoice::Detect);
        }
        Encoding::for_label(label.trim().as_bytes())
            .map(EncodingChoice::Forced)
            .ok_or_else(|| Error::Options {
                message: format!(
                    "no encoding is called {label:?} (try gb18030, big5, utf-16le, latin1 or auto)"
                ),
            })
    }
}

/// Bytes read as UTF-8, and the encoding they were in.
#[derive(Debug)]
pub struct Decoded {
    /// The text (a UTF-8 input's bytes as they were, its BOM kept).
    pub text: String,
    /// The encoding's name (`UTF-8`, `GB18030`, `UTF-16LE`, …).
    pub encoding: &'static str,
}

/// `bytes` (of the input `name`) as a UTF-8 text, or an error naming the
/// first byte that is not UTF-8.
pub fn utf8_text(name: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| not_utf8(name, &e))
}

/// The error for the input `name`, naming where its first byte that is not
/// UTF-8 stands.
fn not_utf8(name: &str, e: &std::string::FromUtf8Error) -> Error {
    Error::InvalidUtf8 {
        name: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    }
}

/// Reads `bytes` (of the input `name`) as UTF-8.
pub fn to_utf8(name: &str, bytes: Vec<u8>, choice: EncodingChoice) -> Result<Decoded> {
    let bom = Encoding::for_bom(&bytes).map(|(e, _)| e);
    // Checked as UTF-8 once: the text, or where the first byte that is not stands.
    let utf8 = String::from_utf8(bytes);
    let flaw = utf8.as_ref().err().map(|e| e.utf8_error().valid_up_to());
    let bytes = match &utf8 {
        Ok(text) => text.as_bytes(),
        Err(e) => e.as_bytes(),
    };
    let encoding = match (bom, choice) {
        (Some(e), _) => e,
        (None, EncodingChoice::Forced(e)) => e,
        (None, EncodingChoice::Detect) => match flaw {
            None => UTF_8,
            Some(offset) => declared(bytes).map_or_else(|| guess(name, bytes, offset), Ok)?,
        },
    };
    if encoding == UTF_8 {
        return match utf8 {
            Ok(text) => Ok(Decoded {
                text,
                encoding: UTF_8.name(),
            }),
            Err(e) => Err(not_utf8(name, &e)),
        };
    }
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    if had_errors {
        return Err(Error::Undecodable {
            name: name.to_string(),
            encoding: encoding.name(),
            offset: first_undecodable(encoding, bytes),
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

/// The encoding an XML declaration at the start names (`<?xml version="1.0"
/// encoding="GB2312"?>`), when it is one WHATWG knows. UTF-16 is not taken
/// from a declaration: a UTF-16 file says so with a BOM.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(200)];
    let decl = head.strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = &decl[..end];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = &decl[at + 8..];
    let quote = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    let value = &rest[quote + 1..];
    let close = value.iter().position(|&b| b == rest[quote])?;
    Encoding::for_label(&value[..close]).filter(|e| ![UTF_16LE, UTF_16BE].contains(e))
}

/// The legacy encoding `bytes` look like. Bytes that are mostly UTF-8 (more
/// than four valid non-ASCII characters for every flaw) are UTF-8 with a
/// flaw, not another encoding: an error at the first flaw (`offset`), which
/// `--encoding` can overrule. Legacy Chinese or Latin-1 text is almost never
/// valid UTF-8 for more than a character or two in a row.
fn guess(name: &str, bytes: &[u8], offset: usize) -> Result<&'static Encoding> {
    let (mut valid, mut flaws) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        flaws += usize::from(!chunk.invalid().is_empty());
    }
    if valid > 4 * flaws {
        return Err(Error::InvalidUtf8 {
            name: name.to_string(),
            offset,
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    Ok(detector.guess(None, false))
}

/// The byte offset of the first sequence `encoding` cannot decode.
fn first_undecodable(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(bytes.len()));
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    }
}

/// The bytes of a gzip stream (they start `1f 8b`) decompressed, refusing
/// more than `limit` bytes of output (a gzip bomb is an error, not a full
/// memory); other bytes as they are.
pub fn gunzip(name: &str, bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Gzip {
            name: name.to_string(),
            message: e.to_string(),
        })?;
    if out.len() as u64 > limit {
        return Err(Error::TooLarge {
            name: name.to_string(),
            size: out.len() as u64,
            limit,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030, WINDOWS_1252};

    const ZH: &str = "近年来,全市新建充电站19座、充\n\n桩113根,超额完成任务。\n";

    #[test]
    fn legacy_encodings_are_detected_and_read_as_utf8() {
        for encoding in [GB18030, BIG5] {
            let (bytes, _, _) = encoding.encode("近年來,全市新建充電站19座、充\n\n樁113根,超額完成任務。\n");
            let read = to_utf8("p.txt", bytes.into_owned(), EncodingChoice::Detect).unwrap();
            assert!(read.text.starts_with("近年來"), "{}", encoding.name());
        }
        let (latin, _, _) =
            WINDOWS_1252.encode("Caf\u{e9} society, na\u{ef}ve readers and their r\u{e9}sum\u{e9}s.\n");
        let read = to_utf8("p.txt", latin.into_owned(), EncodingChoice::Detect).unwrap();
        assert_eq!(read.encoding, "windows-1252");
        assert!(read.text.starts_with("Café society"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(ZH.encode_utf16().flat_map(u16::to_le_bytes));
        let read = to_utf8("p.txt", utf16, EncodingChoice::Detect).unwrap();
        assert_eq!((read.encoding, read.text), ("UTF-16LE", ZH.to_string()));
    }

    #[test]
    fn utf8_stays_as_it_is_and_a_flawed_utf8_file_is_an_error() {
        let bom = [b"\xEF\xBB\xBF".as_slice(), ZH.as_bytes()].concat();
        assert_eq!(
            to_utf8("p.txt", bom.clone(), EncodingChoice::Detect)
                .unwrap()
                .text
                .into_bytes(),
            bom
        );
        let mut flawed = ZH.repeat(20).into_bytes();
        flawed.insert(31, 0xFF);
        let err = to_utf8("p.txt", flawed.clone(), EncodingChoice::Detect).unwrap_err();
        assert!(matches!(err, Error::InvalidUtf8 { offset: 31, .. }), "{err}");
        // Forced: the reader's word is final, and a byte it cannot read is named.
        let forced = EncodingChoice::from_label("gb18030").unwrap();
        assert!(to_utf8("p.txt", flawed, forced).is_err());
        assert!(EncodingChoice::from_label("klingon").is_err());
    }

    #[test]
    fn an_xml_declaration_names_the_encoding() {
        let xml = "<?xml version=\"1.0\" encoding=\"GBK\"?><alto>充电桩</alto>";
        let (bytes, _, _) = GB18030.encode(xml);
        let read = to_utf8("a.xml", bytes.into_owned(), EncodingChoice::Detect).unwrap();
        assert_eq!(read.encoding, "GBK");
        assert_eq!(read.text, xml);
    }

    #[test]
    fn gzip_is_read_through_and_a_bomb_is_refused() {
        use std::io::Write;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(ZH.as_bytes()).unwrap();
        let zipped = z.finish().unwrap();
        assert_eq!(
            gunzip("p.txt.gz", zipped.clone(), 1 << 20).unwrap(),
            ZH.as_bytes()
        );
        assert!(matches!(
            gunzip("p.txt.gz", zipped, 10),
            Err(Error::TooLarge { .. })
        ));
        assert_eq!(
            gunzip("p.txt", ZH.as_bytes().to_vec(), 10).unwrap(),
            ZH.as_bytes()
        );
    }
}
