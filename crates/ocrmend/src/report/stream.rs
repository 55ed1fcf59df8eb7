//! The JSON report of a run, written as it goes: one document at a time, so
//! that a batch of any size keeps none of its reports in memory.

use super::spool::Spooled;
use super::{BatchSummary, ErrorReport, REPORT_SCHEMA_VERSION};
use std::io::{self, Write};

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
    use crate::report::SPOOLED_IN_MEMORY;

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
