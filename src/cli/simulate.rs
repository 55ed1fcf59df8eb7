//! `ocrmend simulate`: writes OCR-like pages with known damage, each beside
//! its gold file, from a clean corpus.

use super::Outcome;
use anyhow::Context;
use clap::Args;
use ocrmend::batch::{write_atomic, FileSink, OutputGuard};
use ocrmend::input::Format;
use ocrmend::simulate::{simulate, write_page_as, DamageRates, Lang, PageLayout, SimConfig};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Clean corpus files: English `name<TAB>text` lines, or Chinese one paragraph a line.
    #[arg(long = "corpus", required = true, value_name = "FILE")]
    corpora: Vec<PathBuf>,
    /// Language of the corpus: en or zh.
    #[arg(long)]
    lang: Lang,
    /// Directory to write `page-NNNN.txt` (or the format's file) and
    /// `page-NNNN.gold.json` into.
    #[arg(short, long, value_name = "DIR")]
    out: PathBuf,
    /// Format of the pages: text, alto, hocr, page (each page a file, with its
    /// gold), or jsonl (every page a record of `pages.jsonl`; no gold files).
    #[arg(long, default_value = "text")]
    format: Format,
    /// Pages to write.
    #[arg(long, default_value_t = 200)]
    pages: usize,
    /// No summary on stderr.
    #[arg(short, long)]
    quiet: bool,
    /// Seed of every random choice: the same seed gives the same pages.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Characters per line (default: 40 for en, 16 for zh).
    #[arg(long)]
    chars_per_line: Option<usize>,
    /// Lines per column.
    #[arg(long)]
    lines_per_column: Option<usize>,
    /// Columns per page.
    #[arg(long)]
    columns: Option<usize>,
    /// Share of seams whose continuation lost its first character.
    #[arg(long, default_value_t = DamageRates::default().lost_char)]
    lost_char_rate: f64,
    /// Share of seams where the last line is read again at the next column's top.
    #[arg(long, default_value_t = DamageRates::default().duplicate_line)]
    duplicate_line_rate: f64,
    /// Share of seams whose continuation is moved to the end of the page.
    #[arg(long, default_value_t = DamageRates::default().displaced)]
    displaced_rate: f64,
    /// Share of seams whose continuation is missing.
    #[arg(long, default_value_t = DamageRates::default().missing)]
    missing_rate: f64,
    /// Share of pages with one paragraph repeated with fresh noise.
    #[arg(long, default_value_t = DamageRates::default().repeat)]
    repeat_rate: f64,
    /// Share of line-end hyphens dropped.
    #[arg(long, default_value_t = DamageRates::default().hyphen_drop)]
    hyphen_drop_rate: f64,
    /// Share of the characters that have a look-alike replaced by it.
    #[arg(long, default_value_t = DamageRates::default().noise)]
    noise_rate: f64,
}

