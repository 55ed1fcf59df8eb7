//! The JSON report of a run, written as it goes: one document at a time, so
//! that a batch of any size keeps none of its reports in memory.

use super::{BatchSummary, ErrorReport, REPORT_SCHEMA_VERSION};
use serde::Serialize;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::sync::Mutex;
use tempfile::SpooledTempFile;

/// Writes `{"schema_version", "tool", "version", "documents": […], "errors":
/// […], "summary": {…}}`, pretty-printed, documents in the order they are
/// added. Errors are few and kept until [`finish`](Self::finish).
pub struct RunReportWriter<W: Write> {
    out: W,
    documents: usize,
    errors: Vec<ErrorReport>,
}

impl<W: Write> RunReportWriter<W> {
    /// Starts the report.
    pub fn new(mut out: W) -> io::Result<Self> {
        write!(
            out,
            "{{\n  \"schema_version\": {REPORT_SCHEMA_VERSION},\n  \"tool\": \"ocrmend\",\n  \"version\": \"{}\",\n  \"documents\": [",
            env!("CARGO_PKG_VERSION")
        )?;
        Ok(RunReportWriter {
            out,
            documents: 0,
            errors: Vec::new(),
        })
    }

    /// Adds one document's report, as [`Spooled::document_report`] wrote
    /// it (which workers can do in parallel).
    pub fn document(&mut self, json: &Spooled) -> io::Result<()> {
        self.out
            .write_all(if self.documents == 0 { b"\n" } else { b",\n" })?;
        json.copy_to(&mut self.out)?;
        self.documents += 1;
        Ok(())
    }

    /// Records an input that failed.
    pub fn error(&mut self, error: ErrorReport) {
        self.errors.push(error);
    }

    /// Closes the report with the errors and the run's summary; returns the writer.
    pub fn finish(mut self, summary: &BatchSummary) -> io::Result<W> {
        self.out
            .write_all(if self.documents == 0 { b"]" } else { b"\n  ]" })?;
        for (key, json) in [
            ("errors", serde_json::to_string_pretty(&self.errors)?),
            ("summary", serde_json::to_string_pretty(summary)?),
        ] {
            write!(self.out, ",\n  \"{key}\": ")?;
            write_nested(&mut self.out, &json)?;
        }
        self.out.write_all(b"\n}")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes `json` with every line but the first indented by `indent` (the
/// first too when it opens an array element).
/// What one document adds to a run's output (its report, its suggestions),
/// waiting for its turn: in memory up to [`SPOOLED_IN_MEMORY`] bytes, in an
/// unnamed temporary file past that, so that a large document's (its report
/// is thirty times its text) never needs its size in memory.
pub struct Spooled {
    spool: Mutex<SpooledTempFile>,
}

impl std::fmt::Debug for Spooled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spooled").finish_non_exhaustive()
    }
}

/// Bytes of a document's output kept in memory before it goes to a file.
pub const SPOOLED_IN_MEMORY: usize = 8 << 20;

impl Spooled {
    /// What `write` writes, as it writes it.
    pub fn write_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<Self> {
        let mut spool = SpooledTempFile::new(SPOOLED_IN_MEMORY);
        let mut out = BufWriter::new(&mut spool);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        Ok(Spooled {
            spool: Mutex::new(spool),
        })
    }

    /// `report` as pretty JSON nested as the run's report nests a document's
    /// (serialized as it goes, never whole in a string).
    pub fn document_report(report: &impl Serialize) -> io::Result<Self> {
        Spooled::write_with(|out| {
            let mut out = Indented {
                out,
                at_line_start: true,
            };
            serde_json::to_writer_pretty(&mut out, report)?;
            Ok(())
        })
    }

    /// Copies what was written to `out`; as often as asked.
    pub fn copy_to(&self, out: &mut impl Write) -> io::Result<()> {
        // A poisoned lock held only bytes written whole: they are still good.
        let mut spool = self.spool.lock().unwrap_or_else(|e| e.into_inner());
        spool.seek(SeekFrom::Start(0))?;
        io::copy(&mut *spool, out)?;
        Ok(())
    }

    /// What was written, as a string.
    pub fn into_string(self) -> io::Result<String> {
        let mut bytes = Vec::new();
        self.copy_to(&mut bytes)?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// Writes through to `out` with [`DOCUMENT_INDENT`] at the start of every
/// line (JSON strings hold no raw line breaks, so every `\n` ends one).
struct Indented<W: Write> {
    out: W,
    at_line_start: bool,
}

/// How deep a document's report sits in the run's: inside `"documents": [`.
const DOCUMENT_INDENT: &[u8] = b"    ";

impl<W: Write> Write for Indented<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for line in buf.split_inclusive(|&b| b == b'\n') {
            if self.at_line_start {
                self.out.write_all(DOCUMENT_INDENT)?;
            }
            self.out.write_all(line)?;
            self.at_line_start = line.ends_with(b"\n");
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes `json` as a value of the run's report's top level: every line
/// after its first two spaces in.
fn write_nested(out: &mut impl Write, json: &str) -> io::Result<()> {
    for (k, line) in json.lines().enumerate() {
        if k > 0 {
            out.write_all(b"\n  ")?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_run_is_valid_json() {
        let mut w = RunReportWriter::new(Vec::new()).unwrap();
        let summary = BatchSummary {
            errors: 1,
            ..BatchSummary::default()
        };
        w.error(ErrorReport {
            document: "x".into(),
            message: "bad".into(),
        });
        let bytes = w.finish(&summary).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["documents"], serde_json::json!([]));
        assert_eq!(v["errors"][0]["message"], "bad");
        assert_eq!(v["summary"]["errors"], 1);
    }

    #[test]
    fn a_document_is_nested_as_pretty_json_in_memory_or_spooled_to_a_file() {
        // One that fits in memory, one past the spool's limit (a file).
        let small = serde_json::json!({"name": "a.txt", "edits": [{"kind": "join", "text": "a\nb"}]});
        // Three-byte characters, which the copy's chunks cut anywhere.
        let large = serde_json::json!({"name": "b.txt", "text": "充".repeat(SPOOLED_IN_MEMORY / 3 + 10)});
        let mut w = RunReportWriter::new(Vec::new()).unwrap();
        for doc in [&small, &large] {
            let json = Spooled::document_report(doc).unwrap();
            w.document(&json).unwrap();
            // Copied as often as asked, and the same as a string.
            let mut again = Vec::new();
            json.copy_to(&mut again).unwrap();
            assert_eq!(json.into_string().unwrap().as_bytes(), again);
        }
        let bytes = w.finish(&BatchSummary::default()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["documents"], serde_json::json!([small, large]));
        // Every line of a document four spaces in, as the run's report nests it.
        let nested = serde_json::to_string_pretty(&small)
            .unwrap()
            .replace('\n', "\n    ");
        assert!(
            text.contains(&format!("\"documents\": [\n    {nested},\n")),
            "{}",
            &text[..400]
        );
    }
}
