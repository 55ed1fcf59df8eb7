//! `ocrmend repair FILE...`: repairs each input in parallel and writes the
//! results in input order.

use super::Outcome;
use anyhow::Context;
use clap::Args;
use ocrmend::edit::Applied;
use ocrmend::input::read_file;
use ocrmend::report::{
    document_report, inline_diff, unified_diff, ErrorReport, RunReport, REPORT_SCHEMA_VERSION,
};
use ocrmend::{repair, Applicability, Options, Repair, Thresholds};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// Plain-text OCR files: blocks separated by blank lines.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Write one repaired file per input into DIR instead of printing to stdout.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Print a unified diff and an inline character diff instead of the text.
    #[arg(long)]
    diff: bool,
    /// Write a JSON report of every block, edit and flag to FILE.
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
}

fn probability(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not between 0 and 1"))
    }
}

struct Done {
    repair: Repair,
    applied: Applied,
    baseline: String,
}

pub fn run(args: RepairArgs) -> anyhow::Result<Outcome> {
    let options = Options {
        keep_lines: args.keep_lines,
        thresholds: Thresholds {
            safe: args.safe_threshold,
            review: args.review_threshold.min(args.safe_threshold),
        },
    };
    let min = if args.apply_review {
        Applicability::Review
    } else {
        Applicability::Safe
    };
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create output directory", dir.display()))?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut errors = Vec::new();
    let mut documents = Vec::new();
    let mut review_left = false;
    let many = args.files.len() > 1;
    // Compute in parallel, emit in input order; a window at a time, so that
    // memory stays flat however many files the batch holds.
    let window = rayon::current_num_threads() * 4;
    for paths in args.files.chunks(window) {
        let results: Vec<ocrmend::Result<Done>> = paths
            .par_iter()
            .map(|path| {
                let doc = read_file(path)?;
                let repair = repair(doc, &options);
                let applied = repair.apply_at_least(min);
                let baseline = if args.diff {
                    repair.apply(|_| false).text
                } else {
                    String::new()
                };
                Ok(Done {
                    repair,
                    applied,
                    baseline,
                })
            })
            .collect();
        for (path, result) in paths.iter().zip(results) {
            let done = match result {
                Ok(done) => done,
                Err(e) => {
                    eprintln!("ocrmend: {e}");
                    errors.push(ErrorReport {
                        document: path.display().to_string(),
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            review_left |= done.applied.applied.len() < done.repair.edits.len();
            emit(&mut out, &args, path, many, &done)?;
            if args.report.is_some() {
                let json = serde_json::to_string_pretty(&document_report(&done.repair, &done.applied))?;
                documents.push(serde_json::value::RawValue::from_string(json)?);
            }
        }
    }
    out.flush()?;
    if let Some(report_path) = &args.report {
        let report = RunReport {
            schema_version: REPORT_SCHEMA_VERSION,
            tool: "ocrmend",
            version: env!("CARGO_PKG_VERSION"),
            documents,
            errors,
        };
        write_atomic(report_path, serde_json::to_string_pretty(&report)?.as_bytes())?;
        if !report.errors.is_empty() {
            return Ok(Outcome::Errors);
        }
    } else if !errors.is_empty() {
        return Ok(Outcome::Errors);
    }
    Ok(if args.fail_on_review && review_left {
        Outcome::ReviewLeft
    } else {
        Outcome::Clean
    })
}

/// Writes one repaired document: as a diff, into the output directory, or to stdout.
fn emit(out: &mut impl Write, args: &RepairArgs, path: &Path, many: bool, done: &Done) -> anyhow::Result<()> {
    let name = &done.repair.document.name;
    if args.diff {
        let repaired = format!("{name} (repaired)");
        write!(
            out,
            "{}",
            unified_diff(&done.baseline, &done.applied.text, name, &repaired)
        )?;
        writeln!(out, "# inline changes in {name}")?;
        write!(out, "{}", inline_diff(&done.baseline, &done.applied.text))?;
    } else if let Some(dir) = &args.output {
        write_atomic(&dir.join(output_name(path)), done.applied.text.as_bytes())?;
    } else {
        if many {
            writeln!(out, "==> {name} <==")?;
        }
        out.write_all(done.applied.text.as_bytes())?;
    }
    Ok(())
}

fn output_name(path: &Path) -> PathBuf {
    PathBuf::from(path.file_name().unwrap_or(path.as_os_str()))
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.ocrmend-tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ));
    std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}
