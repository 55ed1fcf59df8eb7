//! `ocrmend._native`: the library's batch path, readers and dedup stages for
//! Python. Every call does its work with the GIL released, so that Python
//! threads (and Spark's Python workers) run side by side; results cross as
//! plain values and JSON text, which the `ocrmend` package (python/ocrmend)
//! turns into its objects.

use ocrmend::batch::{
    error_record, isolated, process_bytes, record_text, repair_record_line, Handled, Origin, RunConfig,
};
use ocrmend::dedup::collection::{self, Shingled, Signature};
use ocrmend::dedup::frequency::{self, DocumentFrequency};
use ocrmend::input::{parse_bytes_as, read_bytes, Format, ReadAs};
use ocrmend::report::Spooled;
use ocrmend::{Applicability, Options, Thresholds};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use std::path::Path;

/// mimalloc, as the command line uses it: the repair makes many small
/// strings per block. Spark's jobs also switch off its transparent huge
/// pages in their Python workers (`MIMALLOC_ALLOW_THP=0`, python/ocrmend/spark.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    _native,
    OcrmendError,
    PyException,
    "An input ocrmend could not read or repair; the message names it and the place."
);

/// What one repair gives Python: the repaired text, the report (JSON of the
/// one document), and the suggestions left for review (JSONL).
type Repaired = (String, String, String);

/// The run configuration for Python's options, checked as the command line checks its own.
fn run_config(format: Option<&str>, safe: f64, review: f64, apply_review: bool) -> PyResult<RunConfig> {
    let thresholds = Thresholds::new(safe, review).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let format = format
        .map(|f| f.parse::<Format>())
        .transpose()
        .map_err(PyValueError::new_err)?;
    let mut config = RunConfig::new(Options {
        keep_lines: false,
        thresholds,
    });
    config.read_as = ReadAs {
        format,
        ..ReadAs::default()
    };
    config.apply_from = if apply_review {
        Applicability::Review
    } else {
        Applicability::Safe
    };
    config.report = true;
    config.suggestions = true;
    Ok(config)
}

/// One input through the library's batch path, isolated: an internal
/// error is this input's alone, and every error names it.
fn process(name: &str, bytes: Vec<u8>, config: &RunConfig) -> Result<Handled, String> {
    let origin = Origin::new(name.to_string(), &bytes, None);
    isolated(name, || process_bytes(&origin, bytes, config)).map_err(|e| format!("{e:#}"))
}

/// Repairs one input; an error names it.
fn repair_one(name: &str, bytes: Vec<u8>, config: &RunConfig) -> Result<Repaired, String> {
    match process(name, bytes, config) {
        Ok(Handled::Done(done)) => {
            let read_back = |spooled: Option<Spooled>, what: &str| {
                let text = spooled.map(Spooled::into_string).transpose();
                text.map(Option::unwrap_or_default)
                    .map_err(|e| format!("{name}: cannot read its {what} back: {e}"))
            };
            let report = read_back(done.report, "report")?;
            Ok((done.text, report, read_back(done.suggestions, "suggestions")?))
        }
        Ok(Handled::Blank(text)) => Ok((text, String::new(), String::new())),
        Ok(Handled::Skipped) => Err(format!("{name}: skipped")),
        Err(e) => Err(e),
    }
}

/// Repairs one text (or the bytes of a file in any supported format).
#[pyfunction]
#[pyo3(signature = (data, name, format, safe_threshold, review_threshold, apply_review))]
fn repair(
    py: Python<'_>,
    data: Vec<u8>,
    name: String,
    format: Option<String>,
    safe_threshold: f64,
    review_threshold: f64,
    apply_review: bool,
) -> PyResult<Repaired> {
    let config = run_config(format.as_deref(), safe_threshold, review_threshold, apply_review)?;
    py.detach(|| repair_one(&name, data, &config))
        .map_err(OcrmendError::new_err)
}

