"""ocrmend as Spark jobs: repair and dedup of collections too large for one machine.

``repair_dataframe`` repairs a text column in the executors, over Arrow
batches, each record's result byte-identical to ``ocrmend repair`` on the
same JSONL record. ``dedup_dataframe`` runs the stages of ``ocrmend dedup``
spread over the cluster: signatures and band keys in the executors,
candidate pairs by a shuffle on the band key (groups over ``GROUP_CAP``
skipped), verification with both texts joined back by id, connected
components by large-star/small-star, and the same keep policy, so that its
clusters are ``ocrmend dedup``'s.

``repair_records`` repairs JSONL records line for line: each output line
is the one ``ocrmend repair`` writes for the record.

As jobs (JSONL or Parquet in, by extension; the same out):

    python -m ocrmend.spark repair pages.jsonl repaired.parquet
    python -m ocrmend.spark repair pages.jsonl repaired.jsonl
    spark-submit scripts/ocrmend-spark.py dedup collection.jsonl clusters.jsonl

A repair from JSONL to JSONL writes the command line's output records
(``repair_records``); any other writes ``repair_dataframe``'s columns.
"""

from __future__ import annotations

import argparse
import sys
from typing import Iterator, Optional

from . import _native
from . import REVIEW_THRESHOLD, SAFE_THRESHOLD
from .dedup import BOILERPLATE, CONTAINMENT, JACCARD, LETTER_COVERAGE

__all__ = ["dedup_dataframe", "repair_dataframe", "repair_records", "main"]

# Records a repair task hands Python at a time, unless the job is told
# otherwise: Spark's default (10,000 pages, some 90 MB of text) left the
# Python worker working out of cache and the JVM idle while it did; 1,000
# took 75.5 s for a 1 GB collection where 10,000 took 87.3 s (README).
REPAIR_BATCH = 1000
_BATCH_CONF = "spark.sql.execution.arrow.maxRecordsPerBatch"

# How much of an input file a repair task reads, unless the job is told
# otherwise: Spark's default (128 MB, or the input over the cores when less)
# gives a 400 MB collection on two cores four tasks, and the core that
# finishes first waits for the other; 32 MB took 30.0-30.3 s where the
# default took 32.6-34.5 s (two runs each, alternating; README).
REPAIR_SPLIT = "32m"
_SPLIT_CONF = "spark.sql.files.maxPartitionBytes"

# The same for JSONL records repaired line for line (``repair_records``):
# the JVM only moves lines, and smaller batches keep the Python worker
# busy while the JVM moves the next; a 1 GB collection took 38.7 s in
# batches of 250 and 40.7 s in batches of 1,000 or of 100, and 36.5 s in
# splits of 16 MB against 37.1-38.3 s in 32 or 64 MB (README).
RECORDS_BATCH = 250
RECORDS_SPLIT = "16m"

# Band-key rows a dedup partition holds at most, on average (24 bytes each
# in Arrow): the candidate pairs of a partition are made from all its rows
# at once.
ROWS_PER_PARTITION = 4_000_000

# Bytes of a shingle-count sketch a row carries: one value of 32 MB took
# seconds to cross from a Python worker to the driver, chunks of 1 MB a
# tenth of a second.
SKETCH_CHUNK = 1 << 20

# The Python workers' environment: mimalloc (the extension's allocator)
# without transparent huge pages, as the command line runs (src/main.rs).
# Each first touch of a huge page zeroed 2 MB; a 1 GB collection took 42.1
# and 43.7 s without them and 44.1 s with them (README).
_WORKER_ENV = {"MIMALLOC_ALLOW_THP": "0"}

# No texts, as ``_native.repair_arrow`` reads a string column.
_EMPTY_STRINGS = {"valid": None, "offsets": bytes(4), "data": b"", "first": 0, "len": 0, "wide": False}


