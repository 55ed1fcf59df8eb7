//! Hash tables built at compile time and read in place: `build.rs` writes
//! the shipped English word list and Chinese character statistics as
//! open-addressing tables of `u64` keys and values, and a run looks them up in the bytes the binary carries
//! instead of filling hash maps first. `build.rs` includes this file too,
//! so that both place a key by the same [`slot`].

/// The key of a free slot (no character key reaches it: a character has
/// 21 bits, three of them 63).
pub const FREE: u64 = u64::MAX;

/// Where `key`'s search starts in a table of 2^`bits` slots (Fibonacci
/// hashing: the top bits of the key times 2^64 / φ); the search goes on
/// to the next slot, round the end, until the key or a free slot.
pub fn slot(key: u64, bits: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// The key a text is filed under: FNV-1a of its bytes, never [`FREE`]. Two
/// texts may share one; a table of texts keeps the text to compare.
pub fn text_key(text: &[u8]) -> u64 {
    let hash = text.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    hash.min(FREE - 1)
}

/// A table of (key, value) slots, both little-endian `u64`, its number of
/// slots a power of two.
#[derive(Clone, Copy)]
pub struct Table {
    bytes: &'static [u8],
    bits: u32,
}

impl Table {
    /// The table in `bytes`, as `build.rs` wrote it.
    pub const fn new(bytes: &'static [u8]) -> Table {
        let slots = bytes.len() / 16;
        assert!(slots.is_power_of_two() && slots * 16 == bytes.len());
        Table {
            bytes,
            bits: slots.trailing_zeros(),
        }
    }

    /// The value stored under `key`.
    pub fn get(self, key: u64) -> Option<u64> {
        let mask = (1usize << self.bits) - 1;
        let mut at = slot(key, self.bits);
        loop {
            let found = word(self.bytes, 2 * at);
            if found == key {
                return Some(word(self.bytes, 2 * at + 1));
            }
            if found == FREE {
                return None;
            }
            at = (at + 1) & mask;
        }
    }
}

/// The `i`th little-endian `u64` of `bytes`.
pub fn word(bytes: &[u8], i: usize) -> u64 {
    let at = 8 * i;
    let mut le = [0u8; 8];
    le.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(le)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        // Four slots: 7 and 11 where their search starts or after it.
        let mut slots = [(FREE, 0u64); 4];
        for (key, value) in [(7u64, 70u64), (11, 110)] {
            let mut at = slot(key, 2);
            while slots[at].0 != FREE {
                at = (at + 1) % 4;
            }
            slots[at] = (key, value);
        }
        let bytes: Vec<u8> = slots
            .iter()
            .flat_map(|&(k, v)| k.to_le_bytes().into_iter().chain(v.to_le_bytes()))
            .collect();
        let table = Table::new(Box::leak(bytes.into_boxed_slice()));
        assert_eq!(table.get(7), Some(70));
        assert_eq!(table.get(11), Some(110));
        assert_eq!(table.get(8), None);
    }
}
