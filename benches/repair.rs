//! End-to-end repair throughput (read → analyze → suggest → apply) over pages
//! built from the shared corpora: clean paragraphs cut into column-sized
//! blocks, as OCR delivers them. Reported in bytes of input per second.
//!
//! Repaired as `ocrmend repair -o OUT` repairs: without evidence
//! ([`ocrmend::Repairer::without_evidence`]; a run that writes a report or
//! suggestions keeps it, and is slower). Each input on a pool of one thread
//! and of two. Besides the corpora, a document of one template (a table's
//! rows, classified ads), whose blocks all share most of their shingles:
//! what the in-page duplicate search must stay linear on.
//!
//! Run: `cargo bench --bench repair`. The corpora are read from
//! `../shared/corpora` (override with `OCRMEND_CORPORA`); without them the
//! bundled sample pages are repeated instead, and the benchmarks are named
//! so (`zh-sample/…` for `zh-corpus/…`), with a warning: a figure of one is
//! never read as the other's.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// The binary's allocator (src/main.rs), so that the benchmark measures what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use ocrmend::input::parse_plain;
use ocrmend::{repair, Applicability, Options, Repairer};
use std::path::PathBuf;

/// Cuts paragraphs into blocks of about `width` characters, separated by blank
/// lines: every cut is a seam to decide, most of them mid-sentence.
fn newspaper_text(paragraphs: &[String], width: usize, target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 4096);
    'outer: loop {
        for p in paragraphs {
            let chars: Vec<char> = p.chars().collect();
            for chunk in chars.chunks(width) {
                out.extend(chunk);
                out.push_str("\n\n");
                if out.len() >= target_bytes {
                    break 'outer;
                }
            }
        }
    }
    out
}

/// `target_bytes` of blocks of one sentence with a running number and its
/// words in a different order each time: near each other, none a copy.
fn template_text(target_bytes: usize) -> String {
    let words = [
        "harbour",
        "treasury",
        "surplus",
        "members",
        "proposals",
        "recess",
        "debate",
        "session",
        "winter",
        "lighthouse",
        "printer",
        "clerk",
    ];
    let mut out = String::with_capacity(target_bytes + 4096);
    let mut i = 0usize;
    while out.len() < target_bytes {
        let word = |k: usize| words[(i * 7 + k * (i % 5 + 1)) % words.len()];
        out.push_str(&format!(
            "The committee reported on item {i} of the agenda for the year {} and the {} {} approved the {} {} at length.\n\n",
            1800 + i % 200,
            word(0),
            word(1),
            word(2),
            word(3)
        ));
        i += 1;
    }
    out
}

/// The paragraphs of the corpus in `lang`, and where they came from:
/// `corpus`, or `sample` when the corpora are not there.
fn corpus(lang: &str) -> (&'static str, Vec<String>) {
    let root = std::env::var("OCRMEND_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| "../shared/corpora".into());
    let mut paragraphs = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join(lang)) {
        let mut files: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(f).unwrap();
            // English lines are whole speeches (`name<TAB>text`): cut them into ~600-character paragraphs.
            for line in text.lines() {
                let body = line.split_once('\t').map_or(line, |(_, t)| t);
                let mut para = String::new();
                for sentence in body.split_inclusive(". ") {
                    para.push_str(sentence);
                    if para.len() > 600 {
                        paragraphs.push(std::mem::take(&mut para));
                    }
                }
                if !para.is_empty() {
                    paragraphs.push(para);
                }
            }
        }
    }
    if !paragraphs.is_empty() {
        return ("corpus", paragraphs);
    }
    let sample = if lang == "zh" {
        "samples/jiaxing-daily-page.txt"
    } else {
        "samples/national-intelligencer-1801.txt"
    };
    eprintln!(
        "warning: no {lang} corpus under {} (OCRMEND_CORPORA): repeating {sample} instead",
        root.display()
    );
    ("sample", vec![std::fs::read_to_string(sample).unwrap()])
}

fn bench_repair(c: &mut Criterion) {
    // Load the language resources outside the measurement: they load on first use.
    for sample in [
        "samples/jiaxing-daily-page.txt",
        "samples/national-intelligencer-1801.txt",
    ] {
        let text = std::fs::read(sample).unwrap();
        repair(parse_plain(sample.into(), text).unwrap(), &Options::default());
    }
    let mut group = c.benchmark_group("repair");
    group.sample_size(10);
    // One document on one thread, and on two: a repair's stages work on its
    // blocks, seams and candidate pairs in parallel.
    let pools: Vec<(usize, rayon::ThreadPool)> = [1, 2]
        .into_iter()
        .map(|n| (n, rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap()))
        .collect();
    let mut inputs: Vec<(String, usize, String)> = Vec::new();
    for (lang, width) in [("zh", 300), ("en", 900)] {
        let (source, paragraphs) = corpus(lang);
        for size in [1usize << 20, 8 << 20] {
            inputs.push((
                format!("{lang}-{source}"),
                size,
                newspaper_text(&paragraphs, width, size),
            ));
        }
    }
    inputs.push(("en-template".into(), 1 << 20, template_text(1 << 20)));
    for (name, size, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        for (threads, pool) in &pools {
            group.bench_with_input(
                BenchmarkId::new(format!("{name}/{threads}-thread"), format!("{}MiB", size >> 20)),
                text,
                |b, text| {
                    b.iter(|| {
                        pool.install(|| {
                            let doc = parse_plain("bench".into(), text.as_bytes().to_vec()).unwrap();
                            let r = Repairer::shipped()
                                .without_evidence()
                                .repair(doc, &Options::default());
                            r.apply_at_least(Applicability::Safe).text.len()
                        })
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench_repair);
criterion_main!(benches);
