//! The `ocrmend` binary: parse the command line, run, map the outcome to an exit code.

mod cli;

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
