"""Type stubs of the Rust extension module (crates/ocrmend-py)."""

from typing import Optional

BINS: int
GROUP_CAP: int
MIN_ESTIMATE: float

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
def read(path: str, format: Optional[str] = None) -> str: ...
def signatures(texts: list[str]) -> list[Optional[tuple[int, list[int]]]]: ...
def band_keys(size: int, bins: list[int]) -> list[str]: ...
def worth_verifying(a: list[int], b: list[int]) -> bool: ...
def verify(a: str, b: str) -> tuple[float, float]: ...
def verify_many(pairs: list[tuple[str, str]]) -> list[tuple[float, float]]: ...
def cleanliness(texts: list[str]) -> list[float]: ...
def cluster(
    texts: list[str], jaccard: float, containment: float
) -> list[tuple[int, list[tuple[int, int, float, float]]]]: ...
