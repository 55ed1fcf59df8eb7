//! `ocrmend apply SUGGESTIONS --decisions FILE`: repairs each input again
//! with the options its suggestions were made with, applies what is safe
//! plus what the reviewers accepted, and logs what was applied. It refuses an
//! input (a JSONL record) that changed since (its hash differs), and running
//! it again gives the same output: it always starts from the input, never
//! from its output.

use super::Outcome;
use anyhow::{bail, Context};
use clap::Args;
use ocrmend::input::{parse_bytes, parse_record, read_bytes, record_document};
use ocrmend::review::{
    current_decisions, decisions_path, input_hash, read_decisions, read_suggestions, Decision, Suggestion,
};
use ocrmend::{repair, Applicability, Document, Options};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Suggestions JSONL, as `ocrmend repair --suggestions` writes it.
    suggestions: PathBuf,
    /// Decisions log (default: beside the suggestions, as `ocrmend review` writes it).
    #[arg(long, value_name = "FILE")]
    decisions: Option<PathBuf>,
    /// Write one repaired text per input (a JSONL input: its records) into
    /// DIR, and the log there, instead of stdout.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Write the log of applied suggestions to FILE (JSONL); default with
    /// `-o`: DIR/applied.jsonl.
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
}

/// What a run decided, and who decided it.
struct Decided<'a> {
    now: BTreeMap<String, Decision>,
    last_act: BTreeMap<&'a str, (&'a str, &'a str)>,
}

impl Decided<'_> {
    /// The edit ids of the accepted suggestions in `list`.
    fn accepted<'s>(&self, list: &[&'s Suggestion]) -> BTreeSet<&'s str> {
        list.iter()
            .filter(|s| self.now.get(&s.id) == Some(&Decision::Accept))
            .map(|s| s.edit.as_str())
            .collect()
    }

    fn log_entry(&self, s: &Suggestion, applied: bool) -> Value {
        let (reviewer, time) = self.last_act.get(s.id.as_str()).copied().unwrap_or(("", ""));
        json!({
            "document": s.document, "input": s.input, "record": s.record, "id": s.id, "kind": s.kind,
            "decision": "accept", "reviewer": reviewer, "time": time, "applied": applied,
        })
    }
}

pub fn run(args: ApplyArgs) -> anyhow::Result<Outcome> {
    let suggestions = read_suggestions(&args.suggestions)?;
    let records = read_decisions(&decisions_path(args.decisions.as_deref(), &args.suggestions))?;
    let decided = Decided {
        now: current_decisions(&records),
        last_act: records
            .iter()
            .map(|r| (r.id.as_str(), (r.reviewer.as_str(), r.time.as_str())))
            .collect(),
    };
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
    let mut log = Vec::new();
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (input, list) in inputs {
        let path = locate(input, &args.suggestions);
        let result = if list[0].record.is_some() {
            apply_records(&path, input, &list, &decided, &mut log).map(|(text, bad)| {
                failed |= bad;
                text
            })
        } else {
            apply_file(&path, input, &list, &decided, &mut log)
        };
        match result {
            Ok(text) => match &args.output {
                Some(dir) => {
                    let mut name = Path::new(input).file_name().unwrap_or_default().to_os_string();
                    if list[0].record.is_none() && !name.to_string_lossy().ends_with(".txt") {
                        name.push(".txt");
                    }
                    ocrmend::batch::write_atomic(&dir.join(name), text.as_bytes())?;
                }
                None => out.write_all(text.as_bytes())?,
            },
            Err(e) => {
                eprintln!("ocrmend: {e:#}");
                failed = true;
            }
        }
    }
    out.flush()?;
    let lines: String = log.iter().map(|l| format!("{l}\n")).collect();
    match args
        .log
        .clone()
        .or_else(|| args.output.as_ref().map(|d| d.join("applied.jsonl")))
    {
        Some(path) => ocrmend::batch::write_atomic(&path, lines.as_bytes())?,
        None => eprintln!(
            "ocrmend: applied {} accepted suggestions ({} could not be: they overlap another)",
            log.iter().filter(|l| l["applied"] == true).count(),
            log.iter().filter(|l| l["applied"] == false).count()
        ),
    }
    Ok(if failed { Outcome::Errors } else { Outcome::Clean })
}