/// Repairs many inputs at once on `threads` threads (default: one per
/// core): per input, in input order, its result or the error that names it.
#[pyfunction]
#[pyo3(signature = (items, format, safe_threshold, review_threshold, apply_review, threads))]
fn repair_batch(
    py: Python<'_>,
    items: Vec<(String, Vec<u8>)>,
    format: Option<String>,
    safe_threshold: f64,
    review_threshold: f64,
    apply_review: bool,
    threads: Option<usize>,
) -> PyResult<Vec<(Option<Repaired>, Option<String>)>> {
    let config = run_config(format.as_deref(), safe_threshold, review_threshold, apply_review)?;
    let work = || -> Vec<(Option<Repaired>, Option<String>)> {
        items
            .into_par_iter()
            .map(|(name, bytes)| match repair_one(&name, bytes, &config) {
                Ok(done) => (Some(done), None),
                Err(e) => (None, Some(e)),
            })
            .collect()
    };
    py.detach(|| match threads {
        None => Ok(work()),
        Some(n) => on_threads(n, work),
    })
    .map_err(PyValueError::new_err)
}

/// Runs `work` on a pool of `threads` threads (at least one) of its own.
fn on_threads<R: Send>(threads: usize, work: impl FnOnce() -> R + Send) -> Result<R, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map(|pool| pool.install(work))
        .map_err(|e| e.to_string())
}

/// A column of strings as Arrow lays it out (`string` or `large_string`),
/// its buffers handed over by Python as `bytes` or as pyarrow `Buffer`s,
/// which Rust reads in place: Spark's batches cross without a copy and
/// without a Python string made for each record.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct ArrowStrings<'py> {
    /// The validity bitmap, none when no value is null.
    valid: Option<Bound<'py, PyAny>>,
    /// Little-endian offsets into `data`, 4 or 8 bytes each (`wide`).
    offsets: Bound<'py, PyAny>,
    data: Bound<'py, PyAny>,
    /// The array's first slot in the buffers (an Arrow slice's offset).
    first: usize,
    len: usize,
    wide: bool,
}

impl ArrowStrings<'_> {
    /// The buffers as slices, to be read with the GIL released.
    fn column(&self) -> PyResult<StringColumn<'_>> {
        Ok(StringColumn {
            valid: self.valid.as_ref().map(buffer_bytes).transpose()?,
            offsets: buffer_bytes(&self.offsets)?,
            data: buffer_bytes(&self.data)?,
            first: self.first,
            wide: self.wide,
        })
    }
}

/// The bytes of `bytes`, or of a pyarrow `Buffer` in CPU memory, read in
/// place for as long as `buffer` is borrowed. Anything else is refused.
fn buffer_bytes<'a>(buffer: &'a Bound<'_, PyAny>) -> PyResult<&'a [u8]> {
    if let Ok(bytes) = buffer.cast::<PyBytes>() {
        return Ok(bytes.as_bytes());
    }
    let kind = buffer.get_type();
    let is_arrow_buffer = kind.module()?.to_cow()? == "pyarrow.lib" && kind.name()?.to_cow()? == "Buffer";
    if !is_arrow_buffer || !buffer.getattr("is_cpu")?.extract::<bool>()? {
        return Err(PyTypeError::new_err(format!(
            "an Arrow buffer must be bytes or a pyarrow Buffer in CPU memory, not {kind}"
        )));
    }
    let address: usize = buffer.getattr("address")?.extract()?;
    let size: usize = buffer.getattr("size")?.extract()?;
    if size == 0 {
        return Ok(&[]);
    }
    // SAFETY: a pyarrow Buffer owns `size` readable bytes at `address` and
    // does not move or free them while it lives; `buffer` is borrowed for
    // 'a, so it lives at least as long as the slice. Arrow buffers read from
    // a batch are immutable, and nothing here writes to them.
    Ok(unsafe { std::slice::from_raw_parts(address as *const u8, size) })
}

