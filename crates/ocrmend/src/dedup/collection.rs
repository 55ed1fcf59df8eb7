//! Duplicates across a collection: the same story reprinted in other pages
//! and issues, found as clusters.
//!
//! Three stages, each a plain function so that a distributed engine can run
//! them apart (the engine grouping by band key): [`signature`] turns one
//! document into a one-permutation MinHash signature and its LSH band keys
//! (xxh3 with fixed seeds: keys match across machines and runs);
//! [`candidate_pairs`] groups documents by band key, capping each group;
//! [`Clusters`] joins the verified pairs with union-find. Verification itself
//! is the caller's: it re-reads the two texts and calls [`verify`], so only
//! signatures are ever held in memory.

use super::align::{local_alignments, LocalAlignment, Sequence};
use super::frequency::DocumentFrequency;
use super::shingles::{count_shared, each_compared_char, for_each_shingle, shingles, Shingling};
use crate::analyze::chars::{is_terminal, last_significant, script_of};
use crate::lm::LanguageModel;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Bins of the one-permutation MinHash signature.
pub const BINS: usize = 128;
/// Rows of an LSH band.
pub const ROWS: usize = 3;
/// LSH bands (42 × 3 rows use 126 of the 128 bins). The banding threshold
/// sits near Jaccard 0.29: low enough for a noisy reprint cut to half its
/// length to reach verification, high enough that two different stories
/// (Jaccard 0.02) pair one time in three thousand.
pub const BANDS: usize = BINS / ROWS;
/// Documents sharing one band key beyond this many are too common to pair.
pub const GROUP_CAP: usize = 200;
/// Seed of the band-key hash; fixed forever (keys are written to disk).
const BAND_SEED: u64 = 0x6f63_726d_656e_6403;

/// A document's signature: its visible length and MinHash bins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// Visible characters, for the keep policy.
    pub size: usize,
    /// Minimum shingle hash (low 32 bits) per bin, empty bins filled from the next.
    pub bins: Vec<u32>,
}

impl Signature {
    /// The LSH band keys: one stable hash per band of rows.
    pub fn band_keys(&self) -> Vec<u64> {
        let rows = ROWS;
        (0..BANDS)
            .map(|band| {
                let mut bytes = Vec::with_capacity(4 * rows + 1);
                bytes.push(band as u8);
                for v in &self.bins[band * rows..(band + 1) * rows] {
                    bytes.extend_from_slice(&v.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes, BAND_SEED)
            })
            .collect()
    }

    /// Share of equal bins: an estimate of the Jaccard similarity.
    pub fn estimate(&self, other: &Signature) -> f64 {
        let equal = self.bins.iter().zip(&other.bins).filter(|(a, b)| a == b).count();
        equal as f64 / BINS as f64
    }
}

/// The signature of `text`, or `None` when it has no shingle.
pub fn signature(text: &str) -> Option<Signature> {
    let shingling = Shingling::collection(script_of(text));
    let mut bins = vec![u32::MAX; BINS];
    let mut filled = [false; BINS];
    let size = for_each_shingle(text, shingling, |h| {
        // One permutation: the top bits choose the bin, the low bits compete in it.
        let bin = (h >> (64 - BINS.trailing_zeros())) as usize;
        bins[bin] = bins[bin].min(h as u32);
        filled[bin] = true;
    });
    if !filled.iter().any(|f| *f) {
        return None;
    }
    // Densify: an empty bin takes the value of the next filled one (circular),
    // so that short documents still compare bin by bin.
    let source: Vec<u32> = bins.clone();
    for i in 0..BINS {
        if !filled[i] {
            let j = (1..BINS)
                .map(|k| (i + k) % BINS)
                .find(|&j| filled[j])
                .unwrap_or(i);
            bins[i] = source[j];
        }
    }
    Some(Signature { size, bins })
}

/// Pairs of documents (indices, smaller first, sorted) that share a band key,
/// from groups of at most [`GROUP_CAP`] documents. One band at a time, so
/// that memory holds one band's keys, not all of them.
pub fn candidate_pairs(keys: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut band_keys: Vec<(u64, usize)> = Vec::with_capacity(keys.len());
    for band in 0..BANDS {
        band_keys.clear();
        band_keys.extend(
            keys.iter()
                .enumerate()
                .filter_map(|(doc, k)| Some((*k.get(band)?, doc))),
        );
        // Sorted by key, documents ascending within a key: groups are runs.
        band_keys.sort_unstable();
        for group in band_keys.chunk_by(|a, b| a.0 == b.0) {
            pairs_of_group(group.iter().map(|&(_, doc)| doc), group.len(), &mut pairs);
        }
    }
    // Pairs found by several bands appear once.
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// [`candidate_pairs`] of band-key rows `(band, key, document)` holding
/// every row of each (band, key) they hold: a shuffle's partition, which
/// gets all of a key's rows. The same groups, the same cap; the pairs
/// (smaller first) sorted, each once.
pub fn candidate_pairs_of_rows(rows: &mut [(u32, u64, u64)]) -> Vec<(u64, u64)> {
    let mut pairs = Vec::new();
    rows.sort_unstable();
    for group in rows.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        pairs_of_group(group.iter().map(|&(_, _, doc)| doc), group.len(), &mut pairs);
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Every pair of a group's `len` documents (ascending, smaller first),
/// for a group of two up to [`GROUP_CAP`]: a larger group is a formula
/// many documents share, not a sign of a copy.
fn pairs_of_group<D: Copy>(docs: impl Iterator<Item = D> + Clone, len: usize, pairs: &mut Vec<(D, D)>) {
    if len > 1 && len <= GROUP_CAP {
        for (k, a) in docs.clone().enumerate() {
            pairs.extend(docs.clone().skip(k + 1).map(|b| (a, b)));
        }
    }
}

/// Signature estimate of Jaccard below which a candidate pair is not read
/// again: true copies estimate 0.3 or more even when cut to half (their
/// Jaccard is then about 0.5), two different stories about 0.02.
pub const MIN_ESTIMATE: f64 = 0.2;

/// True when a candidate pair's signatures come near enough to earn the cost
/// of reading both texts again: bins equal by chance in one band are not
/// similarity.
pub fn worth_verifying(a: &Signature, b: &Signature) -> bool {
    a.estimate(b) >= MIN_ESTIMATE
}

/// The verified similarity of two texts: Jaccard of their shingles, the
/// shorter's containment in the longer, and, when the shingles fall short,
/// how much of the shorter's letters the longer covers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Similarity {
    /// Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Share of the smaller set found in the larger.
    pub containment: f64,
    /// Share of the shorter's content letters that a local alignment with
    /// the longer pairs with equal letters ([`letter_coverage`]); read only
    /// for a pair whose shingles fall short of the thresholds but hold at
    /// least [`COVER_FROM`] of the shorter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub letter_coverage: Option<f64>,
}

/// When two documents of a collection count as copies of one story. Looser
/// than inside a page: reprints carry fresh OCR noise, new headlines and cuts,
/// and a cluster is a finding for the report, not a removal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// Jaccard similarity from which two documents are copies.
    pub jaccard: f64,
    /// Containment of the shorter in the longer from which it is a copy cut short.
    pub containment: f64,
    /// A shingle held by more of the candidate documents than this is
    /// boilerplate: a formula many documents print, not what any one of them says.
    pub boilerplate: u8,
    /// Share of a copy's own content (its shingles that are not boilerplate)
    /// the kept copy must hold for the copy to be dropped from a collection
    /// without duplicates.
    pub coverage: f64,
    /// Longest run of a copy's text, in characters, the kept copy may lack
    /// for the copy to be dropped: longer, and it is text of its own.
    pub max_gap: usize,
    /// Share of the shorter's content letters the longer covers
    /// ([`letter_coverage`]) from which two documents are copies, when their
    /// shingles fall short: a roughly printed copy loses most of its
    /// shingles to misread characters, not its letters.
    pub letter_coverage: f64,
}

impl Thresholds {
    /// Checked thresholds: each share between 0 and 1, boilerplate between
    /// 2 and 14 documents (a sketch counts to 15).
    pub fn new(
        jaccard: f64,
        containment: f64,
        boilerplate: u8,
        coverage: f64,
        max_gap: usize,
        letter_coverage: f64,
    ) -> crate::Result<Self> {
        for (name, x) in [
            ("Jaccard threshold", jaccard),
            ("containment threshold", containment),
            ("coverage threshold", coverage),
            ("letter coverage threshold", letter_coverage),
        ] {
            if !(0.0..=1.0).contains(&x) {
                return Err(crate::Error::Options {
                    message: format!("the {name} {x} is not between 0 and 1"),
                });
            }
        }
        if !(2..super::frequency::MAX_COUNT).contains(&boilerplate) {
            return Err(crate::Error::Options {
                message: format!(
                    "the boilerplate threshold {boilerplate} is not between 2 and {} documents",
                    super::frequency::MAX_COUNT - 1
                ),
            });
        }
        Ok(Thresholds {
            jaccard,
            containment,
            boilerplate,
            coverage,
            max_gap,
            letter_coverage,
        })
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        // Chosen on the dev split of the real-OCR reprint set with two
        // simulated collections (scripts/dedup_sweep.py): the best worst
        // ARI over English, Chinese and both simulated sets with pair
        // precision 0.98 or more on each, inside its plateau (Jaccard
        // 0.30-0.50 at containment 0.50, boilerplate past 8 documents; 6
        // and 10-12 gave a worst ARI of 0.907 and 0.85-0.86, against
        // 0.911). Those simulated sets came from simulate-reprints before
        // its letter cipher; with today's, the same rule picks boilerplate
        // 6, Jaccard 0.15, containment 0.3 (worst ARI 0.942), whose pair
        // precision on the held-out Chinese test split is 0.979, under the
        // 0.98 aimed at: kept as they are. Coverage and gap: no copy of
        // another story was dropped on the dev splits even at Jaccard 0.2
        // and containment 0.3 with no boilerplate (its shares at most 0.52).
        Thresholds {
            jaccard: 0.35,
            containment: 0.5,
            boilerplate: 8,
            coverage: 0.8,
            max_gap: 8,
            letter_coverage: LETTER_COVERAGE,
        }
    }
}

impl Similarity {
    /// True when the two are copies of one text under `thresholds`.
    pub fn is_duplicate(&self, thresholds: &Thresholds) -> bool {
        self.shingles_hold(thresholds)
            || self
                .letter_coverage
                .is_some_and(|c| c >= thresholds.letter_coverage)
    }

