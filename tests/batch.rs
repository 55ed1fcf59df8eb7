//! Batch runs with the real binary: directories of mixed formats mirrored
//! into an output directory, JSONL from stdin to stdout, thread-count
//! independence, resuming after a kill, and error records.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn ocrmend(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .env("RAYON_NUM_THREADS", threads)
        .args(args)
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("batch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file below `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A directory of every format, nested.
fn mixed_inputs(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("issue-2")).unwrap();
    for (from, to) in [
        ("samples/jiaxing-daily-page.txt", "jiaxing.txt"),
        ("samples/alto/chronam-page.alto.xml", "issue-2/chronam.alto.xml"),
        (
            "samples/page/reichsanzeiger-1870_244_0431.page.xml",
            "issue-2/reichsanzeiger.page.xml",
        ),
        (
            "tests/fixtures/hocr/two-columns.hocr.html",
            "issue-2/two-columns.hocr.html",
        ),
    ] {
        std::fs::copy(from, input.join(to)).unwrap();
    }
    input
}

#[test]
fn a_directory_is_mirrored_identically_with_one_and_two_threads() {
    let dir = scratch("mirror");
    let input = mixed_inputs(&dir);
    let run = |threads: &str, out: &str| {
        let out = dir.join(out);
        let o = ocrmend(
            &["repair", input.to_str().unwrap(), "-o", out.to_str().unwrap()],
            threads,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(
            err.contains("4 documents repaired, 0 skipped (done before), 0 errors"),
            "{err}"
        );
        assert!(err.contains("applied: dehyphenate"), "{err}");
        tree(&out)
    };
    let one = run("1", "out-1");
    let names: Vec<&str> = one.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "issue-2/chronam.alto.xml.txt",
            "issue-2/reichsanzeiger.page.xml.txt",
            "issue-2/two-columns.hocr.html.txt",
            "jiaxing.txt",
        ]
    );
    let hocr = String::from_utf8(one[2].1.clone()).unwrap();
    assert_eq!(
        hocr,
        "HARBOR WORKS RESUME\n\nWork on the new pier began again on Monday after a long delay caused by \
         the winter storms & floods.\n\n(Photo: J. Smith)\n"
    );
    assert_eq!(one, run("2", "out-2"), "byte-identical whatever the thread count");
}

#[test]
fn resuming_a_directory_run_skips_what_is_done_and_ends_the_same() {
    let dir = scratch("resume-dir");
    let input = mixed_inputs(&dir);
    let out = dir.join("out");
    let args = ["repair", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    assert!(ocrmend(&args, "2").status.success());
    let whole = tree(&out);
    // As if a run had been killed after two documents.
    std::fs::remove_file(out.join("jiaxing.txt")).unwrap();
    std::fs::remove_file(out.join("issue-2/two-columns.hocr.html.txt")).unwrap();
    let o = ocrmend(&[&args[..], &["--resume"]].concat(), "2");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("2 documents repaired, 2 skipped (done before), 0 errors"),
        "{err}"
    );
    assert_eq!(tree(&out), whole);
}

