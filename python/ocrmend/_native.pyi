"""Type stubs of the Rust extension module (crates/ocrmend-py)."""

from typing import Any, Optional

BINS: int
BANDS: int
GROUP_CAP: int
MIN_ESTIMATE: float
JACCARD: float
CONTAINMENT: float
BOILERPLATE: int
LETTER_COVERAGE: float

class OcrmendError(Exception):
    """An input ocrmend could not read or repair; the message names it and the place."""

def repair(
    data: bytes,
    name: str,
    format: Optional[str],
    safe_threshold: float,
    review_threshold: float,
    apply_review: bool,
) -> tuple[str, str, str]: ...
def repair_batch(
    items: list[tuple[str, bytes]],
    format: Optional[str],
    safe_threshold: float,
    review_threshold: float,
    apply_review: bool,
    threads: Optional[int],
) -> list[tuple[Optional[tuple[str, str, str]], Optional[str]]]: ...
def repair_arrow(
    names: list[str],
    texts: dict,
    safe_threshold: float,
    review_threshold: float,
    apply_review: bool,
    threads: Optional[int] = None,
) -> list[tuple[Optional[bytes], bytes, bytes]]: ...
def repair_lines_arrow(
    source: str,
    lines: dict,
    safe_threshold: float,
    review_threshold: float,
    apply_review: bool,
    threads: Optional[int] = None,
) -> tuple[Optional[bytes], bytes, bytes]: ...
def read(path: str, format: Optional[str] = None) -> str: ...
def signatures(texts: list[str]) -> list[Optional[tuple[int, list[int]]]]: ...
def band_keys(size: int, bins: list[int]) -> list[str]: ...
def sign_arrow(texts: dict) -> list[bytes]: ...
def band_pairs_arrow(band: Any, key: Any, doc: Any) -> list[bytes]: ...
def worth_verifying(a: list[int], b: list[int]) -> bool: ...
class ShingleCounts:
    """How many documents hold each shingle: a count-min sketch that merges."""

    def __init__(self, chars: int) -> None: ...
    @staticmethod
    def from_bytes(data: bytes) -> ShingleCounts: ...
    def to_bytes(self) -> bytes: ...
    def add_arrow(self, texts: dict) -> None: ...
    def merge(self, other: ShingleCounts) -> None: ...

def verify(
    a: str, b: str, jaccard: float, containment: float, letter_coverage: float
) -> tuple[float, float, Optional[float], bool]: ...
def verify_arrow(
    a: dict,
    b: dict,
    counts: Optional[ShingleCounts],
    jaccard: float,
    containment: float,
    boilerplate: int,
    letter_coverage: float,
) -> tuple[list[int], list[float], list[float], list[Optional[float]]]: ...
def cleanliness(texts: list[str]) -> list[float]: ...
def cleanliness_arrow(texts: dict) -> list[float]: ...
def add_counts(a: bytes, b: bytes) -> bytes: ...
def cluster(
    texts: list[str], jaccard: float, containment: float, boilerplate: int, letter_coverage: float
) -> list[tuple[int, list[tuple[int, int, float, float, Optional[float]]]]]: ...
