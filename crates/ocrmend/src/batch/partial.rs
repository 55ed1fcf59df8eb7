//! A JSONL output that grows in `OUT.partial` until the run ends and is then
//! renamed into place, so that `--resume` can keep the whole records an
//! interrupted run wrote. The partial file is tied to the inputs and options
//! that made it (a fingerprint in `OUT.partial.source`): resuming over other
//! inputs is refused instead of mixing two runs' records.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// Bytes of each input read into its fingerprint (with its size).
const FINGERPRINT_HEAD: u64 = 1 << 20;

/// The fingerprint of a run: each input's path, size and first MiB, and the
/// options, so that a partial output is resumed only by the run that began it.
pub fn fingerprint(inputs: &[PathBuf], options: &str) -> String {
    let mut h = Xxh3::new();
    for input in inputs {
        h.update(input.as_os_str().as_encoded_bytes());
        h.update(&[0]);
        if let Ok(file) = File::open(input) {
            let size = file.metadata().map_or(0, |m| m.len());
            h.update(&size.to_le_bytes());
            let mut head = Vec::new();
            let _ = file.take(FINGERPRINT_HEAD).read_to_end(&mut head);
            h.update(&head);
        }
    }
    h.update(options.as_bytes());
    format!("{:016x}", h.digest())
}

/// An open partial output (or, for a device or a FIFO, the output itself).
pub struct PartialOutput {
    target: PathBuf,
    /// `None` when the target is written in place.
    partial: Option<PathBuf>,
    file: File,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl PartialOutput {
    /// Opens `OUT.partial` for `target`: fresh, or when `resume`, with the
    /// whole lines an earlier run of the same `fingerprint` wrote (a torn
    /// last line cut off). Returns it and how many records it holds.
    /// A device or a FIFO is written in place (there is nothing to resume);
    /// a symbolic link is followed, and the partial file grows beside the
    /// file it names.
    pub fn open(target: &Path, fingerprint: &str, resume: bool) -> Result<(Self, usize)> {
        let target = &super::output::resolve(target);
        if let Some(meta) = std::fs::metadata(target)
            .ok()
            .filter(|m| !m.is_file() && !m.is_dir())
        {
            if resume {
                return Err(Error::UnsafeOutput {
                    path: target.clone(),
                    reason: format!("{:?} is not a file: there is nothing to resume", meta.file_type()),
                });
            }
            let file = OpenOptions::new()
                .write(true)
                .open(target)
                .map_err(|source| Error::Write {
                    path: target.clone(),
                    source,
                })?;
            return Ok((
                PartialOutput {
                    target: target.clone(),
                    partial: None,
                    file,
                },
                0,
            ));
        }
        let partial = with_suffix(target, ".partial");
        let source = with_suffix(target, ".partial.source");
        let write_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        let mut held = 0;
        let file = if resume && partial.exists() {
            let recorded = std::fs::read_to_string(&source).unwrap_or_default();
            if recorded.trim() != fingerprint {
                return Err(Error::UnsafeOutput {
                    path: partial,
                    reason: "it was left by a run over other inputs or with other options: \
                             resuming would mix the two; remove it or run without --resume"
                        .into(),
                });
            }
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .open(&partial)
                .map_err(write_error(&partial))?;
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map_err(write_error(&partial))?;
            let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            file.set_len(whole as u64).map_err(write_error(&partial))?;
            file.seek(std::io::SeekFrom::End(0))
                .map_err(write_error(&partial))?;
            held = bytes[..whole].iter().filter(|&&b| b == b'\n').count();
            file
        } else {
            std::fs::write(&source, format!("{fingerprint}\n")).map_err(write_error(&source))?;
            File::create(&partial).map_err(write_error(&partial))?
        };
        Ok((
            PartialOutput {
                target: target.to_path_buf(),
                partial: Some(partial),
                file,
            },
            held,
        ))
    }

    /// The error of a failed write, naming the file written.
    pub fn error(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.partial.clone().unwrap_or_else(|| self.target.clone()),
            source,
        }
    }

    /// Syncs the partial file and renames it into place.
    pub fn finish(self) -> Result<()> {
        let Some(partial) = &self.partial else {
            return Ok(());
        };
        self.file.sync_all().map_err(|e| self.error(e))?;
        std::fs::rename(partial, &self.target).map_err(|source| Error::Write {
            path: self.target.clone(),
            source,
        })?;
        let _ = std::fs::remove_file(with_suffix(&self.target, ".partial.source"));
        Ok(())
    }
}

impl Write for PartialOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}
