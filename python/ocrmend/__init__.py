"""ocrmend: repairs the text of scanned newspapers after OCR, and explains every change.

The same library as the ``ocrmend`` command line, called in process: no
subprocess per text, and the GIL released while Rust works, so threads repair
side by side.

    >>> import ocrmend
    >>> r = ocrmend.repair("新建充电站19座、充\\n\\n电桩113根。\\n")
    >>> r.text
    '新建充电站19座、充电桩113根。\\n'

``repair`` takes one text (or the bytes of an ALTO, hOCR, PAGE or JSONL
file); ``repair_many`` streams many, in input order, on every core;
``read`` reads a file of any supported format; ``ocrmend.dedup`` finds
copies across a collection; ``ocrmend.spark`` runs both as Spark jobs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Iterable, Iterator, Optional, Union

from . import _native
from ._native import OcrmendError

__all__ = [
    "Block",
    "Document",
    "OcrmendError",
    "Repair",
    "read",
    "repair",
    "repair_many",
    "dedup",
]

Input = Union[str, bytes]
"""A text, or the bytes of a file in any format ocrmend reads."""

SAFE_THRESHOLD = 0.95
"""Confidence at or above which an edit is applied by default."""
REVIEW_THRESHOLD = 0.5
"""Confidence at or above which an edit is suggested for review."""


class Repair:
    """One repaired input: the text, and every edit with its evidence.

    ``text`` is the repaired text (edits ``safe`` to apply are applied; with
    ``apply_review=True`` the ones for review too). ``edits`` and ``flags``
    are lists of dicts as the JSON report has them; ``report()`` is the
    whole report of the document, ``suggestions()`` the edits left for a
    reviewer, as ``ocrmend repair --suggestions`` writes them.
    """

    __slots__ = ("name", "text", "_report", "_suggestions", "_report_cache")

    def __init__(self, name: str, text: str, report: str, suggestions: str) -> None:
        self.name = name
        self.text = text
        self._report = report
        self._suggestions = suggestions
        self._report_cache: Optional[dict] = None

    def report(self) -> dict:
        """The document's JSON report as a dict (empty for a page with no text)."""
        if self._report_cache is None:
            self._report_cache = json.loads(self._report) if self._report else {}
        return self._report_cache

    @property
    def edits(self) -> list[dict]:
        """Every edit: kind, span, replacement, confidence, applicability, applied, evidence."""
        return self.report().get("edits", [])

    @property
    def flags(self) -> list[dict]:
        """What ocrmend noticed but does not change (a paragraph left open, a truncated start)."""
        return self.report().get("flags", [])

    def suggestions(self) -> list[dict]:
        """The edits left for review, one dict per suggestion."""
        return [json.loads(line) for line in self._suggestions.splitlines() if line]

    def __repr__(self) -> str:
        applied = sum(1 for e in self.edits if e.get("applied"))
        return f"<Repair {self.name!r}: {len(self.edits)} edits, {applied} applied>"


def _bytes(data: Input) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"ocrmend repairs str or bytes, not {type(data).__name__}")


def repair(
    data: Input,
    *,
    name: str = "<text>",
    format: Optional[str] = None,
    safe_threshold: float = SAFE_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
    apply_review: bool = False,
) -> Repair:
    """Repairs one text, or the bytes of a file in any supported format.

    ``format`` is one of ``text``, ``alto``, ``hocr``, ``page``, ``jsonl``
    (default: sniffed from the content, as the command line does). ``name``
    is what the report and errors call the input. Raises ``OcrmendError``
    naming the input and the place when it cannot be read, ``ValueError`` for
    bad options.
    """
    text, report, suggestions = _native.repair(
        _bytes(data), name, format, safe_threshold, review_threshold, apply_review
    )
    return Repair(name, text, report, suggestions)


def repair_many(
    inputs: Iterable[Union[Input, tuple[str, Input]]],
    *,
    threads: Optional[int] = None,
    window: int = 256,
    errors: str = "raise",
    format: Optional[str] = None,
    safe_threshold: float = SAFE_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
    apply_review: bool = False,
) -> Iterator[Union[Repair, OcrmendError]]:
    """Repairs many inputs, ``window`` at a time on ``threads`` threads
    (default: one per core), and yields each result in input order.

    An input is a text or bytes (named ``#0``, ``#1``, … by position) or a
    ``(name, text_or_bytes)`` pair. Memory holds one window, however long
    the iterable. With ``errors="raise"`` (the default) an input that cannot
    be read raises ``OcrmendError`` naming it; with ``errors="return"`` the
    error is yielded in its place and the rest goes on.
    """
    if errors not in ("raise", "return"):
        raise ValueError(f'errors must be "raise" or "return", not {errors!r}')
    if window < 1:
        raise ValueError("window must be at least 1")
    it = iter(inputs)
    position = 0
    while True:
        chunk = list(islice(it, window))
        if not chunk:
            return
        items = []
        for item in chunk:
            if isinstance(item, tuple):
                item_name, data = item
            else:
                item_name, data = f"#{position}", item
            items.append((str(item_name), _bytes(data)))
            position += 1
        results = _native.repair_batch(
            items, format, safe_threshold, review_threshold, apply_review, threads
        )
        for (item_name, _), (done, error) in zip(items, results):
            if done is not None:
                yield Repair(item_name, *done)
            elif errors == "raise":
                raise OcrmendError(error)
            else:
                yield OcrmendError(error)


@dataclass(frozen=True)
class Block:
    """A block of a document as its reader read it."""

    id: str
    text: str
    declared_role: Optional[str]
    """The role the source declares (a PAGE region's type, hOCR ``ocr_header``)."""
    geometry: dict = field(default_factory=dict)
    """Page, box, article flow, type size and line boxes, when the source has them."""


@dataclass(frozen=True)
class Document:
    """A file as ocrmend reads it: its text and its blocks in reading order."""

    name: str
    encoding: str
    text: str
    blocks: list[Block]
    warnings: list[dict]
    """Text the reader left out, and why (never silently)."""


def read(path: str, *, format: Optional[str] = None) -> Document:
    """Reads a file of any supported format (text, ALTO, hOCR, PAGE, JSONL; gzip too).

    Raises ``OcrmendError`` naming the file and the place when it cannot be read.
    """
    doc: dict[str, Any] = json.loads(_native.read(str(path), format))
    return Document(
        name=doc["name"],
        encoding=doc["encoding"],
        text=doc["text"],
        blocks=[Block(**b) for b in doc["blocks"]],
        warnings=doc["warnings"],
    )


from . import dedup  # noqa: E402  (a submodule that uses the names above)
