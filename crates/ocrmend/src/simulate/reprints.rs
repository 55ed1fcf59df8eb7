//! Reprints for measuring duplicate detection: distinct stories, each printed
//! once or several times, the copies with fresh OCR noise, cut short, with
//! sentences dropped and under a new headline. Every record carries its true
//! cluster.

use super::rng::Rng;
use super::{add_noise, headline, Lang};
use crate::analyze::chars::{is_cjk, LetterClass};
use serde::Serialize;

/// One document of a reprint collection.
#[derive(Debug, Clone, Serialize)]
pub struct ReprintRecord {
    /// Document id.
    pub id: String,
    /// The text as OCR delivered it.
    pub text: String,
    /// The story it prints: records with the same cluster are copies.
    pub cluster: String,
}

/// Writes records of about `bytes` bytes in all, calling `emit` for each.
/// Stories are runs of 8 to 20 consecutive sentences of `corpus`, taken in
/// turn; once the corpus is used up it is read again through a letter
/// cipher (Chinese: a permutation of its characters), another on every
/// pass, so that any size is reached with distinct stories of the corpus's
/// statistics (drawing each story's sentences from one pool, as this did
/// first, made stories at 1 GB share sentences by chance, and candidate
/// pairs grew with the square of the collection; replacing a third of the
/// words on later passes left six-letter runs shared between passes).
pub fn reprints(
    corpus: &str,
    lang: Lang,
    seed: u64,
    bytes: usize,
    noise: f64,
    mut emit: impl FnMut(ReprintRecord),
) {
    let sentences = sentences(corpus, lang);
    if sentences.is_empty() {
        return;
    }
    let alphabet = alphabet(&sentences, lang);
    let mut rng = Rng::new(seed);
    let (mut written, mut story, mut doc, mut next) = (0usize, 0usize, 0usize, 0usize);
    let mut pass = (0, cipher(&alphabet, 0, seed));
    while written < bytes {
        let n = rng.range(8, 20);
        let mut body: Vec<String> = Vec::with_capacity(n);
        for i in next..next + n {
            if i / sentences.len() != pass.0 {
                pass = (i / sentences.len(), cipher(&alphabet, i / sentences.len(), seed));
            }
            body.push(enciphered(sentences[i % sentences.len()], &pass.1));
        }
        let body: Vec<&str> = body.iter().map(String::as_str).collect();
        next += n;
        let cluster = format!("s{story:07}");
        story += 1;
        // Two stories in five are printed once; the others two to four times.
        let copies = if rng.chance(0.4) { 1 } else { rng.range(2, 4) };
        for copy in 0..copies {
            let text = if copy == 0 {
                join(&body, lang)
            } else {
                reprint(&body, lang, noise, &mut rng)
            };
            written += text.len();
            emit(ReprintRecord {
                id: format!("d{doc:08}"),
                text,
                cluster: cluster.clone(),
            });
            doc += 1;
        }
    }
}

/// A copy: cut short (to 60–100% of its sentences), a sentence dropped now
/// and then, a new headline on top now and then, fresh look-alike noise.
fn reprint(body: &[&str], lang: Lang, noise: f64, rng: &mut Rng) -> String {
    let keep = (body.len() * rng.range(60, 100)).div_ceil(100).max(1);
    let mut kept: Vec<&str> = body[..keep].to_vec();
    if kept.len() > 4 && rng.chance(0.5) {
        let drop = rng.range(1, kept.len() - 1);
        kept.remove(drop);
    }
    let mut text = join(&kept, lang);
    if rng.chance(0.5) {
        text = format!(
            "{}\n\n{text}",
            headline(body[rng.range(0, body.len() - 1)], lang, rng)
        );
    }
    add_noise(&text, lang, noise, rng)
}

