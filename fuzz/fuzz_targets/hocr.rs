//! Fuzzes the hocr reader and the whole repair of whatever it reads: any bytes
//! give a document or an error, never a panic, and applying every edit keeps
//! the text valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocrmend::{repair, Applicability, Options};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = ocrmend::input::parse_hocr("fuzz".into(), data) {
        let r = repair(doc, &Options::default());
        let _ = r.apply_at_least(Applicability::Display);
    }
});
