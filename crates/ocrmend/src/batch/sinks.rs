//! Where a run's results go, behind one trait: the repaired pages (mirrored
//! into a folder, one named file, or standard output, as text or as diffs),
//! JSONL records, the streamed report, and the suggestions file with its
//! manifest. A [`Run`] hands every result to every sink in input order and
//! keeps the run's summary; a front end only says which sinks it wants.

use super::output::{write_atomic, FileSink};
use super::partial::PartialOutput;
use super::process::{Baseline, Processed};
use super::walk::PageFile;
use crate::error::{Error, Result};
use crate::input::{EncodingChoice, ReadAs};
use crate::report::{inline_diff, unified_diff, BatchSummary, ErrorReport, RunReportWriter};
use crate::review::ManifestEntry;
use crate::Options;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What became of one input.
#[derive(Debug)]
pub enum Handled {
    /// Done by an earlier run (`--resume`).
    Skipped,
    /// No text: passed through as it was (its text, if any).
    Blank(String),
    /// Repaired.
    Done(Box<Processed>),
}

/// One result of a run, as the sinks see it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The page file it came from; none for a JSONL record.
    pub page: Option<&'a PageFile>,
    /// For a JSONL record: the line written for it (the record repaired, or
    /// an error record in its place); none for an input that could not be opened.
    pub record_line: Option<&'a str>,
    /// What became of it, or why it failed (`place` names it).
    pub result: std::result::Result<&'a Handled, &'a str>,
    /// The document or place it is (a path, `file:line`).
    pub place: &'a str,
    /// For a window of a page file read a window at a time
    /// ([`super::text_windows`]): which one; its text goes on the page's
    /// output after the windows before it.
    pub window: Option<WindowMark>,
}

/// Which window of its page file an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowMark {
    /// From 0.
    pub index: usize,
    /// The page file's last window: its output is complete.
    pub last: bool,
}

/// A destination for a run's results.
pub trait Sink {
    /// An input of the run (each page file with its bytes' hash; each JSONL
    /// input once, without one), repaired with `options`.
    fn input(&mut self, _input: &Path, _hash: Option<&str>, _options: &Options) -> Result<()> {
        Ok(())
    }

    /// One result, in input order.
    fn item(&mut self, item: &Item) -> Result<()>;

    /// The run is over: writes what is left and puts the output in place.
    fn finish(self: Box<Self>, summary: &BatchSummary) -> Result<()>;
}

/// A run's sinks and its summary so far.
pub struct Run {
    sinks: Vec<Box<dyn Sink>>,
    /// Counts across the run.
    pub summary: BatchSummary,
    /// Whether any edit was left for review.
    pub review_left: bool,
}

impl Run {
    /// A run writing to `sinks`.
    pub fn new(sinks: Vec<Box<dyn Sink>>) -> Self {
        Run {
            sinks,
            summary: BatchSummary::default(),
            review_left: false,
        }
    }

    /// Lists an input with every sink.
    pub fn input(&mut self, input: &Path, hash: Option<&str>, options: &Options) -> Result<()> {
        self.sinks
            .iter_mut()
            .try_for_each(|s| s.input(input, hash, options))
    }

    /// Counts one result and hands it to every sink.
    pub fn item(&mut self, item: &Item) -> Result<()> {
        match item.result {
            Ok(Handled::Skipped) => self.summary.skipped += 1,
            // A blank window is part of its file, no blank page.
            Ok(Handled::Blank(_)) => match item.window {
                Some(window) => self.summary.merge_window(&BatchSummary::default(), window.last),
                None => self.summary.blank += 1,
            },
            Ok(Handled::Done(done)) => {
                match item.window {
                    Some(window) => self.summary.merge_window(&done.summary, window.last),
                    None => self.summary.merge(&done.summary),
                }
                self.review_left |= done.review_left;
            }
            Err(_) => self.summary.errors += 1,
        }
        self.sinks.iter_mut().try_for_each(|s| s.item(item))
    }

