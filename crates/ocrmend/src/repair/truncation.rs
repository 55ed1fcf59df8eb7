//! Truncation flags: a paragraph that ends mid-sentence with nothing that
//! continues it, and one that starts mid-sentence with nothing before it.
//! Flags change no text; archivists use them to find missing pieces, and they
//! keep such fragments from being glued to the wrong neighbour.

use crate::analyze::chars::{is_cjk, is_clause_punct, is_closing};
use crate::analyze::{BlockFacts, Ending};
use crate::edit::Feature;
use crate::lm::LanguageModel;
use crate::model::{Role, Script};
use serde::Serialize;

/// What a flag says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FlagKind {
    /// The paragraph ends mid-sentence and nothing here continues it.
    TruncatedEnd,
    /// The paragraph starts mid-sentence and nothing here precedes it.
    TruncatedStart,
}

impl FlagKind {
    /// The kind's name as reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::TruncatedEnd => "truncated_end",
            FlagKind::TruncatedStart => "truncated_start",
        }
    }
}

/// Below this log-ratio a CJK start counts as the middle of a sentence.
const MID_SENTENCE_START: f64 = -1.5;
/// Below this log-ratio a CJK start is the middle of a sentence even without punctuation after it.
const RARE_SENTENCE_START: f64 = -2.5;

/// Why a body block's end looks unfinished, if it does.
pub fn unfinished_end(facts: &BlockFacts) -> Option<Feature> {
    match facts.ending {
        Ending::Terminal => None,
        Ending::Clause => Some(Feature::new("left_ending", "ends with a clause mark", 0.0)),
        Ending::Hyphen => Some(Feature::new("left_ending", "ends with a hyphen", 0.0)),
        Ending::Open => Some(Feature::new("left_ending", "ends without punctuation", 0.0)),
    }
}

/// Why a body block's start looks like the middle of a sentence, if it does.
pub fn unfinished_start(lm: &LanguageModel, text: &str, facts: &BlockFacts) -> Option<Feature> {
    if facts.role.role != Role::Body {
        return None;
    }
    let mut chars = text.trim_start().chars();
    let first = chars.next()?;
    let second = chars.next();
    if is_clause_punct(first) || is_closing(first) {
        return Some(Feature::new("right_start", format!("starts with `{first}`"), 0.0));
    }
    match facts.script {
        Script::Latin if first.is_lowercase() => {
            Some(Feature::new("right_start", "starts with a lowercase letter", 0.0))
        }
        Script::Cjk if is_cjk(first) => {
            let r = lm.sentence_start_logratio(first, second);
            // `化“盛宴”`: a lone character cut off from its word, right before punctuation.
            let orphan = second.is_some_and(|s| !is_cjk(s) && !s.is_alphanumeric());
            let lone = !second.is_some_and(|s| lm.chinese_has_word(&format!("{first}{s}")));
            let mid = lone && ((orphan && r < MID_SENTENCE_START) || r < RARE_SENTENCE_START);
            mid.then(|| {
                Feature::new(
                    "right_start",
                    format!("`{first}` stands alone and rarely opens a sentence (log-ratio {r:.2})"),
                    0.0,
                )
            })
        }
        _ => None,
    }
}