/// An [`ArrowStrings`] column's buffers, borrowed.
struct StringColumn<'a> {
    valid: Option<&'a [u8]>,
    offsets: &'a [u8],
    data: &'a [u8],
    first: usize,
    wide: bool,
}

impl StringColumn<'_> {
    /// The `i`th value, checked against the buffers it reads.
    fn get(&self, i: usize) -> Result<Option<&str>, String> {
        let slot = self.first + i;
        if let Some(valid) = self.valid {
            let byte = valid.get(slot / 8).ok_or("the validity bitmap is too short")?;
            if byte & (1 << (slot % 8)) == 0 {
                return Ok(None);
            }
        }
        let width = if self.wide { 8 } else { 4 };
        let offset = |k: usize| -> Result<usize, String> {
            let bytes = self
                .offsets
                .get(k * width..(k + 1) * width)
                .ok_or("the offsets are too short")?;
            let value = if self.wide {
                i64::from_le_bytes(bytes.try_into().expect("8 bytes"))
            } else {
                i64::from(i32::from_le_bytes(bytes.try_into().expect("4 bytes")))
            };
            usize::try_from(value).map_err(|_| "a negative offset".to_string())
        };
        let (start, end) = (offset(slot)?, offset(slot + 1)?);
        if start > end {
            return Err(format!("offsets that go backwards ({start} then {end})"));
        }
        let bytes = self.data.get(start..end).ok_or("an offset past the data")?;
        std::str::from_utf8(bytes).map(Some).map_err(|e| e.to_string())
    }

    /// The `i`th value as dedup reads it: a null is an empty text (nothing
    /// to sign, count or compare).
    fn text(&self, i: usize) -> Result<&str, String> {
        Ok(self.get(i)?.unwrap_or(""))
    }
}

/// A column of strings built as Arrow's `large_string` lays it out, for
/// Python to wrap without a Python string made for each record.
struct ArrowStringsBuilder {
    /// One bit a value, set when it is not null (Arrow's order: low bit first).
    valid: Vec<u8>,
    nulls: usize,
    /// Little-endian, 8 bytes each, one more than the values.
    offsets: Vec<u8>,
    data: Vec<u8>,
    len: usize,
}

/// The buffers of a built column: validity (none without nulls), offsets, data.
type ArrowBuffers = (Option<Py<PyBytes>>, Py<PyBytes>, Py<PyBytes>);

impl ArrowStringsBuilder {
    fn new() -> Self {
        ArrowStringsBuilder {
            valid: Vec::new(),
            nulls: 0,
            offsets: 0i64.to_le_bytes().to_vec(),
            data: Vec::new(),
            len: 0,
        }
    }

    fn push(&mut self, value: Option<&str>) {
        if self.len.is_multiple_of(8) {
            self.valid.push(0);
        }
        match value {
            Some(text) => {
                self.valid[self.len / 8] |= 1 << (self.len % 8);
                self.data.extend_from_slice(text.as_bytes());
            }
            None => self.nulls += 1,
        }
        let end = i64::try_from(self.data.len()).expect("a column under 2^63 bytes");
        self.offsets.extend_from_slice(&end.to_le_bytes());
        self.len += 1;
    }

    fn into_py(self, py: Python<'_>) -> ArrowBuffers {
        (
            (self.nulls > 0).then(|| PyBytes::new(py, &self.valid).unbind()),
            PyBytes::new(py, &self.offsets).unbind(),
            PyBytes::new(py, &self.data).unbind(),
        )
    }
}

/// What a record gives a Spark column set: the repaired text (none for a
/// record without text or one that failed), its edits and flags as JSON
/// arrays, and the error that names it.
type RecordOut = (Option<String>, String, String, Option<String>);

