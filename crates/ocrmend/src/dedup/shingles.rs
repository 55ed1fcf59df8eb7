//! Shingles: what copies of one text are compared on, inside a page and
//! across a collection. Text is folded (whitespace dropped, full-width forms
//! as ASCII, quotes and dashes one form), cut into runs (three characters
//! in CJK, two words elsewhere), and hashed the same way on every machine.

use crate::model::Script;

/// Seed of shingle hashes; fixed so that sketches match across runs and machines.
const SHINGLE_SEED: u64 = 0x6f63_726d_656e_6402;

/// The characters copies are compared on: everything but whitespace.
pub(crate) fn visible(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| !c.is_whitespace()).map(normalize)
}

/// The form copies are compared in: full-width forms as their ASCII
/// (`２０２２` = `2022`, `，` = `,`), curly quotes straight, dashes one dash,
/// `。`/`、` as `.`/`,`. OCR and typesetting vary these between copies.
pub(crate) fn normalize(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '“' | '”' | '„' | '«' | '»' | '「' | '」' => '"',
        '‘' | '’' | '『' | '』' => '\'',
        '—' | '–' | '‐' | '‑' => '-',
        '。' => '.',
        '、' => ',',
        _ => c,
    }
}

pub(crate) fn visible_len(text: &str) -> usize {
    visible(text).count()
}

/// How a block is cut into shingles: three-character runs for CJK, where a
/// character is about a syllable; two-word runs elsewhere, where hashing
/// every character would cost five times as much for the same evidence.
#[derive(Clone, Copy)]
pub(crate) enum Shingling {
    Chars(usize),
    Words(usize),
    Letters(usize),
}

impl Shingling {
    pub(crate) fn of(script: Script) -> Self {
        match script {
            Script::Cjk => Shingling::Chars(3),
            _ => Shingling::Words(2),
        }
    }

    /// Characters (or words) a shingle spans.
    pub(crate) fn width(self) -> usize {
        match self {
            Shingling::Chars(n) | Shingling::Words(n) | Shingling::Letters(n) => n,
        }
    }

    /// How a collection's documents are cut: Chinese as in a page; Latin
    /// script as runs of six letters or digits, case folded, everything
    /// else skipped, so that a word split at a line-end hyphen in one copy
    /// and whole in another (`commis-`/`sion`), or words run together or
    /// split in a headline's OCR, give the same shingles (two-word runs
    /// lose both). Six, of four to seven tried, separated the copies of
    /// the real-OCR reprint set's dev split best.
    pub(crate) fn collection(script: Script) -> Self {
        match script {
            Script::Cjk => Shingling::Chars(3),
            _ => Shingling::Letters(6),
        }
    }
}

/// Hashes of the shingles of `text` (whitespace ignored), with a fixed
/// polynomial over the code points finished by the SplitMix64 mix: the same on
/// every machine, and no allocation per shingle. Calls `visit` with each
/// hash and returns the count of visible characters.
pub(crate) fn for_each_shingle(text: &str, shingling: Shingling, mut visit: impl FnMut(u64)) -> usize {
    const BASE: u64 = 0x100_0000_01B3;
    let mut size = 0;
    match shingling {
        Shingling::Chars(n) => {
            let mut window = [0u32; 8];
            for c in visible(text) {
                window.copy_within(1..n, 0);
                window[n - 1] = u32::from(c);
                size += 1;
                if size >= n {
                    let h = window[..n].iter().fold(SHINGLE_SEED, |h, &c| {
                        h.wrapping_mul(BASE).wrapping_add(u64::from(c))
                    });
                    visit(mix(h));
                }
            }
        }
        Shingling::Letters(n) => {
            let mut window = [0u32; 8];
            for c in text.chars().filter(|c| c.is_alphanumeric()) {
                let c = normalize(c.to_lowercase().next().unwrap_or(c));
                window.copy_within(1..n, 0);
                window[n - 1] = u32::from(c);
                size += 1;
                if size >= n {
                    let h = window[..n].iter().fold(SHINGLE_SEED, |h, &c| {
                        h.wrapping_mul(BASE).wrapping_add(u64::from(c))
                    });
                    visit(mix(h));
                }
            }
        }
        Shingling::Words(n) => {
            let mut window = [0u64; 8];
            let mut words = 0;
            for word in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                size += word.len();
                let h = word.chars().map(normalize).fold(SHINGLE_SEED, |h, c| {
                    h.wrapping_mul(BASE).wrapping_add(u64::from(c))
                });
                window.copy_within(1..n, 0);
                window[n - 1] = h;
                words += 1;
                if words >= n {
                    visit(mix(window[..n]
                        .iter()
                        .fold(SHINGLE_SEED, |h, &w| h.wrapping_mul(BASE) ^ w)));
                }
            }
        }
    }
    size
}

/// The SplitMix64 finaliser: spreads a hash's bits evenly.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// All distinct shingle hashes, sorted: built only for candidate pairs.
pub(crate) fn shingles(text: &str, shingling: Shingling) -> Vec<u64> {
    let mut hashes = Vec::new();
    for_each_shingle(text, shingling, |h| hashes.push(h));
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Elements common to two sorted, distinct lists.
pub(crate) fn count_shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
