//! `ocrmend dedup INPUT...`: clusters documents that are copies of one text
//! (reprints with OCR noise, cut short, under a new headline) across files,
//! directories and JSONL, and writes the clusters as JSON.

use super::{progress_bar, Outcome};
use anyhow::Context;
use clap::Args;
use indicatif::ProgressBar;
use ocrmend::batch::{read_page, walk, write_atomic, FileSink, Found, OutputGuard, Page};
use ocrmend::dedup::collection::{
    candidate_documents, candidate_pairs, cleanliness, count_documents, coverage, passage, passage_clusters,
    shingle_set, signature, verify_pairs, worth_verifying, Cluster, Clusters, Coverage, Passage, Shingled,
    Signature, Thresholds, Verified,
};
use ocrmend::dedup::frequency::DocumentFrequency;
use ocrmend::dedup::records::{
    BandKeys, CandidatePair, ClusterReport, DedupError, DedupReport, MemberReport, PassageCluster,
    PassagePair, PassageSpan, TextRecord, VerifiedPair,
};
use ocrmend::eval::cluster_score;
use ocrmend::input::{parse_record, read_bytes, ReadAs};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Candidate pairs from elsewhere (a distributed engine that grouped the
    /// `--band-keys` output by key), as JSONL `{"a": DOCUMENT, "b": DOCUMENT}`,
    /// verified and clustered here instead of this run's own candidates.
    #[arg(long, value_name = "FILE")]
    pairs: Option<PathBuf>,
    /// Also write the verified pairs as JSONL (document, document, similarity).
    #[arg(long, value_name = "FILE")]
    verified_out: Option<PathBuf>,
    /// Also write, for each verified pair, the passage they share (their
    /// strongest local alignment) as JSONL: where it starts and ends in each
    /// document's text (characters, end exclusive), the share of the first
    /// span's letters paired with equal ones (`matched`), and the share of
    /// both spans' letters so paired (`aligned`).
    #[arg(long, value_name = "FILE")]
    passages: Option<PathBuf>,
    /// Also write clusters of passages as JSONL, one a line: a passage that
    /// verified pairs share, wherever it is printed (alone, or inside longer
    /// documents), as each document's span of it.
    #[arg(long, value_name = "FILE")]
    passage_clusters: Option<PathBuf>,
    /// Also write the collection without its duplicates as JSONL (`id`,
    /// `text`): every document but the copies whose content the copy its
    /// cluster keeps holds (`--coverage`, `--max-gap`), in input order. The report says,
    /// for each copy, its coverage and whether it was dropped.
    #[arg(long, value_name = "FILE")]
    text_out: Option<PathBuf>,
    /// Print each stage's wall time on stderr.
    #[arg(long)]
    timings: bool,
    /// No progress bar and no summary on stderr.
    #[arg(short, long)]
    quiet: bool,
    /// Jaccard similarity from which two documents are copies.
    #[arg(long, default_value_t = Thresholds::default().jaccard)]
    jaccard: f64,
    /// Containment of the shorter in the longer from which it is a copy cut short.
    #[arg(long, default_value_t = Thresholds::default().containment)]
    containment: f64,
    /// Share of the shorter's content letters that a local alignment with
    /// the longer pairs with equal letters, from which two documents are
    /// copies when their shingles fall short (a roughly printed copy).
    #[arg(long, default_value_t = Thresholds::default().letter_coverage)]
    letter_coverage: f64,
    /// A shingle held by more of the candidate documents than this is
    /// boilerplate (a formula, a credit line), not counted as content.
    #[arg(long, default_value_t = Thresholds::default().boilerplate)]
    boilerplate: u8,
    /// Share of a copy's content the kept copy must hold for `--text-out` to drop the copy.
    #[arg(long, default_value_t = Thresholds::default().coverage)]
    coverage: f64,
    /// Longest run of a copy's text (in characters) the kept copy may lack for `--text-out` to drop the copy.
    #[arg(long, default_value_t = Thresholds::default().max_gap)]
    max_gap: usize,
}