pub fn run(args: SimulateArgs) -> anyhow::Result<Outcome> {
    let corpus = read_corpus(&args.corpora)?;
    let defaults = PageLayout::default_for(args.lang);
    let config = SimConfig {
        lang: args.lang,
        seed: args.seed,
        pages: args.pages,
        layout: PageLayout {
            chars_per_line: args.chars_per_line.unwrap_or(defaults.chars_per_line).max(8),
            lines_per_column: args.lines_per_column.unwrap_or(defaults.lines_per_column).max(1),
            columns: args.columns.unwrap_or(defaults.columns).max(1),
        },
        damage: DamageRates {
            lost_char: args.lost_char_rate,
            duplicate_line: args.duplicate_line_rate,
            displaced: args.displaced_rate,
            missing: args.missing_rate,
            repeat: args.repeat_rate,
            hyphen_drop: args.hyphen_drop_rate,
            noise: args.noise_rate,
        },
    };
    let pages = simulate(&corpus, &config);
    anyhow::ensure!(!pages.is_empty(), "the corpus holds no paragraphs to lay out");
    // The corpus is never written over: a folder that holds it is refused.
    OutputGuard::new(&args.corpora).check_directory(&args.out)?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("{}: cannot create", args.out.display()))?;
    let write = |path: &Path, text: &str| {
        write_atomic(path, text.as_bytes()).with_context(|| format!("{}: cannot write", path.display()))
    };
    if args.format == Format::Jsonl {
        let records: String = pages
            .iter()
            .map(|p| write_page_as(p, args.format, &config.layout, config.lang))
            .collect();
        let file = args.out.join("pages.jsonl");
        write(&file, &records)?;
        if !args.quiet {
            eprintln!(
                "ocrmend: wrote {} pages as records into {}",
                pages.len(),
                file.display()
            );
        }
        return Ok(Outcome::Clean);
    }
    let written = pages.len();
    for mut page in pages {
        let name = format!("page-{:04}", page.number);
        page.gold.input = format!("{name}.{}", args.format.file_ending());
        let text = write_page_as(&page, args.format, &config.layout, config.lang);
        write(&args.out.join(&page.gold.input), &text)?;
        write(
            &args.out.join(format!("{name}.gold.json")),
            &serde_json::to_string_pretty(&page.gold)?,
        )?;
    }
    if !args.quiet {
        eprintln!(
            "ocrmend: wrote {written} pages ({}) with their gold into {}",
            args.format.name(),
            args.out.display()
        );
    }
    Ok(Outcome::Clean)
}

/// `ocrmend simulate-reprints`: a JSONL collection of stories printed once or
/// several times, with the true cluster of every record.
#[derive(Debug, Args)]
pub struct ReprintArgs {
    /// Clean corpus files (as for `simulate`): stories are drawn from their sentences.
    #[arg(long = "corpus", required = true, value_name = "FILE")]
    corpora: Vec<PathBuf>,
    /// Language of the corpus: en or zh.
    #[arg(long)]
    lang: Lang,
    /// JSONL file to write (`id`, `text`, `cluster` per record).
    #[arg(short, long, value_name = "FILE")]
    out: PathBuf,
    /// Size of the collection in megabytes of text.
    #[arg(long, default_value_t = 10.0)]
    megabytes: f64,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of the characters that have a look-alike replaced by it, in each copy.
    #[arg(long, default_value_t = 0.05)]
    noise_rate: f64,
    /// No summary on stderr.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run_reprints(args: ReprintArgs) -> anyhow::Result<Outcome> {
    let corpus = read_corpus(&args.corpora)?;
    // Never onto the corpus it reads; written beside the target, then renamed.
    OutputGuard::new(&args.corpora).claim_file(&args.out, "-o")?;
    let mut out = std::io::BufWriter::new(FileSink::create(&args.out)?);
    let mut failed = None;
    let mut records = 0usize;
    let bytes = (args.megabytes * 1_000_000.0) as usize;
    ocrmend::simulate::reprints(&corpus, args.lang, args.seed, bytes, args.noise_rate, |record| {
        records += 1;
        if failed.is_none() {
            let line = serde_json::to_string(&record).map_err(anyhow::Error::from);
            failed = line
                .and_then(|l| writeln!(out, "{l}").map_err(anyhow::Error::from))
                .err();
        }
    });
    if let Some(e) = failed {
        return Err(e.context(format!("{}: cannot write", args.out.display())));
    }
    FileSink::commit_buffered(out)?;
    if !args.quiet {
        eprintln!("ocrmend: wrote {records} records into {}", args.out.display());
    }
    Ok(Outcome::Clean)
}

/// The corpus files, one after the other.
fn read_corpus(paths: &[PathBuf]) -> anyhow::Result<String> {
    let mut corpus = String::new();
    for path in paths {
        corpus.push_str(
            &std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?,
        );
        corpus.push('\n');
    }
    Ok(corpus)
}