/// The input as recorded, else beside the suggestions file.
fn locate(input: &str, suggestions: &Path) -> PathBuf {
    [
        PathBuf::from(input),
        suggestions.parent().unwrap_or(Path::new(".")).join(input),
    ]
    .into_iter()
    .find(|p| p.exists())
    .unwrap_or_else(|| PathBuf::from(input))
}

/// Refuses `bytes` when they are not what the suggestions were made from.
fn check_hash(what: &str, bytes: &[u8], list: &[&Suggestion]) -> anyhow::Result<()> {
    let now = input_hash(bytes);
    if now != list[0].input_hash {
        bail!(
            "{what}: the input changed since the suggestions were made (hash {} then, {now} now): not applied",
            list[0].input_hash
        );
    }
    Ok(())
}

/// Repairs `doc` again with `options` and applies the safe edits and the
/// accepted suggestions of `list`; logs each accepted one, applied or not.
fn repair_accepting(
    what: &str,
    doc: Document,
    options: &Options,
    list: &[&Suggestion],
    decided: &Decided,
    log: &mut Vec<Value>,
) -> anyhow::Result<String> {
    let repaired = repair(doc, options);
    let accepted = decided.accepted(list);
    let known: BTreeSet<&str> = repaired.edits.iter().map(|e| e.id.as_str()).collect();
    if let Some(missing) = accepted.iter().find(|id| !known.contains(*id)) {
        bail!("{what}: suggestion {missing} is not made on this input any more (another ocrmend version?): not applied");
    }
    let applied =
        repaired.apply(|e| e.applicability == Applicability::Safe || accepted.contains(e.id.as_str()));
    let done: BTreeSet<&str> = applied
        .applied
        .iter()
        .map(|&i| repaired.edits[i].id.as_str())
        .collect();
    for s in list.iter().filter(|s| accepted.contains(s.edit.as_str())) {
        log.push(decided.log_entry(s, done.contains(s.edit.as_str())));
    }
    Ok(applied.text)
}

/// One file input: its repaired text.
fn apply_file(
    path: &Path,
    input: &str,
    list: &[&Suggestion],
    decided: &Decided,
    log: &mut Vec<Value>,
) -> anyhow::Result<String> {
    let bytes = read_bytes(path)?;
    check_hash(input, &bytes, list)?;
    let doc = parse_bytes(list[0].document.clone(), bytes)?;
    repair_accepting(input, doc, &list[0].options.to_options(), list, decided, log)
}

/// One JSONL input: every record again, as `repair` writes them (fields kept,
/// `text` repaired), the accepted suggestions applied to theirs; a record
/// that changed or cannot be read becomes an error record. Returns the
/// records and whether any failed.
fn apply_records(
    path: &Path,
    input: &str,
    list: &[&Suggestion],
    decided: &Decided,
    log: &mut Vec<Value>,
) -> anyhow::Result<(String, bool)> {
    let options = list[0].options.to_options();
    let mut by_record: BTreeMap<usize, Vec<&Suggestion>> = BTreeMap::new();
    for s in list {
        by_record.entry(s.record.unwrap_or(0)).or_default().push(s);
    }
    let file = std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let mut out = String::new();
    let mut failed = false;
    for (k, line) in std::io::BufReader::new(file).split(b'\n').enumerate() {
        let line_no = k + 1;
        let bytes = line.with_context(|| format!("{input}:{line_no}: cannot read"))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let what = format!("{input}:{line_no}");
        let ours = by_record.get(&line_no).map_or(&[][..], Vec::as_slice);
        let result = (|| -> anyhow::Result<Value> {
            if !ours.is_empty() {
                check_hash(&what, &bytes, ours)?;
            }
            let text = String::from_utf8(bytes).with_context(|| format!("{what}: invalid UTF-8"))?;
            let record = parse_record(input, line_no, &text)?;
            let repaired = repair_accepting(&what, record_document(&record)?, &options, ours, decided, log)?;
            let mut fields = record.fields;
            fields.insert("text".into(), Value::String(repaired));
            Ok(Value::Object(fields))
        })();
        let value = result.unwrap_or_else(|e| {
            eprintln!("ocrmend: {e:#}");
            failed = true;
            json!({"source": what, "error": format!("{e:#}")})
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
    Ok((out, failed))
}
