//! The records each stage of collection dedup writes and reads, typed, so
//! that the command line, a distributed engine (which groups the band keys
//! and sends back candidate pairs) and the Python binding share one shape.
//! Fields are in name order: the files read as they did when they were
//! written from untyped JSON.

use serde::{Deserialize, Serialize};

/// One document's signature size and LSH band keys (hex): what a
/// distributed engine groups by to find candidate pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandKeys {
    /// The band keys, 16 hex digits each.
    pub band_keys: Vec<String>,
    /// The document.
    pub document: String,
    /// Its signature's shingle count (0: too short to sign).
    pub size: usize,
}

/// Two documents that share a band key: a candidate pair, to verify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidatePair {
    /// One document.
    pub a: String,
    /// The other.
    pub b: String,
}

/// A verified pair: two documents that are copies of one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifiedPair {
    /// One document.
    pub a: String,
    /// The other.
    pub b: String,
    /// Share of the shorter's shingles found in the longer.
    pub containment: f64,
    /// Jaccard similarity of their shingle sets.
    pub jaccard: f64,
    /// Share of the shorter's content letters the longer covers, when the
    /// shingles fell short and the two were read letter by letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter_coverage: Option<f64>,
}

/// The passage a verified pair shares (`--passages`): character offsets,
/// end exclusive, in each document's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassagePair {
    /// One document.
    pub a: String,
    /// Where the passage ends in `a`.
    pub a_end: usize,
    /// Where the passage starts in `a`.
    pub a_start: usize,
    /// Share of the two passages' characters their local alignment pairs with equal ones.
    pub aligned: f64,
    /// The other.
    pub b: String,
    /// Where the passage ends in `b`.
    pub b_end: usize,
    /// Where the passage starts in `b`.
    pub b_start: usize,
    /// Share of `a`'s letters in the passage that the alignment pairs with equal ones in `b`.
    pub matched: f64,
}

/// A cluster of passages (`--passage-clusters`): one passage wherever it
/// is printed, alone or inside longer documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageCluster {
    /// The passage in each document, in input order.
    pub passages: Vec<PassageSpan>,
}

/// Where a passage of a cluster is: character offsets, end exclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageSpan {
    /// The document.
    pub document: String,
    /// Where the passage ends.
    pub end: usize,
    /// Where it starts.
    pub start: usize,
}

/// A document of the collection without its duplicates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextRecord {
    /// The document.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// What `dedup` reports: the collection's counts and its clusters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupReport {
    /// The report's format version.
    pub schema_version: u32,
    /// Documents read.
    pub documents: usize,
    /// Candidate pairs verified.
    pub candidate_pairs: usize,
    /// Pairs found to be copies.
    pub verified_pairs: usize,
    /// Against the records' `cluster` fields, when every record has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quality: Option<crate::eval::ClusterScore>,
    /// The clusters of copies.
    pub clusters: Vec<ClusterReport>,
    /// The documents that could not be read, each an error for it alone.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub errors: Vec<DedupError>,
}

/// A document (a file, a JSONL line) that could not be read or signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupError {
    /// The document or place (`file:line`).
    pub document: String,
    /// Why.
    pub message: String,
}

/// One cluster: the copy kept and the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterReport {
    /// The copy kept.
    pub kept: String,
    /// Why it is the one kept.
    pub keep_policy: String,
    /// The other copies.
    pub members: Vec<MemberReport>,
}

/// A copy in a cluster, and the link that put it there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberReport {
    /// The copy.
    pub document: String,
    /// The document it was verified against.
    pub linked_to: String,
    /// Their Jaccard similarity.
    pub jaccard: f64,
    /// The shorter's containment in the longer.
    pub containment: f64,
    /// Share of the copy's content (its shingles that are not boilerplate)
    /// the kept copy holds; given when `--text-out` weighed the copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
    /// The longest run of the copy's text the kept copy lacks, in characters;
    /// given when `--text-out` weighed the copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longest_gap: Option<usize>,
    /// Whether `--text-out` dropped the copy (the kept copy holds it: `--coverage`, `--max-gap`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_write_their_fields_in_name_order() {
        let keys = BandKeys {
            band_keys: vec!["00000000000000ff".into()],
            document: "d1".into(),
            size: 3,
        };
        let line = serde_json::to_string(&keys).unwrap();
        assert_eq!(
            line,
            r#"{"band_keys":["00000000000000ff"],"document":"d1","size":3}"#
        );
        let pair: CandidatePair = serde_json::from_str(r#"{"a":"d1","b":"d2","jaccard":0.9}"#).unwrap();
        assert_eq!((pair.a.as_str(), pair.b.as_str()), ("d1", "d2"));
    }
}
