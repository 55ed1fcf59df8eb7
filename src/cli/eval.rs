//! `ocrmend eval GOLD...`: repairs annotated pages and scores ocrmend next to
//! simple baselines, seam by seam, as a table or as JSON.

use super::Outcome;
use anyhow::Context;
use clap::Args;
use ocrmend::eval::{join_counts, naive_joins, score, Counts, Gold};
use ocrmend::input::read_plain_file;
use ocrmend::{repair, Applicability, Options};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotation files (`*.gold.json`); each names its input.
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// One system's figures over all pages.
#[derive(Debug, Default, Serialize)]
struct SystemScore {
    system: &'static str,
    joins: Counts,
    truncated_end: Option<Counts>,
    truncated_start: Option<Counts>,
    seams: usize,
}

#[derive(Debug, Serialize)]
struct EvalReport {
    schema_version: u32,
    pages: usize,
    systems: Vec<SystemScore>,
}

pub fn run(args: EvalArgs) -> anyhow::Result<Outcome> {
    let mut ours = SystemScore {
        system: "ocrmend",
        ..Default::default()
    };
    let (mut truncated_end, mut truncated_start) = (Counts::default(), Counts::default());
    let mut untouched = SystemScore {
        system: "untouched input",
        ..Default::default()
    };
    let mut naive = SystemScore {
        system: "join when no terminal punctuation",
        ..Default::default()
    };
    for path in &args.gold {
        let gold: Gold = serde_json::from_str(
            &std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?,
        )
        .with_context(|| format!("{}: not a gold file", path.display()))?;
        let input = resolve(path, &gold.input);
        let repaired = repair(read_plain_file(&input)?, &Options::default());
        let applied = repaired.apply_at_least(Applicability::Safe);
        let s = score(&repaired, &applied, &gold);
        let seams = repaired.seams.len();
        for (system, joins) in [
            (&mut untouched, BTreeSet::new()),
            (&mut naive, naive_joins(&repaired)),
        ] {
            system.joins.add(join_counts(&joins, &gold));
            system.seams += seams;
        }
        ours.joins.add(s.joins_applied);
        ours.seams += seams;
        truncated_end.add(s.truncated_end);
        truncated_start.add(s.truncated_start);
    }
    // Only ocrmend flags truncations; the baselines have no such column.
    ours.truncated_end = Some(truncated_end);
    ours.truncated_start = Some(truncated_start);
    let report = EvalReport {
        schema_version: 1,
        pages: args.gold.len(),
        systems: vec![ours, untouched, naive],
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    Ok(Outcome::Clean)
}

/// The gold's input path is relative to the repository root; failing that, to the gold file.
fn resolve(gold_path: &Path, input: &str) -> PathBuf {
    let direct = PathBuf::from(input);
    if direct.exists() {
        return direct;
    }
    gold_path.parent().unwrap_or(Path::new(".")).join(input)
}

fn table(report: &EvalReport) -> String {
    let mut out = format!(
        "{} annotated page(s)\n{:<36} {:>9} {:>9} {:>7} {:>12} {:>12} {:>12}\n",
        report.pages,
        "system",
        "seam P",
        "seam R",
        "seam F1",
        "wrong joins",
        "trunc-end F1",
        "trunc-start F1"
    );
    for s in &report.systems {
        let f1 = |c: &Option<Counts>| c.map_or("-".to_string(), |c| format!("{:.3}", c.f1()));
        out.push_str(&format!(
            "{:<36} {:>9.3} {:>9.3} {:>7.3} {:>12} {:>12} {:>12}\n",
            s.system,
            s.joins.precision(),
            s.joins.recall(),
            s.joins.f1(),
            format!("{}/{}", s.joins.fp, s.seams),
            f1(&s.truncated_end),
            f1(&s.truncated_start)
        ));
    }
    out
}
