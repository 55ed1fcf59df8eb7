//! `ocrmend repair INPUT...`: repairs files, directories of files, or JSONL
//! records, in parallel windows, and writes the results in input order.
//!
//! Two kinds of batch: files (plain text, ALTO, hOCR, PAGE XML; a directory is
//! read recursively), written to stdout or mirrored into `-o DIR`; and JSONL
//! records (`*.jsonl`, or `-` for stdin), written as JSONL to stdout or to
//! `-o FILE`. Either way one bad document is an error record, not the end of
//! the batch, and `--resume` skips what an interrupted run already wrote. A
//! plain-text, hOCR or ALTO file past `--window` is repaired a window at a
//! time, into its one output.

use super::{progress_bar, Outcome};
use anyhow::bail;
use clap::Args;
use ocrmend::batch::markup_windows::markup_windows;
use ocrmend::batch::text_windows::{file_windows, stdin_windows, WINDOW_READ_AS};
use ocrmend::batch::{
    check_distinct, error_record, fingerprint, for_each_ordered, isolated, process_bytes, repair_record_line,
    walk, window, Destination, Found, Handled, Item, JsonlSink, Origin, OutputGuard, PageFile, PageSink,
    PartialOutput, RecordLines, ReportSink, Run, RunConfig, Sink, SuggestionsSink, TextWindow, WindowMark,
};
use ocrmend::input::{read_bytes, read_stdin, stdin_is_jsonl, EncodingChoice, Format, ReadAs};
use ocrmend::review::manifest_path;
use ocrmend::{Applicability, Error, Options, Repairer, Thresholds};
use std::collections::HashSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
    /// Write a JSON report of every block, edit, flag and output paragraph to
    /// FILE (`-`: standard output, when the text goes to `-o`).
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
    /// Confidence at or above which an edit is suggested for review; a
    /// lost character or move calibrated below it is in the report only.
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
    /// The encoding of the input files (`gb18030`, `big5`, `utf-16le`,
    /// `latin1`, any WHATWG label), or `auto`: a byte-order mark, UTF-8, an
    /// XML declaration, else detection. Gzip inputs are read through. The
    /// output is UTF-8.
    #[arg(long, value_name = "NAME", default_value = "auto")]
    encoding: String,
    /// The reader: text, alto, hocr, page or jsonl (`jsonl` for standard
    /// input holding records), or `auto`: sniffed from each input's content.
    #[arg(long, value_name = "FORMAT", default_value = "auto", value_parser = format_choice)]
    format: FormatChoice,
    /// A plain-text file (UTF-8) larger than this, a gzip file or standard
    /// input holding plain text, is read and repaired a window at a time, each
    /// window a document of its own, ending at the first blank line past
    /// SIZE (or at its 131,072nd blank line, for a text of tiny blocks):
    /// memory stays bounded by the window, and the windows of one
    /// input are repaired in parallel. Statistics, copies and moves are
    /// then found within a window, and the paragraph break at a window's
    /// end is kept. An hOCR or ALTO file larger than this is read a window
    /// of pages at a time, each the file's header and its pages from one
    /// page's start to the first page start past SIZE. `0`: every input
    /// whole. With `--diff` or `--suggestions` inputs are read whole.
    /// Bytes, or with `K`, `M` or `G` (KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "4M", value_parser = byte_size)]
    window: usize,
}

/// `--window`: a count of bytes, `K`, `M` or `G` after it for KiB, MiB, GiB.
fn byte_size(s: &str) -> Result<usize, String> {
    let (digits, shift) = [('K', 10), ('M', 20), ('G', 30)]
        .iter()
        .find_map(|&(unit, shift)| Some((s.strip_suffix([unit, unit.to_ascii_lowercase()])?, shift)))
        .unwrap_or((s, 0));
    let n: usize = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size (bytes, or a number and K, M or G)"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("{s} is too large"))
}

/// `--format`: a reader, or none (`auto`).
#[derive(Debug, Clone, Copy)]
struct FormatChoice(Option<Format>);

fn format_choice(s: &str) -> Result<FormatChoice, String> {
    match s {
        "auto" => Ok(FormatChoice(None)),
        s => s.parse().map(|f| FormatChoice(Some(f))),
    }
}

