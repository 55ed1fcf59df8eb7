//! Large plain text (a file, a gzip file, standard input) read a window at
//! a time: each window at least the window size, ending after the first
//! blank line past it, where no block goes on, or sooner, after its
//! [`MAX_BLOCKS`]th blank line (a text of tiny blocks fills memory with
//! their structures, not their bytes). Each window is repaired as a
//! document of its own, so that a run holds a few windows, not the text:
//! its memory is bounded by the window, however large the text, and the
//! windows of one text are repaired in parallel. The price: statistics,
//! copies and moves are found within a window, and the paragraph break at
//! a window's end is kept.

use crate::input::{EncodingChoice, Format, ReadAs};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Bytes of a file read to tell whether it is plain UTF-8 text.
const HEAD: usize = 1 << 16;

/// How each window is read: UTF-8 plain text, whatever its first bytes
/// look like (a window that opens with `<` is still text).
pub const WINDOW_READ_AS: ReadAs = ReadAs {
    encoding: EncodingChoice::Forced(encoding_rs::UTF_8),
    format: Some(Format::Text),
};

/// The windows of the file at `path` when it is to be read a window at a
/// time: a regular file larger than `size` (0: never) that `read_as` reads
/// as plain UTF-8 text, its first 64 KiB saying so when `read_as` leaves it
/// open (valid UTF-8, no UTF-16 byte-order mark, no markup). A gzip file is
/// read through, whatever its size (its text's is not known before it
/// ends: within the first window it is one window, named as the file).
/// `None` otherwise, or when the file cannot be opened: the whole-file path
/// reads it, or names what is wrong with it.
pub fn file_windows(
    path: &Path,
    size: usize,
    read_as: ReadAs,
) -> Option<TextWindows<BufReader<Box<dyn Read>>>> {
    if size == 0 || !reads_as_plain_utf8(read_as) {
        return None;
    }
    // The file's text from its start: through gzip when it is gzip.
    let open = || -> Option<Box<dyn Read>> {
        let mut file = File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        let mut magic = [0u8; 2];
        let gzip = file.read_exact(&mut magic).is_ok() && magic == GZIP_MAGIC;
        std::io::Seek::rewind(&mut file).ok()?;
        match gzip {
            true => Some(Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))),
            false if meta.is_file() && meta.len() > size as u64 => Some(Box::new(file)),
            false => None,
        }
    };
    let mut head = Vec::with_capacity(HEAD);
    open()?.take(HEAD as u64).read_to_end(&mut head).ok()?;
    if !is_plain_utf8(&head, read_as.format.is_none()) {
        return None;
    }
    Some(TextWindows::new(BufReader::with_capacity(HEAD, open()?), size))
}

/// How a gzip stream starts.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The windows of standard input when `read_as` reads it as plain UTF-8
/// text and its first bytes, as far as they are buffered, say so (as for
/// [`file_windows`]); its size is not known before it ends, so a text
/// within the window is one window, named as standard input. `None`
/// otherwise (nothing is read: the whole-input path reads it all).
pub fn stdin_windows(size: usize, read_as: ReadAs) -> Option<TextWindows<std::io::StdinLock<'static>>> {
    if size == 0 || !reads_as_plain_utf8(read_as) {
        return None;
    }
    let mut stdin = std::io::stdin().lock();
    let head = stdin.fill_buf().ok()?;
    (!head.is_empty() && is_plain_utf8(head, read_as.format.is_none())).then(|| TextWindows::new(stdin, size))
}

/// True when `read_as` leaves plain UTF-8 text possible.
fn reads_as_plain_utf8(read_as: ReadAs) -> bool {
    reads_as_utf8(read_as) && matches!(read_as.format, None | Some(Format::Text))
}

/// True when `read_as` reads UTF-8: detected (which a window's bytes
/// cannot be, apart from their file) or named.
pub(super) fn reads_as_utf8(read_as: ReadAs) -> bool {
    match read_as.encoding {
        EncodingChoice::Detect => true,
        EncodingChoice::Forced(encoding) => encoding == encoding_rs::UTF_8,
    }
}

/// True when `head`, a text's first bytes, is UTF-8 (a character cut at its
/// end aside) with no gzip magic (gzip inside gzip, or gzip on standard
/// input, which the whole-input path reads through) or UTF-16 mark, and,
/// when `sniff`, plain text by [`Format::sniff`].
fn is_plain_utf8(head: &[u8], sniff: bool) -> bool {
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    let marked =
        head.starts_with(&GZIP_MAGIC) || head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    utf8 && !marked && (!sniff || Format::sniff(head) == Format::Text)
}

