//! Lost characters: a CJK join that reads badly and that one character would
//! mend (`充` + `桩` → `充电桩`). Always a suggestion for review, never applied
//! by default: guessing text is the riskiest edit there is.

use super::Repairer;
use crate::analyze::chars::is_cjk;
use crate::features::{Feature, FeatureId};
use crate::lm::{DocStats, AT_SEAM, NOT_AT_SEAM};

/// A character to insert at a seam, with how sure we are and why.
#[derive(Debug, Clone)]
pub struct LostChar {
    /// The character.
    pub character: char,
    /// Probability that it is the lost one.
    pub confidence: f64,
    /// The observations behind it (none when the repairer keeps none).
    pub evidence: Vec<Feature>,
}

/// The dictionary word a character put in the gap between `tail` and
/// `head` makes with them: how many characters of each side it takes
/// (`tail`'s last `k`, `head`'s first `j`), the longest such word, a word
/// that reaches both sides before one that reaches one. `None` when the
/// character makes no word of two or more characters with its neighbours.
fn gap_word(rp: Repairer, tail: &[char], c: char, head: &[char]) -> Option<(usize, usize)> {
    // The gap's text, written once; each word tried is a slice of it.
    let mut text = String::with_capacity(4 * (tail.len() + 1 + head.len()));
    let mut at = Vec::with_capacity(tail.len() + head.len() + 2);
    for &ch in tail.iter().chain([&c]).chain(head) {
        at.push(text.len());
        text.push(ch);
    }
    at.push(text.len());
    let rank = |(k, j): (usize, usize)| (word_reach(k, j), k > 0 && j > 0);
    let mut best: Option<(usize, usize)> = None;
    for k in 0..=tail.len() {
        for j in 0..=head.len() {
            if k + j == 0 || best.is_some_and(|b| rank((k, j)) <= rank(b)) {
                continue;
            }
            let word = &text[at[tail.len() - k]..at[tail.len() + 1 + j]];
            if rp.lm().chinese_has_word(word) {
                best = Some((k, j));
            }
        }
    }
    best
}

/// How far a word across the gap reaches: its characters besides the one
/// put in, and one more when it reaches both sides (`合理配置` from `合` |
/// `理` | `配置`: 4). Words that reach further are preferred, and weigh more.
fn word_reach(k: usize, j: usize) -> usize {
    k + j + usize::from(k > 0 && j > 0)
}

/// The seam read with one character put in.
#[derive(Clone, Copy)]
struct Reading {
    /// Log-likelihood, the prior of a lost character included.
    likelihood: f64,
    character: char,
    /// The dictionary word it makes ([`gap_word`]), when asked.
    word: Option<(usize, usize)>,
}

/// Characters of each side a word across the gap may take.
const GAP_CONTEXT: usize = 3;

/// How many of the readings likeliest by their trigrams are asked which
/// dictionary word their character makes.
const WORD_CANDIDATES: usize = 16;

/// The CJK characters at the end of `text` (at most [`GAP_CONTEXT`]).
fn cjk_tail(text: &str) -> Vec<char> {
    let mut tail: Vec<char> = text
        .chars()
        .rev()
        .take_while(|&c| is_cjk(c))
        .take(GAP_CONTEXT)
        .collect();
    tail.reverse();
    tail
}

/// The CJK characters at the start of `text` (at most [`GAP_CONTEXT`]).
fn cjk_head(text: &str) -> Vec<char> {
    text.chars()
        .take_while(|&c| is_cjk(c))
        .take(GAP_CONTEXT)
        .collect()
}

