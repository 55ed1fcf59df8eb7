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
            // A closed pipe (`ocrmend repair … | head`) is not an error,
            // whatever wrapped it.
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("ocrmend: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once: the library's errors already
/// end with the cause they wrap (`cannot read: No such file or directory`).
fn message(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !message.ends_with(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}
