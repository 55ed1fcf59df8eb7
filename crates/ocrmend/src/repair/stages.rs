//! The repair's stages, one concern each: how the lines of a block meet
//! (reflow, hyphens, split words), the seams between blocks (a join and what
//! goes with it), blocks repeated in the document, and displaced fragments.
//! Each stage returns its own edits; [`merge`] puts them in text order once,
//! ties what goes with a join to it, and makes the ids unique.

use super::duplicates::{line_repeated_at_seam, Repeat, RepeatKind};
use super::lost_char::find_lost_char;
use super::seam::{is_lone_word, score_seam, unspecked_start, SeamInput, SeamScore};
use super::truncation::unfinished_end;
use super::words::{self, Junction, JunctionCall, SpeckedBreak, WordCounts};
use super::{reassemble, Options, Repairer, SeamDecision};
use crate::analyze::chars::is_hyphen;
use crate::analyze::{is_cjk_seam, line_break_layout, BlockFacts, Ending, LayoutFacts};
use crate::edit::{Applicability, Edit, Effect, LayoutRewrite, PARAGRAPH_BREAK};
use crate::features::{Feature, FeatureId};
use crate::lm::DocStats;
use crate::model::{Document, Script, Span};
use rayon::prelude::*;
use std::borrow::Cow;
use std::ops::Range;

/// Blocks or seams a stage works on in parallel at a time: enough to keep
/// the cores busy, few enough that a chunk's results waiting to be put in
/// order cost little memory.
const CHUNK: usize = 1024;

/// What every stage reads: the document, its blocks as the output lays
/// them out, the options, and what decides.
pub(super) struct Page<'a> {
    pub rp: Repairer<'a>,
    pub doc: &'a Document,
    pub texts: &'a [Cow<'a, str>],
    pub options: &'a Options,
}

/// One stage's proposals.
pub(super) struct Proposals {
    /// The edits, each `requires` an index into this list.
    pub edits: Vec<Edit>,
    /// Whitespace rewrites.
    pub layout: Vec<LayoutRewrite>,
}

/// A stage's proposals as it makes them, for one page.
struct Proposer<'p> {
    page: &'p Page<'p>,
    edits: Vec<Edit>,
    layout: Vec<LayoutRewrite>,
}

impl<'p> Proposer<'p> {
    fn new(page: &'p Page<'p>, layout_capacity: usize) -> Self {
        Proposer {
            page,
            edits: Vec::new(),
            layout: Vec::with_capacity(layout_capacity),
        }
    }

    fn done(self) -> Proposals {
        Proposals {
            edits: self.edits,
            layout: self.layout,
        }
    }

    /// Proposes an edit of `confidence`, if it reaches the review threshold;
    /// returns its index. Its `evidence` is asked for only then, and only
    /// when the repairer keeps evidence.
    fn push(
        &mut self,
        effect: Effect,
        span: Span,
        replacement: &str,
        confidence: f64,
        evidence: impl FnOnce() -> Vec<Feature>,
    ) -> Option<usize> {
        let applicability = self.page.options.thresholds.applicability(confidence)?;
        self.edits.push(Edit::new(
            &self.page.doc.text,
            effect,
            span,
            replacement,
            confidence,
            applicability,
            self.page.rp.evidence(evidence),
        ));
        Some(self.edits.len() - 1)
    }

    /// Proposes removing the hyphen that ends `text` (trailing space and
    /// line breaks aside; its effect says of which block): nothing when
    /// `text` does not end with one. The line break after it is layout and
    /// closes up either way.
    fn push_dehyphenate(
        &mut self,
        effect: Effect,
        text: Span,
        confidence: f64,
        evidence: impl FnOnce() -> Vec<Feature>,
    ) -> Option<usize> {
        let before = self.page.doc.slice(text).trim_end();
        let hyphen = before.chars().next_back().filter(|&c| is_hyphen(c))?;
        let end = text.start + before.len();
        let span = Span::new(end - hyphen.len_utf8(), end);
        self.push(effect, span, "", confidence, evidence)
    }

    /// True when edit `index` exists and is applied by default.
    fn is_safe(&self, index: Option<usize>) -> bool {
        index.is_some_and(|e| self.edits[e].applicability == Applicability::Safe)
    }
}

/// Drops whitespace before the first block and ends the text with one newline.
pub(super) fn layout_edges(doc: &Document) -> Vec<LayoutRewrite> {
    let first = doc.blocks[0].span().start;
    let last = doc.blocks[doc.blocks.len() - 1].span().end;
    vec![
        LayoutRewrite {
            span: Span::new(0, first),
            text: "",
        },
        LayoutRewrite {
            span: Span::new(last, doc.text.len()),
            text: "\n",
        },
    ]
}