/// One window of a file: its bytes and where they start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextWindow {
    /// Which window of the file, from 0.
    pub index: usize,
    /// The byte of the file it starts at (a markup window's first page:
    /// its bytes open with the file's header, [`super::markup_windows`]).
    pub offset: u64,
    /// Its bytes, as read.
    pub bytes: Vec<u8>,
    /// The file's last window.
    pub last: bool,
}

impl TextWindow {
    /// The name its document is reported by: the file's, with the window
    /// and its first byte (positions in errors and reports count from it);
    /// the file's alone when it is the only window (a stream that ended
    /// within the first).
    pub fn name(&self, path: &str) -> String {
        match (self.index, self.last) {
            (0, true) => path.to_string(),
            _ => format!("{path} [window {} from byte {}]", self.index + 1, self.offset),
        }
    }
}

/// Blank lines (so about as many blocks) past which a window ends, however
/// few bytes it holds: 131,072, twice the blocks of 4 MiB of Tesseract's
/// text (65 bytes a block), so that only a text of tiny blocks is cut by it.
/// A block costs the repair some 300–600 bytes besides its text: 3 million
/// blocks of 8 bytes (24 MB) took 670 MB in windows of 4 MiB at two threads.
pub const MAX_BLOCKS: usize = 1 << 17;

/// The windows of a plain-text stream, in order; their bytes, put end to
/// end, are the stream's. Reads one window ahead of what it hands out.
pub struct TextWindows<R: BufRead> {
    reader: R,
    size: usize,
    /// [`MAX_BLOCKS`], but in tests.
    max_blocks: usize,
    /// Bytes read past the last window's end (it ended at its
    /// `max_blocks`th blank line): the next window's first.
    carry: Vec<u8>,
    index: usize,
    /// The window read ahead: handed out once the one after it is known
    /// (its `last` needs that).
    ahead: Option<Vec<u8>>,
    /// Bytes read so far: where the window being read starts.
    read: u64,
    failed: bool,
}

impl<R: BufRead> TextWindows<R> {
    /// The windows of `reader`, each at least `size` bytes (but the last).
    pub fn new(reader: R, size: usize) -> Self {
        TextWindows {
            reader,
            size: size.max(1),
            max_blocks: MAX_BLOCKS,
            carry: Vec::new(),
            index: 0,
            ahead: None,
            read: 0,
            failed: false,
        }
    }

    /// The next window's bytes: `size` bytes, the rest of the line they end
    /// in, and lines up to and with the first blank one (empty, or a lone
    /// CR); empty at the stream's end. A text with no blank line within
    /// `size` bytes more (at least [`BLANK_LINE_REACH`]) is cut after a line
    /// instead (its block goes on in the next window); one with no line
    /// break within [`LONGEST_LINE`] bytes cannot be cut, and is an error
    /// that says where. Within the `size` bytes, the window ends after its
    /// `max_blocks`th blank line, and the bytes after it start the next.
    fn read_window(&mut self) -> std::io::Result<Vec<u8>> {
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.reserve((self.size + (self.size >> 4)).saturating_sub(bytes.len()));
        let wanted = self.size.saturating_sub(bytes.len());
        let got = (&mut self.reader).take(wanted as u64).read_to_end(&mut bytes)?;
        if let Some(end) = after_blank_lines(&bytes, self.max_blocks) {
            self.carry = bytes.split_off(end);
            return Ok(bytes);
        }
        if got < wanted || ends_blank_line(&bytes) {
            return Ok(bytes);
        }
        loop {
            let start = bytes.len();
            let read = (&mut self.reader)
                .take(LONGEST_LINE as u64)
                .read_until(b'\n', &mut bytes)?;
            if read == 0 {
                return Ok(bytes);
            }
            if bytes.last() != Some(&b'\n') && read == LONGEST_LINE {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "no line break within {} MiB from byte {}: the text cannot be cut into windows \
                         (--window 0 reads it whole)",
                        LONGEST_LINE >> 20,
                        self.read + start as u64
                    ),
                ));
            }
            // A line is blank when nothing but a CR stands before its
            // newline; it starts after the newline before it, which may lie
            // before `start` (the size may cut a line, even a CRLF).
            let line_start = bytes[..start]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let past_reach =
                bytes.len() >= self.size + self.size.max(BLANK_LINE_REACH) && bytes.last() == Some(&b'\n');
            if matches!(&bytes[line_start..], b"\n" | b"\r\n") || past_reach {
                return Ok(bytes);
            }
        }
    }
}

