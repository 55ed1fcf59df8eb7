//! Reassembly: a paragraph that ends mid-sentence and a block that starts
//! mid-sentence, far apart in the reading order OCR gave, may be one
//! paragraph whose continuation was displaced (to the end of the page, after
//! another article, onto another page).
//!
//! Every open end is scored against the open starts nearest it in the
//! document (and those on the page a jump line names)
//! with the seam evidence (lexicon, plausibility across the seam, roles,
//! placement on the scan, article flows, jump lines). The matching is global:
//! each end gets at most one continuation, each start at most one
//! predecessor, and a pair is proposed only when it beats every alternative
//! for both — the other candidates, the block next to each in reading order,
//! and "nothing here continues it" — by a clear margin.

use super::duplicates::line_repeated_at_seam;
use super::seam::{may_link, score_seam, SeamInput};
use super::truncation::{unfinished_end, unfinished_start};
use super::words::{probability, Junction, WordCounts};
use super::Repairer;
use crate::analyze::chars::{has_cjk, LetterClass};
use crate::analyze::{BlockFacts, LayoutFacts, Placement};
use crate::features::{Explain, Feature, FeatureId};
use crate::lm::DocStats;
use crate::model::{Document, Role};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// A displaced continuation: block `start` goes after block `end`.
#[derive(Debug, Clone)]
pub struct Move {
    /// The block whose paragraph is left open.
    pub end: usize,
    /// The block that continues it.
    pub start: usize,
    /// Probability that `start` continues `end`.
    pub confidence: f64,
    /// The same as log-odds, which the matching compares (probabilities
    /// near 1 would round to it and tie).
    log_odds: f64,
    /// How the two meet.
    pub junction: Junction,
    /// The first block of the caption that stands between them, when
    /// `start` comes right after it (the caption is the blocks from it to
    /// `start`): a join across it rather than a move.
    pub across: Option<usize>,
    /// The seam evidence for the pair, and the matching's.
    pub evidence: Vec<Feature>,
}

impl Move {
    /// What goes between the open end and its continuation: `" "` or `""`.
    pub fn joiner(&self) -> &'static str {
        match self.junction {
            Junction::Space | Junction::SuspendedHyphen => " ",
            Junction::CloseUp | Junction::Dehyphenate => "",
        }
    }
}

/// What reassembly reads: the seam scorer's inputs for the whole document.
pub struct Context<'a> {
    /// The decision model and the lexicons.
    pub rp: Repairer<'a>,
    /// The document's own character statistics.
    pub stats: &'a DocStats,
    /// The document's own word spellings.
    pub words: &'a WordCounts<'a>,
    /// The document.
    pub doc: &'a Document,
    /// Each block's text as the output lays it out.
    pub texts: &'a [Cow<'a, str>],
    /// Each block's script, role and ending.
    pub facts: &'a [BlockFacts],
    /// What the boxes say, when there are any.
    pub layout: &'a LayoutFacts,
    /// Per seam: a join applied by default: the block after it continues the
    /// block before it, and neither is free to pair elsewhere.
    pub joined: &'a [bool],
    /// Per block: it repeats another block and is proposed for removal, so
    /// it is no fragment to move or to continue.
    pub repeated: &'a [bool],
    /// Per seam: the seam decision's confidence, the adjacent alternative.
    pub adjacent: &'a [f64],
    /// How much of the page the shipped statistics know.
    pub known_share: Option<f64>,
    /// The document has a Chinese block: it is weighed as Chinese.
    pub has_cjk: bool,
}

/// Blocks whose paragraph is left open: ends and starts that no join
/// applied by default ties to their neighbour (a join only suggested is an
/// alternative the matching weighs, not a tie). A start counts as open when it reads as the middle of
/// a sentence, or, on a scan, when it heads a column: the text of a start
/// often reads like a sentence's, and the scoring weighs that anyway.
pub fn open_ends_and_starts(cx: &Context) -> (Vec<usize>, Vec<usize>) {
    let n = cx.facts.len();
    let body = |i: usize| free_body(cx.facts, cx.repeated, i);
    let ends = (0..n)
        .filter(|&i| body(i) && !cx.joined.get(i).copied().unwrap_or(false))
        .filter(|&i| unfinished_end(&cx.facts[i]).is_some())
        .collect();
    let starts = (0..n)
        .filter(|&i| body(i) && !(i > 0 && cx.joined[i - 1]))
        .filter(|&i| {
            cx.layout.heads_column(i) || unfinished_start(cx.rp, &cx.texts[i], &cx.facts[i]).is_some()
        })
        .collect();
    (ends, starts)
}

