//! The command line: clap definitions and one module per subcommand. The
//! binary's `main` only parses, dispatches and maps the outcome to an exit code.

mod apply;
mod dedup;
mod eval;
mod repair;
mod review;
mod simulate;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was processed.
    Clean,
    /// Suggestions are left for review and `--fail-on-review` asked to know.
    ReviewLeft,
    /// At least one input could not be processed.
    Errors,
}

impl Outcome {
    /// The process exit code: 0 clean, 1 review left (when asked), 2 errors.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::ReviewLeft => 1,
            Outcome::Errors => 2,
        }
    }
}

/// Repairs the text of scanned newspapers after OCR.
#[derive(Debug, Parser)]
#[command(name = "ocrmend", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Threads to work on (default: one per core; the output is the same
    /// whatever the number).
    #[arg(short = 'j', long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Colour in the terminal: auto (when it is a terminal and NO_COLOR is
    /// not set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

/// When to colour what is printed for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Whether to colour output going to standard output.
    pub fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Rejoin broken paragraphs, flag truncations, and report every change.
    Repair(repair::RepairArgs),
    /// Review suggestions in a local web page (or the terminal): accept or reject each.
    Review(review::ReviewArgs),
    /// Apply the safe edits and the accepted suggestions to their inputs.
    Apply(apply::ApplyArgs),
    /// Cluster documents that are copies of one text, across a collection.
    Dedup(dedup::DedupArgs),
    /// Score repairs of annotated pages against their gold, next to baselines.
    Eval(eval::EvalArgs),
    /// Write OCR-like pages with known damage, each with its gold file.
    Simulate(simulate::SimulateArgs),
    /// Write a JSONL collection of stories and their reprints, with true clusters.
    SimulateReprints(simulate::ReprintArgs),
    /// Print a shell's completion script (`ocrmend completions bash > /etc/bash_completion.d/ocrmend`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (`ocrmend man > ocrmend.1; man ./ocrmend.1`), or
    /// a command's (`ocrmend man repair > ocrmend-repair.1`).
    Man {
        /// The command whose page to print.
        command: Option<String>,
    },
}

impl Cli {
    /// Runs the chosen subcommand.
    pub fn run(self) -> anyhow::Result<Outcome> {
        if let Some(n) = self.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(usize::from(n))
                .build_global()
                .map_err(|e| anyhow::anyhow!("cannot start {n} threads: {e}"))?;
        }
        match self.command {
            Command::Repair(args) => repair::run(args),
            Command::Eval(args) => eval::run(args),
            Command::Review(args) => review::run(args, self.color),
            Command::Apply(args) => apply::run(args),
            Command::Dedup(args) => dedup::run(args),
            Command::Simulate(args) => simulate::run(args),
            Command::SimulateReprints(args) => simulate::run_reprints(args),
            Command::Completions { shell } => {
                use clap::CommandFactory;
                clap_complete::generate(shell, &mut Cli::command(), "ocrmend", &mut std::io::stdout());
                Ok(Outcome::Clean)
            }
            Command::Man { command } => {
                use clap::CommandFactory;
                let top = Cli::command();
                let page = match command {
                    None => top,
                    Some(name) => {
                        let sub = top
                            .find_subcommand(&name)
                            .ok_or_else(|| anyhow::anyhow!("no command is called {name:?}"))?;
                        sub.clone()
                            .display_name(format!("ocrmend-{name}"))
                            .bin_name(format!("ocrmend {name}"))
                    }
                };
                clap_mangen::Man::new(page).render(&mut std::io::stdout())?;
                Ok(Outcome::Clean)
            }
        }
    }
}

/// A progress bar on stderr when it is a terminal; hidden otherwise. With
/// a total, a bar of documents; without, a count of them.
pub fn progress_bar(quiet: bool, total: impl FnOnce() -> Option<u64>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total = total();
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = match total {
        Some(_) => "{bar:40} {pos}/{len} documents, {per_sec}, eta {eta}",
        None => "{spinner} {pos} documents, {per_sec}",
    };
    bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
    bar
}
