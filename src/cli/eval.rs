//! `ocrmend eval GOLD...`: repairs annotated or simulated pages and scores
//! ocrmend next to the baselines on the same pages, as a table or as JSON.
//! Each argument (a gold file, or a directory of them) is one set, scored on
//! its own; thresholds turn the run into a quality gate for CI.

use super::Outcome;
use anyhow::Context;
use clap::Args;
use ocrmend::batch::{write_atomic, OutputGuard};
use ocrmend::eval::{
    evaluate_page, evaluate_text, fit_calibration, CalibrationTarget, Gold, Reliability, SystemTotals,
    TrainingRow, MIN_EDITS_PER_STEP, SYSTEMS,
};
use ocrmend::input::read_file;
use ocrmend::lm::LanguageModel;
use ocrmend::repair::Calibration;
use ocrmend::{DecisionModel, EditKind, Options, Repairer, Thresholds};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("fitted_kinds").multiple(true).args(["calibrate", "calibrate_suggestions"])))]
pub struct EvalArgs {
    /// Gold files (`*.gold.json`) or directories of them; each argument is one set.
    #[arg(required = true)]
    sets: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Another tool's output for the same pages, as `NAME=DIR`: DIR holds one
    /// text file per page, named as the page (see scripts/unstructured_baseline.py).
    #[arg(long = "baseline", value_name = "NAME=DIR", value_parser = baseline)]
    baselines: Vec<(String, PathBuf)>,
    /// Confidence at or above which ocrmend applies an edit (as `repair --safe-threshold`).
    #[arg(long, value_name = "P", default_value_t = Thresholds::default().safe)]
    safe_threshold: f64,
    /// Fail (exit 1) when ocrmend's seam F1 on a set is below this.
    #[arg(long, value_name = "F1")]
    min_seam_f1: Option<f64>,
    /// Fail (exit 1) when ocrmend glues more than this many paragraphs per 1,000 seams.
    #[arg(long, value_name = "N")]
    max_wrong_joins_per_1000: Option<f64>,
    /// Also print, per edit kind, how often ocrmend's edits were right in
    /// each confidence bin, and the expected calibration error.
    #[arg(long)]
    reliability: bool,
    /// Also write every seam of every page as a training row (JSONL: the set,
    /// the page, the two blocks, the gold's join or keep, the confidence, and
    /// every feature with its value and weight), every join across a caption,
    /// and every line break the split-word model weighed (`kind`
    /// `split_word`: its terms and the gold's split), for fitting the decisions.
    #[arg(long, value_name = "FILE")]
    features: Option<PathBuf>,
    /// Decide with this decision model instead of the shipped one
    /// (`crates/ocrmend/data/decision-model.json`): how a new fit
    /// (scripts/fit-seams.sh) is tried before it ships.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Fit what a confidence means for the kinds named by `--calibrate` and
    /// `--calibrate-suggestions` on the sets' judged edits, and write the
    /// calibration (JSON, the decision model's `calibration`) to FILE. The
    /// sets are repaired with every confidence as scored: the model's own
    /// calibration is set aside.
    #[arg(long, value_name = "FILE", requires = "fitted_kinds")]
    fit_calibration: Option<PathBuf>,
    /// An edit kind `--fit-calibration` fits (`move_fragment`, …), every
    /// edit of it; repeatable.
    #[arg(long = "calibrate", value_name = "KIND", value_parser = edit_kind, requires = "fit_calibration")]
    calibrate: Vec<EditKind>,
    /// An edit kind `--fit-calibration` fits on its suggestions only, the
    /// edits scored below the safe threshold (`join_paragraphs`: what a
    /// suggested join's confidence means, its applied joins keeping the
    /// seam model's score); repeatable.
    #[arg(long = "calibrate-suggestions", value_name = "KIND", value_parser = edit_kind, requires = "fit_calibration")]
    calibrate_suggestions: Vec<EditKind>,
}

