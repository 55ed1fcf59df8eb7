//! Fuzzes the page reader and the repair of whatever it reads: any bytes
//! give a document or an error, never a panic, and the repair keeps its
//! invariants (ocrmend_fuzz::check).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = ocrmend::input::parse_page("fuzz".into(), data) {
        ocrmend_fuzz::check(doc);
    }
});
