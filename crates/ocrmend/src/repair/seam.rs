//! Seam decisions: are two consecutive blocks one paragraph that the layout
//! broke (join), or two paragraphs (keep)?
//!
//! Each observation adds to a log-odds score; the confidence is its logistic.
//! The weights are the decision model's ([`super::DecisionModel`]`::seam`);
//! what each feature means is in [`crate::features`]. Only body blocks are
//! ever joined: a headline, byline, caption or furniture on either side ends
//! the decision at once, but for a Chinese block called a headline only for
//! being short and unpunctuated, which is weighed (`short_block`).

use super::decision_model::{FitBand, SeamWeights};
use super::words::{
    first_word, is_speck, junction, last_word, probability, Junction, JunctionCall, WordCounts,
};
use super::Repairer;
use crate::analyze::chars::{
    has_cjk, is_cjk, is_clause_punct, is_closing, is_hyphen, is_terminal, LetterClass,
};
use crate::analyze::{
    ends_with_function_word, is_cjk_seam, joinable, opens_chinese_list_item, BlockFacts, Ending, FirstLine,
    LastLine, Placement,
};
use crate::features::{Explain, Feature, FeatureId};
use crate::lm::{DocStats, LanguageModel, AT_SEAM, NOT_AT_SEAM};
use crate::model::Role;

/// The evidence a seam decision reads.
pub struct SeamInput<'a> {
    /// Text of the block before the seam.
    pub left: &'a str,
    /// Text of the block after the seam.
    pub right: &'a str,
    /// Facts about the block before.
    pub left_facts: &'a BlockFacts,
    /// Facts about the block after.
    pub right_facts: &'a BlockFacts,
    /// Quotes and brackets left open by the paragraph the left block ends
    /// (itself and whatever it was joined to).
    pub open_quotes: i32,
    /// Either block repeats another block and will be removed.
    pub duplicate: bool,
    /// The right block's first line repeats the left block's last line.
    pub repeated_line: bool,
    /// Where the right block lies on the scan relative to the left, when the
    /// input has boxes.
    pub placement: Option<Placement>,
    /// The right block is printed right below the left in its column
    /// (within two body lines), when the input has boxes.
    pub directly_below: bool,
    /// How the right block's first line starts, when line boxes tell.
    pub first_line: Option<FirstLine>,
    /// How the left block's last line ends, when line boxes tell.
    pub last_line: Option<LastLine>,
    /// Whether the source puts both blocks in one article flow, when it says.
    pub same_flow: Option<bool>,
    /// Whether the left and the right block run from edge to edge of their
    /// column ([`LayoutFacts::fills_column`]).
    pub fills_column: (bool, bool),
    /// How much of the page the shipped statistics know
    /// ([`LanguageModel::known_share`]): which band of the fit weighs it.
    pub known_share: Option<f64>,
    /// The document gives boxes ([`LayoutFacts::has_boxes`]): which band
    /// of the fit weighs it, with `known_share`.
    pub boxes: bool,
    /// The two blocks meet in the text (a seam, not a candidate pair far
    /// apart): the bigram across them is one of the document's counts.
    pub adjacent: bool,
    /// Each side that is a lone word is joined beyond the seam (the left
    /// block to the block before it, the right to the block after it): it is
    /// no lone word in the output, and a second run, which reads the joined
    /// paragraph, would not weigh it as one.
    pub joined_beyond: bool,
    /// The block before the left one is body left unfinished and the block
    /// after the right one is body: the two may be a caption that stands
    /// inside a paragraph, which reassembly joins across
    /// (`reassemble::caption_between`).
    pub inside_paragraph: bool,
}

/// The outcome for one seam.
#[derive(Debug, Clone)]
pub struct SeamScore {
    /// Probability that the two blocks are one paragraph.
    pub confidence: f64,
    /// How they would be joined.
    pub junction: Junction,
    /// Confidence in the junction itself (the join's form).
    pub junction_confidence: f64,
    /// The observations behind the junction (word forms, lexicon frequencies).
    pub junction_evidence: Vec<Feature>,
    /// Every observation with its weight.
    pub evidence: Vec<Feature>,
    /// Bytes at the end of the left block (its text without trailing space)
    /// that OCR read from specks (`un-.`, `supply .`) and a join removes
    /// with the break; 0 when none, and for a candidate pair far apart.
    pub left_specks: usize,
    /// What, if anything, ties the two sides together beyond an open end and
    /// a mid-sentence start (which every page-edge truncation shows too): a
    /// word or a strong bigram across the seam, a line read twice, the next
    /// column, one article flow. Reassembly moves a fragment only on such a link.
    pub link: Option<&'static str>,
}

impl SeamScore {
    /// A seam no evidence may join; `veto` says why.
    fn vetoed(veto: Feature) -> Self {
        SeamScore {
            confidence: 0.0,
            junction: Junction::Space,
            junction_confidence: 1.0,
            junction_evidence: Vec::new(),
            evidence: vec![veto],
            link: None,
            left_specks: 0,
        }
    }

    /// A caption's text and its credit, one caption: joined with a space
    /// (`新建成的学校教学楼 吴刚 摄`), as a caption sets its credit apart.
    fn caption_and_credit(w: &SeamWeights) -> Self {
        let evidence = vec![
            Feature::new(FeatureId::Prior, "caption | caption", w.prior),
            Feature::new(
                FeatureId::CaptionAndCredit,
                "a caption's text, then its credit alone (a name and 摄)",
                w.caption_and_credit,
            ),
        ];
        SeamScore {
            confidence: probability(evidence.iter().map(|f| f.weight).sum()),
            junction: Junction::Space,
            junction_confidence: 1.0,
            junction_evidence: Vec::new(),
            evidence,
            link: None,
            left_specks: 0,
        }
    }
}

/// The word that `left` and `right` make across their seam, when one of
/// them ends or starts inside it: `斗` | `争和…` (斗争), `insol-` | `vency`
/// (insolvency), `govern` | `ment`. A headline is a whole phrase; a short
/// block cut inside a word is a line of running text.
pub fn word_cut_at_seam(rp: Repairer, words: &WordCounts, left: &str, right: &str) -> Option<String> {
    // A quote or a speck at the seam is often OCR noise (`整治斗` | `“争和…`).
    let speck =
        |c: char| c.is_whitespace() || matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '.' | '·' | '、');
    let (left, right) = (left.trim_end_matches(speck), right.trim_start_matches(speck));
    if is_cjk_seam(left, right) {
        return chinese_word_at_seam(rp.lm(), left, right);
    }
    // A word goes on in lowercase; a capital after a line-end hyphen
    // (`sur-` | `Judged More`) is a real hyphen or a headline, no cut.
    let goes_on = first_word(right).starts_with(char::is_lowercase);
    let call = junction(rp, words, left, right);
    (goes_on && matches!(call.junction, Junction::Dehyphenate | Junction::CloseUp)).then(|| {
        format!(
            "{}{}",
            last_word(left).trim_end_matches(crate::analyze::chars::is_hyphen),
            first_word(right)
        )
    })
}

/// The dictionary word that the last four characters of `left` and the
/// first four of `right` put across their seam, if any.
fn chinese_word_at_seam(lm: &LanguageModel, left: &str, right: &str) -> Option<String> {
    lm.chinese_word_across(tail_chars(left, 4), head_chars(right, 4))
}

/// A block of one Latin word, with a letter and no Chinese character, that
/// ends neither a sentence nor with a hyphen ([`FeatureId::LoneWord`]).
/// Read on the block's own text, which a veto keeps as it is: a second run
/// finds the same lone words. A lone word joined on its other side is read
/// as the paragraph it joins ([`SeamInput::joined_beyond`]), as a second run
/// reads it.
pub(super) fn is_lone_word(text: &str) -> bool {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (Some(word), None) => {
            word.chars().any(|c| c.is_ascii_alphabetic())
                && !has_cjk(word)
                && !word.ends_with(is_terminal)
                && !word.ends_with(is_hyphen)
        }
        _ => false,
    }
}

/// False when [`score_seam`] finds no link across the seam whatever the rest
/// of its evidence: neither a word nor a strong bigram can span it, no line
/// is read twice, and neither the scan nor the source ties the two blocks.
/// Reassembly moves a fragment only on a link, so it passes such a pair by
/// unscored: most of the pairs it weighs. Read from the same helpers as the
/// score: it may say true where the score finds no link (a role that
/// vetoes the join), never false where it finds one.
pub fn may_link(rp: Repairer, stats: &DocStats, words: &WordCounts, input: &SeamInput) -> bool {
    let w = &rp.model().seam;
    let cjk = is_cjk_seam(input.left, input.right);
    if input.repeated_line
        || input.same_flow == Some(true)
        || input
            .placement
            .is_some_and(|p| placement_weight(w, p, cjk, input.adjacent).0 > 0.0)
    {
        return true;
    }
    let left = input.left.trim_end();
    let right = input.right.trim_start();
    if cjk {
        let word = || chinese_word_at_seam(rp.lm(), left, right).is_some();
        let bigram = || match (left.chars().next_back(), right.chars().next()) {
            (Some(a), Some(b)) if is_cjk(a) && is_cjk(b) => {
                bigram_lift(rp.lm(), w, stats, a, b, input.adjacent).1 >= w.bigram.strong
            }
            _ => false,
        };
        return word() || bigram();
    }
    // A word across the seam: dehyphenated, or closed up after an open end
    // of the block next before, as the junction calls it ([`word_link`]).
    // Neither without a hyphen and without an open end next before: the
    // lexicon is not asked then (most of the pairs reassembly weighs).
    let open_next_before = input.left_facts.ending == Ending::Open && input.adjacent;
    if !open_next_before && !left.ends_with(is_hyphen) {
        return false;
    }
    word_link(
        &junction(rp, words, left, unspecked_start(right)),
        input.left_facts.ending,
        input.adjacent,
    )
}

/// A Latin junction ties the two sides: a known word dehyphenated across
/// the seam, or closed up after an open end of the block `adjacent` before
/// (a piece such as `ing`, `ty` or `ment` closes up with many words: no
/// link to a block further off without a hyphen).
fn word_link(call: &JunctionCall, left_ending: Ending, adjacent: bool) -> bool {
    match call.junction {
        Junction::Dehyphenate => call.makes_known_word(),
        Junction::CloseUp => left_ending == Ending::Open && adjacent,
        _ => false,
    }
}

/// The most words of a Latin credit read alone (`Samuel P. Hoyt)`).
const MAX_BARE_CREDIT_WORDS: usize = 3;

