//! A user's files are sacred: the cases of issue 12, each tried through the
//! real binary as a new user or an attacker would. Every test names its case.
//!
//! `OCRMEND_BIN` runs them against another build (that is how each was seen
//! to fail on the main before the fix); by default they run this crate's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn binary() -> PathBuf {
    std::env::var_os("OCRMEND_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ocrmend")), PathBuf::from)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Runs with a deadline: a walk that never ends fails the test instead of hanging it.
fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(binary())
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("ocrmend {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("file-safety")
        .join(name);
    if dir.exists() {
        // A test may leave a folder it made unreadable.
        let _ = Command::new("chmod").args(["-R", "u+rwx"]).arg(&dir).status();
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name)
}

/// A page whose repair joins two blocks.
const PAGE: &str =
    "The committee met on Tuesday and agreed that the\n\nbridge would be rebuilt before winter.\n";

fn records() -> String {
    (0..6)
        .map(|i| format!("{{\"id\":\"r{i}\",\"text\":\"Record {i} goes on and on about the\\n\\nbridge that was rebuilt.\"}}\n"))
        .collect()
}

#[test]
fn case_01_resume_onto_the_input_never_destroys_it() {
    let dir = scratch("case01");
    std::fs::write(dir.join("X.jsonl"), records()).unwrap();
    for args in [
        &["repair", "X.jsonl", "-o", "X.jsonl", "--resume"][..],
        &["repair", "X.jsonl", "-o", "X.jsonl"][..],
    ] {
        let o = run(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("refused as an output: -o is an input of this run"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read_to_string(dir.join("X.jsonl")).unwrap(), records());
    assert!(!dir.join("X.jsonl.partial").exists());
}

#[test]
fn case_02_outputs_over_inputs_are_refused_before_any_work() {
    let dir = scratch("case02");
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    std::fs::write(dir.join("pages/p.txt"), PAGE).unwrap();
    std::fs::write(dir.join("p.txt"), PAGE).unwrap();
    std::fs::write(dir.join("in.jsonl"), records()).unwrap();
    for (args, says) in [
        (&["repair", "pages", "-o", "pages"][..], "-o holds the input"),
        (&["repair", "p.txt", "-o", "."][..], "-o holds the input"),
        (
            &["repair", "in.jsonl", "-o", "in.jsonl"][..],
            "-o is an input of this run",
        ),
        (
            &["repair", "p.txt", "--report", "p.txt"][..],
            "--report is an input of this run",
        ),
        (
            &["repair", "pages", "--report", "pages/r.json"][..],
            "lies inside the input directory",
        ),
    ] {
        let o = run(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read_to_string(dir.join("p.txt")).unwrap(), PAGE);
    assert_eq!(std::fs::read_to_string(dir.join("pages/p.txt")).unwrap(), PAGE);
    assert_eq!(std::fs::read_to_string(dir.join("in.jsonl")).unwrap(), records());
    assert!(!dir.join("pages/r.json").exists());
    // An output folder inside the input folder is fine: the walk leaves it out.
    let o = run(&dir, &["repair", "pages", "-o", "pages/out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 documents repaired"), "{}", stderr(&o));
}

/// The same for `dedup`, which reads its texts again while it writes
/// `--text-out`: every output is refused that is one of its inputs.
#[test]
fn case_02_dedup_outputs_never_overwrite_what_it_reads() {
    let dir = scratch("case02dedup");
    std::fs::write(dir.join("in.jsonl"), records()).unwrap();
    for args in [
        &["dedup", "in.jsonl", "--text-out", "in.jsonl"][..],
        &["dedup", "in.jsonl", "-o", "in.jsonl"][..],
        &[
            "dedup",
            "in.jsonl",
            "--band-keys",
            "k.jsonl",
            "--verified-out",
            "k.jsonl",
        ][..],
    ] {
        let o = run(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("refused as an output"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read_to_string(dir.join("in.jsonl")).unwrap(), records());
    let o = run(
        &dir,
        &["dedup", "in.jsonl", "--text-out", "kept.jsonl", "-o", "c.json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("kept.jsonl"))
            .unwrap()
            .lines()
            .count(),
        1
    );
}

#[test]
fn case_03_same_named_pages_in_two_folders_both_come_out() {
    let dir = scratch("case03");
    for (year, text) in [("1801", PAGE), ("1802", "Another page\n\nof another year.\n")] {
        std::fs::create_dir_all(dir.join(year)).unwrap();
        std::fs::write(dir.join(year).join("page-001.txt"), text).unwrap();
    }
    let o = run(
        &dir,
        &["repair", "1801/page-001.txt", "1802/page-001.txt", "-o", "out"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(dir.join("out/1801/page-001.txt"))
        .unwrap()
        .contains("the bridge"));
    assert!(std::fs::read_to_string(dir.join("out/1802/page-001.txt"))
        .unwrap()
        .contains("another year"));
    // Two folders: each keeps its name.
    let o = run(&dir, &["repair", "1801", "1802", "-o", "out2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("out2/1801/page-001.txt").exists() && dir.join("out2/1802/page-001.txt").exists());
    // The same page twice, or a page inside a folder also given: refused.
    let o = run(&dir, &["repair", "1801", "1801/page-001.txt", "-o", "out3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("outputs would collide"), "{}", stderr(&o));
}

/// Two same-named pages, one with suggestions (the Chinese sample) and one
/// without, repaired with `--suggestions s.jsonl` and a review threshold
/// (0.3) that offers the lost 电 (calibrated 0.33).
fn reviewed_workspace(name: &str) -> PathBuf {
    let dir = scratch(name);
    for year in ["a", "b"] {
        std::fs::create_dir_all(dir.join(year)).unwrap();
    }
    std::fs::copy(sample("jiaxing-daily-page.txt"), dir.join("a/page.txt")).unwrap();
    std::fs::write(dir.join("b/page.txt"), PAGE).unwrap();
    let o = run(
        &dir,
        &[
            "repair",
            "-q",
            "a/page.txt",
            "b/page.txt",
            "--suggestions",
            "s.jsonl",
            "--review-threshold",
            "0.3",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

fn accept_all(dir: &Path) {
    let log: String = std::fs::read_to_string(dir.join("s.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let s: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{{\"id\":{},\"decision\":\"accept\",\"reviewer\":\"t\",\"time\":\"t\"}}\n",
                s["id"]
            )
        })
        .collect();
    std::fs::write(dir.join("s.decisions.jsonl"), log).unwrap();
}

#[test]
fn case_04_apply_mirrors_every_input_and_never_writes_over_one() {
    let dir = reviewed_workspace("case04");
    accept_all(&dir);
    let o = run(&dir, &["apply", "s.jsonl", "-o", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = std::fs::read_to_string(dir.join("out/a/page.txt")).unwrap();
    assert!(a.contains("充电桩113根"), "the accepted lost character: {a}");
    let b = std::fs::read_to_string(dir.join("out/b/page.txt")).unwrap();
    assert!(
        b.contains("agreed that the bridge"),
        "the page without suggestions is written too: {b}"
    );
    let o = run(&dir, &["apply", "s.jsonl", "-o", "a"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o holds the input"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.join("a/page.txt")).unwrap(),
        std::fs::read(sample("jiaxing-daily-page.txt")).unwrap()
    );
}

#[test]
fn case_05_devices_fifos_and_links_are_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("case05");
    std::fs::write(dir.join("p.txt"), PAGE).unwrap();
    // A symbolic link: followed; the link stays a link.
    std::fs::write(dir.join("real.json"), "").unwrap();
    std::os::unix::fs::symlink(dir.join("real.json"), dir.join("link.json")).unwrap();
    let o = run(&dir, &["repair", "p.txt", "--report", "link.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(dir.join("link.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(dir.join("real.json"))
        .unwrap()
        .contains("\"schema_version\""));
    // A FIFO: written in place, still a FIFO.
    assert!(Command::new("mkfifo")
        .arg(dir.join("fifo"))
        .status()
        .unwrap()
        .success());
    let fifo = dir.join("fifo");
    let reader = std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap());
    let o = run(&dir, &["repair", "p.txt", "--report", "fifo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(reader.join().unwrap().contains("\"schema_version\""));
    assert!(std::fs::metadata(dir.join("fifo")).unwrap().file_type().is_fifo());
    // A JSONL output onto a FIFO too.
    std::fs::write(dir.join("in.jsonl"), records()).unwrap();
    let fifo = dir.join("fifo");
    let reader = std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap());
    let o = run(&dir, &["repair", "in.jsonl", "-o", "fifo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(reader.join().unwrap().lines().count(), 6);
    assert!(std::fs::metadata(dir.join("fifo")).unwrap().file_type().is_fifo());
    // A character device stays one.
    let o = run(&dir, &["repair", "p.txt", "--report", "/dev/null"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    // One path for two outputs: refused.
    let o = run(
        &dir,
        &["repair", "p.txt", "--report", "x.json", "--suggestions", "x.json"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("same file as another output"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn case_06_symlink_loops_end_and_each_page_comes_out_once() {
    let dir = scratch("case06");
    std::fs::create_dir_all(dir.join("in/sub")).unwrap();
    std::fs::write(dir.join("in/sub/page.txt"), PAGE).unwrap();
    std::os::unix::fs::symlink("..", dir.join("in/sub/up")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("in/self")).unwrap();
    let o = run_within(&dir, &["repair", "in", "-o", "out"], Duration::from_secs(20));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link loop"), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 documents repaired"), "{}", stderr(&o));
    let mut outputs = Vec::new();
    let mut stack = vec![dir.join("out")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                outputs.push(p);
            }
        }
    }
    assert_eq!(outputs, [dir.join("out/sub/page.txt")]);
}

#[test]
fn case_07_a_partial_output_of_other_inputs_is_not_resumed() {
    let dir = scratch("case07");
    std::fs::write(dir.join("a.jsonl"), records()).unwrap();
    std::fs::write(dir.join("b.jsonl"), records().replace("Record", "Entry")).unwrap();
    // A partial output of a run over a.jsonl (its fingerprint gone).
    let o = run(&dir, &["repair", "a.jsonl", "-o", "out.jsonl"]);
    assert!(o.status.success());
    let done = std::fs::read_to_string(dir.join("out.jsonl")).unwrap();
    std::fs::write(
        dir.join("out.jsonl.partial"),
        done.lines().take(2).map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
    let foreign = std::fs::read(dir.join("out.jsonl.partial")).unwrap();
    let o = run(&dir, &["repair", "b.jsonl", "-o", "out.jsonl", "--resume"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("left by a run over other inputs"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(dir.join("out.jsonl.partial")).unwrap(), foreign);
    // (A run resumed over its own inputs: tests/batch.rs, after a kill.)
}

#[test]
fn case_11_apply_refuses_edited_suggestions_and_foreign_decisions() {
    let dir = reviewed_workspace("case11");
    let original = std::fs::read_to_string(dir.join("s.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = original
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let write = |list: &[serde_json::Value]| {
        let text: String = list.iter().map(|v| format!("{v}\n")).collect();
        std::fs::write(dir.join("s.jsonl"), text).unwrap();
    };
    // 1. The accepted suggestion's edit id swapped for another's.
    let mut swapped = lines.clone();
    let other = swapped[1]["edit"].clone();
    swapped[0]["edit"] = other;
    write(&swapped);
    accept_all(&dir);
    let o = run(&dir, &["apply", "s.jsonl", "-o", "out1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not the edit the reviewer saw"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("out1/a/page.txt").exists());
    // 2. Thresholds set to 0: every suggestion would be safe.
    let mut zero = lines.clone();
    for s in &mut zero {
        s["options"]["safe_threshold"] = 0.0.into();
        s["options"]["review_threshold"] = 0.0.into();
    }
    write(&zero);
    std::fs::remove_file(dir.join("s.decisions.jsonl")).unwrap();
    let manifest = std::fs::read_to_string(dir.join("s.inputs.jsonl")).unwrap();
    std::fs::write(
        dir.join("s.inputs.jsonl"),
        manifest.replace("0.95", "0.0").replace("0.3", "0.0"),
    )
    .unwrap();
    let o = run(&dir, &["apply", "s.jsonl", "-o", "out2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not made on this input with these options: not applied"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("out2/a/page.txt").exists());
    std::fs::write(dir.join("s.inputs.jsonl"), manifest).unwrap();
    // 3. A decisions log of another suggestions file.
    write(&lines);
    std::fs::write(
        dir.join("s.decisions.jsonl"),
        "{\"id\":\"0000000000000000\",\"decision\":\"accept\",\"reviewer\":\"t\",\"time\":\"t\"}\n",
    )
    .unwrap();
    let o = run(&dir, &["apply", "s.jsonl", "-o", "out3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("none of its 1 decisions is about a suggestion"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn case_12_a_torn_decision_is_left_out_with_a_warning() {
    let dir = reviewed_workspace("case12");
    accept_all(&dir);
    let mut log = std::fs::read_to_string(dir.join("s.decisions.jsonl")).unwrap();
    log.push_str("{\"id\":\"abc\",\"deci");
    std::fs::write(dir.join("s.decisions.jsonl"), &log).unwrap();
    let o = run(&dir, &["apply", "s.jsonl", "-o", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cut short while it was written is left out"),
        "{}",
        stderr(&o)
    );
    assert!(std::fs::read_to_string(dir.join("out/a/page.txt"))
        .unwrap()
        .contains("充电桩"));
    // A review session goes on after it: its decisions stand on lines of
    // their own, and the log still reads.
    std::fs::write(dir.join("s.decisions.jsonl"), "{\"id\":\"abc\",\"deci").unwrap();
    let mut child = Command::new(binary())
        .current_dir(&dir)
        .args(["review", "s.jsonl", "--terminal"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"y\nq\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cut short while it was written is left out"),
        "{}",
        stderr(&o)
    );
    let log = std::fs::read_to_string(dir.join("s.decisions.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(
        log.lines().nth(1).unwrap().contains("\"decision\":\"accept\""),
        "{log}"
    );
    let o = run(&dir, &["apply", "s.jsonl", "-o", "out2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(dir.join("out2/applied.jsonl"))
        .unwrap()
        .contains("\"applied\":true"));
}

/// Runs `args` as an unprivileged user when this test runs as root (root
/// reads any folder, whatever its mode).
fn run_unprivileged(dir: &Path, args: &[&str]) -> Output {
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    if !root {
        return run(dir, args);
    }
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(binary())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn case_13_an_unreadable_folder_is_an_error_and_the_rest_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("case13");
    std::fs::create_dir_all(dir.join("in/a")).unwrap();
    std::fs::create_dir_all(dir.join("in/b")).unwrap();
    std::fs::write(dir.join("in/a/page.txt"), PAGE).unwrap();
    std::fs::write(dir.join("in/b/page.txt"), PAGE).unwrap();
    for p in [&dir, &dir.join("in")] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    std::fs::set_permissions(dir.join("in/a"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = run_unprivileged(&dir, &["repair", "in", "-o", "out", "--report", "r.json"]);
    std::fs::set_permissions(dir.join("in/a"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("in/a: cannot read"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 documents repaired, 0 skipped (done before), 1 errors"),
        "{}",
        stderr(&o)
    );
    assert!(dir.join("out/b/page.txt").exists());
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("r.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 1);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("ocrmend-tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn case_14_blank_records_pass_through_and_bad_ones_keep_their_id() {
    let dir = scratch("case14");
    std::fs::write(
        dir.join("in.jsonl"),
        "{\"id\":\"blank\",\"text\":\"\"}\n{\"id\":\"notext\",\"n\":1}\n{\"id\":\"ok\",\"text\":\"fine.\"}\n",
    )
    .unwrap();
    let o = run(&dir, &["repair", "in.jsonl"]);
    assert_eq!(o.status.code(), Some(2), "the record without text is an error");
    let out: Vec<serde_json::Value> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["id"], "blank");
    assert_eq!(out[0]["text"], "");
    assert_eq!(out[0]["ocrmend"]["blank"], true);
    assert_eq!(out[1]["id"], "notext");
    assert!(out[1]["error"].as_str().unwrap().contains("no \"text\""));
    assert_eq!(out[2]["id"], "ok");
    assert!(
        stderr(&o).contains("1 blank pages passed through"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn case_15_jsonl_fields_keep_their_bytes() {
    let dir = scratch("case15");
    let line =
        r#"{"z":18446744073709551616,"n":-0,"e":1E2,"id":"p1","text":"Nothing to repair here.","a":"\/"}"#;
    std::fs::write(dir.join("in.jsonl"), format!("{line}\n")).unwrap();
    let o = run(&dir, &["repair", "in.jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let (kept, added) = out.trim_end().split_at(line.len() - 1);
    assert_eq!(
        kept,
        &line[..line.len() - 1],
        "every byte before the added field is the input's"
    );
    assert!(added.starts_with(",\"ocrmend\":{"), "{added}");
}

#[test]
fn case_16_a_full_disk_names_the_file_and_leaves_no_temporary() {
    let dir = scratch("case16");
    std::fs::write(dir.join("p.txt"), PAGE).unwrap();
    std::fs::write(dir.join("in.jsonl"), records()).unwrap();
    for args in [
        &["repair", "p.txt", "--report", "/dev/full"][..],
        &["repair", "in.jsonl", "-o", "/dev/full"][..],
    ] {
        let o = run(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("/dev/full: cannot write"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// A review server on a free port; its address and token.
struct Server {
    child: Child,
    port: u16,
    token: String,
    /// Held open: the server prints more after its address.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path) -> Server {
    let mut child = Command::new(binary())
        .current_dir(dir)
        .args(["review", "s.jsonl", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut first).unwrap();
    let address = first.split("http://").nth(1).unwrap().trim();
    let port = address
        .split(':')
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let token = address.split("token=").nth(1).unwrap().to_string();
    Server {
        child,
        port,
        token,
        _stdout: stdout,
    }
}

fn request(port: u16, raw: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply
}

#[test]
fn case_17_a_stalled_client_does_not_stall_the_others() {
    let dir = reviewed_workspace("case17");
    let s = serve(&dir);
    let host = format!("127.0.0.1:{}", s.port);
    // Announces ten million bytes and sends none.
    let mut stalled = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    write!(
        stalled,
        "POST /api/decide?token={} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 900000\r\n\r\n",
        s.token
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    let reply = request(
        s.port,
        &format!(
            "GET /api/state?token={} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
            s.token
        ),
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(start.elapsed() < Duration::from_secs(10));
    // More than the largest body is refused unread.
    let reply = request(
        s.port,
        &format!(
            "POST /api/decide?token={} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n",
            s.token
        ),
    );
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    // Many decisions at once are written as one batch, every one kept.
    let ids: Vec<String> = std::fs::read_to_string(dir.join("s.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    let body = format!("{{\"ids\":[{}],\"decision\":\"reject\"}}", ids.join(","));
    let reply = request(
        s.port,
        &format!(
            "POST /api/decide-many?token={} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            s.token,
            body.len()
        ),
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    let log = std::fs::read_to_string(dir.join("s.decisions.jsonl")).unwrap();
    assert_eq!(log.lines().count(), ids.len());
    drop(stalled);
}

#[test]
fn case_18_devices_and_records_have_size_caps() {
    let dir = scratch("case18");
    let o = run_within(
        &dir,
        &[
            "repair",
            "/dev/zero",
            &sample("national-intelligencer-1801.txt").display().to_string(),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/dev/zero: input of 1073741825 bytes exceeds the limit"),
        "{}",
        stderr(&o)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("our sister nations have"));
}

#[test]
fn case_19_an_interrupted_run_leaves_no_temporary_and_its_output_as_it_was() {
    let page = "The council met on Monday and agreed that the new bridge\nshould be built in the spring.\n\n";
    for signal in ["INT", "TERM"] {
        let dir = scratch(&format!("case19-{signal}"));
        std::fs::write(dir.join("out.txt"), "old\n").unwrap();
        let mut child = Command::new(binary())
            .current_dir(&dir)
            .args(["-j", "1", "repair", "-q", "--window", "16K", "-", "-o", "out.txt"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // More windows of standard input than one thread keeps in flight
        // (four), and then it stays open: the run waits for the rest with
        // its output half written.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(page.repeat(2_000).as_bytes()).unwrap();
        let temporaries = || -> Vec<String> {
            std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.contains("ocrmend-tmp"))
                .collect()
        };
        let start = Instant::now();
        while temporaries().is_empty() {
            assert!(start.elapsed() < Duration::from_secs(60), "no output begun");
            std::thread::sleep(Duration::from_millis(20));
        }
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let o = child.wait_with_output().unwrap();
        drop(stdin);
        assert_eq!(o.status.code(), Some(130), "{signal}: {}", stderr(&o));
        assert!(stderr(&o).contains("interrupted: 1 output(s)"), "{}", stderr(&o));
        assert_eq!(temporaries(), Vec::<String>::new(), "{signal}");
        assert_eq!(std::fs::read_to_string(dir.join("out.txt")).unwrap(), "old\n");
    }
}