def repair_dataframe(
    df,
    text_col: str = "text",
    *,
    id_col: Optional[str] = "id",
    safe_threshold: float = SAFE_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
    apply_review: bool = False,
    threads: int = 1,
):
    """Every column of ``df``, plus ``repaired`` (the repaired text),
    ``edits`` and ``flags`` (JSON arrays, as the report has them) and
    ``error`` (why a record could not be repaired, naming it; else null).

    The work runs in the executors (``mapInArrow``); records keep no order
    but their own. ``id_col`` names records in errors (its row number when
    the column is absent). ``threads`` per task: Spark already runs a task
    per core.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    # Checks the options here, in the driver.
    _native.repair_arrow([], _EMPTY_STRINGS, safe_threshold, review_threshold, apply_review)
    added = ["repaired", "edits", "flags", "error"]
    clash = [c for c in added if c in df.columns]
    if clash:
        raise ValueError(f"the DataFrame already has the column(s) {clash} that repair_dataframe adds")
    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in the DataFrame ({', '.join(df.columns)})")
    schema = StructType(df.schema.fields + [StructField(c, StringType(), c == "error" or c == "repaired") for c in added])
    name_col = id_col if id_col in df.columns else None

    def repair_batches(batches: Iterator) -> Iterator:
        import pyarrow as pa

        arrow_schema = _arrow_schema(schema)
        for batch in batches:
            texts = batch.column(text_col)
            names = (
                [str(n) for n in batch.column(name_col).to_pylist()]
                if name_col
                else [f"record {i}" for i in range(len(texts))]
            )
            out = _native.repair_arrow(
                names, _string_buffers(texts), safe_threshold, review_threshold, apply_review, threads
            )
            added_columns = [
                _string_array(buffers, len(texts)).cast(arrow_schema.field(c).type) for c, buffers in zip(added, out)
            ]
            yield pa.RecordBatch.from_arrays(list(batch.columns) + added_columns, schema=arrow_schema)

    return df.mapInArrow(repair_batches, schema)


def repair_records(
    lines,
    line_col: str = "value",
    *,
    source: str = "records",
    safe_threshold: float = SAFE_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
    apply_review: bool = False,
    threads: int = 1,
):
    """JSONL records repaired as ``ocrmend repair`` repairs a JSONL file:
    ``lines`` holds one record a row as a JSON string in ``line_col`` (as
    ``spark.read.text`` reads a JSONL file), and the result one output line
    a row in ``value`` (``DataFrame.write.text`` writes them as JSONL): the
    line the command line writes for that record, byte for byte, every
    field of it kept. Blank lines are left out, as the command line leaves
    them; a record that cannot be repaired becomes an error record naming
    ``source`` and its ``id``. Spark splits a file without numbering its
    lines, so records are named line 0 of ``source``.

    The JVM only moves lines: the records are parsed and written back in
    Rust, which is what makes this path cheaper than ``repair_dataframe``
    over a parsed JSONL file (README, "Past one machine").
    """
    from pyspark.sql.types import StringType, StructField, StructType

    # Checks the options here, in the driver.
    _native.repair_lines_arrow(source, _EMPTY_STRINGS, safe_threshold, review_threshold, apply_review)
    if line_col not in lines.columns:
        raise ValueError(f"no column {line_col!r} in the DataFrame ({', '.join(lines.columns)})")
    schema = StructType([StructField("value", StringType(), False)])

    def repair_batches(batches: Iterator) -> Iterator:
        import pyarrow as pa

        arrow_schema = _arrow_schema(schema)
        for batch in batches:
            column = batch.column(line_col)
            out = _native.repair_lines_arrow(
                source, _string_buffers(column), safe_threshold, review_threshold, apply_review, threads
            )
            length = len(out[1]) // 8 - 1  # 8-byte offsets, one more than the lines
            yield pa.RecordBatch.from_arrays([_string_array(out, length).cast(pa.string())], schema=arrow_schema)

    return lines.select(line_col).mapInArrow(repair_batches, schema)


def _string_buffers(array) -> dict:
    """An Arrow string column's buffers as ``_native.repair_arrow`` reads
    them: its texts reach Rust without a copy or a Python string made for
    each."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        raise TypeError(f"the text column holds {array.type}, not strings")
    valid, offsets, data = array.buffers()
    return {
        # Read in place by Rust (no copy), alive while this dict is.
        "valid": valid if valid is not None and array.null_count else None,
        "offsets": offsets,
        "data": data if data is not None else b"",
        "first": array.offset,
        "len": len(array),
        "wide": pa.types.is_large_string(array.type),
    }


