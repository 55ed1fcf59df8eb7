//! `ocrmend repair INPUT...`: repairs files, directories of files, or JSONL
//! records, in parallel windows, and writes the results in input order.
//!
//! Two kinds of batch: files (plain text, ALTO, hOCR, PAGE XML; a directory is
//! read recursively), written to stdout or mirrored into `-o DIR`; and JSONL
//! records (`*.jsonl`, or `-` for stdin), written as JSONL to stdout or to
//! `-o FILE`. Either way one bad document is an error record, not the end of
//! the batch, and `--resume` skips what an interrupted run already wrote.

use super::Outcome;
use anyhow::{bail, Context};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ocrmend::input::{parse_bytes, parse_record, read_bytes, record_document};
use ocrmend::report::{
    document_report, inline_diff, provenance, unified_diff, BatchSummary, ErrorReport, RunReportWriter,
};
use ocrmend::review::{input_hash, suggestions, Marks};
use ocrmend::{repair, Applicability, Document, Options, Thresholds};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufRead, BufWriter, IsTerminal, Read, Seek, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// Inputs: plain-text, ALTO, hOCR or PAGE XML files; directories (read
    /// recursively, taking `*.txt`, `*.xml`, `*.html`, `*.htm`, `*.hocr`,
    /// `*.xhtml`); or JSONL files (`*.jsonl`, one record a line; `-` for stdin).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Files: write one repaired text per input into DIR (mirroring the input
    /// directories) instead of stdout. JSONL: write the records to this file.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Print a unified diff and an inline character diff instead of the text.
    #[arg(long)]
    diff: bool,
    /// Write a JSON report of every block, edit, flag and output paragraph to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Keep the line breaks inside paragraphs.
    #[arg(long)]
    keep_lines: bool,
    /// Also apply the edits suggested for review.
    #[arg(long)]
    apply_review: bool,
    /// Confidence at or above which an edit is applied by default.
    #[arg(long, value_name = "P", default_value_t = Thresholds::default().safe, value_parser = probability)]
    safe_threshold: f64,
    /// Confidence at or above which an edit is suggested for review.
    #[arg(long, value_name = "P", default_value_t = Thresholds::default().review, value_parser = probability)]
    review_threshold: f64,
    /// Exit with code 1 when suggestions are left for review.
    #[arg(long)]
    fail_on_review: bool,
    /// Skip what an interrupted run with the same `-o` already wrote.
    #[arg(long, requires = "output")]
    resume: bool,
    /// No progress bar and no summary on stderr.
    #[arg(short, long)]
    quiet: bool,
    /// Write every suggestion left for review to FILE (JSONL), for
    /// `ocrmend review` and `ocrmend apply` (files, or JSONL files: not stdin).
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    suggestions: Option<PathBuf>,
}

fn probability(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not between 0 and 1"))
    }
}

/// One repaired document, reduced to what the writers need: the repair
/// itself is dropped in the worker that made it.
struct Done {
    name: String,
    text: String,
    /// The text with layout only, for `--diff`.
    baseline: Option<String>,
    /// The suggestions left for review, one inline change each, for `--diff`.
    review_changes: Vec<String>,
    /// The document's report, pretty JSON, for `--report`.
    report: Option<String>,
    /// The document's counts.
    summary: BatchSummary,
    /// Output paragraphs and their source blocks, for JSONL records.
    provenance: Option<Value>,
    /// The suggestions left for review, JSONL lines, for `--suggestions`.
    suggestions: String,
    review_left: bool,
}

/// An input as suggestions record it: its path as given, the hash of its
/// bytes, and for a JSONL record its line.
struct Source<'a> {
    path: &'a str,
    hash: String,
    record: Option<usize>,
}

/// What every document of the run is repaired with.
struct Settings<'a> {
    args: &'a RepairArgs,
    options: Options,
    min: Applicability,
}