/// Scores one seam; `explain` says whether its observations are put in words.
pub fn score_seam(
    rp: Repairer,
    stats: &DocStats,
    words: &WordCounts,
    input: &SeamInput,
    explain: Explain,
) -> SeamScore {
    let w = &rp.model().seam;
    let (lr, rr) = (input.left_facts.role.role, input.right_facts.role.role);
    // At a Chinese seam, a block called a headline only for being short and
    // unpunctuated is weighed apart from the role veto, so that a fit can
    // weigh it: Tesseract cuts narrow Chinese columns into such blocks, one
    // line each. In English the role veto stands: weighed by a fit, such
    // blocks bought 0.2-0.7 points of recall on the dev pages and 0-6 more
    // heading joins a format; a Latin one cut inside a word is body already.
    let cjk = is_cjk_seam(input.left, input.right);
    let (left_short, right_short) = (
        cjk && input.left_facts.role.is_short_text_guess(),
        cjk && input.right_facts.role.is_short_text_guess(),
    );
    // With boxes, the credit stands right under the caption's text.
    if input.adjacent
        && !input.duplicate
        && (!input.boxes || input.directly_below)
        && input.left_facts.role.is_caption_above_credit()
        && input.right_facts.role.is_photo_credit()
    {
        return SeamScore::caption_and_credit(w);
    }
    // A Latin caption Tesseract read as two blocks: its first lines, then
    // right below them its last with the credit (`Harvest on a farm near` |
    // `the river. (Photo: George Ward)`, `Delegates leave the` | `Clara
    // Benton)`): going on in lower case, or the credit's name alone. The
    // two are weighed as running text, with that evidence besides
    // ([`FeatureId::CaptionAndCredit`]). Not inside a paragraph, where the
    // join across the caption takes the caption's blocks out as they are.
    let caption_tail = !cjk
        && input.boxes
        && input.directly_below
        && input.adjacent
        && !input.inside_paragraph
        && matches!(lr, Role::Body | Role::Caption)
        && input.right_facts.role.ends_in_latin_credit()
        && (unspecked_start(input.right).starts_with(char::is_lowercase)
            || input.right.split_whitespace().count() <= MAX_BARE_CREDIT_WORDS);
    let (left_ok, right_ok) = (
        joinable(lr) || left_short || caption_tail,
        joinable(rr) || right_short || caption_tail,
    );
    if !left_ok || !right_ok || input.duplicate {
        let value = if left_ok && right_ok {
            "a block that repeats another is removed, not joined".into()
        } else {
            explain.say(|| format!("{} | {}", lr.as_str(), rr.as_str()))
        };
        return SeamScore::vetoed(Feature::new(FeatureId::Roles, value, w.role_veto));
    }
    if !cjk && !input.boxes {
        // A word broken at a hyphen is weighed as any other: the hyphen says more.
        let left_lone = || is_lone_word(input.left);
        let right_lone = || is_lone_word(input.right) && !input.left.trim_end().ends_with(is_hyphen);
        if !input.joined_beyond && (left_lone() || right_lone()) {
            let side = if left_lone() { "left" } else { "right" };
            return SeamScore::vetoed(Feature::new(FeatureId::LoneWord, side, w.role_veto));
        }
    }
    let roles = match caption_tail {
        true => explain.say(|| format!("{} | {}", lr.as_str(), rr.as_str())),
        false => "body | body".into(),
    };
    let mut evidence = vec![Feature::new(FeatureId::Prior, roles, w.prior)];
    let mut link = None;
    let (call, left_specks) = if cjk {
        cjk_evidence(rp.lm(), w, stats, input, explain, &mut evidence, &mut link);
        (JunctionCall::close_up(), 0)
    } else {
        latin_evidence(rp, words, input, explain, &mut evidence, &mut link)
    };
    if caption_tail {
        evidence.push(Feature::new(
            FeatureId::CaptionAndCredit,
            "a caption's last line and credit, right below its first lines",
            w.caption_and_credit,
        ));
    }
    // A short block whose lines run its column's width is set in the
    // body's type: with a word or a bigram across the seam it is weighed
    // without the veto, and in plain text without one too, unless the next
    // block opens with its first words ([`FeatureId::ShortBlock`]).
    // Asked only of a short side that fills its column (rare: the seam's
    // evidence is not searched for most seams).
    let lexical = || {
        evidence.iter().any(|f| {
            f.name == FeatureId::WordAcrossSeam
                || (f.name == FeatureId::BigramAcrossSeam && f.weight >= w.short_block_tie)
        })
    };
    let body_type = |fills: bool, echoed: bool| fills && ((!input.boxes && !echoed) || lexical());
    let short_block = match (
        left_short && !body_type(input.fills_column.0, opening_echoed(input.left, input.right)),
        right_short && !body_type(input.fills_column.1, false),
    ) {
        (true, false) => Some(Feature::new(FeatureId::ShortBlock, "left", w.short_block)),
        (false, true) => Some(Feature::new(FeatureId::ShortBlock, "right", w.short_block)),
        (true, true) => Some(Feature::new(
            FeatureId::ShortBlock,
            "left and right",
            2.0 * w.short_block,
        )),
        (false, false) if left_short || right_short => Some(Feature::shown(
            FeatureId::ShortBlock,
            "its lines run the column's width, and a word or a bigram runs across",
        )),
        (false, false) => None,
    };
    if let Some(feature) = short_block {
        // Where it always stood: right after the prior.
        evidence.insert(1, feature);
    }
    let foot = |facts: &BlockFacts| facts.role.is_column_foot_piece();
    let foot_side = match (foot(input.left_facts), foot(input.right_facts)) {
        (true, _) => Some("left"),
        (false, true) => Some("right"),
        (false, false) => None,
    };
    if let Some(side) = foot_side {
        evidence.push(Feature::new(
            FeatureId::ColumnFootPiece,
            side,
            w.column_foot_piece,
        ));
    }
    if input.repeated_line {
        link = link.or(Some("a line read twice across the seam"));
        // OCR read the line at the foot of one column again at the top of the next.
        evidence.push(Feature::new(
            FeatureId::LineRepeatedAcrossSeam,
            "right starts with the left's last line",
            w.line_repeated_across_seam,
        ));
    }
    if input.open_quotes > 0 {
        evidence.push(Feature::new(
            FeatureId::OpenQuoteOrBracket,
            "left block leaves one open",
            w.open_quote_or_bracket,
        ));
    }
    if let Some(placement) = input.placement {
        let (weight, outcome) = placement_weight(w, placement, cjk, input.adjacent);
        if weight > 0.0 {
            link = link.or(Some("the next column's head"));
        }
        evidence.push(Feature::new(FeatureId::Placement, placement.describe(), weight).of(outcome));
    }
    if let Some(first) = input.first_line {
        let (weight, outcome) = match first {
            FirstLine::Flush => (w.line_edges.flush, "flush"),
            FirstLine::Indented => (w.line_edges.indented, "indented"),
        };
        evidence.push(Feature::new(FeatureId::RightFirstLine, first.describe(), weight).of(outcome));
    }
    if let Some(last) = input.last_line {
        let (weight, outcome) = match last {
            LastLine::Full => (w.line_edges.full, "full"),
            LastLine::Short => (w.line_edges.short, "short"),
            LastLine::FarShortInLetters => (w.line_edges.short_in_latin_text, "short_in_latin_text"),
        };
        evidence.push(Feature::new(FeatureId::LeftLastLine, last.describe(), weight).of(outcome));
    }
    // In plain text (Chinese: its edges are counted in cells), the block
    // next in reading order is all that is known of where it is printed.
    let in_text = !input.boxes && input.adjacent;
    if let (Ending::Terminal, Some(FirstLine::Flush), Some(LastLine::Full)) =
        (input.left_facts.ending, input.first_line, input.last_line)
    {
        // The text right at the block's start, not after marks OCR read
        // off an indent's specks (`_ With`, `~ You`, `“积极`), which make
        // a box flush: a capital, or a Chinese character that opens no
        // list item (`第四，`, `四是`).
        let text_start = match cjk {
            true => input.right.starts_with(is_cjk) && !opens_chinese_list_item(input.right),
            false => input.right.starts_with(char::is_uppercase),
        };
        if input.placement == Some(Placement::Below) {
            let (value, weights, outcome) = match text_start {
                true => (
                    "a sentence ends a full line, and the next starts flush right below with its text",
                    &w.line_edges.run_on_text_start,
                    Some("text_start"),
                ),
                false => (
                    "a sentence ends a full line, and the next starts flush right below",
                    &w.line_edges.run_on,
                    None,
                ),
            };
            evidence.push(Feature {
                outcome,
                ..Feature::new(FeatureId::LinesRunOn, value, weights.of(cjk))
            });
        } else if input.placement == Some(Placement::NextColumn) && !cjk && text_start {
            evidence.push(
                Feature::new(
                    FeatureId::LinesRunOn,
                    "a sentence ends a column's full last line, and the next column starts flush with its text",
                    w.line_edges.run_on_next_column,
                )
                .of("next_column"),
            );
        } else if in_text {
            evidence.push(
                Feature::new(
                    FeatureId::LinesRunOn,
                    "a sentence ends a full line, and the next block starts flush (counted in characters)",
                    w.line_edges.run_on_in_text,
                )
                .of("in_text"),
            );
        }
    }
    // A column that reads on: with boxes, the right block starts flush right
    // below the left; in plain text, next in reading order is all that is
    // known of where it is printed, and the left's last line must run full.
    let mid_sentence = matches!(
        input.left_facts.ending,
        Ending::Clause | Ending::Hyphen | Ending::Open
    );
    if mid_sentence && input.first_line == Some(FirstLine::Flush) {
        let in_text = in_text && input.last_line == Some(LastLine::Full);
        if input.directly_below {
            // A semicolon or colon that may close a paragraph a list follows
            // (`left_ending`) does not, where the column reads on.
            let semicolon_or_colon = || {
                evidence
                    .iter()
                    .any(|f| f.name == FeatureId::LeftEnding && f.outcome == Some("semicolon_or_colon"))
            };
            let e = &w.line_edges;
            let (value, weights, outcome) = match (input.left_facts.ending, input.last_line) {
                (Ending::Clause, Some(LastLine::Full)) if semicolon_or_colon() => (
                    "the left stops at a semicolon or colon on a full line, and the right starts flush right below it",
                    &e.reads_on_full_semicolon,
                    Some("semicolon_full"),
                ),
                (Ending::Clause, Some(LastLine::Full)) => (
                    "the left stops at a comma on a full line, and the right starts flush right below it",
                    &e.reads_on_full,
                    Some("clause_full"),
                ),
                // A short last line says a paragraph ended (`left_last_line`);
                // one that stops without punctuation did not.
                (Ending::Open, Some(LastLine::Short)) => (
                    "the left stops without punctuation on a short line, and the right starts flush right below it",
                    &e.reads_on_short,
                    Some("open_short"),
                ),
                (Ending::Open, Some(LastLine::Full)) => (
                    "the left stops without punctuation on a full line, and the right starts flush right below it",
                    &e.reads_on_open_full,
                    Some("open_full"),
                ),
                _ => (
                    "the left stops mid-sentence, and the right starts flush right below it",
                    &e.reads_on,
                    None,
                ),
            };
            evidence.push(Feature {
                outcome,
                ..Feature::new(FeatureId::ColumnReadsOn, value, weights.of(cjk))
            });
        } else if in_text {
            evidence.push(
                Feature::new(
                    FeatureId::ColumnReadsOn,
                    "the left stops mid-sentence on a full line, and the right starts flush (counted in characters)",
                    w.line_edges.reads_on_in_text,
                )
                .of("in_text"),
            );
        }
    }
    match input.same_flow {
        Some(true) => {
            link = link.or(Some("one article flow"));
            evidence.push(
                Feature::new(
                    FeatureId::ArticleFlow,
                    "the source puts both in one flow",
                    w.article_flow.same,
                )
                .of("same"),
            )
        }
        Some(false) => evidence.push(
            Feature::new(
                FeatureId::ArticleFlow,
                "the source puts them in different flows",
                w.article_flow.different,
            )
            .of("different"),
        ),
        None => {}
    }
    let band = FitBand {
        cjk,
        known_share: input.known_share,
        boxes: input.boxes,
    };
    if let (Some(known), Some(rough)) = (input.known_share, w.fitted.rough_print(band)) {
        evidence.push(Feature::shown(
            FeatureId::ReadingQuality,
            explain.say(|| {
                let print = if rough { "rough" } else { "clean" };
                format!("{known:.2} of the page known: weighed as {print} print")
            }),
        ));
    }
    w.fitted.apply(band, &mut evidence);
    let log_odds: f64 = evidence.iter().map(|f| f.weight).sum();
    SeamScore {
        confidence: probability(log_odds),
        junction: call.junction,
        junction_confidence: call.confidence,
        junction_evidence: match explain {
            Explain::InWords => call.evidence(),
            Explain::Quietly => Vec::new(),
        },
        evidence,
        link,
        left_specks,
    }
}

