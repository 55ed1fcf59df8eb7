//! Truncation flags: a paragraph that ends mid-sentence with nothing that
//! continues it, and one that starts mid-sentence with nothing before it.
//! Flags change no text; archivists use them to find missing pieces, and they
//! keep such fragments from being glued to the wrong neighbour.

use super::{reassemble, Flag, Repairer, SeamDecision};
use crate::analyze::chars::{is_cjk, is_clause_punct, is_closing, LetterClass};
use crate::analyze::{BlockFacts, Ending, FirstLine, RoleCall};
use crate::edit::{Applicability, Edit, Effect};
use crate::features::{Feature, FeatureId};
use crate::model::{Role, Script};
use serde::Serialize;
use std::collections::HashMap;

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

/// Why a body block's end looks unfinished, if it does.
pub fn unfinished_end(facts: &BlockFacts) -> Option<Feature> {
    match facts.ending {
        Ending::Terminal => None,
        Ending::Clause => Some(Feature::shown(FeatureId::LeftEnding, "ends with a clause mark")),
        Ending::Hyphen => Some(Feature::shown(FeatureId::LeftEnding, "ends with a hyphen")),
        Ending::Open => Some(Feature::shown(FeatureId::LeftEnding, "ends without punctuation")),
    }
}

/// Why a body block's start looks like the middle of a sentence, if it does.
pub fn unfinished_start(rp: Repairer, text: &str, facts: &BlockFacts) -> Option<Feature> {
    let (lm, m) = (rp.lm(), &rp.model().truncation);
    if facts.role.role != Role::Body {
        return None;
    }
    let mut chars = text.trim_start().chars();
    let first = chars.next()?;
    let second = chars.next();
    if is_clause_punct(first) || is_closing(first) {
        return Some(Feature::shown(
            FeatureId::RightStart,
            format!("starts with `{first}`"),
        ));
    }
    match facts.script {
        Script::Latin if first.is_lowercase() => Some(Feature::shown(
            FeatureId::RightStart,
            "starts with a lowercase letter",
        )),
        Script::Cjk if is_cjk(first) => {
            let r = lm.sentence_start_logratio(first, second);
            // `化“盛宴”`: a lone character cut off from its word, right before punctuation.
            let orphan = second.is_some_and(|s| !is_cjk(s) && !s.is_letter_or_number());
            let lone = !second.is_some_and(|s| lm.chinese_has_word(&format!("{first}{s}")));
            let mid = lone && ((orphan && r < m.mid_sentence_start) || r < m.rare_sentence_start);
            mid.then(|| {
                Feature::shown(
                    FeatureId::RightStart,
                    format!("`{first}` stands alone and rarely opens a sentence (log-ratio {r:.2})"),
                )
            })
        }
        _ => None,
    }
}
/// Flags the open ends and starts that no likely join mends and no move
/// a reviewer is offered mends (one calibrated into the report only is
/// none): what archivists use to find missing pieces. None on a document
/// in rough print (the model's `truncation.rough_below`), where OCR noise
/// opens and ends blocks as often as a cut does.
pub(super) fn flags(
    cx: &reassemble::Context,
    ends: &[usize],
    starts: &[usize],
    seams: &[SeamDecision],
    edits: &[Edit],
) -> Vec<Flag> {
    let (doc, facts) = (cx.doc, cx.facts);
    let likely_continued = cx.rp.model().truncation.likely_continued;
    // A seam likely enough to be suggested with confidence leaves no open
    // end: the suggestion itself is the flag.
    let likely = |seam: Option<&SeamDecision>| seam.is_some_and(|s| s.confidence >= likely_continued);
    // Rough print by the document's known share, against the cut of its
    // script (any Chinese block makes it Chinese).
    let cut = cx.rp.model().truncation.rough_below.of(cx.has_cjk);
    if cx.known_share.is_some_and(|known| known < cut) {
        return Vec::new();
    }
    let (mut moved, mut continued_elsewhere) = (vec![false; facts.len()], vec![false; facts.len()]);
    for e in edits.iter().filter(|e| e.applicability >= Applicability::Review) {
        if let Effect::Move {
            moved: start,
            after: end,
        }
        | Effect::JoinAcross {
            left: end,
            right: start,
            ..
        } = e.effect
        {
            moved[start] = true;
            continued_elsewhere[end] = true;
        }
    }
    let mut flags = Vec::new();
    let mut starts = starts.iter().peekable();
    let mut ends = ends.iter().peekable();
    for (i, block) in doc.blocks.iter().enumerate() {
        // A first line indented or a last line stopping short shows the
        // paragraph starting or ending on the page: OCR lost or misread
        // its mark, nothing is missing.
        let open_start = starts.next_if_eq(&&i).is_some()
            && !moved[i]
            && !likely(i.checked_sub(1).and_then(|j| seams.get(j)))
            && cx.layout.first_line(i) != Some(FirstLine::Indented)
            && !i.checked_sub(1).is_some_and(|j| text_right_below(cx, j, i));
        // A column head is a candidate start, but only text mid-sentence is flagged.
        if let Some(feature) = open_start
            .then(|| unfinished_start(cx.rp, &cx.texts[i], &facts[i]))
            .flatten()
        {
            let evidence = vec![
                feature,
                neighbour_feature(FeatureId::PreviousBlock, i.checked_sub(1), facts),
            ];
            flags.push(Flag {
                kind: FlagKind::TruncatedStart,
                block: i,
                span: block.lines[0].span,
                evidence,
                continued_on: None,
            });
        }
        if ends.next_if_eq(&&i).is_some()
            && !continued_elsewhere[i]
            && !likely(seams.get(i))
            && cx.layout.last_line(i).is_none_or(|l| !l.is_short())
            && !(i + 1 < facts.len() && text_right_below(cx, i, i + 1))
        {
            let feature = unfinished_end(&facts[i]).expect("an open end");
            let next = (i + 1 < facts.len()).then_some(i + 1);
            let mut evidence = vec![feature, neighbour_feature(FeatureId::NextBlock, next, facts)];
            if let Some(e) = seams.get(i).and_then(|s| s.edit) {
                evidence.push(Feature::shown(FeatureId::SuggestedJoin, edits[e].id.to_string()));
            }
            let continued_on = reassemble::jump_after(cx, i);
            if let Some(page) = continued_on {
                evidence.push(Feature::shown(
                    FeatureId::JumpLine,
                    format!("continued on page {page}"),
                ));
            }
            flags.push(Flag {
                kind: FlagKind::TruncatedEnd,
                block: i,
                span: block.lines[block.lines.len() - 1].span,
                evidence,
                continued_on,
            });
        }
    }
    flags
}