/// Block `i` is body free to continue a paragraph or to be continued: body,
/// and no copy the repair removes (`repeated`). False past the last block.
pub(super) fn free_body(facts: &[BlockFacts], repeated: &[bool], i: usize) -> bool {
    facts.get(i).is_some_and(|f| f.role.role == Role::Body) && !repeated.get(i).copied().unwrap_or(false)
}

/// The moves the document's open ends and starts support.
pub fn find_moves(cx: &Context, ends: &[usize], starts: &[usize]) -> Vec<Move> {
    let m = &cx.rp.model().reassembly;
    // The first starts on each page, for the ends whose jump line sends the
    // reader there: found once, not by a pass over every start for each such
    // end (which made a long document's reassembly grow with its square).
    let mut first_on_page: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for &s in starts {
        if let Some(page) = cx.doc.blocks[s].geometry().page.as_deref().and_then(page_number) {
            let first = first_on_page.entry(page).or_default();
            if first.len() < m.on_jump_page {
                first.push(s);
            }
        }
    }
    // Every scored pair (end, start), as the score it is ranked by (its
    // log-odds, and a join across's rank bonus), in order of end then start.
    // Each end's candidates are scored apart (in parallel: the pairs are
    // most of a page's work), and collected in order.
    let ranked = |pair: &Move| pair.log_odds + pair.across.map_or(0.0, |_| m.across_caption.rank_bonus);
    let pairs: Vec<(usize, usize, f64)> = ends
        .par_iter()
        .flat_map_iter(|&e| {
            let at = starts.partition_point(|&s| s < e);
            let mut candidates: Vec<usize> =
                starts[at.saturating_sub(m.nearest)..(at + m.nearest).min(starts.len())].to_vec();
            let caption = caption_between(cx, e);
            candidates.extend(caption.map(|(_, start)| start));
            if let Some(page) = jump_after(cx, e) {
                candidates.extend(first_on_page.get(&page).into_iter().flatten());
            }
            candidates.sort_unstable();
            candidates.dedup();
            candidates
                .into_iter()
                .filter(move |&s| s != e && s != e + 1 && cx.facts[e].script == cx.facts[s].script)
                .filter_map(move |s| {
                    score_pair(cx, e, s, caption, Explain::Quietly).map(|pair| (e, s, ranked(&pair)))
                })
        })
        .collect();
    // Best and runner-up per end and per start; the block next to it in
    // reading order, and "no continuation" (log-odds 0), are alternatives too.
    let logit = |p: f64| (p.clamp(1e-9, 1.0 - 1e-9) / (1.0 - p.clamp(1e-9, 1.0 - 1e-9))).ln();
    let n = cx.facts.len();
    let mut best_end = vec![(f64::NEG_INFINITY, usize::MAX); n];
    let mut best_start = vec![(f64::NEG_INFINITY, usize::MAX); n];
    let mut second_end = vec![0.0f64; n];
    let mut second_start = vec![0.0f64; n];
    for e in 0..n {
        if let Some(&p) = cx.adjacent.get(e) {
            second_end[e] = second_end[e].max(logit(p));
        }
        if e > 0 {
            second_start[e] = second_start[e].max(logit(cx.adjacent[e - 1]));
        }
    }
    for (k, &(e, s, l)) in pairs.iter().enumerate() {
        for (best, second, at) in [
            (&mut best_end, &mut second_end, e),
            (&mut best_start, &mut second_start, s),
        ] {
            if l > best[at].0 {
                second[at] = second[at].max(best[at].0);
                best[at] = (l, k);
            } else {
                second[at] = second[at].max(l);
            }
        }
    }
    let winners: Vec<(usize, usize, f64, f64)> = pairs
        .iter()
        .enumerate()
        .filter(|&(k, &(e, s, _))| best_end[e].1 == k && best_start[s].1 == k)
        .map(|(_, &(e, s, l))| (e, s, l, second_end[e].max(second_start[s])))
        .filter(|&(_, _, l, rival)| l - rival >= m.margin)
        .collect();
    // The winners scored again with their observations in words (when the
    // repairer keeps evidence): the same weights, now explained.
    let mut moves: Vec<Move> = winners
        .into_par_iter()
        .filter_map(|(e, s, l, rival)| {
            let mut found = score_pair(cx, e, s, caption_between(cx, e), cx.rp.explain())?;
            debug_assert_eq!(ranked(&found), l);
            let (across, log_odds) = (found.across, found.log_odds);
            found.evidence.extend(cx.rp.evidence(|| {
                let score = match across {
                    Some(_) => format!(
                        "log-odds {log_odds:.2} and {:.2} for the caption between",
                        m.across_caption.rank_bonus
                    ),
                    None => format!("log-odds {l:.2}"),
                };
                vec![Feature::shown(
                    FeatureId::MarginOverAlternatives,
                    format!("{score} against {rival:.2} for the best alternative"),
                )]
            }));
            Some(found)
        })
        .collect();
    moves.sort_by_key(|m| (m.end, m.start));
    moves
}

