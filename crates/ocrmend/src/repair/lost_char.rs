//! Lost characters: a CJK join that reads badly and that one character would
//! mend (`充` + `桩` → `充电桩`). Always a suggestion for review, never applied
//! by default: guessing text is the riskiest edit there is.

use super::seam::tail_chars;
use crate::analyze::chars::is_cjk;
use crate::edit::Feature;
use crate::lm::{DocStats, LanguageModel, AT_SEAM, NOT_AT_SEAM};

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

/// How many of the left character's successors are tried.
const CANDIDATES: usize = 300;
/// Log-likelihood gain the best candidate needs over the seam as it stands.
const MIN_GAIN: f64 = 3.0;

/// Looks for one character that mends the seam between `left` and `right`.
pub fn find_lost_char(lm: &LanguageModel, stats: &DocStats, left: &str, right: &str) -> Option<LostChar> {
    let a = left.trim_end().chars().next_back().filter(|c| is_cjk(*c))?;
    let b = right.trim_start().chars().next().filter(|c| is_cjk(*c))?;
    if lm.bigram_count(a, b, stats, AT_SEAM) > 0 {
        return None;
    }
    let tail = tail_chars(left.trim_end(), 3);
    let head: String = right.trim_start().chars().take(3).collect();
    if lm.chinese_word_across(&tail, &head).is_some() {
        return None;
    }
    let direct = lm.bigram_logp(a, b, stats, AT_SEAM);
    let mut scored: Vec<(f64, char)> = lm
        .successors(a)
        .iter()
        .take(CANDIDATES)
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
    if gain < MIN_GAIN {
        return None;
    }
    let runner_up = scored.get(1).map_or(gain - 4.0, |s| s.0);
    let margin = gain - runner_up;
    let confidence = (1.0 / (1.0 + (-(margin - 0.5)).exp())).min(0.9);
    let mut evidence = vec![
        Feature::new("seam_bigram", format!("{a}{b} never seen"), 0.0),
        Feature::new(
            "candidate",
            format!("{a}{character}{b}: log-likelihood gain {gain:.2}"),
            gain,
        ),
    ];
    if let Some((g, c)) = scored.get(1) {
        evidence.push(Feature::new(
            "runner_up",
            format!("{a}{c}{b}: gain {g:.2}"),
            -margin,
        ));
    }
    let word = format!("{a}{character}");
    if lm.chinese_has_word(&word) {
        evidence.push(Feature::new("forms_word", word, 0.0));
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
    use crate::lm::language_model;

    #[test]
    fn finds_the_lost_charging_character() {
        let found = find_lost_char(
            language_model(),
            &DocStats::default(),
            "新建充电站19座、充",
            "桩113根,超额",
        )
        .unwrap();
        assert_eq!(found.character, '电');
    }

    #[test]
    fn leaves_a_seam_that_reads_well() {
        assert!(find_lost_char(language_model(), &DocStats::default(), "服务联盟越", "南投资").is_none());
    }
}
