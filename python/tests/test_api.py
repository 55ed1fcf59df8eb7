"""The Python API: the same repairs as the command line, errors as exceptions
naming the input, streaming in input order, and the GIL released."""

from __future__ import annotations

import json
import subprocess
import threading
import time

import pytest

import ocrmend
from ocrmend import dedup

from conftest import SAMPLES

CHINESE = SAMPLES / "jiaxing-daily-page.txt"
ENGLISH = SAMPLES / "national-intelligencer-1801.txt"
ALTO = SAMPLES / "alto" / "chronam-page.alto.xml"


@pytest.mark.parametrize("path", [CHINESE, ENGLISH, ALTO], ids=lambda p: p.name)
def test_repair_gives_the_command_lines_text_and_report(path, cli, tmp_path):
    out, report = tmp_path / "out.txt", tmp_path / "report.json"
    subprocess.run([str(cli), "repair", "-q", str(path), "-o", str(out), "--report", str(report)], check=True)
    r = ocrmend.repair(path.read_bytes(), name=str(path))
    assert r.text == out.read_text(encoding="utf-8")
    cli_doc = json.loads(report.read_text(encoding="utf-8"))["documents"][0]
    assert r.report()["edits"] == cli_doc["edits"]
    assert r.flags == cli_doc["flags"]
    assert r.edits, "the samples have edits to make"
    for edit in r.edits:
        assert {"kind", "span", "replacement", "confidence", "applicability", "applied", "evidence"} <= edit.keys()


def test_the_lost_character_and_its_join_are_explained():
    r = ocrmend.repair("新建充电站19座、充\n\n桩113根,超额完成。\n")
    kinds = {e["kind"]: e for e in r.edits}
    assert kinds["join_paragraphs"]["applied"]
    assert kinds["join_paragraphs"]["evidence"], "every edit says why"
    lost = kinds["insert_lost_character"]
    assert not lost["applied"], "a lost character is never applied by default"
    # Calibrated to how often such insertions were right on real OCR (a
    # third): under the default review threshold it is reported, not offered.
    assert lost["applicability"] == "display" and lost["confidence"] < 0.5
    assert r.suggestions() == []
    assert ocrmend.repair("新建充电站19座、充\n\n桩113根,超额完成。\n", apply_review=True).text == "新建充电站19座、充桩113根,超额完成。\n"
    # Asked for: for review, tied to the join it needs.
    asked = ocrmend.repair("新建充电站19座、充\n\n桩113根,超额完成。\n", review_threshold=0.3)
    [suggestion] = asked.suggestions()
    assert suggestion["kind"] == "insert_lost_character" and suggestion["after"] == "电"
    assert suggestion["requires"] == {e["kind"]: e for e in asked.edits}["join_paragraphs"]["id"]
    applied = ocrmend.repair("新建充电站19座、充\n\n桩113根,超额完成。\n", review_threshold=0.3, apply_review=True)
    assert applied.text == "新建充电站19座、充电桩113根,超额完成。\n"


def test_thresholds_and_formats_are_checked():
    with pytest.raises(ValueError, match="review threshold"):
        ocrmend.repair("a", safe_threshold=0.5, review_threshold=0.9)
    with pytest.raises(ValueError, match="unknown format"):
        ocrmend.repair("a", format="docx")
    with pytest.raises(TypeError):
        ocrmend.repair(42)  # type: ignore[arg-type]


def test_errors_name_the_input_and_the_place():
    with pytest.raises(ocrmend.OcrmendError, match=r"broken\.xml: malformed XML at byte"):
        ocrmend.repair(b"<alto><Layout><Page", name="broken.xml", format="alto")
    flawed = "新建充电站19座".encode() + b"\xff" + "桩113根,超额完成。".encode() * 3
    with pytest.raises(ocrmend.OcrmendError, match=r"bad\.txt: invalid UTF-8 at byte 20"):
        ocrmend.repair(flawed, name="bad.txt")
    with pytest.raises(ocrmend.OcrmendError, match="no-such-file.txt"):
        ocrmend.read("no-such-file.txt")