/// The longest line a window reads on for: past it, no line break to cut at.
const LONGEST_LINE: usize = 64 << 20;

/// Bytes past the size a window reads on for a blank line, at least (the
/// size itself when larger): past them, it ends after a line.
const BLANK_LINE_REACH: usize = 1 << 20;

/// Where the `n`th blank line of `bytes` ends (after its newline), when it
/// is not their end: a blank line being a newline after a newline, a CR
/// between them or not (one at their start, whose line began before them,
/// is not counted).
fn after_blank_lines(bytes: &[u8], n: usize) -> Option<usize> {
    let mut blank = 0;
    let mut newlines = memchr::memchr_iter(b'\n', bytes);
    let mut before = newlines.next()?;
    for at in newlines {
        if at == before + 1 || (at == before + 2 && bytes[before + 1] == b'\r') {
            blank += 1;
            if blank == n {
                return (at + 1 < bytes.len()).then_some(at + 1);
            }
        }
        before = at;
    }
    None
}

/// True when `bytes` end with a blank line: a newline, an optional CR, and
/// a newline.
fn ends_blank_line(bytes: &[u8]) -> bool {
    bytes.ends_with(b"\n\n") || bytes.ends_with(b"\n\r\n")
}

impl<R: BufRead> Iterator for TextWindows<R> {
    type Item = std::io::Result<TextWindow>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let read = |w: &mut Self| -> std::io::Result<Vec<u8>> {
            let bytes = w.read_window().inspect_err(|_| w.failed = true)?;
            w.read += bytes.len() as u64;
            Ok(bytes)
        };
        let current = match self.ahead.take() {
            Some(bytes) => bytes,
            None => match read(self) {
                Ok(bytes) if bytes.is_empty() => return None,
                Ok(bytes) => bytes,
                Err(e) => return Some(Err(e)),
            },
        };
        let next = match read(self) {
            Ok(bytes) => bytes,
            Err(e) => return Some(Err(e)),
        };
        // Read so far: up to the end of the window after this one.
        let offset = self.read - (current.len() + next.len()) as u64;
        let last = next.is_empty();
        if !last {
            self.ahead = Some(next);
        }
        let window = TextWindow {
            index: self.index,
            offset,
            last,
            bytes: current,
        };
        self.index += 1;
        Some(Ok(window))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn windows(text: &[u8], size: usize) -> Vec<TextWindow> {
        capped_windows(text, size, MAX_BLOCKS)
    }

    /// The windows of `text` with at most `max_blocks` blank lines each.
    fn capped_windows(text: &[u8], size: usize, max_blocks: usize) -> Vec<TextWindow> {
        TextWindows {
            max_blocks,
            ..TextWindows::new(text, size)
        }
        .map(|w| w.expect("reads"))
        .collect()
    }

