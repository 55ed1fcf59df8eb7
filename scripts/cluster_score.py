"""How a clustering compares with the true clusters, for the dedup scripts
(the baselines, the threshold sweep): the figures `ocrmend dedup` reports in
its `quality` (crates/ocrmend/src/eval/clusters.rs), from the contingency
table."""
from collections import Counter


def pairs(n):
    return n * (n - 1) // 2


def score(predicted, truth):
    """Pair precision, recall, F1, the adjusted Rand index and B-cubed precision, recall, F1."""
    cells = Counter(zip(predicted, truth))
    rows, cols = Counter(predicted), Counter(truth)
    both = sum(pairs(n) for n in cells.values())
    said = sum(pairs(n) for n in rows.values())
    true = sum(pairs(n) for n in cols.values())
    total = pairs(len(truth))
    p = both / said if said else 1.0
    r = both / true if true else 1.0
    expected = said * true / total if total else 0.0
    top = (said + true) / 2
    n = max(len(truth), 1)
    bp = sum(k * k / rows[a] for (a, _), k in cells.items()) / n
    br = sum(k * k / cols[b] for (_, b), k in cells.items()) / n
    return {
        "pair_precision": p,
        "pair_recall": r,
        "pair_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "adjusted_rand_index": 1.0 if top == expected else (both - expected) / (top - expected),
        "bcubed_precision": bp,
        "bcubed_recall": br,
        "bcubed_f1": 2 * bp * br / (bp + br) if bp + br else 0.0,
    }
