//! Shingles: what copies of one text are compared on, inside a page and
//! across a collection. Text is folded (whitespace dropped, full-width forms
//! as ASCII, quotes and dashes one form), cut into runs (three characters
//! in CJK; elsewhere two words inside a page, six letters or digits across a
//! collection), and hashed the same way on every machine.

use crate::analyze::chars::LetterClass;
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
    for_each_shingle_at(text, shingling, |h, _| visit(h))
}

/// [`for_each_shingle`], with where each shingle is: the byte range of
/// `text` from its first character (or word) to the end of its last.
pub(crate) fn for_each_shingle_at(
    text: &str,
    shingling: Shingling,
    mut visit: impl FnMut(u64, std::ops::Range<usize>),
) -> usize {
    match shingling {
        Shingling::Chars(_) | Shingling::Letters(_) => char_runs(text, shingling, visit),
        Shingling::Words(n) => {
            let (mut size, mut words) = (0, 0);
            let mut window = [0u64; 8];
            let mut starts = [0usize; 8];
            for word in text
                .split(|c: char| !c.is_letter_or_number())
                .filter(|w| !w.is_empty())
            {
                size += word.len();
                let h = word.chars().map(normalize).fold(SHINGLE_SEED, |h, c| {
                    h.wrapping_mul(BASE).wrapping_add(u64::from(c))
                });
                // A word's place: its slice's offset in `text`.
                let at = word.as_ptr() as usize - text.as_ptr() as usize;
                window.copy_within(1..n, 0);
                starts.copy_within(1..n, 0);
                window[n - 1] = h;
                starts[n - 1] = at;
                words += 1;
                if words >= n {
                    let h = window[..n]
                        .iter()
                        .fold(SHINGLE_SEED, |h, &w| h.wrapping_mul(BASE) ^ w);
                    visit(mix(h), starts[0]..at + word.len());
                }
            }
            size
        }
    }
}

/// The lower case of `c` (its first character when lowering gives more),
/// without Unicode's tables for ASCII.
fn fold_case(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Calls `visit` with each character of `text` that character shingles
/// are cut from: its byte range and the form it is compared in. These are
/// every visible character (CJK), or letters and digits case folded
/// (Latin script, six-letter runs); word shingles compare words: none.
/// ASCII is read byte by byte (it needs neither decoding nor Unicode's
/// tables, and is most of a Latin collection), the rest char by char.
pub(crate) fn each_compared_char(
    text: &str,
    shingling: Shingling,
    mut visit: impl FnMut(std::ops::Range<usize>, char),
) {
    let letters = match shingling {
        Shingling::Chars(_) => false,
        Shingling::Letters(_) => true,
        Shingling::Words(_) => return,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            // ASCII is its own compared form, but for case: one table look-up.
            let compared = if letters {
                LETTERS[usize::from(b)]
            } else {
                VISIBLE[usize::from(b)]
            };
            if compared != SKIPPED {
                visit(at..at + 1, char::from(compared));
            }
            at += 1;
            continue;
        }
        // Not ASCII: `at` is on a character boundary, and a character follows.
        let Some(c) = text[at..].chars().next() else { break };
        let range = at..at + c.len_utf8();
        at = range.end;
        if letters && c.is_letter_or_number() {
            visit(range, normalize(fold_case(c)));
        } else if !letters && !c.is_whitespace() {
            visit(range, normalize(c));
        }
    }
}

/// What each ASCII byte is compared as: [`SKIPPED`], or its compared form.
type AsciiTable = [u8; 128];

/// An ASCII byte that is not compared.
const SKIPPED: u8 = 0xFF;

/// ASCII as letter shingles read it: letters and digits, case folded.
const LETTERS: AsciiTable = ascii_table(true);

/// ASCII as character shingles read it: all but whitespace.
const VISIBLE: AsciiTable = ascii_table(false);

/// The table of [`LETTERS`] (`letters`) or [`VISIBLE`].
const fn ascii_table(letters: bool) -> AsciiTable {
    let mut table = [SKIPPED; 128];
    let mut b = 0u8;
    while b < 128 {
        let compared = if letters {
            b.is_ascii_alphanumeric()
        } else {
            // char::is_whitespace on ASCII: tab to carriage return, and space.
            !matches!(b, 0x09..=0x0D | b' ')
        };
        if compared {
            table[b as usize] = if letters { b.to_ascii_lowercase() } else { b };
        }
        b += 1;
    }
    table
}

/// Multiplier of the shingle polynomial.
const BASE: u64 = 0x100_0000_01B3;

