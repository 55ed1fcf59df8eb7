//! Hostile input through the real binary: entity bombs, external entities,
//! foreign encodings, NUL bytes, huge lines, deep nesting, crowded pages. Each
//! gets a clear error or a safe result, and the batch around it goes on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn repair(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .args([
            "repair",
            "-q",
            path.to_str().unwrap(),
            "samples/national-intelligencer-1801.txt",
        ])
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// The sample after the hostile file was still repaired.
fn batch_went_on(o: &Output) {
    assert!(text(o).contains("our sister nations have"), "{}", err(o));
}

const LAUGHS: &str = r#"<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>"#;

#[test]
fn entity_bombs_are_never_expanded() {
    let alto = format!(
        "<?xml version=\"1.0\"?>\n{LAUGHS}\n<alto><Layout><Page><TextBlock><TextLine><String CONTENT=\"&lol3;\"/><String CONTENT=\"kept\"/></TextLine></TextBlock></Page></Layout></alto>"
    );
    let o = repair(&scratch("laughs.alto.xml", alto.as_bytes()));
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).starts_with("==> "), "{}", text(&o));
    assert!(text(&o).contains("&lol3; kept"), "the reference stays as written");
    assert!(!text(&o).contains("lollol"));

    let page = format!(
        "<?xml version=\"1.0\"?>\n{LAUGHS}\n<PcGts><Page><TextRegion id=\"r\"><TextLine><TextEquiv><Unicode>&lol3;</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>"
    );
    let o = repair(&scratch("laughs.page.xml", page.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("laughs.page.xml: malformed XML at byte"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("unrecognized entity `lol3`"), "{}", err(&o));
    batch_went_on(&o);

    let hocr = format!(
        "<?xml version=\"1.0\"?>\n{LAUGHS}\n<html><body><div class=\"ocr_page\"><span class=\"ocr_line\">a &lol3; b</span></div></body></html>"
    );
    let o = repair(&scratch("laughs.hocr.html", hocr.as_bytes()));
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains("a &lol3; b"));
}

#[test]
fn external_entities_are_never_fetched() {
    let page = r#"<?xml version="1.0"?>
<!DOCTYPE PcGts [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<PcGts><Page><TextRegion id="r1"><TextLine><TextEquiv><Unicode>before &xxe; after</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>"#;
    let o = repair(&scratch("xxe.page.xml", page.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("unrecognized entity `xxe`"), "{}", err(&o));
    assert!(!text(&o).contains("root:"));
    batch_went_on(&o);
}

/// Issue 13: other encodings were refused ("invalid UTF-8 at byte N"); now
/// a declared or detected encoding is read, and a UTF-8 file with a flaw is
/// still refused at the flaw, with a hint.
#[test]
fn foreign_encodings_are_read_and_flawed_utf8_is_refused_at_its_flaw() {
    let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<alto><Layout><Page><TextBlock><TextLine><String CONTENT=\"caf\xe9\"/></TextLine></TextBlock></Page></Layout></alto>";
    let o = repair(&scratch("latin1.alto.xml", latin1));
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains("café"), "{}", text(&o));
    batch_went_on(&o);

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("hello".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let o = repair(&scratch("utf16.txt", &utf16));
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains("hello"), "{}", text(&o));

    let mut flawed = "近年来，全市新建充电站十九座。".repeat(4).into_bytes();
    flawed.insert(9, 0xFF);
    let o = repair(&scratch("flawed.txt", &flawed));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains(
            "flawed.txt: invalid UTF-8 at byte 9 (if the file is in another encoding, name it: --encoding"
        ),
        "{}",
        err(&o)
    );
    batch_went_on(&o);
}

#[test]
fn nul_bytes_pass_through_untouched() {
    let o = repair(&scratch("nul.txt", b"one\x00two\n\nthree\x00\n"));
    assert!(o.status.success());
    assert!(text(&o).contains("one\u{0}two"), "{:?}", text(&o));
    assert!(text(&o).contains("three\u{0}"));
}

#[test]
fn a_huge_single_line_is_repaired_in_one_pass() {
    let line = "word ".repeat(800_000) + "end.\n";
    let o = repair(&scratch("hugeline.txt", line.as_bytes()));
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains(&line[..line.len() - 1].trim_end().to_string()));
}

#[test]
fn deep_nesting_and_stray_end_tags_stay_linear() {
    let depth = 100_000;
    let hocr = format!(
        "<html><body><div class=\"ocr_page\">{}<span class=\"ocr_line\">deep</span>{}{}</div></body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth),
        "</p>".repeat(depth)
    );
    let started = std::time::Instant::now();
    let o = repair(&scratch("nested.hocr.html", hocr.as_bytes()));
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains("deep\n"));
    // Quadratic handling took 25 s here in a release build; linear takes
    // well under one, even unoptimised.
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn a_crowded_page_is_read_without_pairwise_geometry() {
    let blocks: String = (0..5000)
        .map(|i| {
            format!(
                "<TextBlock ID=\"b{i}\" HPOS=\"{}\" VPOS=\"{}\" WIDTH=\"9\" HEIGHT=\"9\"><TextLine><String CONTENT=\"w{i}\"/></TextLine></TextBlock>",
                i % 50 * 10,
                i / 50 * 10
            )
        })
        .collect();
    let alto =
        format!("<alto><Layout><Page ID=\"P\"><PrintSpace>{blocks}</PrintSpace></Page></Layout></alto>");
    let o = repair(&scratch("crowded.alto.xml", alto.as_bytes()));
    assert!(o.status.success(), "{}", err(&o));
    assert!(text(&o).contains("w4999"));
}

/// Blank and image-only pages are common in archives: they pass through,
/// counted, and are no error (issue 12, case 14).
#[test]
fn empty_and_textless_markup_pass_through_as_blank_pages() {
    for (name, bytes) in [
        ("empty.alto.xml", "<alto><Layout><Page/></Layout></alto>"),
        ("empty.page.xml", "<PcGts><Page/></PcGts>"),
        (
            "empty.hocr.html",
            "<html><body><div class=\"ocr_page\"></div></body></html>",
        ),
    ] {
        let path = scratch(name, bytes.as_bytes());
        let o = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
            .args([
                "repair",
                path.to_str().unwrap(),
                "samples/national-intelligencer-1801.txt",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        assert!(err(&o).contains("1 blank pages passed through"), "{}", err(&o));
        assert!(
            text(&o).contains(&format!("==> {} <==\n==>", path.display())),
            "{}",
            text(&o)
        );
        batch_went_on(&o);
    }
}
