//! What one document adds to a run's outputs (its report, its
//! suggestions), kept until the writer's turn comes without holding a large
//! document's whole output in memory.

use serde::Serialize;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::sync::Mutex;
use tempfile::SpooledTempFile;

/// What one document adds to a run's output (its report, its suggestions),
/// waiting for its turn: in memory up to [`SPOOLED_IN_MEMORY`] bytes, in an
/// unnamed temporary file past that, so that a large document's (its report
/// is thirty times its text) never needs its size in memory.
pub struct Spooled {
    spool: Mutex<SpooledTempFile>,
}

impl std::fmt::Debug for Spooled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spooled").finish_non_exhaustive()
    }
}

/// Bytes of a document's output kept in memory before it goes to a file.
pub const SPOOLED_IN_MEMORY: usize = 8 << 20;

impl Spooled {
    /// What `write` writes, as it writes it.
    pub fn write_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<Self> {
        let mut spool = SpooledTempFile::new(SPOOLED_IN_MEMORY);
        let mut out = BufWriter::new(&mut spool);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        Ok(Spooled {
            spool: Mutex::new(spool),
        })
    }

    /// `report` as pretty JSON nested as the run's report nests a document's
    /// (serialized as it goes, never whole in a string).
    pub fn document_report(report: &impl Serialize) -> io::Result<Self> {
        Spooled::write_with(|out| {
            let mut out = Indented {
                out,
                at_line_start: true,
            };
            serde_json::to_writer_pretty(&mut out, report)?;
            Ok(())
        })
    }

    /// Copies what was written to `out`; as often as asked.
    pub fn copy_to(&self, out: &mut impl Write) -> io::Result<()> {
        // A poisoned lock held only bytes written whole: they are still good.
        let mut spool = self.spool.lock().unwrap_or_else(|e| e.into_inner());
        spool.seek(SeekFrom::Start(0))?;
        io::copy(&mut *spool, out)?;
        Ok(())
    }

    /// What was written, as a string.
    pub fn into_string(self) -> io::Result<String> {
        let mut bytes = Vec::new();
        self.copy_to(&mut bytes)?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// Writes through to `out` with [`DOCUMENT_INDENT`] at the start of every
/// line (JSON strings hold no raw line breaks, so every `\n` ends one).
struct Indented<W: Write> {
    out: W,
    at_line_start: bool,
}

/// How deep a document's report sits in the run's: inside `"documents": [`.
const DOCUMENT_INDENT: &[u8] = b"    ";

impl<W: Write> Write for Indented<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for line in buf.split_inclusive(|&b| b == b'\n') {
            if self.at_line_start {
                self.out.write_all(DOCUMENT_INDENT)?;
            }
            self.out.write_all(line)?;
            self.at_line_start = line.ends_with(b"\n");
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