/// The weight of where the right block lies at a CJK seam (`cjk`) or a
/// Latin one, between blocks next in reading order (`adjacent`) or far
/// apart, and its outcome's name.
fn placement_weight(w: &SeamWeights, placement: Placement, cjk: bool, adjacent: bool) -> (f64, &'static str) {
    match placement {
        Placement::NextColumn => (w.placement.next_column, "next_column"),
        Placement::NextColumnAbove => (w.placement.next_column_above.of(cjk), "next_column_above"),
        Placement::FarBelow if adjacent => (w.placement.far_below, "far_below"),
        // A displaced continuation jumps the blocks between: far below is
        // where those blocks stand.
        Placement::Below | Placement::FarBelow => (w.placement.below, "below"),
        Placement::Elsewhere => (w.placement.elsewhere, "elsewhere"),
    }
}

/// How much more likely `b` is after `a` than anywhere (log-lift), and the
/// weight that gives a join (only the positive side: most bigrams are unseen
/// in any corpus, so an unseen one says little against a join).
fn bigram_lift(
    lm: &LanguageModel,
    w: &SeamWeights,
    stats: &DocStats,
    a: char,
    b: char,
    adjacent: bool,
) -> (f64, f64) {
    let own = if adjacent { AT_SEAM } else { NOT_AT_SEAM };
    let lift = lm.bigram_logp(a, b, stats, own) - lm.unigram_logp(b, stats);
    (lift, (w.bigram.scale * lift).clamp(0.0, w.bigram.max))
}

/// The start of a block past specks and opening quotes before its first
/// word (`_and`, `‘was`, `- We`, `“This`), when a letter follows them: they
/// say nothing of how the block starts; the word after them does.
pub(super) fn unspecked_start(right: &str) -> &str {
    let unspecked =
        right.trim_start_matches(['_', '‘', '“', '"', '\'', '~', '©', '=', '-', '—', '.', ',', ' ']);
    if unspecked.starts_with(char::is_letter) {
        unspecked
    } else {
        right
    }
}

/// Why a block's closing mark is taken for a speck OCR read, not a
/// sentence's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpeckMark {
    /// `…in the face of.`: no sentence ends on an article or a preposition.
    AfterFunctionWord,
    /// `…the necessary supply .`: print never sets a space before a period.
    Detached,
    /// `…eliminate this un-.`: the word was broken at the line's end, and a
    /// speck read after its hyphen.
    AfterHyphen,
}

/// Whether `left`'s last mark (a period or comma, by then taken for a
/// sentence's end) is a speck, and why; with `left` without its specks
/// (`un-`, `supply`, `in the face of`).
fn speck_mark(left: &str) -> Option<(SpeckMark, &str)> {
    let rest = left.strip_suffix(['.', ','])?;
    let before = rest.trim_end_matches([' ', '-', '.', '~', '_']);
    if ends_with_function_word(before) {
        return Some((SpeckMark::AfterFunctionWord, before));
    }
    // A hyphen right after a letter, then only specks and spaces.
    let unspecked = rest.trim_end_matches(is_speck);
    let mut tail = unspecked.chars().rev();
    if let (Some(h), Some(letter)) = (tail.next(), tail.next()) {
        if is_hyphen(h) && letter.is_letter() {
            return Some((SpeckMark::AfterHyphen, unspecked));
        }
    }
    rest.ends_with(char::is_whitespace)
        .then(|| (SpeckMark::Detached, rest.trim_end()))
}

fn ending_feature(w: &SeamWeights, ending: Ending, last: Option<char>, evidence: &mut Vec<Feature>) {
    let e = &w.left_ending;
    let (value, weight, outcome) = match (ending, last) {
        (Ending::Terminal, _) => ("ends a sentence", e.terminal, "terminal"),
        // A colon or semicolon may close a paragraph that a list follows.
        (Ending::Clause, Some('；' | ';' | '：' | ':')) => (
            "ends with a semicolon or colon",
            e.semicolon_or_colon,
            "semicolon_or_colon",
        ),
        (Ending::Clause, _) => ("ends with a comma", e.comma, "comma"),
        (Ending::Hyphen, _) => ("ends with a hyphen", e.hyphen, "hyphen"),
        (Ending::Open, _) => ("ends without punctuation", e.open, "open"),
    };
    evidence.push(Feature::new(FeatureId::LeftEnding, value, weight).of(outcome));
}

fn cjk_evidence(
    lm: &LanguageModel,
    w: &SeamWeights,
    stats: &DocStats,
    input: &SeamInput,
    explain: Explain,
    evidence: &mut Vec<Feature>,
    link: &mut Option<&'static str>,
) {
    let left = input.left.trim_end();
    let right = input.right.trim_start();
    let last = left.chars().next_back();
    ending_feature(w, input.left_facts.ending, last, evidence);
    let mut head = right.chars();
    let (first, second) = (head.next(), head.next());
    if let Some(c) = first {
        if is_clause_punct(c) || is_closing(c) || is_terminal(c) {
            evidence.push(
                Feature::new(
                    FeatureId::RightStart,
                    explain.say(|| format!("starts with `{c}`")),
                    w.right_start.punctuation,
                )
                .of("punctuation"),
            );
        }
    }
    if let Some(word) = chinese_word_at_seam(lm, left, right) {
        *link = link.or(Some("a word across the seam"));
        evidence.push(Feature::new(
            FeatureId::WordAcrossSeam,
            word,
            w.word_across_seam.cjk,
        ));
    }
    if let (Some(a), Some(b)) = (last, first) {
        if is_cjk(a) && is_cjk(b) {
            let (lift, weight) = bigram_lift(lm, w, stats, a, b, input.adjacent);
            if weight >= w.bigram.strong {
                *link = link.or(Some("a strong bigram across the seam"));
            }
            evidence.push(
                Feature::new(
                    FeatureId::BigramAcrossSeam,
                    explain.say(|| format!("{a}{b}: log-lift {lift:.2}")),
                    weight,
                )
                .measured(lift),
            );
        }
        if is_cjk(b) {
            let r = lm.sentence_start_logratio(b, second);
            evidence.push(
                Feature::new(
                    FeatureId::RightOpensSentence,
                    explain
                        .say(|| format!("{}: log-ratio {r:.2}", right.chars().take(2).collect::<String>())),
                    opener_weight(w, r),
                )
                .measured(r),
            );
        }
    }
}

fn latin_evidence<'a>(
    rp: Repairer,
    words: &WordCounts,
    input: &SeamInput<'a>,
    explain: Explain,
    evidence: &mut Vec<Feature>,
    link: &mut Option<&'static str>,
) -> (JunctionCall<'a>, usize) {
    let w = &rp.model().seam;
    let left = input.left.trim_end();
    // The right block's start past the specks OCR read before it: how it
    // starts, for its own feature and for how the left one ends.
    let right = unspecked_start(input.right.trim_start());
    let speck = match input.left_facts.ending {
        Ending::Terminal => speck_mark(left),
        _ => None,
    };
    match speck {
        Some((mark, _)) => {
            let e = &w.left_ending;
            let (value, weight, outcome) = match mark {
                SpeckMark::AfterFunctionWord => (
                    "a mark after a function word (a speck)",
                    e.mark_after_function_word,
                    "mark_after_function_word",
                ),
                SpeckMark::Detached => (
                    "a mark standing apart (a speck)",
                    e.detached_mark,
                    "detached_mark",
                ),
                SpeckMark::AfterHyphen => (
                    "a mark after a line-end hyphen (a speck)",
                    e.mark_after_hyphen,
                    "mark_after_hyphen",
                ),
            };
            evidence.push(Feature::new(FeatureId::LeftEnding, value, weight).of(outcome));
        }
        // A sentence end before a block that goes on in lower case
        // (`Factory pay.` | `rolls dropped`, `sus:.` | `tained`): on the
        // English train and dev pages (plain text) one paragraph 228 times
        // of 283, a speck read as the mark far more often than a sentence's end.
        None if input.left_facts.ending == Ending::Terminal && right.starts_with(char::is_lowercase) => {
            evidence.push(
                Feature::new(
                    FeatureId::LeftEnding,
                    "ends a sentence, but the next block goes on in lower case (a speck read as the mark?)",
                    w.left_ending.terminal_before_lowercase,
                )
                .of("terminal_before_lowercase"),
            )
        }
        None => ending_feature(w, input.left_facts.ending, left.chars().next_back(), evidence),
    }
    let starts = &w.right_start;
    let start = |value: std::borrow::Cow<'static, str>, weight, outcome| {
        Feature::new(FeatureId::RightStart, value, weight).of(outcome)
    };
    match right.chars().next() {
        Some(c) if c.is_lowercase() => {
            evidence.push(start("lowercase".into(), starts.lowercase, "lowercase"))
        }
        Some(c) if c.is_uppercase() => evidence.push(capital_start(rp, words, first_word(right), explain)),
        Some(c) if is_clause_punct(c) => evidence.push(start(
            explain.say(|| format!("starts with `{c}`")),
            starts.punctuation,
            "punctuation",
        )),
        Some(c) if c.is_ascii_digit() => evidence.push(start("digit".into(), starts.digit, "digit")),
        Some(c) => evidence.push(start(
            explain.say(|| format!("starts with `{c}`")),
            starts.other,
            "other",
        )),
        None => {}
    }
    if input.left_facts.ending == Ending::Open && ends_with_function_word(left) {
        evidence.push(Feature::new(
            FeatureId::LeftEndsWithFunctionWord,
            explain.say(|| last_word(left).to_string()),
            w.left_ends_with_function_word,
        ));
    }
    // Two blocks that meet lose the specks with the break, and a word
    // broken before them (`un-.` | `certainty`) is judged without them. A
    // candidate continuation far apart is judged as it stands.
    // After a function word the mark may be a real one (`but...`): it stays.
    let unspecked = match speck {
        Some((SpeckMark::Detached | SpeckMark::AfterHyphen, unspecked)) if input.adjacent => unspecked,
        _ => left,
    };
    let call = junction(rp, words, unspecked, right);
    if word_link(&call, input.left_facts.ending, input.adjacent) {
        *link = link.or(Some("a word across the seam"));
    }
    if call.junction == Junction::Dehyphenate && call.makes_known_word() {
        evidence.push(Feature::new(
            FeatureId::WordAcrossSeam,
            "the dehyphenated form is a word",
            w.word_across_seam.latin,
        ));
    } else if call.junction == Junction::CloseUp && input.left_facts.ending == Ending::Open && input.adjacent
    {
        evidence.push(Feature::new(
            FeatureId::WordAcrossSeam,
            "the closed-up form is a word",
            w.word_across_seam.latin,
        ));
    }
    // Asked only of two blocks that meet: a candidate continuation far
    // apart is one of many tried for each open end, and this is about 54
    // lookups a letter.
    if let Some(word) = call.unknown_hyphenated_word().filter(|_| input.adjacent) {
        if !rp.lm().english_word_within_one_edit(&word) {
            evidence.push(Feature::new(
                FeatureId::HyphenJoinsNoWord,
                explain.say(|| format!("{word}: no word is one letter from it")),
                w.hyphen_joins_no_word,
            ));
        }
    }
    if explain == Explain::InWords {
        evidence.extend(call.observations());
    }
    (call, left.len() - unspecked.len())
}

