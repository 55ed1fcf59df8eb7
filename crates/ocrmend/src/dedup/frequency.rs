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
/// The highest count a cell holds.
pub const MAX_COUNT: u8 = 15;

/// Document counts of shingles, over-estimated only by collisions (rare:
/// a row has a cell for every two characters counted, a shingle at most
/// one a character).
#[derive(Debug)]
pub struct DocumentFrequency {
    width_bits: u32,
    /// Two cells a byte: the even cell in the low four bits.
    cells: Box<[AtomicU8]>,
}

impl PartialEq for DocumentFrequency {
    fn eq(&self, other: &Self) -> bool {
        self.to_bytes() == other.to_bytes()
    }
}

/// `a + b` of two bytes of cells, each four-bit cell stopping at [`MAX_COUNT`].
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
            cells: (0..(ROWS << width_bits) / 2)
                .map(|i| AtomicU8::new(value(i)))
                .collect(),
        }
    }

    /// The cell of `shingle` in `row`: a row's cell comes from its own bits of the hash
    /// (shingle hashes are already mixed; the rows read different bits).
    fn cell(&self, shingle: u64, row: usize) -> usize {
        let bits = shingle.rotate_left(32 * row as u32) >> (64 - self.width_bits);
        (row << self.width_bits) + bits as usize
    }

    /// Adds one to a cell, stopping at [`MAX_COUNT`].
    fn increment(&self, cell: usize) {
        let one = 1u8 << (4 * (cell & 1));
        // The closure always returns Some: the update cannot fail.
        let _ = self.cells[cell / 2]
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| Some(add_cells(b, one)));
    }

    /// Counts one document: `shingles` are its distinct shingles (each
    /// once). Threads may count documents into one sketch at once.
    pub fn add_document(&self, shingles: &[u64]) {
        for &h in shingles {
            for row in 0..ROWS {
                self.increment(self.cell(h, row));
            }
        }
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
        for (mine, theirs) in self.cells.iter().zip(other.cells.iter()) {
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
                (self.cells[cell / 2].load(Ordering::Relaxed) >> (4 * (cell & 1))) & 0xF
            })
            .min()
            .unwrap_or(0)
    }

    /// The sketch as bytes (its width, then its cells), to ship between processes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(1 + self.cells.len());
        bytes.push(self.width_bits as u8);
        bytes.extend(self.cells.iter().map(|c| c.load(Ordering::Relaxed)));
        bytes
    }

    /// A sketch from [`DocumentFrequency::to_bytes`]; an error for bytes that are no sketch.
    pub fn from_bytes(bytes: &[u8]) -> crate::Result<Self> {
        let bad = || crate::Error::Options {
            message: format!("{} bytes are no shingle frequency sketch", bytes.len()),
        };
        let (&width_bits, cells) = bytes.split_first().ok_or_else(bad)?;
        let width_bits = u32::from(width_bits);
        if !(MIN_WIDTH_BITS..=MAX_WIDTH_BITS).contains(&width_bits) || cells.len() != (ROWS << width_bits) / 2
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
        assert!(whole.merge(&DocumentFrequency::for_chars(1 << 30)).is_err());
        assert!(DocumentFrequency::from_bytes(&[12, 0, 0]).is_err());
        assert!(DocumentFrequency::from_bytes(&[]).is_err());
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