/// `n` JSONL records cut from the bundled corpora, some with regions.
fn records(n: usize) -> String {
    let en = std::fs::read_to_string("samples/national-intelligencer-1801.txt").unwrap();
    let zh = std::fs::read_to_string("samples/jiaxing-daily-page.txt").unwrap();
    let mut out = String::new();
    for k in 0..n {
        let text = if k % 2 == 0 { &en } else { &zh };
        let record = serde_json::json!({
            "id": format!("rec-{k}"),
            "series": "sample",
            "text": text,
            "pages": [{"id": format!("p{k}"), "regions": [{"start": 0, "length": 20, "coords": {"x": 1, "y": 2, "w": 3, "h": 4}}]}],
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn pipe(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_string();
    let writer = std::thread::spawn(move || input.write_all(stdin.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

#[test]
fn jsonl_from_stdin_to_stdout_keeps_fields_order_and_names_bad_records() {
    let input = records(3) + "\n{\"id\": \"broken\", \"text\": \n" + &records(1).replace("rec-0", "rec-last");
    let o = pipe(&["repair", "-"], &input);
    assert_eq!(o.status.code(), Some(2), "a bad record is an error at the end");
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "one output line per record, the bad one included");
    assert_eq!(lines[0]["id"], "rec-0");
    assert_eq!(lines[0]["series"], "sample", "other fields kept");
    assert!(lines[0]["text"]
        .as_str()
        .unwrap()
        .contains("our sister nations have"));
    assert_eq!(lines[1]["id"], "rec-1");
    assert!(lines[1]["text"].as_str().unwrap().contains("大力推动泄漏检测"));
    let paragraphs = lines[0]["ocrmend"]["paragraphs"].as_array().unwrap();
    assert_eq!(
        paragraphs[0]["blocks"][0]["geometry"]["bbox"][3], 4.0,
        "provenance with coordinates"
    );
    assert_eq!(lines[3]["source"], "-:5");
    assert!(lines[3]["error"]
        .as_str()
        .unwrap()
        .contains("invalid JSONL record"));
    assert_eq!(lines[4]["id"], "rec-last");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("-:5: invalid JSONL record at column"), "{err}");
    assert!(
        err.contains("4 documents repaired, 0 skipped (done before), 1 errors"),
        "{err}"
    );
}

#[test]
fn a_killed_jsonl_run_resumes_to_the_uninterrupted_output() {
    let dir = scratch("resume-jsonl");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, records(400)).unwrap();
    let whole = dir.join("whole.jsonl");
    let o = ocrmend(
        &["repair", input.to_str().unwrap(), "-o", whole.to_str().unwrap()],
        "2",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = std::fs::read(&whole).unwrap();
    assert_eq!(expected.iter().filter(|&&b| b == b'\n').count(), 400);

    let resumed = dir.join("resumed.jsonl");
    let args = ["repair", input.to_str().unwrap(), "-o", resumed.to_str().unwrap()];
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .args(args)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has written some records, mid-run.
    let partial = dir.join("resumed.jsonl.partial");
    let started = std::time::Instant::now();
    while std::fs::metadata(&partial).map_or(true, |m| m.len() == 0) && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written = std::fs::read(&partial).unwrap();
    assert!(written.len() < expected.len(), "killed before the end");
    assert!(expected.starts_with(&written[..written.iter().rposition(|&b| b == b'\n').unwrap() + 1]));
    // A torn last line is cut off when resuming.
    let mut f = std::fs::OpenOptions::new().append(true).open(&partial).unwrap();
    f.write_all(b"{\"torn\": ").unwrap();
    let o = ocrmend(&[&args[..], &["--resume"]].concat(), "1");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&resumed).unwrap(), expected);
    assert!(!partial.exists());
}

#[test]
fn mixing_jsonl_and_files_is_refused() {
    let o = ocrmend(&["repair", "a.jsonl", "samples/jiaxing-daily-page.txt"], "1");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be mixed"));
}

/// The committed real-OCR text pages of both languages and the two sample
/// pages, one after another, blank lines between: a document of about 300 KB.
fn large_text() -> String {
    let mut pages: Vec<PathBuf> = ["en", "zh"]
        .iter()
        .flat_map(|lang| std::fs::read_dir(format!("tests/fixtures/realocr/{lang}")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    pages.sort();
    pages.push("samples/jiaxing-daily-page.txt".into());
    pages.push("samples/national-intelligencer-1801.txt".into());
    pages
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap() + "\n\n")
        .collect()
}

/// Repairs `big` a window of `window` at a time into `out`, with its report
/// in `report`.
fn repair_in_windows(big: &Path, window: &str, out: &Path, report: &Path, threads: &str) -> Output {
    ocrmend(
        &[
            "repair",
            "-q",
            "--window",
            window,
            big.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        threads,
    )
}

/// Checks a run over `big` in `windows` against what it wrote: `report`
/// names one document a window and counts one file, and the output `one`
/// is each window repaired alone (written with extension `ext` in `dir`),
/// a blank line between them.
fn assert_repaired_window_by_window(
    big: &Path,
    windows: &[ocrmend::batch::TextWindow],
    report: &serde_json::Value,
    one: &str,
    (dir, ext): (&Path, &str),
) {
    assert!(windows.len() >= 3, "{}", windows.len());
    let names: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["document"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = windows.iter().map(|w| w.name(big.to_str().unwrap())).collect();
    assert_eq!(names, expected);
    // The summary counts the file once, and its windows apart.
    assert_eq!(report["summary"]["documents"], 1);
    assert_eq!(report["summary"]["windows"], windows.len());
    let alone: Vec<String> = windows
        .iter()
        .map(|w| {
            let file = dir.join(format!("window-{}.{ext}", w.index));
            std::fs::write(&file, &w.bytes).unwrap();
            let o = ocrmend(&["repair", "-q", "--window", "0", file.to_str().unwrap()], "2");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            String::from_utf8(o.stdout).unwrap()
        })
        .collect();
    assert_eq!(one, alone.join("\n"));
}

#[test]
fn a_large_text_is_repaired_a_window_at_a_time_as_its_windows_are_alone() {
    let dir = scratch("windows");
    let text = large_text();
    assert!(text.len() > 200_000, "{}", text.len());
    let big = dir.join("big.txt");
    std::fs::write(&big, &text).unwrap();
    let run = |threads: &str, out: &str, window: &str| {
        let out = dir.join(out);
        let report = dir.join(format!("{threads}-{window}.json"));
        let o = repair_in_windows(&big, window, &out, &report, threads);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
        (std::fs::read_to_string(out).unwrap(), report)
    };
    let (one, report) = run("1", "one.txt", "64K");
    let (two, _) = run("2", "two.txt", "64K");
    assert_eq!(one, two, "the same output whatever the thread count");
    // Each window is a document of its own in the report, and the output
    // is each window repaired alone, a blank line between.
    let windows: Vec<ocrmend::batch::TextWindow> =
        ocrmend::batch::TextWindows::new(text.as_bytes(), 64 << 10)
            .map(|w| w.unwrap())
            .collect();
    assert_repaired_window_by_window(&big, &windows, &report, &one, (&dir, "txt"));
    // Read whole (no window, or one larger than the file), it is one document.
    let (whole, report) = run("2", "whole.txt", "0");
    assert_eq!(report["documents"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&report["summary"]["documents"], &report["summary"]["windows"]),
        (&1.into(), &0.into())
    );
    assert_eq!(run("2", "large.txt", "1M").0, whole);
    assert_ne!(whole, one);
    // Standard input is read a window at a time too, and within its first
    // window it is one document, as before.
    let piped = pipe(&["repair", "-q", "--window", "64K", "-"], &text);
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), one);
    let piped = pipe(&["repair", "-q", "-"], &text);
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), whole);
}

#[test]
fn a_window_that_fails_leaves_its_file_without_output_and_says_where() {
    let dir = scratch("window-fails");
    let mut bytes = large_text().into_bytes();
    // An invalid byte in the middle of the text, on a line of its own.
    let middle = bytes.len() / 2;
    let at = middle + bytes[middle..].iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.splice(at..at, [0xff, b'\n']);
    let big = dir.join("big.txt");
    std::fs::write(&big, &bytes).unwrap();
    let (out, report) = (dir.join("out.txt"), dir.join("r.json"));
    for threads in ["1", "2"] {
        let o = repair_in_windows(&big, "64K", &out, &report, threads);
        assert!(!o.status.success());
        let stderr = String::from_utf8_lossy(&o.stderr);
        let failed = stderr
            .split("big.txt [window ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("the window is named: {stderr}"));
        assert!(stderr.contains(" from byte "), "{stderr}");
        assert!(!out.exists(), "no output for a file a window of which failed");
        // The windows before the failed one are reported, and none after it.
        let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        let windows: Vec<usize> = report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| {
                d["document"]
                    .as_str()?
                    .split("[window ")
                    .nth(1)?
                    .split(' ')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect();
        // Windows are named from 1.
        assert_eq!(windows, (1..failed).collect::<Vec<_>>(), "-j {threads}");
        // The file is an error, no document repaired; its windows before
        // the failure are counted as windows.
        assert_eq!(report["summary"]["errors"], 1);
        assert_eq!(report["summary"]["documents"], 0);
        assert_eq!(report["summary"]["windows"], failed - 1);
        std::fs::remove_file(dir.join("r.json")).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary left: {leftovers:?}");
    }
}

#[test]
fn windowed_and_whole_files_share_a_batch_on_stdout_and_in_a_folder() {
    let dir = scratch("windows-batch");
    std::fs::write(dir.join("big.txt"), large_text()).unwrap();
    std::fs::copy("samples/jiaxing-daily-page.txt", dir.join("small.txt")).unwrap();
    let (big, small) = (dir.join("big.txt"), dir.join("small.txt"));
    let args = |extra: &[&str]| -> Vec<String> {
        [
            "repair",
            "-q",
            "--window",
            "64K",
            big.to_str().unwrap(),
            small.to_str().unwrap(),
        ]
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect()
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = ocrmend(&args, "2");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let out = dir.join("out");
    run(args(&["-o", out.to_str().unwrap()]));
    let written = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let shown = run(args(&[]));
    // One header a file, however many windows it has, and each file's text as written.
    let expected = format!(
        "==> {} <==\n{}==> {} <==\n{}",
        big.display(),
        written("big.txt"),
        small.display(),
        written("small.txt")
    );
    assert_eq!(shown, expected);
}

/// A multi-page hOCR file (Tesseract's pages of the real-OCR slice, one
/// after the other, as Tesseract writes a book) past the window is read a
/// window of pages at a time: each window is the header and its pages,
/// repaired as a file of its own; the output is the windows' texts, a
/// blank line between them, and the summary counts one document.
#[test]
fn a_large_hocr_file_is_repaired_a_window_of_pages_at_a_time() {
    let dir = scratch("markup-windows");
    let mut pages: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/realocr/en")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hocr"))
        .collect();
    pages.sort();
    let first = std::fs::read_to_string(&pages[0]).unwrap();
    let start = first.find("<div class='ocr_page'").expect("Tesseract's page");
    let mut book = first[..start].to_string();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let (from, to) = (
            text.find("<div class='ocr_page'").unwrap(),
            text.rfind("</body>").unwrap(),
        );
        book.push_str(&text[from..to]);
    }
    book.push_str("</body>\n</html>\n");
    let big = dir.join("book.hocr");
    std::fs::write(&big, &book).unwrap();
    let (out, report_file) = (dir.join("book.txt"), dir.join("book.json"));
    let run = |threads: &str| {
        let o = repair_in_windows(&big, "64K", &out, &report_file, threads);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report_file).unwrap()).unwrap();
        (std::fs::read_to_string(&out).unwrap(), report)
    };
    let (one, report) = run("1");
    assert_eq!(run("2").0, one, "the same output whatever the thread count");
    let (windows, _) =
        ocrmend::batch::markup_windows::markup_windows(&big, 64 << 10, ocrmend::input::ReadAs::default())
            .expect("windowed");
    let windows: Vec<ocrmend::batch::TextWindow> = windows.map(|w| w.unwrap()).collect();
    assert_repaired_window_by_window(&big, &windows, &report, &one, (&dir, "hocr"));
    // Read whole (no window), it is one document.
    let o = repair_in_windows(&big, "0", &out, &report_file, "2");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&report_file).unwrap()).unwrap();
    assert_eq!(report["documents"].as_array().unwrap().len(), 1);
    assert_eq!(report["summary"]["windows"], 0);
}