/// The line breaks inside every block: each pair of lines laid out as one
/// paragraph (or kept, with `keep_lines`), and in Latin text a line-end
/// hyphen removed or a split word closed up.
pub(super) fn line_breaks(page: &Page, facts: &[BlockFacts], words: &WordCounts) -> Proposals {
    // Blocks are independent here: a chunk of them at a time, in parallel,
    // put together in block order.
    let n = page.doc.blocks.len();
    let chunks: Vec<Proposals> = (0..n)
        .into_par_iter()
        .step_by(CHUNK)
        .map(|from| line_breaks_in(page, facts, words, from..(from + CHUNK).min(n)))
        .collect();
    let mut all = Proposals {
        edits: Vec::with_capacity(chunks.iter().map(|c| c.edits.len()).sum()),
        layout: Vec::with_capacity(chunks.iter().map(|c| c.layout.len()).sum()),
    };
    for chunk in chunks {
        all.edits.extend(chunk.edits);
        all.layout.extend(chunk.layout);
    }
    all
}

/// [`line_breaks`] of the blocks in `blocks`.
fn line_breaks_in(page: &Page, facts: &[BlockFacts], words: &WordCounts, blocks: Range<usize>) -> Proposals {
    let doc = page.doc;
    // One rewrite per line break.
    let mut out = Proposer::new(
        page,
        doc.blocks[blocks.clone()].iter().map(|b| b.lines.len()).sum(),
    );
    let paragraph_breaks = &page.rp.model().geometry.paragraph_breaks;
    for (index, block) in doc.blocks.iter().enumerate().take(blocks.end).skip(blocks.start) {
        // Where the block's line boxes show a paragraph ending and the
        // next starting, the break is a paragraph's and nothing else.
        let starts = paragraph_breaks.starts_inside(doc, block);
        for (k, pair) in block.lines.windows(2).enumerate() {
            let gap = Span::new(pair[0].span.end, pair[1].span.start);
            let (left, right) = (doc.slice(pair[0].span), doc.slice(pair[1].span));
            if starts.contains(&(k + 1)) {
                out.layout.push(LayoutRewrite {
                    span: gap,
                    text: PARAGRAPH_BREAK,
                });
                continue;
            }
            if page.options.keep_lines {
                out.layout.push(LayoutRewrite {
                    span: gap,
                    text: "\n",
                });
                continue;
            }
            let layout = line_break_layout(left, right);
            out.layout.push(LayoutRewrite {
                span: gap,
                text: layout,
            });
            if facts[index].script != Script::Latin {
                continue;
            }
            let starts = [pair[0].span.start, pair[1].span.start];
            match read_line_break(page.rp, words, left, right) {
                Some(LineBreakRead::Specked {
                    specks,
                    call,
                    misread,
                }) => {
                    specked_break(&mut out, index, starts, &specks, &call, misread);
                }
                Some(LineBreakRead::Plain(call)) => match call.junction {
                    Junction::CloseUp if layout == " " => {
                        let effect = Effect::CloseUpWord { block: index };
                        out.push(effect, gap, "", call.confidence, || call.evidence());
                    }
                    Junction::Dehyphenate => {
                        let effect = Effect::Dehyphenate {
                            block: index,
                            next: None,
                        };
                        out.push_dehyphenate(effect, pair[0].span, call.confidence, || call.evidence());
                    }
                    _ => {}
                },
                None => {}
            }
        }
    }
    out.done()
}

/// How a line break inside a Latin block was read.
pub(crate) enum LineBreakRead<'a> {
    /// On the two lines as they stand.
    Plain(JunctionCall<'a>),
    /// On their words without the specks OCR read around the break
    /// (`per-. ©` | `cent`, `demon:` | `strate`, `bet` | `- ter`).
    Specked {
        /// The break past its specks.
        specks: SpeckedBreak<'a>,
        /// The junction of the words.
        call: JunctionCall<'a>,
        /// A mark where the hyphen would be was read as the hyphen.
        misread: bool,
    },
}

impl<'a> LineBreakRead<'a> {
    /// The junction call, however the break was read.
    pub(crate) fn call(&self) -> &JunctionCall<'a> {
        match self {
            LineBreakRead::Plain(call) | LineBreakRead::Specked { call, .. } => call,
        }
    }
}

