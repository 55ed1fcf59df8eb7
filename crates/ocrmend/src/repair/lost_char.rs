//! Lost characters: a CJK join that reads badly and that one character would
//! mend (`充` + `桩` → `充电桩`). Always a suggestion for review, never applied
//! by default: guessing text is the riskiest edit there is.

use super::seam::{head_chars, tail_chars};
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
    /// The observations behind it.
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
    let rank = |(k, j): (usize, usize)| (k + j + usize::from(k > 0 && j > 0), k > 0 && j > 0);
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

/// Characters of each side a word across the gap may take.
const GAP_CONTEXT: usize = 3;

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

/// Looks for one character that mends the seam between `left` and `right`.
/// A candidate follows the left character in the statistics and makes a
/// dictionary word with the text around the gap; it is scored by how much
/// more likely the seam reads with it (character bigrams) plus how long a
/// word it makes ([`LostCharacterModel::word`] for each character of the
/// word besides it, and once more for a word that reaches both sides:
/// `生产力合` | `配置` takes `理` for `合理配置`). A seam whose two characters
/// are seen together has lost none.
///
/// [`LostCharacterModel::word`]: super::decision_model::LostCharacterModel::word
pub fn find_lost_char(rp: Repairer, stats: &DocStats, left: &str, right: &str) -> Option<LostChar> {
    let (lm, m) = (rp.lm(), &rp.model().lost_character);
    let (tail, head) = (cjk_tail(left.trim_end()), cjk_head(right.trim_start()));
    let (&a, &b) = (tail.last()?, head.first()?);
    if lm.bigram_count(a, b, stats, AT_SEAM) > 0 {
        return None;
    }
    if lm
        .chinese_word_across(tail_chars(left.trim_end(), 3), head_chars(right.trim_start(), 3))
        .is_some()
    {
        return None;
    }
    let direct = lm.bigram_logp(a, b, stats, AT_SEAM);
    let mut scored: Vec<(f64, char, (usize, usize))> = lm
        .successors(a)
        .iter()
        .take(m.candidates)
        // Seen before the right character (a cheap test first: the dictionary is asked after).
        .filter(|&&(c, _)| is_cjk(c) && lm.bigram_count(c, b, stats, NOT_AT_SEAM) > 0)
        .filter_map(|&(c, _)| {
            let (k, j) = gap_word(rp, &tail, c, &head)?;
            let reaches_both = k > 0 && j > 0;
            let bigrams =
                lm.bigram_logp(a, c, stats, NOT_AT_SEAM) + lm.bigram_logp(c, b, stats, NOT_AT_SEAM) - direct;
            let word = m.word * (k + j + usize::from(reaches_both)) as f64;
            Some((bigrams + word, c, (k, j)))
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let &(gain, character, (k, j)) = scored.first()?;
    if gain < m.min_gain {
        return None;
    }
    let runner_up = scored.get(1).map_or(gain - m.lone_margin, |s| s.0);
    let margin = gain - runner_up;
    let confidence = (1.0 / (1.0 + (-(margin - m.margin_offset)).exp())).min(m.max_confidence);
    let mut evidence = vec![
        Feature::shown(FeatureId::SeamBigram, format!("{a}{b} never seen")),
        Feature::new(
            FeatureId::Candidate,
            format!("{a}{character}{b}: log-likelihood gain {gain:.2}"),
            gain,
        ),
    ];
    if let Some((g, c, _)) = scored.get(1) {
        evidence.push(Feature::new(
            FeatureId::RunnerUp,
            format!("{a}{c}{b}: gain {g:.2}"),
            -margin,
        ));
    }
    let word: String = tail[tail.len() - k..]
        .iter()
        .chain([&character])
        .chain(&head[..j])
        .collect();
    evidence.push(Feature::shown(FeatureId::FormsWord, word));
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

    /// Real OCR of a government work report (the real-OCR train pages),
    /// the character Tesseract lost at a column's foot, and what mends it.
    #[test]
    fn a_word_across_the_gap_picks_the_character() {
        let mend = |left, right| {
            find_lost_char(Repairer::shipped(), &DocStats::default(), left, right).map(|f| f.character)
        };
        // Bigrams alone leave `年` short of the gain a suggestion needs;
        // that `两年` is a word makes up the difference.
        assert_eq!(mend("一九七九和一九八〇两", "合计近三百亿元。"), Some('年'));
        // `地保` is commoner than `地坚` (33 against 5), but `坚持下去` is a word of four.
        assert_eq!(mend("子孙，要长期不懈地", "持下去。"), Some('坚'));
    }

    #[test]
    fn leaves_a_seam_that_reads_well() {
        assert!(find_lost_char(Repairer::shipped(), &DocStats::default(), "服务联盟越", "南投资").is_none());
    }
}