    #[test]
    fn a_window_of_tiny_blocks_ends_at_its_last_blank_line_allowed() {
        let text = "a\n\nbb\r\n\r\nc\n\n\nd\n\ne";
        let got = capped_windows(text.as_bytes(), 100, 2);
        let parts: Vec<&str> = got
            .iter()
            .map(|w| std::str::from_utf8(&w.bytes).unwrap())
            .collect();
        // Two blank lines a window (two blank lines in a row are two).
        assert_eq!(parts, ["a\n\nbb\r\n\r\n", "c\n\n\n", "d\n\ne"]);
        assert_eq!(got.iter().map(|w| w.offset).collect::<Vec<_>>(), [0, 9, 13]);
        assert!(got[2].last && !got[1].last);
        // The cap counts the blank lines of the bytes read, carried ones
        // too; reached at their very end, it cuts nothing (the window ends
        // there as it is), and a newline they open ends a line read before.
        assert_eq!(after_blank_lines(b"x\n\ny\n\n", 2), None);
        assert_eq!(after_blank_lines(b"x\n\ny\n\nz", 2), Some(6));
        assert_eq!(after_blank_lines(b"\nx\n", 1), None);
        // 3 million blocks of 8 bytes: windows of MAX_BLOCKS blocks, not of 4 MiB.
        let tiny = "1234567\n\n".repeat(3 * MAX_BLOCKS);
        let got = windows(tiny.as_bytes(), 4 << 20);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].bytes.len(), 9 * MAX_BLOCKS);
    }

    #[test]
    fn a_window_ends_after_the_first_blank_line_past_its_size() {
        let text = b"one two\nthree\n\nfour\n\nfive six\r\n\r\nseven";
        let got = windows(text, 4);
        let parts: Vec<&[u8]> = got.iter().map(|w| w.bytes.as_slice()).collect();
        assert_eq!(
            parts,
            [
                &b"one two\nthree\n\n"[..],
                b"four\n\n",
                b"five six\r\n\r\n",
                b"seven"
            ]
        );
        assert_eq!(got.iter().map(|w| w.offset).collect::<Vec<_>>(), [0, 15, 21, 33]);
        assert_eq!(
            got.iter().map(|w| w.last).collect::<Vec<_>>(),
            [false, false, false, true]
        );
        assert_eq!(got[2].name("a.txt"), "a.txt [window 3 from byte 21]");
        // A stream within one window is named as itself.
        assert_eq!(windows(b"one\n", 100)[0].name("-"), "-");
    }

    #[test]
    fn a_text_within_the_size_is_one_window_and_an_empty_one_none() {
        let got = windows(b"one\n\ntwo\n", 100);
        assert_eq!(got.len(), 1);
        assert!(got[0].last);
        assert!(windows(b"", 100).is_empty());
    }

    #[test]
    fn a_blank_line_cut_at_the_size_ends_the_window_there() {
        // The size falls right after the blank line's newline.
        let got = windows(b"ab\n\ncd\n\n", 4);
        assert_eq!(got[0].bytes, b"ab\n\n");
        // The size falls between the two newlines: the line read on is blank.
        let got = windows(b"ab\n\ncd\n\n", 3);
        assert_eq!(got[0].bytes, b"ab\n\n");
        // A line that merely ends at the size is not blank.
        let got = windows(b"abc\nde\n\nf", 4);
        assert_eq!(got[0].bytes, b"abc\nde\n\n");
    }

    #[test]
    fn a_file_is_read_in_windows_when_it_is_plain_utf8_text_larger_than_the_size() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("written");
            path
        };
        let text = "第一段。\n\nSecond block.\n\n".repeat(40);
        let plain = write("a.txt", text.as_bytes());
        let windows: Vec<TextWindow> = file_windows(&plain, 64, ReadAs::default())
            .expect("windowed")
            .map(|w| w.expect("reads"))
            .collect();
        assert!(windows.len() > 1);
        assert_eq!(
            windows.iter().flat_map(|w| w.bytes.clone()).collect::<Vec<_>>(),
            text.as_bytes()
        );
        // Within the size, or no size: whole.
        assert!(file_windows(&plain, text.len(), ReadAs::default()).is_none());
        assert!(file_windows(&plain, 0, ReadAs::default()).is_none());
        // Markup, another encoding, gzip, UTF-16: whole.
        let alto = format!("<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\">{text}</alto>");
        assert!(file_windows(&write("b.xml", alto.as_bytes()), 64, ReadAs::default()).is_none());
        let forced = |label: &str, format| ReadAs {
            encoding: EncodingChoice::from_label(label).expect("a label"),
            format,
        };
        assert!(file_windows(&plain, 64, forced("gb18030", None)).is_none());
        assert!(file_windows(&plain, 64, forced("utf-8", Some(Format::Alto))).is_none());
        assert!(file_windows(&plain, 64, forced("utf-8", Some(Format::Text))).is_some());
        let gbk: Vec<u8> = [0xb5, 0xda, 0xd2, 0xbb, b'\n', b'\n'].repeat(40);
        assert!(file_windows(&write("c.txt", &gbk), 64, ReadAs::default()).is_none());
        // Gzip is read through, whatever its size; not gzip that is not.
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gzip, text.as_bytes()).expect("compressed");
        let gzipped = write("d.txt.gz", &gzip.finish().expect("compressed"));
        let through: Vec<u8> = file_windows(&gzipped, 64, ReadAs::default())
            .expect("windowed")
            .flat_map(|w| w.expect("reads").bytes)
            .collect();
        assert_eq!(through, text.as_bytes());
        let one: Vec<TextWindow> = file_windows(&gzipped, 1 << 20, ReadAs::default())
            .expect("windowed")
            .map(|w| w.expect("reads"))
            .collect();
        assert_eq!((one.len(), one[0].name("d.txt.gz").as_str()), (1, "d.txt.gz"));
        let mut fake = vec![0x1f, 0x8b];
        fake.extend(text.as_bytes());
        assert!(file_windows(&write("e.txt", &fake), 64, ReadAs::default()).is_none());
        assert!(file_windows(&dir.path().join("missing.txt"), 64, ReadAs::default()).is_none());
    }

    #[test]
    fn a_text_without_a_blank_line_is_cut_after_a_line_past_the_reach() {
        let text = "one line\n".repeat(300_000);
        let got = windows(text.as_bytes(), 8);
        assert_eq!(got.len(), 3);
        // The first line to end past the size and the reach ends the window
        // (lines of nine bytes).
        assert_eq!(got[0].bytes.len(), (8 + BLANK_LINE_REACH).div_ceil(9) * 9);
        assert!(got[0].bytes.ends_with(b"line\n"));
        assert_eq!(
            got.iter().flat_map(|w| w.bytes.clone()).collect::<Vec<_>>(),
            text.as_bytes()
        );
        // A line longer than the longest there may be: an error where it starts.
        let long = [b"short\n".as_slice(), &vec![b'a'; LONGEST_LINE + 10]].concat();
        let mut it = TextWindows::new(long.as_slice(), 4);
        let err = it.next().expect("an item").expect_err("no line break to cut at");
        assert!(
            err.to_string()
                .contains("no line break within 64 MiB from byte 6"),
            "{err}"
        );
        assert!(it.next().is_none());
    }

    struct Failing;

    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk gone"))
        }
    }

    #[test]
    fn a_read_error_is_handed_out_once_and_ends_the_windows() {
        let mut it = TextWindows::new(std::io::BufReader::new(Failing), 8);
        assert!(it.next().is_some_and(|w| w.is_err()));
        assert!(it.next().is_none());
    }

    /// True when `text` ends with a line that is empty or a lone CR, and
    /// its newline.
    fn ends_at_blank_line(text: &[u8]) -> bool {
        let Some(body) = text.strip_suffix(b"\n") else {
            return false;
        };
        let line = &body[body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..];
        line.is_empty() || line == b"\r"
    }

    proptest! {
        #[test]
        fn windows_end_to_end_are_the_text_and_each_ends_where_no_block_goes_on(
            text in "([a-z\u{4e00}-\u{4e0f}]{0,6}(\n|\r\n|\n\n|\n\r\n| )){0,60}",
            size in 1usize..40,
            max_blocks in prop_oneof![Just(MAX_BLOCKS), 1usize..6],
        ) {
            let got = capped_windows(text.as_bytes(), size, max_blocks);
            let joined: Vec<u8> = got.iter().flat_map(|w| w.bytes.clone()).collect();
            prop_assert_eq!(&joined, text.as_bytes());
            let mut at_blank_lines = true;
            for (i, w) in got.iter().enumerate() {
                prop_assert_eq!(w.index, i);
                prop_assert_eq!(w.last, i + 1 == got.len());
                if !w.last {
                    // As long as the size, or cut at the cap's blank line.
                    let capped =
                        after_blank_lines(&[w.bytes.as_slice(), b"x"].concat(), max_blocks) == Some(w.bytes.len());
                    prop_assert!(w.bytes.len() >= size || capped);
                    let end = w.offset as usize + w.bytes.len();
                    // At a blank line; past the reach with none, after a line.
                    let blank = ends_at_blank_line(&text.as_bytes()[..end]);
                    let cut = w.bytes.len() >= size + size.max(BLANK_LINE_REACH) && w.bytes.ends_with(b"\n");
                    prop_assert!(blank || cut, "{:?}", String::from_utf8_lossy(&w.bytes));
                    at_blank_lines &= blank;
                }
            }
            if !at_blank_lines {
                return Ok(());
            }
            // Windows cut at blank lines split the blocks as one pass over
            // the whole text does.
            let blocks = |t: &str| crate::input::parse_plain_text("t".into(), t.to_string())
                .map(|d| (0..d.blocks.len()).map(|i| d.block_text(i).to_string()).collect::<Vec<_>>())
                .unwrap_or_default();
            let whole = blocks(&text);
            let by_window: Vec<String> = got
                .iter()
                .flat_map(|w| blocks(std::str::from_utf8(&w.bytes).expect("cut at a newline")))
                .collect();
            prop_assert_eq!(whole, by_window);
        }
    }
}
