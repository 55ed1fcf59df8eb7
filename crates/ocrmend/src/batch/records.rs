//! JSONL records in and out: a repaired record is its input line byte for
//! byte, with only the `text` value replaced (when the repair changed it) and
//! an `ocrmend` field added (or replaced); every other field keeps its raw
//! form, key order, numbers and escapes. A record that fails becomes an error
//! record that keeps the record's `id` where it can be read.

use super::process::{isolated, process, Origin, Processed, RunConfig};
use super::sinks::Handled;
use crate::error::{Error, Result};
use crate::input::{parse_record, record_document};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::io::BufRead;
use std::ops::Range;
use std::path::PathBuf;

/// A record longer than this (256 MiB) is refused, not read into memory.
pub const MAX_RECORD_BYTES: u64 = 1 << 28;

/// The lines of a JSONL input, numbered from 1, blank lines left out, each
/// at most [`MAX_RECORD_BYTES`]: a longer line is an error for that line,
/// skipped without being held in memory, and the reading goes on.
pub struct RecordLines<R> {
    reader: R,
    path: PathBuf,
    number: usize,
    /// A read failed: the input ends there.
    failed: bool,
}

impl<R: BufRead> RecordLines<R> {
    /// The lines of `reader`, read from `path` (named in errors).
    pub fn new(reader: R, path: PathBuf) -> Self {
        RecordLines {
            reader,
            path,
            number: 0,
            failed: false,
        }
    }
}

impl<R: BufRead> Iterator for RecordLines<R> {
    type Item = (usize, Result<Vec<u8>>);

    fn next(&mut self) -> Option<Self::Item> {
        use std::io::Read;
        while !self.failed {
            let mut line = Vec::new();
            let read = (&mut self.reader)
                .take(MAX_RECORD_BYTES + 1)
                .read_until(b'\n', &mut line);
            self.number += 1;
            let number = self.number;
            let io = |source| Error::Io {
                path: self.path.clone(),
                source,
            };
            match read {
                Err(e) => {
                    self.failed = true;
                    return Some((number, Err(io(e))));
                }
                Ok(0) => return None,
                Ok(_) => {}
            }
            if line.last() == Some(&b'\n') {
                line.pop();
            } else if line.len() as u64 > MAX_RECORD_BYTES {
                return Some(match self.reader.skip_until(b'\n') {
                    Err(e) => (number, Err(io(e))),
                    Ok(_) => (
                        number,
                        Err(Error::TooLarge {
                            name: format!("{}:{number}", self.path.display()),
                            size: line.len() as u64,
                            limit: MAX_RECORD_BYTES,
                        }),
                    ),
                });
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                return Some((number, Ok(line)));
            }
        }
        None
    }
}

/// Where `text` and `ocrmend` stand in a record's line.
#[derive(Debug)]
struct Layout {
    text: Option<Range<usize>>,
    ocrmend: Option<Range<usize>>,
    /// The object's closing brace.
    close: usize,
}

fn layout(line: &str) -> Option<Layout> {
    let fields: HashMap<String, &RawValue> = serde_json::from_str(line).ok()?;
    let span = |key: &str| {
        fields.get(key).map(|raw| {
            let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
            start..start + raw.get().len()
        })
    };
    Some(Layout {
        text: span("text"),
        ocrmend: span("ocrmend"),
        close: line.trim_end().len().checked_sub(1)?,
    })
}

/// The output line for a record read from `line`: `text` set to `text`
/// when it is `Some`, and `ocrmend` set to `ocrmend` (raw JSON). A line that
/// is not a JSON object (records are checked before they get here) comes
/// back as it was, never with a field lost.
pub fn write_back(line: &str, text: Option<&str>, ocrmend: &str) -> String {
    let Some(at) = layout(line) else {
        return line.trim_end().to_string();
    };
    let line = line.trim_end();
    let mut pieces: Vec<(Range<usize>, String)> = Vec::new();
    if let (Some(span), Some(text)) = (at.text.clone(), text) {
        pieces.push((span, serde_json::to_string(text).expect("a string serializes")));
    }
    match at.ocrmend {
        Some(span) => pieces.push((span, ocrmend.to_string())),
        None => pieces.push((at.close..at.close, format!(",\"ocrmend\":{ocrmend}"))),
    }
    pieces.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(line.len() + ocrmend.len() + 16);
    let mut from = 0;
    for (span, replacement) in pieces {
        out.push_str(&line[from..span.start]);
        out.push_str(&replacement);
        from = span.end;
    }
    out.push_str(&line[from..]);
    out
}

/// One JSONL record through the batch path: the line written for it (the
/// record repaired, marked blank, or an error record in its place) and
/// what became of it, or why it failed.
#[derive(Debug)]
pub struct RecordOutcome {
    /// The output line, without its line end.
    pub line: String,
    /// What became of the record, or the error that names it.
    pub result: std::result::Result<Handled, String>,
}

/// Repairs the record read from line `number` of `source` as `ocrmend
/// repair` does, isolated from the rest of the batch: every front end that
/// repairs records (the command line, Python, Spark) writes the same line
/// for the same record. `config.provenance` puts each output paragraph's
/// sources in the record, as the command line does.
pub fn repair_record_line(config: &RunConfig, source: &str, number: usize, line: &str) -> RecordOutcome {
    let place = format!("{source}:{number}");
    let repaired = isolated(&place, || {
        let record = parse_record(source, number, line)?;
        let origin = Origin::new(source.to_string(), line.as_bytes(), Some(number));
        match record_document(&record) {
            Ok(doc) => {
                let done = process(doc, &origin, config)?;
                Ok((
                    repaired_line(line, record.text(), &done),
                    Handled::Done(Box::new(done)),
                ))
            }
            Err(Error::Empty { .. }) => Ok((blank_line(line), Handled::Blank(record.text().to_string()))),
            Err(e) => Err(e),
        }
    });
    match repaired {
        Ok((line, handled)) => RecordOutcome {
            line,
            result: Ok(handled),
        },
        Err(e) => {
            let message = format!("{e:#}");
            RecordOutcome {
                line: error_record(Some(line), &place, &message),
                result: Err(message),
            }
        }
    }
}