def test_repair_many_streams_in_input_order_and_goes_on_past_errors():
    texts = [f"page {i} of the paper, cut at the foot of the col-\n\numn and going on.\n" for i in range(40)]
    inputs = [(f"p{i}", t) for i, t in enumerate(texts)]
    inputs.insert(7, ("broken", b"<alto><Layout"))
    results = list(ocrmend.repair_many(inputs, window=8, threads=2, errors="return", format=None))
    assert len(results) == 41
    assert isinstance(results[7], ocrmend.OcrmendError) and "broken" in str(results[7])
    good = [r for r in results if isinstance(r, ocrmend.Repair)]
    assert [r.name for r in good] == [f"p{i}" for i in range(40)]
    assert all(r.text == ocrmend.repair(t).text for r, t in zip(good, texts))
    assert good[0].text.endswith("column and going on.\n")
    with pytest.raises(ocrmend.OcrmendError, match="broken"):
        list(ocrmend.repair_many(inputs, window=8))
    # Whatever the window and the threads: the same results.
    again = [r.text for r in ocrmend.repair_many(texts, window=3, threads=1)]
    assert again == [r.text for r in good]


def test_read_gives_blocks_in_reading_order_with_geometry():
    doc = ocrmend.read(str(ALTO))
    assert doc.encoding == "UTF-8" and len(doc.blocks) > 10
    assert doc.blocks[0].text and "bbox" in doc.blocks[0].geometry
    assert doc.text.startswith(doc.blocks[0].text)
    plain = ocrmend.read(str(CHINESE))
    assert plain.blocks[0].geometry["bbox"] is None, "plain text has no boxes"


def test_dedup_stages_and_one_machine_clusters(cli, tmp_path):
    story = "The harbour works resumed on Monday after the strike of the engineers ended with an agreement to arbitrate the wages."
    texts = [story, story.replace("Monday", "Tuesday"), "A wholly different notice about the weather and the tides today.", "x"]
    ids = ["a", "b", "c", "d"]
    sigs = dedup.signatures(texts)
    assert sigs[3] is None and all(s is not None for s in sigs[:3])
    keys = [set(dedup.band_keys(s)) for s in sigs[:3]]
    assert keys[0] & keys[1] and not keys[0] & keys[2]
    assert dedup.worth_verifying(sigs[0], sigs[1])
    sim = dedup.verify(texts[0], texts[1])
    assert sim["duplicate"] and 0.5 < sim["jaccard"] < 1 and sim["letter_coverage"] is None
    clusters = dedup.cluster(ids, texts)
    link = {k: v for k, v in sim.items() if k != "duplicate"}
    assert clusters == [{"kept": "a", "members": [{"document": "b", "linked_to": "a", **link}]}]
    # A rough copy (every tenth letter misread) loses most shingles, not its letters.
    long_story = story + " The port authority said the first ships would be loaded on Wednesday and the backlog cleared by the end of the month."
    letters = iter(range(1, 10**6))
    rough = "".join("x" if c.isalpha() and next(letters) % 10 == 0 else c for c in long_story)
    sim = dedup.verify(long_story, rough)
    assert sim["containment"] < dedup.CONTAINMENT and sim["duplicate"]
    assert sim["letter_coverage"] > dedup.LETTER_COVERAGE
    # The same as the command line's clusters.
    collection = tmp_path / "c.jsonl"
    collection.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in zip(ids, texts)))
    report = json.loads(subprocess.run([str(cli), "dedup", "-q", str(collection)], check=True,
                                       capture_output=True, text=True).stdout)
    # (The report leaves `letter_coverage` out where the letters were not read.)
    from_cli = [
        {"kept": c["kept"], "members": [{**m, "letter_coverage": m.get("letter_coverage")} for m in c["members"]]}
        for c in report["clusters"]
    ]
    assert from_cli == clusters


def test_the_gil_is_released_while_rust_works():
    # Not a race of timings (two repairs at once against two in turn: on a
    # loaded two-core machine that ratio wandered past any bound): Python code
    # must run while a repair is inside Rust. A thread repairs; this thread
    # counts its own loop turns and when each fell. Held, the GIL would stop
    # this loop for the whole call, except a few switch intervals (5 ms) at
    # its edges; so turns are counted only in the middle half of the call.
    text = (CHINESE.read_text(encoding="utf-8") + "\n\n") * 40
    ocrmend.repair(text)  # the language models, loaded once
    span: dict[str, float] = {}

    def one():
        span["start"] = time.perf_counter()
        ocrmend.repair(text)
        span["end"] = time.perf_counter()

    worker = threading.Thread(target=one)
    turns = []
    worker.start()
    while worker.is_alive():
        turns.append(time.perf_counter())
    worker.join()
    quarter = (span["end"] - span["start"]) / 4
    assert quarter > 0.02, "the repair is long enough to tell its edges from its middle"
    middle = [t for t in turns if span["start"] + quarter < t < span["end"] - quarter]
    assert len(middle) > 100, f"{len(middle)} turns of Python in the middle of a {4 * quarter:.2f} s repair"