    /// Finishes every sink; returns the run's summary and whether edits were left for review.
    pub fn finish(self) -> Result<(BatchSummary, bool)> {
        for sink in self.sinks {
            sink.finish(&self.summary)?;
        }
        Ok((self.summary, self.review_left))
    }
}

/// Where repaired page files go, decided once per run.
#[derive(Debug, Clone)]
pub enum Destination {
    /// Standard output (with `==> name <==` before each page of a batch).
    Stdout,
    /// One file per page, mirrored into this folder.
    Folder(PathBuf),
    /// One page in, and the output names a file: the repaired text goes
    /// there, not into a folder of that name.
    File(PathBuf),
}

impl Destination {
    /// Where the repaired text of `page` goes, when not to standard output.
    pub fn target(&self, page: &PageFile) -> Option<PathBuf> {
        match self {
            Destination::Stdout => None,
            Destination::Folder(dir) => Some(dir.join(&page.output_name)),
            Destination::File(file) => Some(file.clone()),
        }
    }
}

/// The repaired pages: written to their destination, or as diffs to
/// standard output (the layout-only text against the repaired one, the
/// inline changes, and what was left for review).
pub struct PageSink<W: Write> {
    destination: Destination,
    /// Diffs instead of text.
    diff: bool,
    /// A batch: each page's text on standard output gets a header.
    many: bool,
    out: W,
    /// The page file whose windows are being written.
    windowed: Option<WindowedPage>,
}

/// A page file read a window at a time, as its windows are written: its
/// output is put in place after the last one, and a window that failed
/// leaves none (its temporary is removed).
struct WindowedPage {
    path: PathBuf,
    /// Its output file; none on standard output.
    file: Option<BufWriter<FileSink>>,
    /// Some text is written: the next window's goes after a blank line.
    written: bool,
    /// A window failed: the rest are not written.
    failed: bool,
}

impl<W: Write> PageSink<W> {
    /// Pages to `destination` (`out` is standard output).
    pub fn new(destination: Destination, diff: bool, many: bool, out: W) -> Self {
        PageSink {
            destination,
            diff,
            many,
            out,
            windowed: None,
        }
    }

    /// Writes one window of a page file: the first opens its output, each
    /// window's text goes after a blank line, the last puts the output in
    /// place; a failed window (`text` none) drops the output.
    fn window(&mut self, page: &PageFile, mark: WindowMark, text: Option<&str>) -> Result<()> {
        if mark.index == 0 || self.windowed.as_ref().is_none_or(|w| w.path != page.path) {
            let target = self.destination.target(page);
            if self.many && text.is_some() && target.is_none() {
                writeln!(self.out, "==> {} <==", page.path.display()).map_err(stdout_error)?;
            }
            let file = match target {
                Some(target) if text.is_some() => {
                    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                        std::fs::create_dir_all(parent).map_err(|source| Error::write(parent, source))?;
                    }
                    Some(BufWriter::new(FileSink::create(&target)?))
                }
                _ => None,
            };
            self.windowed = Some(WindowedPage {
                path: page.path.clone(),
                file,
                written: false,
                failed: false,
            });
        }
        let windowed = self.windowed.as_mut().expect("opened above");
        let Some(text) = text.filter(|_| !windowed.failed) else {
            // Dropping the sink removes its temporary: no output.
            (windowed.file, windowed.failed) = (None, true);
            return Ok(());
        };
        // A window of whitespace alone is layout between blocks.
        if !text.trim().is_empty() {
            let gap: &[u8] = if windowed.written { b"\n" } else { b"" };
            match &mut windowed.file {
                Some(file) => file
                    .write_all(gap)
                    .and_then(|()| file.write_all(text.as_bytes()))
                    .map_err(|e| file.get_ref().error(e))?,
                None => self
                    .out
                    .write_all(gap)
                    .and_then(|()| self.out.write_all(text.as_bytes()))
                    .map_err(stdout_error)?,
            }
            windowed.written = true;
        }
        if mark.last {
            if let Some(file) = self.windowed.take().and_then(|w| w.file) {
                FileSink::commit_buffered(file)?;
            }
        }
        Ok(())
    }

    /// A unified diff of the input as read against the repaired text, which
    /// `patch -p0` and `git apply -p0` apply to a text file (both headers name
    /// the input), then each change inline against the laid-out input
    /// (readable for CJK, whose paragraphs are single long lines).
    fn diff_of(&mut self, name: &str, done: &Processed, baseline: &Baseline) -> std::io::Result<()> {
        write!(
            self.out,
            "{}",
            unified_diff(&baseline.input, &done.text, name, name)
        )?;
        writeln!(self.out, "# inline changes in {name}")?;
        write!(self.out, "{}", inline_diff(&baseline.layout, &done.text))?;
        if !done.review_changes.is_empty() {
            writeln!(self.out, "# suggested for review in {name} (not applied)")?;
            for line in &done.review_changes {
                writeln!(self.out, "{line}")?;
            }
        }
        Ok(())
    }
}

