//! Reprints for measuring duplicate detection: stories assembled from the
//! corpus's sentences, each printed once or several times, the copies with
//! fresh OCR noise, cut short, with sentences dropped and under a new
//! headline. Every record carries its true cluster.

use super::rng::Rng;
use super::{add_noise, headline, Lang};
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
/// Stories are 8 to 20 sentences drawn at random from `corpus`, so that any
/// size can be reached from a small corpus without two stories being copies.
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
    let mut rng = Rng::new(seed);
    let (mut written, mut story, mut doc) = (0usize, 0usize, 0usize);
    while written < bytes {
        let n = rng.range(8, 20);
        let body: Vec<&str> = (0..n).map(|_| *rng.pick(&sentences)).collect();
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

fn join(sentences: &[&str], lang: Lang) -> String {
    sentences.join(if lang == Lang::Zh { "" } else { " " })
}

fn sentences(corpus: &str, lang: Lang) -> Vec<&str> {
    let mut out = Vec::new();
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
                if s.chars().count() >= 10 {
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
    fn copies_share_a_cluster_and_sizes_are_met() {
        let corpus = "x\tThe first sentence is here. A second one follows it. Then a third sentence comes. \
            And a fourth one closes it. The fifth is longer than the rest of them. Six makes the count even.";
        let mut records = Vec::new();
        reprints(corpus, Lang::En, 1, 20_000, 0.02, |r| records.push(r));
        let total: usize = records.iter().map(|r| r.text.len()).sum();
        assert!(total >= 20_000);
        let clusters: std::collections::BTreeSet<&str> = records.iter().map(|r| r.cluster.as_str()).collect();
        assert!(clusters.len() < records.len(), "some stories are reprinted");
        let mut again = Vec::new();
        reprints(corpus, Lang::En, 1, 20_000, 0.02, |r| again.push(r.text));
        assert_eq!(records.iter().map(|r| r.text.clone()).collect::<Vec<_>>(), again);
    }
}
