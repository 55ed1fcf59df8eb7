//! `ocrmend apply SUGGESTIONS --decisions FILE`: repairs every input of the
//! run again with the options its suggestions were made with, applies what
//! is safe plus what the reviewers accepted, and logs what was applied. It
//! refuses an input (a JSONL record) that changed since (its hash differs),
//! suggestions that are not what the input's repair makes now (an edited
//! file), and decisions made on another suggestions file. Running it again
//! gives the same output: it always starts from the input, never from its
//! output.

use super::Outcome;
use anyhow::bail;
use clap::Args;
use ocrmend::batch::{
    apply_reviewed, blank_line, error_record, isolated, output_name, output_prefixes, read_page,
    repaired_line, write_atomic, Origin, OutputGuard, Page, RecordLines, Reviewed, RunConfig,
};
use ocrmend::input::{parse_record, read_bytes, record_document};
use ocrmend::review::{
    check_decisions_belong, current_decisions, decisions_path, file_hash, input_hash, locate_input,
    read_decisions, read_manifest, read_suggestions, Decision, ManifestEntry, Suggestion,
};
use ocrmend::Error;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Suggestions JSONL, as `ocrmend repair --suggestions` writes it.
    suggestions: PathBuf,
    /// Decisions log (default: beside the suggestions, as `ocrmend review` writes it).
    #[arg(long, value_name = "FILE")]
    decisions: Option<PathBuf>,
    /// Write one repaired text per input (a JSONL input: its records) into
    /// DIR, mirroring the inputs as `repair -o` does, and the log there,
    /// instead of stdout.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Write the log of applied suggestions to FILE (JSONL); default with
    /// `-o`: DIR/applied.jsonl.
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

/// What a run decided, and who decided it.
struct Decided<'a> {
    now: BTreeMap<String, Decision>,
    last_act: BTreeMap<&'a str, (&'a str, &'a str)>,
}

impl<'s> Decided<'_> {
    /// What the reviewer saw of one document, and accepted.
    fn reviewed(&self, list: &[&'s Suggestion]) -> Reviewed<'s> {
        Reviewed {
            listed: list.to_vec(),
            accepted: list
                .iter()
                .filter(|s| self.now.get(&s.id) == Some(&Decision::Accept))
                .map(|s| s.id.as_str())
                .collect(),
        }
    }

    fn log_entry(&self, s: &Suggestion, applied: bool) -> Value {
        let (reviewer, time) = self.last_act.get(s.id.as_str()).copied().unwrap_or(("", ""));
        json!({
            "document": s.document, "input": s.input, "record": s.record, "id": s.id, "kind": s.kind,
            "decision": "accept", "reviewer": reviewer, "time": time, "applied": applied,
        })
    }
}

/// One input of the run: as the manifest records it, its suggestions, and
/// where it is now.
struct Input<'a> {
    entry: ManifestEntry,
    list: Vec<&'a Suggestion>,
    path: PathBuf,
}

pub fn run(args: ApplyArgs) -> anyhow::Result<Outcome> {
    let suggestions = read_suggestions(&args.suggestions)?;
    let decisions_file = decisions_path(args.decisions.as_deref(), &args.suggestions);
    let decisions = read_decisions(&decisions_file)?;
    for line in &decisions.torn_lines {
        eprintln!(
            "ocrmend: warning: {}:{line}: a record cut short while it was written is left out",
            decisions_file.display()
        );
    }
    let ids: HashSet<&str> = suggestions.iter().map(|s| s.id.as_str()).collect();
    check_decisions_belong(&decisions, &decisions_file, &file_hash(&args.suggestions)?, &ids)?;
    let decided = Decided {
        now: current_decisions(&decisions.records),
        last_act: decisions
            .records
            .iter()
            .map(|r| (r.id.as_str(), (r.reviewer.as_str(), r.time.as_str())))
            .collect(),
    };
    let inputs = inputs(&args.suggestions, &suggestions)?;
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    let prefixes = output_prefixes(&paths);
    let mut guard = OutputGuard::new(&paths);
    if let Some(dir) = &args.output {
        guard.check_directory(dir)?;
    }
    let log_path = args
        .log
        .clone()
        .or_else(|| args.output.as_ref().map(|d| d.join("applied.jsonl")));
    if let Some(path) = &log_path {
        guard.claim_file(path, "--log")?;
    }
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
    }
    let mut log = Vec::new();
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (input, prefix) in inputs.iter().zip(&prefixes) {
        let result = if input.entry.jsonl {
            apply_records(input, &decided, &mut log).map(|(text, bad)| {
                failed |= bad;
                text
            })
        } else {
            apply_file(input, &decided, &mut log)
        };
        match result {
            Ok(text) => match &args.output {
                Some(dir) => {
                    let name = match input.entry.jsonl {
                        true => prefix.clone(),
                        false => output_name(prefix),
                    };
                    let target = dir.join(name);
                    if let Some(parent) = target.parent() {
                        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                            path: parent.to_path_buf(),
                            source,
                        })?;
                    }
                    write_atomic(&target, text.as_bytes())?;
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
    if let Some(path) = &log_path {
        write_atomic(path, lines.as_bytes())?;
    }
    if !args.quiet {
        eprintln!(
            "ocrmend: applied {} accepted suggestions ({} could not be: they overlap another){}",
            log.iter().filter(|l| l["applied"] == true).count(),
            log.iter().filter(|l| l["applied"] == false).count(),
            log_path.map_or(String::new(), |p| format!("; logged in {}", p.display()))
        );
    }
    Ok(if failed { Outcome::Errors } else { Outcome::Clean })
}

/// Every input of the run, in the manifest's order, with its suggestions;
/// without a manifest (a file written before there were manifests), the
/// inputs that have suggestions, said on stderr.
fn inputs<'a>(file: &Path, suggestions: &'a [Suggestion]) -> anyhow::Result<Vec<Input<'a>>> {
    let manifest = match read_manifest(file)? {
        Some(manifest) => manifest,
        None => {
            eprintln!(
                "ocrmend: warning: {} has no manifest of its inputs: only the inputs with suggestions are written",
                file.display()
            );
            let mut seen = Vec::new();
            for s in suggestions {
                if !seen.iter().any(|e: &ManifestEntry| e.input == s.input) {
                    seen.push(ManifestEntry {
                        input: s.input.clone(),
                        input_hash: s.record.is_none().then(|| s.input_hash.clone()),
                        jsonl: s.record.is_some(),
                        options: s.options,
                        // Without a manifest, read as detected.
                        encoding: None,
                        format: None,
                    });
                }
            }
            seen
        }
    };
    let mut inputs: Vec<Input> = manifest
        .into_iter()
        .map(|entry| Input {
            path: locate_input(&entry.input, file),
            list: Vec::new(),
            entry,
        })
        .collect();
    for s in suggestions {
        let Some(input) = inputs.iter_mut().find(|i| i.entry.input == s.input) else {
            bail!(
                "suggestion {} names the input {}, which its manifest does not list",
                s.id,
                s.input
            );
        };
        if s.options != input.entry.options {
            bail!(
                "suggestion {} was made with other options than its input {}",
                s.id,
                s.input
            );
        }
        input.list.push(s);
    }
    Ok(inputs)
}

