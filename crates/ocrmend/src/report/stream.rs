//! The JSON report of a run, written as it goes: one document at a time, so
//! that a batch of any size keeps none of its reports in memory.

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

    /// Adds one document's report, as [`DocumentReport`](super::DocumentReport)
    /// pretty-printed (which workers can do in parallel).
    pub fn document(&mut self, json: &str) -> io::Result<()> {
        self.out
            .write_all(if self.documents == 0 { b"\n" } else { b",\n" })?;
        write_indented(&mut self.out, json, "    ")?;
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
            write_indented(&mut self.out, &json, "  ")?;
        }
        self.out.write_all(b"\n}")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes `json` with every line but the first indented by `indent` (the
/// first too when it opens an array element).
fn write_indented(out: &mut impl Write, json: &str, indent: &str) -> io::Result<()> {
    for (k, line) in json.lines().enumerate() {
        if k > 0 {
            out.write_all(b"\n")?;
        }
        if k > 0 || indent.len() > 2 {
            out.write_all(indent.as_bytes())?;
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
}