impl Settings<'_> {
    fn repair(&self, doc: Document, source: Option<Source>, with_provenance: bool) -> anyhow::Result<Done> {
        let repair = repair(doc, &self.options);
        let mut suggestion_lines = String::new();
        let mut review_changes = Vec::new();
        // With --apply-review the suggestions are in the diff itself.
        let list_in_diff = self.args.diff && !self.args.apply_review;
        if let Some(source) = source.filter(|_| self.args.suggestions.is_some() || list_in_diff) {
            for s in suggestions(&repair, source.path, source.record, &source.hash, &self.options) {
                if self.args.suggestions.is_some() {
                    suggestion_lines.push_str(&serde_json::to_string(&s)?);
                    suggestion_lines.push('\n');
                }
                if list_in_diff {
                    let head = format!(
                        "{} {} ({:.3}):",
                        s.kind,
                        s.location.blocks.join(" → "),
                        s.confidence
                    );
                    review_changes.push(head);
                    review_changes.extend(
                        s.inline_change(Marks::PLAIN)
                            .into_iter()
                            .map(|l| format!("  {l}")),
                    );
                }
            }
        }
        let applied = repair.apply_at_least(self.min);
        let mut summary = BatchSummary::default();
        summary.add(&repair, &applied);
        // The document's report is built only when it is asked for: it
        // copies context around every edit and block.
        let report = match self.args.report {
            Some(_) => Some(serde_json::to_string_pretty(&document_report(&repair, &applied))?),
            None => None,
        };
        let provenance = match with_provenance {
            true => Some(serde_json::to_value(provenance(&repair, &applied))?),
            false => None,
        };
        Ok(Done {
            baseline: self.args.diff.then(|| repair.apply(|_| false).text),
            review_changes,
            review_left: applied.applied.len() < repair.edits.len(),
            name: repair.document.name.clone(),
            text: applied.text,
            report,
            summary,
            provenance,
            suggestions: suggestion_lines,
        })
    }
}

/// What the run has gathered so far, across documents.
struct Tally {
    summary: BatchSummary,
    report: Option<RunReportWriter<BufWriter<File>>>,
    suggestions: Option<BufWriter<File>>,
    review_left: bool,
}

impl Tally {
    fn done(&mut self, done: &Done) -> anyhow::Result<()> {
        self.summary.merge(&done.summary);
        self.review_left |= done.review_left;
        if let (Some(report), Some(json)) = (self.report.as_mut(), &done.report) {
            report.document(json)?;
        }
        if let Some(out) = self.suggestions.as_mut() {
            out.write_all(done.suggestions.as_bytes())?;
        }
        Ok(())
    }

    fn error(&mut self, document: String, error: &anyhow::Error) {
        eprintln!("ocrmend: {error:#}");
        self.summary.errors += 1;
        if let Some(report) = self.report.as_mut() {
            report.error(ErrorReport {
                document,
                message: format!("{error:#}"),
            });
        }
    }
}