    /// True when the shingles alone make the two copies.
    fn shingles_hold(&self, thresholds: &Thresholds) -> bool {
        self.jaccard >= thresholds.jaccard || self.containment >= thresholds.containment
    }
}

/// A text's full shingle set, sorted: what verification compares.
pub fn shingle_set(text: &str) -> Vec<u64> {
    shingles(text, Shingling::collection(script_of(text)))
}

/// Compares two texts in full, without a collection to tell their
/// boilerplate from their content, as [`compare`] does.
pub fn verify(a: &str, b: &str, thresholds: &Thresholds) -> Similarity {
    compare(&Shingled::whole(a), &Shingled::whole(b), thresholds)
}

/// A document as verification weighs it: its text, all its shingles, and
/// its content, the ones that are not boilerplate of the collection.
#[derive(Debug, Clone)]
pub struct Shingled {
    text: String,
    all: Vec<u64>,
    content: Vec<u64>,
    letters: std::sync::OnceLock<Letters>,
}

impl Shingled {
    /// The shingles of `text`, its content told from boilerplate by how many
    /// documents of the collection hold each shingle: more than `boilerplate`, and it is boilerplate.
    /// The text is kept (taken, when it is owned) for a pair that is read
    /// letter by letter.
    pub fn of(text: impl Into<String>, frequency: &DocumentFrequency, boilerplate: u8) -> Self {
        let text = text.into();
        let all = shingle_set(&text);
        Self::from_set(text, all, frequency, boilerplate)
    }

    /// The shingles of `text` with no collection to tell boilerplate: all of it is compared.
    fn whole(text: &str) -> Self {
        Shingled {
            text: text.into(),
            all: shingle_set(text),
            content: Vec::new(),
            letters: Default::default(),
        }
    }

    /// [`Shingled::of`] a text whose shingle set (from [`shingle_set`]) is at hand.
    pub fn from_set(
        text: impl Into<String>,
        all: Vec<u64>,
        frequency: &DocumentFrequency,
        boilerplate: u8,
    ) -> Self {
        let content = frequency.at_most(&all, boilerplate);
        Shingled {
            text: text.into(),
            all,
            content,
            letters: Default::default(),
        }
    }

    /// True when the document says something of its own: at least one
    /// shingle in ten is not boilerplate. A document that is all formula (a
    /// jump line, a standing notice) or that the whole collection reprints
    /// is compared whole instead.
    fn has_content(&self) -> bool {
        !self.content.is_empty() && self.content.len() * 10 >= self.all.len()
    }