/// The output line of a repaired record read from `line`, whose text was
/// `original`: the text written back only when the repair changed it (and
/// then with the input's own ending), and an `ocrmend` field with the
/// record's counts and its output paragraphs' sources.
pub fn repaired_line(line: &str, original: &str, done: &Processed) -> String {
    let ocrmend = format!(
        "{{\"summary\":{},\"paragraphs\":{}}}",
        serde_json::to_string(&done.summary).expect("a summary serializes"),
        done.provenance.as_deref().unwrap_or("null")
    );
    let text = (!done.applied.is_empty()).then(|| record_text(original, done));
    write_back(line, text, &ocrmend)
}

/// A record's text after its repair, as the output record holds it: the
/// repaired text with the input's own ending when an edit was applied,
/// else the input's text as it was, byte for byte.
pub fn record_text<'a>(original: &'a str, done: &'a Processed) -> &'a str {
    match (done.applied.is_empty(), original.ends_with('\n')) {
        (true, _) => original,
        (false, true) => &done.text,
        (false, false) => done.text.trim_end_matches('\n'),
    }
}

/// The output line of a record with no text: as it was, marked blank.
pub fn blank_line(line: &str) -> String {
    write_back(line, None, r#"{"blank":true}"#)
}

/// An error record for a record that could not be repaired: its `id` when
/// the line holds one, where it was read, and why.
pub fn error_record(line: Option<&str>, source: &str, message: &str) -> String {
    let id = line
        .and_then(|l| serde_json::from_str::<HashMap<String, &RawValue>>(l).ok())
        .and_then(|fields| fields.get("id").map(|raw| raw.get().to_string()));
    let mut out = String::from("{");
    if let Some(id) = id {
        out.push_str("\"id\":");
        out.push_str(&id);
        out.push(',');
    }
    out.push_str(&format!(
        "\"source\":{},\"error\":{}}}",
        serde_json::Value::from(source),
        serde_json::Value::from(message)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_line_is_repaired_marked_blank_or_an_error_record_in_its_place() {
        let config = RunConfig {
            provenance: true,
            ..RunConfig::new(crate::Options::default())
        };
        let line = r#"{"id":"p1","n":1E2,"text":"a cut para-\n\ngraph goes on."}"#;
        let out = repair_record_line(&config, "in.jsonl", 3, line);
        assert!(matches!(out.result, Ok(Handled::Done(_))));
        assert!(
            out.line
                .starts_with(r#"{"id":"p1","n":1E2,"text":"a cut paragraph goes on.","ocrmend":{"summary":"#),
            "{}",
            out.line
        );
        assert!(
            out.line.contains(r#""paragraphs":[{"paragraph":0"#),
            "{}",
            out.line
        );

        let out = repair_record_line(&config, "in.jsonl", 4, r#"{"id":"p2","text":" "}"#);
        assert!(matches!(out.result, Ok(Handled::Blank(_))));
        assert_eq!(out.line, r#"{"id":"p2","text":" ","ocrmend":{"blank":true}}"#);

        let out = repair_record_line(&config, "in.jsonl", 5, r#"{"id":"p3"}"#);
        let message = "in.jsonl:5: invalid JSONL record at column 0: no \"text\" string in the record";
        assert_eq!(out.result.unwrap_err(), message);
        assert_eq!(
            out.line,
            format!(
                r#"{{"id":"p3","source":"in.jsonl:5","error":{}}}"#,
                serde_json::Value::from(message)
            )
        );
    }

    #[test]
    fn fields_other_than_text_keep_their_bytes() {
        // Issue 12 case 15: keys were re-sorted and numbers rewritten.
        let line = r#"{"z":18446744073709551616,"n":-0,"e":1E2,"text":"a\u00e9","a":"\/"}"#;
        let out = write_back(line, Some("fixed"), r#"{"k":1}"#);
        assert_eq!(
            out,
            r#"{"z":18446744073709551616,"n":-0,"e":1E2,"text":"fixed","a":"\/","ocrmend":{"k":1}}"#
        );
        let same = write_back(line, None, r#"{"k":1}"#);
        assert!(same.contains(r#""text":"a\u00e9""#), "{same}");
    }

    #[test]
    fn an_ocrmend_field_is_replaced_not_doubled() {
        let out = write_back(r#"{"text":"x","ocrmend":{"old":true}}"#, None, "{}");
        assert_eq!(out, r#"{"text":"x","ocrmend":{}}"#);
    }

    #[test]
    fn error_records_keep_the_id() {
        let rec = error_record(Some(r#"{"id":"p-7","text":""}"#), "in.jsonl:3", "bad");
        let v: serde_json::Value = serde_json::from_str(&rec).unwrap();
        assert_eq!(v["id"], "p-7");
        assert_eq!(v["source"], "in.jsonl:3");
        let rec = error_record(Some("{broken"), "in.jsonl:4", "bad");
        assert!(serde_json::from_str::<serde_json::Value>(&rec)
            .unwrap()
            .get("id")
            .is_none());
    }
}
