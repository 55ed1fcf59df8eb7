//! How many documents of a collection hold each shingle, in memory that
//! grows with the text counted (half a byte a character), not with the
//! shingles' variety: a count-min sketch. It finds boilerplate, the shingles
//! that a formula (a funeral notice, a credit line, a dateline) prints in
//! many different documents, so that a shared formula does not make two
//! stories copies.
//!
//! Counts are four bits, saturate at 15 (boilerplate is decided below
//! that), and are only ever added to: a sketch is the same whatever the
//! order documents come in, threads may count into one sketch at once, and
//! sketches of parts of a collection (a Spark partition's) merge into the
//! sketch of the whole, byte for byte.

use std::sync::atomic::{AtomicU8, Ordering};

/// Rows of the sketch: a shingle's count is the least of its cells, one a row.
const ROWS: usize = 2;
/// Fewest cells a row has.
const MIN_WIDTH_BITS: u32 = 12;
/// Most cells a row has (512 MiB a row).
const MAX_WIDTH_BITS: u32 = 30;
/// A cache line of cells (64 bytes, 128 cells), as a power of two.
const LINE_BITS: u32 = 7;
/// A row's half of a line, as a power of two.
const ROW_BITS: u32 = LINE_BITS - 1;
/// How many shingles ahead a line is fetched: enough to cover a trip to memory.
const PREFETCH_AHEAD: usize = 16;
/// The highest count a cell holds.
pub const MAX_COUNT: u8 = 15;

/// Document counts of shingles, over-estimated only by collisions (rare:
/// a row has a cell for every two characters counted, a shingle at most
/// one a character).
#[derive(Debug)]
pub struct DocumentFrequency {
    width_bits: u32,
    /// Two cells a byte: the even cell in the low four bits.
    lines: Box<[Line]>,
}

/// One cache line of cells, aligned so that a line is one memory access.
#[derive(Debug)]
#[repr(align(64))]
struct Line([AtomicU8; LINE_BYTES]);

/// Bytes of a line.
const LINE_BYTES: usize = 1 << (LINE_BITS - 1);
const _: () = assert!(
    ROWS << ROW_BITS == 1 << LINE_BITS,
    "a line holds one half for each row"
);

impl PartialEq for DocumentFrequency {
    fn eq(&self, other: &Self) -> bool {
        self.to_bytes() == other.to_bytes()
    }
}

/// Adds the cells of `from` to those of `into`, byte for byte: two equal
/// stretches of two sketches' cells (their [`DocumentFrequency::to_bytes`]
/// past the first byte), merged a stretch at a time as [`DocumentFrequency::merge`]
/// merges the whole, so that parts of a sketch can merge on different machines.
pub fn add_counts(into: &mut [u8], from: &[u8]) -> crate::Result<()> {
    if into.len() != from.len() {
        return Err(crate::Error::Options {
            message: format!("{} bytes of sketch cells cannot take {}", into.len(), from.len()),
        });
    }
    for (mine, &theirs) in into.iter_mut().zip(from) {
        *mine = add_cells(*mine, theirs);
    }
    Ok(())
}

/// `a + b` of two bytes of cells, each four-bit cell stopping at [`MAX_COUNT`].
#[inline]
fn add_cells(a: u8, b: u8) -> u8 {
    let low = ((a & 0xF) + (b & 0xF)).min(MAX_COUNT);
    let high = ((a >> 4) + (b >> 4)).min(MAX_COUNT);
    low | high << 4
}

impl DocumentFrequency {
    /// An empty sketch for documents of about `chars` visible characters in all
    /// (the sum of their signatures' sizes): the same size for the same total
    /// on every machine, so that parts counted apart can be merged.
    pub fn for_chars(chars: u64) -> Self {
        let width_bits = (chars / 2)
            .max(1)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(MIN_WIDTH_BITS, MAX_WIDTH_BITS);
        Self::with_bytes(width_bits, |_| 0)
    }

    fn with_bytes(width_bits: u32, value: impl Fn(usize) -> u8) -> Self {
        DocumentFrequency {
            width_bits,
            lines: (0..Self::bytes_for(width_bits) / LINE_BYTES)
                .map(|line| {
                    Line(std::array::from_fn(|i| {
                        AtomicU8::new(value(line * LINE_BYTES + i))
                    }))
                })
                .collect(),
        }
    }

    /// Bytes of a sketch of `width_bits`: a cell a row for each of 2^width_bits, two cells a byte.
    fn bytes_for(width_bits: u32) -> usize {
        (ROWS << width_bits) / 2
    }