/// Fills `buf` from `file` at `offset`, leaving the file's cursor alone:
/// threads read records of one open file at once.
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            match file.seek_read(&mut buf[done..], offset + done as u64)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }
}

/// Where a document's text is, so it can be read again for verification.
#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    JsonlLine {
        /// Shared by every record of the file.
        path: Arc<Path>,
        /// The file, open for the run: a record is read again with one
        /// positioned read, no open and no buffer.
        file: Arc<std::fs::File>,
        line: usize,
        id: String,
        /// Byte offset of the record's line, to read it again without a scan.
        offset: u64,
        /// Bytes of the record's line.
        len: usize,
        /// The record's true cluster, when it carries one (`cluster`).
        truth: Option<String>,
    },
    /// A JSONL line that is no record (broken JSON, no text, not UTF-8):
    /// an error for it alone; `--text-out` copies it as it was.
    BadLine {
        path: Arc<Path>,
        line: usize,
        offset: u64,
    },
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::JsonlLine { id, .. } => id.clone(),
            Source::BadLine { path, line, .. } => format!("{}:{}", path.display(), line + 1),
        }
    }

    fn read(&self) -> anyhow::Result<String> {
        match self {
            // Read as repair reads it: markup gives its text, not its tags.
            Source::File(p) => Ok(
                match read_page(p.display().to_string(), read_bytes(p)?, ReadAs::default())? {
                    Page::Text(doc) => doc.text,
                    Page::Blank(text) => text,
                },
            ),
            Source::JsonlLine {
                path,
                file,
                line,
                offset,
                len,
                ..
            } => {
                let mut bytes = vec![0; *len];
                read_exact_at(file, &mut bytes, *offset)
                    .with_context(|| format!("{}:{}: cannot read again", path.display(), line + 1))?;
                // The line was UTF-8 when it was first read.
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("{}:{}: changed while read", path.display(), line + 1))?;
                Ok(parse_record(&path.display().to_string(), line + 1, &text)?
                    .text()
                    .to_string())
            }
            Source::BadLine { path, line, .. } => {
                anyhow::bail!("{}:{}: not a record with a text", path.display(), line + 1)
            }
        }
    }

    /// The raw bytes of a bad line, as the input has them (without its line end).
    fn raw_line(path: &Path, offset: u64) -> anyhow::Result<Vec<u8>> {
        use std::io::{Seek, SeekFrom};
        let mut file =
            std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
        file.seek(SeekFrom::Start(offset))?;
        let mut raw = Vec::new();
        std::io::BufReader::new(file).read_until(b'\n', &mut raw)?;
        while raw.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            raw.pop();
        }
        Ok(raw)
    }
}

