//! Fuzzes the format sniffing and every file reader through `parse_bytes`
//! (plain text, or whichever markup the bytes look like), and the repair of
//! whatever it reads, with its invariants (ocrmend_fuzz::check).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = ocrmend::input::parse_bytes("fuzz".into(), data.to_vec()) {
        ocrmend_fuzz::check(doc);
    }
});
