//! A large hOCR or ALTO file (Tesseract's hOCR of a whole book, a paper's
//! issue in one ALTO file) read a window of pages at a time: each window is
//! the file's header (all before its first page) and its pages from one
//! page's start to the first page start at least the window size further,
//! repaired as a document of its own, as plain text's windows are
//! ([`super::text_windows`]): memory is bounded by the window, not the
//! file, and the windows of one file are repaired in parallel. The price is
//! the same: statistics, copies and moves are found within a window, and a
//! paragraph going on from a window's last page to the next window's first
//! is not joined. The readers read a window as a file that ends after a
//! page (they read past elements left open at its end).

use super::text_windows::{reads_as_utf8, TextWindow};
use crate::input::{EncodingChoice, Format, ReadAs};
use memchr::memmem;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Bytes read at a time while looking for the next page.
const CHUNK: usize = 1 << 16;

/// Bytes read for a first page, at most: past them the file has no page
/// that starts where a window could, and it is read whole.
const HEADER_REACH: usize = 64 << 20;

/// The windows of the hOCR or ALTO file at `path`, and how each is read,
/// when it is to be read a window at a time: a regular file larger than
/// `size` (0: never), in UTF-8 as markup always is, that `read_as` reads
/// as hOCR or ALTO (its first 64 KiB saying so when `read_as` leaves the
/// format open), with a page (`ocr_page`, `<Page`) within its first 64 MiB.
/// `None` otherwise: the whole-file path reads it, or names what is wrong.
pub fn markup_windows(path: &Path, size: usize, read_as: ReadAs) -> Option<(MarkupWindows<File>, ReadAs)> {
    // Asked of every page of a run: a file too small is not opened.
    let meta = std::fs::metadata(path).ok()?;
    if size == 0 || !reads_as_utf8(read_as) || !meta.is_file() || meta.len() <= size as u64 {
        return None;
    }
    let mut file = File::open(path).ok()?;
    let mut head = Vec::with_capacity(CHUNK);
    (&mut file).take(CHUNK as u64).read_to_end(&mut head).ok()?;
    let format = read_as.format.unwrap_or_else(|| Format::sniff(&head));
    if !matches!(format, Format::Hocr | Format::Alto) {
        return None;
    }
    let windows = MarkupWindows::new(head, file, format, size)?;
    let read_as = ReadAs {
        encoding: EncodingChoice::Forced(encoding_rs::UTF_8),
        format: Some(format),
    };
    Some((windows, read_as))
}

/// Bytes before the end of what was searched in vain that the next search
/// goes over again: a page's marker (`ocr_page` and the byte after it,
/// `<Page` and the byte after it) may have been cut off there.
const MARKER_REACH: usize = 16;

/// How far before the start of a search for a page the `<` of the tag its
/// marker stands in is looked for: further than any tag's attributes run
/// before its class (a page whose tag opens further back starts no window,
/// and its window goes on to the next page).
const TAG_REACH: usize = 4 << 10;

/// Where the first page at or after `from` starts in `bytes` (the `<` of
/// its element): hOCR's element of class `ocr_page`, ALTO's `Page`. Its
/// marker is looked for from `scan_from` (at least `from`) on: a caller
/// that has searched `bytes` before, in vain, and has since read more onto
/// them starts where that search stopped ([`MARKER_REACH`] before its end),
/// so that a page of any length is searched once, not once a chunk.
fn page_start(format: Format, bytes: &[u8], from: usize, scan_from: usize) -> Option<usize> {
    let mut at = scan_from.max(from);
    match format {
        Format::Alto => loop {
            let found = at + memmem::find(bytes.get(at..)?, b"<Page")?;
            let next = bytes.get(found + 5)?;
            if matches!(next, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') {
                return Some(found);
            }
            at = found + 5;
        },
        Format::Hocr => {
            // The last `<` or `>` before the bytes up to `marked`: where the
            // tag a class name stands in opens, when it does. Each byte is
            // looked at once (the word `ocr_page` in a long text would
            // otherwise send a search back over the text at every one), and
            // before `at` no further than a tag reaches.
            let delimiter = |b: &u8| matches!(b, b'<' | b'>');
            let reach = at.saturating_sub(TAG_REACH).max(from);
            let mut mark = bytes
                .get(reach..at)?
                .iter()
                .rposition(delimiter)
                .map(|i| reach + i);
            let mut marked = at;
            loop {
                // The class's name in a `class` attribute of the tag it stands in.
                let found = at + memmem::find(bytes.get(at..)?, b"ocr_page")?;
                at = found + 8;
                let apart = |b: Option<&u8>| matches!(b, Some(b'\'' | b'"' | b' ' | b'\t' | b'\r' | b'\n'));
                if !apart(found.checked_sub(1).and_then(|i| bytes.get(i))) || !apart(bytes.get(at)) {
                    continue;
                }
                if let Some(i) = bytes[marked..found].iter().rposition(delimiter) {
                    mark = Some(marked + i);
                }
                marked = found;
                let Some(open) = mark else {
                    continue;
                };
                let tag = &bytes[open..found];
                if tag[0] == b'<' && open >= from && memmem::find(tag, b"class").is_some() {
                    return Some(open);
                }
            }
        }
        _ => None,
    }
}

