//! Compiles the shipped word and character tables (`data/`) into structures
//! the library carries in its binary and reads in place, so that a run
//! builds no dictionary or hash map first:
//! - jieba's dictionary (`data/zh-words.tsv`: a word and its frequency a
//!   line, sorted by the word's bytes) into a character trie (`zh_words`);
//! - the character statistics (`data/zh-chars.tsv`) and the English word
//!   list (`data/en-wordfreq.tsv`) into hash tables (`static_table`, read
//!   by `lm`).
//!
//! The trie's nodes are numbered breadth first, so that the children of a
//! node are consecutive nodes, in the order of their characters. Each of
//! these files is an array of little-endian `u32`, one per node unless said:
//! - `zh-words-children.bin`: where the node's children start (one more
//!   entry than nodes, so that the next node's entry ends them);
//! - `zh-words-chars.bin`: the character on the edge into the node (0 for
//!   the root);
//! - `zh-words-frequencies.bin`: the frequency of the word the node ends, 0
//!   if it ends none;
//! - `zh-words-first.bin`: per character of the CJK unified ideographs block
//!   (U+4E00–U+9FFF), the root's child for it, 0 if none: the first step of
//!   every walk, taken without a search.
//!
//! `zh-words-total.rs` holds the sum of the frequencies.
//!
//! The statistics' tables, keyed by a character, a pair or a triple
//! (`(a << 21 | b) << 21 | c`: a character has 21 bits), each a
//! `zh-chars-*.bin` of `static_table`'s slots: the `unigram`, `bigram`,
//! `trigram`, `start` (sentence openers) and `start-bigram` counts; per
//! pair, the `history` of the trigrams it starts (their counts summed, in
//! the high 32 bits, and how many there are); per character, where its
//! `successors` (the bigrams it starts, most frequent first) lie in
//! `successor-list` (start in the high 32 bits, length in the low), whose
//! entries are a character (high) and a count (low). `zh-chars-totals.rs`
//! holds the unigram and sentence-start counts summed.
//!
//! The English words: `en-words.txt`, each word and a newline, and
//! `en-words-table.bin`, a table keyed by each word's `text_key`, its value
//! where the word starts in `en-words.txt` (high 32 bits) and its Zipf
//! frequency (low, an `f32`'s bits).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[allow(dead_code)] // The library's half of it: build.rs only places keys.
#[path = "src/static_table.rs"]
mod static_table;

/// The CJK unified ideographs, whose first step has a table.
const FIRST: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/static_table.rs");
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    compile_words(out);
    compile_chars(out);
    compile_english(out);
}

/// Writes `bytes` to `out/name`.
fn write(out: &Path, name: &str, bytes: impl IntoIterator<Item = u8>) {
    let bytes: Vec<u8> = bytes.into_iter().collect();
    std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// The source file `source`, which the build reruns for when it changes.
fn read_source(source: &str) -> String {
    println!("cargo:rerun-if-changed={source}");
    std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"))
}

/// jieba's dictionary into the character trie.
fn compile_words(out: &Path) {
    let source = "data/zh-words.tsv";
    let text = read_source(source);

    let mut words: Vec<(Vec<char>, u32)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let at = || format!("{source}:{}", number + 1);
        let (word, frequency) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{}: no tab", at()));
        let frequency: u32 = frequency
            .parse()
            .unwrap_or_else(|e| panic!("{}: frequency: {e}", at()));
        let word: Vec<char> = word.chars().collect();
        assert!(
            !word.is_empty() && frequency > 0,
            "{}: an empty word or a zero frequency",
            at()
        );
        if let Some((last, _)) = words.last() {
            assert!(*last < word, "{}: out of order or repeated", at());
        }
        words.push((word, frequency));
    }

    // Every prefix of a word is a node; those of one length come in sorted
    // order from the sorted words, and so grouped by their parent.
    let mut ids: HashMap<&[char], u32> = HashMap::from([(&[][..], 0)]);
    let mut prefixes: Vec<&[char]> = vec![&[]];
    let longest = words.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
    for length in 1..=longest {
        for (word, _) in words.iter().filter(|(w, _)| w.len() >= length) {
            let prefix = &word[..length];
            if prefixes.last() != Some(&prefix) {
                ids.insert(prefix, prefixes.len() as u32);
                prefixes.push(prefix);
            }
        }
    }
    let mut children = vec![0u32; prefixes.len()];
    for prefix in &prefixes[1..] {
        children[ids[&prefix[..prefix.len() - 1]] as usize] += 1;
    }
    let mut starts = Vec::with_capacity(prefixes.len() + 1);
    let mut next = 1u32;
    for count in &children {
        starts.push(next);
        next += count;
    }
    starts.push(next);
    let chars: Vec<u32> = prefixes
        .iter()
        .map(|p| p.last().map_or(0, |&c| c as u32))
        .collect();
    let mut frequencies = vec![0u32; prefixes.len()];
    for (word, frequency) in &words {
        frequencies[ids[&word[..]] as usize] = *frequency;
    }
    let first: Vec<u32> = FIRST
        .map(|c| {
            char::from_u32(c)
                .and_then(|c| ids.get(&[c][..]).copied())
                .unwrap_or(0)
        })
        .collect();
    let total: u64 = words.iter().map(|&(_, f)| u64::from(f)).sum();

    for (name, values) in [
        ("zh-words-children.bin", &starts),
        ("zh-words-chars.bin", &chars),
        ("zh-words-frequencies.bin", &frequencies),
        ("zh-words-first.bin", &first),
    ] {
        write(out, name, values.iter().flat_map(|v| v.to_le_bytes()));
    }
    std::fs::write(out.join("zh-words-total.rs"), format!("{total}\n")).expect("write zh-words-total.rs");
}