pub fn run(args: RepairArgs) -> anyhow::Result<Outcome> {
    let settings = Settings {
        options: Options {
            keep_lines: args.keep_lines,
            thresholds: Thresholds {
                safe: args.safe_threshold,
                review: args.review_threshold.min(args.safe_threshold),
            },
        },
        min: if args.apply_review {
            Applicability::Review
        } else {
            Applicability::Safe
        },
        args: &args,
    };
    let jsonl = args.inputs.iter().filter(|p| is_jsonl(p)).count();
    if jsonl > 0 && jsonl < args.inputs.len() {
        bail!("JSONL inputs and files cannot be mixed in one run");
    }
    if jsonl > 0 && args.diff {
        bail!("--diff works on files, not on JSONL records");
    }
    if args.suggestions.is_some() && args.inputs.iter().any(|p| p == Path::new("-")) {
        bail!("--suggestions needs JSONL files, not stdin: applying them reads the records again");
    }
    let report_tmp = args.report.as_deref().map(temporary_path);
    let mut tally = Tally {
        summary: BatchSummary::default(),
        report: match &report_tmp {
            Some(tmp) => Some(RunReportWriter::new(BufWriter::new(
                File::create(tmp).with_context(|| format!("{}: cannot write", tmp.display()))?,
            ))?),
            None => None,
        },
        suggestions: match &args.suggestions {
            Some(path) => Some(BufWriter::new(
                File::create(temporary_path(path))
                    .with_context(|| format!("{}: cannot write", path.display()))?,
            )),
            None => None,
        },
        review_left: false,
    };
    let show_summary = if jsonl > 0 {
        run_jsonl(&settings, &mut tally)?;
        true
    } else {
        run_files(&settings, &mut tally)?
    };
    if let (Some(report), Some(tmp), Some(path)) = (tally.report.take(), &report_tmp, &args.report) {
        report.finish(&tally.summary)?.into_inner()?.sync_all()?;
        std::fs::rename(tmp, path).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    if let (Some(out), Some(path)) = (tally.suggestions.take(), &args.suggestions) {
        out.into_inner()?.sync_all()?;
        std::fs::rename(temporary_path(path), path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    if show_summary && !args.quiet {
        eprintln!(
            "ocrmend: {}",
            tally.summary.to_string().replace('\n', "\nocrmend: ")
        );
    }
    Ok(if tally.summary.errors > 0 {
        Outcome::Errors
    } else if args.fail_on_review && tally.review_left {
        Outcome::ReviewLeft
    } else {
        Outcome::Clean
    })
}

fn is_jsonl(path: &Path) -> bool {
    path == Path::new("-") || path.extension().is_some_and(|x| x == "jsonl")
}

/// Documents repaired at once: enough to keep every thread busy, few enough
/// that memory stays flat however large the batch.
fn window() -> usize {
    rayon::current_num_threads() * 4
}

/// A file to repair, and where its output goes.
struct FileUnit {
    path: PathBuf,
    /// Path under the output directory.
    relative: PathBuf,
}

/// Repairs files and directories; returns whether the run was a batch (more
/// than one input, or a directory), which earns a summary.
fn run_files(settings: &Settings, tally: &mut Tally) -> anyhow::Result<bool> {
    let args = settings.args;
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create output directory", dir.display()))?;
    }
    let many = args.inputs.len() > 1 || args.inputs.iter().any(|p| p.is_dir());
    // The bar's total costs a walk of its own: made only when the bar shows.
    let progress = progress_bar(args.quiet, || Some(Walk::new(&args.inputs).count() as u64));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut units = Walk::new(&args.inputs);
    loop {
        let window: Vec<FileUnit> = units.by_ref().take(window()).collect::<anyhow::Result<_>>()?;
        if window.is_empty() {
            break;
        }
        let results: Vec<Option<anyhow::Result<Done>>> = window
            .par_iter()
            .map(|unit| {
                let target = args.output.as_ref().map(|dir| dir.join(&unit.relative));
                if args.resume && target.as_ref().is_some_and(|t| t.exists()) {
                    return None;
                }
                let path = unit.path.display().to_string();
                let read = || -> anyhow::Result<Done> {
                    let bytes = read_bytes(&unit.path)?;
                    let source = Source {
                        path: &path,
                        hash: input_hash(&bytes),
                        record: None,
                    };
                    settings.repair(parse_bytes(path.clone(), bytes)?, Some(source), false)
                };
                Some(read())
            })
            .collect();
        for (unit, result) in window.iter().zip(results) {
            progress.inc(1);
            match result {
                None => tally.summary.skipped += 1,
                Some(Err(e)) => tally.error(unit.path.display().to_string(), &e),
                Some(Ok(done)) => {
                    emit_file(&mut out, args, unit, many, &done)?;
                    tally.done(&done)?;
                }
            }
        }
    }
    progress.finish_and_clear();
    out.flush()?;
    Ok(many)
}

/// The files of the inputs, in order: files as given, directories walked
/// recursively in name order (hidden entries skipped), each file keeping its
/// path below its directory. Lazy, so that memory holds one directory's
/// listing per level, not the batch's.
struct Walk<'a> {
    inputs: std::slice::Iter<'a, PathBuf>,
    /// Per open directory: the path below the input, and its entries left.
    stack: Vec<(PathBuf, std::vec::IntoIter<std::fs::DirEntry>)>,
}

impl<'a> Walk<'a> {
    fn new(inputs: &'a [PathBuf]) -> Self {
        Walk {
            inputs: inputs.iter(),
            stack: Vec::new(),
        }
    }

    fn open(&mut self, dir: &Path, relative: PathBuf) -> anyhow::Result<()> {
        let cannot = || format!("{}: cannot read directory", dir.display());
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
            .with_context(cannot)?
            .collect::<Result<_, _>>()
            .with_context(cannot)?;
        entries.sort_by_key(|e| e.file_name());
        self.stack.push((relative, entries.into_iter()));
        Ok(())
    }
}

impl Iterator for Walk<'_> {
    type Item = anyhow::Result<FileUnit>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some((relative, entries)) = self.stack.last_mut() else {
                let input = self.inputs.next()?;
                if input.is_dir() {
                    if let Err(e) = self.open(input, PathBuf::new()) {
                        return Some(Err(e));
                    }
                    continue;
                }
                let name = input.file_name().map_or_else(|| input.clone(), PathBuf::from);
                return Some(Ok(FileUnit {
                    relative: output_name(&name),
                    path: input.clone(),
                }));
            };
            let Some(entry) = entries.next() else {
                self.stack.pop();
                continue;
            };
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let (path, below) = (entry.path(), relative.join(&name));
            if path.is_dir() {
                if let Err(e) = self.open(&path, below) {
                    return Some(Err(e));
                }
                continue;
            }
            if !is_page_file(&path) {
                continue;
            }
            return Some(Ok(FileUnit {
                relative: output_name(&below),
                path,
            }));
        }
    }
}