/// Repairs the texts of records as `ocrmend repair` repairs the `text` of
/// JSONL records (plain text, never sniffed; the text as it was when no
/// edit applies), on `threads` threads (default one: Spark runs a task per
/// core already). The texts come and the results go as Arrow string
/// columns: the repaired text (null for a record without text or one that
/// failed), its edits and flags as JSON arrays, and the error that names it.
#[pyfunction]
#[pyo3(signature = (names, texts, safe_threshold, review_threshold, apply_review, threads=None))]
fn repair_arrow(
    py: Python<'_>,
    names: Vec<String>,
    texts: ArrowStrings<'_>,
    safe_threshold: f64,
    review_threshold: f64,
    apply_review: bool,
    threads: Option<usize>,
) -> PyResult<[ArrowBuffers; 4]> {
    if names.len() != texts.len {
        return Err(PyValueError::new_err(format!(
            "{} names for {} texts",
            names.len(),
            texts.len
        )));
    }
    let mut config = run_config(Some("text"), safe_threshold, review_threshold, apply_review)?;
    // The edits and flags alone: building the whole report to read two of its
    // fields back cost as much as the repair.
    (config.report, config.suggestions, config.edits) = (false, false, true);
    let column = texts.column()?;
    let one = |(i, name): (usize, &String)| -> RecordOut {
        let empty = || "[]".to_string();
        let failed = |why: String| (None, empty(), empty(), Some(why));
        let text = match column.get(i) {
            Ok(Some(text)) => text,
            // As the command line says of a JSONL record without one.
            Ok(None) => return failed(format!("{name}: no text in the record")),
            Err(e) => return failed(format!("{name}: unreadable Arrow string: {e}")),
        };
        let mut done = match process(name, text.as_bytes().to_vec(), &config) {
            Ok(Handled::Done(done)) => done,
            // A record without text passes through as it was.
            Ok(_) => return (Some(text.to_string()), empty(), empty(), None),
            Err(e) => return failed(e),
        };
        let (edits, flags) = done.edits.take().unwrap_or_else(|| (empty(), empty()));
        (Some(record_text(text, &done).to_string()), edits, flags, None)
    };
    let columns = py
        .detach(|| {
            let results: Vec<RecordOut> = on_threads(threads.unwrap_or(1), || {
                names.par_iter().enumerate().map(one).collect()
            })?;
            let mut columns = [(); 4].map(|()| ArrowStringsBuilder::new());
            for (repaired, edits, flags, error) in &results {
                columns[0].push(repaired.as_deref());
                columns[1].push(Some(edits));
                columns[2].push(Some(flags));
                columns[3].push(error.as_deref());
            }
            Ok::<_, String>(columns)
        })
        .map_err(PyValueError::new_err)?;
    Ok(columns.map(|column| column.into_py(py)))
}

/// Repairs JSONL record lines as `ocrmend repair` repairs a JSONL file:
/// one output line per record line that is not blank, in order, each the
/// line the command line writes for that record (the record repaired, marked
/// blank, or an error record in its place). Spark reads a file in splits
/// without numbering its lines, so the records are named line 0 of
/// `source` (error records also carry the record's `id`). The lines come and
/// go as Arrow string columns, on `threads` threads (default one).
#[pyfunction]
#[pyo3(signature = (source, lines, safe_threshold, review_threshold, apply_review, threads=None))]
fn repair_lines_arrow(
    py: Python<'_>,
    source: String,
    lines: ArrowStrings<'_>,
    safe_threshold: f64,
    review_threshold: f64,
    apply_review: bool,
    threads: Option<usize>,
) -> PyResult<ArrowBuffers> {
    let mut config = run_config(Some("text"), safe_threshold, review_threshold, apply_review)?;
    // What the command line asks of a JSONL run: each paragraph's sources in the record.
    (config.report, config.suggestions, config.provenance) = (false, false, true);
    let column = lines.column()?;
    let place = format!("{source}:0");
    let one = |i: usize| -> Option<String> {
        match column.get(i) {
            Ok(Some(line)) if !line.trim().is_empty() => {
                Some(repair_record_line(&config, &source, 0, line).line)
            }
            Ok(_) => None,
            Err(e) => Some(error_record(
                None,
                &place,
                &format!("unreadable Arrow string: {e}"),
            )),
        }
    };
    let column = py
        .detach(|| {
            let out: Vec<Option<String>> = on_threads(threads.unwrap_or(1), || {
                (0..lines.len).into_par_iter().map(one).collect()
            })?;
            let mut column = ArrowStringsBuilder::new();
            for line in out.iter().flatten() {
                column.push(Some(line));
            }
            Ok::<_, String>(column)
        })
        .map_err(PyValueError::new_err)?;
    Ok(column.into_py(py))
}