/// Reads the break between the lines `left` and `right` of a Latin block
/// (`None` where a CJK character stands at it): what the line-break stage
/// decides on, and what a fit of its decisions reads (`eval --features`).
pub(crate) fn read_line_break<'a>(
    rp: Repairer,
    words: &WordCounts,
    left: &'a str,
    right: &'a str,
) -> Option<LineBreakRead<'a>> {
    if is_cjk_seam(left, right) {
        return None;
    }
    let Some(specks) = SpeckedBreak::find(left, right) else {
        return Some(LineBreakRead::Plain(words::junction(rp, words, left, right)));
    };
    // A mark where the hyphen would be (`deter:` | `mined`) is read as one
    // when that makes a word the lexicon or the page knows; after a
    // function word, only when the next line starts with no word (`in:` |
    // `cessant`, not `all of:` | `the`).
    let head_is_fragment = || words::fragment_zipf(rp, words::first_word(specks.right)).is_some();
    let read_as_hyphen = specks.hyphen_misread && (!specks.after_function_word || head_is_fragment());
    let as_hyphen = read_as_hyphen
        .then(|| words::junction_as_hyphenated(rp, words, specks.left, specks.right))
        .filter(|call| call.junction == Junction::Dehyphenate && call.makes_known_word());
    let misread = as_hyphen.is_some();
    let call = as_hyphen.unwrap_or_else(|| words::junction(rp, words, specks.left, specks.right));
    Some(LineBreakRead::Specked {
        specks,
        call,
        misread,
    })
}

/// A line break with OCR specks around it, read by [`read_line_break`]:
/// a dehyphenation or a split word found so removes the specks with the
/// break, and says which it removed. `starts` are the two lines' starts.
fn specked_break(
    out: &mut Proposer,
    index: usize,
    [left_start, right_start]: [usize; 2],
    specks: &SpeckedBreak,
    call: &JunctionCall,
    misread: bool,
) {
    // A scrap after the hyphen may be a word of the text's own (`a`): it
    // goes only for a word the lexicon or the page knows.
    if specks.scrap_after_hyphen && !call.makes_known_word() {
        return;
    }
    let (effect, from) = match call.junction {
        // The hyphen OCR misread goes with the specks after it.
        Junction::Dehyphenate if misread => (Effect::CloseUpWord { block: index }, specks.left.len()),
        // The hyphen may be any of them (`-`, `¬`, `–`): its own width.
        Junction::Dehyphenate => {
            let hyphen = specks.left.chars().next_back().map_or(0, char::len_utf8);
            let effect = Effect::Dehyphenate {
                block: index,
                next: None,
            };
            (effect, specks.left.len() - hyphen)
        }
        Junction::CloseUp if !specks.left.ends_with(is_hyphen) => {
            (Effect::CloseUpWord { block: index }, specks.left.len())
        }
        _ => return,
    };
    let span = Span::new(left_start + from, right_start + specks.right_offset);
    let doc = out.page.doc;
    out.push(effect, span, "", call.confidence, || {
        let mut evidence = call.evidence();
        let removed: String = doc.slice(span).split_whitespace().collect::<Vec<_>>().join(" ");
        let said = if misread {
            format!("`{removed}` read for the line-end hyphen, removed with it")
        } else {
            format!("`{removed}` read around the line break, removed with it")
        };
        evidence.push(Feature::shown(FeatureId::OcrSpecks, said));
        evidence
    });
}

/// Where the `specks` bytes that end `left` (the block's text as the seam
/// read it) start in the document, found on the block's last line: `None`
/// when there are none, or when the line does not end with them (they
/// would then not be the block's last characters).
fn specks_at_end(doc: &Document, last_line: Span, left: &str, specks: usize) -> Option<usize> {
    if specks == 0 {
        return None;
    }
    let tail = &left.trim_end()[left.trim_end().len() - specks..];
    let line = doc.slice(last_line).trim_end();
    line.ends_with(tail)
        .then(|| last_line.start + line.len() - specks)
}

/// What the seam stage reads besides the page.
pub(super) struct SeamContext<'a> {
    pub facts: &'a [BlockFacts],
    pub layout: &'a LayoutFacts,
    pub stats: &'a DocStats,
    pub words: &'a WordCounts<'a>,
    /// Per block: whether it repeats another and is proposed for removal.
    pub repeated: &'a [bool],
    /// How much of the page the shipped statistics know.
    pub known_share: Option<f64>,
}