/// Refuses `bytes` when they are not what the suggestions were made from.
fn check_hash(what: &str, bytes: &[u8], recorded: &str) -> anyhow::Result<()> {
    let now = input_hash(bytes);
    if now != recorded {
        bail!("{what}: the input changed since the suggestions were made (hash {recorded} then, {now} now): not applied");
    }
    Ok(())
}

/// One file input: its repaired text.
fn apply_file(input: &Input, decided: &Decided, log: &mut Vec<Value>) -> anyhow::Result<String> {
    let name = &input.entry.input;
    let bytes = read_bytes(&input.path)?;
    if let Some(hash) = &input.entry.input_hash {
        check_hash(name, &bytes, hash)?;
    }
    let config = RunConfig::new(input.entry.options);
    // Read as repair read it: in the encoding and format it named, else detected.
    let read_as = input.entry.read_as()?;
    let origin = Origin::new(name.clone(), &bytes, None);
    let doc = match read_page(name.clone(), bytes, read_as)? {
        Page::Text(doc) => doc,
        Page::Blank(text) => return Ok(text),
    };
    let (done, outcome) = isolated(name, || {
        apply_reviewed(doc, &origin, &config, &decided.reviewed(&input.list))
    })?;
    log.extend(
        outcome
            .into_iter()
            .map(|(s, applied)| decided.log_entry(s, applied)),
    );
    Ok(done.text)
}

/// One JSONL input: every record again, as `repair` writes them (fields kept
/// byte for byte, `text` repaired), the accepted suggestions applied to
/// theirs; a record that changed or cannot be read becomes an error record.
/// Returns the records and whether any failed.
fn apply_records(input: &Input, decided: &Decided, log: &mut Vec<Value>) -> anyhow::Result<(String, bool)> {
    let name = &input.entry.input;
    let config = RunConfig {
        provenance: true,
        ..RunConfig::new(input.entry.options)
    };
    let mut by_record: BTreeMap<usize, Vec<&Suggestion>> = BTreeMap::new();
    for s in &input.list {
        by_record.entry(s.record.unwrap_or(0)).or_default().push(s);
    }
    let file = std::fs::File::open(&input.path).map_err(|source| Error::Io {
        path: input.path.clone(),
        source,
    })?;
    let mut out = String::new();
    let mut failed = false;
    for (line_no, line) in RecordLines::new(std::io::BufReader::new(file), input.path.clone()) {
        let what = format!("{name}:{line_no}");
        let bytes = match line {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("ocrmend: {e:#}");
                failed = true;
                out.push_str(&error_record(None, &what, &format!("{e:#}")));
                out.push('\n');
                continue;
            }
        };
        let ours = by_record.get(&line_no).map_or(&[][..], Vec::as_slice);
        let text = String::from_utf8(bytes.clone()).ok();
        let result = (|| -> anyhow::Result<String> {
            if let Some(first) = ours.first() {
                check_hash(&what, &bytes, &first.input_hash)?;
            }
            let Some(text) = &text else {
                bail!("{what}: invalid UTF-8");
            };
            let record = parse_record(name, line_no, text)?;
            let doc = match record_document(&record) {
                Ok(doc) => doc,
                Err(Error::Empty { .. }) => return Ok(blank_line(text)),
                Err(e) => return Err(e.into()),
            };
            let origin = Origin::new(name.clone(), &bytes, Some(line_no));
            let (done, outcome) = isolated(&what, || {
                apply_reviewed(doc, &origin, &config, &decided.reviewed(ours))
            })?;
            log.extend(
                outcome
                    .into_iter()
                    .map(|(s, applied)| decided.log_entry(s, applied)),
            );
            Ok(repaired_line(text, record.text(), &done))
        })();
        let line = result.unwrap_or_else(|e| {
            eprintln!("ocrmend: {e:#}");
            failed = true;
            error_record(text.as_deref(), &what, &format!("{e:#}"))
        });
        out.push_str(&line);
        out.push('\n');
    }
    Ok((out, failed))
}