/// The figures of one set of pages.
#[derive(Debug, Serialize)]
struct SetReport {
    set: String,
    pages: usize,
    systems: Vec<NamedTotals>,
    /// The same figures for the pages of each condition the gold names
    /// (`degradation 2`), when it names any.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    by_condition: BTreeMap<String, Vec<NamedTotals>>,
    /// Every seam, join across and weighed line break of the set's pages,
    /// for `--features`.
    #[serde(skip)]
    rows: Vec<TrainingRow>,
}

fn edit_kind(s: &str) -> Result<EditKind, String> {
    EditKind::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = EditKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("no edit kind `{s}` (one of {})", names.join(", "))
    })
}

fn baseline(s: &str) -> Result<(String, PathBuf), String> {
    let (name, dir) = s.split_once('=').ok_or("expected NAME=DIR")?;
    Ok((name.to_string(), PathBuf::from(dir)))
}

#[derive(Debug, Serialize)]
struct NamedTotals {
    system: String,
    #[serde(flatten)]
    totals: SystemTotals,
    seam_precision: f64,
    seam_recall: f64,
    seam_f1: f64,
    wrong_joins_per_1000: f64,
    paragraph_f1: Option<f64>,
    cer: Option<f64>,
    input_cer: Option<f64>,
}

#[derive(Debug, Serialize)]
struct EvalReport {
    schema_version: u32,
    sets: Vec<SetReport>,
}

pub fn run(args: EvalArgs) -> anyhow::Result<Outcome> {
    let mut sets = Vec::new();
    // An explicit safe threshold below the review one lowers both, as in `repair`.
    let review = Thresholds::default().review.min(args.safe_threshold);
    let options = Options {
        thresholds: Thresholds::new(args.safe_threshold, review)?,
        ..Options::default()
    };
    let mut guard = OutputGuard::new(&args.sets);
    if let Some(path) = &args.features {
        guard.claim_file(path, "--features")?;
    }
    if let Some(path) = &args.fit_calibration {
        guard.claim_file(path, "--fit-calibration")?;
    }
    let mut model = match &args.model {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
            DecisionModel::from_json(&text).with_context(|| format!("{}", path.display()))?
        }
        None => DecisionModel::shipped().clone(),
    };
    if args.fit_calibration.is_some() {
        model.calibration = Calibration::default();
    }
    let repairer = Repairer::new(&model, LanguageModel::shipped());
    for set in &args.sets {
        sets.push(evaluate_set(repairer, set, &options, &args.baselines)?);
    }
    if let Some(path) = &args.features {
        let mut lines = String::new();
        for row in sets.iter().flat_map(|s| &s.rows) {
            lines.push_str(&serde_json::to_string(row)?);
            lines.push('\n');
        }
        write_atomic(path, lines.as_bytes())?;
    }
    if let Some(path) = &args.fit_calibration {
        let whole = args
            .calibrate
            .iter()
            .map(|&kind| CalibrationTarget { kind, below: None });
        let suggested = args.calibrate_suggestions.iter().map(|&kind| CalibrationTarget {
            kind,
            below: Some(options.thresholds.safe),
        });
        let targets: Vec<CalibrationTarget> = whole.chain(suggested).collect();
        let calibration = fit_sets_calibration(&sets, &targets)?;
        write_atomic(path, serde_json::to_string_pretty(&calibration)?.as_bytes())?;
    }
    let report = EvalReport {
        schema_version: 1,
        sets,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
        if args.reliability {
            print!("{}", reliability_tables(&report));
        }
    }
    let mut failed = false;
    for set in &report.sets {
        let ours = &set.systems[0];
        if let Some(min) = args.min_seam_f1.filter(|&m| ours.seam_f1 < m) {
            eprintln!("ocrmend: {}: seam F1 {:.4} is below {min}", set.set, ours.seam_f1);
            failed = true;
        }
        if let Some(max) = args
            .max_wrong_joins_per_1000
            .filter(|&m| ours.wrong_joins_per_1000 > m)
        {
            eprintln!(
                "ocrmend: {}: {:.2} wrong joins per 1,000 seams is above {max}",
                set.set, ours.wrong_joins_per_1000
            );
            failed = true;
        }
    }
    Ok(if failed {
        Outcome::ReviewLeft
    } else {
        Outcome::Clean
    })
}

