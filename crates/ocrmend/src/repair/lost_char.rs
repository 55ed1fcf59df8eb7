//! Lost characters: a CJK join that reads badly and that one character would
//! mend (`充` + `桩` → `充电桩`). Always a suggestion for review, never applied
//! by default: guessing text is the riskiest edit there is.

use super::seam::tail_chars;
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

/// Looks for one character that mends the seam between `left` and `right`.
pub fn find_lost_char(rp: Repairer, stats: &DocStats, left: &str, right: &str) -> Option<LostChar> {
    let (lm, m) = (rp.lm(), &rp.model().lost_character);
    let a = left.trim_end().chars().next_back().filter(|c| is_cjk(*c))?;
    let b = right.trim_start().chars().next().filter(|c| is_cjk(*c))?;
    if lm.bigram_count(a, b, stats, AT_SEAM) > 0 {
        return None;
    }
    let tail = tail_chars(left.trim_end(), 3);
    let head: String = right.trim_start().chars().take(3).collect();
    if lm.chinese_word_across(tail, &head).is_some() {
        return None;
    }
    let direct = lm.bigram_logp(a, b, stats, AT_SEAM);
    let mut scored: Vec<(f64, char)> = lm
        .successors(a)
        .iter()
        .take(m.candidates)
        .filter(|&&(c, _)| {
            // The inserted character must make a dictionary word with a neighbour.
            is_cjk(c)
                && lm.bigram_count(c, b, stats, NOT_AT_SEAM) > 0
                && (lm.chinese_has_word(&format!("{a}{c}")) || lm.chinese_has_word(&format!("{c}{b}")))
        })
        .map(|&(c, _)| {
            (
                lm.bigram_logp(a, c, stats, NOT_AT_SEAM) + lm.bigram_logp(c, b, stats, NOT_AT_SEAM) - direct,
                c,
            )
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let &(gain, character) = scored.first()?;
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
    if let Some((g, c)) = scored.get(1) {
        evidence.push(Feature::new(
            FeatureId::RunnerUp,
            format!("{a}{c}{b}: gain {g:.2}"),
            -margin,
        ));
    }
    let word = format!("{a}{character}");
    if lm.chinese_has_word(&word) {
        evidence.push(Feature::shown(FeatureId::FormsWord, word));
    }
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

    #[test]
    fn leaves_a_seam_that_reads_well() {
        assert!(find_lost_char(Repairer::shipped(), &DocStats::default(), "服务联盟越", "南投资").is_none());
    }
}