/// Looks for one character that mends the seam between `left` and `right`,
/// as the likeliest reading of the two characters either side of it: the
/// seam as it stands (no character lost, prior `1 − loss_prior`) against
/// each character seen after the left one put in the gap (prior
/// `loss_prior` shared among them), each scored by the character trigrams
/// it touches ([`LanguageModel::char_logp`](crate::lm::LanguageModel::char_logp))
/// and by how long a dictionary word it makes ([`LostCharacterModel::word`]
/// for each character of the word besides it, and once more for a word that
/// reaches both sides: `生产力合` | `配置` takes `理` for `合理配置`). The
/// best character is suggested when its share of the readings' likelihood,
/// its confidence, reaches `min_posterior`.
///
/// [`LostCharacterModel::word`]: super::decision_model::LostCharacterModel::word
pub fn find_lost_char(rp: Repairer, stats: &DocStats, left: &str, right: &str) -> Option<LostChar> {
    let (lm, m) = (rp.lm(), &rp.model().lost_character);
    let (tail, head) = (cjk_tail(left.trim_end()), cjk_head(right.trim_start()));
    let (&a, &b) = (tail.last()?, head.first()?);
    let before = &tail[tail.len().saturating_sub(2)..];
    let after = head.get(1).copied();
    // The seam as it stands: its own bigram is not its evidence.
    let as_it_stands = lm.char_logp(before, b, stats, AT_SEAM)
        + after.map_or(0.0, |y| lm.char_logp(&[a, b], y, stats, NOT_AT_SEAM))
        + (1.0 - m.loss_prior).ln();
    let mut readings: Vec<Reading> = lm
        .successors(a)
        .take(m.candidates)
        // Seen before the right character too: a reading through a bigram
        // never seen is too unlikely to weigh (and the test is cheap).
        .filter(|&(c, _)| is_cjk(c) && lm.bigram_count(c, b, stats, NOT_AT_SEAM) > 0)
        .map(|(character, _)| Reading {
            likelihood: lm.char_logp(before, character, stats, NOT_AT_SEAM)
                + lm.char_logp(&[a, character], b, stats, NOT_AT_SEAM)
                + after.map_or(0.0, |y| lm.char_logp(&[character, b], y, stats, NOT_AT_SEAM))
                + m.loss_prior.ln(),
            character,
            word: None,
        })
        .collect();
    let likeliest_first = |x: &Reading, y: &Reading| {
        y.likelihood
            .total_cmp(&x.likelihood)
            .then(x.character.cmp(&y.character))
    };
    readings.sort_by(likeliest_first);
    // The dictionary is asked for the likeliest readings only (its lookups
    // cost more than the trigrams).
    for reading in readings.iter_mut().take(WORD_CANDIDATES) {
        reading.word = gap_word(rp, &tail, reading.character, &head);
        if let Some((k, j)) = reading.word {
            reading.likelihood += m.word * word_reach(k, j) as f64;
        }
    }
    readings.sort_by(likeliest_first);
    let &Reading {
        likelihood: best,
        character,
        word,
    } = readings.first()?;
    // Shares of the likelihood, from the best reading down (no overflow).
    let share = |likelihood: f64| (likelihood - best.max(as_it_stands)).exp();
    let total = share(as_it_stands) + readings.iter().map(|r| share(r.likelihood)).sum::<f64>();
    let confidence = share(best) / total;
    if confidence < m.min_posterior {
        return None;
    }
    // Put in words only when the repairer keeps evidence.
    let evidence = rp.evidence(|| {
        let seen = lm.bigram_count(a, b, stats, AT_SEAM);
        let mut evidence = vec![
            Feature::shown(
                FeatureId::SeamBigram,
                match seen {
                    0 => format!("{a}{b} never seen"),
                    n => format!("{a}{b} seen {n} times"),
                },
            ),
            Feature::new(
                FeatureId::Candidate,
                format!(
                    "{a}{character}{b}: log-likelihood {:.2} over the seam as it stands",
                    best - as_it_stands
                ),
                best - as_it_stands,
            ),
        ];
        if let Some(runner_up) = readings.get(1) {
            let behind = best - runner_up.likelihood;
            evidence.push(Feature::new(
                FeatureId::RunnerUp,
                format!("{a}{}{b}: {behind:.2} behind", runner_up.character),
                -behind,
            ));
        }
        if let Some((k, j)) = word {
            let word: String = tail[tail.len() - k..]
                .iter()
                .chain([&character])
                .chain(&head[..j])
                .collect();
            evidence.push(Feature::shown(FeatureId::FormsWord, word));
        }
        evidence
    });
    Some(LostChar {
        character,
        confidence,
        evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_lost_charging_character() {
        let found = find_lost_char(
            Repairer::shipped(),
            &DocStats::default(),
            "新建充电站19座、充",
            "桩113根,超额",
        )
        .unwrap();
        assert_eq!(found.character, '电');
    }

    /// The character suggested for the seam between `left` and `right`.
    fn mend(left: &str, right: &str) -> Option<char> {
        find_lost_char(Repairer::shipped(), &DocStats::default(), left, right).map(|f| f.character)
    }

    /// Real OCR of a government work report (the real-OCR train pages),
    /// the character Tesseract lost at a column's foot, and what mends it.
    #[test]
    fn a_word_across_the_gap_picks_the_character() {
        // `两年` is a word.
        assert_eq!(mend("一九七九和一九八〇两", "合计近三百亿元。"), Some('年'));
        // `地保` is commoner than `地坚` (33 against 5), but `坚持下去` is a word of four.
        assert_eq!(mend("子孙，要长期不懈地", "持下去。"), Some('坚'));
    }

    /// Real OCR (the real-OCR train pages): two characters of context on
    /// the left tell what one cannot. After `国` alone, `家` is the likelier
    /// (`国家资产`); after `完善国`, `有` is (`完善国有资产`). Likewise
    /// `文学艺术` over `学技`.
    #[test]
    fn two_characters_of_context_pick_the_character() {
        assert_eq!(mend("个人经营。要完善国", "资产管理制度，加强"), Some('有'));
        assert_eq!(mend("进一步繁荣文学", "术、新闻出版、广播影"), Some('艺'));
    }

    #[test]
    fn a_likelier_reading_means_a_surer_suggestion() {
        let sure = |left, right| {
            find_lost_char(Repairer::shipped(), &DocStats::default(), left, right)
                .map_or(0.0, |f| f.confidence)
        };
        // `充电桩` reads far better than `充桩`: nearly all the likelihood;
        // `两年合计` better than `两合计`, but the seam as it stands and the
        // other characters keep more than half of it: both suggested, the
        // second with less confidence.
        let charger = sure("新建充电站19座、充", "桩113根");
        let years = sure("一九七九和一九八〇两", "合计近三百亿元。");
        assert!(charger > 0.9, "{charger}");
        assert!(years > 0.2 && years < 0.6, "{years}");
    }

    #[test]
    fn leaves_a_seam_that_reads_well() {
        assert!(find_lost_char(Repairer::shipped(), &DocStats::default(), "服务联盟越", "南投资").is_none());
    }
}