/// Every seam between consecutive blocks: join or keep, and with a join
/// what goes with it (a dehyphenation, a lost character, a line read twice),
/// which `requires` the join.
pub(super) fn seams(page: &Page, cx: &SeamContext) -> (Proposals, Vec<SeamDecision>) {
    let doc = page.doc;
    let n = doc.blocks.len();
    let input = |right: usize, open_quotes: i32| {
        let left = right - 1;
        let flows = (
            &doc.blocks[left].geometry().flow,
            &doc.blocks[right].geometry().flow,
        );
        SeamInput {
            left: &page.texts[left],
            right: &page.texts[right],
            left_facts: &cx.facts[left],
            right_facts: &cx.facts[right],
            open_quotes,
            duplicate: cx.repeated[left] || cx.repeated[right],
            repeated_line: line_repeated_at_seam(doc, left, right),
            placement: cx.layout.placement(left, right),
            directly_below: cx.layout.directly_below(left, right),
            first_line: cx.layout.first_line(right),
            last_line: cx.layout.last_line(left),
            known_share: cx.known_share,
            boxes: cx.layout.has_boxes(),
            fills_column: (cx.layout.fills_column(left), cx.layout.fills_column(right)),
            adjacent: true,
            joined_beyond: false,
            inside_paragraph: left.checked_sub(1).is_some_and(|before| {
                reassemble::free_body(cx.facts, cx.repeated, before)
                    && unfinished_end(&cx.facts[before]).is_some()
            }) && reassemble::free_body(cx.facts, cx.repeated, right + 1),
            same_flow: match flows {
                (Some(a), Some(b)) => Some(a == b),
                _ => None,
            },
        }
    };
    let score = |input: &SeamInput| score_seam(page.rp, cx.stats, cx.words, input, page.rp.explain());
    // Whether the seam after block `right` joins, as first scored: asked
    // only of a seam a lone word vetoes.
    let joined_after = |right: usize| {
        right + 1 < n && {
            let next = right + 1;
            score(&input(next, cx.facts[right].quote_balance)).confidence >= page.options.thresholds.safe
        }
    };
    // Seams are scored in parallel, a chunk at a time (so that only a
    // chunk's scores wait at once), each as if the seam before it were not
    // joined: its quotes left open are then the left block's own. Only a
    // seam after a join can carry more (the paragraph goes on), and the
    // score reads the count only as "any open": the few seams where that
    // differs are scored again, in order. The same scores as a seam-by-seam
    // pass.
    let mut out = Proposer::new(page, n.saturating_sub(1));
    let mut decisions: Vec<SeamDecision> = Vec::with_capacity(n.saturating_sub(1));
    let mut open_quotes = 0;
    for from in (1..n).step_by(CHUNK) {
        let rights = from..(from + CHUNK).min(n);
        let guesses: Vec<(i32, SeamScore)> = rights
            .clone()
            .into_par_iter()
            .map(|right| {
                let open_quotes = cx.facts[right - 1].quote_balance;
                (open_quotes, score(&input(right, open_quotes)))
            })
            .collect();
        for (right, (guessed_quotes, guessed)) in rights.zip(guesses) {
            let left = right - 1;
            // Quotes left open carry over a join: the paragraph goes on.
            let joined_before = decisions.last().is_some_and(|s| out.is_safe(s.edit));
            open_quotes = cx.facts[left].quote_balance + if joined_before { open_quotes } else { 0 };
            let mut input = input(right, open_quotes);
            let mut scored = if (open_quotes > 0) == (guessed_quotes > 0) {
                guessed
            } else {
                score(&input)
            };
            // A lone word joined on its other side is part of a paragraph:
            // the seam is weighed on its evidence, as a second run weighs it.
            if scored.evidence.iter().any(|f| f.name == FeatureId::LoneWord) {
                let left_goes_on = joined_before || !is_lone_word(input.left);
                if left_goes_on && (!is_lone_word(input.right) || joined_after(right)) {
                    input.joined_beyond = true;
                    scored = score(&input);
                }
            }
            decisions.push(seam(&mut out, right, &input, scored, cx.stats));
        }
    }
    (out.done(), decisions)
}

