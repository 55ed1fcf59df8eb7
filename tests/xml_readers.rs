//! The XML readers on real pages: ALTO from Chronicling America
//! (samples/alto/) and PAGE XML from the Deutscher Reichsanzeiger (samples/page/).

use std::process::Command;

/// Repairs `sample` with the binary: the text and the first document of the JSON report.
fn repair(sample: &str, report_name: &str) -> (String, serde_json::Value) {
    let report = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(report_name);
    let o = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .args(["repair", sample, "--report", report.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    (String::from_utf8(o.stdout).unwrap(), json["documents"][0].clone())
}

#[test]
fn the_alto_sample_repairs_with_whole_hyphenated_words_and_block_geometry() {
    let (text, doc) = repair("samples/alto/chronam-page.alto.xml", "alto-report.json");
    // HypPart1/HypPart2 pairs come out as the words SUBS_CONTENT names.
    assert!(
        text.contains("craft in New-York Harbor that has been"),
        "Har-/bor"
    );
    assert!(text.contains("A conference was held yesterday"), "con-/ference");
    let blocks = doc["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 46, "every TextBlock with text");
    assert!(
        blocks[0]["id"].as_str().unwrap().starts_with("P2_TB"),
        "{}",
        blocks[0]["id"]
    );
    assert_eq!(blocks[0]["geometry"]["bbox"].as_array().unwrap().len(), 4);
    assert!(blocks.iter().all(|b| b["geometry"]["page"].is_string()));
}

#[test]
fn malformed_xml_is_named_and_the_batch_goes_on() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("alto-bad");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.xml");
    std::fs::write(&bad, "<?xml version=\"1.0\"?><alto><Layout><Page></Layout>").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .args([
            "repair",
            bad.to_str().unwrap(),
            "samples/national-intelligencer-1801.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.xml: malformed XML at byte"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("our sister nations have"));
}

#[test]
fn the_page_samples_read_in_reading_order_with_declared_roles() {
    let (text, doc) = repair(
        "samples/page/reichsanzeiger-1914_178_0448.page.xml",
        "page-report.json",
    );
    assert!(
        text.starts_with("Deutſcher Reichsanzeiger\n\n"),
        "region r1 first, by the ReadingOrder"
    );
    // Fraktur's ⸗ at a line end closes up (`bei⸗` + `gelegten`); it stays, as
    // no German lexicon says `beigelegten` is a word.
    assert!(text.contains("Kriegsgefahr bei⸗gelegten Befugnis"), "{text}");
    let blocks = doc["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 15);
    let heading = blocks.iter().find(|b| b["id"] == "r7").unwrap();
    assert_eq!(heading["role"], "headline");
    assert_eq!(heading["role_reason"], "declared by the input (region type)");
    assert_eq!(blocks[0]["geometry"]["page"], "1914_178_0448.jpg");
}

/// Simulated pages written in every format read back to the same blocks,
/// ids and text, as the plain-text page; markup formats keep the boxes.
#[test]
fn every_format_reads_back_to_the_same_blocks() {
    use ocrmend::input::Format;
    use ocrmend::input::{parse_bytes, parse_record, record_document};
    use ocrmend::simulate::{simulate, write_page_as, DamageRates, Lang, PageLayout, SimConfig};
    for (lang, corpus) in [
        (Lang::En, "samples/corpus/sotu-2013-2021.txt"),
        (Lang::Zh, "samples/corpus/gwr-1984-1987.txt"),
    ] {
        let config = SimConfig {
            lang,
            seed: 7,
            pages: 4,
            layout: PageLayout::default_for(lang),
            damage: DamageRates::default(),
        };
        let corpus = std::fs::read_to_string(corpus).unwrap();
        for page in simulate(&corpus, &config) {
            // Markup keeps words, not spacing: lines are compared with their
            // whitespace folded.
            let blocks = |doc: &ocrmend::Document| -> Vec<(String, String)> {
                (0..doc.blocks.len())
                    .map(|i| {
                        let text = doc
                            .block_text(i)
                            .lines()
                            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
                        (doc.blocks[i].id.0.clone(), text.collect::<Vec<_>>().join("\n"))
                    })
                    .collect()
            };
            let plain = parse_bytes("p.txt".into(), page.text.clone().into_bytes()).unwrap();
            for format in [Format::Alto, Format::Hocr, Format::Page, Format::Jsonl] {
                let written = write_page_as(&page, format, &config.layout, lang);
                let doc = if format == Format::Jsonl {
                    record_document(&parse_record("p.jsonl", 1, written.trim_end()).unwrap()).unwrap()
                } else {
                    parse_bytes(format!("p.{}", format.file_ending()), written.into_bytes()).unwrap()
                };
                assert_eq!(blocks(&doc), blocks(&plain), "{format:?} page {}", page.number);
                let boxes: Vec<_> = doc.blocks.iter().map(|b| b.geometry().bbox).collect();
                let expected: Vec<_> = page.blocks.iter().map(|b| Some(b.bbox)).collect();
                assert_eq!(boxes, expected, "{format:?}");
            }
        }
    }
}
