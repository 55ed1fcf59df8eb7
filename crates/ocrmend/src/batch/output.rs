//! Where a run may write, and how: outputs never equal, contain or overwrite
//! an input, two outputs never share a path, and a file is replaced only
//! whole (a temporary file beside it, then a rename) when it is a regular
//! file; a device or a FIFO is written in place, and a symbolic link is
//! followed to the file it names. An interrupted run can remove the
//! temporary files it left ([`remove_temporaries`]).

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The temporary files of the sinks neither committed nor dropped.
struct Temporaries {
    live: BTreeSet<PathBuf>,
    /// The run was interrupted: no temporary is made after that.
    interrupted: bool,
}

static TEMPORARIES: Mutex<Temporaries> = Mutex::new(Temporaries {
    live: BTreeSet::new(),
    interrupted: false,
});

/// The registry of temporaries; a thread that panicked holding it left it
/// whole (every change to it is one insert or remove).
fn temporaries() -> MutexGuard<'static, Temporaries> {
    TEMPORARIES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes the temporary file of every sink not yet committed, and makes
/// any sink opened after it fail: for a command-line tool's handler of
/// Ctrl-C or SIGTERM, just before it exits, so that an interrupted run
/// leaves its outputs as they were and no hidden file beside them. Returns
/// how many were removed.
pub fn remove_temporaries() -> usize {
    let mut registry = temporaries();
    registry.interrupted = true;
    let removed = registry
        .live
        .iter()
        .filter(|path| std::fs::remove_file(path).is_ok())
        .count();
    registry.live.clear();
    removed
}

/// The inputs of a run, resolved once, that every output is checked against.
#[derive(Debug, Default)]
pub struct OutputGuard {
    /// Each input's absolute path with symbolic links resolved, and whether
    /// it is a directory.
    inputs: Vec<(PathBuf, bool)>,
    /// Output files claimed so far, resolved the same way.
    claimed: Vec<PathBuf>,
}

impl OutputGuard {
    /// Resolves the inputs (`-`, standard input, is not a path and is left out).
    pub fn new(inputs: &[PathBuf]) -> Self {
        let inputs = inputs
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .filter_map(|p| Some((std::fs::canonicalize(p).ok()?, p.is_dir())))
            .collect();
        OutputGuard {
            inputs,
            claimed: Vec::new(),
        }
    }

    /// Claims `path` as an output file (`what`: `--report`, `-o`, …):
    /// refused when it is an input, lies inside an input directory, is a
    /// directory, or was claimed by another output of this run.
    pub fn claim_file(&mut self, path: &Path, what: &str) -> Result<()> {
        let refuse = |reason: String| Error::UnsafeOutput {
            path: path.to_path_buf(),
            reason,
        };
        refuse_dash(path, what)?;
        if path.is_dir() {
            return Err(refuse(format!("{what} names a directory, not a file")));
        }
        let resolved = resolve(path);
        if let Some(meta) = std::fs::metadata(path).ok().filter(|m| !m.is_file()) {
            // A device or a FIFO (`--report /dev/stdout`) is written in
            // place; it is nobody's input file.
            if !meta.file_type().is_symlink() {
                return self.remember(resolved, path, what);
            }
        }
        for (input, is_dir) in &self.inputs {
            if *input == resolved {
                return Err(refuse(format!("{what} is an input of this run")));
            }
            if *is_dir && resolved.starts_with(input) {
                // A file inside an input directory would be read back as an
                // input by a later run; a page-file name would even be read
                // by this one.
                return Err(refuse(format!(
                    "{what} lies inside the input directory {}",
                    input.display()
                )));
            }
        }
        self.remember(resolved, path, what)
    }

    fn remember(&mut self, resolved: PathBuf, path: &Path, what: &str) -> Result<()> {
        if self.claimed.contains(&resolved) {
            return Err(Error::UnsafeOutput {
                path: path.to_path_buf(),
                reason: format!("{what} is the same file as another output of this run"),
            });
        }
        self.claimed.push(resolved);
        Ok(())
    }

    /// Checks an output directory: refused when it is a file, or when it
    /// is or holds an input (`repair DIR -o DIR`, `repair p.txt -o .`): its
    /// outputs would overwrite inputs or mix with them. It may lie inside an
    /// input directory: the walk leaves it out.
    pub fn check_directory(&self, dir: &Path) -> Result<()> {
        let refuse = |reason: String| Error::UnsafeOutput {
            path: dir.to_path_buf(),
            reason,
        };
        refuse_dash(dir, "-o")?;
        if dir.exists() && !dir.is_dir() {
            return Err(refuse("-o names a file, not a directory".into()));
        }
        let resolved = resolve(dir);
        if let Some((input, _)) = self.inputs.iter().find(|(input, _)| input.starts_with(&resolved)) {
            return Err(refuse(format!(
                "-o holds the input {}: outputs would overwrite or mix with inputs; choose a directory \
                 that holds none",
                input.display()
            )));
        }
        Ok(())
    }
}

/// Refuses `-` as an output path: on the command line it stands for
/// standard input or output, and a file or folder named `-` made here would
/// be read by a later run instead of standard input.
fn refuse_dash(path: &Path, what: &str) -> Result<()> {
    if path.as_os_str() != "-" {
        return Ok(());
    }
    let advice = if what == "-o" {
        "; standard output is where it goes without -o"
    } else {
        ""
    };
    Err(Error::UnsafeOutput {
        path: path.to_path_buf(),
        reason: format!("{what} -: `-` is standard input or output, not a file or a folder{advice}"),
    })
}

