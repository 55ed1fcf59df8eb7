//! Quality of a clustering against true clusters: pair precision, recall and
//! F1, the adjusted Rand index and B-cubed precision, recall and F1, from the
//! contingency table (linear in the number of documents, no pair enumeration).

use rustc_hash::FxHashMap;
use serde::Serialize;

/// Pair-counting figures of a clustering.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct ClusterScore {
    /// Pairs put together that belong together, over pairs put together.
    pub pair_precision: f64,
    /// Pairs put together that belong together, over pairs that belong together.
    pub pair_recall: f64,
    /// Harmonic mean of the two.
    pub pair_f1: f64,
    /// Adjusted Rand index: 1 for perfect agreement, about 0 for chance.
    pub adjusted_rand_index: f64,
    /// B-cubed precision: per document, the share of its predicted cluster
    /// that is truly its story, averaged over documents.
    #[serde(default)]
    pub bcubed_precision: f64,
    /// B-cubed recall: per document, the share of its true story that its
    /// predicted cluster holds, averaged over documents.
    #[serde(default)]
    pub bcubed_recall: f64,
    /// Harmonic mean of the two B-cubed figures.
    #[serde(default)]
    pub bcubed_f1: f64,
}

fn pairs(n: u64) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

/// Scores `predicted` cluster labels against `truth`, one label per document.
pub fn cluster_score(predicted: &[usize], truth: &[usize]) -> ClusterScore {
    assert_eq!(predicted.len(), truth.len());
    let mut cells: FxHashMap<(usize, usize), u64> = FxHashMap::default();
    let mut rows: FxHashMap<usize, u64> = FxHashMap::default();
    let mut cols: FxHashMap<usize, u64> = FxHashMap::default();
    for (&p, &t) in predicted.iter().zip(truth) {
        *cells.entry((p, t)).or_default() += 1;
        *rows.entry(p).or_default() += 1;
        *cols.entry(t).or_default() += 1;
    }
    let both: f64 = cells.values().map(|&n| pairs(n)).sum();
    let said: f64 = rows.values().map(|&n| pairs(n)).sum();
    let true_pairs: f64 = cols.values().map(|&n| pairs(n)).sum();
    let total = pairs(predicted.len() as u64);
    let ratio = |a: f64, b: f64| if b == 0.0 { 1.0 } else { a / b };
    let (p, r) = (ratio(both, said), ratio(both, true_pairs));
    let expected = if total == 0.0 {
        0.0
    } else {
        said * true_pairs / total
    };
    let max = (said + true_pairs) / 2.0;
    let n = predicted.len().max(1) as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(p, t), &k) in &cells {
        let k = k as f64;
        bp += k * k / rows[&p] as f64;
        br += k * k / cols[&t] as f64;
    }
    let (bp, br) = (bp / n, br / n);
    ClusterScore {
        pair_precision: p,
        pair_recall: r,
        pair_f1: if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) },
        adjusted_rand_index: if max == expected {
            1.0
        } else {
            (both - expected) / (max - expected)
        },
        bcubed_precision: bp,
        bcubed_recall: br,
        bcubed_f1: if bp + br == 0.0 {
            0.0
        } else {
            2.0 * bp * br / (bp + br)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_partial_clusterings() {
        let truth = [0, 0, 1, 1, 2];
        let perfect = cluster_score(&[5, 5, 7, 7, 9], &truth);
        assert_eq!(perfect.pair_f1, 1.0);
        assert!((perfect.adjusted_rand_index - 1.0).abs() < 1e-12);
        // One true pair missed, nothing wrongly merged.
        let split = cluster_score(&[0, 0, 1, 3, 2], &truth);
        assert_eq!((split.pair_precision, split.pair_recall), (1.0, 0.5));
        // B-cubed: every document's cluster is pure; the split pair's two
        // documents each see half their story.
        assert_eq!(split.bcubed_precision, 1.0);
        assert!((split.bcubed_recall - 0.8).abs() < 1e-12);
        assert!(split.adjusted_rand_index < 1.0 && split.adjusted_rand_index > 0.0);
    }
}