/// True when body block `upper` has right below it in its column (boxes
/// only) a body block, or a block called a headline only for being short:
/// the text goes on there, whether the seam is a join the repair missed or
/// a paragraph break whose mark OCR lost, and nothing is missing. On the
/// real-OCR pages (train, dev and test, hOCR and ALTO, both languages) no
/// truncated end or start of the gold stood below body so, and 2,402 of
/// the 10,249 flags did. A short guess below an end: of the flags it
/// withdraws on the Chinese train pages (hOCR and ALTO) 7 were the gold's
/// truncated ends and 228 not (its continuation the short block, or a
/// paragraph end OCR lost the mark of); dev 0 and 102.
fn text_right_below(cx: &reassemble::Context, upper: usize, lower: usize) -> bool {
    let role = |i: usize| &cx.facts[i].role;
    role(upper).role == Role::Body
        && (role(lower).role == Role::Body || role(lower).is_short_text_guess())
        && cx.layout.directly_below(upper, lower)
}

fn neighbour_feature(name: FeatureId, index: Option<usize>, facts: &[BlockFacts]) -> Feature {
    match index {
        None => Feature::shown(name, "none: edge of the document"),
        Some(j) => Feature::shown(name, role_phrase(&facts[j].role)),
    }
}

/// `role (reason)`, made once per role and reason (a fixed, small set) and
/// shared: a page of a million blocks would otherwise keep a copy per flag.
fn role_phrase(call: &RoleCall) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static PHRASES: OnceLock<Mutex<HashMap<(Role, &'static str), &'static str>>> = OnceLock::new();
    let mut phrases = PHRASES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    phrases
        .entry((call.role, call.reason))
        .or_insert_with(|| Box::leak(format!("{} ({})", call.role.as_str(), call.reason).into_boxed_str()))
}

#[cfg(test)]
mod tests {
    use crate::repair::{repaired, repaired_with, FlagKind};

    /// Each flag of `r`: its kind and its block.
    fn flagged(r: &crate::Repair) -> Vec<(FlagKind, usize)> {
        r.flags.iter().map(|f| (f.kind, f.block)).collect()
    }

    /// The flags of a plain-text Chinese page in columns nine cells wide:
    /// a paragraph whose last line is `end`, one whose first line is
    /// `start`, then one whose first line is indented.
    fn flags(end: &str, start: &str) -> Vec<(FlagKind, usize)> {
        let text = format!(
            "第五，减轻农民\n负担，维护农村稳定\n当务之急是要狠刹乱\n{end}\n\n\
             {start}\n用三年左右的时间通\n过改革改组改造和加\n强管理使大多数国有\n企业摆脱困境。\n\n\
             第二，继续做好\n国有企业下岗职工基\n本生活保障和再就业\n工作。"
        );
        flagged(&repaired(&text))
    }