/// What a capital letter at the start of the right block says. The page
/// itself tells a sentence opener (`The`: lowercase elsewhere on the page)
/// from a name (`United`, `Choctaw`: capitalised elsewhere, never lowercase);
/// failing that, a very common word is taken for an opener.
fn capital_start(rp: Repairer, words: &WordCounts, word: &str, explain: Explain) -> Feature {
    let w = &rp.model().seam.right_start;
    let start = |value: std::borrow::Cow<'static, str>, weight, outcome| {
        Feature::new(FeatureId::RightStart, value, weight).of(outcome)
    };
    let lower = word.to_lowercase();
    // This occurrence is capitalised; the question is what the others are.
    let (lowercase, capitalised) = (words.exact(&lower), words.exact(word).saturating_sub(1));
    if lower == word {
        start("capital letter".into(), w.capital, "capital")
    } else if lowercase > capitalised {
        start(
            explain.say(|| format!("`{word}` is lowercase elsewhere on the page: a sentence opens")),
            w.capital_lowercase_elsewhere,
            "capital_lowercase_elsewhere",
        )
    } else if capitalised > 0 && lowercase == 0 {
        start(
            explain.say(|| format!("`{word}` is capitalised elsewhere on the page: a name")),
            w.capital_name,
            "capital_name",
        )
    } else if rp.lm().english_zipf(&lower).is_some_and(|z| z >= w.common_zipf) {
        start(
            explain.say(|| format!("`{word}` is a very common word: a sentence opens")),
            w.capital_common_word,
            "capital_common_word",
        )
    } else {
        start("capital letter".into(), w.capital, "capital")
    }
}

/// Weight of how much the right block opens like a sentence (log-ratio `r`;
/// see [`FeatureId::RightOpensSentence`]).
fn opener_weight(w: &SeamWeights, r: f64) -> f64 {
    let o = &w.opener;
    if r < 0.0 {
        (-o.scale * r).min(o.max)
    } else {
        -(o.scale * (r - o.cut)).clamp(0.0, o.max)
    }
}

/// The last `n` characters of `text`.
/// Walks back from the end, so its cost does not grow with the block.
pub fn tail_chars(text: &str, n: usize) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(text.len(), |(i, _)| i);
    &text[start..]
}

