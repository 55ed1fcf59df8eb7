"""ocrmend as Spark jobs: repair and dedup of collections too large for one machine.

``repair_dataframe`` repairs a text column in the executors, over Arrow
batches, each record's result byte-identical to ``ocrmend repair`` on the
same JSONL record. ``dedup_dataframe`` runs the stages of ``ocrmend dedup``
spread over the cluster: signatures and band keys in the executors,
candidate pairs by a shuffle on the band key (groups over ``GROUP_CAP``
skipped), verification with both texts joined back by id, connected
components by large-star/small-star, and the same keep policy, so that its
clusters are ``ocrmend dedup``'s.

As jobs (JSONL or Parquet in, by extension; the same out):

    python -m ocrmend.spark repair pages.jsonl repaired.parquet
    spark-submit scripts/ocrmend-spark.py dedup collection.jsonl clusters.jsonl
"""

from __future__ import annotations

import argparse
import sys
from typing import Iterator, Optional

from . import _native
from . import REVIEW_THRESHOLD, SAFE_THRESHOLD
from .dedup import CONTAINMENT, JACCARD

__all__ = ["dedup_dataframe", "repair_dataframe", "main"]


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

    _native.repair_records([], [], safe_threshold, review_threshold, apply_review)  # checks the options here
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

        for batch in batches:
            texts = batch.column(text_col).to_pylist()
            names = (
                [str(n) for n in batch.column(name_col).to_pylist()]
                if name_col
                else [f"record {i}" for i in range(len(texts))]
            )
            out = _native.repair_records(names, texts, safe_threshold, review_threshold, apply_review, threads)
            columns = list(batch.columns) + [pa.array([o[k] for o in out], pa.string()) for k in range(4)]
            yield pa.RecordBatch.from_arrays(columns, schema=_arrow_schema(schema))

    return df.mapInArrow(repair_batches, schema)


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
    max_iterations: int = 100,
):
    """``DataFrame(id, cluster, kept, linked_by, similarity)``: one row per
    document in a cluster of copies. ``cluster`` is the id of the copy
    kept; ``kept`` whether this is it; ``linked_by`` the document it was
    verified against (null for the copy kept) and ``similarity`` that pair's
    ``{jaccard, containment}``. The clusters are ``ocrmend dedup``'s on the
    same collection in the same order (the order of ``df``).
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    if not (0 <= jaccard <= 1 and 0 <= containment <= 1):
        raise ValueError("the thresholds are shares between 0 and 1")
    spark = df.sparkSession
    # The collection's order decides ties in the keep policy, as in the CLI.
    docs = (
        df.select(F.col(id_col).cast("string").alias("id"), F.col(text_col).alias("text"))
        .rdd.zipWithIndex()
        .map(lambda r: (r[1], r[0][0], r[0][1]))
        .toDF(StructType([
            StructField("doc", LongType(), False),
            StructField("id", StringType(), True),
            StructField("text", StringType(), True),
        ]))
        .persist()
    )

    # Stage 1, in the executors: each document's signature and band keys.
    signed_schema = StructType([
        StructField("doc", LongType(), False),
        StructField("size", LongType(), False),
        StructField("bins", ArrayType(LongType()), False),
        StructField("keys", ArrayType(StringType()), False),
    ])

    def sign(batches: Iterator) -> Iterator:
        import pyarrow as pa

        for batch in batches:
            doc = batch.column("doc").to_pylist()
            texts = [t or "" for t in batch.column("text").to_pylist()]
            rows = [(d, s) for d, s in zip(doc, _native.signatures(texts)) if s is not None]
            yield pa.RecordBatch.from_arrays(
                [
                    pa.array([d for d, _ in rows], pa.int64()),
                    pa.array([s[0] for _, s in rows], pa.int64()),
                    pa.array([s[1] for _, s in rows], pa.list_(pa.int64())),
                    pa.array([_native.band_keys(s[0], s[1]) for _, s in rows], pa.list_(pa.string())),
                ],
                schema=_arrow_schema(signed_schema),
            )

    signed = docs.select("doc", "text").mapInArrow(sign, signed_schema).persist()

    # Stage 2, a shuffle on the band key: pairs of documents in groups of at most GROUP_CAP.
    cap = _native.GROUP_CAP
    groups = (
        signed.select("doc", F.posexplode("keys").alias("band", "key"))
        .groupBy("band", "key")
        .agg(F.sort_array(F.collect_list("doc")).alias("docs"))
        .where((F.size("docs") > 1) & (F.size("docs") <= cap))
    )
    candidates = groups.rdd.flatMap(
        lambda g: [(g.docs[i], g.docs[j]) for i in range(len(g.docs)) for j in range(i + 1, len(g.docs))]
    ).distinct()
    bins = signed.select("doc", "bins").rdd.map(lambda r: (r.doc, r.bins))
    worth = (
        candidates.join(bins)  # (a, (b, bins_a))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(bins)  # (b, ((a, bins_a), bins_b))
        .filter(lambda kv: _native.worth_verifying(kv[1][0][1], kv[1][1]))
        .map(lambda kv: (kv[1][0][0], kv[0]))
    )

    # Stage 3: verification in the executors, both texts joined back by document.
    texts = docs.select("doc", "text").rdd.map(lambda r: (r.doc, r.text or ""))
    joined = (
        worth.join(texts)  # (a, (b, text_a))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(texts)  # (b, ((a, text_a), text_b))
        .map(lambda kv: (kv[1][0][0], kv[0], kv[1][0][1], kv[1][1]))
    )

    def verify_partition(rows):
        rows = list(rows)
        sims = _native.verify_many([(ta, tb) for _, _, ta, tb in rows])
        for (a, b, _, _), (j, c) in zip(rows, sims):
            if j >= jaccard or c >= containment:
                yield (a, b, j, c)

    verified = joined.mapPartitions(verify_partition).persist()

    # Stage 4: connected components, large-star/small-star until nothing changes.
    components = _connected_components(verified.map(lambda e: (e[0], e[1])), max_iterations)

    # Stage 5: the keep policy per component: the most complete copy (within
    # 2 % of the largest), then the cleanest, then the first.
    comp = spark.createDataFrame(components, "doc long, root long")
    sized = comp.join(signed.select("doc", "size"), "doc")
    largest = sized.groupBy("root").agg(F.max("size").alias("largest"))
    tagged = sized.join(largest, "root").withColumn("complete", F.col("size") * 50 >= F.col("largest") * 49)
    clean_schema = StructType([StructField("doc", LongType(), False), StructField("clean", DoubleType(), False)])

    def clean(batches: Iterator) -> Iterator:
        import pyarrow as pa

        for batch in batches:
            texts = [t or "" for t in batch.column("text").to_pylist()]
            yield pa.RecordBatch.from_arrays(
                [batch.column("doc"), pa.array(_native.cleanliness(texts), pa.float64())],
                schema=_arrow_schema(clean_schema),
            )

    # Cleanliness only decides among the complete copies, and is read only for them.
    cleanliness = (
        tagged.where("complete").select("doc").join(docs, "doc").select("doc", "text").mapInArrow(clean, clean_schema)
    )
    ranked = tagged.join(cleanliness, "doc", "left").fillna(0.0, ["clean"])
    kept = ranked.groupBy("root").agg(
        F.max(F.struct("complete", "clean", (-F.col("doc")).alias("first"), "doc")).getField("doc").alias("kept_doc")
    )

    # Each copy's link: the first verified pair, in (a, b) order, that names it.
    links = verified.flatMap(lambda e: [(e[0], e[0], e[1], e[1], e[2], e[3]), (e[1], e[0], e[1], e[0], e[2], e[3])])
    link_df = (
        spark.createDataFrame(links, "doc long, a long, b long, other long, jaccard double, containment double")
        .groupBy("doc")
        .agg(F.min(F.struct("a", "b", "other", "jaccard", "containment")).alias("link"))
        .select("doc", "link.other", "link.jaccard", "link.containment")
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
            F.when(~is_kept, F.struct("jaccard", "containment")).alias("similarity"),
        )
    )


def _connected_components(edges, max_iterations: int):
    """``(node, smallest node of its component)`` for every node on an edge,
    by alternating large-star and small-star (Kiveris et al., 2014) until
    the edge set stops changing."""

    def large_star(node_neighbours):
        u, vs = node_neighbours
        m = min(min(vs), u)
        return [(v, m) for v in vs if v > u]

    def small_star(node_neighbours):
        u, vs = node_neighbours
        m = min(min(vs), u)
        return [(v, m) for v in set(vs) | {u} if v != m]

    current = edges.map(lambda e: (max(e), min(e))).distinct().persist()
    for _ in range(max_iterations):
        large = (
            current.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])])
            .groupByKey()
            .flatMap(lambda kv: large_star((kv[0], list(kv[1]))))
            .distinct()
        )
        small = (
            large.map(lambda e: (e[0], e[1]) if e[1] <= e[0] else (e[1], e[0]))
            .groupByKey()
            .flatMap(lambda kv: small_star((kv[0], list(kv[1]))))
            .distinct()
            .persist()
        )
        changed = small.subtract(current).count() + current.subtract(small).count()
        current.unpersist()
        current = small
        if changed == 0:
            break
    else:
        raise RuntimeError(f"connected components did not settle in {max_iterations} rounds")
    # A star: every node points at its component's smallest node, which points at nothing.
    roots = current.map(lambda e: (e[1], e[1]))
    return current.union(roots).distinct()


def _read(spark, path: str):
    if path.endswith(".parquet") or not (path.endswith(".jsonl") or path.endswith(".json")):
        return spark.read.parquet(path)
    return spark.read.json(path)


def _write(df, path: str) -> None:
    if path.endswith(".jsonl") or path.endswith(".json"):
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
    for p in (rep, ded):
        p.add_argument("input", help="JSONL (.jsonl, .json) or Parquet")
        p.add_argument("output", help="written as JSONL (.jsonl, .json) or Parquet; must not exist")
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(f"ocrmend {args.job}").getOrCreate()
    df = _read(spark, args.input)
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
        out = dedup_dataframe(df, args.id_col, args.text_col, jaccard=args.jaccard, containment=args.containment)
    _write(out, args.output)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