    /// What of the document is compared: its content, or all when it has none.
    fn compared(&self) -> &[u64] {
        if self.has_content() {
            &self.content
        } else {
            &self.all
        }
    }

    /// Whether each of its characters that shingles are cut from (see
    /// [`each_compared_char`]) lies in a compared shingle (content, unless the
    /// document is compared whole), and its shingles in text order. Read
    /// once, for the first pair that reads the document letter by letter.
    fn letters(&self) -> &Letters {
        self.letters.get_or_init(|| {
            let read = ComparedLetters::read(&self.text, |_| {});
            let compared = self.compared();
            let mut counted = vec![false; read.chars.len()];
            for (first, h) in read.shingles.iter().enumerate() {
                if compared.binary_search(h).is_ok() {
                    counted[first..first + read.width].fill(true);
                }
            }
            Letters { read, counted }
        })
    }
}

/// A document's compared characters, and which of them are content.
#[derive(Debug, Clone)]
struct Letters {
    read: ComparedLetters,
    counted: Vec<bool>,
}

/// A text's characters that shingles are cut from (see
/// [`each_compared_char`]), in their compared form, and the shingle that
/// starts at each (all but the last `width - 1`): what
/// [`local_alignments`] reads.
#[derive(Debug, Clone)]
struct ComparedLetters {
    chars: Vec<char>,
    shingles: Vec<u64>,
    /// Characters a shingle spans.
    width: usize,
}

impl ComparedLetters {
    /// `text` read so; `at` is told where in `text` (bytes) each character is.
    fn read(text: &str, mut at: impl FnMut(std::ops::Range<usize>)) -> Self {
        let shingling = Shingling::collection(script_of(text));
        let mut chars = Vec::with_capacity(text.len());
        each_compared_char(text, shingling, |range, c| {
            at(range);
            chars.push(c);
        });
        let mut shingles = Vec::with_capacity(chars.len());
        for_each_shingle(text, shingling, |h| shingles.push(h));
        ComparedLetters {
            chars,
            shingles,
            width: shingling.width(),
        }
    }

    /// The text as [`local_alignments`] reads it.
    fn sequence(&self) -> Sequence<'_> {
        Sequence {
            chars: &self.chars,
            shingles: &self.shingles,
        }
    }
}

/// Shingle containment (of the shorter's content) from which a pair whose
/// shingles fall short is looked at letter by letter: below it, two
/// different stories. Anything from 0.1 to 0.3 gave the same clusters on
/// the dev splits and the simulated collections; the higher, the fewer
/// pairs are read so.
pub const COVER_FROM: f64 = 0.2;

/// [`Thresholds::letter_coverage`] by default. Chosen on the dev splits
/// and the simulated collections: 0.6 to 0.7 gave the same dev clusters;
/// 0.6 lets a false pair in at 100 MB (the highest a false pair is covered
/// there is 0.611, at 10 MB 0.588), and 0.65 gave the best ARI at 1 GB,
/// where reports that repeat one formula with other figures reach 0.77.
pub const LETTER_COVERAGE: f64 = 0.65;

/// Fewest content letters the shorter must have for its coverage to link
/// it: a short notice's own words (a name, a date) are too few to tell a
/// reprint from another notice in the same formula. Chosen on the dev
/// splits: at 60, English notices linked wrongly; 100 to 150 were alike.
const COVERED_AT_LEAST: usize = 100;

/// Score from which a local alignment other than the strongest counts
/// towards [`letter_coverage`] and [`passage`]: less is words two stories
/// share by chance. 8 to 32 gave the same clusters on the dev splits and
/// the simulated collections; 64 lost Chinese dev recall.
const ALIGNED_FROM: i64 = 16;

/// Compares two documents on their content: a formula both print (a funeral
/// notice's, a credit line) does not make them copies. Two documents of
/// which one has no content of its own are compared whole. When the
/// shingles fall short of `thresholds` but hold at least [`COVER_FROM`],
/// the two are read letter by letter ([`letter_coverage`]).
pub fn compare(a: &Shingled, b: &Shingled, thresholds: &Thresholds) -> Similarity {
    let mut s = if a.has_content() && b.has_content() {
        similarity(&a.content, &b.content)
    } else {
        similarity(&a.all, &b.all)
    };
    if !s.shingles_hold(thresholds) && s.containment >= COVER_FROM {
        let (shorter, longer) = if a.compared().len() <= b.compared().len() {
            (a, b)
        } else {
            (b, a)
        };
        s.letter_coverage = letter_coverage(shorter, longer);
    }
    s
}

/// Share of `shorter`'s content letters that a local alignment with
/// `longer` pairs with equal letters (shingles both print anchor it, the
/// letters between anchors are aligned in full, and the path is cut where
/// its running score falls to nothing, as Smith-Waterman cuts it): the
/// alignment with the highest score, and every other scoring at least 16
/// (`ALIGNED_FROM`), since a stretch of garbage in a rough copy breaks
/// it into several. Rough print that misreads one character in six loses
/// most shingles (a six-letter shingle survives one time in three) but few
/// letters, so a rough copy keeps most of its coverage where its
/// containment falls. Letters only a formula's shingles hold do not count,
/// so a notice that shares a formula with a story is not its copy. `None`
/// when the shorter has fewer than 100 content letters (see
/// `COVERED_AT_LEAST`) or the two share no shingle.
pub fn letter_coverage(shorter: &Shingled, longer: &Shingled) -> Option<f64> {
    let letters = shorter.letters();
    let total = letters.counted.iter().filter(|&&c| c).count();
    if total < COVERED_AT_LEAST {
        return None;
    }
    let found = local_alignments(
        &letters.read.sequence(),
        &longer.letters().read.sequence(),
        letters.read.width,
    );
    let paired = counted(&found)?
        .flat_map(|aligned| &aligned.paired)
        .filter(|&&at| letters.counted[at])
        .count();
    Some(paired as f64 / total as f64)
}

/// The local alignments of `found` that are evidence: the one with the
/// highest score (the first of equals), and every other scoring at least
/// [`ALIGNED_FROM`]. `None` when there is none.
fn counted(found: &[LocalAlignment]) -> Option<impl Iterator<Item = &LocalAlignment>> {
    let strongest = (0..found.len()).rev().max_by_key(|&i| found[i].score)?;
    Some(
        found
            .iter()
            .enumerate()
            .filter(move |&(i, aligned)| aligned.score >= ALIGNED_FROM || i == strongest)
            .map(|(_, aligned)| aligned),
    )
}

