//! Fuzzes the JSONL record reader and the repair of the record it reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocrmend::input::{parse_record, record_document};
use ocrmend::{repair, Applicability, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = parse_record("fuzz", 1, line).and_then(|r| record_document(&r)) {
        let r = repair(doc, &Options::default());
        let _ = r.apply_at_least(Applicability::Display);
    }
});