pub fn run(args: DedupArgs) -> anyhow::Result<Outcome> {
    let mut clock = std::time::Instant::now();
    let timings = args.timings;
    let stage = |name: &str, clock: &mut std::time::Instant| {
        if timings {
            eprintln!("ocrmend dedup: {name}: {:.2} s", clock.elapsed().as_secs_f64());
        }
        *clock = std::time::Instant::now();
    };
    let thresholds = Thresholds::new(
        args.jaccard,
        args.containment,
        args.boilerplate,
        args.coverage,
        args.max_gap,
        args.letter_coverage,
    )?;
    // Every output is checked against what the run reads (the texts are read
    // again while `--text-out` is written) before any work.
    let read: Vec<PathBuf> = args.inputs.iter().chain(&args.pairs).cloned().collect();
    let mut guard = OutputGuard::new(&read);
    for (path, what) in [
        (&args.output, "-o"),
        (&args.band_keys, "--band-keys"),
        (&args.verified_out, "--verified-out"),
        (&args.passages, "--passages"),
        (&args.passage_clusters, "--passage-clusters"),
        (&args.text_out, "--text-out"),
    ] {
        if let Some(path) = path {
            guard.claim_file(path, what)?;
        }
    }
    let progress = progress_bar(args.quiet, || None);
    let mut signed = Signed::read(&args.inputs, &progress)?;
    progress.finish_and_clear();
    let keys: Vec<Vec<u64>> = signed
        .signatures
        .iter()
        .map(|s| s.as_ref().map_or_else(Vec::new, Signature::band_keys))
        .collect();
    if let Some(path) = &args.band_keys {
        signed.write_band_keys(path, &keys)?;
    }
    stage("signatures", &mut clock);
    let candidates = match &args.pairs {
        Some(path) => external_pairs(path, &signed.sources)?,
        None => candidate_pairs(&keys),
    };
    let pairs: Vec<(usize, usize)> = candidates
        .into_iter()
        .filter(|&(a, b)| match (&signed.signatures[a], &signed.signatures[b]) {
            (Some(x), Some(y)) => worth_verifying(x, y),
            _ => false,
        })
        .collect();
    stage("candidates", &mut clock);
    let frequency = signed.count_documents(&pairs)?;
    stage("boilerplate", &mut clock);
    let verified = signed.verify(&pairs, &frequency, &thresholds)?;
    if let Some(path) = &args.verified_out {
        signed.write_verified(path, &verified)?;
    }
    if args.passages.is_some() || args.passage_clusters.is_some() {
        let shared = signed.passages(&verified)?;
        if let Some(path) = &args.passages {
            signed.write_passages(path, &shared)?;
        }
        if let Some(path) = &args.passage_clusters {
            signed.write_passage_clusters(path, &shared)?;
        }
    }
    let mut clusters = Clusters::new(signed.sources.len());
    for &(a, b, s) in &verified {
        clusters.link(a, b, s);
    }
    let sizes = signed.sizes();
    // The keep policy reads a copy again only when it must weigh its cleanliness.
    let sources = &signed.sources;
    let clusters = clusters.finish(&sizes, |d| sources[d].read().map_or(0.0, |t| cleanliness(&t)));
    stage("verification and clusters", &mut clock);
    let coverages = match &args.text_out {
        Some(path) => {
            let coverages = signed.coverages(&clusters, &frequency, &thresholds)?;
            signed.write_text_out(path, &coverages, &thresholds)?;
            let stayed = coverages.values().filter(|c| !c.holds(&thresholds)).count();
            if stayed > 0 && !args.quiet {
                eprintln!(
                    "ocrmend: {stayed} copies stay in {}: the copy kept holds less than {:.0}% of their content, \
                     or lacks a run of theirs longer than {} characters",
                    path.display(),
                    100.0 * thresholds.coverage,
                    thresholds.max_gap
                );
            }
            coverages
        }
        None => Default::default(),
    };
    let quality = truth_labels(&signed.sources).map(|truth| score_clusters(&clusters, &truth));
    let failed = !signed.errors.is_empty();
    if !args.quiet {
        let copies: usize = clusters.iter().map(|c| c.members.len()).sum();
        eprintln!(
            "ocrmend: {} documents, {} candidate pairs, {} verified; {} clusters ({copies} copies to drop); {} errors",
            signed.sources.len(),
            pairs.len(),
            verified.len(),
            clusters.len(),
            signed.errors.len()
        );
    }
    let report = DedupReport {
        schema_version: 1,
        documents: signed.sources.len(),
        candidate_pairs: pairs.len(),
        verified_pairs: verified.len(),
        quality,
        clusters: clusters
            .into_iter()
            .map(|c| signed.cluster_report(c, &coverages, &thresholds))
            .collect(),
        errors: std::mem::take(&mut signed.errors),
    };
    let json = serde_json::to_string_pretty(&report)?;
    match &args.output {
        Some(path) => write_atomic(path, json.as_bytes())?,
        None => println!("{json}"),
    }
    Ok(if failed { Outcome::Errors } else { Outcome::Clean })
}