/// The windows of a markup file, in order: its header, then its pages,
/// at least the window size of them (but the last). Their pages, put end
/// to end after the header, are the file.
pub struct MarkupWindows<R: Read> {
    reader: R,
    format: Format,
    size: usize,
    /// All before the first page.
    header: Vec<u8>,
    /// Read and not yet handed out: from a page's start.
    pending: Vec<u8>,
    /// Where `pending` starts in the file.
    offset: u64,
    at_end: bool,
    index: usize,
    failed: bool,
}

impl<R: Read> MarkupWindows<R> {
    /// The windows of the file whose first bytes are `head` and whose rest
    /// `reader` reads; `None` when no page starts within [`HEADER_REACH`]
    /// bytes (or the file cannot be read).
    fn new(head: Vec<u8>, reader: R, format: Format, size: usize) -> Option<Self> {
        let mut windows = MarkupWindows {
            reader,
            format,
            size: size.max(1),
            header: Vec::new(),
            pending: head,
            offset: 0,
            at_end: false,
            index: 0,
            failed: false,
        };
        let mut scan_from = 0;
        let first = loop {
            if let Some(first) = page_start(format, &windows.pending, 0, scan_from) {
                break first;
            }
            scan_from = windows.pending.len().saturating_sub(MARKER_REACH);
            if windows.at_end || windows.pending.len() > HEADER_REACH || windows.read_more().is_err() {
                return None;
            }
        };
        windows.header = windows.pending.drain(..first).collect();
        windows.offset = first as u64;
        Some(windows)
    }

    /// Reads the next chunk onto `pending`; at the file's end, says so.
    fn read_more(&mut self) -> std::io::Result<()> {
        let read = (&mut self.reader)
            .take(CHUNK.max(self.size / 4) as u64)
            .read_to_end(&mut self.pending)?;
        self.at_end = read == 0;
        Ok(())
    }
}

impl<R: Read> Iterator for MarkupWindows<R> {
    type Item = std::io::Result<TextWindow>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || (self.at_end && self.pending.is_empty()) {
            return None;
        }
        // The window's pages end where the first page at least the size in starts.
        let mut scan_from = self.size;
        let end = loop {
            if let Some(end) = page_start(self.format, &self.pending, self.size, scan_from) {
                break Some(end);
            }
            if self.at_end {
                break None;
            }
            scan_from = self.pending.len().saturating_sub(MARKER_REACH);
            if let Err(e) = self.read_more() {
                self.failed = true;
                return Some(Err(e));
            }
        };
        let pages = match end {
            Some(end) => {
                let rest = self.pending.split_off(end);
                std::mem::replace(&mut self.pending, rest)
            }
            None => std::mem::take(&mut self.pending),
        };
        let window = TextWindow {
            index: self.index,
            offset: self.offset,
            bytes: [self.header.as_slice(), &pages].concat(),
            last: end.is_none(),
        };
        self.index += 1;
        self.offset += pages.len() as u64;
        Some(Ok(window))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An hOCR file of `n` pages, each one paragraph.
    fn hocr(n: usize) -> String {
        let mut text = String::from(
            "<html><head><meta name='ocr-capabilities' content='ocr_page ocr_par'/></head><body>\n",
        );
        for i in 0..n {
            text.push_str(&format!(
                "<div class='ocr_page' id='page_{i}' title='bbox 0 0 100 100'><p class='ocr_par'>Page {i} text.</p></div>\n"
            ));
        }
        text + "</body></html>\n"
    }

    fn windows_of(text: &str, format: Format, size: usize) -> Vec<TextWindow> {
        MarkupWindows::new(
            text.as_bytes()[..10].to_vec(),
            &text.as_bytes()[10..],
            format,
            size,
        )
        .expect("a page")
        .map(|w| w.expect("reads"))
        .collect()
    }