impl<W: Write> Sink for PageSink<W> {
    fn item(&mut self, item: &Item) -> Result<()> {
        let stdout = stdout_error;
        if let (Some(page), Some(mark)) = (item.page, item.window) {
            let text = match item.result {
                Ok(Handled::Done(done)) => Some(done.text.as_str()),
                Ok(Handled::Blank(text)) => Some(text.as_str()),
                Ok(Handled::Skipped) | Err(_) => None,
            };
            return self.window(page, mark, text);
        }
        let (Some(page), Ok(handled)) = (item.page, item.result) else {
            return Ok(());
        };
        let (name, text) = match handled {
            Handled::Skipped => return Ok(()),
            Handled::Blank(text) => (page.path.display().to_string(), text),
            Handled::Done(done) => (done.name.clone(), &done.text),
        };
        if let Handled::Done(done) = handled {
            if let Some(baseline) = &done.baseline {
                return self.diff_of(&name, done, baseline).map_err(stdout);
            }
        }
        if self.diff {
            return Ok(());
        }
        match self.destination.target(page) {
            Some(target) => {
                if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|source| Error::write(parent, source))?;
                }
                write_atomic(&target, text.as_bytes())
            }
            None => {
                if self.many {
                    writeln!(self.out, "==> {name} <==").map_err(stdout)?;
                }
                self.out.write_all(text.as_bytes()).map_err(stdout)
            }
        }
    }

    fn finish(mut self: Box<Self>, _summary: &BatchSummary) -> Result<()> {
        self.out.flush().map_err(stdout_error)
    }
}

/// JSONL records, one output line per input record in input order: into a
/// partial output renamed into place at the end, or to standard output;
/// flushed a window at a time, so that a killed run leaves whole lines.
pub struct JsonlSink<W: Write> {
    out: JsonlOut<W>,
    since_flush: usize,
    every: usize,
}

enum JsonlOut<W: Write> {
    Partial(BufWriter<PartialOutput>),
    Stream(W),
}

impl<W: Write> JsonlSink<W> {
    /// Records into `partial`, or to `stream` without one; flushed every `every` records.
    pub fn new(partial: Option<PartialOutput>, stream: W, every: usize) -> Self {
        JsonlSink {
            out: match partial {
                Some(p) => JsonlOut::Partial(BufWriter::new(p)),
                None => JsonlOut::Stream(stream),
            },
            since_flush: 0,
            every: every.max(1),
        }
    }

    fn flush(&mut self) -> Result<()> {
        match &mut self.out {
            JsonlOut::Partial(out) => out.flush().map_err(|e| out.get_ref().error(e)),
            JsonlOut::Stream(out) => out.flush().map_err(stdout_error),
        }
    }
}