/// The collection read and signed: every document's source (to read it
/// again), its signature (none: too short, or unreadable), whether it could
/// not be read, and the errors met.
struct Signed {
    sources: Vec<Source>,
    signatures: Vec<Option<Signature>>,
    unreadable: Vec<bool>,
    errors: Vec<DedupError>,
}

impl Signed {
    /// Stage 1: signatures, a chunk of documents at a time and in parallel;
    /// each text is dropped as soon as it is signed. A document that cannot
    /// be read is an error for it alone: it is compared with nothing, named
    /// in the report, and the run goes on.
    fn read(inputs: &[PathBuf], progress: &ProgressBar) -> anyhow::Result<Signed> {
        let mut signed = Signed {
            sources: Vec::new(),
            signatures: Vec::new(),
            unreadable: Vec::new(),
            errors: Vec::new(),
        };
        let Signed {
            sources,
            signatures,
            unreadable,
            errors,
        } = &mut signed;
        for input in inputs {
            for_each_chunk(input, errors, |chunk, errors| {
                let signed: Vec<anyhow::Result<Option<Signature>>> = chunk
                    .par_iter()
                    .map(|(source, text)| match (source, text) {
                        (_, Some(text)) => Ok(signature(text)),
                        (Source::BadLine { .. }, None) => Ok(None),
                        (_, None) => Ok(signature(&source.read()?)),
                    })
                    .collect();
                for ((source, _), sig) in chunk.into_iter().zip(signed) {
                    let (sig, failed) = match sig {
                        Ok(sig) => (sig, matches!(source, Source::BadLine { .. })),
                        Err(e) => {
                            errors.push(failure(source.name(), &e));
                            (None, true)
                        }
                    };
                    unreadable.push(failed);
                    signatures.push(sig);
                    sources.push(source);
                }
                progress.set_position(sources.len() as u64);
                Ok(())
            })?;
        }
        Ok(signed)
    }

    /// Every document's visible characters, as its signature counted them (0 without one).
    fn sizes(&self) -> Vec<usize> {
        self.signatures
            .iter()
            .map(|s| s.as_ref().map_or(0, |s| s.size))
            .collect()
    }

    /// Every document's signature size and band keys, as JSONL.
    fn write_band_keys(&self, path: &Path, keys: &[Vec<u64>]) -> anyhow::Result<()> {
        let mut out = std::io::BufWriter::new(FileSink::create(path)?);
        for ((source, sig), k) in self.sources.iter().zip(&self.signatures).zip(keys) {
            let record = BandKeys {
                document: source.name(),
                size: sig.as_ref().map_or(0, |s| s.size),
                band_keys: k.iter().map(|k| format!("{k:016x}")).collect(),
            };
            writeln!(out, "{}", serde_json::to_string(&record)?)?;
        }
        Ok(FileSink::commit_buffered(out)?)
    }

    /// Stage 3: how many of the candidate documents hold each shingle, to
    /// tell boilerplate from content. The sketch is sized by the documents'
    /// signatures, so it is the same whatever the thread count.
    fn count_documents(&self, pairs: &[(usize, usize)]) -> anyhow::Result<DocumentFrequency> {
        let docs = candidate_documents(pairs);
        let chars = docs
            .iter()
            .map(|&d| self.signatures[d].as_ref().map_or(0, |s| s.size as u64))
            .sum();
        count_documents(&docs, chars, |d| Ok(shingle_set(&self.sources[d].read()?)))
    }

    /// Stage 4: the candidate `pairs` that are copies, re-reading the texts.
    fn verify(
        &self,
        pairs: &[(usize, usize)],
        frequency: &DocumentFrequency,
        thresholds: &Thresholds,
    ) -> anyhow::Result<Vec<Verified>> {
        verify_pairs(
            pairs,
            &self.sizes(),
            |d| -> anyhow::Result<Shingled> {
                Ok(Shingled::of(
                    self.sources[d].read()?,
                    frequency,
                    thresholds.boilerplate,
                ))
            },
            thresholds,
        )
    }