    #[test]
    fn text_printed_right_below_in_its_column_is_no_missing_piece() {
        use crate::repair::test_pages::{column_page, spaced_column_page, Line};
        let open: &[Line] = &[
            (100, 700, "The harbour board met on Monday and heard the"),
            (100, 700, "engineers report on the pier, which they said"),
        ];
        // Indented: a paragraph of its own, so the seam above it is kept.
        let next: &[Line] = &[
            (160, 700, "Members of the board thanked the engineers for"),
            (100, 700, "their work and the town for its patience in"),
        ];
        // Right below: the text goes on there (a mark lost, a join missed).
        let r = column_page(&[open, next]);
        assert!(r.seams[0].confidence < 0.5, "{:?}", r.seams[0]);
        assert_eq!(flagged(&r), vec![(FlagKind::TruncatedEnd, 1)]);
        // A photo's height between them: the first may have lost its end.
        let r = spaced_column_page(&[(0, open), (400, next)]);
        assert_eq!(
            flagged(&r),
            vec![(FlagKind::TruncatedEnd, 0), (FlagKind::TruncatedEnd, 1)]
        );
        // Whether `r` raises `flag`, as expected.
        let raises = |r: &crate::Repair, flag, expected: bool| {
            assert_eq!(flagged(r).contains(&flag), expected, "{flag:?}: {:?}", flagged(r));
        };
        // A block called a headline only for being short, right below:
        // the text may go on there too.
        let short: &[Line] = &[(100, 500, "Harbour Board Report")];
        let r = column_page(&[open, short]);
        assert!(r.facts[1].role.is_short_text_guess(), "{:?}", r.facts[1].role);
        raises(&r, (FlagKind::TruncatedEnd, 0), false);
        raises(
            &spaced_column_page(&[(0, open), (400, short)]),
            (FlagKind::TruncatedEnd, 0),
            true,
        );
        // Nor does a start mid-sentence right below a sentence's end.
        let ended: &[Line] = &[(100, 700, "The harbour board met on Monday and adjourned.")];
        let rest: &[Line] = &[(100, 700, "and the members thanked them for their work in")];
        raises(&column_page(&[ended, rest]), (FlagKind::TruncatedStart, 1), false);
        raises(
            &spaced_column_page(&[(0, ended), (400, rest)]),
            (FlagKind::TruncatedStart, 1),
            true,
        );
    }

    #[test]
    fn a_paragraph_whose_last_line_stops_short_ended_on_the_page() {
        let start = "中央前年提出，";
        // Cut at the column's foot on a full line: its continuation is missing.
        assert_eq!(
            flags("收费等不正之风坚决", start),
            vec![(FlagKind::TruncatedEnd, 0)]
        );
        // Its last line stops short: the paragraph ended, OCR lost the `。`.
        assert_eq!(flags("收费等风", start), vec![]);
    }

    #[test]
    fn rough_chinese_print_flags_no_truncation() {
        // A page cut at a column's foot, then a stretch OCR scrambled: the
        // document's known share of words falls below the cut, and its
        // ends and starts are OCR noise as often as truncations.
        let scrambled = "理务会总国上指院在出紧要制抓符定国合情我的代现业企度制进体推济经制革改".repeat(12);
        let page = format!(
            "第五，减轻农民\n负担，维护农村稳定\n当务之急是要狠刹乱\n收费等不正之风坚决\n\n\
             中央前年提出，\n\n{scrambled}。"
        );
        let flags_with = |cut: &str| {
            let model = crate::repair::decision_model::with_value(&["truncation", "rough_below", "cjk"], cut);
            flagged(&repaired_with(&model, &page))
        };
        assert!(flags_with("0.0").contains(&(FlagKind::TruncatedEnd, 0)));
        assert_eq!(flags_with("0.8"), vec![]);
        assert_eq!(repaired(&page).flags.len(), 0, "the shipped cut");
    }

    #[test]
    fn a_paragraph_whose_first_line_is_indented_started_on_the_page() {
        let end = "收费等风。";
        // Flush, after a comma: the rest of a sentence whose start is missing.
        assert_eq!(
            flags(end, "，中央前年提出用三"),
            vec![(FlagKind::TruncatedStart, 1)]
        );
        // Indented: the paragraph started here, the comma is a speck.
        assert_eq!(flags(end, "，中央前年提出"), vec![]);
    }
}
