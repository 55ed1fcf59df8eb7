"""Copies across a collection: the stages of ``ocrmend dedup``, to run on one
machine or to spread over a cluster (``ocrmend.spark.dedup_dataframe``).

1. ``signatures(texts)``: each text's MinHash signature (``None``: too short);
2. ``band_keys(signature)``: its LSH band keys; texts that share a key are
   candidate pairs (groups larger than ``GROUP_CAP`` are skipped);
3. ``worth_verifying(a, b)``: whether two signatures come near enough to
   read both texts again;
4. ``verify(text_a, text_b)``: their Jaccard similarity and containment,
   the share of the shorter's letters the longer covers when those fall
   short, and whether the two are copies (``_native.verify_arrow`` weighs
   content apart from boilerplate, with the candidates'
   ``_native.ShingleCounts``, as ``ocrmend dedup`` does);
5. ``cluster(ids, texts)``: all of it on one machine, with the keep policy.
"""

from __future__ import annotations

from typing import NamedTuple, Optional, Sequence

from . import _native

__all__ = [
    "GROUP_CAP",
    "Signature",
    "band_keys",
    "cleanliness",
    "cluster",
    "signatures",
    "verify",
    "worth_verifying",
]

GROUP_CAP: int = _native.GROUP_CAP
"""Band-key groups larger than this give no candidate pairs (boilerplate)."""
JACCARD: float = _native.JACCARD
"""Jaccard similarity from which two texts are copies."""
CONTAINMENT: float = _native.CONTAINMENT
"""Containment of the shorter in the longer from which it is a copy cut short."""
BOILERPLATE: int = _native.BOILERPLATE
"""A shingle more candidate documents than this hold is boilerplate, not content."""
LETTER_COVERAGE: float = _native.LETTER_COVERAGE
"""Share of the shorter's content letters that a local alignment with the
longer pairs with equal letters, from which two texts are copies when their
shingles fall short (a roughly printed copy)."""


class Signature(NamedTuple):
    """A text's signature: its size (what the keep policy weighs) and MinHash bins."""

    size: int
    bins: list[int]


def signatures(texts: Sequence[str]) -> list[Optional[Signature]]:
    """Each text's signature, or ``None`` for a text too short to sign."""
    return [None if s is None else Signature(*s) for s in _native.signatures(list(texts))]


def band_keys(signature: Signature) -> list[str]:
    """The signature's LSH band keys, 16 hex digits each, as ``dedup --band-keys`` writes them."""
    return _native.band_keys(signature.size, list(signature.bins))


def worth_verifying(a: Signature, b: Signature) -> bool:
    """True when two candidates' signatures come near enough to verify the pair."""
    return _native.worth_verifying(list(a.bins), list(b.bins))


def verify(
    text_a: str,
    text_b: str,
    *,
    jaccard: float = JACCARD,
    containment: float = CONTAINMENT,
    letter_coverage: float = LETTER_COVERAGE,
) -> dict:
    """``{"jaccard", "containment", "letter_coverage", "duplicate"}`` of two whole
    texts: their shingle sets' Jaccard similarity and containment, the share
    of the shorter's letters that shingles of the longer cover (``None``
    unless the shingles fall short of the thresholds), and whether they are
    copies."""
    j, c, share, duplicate = _native.verify(text_a, text_b, jaccard, containment, letter_coverage)
    return {"jaccard": j, "containment": c, "letter_coverage": share, "duplicate": duplicate}


def cleanliness(texts: Sequence[str]) -> list[float]:
    """How clean each text's OCR looks: the keep policy's second key."""
    return _native.cleanliness(list(texts))


def cluster(
    ids: Sequence[str],
    texts: Sequence[str],
    *,
    jaccard: float = JACCARD,
    containment: float = CONTAINMENT,
    boilerplate: int = BOILERPLATE,
    letter_coverage: float = LETTER_COVERAGE,
) -> list[dict]:
    """Clusters a collection on one machine, as ``ocrmend dedup`` does.

    Returns the clusters as its report has them, in order of their first
    document: ``{"kept": id, "members": [{"document": id, "linked_to": id,
    "jaccard": …, "containment": …, "letter_coverage": …}, …]}``. The copy kept is the most
    complete (within 2 % of the longest), then the cleanest, then the first.
    """
    if len(ids) != len(texts):
        raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
    clusters = _native.cluster(list(texts), jaccard, containment, boilerplate, letter_coverage)
    return [
        {
            "kept": ids[kept],
            "members": [
                {"document": ids[d], "linked_to": ids[to], "jaccard": j, "containment": c, "letter_coverage": share}
                for d, to, j, c, share in members
            ],
        }
        for kept, members in clusters
    ]