    /// The byte holding `cell`.
    fn byte(&self, cell: usize) -> &AtomicU8 {
        &self.lines[cell / (2 * LINE_BYTES)].0[(cell / 2) % LINE_BYTES]
    }

    /// Every byte, in order.
    fn bytes(&self) -> impl Iterator<Item = &AtomicU8> {
        self.lines.iter().flat_map(|line| &line.0)
    }

    /// The cell of `shingle` in `row`. A shingle's cells share one cache
    /// line of 128 cells, a half for each row (one memory access where two
    /// rows apart take two): the line from the hash's top bits, the cell in
    /// each half from six low bits, other bits for each row (shingle hashes
    /// are already mixed).
    fn cell(&self, shingle: u64, row: usize) -> usize {
        let line = (shingle >> (64 - (self.width_bits + 1 - LINE_BITS))) as usize;
        let within = (shingle >> (ROW_BITS * row as u32)) as usize & ((1 << ROW_BITS) - 1);
        (line << LINE_BITS) + (row << ROW_BITS) + within
    }

    /// Adds one to a cell, stopping at [`MAX_COUNT`].
    fn increment(&self, cell: usize) {
        let one = 1u8 << (4 * (cell & 1));
        // The closure always returns Some: the update cannot fail.
        let _ = self
            .byte(cell)
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| Some(add_cells(b, one)));
    }

    /// Asks the processor to fetch the line of `shingle` ahead of its use:
    /// a sketch is far larger than the caches, and a shingle's line is a
    /// random one, so each count waits on memory unless fetched early.
    #[inline]
    fn prefetch(&self, shingle: u64) {
        let line: *const Line = &self.lines[self.cell(shingle, 0) >> LINE_BITS];
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch only hints the cache; any address is allowed, and this one is in bounds.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>(line.cast());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = line;
    }

    /// Counts one document: `shingles` are its distinct shingles (each
    /// once). Threads may count documents into one sketch at once.
    pub fn add_document(&self, shingles: &[u64]) {
        for h in self.fetching_ahead(shingles) {
            for row in 0..ROWS {
                self.increment(self.cell(h, row));
            }
        }
    }

    /// The shingles of `shingles` that at most `max` documents hold, in order.
    pub fn at_most(&self, shingles: &[u64], max: u8) -> Vec<u64> {
        self.fetching_ahead(shingles)
            .filter(|&h| self.documents(h) <= max)
            .collect()
    }

    /// `shingles` in order, each one's line asked for [`PREFETCH_AHEAD`] shingles before it comes.
    fn fetching_ahead<'a>(&'a self, shingles: &'a [u64]) -> impl Iterator<Item = u64> + 'a {
        shingles.iter().enumerate().map(move |(i, &h)| {
            if let Some(&ahead) = shingles.get(i + PREFETCH_AHEAD) {
                self.prefetch(ahead);
            }
            h
        })
    }

    /// Adds the counts of `other`, a sketch of other documents of the same size.
    pub fn merge(&self, other: &DocumentFrequency) -> crate::Result<()> {
        if other.width_bits != self.width_bits {
            return Err(crate::Error::Options {
                message: format!(
                    "sketches of {} and {} cells a row cannot be merged",
                    1u64 << self.width_bits,
                    1u64 << other.width_bits
                ),
            });
        }
        for (mine, theirs) in self.bytes().zip(other.bytes()) {
            let add = theirs.load(Ordering::Relaxed);
            let _ = mine.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| Some(add_cells(b, add)));
        }
        Ok(())
    }

    /// How many documents hold `shingle` (at least; up to [`MAX_COUNT`]).
    pub fn documents(&self, shingle: u64) -> u8 {
        (0..ROWS)
            .map(|row| {
                let cell = self.cell(shingle, row);
                (self.byte(cell).load(Ordering::Relaxed) >> (4 * (cell & 1))) & 0xF
            })
            .min()
            .unwrap_or(0)
    }

    /// The sketch as bytes (its width, then its cells), to ship between processes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(1 + Self::bytes_for(self.width_bits));
        bytes.push(self.width_bits as u8);
        bytes.extend(self.bytes().map(|c| c.load(Ordering::Relaxed)));
        bytes
    }

    /// A sketch from [`DocumentFrequency::to_bytes`]; an error for bytes that are no sketch.
    pub fn from_bytes(bytes: &[u8]) -> crate::Result<Self> {
        let bad = || crate::Error::Options {
            message: format!("{} bytes are no shingle frequency sketch", bytes.len()),
        };
        let (&width_bits, cells) = bytes.split_first().ok_or_else(bad)?;
        let width_bits = u32::from(width_bits);
        if !(MIN_WIDTH_BITS..=MAX_WIDTH_BITS).contains(&width_bits)
            || cells.len() != Self::bytes_for(width_bits)
        {
            return Err(bad());
        }
        Ok(Self::with_bytes(width_bits, |i| cells[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shingle hashes as the shingler makes them: mixed bits.
    const A: u64 = 0x9E37_79B9_7F4A_7C15;
    const B: u64 = 0xC2B2_AE3D_27D4_EB4F;
    const C: u64 = 0x1656_67B1_9E37_79F9;
    const NEVER: u64 = 0x27D4_EB2F_1656_67C5;

    #[test]
    fn counts_documents_merges_in_any_order_and_round_trips() {
        let docs: [&[u64]; 3] = [&[A, B], &[A], &[A, C]];
        let whole = DocumentFrequency::for_chars(100);
        for d in docs {
            whole.add_document(d);
        }
        assert_eq!([A, B, C, NEVER].map(|h| whole.documents(h)), [3, 1, 1, 0]);
        // Two parts counted apart, merged either way: the same sketch.
        let (a, b) = (
            DocumentFrequency::for_chars(100),
            DocumentFrequency::for_chars(100),
        );
        a.add_document(docs[2]);
        b.add_document(docs[0]);
        b.add_document(docs[1]);
        let ab = DocumentFrequency::from_bytes(&a.to_bytes()).unwrap();
        ab.merge(&b).unwrap();
        b.merge(&a).unwrap();
        assert_eq!(ab, whole);
        assert_eq!(b, whole);
        assert_eq!(DocumentFrequency::from_bytes(&whole.to_bytes()).unwrap(), whole);
        // Sketches of other sizes and bytes that are no sketch are refused.
        assert!(whole.merge(&DocumentFrequency::for_chars(1 << 20)).is_err());
        assert!(DocumentFrequency::from_bytes(&[12, 0, 0]).is_err());
        assert!(DocumentFrequency::from_bytes(&[]).is_err());
    }

    #[test]
    fn documents_longer_than_the_fetch_ahead_count_and_filter_every_shingle() {
        // 200 mixed hashes, sorted as a shingle set is; shingle i is in (i % 5) + 1 documents.
        let mut hashes: Vec<u64> = (1..=200u64)
            .map(|i| i.wrapping_mul(A).rotate_left(17) ^ C)
            .collect();
        hashes.sort_unstable();
        let s = DocumentFrequency::for_chars(1 << 16);
        for copies in 1..=5 {
            let doc: Vec<u64> = (0..hashes.len())
                .filter(|i| i % 5 + 1 >= copies)
                .map(|i| hashes[i])
                .collect();
            s.add_document(&doc);
        }
        let counts: Vec<u8> = hashes.iter().map(|&h| s.documents(h)).collect();
        assert_eq!(counts, (0..200).map(|i| (i % 5 + 1) as u8).collect::<Vec<_>>());
        let rare: Vec<u64> = (0..200).filter(|i| i % 5 < 2).map(|i| hashes[i]).collect();
        assert_eq!(s.at_most(&hashes, 2), rare);
        assert_eq!(s.at_most(&hashes, MAX_COUNT), hashes);
        assert!(s.at_most(&hashes, 0).is_empty());
    }

    #[test]
    fn sketches_merged_a_stretch_at_a_time_are_the_sketch_merged_whole() {
        let (a, b) = (DocumentFrequency::for_chars(10), DocumentFrequency::for_chars(10));
        for h in 0..40_000u64 {
            a.add_document(&[h * 7919]);
            b.add_document(&[h * 7919 % 10_007]);
        }
        let (mut parts, theirs) = (a.to_bytes(), b.to_bytes());
        for (mine, from) in parts[1..].chunks_mut(100).zip(theirs[1..].chunks(100)) {
            add_counts(mine, from).unwrap();
        }
        a.merge(&b).unwrap();
        assert_eq!(parts, a.to_bytes());
        assert!(add_counts(&mut [0u8; 2], &[0u8; 3]).is_err());
    }

    #[test]
    fn counts_saturate_instead_of_wrapping_into_the_next_cell() {
        let s = DocumentFrequency::for_chars(10);
        for _ in 0..40 {
            s.add_document(&[A]);
        }
        assert_eq!(s.documents(A), MAX_COUNT);
        assert_eq!(s.documents(B), 0);
        let merged = DocumentFrequency::from_bytes(&s.to_bytes()).unwrap();
        merged.merge(&s).unwrap();
        assert_eq!(merged.documents(A), MAX_COUNT);
    }
}