/// Decides the seam between block `right - 1` and block `right`.
fn seam(
    out: &mut Proposer,
    right: usize,
    input: &SeamInput,
    score: SeamScore,
    stats: &DocStats,
) -> SeamDecision {
    let page = out.page;
    let doc = page.doc;
    let (lb, rb) = (&doc.blocks[right - 1], &doc.blocks[right]);
    let gap = Span::new(lb.span().end, rb.span().start);
    out.layout.push(LayoutRewrite {
        span: gap,
        text: PARAGRAPH_BREAK,
    });
    let left = right - 1;
    let mut decision = SeamDecision {
        left,
        confidence: score.confidence,
        edit: None,
        evidence: page.rp.evidence(|| score.evidence.clone()),
    };
    let last_line = lb.lines[lb.lines.len() - 1].span;
    // Specks OCR read at the left block's end (`un-.`, `supply .`) go with
    // the break: the join starts where they do. The junction was judged
    // without them; where they are not found on the block's last line, the
    // blocks meet with a space, as they stand.
    let specks = specks_at_end(doc, last_line, input.left, score.left_specks);
    let junction = match specks {
        None if score.left_specks > 0 => Junction::Space,
        _ => score.junction,
    };
    // Where the left block's text ends, before the specks if any.
    let text_end = specks.unwrap_or(last_line.end);
    // A hyphen ends the left block, or does before the specks the join removes.
    let hyphen_kept = input.left_facts.ending == Ending::Hyphen
        || (specks.is_some()
            && doc
                .slice(Span::new(lb.span().start, text_end))
                .trim_end()
                .ends_with(is_hyphen));
    let (replacement, confidence) = match junction {
        Junction::Space | Junction::SuspendedHyphen => (" ", score.confidence),
        // A line-end hyphen stays unless its own edit removes it: closing up
        // after it takes no risk with the word.
        Junction::CloseUp | Junction::Dehyphenate if hyphen_kept => ("", score.confidence),
        Junction::CloseUp | Junction::Dehyphenate => ("", score.confidence * score.junction_confidence),
    };
    if page.options.thresholds.applicability(confidence).is_none() {
        return decision;
    }
    let dependents = out.edits.len();
    let (join_span, join_evidence) = match specks {
        Some(start) => {
            let removed = doc.slice(Span::new(start, gap.start)).trim();
            let mut evidence = score.evidence;
            evidence.push(Feature::shown(
                FeatureId::OcrSpecks,
                format!("`{removed}` read at the block's end, removed with the join"),
            ));
            (Span::new(start, gap.end), evidence)
        }
        None => (gap, score.evidence),
    };
    // Specks before the right block's first word (`over-` | `- all`) go
    // with a join that closes up a Latin word: the junction was judged
    // without them. A Chinese join always closes up, and its quotes are
    // often the text's own.
    let first_line = doc.slice(rb.lines[0].span);
    let right_specks = first_line.len() - unspecked_start(first_line).len();
    let word_goes_on = replacement.is_empty() && !is_cjk_seam(input.left, input.right);
    let (join_span, join_evidence) = if word_goes_on && right_specks > 0 && !input.repeated_line {
        let mut evidence = join_evidence;
        evidence.push(Feature::shown(
            FeatureId::OcrSpecks,
            format!(
                "`{}` read at the next block's start, removed with the join",
                first_line[..right_specks].trim()
            ),
        ));
        (Span::new(join_span.start, join_span.end + right_specks), evidence)
    } else {
        (join_span, join_evidence)
    };
    if junction == Junction::Dehyphenate {
        // Never more applicable than the join it depends on.
        let dehyphenate = score.junction_confidence.min(confidence);
        let effect = Effect::Dehyphenate {
            block: left,
            next: Some(right),
        };
        // The hyphen is the block's last character before the specks, if
        // any (on the line before them when they stand on a line of their own).
        let text = Span::new(lb.span().start, text_end);
        out.push_dehyphenate(effect, text, dehyphenate, || score.junction_evidence);
    }
    // A lost character goes in before the join, where the gap starts. A
    // seam the dictionary reads as one word as it stands (`已` | `确定`,
    // the seam's own evidence) lost none: on the real-OCR dev pages this
    // took 5–6 wrong suggestions a format and no right one (train text:
    // 22 wrong, 1 right).
    let reads_as_word = || join_evidence.iter().any(|f| f.name == FeatureId::WordAcrossSeam);
    if is_cjk_seam(input.left, input.right) && !reads_as_word() {
        if let Some(lost) = find_lost_char(page.rp, stats, input.left, input.right) {
            out.edits.push(Edit::new(
                &doc.text,
                Effect::InsertCharacter { left, right },
                Span::empty(gap.start),
                lost.character.to_string(),
                lost.confidence,
                // Never applied by default, however sure.
                Applicability::Review,
                lost.evidence,
            ));
        }
    }
    decision.edit = out.push(
        Effect::Join { left, right },
        join_span,
        replacement,
        confidence,
        || join_evidence,
    );
    if input.repeated_line {
        // The repeated line goes with the join: never more applicable than it.
        let (first, second) = (rb.lines[0].span, rb.lines[1].span);
        out.push(
            Effect::TrimLine {
                block: right,
                of: left,
            },
            Span::new(first.start, second.start),
            "",
            confidence,
            || {
                vec![Feature::shown(
                    FeatureId::LineReadTwice,
                    doc.slice(first).to_string(),
                )]
            },
        );
    }
    let join = decision
        .edit
        .expect("a join at least suggested: its confidence was checked above");
    // What goes with the join is applied only with it.
    for dependent in dependents..out.edits.len() {
        if dependent != join {
            out.edits[dependent].requires = Some(join);
        }
    }
    decision
}