/// How much of a copy the kept copy holds: what decides whether dropping
/// the copy loses nothing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Coverage {
    /// Share of the copy's content (its shingles that are not boilerplate) the kept copy holds.
    pub share: f64,
    /// The longest run of the copy's text the kept copy lacks, in characters
    /// (letters and digits in Latin script): a name, a date, a sentence of
    /// its own, where OCR noise leaves gaps of a character or two.
    pub longest_gap: usize,
}

impl Coverage {
    /// True when the kept copy holds the copy: its content's share reaches
    /// the threshold, and no run of the copy longer than `max_gap` characters is missing.
    pub fn holds(&self, thresholds: &Thresholds) -> bool {
        self.share >= thresholds.coverage && self.longest_gap <= thresholds.max_gap
    }
}

/// How much of `copy` (its text, and its shingles) `kept` holds. The
/// longest gap is measured in the copy's body: a headline or dateline block
/// on top is what reprints change, and a copy under a new headline is
/// still a copy.
pub fn coverage(copy_text: &str, copy: &Shingled, kept: &Shingled) -> Coverage {
    let own = copy.compared();
    let share = count_shared(own, &kept.all) as f64 / own.len().max(1) as f64;
    let shingling = Shingling::collection(script_of(copy_text));
    let (mut run, mut longest) = (0usize, 0usize);
    for_each_shingle(body(copy_text), shingling, |h| {
        if kept.all.binary_search(&h).is_ok() {
            run = 0;
        } else {
            run += 1;
            longest = longest.max(run);
        }
    });
    // A run of k missing shingles of n characters each is k - n + 1 characters missing.
    Coverage {
        share,
        longest_gap: (longest + 1).saturating_sub(shingling.width()),
    }
}

/// Longest a headline block is, in characters.
const HEADLINE_CHARS: usize = 80;

/// `text` after its leading headline blocks: blocks (parted by a blank
/// line) of at most [`HEADLINE_CHARS`] characters that do not end a sentence.
fn body(text: &str) -> &str {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        let (block, after) = match trimmed.find("\n\n") {
            Some(i) => (&trimmed[..i], &trimmed[i..]),
            None => return rest,
        };
        let ends_sentence = last_significant(block).is_some_and(is_terminal);
        if block.trim_end().chars().count() > HEADLINE_CHARS || ends_sentence {
            return rest;
        }
        rest = after;
    }
}

/// The passage two linked documents share, as their local alignments
/// (see [`letter_coverage`]) find it: where it is in each
/// (character offsets, end exclusive) and how alike the two spans are. A
/// reviewer sees which part of one article is reprinted in another.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Passage {
    /// Start and end of the passage in the first document.
    pub a: (usize, usize),
    /// Start and end of the passage in the second document.
    pub b: (usize, usize),
    /// Share of the first document's characters in the passage (those
    /// shingles are cut from: in Latin script letters and digits, case
    /// folded) that the alignment pairs with equal ones in the second.
    pub matched: f64,
    /// Share of the two spans' characters the alignment pairs with equal
    /// ones.
    pub aligned: f64,
}

/// The passage `a` and `b` share: the local alignments that count (see
/// [`letter_coverage`]) gathered where they follow each other closely in
/// both, and of those the one with the highest score, the first of equals.
/// `None` when the two share no shingle. Linear in the two texts but for
/// the capped tables between anchors.
pub fn passage(a: &str, b: &str) -> Option<Passage> {
    let (mut a_bytes, mut b_bytes) = (Vec::new(), Vec::new());
    let a_read = ComparedLetters::read(a, |at| a_bytes.push(at));
    let b_read = ComparedLetters::read(b, |at| b_bytes.push(at));
    let found = local_alignments(&a_read.sequence(), &b_read.sequence(), a_read.width);
    // The alignments that count, in `a`'s order, gathered into passages:
    // one that starts within `PASSAGE_GAP` of where the passage so far ends,
    // in both documents, goes on it (a sentence one copy dropped or
    // rewrote, a smudge read as garbage).
    let mut passages: Vec<Gathered> = Vec::new();
    for aligned in counted(&found)? {
        let near = |end: usize, start: usize| start + PASSAGE_GAP >= end && start <= end + PASSAGE_GAP;
        match passages.last_mut() {
            Some(last) if near(last.a.end, aligned.a.start) && near(last.b.end, aligned.b.start) => {
                last.a.end = last.a.end.max(aligned.a.end);
                last.b = last.b.start.min(aligned.b.start)..last.b.end.max(aligned.b.end);
                last.score += aligned.score;
                last.paired += aligned.paired.len();
            }
            _ => passages.push(Gathered {
                a: aligned.a.clone(),
                b: aligned.b.clone(),
                score: aligned.score,
                paired: aligned.paired.len(),
            }),
        }
    }
    let best = passages.iter().rev().max_by_key(|p| p.score)?;
    // Character offsets of the spans' first and last compared characters.
    let span = |text: &str, bytes: &[std::ops::Range<usize>], at: &std::ops::Range<usize>| {
        let chars = |byte: usize| text[..byte].chars().count();
        (chars(bytes[at.start].start), chars(bytes[at.end - 1].end))
    };
    Some(Passage {
        a: span(a, &a_bytes, &best.a),
        b: span(b, &b_bytes, &best.b),
        matched: best.paired as f64 / best.a.len() as f64,
        aligned: (2 * best.paired) as f64 / (best.a.len() + best.b.len()) as f64,
    })
}

/// Compared characters between two local alignments that still leave them
/// in one passage: about a sentence.
const PASSAGE_GAP: usize = 200;

/// Local alignments gathered into one passage ([`passage`]).
struct Gathered {
    a: std::ops::Range<usize>,
    b: std::ops::Range<usize>,
    score: i64,
    paired: usize,
}

/// A passage of one document: the document, and where the passage starts
/// and ends in its text (characters, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// Index of the document.
    pub doc: usize,
    /// Where the passage starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

impl Span {
    /// Characters two spans of one document share.
    fn overlap(&self, other: &Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }
}

