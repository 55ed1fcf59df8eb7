//! `ocrmend repair INPUT...`: repairs files, directories of files, or JSONL
//! records, in parallel windows, and writes the results in input order.
//!
//! Two kinds of batch: files (plain text, ALTO, hOCR, PAGE XML; a directory is
//! read recursively), written to stdout or mirrored into `-o DIR`; and JSONL
//! records (`*.jsonl`, or `-` for stdin), written as JSONL to stdout or to
//! `-o FILE`. Either way one bad document is an error record, not the end of
//! the batch, and `--resume` skips what an interrupted run already wrote.

use super::Outcome;
use anyhow::bail;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ocrmend::batch::{
    blank_line, check_distinct, error_record, fingerprint, for_each_ordered, isolated, process, read_page,
    repaired_line, walk, window, write_atomic, FileSink, Found, Origin, OutputGuard, Page, PageFile,
    PartialOutput, Processed, RecordLines, RunConfig,
};
use ocrmend::input::{parse_record, read_bytes, read_stdin, record_document, stdin_is_jsonl};
use ocrmend::report::{inline_diff, unified_diff, BatchSummary, ErrorReport, RunReportWriter};
use ocrmend::review::{manifest_path, ManifestEntry};
use ocrmend::{Applicability, Error, Options, Repairer, Thresholds};
use std::collections::HashSet;
use std::io::{BufRead, BufWriter, IsTerminal, Write};
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

/// Where repaired page files go, decided once per run.
enum Destination {
    /// Standard output.
    Stdout,
    /// One file per page, mirrored into this folder.
    Folder(PathBuf),
    /// One page in, and `-o` names a file (it has an extension and is no
    /// folder): the repaired text goes to that file, not into a folder of
    /// that name.
    File(PathBuf),
}

impl Destination {
    fn of(args: &RepairArgs) -> Self {
        match (&args.inputs[..], &args.output) {
            (_, None) => Destination::Stdout,
            ([input], Some(out))
                if !input.is_dir() && !is_jsonl(input) && !out.is_dir() && out.extension().is_some() =>
            {
                Destination::File(out.clone())
            }
            (_, Some(out)) => Destination::Folder(out.clone()),
        }
    }

    /// Where the repaired text of `unit` goes, when not to standard output.
    fn target(&self, unit: &PageFile) -> Option<PathBuf> {
        match self {
            Destination::Stdout => None,
            Destination::Folder(dir) => Some(dir.join(&unit.output_name)),
            Destination::File(file) => Some(file.clone()),
        }
    }
}

impl RepairArgs {
    /// The run configuration these arguments ask for, validated.
    fn config(&self) -> ocrmend::Result<RunConfig> {
        Ok(RunConfig {
            repairer: Repairer::shipped(),
            options: Options {
                keep_lines: self.keep_lines,
                // An explicit safe threshold below the review one lowers both.
                thresholds: Thresholds::new(
                    self.safe_threshold,
                    self.review_threshold.min(self.safe_threshold),
                )?,
            },
            apply_from: if self.apply_review {
                Applicability::Review
            } else {
                Applicability::Safe
            },
            diff: self.diff,
            report: self.report.is_some(),
            suggestions: self.suggestions.is_some(),
            provenance: false,
        })
    }
}

/// What became of one input.
enum Handled {
    /// Done by an earlier run (`--resume`).
    Skipped,
    /// No text: passed through as it was (its text, if any).
    Blank(String),
    /// Repaired.
    Done(Box<Processed>),
}

/// What the run has gathered so far, across documents.
struct Tally {
    summary: BatchSummary,
    report: Option<(RunReportWriter<BufWriter<FileSink>>, PathBuf)>,
    suggestions: Option<(BufWriter<FileSink>, PathBuf)>,
    /// Beside the suggestions: every input of the run, for `apply`.
    manifest: Option<(BufWriter<FileSink>, PathBuf)>,
    review_left: bool,
}

impl Tally {
    fn done(&mut self, done: &Processed) -> anyhow::Result<()> {
        for warning in &done.reader_warnings {
            eprintln!("ocrmend: warning: {}: {warning}", done.name);
        }
        self.summary.merge(&done.summary);
        self.review_left |= done.review_left;
        if let (Some((report, path)), Some(json)) = (self.report.as_mut(), &done.report) {
            report
                .document(json)
                .map_err(|source| write_error(path, source))?;
        }
        if let Some((out, path)) = self.suggestions.as_mut() {
            out.write_all(done.suggestions.as_bytes())
                .map_err(|source| write_error(path, source))?;
        }
        Ok(())
    }

