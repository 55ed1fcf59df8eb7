//! Review through the real binary: suggestions written by `repair`, decisions
//! made in the terminal and through the server's API, `apply` with them;
//! stale input, concurrent saves, a corrupt decisions log, requests without
//! the token; and the page itself, driven in Chromium through
//! tests/browser/review.mjs (`the_review_page_in_chromium_then_apply`).

mod common;

use common::{browser_available, ocrmend, scratch, serve, suggestions, workspace};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};

fn id_of(dir: &Path, kind: &str, after: &str) -> String {
    suggestions(dir)
        .iter()
        .find(|s| s["kind"] == kind && s["after"] == after)
        .unwrap_or_else(|| panic!("no {kind} suggestion putting in {after:?}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn suggestions_carry_location_context_evidence_and_input_hash() {
    let dir = workspace("records");
    let all = suggestions(&dir);
    assert_eq!(all.len(), 8);
    let lost = all.iter().find(|s| s["after"] == "电").unwrap();
    assert_eq!(lost["kind"], "insert_lost_character");
    assert_eq!(lost["document"], "jiaxing-daily-page.txt");
    assert_eq!(lost["location"]["blocks"], serde_json::json!(["b6", "b7"]));
    let at = lost["location"]["start"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string(dir.join("jiaxing-daily-page.txt")).unwrap();
    assert!(text[..at].ends_with("新建充电站19座、充"));
    assert_eq!(
        text[..at].chars().count() as u64,
        lost["location"]["char_start"].as_u64().unwrap()
    );
    assert!(lost["context_before"].as_str().unwrap().ends_with("19座、充"));
    assert!(lost["context_after"].as_str().unwrap().starts_with("⏎⏎桩113根"));
    assert_eq!(lost["input_hash"].as_str().unwrap().len(), 16);
    assert!(lost["evidence"].as_array().unwrap().len() >= 2);
    assert!(all.iter().all(|s| s["options"]["safe_threshold"] == 0.95));
}

#[test]
fn terminal_review_then_apply_gives_the_accepted_text_every_time() {
    let dir = workspace("terminal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .current_dir(&dir)
        .args(["review", "s.jsonl", "--terminal", "--reviewer", "ana"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Accept the lost 有 (its join is applied by default: a fix of its own);
    // reject the next fix, a join with the 民 lost at its seam, as one; ask
    // for help, undo the reject (both), reject it again, skip one, quit.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"y\nn\n?\nu\nn\ns\nq\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("[1/8] insert_lost_character"), "{shown}");
    assert!(shown.contains("{+有+}"), "{shown}");
    assert!(shown.contains("u - undo the last decision"));
    assert!(
        shown.contains("  with: insert_lost_character") && shown.contains("{+民+}"),
        "the join and its lost character shown as one fix: {shown}"
    );
    assert!(shown.contains("without it [w]"), "{shown}");
    assert!(shown.contains("3 of 8 decided"), "{shown}");
    let log = std::fs::read_to_string(dir.join("s.decisions.jsonl")).unwrap();
    let acts: Vec<String> = log
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["decision"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        acts,
        ["accept", "reject", "reject", "undo", "undo", "reject", "reject", "skip"]
    );
    assert!(log.contains("\"reviewer\":\"ana\""));

    let apply = |out: &str| {
        let o = ocrmend(&dir, &["apply", "s.jsonl", "-o", out]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(dir.join(out).join("lost-characters.txt")).unwrap()
    };
    let text = apply("out");
    assert!(text.contains("要完善国有资产管理制度"), "the accepted 有");
    assert!(text.contains("我国各族人\n\n在中国共产党"), "the rejected fix");
    assert_eq!(apply("out-again"), text, "idempotent");
    let applied = std::fs::read_to_string(dir.join("out/applied.jsonl")).unwrap();
    assert_eq!(applied.lines().count(), 1);
    assert!(applied.contains("\"applied\":true") && applied.contains("\"reviewer\":\"ana\""));
}

/// Issues 11 and 16: a join and the character lost at its seam are one
/// decision: with it, without it, or neither.
#[test]
fn a_join_is_accepted_without_its_lost_character_in_one_answer() {
    let dir = workspace("fix");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocrmend"))
        .current_dir(&dir)
        .args(["review", "s.jsonl", "--terminal"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Skip the 有 (a fix of its own), take the next join without its 民.
    child.stdin.take().unwrap().write_all(b"s\nw\nq\n").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let o = ocrmend(&dir, &["apply", "s.jsonl", "-o", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(dir.join("out/lost-characters.txt")).unwrap();
    assert!(text.contains("我国各族人在中国共产党"), "joined, without the 民");
    assert!(text.contains("要完善国资产管理制度"), "the skipped 有 not put in");
}

/// Issue 13: the terminal review coloured its output even with NO_COLOR,
/// and nothing asked for colour or none.
#[test]
fn the_terminal_review_colours_only_when_asked() {
    let dir = workspace("color");
    let review = |extra: &[&str], no_color: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ocrmend"));
        cmd.current_dir(&dir)
            .args(["review", "s.jsonl", "--terminal"])
            .args(extra);
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(b"q\n").unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    assert!(review(&["--color", "always"], false).contains("\x1b[32m{+"));
    assert!(!review(&["--color", "never"], false).contains('\x1b'));
    // Piped, or NO_COLOR: none.
    assert!(!review(&[], false).contains('\x1b'));
    assert!(!review(&[], true).contains('\x1b'));
}

#[test]
fn apply_refuses_an_input_that_changed() {
    let dir = workspace("stale");
    let id = id_of(&dir, "insert_lost_character", "电");
    std::fs::write(
        dir.join("s.decisions.jsonl"),
        format!("{{\"id\":\"{id}\",\"decision\":\"accept\",\"reviewer\":\"r\",\"time\":\"t\"}}\n"),
    )
    .unwrap();
    let page = dir.join("jiaxing-daily-page.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("嘉兴", "嘉興")).unwrap();
    let o = ocrmend(&dir, &["apply", "s.jsonl", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("jiaxing-daily-page.txt: the input changed since the suggestions were made"),
        "{err}"
    );
    assert!(!dir.join("out/jiaxing-daily-page.txt").exists());
    assert!(
        dir.join("out/national-intelligencer-1801.txt").exists(),
        "the other input still applied"
    );
}

/// Issue 16: a reviewer could accept what goes with a join (here a lost
/// character at a seam) and reject the join: the character went in and the
/// halves stayed apart. Now it is applied only with its join.
#[test]
fn what_goes_with_a_join_is_applied_only_with_it() {
    let dir = workspace("requires");
    let lost = id_of(&dir, "insert_lost_character", "民");
    let all = suggestions(&dir);
    let lost_record = all.iter().find(|s| s["id"] == lost.as_str()).unwrap();
    let join = all
        .iter()
        .find(|s| s["edit"] == lost_record["requires"])
        .expect("the join it requires is a suggestion too");
    assert_eq!(join["kind"], "join_paragraphs");
    let act = |id: &str, decision: &str| {
        format!("{{\"id\":\"{id}\",\"decision\":\"{decision}\",\"reviewer\":\"r\",\"time\":\"t\"}}\n")
    };
    let text_with = |decisions: String| {
        std::fs::write(dir.join("s.decisions.jsonl"), decisions).unwrap();
        let o = ocrmend(&dir, &["apply", "s.jsonl", "-o", "out"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let log = std::fs::read_to_string(dir.join("out/applied.jsonl")).unwrap();
        (
            std::fs::read_to_string(dir.join("out/lost-characters.txt")).unwrap(),
            log,
        )
    };
    let (text, log) = text_with(act(&lost, "accept") + &act(join["id"].as_str().unwrap(), "reject"));
    assert!(
        text.contains("各族人\n\n在中国"),
        "the character went in without its join"
    );
    assert!(log.contains("\"applied\":false"), "{log}");
    let (text, _) = text_with(act(&lost, "accept") + &act(join["id"].as_str().unwrap(), "accept"));
    assert!(text.contains("各族人民在中国"), "both accepted: both applied");
}

#[test]
fn a_corrupt_decisions_log_is_an_error_and_is_left_as_it_is() {
    let dir = workspace("corrupt");
    let id = id_of(&dir, "insert_lost_character", "电");
    let log = format!(
        "{{\"id\":\"{id}\",\"decision\":\"accept\",\"reviewer\":\"r\",\"time\":\"t\"}}\n{{\"id\": 3\n"
    );
    std::fs::write(dir.join("s.decisions.jsonl"), &log).unwrap();
    for args in [
        &["apply", "s.jsonl"][..],
        &["review", "s.jsonl", "--terminal"][..],
    ] {
        let o = ocrmend(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("s.decisions.jsonl:2: not a decision record"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("s.decisions.jsonl")).unwrap(),
            log,
            "no decision lost"
        );
    }
}

/// A running `ocrmend review` server and the address it printed.
/// One HTTP/1.1 request; returns the status and the body.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| *k == "Host") {
        request.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_string();
    (status, body)
}

#[test]
fn the_server_answers_only_the_token_holder_and_only_its_own_paths() {
    let dir = workspace("server");
    let s = serve(&dir);
    let with_token = [("X-Ocrmend-Token", s.token.as_str())];
    assert_eq!(http(s.port, "GET", "/api/state", &[], "").0, 403, "no token");
    assert_eq!(http(s.port, "GET", "/", &[], "").0, 403);
    assert_eq!(
        http(s.port, "GET", "/api/state", &[("X-Ocrmend-Token", "0123")], "").0,
        403,
        "wrong token"
    );
    let wrong_host = [("X-Ocrmend-Token", s.token.as_str()), ("Host", "evil.example:80")];
    assert_eq!(
        http(s.port, "GET", "/api/state", &wrong_host, "").0,
        403,
        "DNS rebinding"
    );
    let page = http(s.port, "GET", &format!("/?token={}", s.token), &[], "");
    assert_eq!(page.0, 200);
    assert!(page.1.contains("<title>ocrmend review</title>") && !page.1.contains("https://"));
    for path in [
        "/../Cargo.toml",
        "/s.jsonl",
        "/api/../../etc/passwd",
        "/review.html",
    ] {
        assert_eq!(http(s.port, "GET", path, &with_token, "").0, 404, "{path}");
    }
    let (status, body) = http(s.port, "GET", "/api/state", &with_token, "");
    assert_eq!(status, 200);
    let state: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(state["index"].as_array().unwrap().len(), 8);
    assert_eq!(state["reviewer"], "bo");
    // Cards come on demand, a bounded number at a time.
    let first = state["index"][0]["id"].as_str().unwrap();
    let (status, body) = http(
        s.port,
        "POST",
        "/api/cards",
        &with_token,
        &format!(r#"{{"ids":["{first}"]}}"#),
    );
    assert_eq!(status, 200);
    let cards: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(cards["cards"][0]["id"], first);
    assert!(cards["cards"][0]["evidence"].is_array());
    // Context widened on demand, from the input; refused once the input changed.
    let (status, body) = http(
        s.port,
        "GET",
        &format!("/api/context?id={first}&chars=300"),
        &with_token,
        "",
    );
    assert_eq!(status, 200, "{body}");
    let wide: serde_json::Value = serde_json::from_str(&body).unwrap();
    let narrow = cards["cards"][0]["context_before"]
        .as_str()
        .unwrap()
        .chars()
        .count();
    assert!(wide["context_before"].as_str().unwrap().chars().count() > narrow);
    let page = dir.join("lost-characters.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("东盟", "東盟")).unwrap();
    let (status, body) = http(
        s.port,
        "GET",
        &format!("/api/context?id={first}"),
        &with_token,
        "",
    );
    assert!(status == 500 && body.contains("changed"), "{status} {body}");
    std::fs::write(&page, text).unwrap();
    let many: Vec<String> = (0..501).map(|_| format!("\"{first}\"")).collect();
    let too_many = format!(r#"{{"ids":[{}]}}"#, many.join(","));
    assert_eq!(http(s.port, "POST", "/api/cards", &with_token, &too_many).0, 400);
    let bad = http(
        s.port,
        "POST",
        "/api/decide",
        &with_token,
        r#"{"id":"nope","decision":"accept"}"#,
    );
    assert_eq!(bad.0, 400);
    assert!(
        !dir.join("s.decisions.jsonl").exists(),
        "nothing written for a bad request"
    );
}

#[test]
fn concurrent_saves_are_all_kept() {
    let dir = workspace("concurrent");
    let s = serve(&dir);
    let ids: Vec<String> = suggestions(&dir)
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect();
    // A second session on the same log, as another reviewer in another tab
    // or process would be.
    let s2 = serve(&dir);
    let threads: Vec<_> = (0..8)
        .map(|k| {
            let (port, token) = if k % 2 == 0 {
                (s.port, s.token.clone())
            } else {
                (s2.port, s2.token.clone())
            };
            let ids = ids.clone();
            std::thread::spawn(move || {
                for (j, id) in ids.iter().enumerate() {
                    let decision = if (j + k) % 2 == 0 { "accept" } else { "reject" };
                    let body = format!(r#"{{"id":"{id}","decision":"{decision}"}}"#);
                    let (status, _) =
                        http(port, "POST", "/api/decide", &[("X-Ocrmend-Token", &token)], &body);
                    assert_eq!(status, 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let log = std::fs::read_to_string(dir.join("s.decisions.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 8 * ids.len(), "every save kept");
    assert!(log
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v["id"].is_string())));
}

/// The review page in Debian's headless Chromium, driven by Playwright
/// (tests/browser/review.mjs): load, accept, reject, undo, skip, reload keeps
/// the decisions, filters, a join and its lost character decided as one
/// card (with, without, neither), no token no answer; then `apply` gives the
/// text the decisions call for. `.ci/run` installs chromium and playwright-core.
#[test]
fn the_review_page_in_chromium_then_apply() {
    let dir = workspace("browser");
    let s = serve(&dir);
    let url = format!("http://127.0.0.1:{}/?token={}", s.port, s.token);
    let shot = dir.join("review.png");
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !browser_available() {
        return;
    }
    let o = Command::new("node")
        .current_dir(&browser)
        .args(["review.mjs", &url, shot.to_str().unwrap()])
        .output()
        .expect("node (Node.js 20) on PATH");
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Eight suggestions, seven cards: a join and its lost character are one.
    assert_eq!(seen["shown"], 7);
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "a screenshot");
    assert_eq!(
        seen["accepted"].as_str().unwrap(),
        id_of(&dir, "insert_lost_character", "有")
    );

    let o = ocrmend(&dir, &["apply", "s.jsonl", "-o", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(dir.join("out/lost-characters.txt")).unwrap();
    assert!(text.contains("要完善国有资产"), "accepted in the page");
    assert!(
        text.contains("我国各族人在中国共产党"),
        "the join accepted without its lost character in the page"
    );
    let applied = std::fs::read_to_string(dir.join("out/applied.jsonl")).unwrap();
    assert_eq!(applied.lines().count(), 2, "{applied}");
}

/// Issue 13: nothing showed the scan. A card now shows the part of the scan
/// its blocks stand on, when the input names its image and the file is
/// found: here Tesseract's own hOCR of a rendered page, and the page.
#[test]
fn a_card_shows_the_scan_of_its_blocks() {
    let dir = scratch(
        "scan",
        &[
            "tests/fixtures/realocr/en/en-0016.hocr",
            "tests/fixtures/realocr/en/en-0016.png",
        ],
    );
    let o = ocrmend(
        &dir,
        &["repair", "-q", "en-0016.hocr", "--suggestions", "s.jsonl"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = suggestions(&dir);
    // hOCR names the image as Tesseract was given it; it is found by name beside the input.
    assert!(all
        .iter()
        .all(|s| s["scan"]["image"].as_str().unwrap().ends_with("en-0016.png")));
    let id = all[0]["id"].as_str().unwrap().to_string();
    let s = serve(&dir);
    let crop = |token: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        let request = format!(
            "GET /api/crop?id={id}&token={token} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            s.port
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        response
    };
    let response = crop(&s.token);
    let head = String::from_utf8_lossy(&response[..response.len().min(400)]).to_string();
    assert!(
        head.starts_with("HTTP/1.1 200") && head.contains("image/png"),
        "{head}"
    );
    // The body may come in chunks: the PNG starts at its signature.
    let sig = b"\x89PNG\r\n\x1a\n";
    let png = &response[response.windows(8).position(|w| w == sig).expect("a PNG")..];
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert!(
        (100..=1000).contains(&width),
        "a crop, at most 1,000 pixels wide: {width}"
    );
    assert!(
        String::from_utf8_lossy(&crop("0123")).starts_with("HTTP/1.1 403"),
        "the token rules hold"
    );
    // The page shows it (and the README's screenshot is this card).
    if browser_available() {
        let url = format!("http://127.0.0.1:{}/?token={}", s.port, s.token);
        let shot = dir.join("card-with-scan.png");
        let o = Command::new("node")
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser"))
            .args(["scan.mjs", &url, shot.to_str().unwrap()])
            .output()
            .expect("node (Node.js 20) on PATH");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "a screenshot");
    }
    drop(s);
    // Without the scan, no crop (and the card shows none).
    std::fs::remove_file(dir.join("en-0016.png")).unwrap();
    let s = serve(&dir);
    let (status, _) = http(
        s.port,
        "GET",
        &format!("/api/crop?id={id}&token={}", s.token),
        &[],
        "",
    );
    assert_eq!(status, 404);
}

#[test]
fn jsonl_records_are_reviewed_and_applied_record_by_record() {
    let dir = scratch("jsonl", &[]);
    let record = |id: &str, page: &str| {
        let text = std::fs::read_to_string(Path::new("samples").join(page)).unwrap();
        serde_json::json!({"id": id, "series": "s", "text": text}).to_string()
    };
    let lines = [
        record("en", "national-intelligencer-1801.txt"),
        record("zh", "jiaxing-daily-page.txt"),
        record("zh-again", "jiaxing-daily-page.txt"),
    ];
    std::fs::write(dir.join("issue.jsonl"), lines.join("\n") + "\n").unwrap();
    let o = ocrmend(
        &dir,
        &[
            "repair",
            "-q",
            "issue.jsonl",
            "--suggestions",
            "s.jsonl",
            "--review-threshold",
            "0.05",
            "-o",
            "auto.jsonl",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = suggestions(&dir);
    assert!(all
        .iter()
        .all(|s| s["input"] == "issue.jsonl" && s["record"].is_u64()));
    let lost = all
        .iter()
        .find(|s| s["after"] == "电" && s["record"] == 2)
        .expect("the lost 电 in record 2");
    std::fs::write(
        dir.join("s.decisions.jsonl"),
        format!(
            "{{\"id\":\"{}\",\"decision\":\"accept\",\"reviewer\":\"r\",\"time\":\"t\"}}\n",
            lost["id"].as_str().unwrap()
        ),
    )
    .unwrap();
    let o = ocrmend(&dir, &["apply", "s.jsonl", "-o", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("out/issue.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 3, "every record, reviewed or not");
    assert_eq!(out[1]["series"], "s");
    assert!(
        out[1]["text"].as_str().unwrap().contains("充电桩113根"),
        "accepted in record 2"
    );
    assert!(
        !out[2]["text"].as_str().unwrap().contains("充电桩113根"),
        "record 3 had no decision"
    );

    // Record 3 changes: it alone is refused.
    let changed = [
        lines[0].clone(),
        lines[1].clone(),
        lines[2].replace("嘉兴", "嘉興"),
    ];
    std::fs::write(dir.join("issue.jsonl"), changed.join("\n") + "\n").unwrap();
    let o = ocrmend(&dir, &["apply", "s.jsonl", "-o", "out2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("issue.jsonl:3: the input changed"));
    let out2 = std::fs::read_to_string(dir.join("out2/issue.jsonl")).unwrap();
    assert!(out2.lines().nth(2).unwrap().contains("\"error\""));
    assert!(out2.lines().nth(1).unwrap().contains("充电桩113根"));

    let o = ocrmend(&dir, &["repair", "-", "--suggestions", "x.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not stdin"));
}