/// Clusters of passages, not of documents: the passages verified pairs
/// share (`shared`: the two documents and their [`passage`]), one passage
/// of a story wherever it is printed, alone or inside a longer page. Two
/// spans are one passage when a pair shares them, or when they are spans
/// of one document overlapping by at least half the shorter. Each cluster
/// lists its spans in document order, spans of one document that overlap
/// merged into one; clusters come in order of their first span.
pub fn passage_clusters(shared: &[(usize, usize, Passage)]) -> Vec<Vec<Span>> {
    let spans: Vec<Span> = shared
        .iter()
        .flat_map(|&(a, b, p)| {
            [
                Span {
                    doc: a,
                    start: p.a.0,
                    end: p.a.1,
                },
                Span {
                    doc: b,
                    start: p.b.0,
                    end: p.b.1,
                },
            ]
        })
        .collect();
    let mut forest = Forest::new(spans.len());
    for pair in 0..shared.len() {
        forest.join(2 * pair, 2 * pair + 1);
    }
    // One document's spans, by start: each joins the run before it when
    // it overlaps the run's extent by half of the shorter of the two.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_unstable_by_key(|&i| (spans[i], i));
    let mut run: Option<(usize, Span)> = None;
    for &i in &order {
        let span = spans[i];
        run = match run {
            Some((first, extent)) if extent.doc == span.doc => {
                let shorter = (extent.end - extent.start).min(span.end - span.start);
                if 2 * extent.overlap(&span) >= shorter.max(1) {
                    forest.join(first, i);
                    Some((
                        first,
                        Span {
                            end: extent.end.max(span.end),
                            ..extent
                        },
                    ))
                } else {
                    Some((i, span))
                }
            }
            _ => Some((i, span)),
        };
    }
    let mut clusters: std::collections::BTreeMap<usize, Vec<Span>> = Default::default();
    for &i in &order {
        clusters.entry(forest.root(i)).or_default().push(spans[i]);
    }
    let mut clusters: Vec<Vec<Span>> = clusters
        .into_values()
        .map(|mut members| {
            // Spans come by document and start: merge those of one document that overlap.
            members.dedup_by(|next, kept| {
                let merge = next.doc == kept.doc && next.start < kept.end;
                if merge {
                    kept.end = kept.end.max(next.end);
                }
                merge
            });
            members
        })
        .collect();
    clusters.sort_unstable();
    clusters
}

/// Jaccard and containment of two sorted shingle sets.
fn similarity(a: &[u64], b: &[u64]) -> Similarity {
    let shared = count_shared(a, b);
    Similarity {
        jaccard: shared as f64 / (a.len() + b.len() - shared).max(1) as f64,
        containment: shared as f64 / a.len().min(b.len()).max(1) as f64,
        letter_coverage: None,
    }
}

/// The documents of `pairs`, each once, ascending: the ones verification
/// reads, and whose shingles are counted for boilerplate.
pub fn candidate_documents(pairs: &[(usize, usize)]) -> Vec<usize> {
    let mut docs: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    docs.sort_unstable();
    docs.dedup();
    docs
}

/// How many of `docs` hold each shingle, counted in parallel into one
/// sketch sized for `chars` visible characters (the sum of their
/// signatures' sizes). `shingles` gives a document's shingle set, or the
/// error that stops the count.
pub fn count_documents<E: Send>(
    docs: &[usize],
    chars: u64,
    shingles: impl Fn(usize) -> Result<Vec<u64>, E> + Sync,
) -> Result<DocumentFrequency, E> {
    let frequency = DocumentFrequency::for_chars(chars);
    docs.par_iter().try_for_each(|&d| {
        frequency.add_document(&shingles(d)?);
        Ok(())
    })?;
    Ok(frequency)
}

/// A verified pair: its two documents (the smaller index first) and their similarity.
pub type Verified = (usize, usize, Similarity);

/// Most visible characters a group of candidates joined by pairs may hold
/// for verification to shingle each of them once and keep them all (about
/// 16 MB of shingles); a larger group is verified a pair at a time.
const SHINGLED_AT_ONCE: usize = 2_000_000;

/// The candidate `pairs` (sorted) that are copies under `thresholds`, in
/// the pairs' order. `shingled` gives a document as verification weighs it
/// (read and shingled anew: only signatures stay in memory) and `sizes` its
/// visible characters. Pairs are verified by groups joined through pairs,
/// in parallel: a group small enough has each document shingled once for
/// all its pairs; a larger one reads its pairs' first documents once each
/// and the others once a pair.
pub fn verify_pairs<E: Send>(
    pairs: &[(usize, usize)],
    sizes: &[usize],
    shingled: impl Fn(usize) -> Result<Shingled, E> + Sync,
    thresholds: &Thresholds,
) -> Result<Vec<Verified>, E> {
    let mut forest = Forest::new(sizes.len());
    for &(a, b) in pairs {
        forest.join(a, b);
    }
    // Pairs by group, each group's in their order.
    let mut grouped: Vec<(usize, (usize, usize))> = pairs.iter().map(|&p| (forest.root(p.0), p)).collect();
    grouped.sort_unstable();
    let groups: Vec<&[(usize, (usize, usize))]> = grouped.chunk_by(|x, y| x.0 == y.0).collect();
    let found: Vec<Result<Vec<Verified>, E>> = groups
        .par_iter()
        .map(|group| {
            let pairs = group.iter().map(|&(_, p)| p);
            let docs = candidate_documents(&pairs.clone().collect::<Vec<_>>());
            let mut found = Vec::new();
            if docs.iter().map(|&d| sizes[d]).sum::<usize>() <= SHINGLED_AT_ONCE {
                let held: FxHashMap<usize, Shingled> = docs
                    .iter()
                    .map(|&d| Ok((d, shingled(d)?)))
                    .collect::<Result<_, E>>()?;
                for (a, b) in pairs {
                    let s = compare(&held[&a], &held[&b], thresholds);
                    found.extend(s.is_duplicate(thresholds).then_some((a, b, s)));
                }
            } else {
                let pairs: Vec<(usize, usize)> = pairs.collect();
                for by_first in pairs.chunk_by(|x, y| x.0 == y.0) {
                    let first = shingled(by_first[0].0)?;
                    for &(a, b) in by_first {
                        let s = compare(&first, &shingled(b)?, thresholds);
                        found.extend(s.is_duplicate(thresholds).then_some((a, b, s)));
                    }
                }
            }
            Ok(found)
        })
        .collect();
    let mut verified = Vec::new();
    for group in found {
        verified.extend(group?);
    }
    verified.sort_unstable_by_key(|&(a, b, _)| (a, b));
    Ok(verified)
}

/// A cluster of copies: the one kept and the others with their similarity to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// Index of the copy kept: the most complete, then the first.
    pub kept: usize,
    /// The other copies and what linked each into the cluster.
    pub members: Vec<Member>,
}

/// A copy in a cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Index of the document.
    pub doc: usize,
    /// The verified pair that linked it: the other document and the similarity.
    pub linked_to: usize,
    /// The similarity of that pair.
    pub similarity: Similarity,
}

/// Union-find over documents: which are joined, through any chain of pairs.
#[derive(Debug)]
struct Forest {
    parent: Vec<usize>,
}