    #[test]
    fn a_page_starts_at_its_element_and_not_in_the_capabilities() {
        let text = hocr(2);
        let first = text.find("<div").unwrap();
        assert_eq!(page_start(Format::Hocr, text.as_bytes(), 0, 0), Some(first));
        let second = text[first + 1..].find("<div").unwrap() + first + 1;
        assert_eq!(
            page_start(Format::Hocr, text.as_bytes(), first + 1, first + 1),
            Some(second)
        );
        let alto = "<alto><Layout><PageX/><Page ID='1'></Page>\n<Page\nID='2'/></Layout></alto>";
        let starts: Vec<usize> = [0, 25]
            .iter()
            .filter_map(|&from| page_start(Format::Alto, alto.as_bytes(), from, from))
            .collect();
        assert_eq!(starts, [22, 43]);
        assert_eq!(page_start(Format::Text, alto.as_bytes(), 0, 0), None);
        // The class's name as words of a text, however many, starts no page.
        let words = format!(
            "<html><body><div class='ocr_page'><p>{}</p></div>\n<div class='ocr_page'></div></body></html>",
            "ocr_page ".repeat(1000)
        );
        let second_page = words.rfind("<div").unwrap();
        assert_eq!(
            page_start(Format::Hocr, words.as_bytes(), 13, 13),
            Some(second_page)
        );
        assert_eq!(
            page_start(Format::Hocr, words.as_bytes(), 13, 5000),
            Some(second_page)
        );
        // Its marker looked for past the element's `<`: the page is still where the `<` is.
        let marker = text[first..].find("ocr_page").unwrap() + first;
        assert_eq!(
            page_start(Format::Hocr, text.as_bytes(), 0, marker - 2),
            Some(first)
        );
        assert_eq!(
            page_start(Format::Hocr, text.as_bytes(), first + 1, marker - 2),
            Some(second)
        );
    }

    #[test]
    fn each_window_is_the_header_and_pages_and_the_pages_are_the_file() {
        let text = hocr(40);
        let header = &text[..text.find("<div").unwrap()];
        for size in [1, 100, 1000, 100_000] {
            let got = windows_of(&text, Format::Hocr, size);
            assert!(got.iter().all(|w| w.bytes.starts_with(header.as_bytes())));
            let pages: Vec<u8> = got
                .iter()
                .flat_map(|w| w.bytes[header.len()..].to_vec())
                .collect();
            assert_eq!(
                [header.as_bytes(), &pages].concat(),
                text.as_bytes(),
                "size {size}"
            );
            // Every window but the last holds pages of at least the size.
            for (i, w) in got.iter().enumerate() {
                assert_eq!((w.index, w.last), (i, i + 1 == got.len()));
                assert_eq!(
                    w.offset as usize,
                    header.len()
                        + got[..i]
                            .iter()
                            .map(|w| w.bytes.len() - header.len())
                            .sum::<usize>()
                );
                if !w.last {
                    assert!(w.bytes.len() - header.len() >= size);
                }
            }
            // One page a window at the smallest size, one window past the file's.
            let expected = match size {
                1 => 40,
                100_000 => 1,
                _ => got.len(),
            };
            assert_eq!(got.len(), expected);
        }
    }

    #[test]
    fn a_pages_marker_cut_by_the_end_of_what_was_read_is_found() {
        // `windows_of` hands 10 bytes over, then chunks of `CHUNK`: page k's
        // `ocr_page` (24 bytes into its element) starts k bytes before the
        // end of the k-th chunk, cut there for k up to 8, its next byte
        // unread for k = 9.
        let mut text =
            String::from("<html><head><meta name='ocr-capabilities' content='ocr_page'/></head><body>\n");
        let mut starts = Vec::new();
        for k in 1..=10 {
            let open = |i: usize| {
                format!("<div id='page_{i}' class='ocr_page' title='bbox 0 0 9 9'><p class='ocr_par'>")
            };
            let next = 10 + k * CHUNK - k - 24;
            starts.push(text.len());
            text.push_str(&open(k - 1));
            let close = "</p></div>\n";
            let fill = next - text.len() - close.len();
            text.push_str(&"word ".repeat(fill / 5));
            text.push_str(&" ".repeat(fill % 5));
            text.push_str(close);
            assert_eq!(text.len(), next);
        }
        text.push_str("</body></html>\n");
        let header = &text[..starts[0]];
        let got = windows_of(&text, Format::Hocr, 1);
        let at: Vec<usize> = got.iter().map(|w| w.offset as usize).collect();
        assert_eq!(at, starts);
        assert_eq!(
            got.iter().map(|w| w.bytes.len() - header.len()).sum::<usize>(),
            text.len() - header.len()
        );
    }

    #[test]
    fn markup_without_a_page_or_too_small_is_read_whole() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("written");
            path
        };
        let big = write("a.hocr", &hocr(200));
        let (windows, read_as) = markup_windows(&big, 1000, ReadAs::default()).expect("windowed");
        assert_eq!(read_as.format, Some(Format::Hocr));
        assert!(windows.count() > 1);
        assert!(markup_windows(&big, 0, ReadAs::default()).is_none());
        assert!(markup_windows(&big, 1 << 20, ReadAs::default()).is_none());
        let no_page = write(
            "b.hocr",
            &format!(
                "<html><body>{}</body></html>",
                "<p class='ocr_par'>x</p>".repeat(100)
            ),
        );
        assert!(markup_windows(&no_page, 100, ReadAs::default()).is_none());
        let text = write("c.txt", &"plain text.\n\n".repeat(200));
        assert!(markup_windows(&text, 100, ReadAs::default()).is_none());
    }
}