/// Files a directory walk takes: plain text and markup, by extension (a
/// file named on the command line is read whatever its name).
fn is_page_file(path: &Path) -> bool {
    path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
        matches!(
            x.to_ascii_lowercase().as_str(),
            "txt" | "xml" | "html" | "htm" | "hocr" | "xhtml"
        )
    })
}

/// The repaired text is plain text: a markup input's output gets `.txt` added.
fn output_name(relative: &Path) -> PathBuf {
    let markup = relative.extension().and_then(|x| x.to_str()).is_some_and(|x| {
        matches!(
            x.to_ascii_lowercase().as_str(),
            "xml" | "html" | "htm" | "hocr" | "xhtml"
        )
    });
    if markup {
        let mut name = relative.as_os_str().to_owned();
        name.push(".txt");
        PathBuf::from(name)
    } else {
        relative.to_path_buf()
    }
}

/// Writes one repaired document: as a diff, into the output directory, or to stdout.
fn emit_file(
    out: &mut impl Write,
    args: &RepairArgs,
    unit: &FileUnit,
    many: bool,
    done: &Done,
) -> anyhow::Result<()> {
    let name = &done.name;
    if let Some(baseline) = &done.baseline {
        let repaired = format!("{name} (repaired)");
        write!(out, "{}", unified_diff(baseline, &done.text, name, &repaired))?;
        writeln!(out, "# inline changes in {name}")?;
        write!(out, "{}", inline_diff(baseline, &done.text))?;
        if !done.review_changes.is_empty() {
            writeln!(out, "# suggested for review in {name} (not applied)")?;
            for line in &done.review_changes {
                writeln!(out, "{line}")?;
            }
        }
    } else if let Some(dir) = &args.output {
        let target = dir.join(&unit.relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create", parent.display()))?;
        }
        write_atomic(&target, done.text.as_bytes())?;
    } else {
        if many {
            writeln!(out, "==> {name} <==")?;
        }
        out.write_all(done.text.as_bytes())?;
    }
    Ok(())
}

