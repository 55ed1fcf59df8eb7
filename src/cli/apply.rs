//! `ocrmend apply SUGGESTIONS --decisions FILE`: repairs each input again
//! with the options its suggestions were made with, applies what is safe
//! plus what the reviewers accepted, and logs what was applied. It refuses an
//! input that changed since (its hash differs), and running it again gives
//! the same output: it always starts from the input, never from its output.

use super::review::{default_decisions, read_suggestions};
use super::Outcome;
use anyhow::{bail, Context};
use clap::Args;
use ocrmend::input::{parse_bytes, read_bytes};
use ocrmend::review::{current_decisions, input_hash, read_decisions, Decision, Suggestion};
use ocrmend::{repair, Applicability};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Suggestions JSONL, as `ocrmend repair --suggestions` writes it.
    suggestions: PathBuf,
    /// Decisions log (default: beside the suggestions, as `ocrmend review` writes it).
    #[arg(long, value_name = "FILE")]
    decisions: Option<PathBuf>,
    /// Write one repaired text per input into DIR (and the log there)
    /// instead of stdout.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Write the log of applied suggestions to FILE (JSONL); default with
    /// `-o`: DIR/applied.jsonl.
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
}

pub fn run(args: ApplyArgs) -> anyhow::Result<Outcome> {
    let suggestions = read_suggestions(&args.suggestions)?;
    let decisions_path = args
        .decisions
        .clone()
        .unwrap_or_else(|| default_decisions(&args.suggestions));
    let records = read_decisions(&decisions_path)?;
    let decided = current_decisions(&records);
    let last_act: BTreeMap<&str, (&str, &str)> = records
        .iter()
        .map(|r| (r.id.as_str(), (r.reviewer.as_str(), r.time.as_str())))
        .collect();
    // Suggestions by input, inputs in the order they first appear.
    let mut inputs: Vec<(&str, Vec<&Suggestion>)> = Vec::new();
    for s in &suggestions {
        match inputs.iter_mut().find(|(input, _)| *input == s.input) {
            Some((_, list)) => list.push(s),
            None => inputs.push((&s.input, vec![s])),
        }
    }
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    let log_path = args
        .log
        .clone()
        .or_else(|| args.output.as_ref().map(|d| d.join("applied.jsonl")));
    let mut log = Vec::new();
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (input, list) in inputs {
        match apply_one(input, &list, &decided, &args.suggestions) {
            Ok((text, applied)) => {
                for (s, applied) in applied {
                    let (reviewer, time) = last_act.get(s.id.as_str()).copied().unwrap_or(("", ""));
                    log.push(serde_json::json!({
                        "document": s.document, "input": s.input, "id": s.id, "kind": s.kind,
                        "decision": "accept", "reviewer": reviewer, "time": time, "applied": applied,
                    }));
                }
                match &args.output {
                    Some(dir) => {
                        let name = Path::new(input).file_name().unwrap_or_default();
                        let mut name = name.to_os_string();
                        if !name.to_string_lossy().ends_with(".txt") {
                            name.push(".txt");
                        }
                        super::repair::write_atomic(&dir.join(name), text.as_bytes())?;
                    }
                    None => out.write_all(text.as_bytes())?,
                }
            }
            Err(e) => {
                eprintln!("ocrmend: {e:#}");
                failed = true;
            }
        }
    }
    out.flush()?;
    let lines: String = log.iter().map(|l| format!("{l}\n")).collect();
    match &log_path {
        Some(path) => super::repair::write_atomic(path, lines.as_bytes())?,
        None => eprintln!(
            "ocrmend: applied {} accepted suggestions ({} could not be: they overlap another)",
            log.iter().filter(|l| l["applied"] == true).count(),
            log.iter().filter(|l| l["applied"] == false).count()
        ),
    }
    Ok(if failed { Outcome::Errors } else { Outcome::Clean })
}

/// Repairs one input again and applies the safe edits and the accepted
/// suggestions; returns the text and, per accepted suggestion, whether it
/// could be applied.
fn apply_one<'a>(
    input: &str,
    list: &[&'a Suggestion],
    decided: &BTreeMap<String, Decision>,
    suggestions_path: &Path,
) -> anyhow::Result<(String, Vec<(&'a Suggestion, bool)>)> {
    // The input as recorded, else beside the suggestions file.
    let path = [
        PathBuf::from(input),
        suggestions_path.parent().unwrap_or(Path::new(".")).join(input),
    ]
    .into_iter()
    .find(|p| p.exists())
    .unwrap_or_else(|| PathBuf::from(input));
    let bytes = read_bytes(&path)?;
    let first = list[0];
    let now = input_hash(&bytes);
    if now != first.input_hash {
        bail!(
            "{input}: the input changed since the suggestions were made (hash {} then, {now} now): not applied",
            first.input_hash
        );
    }
    let repaired = repair(
        parse_bytes(first.document.clone(), bytes)?,
        &first.options.to_options(),
    );
    let accepted: BTreeSet<&str> = list
        .iter()
        .filter(|s| decided.get(&s.id) == Some(&Decision::Accept))
        .map(|s| s.id.as_str())
        .collect();
    let known: BTreeSet<&str> = repaired.edits.iter().map(|e| e.id.as_str()).collect();
    if let Some(missing) = accepted.iter().find(|id| !known.contains(*id)) {
        bail!("{input}: suggestion {missing} is not made on this input any more (another ocrmend version?): not applied");
    }
    let applied =
        repaired.apply(|e| e.applicability == Applicability::Safe || accepted.contains(e.id.as_str()));
    let done: BTreeSet<&str> = applied
        .applied
        .iter()
        .map(|&i| repaired.edits[i].id.as_str())
        .collect();
    let report = list
        .iter()
        .filter(|s| accepted.contains(s.id.as_str()))
        .map(|s| (*s, done.contains(s.id.as_str())))
        .collect();
    Ok((applied.text, report))
}