fn probability(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not between 0 and 1"))
    }
}

/// Where repaired page files go: standard output without `-o`; one page in
/// and an `-o` with an extension that is no folder names that file; else a
/// folder the pages are mirrored into.
fn destination(args: &RepairArgs) -> Destination {
    match (&args.inputs[..], &args.output) {
        (_, None) => Destination::Stdout,
        ([input], Some(out))
            if !input.is_dir()
                && !is_jsonl(input, args.format.0)
                && !out.is_dir()
                && out.extension().is_some() =>
        {
            Destination::File(out.clone())
        }
        (_, Some(out)) => Destination::Folder(out.clone()),
    }
}

impl RepairArgs {
    /// The run configuration these arguments ask for, validated.
    fn config(&self) -> ocrmend::Result<RunConfig> {
        Ok(RunConfig {
            repairer: Repairer::shipped(),
            read_as: ReadAs {
                encoding: EncodingChoice::from_label(&self.encoding)?,
                format: self.format.0,
            },
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
            edits: false,
        })
    }
}

/// Says what the reader left out and what failed, on stderr, and hands the
/// result to the run's sinks.
fn record(run: &mut Run, item: &Item) -> anyhow::Result<()> {
    match item.result {
        Ok(Handled::Done(done)) => {
            for warning in &done.reader_warnings {
                eprintln!("ocrmend: warning: {}: {warning}", done.name);
            }
        }
        Ok(_) => {}
        Err(message) => eprintln!("ocrmend: {message}"),
    }
    Ok(run.item(item)?)
}

pub fn run(args: RepairArgs) -> anyhow::Result<Outcome> {
    let config = args.config()?;
    let jsonl = args.inputs.iter().filter(|p| is_jsonl(p, args.format.0)).count();
    if jsonl > 0 && jsonl < args.inputs.len() {
        bail!("JSONL inputs and files cannot be mixed in one run");
    }
    if jsonl > 0 && args.diff {
        bail!("--diff works on files, not on JSONL records");
    }
    if args.diff && args.output.is_some() {
        bail!("--diff prints to standard output: -o would write nothing (redirect the diff instead)");
    }
    let report_to_stdout = args.report.as_deref() == Some(Path::new("-"));
    if report_to_stdout && (args.output.is_none() || args.diff) {
        bail!("--report - writes the report to standard output: send the text elsewhere with -o");
    }
    if args.suggestions.is_some() && args.inputs.iter().any(|p| p == Path::new("-")) {
        bail!("--suggestions needs JSONL files, not stdin: applying them reads the records again");
    }
    // Every output is checked against the inputs and the other outputs
    // before any work.
    let mut guard = OutputGuard::new(&args.inputs);
    let manifest = args.suggestions.as_deref().map(manifest_path);
    let report_file = args.report.as_ref().filter(|_| !report_to_stdout);
    for (path, what) in [
        (&report_file.cloned(), "--report"),
        (&args.suggestions, "--suggestions"),
        (&manifest, "the manifest beside --suggestions"),
    ] {
        if let Some(path) = path {
            guard.claim_file(path, what)?;
        }
    }
    if let Some(out) = &args.output {
        if jsonl > 0 || matches!(destination(&args), Destination::File(_)) {
            guard.claim_file(out, "-o")?;
        } else {
            check_distinct(&args.inputs)?;
            guard.check_directory(out)?;
        }
    }
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    if report_to_stdout {
        sinks.push(Box::new(ReportSink::streamed(Box::new(std::io::stdout()))?));
    } else if let Some(path) = &args.report {
        sinks.push(Box::new(ReportSink::create(path)?));
    }
    if let (Some(path), Some(manifest)) = (&args.suggestions, &manifest) {
        sinks.push(Box::new(SuggestionsSink::create(path, manifest, config.read_as)?));
    }
    let (run, show_summary) = if jsonl > 0 {
        (run_jsonl(&args, &config, sinks)?, true)
    } else {
        run_files(&args, &config, sinks)?
    };
    let (summary, review_left) = run.finish()?;
    if show_summary && !args.quiet {
        eprintln!("ocrmend: {}", summary.to_string().replace('\n', "\nocrmend: "));
    }
    Ok(if summary.errors > 0 {
        Outcome::Errors
    } else if args.fail_on_review && review_left {
        Outcome::ReviewLeft
    } else {
        Outcome::Clean
    })
}

