//! Compiles jieba's Chinese dictionary (`data/zh-words.tsv`: a word and its
//! frequency a line, sorted by the word's bytes) into a character trie the
//! library carries in its binary (`zh_words`): a run then looks words up in
//! place instead of building a dictionary first.
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

use std::collections::HashMap;
use std::path::Path;

/// The CJK unified ideographs, whose first step has a table.
const FIRST: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

fn main() {
    let source = "data/zh-words.tsv";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);

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
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    std::fs::write(out.join("zh-words-total.rs"), format!("{total}\n")).expect("write zh-words-total.rs");
}