/// Reads a file of any supported format: the document as JSON (name,
/// encoding, text, blocks with their text, role and geometry, warnings).
#[pyfunction]
#[pyo3(signature = (path, format=None))]
fn read(py: Python<'_>, path: String, format: Option<String>) -> PyResult<String> {
    let format = format
        .map(|f| f.parse::<Format>())
        .transpose()
        .map_err(PyValueError::new_err)?;
    py.detach(|| {
        let bytes = read_bytes(Path::new(&path))?;
        let doc = parse_bytes_as(
            path.clone(),
            bytes,
            ReadAs {
                format,
                ..ReadAs::default()
            },
        )?;
        let blocks: Vec<serde_json::Value> = doc
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                serde_json::json!({
                    "id": b.id.0,
                    "text": doc.block_text(i),
                    "declared_role": b.declared_role.map(|r| r.as_str()),
                    "geometry": b.geometry(),
                })
            })
            .collect();
        Ok::<_, ocrmend::Error>(
            serde_json::json!({
                "name": doc.name,
                "encoding": doc.encoding,
                "text": doc.text,
                "blocks": blocks,
                "warnings": doc.warnings,
            })
            .to_string(),
        )
    })
    .map_err(|e| OcrmendError::new_err(format!("{e:#}")))
}

/// Each text's signature (its size and MinHash bins), or `None` for a text
/// too short to sign.
#[pyfunction]
fn signatures(py: Python<'_>, texts: Vec<String>) -> Vec<Option<(usize, Vec<u32>)>> {
    py.detach(|| {
        texts
            .par_iter()
            .map(|t| collection::signature(t).map(|s| (s.size, s.bins)))
            .collect()
    })
}

/// [`signatures`] of an Arrow string column, for Spark's batches: the rows
/// signed (a null or a text too short to sign has no row), and per row its
/// size, its bins (each bin's 32 bits as a signed integer, Spark's `int`:
/// equal exactly when the bins are) and its band keys (each key's 64 bits
/// as Spark's `long`), as little-endian integers of those widths.
#[pyfunction]
fn sign_arrow<'py>(py: Python<'py>, texts: ArrowStrings<'_>) -> PyResult<[Bound<'py, PyBytes>; 4]> {
    let column = texts.column()?;
    let signed = py
        .detach(|| {
            (0..texts.len)
                .into_par_iter()
                .map(|i| Ok(collection::signature(column.text(i)?).map(|s| (i, s))))
                .collect::<Result<Vec<_>, String>>()
        })
        .map_err(PyValueError::new_err)?;
    let mut out: [Vec<u8>; 4] = Default::default();
    for (row, s) in signed.iter().flatten() {
        out[0].extend_from_slice(&(*row as i64).to_le_bytes());
        out[1].extend_from_slice(&(s.size as i64).to_le_bytes());
        for &bin in &s.bins {
            out[2].extend_from_slice(&bin.to_le_bytes());
        }
        for key in s.band_keys() {
            out[3].extend_from_slice(&key.to_le_bytes());
        }
    }
    Ok(out.map(|bytes| PyBytes::new(py, &bytes)))
}