/// JSONL records: `*.jsonl`, and standard input (`-`) when it holds records
/// (or `--format jsonl` says so); `-` holding a page (text or markup) is
/// repaired as one.
fn is_jsonl(path: &Path, format: Option<Format>) -> bool {
    match (path == Path::new("-"), format) {
        (true, Some(format)) => format == Format::Jsonl,
        (true, None) => stdin_is_jsonl(),
        (false, _) => path.extension().is_some_and(|x| x == "jsonl"),
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
        let handled = process_bytes(&origin, bytes, config)?;
        Ok((handled, origin.hash))
    })
}

/// Repairs files and directories; returns the run and whether it was a
/// batch (more than one input, or a directory), which earns a summary.
fn run_files(
    args: &RepairArgs,
    config: &RunConfig,
    sinks: Vec<Box<dyn Sink>>,
) -> anyhow::Result<(Run, bool)> {
    let destination = destination(args);
    if let Destination::Folder(dir) = &destination {
        std::fs::create_dir_all(dir).map_err(|source| Error::write(dir, source))?;
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
    let pages = PageSink::new(destination.clone(), args.diff, many, std::io::stdout().lock());
    let mut run = Run::new(
        std::iter::once(Box::new(pages) as Box<dyn Sink>)
            .chain(sinks)
            .collect(),
    );
    let mut written: HashSet<PathBuf> = HashSet::new();
    let work = |unit: &Unit| match unit {
        Unit::Found(Found::Page(unit)) => Some(repair_file(unit, args, &destination, config)),
        Unit::Found(Found::Loop(_) | Found::Error(_)) | Unit::Window(_, Err(_)) => None,
        // After a failed window the file gets no output: its later windows
        // are not worked on.
        Unit::Window(file, Ok(window)) => {
            (!file.failed.load(Ordering::Relaxed)).then(|| repair_window(&file.page, window, &file.config))
        }
    };
    let units = walk(&args.inputs, exclude).flat_map(|found| windows_of(found, args, &destination, config));
    for_each_ordered(units, work, |unit, result| -> anyhow::Result<()> {
        let found = match unit {
            Unit::Found(found) => found,
            Unit::Window(file, window) => {
                return emit_window(&mut run, &mut written, args, &file, window, result, &progress);
            }
        };
        let unit = match found {
            Found::Page(unit) => unit,
            Found::Loop(warning) => {
                eprintln!("ocrmend: warning: {warning}");
                return Ok(());
            }
            Found::Error(e) => {
                let (place, message) = (e.to_string(), format!("{e:#}"));
                return record(&mut run, &failed(&place, &message));
            }
        };
        progress.inc(1);
        let place = unit.path.display().to_string();
        let (handled, hash) = match result.expect("every page is worked on") {
            Ok(result) => result,
            Err(e) => return record(&mut run, &failed(&place, &format!("{e:#}"))),
        };
        if let Some(e) = second_writer(&mut written, args, &unit, &place) {
            return record(&mut run, &failed(&place, &format!("{e:#}")));
        }
        let item = Item {
            page: Some(&unit),
            record_line: None,
            result: Ok(&handled),
            place: &place,
            window: None,
        };
        record(&mut run, &item)?;
        Ok(run.input(&unit.path, Some(&hash), &config.options)?)
    })?;
    progress.finish_and_clear();
    Ok((run, many))
}

/// A document or place that failed, as the sinks see it.
fn failed<'a>(place: &'a str, message: &'a str) -> Item<'a> {
    Item {
        page: None,
        record_line: None,
        result: Err(message),
        place,
        window: None,
    }
}

/// The error of an input whose output (into `-o`) an earlier input of the
/// run already writes; else its output is claimed in `written`.
fn second_writer(
    written: &mut HashSet<PathBuf>,
    args: &RepairArgs,
    page: &PageFile,
    place: &str,
) -> Option<Error> {
    (args.output.is_some() && !written.insert(page.output_name.clone())).then(|| Error::UnsafeOutput {
        path: page.output_name.clone(),
        reason: format!("{place} would write the same output as an earlier input"),
    })
}

/// What a run over files works on: what the walk found, or one window of a
/// page file read a window at a time (or why its next one could not be read).
enum Unit {
    Found(Found),
    Window(Arc<WindowedFile>, ocrmend::Result<TextWindow>),
}

/// A page file read a window at a time, the run's configuration with how
/// each window is read, and whether one of its windows failed: the file
/// then gets no output, and its later windows are neither repaired nor
/// reported.
struct WindowedFile {
    page: PageFile,
    config: RunConfig,
    failed: AtomicBool,
}

/// A found page file as the units the run works on: its windows when it is
/// plain text, hOCR or ALTO larger than `--window`, or standard input
/// holding plain text (and the run reads no file whole for `--diff` or
/// `--suggestions`, and `--resume` does not skip it), else itself.
fn windows_of(
    found: Found,
    args: &RepairArgs,
    destination: &Destination,
    config: &RunConfig,
) -> Box<dyn Iterator<Item = Unit>> {
    let Found::Page(page) = &found else {
        return Box::new(std::iter::once(Unit::Found(found)));
    };
    let whole = args.diff
        || args.suggestions.is_some()
        || (args.resume && destination.target(page).is_some_and(|t| t.exists()));
    type Windows = Box<dyn Iterator<Item = std::io::Result<TextWindow>>>;
    let (window, read_as) = (args.window, config.read_as);
    let windows: Option<(Windows, ReadAs)> = match (whole, page.path == Path::new("-")) {
        (true, _) => None,
        (false, true) => stdin_windows(window, read_as).map(|w| (Box::new(w) as Windows, WINDOW_READ_AS)),
        (false, false) => file_windows(&page.path, window, read_as)
            .map(|w| (Box::new(w) as Windows, WINDOW_READ_AS))
            .or_else(|| {
                markup_windows(&page.path, window, read_as).map(|(w, r)| (Box::new(w) as Windows, r))
            }),
    };
    let Some((windows, read_as)) = windows else {
        return Box::new(std::iter::once(Unit::Found(found)));
    };
    let Found::Page(page) = found else {
        unreachable!("matched above")
    };
    let file = Arc::new(WindowedFile {
        page,
        config: RunConfig {
            read_as,
            ..config.clone()
        },
        failed: AtomicBool::new(false),
    });
    Box::new(windows.map(move |window| {
        let window = window.map_err(|source| Error::Io {
            path: file.page.path.clone(),
            source,
        });
        Unit::Window(Arc::clone(&file), window)
    }))
}

/// Repairs one window of a page file as a document of its own, isolated
/// from the rest of the batch.
fn repair_window(
    page: &PageFile,
    window: &TextWindow,
    config: &RunConfig,
) -> ocrmend::Result<(Handled, String)> {
    let name = window.name(&page.path.display().to_string());
    isolated(&name, || {
        let origin = Origin::new(name.clone(), &window.bytes, None);
        let handled = process_bytes(&origin, window.bytes.clone(), config)?;
        Ok((handled, origin.hash))
    })
}

/// Hands one window's result to the run: on the page's output after the
/// windows before it; a failed window (or one that could not be read) is
/// an error for the page, which then gets no output, and its later windows
/// are left out of the report too.
fn emit_window(
    run: &mut Run,
    written: &mut HashSet<PathBuf>,
    args: &RepairArgs,
    file: &WindowedFile,
    window: ocrmend::Result<TextWindow>,
    result: Option<ocrmend::Result<(Handled, String)>>,
    progress: &indicatif::ProgressBar,
) -> anyhow::Result<()> {
    let page = &file.page;
    let path = page.path.display().to_string();
    let (mark, place) = match &window {
        Ok(w) => (
            WindowMark {
                index: w.index,
                last: w.last,
            },
            w.name(&path),
        ),
        // A read error ends the page's windows.
        Err(_) => (
            WindowMark {
                index: usize::MAX,
                last: true,
            },
            path.clone(),
        ),
    };
    if mark.last {
        progress.inc(1);
    }
    // Results come in order: once a window failed, the later ones (worked
    // on or not) are left out of the report as out of the output.
    if file.failed.load(Ordering::Relaxed) {
        return Ok(());
    }
    let result = match (window, result) {
        (Err(e), _) => Err(e),
        (Ok(_), result) => result
            .expect("every window before a failed one is worked on")
            .map(|(handled, _)| handled),
    };
    // The first window claims the file's output, whether or not it failed.
    let taken = (mark.index == 0)
        .then(|| second_writer(written, args, page, &path))
        .flatten();
    let result = match (result, taken) {
        (Ok(_), Some(e)) => Err(e),
        (result, _) => result,
    };
    if result.is_err() {
        file.failed.store(true, Ordering::Relaxed);
    }
    let message;
    let item = Item {
        page: Some(page),
        record_line: None,
        result: match &result {
            Ok(handled) => Ok(handled),
            Err(e) => {
                message = format!("{e:#}");
                Err(&message)
            }
        },
        place: &place,
        window: Some(mark),
    };
    record(run, &item)
}

/// One JSONL line to repair: where it was read, and its text.
struct Line {
    source: String,
    number: usize,
    text: ocrmend::Result<String>,
}

/// Repairs JSONL records, writing one output record per input record, in order.
fn run_jsonl(args: &RepairArgs, config: &RunConfig, sinks: Vec<Box<dyn Sink>>) -> anyhow::Result<Run> {
    let config = RunConfig {
        provenance: true,
        ..config.clone()
    };
    let (partial, skip) = match &args.output {
        None => (None, 0),
        Some(path) => {
            let options = format!("{:?}", config.options);
            let (file, held) = PartialOutput::open(path, &fingerprint(&args.inputs, &options), args.resume)?;
            (Some(file), held)
        }
    };
    // A killed run leaves whole lines behind it, window by window.
    let records = JsonlSink::new(partial, std::io::stdout().lock(), window());
    let mut run = Run::new(
        std::iter::once(Box::new(records) as Box<dyn Sink>)
            .chain(sinks)
            .collect(),
    );
    run.summary.skipped = skip;
    for input in &args.inputs {
        run.input(input, None, &config.options)?;
    }
    let progress = progress_bar(args.quiet, || None);
    let lines = args.inputs.iter().flat_map(records_of).skip(skip);
    for_each_ordered(
        lines,
        |line| repair_line(&config, line),
        |_, out| -> anyhow::Result<()> {
            let item = Item {
                page: None,
                record_line: out.line.as_deref(),
                result: out.result.as_ref().map_err(String::as_str),
                place: &out.place,
                window: None,
            };
            record(&mut run, &item)?;
            progress.inc(1);
            Ok(())
        },
    )?;
    progress.finish_and_clear();
    Ok(run)
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
    match &line.text {
        Ok(text) => {
            let out = repair_record_line(config, &line.source, line.number, text);
            RecordOut {
                line: Some(out.line),
                place,
                result: out.result,
            }
        }
        Err(e) => {
            let message = format!("{e:#}");
            RecordOut {
                line: (line.number > 0).then(|| error_record(None, &place, &message)),
                place,
                result: Err(message),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::byte_size;

    #[test]
    fn a_window_size_is_bytes_or_a_number_and_a_unit() {
        assert_eq!(byte_size("0"), Ok(0));
        assert_eq!(byte_size("65536"), Ok(65536));
        assert_eq!(byte_size("512K"), Ok(512 << 10));
        assert_eq!(byte_size("4m"), Ok(4 << 20));
        assert_eq!(byte_size("1G"), Ok(1 << 30));
        assert!(byte_size("4 MB").unwrap_err().contains("is not a size"));
        assert!(byte_size("-1").is_err());
        assert!(byte_size("99999999999999999999G").is_err());
        assert!(byte_size(&format!("{}G", usize::MAX >> 20))
            .unwrap_err()
            .contains("too large"));
    }
}