    fn error(&mut self, document: String, error: &dyn std::fmt::Display) {
        eprintln!("ocrmend: {error:#}");
        self.summary.errors += 1;
        if let Some((report, _)) = self.report.as_mut() {
            report.error(ErrorReport {
                document,
                message: format!("{error:#}"),
            });
        }
    }

    /// Lists an input in the manifest (a JSONL input once, with no hash).
    fn manifest(&mut self, input: &Path, hash: Option<String>, config: &RunConfig) -> anyhow::Result<()> {
        if let Some((out, path)) = self.manifest.as_mut() {
            let entry = ManifestEntry {
                input: input.display().to_string(),
                input_hash: hash,
                jsonl: is_jsonl(input),
                options: config.options,
            };
            let line = serde_json::to_string(&entry)? + "\n";
            out.write_all(line.as_bytes())
                .map_err(|source| write_error(path, source))?;
        }
        Ok(())
    }

    fn count(&mut self, result: &Handled) -> anyhow::Result<()> {
        match result {
            Handled::Skipped => self.summary.skipped += 1,
            Handled::Blank(_) => self.summary.blank += 1,
            Handled::Done(done) => self.done(done)?,
        }
        Ok(())
    }
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

pub fn run(args: RepairArgs) -> anyhow::Result<Outcome> {
    let config = args.config()?;
    let jsonl = args.inputs.iter().filter(|p| is_jsonl(p)).count();
    if jsonl > 0 && jsonl < args.inputs.len() {
        bail!("JSONL inputs and files cannot be mixed in one run");
    }
    if jsonl > 0 && args.diff {
        bail!("--diff works on files, not on JSONL records");
    }
    if args.diff && args.output.is_some() {
        bail!("--diff prints to standard output: -o would write nothing (redirect the diff instead)");
    }
    if args.suggestions.is_some() && args.inputs.iter().any(|p| p == Path::new("-")) {
        bail!("--suggestions needs JSONL files, not stdin: applying them reads the records again");
    }
    // Every output is checked against the inputs and the other outputs
    // before any work.
    let mut guard = OutputGuard::new(&args.inputs);
    let manifest = args.suggestions.as_deref().map(manifest_path);
    for (path, what) in [
        (&args.report, "--report"),
        (&args.suggestions, "--suggestions"),
        (&manifest, "the manifest beside --suggestions"),
    ] {
        if let Some(path) = path {
            guard.claim_file(path, what)?;
        }
    }
    if let Some(out) = &args.output {
        if jsonl > 0 || matches!(Destination::of(&args), Destination::File(_)) {
            guard.claim_file(out, "-o")?;
        } else {
            check_distinct(&args.inputs)?;
            guard.check_directory(out)?;
        }
    }
    let mut tally = Tally {
        summary: BatchSummary::default(),
        report: match &args.report {
            Some(path) => Some((
                RunReportWriter::new(BufWriter::new(FileSink::create(path)?))
                    .map_err(|source| write_error(path, source))?,
                path.clone(),
            )),
            None => None,
        },
        suggestions: match &args.suggestions {
            Some(path) => Some((BufWriter::new(FileSink::create(path)?), path.clone())),
            None => None,
        },
        manifest: match &manifest {
            Some(path) => Some((BufWriter::new(FileSink::create(path)?), path.to_path_buf())),
            None => None,
        },
        review_left: false,
    };
    let show_summary = if jsonl > 0 {
        run_jsonl(&args, &config, &mut tally)?;
        true
    } else {
        run_files(&args, &config, &mut tally)?
    };
    if let Some((report, path)) = tally.report.take() {
        let sink = report
            .finish(&tally.summary)
            .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
            .map_err(|source| write_error(&path, source))?;
        sink.commit()?;
    }
    for (out, path) in [tally.suggestions.take(), tally.manifest.take()]
        .into_iter()
        .flatten()
    {
        out.into_inner()
            .map_err(|e| write_error(&path, e.into_error()))?
            .commit()?;
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

/// JSONL records: `*.jsonl`, and standard input (`-`) when it holds records;
/// `-` holding a page (text or markup) is repaired as one.
fn is_jsonl(path: &Path) -> bool {
    match path == Path::new("-") {
        true => stdin_is_jsonl(),
        false => path.extension().is_some_and(|x| x == "jsonl"),
    }
}

/// Repairs one page file, isolated from the rest of the batch; returns what
/// became of it and the hash of its bytes.
fn repair_file(
    unit: &PageFile,
    args: &RepairArgs,
    destination: &Destination,
    config: &RunConfig,
) -> ocrmend::Result<(Handled, String)> {
    let done_before = destination.target(unit).is_some_and(|target| target.exists());
    if args.resume && done_before {
        return Ok((Handled::Skipped, String::new()));
    }
    let path = unit.path.display().to_string();
    isolated(&path, || {
        let bytes = match unit.path == Path::new("-") {
            true => read_stdin()?,
            false => read_bytes(&unit.path)?,
        };
        let origin = Origin::new(path.clone(), &bytes, None);
        let handled = match read_page(path.clone(), bytes)? {
            Page::Text(doc) => Handled::Done(Box::new(process(doc, &origin, config)?)),
            Page::Blank(text) => Handled::Blank(text),
        };
        Ok((handled, origin.hash))
    })
}

/// Repairs files and directories; returns whether the run was a batch (more
/// than one input, or a directory), which earns a summary.
fn run_files(args: &RepairArgs, config: &RunConfig, tally: &mut Tally) -> anyhow::Result<bool> {
    let destination = Destination::of(args);
    if let Destination::Folder(dir) = &destination {
        std::fs::create_dir_all(dir).map_err(|source| write_error(dir, source))?;
    }
    let many = args.inputs.len() > 1 || args.inputs.iter().any(|p| p.is_dir());
    let exclude = args.output.as_deref();
    // The bar's total costs a walk of its own: made only when the bar shows.
    let progress = progress_bar(args.quiet, || {
        Some(
            walk(&args.inputs, exclude)
                .filter(|f| matches!(f, Found::Page(_)))
                .count() as u64,
        )
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut written: HashSet<PathBuf> = HashSet::new();
    let work = |found: &Found| match found {
        Found::Page(unit) => Some(repair_file(unit, args, &destination, config)),
        Found::Loop(_) | Found::Error(_) => None,
    };
    for_each_ordered(
        walk(&args.inputs, exclude),
        work,
        |found, result| -> anyhow::Result<()> {
            let unit = match found {
                Found::Page(unit) => unit,
                Found::Loop(warning) => {
                    eprintln!("ocrmend: warning: {warning}");
                    return Ok(());
                }
                Found::Error(e) => {
                    tally.error(e.to_string(), &e);
                    return Ok(());
                }
            };
            progress.inc(1);
            let (result, hash) = match result.expect("every page is worked on") {
                Ok(result) => result,
                Err(e) => {
                    tally.error(unit.path.display().to_string(), &e);
                    return Ok(());
                }
            };
            if args.output.is_some() && !written.insert(unit.output_name.clone()) {
                let e = Error::UnsafeOutput {
                    path: unit.output_name.clone(),
                    reason: format!(
                        "{} would write the same output as an earlier input",
                        unit.path.display()
                    ),
                };
                tally.error(unit.path.display().to_string(), &e);
                return Ok(());
            }
            emit_file(&mut out, args.diff, &destination, &unit, many, &result)?;
            tally.count(&result)?;
            tally.manifest(&unit.path, Some(hash), config)
        },
    )?;
    progress.finish_and_clear();
    out.flush()?;
    Ok(many)
}

/// Writes one repaired document: as a diff, into the output directory, or to stdout.
fn emit_file(
    out: &mut impl Write,
    diff: bool,
    destination: &Destination,
    unit: &PageFile,
    many: bool,
    result: &Handled,
) -> anyhow::Result<()> {
    let (name, text) = match result {
        Handled::Skipped => return Ok(()),
        Handled::Blank(text) => (unit.path.display().to_string(), text),
        Handled::Done(done) => (done.name.clone(), &done.text),
    };
    if let Handled::Done(done) = result {
        if let Some(baseline) = &done.baseline {
            let repaired = format!("{name} (repaired)");
            write!(out, "{}", unified_diff(baseline, &done.text, &name, &repaired))?;
            writeln!(out, "# inline changes in {name}")?;
            write!(out, "{}", inline_diff(baseline, &done.text))?;
            if !done.review_changes.is_empty() {
                writeln!(out, "# suggested for review in {name} (not applied)")?;
                for line in &done.review_changes {
                    writeln!(out, "{line}")?;
                }
            }
            return Ok(());
        }
    }
    if diff {
        return Ok(());
    }
    if let Some(target) = destination.target(unit) {
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| write_error(parent, source))?;
        }
        write_atomic(&target, text.as_bytes())?;
    } else {
        if many {
            writeln!(out, "==> {name} <==")?;
        }
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// One JSONL line to repair: where it was read, and its text.
struct Line {
    source: String,
    number: usize,
    text: ocrmend::Result<String>,
}

/// Repairs JSONL records, writing one output record per input record, in order.
fn run_jsonl(args: &RepairArgs, config: &RunConfig, tally: &mut Tally) -> anyhow::Result<()> {
    let config = RunConfig {
        provenance: true,
        ..config.clone()
    };
    let (mut partial, skip) = match &args.output {
        None => (None, 0),
        Some(path) => {
            let options = format!("{:?}", config.options);
            let (file, held) = PartialOutput::open(path, &fingerprint(&args.inputs, &options), args.resume)?;
            (Some(BufWriter::new(file)), held)
        }
    };
    tally.summary.skipped = skip;
    for input in &args.inputs {
        tally.manifest(input, None, &config)?;
    }
    let stdout = std::io::stdout();
    let mut console = stdout.lock();
    let progress = progress_bar(args.quiet, || None);
    let lines = args.inputs.iter().flat_map(records_of).skip(skip);
    let mut since_flush = 0;
    for_each_ordered(
        lines,
        |line| repair_line(&config, line),
        |_, record| -> anyhow::Result<()> {
            if let Some(line) = &record.line {
                let written = match partial.as_mut() {
                    Some(out) => writeln!(out, "{line}").map_err(|e| out.get_ref().error(e).into()),
                    None => writeln!(console, "{line}").map_err(anyhow::Error::from),
                };
                written?;
            }
            match record.result {
                Ok(handled) => tally.count(&handled)?,
                Err(e) => tally.error(record.place, &e),
            }
            progress.inc(1);
            // A killed run leaves whole lines behind it, window by window.
            since_flush += 1;
            if since_flush == window() {
                since_flush = 0;
                flush(&mut partial, &mut console)?;
            }
            Ok(())
        },
    )?;
    flush(&mut partial, &mut console)?;
    progress.finish_and_clear();
    if let Some(partial) = partial {
        partial.into_parts().0.finish()?;
    }
    Ok(())
}

/// The lines of one JSONL input (standard input for `-`); an input that
/// cannot be opened is one line whose text is the error.
fn records_of(input: &PathBuf) -> Box<dyn Iterator<Item = Line>> {
    let source = input.display().to_string();
    let reader: Box<dyn BufRead> = if input == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(input) {
            Ok(file) => Box::new(std::io::BufReader::new(file)),
            Err(e) => {
                let text = Err(Error::Io {
                    path: input.clone(),
                    source: e,
                });
                return Box::new(std::iter::once(Line {
                    source,
                    number: 0,
                    text,
                }));
            }
        }
    };
    Box::new(
        RecordLines::new(reader, input.clone()).map(move |(number, line)| Line {
            text: line.and_then(|line| {
                String::from_utf8(line).map_err(|e| Error::InvalidUtf8 {
                    name: format!("{source}:{number}"),
                    offset: e.utf8_error().valid_up_to(),
                })
            }),
            source: source.clone(),
            number,
        }),
    )
}

/// Flushes the output records written so far.
fn flush(partial: &mut Option<BufWriter<PartialOutput>>, console: &mut impl Write) -> anyhow::Result<()> {
    match partial {
        Some(out) => out.flush().map_err(|e| out.get_ref().error(e))?,
        None => console.flush()?,
    }
    Ok(())
}

/// One record's output line (none for an input that could not be opened),
/// where it was read, and what became of it.
struct RecordOut {
    line: Option<String>,
    place: String,
    /// What became of it, or why it failed.
    result: Result<Handled, String>,
}

/// Repairs one record, isolated from the rest of the batch.
fn repair_line(config: &RunConfig, line: &Line) -> RecordOut {
    let place = format!("{}:{}", line.source, line.number);
    let text = match &line.text {
        Ok(text) => text,
        Err(e) => {
            let message = format!("{e:#}");
            return RecordOut {
                line: (line.number > 0).then(|| error_record(None, &place, &message)),
                place,
                result: Err(message),
            };
        }
    };
    match isolated(&place, || repair_record(config, &line.source, line.number, text)) {
        Ok((out, handled)) => RecordOut {
            line: Some(out),
            place,
            result: Ok(handled),
        },
        Err(e) => {
            let message = format!("{e:#}");
            RecordOut {
                line: Some(error_record(Some(text), &place, &message)),
                place,
                result: Err(message),
            }
        }
    }
}

/// One record: its output line and what became of it.
fn repair_record(
    config: &RunConfig,
    source: &str,
    number: usize,
    line: &str,
) -> ocrmend::Result<(String, Handled)> {
    let record = parse_record(source, number, line)?;
    let origin = Origin::new(source.to_string(), line.as_bytes(), Some(number));
    match record_document(&record) {
        Ok(doc) => {
            let done = process(doc, &origin, config)?;
            Ok((
                repaired_line(line, record.text(), &done),
                Handled::Done(Box::new(done)),
            ))
        }
        Err(Error::Empty { .. }) => Ok((blank_line(line), Handled::Blank(record.text().to_string()))),
        Err(e) => Err(e),
    }
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