/// The candidate pairs of a shuffle's partition of band-key rows (three
/// columns of little-endian 64-bit integers: band, key, document), as
/// `ocrmend dedup` pairs documents that share a key: two columns, the
/// smaller document first, each pair once.
#[pyfunction]
fn band_pairs_arrow<'py>(
    py: Python<'py>,
    band: Bound<'_, PyAny>,
    key: Bound<'_, PyAny>,
    doc: Bound<'_, PyAny>,
) -> PyResult<[Bound<'py, PyBytes>; 2]> {
    let (band, key, doc) = (buffer_bytes(&band)?, buffer_bytes(&key)?, buffer_bytes(&doc)?);
    if band.len() != key.len() || key.len() != doc.len() || !band.len().is_multiple_of(8) {
        return Err(PyValueError::new_err(
            "the band, key and document columns are not 64-bit integers of one length",
        ));
    }
    let pairs = py.detach(|| {
        let mut rows: Vec<(u32, u64, u64)> = int64s(band)
            .zip(int64s(key))
            .zip(int64s(doc))
            .map(|((band, key), doc)| (band as u32, key as u64, doc as u64))
            .collect();
        collection::candidate_pairs_of_rows(&mut rows)
    });
    let column = |side: fn(&(u64, u64)) -> u64| -> Vec<u8> {
        pairs.iter().flat_map(|p| side(p).to_le_bytes()).collect()
    };
    Ok([column(|p| p.0), column(|p| p.1)].map(|bytes| PyBytes::new(py, &bytes)))
}

/// Little-endian 64-bit integers, as Arrow lays out an `int64` column.
fn int64s(bytes: &[u8]) -> impl Iterator<Item = i64> + '_ {
    bytes
        .chunks_exact(8)
        .map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes")))
}

/// The signature's LSH band keys, 16 hex digits each (as `dedup --band-keys` writes them).
#[pyfunction]
fn band_keys(size: usize, bins: Vec<u32>) -> PyResult<Vec<String>> {
    if bins.len() != collection::BINS {
        return Err(PyValueError::new_err(format!(
            "a signature has {} bins, not {}",
            collection::BINS,
            bins.len()
        )));
    }
    Ok(Signature { size, bins }
        .band_keys()
        .into_iter()
        .map(|k| format!("{k:016x}"))
        .collect())
}

/// True when two signatures come near enough to verify the pair.
#[pyfunction]
fn worth_verifying(a: Vec<u32>, b: Vec<u32>) -> bool {
    let sign = |bins| Signature { size: 0, bins };
    a.len() == b.len() && collection::worth_verifying(&sign(a), &sign(b))
}

/// Compares two whole texts as `ocrmend dedup` verifies a pair:
/// `(jaccard, containment, letter_coverage, duplicate)`, `letter_coverage` measured only
/// when the shingles fall short of the thresholds.
#[pyfunction]
#[pyo3(signature = (a, b, jaccard, containment, letter_coverage))]
fn verify(
    py: Python<'_>,
    a: String,
    b: String,
    jaccard: f64,
    containment: f64,
    letter_coverage: f64,
) -> PyResult<Verdict> {
    let thresholds = thresholds(
        jaccard,
        containment,
        collection::Thresholds::default().boilerplate,
        letter_coverage,
    )?;
    Ok(py.detach(|| verdict(collection::verify(&a, &b, &thresholds), &thresholds)))
}

/// A verified pair as Python gets it: Jaccard, containment, the share of
/// the shorter's letters the longer covers (when read) and whether the pair
/// is a copy.
type Verdict = (f64, f64, Option<f64>, bool);

/// `s` as Python gets it, with the thresholds' verdict.
fn verdict(s: collection::Similarity, thresholds: &collection::Thresholds) -> Verdict {
    (
        s.jaccard,
        s.containment,
        s.letter_coverage,
        s.is_duplicate(thresholds),
    )
}

