//! The batch path that the command line (and any other front end) shares:
//! a validated run configuration, one document's processing isolated from
//! the rest, the page files of a run's inputs, JSONL records written back
//! byte for byte, outputs that never overwrite an input or each other, large
//! plain-text, hOCR and ALTO files a window at a time, and the sinks a run's
//! results go to.

pub mod apply;
pub mod executor;
pub mod markup_windows;
pub mod output;
pub mod partial;
pub mod process;
pub mod records;
pub mod sinks;
pub mod text_windows;
pub mod walk;

pub use apply::{apply_reviewed, Reviewed};
pub use executor::{for_each_ordered, window};
pub use output::{remove_temporaries, write_atomic, FileSink, OutputGuard};
pub use partial::{fingerprint, PartialOutput};
pub use process::{isolated, process, process_bytes, read_page, Origin, Page, Processed, RunConfig};
pub use records::{
    blank_line, error_record, record_text, repair_record_line, repaired_line, write_back, RecordLines,
    RecordOutcome, MAX_RECORD_BYTES,
};
pub use sinks::{
    Destination, Handled, Item, JsonlSink, PageSink, ReportSink, Run, Sink, SuggestionsSink, WindowMark,
};
pub use text_windows::{TextWindow, TextWindows};
pub use walk::{check_distinct, output_name, output_prefixes, walk, Found, PageFile};
