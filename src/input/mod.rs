//! Readers: one per input format, each producing the one
//! [`Document`](crate::model::Document) model.
//!
//! Only plain text exists today; XML readers (ALTO, hOCR, PAGE) will sit
//! beside it and fill block geometry.

mod plain;

pub use plain::{parse_plain, read_plain_file, MAX_INPUT_BYTES};