/// Repairs JSONL records, writing one output record per input record, in order.
fn run_jsonl(settings: &Settings, tally: &mut Tally) -> anyhow::Result<()> {
    let args = settings.args;
    let (mut out, mut skip): (Box<dyn Write>, usize) = match &args.output {
        None => (Box::new(BufWriter::new(std::io::stdout().lock())), 0),
        Some(path) => {
            let (file, done) = open_partial(path, args.resume)?;
            (Box::new(BufWriter::new(file)), done)
        }
    };
    tally.summary.skipped = skip;
    let progress = progress_bar(args.quiet, || None);
    let mut batch: Vec<(String, usize, anyhow::Result<String>)> = Vec::with_capacity(window());
    for input in &args.inputs {
        let source = input.display().to_string();
        let reader: Box<dyn BufRead> = if input == Path::new("-") {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::io::BufReader::new(
                File::open(input).with_context(|| format!("{source}: cannot read"))?,
            ))
        };
        for (k, line) in reader.split(b'\n').enumerate() {
            let line = line.with_context(|| format!("{source}:{}: cannot read", k + 1))?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let text = String::from_utf8(line).map_err(|e| {
                anyhow::anyhow!(
                    "{source}:{}: invalid UTF-8 at byte {} of the line",
                    k + 1,
                    e.utf8_error().valid_up_to()
                )
            });
            batch.push((source.clone(), k + 1, text));
            if batch.len() == window() {
                repair_records(settings, std::mem::take(&mut batch), &mut out, tally)?;
                progress.inc(window() as u64);
            }
        }
    }
    repair_records(settings, batch, &mut out, tally)?;
    progress.finish_and_clear();
    out.flush()?;
    drop(out);
    if let Some(path) = &args.output {
        std::fs::rename(partial_path(path), path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(())
}

/// Repairs one window of records in parallel and writes their output lines in order.
fn repair_records(
    settings: &Settings,
    batch: Vec<(String, usize, anyhow::Result<String>)>,
    out: &mut dyn Write,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let results: Vec<(String, anyhow::Result<(Value, Done)>)> = batch
        .into_par_iter()
        .map(|(source, line, text)| {
            let place = format!("{source}:{line}");
            let result = text.and_then(|text| {
                let record = parse_record(&source, line, &text)?;
                let origin = Source {
                    path: &source,
                    hash: input_hash(text.as_bytes()),
                    record: Some(line),
                };
                let done = settings.repair(record_document(&record)?, Some(origin), true)?;
                let mut fields = record.fields;
                fields.insert("text".into(), Value::String(done.text.clone()));
                fields.insert(
                    "ocrmend".into(),
                    json!({"summary": &done.summary, "paragraphs": &done.provenance}),
                );
                Ok((Value::Object(fields), done))
            });
            (place, result)
        })
        .collect();
    for (place, result) in results {
        match result {
            Ok((record, done)) => {
                serde_json::to_writer(&mut *out, &record)?;
                tally.done(&done)?;
            }
            Err(e) => {
                serde_json::to_writer(&mut *out, &json!({"source": &place, "error": format!("{e:#}")}))?;
                tally.error(place, &e);
            }
        }
        out.write_all(b"\n")?;
    }
    // A killed run leaves whole lines behind it, window by window.
    out.flush()?;
    Ok(())
}

/// Where a JSONL output grows until the run ends and it is renamed into place.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Opens the partial output: fresh, or, when resuming, with the whole lines
/// an earlier run wrote kept (a torn last line is cut off). Returns the file
/// and how many records it already holds.
fn open_partial(path: &Path, resume: bool) -> anyhow::Result<(File, usize)> {
    let partial = partial_path(path);
    let cannot = |p: &Path| format!("{}: cannot write", p.display());
    if resume && !partial.exists() && path.exists() {
        std::fs::rename(path, &partial).with_context(|| cannot(path))?;
    }
    if !resume || !partial.exists() {
        return Ok((File::create(&partial).with_context(|| cannot(&partial))?, 0));
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&partial)
        .with_context(|| cannot(&partial))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    file.set_len(whole as u64)?;
    file.seek(std::io::SeekFrom::End(0))?;
    let lines = bytes[..whole].iter().filter(|&&b| b == b'\n').count();
    Ok((file, lines))
}

/// A progress bar on stderr when it is a terminal; hidden otherwise. With
/// a total, a bar of documents; without, a count of records.
fn progress_bar(quiet: bool, total: impl FnOnce() -> Option<u64>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total = total();
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = match total {
        Some(_) => "{bar:40} {pos}/{len} documents, {per_sec}, eta {eta}",
        None => "{spinner} {pos} records, {per_sec}",
    };
    bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
    bar
}

/// `PATH` with `.ocrmend-tmp` added to a hidden name beside it.
fn temporary_path(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.join(format!(
        ".{}.ocrmend-tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ))
}

/// Writes through a temporary file and a rename, so a reader (or `--resume`)
/// never sees half a file.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = temporary_path(path);
    std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}