/// The collection thresholds from Python's options, with the shipped
/// coverage and gap (which only `--text-out` reads).
fn thresholds(
    jaccard: f64,
    containment: f64,
    boilerplate: u8,
    letter_coverage: f64,
) -> PyResult<collection::Thresholds> {
    let defaults = collection::Thresholds::default();
    collection::Thresholds::new(
        jaccard,
        containment,
        boilerplate,
        defaults.coverage,
        defaults.max_gap,
        letter_coverage,
    )
    .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Two equal stretches of sketch cells (chunks of `ShingleCounts.to_bytes`
/// past its first byte) added cell by cell: a sketch merged a stretch at a
/// time, on the executors that hold the stretches.
#[pyfunction]
fn add_counts<'py>(py: Python<'py>, a: &[u8], b: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let mut sum = a.to_vec();
    frequency::add_counts(&mut sum, b).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &sum))
}

/// How many documents hold each shingle, counted apart (a Spark partition's
/// documents) and merged: what tells a formula many documents print from
/// what a document says (`ocrmend dedup` counts its candidate documents).
#[pyclass(module = "ocrmend._native", frozen)]
struct ShingleCounts(DocumentFrequency);

#[pymethods]
impl ShingleCounts {
    /// An empty sketch for documents of `chars` visible characters in all
    /// (the sum of their signatures' sizes): parts of one collection must
    /// be given the same total, to merge.
    #[new]
    fn new(chars: u64) -> Self {
        ShingleCounts(DocumentFrequency::for_chars(chars))
    }

