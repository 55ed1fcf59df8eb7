//! What the review tests share: the binary in a folder, a scratch folder
//! with the samples (and a page that lost characters) and their
//! suggestions, the review server, and whether the browser tests can run
//! here.
#![allow(dead_code)] // each test file uses a part

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub fn ocrmend(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// An empty scratch directory for one test, with copies of `files`.
pub fn scratch(name: &str, files: &[&str]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in files {
        let from = Path::new(file);
        std::fs::copy(from, dir.join(from.file_name().unwrap())).unwrap();
    }
    dir
}

/// A scratch directory with the two sample pages, a page that lost two
/// characters at its seams, and their suggestions. That page
/// (`tests/fixtures/lost-characters.txt`: phrases of the Government Work
/// Reports of 1984–2005, public domain, put together, with `有` and `民`
/// taken out where a block ends) gives the review its first two cards: a
/// lost character whose join is applied by default (`要完善国` | `资产`),
/// and one that goes with a join suggested for review, as one fix
/// (`我国各族人` | `在中国共产党`). Repaired with a review threshold of
/// 0.05, so that every edit proposed is offered.
pub fn workspace(name: &str) -> PathBuf {
    let dir = scratch(
        name,
        &[
            "tests/fixtures/lost-characters.txt",
            "samples/jiaxing-daily-page.txt",
            "samples/national-intelligencer-1801.txt",
        ],
    );
    let o = ocrmend(
        &dir,
        &[
            "repair",
            "-q",
            "lost-characters.txt",
            "jiaxing-daily-page.txt",
            "national-intelligencer-1801.txt",
            "--suggestions",
            "s.jsonl",
            // However unlikely its calibrated confidence (the lost 电:
            // 0.33): these tests are about the review, not the threshold.
            "--review-threshold",
            "0.05",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir
}

pub fn suggestions(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("s.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(dir: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .current_dir(dir)
        .args(["review", "s.jsonl", "--reviewer", "bo"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap();
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    let (port, token) = rest.split_once("/?token=").unwrap();
    Server {
        child,
        port: port.parse().unwrap(),
        token: token.to_string(),
    }
}

/// Whether Debian's Chromium and playwright-core are here for the browser
/// tests; without them a test is skipped with its reason, except in CI
/// (`CI` set), where it must run: `.ci/run` installs what it needs.
pub fn browser_available() -> bool {
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
        .exists();
    let playwright = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/playwright-core")
        .exists();
    if !(chromium && playwright) {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium {chromium}, playwright-core {playwright}: scripts/test.sh installs them"
        );
        eprintln!(
            "skipped: the review page's browser tests need Debian's chromium and `npm ci` in tests/browser \
             (scripts/test.sh installs both as root)"
        );
    }
    chromium && playwright
}
