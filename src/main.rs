//! The `ocrmend` binary: parse the command line, run, map the outcome to an exit code.

mod cli;

/// mimalloc: the pipeline makes many small strings per block, and glibc's
/// allocator spent about a third of a run in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    keep_off_huge_pages();
    remove_temporaries_when_interrupted();
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

/// On Ctrl-C, SIGTERM or SIGHUP, removes the temporary files of the outputs
/// being written and exits with 130: every output is then either whole or
/// as it was before the run (a resumable run's `.partial` files stay, for
/// `--resume`). Without a handler the signal would kill the process and
/// leave `.NAME.PID.ocrmend-tmp` files beside the outputs. Best effort: if
/// the handler cannot be set, the signals keep their default.
fn remove_temporaries_when_interrupted() {
    let _ = ctrlc::set_handler(|| {
        // Said only when it did something: Ctrl-C is how `ocrmend review`'s
        // server is stopped.
        let removed = ocrmend::batch::remove_temporaries();
        if removed > 0 {
            eprintln!(
                "ocrmend: interrupted: {removed} output(s) being written dropped, each file left as it was"
            );
        }
        std::process::exit(130);
    });
}

/// Asks Linux not to back this process's memory with transparent huge
/// pages. mimalloc advises huge pages for its arenas, and each first touch
/// of one then zeroes 2 MB: the kernel's time was 0.5-1.2 s of a 1.5-2.4 s
/// repair of 8 MB of real-OCR text on one core, and 1.0 s of a 3.0-3.2 s
/// dedup of 100 MB, against 0.15-0.23 s and 0.3-0.5 s without (same output;
/// 1 GB of dedup took as long either way). Best effort: an older kernel
/// that refuses leaves things as they were.
fn keep_off_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and touches no
    // memory of this process; it sets a flag the kernel reads at page faults.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
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
