//! `ocrmend dedup INPUT...`: clusters documents that are copies of one text
//! (reprints with OCR noise, cut short, under a new headline) across files,
//! directories and JSONL, and writes the clusters as JSON.

use super::Outcome;
use anyhow::Context;
use clap::Args;
use ocrmend::dedup::collection::{candidate_pairs, cleanliness, signature, verify, Clusters, Signature};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DedupArgs {
    /// Text files, directories of `*.txt`, or JSONL files (`*.jsonl`, records with `id` and `text`).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write the clusters here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write each document's signature size and LSH band keys as JSONL
    /// (the stage a distributed engine groups by).
    #[arg(long, value_name = "FILE")]
    band_keys: Option<PathBuf>,
}

/// Where a document's text is, so it can be read again for verification.
#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    JsonlLine { path: PathBuf, line: usize, id: String },
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::JsonlLine { id, .. } => id.clone(),
        }
    }

    fn read(&self) -> anyhow::Result<String> {
        match self {
            Source::File(p) => {
                std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
            }
            Source::JsonlLine { path, line, .. } => {
                let file =
                    std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
                let text = std::io::BufReader::new(file)
                    .lines()
                    .nth(*line)
                    .with_context(|| format!("{}: line {} is gone", path.display(), line + 1))??;
                record_text(&text).with_context(|| format!("{}:{}", path.display(), line + 1))
            }
        }
    }
}

fn record_text(line: &str) -> anyhow::Result<String> {
    let value: serde_json::Value = serde_json::from_str(line)?;
    value["text"]
        .as_str()
        .map(str::to_string)
        .context("no \"text\" string in the record")
}

#[derive(Serialize)]
struct Report {
    schema_version: u32,
    documents: usize,
    candidate_pairs: usize,
    verified_pairs: usize,
    clusters: Vec<ClusterReport>,
}

#[derive(Serialize)]
struct ClusterReport {
    kept: String,
    keep_policy: &'static str,
    members: Vec<MemberReport>,
}

#[derive(Serialize)]
struct MemberReport {
    document: String,
    linked_to: String,
    jaccard: f64,
    containment: f64,
}

pub fn run(args: DedupArgs) -> anyhow::Result<Outcome> {
    let sources = collect_sources(&args.inputs)?;
    // Stage 1: signatures, in parallel; texts are dropped as soon as signed.
    let signed: Vec<anyhow::Result<(Option<Signature>, f64)>> = sources
        .par_iter()
        .map(|s| {
            let text = s.read()?;
            Ok((signature(&text), cleanliness(&text)))
        })
        .collect();
    let mut signatures = Vec::with_capacity(signed.len());
    let mut clean = Vec::with_capacity(signed.len());
    for (source, result) in sources.iter().zip(signed) {
        let (sig, c) = result.with_context(|| source.name())?;
        signatures.push(sig);
        clean.push(c);
    }
    let keys: Vec<Vec<u64>> = signatures
        .iter()
        .map(|s| s.as_ref().map_or_else(Vec::new, Signature::band_keys))
        .collect();
    if let Some(path) = &args.band_keys {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("{}: cannot write", path.display()))?,
        );
        for ((source, sig), k) in sources.iter().zip(&signatures).zip(&keys) {
            let record = serde_json::json!({
                "document": source.name(),
                "size": sig.as_ref().map_or(0, |s| s.size),
                "band_keys": k.iter().map(|k| format!("{k:016x}")).collect::<Vec<_>>(),
            });
            writeln!(out, "{record}")?;
        }
    }
    // Stage 2: candidates by band key. Stage 3: verification, re-reading texts.
    let pairs = candidate_pairs(&keys);
    let verified: Vec<anyhow::Result<Option<(usize, usize, _)>>> = pairs
        .par_iter()
        .map(|&(a, b)| {
            let s = verify(&sources[a].read()?, &sources[b].read()?);
            Ok(s.is_duplicate().then_some((a, b, s)))
        })
        .collect();
    let mut clusters = Clusters::new(sources.len());
    let mut verified_pairs = 0;
    for v in verified {
        if let Some((a, b, s)) = v? {
            clusters.link(a, b, s);
            verified_pairs += 1;
        }
    }
    let sizes: Vec<usize> = signatures
        .iter()
        .map(|s| s.as_ref().map_or(0, |s| s.size))
        .collect();
    let report = Report {
        schema_version: 1,
        documents: sources.len(),
        candidate_pairs: pairs.len(),
        verified_pairs,
        clusters: clusters
            .finish(&sizes, &clean)
            .into_iter()
            .map(|c| ClusterReport {
                kept: sources[c.kept].name(),
                keep_policy: "the most complete copy (within 2%), then the cleanest OCR, then the first",
                members: c
                    .members
                    .into_iter()
                    .map(|m| MemberReport {
                        document: sources[m.doc].name(),
                        linked_to: sources[m.linked_to].name(),
                        jaccard: m.similarity.jaccard,
                        containment: m.similarity.containment,
                    })
                    .collect(),
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&report)?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, json).with_context(|| format!("{}: cannot write", path.display()))?
        }
        None => println!("{json}"),
    }
    Ok(Outcome::Clean)
}

/// Every document of the inputs, in a stable order: files as given,
/// directories' `*.txt` sorted by name, JSONL records in file order.
fn collect_sources(inputs: &[PathBuf]) -> anyhow::Result<Vec<Source>> {
    let mut sources = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("{}: cannot read", input.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            files.sort();
            sources.extend(files.into_iter().map(Source::File));
        } else if input.extension().is_some_and(|x| x == "jsonl") {
            sources.extend(jsonl_sources(input)?);
        } else {
            sources.push(Source::File(input.clone()));
        }
    }
    Ok(sources)
}

fn jsonl_sources(path: &Path) -> anyhow::Result<Vec<Source>> {
    let file = std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let mut sources = Vec::new();
    for (line, text) in std::io::BufReader::new(file).lines().enumerate() {
        let text = text.with_context(|| format!("{}:{}", path.display(), line + 1))?;
        if text.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{}:{}: not JSON", path.display(), line + 1))?;
        let id = value["id"]
            .as_str()
            .map_or_else(|| format!("{}:{}", path.display(), line + 1), str::to_string);
        sources.push(Source::JsonlLine {
            path: path.to_path_buf(),
            line,
            id,
        });
    }
    Ok(sources)
}
