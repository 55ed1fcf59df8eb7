//! The real binary on real files: output, diffs, reports, and error paths.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ocrmend(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn repairs_the_sample_page() {
    let o = ocrmend(&["repair", "samples/jiaxing-daily-page.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("sample_page_repaired", stdout(&o));
}

/// Issue 13: `--diff` compared the reflowed input, so `patch` refused it.
/// Now it is a diff of the file as written: `git apply -p0` (and `patch
/// -p0`) turn each sample into exactly the text `repair` writes.
#[test]
fn the_diff_applies_to_the_input_file_and_gives_the_repaired_text() {
    let dir = scratch("patch");
    for sample in ["jiaxing-daily-page.txt", "national-intelligencer-1801.txt"] {
        std::fs::copy(Path::new("samples").join(sample), dir.join(sample)).unwrap();
        let repaired = stdout(&ocrmend(&["repair", "-q", &format!("samples/{sample}")]));
        let o = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
            .current_dir(&dir)
            .args(["repair", "-q", "--diff", sample])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::write(dir.join("p.patch"), &o.stdout).unwrap();
        let git = Command::new("git")
            .current_dir(&dir)
            .args(["apply", "-p0", "--unsafe-paths", "p.patch"])
            .output()
            .expect("git on PATH");
        assert!(
            git.status.success(),
            "{sample}: {}",
            String::from_utf8_lossy(&git.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(dir.join(sample)).unwrap(),
            repaired,
            "{sample}"
        );
    }
}

#[test]
fn diff_of_the_sample_page() {
    let o = ocrmend(&["repair", "--diff", "samples/jiaxing-daily-page.txt"]);
    assert!(o.status.success());
    insta::assert_snapshot!("sample_page_diff", stdout(&o));
}

#[test]
fn report_of_the_latin_page() {
    let dir = scratch("report");
    let report = dir.join("report.json");
    let o = ocrmend(&[
        "repair",
        "samples/national-intelligencer-1801.txt",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let text = std::fs::read_to_string(&report).unwrap();
    // Regression: the role veto was an infinite weight, which JSON writes as null.
    assert!(!text.contains("\"weight\": null"), "a weight written as null");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["schema_version"], 1);
    insta::assert_json_snapshot!("latin_page_report", json);
}

#[test]
fn apply_review_and_keep_lines() {
    // The lost 电's calibrated confidence (0.33) is under the default review
    // threshold: not applied with the suggestions unless asked for.
    let o = ocrmend(&["repair", "--apply-review", "samples/jiaxing-daily-page.txt"]);
    assert!(stdout(&o).contains("充桩113根"));
    let o = ocrmend(&[
        "repair",
        "--apply-review",
        "--review-threshold",
        "0.3",
        "samples/jiaxing-daily-page.txt",
    ]);
    assert!(stdout(&o).contains("充电桩113根"));
    let o = ocrmend(&[
        "repair",
        "--keep-lines",
        "samples/national-intelligencer-1801.txt",
    ]);
    assert!(stdout(&o).contains("Representatives: It is a circumstance of sin-\ncere"));
    let o = ocrmend(&["repair", "--fail-on-review", "samples/jiaxing-daily-page.txt"]);
    assert_eq!(o.status.code(), Some(1), "suggestions are left for review");
}

/// An edit in the report only (a lost character calibrated under the
/// review threshold) is no suggestion: `--fail-on-review` passes, and a
/// batch's summary counts it apart from the review queue.
#[test]
fn an_edit_in_the_report_only_leaves_nothing_for_review() {
    let dir = scratch("report-only");
    std::fs::write(dir.join("page.txt"), "新建充电站19座、充\n\n桩113根,超额完成。\n").unwrap();
    let page = dir.join("page.txt");
    let o = ocrmend(&["repair", "--fail-on-review", page.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "新建充电站19座、充桩113根,超额完成。\n");
    std::fs::copy("samples/jiaxing-daily-page.txt", dir.join("jiaxing.txt")).unwrap();
    let out = dir.join("out");
    let o = ocrmend(&["repair", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stderr(&o);
    assert!(summary.contains("for review: join_paragraphs 2\n"), "{summary}");
    assert!(
        summary.contains("in the report only: insert_lost_character 3\n"),
        "{summary}"
    );
}

#[test]
fn thresholds_are_validated() {
    let o = ocrmend(&[
        "repair",
        "--safe-threshold",
        "1.5",
        "samples/jiaxing-daily-page.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not between 0 and 1"), "{}", stderr(&o));
    // A threshold of 1 applies nothing: the output is the input laid out.
    let o = ocrmend(&[
        "repair",
        "--safe-threshold",
        "1",
        "samples/jiaxing-daily-page.txt",
    ]);
    assert!(stdout(&o).contains("大力推动\n\n泄漏检测"));
    // Every command checks its thresholds (issue 16: eval and dedup did not).
    for args in [
        &["eval", "--safe-threshold", "1.5", "tests/fixtures"][..],
        &[
            "dedup",
            "--jaccard",
            "1.5",
            "samples/national-intelligencer-1801.txt",
        ][..],
        &[
            "dedup",
            "--containment=-0.1",
            "samples/national-intelligencer-1801.txt",
        ][..],
    ] {
        let o = ocrmend(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("not between 0 and 1"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn bad_inputs_are_named_and_the_rest_goes_on() {
    let dir = scratch("errors");
    let bad = dir.join("bad.txt");
    // UTF-8 with a flaw (a legacy encoding would be read: issue 13).
    let flawed = ["good text ", &"中文".repeat(5), "\n"].concat();
    std::fs::write(&bad, [flawed.as_bytes(), b"\xff\xfe more"].concat()).unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"\n \r\n").unwrap();
    let missing = dir.join("missing.txt");
    let out = dir.join("out");
    let o = ocrmend(&[
        "repair",
        "-o",
        out.to_str().unwrap(),
        bad.to_str().unwrap(),
        "samples/national-intelligencer-1801.txt",
        empty.to_str().unwrap(),
        missing.to_str().unwrap(),
        "src/main.rs/not-a-directory",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.txt: invalid UTF-8 at byte 41"), "{err}");
    assert!(err.contains("missing.txt: cannot read"), "{err}");
    assert!(err.contains("not-a-directory: cannot read"), "{err}");
    assert!(
        err.contains("1 documents repaired, 0 skipped (done before), 3 errors"),
        "{err}"
    );
    // A blank page is not an error: it passes through as it was (issue 12, case 14).
    assert!(err.contains("1 blank pages passed through as they were"), "{err}");
    assert_eq!(std::fs::read(out.join("empty.txt")).unwrap(), b"\n \r\n");
    let written = std::fs::read_to_string(out.join("national-intelligencer-1801.txt")).unwrap();
    assert!(written.contains("our sister nations have"));
}

/// Issue 13: UTF-8 only. The samples in GB18030, UTF-16 (with a BOM) and
/// Windows-1252 (Latin-1) repair to the text their UTF-8 copies do, the
/// report names the encoding, `--encoding` forces one, and gzip inputs are
/// read through (found by a folder walk, written without `.gz`).
#[test]
fn other_encodings_and_gzip_repair_like_utf8() {
    use encoding_rs::{GB18030, WINDOWS_1252};
    let dir = scratch("encodings");
    let utf16 = |t: &str| -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(t.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    };
    let zh = std::fs::read_to_string("samples/jiaxing-daily-page.txt").unwrap();
    let en = std::fs::read_to_string("samples/national-intelligencer-1801.txt").unwrap();
    // The English sample is ASCII: Latin-1 needs a letter of its own.
    let accented = format!("{en}\nThe café of Señor Peña served naïve rôles.\n");
    let copies: [(&str, &str, Vec<u8>, &str); 4] = [
        ("zh-gb18030.txt", &zh, GB18030.encode(&zh).0.into_owned(), "gbk"),
        ("zh-utf16.txt", &zh, utf16(&zh), "UTF-16LE"),
        ("en-utf16.txt", &en, utf16(&en), "UTF-16LE"),
        (
            "en-latin1.txt",
            &accented,
            WINDOWS_1252.encode(&accented).0.into_owned(),
            "windows-1252",
        ),
    ];
    for (name, text, bytes, encoding) in &copies {
        let (utf8, copy) = (dir.join(format!("{name}.utf8")), dir.join(name));
        std::fs::write(&utf8, text).unwrap();
        std::fs::write(&copy, bytes).unwrap();
        let expected = stdout(&ocrmend(&["repair", "-q", utf8.to_str().unwrap()]));
        let report = dir.join(format!("{name}.json"));
        let o = ocrmend(&[
            "repair",
            "-q",
            copy.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(stdout(&o), expected, "{name}");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(
            json["documents"][0]["encoding"].as_str().unwrap().to_lowercase(),
            encoding.to_lowercase(),
            "{name}"
        );
    }
    // Forced: GB18030 bytes read as Big5 are not the same text (or not text at all).
    let forced = ocrmend(&[
        "repair",
        "-q",
        dir.join("zh-gb18030.txt").to_str().unwrap(),
        "--encoding",
        "big5",
    ]);
    assert!(
        !stdout(&forced).contains("充电站"),
        "the named encoding is the one read"
    );
    let bad = ocrmend(&[
        "repair",
        "samples/jiaxing-daily-page.txt",
        "--encoding",
        "klingon",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("no encoding is called \"klingon\""),
        "{}",
        stderr(&bad)
    );
    // Gzip in a folder: walked, read through, written as plain text without `.gz`.
    use std::io::Write;
    let pages = dir.join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(en.as_bytes()).unwrap();
    std::fs::write(pages.join("p1.txt.gz"), z.finish().unwrap()).unwrap();
    let out = dir.join("out");
    let o = ocrmend(&[
        "repair",
        "-q",
        pages.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let en_utf8 = dir.join("en-utf16.txt.utf8");
    assert_eq!(
        std::fs::read_to_string(out.join("p1.txt")).unwrap(),
        stdout(&ocrmend(&["repair", "-q", en_utf8.to_str().unwrap()]))
    );
}

/// Issue 13: shell completions and manual pages from the same definitions,
/// the report on standard output when the text goes to a file, and a
/// summary (or none with `-q`) from `dedup`.
#[test]
fn completions_man_pages_report_to_stdout_and_summaries() {
    for shell in ["bash", "zsh", "fish"] {
        let o = ocrmend(&["completions", shell]);
        assert!(o.status.success() && stdout(&o).contains("repair"), "{shell}");
    }
    let man = ocrmend(&["man", "repair"]);
    assert!(man.status.success());
    assert!(stdout(&man).contains(".TH ocrmend-repair 1") && stdout(&man).contains("encoding"));
    assert_eq!(ocrmend(&["man", "nope"]).status.code(), Some(2));

    let dir = scratch("report-stdout");
    let out = dir.join("page.txt");
    let o = ocrmend(&[
        "repair",
        "samples/jiaxing-daily-page.txt",
        "-o",
        out.to_str().unwrap(),
        "--report",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["documents"].as_array().unwrap().len(), 1);
    assert!(std::fs::read_to_string(&out).unwrap().contains("充桩113根"));
    assert!(!Path::new("-").exists(), "no file named -");
    let o = ocrmend(&["repair", "samples/jiaxing-daily-page.txt", "--report", "-"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "the text and the report cannot both go to stdout"
    );

    let records = dir.join("r.jsonl");
    std::fs::write(&records, "{\"id\":\"a\",\"text\":\"x\"}\n").unwrap();
    let o = ocrmend(&["dedup", records.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("ocrmend: 1 documents, 0 candidate pairs"),
        "{}",
        stderr(&o)
    );
    let o = ocrmend(&["dedup", "-q", records.to_str().unwrap()]);
    assert_eq!(stderr(&o), "");
}

/// Issue 13: a missing file's cause was printed twice
/// (`cannot read: No such file or directory (os error 2): No such file …`).
#[test]
fn an_error_says_its_cause_once() {
    let o = ocrmend(&["apply", "no-such-suggestions.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(err.contains("no-such-suggestions.jsonl: cannot read"), "{err}");
}

#[test]
fn bom_and_crlf_are_layout() {
    let dir = scratch("crlf");
    let file = dir.join("crlf.txt");
    std::fs::write(
        &file,
        "\u{feff}近年来,大力推动\r\n\r\n泄漏检测与修复数字化管理。\r\n".as_bytes(),
    )
    .unwrap();
    let o = ocrmend(&["repair", file.to_str().unwrap()]);
    assert_eq!(stdout(&o), "近年来,大力推动泄漏检测与修复数字化管理。\n");
}

/// One document longer than the chunks a repair's stages work on in
/// parallel (every real-OCR fixture page of both languages, one after
/// another: thousands of blocks): the same text, report and suggestions on
/// one thread as on three.
#[test]
fn one_long_document_repairs_the_same_on_one_thread_and_on_three() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("one-long-document");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut pages: Vec<PathBuf> = ["en", "zh"]
        .iter()
        .flat_map(|lang| std::fs::read_dir(Path::new("tests/fixtures/realocr").join(lang)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    pages.sort();
    let text: Vec<String> = pages
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let long = dir.join("long.txt");
    std::fs::write(&long, text.join("\n\n")).unwrap();
    let blocks = text
        .join("\n\n")
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .count();
    assert!(blocks > 3000, "{blocks} blocks");
    let run = |threads: &str| {
        let report = dir.join(format!("report-{threads}.json"));
        let suggestions = dir.join(format!("suggestions-{threads}.jsonl"));
        let o = ocrmend(&[
            "repair",
            "-q",
            "-j",
            threads,
            long.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
            "--suggestions",
            suggestions.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();
        (o.stdout, read(&report), read(&suggestions))
    };
    let (one, three) = (run("1"), run("3"));
    assert!(!one.1.is_empty() && !one.2.is_empty());
    assert!(one == three, "the output differs with the thread count");
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_ocrmend"))
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "repair",
                "samples/jiaxing-daily-page.txt",
                "samples/national-intelligencer-1801.txt",
            ])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("2"));
    // The same asked for on the command line (issue 13: only RAYON_NUM_THREADS was).
    let with = |n: &str| {
        ocrmend(&[
            "repair",
            "-j",
            n,
            "samples/jiaxing-daily-page.txt",
            "samples/national-intelligencer-1801.txt",
        ])
        .stdout
    };
    assert_eq!(with("1"), run("2"));
    assert_eq!(with("2"), run("2"));
    assert_eq!(
        ocrmend(&["repair", "-j", "0", "samples/jiaxing-daily-page.txt"])
            .status
            .code(),
        Some(2)
    );
}

/// Issue 13: `cat page.txt | ocrmend repair -` read every line as a JSONL
/// record; standard input is sniffed like a file now.
#[test]
fn a_page_on_standard_input_is_repaired_like_a_file() {
    for page in [
        "samples/national-intelligencer-1801.txt",
        "samples/alto/chronam-page.alto.xml",
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
            .args(["repair", "-q", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let bytes = std::fs::read(page).unwrap();
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &bytes).unwrap());
        let piped = child.wait_with_output().unwrap();
        assert!(piped.status.success(), "{page}");
        assert_eq!(piped.stdout, ocrmend(&["repair", "-q", page]).stdout, "{page}");
    }
}

/// Issue 13: `--format` forces the reader, on standard input as on files
/// (`jsonl` makes standard input records), and the choice is checked.
#[test]
fn the_format_can_be_named() {
    let piped = |args: &[&str], bytes: Vec<u8>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &bytes).unwrap());
        child.wait_with_output().unwrap()
    };
    // ALTO read as text: its markup is the text.
    let alto = std::fs::read("samples/alto/chronam-page.alto.xml").unwrap();
    let o = piped(&["repair", "-q", "-", "--format", "text"], alto);
    assert!(
        o.status.success() && stdout(&o).contains("<alto"),
        "{}",
        stderr(&o)
    );
    // Text read as ALTO: an error naming the input.
    let o = ocrmend(&[
        "repair",
        "-q",
        "samples/national-intelligencer-1801.txt",
        "--format",
        "alto",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("national-intelligencer-1801.txt"),
        "{}",
        stderr(&o)
    );
    // A record on standard input that does not start with `{` still is one with --format jsonl.
    let o = piped(
        &["repair", "-q", "-", "--format", "jsonl"],
        b" \n{\"id\":\"a\",\"text\":\"one\"}\n".to_vec(),
    );
    assert!(stdout(&o).contains("\"id\":\"a\""), "{}", stdout(&o));
    let o = ocrmend(&[
        "repair",
        "samples/national-intelligencer-1801.txt",
        "--format",
        "xml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown format \"xml\""), "{}", stderr(&o));
}

/// Issue 13: `-o single.txt` with one input made a directory `single.txt/`.
#[test]
fn one_page_and_an_output_file_name_write_that_file() {
    let dir = scratch("single");
    let page = "samples/national-intelligencer-1801.txt";
    let file = dir.join("single.txt");
    let o = ocrmend(&["repair", "-q", page, "-o", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(file.is_file());
    assert_eq!(
        std::fs::read(&file).unwrap(),
        ocrmend(&["repair", "-q", page]).stdout
    );
    // A name without an extension is still a folder to write into.
    let folder = dir.join("out");
    let o = ocrmend(&["repair", "-q", page, "-o", folder.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(folder.join("national-intelligencer-1801.txt").is_file());
}

/// Issue 13: `--diff -o DIR` printed the diff and wrote nothing to DIR.
#[test]
fn diff_with_an_output_directory_is_refused() {
    let o = ocrmend(&[
        "repair",
        "--diff",
        "-o",
        "unused-dir",
        "samples/jiaxing-daily-page.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--diff prints to standard output"),
        "{}",
        stderr(&o)
    );
    assert!(!std::path::Path::new("unused-dir").exists());
}

#[test]
fn eval_scores_ocrmend_next_to_baselines() {
    let o = ocrmend(&[
        "eval",
        "--json",
        "tests/fixtures/jiaxing-daily-page.gold.json",
        "tests/fixtures/national-intelligencer-1801.gold.json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["sets"].as_array().unwrap().len(), 2, "one set per argument");
    // Both annotated pages as one set.
    let o = ocrmend(&["eval", "--json", "tests/fixtures"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let systems = json["sets"][0]["systems"].as_array().unwrap();
    let joins = |i: usize, k: &str| systems[i]["joins"][k].as_u64().unwrap();
    assert_eq!(systems[0]["system"], "ocrmend");
    assert_eq!((joins(0, "tp"), joins(0, "fp"), joins(0, "fn_")), (18, 0, 0));
    // The untouched input joins nothing; the naive rule glues headlines and bylines.
    assert_eq!(joins(1, "tp"), 0);
    assert!(joins(2, "fp") > 0);
    let o = ocrmend(&["eval", "missing.gold.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing.gold.json: cannot read"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn eval_decides_with_the_model_it_is_given() {
    let dir = scratch("eval-model");
    let shipped = std::fs::read_to_string("crates/ocrmend/data/decision-model.json").unwrap();
    let joins_tp = |o: &Output| {
        assert!(o.status.success(), "{}", stderr(o));
        let json: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        json["sets"][0]["systems"][0]["joins"]["tp"].as_u64().unwrap()
    };
    // The shipped model, given as a file, decides as the built-in one.
    let same = dir.join("same.json");
    std::fs::write(&same, &shipped).unwrap();
    let o = ocrmend(&[
        "eval",
        "--json",
        "tests/fixtures",
        "--model",
        same.to_str().unwrap(),
    ]);
    assert_eq!(joins_tp(&o), 18);
    // A prior no evidence outweighs: nothing is joined.
    let strict = dir.join("strict.json");
    std::fs::write(&strict, shipped.replace(r#""prior": -1.0"#, r#""prior": -50.0"#)).unwrap();
    let o = ocrmend(&[
        "eval",
        "--json",
        "tests/fixtures",
        "--model",
        strict.to_str().unwrap(),
    ]);
    assert_eq!(joins_tp(&o), 0);
    // A model of another version is refused, naming the file.
    let old = dir.join("old.json");
    let version = format!(r#""version": {}"#, ocrmend::repair::DECISION_MODEL_VERSION);
    std::fs::write(&old, shipped.replace(&version, r#""version": 2"#)).unwrap();
    let o = ocrmend(&["eval", "tests/fixtures", "--model", old.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("old.json") && stderr(&o).contains("version 2"),
        "{}",
        stderr(&o)
    );
}
/// `eval --fit-calibration` fits a map per kind and stratum on the pages it
/// scores, with the confidences as scored (the shipped calibration set
/// aside), the same on a second run; the maps it writes are a model's
/// `calibration`, and a kind that is no kind is refused.
#[test]
fn eval_fits_what_a_kinds_confidence_means() {
    let dir = scratch("eval-calibration");
    let out = dir.join("calibration.json");
    // Fits the kinds `flags` name on the Chinese slice, into `out`.
    let fit_kinds = |out: &Path, flags: &[&str]| {
        let mut args = vec![
            "eval",
            "tests/fixtures/realocr/zh/text",
            "tests/fixtures/realocr/zh/hocr",
            "--fit-calibration",
            out.to_str().unwrap(),
        ];
        args.extend(flags);
        ocrmend(&args)
    };
    let fit = |out: &Path| {
        fit_kinds(
            out,
            &[
                "--calibrate",
                "insert_lost_character",
                "--calibrate",
                "join_paragraphs",
            ],
        )
    };
    let o = fit(&out);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let calibration: serde_json::Value = serde_json::from_str(&text).unwrap();
    let joins = &calibration["kinds"]["join_paragraphs"];
    for stratum in ["cjk_text", "cjk_boxes"] {
        let points = joins[stratum]["points"].as_array().unwrap();
        assert!(!points.is_empty(), "{text}");
        let observed: Vec<f64> = points.iter().map(|p| p[1].as_f64().unwrap()).collect();
        assert!(observed.windows(2).all(|w| w[0] <= w[1]), "{text}");
    }
    // Lost characters on these pages are judged with their confidence as
    // scored: the shipped map would put them all below 0.2.
    let lost = &calibration["kinds"]["insert_lost_character"]["cjk_boxes"]["points"];
    assert!(
        lost.as_array()
            .unwrap()
            .iter()
            .any(|p| p[0].as_f64().unwrap() > 0.5),
        "{text}"
    );
    // A second run writes the same bytes; the file is a model's calibration.
    let again = dir.join("again.json");
    assert!(fit(&again).status.success());
    assert_eq!(std::fs::read(&again).unwrap(), text.as_bytes());
    let shipped = std::fs::read_to_string("crates/ocrmend/data/decision-model.json").unwrap();
    let mut model: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    model["calibration"] = calibration.clone();
    let with = dir.join("model.json");
    std::fs::write(&with, model.to_string()).unwrap();
    let o = ocrmend(&[
        "eval",
        "tests/fixtures/realocr/zh/hocr",
        "--model",
        with.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A kind that is none, and --calibrate alone, are refused.
    let o = ocrmend(&[
        "eval",
        "tests/fixtures",
        "--fit-calibration",
        dir.join("x.json").to_str().unwrap(),
        "--calibrate",
        "glue",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no edit kind `glue`"), "{}", stderr(&o));
    let o = ocrmend(&["eval", "tests/fixtures", "--calibrate", "move_fragment"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--fit-calibration <FILE>"), "{}", stderr(&o));
    // Nor is --fit-calibration without a kind.
    let o = ocrmend(&[
        "eval",
        "tests/fixtures",
        "--fit-calibration",
        dir.join("y.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--calibrate-suggestions <KIND>"),
        "{}",
        stderr(&o)
    );
    // Fitted on its suggestions, a kind's map stands on its edits scored
    // below the safe threshold, and says so.
    let suggested = dir.join("suggested.json");
    let o = fit_kinds(&suggested, &["--calibrate-suggestions", "join_paragraphs"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let suggested: serde_json::Value = serde_json::from_slice(&std::fs::read(&suggested).unwrap()).unwrap();
    for stratum in ["cjk_text", "cjk_boxes"] {
        let map = &suggested["kinds"]["join_paragraphs"][stratum];
        assert_eq!(map["below"], 0.95, "{map}");
        let (few, all) = (
            map["edits"].as_u64().unwrap(),
            joins[stratum]["edits"].as_u64().unwrap(),
        );
        assert!(0 < few && few < all, "{few} of {all}");
        assert!(
            map["points"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p[0].as_f64().unwrap() < 0.95),
            "{map}"
        );
    }
}

/// The simulators never write over the corpus they read: `simulate-reprints
/// -o CORPUS` truncated it (found in the read-over), `simulate -o` into the
/// corpus's folder could replace a same-named file.
#[test]
fn the_simulators_never_write_over_their_corpus() {
    let dir = scratch("simulate-guard");
    let corpus = dir.join("corpus.txt");
    std::fs::copy("samples/corpus/sotu-2013-2021.txt", &corpus).unwrap();
    let before = std::fs::read(&corpus).unwrap();
    let c = corpus.to_str().unwrap();
    let o = ocrmend(&[
        "simulate-reprints",
        "--lang",
        "en",
        "--corpus",
        c,
        "--megabytes",
        "0.01",
        "-o",
        c,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("-o is an input of this run"),
        "{}",
        stderr(&o)
    );
    let d = dir.to_str().unwrap();
    let o = ocrmend(&["simulate", "--lang", "en", "--corpus", c, "--pages", "2", "-o", d]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&corpus).unwrap(), before, "the corpus untouched");
}

#[test]
fn simulate_is_seeded_and_names_bad_corpora() {
    let dir = scratch("simulate");
    let run = |out: &str, seed: &str| {
        let out = dir.join(out);
        let o = ocrmend(&[
            "simulate",
            "--lang",
            "en",
            "--corpus",
            "samples/corpus/sotu-2013-2021.txt",
            "--pages",
            "3",
            "--seed",
            seed,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).starts_with("ocrmend: wrote 3 pages (text) with their gold into"),
            "{}",
            stderr(&o)
        );
        std::fs::read_to_string(out.join("page-0002.txt")).unwrap()
            + &std::fs::read_to_string(out.join("page-0002.gold.json")).unwrap()
    };
    assert_eq!(run("a", "5"), run("b", "5"));
    assert_ne!(run("a", "5"), run("c", "6"));

    let missing = dir.join("missing.txt");
    let o = ocrmend(&[
        "simulate",
        "--lang",
        "zh",
        "--corpus",
        missing.to_str().unwrap(),
        "-o",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.txt: cannot read"), "{}", stderr(&o));
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "short\n").unwrap();
    let o = ocrmend(&[
        "simulate",
        "--lang",
        "zh",
        "--corpus",
        empty.to_str().unwrap(),
        "-o",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no paragraphs"), "{}", stderr(&o));
    let o = ocrmend(&[
        "simulate",
        "--lang",
        "fr",
        "--corpus",
        empty.to_str().unwrap(),
        "-o",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn dedup_clusters_reprints_across_files_and_jsonl() {
    let dir = scratch("dedup");
    let story = "The new bridge over the river opened on Monday after three years of work. The mayor cut the \
        ribbon before a crowd of several hundred people, and the first cars crossed at noon. Engineers said the \
        bridge will carry twelve thousand vehicles a day and shorten the trip to the county seat by twenty minutes. \
        The old ferry, which had served the town since its founding, will make its last crossing on Sunday, and \
        its crew of four will join the bridge authority as toll keepers. The council thanked the contractors and \
        the families along the river road, who had put up with dust and noise through two summers of work. \
        Tolls will be waived for the first week, and a band will play on the east bank on Saturday afternoon.";
    // Reprinted under a new headline, cut short, with OCR noise.
    let cut = story.split(" The council").next().unwrap();
    let reprint = format!("BRIDGE OPENS\n\n{}", cut.replace("bridge", "hridge"));
    let other =
        "Prices of grain rose again at the market this week, and farmers expect a good harvest if the \
        rain holds off until the end of the month, traders at the exchange said on Friday.";
    std::fs::write(dir.join("a.txt"), story).unwrap();
    let jsonl = [("issue-2/p3", reprint.as_str()), ("issue-2/p4", other)]
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string())
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("b.jsonl"), jsonl).unwrap();
    let keys = dir.join("keys.jsonl");
    let kept = dir.join("kept.jsonl");
    let o = ocrmend(&[
        "dedup",
        dir.join("a.txt").to_str().unwrap(),
        dir.join("b.jsonl").to_str().unwrap(),
        "--band-keys",
        keys.to_str().unwrap(),
        "--text-out",
        kept.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["documents"], 3);
    let clusters = report["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1);
    assert!(
        clusters[0]["kept"].as_str().unwrap().ends_with("a.txt"),
        "the clean copy is kept"
    );
    assert_eq!(clusters[0]["members"][0]["document"], "issue-2/p3");
    assert!(clusters[0]["members"][0]["containment"].as_f64().unwrap() >= 0.9);
    assert_eq!(std::fs::read_to_string(&keys).unwrap().lines().count(), 3);
    // The reprint is gone from the deduplicated text; the original and the other story stay.
    let kept = std::fs::read_to_string(&kept).unwrap();
    let ids: Vec<String> = kept
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0].ends_with("a.txt") && ids[1] == "issue-2/p4", "{ids:?}");

    std::fs::write(
        dir.join("bad.jsonl"),
        "{\"id\": \"x\", \"text\": \"ok\"}\nnot json\n",
    )
    .unwrap();
    let o = ocrmend(&["dedup", dir.join("bad.jsonl").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.jsonl:2: invalid JSONL record at column 2: expected ident"),
        "{}",
        stderr(&o)
    );
}

/// Issue 17: a short notice that is mostly a formula was "contained" in a
/// long story ending with the formula, union-find chained different stories
/// through such notices, and `--text-out` deleted stories. A formula many
/// documents print is boilerplate, not content: notices and stories that
/// share only it are not copies, and a copy is dropped only when the kept
/// one holds its own content.
#[test]
fn a_shared_formula_links_nothing_and_never_deletes_a_story() {
    let dir = scratch("dedup-formula");
    let formula = "The family wishes to thank their many friends and neighbours for the kindness and \
        sympathy shown to them in their recent sad bereavement and for the beautiful floral tributes sent.";
    let story_a = format!(
        "The harbour commission met on Tuesday to hear the engineers report on the new pier, which \
        will take two more years to finish because the foundations must be driven deeper into the \
        river bed than the first survey showed. {formula}"
    );
    let story_b = format!(
        "A fire broke out in the mill on Water Street late on Saturday night and burned for six hours \
        before the volunteer companies from three towns brought it under control, saving the \
        warehouse and the houses along the canal. {formula}"
    );
    // A reprint of story A: a new line break, a hyphen, OCR noise.
    let reprint = story_a
        .replace("commission met", "commis-\nsion met")
        .replace("engineers", "engineerS");
    let mut records = vec![("a", story_a.clone()), ("b", story_b), ("a2", reprint)];
    let names = [
        "Mr John Smith of Elm Street",
        "Mrs Ellen Baker of the Mill Road",
        "Captain Hale and his sons",
        "The widow of Thomas Reed",
        "Mr and Mrs Walter Porter",
        "Miss Clara Benton of Pine Hill",
        "The children of the late Henry Adams",
        "Mr Frank Dunn and family",
    ];
    for (k, name) in names.iter().enumerate() {
        records.push((
            ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7"][k],
            format!("{name}. {formula}"),
        ));
    }
    let lines: Vec<String> = records
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string())
        .collect();
    std::fs::write(dir.join("c.jsonl"), lines.join("\n") + "\n").unwrap();
    let kept = dir.join("kept.jsonl");
    let passages = dir.join("passages.jsonl");
    let passage_clusters = dir.join("passage-clusters.jsonl");
    let o = ocrmend(&[
        "dedup",
        dir.join("c.jsonl").to_str().unwrap(),
        "--text-out",
        kept.to_str().unwrap(),
        "--passages",
        passages.to_str().unwrap(),
        "--passage-clusters",
        passage_clusters.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let clusters = report["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1, "only the reprint is a copy: {report}");
    // The passage the pair shares: all of story A in both, in characters.
    let shared: Vec<serde_json::Value> = std::fs::read_to_string(&passages)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(shared.len(), 1, "{shared:?}");
    let p = &shared[0];
    assert_eq!((p["a"].as_str(), p["b"].as_str()), (Some("a"), Some("a2")));
    let at = |k: &str| p[k].as_u64().unwrap() as usize;
    let piece: String = story_a
        .chars()
        .skip(at("a_start"))
        .take(at("a_end") - at("a_start"))
        .collect();
    assert_eq!(piece, story_a.trim_end_matches('.'), "{p}");
    assert!(
        at("b_end") - at("b_start") > piece.chars().count(),
        "the reprint's hyphen and line end: {p}"
    );
    assert!(p["matched"].as_f64().unwrap() > 0.9, "{p}");
    // Aligned letter by letter, the reprint's line end and hyphen are no difference.
    assert_eq!(p["aligned"].as_f64(), Some(1.0), "{p}");
    // One cluster of passages: story A's span in each of the two.
    let passage_cluster: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&passage_clusters).unwrap().trim()).unwrap();
    assert_eq!(
        passage_cluster["passages"],
        serde_json::json!([
            {"document": "a", "start": at("a_start"), "end": at("a_end")},
            {"document": "a2", "start": at("b_start"), "end": at("b_end")},
        ])
    );
    assert_eq!(clusters[0]["kept"], "a");
    let member = &clusters[0]["members"][0];
    assert_eq!(member["document"], "a2");
    assert_eq!(member["dropped"], true);
    assert!(member["coverage"].as_f64().unwrap() >= 0.8, "{member}");
    let ids: Vec<String> = std::fs::read_to_string(&kept)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut expected: Vec<&str> = vec!["a", "b"];
    expected.extend(["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7"]);
    assert_eq!(ids, expected, "every story and notice stays; the reprint goes");

    // With the formula counted as content (boilerplate only past 14
    // documents, more than it is in), the notices link to the stories;
    // still no story and no notice is dropped: the kept copy lacks their
    // own words.
    let o = ocrmend(&[
        "dedup",
        dir.join("c.jsonl").to_str().unwrap(),
        "--boilerplate",
        "14",
        "--text-out",
        kept.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let members: usize = report["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["members"].as_array().unwrap().len())
        .sum();
    assert!(members > 1, "the formula links notices: {report}");
    let stayed = std::fs::read_to_string(&kept).unwrap().lines().count();
    assert_eq!(stayed, 10, "only the reprint goes: {report}");
    assert!(stderr(&o).contains("copies stay in"), "{}", stderr(&o));
}

/// Issue 16: `dedup` stopped at the first bad record (and at a page it
/// could not read) where `repair` names it and goes on.
#[test]
fn dedup_names_a_bad_record_or_page_and_goes_on() {
    let dir = scratch("dedup-bad");
    let story =
        "The new bridge over the river opened on Monday after three years of work, and the mayor cut \
        the ribbon before a crowd of several hundred people while the first cars crossed at noon.";
    let good = |id: &str| serde_json::json!({"id": id, "text": story}).to_string();
    let lines = [good("p1"), "{\"id\": \"p2\", \"text\": ".to_string(), good("p3")];
    std::fs::write(dir.join("c.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    std::fs::write(dir.join("pages/a.txt"), story).unwrap();
    // UTF-8 with a flaw: an error (a legacy encoding would be read).
    std::fs::write(
        dir.join("pages/b.txt"),
        ["中文".repeat(5).as_bytes(), b"\xff\n"].concat(),
    )
    .unwrap();
    let kept = dir.join("kept.jsonl");
    let o = ocrmend(&[
        "dedup",
        dir.join("c.jsonl").to_str().unwrap(),
        dir.join("pages").to_str().unwrap(),
        "--text-out",
        kept.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("c.jsonl:2"), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let errors: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["document"].as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].ends_with("c.jsonl:2") && errors[1].ends_with("b.txt"),
        "{errors:?}"
    );
    // The rest was compared: the three good copies are one cluster.
    assert_eq!(report["clusters"].as_array().unwrap().len(), 1);
    assert_eq!(report["clusters"][0]["members"].as_array().unwrap().len(), 2);
    // Nothing lost: the bad line goes out as it came in.
    let out = std::fs::read_to_string(&kept).unwrap();
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [lines[0].as_str(), lines[1].as_str()]
    );
}

#[test]
fn dedup_stages_run_apart_give_the_same_clusters() {
    let dir = scratch("dedup-stages");
    let records = dir.join("reprints.jsonl");
    let o = ocrmend(&[
        "simulate-reprints",
        "--lang",
        "en",
        "--corpus",
        "samples/corpus/sotu-2013-2021.txt",
        "--megabytes",
        "0.3",
        "-o",
        records.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (keys, pairs, verified) = (
        dir.join("keys.jsonl"),
        dir.join("pairs.jsonl"),
        dir.join("verified.jsonl"),
    );
    let whole = ocrmend(&[
        "dedup",
        records.to_str().unwrap(),
        "--band-keys",
        keys.to_str().unwrap(),
        "--verified-out",
        verified.to_str().unwrap(),
    ]);
    let whole: serde_json::Value = serde_json::from_str(&stdout(&whole)).unwrap();
    assert!(
        whole["quality"]["pair_f1"].as_f64().unwrap() > 0.95,
        "{}",
        whole["quality"]
    );
    assert_eq!(
        std::fs::read_to_string(&verified).unwrap().lines().count() as u64,
        whole["verified_pairs"].as_u64().unwrap()
    );

    // What an engine would do with the band keys: group by (band, key), pair up each group.
    let mut groups: std::collections::BTreeMap<(usize, String), Vec<String>> = Default::default();
    for line in std::fs::read_to_string(&keys).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for (band, key) in v["band_keys"].as_array().unwrap().iter().enumerate() {
            groups
                .entry((band, key.as_str().unwrap().to_string()))
                .or_default()
                .push(v["document"].as_str().unwrap().to_string());
        }
    }
    let mut lines = Vec::new();
    for docs in groups.values().filter(|g| g.len() > 1) {
        for (i, a) in docs.iter().enumerate() {
            for b in &docs[i + 1..] {
                lines.push(serde_json::json!({"a": a, "b": b}).to_string());
            }
        }
    }
    std::fs::write(&pairs, lines.join("\n")).unwrap();
    // The same clusters whatever the thread count.
    let threads = |n: &str| {
        Command::new(env!("CARGO_BIN_EXE_ocrmend"))
            .env("RAYON_NUM_THREADS", n)
            .args(["dedup", records.to_str().unwrap()])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(threads("1"), threads("2"));
    let staged = ocrmend(&[
        "dedup",
        records.to_str().unwrap(),
        "--pairs",
        pairs.to_str().unwrap(),
    ]);
    let staged: serde_json::Value = serde_json::from_str(&stdout(&staged)).unwrap();
    assert_eq!(staged["clusters"], whole["clusters"]);

    std::fs::write(&pairs, "{\"a\": \"nobody\", \"b\": \"d00000001\"}\n").unwrap();
    let o = ocrmend(&[
        "dedup",
        records.to_str().unwrap(),
        "--pairs",
        pairs.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pairs.jsonl:1: no input holds document \"nobody\""),
        "{}",
        stderr(&o)
    );
}

/// `-o -` is refused, not taken for a folder or a file named `-` (which a
/// later run reading `-` for standard input would then read instead).
#[test]
fn dash_is_no_output() {
    let dir = scratch("dash-output");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/jiaxing-daily-page.txt");
    for command in ["repair", "dedup"] {
        let o = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
            .args([command, "-q", "-o", "-"])
            .arg(&sample)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("standard output is where it goes without -o"),
            "{}",
            stderr(&o)
        );
        assert!(!dir.join("-").exists(), "{command}");
    }
    // Every output the guard checks, not only -o.
    let o = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .args(["dedup", "-q", "--text-out", "-"])
        .arg(&sample)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--text-out -: `-` is standard input or output"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("-").exists());
}
