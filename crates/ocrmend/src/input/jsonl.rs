//! JSONL records (passim-style: `id`, `series`, `text`, optional `pages` with
//! `regions`) into the one document model, one document per record.
//!
//! A record's `text` is read like a plain-text page (blocks separated by blank
//! lines). A region — `{"start": C, "length": N, "coords": {"x","y","w","h"}}`,
//! offsets in characters of `text` — gives its box, and its page's `id` (or
//! `seq`), to the block that starts inside it. Every other field is kept, so
//! that a repaired record can be written back with them.

use super::plain::parse_plain;
use crate::error::{Error, Result};
use crate::model::{Document, Geometry};
use serde_json::{Map, Value};

/// One parsed record: its fields, and the names reports use for it.
#[derive(Debug, Clone)]
pub struct JsonlRecord {
    /// The record's `id`, else `SOURCE:LINE`.
    pub id: String,
    /// Every field of the record as read.
    pub fields: Map<String, Value>,
}

impl JsonlRecord {
    /// The record's `text`.
    pub fn text(&self) -> &str {
        self.fields
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// A string field, if the record has it.
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }
}

/// Parses line `line` (from 1) of `source`; the record must be an object with
/// a string `text`.
pub fn parse_record(source: &str, line: usize, json: &str) -> Result<JsonlRecord> {
    let error = |column: usize, message: String| Error::Json {
        name: source.to_string(),
        line,
        column,
        message,
    };
    let value: Value = serde_json::from_str(json).map_err(|e| {
        let message = e.to_string();
        // serde_json ends its message with the position, which the error already gives.
        let message = message.rsplit_once(" at line ").map_or(&*message, |(m, _)| m);
        error(e.column(), message.to_string())
    })?;
    let Value::Object(fields) = value else {
        return Err(error(1, "a record must be a JSON object".into()));
    };
    if !fields.get("text").is_some_and(Value::is_string) {
        return Err(error(0, "no \"text\" string in the record".into()));
    }
    let id = fields
        .get("id")
        .and_then(Value::as_str)
        .map_or_else(|| format!("{source}:{line}"), str::to_string);
    Ok(JsonlRecord { id, fields })
}

/// The record as a document named by its id, with the geometry its regions give.
pub fn record_document(record: &JsonlRecord) -> Result<Document> {
    let mut doc = parse_plain(record.id.clone(), record.text().as_bytes().to_vec())?;
    let regions = regions(record);
    if regions.is_empty() {
        return Ok(doc);
    }
    // Character offset of each block start, counted once along the text.
    let (mut chars, mut at) = (0usize, 0usize);
    for block in &mut doc.blocks {
        let start = block.span().start;
        chars += doc.text[at..start].chars().count();
        at = start;
        if let Some(r) = regions
            .iter()
            .find(|r| r.start <= chars && chars < r.start.saturating_add(r.length.max(1)))
        {
            block.position = Geometry {
                page: r.page.clone(),
                bbox: r.bbox,
                flow: r.flow.clone(),
                ..Geometry::default()
            }
            .boxed();
        }
    }
    Ok(doc)
}

struct Region {
    start: usize,
    length: usize,
    page: Option<String>,
    bbox: Option<[f64; 4]>,
    flow: Option<String>,
}

fn regions(record: &JsonlRecord) -> Vec<Region> {
    let Some(pages) = record.fields.get("pages").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for page in pages {
        let page_id = page
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| page.get("seq").map(|s| s.to_string()));
        for r in page
            .get("regions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let num = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64);
            let (Some(start), Some(length)) = (num(r, "start"), num(r, "length")) else {
                continue;
            };
            let bbox = r
                .get("coords")
                .and_then(|c| Some([num(c, "x")?, num(c, "y")?, num(c, "w")?, num(c, "h")?]));
            out.push(Region {
                start: start.max(0.0) as usize,
                length: length.max(0.0) as usize,
                page: page_id.clone(),
                bbox,
                flow: r.get("flow").and_then(Value::as_str).map(str::to_string),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_give_blocks_their_page_and_box() {
        let json = r#"{"id":"r1","series":"s","text":"Hé said\n\nsecond block","pages":[{"id":"p7","regions":[{"start":0,"length":7,"coords":{"x":1,"y":2,"w":3,"h":4}},{"start":9,"length":12,"coords":{"x":5,"y":6,"w":7,"h":8}}]}]}"#;
        let record = parse_record("in.jsonl", 1, json).unwrap();
        assert_eq!(record.str_field("series"), Some("s"));
        let doc = record_document(&record).unwrap();
        assert_eq!(doc.name, "r1");
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[0].geometry().bbox, Some([1.0, 2.0, 3.0, 4.0]));
        // "Hé said\n\n" is 9 characters (10 bytes): the second region.
        assert_eq!(doc.blocks[1].geometry().bbox, Some([5.0, 6.0, 7.0, 8.0]));
        assert_eq!(doc.blocks[1].geometry().page.as_deref(), Some("p7"));
    }

    #[test]
    fn a_huge_region_length_does_not_overflow() {
        // Found by the fuzzer: `start + length` overflowed.
        let json = r#"{"text":"a\n\nb","pages":[{"regions":[{"start":0,"length":1e30,"coords":{"x":1,"y":2,"w":3,"h":4}}]}]}"#;
        let doc = record_document(&parse_record("f.jsonl", 1, json).unwrap()).unwrap();
        assert!(doc
            .blocks
            .iter()
            .all(|b| b.geometry().bbox == Some([1.0, 2.0, 3.0, 4.0])));
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = parse_record("in.jsonl", 3, r#"{"id": "x", "text": }"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("in.jsonl:3: invalid JSONL record at column"),
            "{err}"
        );
        let err = parse_record("in.jsonl", 4, r#"{"id": "x"}"#).unwrap_err();
        assert!(err.to_string().contains("no \"text\" string"), "{err}");
        let err = parse_record("in.jsonl", 5, "[1]").unwrap_err();
        assert!(err.to_string().contains("JSON object"), "{err}");
    }
}
