//! Errors of the library. Each one names the input and, where it applies, the
//! byte position, so that a batch can report it and go on.

use std::path::PathBuf;

impl Error {
    /// A file that could not be written.
    pub fn write(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Why an input could not be read or repaired.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A directory was given where a file was expected.
    #[error("{path}: is a directory, not a file")]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The input looks like UTF-8 but is not.
    #[error("{name}: invalid UTF-8 at byte {offset} (if the file is in another encoding, name it: --encoding gb18030, big5, latin1, …)")]
    InvalidUtf8 {
        /// The input's name.
        name: String,
        /// Offset of the first byte that is not valid UTF-8.
        offset: usize,
    },
    /// The input holds a byte its encoding cannot decode.
    #[error("{name}: not {encoding} at byte {offset} (name the encoding with --encoding if it is another)")]
    Undecodable {
        /// The input's name.
        name: String,
        /// The encoding it was read in.
        encoding: &'static str,
        /// Offset of the first byte it cannot decode.
        offset: usize,
    },
    /// A gzip input is damaged.
    #[error("{name}: cannot decompress: {message}")]
    Gzip {
        /// The input's name.
        name: String,
        /// What the decompressor said.
        message: String,
    },
    /// An XML input could not be parsed.
    #[error("{name}: malformed XML at byte {offset}: {message}")]
    Xml {
        /// The input's name.
        name: String,
        /// Byte offset where the parser stopped.
        offset: u64,
        /// What the parser said.
        message: String,
    },
    /// A JSONL record could not be parsed, or lacks its text.
    #[error("{name}:{line}: invalid JSONL record at column {column}: {message}")]
    Json {
        /// The input's name.
        name: String,
        /// Line of the record, from 1.
        line: usize,
        /// Column where the parser stopped, from 1 (0 when the record parsed
        /// but a field is wrong).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A line of a review file (suggestions, decisions) is not the record it
    /// should hold. The file is left as it is.
    #[error("{path}:{line}: not a {what} record ({message}); the file is left untouched — fix or remove that line")]
    Record {
        /// The file.
        path: PathBuf,
        /// What its lines hold: `suggestion`, `decision`.
        what: &'static str,
        /// Line, from 1.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// A file could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The input holds no text at all (or only whitespace).
    #[error("{name}: empty input: no text to repair")]
    Empty {
        /// The input's name.
        name: String,
    },
    /// An option is out of its range, or options contradict each other.
    #[error("invalid options: {message}")]
    Options {
        /// What is wrong.
        message: String,
    },
    /// An output was refused before any work: it would overwrite an input,
    /// another output, or something that is not a file.
    #[error("{path}: refused as an output: {reason}")]
    UnsafeOutput {
        /// The output asked for.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// A directory walk could not go on at a place (an unreadable folder, a
    /// symbolic link loop); the rest of the walk goes on.
    #[error("{path}: {message}")]
    Walk {
        /// Where.
        path: PathBuf,
        /// What happened.
        message: String,
    },
    /// Reviewed suggestions do not match what they name: the input's repair
    /// now, or the suggestions file the decisions were made on. Nothing of
    /// it is applied.
    #[error("{name}: {message}: not applied")]
    Mismatch {
        /// The input (or file) refused.
        name: String,
        /// What does not match.
        message: String,
    },
    /// Repairing an input hit an internal error; the batch goes on without it.
    #[error("{name}: internal error, input left as it was: {message}")]
    Internal {
        /// The input's name.
        name: String,
        /// What failed.
        message: String,
    },
    /// The input is larger than the configured limit.
    #[error("{name}: input of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The input's name.
        name: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// Result alias for the library.
pub type Result<T> = std::result::Result<T, Error>;