impl Forest {
    fn new(n: usize) -> Self {
        Forest {
            parent: (0..n).collect(),
        }
    }

    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            // The smaller index becomes the root: deterministic whatever the order of joins.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

/// Union-find over verified pairs, giving clusters with a kept copy each.
#[derive(Debug)]
pub struct Clusters {
    forest: Forest,
    links: Vec<(usize, usize, Similarity)>,
}

impl Clusters {
    /// An empty forest over `n` documents.
    pub fn new(n: usize) -> Self {
        Clusters {
            forest: Forest::new(n),
            links: Vec::new(),
        }
    }

    /// Records a verified duplicate pair.
    pub fn link(&mut self, a: usize, b: usize, similarity: Similarity) {
        self.forest.join(a, b);
        self.links.push((a, b, similarity));
    }

    /// The clusters of two or more documents, in order of their first
    /// document. The copy kept: the most complete (sizes within 2% of the
    /// largest count as equal), then the cleanest, then the first.
    pub fn finish(mut self, sizes: &[usize], cleanliness: impl Fn(usize) -> f64 + Sync) -> Vec<Cluster> {
        let n = self.forest.parent.len();
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for doc in 0..n {
            let r = self.forest.root(doc);
            groups.entry(r).or_default().push(doc);
        }
        let mut linked: FxHashMap<usize, (usize, Similarity)> = FxHashMap::default();
        for &(a, b, s) in &self.links {
            linked.entry(b).or_insert((a, s));
            linked.entry(a).or_insert((b, s));
        }
        let groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
        // Clusters in parallel (cleanliness reads copies again), in order.
        groups
            .into_par_iter()
            .map(|g| {
                let largest = g.iter().map(|&d| sizes[d]).max().unwrap_or(0);
                let complete = |d: usize| sizes[d] * 50 >= largest * 49;
                // Cleanliness only decides among the complete copies.
                let clean: FxHashMap<usize, f64> = g
                    .iter()
                    .filter(|&&d| complete(d))
                    .map(|&d| (d, cleanliness(d)))
                    .collect();
                let kept = *g
                    .iter()
                    .max_by(|&&x, &&y| {
                        complete(x)
                            .cmp(&complete(y))
                            .then(
                                clean
                                    .get(&x)
                                    .unwrap_or(&0.0)
                                    .total_cmp(clean.get(&y).unwrap_or(&0.0)),
                            )
                            .then(y.cmp(&x))
                    })
                    .unwrap();
                let members = g
                    .into_iter()
                    .filter(|&d| d != kept)
                    .map(|doc| {
                        let (linked_to, similarity) = linked[&doc];
                        Member {
                            doc,
                            linked_to,
                            similarity,
                        }
                    })
                    .collect();
                Cluster { kept, members }
            })
            .collect()
    }
}

/// Clusters `texts` in one process as `ocrmend dedup` does: signatures,
/// candidates, boilerplate counted over the candidates, verification,
/// union-find, the keep policy.
pub fn cluster_texts(texts: &[impl AsRef<str> + Sync], thresholds: &Thresholds) -> Vec<Cluster> {
    let signatures: Vec<Option<Signature>> = texts.par_iter().map(|t| signature(t.as_ref())).collect();
    let keys: Vec<Vec<u64>> = signatures
        .iter()
        .map(|s| s.as_ref().map_or_else(Vec::new, Signature::band_keys))
        .collect();
    // The keep policy's sizes, and the sketch's, are the signatures' (as `ocrmend dedup` weighs them).
    let sizes: Vec<usize> = signatures
        .iter()
        .map(|s| s.as_ref().map_or(0, |s| s.size))
        .collect();
    let pairs: Vec<(usize, usize)> = candidate_pairs(&keys)
        .into_iter()
        .filter(|&(a, b)| match (&signatures[a], &signatures[b]) {
            (Some(x), Some(y)) => worth_verifying(x, y),
            _ => false,
        })
        .collect();
    // In memory, each candidate is shingled once: counted, then told content from boilerplate.
    let docs = candidate_documents(&pairs);
    let sets: FxHashMap<usize, Vec<u64>> = docs
        .par_iter()
        .map(|&d| (d, shingle_set(texts[d].as_ref())))
        .collect();
    let frequency = DocumentFrequency::for_chars(docs.iter().map(|&d| sizes[d] as u64).sum());
    sets.par_iter().for_each(|(_, set)| frequency.add_document(set));
    let verified = verify_pairs(
        &pairs,
        &sizes,
        |d| {
            Ok::<_, std::convert::Infallible>(Shingled::from_set(
                texts[d].as_ref(),
                sets[&d].clone(),
                &frequency,
                thresholds.boilerplate,
            ))
        },
        thresholds,
    );
    let mut clusters = Clusters::new(texts.len());
    for (a, b, similarity) in verified.unwrap_or_else(|never| match never {}) {
        clusters.link(a, b, similarity);
    }
    clusters.finish(&sizes, |d| cleanliness(texts[d].as_ref()))
}

/// How clean a copy's OCR looks: the share of its Latin words that the
/// lexicon knows (1 for text without Latin words). `hridge` and `crovvd`
/// count against a copy.
pub fn cleanliness(text: &str) -> f64 {
    let lm = LanguageModel::shipped();
    let (mut known, mut all) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1)
    {
        all += 1;
        known += usize::from(lm.english_zipf(word).is_some());
    }
    if all == 0 {
        1.0
    } else {
        known as f64 / all as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The new bridge over the river opened on Monday after three years of work. The mayor cut the ribbon \
        before a crowd of several hundred people, and the first cars crossed at noon. Engineers said the bridge will \
        carry twelve thousand vehicles a day and shorten the trip to the county seat by twenty minutes.";

    #[test]
    fn reprints_with_noise_and_cuts_cluster_and_the_longest_is_kept() {
        let noisy = STORY.replace("bridge", "hridge").replacen("crowd", "crovvd", 1);
        let cut = STORY.split(". Engineers").next().unwrap().to_string() + ".";
        let other = "Prices of grain rose again at the market this week, and farmers expect a good harvest if the rain holds \
            off until the end of the month, traders at the exchange said on Friday.";
        let texts = [noisy.as_str(), other, STORY, cut.as_str()];
        let clusters = cluster_texts(&texts, &Thresholds::default());
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].kept, 2, "the complete, clean copy is the longest");
        let members: Vec<usize> = clusters[0].members.iter().map(|m| m.doc).collect();
        assert_eq!(members, [0, 3]);
        assert!(clusters[0]
            .members
            .iter()
            .all(|m| m.similarity.is_duplicate(&Thresholds::default())));
    }

    /// `text` with every `nth` letter misread as `x`, as rough print reads it.
    fn misread_every(text: &str, nth: usize) -> String {
        let mut letters = 0;
        text.chars()
            .map(|c| {
                letters += usize::from(c.is_alphabetic());
                if c.is_alphabetic() && letters % nth == 0 {
                    'x'
                } else {
                    c
                }
            })
            .collect()
    }

    #[test]
    fn a_rough_copy_keeps_its_letters_where_it_loses_its_shingles() {
        let t = Thresholds::default();
        let rough = misread_every(STORY, 10);
        let s = verify(STORY, &rough, &t);
        // Four shingles in ten survive; nine letters in ten are in one of them.
        assert!(!s.shingles_hold(&t), "{s:?}");
        assert!(s.letter_coverage.is_some_and(|c| c > 0.85), "{s:?}");
        assert!(s.is_duplicate(&t));
        // One in five misread: too few shingles are left to read the letters.
        let s = verify(STORY, &misread_every(STORY, 5), &t);
        assert_eq!(s.letter_coverage, None, "{s:?}");
        assert!(!s.is_duplicate(&t));
    }

    #[test]
    fn a_rough_copy_broken_by_garbage_is_covered_in_all_its_passages() {
        let t = Thresholds::default();
        let second = "Traffic was light on the first morning, but the bus company said it would add two routes over \
            the bridge next month, and the school board expects the new crossing to cut the morning run for the \
            children of the eastern farms by half an hour each way.";
        let third =
            "The old ferry, which had carried passengers across the river since the war, will make its \
            last crossing on Sunday afternoon, and the town plans a small ceremony at the landing.";
        let story = format!("{STORY} {second} {third}");
        // Rough print, cut before its last paragraph, and a smudge OCR read
        // as garbage between the first two: the rough copy is the shorter,
        // read against the whole story.
        let rough = format!(
            "{} qzv wkx jjq pfz xkv qqz wvx zzk jqv xpw kqz vvj {}",
            misread_every(STORY, 10),
            misread_every(second, 10)
        );
        let s = verify(&story, &rough, &t);
        assert!(!s.shingles_hold(&t), "{s:?}");
        // The strongest alignment alone holds about half its letters; both hold most.
        assert!(s.letter_coverage.is_some_and(|c| c > 0.8), "{s:?}");
        assert!(s.is_duplicate(&t));
    }

    #[test]
    fn a_story_that_quotes_another_is_not_its_copy() {
        let t = Thresholds::default();
        let quoting = "Residents of the valley wrote to the council again this week. The new bridge over the river \
            opened on Monday after three years of work, they recalled, but the road to it is still unpaved and the \
            buses do not stop there; the council promised to look at the matter before the winter.";
        let s = verify(STORY, quoting, &t);
        assert!(s.containment >= COVER_FROM && !s.shingles_hold(&t), "{s:?}");
        assert!(s.letter_coverage.is_some_and(|c| c < 0.5), "{s:?}");
        assert!(!s.is_duplicate(&t));
    }

    #[test]
    fn a_notice_is_too_short_to_link_by_its_letters() {
        let t = Thresholds::default();
        let notice = "Died, on May 4, John Harlan, aged 73 years. Friends are invited to attend the funeral.";
        let s = verify(notice, &misread_every(notice, 10), &t);
        assert!(s.containment >= COVER_FROM && !s.shingles_hold(&t), "{s:?}");
        assert_eq!(s.letter_coverage, None, "fewer than 100 letters: {s:?}");
    }

    #[test]
    fn a_formula_many_documents_print_is_no_content() {
        let formula = "The friends and acquaintances of the family are respectfully invited to attend the \
            funeral from the late residence, without further notice.";
        let names = [
            "Died, on May 3, Walter J. Stone, aged 88 years",
            "Died, on June 9, Clara Benton, aged 61 years",
            "Died, on Aug. 2, Henry P. Adams, aged 70 years",
        ];
        let notices: Vec<String> = names.iter().map(|n| format!("{n}. {formula}")).collect();
        let texts: Vec<&str> = notices.iter().map(String::as_str).chain([STORY]).collect();
        let frequency = DocumentFrequency::for_chars(2_000);
        for t in &texts {
            frequency.add_document(&shingle_set(t));
        }
        let shingled = |t: &str, boilerplate| Shingled::of(t, &frequency, boilerplate);
        let t = Thresholds::default();
        // Whole, two notices are mostly one text; on their content (what
        // fewer than three documents hold), they share nothing.
        assert!(verify(&notices[0], &notices[1], &t).containment > 0.6);
        let (a, b) = (shingled(&notices[0], 2), shingled(&notices[1], 2));
        assert!(compare(&a, &b, &t).containment < 0.1, "{:?}", compare(&a, &b, &t));
        // A text that is all formula is compared whole.
        let bare = shingled(formula, 2);
        assert!(!bare.has_content());
        assert_eq!(compare(&bare, &a, &t), similarity(&bare.all, &a.all));
        // Counted as content (no shingle is in more than 14 documents here), the notices are copies.
        assert!(compare(&shingled(&notices[0], 14), &shingled(&notices[1], 14), &t).containment > 0.6);
    }

    #[test]
    fn rows_of_a_shuffle_give_the_pairs_of_the_documents_keys() {
        // Three documents share band 0's key, the first and the last band 1's;
        // a group past the cap gives nothing.
        let mut keys = vec![vec![7u64, 9]; 3];
        keys[1][1] = 8;
        keys.extend((0..=GROUP_CAP).map(|_| vec![1, 1_000]));
        let want: Vec<(u64, u64)> = candidate_pairs(&keys)
            .into_iter()
            .map(|(a, b)| (a as u64, b as u64))
            .collect();
        assert_eq!(want, [(0, 1), (0, 2), (1, 2)]);
        // Rows in any order, as a shuffle hands them on.
        let mut rows: Vec<(u32, u64, u64)> = keys
            .iter()
            .enumerate()
            .flat_map(|(doc, k)| {
                k.iter()
                    .enumerate()
                    .map(move |(band, &key)| (band as u32, key, doc as u64))
            })
            .rev()
            .collect();
        assert_eq!(candidate_pairs_of_rows(&mut rows), want);
    }

    #[test]
    fn pairs_verify_the_same_in_small_and_large_groups() {
        let texts = [
            STORY.to_string(),
            STORY.replace("bridge", "hridge"),
            "Prices of grain rose again at the market this week, and farmers expect a good harvest."
                .to_string(),
            STORY.split(". Engineers").next().unwrap().to_string(),
            "Prices of grain rose again at the market this week, and farmers expect a good harvest!"
                .to_string(),
        ];
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 3), (2, 4)];
        let frequency = DocumentFrequency::for_chars(2_000);
        let t = Thresholds::default();
        let shingled = |d: usize| Ok::<_, ()>(Shingled::of(&texts[d], &frequency, t.boilerplate));
        let expected: Vec<Verified> = pairs
            .iter()
            .map(|&(a, b)| (a, b, compare(&shingled(a).unwrap(), &shingled(b).unwrap(), &t)))
            .filter(|(_, _, s)| s.is_duplicate(&t))
            .collect();
        assert_eq!(expected.len(), 4, "{expected:?}");
        let small = vec![300; texts.len()];
        assert_eq!(verify_pairs(&pairs, &small, shingled, &t), Ok(expected.clone()));
        // Groups too large to hold are verified a pair at a time: the same answer.
        let large = vec![SHINGLED_AT_ONCE; texts.len()];
        assert_eq!(verify_pairs(&pairs, &large, shingled, &t), Ok(expected));
        // A document that cannot be read stops the verification with its error.
        let failing = |d: usize| {
            if d == 3 {
                Err(d)
            } else {
                Ok(Shingled::of(&texts[d], &frequency, t.boilerplate))
            }
        };
        assert_eq!(verify_pairs(&pairs, &small, failing, &t), Err(3));
    }

    #[test]
    fn coverage_forgives_a_new_headline_and_noise_but_not_text_of_its_own() {
        let frequency = DocumentFrequency::for_chars(2_000);
        let t = Thresholds::default();
        let kept = Shingled::of(STORY, &frequency, t.boilerplate);
        let held = |text: &str| coverage(text, &Shingled::of(text, &frequency, t.boilerplate), &kept);
        // A new headline on top, a line-end hyphen and a misread letter: held.
        let reprint = format!(
            "BRIDGE OPENS AT LAST\n\n{}",
            STORY.replace("ribbon", "rib-\nbon").replace("crowd", "crovvd")
        );
        let c = held(&reprint);
        assert!(c.holds(&t), "{c:?}");
        assert!(c.longest_gap <= 2, "{c:?}");
        // A sentence of its own in the body: not held, however much else is.
        let longer = format!("{STORY} The toll keepers will wear the ferry's old uniforms.");
        let c = held(&longer);
        assert!(c.share > 0.8 && c.longest_gap > 30 && !c.holds(&t), "{c:?}");
        // Only leading short blocks that end no sentence are a headline.
        assert_eq!(body("HEAD\n\nBody text."), "\n\nBody text.");
        assert_eq!(body("A sentence.\n\nBody text."), "A sentence.\n\nBody text.");
        assert_eq!(body("One block only"), "One block only");
    }

    #[test]
    fn a_passage_is_found_in_both_documents() {
        let story = "The harbour commission met on Tuesday to hear the engineers report on the new pier.";
        let a = format!("PIER DELAYED\n\n{story}");
        let b = format!(
            "Other news of the week. Prices of grain rose again. {}",
            story.replace("engineers", "engi-\nneers")
        );
        let p = passage(&a, &b).unwrap();
        let slice = |t: &str, (s, e): (usize, usize)| t.chars().skip(s).take(e - s).collect::<String>();
        // From the first letter to the last: the closing stop is no letter.
        let body = story.trim_end_matches('.');
        assert_eq!(slice(&a, p.a), body, "{p:?}");
        assert_eq!(slice(&b, p.b), body.replace("engineers", "engi-\nneers"), "{p:?}");
        assert_eq!(p.matched, 1.0);
        assert_eq!(p.aligned, 1.0, "a line-end hyphen is no difference");
        let misread = passage(&a, &story.replace("harbour", "harhour")).unwrap();
        assert!(misread.aligned < 1.0 && misread.aligned > 0.95, "{misread:?}");
        // Character offsets, not bytes: the same in Chinese.
        let zh = "新建充电站十九座，充电桩一百一十三根，超额完成全年任务。";
        let p = passage(zh, &format!("本报讯　{zh}")).unwrap();
        assert_eq!(p.a, (0, zh.chars().count()));
        assert_eq!(p.b, (4, 4 + zh.chars().count()));
        assert!(passage("nothing alike here at all", "entirely different words").is_none());
    }

    #[test]
    fn one_story_printed_alone_and_inside_longer_pages_is_one_passage_cluster() {
        let p = |a: (usize, usize), b: (usize, usize)| Passage {
            a,
            b,
            matched: 1.0,
            aligned: 1.0,
        };
        // Document 0 is the story; 1 and 2 print it inside more text; 2 also
        // shares an unrelated notice with 3, at another place of its page.
        let shared = [
            (0, 1, p((0, 100), (40, 140))),
            (0, 2, p((5, 100), (200, 295))),
            (1, 2, p((40, 138), (200, 298))),
            (2, 3, p((500, 560), (0, 60))),
        ];
        let span = |doc, start, end| Span { doc, start, end };
        assert_eq!(
            passage_clusters(&shared),
            [
                vec![span(0, 0, 100), span(1, 40, 140), span(2, 200, 298)],
                vec![span(2, 500, 560), span(3, 0, 60)],
            ]
        );
        assert!(passage_clusters(&[]).is_empty());
    }

    // Changed once, on purpose, when Latin shingles became six-letter runs
    // (issue 17): keys written before then do not match keys written after.
    const GOLDEN_FIRST_BAND_KEY: &str = "cdf8ba1056290db7";

    #[test]
    fn band_keys_are_stable() {
        let s = signature(STORY).unwrap();
        assert_eq!(s.band_keys(), signature(STORY).unwrap().band_keys());
        assert_eq!(s.band_keys().len(), BANDS);
        // Fixed seeds and hash: this value changes only with the shingling, or keys on disk stop matching.
        assert_eq!(format!("{:016x}", s.band_keys()[0]), GOLDEN_FIRST_BAND_KEY);
    }

    #[test]
    fn signature_estimate_tracks_similarity() {
        let a = signature(STORY).unwrap();
        let b = signature(&STORY.replace("river", "rivcr")).unwrap();
        assert!(a.estimate(&b) > 0.7, "{}", a.estimate(&b));
        let c = signature(
            "Prices of grain rose again at the market this week, and farmers expect a good harvest.",
        )
        .unwrap();
        assert!(a.estimate(&c) < 0.2);
    }
}