/// The caption right after open end `e`, when running text free to
/// continue `e` follows it: the two may be one paragraph that the caption
/// was printed in. Returns the caption's first block and that start; the
/// caption is the blocks between them. Only a caption by its own words or
/// the input's markup: one called so for its shape or type size is as
/// often running text OCR cut short (on the real-OCR train pages, of the
/// joins across one ending in a bracket scored 0.95 or more, 9 of 15 were
/// right). OCR reads a caption's first line apart now and then (`The new
/// school building seen from the north` | `(Photo: …)`): a block of one
/// line before the credit goes with it.
fn caption_between(cx: &Context, e: usize) -> Option<(usize, usize)> {
    let n = cx.facts.len();
    // Each of them stands apart from the block after it: no join applied
    // by default ties them (a page's last block has no seam after it).
    let apart = |i: usize| !cx.joined.get(i).copied().unwrap_or(false);
    let free_body = |i: usize| free_body(cx.facts, cx.repeated, i);
    let credit = |i: usize| i < n && cx.facts[i].role.is_marked_caption() && apart(i);
    let first_line = |i: usize| i < n && cx.doc.blocks[i].lines.len() == 1 && apart(i) && !cx.repeated[i];
    if credit(e + 1) && free_body(e + 2) {
        Some((e + 1, e + 2))
    } else if first_line(e + 1) && credit(e + 2) && free_body(e + 3) {
        Some((e + 1, e + 3))
    } else {
        None
    }
}

/// Scores `start` as the continuation of `end`, if they could be one
/// paragraph; `caption` is [`caption_between`] of `end`, found once for all
/// its candidates.
fn score_pair(
    cx: &Context,
    e: usize,
    s: usize,
    caption: Option<(usize, usize)>,
    explain: Explain,
) -> Option<Move> {
    let (le, ls) = (&cx.doc.blocks[e].geometry(), &cx.doc.blocks[s].geometry());
    // Across a caption the halves are weighed as if they met: the caption
    // is what a column's foot or a photo put between them.
    let across = caption
        .filter(|&(_, start)| start == s)
        .map(|(caption, _)| caption);
    let input = SeamInput {
        left: &cx.texts[e],
        right: &cx.texts[s],
        left_facts: &cx.facts[e],
        right_facts: &cx.facts[s],
        open_quotes: 0,
        duplicate: false,
        repeated_line: line_repeated_at_seam(cx.doc, e, s),
        // Further down the same column is where a caption (and its photo)
        // puts the rest of the paragraph.
        placement: cx.layout.placement(e, s).map(|p| match p {
            Placement::FarBelow if across.is_some() => Placement::Below,
            p => p,
        }),
        directly_below: cx.layout.directly_below(e, s),
        first_line: cx.layout.first_line(s),
        last_line: cx.layout.last_line(e),
        known_share: cx.known_share,
        boxes: cx.layout.has_boxes(),
        fills_column: (cx.layout.fills_column(e), cx.layout.fills_column(s)),
        adjacent: across.is_some(),
        joined_beyond: false,
        inside_paragraph: false,
        same_flow: match (&le.flow, &ls.flow) {
            (Some(a), Some(b)) => Some(a == b),
            _ => None,
        },
    };
    let jump = jump_after(cx, e);
    // Without a link there is no move: most pairs end here, unscored.
    let linkable = across.is_some()
        || may_link(cx.rp, cx.stats, cx.words, &input)
        || (ls.page.is_some() && jump.is_some());
    if !linkable {
        debug_assert!(
            score_seam(cx.rp, cx.stats, cx.words, &input, explain)
                .link
                .is_none(),
            "a link where none may be: {} | {}",
            input.left,
            input.right
        );
        return None;
    }
    let score = score_seam(cx.rp, cx.stats, cx.words, &input, explain);
    let m = &cx.rp.model().reassembly;
    let mut evidence = score.evidence;
    // An open end and a mid-sentence start are what every page-edge
    // truncation looks like: a move needs something that links the two.
    let mut linked = score.link.is_some() || across.is_some();
    if let (Some(page), Some(target)) = (&ls.page, jump) {
        let names_it = page_number(page) == Some(target);
        linked |= names_it;
        evidence.push(Feature::new(
            FeatureId::JumpLine,
            explain.say(|| format!("continued on page {target}; candidate on page {page}")),
            if names_it { m.jump_match } else { m.jump_mismatch },
        ));
    }
    if let Some(caption) = across {
        evidence.push(across_caption(cx, e, caption, s, explain));
    }
    let log_odds: f64 = evidence.iter().map(|f| f.weight).sum();
    let confidence = probability(log_odds);
    (linked && log_odds > 0.0).then_some(Move {
        end: e,
        start: s,
        confidence,
        log_odds,
        junction: score.junction,
        across,
        evidence,
    })
}