/// Runs of `n` of the characters [`each_compared_char`] reads. The run's
/// polynomial is rolled (the leaving character's term taken out, the
/// arriving one's put in): wrapping arithmetic makes it equal, bit for bit,
/// to folding the run's characters afresh. Returns the count of characters.
fn char_runs(text: &str, shingling: Shingling, mut visit: impl FnMut(u64, std::ops::Range<usize>)) -> usize {
    let n = shingling.width();
    // The run's characters and where each starts, in a ring of eight (a
    // run is at most eight): the k-th character read goes in slot k mod 8.
    let mut window = [0u64; 8];
    let mut starts = [0usize; 8];
    // SEED * BASE^n, and BASE^(n-1): the weights of the seed and the leaving character.
    let seeded = (0..n).fold(SHINGLE_SEED, |h, _| h.wrapping_mul(BASE));
    let leaving = (1..n).fold(1u64, |h, _| h.wrapping_mul(BASE));
    let mut rolled = 0u64;
    let mut size = 0usize;
    each_compared_char(text, shingling, |at, c| {
        let c = u64::from(u32::from(c));
        // The character n places back leaves (a zero before the first n).
        let gone = window[size.wrapping_sub(n) & 7];
        rolled = rolled
            .wrapping_sub(gone.wrapping_mul(leaving))
            .wrapping_mul(BASE)
            .wrapping_add(c);
        window[size & 7] = c;
        starts[size & 7] = at.start;
        size += 1;
        if size >= n {
            let first = starts[(size - n) & 7];
            visit(mix(seeded.wrapping_add(rolled)), first..at.end);
        }
    });
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
    // At most a shingle a byte: one allocation.
    let mut hashes = Vec::with_capacity(text.len());
    for_each_shingle(text, shingling, |h| hashes.push(h));
    let mut hashes = sort_hashes(hashes);
    hashes.dedup();
    hashes
}

/// `hashes` sorted. Shingle hashes are spread evenly, so they are dealt
/// into buckets by their top bits (four a bucket on average), and each
/// bucket is sorted by insertion: a few steps a hash, where a comparison
/// sort takes a dozen.
fn sort_hashes(mut hashes: Vec<u64>) -> Vec<u64> {
    if hashes.len() < 64 {
        hashes.sort_unstable();
        return hashes;
    }
    let bits = (hashes.len() / 4).next_power_of_two().trailing_zeros();
    let bucket = |h: u64| (h >> (64 - bits)) as usize;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &h in &hashes {
        starts[bucket(h) + 1] += 1;
    }
    for b in 0..1 << bits {
        starts[b + 1] += starts[b];
    }
    let mut sorted = vec![0u64; hashes.len()];
    let mut next = starts.clone();
    for &h in &hashes {
        let slot = &mut next[bucket(h)];
        sorted[*slot] = h;
        *slot += 1;
    }
    for b in 0..1 << bits {
        let run = &mut sorted[starts[b]..starts[b + 1]];
        for i in 1..run.len() {
            let h = run[i];
            let mut j = i;
            while j > 0 && run[j - 1] > h {
                run[j] = run[j - 1];
                j -= 1;
            }
            run[j] = h;
        }
    }
    sorted
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte-by-byte reading of ASCII gives what reading every
        /// character through Unicode's tables gives.
        #[test]
        fn each_compared_char_reads_ascii_as_unicode_reads_it(
            text in "[a-zA-Z0-9 \\t\\n\\x0b\\x0c\\r\\x1c\\x85\\xa0,.;'\"İıßÆéＡ２，。“—漢字　\\u{2028}-]{0,40}"
        ) {
            for shingling in [Shingling::Chars(3), Shingling::Letters(6)] {
                let by_char: Vec<(std::ops::Range<usize>, char)> = text
                    .char_indices()
                    .filter_map(|(i, c)| {
                        let range = i..i + c.len_utf8();
                        match shingling {
                            Shingling::Chars(_) => (!c.is_whitespace()).then(|| (range, normalize(c))),
                            _ => c.is_letter_or_number().then(|| (range, normalize(fold_case(c)))),
                        }
                    })
                    .collect();
                let mut read = Vec::new();
                each_compared_char(&text, shingling, |at, c| read.push((at, c)));
                proptest::prop_assert_eq!(read, by_char);
            }
        }
    }

    #[test]
    fn hashes_sort_as_a_comparison_sort_sorts_them() {
        let mut next = 0x9E37_79B9_7F4A_7C15u64;
        for len in [0, 1, 63, 64, 65, 1000, 4099] {
            let mut hashes: Vec<u64> = (0..len)
                .map(|i| {
                    next = mix(next.wrapping_add(i));
                    // Repeats and a skewed few, as a text's shingles have.
                    if i % 7 == 0 {
                        42
                    } else {
                        next
                    }
                })
                .collect();
            let sorted = sort_hashes(hashes.clone());
            hashes.sort_unstable();
            assert_eq!(sorted, hashes, "{len} hashes");
        }
    }
}