def _string_array(buffers, length: int):
    """A ``large_string`` array over the buffers ``_native.repair_arrow``
    returns for a column (validity or None, offsets, data)."""
    import pyarrow as pa

    return pa.Array.from_buffers(pa.large_string(), length, [None if b is None else pa.py_buffer(b) for b in buffers])


def _int_array(data: bytes, length: int, kind=None):
    """An integer array (``int64`` unless ``kind`` says) over ``length``
    little-endian integers."""
    import pyarrow as pa

    return pa.Array.from_buffers(kind or pa.int64(), length, [None, pa.py_buffer(data)])


def _int_lists(data: bytes, length: int, width: int, kind):
    """A list array of ``length`` lists of ``width`` little-endian integers of ``kind`` each."""
    import pyarrow as pa

    offsets = pa.array(range(0, width * (length + 1), width), pa.int32())
    return pa.ListArray.from_arrays(offsets, _int_array(data, width * length, kind))


def _int64_buffer(column) -> object:
    """The values of an ``int64`` column without nulls (a chunked one
    combined) as one buffer Rust reads in place."""
    array = column.combine_chunks()
    if array.null_count:
        raise ValueError("a band-key column holds nulls")
    values = array.buffers()[1]
    return values.slice(array.offset * 8, len(array) * 8) if values is not None else b""


def _arrow_schema(schema):
    """The Arrow schema of a Spark one."""
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(schema)