/// The calibration of `targets` fitted on the edits of theirs the sets' gold judged.
fn fit_sets_calibration(sets: &[SetReport], targets: &[CalibrationTarget]) -> anyhow::Result<Calibration> {
    let mut judged = Reliability::default();
    for set in sets {
        if let Some(r) = &set.systems[0].totals.reliability {
            judged.add(r);
        }
    }
    let made = format!(
        "ocrmend eval --fit-calibration on {}: isotonic, steps of at least {MIN_EDITS_PER_STEP} judged edits",
        sets.iter().map(|s| s.set.as_str()).collect::<Vec<_>>().join(" ")
    );
    Ok(fit_calibration(&judged, targets, made)?)
}

/// One page scored: its condition, every system's figures, its seams as rows.
type ScoredPage = (Option<String>, Vec<SystemTotals>, Vec<TrainingRow>);

fn evaluate_set(
    repairer: Repairer,
    set: &Path,
    options: &Options,
    baselines: &[(String, PathBuf)],
) -> anyhow::Result<SetReport> {
    let golds = gold_files(set)?;
    anyhow::ensure!(!golds.is_empty(), "{}: no *.gold.json files", set.display());
    let pages: Vec<anyhow::Result<ScoredPage>> = golds
        .par_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
            let gold: Gold = serde_json::from_str(&text)
                .with_context(|| format!("{}: not a gold file", path.display()))?;
            let document = read_file(&resolve(path, &gold.input))?;
            let mut systems = Vec::new();
            for (name, dir) in baselines {
                let page = Path::new(&gold.input).file_name().unwrap_or_default();
                let output = dir.join(page);
                let text = std::fs::read_to_string(&output)
                    .with_context(|| format!("{}: cannot read the output of {name}", output.display()))?;
                systems.push(evaluate_text(&document, &gold, &text));
            }
            let (mut ours, rows) = evaluate_page(repairer, document, &gold, options);
            ours.extend(systems);
            Ok((gold.condition.clone(), ours, rows))
        })
        .collect();
    let names: Vec<String> = SYSTEMS
        .iter()
        .map(|s| s.to_string())
        .chain(baselines.iter().map(|(name, _)| name.clone()))
        .collect();
    let mut totals = vec![SystemTotals::default(); names.len()];
    let mut by_condition: BTreeMap<String, Vec<SystemTotals>> = BTreeMap::new();
    let mut rows = Vec::new();
    for page in pages {
        let (condition, systems, page_rows) = page?;
        if let Some(condition) = condition {
            let sums = by_condition
                .entry(condition)
                .or_insert_with(|| vec![SystemTotals::default(); names.len()]);
            for (sum, system) in sums.iter_mut().zip(&systems) {
                sum.add(system);
            }
        }
        for (total, system) in totals.iter_mut().zip(systems) {
            total.add(&system);
        }
        rows.extend(page_rows);
    }
    Ok(SetReport {
        rows,
        set: set.display().to_string(),
        pages: golds.len(),
        systems: named(&names, totals),
        by_condition: by_condition
            .into_iter()
            .map(|(condition, totals)| (condition, named(&names, totals)))
            .collect(),
    })
}

/// Each system's totals with the rates read off them.
fn named(names: &[String], totals: Vec<SystemTotals>) -> Vec<NamedTotals> {
    names
        .iter()
        .zip(totals)
        .map(|(system, totals)| NamedTotals {
            system: system.clone(),
            seam_precision: totals.joins.precision(),
            seam_recall: totals.joins.recall(),
            seam_f1: totals.joins.f1(),
            wrong_joins_per_1000: totals.wrong_joins_per_1000(),
            paragraph_f1: totals.paragraph_f1(),
            cer: totals.cer(),
            input_cer: totals.input_cer(),
            totals,
        })
        .collect()
}

