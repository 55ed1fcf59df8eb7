"""ocrmend.spark on a local[2] Spark: the same repaired texts and the same
clusters as the command line on the same collections."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys

import pytest

from conftest import ROOT

if os.environ.get("CI") != "true":
    pytest.importorskip("pyspark", reason="pip install .[spark] to run the Spark tests")

from pyspark.sql import SparkSession  # noqa: E402

import ocrmend.spark as ospark  # noqa: E402

CORPUS = {"en": ROOT / "samples" / "corpus" / "sotu-2013-2021.txt", "zh": ROOT / "samples" / "corpus" / "gwr-1984-1987.txt"}


def corpus(lang: str) -> str:
    """The clean corpus the repository ships for the language (samples/corpus), for the simulators."""
    return str(CORPUS[lang])


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("ocrmend tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def simulated_records(cli, tmp_path, lang: str, pages: int) -> list[dict]:
    out = tmp_path / f"sim-{lang}"
    subprocess.run(
        [str(cli), "simulate", "-q", "--lang", lang, "--corpus", corpus(lang), "--pages", str(pages),
         "--seed", "5", "--format", "jsonl", "--out", str(out)],
        check=True,
    )
    with open(out / "pages.jsonl", encoding="utf-8") as f:
        # The text alone: repair_dataframe repairs a text column.
        return [{"id": f"{lang}-{r['id']}", "text": r["text"]} for r in map(json.loads, f)]


def test_repair_dataframe_matches_the_command_line(spark, cli, tmp_path):
    records = simulated_records(cli, tmp_path, "en", 1000) + simulated_records(cli, tmp_path, "zh", 1000)
    records.append({"id": "empty", "text": ""})
    records.append({"id": "no-text", "text": None})
    collection = tmp_path / "collection.jsonl"
    collection.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    cli_out = tmp_path / "repaired.jsonl"
    done = subprocess.run([str(cli), "repair", "-q", str(collection), "-o", str(cli_out)])
    assert done.returncode == 2, "the record without text is an error for it alone"
    expected = {}
    with open(cli_out, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if "text" in r and r["text"] is not None:
                expected[r["id"]] = r["text"]

    df = spark.read.json(str(collection)).repartition(4)  # records in any order
    out = ospark.repair_dataframe(df)
    assert out.columns == df.columns + ["repaired", "edits", "flags", "error"]
    rows = out.collect()
    assert len(rows) == len(records) >= 2000
    got = {r["id"]: r for r in rows}
    assert len(expected) == len(records) - 1
    for rid, text in expected.items():
        assert got[rid]["repaired"] == text, rid
    assert got["no-text"]["repaired"] is None and "no-text: no text in the record" in got["no-text"]["error"]
    assert [r["id"] for r in rows if r["error"] is not None] == ["no-text"]
    edits = [e for r in rows for e in json.loads(r["edits"])]
    assert any(e["applied"] for e in edits) and all("evidence" in e for e in edits)

    with pytest.raises(ValueError, match="review threshold"):
        ospark.repair_dataframe(df, safe_threshold=0.4, review_threshold=0.6)
    with pytest.raises(ValueError, match="no column"):
        ospark.repair_dataframe(df, "body")


def test_repair_records_writes_the_command_lines_lines(spark, cli, tmp_path):
    records = simulated_records(cli, tmp_path, "en", 1000) + simulated_records(cli, tmp_path, "zh", 1000)
    records.append({"id": "empty", "text": ""})
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    # A blank line is left out; a broken record is an error record in its place.
    lines[7:7] = ["   ", '{"id": "broken", "text": }']
    collection = tmp_path / "collection.jsonl"
    collection.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    cli_out = tmp_path / "repaired.jsonl"
    subprocess.run([str(cli), "repair", "-q", str(collection), "-o", str(cli_out)])
    expected = cli_out.read_text(encoding="utf-8").splitlines()
    assert len(expected) == len(lines) - 1

    source = spark.read.text(str(collection)).repartition(4)  # lines in any order
    got = [r["value"] for r in ospark.repair_records(source, source="c.jsonl").collect()]
    assert len(got) == len(expected) >= 2000
    # Spark does not number a file's lines: the broken record is named line 0.
    [cli_error] = [line for line in expected if '"error"' in line and '"id"' not in line]
    error = cli_error.replace(f"{collection}:9", "c.jsonl:0")
    assert sorted(got) == sorted([line for line in expected if line != cli_error] + [error])
    assert sum('"summary"' in line for line in got) == len(records) - 1
    assert [json.loads(line)["id"] for line in got if '"blank":true' in line] == ["empty"]

    with pytest.raises(ValueError, match="review threshold"):
        ospark.repair_records(source, safe_threshold=0.4, review_threshold=0.6)
    with pytest.raises(ValueError, match="no column"):
        ospark.repair_records(source, "line")


def test_texts_cross_to_rust_as_arrow_buffers():
    """Slices, nulls, both offset widths and a broken buffer, as Rust reads them."""
    import pyarrow as pa

    from ocrmend import _native

    def repaired_from(buffers: dict, n: int) -> list:
        out = _native.repair_arrow([f"r{i}" for i in range(n)], buffers, 0.99, 0.5, False)
        columns = [ospark._string_array(c, n) for c in out]
        return [tuple(c[i].as_py() for c in columns) for i in range(n)]

    def repaired(array) -> list:
        return repaired_from(ospark._string_buffers(array), len(array))

    texts = ["first", None, "新建充电站19座、充\n\n电桩113根", "", "exam-\n\nple text"]
    whole = repaired(pa.array(texts))
    assert [r[0] for r in whole] == ["first", None, "新建充电站19座、充电桩113根", "", "exam-ple text"]
    assert [r[3] for r in whole] == [None, "r1: no text in the record", None, None, None]
    assert whole[1][1:3] == whole[3][1:3] == ("[]", "[]")
    assert [e["kind"] for e in json.loads(whole[2][1])] == ["join_paragraphs"]
    assert [f["kind"] for f in json.loads(whole[0][2])] == ["truncated_start", "truncated_end"]
    # A slice starts inside its parent's buffers; large_string has 8-byte offsets.
    assert repaired(pa.array(texts).slice(2)) == whole[2:]
    assert repaired(pa.array(texts, pa.large_string())) == whole
    # Buffers that do not hold what the offsets say: an error for the record alone.
    broken = dict(ospark._string_buffers(pa.array(["abc", "def"])), data=b"abc")
    assert [r[0] for r in repaired_from(broken, 2)] == ["abc", None]
    assert repaired_from(broken, 2)[1][3] == "r1: unreadable Arrow string: an offset past the data"
    backwards = dict(ospark._string_buffers(pa.array(["abc", "def"])), offsets=struct.pack("<3i", 0, 3, 1))
    assert [r[0] for r in repaired_from(backwards, 2)] == ["abc", None]
    assert repaired_from(backwards, 2)[1][3] == "r1: unreadable Arrow string: offsets that go backwards (3 then 1)"
    # Buffers are bytes or pyarrow's, read in place; nothing else is trusted.
    with pytest.raises(TypeError, match="bytes or a pyarrow Buffer"):
        repaired_from(dict(ospark._string_buffers(pa.array(["abc"])), data=memoryview(b"abc")), 1)
    with pytest.raises(TypeError, match="not strings"):
        ospark._string_buffers(pa.array([1, 2]))
    with pytest.raises(ValueError, match="2 names for 1 texts"):
        _native.repair_arrow(["a", "b"], ospark._string_buffers(pa.array(["x"])), 0.99, 0.5, False)


def test_the_dedup_stages_read_arrow_columns_in_place():
    import pyarrow as pa

    from ocrmend import _native, dedup

    story = "The harbour board met on Tuesday and agreed to widen the north quay before the winter storms. " * 3
    texts = pa.array([story, None, "ab", story.replace("harbour", "harbor")])
    rows, sizes, bins, keys = _native.sign_arrow(ospark._string_buffers(texts))
    # A null and a text too short to sign have no row; the rest are signed as the API signs them.
    assert list(ospark._int_array(rows, 2).to_pylist()) == [0, 3]
    [one, _] = dedup.signatures([story, story.replace("harbour", "harbor")])
    assert [b & (2**32 - 1) for b in ospark._int_lists(bins, 2, _native.BINS, pa.int32()).to_pylist()[0]] == (
        list(one.bins)
    )
    assert ospark._int_array(sizes, 2).to_pylist()[0] == one.size
    assert [f"{k & (2**64 - 1):016x}" for k in ospark._int_lists(keys, 2, _native.BANDS, pa.int64()).to_pylist()[0]] == (
        dedup.band_keys(one)
    )
    # Band-key rows in any order give each pair of a shared key once, the smaller document first.
    def column(values):
        return ospark._int64_buffer(pa.chunked_array([pa.array(values, pa.int64())]))

    a, b = _native.band_pairs_arrow(column([0, 1, 0, 1]), column([7, 9, 7, 9]), column([5, 5, 2, 2]))
    assert (ospark._int_array(a, 1).to_pylist(), ospark._int_array(b, 1).to_pylist()) == ([2], [5])
    with pytest.raises(ValueError, match="of one length"):
        _native.band_pairs_arrow(column([0]), column([7, 9]), column([5, 2]))
    # Two sketches merged a chunk at a time (the first byte is the width) are the two merged whole.
    first, second = _native.ShingleCounts(50_000), _native.ShingleCounts(50_000)
    first.add_arrow(ospark._string_buffers(pa.array([story] * 3)))
    second.add_arrow(ospark._string_buffers(pa.array([story, "Prices of grain rose again at the market."])))
    a, b = first.to_bytes(), second.to_bytes()
    halves = a[:1] + _native.add_counts(a[1:100], b[1:100]) + _native.add_counts(a[100:], b[100:])
    # As the job merges them: batches of chunks, a sketch's in any order beside the other's.
    cut = [0, 100, len(a)]

    def chunks(sketch, order):
        return pa.RecordBatch.from_arrays(
            [pa.array(order, pa.int32()), pa.array([sketch[cut[i] : cut[i + 1]] for i in order], pa.binary())],
            ["chunk", "bytes"],
        )

    merged = ospark._merged_chunks([chunks(a, [1, 0]), chunks(b, [0, 1])])
    first.merge(second)
    assert halves == merged[0] + merged[1] == first.to_bytes() != a
    with pytest.raises(ValueError, match="cannot take"):
        _native.add_counts(a[:5], b[:6])
    # Verification keeps the rows found copies.
    copies = _native.verify_arrow(
        ospark._string_buffers(pa.array([story, story])),
        ospark._string_buffers(pa.array([story.replace("harbour", "harbor"), "Prices of grain rose again."])),
        None, 0.5, 0.8, 2, 0.9,
    )
    assert copies[0] == [0] and copies[1][0] > 0.5


def clusters_of_rows(rows) -> dict:
    clusters: dict = {}
    for r in rows:
        c = clusters.setdefault(r["cluster"], [])
        if not r["kept"]:
            c.append((r["id"], r["linked_by"], r["similarity"]["jaccard"], r["similarity"]["containment"]))
    return {k: sorted(v) for k, v in clusters.items()}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dedup_dataframe_finds_the_command_lines_clusters(spark, cli, tmp_path, lang):
    collection = tmp_path / f"reprints-{lang}.jsonl"
    subprocess.run(
        [str(cli), "simulate-reprints", "-q", "--corpus", corpus(lang), "--lang", lang,
         "--megabytes", "0.3", "--seed", "4", "-o", str(collection)],
        check=True,
    )
    report = json.loads(
        subprocess.run([str(cli), "dedup", "-q", str(collection)], check=True, capture_output=True, text=True).stdout
    )
    expected = {
        c["kept"]: sorted((m["document"], m["linked_to"], m["jaccard"], m["containment"]) for m in c["members"])
        for c in report["clusters"]
    }
    assert len(expected) >= 10, "the collection has reprints"
    df = spark.read.json(str(collection)).repartition(3)
    # The collection's order decides ties: read it in file order.
    ordered = spark.read.json(str(collection))
    got = clusters_of_rows(ospark.dedup_dataframe(ordered).collect())
    assert got == expected
    assert ospark.dedup_dataframe(df).count() == sum(len(m) + 1 for m in expected.values())


def test_the_jobs_run_from_the_command_line(cli, tmp_path):
    collection = tmp_path / "c.jsonl"
    collection.write_text(
        json.dumps({"id": "a", "text": "the harbour works were cut at the foot of the col-\n\numn and go on."}) + "\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    out = tmp_path / "out.jsonl"
    subprocess.run([sys.executable, "-m", "ocrmend.spark", "repair", str(collection), str(out)], check=True, env=env)
    [part] = [p for p in out.iterdir() if p.name.startswith("part-") and p.stat().st_size > 0]
    # JSONL to JSONL: the command line's output record, byte for byte.
    cli_out = subprocess.run([str(cli), "repair", "-q", str(collection)], check=True, capture_output=True).stdout
    assert part.read_bytes() == cli_out
    assert json.loads(cli_out)["text"].startswith("the harbour works were cut at the foot of the column and go on.")
    # An output that exists is never written over.
    again = subprocess.run([sys.executable, "-m", "ocrmend.spark", "repair", str(collection), str(out)], env=env,
                           capture_output=True, text=True)
    assert again.returncode != 0 and "already exists" in again.stderr
    # With the schema given, repair_dataframe's columns; a column it leaves out is not read.
    typed = tmp_path / "typed.jsonl"
    subprocess.run([sys.executable, "-m", "ocrmend.spark", "repair", "--schema", "text string", str(collection),
                    str(typed)], check=True, env=env)
    [part] = [p for p in typed.iterdir() if p.name.startswith("part-") and p.stat().st_size > 0]
    row = json.loads(part.read_text(encoding="utf-8").splitlines()[0])
    assert "id" not in row and row["repaired"].startswith("the harbour works were cut at the foot of the column")
    # The dedup job (README): two prints of one story are one cluster, the first kept.
    story = "The harbour board met on Tuesday and agreed to widen the north quay before the winter storms. " * 4
    prints = tmp_path / "prints.jsonl"
    prints.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in [
            ("first", story), ("other", "Prices of grain rose again at the market this week. " * 6),
            ("second", story.replace("harbour", "harbor")),
        ]),
        encoding="utf-8",
    )
    clusters = tmp_path / "clusters.jsonl"
    subprocess.run([sys.executable, "-m", "ocrmend.spark", "dedup", str(prints), str(clusters)], check=True, env=env)
    rows = [json.loads(line) for p in sorted(clusters.iterdir()) if p.name.startswith("part-")
            for line in p.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["id"], r["cluster"], r["kept"]) for r in rows) == [("first", "first", True), ("second", "first", False)]