def dedup_dataframe(
    df,
    id_col: str = "id",
    text_col: str = "text",
    *,
    jaccard: float = JACCARD,
    containment: float = CONTAINMENT,
    boilerplate: int = BOILERPLATE,
    letter_coverage: float = LETTER_COVERAGE,
    max_iterations: int = 100,
):
    """``DataFrame(id, cluster, kept, linked_by, similarity)``: one row per
    document in a cluster of copies. ``cluster`` is the id of the copy
    kept; ``kept`` whether this is it; ``linked_by`` the document it was
    verified against (null for the copy kept) and ``similarity`` that pair's
    ``{jaccard, containment, letter_coverage}`` (``letter_coverage`` null
    unless the shingles fell short and the letters the longer covers linked
    the two). The clusters are ``ocrmend dedup``'s on the same collection
    in the same order (the order of ``df``): a shingle
    more than ``boilerplate`` candidate documents hold is no content.
    ``max_iterations`` bounds the connected-component rounds (past it, an
    error rather than a wrong cluster).
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import (
        ArrayType,
        BinaryType,
        DoubleType,
        IntegerType,
        LongType,
        StructField,
        StructType,
    )

    if not (0 <= jaccard <= 1 and 0 <= containment <= 1 and 0 <= letter_coverage <= 1):
        raise ValueError("the thresholds are shares between 0 and 1")
    # The collection's order decides ties in the keep policy, as in the CLI:
    # monotonically_increasing_id grows with it (partition by partition), and
    # order is all the keep policy and the links read.
    docs = (
        df.select(F.col(id_col).cast("string").alias("id"), F.col(text_col).alias("text"))
        .withColumn("doc", F.monotonically_increasing_id())
        .localCheckpoint()
    )

    # Stage 1, in the executors: each document's signature and band keys.
    signed_schema = StructType([
        StructField("doc", LongType(), False),
        StructField("size", LongType(), False),
        StructField("bins", ArrayType(IntegerType(), False), False),
        StructField("keys", ArrayType(LongType(), False), False),
    ])

    def sign(batches: Iterator) -> Iterator:
        import pyarrow as pa

        arrow_schema = _arrow_schema(signed_schema)
        for batch in batches:
            rows, sizes, bins, keys = _native.sign_arrow(_string_buffers(batch.column("text")))
            n = len(rows) // 8
            yield pa.RecordBatch.from_arrays(
                [
                    batch.column("doc").take(_int_array(rows, n)),
                    _int_array(sizes, n),
                    _int_lists(bins, n, _native.BINS, pa.int32()),
                    _int_lists(keys, n, _native.BANDS, pa.int64()),
                ],
                schema=arrow_schema,
            )

    signed = docs.select("doc", "text").mapInArrow(sign, signed_schema).persist()

    # Stage 2, a shuffle on (band, key): all of a key's rows reach one
    # partition, whose pairs Rust makes as the command line makes them
    # (groups over GROUP_CAP skipped); then the signature estimate, in the
    # JVM. A partition's rows are held at once (24 bytes each): a partition
    # for every ROWS_PER_PARTITION of them at least.
    keyed = signed.select("doc", F.posexplode("keys").alias("band", "key")).select(
        F.col("band").cast("long"), "key", "doc"
    )
    partitions = max(
        int(df.sparkSession.conf.get("spark.sql.shuffle.partitions")),
        -(-signed.count() * _native.BANDS // ROWS_PER_PARTITION),
    )
    keyed_schema = keyed.schema
    pairs_schema = StructType([StructField("a", LongType(), False), StructField("b", LongType(), False)])

    def band_pairs(batches: Iterator) -> Iterator:
        import pyarrow as pa

        rows = pa.Table.from_batches(list(batches), schema=_arrow_schema(keyed_schema))
        a, b = _native.band_pairs_arrow(*(_int64_buffer(rows.column(c)) for c in ("band", "key", "doc")))
        n = len(a) // 8
        yield pa.RecordBatch.from_arrays(
            [_int_array(a, n), _int_array(b, n)], schema=_arrow_schema(pairs_schema)
        )

    pairs = keyed.repartition(partitions, "band", "key").mapInArrow(band_pairs, pairs_schema).distinct()
    bins = signed.select("doc", "bins")
    equal_bins = F.size(F.filter(F.arrays_zip("ba", "bb"), lambda z: z["ba"] == z["bb"]))
    worth = (
        pairs.join(bins.select(F.col("doc").alias("a"), F.col("bins").alias("ba")), "a")
        .join(bins.select(F.col("doc").alias("b"), F.col("bins").alias("bb")), "b")
        .where(equal_bins / float(_native.BINS) >= _native.MIN_ESTIMATE)
        .select("a", "b")
        # Read twice (the sketch, the verification): kept, not computed again.
        .localCheckpoint()
    )

    # Stage 3: how many candidate documents hold each shingle, to tell a
    # formula from content: a sketch an executor, merged (the merge adds
    # counts: any order gives the same bytes), then broadcast.
    text_of = docs.select("doc", "text")
    candidates = worth.select(F.col("a").alias("doc")).union(worth.select(F.col("b").alias("doc"))).distinct()
    sized = candidates.join(signed.select("doc", "size"), "doc")
    chars, candidate_count = sized.agg(F.sum("size"), F.count("*")).first()
    chars = chars or 0

    sketch_schema = StructType([StructField("chunk", IntegerType(), False), StructField("bytes", BinaryType(), False)])

    def count(batches: Iterator) -> Iterator:
        import pyarrow as pa

        counts = _native.ShingleCounts(chars)
        for batch in batches:
            counts.add_arrow(_string_buffers(batch.column("text")))
        whole = counts.to_bytes()
        # Chunks over the one buffer, not copies of it.
        n = -(-len(whole) // SKETCH_CHUNK)
        ends = pa.array([min(i * SKETCH_CHUNK, len(whole)) for i in range(n + 1)], pa.int32())
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(range(n), pa.int32()),
                pa.Array.from_buffers(pa.binary(), n, [None, ends.buffers()[1], pa.py_buffer(whole)]),
            ],
            schema=_arrow_schema(sketch_schema),
        )

    def merge(batches: Iterator) -> Iterator:
        import pyarrow as pa

        merged = _merged_chunks(batches)
        chunks = sorted(merged)
        yield pa.RecordBatch.from_arrays(
            [pa.array(chunks, pa.int32()), pa.array([merged[c] for c in chunks], pa.binary())],
            schema=_arrow_schema(sketch_schema),
        )

    # The candidates' texts where they are (a semi-join: the texts do not
    # move), counted by one task an executor (the count itself works on all
    # of an executor's cores): each task's sketch is the size of the whole,
    # some bytes a character. The sketches are cut in chunks of 1 MB (one
    # value of tens of MB crosses from Python to the JVM and back many times
    # slower) and merged chunk by chunk on the executors, so that the driver
    # receives one sketch, a partition at a time, whatever the executors.
    texts = (
        text_of.join(_broadcast_if_small(candidates, candidate_count), "doc", "left_semi")
        .select("text")
        .coalesce(_executors(df.sparkSession))
    )
    sketches = texts.mapInArrow(count, sketch_schema)
    chunks = {
        row.chunk: bytes(row.bytes)
        for row in sketches.repartition("chunk").mapInArrow(merge, sketch_schema).toLocalIterator()
    }
    whole = b"".join(chunks.pop(c) for c in range(len(chunks)))
    sketch = df.sparkSession.sparkContext.broadcast(whole or _native.ShingleCounts(chars).to_bytes())

    # Stage 4: verification in the executors, both texts joined back by document.
    joined = worth.join(text_of.select(F.col("doc").alias("a"), F.col("text").alias("ta")), "a").join(
        text_of.select(F.col("doc").alias("b"), F.col("text").alias("tb")), "b"
    )
    verified_schema = StructType([
        StructField("a", LongType(), False),
        StructField("b", LongType(), False),
        StructField("jaccard", DoubleType(), False),
        StructField("containment", DoubleType(), False),
        StructField("letter_coverage", DoubleType(), True),
    ])

    def verify_batches(batches: Iterator) -> Iterator:
        import pyarrow as pa

        arrow_schema = _arrow_schema(verified_schema)
        for batch in batches:
            copies, jaccards, containments, coverages = _native.verify_arrow(
                _string_buffers(batch.column("ta")),
                _string_buffers(batch.column("tb")),
                _counts(sketch),
                jaccard,
                containment,
                boilerplate,
                letter_coverage,
            )
            rows = pa.array(copies, pa.int64())
            yield pa.RecordBatch.from_arrays(
                [
                    batch.column("a").take(rows),
                    batch.column("b").take(rows),
                    pa.array(jaccards, pa.float64()),
                    pa.array(containments, pa.float64()),
                    pa.array(coverages, pa.float64()),
                ],
                schema=arrow_schema,
            )

    verified = joined.select("a", "b", "ta", "tb").mapInArrow(verify_batches, verified_schema).localCheckpoint()

    # Stage 5: connected components, large-star/small-star until nothing changes.
    comp = _connected_components(verified.select("a", "b"), max_iterations)

    # Stage 6: the keep policy per component: the most complete copy (within
    # 2 % of the largest), then the cleanest, then the first.
    sized = comp.join(signed.select("doc", "size"), "doc")
    largest = sized.groupBy("root").agg(F.max("size").alias("largest"))
    tagged = sized.join(largest, "root").withColumn("complete", F.col("size") * 50 >= F.col("largest") * 49)
    clean_schema = StructType([StructField("doc", LongType(), False), StructField("clean", DoubleType(), False)])

    def clean(batches: Iterator) -> Iterator:
        import pyarrow as pa

        arrow_schema = _arrow_schema(clean_schema)
        for batch in batches:
            cleanliness = _native.cleanliness_arrow(_string_buffers(batch.column("text")))
            yield pa.RecordBatch.from_arrays([batch.column("doc"), pa.array(cleanliness, pa.float64())], schema=arrow_schema)

    # Cleanliness only decides among the complete copies, and is read only
    # for them, where their texts are (they are candidates: as many at most).
    complete = _broadcast_if_small(tagged.where("complete").select("doc"), candidate_count)
    cleanliness = docs.join(complete, "doc", "left_semi").select("doc", "text").mapInArrow(clean, clean_schema)
    ranked = tagged.join(cleanliness, "doc", "left").fillna(0.0, ["clean"])
    kept = ranked.groupBy("root").agg(
        F.max(F.struct("complete", "clean", (-F.col("doc")).alias("first"), "doc")).getField("doc").alias("kept_doc")
    )

    # Each copy's link: the first verified pair, in (a, b) order, that names it.
    similarity = ["jaccard", "containment", "letter_coverage"]

    def side(doc: str, other: str):
        return verified.select(F.col(doc).alias("doc"), "a", "b", F.col(other).alias("other"), *similarity)

    link_df = (
        side("a", "b")
        .unionByName(side("b", "a"))
        .groupBy("doc")
        .agg(F.min(F.struct("a", "b", "other", *similarity)).alias("link"))
        .select("doc", "link.other", *(f"link.{name}" for name in similarity))
    )
    ids = docs.select("doc", "id")
    is_kept = F.col("doc") == F.col("kept_doc")
    return (
        comp.join(kept, "root")
        .join(link_df, "doc", "left")
        .join(ids, "doc")
        .join(ids.select(F.col("doc").alias("kept_doc"), F.col("id").alias("cluster")), "kept_doc")
        .join(ids.select(F.col("doc").alias("other"), F.col("id").alias("linked_id")), "other", "left")
        .select(
            "id",
            "cluster",
            is_kept.alias("kept"),
            F.when(~is_kept, F.col("linked_id")).alias("linked_by"),
            F.when(~is_kept, F.struct(*similarity)).alias("similarity"),
        )
    )


def _broadcast_if_small(ids, rows: int):
    """``ids`` (document numbers) marked for broadcast when ``rows`` of them
    (about 16 bytes each in a hash relation) fit under the session's
    ``spark.sql.autoBroadcastJoinThreshold``: a semi-join on them then reads
    the texts where they are. Spark cannot size them itself (it estimated
    the candidates of 100 MB of reprints, 51,037 numbers, at 5.9e20 bytes)
    and planned a sort-merge join that shuffled the texts (1 GB of reprints:
    140 -> 128 s with the hint)."""
    from pyspark.sql import functions as F

    threshold = ids.sparkSession._jsparkSession.sessionState().conf().autoBroadcastJoinThreshold()
    # A threshold of -1 (broadcasts off) takes nothing.
    return F.broadcast(ids) if rows * 16 <= threshold else ids


def _merged_chunks(batches) -> dict:
    """Chunks of shingle sketches (Arrow batches of ``chunk`` and ``bytes``:
    each sketch's ``to_bytes`` cut at the same places) merged chunk by
    chunk, as the sketches merged whole would be cut: ``{chunk: bytes}``."""
    merged: dict = {}
    for batch in batches:
        for chunk, cells in zip(batch.column("chunk").to_pylist(), batch.column("bytes").to_pylist()):
            have = merged.get(chunk)
            if have is None:
                merged[chunk] = cells
            elif chunk == 0:
                # The first byte of a sketch is its width, not cells.
                merged[chunk] = have[:1] + _native.add_counts(have[1:], cells[1:])
            else:
                merged[chunk] = _native.add_counts(have, cells)
    return merged


def _executors(spark) -> int:
    """How many executors the session has (the driver's own in local mode)."""
    # Spark's status lists the driver beside the executors.
    known = len(spark.sparkContext.statusTracker().getExecutorInfos())
    return max(1, known - 1)


_COUNTS: list = []


def _counts(sketch):
    """The broadcast sketch, read once per worker process (not once a batch):
    the worker's broadcast value is one object, kept beside its reading."""
    value = sketch.value
    if not _COUNTS or _COUNTS[0] is not value:
        _COUNTS[:] = [value, _native.ShingleCounts.from_bytes(value)]
    return _COUNTS[1]


def _connected_components(edges, max_iterations: int):
    """``DataFrame(doc, root)``: every document on an edge and the smallest
    document of its component, by alternating large-star and small-star
    (Kiveris et al., 2014) until the edge set stops changing. An edge is
    kept as (hi, lo)."""
    from pyspark.sql import functions as F

    def oriented(df, x, y):
        return df.select(F.greatest(x, y).alias("hi"), F.least(x, y).alias("lo")).distinct()

    current = oriented(edges, "a", "b").localCheckpoint()
    for _ in range(max_iterations):
        # Large-star: each node's larger neighbours go to the smallest of
        # it and its neighbours.
        both = current.select(F.col("hi").alias("u"), F.col("lo").alias("v")).unionByName(
            current.select(F.col("lo").alias("u"), F.col("hi").alias("v"))
        )
        low = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
        large = oriented(both.join(low, "u").where(F.col("v") > F.col("u")), "v", "m")
        # Small-star: each node and its smaller neighbours go to the smallest of them.
        low = large.groupBy("hi").agg(F.min("lo").alias("m"))
        star = large.select("hi", F.col("lo").alias("v")).unionByName(large.select("hi", F.col("hi").alias("v")))
        small = oriented(star.join(low, "hi").where(F.col("v") != F.col("m")), "v", "m").localCheckpoint()
        settled = small.exceptAll(current).isEmpty() and current.exceptAll(small).isEmpty()
        current = small
        if settled:
            break
    else:
        raise RuntimeError(f"connected components did not settle in {max_iterations} rounds")
    # A star: every node points at its component's smallest node.
    return current.select(F.col("hi").alias("doc"), F.col("lo").alias("root")).unionByName(
        current.select(F.col("lo").alias("doc"), F.col("lo").alias("root"))
    ).distinct()


def _is_jsonl(path: str) -> bool:
    return path.endswith(".jsonl") or path.endswith(".json")


def _read(spark, path: str, schema: Optional[str]):
    reader = spark.read.schema(schema) if schema else spark.read
    return reader.json(path) if _is_jsonl(path) else reader.parquet(path)


def _write(df, path: str) -> None:
    if _is_jsonl(path):
        df.write.mode("errorifexists").json(path)
    else:
        df.write.mode("errorifexists").parquet(path)


def main(argv: Optional[list] = None) -> int:
    """``python -m ocrmend.spark repair|dedup IN OUT``: the jobs, for spark-submit."""
    parser = argparse.ArgumentParser(prog="python -m ocrmend.spark", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="job", required=True)
    rep = sub.add_parser("repair", help="repair the text column of a collection")
    rep.add_argument("--text-col", default="text")
    rep.add_argument("--id-col", default="id")
    rep.add_argument("--safe-threshold", type=float, default=SAFE_THRESHOLD)
    rep.add_argument("--review-threshold", type=float, default=REVIEW_THRESHOLD)
    rep.add_argument("--apply-review", action="store_true")
    ded = sub.add_parser("dedup", help="find the clusters of copies in a collection")
    ded.add_argument("--text-col", default="text")
    ded.add_argument("--id-col", default="id")
    ded.add_argument("--jaccard", type=float, default=JACCARD)
    ded.add_argument("--containment", type=float, default=CONTAINMENT)
    ded.add_argument("--boilerplate", type=int, default=BOILERPLATE)
    ded.add_argument("--letter-coverage", type=float, default=LETTER_COVERAGE)
    for p in (rep, ded):
        p.add_argument(
            "--schema",
            help="the input's schema in Spark's DDL (\"id string, text string\"); without it Spark reads a JSONL "
            "input once more to infer it. A repair from JSONL to JSONL without it (and without other column names) "
            "writes the command line's output records, line for line",
        )
        p.add_argument("input", help="JSONL (.jsonl, .json) or Parquet")
        p.add_argument("output", help="written as JSONL (.jsonl, .json) or Parquet; must not exist")
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(f"ocrmend {args.job}")
    for name, value in _WORKER_ENV.items():
        builder = builder.config(f"spark.executorEnv.{name}", value)
    spark = builder.getOrCreate()
    records = args.job == "repair" and _is_jsonl(args.input) and _is_jsonl(args.output)
    # Columns of its own (a schema, other column names): the DataFrame path.
    records = records and (args.text_col, args.id_col, args.schema) == ("text", "id", None)
    if args.job == "repair":
        batch, split = (RECORDS_BATCH, RECORDS_SPLIT) if records else (REPAIR_BATCH, REPAIR_SPLIT)
        for conf, default in ((_BATCH_CONF, batch), (_SPLIT_CONF, split)):
            if not spark.sparkContext.getConf().contains(conf):
                spark.conf.set(conf, default)
    if records:
        # JSONL to JSONL: the command line's output records, line for line.
        out = repair_records(
            spark.read.text(args.input),
            source=args.input,
            safe_threshold=args.safe_threshold,
            review_threshold=args.review_threshold,
            apply_review=args.apply_review,
        )
        out.write.mode("errorifexists").text(args.output)
        spark.stop()
        return 0
    df = _read(spark, args.input, args.schema)
    if args.job == "repair":
        out = repair_dataframe(
            df,
            args.text_col,
            id_col=args.id_col,
            safe_threshold=args.safe_threshold,
            review_threshold=args.review_threshold,
            apply_review=args.apply_review,
        )
    else:
        out = dedup_dataframe(df, args.id_col, args.text_col, jaccard=args.jaccard, containment=args.containment,
                              boilerplate=args.boilerplate, letter_coverage=args.letter_coverage)
    _write(out, args.output)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