/// The letters a pass over the corpus enciphers: the Latin alphabet, or
/// the corpus's Chinese characters, sorted.
fn alphabet(sentences: &[&str], lang: Lang) -> Vec<char> {
    let mut out: Vec<char> = match lang {
        Lang::En => ('a'..='z').collect(),
        Lang::Zh => sentences
            .iter()
            .flat_map(|s| s.chars())
            .filter(|&c| is_cjk(c))
            .collect(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// A pass's cipher: each letter of `alphabet` to another, the same for the
/// whole pass (the identity on the first).
fn cipher(alphabet: &[char], pass: usize, seed: u64) -> std::collections::HashMap<char, char> {
    let mut shuffled = alphabet.to_vec();
    if pass > 0 {
        let mut rng = Rng::new(seed ^ (pass as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.range(0, i));
        }
    }
    alphabet.iter().copied().zip(shuffled).collect()
}

/// A sentence as a pass over the corpus prints it: its letters through the pass's cipher
/// (capitals as their small letter's, enciphered).
fn enciphered(sentence: &str, cipher: &std::collections::HashMap<char, char>) -> String {
    sentence
        .chars()
        .map(|c| match cipher.get(&c.to_ascii_lowercase()) {
            Some(&d) if c.is_ascii_uppercase() => d.to_ascii_uppercase(),
            Some(&d) => d,
            None => c,
        })
        .collect()
}

fn join(sentences: &[&str], lang: Lang) -> String {
    sentences.join(if lang == Lang::Zh { "" } else { " " })
}

fn sentences(corpus: &str, lang: Lang) -> Vec<&str> {
    let mut out = Vec::new();
    // A sentence the corpus prints twice is kept the first time only:
    // addresses quote earlier ones (a comma or a hyphen apart), and two
    // stories printing one passage are copies of it that the truth would
    // call different stories. Sentences are told apart by their letters
    // and digits, case folded.
    let mut seen = std::collections::HashSet::new();
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_letter_or_number())
            .flat_map(char::to_lowercase)
            .collect()
    };
    for line in corpus.lines() {
        let body = line.split_once('\t').map_or(line, |(_, t)| t);
        let mut start = 0;
        for (i, c) in body.char_indices() {
            let end = i + c.len_utf8();
            let ends = match lang {
                Lang::En => matches!(c, '.' | '?' | '!') && body[end..].starts_with(' '),
                Lang::Zh => matches!(c, '。' | '！' | '？'),
            };
            if ends {
                let s = body[start..end].trim();
                if s.chars().count() >= 10 && seen.insert(letters(s)) {
                    out.push(s);
                }
                start = end;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_the_corpus_repeats_is_drawn_once() {
        let corpus = "a\tThe first sentence is here. A second one follows it. \nb\tThe first-sentence, is here. A third. ";
        assert_eq!(
            sentences(corpus, Lang::En),
            ["The first sentence is here.", "A second one follows it."]
        );
    }

    #[test]
    fn copies_share_a_cluster_and_sizes_are_met() {
        let corpus = "x\tThe first sentence is here. A second one follows it. Then a third sentence comes. \
            And a fourth one closes it. The fifth is longer than the rest of them. Six makes the count even.";
        let mut records = Vec::new();
        reprints(corpus, Lang::En, 1, 20_000, 0.02, |r| records.push(r));
        let total: usize = records.iter().map(|r| r.text.len()).sum();
        assert!(total >= 20_000);
        let clusters: std::collections::BTreeSet<&str> = records.iter().map(|r| r.cluster.as_str()).collect();
        assert!(clusters.len() < records.len(), "some stories are reprinted");
        // The corpus is read many times over, each time through another
        // cipher: no two stories' first copies are the same text.
        let mut firsts: Vec<&str> = Vec::new();
        for (i, r) in records.iter().enumerate() {
            if i == 0 || records[i - 1].cluster != r.cluster {
                firsts.push(&r.text);
            }
        }
        let distinct: std::collections::BTreeSet<&str> = firsts.iter().copied().collect();
        assert_eq!(distinct.len(), firsts.len());
        assert_eq!(enciphered("Ab c.", &cipher(&['a', 'b', 'c'], 0, 7)), "Ab c.");
        let mut again = Vec::new();
        reprints(corpus, Lang::En, 1, 20_000, 0.02, |r| again.push(r.text));
        assert_eq!(records.iter().map(|r| r.text.clone()).collect::<Vec<_>>(), again);
    }
}