    /// The verified pairs, as JSONL.
    fn write_verified(&self, path: &Path, verified: &[Verified]) -> anyhow::Result<()> {
        let mut out = std::io::BufWriter::new(FileSink::create(path)?);
        for &(a, b, s) in verified {
            let record = VerifiedPair {
                a: self.sources[a].name(),
                b: self.sources[b].name(),
                jaccard: s.jaccard,
                containment: s.containment,
                letter_coverage: s.letter_coverage,
            };
            writeln!(out, "{}", serde_json::to_string(&record)?)?;
        }
        Ok(FileSink::commit_buffered(out)?)
    }

    /// The passage each verified pair shares, in the pairs' order (both
    /// texts read again, the pairs in parallel); pairs that share none are left out.
    fn passages(&self, verified: &[Verified]) -> anyhow::Result<Vec<(usize, usize, Passage)>> {
        let found: Vec<anyhow::Result<Option<(usize, usize, Passage)>>> = verified
            .par_iter()
            .map(|&(a, b, _)| {
                let shared = passage(&self.sources[a].read()?, &self.sources[b].read()?);
                Ok(shared.map(|p| (a, b, p)))
            })
            .collect();
        let mut all = Vec::new();
        for pair in found {
            all.extend(pair?);
        }
        Ok(all)
    }

    /// The passages verified pairs share, as JSONL.
    fn write_passages(&self, path: &Path, shared: &[(usize, usize, Passage)]) -> anyhow::Result<()> {
        let mut out = std::io::BufWriter::new(FileSink::create(path)?);
        for &(a, b, p) in shared {
            let record = PassagePair {
                a: self.sources[a].name(),
                a_start: p.a.0,
                a_end: p.a.1,
                aligned: p.aligned,
                b: self.sources[b].name(),
                b_start: p.b.0,
                b_end: p.b.1,
                matched: p.matched,
            };
            writeln!(out, "{}", serde_json::to_string(&record)?)?;
        }
        Ok(FileSink::commit_buffered(out)?)
    }

    /// The clusters of the passages pairs share, as JSONL.
    fn write_passage_clusters(&self, path: &Path, shared: &[(usize, usize, Passage)]) -> anyhow::Result<()> {
        let mut out = std::io::BufWriter::new(FileSink::create(path)?);
        for cluster in passage_clusters(shared) {
            let record = PassageCluster {
                passages: cluster
                    .into_iter()
                    .map(|s| PassageSpan {
                        document: self.sources[s.doc].name(),
                        end: s.end,
                        start: s.start,
                    })
                    .collect(),
            };
            writeln!(out, "{}", serde_json::to_string(&record)?)?;
        }
        Ok(FileSink::commit_buffered(out)?)
    }

    /// Each cluster member's coverage by the copy its cluster keeps:
    /// `--text-out` drops it only when the kept copy holds it. A story linked
    /// in by a shared formula, or through other copies, holds content the
    /// kept copy lacks, and stays.
    fn coverages(
        &self,
        clusters: &[Cluster],
        frequency: &DocumentFrequency,
        thresholds: &Thresholds,
    ) -> anyhow::Result<HashMap<usize, Coverage>> {
        let found: Vec<anyhow::Result<Vec<(usize, Coverage)>>> = clusters
            .par_iter()
            .map(|c| {
                let kept = Shingled::of(self.sources[c.kept].read()?, frequency, thresholds.boilerplate);
                c.members
                    .iter()
                    .map(|m| {
                        let text = self.sources[m.doc].read()?;
                        let copy = Shingled::of(&text, frequency, thresholds.boilerplate);
                        Ok((m.doc, coverage(&text, &copy, &kept)))
                    })
                    .collect()
            })
            .collect();
        let mut all = HashMap::new();
        for cluster in found {
            all.extend(cluster?);
        }
        Ok(all)
    }