fn stdout_error(source: std::io::Error) -> Error {
    Error::Write {
        path: PathBuf::from("<stdout>"),
        source,
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn item(&mut self, item: &Item) -> Result<()> {
        if let Some(line) = item.record_line {
            match &mut self.out {
                JsonlOut::Partial(out) => writeln!(out, "{line}").map_err(|e| out.get_ref().error(e))?,
                JsonlOut::Stream(out) => writeln!(out, "{line}").map_err(stdout_error)?,
            }
        }
        self.since_flush += 1;
        if self.since_flush == self.every {
            self.since_flush = 0;
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, _summary: &BatchSummary) -> Result<()> {
        self.flush()?;
        match self.out {
            // Flushed above: nothing is left in the buffer.
            JsonlOut::Partial(out) => out.into_parts().0.finish(),
            JsonlOut::Stream(_) => Ok(()),
        }
    }
}

/// The run's JSON report, streamed: each document's report as it is done,
/// the errors and the summary at the end.
pub struct ReportSink {
    writer: RunReportWriter<ReportOut>,
    path: PathBuf,
}

/// Where a report goes: a file, put in place when the run ends, or a stream.
enum ReportOut {
    File(BufWriter<FileSink>),
    Stream(Box<dyn Write>),
}

impl Write for ReportOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            ReportOut::File(f) => f.write(buf),
            ReportOut::Stream(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            ReportOut::File(f) => f.flush(),
            ReportOut::Stream(s) => s.flush(),
        }
    }
}

impl ReportSink {
    /// A report written to `path` (through a temporary file).
    pub fn create(path: &Path) -> Result<Self> {
        let out = ReportOut::File(BufWriter::new(FileSink::create(path)?));
        Self::with(out, path.to_path_buf())
    }

    /// A report written to `stream` (`--report -`: standard output).
    pub fn streamed(stream: Box<dyn Write>) -> Result<Self> {
        Self::with(ReportOut::Stream(stream), PathBuf::from("<stdout>"))
    }

    fn with(out: ReportOut, path: PathBuf) -> Result<Self> {
        let writer = RunReportWriter::new(out).map_err(|source| Error::write(&path, source))?;
        Ok(ReportSink { writer, path })
    }
}

impl Sink for ReportSink {
    fn item(&mut self, item: &Item) -> Result<()> {
        match item.result {
            Ok(Handled::Done(done)) => match &done.report {
                Some(json) => self
                    .writer
                    .document(json)
                    .map_err(|source| Error::write(&self.path, source)),
                None => Ok(()),
            },
            Ok(_) => Ok(()),
            Err(message) => {
                self.writer.error(ErrorReport {
                    document: item.place.to_string(),
                    message: message.to_string(),
                });
                Ok(())
            }
        }
    }

    fn finish(self: Box<Self>, summary: &BatchSummary) -> Result<()> {
        let ReportSink { writer, path } = *self;
        match writer
            .finish(summary)
            .map_err(|source| Error::write(&path, source))?
        {
            ReportOut::File(out) => FileSink::commit_buffered(out),
            ReportOut::Stream(mut out) => out.flush().map_err(|source| Error::write(&path, source)),
        }
    }
}

/// The suggestions left for review (JSONL), and beside them the manifest of
/// every input of the run, so that `apply` writes them all.
pub struct SuggestionsSink {
    suggestions: BufWriter<FileSink>,
    manifest: BufWriter<FileSink>,
    /// How the run read its inputs.
    read_as: ReadAs,
}

impl SuggestionsSink {
    /// Suggestions written to `path`, the manifest to `manifest`; inputs
    /// read as `read_as` says (the manifest records a named encoding or
    /// format, so that `apply` reads them the same way).
    pub fn create(path: &Path, manifest: &Path, read_as: ReadAs) -> Result<Self> {
        Ok(SuggestionsSink {
            suggestions: BufWriter::new(FileSink::create(path)?),
            manifest: BufWriter::new(FileSink::create(manifest)?),
            read_as,
        })
    }
}