/// `path` made absolute with symbolic links resolved as far as it exists
/// (the part that does not exist yet is appended as written, `..` folded).
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(p) => out.push(p),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Writes `bytes` to `path` so that nobody ever sees half of it: a regular
/// file (or a new one) is replaced by a rename from a temporary file beside
/// it, fsynced first; a symbolic link is followed to the file it names; a
/// device or a FIFO is written in place. On any failure the temporary file
/// is removed and the error names `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut sink = FileSink::create(path)?;
    sink.write_all(bytes).map_err(|e| sink.error(e))?;
    sink.commit()
}

/// A file being written: a temporary file renamed into place by
/// [`commit`](Self::commit), or a device written in place. Dropped without
/// a commit, it removes its temporary file.
pub struct FileSink {
    target: PathBuf,
    temporary: Option<PathBuf>,
    file: Option<File>,
}

impl FileSink {
    /// Opens the sink for `path` (see [`write_atomic`]).
    pub fn create(path: &Path) -> Result<Self> {
        let target = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => {
                std::fs::canonicalize(path).unwrap_or_else(|_| resolve(path))
            }
            _ => path.to_path_buf(),
        };
        let write_error = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        if let Ok(meta) = std::fs::metadata(&target) {
            if meta.is_dir() {
                return Err(Error::UnsafeOutput {
                    path: path.to_path_buf(),
                    reason: "is a directory".into(),
                });
            }
            if !meta.is_file() {
                let file = OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(write_error)?;
                return Ok(FileSink {
                    target,
                    temporary: None,
                    file: Some(file),
                });
            }
        }
        let temporary = temporary_path(&target);
        // Made and registered under the registry's lock: an interrupt
        // removes every temporary made before it, and none is made after.
        let mut registry = temporaries();
        if registry.interrupted {
            return Err(Error::Write {
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::Interrupted, "the run was interrupted"),
            });
        }
        let file = File::create(&temporary).map_err(|source| Error::Write {
            path: temporary.clone(),
            source,
        })?;
        registry.live.insert(temporary.clone());
        drop(registry);
        Ok(FileSink {
            target,
            temporary: Some(temporary),
            file: Some(file),
        })
    }

    /// The error of a failed write, naming the target.
    pub fn error(&self, source: std::io::Error) -> Error {
        Error::Write {
            path: self.target.clone(),
            source,
        }
    }

    /// Flushes a buffered sink, then [`commit`](Self::commit)s it; an error
    /// names the target.
    pub fn commit_buffered(out: std::io::BufWriter<FileSink>) -> Result<()> {
        out.into_inner()
            .map_err(|e| {
                let (source, out) = e.into_parts();
                out.get_ref().error(source)
            })?
            .commit()
    }

    /// Flushes, syncs and renames the temporary file into place.
    pub fn commit(mut self) -> Result<()> {
        let file = self.file.take().expect("a sink is committed once");
        let Some(temporary) = self.temporary.clone() else {
            return Ok(());
        };
        file.sync_all().map_err(|e| self.error(e))?;
        drop(file);
        std::fs::rename(&temporary, &self.target).map_err(|e| self.error(e))?;
        temporaries().live.remove(&temporary);
        self.temporary = None;
        Ok(())
    }
}

impl Write for FileSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("open until committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("open until committed").flush()
    }
}

impl Drop for FileSink {
    fn drop(&mut self) {
        if let Some(temporary) = &self.temporary {
            let _ = std::fs::remove_file(temporary);
            temporaries().live.remove(temporary);
        }
    }
}

/// A hidden name beside `path`, unique to this process.
fn temporary_path(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    dir.join(format!(".{name}.{}.ocrmend-tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder removed when the test ends.
    fn scratch() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn an_output_that_is_an_input_is_refused() {
        let scratch = scratch();
        let dir = scratch.path();
        let input = dir.join("in.jsonl");
        std::fs::write(&input, "{}\n").unwrap();
        let mut guard = OutputGuard::new(std::slice::from_ref(&input));
        let err = guard.claim_file(&dir.join("./in.jsonl"), "-o").unwrap_err();
        assert!(err.to_string().contains("is an input"), "{err}");
        assert!(guard.claim_file(&dir.join("out.jsonl"), "-o").is_ok());
        let err = guard.claim_file(&dir.join("out.jsonl"), "--report").unwrap_err();
        assert!(err.to_string().contains("same file as another output"), "{err}");
    }

    #[test]
    fn a_symlink_is_followed_and_a_failed_write_leaves_no_temporary() {
        let scratch = scratch();
        let dir = scratch.path();
        let real = dir.join("real.json");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, dir.join("link.json")).unwrap();
        write_atomic(&dir.join("link.json"), b"new").unwrap();
        assert!(std::fs::symlink_metadata(dir.join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let sink = FileSink::create(&dir.join("gone.json")).unwrap();
        drop(sink);
        let left: Vec<_> = std::fs::read_dir(dir).unwrap().collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }

    #[test]
    fn a_device_is_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        write_atomic(Path::new("/dev/null"), b"x").unwrap();
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }
}
