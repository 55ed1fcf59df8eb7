//! The `ocrmend` binary: parse the command line, run, map the outcome to an exit code.

mod cli;

/// mimalloc: the pipeline makes many small strings per block, and glibc's
/// allocator spent about a third of a run in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.run() {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(err) => {
            // A closed pipe (`ocrmend repair … | head`) is not an error.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("ocrmend: {err:#}");
            ExitCode::from(2)
        }
    }
}