/// A gold file, or the `*.gold.json` files of a directory in name order.
fn gold_files(set: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if !set.is_dir() {
        return Ok(vec![set.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(set)
        .with_context(|| format!("{}: cannot read", set.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    files.sort();
    Ok(files)
}

/// The gold's input path is relative to the gold file; failing that, to the working directory.
fn resolve(gold_path: &Path, input: &str) -> PathBuf {
    let beside = gold_path.parent().unwrap_or(Path::new(".")).join(input);
    if beside.exists() {
        beside
    } else {
        PathBuf::from(input)
    }
}

fn table(report: &EvalReport) -> String {
    let mut out = String::new();
    for set in &report.sets {
        let _ = writeln!(out, "{} ({} pages)", set.set, set.pages);
        let _ = writeln!(
            out,
            "{:<52} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7} {:>6} {:>9} {:>8} {:>8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7}",
            "system",
            "seam P",
            "seam R",
            "F1",
            "wrong/1k",
            "hd join",
            "para F1",
            "CER",
            "input CER",
            "t-end F1",
            "t-start",
            "lost R",
            "dup R",
            "move P",
            "move R",
            "hyph P",
            "hyph R",
            "split P",
            "split R"
        );
        for s in &set.systems {
            row(&mut out, &s.system, s);
        }
        for (condition, systems) in &set.by_condition {
            for s in systems {
                row(&mut out, &format!("[{condition}] {}", s.system), s);
            }
        }
        out.push('\n');
    }
    out
}

/// One system's line of the table.
fn row(out: &mut String, name: &str, s: &NamedTotals) {
    type Figure = Option<ocrmend::eval::Counts>;
    let f1 = |c: Figure| c.map_or("-".to_string(), |c| format!("{:.3}", c.f1()));
    let recall = |c: Figure| c.map_or("-".to_string(), |c| format!("{:.3}", c.recall()));
    let precision = |c: Figure| c.map_or("-".to_string(), |c| format!("{:.3}", c.precision()));
    let rate = |r: Option<f64>, digits: usize| r.map_or("-".to_string(), |r| format!("{r:.digits$}"));
    let t = &s.totals;
    let _ = writeln!(
        out,
        "{:<52} {:>6.3} {:>6.3} {:>6.3} {:>9.2} {:>7} {:>7} {:>6} {:>9} {:>8} {:>8} {:>6} {:>6.3} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7}",
        name,
        s.seam_precision,
        s.seam_recall,
        s.seam_f1,
        s.wrong_joins_per_1000,
        t.heading_joins,
        rate(s.paragraph_f1, 3),
        rate(s.cer, 4),
        rate(s.input_cer, 4),
        f1(t.truncated_end),
        f1(t.truncated_start),
        recall(t.lost_characters),
        t.duplicates.recall(),
        precision(t.moves),
        recall(t.moves),
        precision(t.dehyphenation),
        recall(t.dehyphenation),
        precision(t.split_words),
        recall(t.split_words),
    );
}

/// Per set and edit kind: each confidence bin's edits, precision and mean
/// confidence, and the kind's expected calibration error.
fn reliability_tables(report: &EvalReport) -> String {
    use ocrmend::eval::BIN_EDGES;
    let mut out = String::new();
    for set in &report.sets {
        let Some(r) = &set.systems[0].totals.reliability else {
            continue;
        };
        for (kind, bins) in &r.kinds {
            let ece = r.expected_calibration_error(kind).unwrap_or(0.0);
            let _ = writeln!(out, "{} — {kind} (ECE {ece:.3})", set.set);
            let _ = writeln!(
                out,
                "  {:<12} {:>7} {:>9} {:>9}",
                "confidence", "edits", "right", "mean conf"
            );
            for (i, b) in bins.iter().enumerate().filter(|(_, b)| b.edits > 0) {
                let upper = BIN_EDGES.get(i + 1).copied().unwrap_or(1.0);
                let _ = writeln!(
                    out,
                    "  {:<12} {:>7} {:>9.3} {:>9.3}",
                    format!("{:.2}–{upper:.2}", BIN_EDGES[i]),
                    b.edits,
                    b.precision().unwrap_or(0.0),
                    b.mean_confidence().unwrap_or(0.0)
                );
            }
        }
        out.push('\n');
    }
    out
}