/// [`FeatureId::AcrossCaption`]: what a caption (its blocks from `caption`
/// to `s`) between open end `e` and its continuation `s` says about the join.
fn across_caption(cx: &Context, e: usize, caption: usize, s: usize, explain: Explain) -> Feature {
    let w = &cx.rp.model().reassembly.across_caption;
    let one_line_end = cx.doc.blocks[e].lines.len() == 1;
    let caption_continues = cx.texts[caption]
        .chars()
        .find(|c| c.is_letter_or_number())
        .is_some_and(char::is_lowercase);
    let weight = w.caption
        + if one_line_end { w.one_line_end } else { 0.0 }
        + if caption_continues {
            w.caption_continues
        } else {
            0.0
        };
    Feature::new(
        FeatureId::AcrossCaption,
        explain.say(|| {
            let ids: Vec<&str> = (caption..s).map(|i| cx.doc.blocks[i].id.0.as_str()).collect();
            let mut said = ids.join(" and ");
            if one_line_end {
                said.push_str("; the open end is one line");
            }
            if caption_continues {
                said.push_str("; the caption starts in lower case");
            }
            said
        }),
        weight,
    )
}

/// The page a jump line right after block `e` sends the reader to.
pub fn jump_after(cx: &Context, e: usize) -> Option<u32> {
    let next = e + 1;
    let facts = cx.facts.get(next)?;
    facts
        .role
        .is_jump_line()
        .then(|| jump_page(&cx.texts[next]))
        .flatten()
}

/// The page a jump line names: in Chinese its number (`下转第3版`), in
/// Latin script the number after `page` (`Continued on Page 17`) or the
/// ordinal before it (`Continued on Second Page`). A jump line misread
/// past its words (`« ontinurcl on necon.l PUR 1`) names none: a stray
/// digit is no page.
fn jump_page(text: &str) -> Option<u32> {
    if has_cjk(text) {
        return page_number(text);
    }
    const ORDINALS: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        "eleventh", "twelfth",
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_letter_or_number())
        .filter(|w| !w.is_empty())
        .collect();
    let page = words.iter().position(|&w| w == "page")?;
    let after = words.get(page + 1).and_then(|w| w.parse().ok());
    let before = || {
        let ordinal = words.get(page.checked_sub(1)?)?;
        ORDINALS.iter().position(|o| o == ordinal).map(|k| k as u32 + 1)
    };
    after.or_else(before)
}

/// The first number in `text` (ASCII or full-width digits).
fn page_number(text: &str) -> Option<u32> {
    let digits: String = text
        .chars()
        .skip_while(|c| c.to_digit(10).is_none() && !('０'..='９').contains(c))
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_in_jump_lines() {
        assert_eq!(page_number("下转第3版"), Some(3));
        assert_eq!(page_number("(Continued on page 12)"), Some(12));
        assert_eq!(page_number("转第１２版"), Some(12));
        assert_eq!(page_number("P4"), Some(4));
        assert_eq!(page_number("page"), None);
    }

    #[test]
    fn the_page_a_jump_line_names() {
        assert_eq!(jump_page("(下转第3版)"), Some(3));
        assert_eq!(jump_page("(Continued on Page 17)"), Some(17));
        assert_eq!(jump_page("Continued on Second Page."), Some(2));
        // Misread past its words (the Chronicling America page): a stray
        // digit names no page.
        assert_eq!(jump_page("« ontinurcl on necon.l PUR 1"), None);
    }
}