/// Every repeated block proposed for removal, with the blank lines before
/// it (after it, for the first block), in favour of the copy kept.
pub(super) fn duplicates(page: &Page, repeats: &[Repeat]) -> Vec<Edit> {
    let m = &page.rp.model().duplicates;
    let blocks = &page.doc.blocks;
    repeats
        .par_iter()
        .map(|repeat| {
            let span = match repeat.block {
                0 => Span::new(blocks[0].span().start, blocks[1].span().start),
                i => Span::new(blocks[i - 1].span().end, blocks[i].span().end),
            };
            let kept = &page.texts[repeat.kept];
            let evidence = page.rp.evidence(|| {
                vec![
                    Feature::shown(
                        FeatureId::Repeats,
                        match repeat.kind {
                            RepeatKind::Paragraph => "a paragraph printed or read twice",
                            _ => "page furniture repeated on a later page",
                        },
                    ),
                    Feature::shown(FeatureId::Kept, blocks[repeat.kept].id.0.clone()),
                    Feature::shown(FeatureId::Similarity, format!("{:.3}", repeat.similarity)),
                    Feature::shown(FeatureId::Containment, format!("{:.3}", repeat.containment)),
                    Feature::shown(FeatureId::ExactCopy, repeat.exact.to_string()),
                    Feature::shown(FeatureId::KeptText, kept.chars().take(60).collect::<String>()),
                    Feature::shown(
                        FeatureId::KeepPolicy,
                        "the more complete copy; of equals, the first in reading order",
                    ),
                ]
            });
            // Exact copies of paragraphs go by default; near and shortened
            // copies, and repeated running heads (which some archives keep),
            // are for review.
            let (confidence, applicability) = match repeat.kind {
                RepeatKind::Paragraph if repeat.exact => (m.exact_copy, Applicability::Safe),
                RepeatKind::Paragraph => (
                    repeat.similarity.max(repeat.containment).min(m.near_copy_max),
                    Applicability::Review,
                ),
                _ => (m.furniture, Applicability::Review),
            };
            let effect = Effect::RemoveCopy {
                removed: repeat.block,
                kept: repeat.kept,
            };
            Edit::new(
                &page.doc.text,
                effect,
                span,
                "",
                confidence,
                applicability,
                evidence,
            )
        })
        .collect()
}

/// Every displaced fragment proposed for moving to the end of the block it
/// continues, joined: the block leaves its place (with the blank lines
/// before it) and its text, laid out as the output lays it, goes in after
/// the open end. A continuation that only a caption stood apart from is
/// joined where it is instead ([`join_across`]).
pub(super) fn moves(page: &Page, moves: &[reassemble::Move], joined: &[bool]) -> Vec<Edit> {
    moves
        .iter()
        .map(|m| match m.across {
            Some(caption) => join_across(page, m, caption, joined),
            None => move_fragment(page, m),
        })
        .collect()
}

/// A block's text as the output lays it out, or with its lines kept.
fn block_text(page: &Page, i: usize) -> String {
    let doc = page.doc;
    if page.options.keep_lines {
        doc.blocks[i]
            .lines
            .iter()
            .map(|l| doc.slice(l.span))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        page.texts[i].to_string()
    }
}

/// The continuation taken from its place and put in after the open end.
fn move_fragment(page: &Page, m: &reassemble::Move) -> Edit {
    let blocks = &page.doc.blocks;
    let span = match m.start {
        0 => Span::new(blocks[0].span().start, blocks[1].span().start),
        s => Span::new(blocks[s - 1].span().end, blocks[s].span().end),
    };
    let evidence = page.rp.evidence(|| {
        let mut evidence = m.evidence.clone();
        evidence.push(Feature::shown(FeatureId::MovedFrom, blocks[m.start].id.0.clone()));
        evidence
    });
    Edit::new(
        &page.doc.text,
        Effect::Move {
            moved: m.start,
            after: m.end,
        },
        span,
        "",
        m.confidence,
        // A move is never applied by default: the reading order is
        // the reviewer's to change.
        Applicability::Review,
        evidence,
    )
    .moving_to(
        &page.doc.text,
        blocks[m.end].span().end,
        format!("{}{}", m.joiner(), block_text(page, m.start)),
    )
}

