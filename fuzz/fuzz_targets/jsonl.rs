//! Fuzzes the JSONL record reader, the byte-for-byte write-back, and the
//! repair of the record it reads, with its invariants (ocrmend_fuzz::check).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocrmend::input::{parse_record, record_document};

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(record) = parse_record("fuzz", 1, line) else {
        return;
    };
    // Written back with nothing changed, the record reads as it was.
    let back = ocrmend::batch::write_back(line, None, "{}");
    let again = parse_record("fuzz", 1, &back).expect("a written-back record parses");
    assert_eq!(again.text(), record.text());
    if let Ok(doc) = record_document(&record) {
        ocrmend_fuzz::check(doc);
    }
});
