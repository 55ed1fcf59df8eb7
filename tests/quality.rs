//! The quality gate: simulate a few dozen damaged pages per language from the
//! bundled corpus slices (samples/corpus/), repair them, and fail when ocrmend
//! falls below the floors set here or behind a baseline.
//!
//! Floors sit under the figures measured when they were set (seed 7, 30 pages):
//! en seam F1 0.860, 9.4 wrong joins per 1,000 seams; zh seam F1 0.889, 9.4
//! (plain text); higher floors for the same pages as ALTO, with boxes.
//! The wrong joins left are pieces moved or lost by the simulated damage,
//! whose open end and mid-sentence start look exactly like a column break.

use std::path::Path;
use std::process::Command;

fn ocrmend(args: &[&str]) -> std::process::Output {
    let o = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn evaluate(lang: &str, corpus: &str, format: &str) -> serde_json::Value {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("quality-{lang}-{format}"));
    let _ = std::fs::remove_dir_all(&dir);
    let dir = dir.to_str().unwrap();
    ocrmend(&[
        "simulate", "--lang", lang, "--corpus", corpus, "--pages", "30", "--seed", "7", "--format", format,
        "--out", dir,
    ]);
    let o = ocrmend(&["eval", "--json", dir]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    report["sets"][0].clone()
}

fn check(set: &serde_json::Value, min_f1: f64, max_wrong_per_1000: f64) {
    let systems = set["systems"].as_array().unwrap();
    let figure = |system: &serde_json::Value, k: &str| system[k].as_f64().unwrap();
    let ours = &systems[0];
    assert_eq!(ours["system"], "ocrmend");
    let f1 = figure(ours, "seam_f1");
    assert!(f1 >= min_f1, "seam F1 {f1} < {min_f1}");
    let wrong = figure(ours, "wrong_joins_per_1000");
    assert!(
        wrong <= max_wrong_per_1000,
        "{wrong} wrong joins per 1,000 seams > {max_wrong_per_1000}"
    );
    for baseline in &systems[1..] {
        let name = &baseline["system"];
        for k in ["seam_f1", "paragraph_f1"] {
            assert!(figure(ours, k) > figure(baseline, k), "{k} behind {name}");
        }
        assert!(figure(ours, "cer") < figure(baseline, "cer"), "CER behind {name}");
    }
}

const EN: &str = "samples/corpus/sotu-2013-2021.txt";
const ZH: &str = "samples/corpus/gwr-1984-1987.txt";

#[test]
fn english_quality_floor() {
    check(&evaluate("en", EN, "text"), 0.80, 15.0);
}

#[test]
fn chinese_quality_floor() {
    check(&evaluate("zh", ZH, "text"), 0.85, 15.0);
}

/// The same pages as ALTO, whose boxes say where each block was printed:
/// measured en F1 0.932 with no wrong join, zh F1 0.945 with 4.0 per 1,000.
#[test]
fn geometry_raises_the_floor() {
    check(&evaluate("en", EN, "alto"), 0.90, 1.0);
    check(&evaluate("zh", ZH, "alto"), 0.92, 6.0);
}