/// The open end and its continuation joined where they stand, the caption
/// between them (its blocks from `caption` on) taken out and put in after
/// the joined paragraph (after the last block that joins applied by default
/// tie to the continuation), where a caption printed inside a paragraph is
/// read. A line-end hyphen that the junction closes up goes with the gap.
fn join_across(page: &Page, m: &reassemble::Move, caption: usize, joined: &[bool]) -> Edit {
    let (doc, blocks) = (page.doc, &page.doc.blocks);
    let end = blocks[m.end].span().end;
    let hyphen = (m.junction == Junction::Dehyphenate)
        .then(|| doc.text[..end].chars().next_back().filter(|&c| is_hyphen(c)))
        .flatten();
    let gap = Span::new(
        end - hyphen.map_or(0, char::len_utf8),
        blocks[m.start].span().start,
    );
    let tail = (m.start..blocks.len())
        .find(|&i| !joined.get(i).copied().unwrap_or(false))
        .unwrap_or(m.start);
    let applicability = if m.confidence >= page.options.thresholds.safe {
        Applicability::Safe
    } else {
        Applicability::Review
    };
    Edit::new(
        &doc.text,
        Effect::JoinAcross {
            left: m.end,
            between: caption,
            right: m.start,
        },
        gap,
        m.joiner(),
        m.confidence,
        applicability,
        page.rp.evidence(|| m.evidence.clone()),
    )
    .moving_to(
        &doc.text,
        blocks[tail].span().end,
        (caption..m.start)
            .map(|i| format!("\n\n{}", block_text(page, i)))
            .collect::<String>(),
    )
}

/// The stages' edits as one list in text order (ties in stage order),
/// with every `requires` and every seam's edit pointing at its place in
/// it, and ids unique in the document: two identical changes with the same
/// context (the same hyphenation twice) would otherwise share one id, and
/// one review decision would stand for both. A repeat gets `-2`, `-3`, …
/// in text order, so ids stay stable across runs. `seams` point into the
/// edits of `stages[seams_stage]`.
pub(super) fn merge(mut stages: Vec<Vec<Edit>>, seams_stage: usize, seams: &mut [SeamDecision]) -> Vec<Edit> {
    // Each edit's place: (start, stage, index in its stage) sorted. The keys
    // are unique, so an unstable sort is the stable one.
    let mut order: Vec<(usize, usize, usize)> = stages
        .iter()
        .enumerate()
        .flat_map(|(s, stage)| stage.iter().enumerate().map(move |(i, e)| (e.span.start, s, i)))
        .collect();
    order.par_sort_unstable();
    let mut new_index: Vec<Vec<usize>> = stages.iter().map(|stage| vec![0; stage.len()]).collect();
    for (new, &(_, s, i)) in order.iter().enumerate() {
        new_index[s][i] = new;
    }
    let total = order.len();
    drop(order);
    for seam in seams.iter_mut() {
        seam.edit = seam.edit.map(|e| new_index[seams_stage][e]);
    }
    for (stage, indices) in stages.iter_mut().zip(&new_index) {
        for e in stage.iter_mut() {
            e.requires = e.requires.map(|r| indices[r]);
        }
    }
    // One list grown from the largest stage's own buffer, each other stage
    // freed as it is moved in, then put in text order in place, a swap
    // putting one edit in its place: an edit is some 150 bytes, a large
    // page has hundreds of thousands, and a second list of them all was
    // the repair's peak of memory.
    let largest = (0..stages.len()).max_by_key(|&s| stages[s].len()).unwrap_or(0);
    let mut edits = std::mem::take(&mut stages[largest]);
    let mut place: Vec<usize> = std::mem::take(&mut new_index[largest]);
    edits.reserve_exact(total - edits.len());
    for (s, stage) in stages.into_iter().enumerate().filter(|&(s, _)| s != largest) {
        place.extend_from_slice(&new_index[s]);
        edits.extend(stage);
    }
    for k in 0..edits.len() {
        while place[k] != k {
            let to = place[k];
            edits.swap(k, to);
            place.swap(k, to);
        }
    }
    // Ids made unique: the second edit of an id is `id-2`, and so on. The
    // edits sorted by (hash, place) in parallel; in a run of one hash, each
    // edit's place in the run (in text order) is its repeat.
    let mut by_hash: Vec<(u64, usize)> = edits.iter().enumerate().map(|(i, e)| (e.id.hash(), i)).collect();
    by_hash.par_sort_unstable();
    let mut repeat = vec![1; edits.len()];
    for run in by_hash.chunk_by(|x, y| x.0 == y.0) {
        for (n, &(_, i)) in (1..).zip(run) {
            repeat[i] = n;
        }
    }
    edits.par_iter_mut().zip(repeat).for_each(|(edit, n)| {
        edit.id = edit.id.repeated(n);
    });
    edits
}