/// A table of `static_table`'s slots holding `entries`, at most 2/3 full.
fn table(entries: &BTreeMap<u64, u64>) -> Vec<u64> {
    let slots = (entries.len() * 3 / 2 + 1).next_power_of_two().max(2);
    let bits = slots.trailing_zeros();
    let mut table = vec![(static_table::FREE, 0u64); slots];
    for (&key, &value) in entries {
        assert_ne!(key, static_table::FREE);
        let mut at = static_table::slot(key, bits);
        while table[at].0 != static_table::FREE {
            at = (at + 1) % slots;
        }
        table[at] = (key, value);
    }
    table.into_iter().flat_map(|(k, v)| [k, v]).collect()
}

/// The Chinese character statistics into their tables.
fn compile_chars(out: &Path) {
    let source = "data/zh-chars.tsv";
    let text = read_source(source);
    let key = |chars: &[char]| chars.iter().fold(0u64, |key, &c| key << 21 | u64::from(c));
    let mut tables: BTreeMap<&str, BTreeMap<u64, u64>> = BTreeMap::new();
    let mut successors: BTreeMap<char, Vec<(char, u32)>> = BTreeMap::new();
    let (mut total, mut total_starts) = (0u64, 0u64);
    for (number, line) in text.lines().enumerate() {
        let at = || format!("{source}:{}", number + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        let [kind, chars, count] = fields[..] else {
            panic!("{}: not three fields", at());
        };
        let count: u32 = count.parse().unwrap_or_else(|e| panic!("{}: count: {e}", at()));
        let chars: Vec<char> = chars.chars().collect();
        let name = match (kind, chars.len()) {
            ("u", 1) => {
                total += u64::from(count);
                "unigram"
            }
            ("b", 2) => {
                successors.entry(chars[0]).or_default().push((chars[1], count));
                "bigram"
            }
            ("t", 3) => {
                let history = tables
                    .entry("history")
                    .or_default()
                    .entry(key(&chars[..2]))
                    .or_default();
                *history += u64::from(count) << 32 | 1;
                "trigram"
            }
            ("s", 1) => {
                total_starts += u64::from(count);
                "start"
            }
            ("S", 2) => "start-bigram",
            _ => panic!("{}: kind {kind:?} with {} characters", at(), chars.len()),
        };
        let previous = tables
            .entry(name)
            .or_default()
            .insert(key(&chars), u64::from(count));
        assert!(previous.is_none(), "{}: repeated", at());
    }
    let mut list = Vec::new();
    let mut starts = BTreeMap::new();
    for (first, mut next) in successors {
        next.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        starts.insert(u64::from(first), (list.len() as u64) << 32 | next.len() as u64);
        list.extend(next.iter().map(|&(c, n)| u64::from(c) << 32 | u64::from(n)));
    }
    tables.insert("successors", starts);
    for (name, entries) in &tables {
        write(
            out,
            &format!("zh-chars-{name}.bin"),
            table(entries).iter().flat_map(|v| v.to_le_bytes()),
        );
    }
    write(
        out,
        "zh-chars-successor-list.bin",
        list.iter().flat_map(|v| v.to_le_bytes()),
    );
    std::fs::write(
        out.join("zh-chars-totals.rs"),
        format!("/// The unigram counts summed.\nconst TOTAL: u64 = {total};\n/// The sentence-start counts summed.\nconst TOTAL_STARTS: u64 = {total_starts};\n"),
    )
    .expect("write zh-chars-totals.rs");
}

/// The English word list into its table and text.
fn compile_english(out: &Path) {
    let source = "data/en-wordfreq.tsv";
    let text = read_source(source);
    let mut words = Vec::new();
    let mut entries = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let at = || format!("{source}:{}", number + 1);
        let (word, zipf) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{}: no tab", at()));
        let zipf: f32 = zipf.parse().unwrap_or_else(|e| panic!("{}: zipf: {e}", at()));
        let value = (words.len() as u64) << 32 | u64::from(zipf.to_bits());
        let key = static_table::text_key(word.as_bytes());
        assert!(
            entries.insert(key, value).is_none(),
            "{}: repeated, or its key taken",
            at()
        );
        words.extend_from_slice(word.as_bytes());
        words.push(b'\n');
    }
    write(out, "en-words.txt", words);
    write(
        out,
        "en-words-table.bin",
        table(&entries).iter().flat_map(|v| v.to_le_bytes()),
    );
}