/// The first `n` characters of `text`.
pub fn head_chars(text: &str, n: usize) -> &str {
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// True when `right` opens with the first characters of `left` (four CJK
/// characters within its first twelve): a headline made of its article's
/// first words, not a column's piece the next block goes on from.
fn opening_echoed(left: &str, right: &str) -> bool {
    let cjk = |t: &str, n: usize| -> String { t.chars().filter(|&c| is_cjk(c)).take(n).collect() };
    let opening = cjk(left, 4);
    opening.chars().count() == 4 && cjk(right, 12).contains(&opening)
}

#[cfg(test)]
mod tests {
    use super::opening_echoed;
    use crate::model::Role;
    use crate::repair::test_pages::{column_page, sized_column_page, spaced_column_page, Line};
    use crate::repair::{repair, repaired, Options};

    fn seam_features(text: &str) -> Vec<(String, f64)> {
        let r = repaired(text);
        r.seams[0]
            .evidence
            .iter()
            .map(|f| (f.name.to_string(), f.weight))
            .collect()
    }

    #[test]
    fn a_quote_or_speck_before_the_first_word_is_read_past() {
        let f =
            seam_features("the powerful forces of science and\n\n“This is the first State of the Union.\n");
        assert!(f.iter().any(|(n, w)| n == "right_start" && *w < 0.0), "{f:?}");
        let f = seam_features("prices rose and\n\n_and in the face of it we held.\n");
        assert!(f.contains(&("right_start".into(), 3.0)), "{f:?}");
    }

    /// Feature `id` at seam `seam` of `r`, if it was observed.
    fn feature_of(r: &crate::Repair, seam: usize, id: crate::FeatureId) -> Option<&crate::Feature> {
        r.seams[seam].evidence.iter().find(|f| f.name == id)
    }

    /// The weight of feature `id` at seam `seam` of `r`, if it was observed.
    fn weight_of(r: &crate::Repair, seam: usize, id: crate::FeatureId) -> Option<f64> {
        feature_of(r, seam, id).map(|f| f.weight)
    }

    #[test]
    fn a_latin_captions_tail_with_its_credit_joins_its_first_lines_right_above() {
        let first: &[Line] = &[(100, 560, "Harvest on a farm near")];
        let tail: &[Line] = &[(100, 620, "the river. (Photo: George Ward)")];
        let r = column_page(&[first, tail]);
        assert_eq!(r.facts[1].role.role, Role::Caption);
        assert!(weight_of(&r, 0, crate::FeatureId::CaptionAndCredit).is_some());
        let prior = feature_of(&r, 0, crate::FeatureId::Prior).map(|f| f.value.to_string());
        assert_eq!(prior.as_deref(), Some("body | caption"));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // Far below (a photo between): a caption of its own.
        let r = spaced_column_page(&[(0, first), (400, tail)]);
        assert_eq!(weight_of(&r, 0, crate::FeatureId::Roles), Some(-100.0));
        // A caption that opens a sentence of its own is no tail.
        let own: &[Line] = &[(100, 620, "He was joined by the surveyors. (Photo: Mason)")];
        let r = column_page(&[first, own]);
        assert_eq!(weight_of(&r, 0, crate::FeatureId::Roles), Some(-100.0));
        // Inside a paragraph, left open above and going on below, the join
        // across the caption takes it out whole.
        let open: &[Line] = &[(100, 700, "The harbour board met on Monday and heard the")];
        let on: &[Line] = &[(100, 700, "engineers report on the pier, which was finished")];
        let r = column_page(&[open, first, tail, on]);
        assert_eq!(weight_of(&r, 1, crate::FeatureId::Roles), Some(-100.0));
    }

    /// At the first seam: the short-block veto waived (weight 0) and the
    /// seam joined where the short block fills its column (`filling`), kept
    /// (−100) where it stops short of it (`short`).
    fn waived_where_it_fills(filling: &crate::Repair, short: &crate::Repair) {
        let veto = |r: &crate::Repair| weight_of(r, 0, crate::FeatureId::ShortBlock);
        assert_eq!(veto(filling), Some(0.0), "{:?}", filling.seams[0]);
        assert!(filling.seams[0].confidence >= 0.95, "{:?}", filling.seams[0]);
        assert_eq!(veto(short), Some(-100.0), "{:?}", short.seams[0]);
    }

    /// An hOCR page of paragraphs `(top, lines)`, each line 30 high: the
    /// lines' x span says which column a paragraph is in.
    fn placed_page(paragraphs: &[(u32, &[Line])]) -> crate::Repair {
        let mut html = String::from("<html><body><div class='ocr_page' title='bbox 0 0 1600 4000'>");
        for (p, &(top, lines)) in paragraphs.iter().enumerate() {
            let left = lines.iter().map(|l| l.0).min().unwrap_or(0);
            let right = lines.iter().map(|l| l.1).max().unwrap_or(0);
            let mut y = top;
            let mut body = String::new();
            for &(x0, x1, text) in lines {
                body.push_str(&format!(
                    "<span class='ocr_line' title='bbox {x0} {y} {x1} {}; x_size 25'>{text}</span>",
                    y + 30
                ));
                y += 30;
            }
            html.push_str(&format!(
                "<p class='ocr_par' id='par_{p}' title='bbox {left} {top} {right} {y}'>{body}</p>"
            ));
        }
        html.push_str("</div></body></html>");
        let doc = crate::input::parse_hocr("page.hocr".into(), html.as_bytes()).unwrap();
        repair(doc, &Options::default())
    }

    #[test]
    fn a_sentence_that_ends_a_column_runs_on_into_the_next_columns_capital() {
        // Real OCR (the English train and dev pages, hOCR and ALTO): the
        // printed paragraph went on past a sentence's end at a column's
        // foot, and Tesseract's next block heads the next column flush.
        let opening: &[Line] = &[
            (130, 700, "The harbour board met on Monday and heard the"),
            (100, 420, "engineers report."),
        ];
        let foot: &[Line] = &[
            (100, 700, "The pier was finished in good time for the season"),
            (100, 700, "and the members thanked the engineers for their work."),
        ];
        let head: &[Line] = &[
            (800, 1400, "Members of the board among them said the road"),
            (800, 1400, "to the pier would be built before the winter and"),
            (800, 1120, "paid for by the town."),
        ];
        let next: &[Line] = &[
            (830, 1400, "Nothing else was said of the pier before the"),
            (800, 1120, "meeting ended."),
        ];
        let r = placed_page(&[(100, opening), (160, foot), (100, head), (190, next)]);
        let feature = feature_of(&r, 1, crate::FeatureId::LinesRunOn).expect("the lines run on");
        assert_eq!((feature.outcome, feature.weight), (Some("next_column"), 14.5));
        assert!(r.seams[1].confidence >= 0.95, "{:?}", r.seams[1]);
    }

    /// A paragraph whose last line is a sentence's end on a full line.
    const ENDS_FULL: &[Line] = &[
        (100, 700, "The harbour board met on Monday and heard"),
        (100, 700, "the engineers report on the new pier, which"),
        (100, 700, "was finished in good time for the season."),
    ];

    #[test]
    fn a_sentence_end_on_a_full_line_with_a_flush_block_below_runs_on() {
        let first = ENDS_FULL;
        let flush: &[Line] = &[
            (100, 700, "Members thanked the engineers for their work"),
            (100, 420, "on the pier and on the road."),
        ];
        let indented: &[Line] = &[
            (160, 700, "Nothing else was said of the pier before"),
            (100, 700, "the board rose for the night at ten o'clock."),
        ];
        let run_on = |r: &crate::Repair, seam: usize| weight_of(r, seam, crate::FeatureId::LinesRunOn);
        // Tesseract split the column's paragraph at a sentence end: joined.
        let r = column_page(&[first, flush, indented]);
        assert_eq!(run_on(&r, 0), Some(14.5), "{:?}", r.seams[0].evidence);
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // A short last line or an indented first line: a paragraph ended.
        assert_eq!((run_on(&r, 1), r.seams[1].edit), (None, None));
        // On a page that never shows a paragraph by its edges (every line
        // flush and full), the edges say nothing and the sentence end keeps.
        let full: &[Line] = &[(100, 700, "Members thanked the engineers for their work"); 2];
        let r = column_page(&[first, full]);
        assert!(r.seams[0]
            .evidence
            .iter()
            .all(|f| f.name != crate::FeatureId::RightFirstLine));
        assert_eq!((run_on(&r, 0), r.seams[0].edit), (None, None));
    }

    #[test]
    fn a_sentence_that_runs_on_into_a_capital_is_joined_unless_specks_stand_before_it() {
        // Real OCR (the English train and dev pages, hOCR): a sentence ends
        // a full line and the next block starts flush right below with a
        // capital word the page has in lowercase too (`right_start` -3).
        let first = ENDS_FULL;
        let next: &[Line] = &[
            (100, 700, "The members thanked the engineers for their"),
            (100, 420, "work on the pier and on the road."),
        ];
        let r = column_page(&[first, next]);
        let feature = feature_of(&r, 0, crate::FeatureId::LinesRunOn).expect("the lines run on");
        assert_eq!((feature.outcome, feature.weight), (Some("text_start"), 14.5));
        assert_eq!(weight_of(&r, 0, crate::FeatureId::RightStart), Some(-3.0));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // Marks OCR read off an indent's specks before the capital (`_ The`):
        // the box is flush for them, and the seam goes to review.
        let specked: &[Line] = &[
            (100, 700, "_ The members thanked the engineers for their"),
            (100, 420, "work on the pier and on the road."),
        ];
        let r = column_page(&[first, specked]);
        let feature = feature_of(&r, 0, crate::FeatureId::LinesRunOn).expect("the lines run on");
        assert_eq!((feature.outcome, feature.weight), (None, 13.0));
        assert!(r.seams[0].confidence < 0.95, "{:?}", r.seams[0]);
    }

    #[test]
    fn a_column_that_reads_on_past_a_capital_is_joined_unless_something_stands_between() {
        // Real OCR (the English train pages): Tesseract ends a block
        // mid-sentence and the next, right below, starts with a name.
        let left: &[Line] = &[
            (100, 700, "The prizes were given out by the parish priest to"),
            (100, 700, "the winners of the spelling and the sewing, the"),
        ];
        let right: &[Line] = &[
            (100, 700, "Misses Kathleen and Bridget O'Mara among them."),
            (100, 420, "The hall was full to its doors."),
        ];
        let next: &[Line] = &[
            (160, 700, "Nothing else was said of the prizes before the"),
            (100, 420, "priest went home."),
        ];
        let reads_on = |r: &crate::Repair| weight_of(r, 0, crate::FeatureId::ColumnReadsOn);
        let r = spaced_column_page(&[(0, left), (0, right), (0, next)]);
        let feature = feature_of(&r, 0, crate::FeatureId::ColumnReadsOn).expect("the column reads on");
        assert_eq!((feature.outcome, feature.weight), (Some("open_full"), 3.5));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // A capital word the page has in lowercase too (`right_start` -3):
        // on a full line, the column still reads on past it (the English
        // train and dev pages, hOCR and ALTO: 67 such seams of 69 joins).
        let members: &[Line] = &[
            (100, 700, "Members of the board among them, and the hall"),
            (100, 420, "was full to its doors, as the members wished."),
        ];
        let r = spaced_column_page(&[(0, left), (0, members), (0, next)]);
        assert_eq!(weight_of(&r, 0, crate::FeatureId::RightStart), Some(-3.0));
        assert_eq!(reads_on(&r), Some(3.5), "{:?}", r.seams[0].evidence);
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // A photo between the two (ten lines of space): the column does not
        // read on from one to the other, and the capital leaves it for review.
        let r = spaced_column_page(&[(0, left), (300, right), (0, next)]);
        assert_eq!(reads_on(&r), None, "{:?}", r.seams[0].evidence);
        assert!(r.seams[0].confidence < 0.95, "{:?}", r.seams[0]);
        // Nor does a sentence's end read on by this rule (`lines_run_on` weighs it).
        let ended: &[Line] = &[(100, 700, "The prizes were given out by the parish priest.")];
        let r = spaced_column_page(&[(0, ended), (0, right), (0, next)]);
        assert_eq!(reads_on(&r), None, "{:?}", r.seams[0].evidence);
        // A last line short of the column's edge, as a paragraph's would be,
        // but without punctuation: no paragraph's end (the English train
        // pages, hOCR and ALTO: the weight took 57 such seams across the
        // threshold, all joins).
        let cut_short: &[Line] = &[
            (100, 700, "The prizes were given out by the parish priest to"),
            (100, 520, "the winners of the spelling and the"),
        ];
        let r = spaced_column_page(&[(0, cut_short), (0, right), (0, next)]);
        let feature = feature_of(&r, 0, crate::FeatureId::ColumnReadsOn).expect("the column reads on");
        assert_eq!((feature.outcome, feature.weight), (Some("open_short"), 3.5));
        assert_eq!(weight_of(&r, 0, crate::FeatureId::LeftLastLine), Some(-2.5));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
    }

    /// An indented paragraph after the Chinese test columns: a new one.
    const NEXT_ZH: &[Line] = &[
        (160, 700, "同时，全市将加快老旧小区改造，提升居民"),
        (100, 420, "生活质量。"),
    ];

    #[test]
    fn a_chinese_column_that_reads_on_from_a_clause_mark_on_a_full_line_is_joined() {
        // Real OCR (the Chinese train pages, hOCR and ALTO): a block cut at a
        // comma on a full line, the next flush right below it, starting
        // with a word that often opens sentences; the weight took 157 such
        // seams across the threshold, all joins.
        let left: &[Line] = &[
            (100, 700, "今年以来，全市新建充电站十九座、充电桩"),
            (100, 700, "一百一十三根，超额完成了年度目标任务，"),
        ];
        let right: &[Line] = &[
            (100, 700, "我们将继续推进乡镇充电网络建设和公交线"),
            (100, 420, "路调整工作。"),
        ];
        let reads_on = |r: &crate::Repair| {
            let f = feature_of(r, 0, crate::FeatureId::ColumnReadsOn).expect("the column reads on");
            (f.outcome, f.weight)
        };
        let r = column_page(&[left, right, NEXT_ZH]);
        assert_eq!(reads_on(&r), (Some("clause_full"), 2.5));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // Cut without punctuation, the column reads on with +1 only, as a
        // Chinese headline or caption ends so too.
        let open: &[Line] = &[
            (100, 700, "今年以来，全市新建充电站十九座、充电桩"),
            (100, 700, "一百一十三根，超额完成了年度目标任务和"),
        ];
        let r = column_page(&[open, right, NEXT_ZH]);
        assert_eq!(reads_on(&r), (Some("open_full"), 1.0));
        // A semicolon, which may close a paragraph a list follows, does not
        // where the column reads on: it weighs as a comma there.
        let semicolon: &[Line] = &[
            (100, 700, "今年以来，全市新建充电站十九座、充电桩"),
            (100, 700, "一百一十三根，超额完成了年度目标任务；"),
        ];
        let r = column_page(&[semicolon, right, NEXT_ZH]);
        assert_eq!(reads_on(&r), (Some("semicolon_full"), 5.5));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
    }

    #[test]
    fn a_chinese_sentence_end_runs_on_into_a_flush_block_below_that_starts_with_its_text() {
        // Real OCR (the Chinese train and dev pages, hOCR): Tesseract split
        // a column's paragraph at a sentence end on a full line; the next
        // block starts flush right below with a Chinese character.
        let left: &[Line] = &[
            (100, 700, "今年以来，全市新建充电站十九座、充电桩"),
            (100, 700, "一百一十三根，超额完成了年度目标任务。"),
        ];
        let continued =
            |start: &'static str| -> [Line; 2] { [(100, 700, start), (100, 420, "路调整工作。")] };
        let run_on = |r: &crate::Repair| {
            let f = feature_of(r, 0, crate::FeatureId::LinesRunOn).expect("the lines run on");
            (f.outcome, f.weight)
        };
        let right = continued("我们将继续推进乡镇充电网络建设和公交线");
        let r = column_page(&[left, &right, NEXT_ZH]);
        assert_eq!(run_on(&r), (Some("text_start"), 13.0));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // A list item's ordinal, or a mark read off an indent's specks
        // before the text: the edges weigh nothing in Chinese then.
        for start in [
            "第四，继续推进乡镇充电网络建设和公交线",
            "“我们将继续推进乡镇充电网络建设和公交",
        ] {
            let right = continued(start);
            let r = column_page(&[left, &right, NEXT_ZH]);
            assert_eq!(run_on(&r), (None, 0.0), "{start}");
            assert!(r.seams[0].confidence < 0.5, "{start}: {:?}", r.seams[0]);
        }
    }

    #[test]
    fn a_chinese_caption_and_its_credit_read_apart_are_one_caption() {
        let page = "今年以来，全市新建充电站十九座、充电桩一百一十三根，超额完成了年度目标任务。\n\n\
                    新建成的学校教学楼\n\n吴刚 摄\n\n\
                    同时，全市将加快老旧小区改造，提升居民生活质量。";
        let r = repaired(page);
        let feature = feature_of(&r, 1, crate::FeatureId::CaptionAndCredit).expect("one caption");
        assert_eq!(feature.weight, 5.0);
        assert!(r.seams[1].confidence >= 0.95, "{:?}", r.seams[1]);
        // Joined with a space, as a caption sets its credit apart; neither
        // part is glued to the body around it.
        let text = r.apply_at_least(crate::Applicability::Safe).text;
        assert!(text.contains("\n\n新建成的学校教学楼 吴刚 摄\n\n"), "{text}");
        assert_eq!((r.seams[0].confidence, r.seams[2].confidence), (0.0, 0.0));
        // With boxes, only a credit right under the text (a photo's width
        // below it, it is some other caption's).
        let text: &[Line] = &[(100, 400, "新建成的学校教学楼")];
        let credit: &[Line] = &[(100, 300, "吴刚 摄")];
        let r = column_page(&[NEXT_ZH, text, credit, NEXT_ZH]);
        assert!(r.seams[1].confidence >= 0.95, "{:?}", r.seams[1]);
        let r = spaced_column_page(&[(0, NEXT_ZH), (0, text), (300, credit), (0, NEXT_ZH)]);
        assert_eq!(r.seams[1].confidence, 0.0, "{:?}", r.seams[1]);
    }

    #[test]
    fn plain_chinese_text_runs_on_past_a_sentence_end_on_a_full_line() {
        // Columns nine cells wide: Tesseract split the paragraph where a
        // sentence ends a full line, and the next block starts flush; the
        // block after it is indented, a new paragraph.
        let page = "第一，制止重复\n建设，加快行业调整\n和改组的步伐。今年\n除少数属于提高技术\n\
                    水平、产品升级又有\n市场的项目之外，各\n级政府要停止审批。\n\n\
                    工业建设项目也要从\n严控制，不得新上。\n\n\
                    第二，继续做好\n国有企业下岗职工基\n本生活保障和再就业\n工作。";
        let r = repaired(page);
        let feature = feature_of(&r, 0, crate::FeatureId::LinesRunOn).expect("the lines run on");
        assert_eq!((feature.outcome, feature.weight), (Some("in_text"), 13.0));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // A sentence end before an indented block: a paragraph ended.
        assert_eq!(weight_of(&r, 1, crate::FeatureId::LinesRunOn), None);
        assert_eq!(r.seams[1].edit, None, "{:?}", r.seams[1]);
    }

    #[test]
    fn plain_chinese_text_reads_on_by_its_cells_and_stops_at_an_indent() {
        // Columns nine cells wide (the real-OCR dev page zh-0012): the
        // first block is cut at its column's foot on a full line, the
        // second runs on flush and ends its paragraph, the third is indented.
        let page = |second_start: &str| {
            format!(
                "第一，制止重复\n建设，加快行业调整\n和改组的步伐。今年\n除少数属于提高技术\n\n\
                 {second_start}\n市场的项目之外，各\n级政府要停止审批工\n业建设项目。\n\n\
                 第二，继续做好\n国有企业下岗职工基\n本生活保障和再就业\n工作。"
            )
        };
        let r = repaired(&page("水平、产品升级又有"));
        let feature = feature_of(&r, 0, crate::FeatureId::ColumnReadsOn).expect("the column reads on");
        assert_eq!((feature.outcome, feature.weight), (Some("in_text"), 3.0));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // The indented block starts a paragraph: kept apart.
        assert_eq!(weight_of(&r, 1, crate::FeatureId::RightFirstLine), Some(-3.0));
        assert_eq!(r.seams[1].edit, None, "{:?}", r.seams[1]);
        // A first line two cells short that ends a sentence is the end of
        // the paragraph before, not an indent: it says nothing.
        let r = repaired(&page("水平又有市场。"));
        assert_eq!(weight_of(&r, 0, crate::FeatureId::RightFirstLine), None);
    }

    #[test]
    fn a_short_chinese_block_that_fills_its_column_is_weighed_where_a_bigram_runs_across() {
        // Tesseract's one-line paragraph, nine cells as its column: `的`
        // | `经` is a bigram Chinese text writes more often than chance.
        let page = |short: &str| {
            format!(
                "第一，制止重复\n建设，加快行业调整\n和改组的步伐。今年\n调整重要生产资料的\n\n\
                 {short}\n\n\
                 市场的项目之外，各\n级政府要停止审批工\n业建设项目银行也要\n停止贷款。\n\n\
                 第二，继续做好\n国有企业下岗职工基\n本生活保障和再就业\n工作。"
            )
        };
        // Two cells short of the column: maybe a headline, vetoed.
        waived_where_it_fills(
            &repaired(&page("经济办法引导生产企")),
            &repaired(&page("经济办法引导生")),
        );
    }

    #[test]
    fn a_short_chinese_block_that_fills_its_column_in_plain_text_is_weighed_unless_the_next_opens_with_it() {
        // Nine cells, as its column: set in the body's type, weighed on both
        // sides with no word or bigram across either seam.
        let page = |short: &str, next: &str| {
            format!(
                "第一，制止重复\n建设，加快行业调整\n和改组的步伐。今年\n调整重要生产资料的\n\n\
                 {short}\n\n\
                 {next}\n级政府要停止审批工\n业建设项目银行也要\n停止贷款。\n\n\
                 第二，继续做好\n国有企业下岗职工基\n本生活保障和再就业\n工作。"
            )
        };
        let r = repaired(&page("而且会造成经济生活", "各方面的紧张，各"));
        for seam in 0..2 {
            assert_eq!(
                weight_of(&r, seam, crate::FeatureId::ShortBlock),
                Some(0.0),
                "{:?}",
                r.seams[seam]
            );
            let tie = |f: &crate::Feature| {
                f.name == crate::FeatureId::WordAcrossSeam
                    || (f.name == crate::FeatureId::BigramAcrossSeam && f.weight >= 0.25)
            };
            assert!(!r.seams[seam].evidence.iter().any(tie), "{:?}", r.seams[seam]);
        }
        // A headline of its article's first words, which the next block
        // opens with: vetoed after it (before it, the block above ends open).
        let r = repaired(&page("停止长江黄河上中游", "停止长江黄河上中游，"));
        assert_eq!(
            weight_of(&r, 1, crate::FeatureId::ShortBlock),
            Some(-100.0),
            "{:?}",
            r.seams[1]
        );
        assert_eq!(r.seams[1].edit, None);
    }

    #[test]
    fn an_opening_echoed_is_four_cjk_characters_of_the_left_within_the_rights_first_twelve() {
        assert!(opening_echoed("调整和优化经济结构要坚", "调整和优化经济结构，"));
        assert!(opening_echoed("“合理调整", "， 合理调整进口"));
        assert!(!opening_echoed("调整和优化", "优化经济结构"));
        assert!(!opening_echoed("调整和", "调整和优化"));
        assert!(!opening_echoed(
            "调整和优化",
            "一二三四五六七八九十十一调整和优化"
        ));
    }

    #[test]
    fn a_short_chinese_block_from_edge_to_edge_of_its_column_is_weighed_too() {
        // The same with line boxes: a one-line block at the column's head
        // (no running text above it, so not body by its run), flush and full.
        let short = |x1: u32| -> Vec<Line> { vec![(100, x1, "今年调整重要生产资料的")] };
        let rest: &[Line] = &[
            (100, 700, "经济办法，引导生产企业加快行业"),
            (100, 700, "调整和改组的步伐，制止重复建设。"),
            (100, 420, "这是今年的重点。"),
        ];
        waived_where_it_fills(
            &column_page(&[&short(700), rest]),
            &column_page(&[&short(560), rest]),
        );
    }

    #[test]
    fn a_chinese_columns_last_line_is_body_and_weighed_for_its_place() {
        // A one-line block at the column's foot, running text right above
        // it: body for its place, with a weight against the join.
        let first: &[Line] = &[
            (160, 700, "第一，制止重复建设，"),
            (100, 700, "加快行业调整和改组的步伐。"),
            (100, 700, "今年调整重要生产资料的"),
        ];
        let r = column_page(&[first, &[(100, 560, "经济办法引导生产企业")]]);
        assert_eq!(
            weight_of(&r, 0, crate::FeatureId::ShortBlock),
            None,
            "{:?}",
            r.seams[0]
        );
        let foot = feature_of(&r, 0, crate::FeatureId::ColumnFootPiece).expect("weighed");
        assert_eq!((foot.value.as_ref(), foot.weight), ("right", -1.0));
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
    }

    #[test]
    fn a_block_next_in_reading_order_far_down_its_column_is_not_where_a_continuation_is() {
        let left: &[Line] = &[
            (100, 700, "The council voted the money for the new school and"),
            (100, 700, "the road to it, and the members then turned to the"),
        ];
        let right: &[Line] = &[
            (100, 700, "question of the harbour lights, which had failed"),
            (100, 420, "twice in the winter."),
        ];
        let placement =
            |r: &crate::Repair| feature_of(r, 0, crate::FeatureId::Placement).map(|f| (f.outcome, f.weight));
        // Right below: the open end and the lowercase start join.
        let r = spaced_column_page(&[(0, left), (0, right)]);
        assert_eq!(
            placement(&r),
            Some((Some("below"), 0.0)),
            "{:?}",
            r.seams[0].evidence
        );
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
        // Five lines of space between them: a block OCR lost or read
        // elsewhere stood there, and the join waits for review.
        let r = spaced_column_page(&[(0, left), (150, right)]);
        assert_eq!(
            placement(&r),
            Some((Some("far_below"), -6.0)),
            "{:?}",
            r.seams[0].evidence
        );
        assert!(r.seams[0].confidence < 0.95, "{:?}", r.seams[0]);
    }

    #[test]
    fn a_short_block_in_body_type_inside_a_column_run_is_body() {
        let body: &[Line] = &[
            (
                100,
                700,
                "The harbour board met on Monday and heard the engineers",
            ),
            (100, 700, "report on the new pier, which was finished in time and"),
        ];
        let short: &[Line] = &[(100, 700, "Our Stabilization Fund")];
        let more: &[Line] = &[
            (100, 700, "was shot full of holes by the storm of the winter, and"),
            (100, 420, "the members asked for a new one."),
        ];
        // Between running lines of its column, in the body's type: body.
        let r = column_page(&[body, short, more]);
        assert_eq!(r.facts[1].role.role, Role::Body, "{:?}", r.facts[1].role);
        // At the head of the column it may be a headline: the short guess stays.
        let r = column_page(&[short, body, more]);
        assert!(r.facts[0].role.is_short_text_guess(), "{:?}", r.facts[0].role);
    }

    /// Running Chinese lines of a column, before and after a short block.
    const ZH_BODY: &[Line] = &[
        (100, 700, "我们必须在理论上深入研究社会"),
        (100, 700, "主义商品经济运动的内在规律，"),
    ];
    const ZH_MORE: &[Line] = &[
        (100, 700, "的经济体制和运行机制。"),
        (100, 300, "这是一项长期的任务。"),
    ];

    #[test]
    fn a_short_chinese_block_in_the_type_of_its_column_run_is_body() {
        // Tesseract cuts a narrow Chinese column into one-line paragraphs;
        // the short one here would be a headline for its shape alone.
        let short: &[Line] = &[(100, 700, "在实践中积极探索适合我国国情")];
        // Between running lines, in their type (line boxes tell; a type
        // size is not needed: ALTO has none): body, and joined to the line
        // it runs on into.
        let r = column_page(&[ZH_BODY, short, ZH_MORE]);
        assert_eq!(r.facts[1].role.role, Role::Body, "{:?}", r.facts[1].role);
        assert!(r.seams[1].confidence >= 0.95, "{:?}", r.seams[1]);
        // At the head of its column it may be a headline: the guess stays.
        let r = column_page(&[short, ZH_BODY, ZH_MORE]);
        assert!(r.facts[0].role.is_short_text_guess(), "{:?}", r.facts[0].role);
    }

    #[test]
    fn a_short_block_taller_than_the_lines_around_it_stays_a_guess() {
        // A page in rough print: noise swells most lines' boxes (40 high),
        // so a headline in 38-high lines passes for the page's body type;
        // the running lines right around it are 28 high.
        let short: &[Line] = &[(100, 700, "积极探索适合我国国情的道路")];
        let swollen: &[Line] = &[
            (100, 700, "发展社会主义市场经济，"),
            (100, 700, "必须坚持改革开放。"),
        ];
        let page = |short_height| {
            let swollen_paragraphs = [(200, 40, swollen); 4];
            let mut paragraphs = vec![(0, 28, ZH_BODY), (0, short_height, short), (0, 28, ZH_MORE)];
            paragraphs.extend(swollen_paragraphs);
            sized_column_page(&paragraphs)
        };
        let r = page(38);
        assert!(r.facts[1].role.is_short_text_guess(), "{:?}", r.facts[1].role);
        // In their type it is body.
        let r = page(30);
        assert_eq!(r.facts[1].role.role, Role::Body, "{:?}", r.facts[1].role);
    }

    #[test]
    fn a_short_block_in_large_type_is_a_headline_though_a_word_runs_across() {
        // `总统` runs across the seam, which makes a short guess body; in
        // type twice the body's, the block is a headline for its type.
        let body: &[Line] = &[
            (100, 700, "代表团在莫斯科会见了俄罗斯"),
            (100, 700, "联邦政府的领导人和各界人士，"),
        ];
        let head: &[Line] = &[(100, 700, "俄罗斯总")];
        let more: &[Line] = &[
            (100, 700, "统叶利钦出席了会见。"),
            (100, 300, "双方进行了友好的交谈。"),
        ];
        let r = sized_column_page(&[(0, 30, body), (0, 60, head), (0, 30, more)]);
        assert_eq!(
            r.facts[1].role.reason,
            "set in larger type than the page's body text"
        );
        assert!(r.seams.iter().all(|s| s.confidence < 0.5), "{:?}", r.seams);
        // In the body's type, the cut word makes it running text.
        let r = sized_column_page(&[(0, 30, body), (0, 30, head), (0, 30, more)]);
        assert_eq!(r.facts[1].role.role, Role::Body, "{:?}", r.facts[1].role);
    }

    #[test]
    fn a_hyphen_that_joins_into_no_word_counts_against_the_join() {
        // Real OCR (the English train pages): the piece that finished
        // `situ-` is elsewhere; `violent` starts another block.
        let far = repaired(
            "It seems to me that in dealing with this situ-\n\nviolent methods would abrogate our time-honored ways.\n",
        );
        let said = feature_of(&far, 0, crate::FeatureId::HyphenJoinsNoWord).unwrap();
        assert_eq!(said.value, "situviolent: no word is one letter from it");
        assert!(far.seams[0].confidence < 0.95, "{:?}", far.seams[0]);
        // A word OCR misread by one letter is a word broken at the hyphen.
        let misread = repaired("the domination of gov-\n\nemment by financial and industrial interests.\n");
        assert_eq!(weight_of(&misread, 0, crate::FeatureId::HyphenJoinsNoWord), None);
        assert!(misread.seams[0].confidence >= 0.95, "{:?}", misread.seams[0]);
    }

    #[test]
    fn a_mark_after_a_function_word_is_a_speck() {
        let f = seam_features("we stood in the face of.\n\nthe greatest pressure of the war.\n");
        assert!(f.contains(&("left_ending".into(), 2.0)), "{f:?}");
    }

    #[test]
    fn a_sentence_end_before_lower_case_is_weighed_as_a_speck_may_be() {
        // Real OCR (the English train pages): a speck read as a period.
        let r = repaired("Factory pay.\n\nrolls dropped 40 percent, and nearly one-fifth\n");
        let said = feature_of(&r, 0, crate::FeatureId::LeftEnding).unwrap();
        assert_eq!(said.outcome, Some("terminal_before_lowercase"));
        // One paragraph three times of four there: for review, not applied.
        assert!((0.5..0.95).contains(&r.seams[0].confidence), "{:?}", r.seams[0]);
        // Before a capital it ends a sentence.
        let r = repaired("Factory pay.\n\nRolls dropped 40 percent, and nearly one-fifth\n");
        assert_eq!(
            feature_of(&r, 0, crate::FeatureId::LeftEnding).unwrap().outcome,
            Some("terminal")
        );
        assert!(r.seams[0].confidence < 0.5, "{:?}", r.seams[0]);
    }

    #[test]
    fn a_mark_standing_apart_or_after_a_hyphen_is_a_speck() {
        // Real OCR (the English train pages): Tesseract reads a speck at a
        // block's end as a period.
        let outcome = |text: &str| {
            let f = feature_of(&repaired(text), 0, crate::FeatureId::LeftEnding).cloned();
            f.map(|f| (f.value.to_string(), f.weight)).unwrap()
        };
        let detached = outcome("the necessary supply .\n\nand transport of the goods were paid for.\n");
        assert_eq!(detached, ("a mark standing apart (a speck)".into(), 2.0));
        let hyphen = outcome("we must eliminate this un-.\n\ncertainty in the markets.\n");
        assert_eq!(hyphen, ("a mark after a line-end hyphen (a speck)".into(), 2.0));
        let specked = outcome("to balance the bud- ©.\n\nget and provide for the middle class.\n");
        assert_eq!(specked.0, "a mark after a line-end hyphen (a speck)");
        // Whatever the line breaks take for a speck (here a quote) may stand
        // between the hyphen and the mark.
        let quoted = outcome("we must eliminate this un-’ .\n\ncertainty in the markets.\n");
        assert_eq!(quoted.0, "a mark after a line-end hyphen (a speck)");
        // Set against its word, a period ends a sentence; so after a dash.
        assert_eq!(
            outcome("the supply was short.\n\nAnd so it went.\n").0,
            "ends a sentence"
        );
        assert_eq!(
            outcome("the supply was short --.\n\nAnd so it went.\n").0,
            "ends a sentence"
        );
        // Joined with the lowercase start, the specks removed with the
        // break and said; the word broken before them mended.
        let joined = |text: &str| {
            let r = repaired(text);
            let said = r
                .edits
                .iter()
                .flat_map(|e| &e.evidence)
                .any(|f| f.name == crate::FeatureId::OcrSpecks);
            (
                r.apply_at_least(crate::Applicability::Safe)
                    .text
                    .trim()
                    .to_string(),
                said,
            )
        };
        assert_eq!(
            joined("the necessary supply .\n\nand transport of the goods were paid for.\n"),
            (
                "the necessary supply and transport of the goods were paid for.".into(),
                true
            )
        );
        assert_eq!(
            joined("we must eliminate this un-.\n\ncertainty in the markets.\n"),
            ("we must eliminate this uncertainty in the markets.".into(), true)
        );
        // The speck on a line of its own, the hyphen on the line before: the
        // hyphen goes (before, an empty edit said it did), the speck too.
        let r = repaired("we must work to eliminate this un-\n.\n\ncertainty in the markets.\n");
        let text = r.apply_at_least(crate::Applicability::Safe).text;
        assert_eq!(
            text.trim(),
            "we must work to eliminate this uncertainty in the markets."
        );
        assert!(
            r.edits
                .iter()
                .all(|e| !e.span.is_empty() || !e.replacement.is_empty()),
            "{:?}",
            r.edits
        );
        // A speck the line does not end with (`supply` | `.`, read as
        // `supply .`) is not removed: the blocks meet as they stand.
        assert_eq!(
            joined("the necessary supply\n.\n\nand transport of the goods were paid for.\n"),
            (
                "the necessary supply . and transport of the goods were paid for.".into(),
                false
            )
        );
        // After a function word the mark may be a real one: it stays.
        assert_eq!(
            joined("the potential is limited, but...\n\nthe will is not.\n"),
            ("the potential is limited, but... the will is not.".into(), false)
        );
    }

    /// What the edits of `r` say OCR read from specks.
    fn specks_said(r: &crate::Repair) -> Vec<&str> {
        r.edits
            .iter()
            .flat_map(|e| &e.evidence)
            .filter(|f| f.name == crate::FeatureId::OcrSpecks)
            .map(|f| f.value.as_ref())
            .collect()
    }

    #[test]
    fn a_word_broken_at_a_specked_line_end_is_mended_and_the_specks_said() {
        let text = "three per-. ©\n=. cent of it, to demon:\nstrate that it works.\n";
        let r = repaired(text);
        let out = r.apply_at_least(crate::Applicability::Safe).text;
        assert_eq!(out.trim(), "three percent of it, to demonstrate that it works.");
        let said = specks_said(&r);
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("©"), "{said:?}");
        // A hyphen of two bytes (`¬`, as some engines print it).
        let text = "three per¬. ©\n=. cent of it.\n";
        let r = repaired(text);
        assert_eq!(
            r.apply_at_least(crate::Applicability::Safe).text.trim(),
            "three percent of it."
        );
    }

    #[test]
    fn a_colon_where_the_hyphen_was_is_read_as_one() {
        // Real OCR (the English dev pages): Tesseract reads a line-end hyphen
        // as `:`, and `deter` and `mined` are both words, so the split-word
        // rule alone sent `determined` to review at 0.6.
        let text = "the people stood against deter:\nmined armies, to all of:\nthe people.\n";
        let r = repaired(text);
        let out = r.apply_at_least(crate::Applicability::Safe).text;
        assert_eq!(
            out.trim(),
            "the people stood against determined armies, to all of: the people."
        );
        let said = specks_said(&r);
        assert_eq!(said, ["`:` read for the line-end hyphen, removed with it"]);
    }

    #[test]
    fn specks_before_the_next_blocks_word_go_with_a_join_that_closes_up() {
        // Real OCR (the English real-OCR bench): `over-` | `- all` was
        // joined as `over- all`, or `over--all` where the page prints `over-all`.
        let text = "We made over-all gains this year in the mills.\n\nLast year we reduced over-\n\n- all petroleum consumption by a third.\n";
        let r = repaired(text);
        let out = r.apply_at_least(crate::Applicability::Safe).text;
        assert!(out.contains("reduced over-all petroleum"), "{out}");
        let join = &r.edits[r.seams[1].edit.unwrap()];
        assert!(
            join.evidence
                .iter()
                .any(|f| f.name == crate::FeatureId::OcrSpecks),
            "{:?}",
            join.evidence
        );
        // At a Chinese seam the quote is the text's own and stays.
        let r = repaired("国务院总理在会上指出，各地要认真贯彻执\n\n“行这一方针，切实把工作做好。\n");
        let out = r.apply_at_least(crate::Applicability::Review).text;
        assert!(out.contains("执“行") || out.contains("执\n\n“行"), "{out}");
    }

    #[test]
    fn a_capital_after_a_line_end_hyphen_cuts_no_word() {
        // Real OCR (en-0058, the held-out test split): a headline after a
        // column that ends on `sur-` was taken for running text and glued on.
        let text = "the freedom of its sur-\n\nJudged More\n\nThe war went on for years.\n";
        let r = repaired(text);
        assert_eq!(r.facts[1].role.role, Role::Headline, "{:?}", r.facts[1].role);
    }

    #[test]
    fn an_unsupported_chinese_join_waits_for_review_on_a_page_in_rough_print() {
        // The same seam (a comma, nothing tying the two sides), on a page the
        // dictionary reads and on one Tesseract made garbage of.
        let seam = "我们要继续深化经济体制改革，进一步完善社会主义市场经济体制，加快转变政府职能，\n\n\
                    以及国有企业改革，促进经济持续健康发展，保持社会和谐稳定。\n";
        let clean = "政府工作报告指出，今年要继续深化经济体制改革，进一步完善社会主义市场经济体制，\
                     加快转变政府职能，推进国有企业改革，促进经济持续健康发展。\n\n";
        let rough = "兀斤丑仄卅乇屮丌亍丨丶乂乜乩亓兀斤丑仄卅乇屮丌亍丨丶乂乜乩亓兀斤丑仄卅乇屮丌亍丨\
                     丶乂乜乩亓兀斤丑仄卅乇屮丌亍丨丶乂乜乩亓。\n\n";
        let at_seam = |page: &str| {
            let r = repaired(&format!("{page}{seam}"));
            let intercept = weight_of(&r, 1, crate::FeatureId::FittedIntercept);
            (r.seams[1].confidence >= 0.95, intercept)
        };
        assert_eq!(at_seam(clean), (true, None));
        assert_eq!(at_seam(rough), (false, Some(-3.0)));
        // Between the two cuts (a page 0.66 known): rough print in plain
        // text, where nothing but the text weighs a seam; clean print where
        // the boxes have their say.
        let paragraphs = [clean, rough, seam];
        let plain = repaired(&paragraphs.concat());
        let lines: Vec<Vec<Line>> = paragraphs
            .iter()
            .flat_map(|p| p.split("\n\n"))
            .filter(|p| !p.trim().is_empty())
            .map(|p| vec![(100, 700, p.trim())])
            .collect();
        let boxed = column_page(&lines.iter().map(Vec::as_slice).collect::<Vec<_>>());
        let quality = |r: &crate::Repair| {
            feature_of(r, 2, crate::FeatureId::ReadingQuality).map(|f| f.value.to_string())
        };
        assert_eq!(
            quality(&plain).as_deref(),
            Some("0.66 of the page known: weighed as rough print")
        );
        assert_eq!(
            quality(&boxed).as_deref(),
            Some("0.66 of the page known: weighed as clean print")
        );
    }

    #[test]
    fn one_line_chinese_blocks_are_weighed_and_joined_ones_are_body() {
        // Tesseract's blocks of a narrow Chinese column, one line each.
        let text = "国务院总理在会上指出，\n\n要抓紧制定符合\n\n我国国情的现代企业\n\n制度，推进改革。\n";
        let weighed = |r: &crate::Repair, seam: usize| -> Vec<(String, f64)> {
            let evidence = &r.seams[seam].evidence;
            evidence
                .iter()
                .filter(|f| f.name == crate::FeatureId::ShortBlock)
                .map(|f| (f.value.to_string(), f.weight))
                .collect()
        };
        // The shipped hand weight is a veto, kept apart from the role veto
        // so that a fit can weigh it.
        let r = repaired(text);
        assert_eq!(weighed(&r, 0), [("right".to_string(), -100.0)]);
        assert_eq!(weighed(&r, 1), [("left and right".to_string(), -200.0)]);
        assert!(r.seams.iter().all(|s| s.edit.is_none()));
        assert!(
            (1..=2).all(|i| r.facts[i].role.is_short_text_guess()),
            "{:?}",
            r.facts
        );

        // Weighed lightly, they join, and a joined one is body.
        let fit = r#"{"intercept": 0.0, "scales": {"short_block-": 0.01}}"#;
        let r = crate::repair::repaired_with(&crate::repair::decision_model::with_fit("cjk", fit), text);
        let safe =
            |e: Option<usize>| e.is_some_and(|e| r.edits[e].applicability == crate::Applicability::Safe);
        let joined: Vec<bool> = r.seams.iter().map(|s| safe(s.edit)).collect();
        assert!(joined[2], "`…现代企业` | `制度，…` {joined:?}");
        for i in 1..=2 {
            let body = r.facts[i].role.role == Role::Body;
            assert_eq!(
                body,
                joined[i - 1] || joined[i],
                "block {i}: {:?}",
                r.facts[i].role
            );
        }
    }

    #[test]
    fn a_scrap_of_latin_letters_on_a_chinese_page_is_never_joined() {
        let text = "全国各族人民在中国共产党领导下，坚持改革开放，\n\neaoe\n\n\
                    努力发展现代医药和我国传统医药。\n\n加强民族团结、维护祖国统一和社会稳定。\n";
        let r = repaired(text);
        assert_eq!(r.facts[1].role.role, Role::Furniture);
        assert_eq!(r.facts[1].role.reason, crate::analyze::LATIN_SCRAP);
        assert!(r.seams[..2].iter().all(|s| s.edit.is_none()), "{:?}", r.seams);
        // On an English page a short block is read as any other.
        let r = repaired("The board met on Monday and heard the engineers\n\nreport\n\non the new pier.\n");
        assert_eq!(r.facts[1].role.role, Role::Body);
    }

    #[test]
    fn a_lone_word_in_plain_text_is_never_joined_but_boxes_weigh_it() {
        let lone = |r: &crate::Repair, seam: usize| feature_of(r, seam, crate::FeatureId::LoneWord).is_some();
        let r = repaired(
            "The council met on Monday and agreed that the new bridge\n\nwould\n\nbe built in the spring.\n",
        );
        assert!(lone(&r, 0) && lone(&r, 1), "{:?}", r.seams);
        assert!(r.seams.iter().all(|s| s.edit.is_none() && s.confidence == 0.0));
        // A hyphen before it, or a sentence's end, says more than a lone word does.
        for text in [
            "The council met on Monday and agreed that the new bridge-\n\nhead\n",
            "It was agreed.\n\nSeparately.\n",
        ] {
            assert!(!lone(&repaired(text), 0), "{text}");
        }
        // With boxes the scan tells a word cut from its line from noise.
        let left: &[Line] = &[
            (100, 700, "The council met on Monday and agreed that the new"),
            (100, 700, "bridge over the river, long asked for, should"),
        ];
        let word: &[Line] = &[(100, 200, "now")];
        let right: &[Line] = &[(100, 700, "be built in the spring, before the floods came.")];
        let r = spaced_column_page(&[(0, left), (0, word), (0, right)]);
        assert_eq!(r.facts[1].role.role, Role::Body, "not vetoed by its role instead");
        assert!(!lone(&r, 0) && !lone(&r, 1), "{:?}", r.seams);
    }

    #[test]
    fn a_latin_line_well_short_of_its_column_in_plain_text_leaves_the_join_for_review() {
        // Lines of about 40 letters: a block whose last line holds 12
        // ended a paragraph, whatever OCR made of its period.
        let column = "the council met on monday and agreed to\n".repeat(6);
        let page =
            |last: &str| format!("{column}{last}\n\nbuilt in the spring, before the floods.\n\n{column}");
        let r = repaired(&page("that the new"));
        let feature = feature_of(&r, 0, crate::FeatureId::LeftLastLine).expect("a short last line");
        assert_eq!(
            (feature.outcome, feature.weight),
            (Some("short_in_latin_text"), -6.0)
        );
        assert!(
            r.seams[0].confidence < 0.95 && r.seams[0].edit.is_some(),
            "{:?}",
            r.seams[0]
        );
        let r = repaired(&page("that the new bridge over the river be"));
        assert_eq!(weight_of(&r, 0, crate::FeatureId::LeftLastLine), None);
        assert!(r.seams[0].confidence >= 0.95, "{:?}", r.seams[0]);
    }

    #[test]
    fn a_lone_word_joined_on_its_other_side_is_weighed_as_the_paragraph_it_joins() {
        // `govern。。govern` reads as one Latin word, and joins `电。` after
        // it; a second run reads `govern。。govern电。`, no lone word, and
        // joined `充the` to it. The first run now weighs that seam so too.
        let text = "充，\n\n充充充。充the\n\ngovern。。govern\n\n电。\n";
        let first = repaired(text);
        assert!(
            feature_of(&first, 1, crate::FeatureId::LoneWord).is_none(),
            "{:?}",
            first.seams
        );
        let once = first.apply_at_least(crate::Applicability::Safe).text;
        assert_eq!(once, "充，\n\n充充充。充the govern。。govern电。\n");
        assert_eq!(
            repaired(&once).apply_at_least(crate::Applicability::Safe).text,
            once
        );
        // A lone word that joins nothing is still never joined.
        let r = repaired("The council met on Monday and agreed that the new bridge\n\nwould\n\nbe built.\n");
        assert!(r.seams.iter().all(|s| s.edit.is_none()), "{:?}", r.seams);
    }

    #[test]
    fn a_short_block_cut_inside_a_word_is_running_text() {
        let text = "“严打”整治斗\n\n“争和社会治安综合治理取得初步成效。\n";
        let r = repaired(text);
        assert_eq!(r.facts[0].role.role, Role::Body, "{:?}", r.facts[0].role);
    }
}