    /// The collection without its dropped copies, as JSONL, in input order.
    fn write_text_out(
        &self,
        path: &Path,
        coverages: &HashMap<usize, Coverage>,
        thresholds: &Thresholds,
    ) -> anyhow::Result<()> {
        let mut out = std::io::BufWriter::new(FileSink::create(path)?);
        for (doc, source) in self
            .sources
            .iter()
            .enumerate()
            .filter(|(d, _)| !coverages.get(d).is_some_and(|c| c.holds(thresholds)))
        {
            let line = match source {
                // Nothing is lost: a line that is no record goes out as it came in.
                Source::BadLine { path, offset, .. } => Source::raw_line(path, *offset)?,
                // A page that could not be read is named in the report's errors.
                _ if self.unreadable[doc] => continue,
                _ => serde_json::to_vec(&TextRecord {
                    id: source.name(),
                    text: source.read()?,
                })?,
            };
            out.write_all(&line)
                .and_then(|()| out.write_all(b"\n"))
                .with_context(|| format!("{}: cannot write (document {doc})", path.display()))?;
        }
        FileSink::commit_buffered(out)?;
        Ok(())
    }

    /// A cluster as the report names it, with each copy's coverage when `--text-out` weighed it.
    fn cluster_report(
        &self,
        c: Cluster,
        coverages: &HashMap<usize, Coverage>,
        thresholds: &Thresholds,
    ) -> ClusterReport {
        ClusterReport {
            kept: self.sources[c.kept].name(),
            keep_policy: "the most complete copy (within 2%), then the cleanest OCR, then the first".into(),
            members: c
                .members
                .into_iter()
                .map(|m| MemberReport {
                    document: self.sources[m.doc].name(),
                    linked_to: self.sources[m.linked_to].name(),
                    jaccard: m.similarity.jaccard,
                    containment: m.similarity.containment,
                    coverage: coverages.get(&m.doc).map(|c| c.share),
                    longest_gap: coverages.get(&m.doc).map(|c| c.longest_gap),
                    dropped: coverages.get(&m.doc).map(|c| c.holds(thresholds)),
                })
                .collect(),
        }
    }
}

/// The clustering against the true clusters; every document not in a
/// cluster is a cluster of its own.
fn score_clusters(clusters: &[Cluster], truth: &[usize]) -> ocrmend::eval::ClusterScore {
    let n = truth.len();
    let mut predicted: Vec<usize> = (0..n).map(|d| n + d).collect();
    for (c, cluster) in clusters.iter().enumerate() {
        predicted[cluster.kept] = c;
        for m in &cluster.members {
            predicted[m.doc] = c;
        }
    }
    cluster_score(&predicted, truth)
}

/// Documents read at once before they are signed: bounds memory to a few
/// thousand texts whatever the size of the collection.
const CHUNK: usize = 4096;

/// A document or place that failed, said on stderr and kept for the report.
fn failure(document: String, error: &dyn std::fmt::Display) -> DedupError {
    eprintln!("ocrmend: {error:#}");
    DedupError {
        document,
        message: format!("{error:#}"),
    }
}

/// The documents of one chunk, with their text when it is at hand.
type Chunk = Vec<(Source, Option<String>)>;