#[cfg(test)]
mod tests {
    use crate::features::FeatureId;
    use crate::repair::repaired;

    #[test]
    fn merge_puts_the_stages_edits_in_text_order_and_points_everything_at_their_places() {
        use crate::edit::{Applicability, Edit, Effect};
        use crate::model::Span;
        let text = "aa bb cc dd ee ff gg hh";
        let at = |start: usize| {
            Edit::new(
                text,
                Effect::Join { left: 0, right: 1 },
                Span::new(start, start + 1),
                " ",
                0.9,
                Applicability::Review,
                vec![],
            )
        };
        // Stage 1 is the largest (the list the others are moved into); its
        // second edit requires its first; a tie at 9 goes in stage order.
        let lines = vec![at(9), at(21)];
        let mut required = at(3);
        required.requires = Some(0);
        // Told from `lines`' edit at 9 by its confidence alone (not in its id).
        let mut tied = at(9);
        tied.confidence = 0.8;
        let joins = vec![at(0), required, at(12), tied];
        let removals = vec![at(6)];
        let mut seams: Vec<super::SeamDecision> = [1, 3]
            .into_iter()
            .map(|edit| super::SeamDecision {
                left: 0,
                confidence: 0.9,
                edit: Some(edit),
                evidence: vec![],
            })
            .collect();
        let merged = super::merge(vec![lines, joins, removals], 1, &mut seams);
        let starts: Vec<usize> = merged.iter().map(|e| e.span.start).collect();
        assert_eq!(starts, [0, 3, 6, 9, 9, 12, 21]);
        // The tie: `lines`' edit at 9 first, `joins`' second, and ids count
        // repeats in that order.
        assert_eq!((merged[3].confidence, merged[4].confidence), (0.9, 0.8));
        assert_eq!(merged[3].id.to_string(), at(9).id.to_string());
        assert_eq!(merged[4].id.to_string(), format!("{}-2", at(9).id));
        assert_eq!(merged[1].requires, Some(0));
        assert_eq!(
            seams.iter().map(|s| s.edit).collect::<Vec<_>>(),
            [Some(1), Some(4)]
        );
    }

    /// Plain `text` with the safe edits applied, trimmed.
    fn mended(text: &str) -> String {
        let safe = repaired(text).apply_at_least(crate::Applicability::Safe);
        safe.text.trim().to_string()
    }

    #[test]
    fn a_mark_after_a_function_word_is_a_hyphen_only_before_no_word() {
        // Real OCR (the English dev pages): `cessant` is no word.
        assert_eq!(
            mended("the noise that comes from the in:\ncessant, repetitive work.\n"),
            "the noise that comes from the incessant, repetitive work."
        );
        // `the` is: the colon is the text's own (`ofthe` is in the word list).
        assert_eq!(
            mended("we say to all of:\nthe people here.\n"),
            "we say to all of: the people here."
        );
    }

    #[test]
    fn a_scrap_after_a_line_end_hyphen_goes_only_into_a_known_word() {
        // Real OCR (the English train pages): a letter of noise after the hyphen.
        assert_eq!(
            mended("to reform our out- a\ndated federal system.\n"),
            "to reform our outdated federal system."
        );
        // Into no word the lexicon or the page knows, the scrap may be the
        // text's own: the line stays as read.
        assert_eq!(
            mended("the brand- a\nzorpt product.\n"),
            "the brand- a zorpt product."
        );
    }

    /// The seams are scored in parallel as if no join came before; a quote
    /// left open before a join still counts at the seam after it.
    #[test]
    fn a_quote_left_open_carries_over_a_join_to_the_next_seam() {
        let text = "“Tomorrow the govern-\n\nment of the people meets\n\nand decides the matter.\n";
        let r = repaired(text);
        let has_quote = |seam: usize| {
            r.seams[seam]
                .evidence
                .iter()
                .any(|f| f.name == FeatureId::OpenQuoteOrBracket)
        };
        assert!(r.seams[0]
            .edit
            .is_some_and(|e| r.edits[e].applicability == crate::Applicability::Safe));
        assert!(has_quote(0));
        // The middle block opens no quote itself: the open one is carried.
        assert!(has_quote(1), "{:?}", r.seams[1].evidence);
    }
}