    /// A sketch from `to_bytes`.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, bytes: Vec<u8>) -> PyResult<Self> {
        py.detach(|| DocumentFrequency::from_bytes(&bytes))
            .map(ShingleCounts)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The sketch as bytes, to ship between processes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &py.detach(|| self.0.to_bytes()))
    }

    /// Counts each text of an Arrow string column as a document (a null as an empty one).
    fn add_arrow(&self, py: Python<'_>, texts: ArrowStrings<'_>) -> PyResult<()> {
        let column = texts.column()?;
        py.detach(|| {
            (0..texts.len).into_par_iter().try_for_each(|i| {
                self.0.add_document(&collection::shingle_set(column.text(i)?));
                Ok::<_, String>(())
            })
        })
        .map_err(PyValueError::new_err)
    }

    /// Adds the counts of another part of the collection.
    fn merge(&self, py: Python<'_>, other: &ShingleCounts) -> PyResult<()> {
        py.detach(|| self.0.merge(&other.0))
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// The pairs found copies, as columns: their rows, Jaccard, containment and
/// letter coverage (when read).
type Copies = (Vec<usize>, Vec<f64>, Vec<f64>, Vec<Option<f64>>);

/// Verifies the pairs of two Arrow string columns (row by row), each as
/// [`verify`] does but on the texts' content when `counts` of the
/// collection tell it from boilerplate (a shingle in more than
/// `boilerplate` documents): the rows found copies, and their Jaccard,
/// containment and letter coverage. A null text is an empty one.
#[pyfunction]
#[pyo3(signature = (a, b, counts, jaccard, containment, boilerplate, letter_coverage))]
#[allow(clippy::too_many_arguments)]
fn verify_arrow(
    py: Python<'_>,
    a: ArrowStrings<'_>,
    b: ArrowStrings<'_>,
    counts: Option<&ShingleCounts>,
    jaccard: f64,
    containment: f64,
    boilerplate: u8,
    letter_coverage: f64,
) -> PyResult<Copies> {
    let thresholds = thresholds(jaccard, containment, boilerplate, letter_coverage)?;
    if a.len != b.len {
        return Err(PyValueError::new_err(format!(
            "{} texts against {}",
            a.len, b.len
        )));
    }
    let (ta, tb) = (a.column()?, b.column()?);
    let verdicts = py
        .detach(|| {
            (0..a.len)
                .into_par_iter()
                .map(|i| {
                    let (a, b) = (ta.text(i)?, tb.text(i)?);
                    Ok(match counts {
                        Some(c) => collection::compare(
                            &Shingled::of(a, &c.0, boilerplate),
                            &Shingled::of(b, &c.0, boilerplate),
                            &thresholds,
                        ),
                        None => collection::verify(a, b, &thresholds),
                    })
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .map_err(PyValueError::new_err)?;
    let mut copies = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, s) in verdicts
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_duplicate(&thresholds))
    {
        copies.0.push(i);
        copies.1.push(s.jaccard);
        copies.2.push(s.containment);
        copies.3.push(s.letter_coverage);
    }
    Ok(copies)
}

/// How clean a copy's OCR looks (the keep policy's second key).
#[pyfunction]
fn cleanliness(py: Python<'_>, texts: Vec<String>) -> Vec<f64> {
    py.detach(|| texts.par_iter().map(|t| collection::cleanliness(t)).collect())
}

/// [`cleanliness`] of an Arrow string column (a null as an empty text), for Spark's batches.
#[pyfunction]
fn cleanliness_arrow(py: Python<'_>, texts: ArrowStrings<'_>) -> PyResult<Vec<f64>> {
    let column = texts.column()?;
    py.detach(|| {
        (0..texts.len)
            .into_par_iter()
            .map(|i| Ok(collection::cleanliness(column.text(i)?)))
            .collect::<Result<Vec<_>, String>>()
    })
    .map_err(PyValueError::new_err)
}

/// Clusters texts on one machine as `ocrmend dedup` does: per cluster the
/// index kept and, per other copy, `(index, linked_to, jaccard,
/// containment, letter_coverage)`.
#[pyfunction]
#[pyo3(signature = (texts, jaccard, containment, boilerplate, letter_coverage))]
#[allow(clippy::type_complexity)]
fn cluster(
    py: Python<'_>,
    texts: Vec<String>,
    jaccard: f64,
    containment: f64,
    boilerplate: u8,
    letter_coverage: f64,
) -> PyResult<Vec<(usize, Vec<(usize, usize, f64, f64, Option<f64>)>)>> {
    let thresholds = thresholds(jaccard, containment, boilerplate, letter_coverage)?;
    Ok(py.detach(|| {
        collection::cluster_texts(&texts, &thresholds)
            .into_iter()
            .map(|c| {
                let members = c
                    .members
                    .into_iter()
                    .map(|m| {
                        let s = m.similarity;
                        (m.doc, m.linked_to, s.jaccard, s.containment, s.letter_coverage)
                    })
                    .collect();
                (c.kept, members)
            })
            .collect()
    }))
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("OcrmendError", m.py().get_type::<OcrmendError>())?;
    m.add("BINS", collection::BINS)?;
    m.add("BANDS", collection::BANDS)?;
    m.add("GROUP_CAP", collection::GROUP_CAP)?;
    m.add("MIN_ESTIMATE", collection::MIN_ESTIMATE)?;
    let defaults = collection::Thresholds::default();
    m.add("JACCARD", defaults.jaccard)?;
    m.add("CONTAINMENT", defaults.containment)?;
    m.add("BOILERPLATE", defaults.boilerplate)?;
    m.add("LETTER_COVERAGE", defaults.letter_coverage)?;
    m.add_class::<ShingleCounts>()?;
    m.add_function(wrap_pyfunction!(repair, m)?)?;
    m.add_function(wrap_pyfunction!(repair_batch, m)?)?;
    m.add_function(wrap_pyfunction!(repair_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(repair_lines_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(signatures, m)?)?;
    m.add_function(wrap_pyfunction!(band_keys, m)?)?;
    m.add_function(wrap_pyfunction!(sign_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(band_pairs_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(worth_verifying, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(verify_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(cleanliness, m)?)?;
    m.add_function(wrap_pyfunction!(cleanliness_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(add_counts, m)?)?;
    m.add_function(wrap_pyfunction!(cluster, m)?)?;
    Ok(())
}