impl Sink for SuggestionsSink {
    fn input(&mut self, input: &Path, hash: Option<&str>, options: &Options) -> Result<()> {
        let entry = ManifestEntry {
            input: input.display().to_string(),
            input_hash: hash.map(str::to_string),
            jsonl: hash.is_none(),
            options: *options,
            encoding: match self.read_as.encoding {
                EncodingChoice::Forced(e) => Some(e.name().to_string()),
                EncodingChoice::Detect => None,
            },
            format: self.read_as.format.map(|f| f.name().to_string()),
        };
        let line = serde_json::to_string(&entry).expect("a manifest entry serializes") + "\n";
        self.manifest
            .write_all(line.as_bytes())
            .map_err(|source| self.manifest.get_ref().error(source))
    }

    fn item(&mut self, item: &Item) -> Result<()> {
        if let Ok(Handled::Done(done)) = item.result {
            if let Some(lines) = &done.suggestions {
                lines
                    .copy_to(&mut self.suggestions)
                    .map_err(|source| self.suggestions.get_ref().error(source))?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, _summary: &BatchSummary) -> Result<()> {
        let SuggestionsSink {
            suggestions,
            manifest,
            ..
        } = *self;
        FileSink::commit_buffered(suggestions)?;
        FileSink::commit_buffered(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{process, Origin, RunConfig};
    use crate::input::parse_plain;

    /// A sink that keeps what it is given, to watch a run from outside.
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_result_reaches_every_sink_in_order_and_is_counted() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        let config = RunConfig {
            report: true,
            suggestions: true,
            ..RunConfig::new(Options::default())
        };
        let text = "The committee will report a bill before the\n\nrecess, and the house expects it.\n";
        let doc = parse_plain("a.txt".into(), text.as_bytes().to_vec()).unwrap();
        let done = Handled::Done(Box::new(
            process(doc, &Origin::new("a.txt".into(), text.as_bytes(), None), &config).unwrap(),
        ));
        let blank = Handled::Blank("\n".into());
        let page = |name: &str| PageFile {
            path: PathBuf::from(name),
            output_name: PathBuf::from(name),
        };
        let (a, b) = (page("a.txt"), page("b.txt"));
        let screen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let pages = PageSink::new(Destination::Stdout, false, true, Shared(screen.clone()));
        let report = dir.join("report.json");
        let (suggested, manifest) = (dir.join("s.jsonl"), dir.join("s.inputs.jsonl"));
        let mut run = Run::new(vec![
            Box::new(pages),
            Box::new(ReportSink::create(&report).unwrap()),
            Box::new(SuggestionsSink::create(&suggested, &manifest, ReadAs::default()).unwrap()),
        ]);
        for (p, handled) in [(&a, &done), (&b, &blank)] {
            let place = p.path.display().to_string();
            let item = Item {
                page: Some(p),
                record_line: None,
                result: Ok(handled),
                place: &place,
                window: None,
            };
            run.item(&item).unwrap();
            run.input(&p.path, Some("0123"), &config.options).unwrap();
        }
        let item = Item {
            page: None,
            record_line: None,
            result: Err("c.txt: cannot read"),
            place: "c.txt",
            window: None,
        };
        run.item(&item).unwrap();
        let (summary, _) = run.finish().unwrap();
        assert_eq!((summary.documents, summary.blank, summary.errors), (1, 1, 1));
        let shown = String::from_utf8(screen.borrow().clone()).unwrap();
        assert!(
            shown.starts_with("==> a.txt <==\nThe committee will report a bill before the recess")
                && shown.ends_with("==> b.txt <==\n\n"),
            "{shown}"
        );
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(report["documents"].as_array().unwrap().len(), 1);
        assert_eq!(report["errors"][0]["document"], "c.txt");
        assert_eq!(std::fs::read_to_string(&manifest).unwrap().lines().count(), 2);
        assert!(
            suggested.exists(),
            "the suggestions file put in place, even empty"
        );
    }
}