/// Calls `f` with the documents of one input, a chunk at a time, in a stable
/// order: a file as given, a directory's page files walked as `repair` walks
/// them (recursively, in name order), a JSONL file's records in order (their
/// text already read, the others' not yet). A place the walk cannot read and
/// a JSONL line that is no record are errors for them alone, in `errors`
/// (the line stays a document: `--text-out` copies it as it came).
fn for_each_chunk(
    input: &Path,
    errors: &mut Vec<DedupError>,
    mut f: impl FnMut(Chunk, &mut Vec<DedupError>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut chunk = Vec::with_capacity(CHUNK);
    if input.extension().is_none_or(|x| x != "jsonl") {
        let inputs = [input.to_path_buf()];
        for found in walk(&inputs, None) {
            match found {
                Found::Page(page) => chunk.push((Source::File(page.path), None)),
                Found::Loop(warning) => eprintln!("ocrmend: warning: {warning}"),
                Found::Error(e) => errors.push(failure(e.to_string(), &e)),
            }
            if chunk.len() == CHUNK {
                f(std::mem::take(&mut chunk), errors)?;
            }
        }
        return if chunk.is_empty() {
            Ok(())
        } else {
            f(chunk, errors)
        };
    }
    let file = std::fs::File::open(input).with_context(|| format!("{}: cannot read", input.display()))?;
    let file = Arc::new(file);
    let mut reader = std::io::BufReader::new(file.as_ref());
    let (mut bytes, mut offset, mut line) = (Vec::new(), 0u64, 0usize);
    let shared: Arc<Path> = Arc::from(input);
    loop {
        bytes.clear();
        let read = reader
            .read_until(b'\n', &mut bytes)
            .with_context(|| format!("{}:{}", input.display(), line + 1))?;
        if read == 0 {
            break;
        }
        if !bytes.trim_ascii().is_empty() {
            let place = input.display().to_string();
            let record = std::str::from_utf8(&bytes)
                .map_err(|e| ocrmend::Error::InvalidUtf8 {
                    name: format!("{place}:{}", line + 1),
                    offset: e.valid_up_to(),
                })
                .and_then(|text| parse_record(&place, line + 1, text));
            let path = Arc::clone(&shared);
            match record {
                Ok(record) => {
                    let text = record.text().to_string();
                    let truth = record.str_field("cluster").map(str::to_string);
                    let id = record.id;
                    let source = Source::JsonlLine {
                        path,
                        file: Arc::clone(&file),
                        line,
                        offset,
                        len: read,
                        id,
                        truth,
                    };
                    chunk.push((source, Some(text)));
                }
                Err(e) => {
                    let source = Source::BadLine { path, line, offset };
                    errors.push(failure(source.name(), &e));
                    chunk.push((source, None));
                }
            }
            if chunk.len() == CHUNK {
                f(std::mem::take(&mut chunk), errors)?;
            }
        }
        offset += read as u64;
        line += 1;
    }
    if !chunk.is_empty() {
        f(chunk, errors)?;
    }
    Ok(())
}

/// Candidate pairs named by document, read from JSONL (`a`, `b`), as
/// sorted index pairs. A name that no input holds is an error naming the line.
fn external_pairs(path: &Path, sources: &[Source]) -> anyhow::Result<Vec<(usize, usize)>> {
    let index: std::collections::HashMap<String, usize> =
        sources.iter().enumerate().map(|(i, s)| (s.name(), i)).collect();
    let file = std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let mut pairs = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let pair: CandidatePair = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a pair of documents (a, b)", path.display(), n + 1))?;
        let doc = |name: &str| -> anyhow::Result<usize> {
            index
                .get(name)
                .copied()
                .with_context(|| format!("{}:{}: no input holds document {name:?}", path.display(), n + 1))
        };
        let (a, b) = (doc(&pair.a)?, doc(&pair.b)?);
        if a != b {
            pairs.push((a.min(b), a.max(b)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    Ok(pairs)
}

/// The true cluster of every document, when every document is a JSONL record with one.
fn truth_labels(sources: &[Source]) -> Option<Vec<usize>> {
    let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    sources
        .iter()
        .map(|s| match s {
            Source::JsonlLine { truth: Some(t), .. } => {
                let next = ids.len();
                Some(*ids.entry(t.as_str()).or_insert(next))
            }
            _ => None,
        })
        .collect()
}
