//! The repair stage: from an analyzed document to proposed edits and flags.
//!
//! For every line break inside a block it decides how the lines meet
//! (reflow, dehyphenation, split words); for every seam between blocks,
//! join or keep; for every join that reads badly, a lost character; for every
//! unfinished paragraph with nothing to continue it, a flag. Nothing here
//! changes text: [`Repair::apply`] does, through [`crate::edit::apply`].

mod duplicates;
mod lost_char;
mod reassemble;
mod seam;
mod seam_model;
mod truncation;
mod words;

pub use seam::SeamScore;
pub use seam_model::SeamModel;
pub use truncation::FlagKind;
pub use words::Junction;

use crate::analyze::{
    analyze_page, flatten_blocks, is_cjk_seam, line_break_layout, BlockFacts, Ending, RoleCall,
};
use crate::edit::{apply, Applicability, Applied, Edit, EditKind, Feature, LayoutRewrite};
use crate::lm::{language_model, DocStats, LanguageModel};
use crate::model::{Document, Role, Script, Span};
use duplicates::{line_repeated_at_seam, repeated_blocks, repeated_furniture, Repeat, RepeatKind};
use seam::{score_seam, SeamInput};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use words::WordCounts;

/// Confidence levels that decide an edit's applicability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// At or above: applied by default.
    pub safe: f64,
    /// At or above (and below `safe`): suggested for review. Below: not proposed.
    pub review: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            safe: 0.95,
            review: 0.5,
        }
    }
}

impl Thresholds {
    /// Checked thresholds: both between 0 and 1, and review at most safe
    /// (an edit safe enough to apply is always worth suggesting).
    pub fn new(safe: f64, review: f64) -> crate::Result<Self> {
        for (name, p) in [("safe threshold", safe), ("review threshold", review)] {
            if !(0.0..=1.0).contains(&p) {
                return Err(crate::Error::Options {
                    message: format!("the {name} {p} is not between 0 and 1"),
                });
            }
        }
        if review > safe {
            return Err(crate::Error::Options {
                message: format!("the review threshold {review} is above the safe threshold {safe}"),
            });
        }
        Ok(Thresholds { safe, review })
    }

    fn applicability(&self, confidence: f64) -> Option<Applicability> {
        if confidence >= self.safe {
            Some(Applicability::Safe)
        } else if confidence >= self.review {
            Some(Applicability::Review)
        } else {
            None
        }
    }
}

/// How to repair. Written with suggestions (`safe_threshold`,
/// `review_threshold`, `keep_lines`) so that applying them repairs the same
/// way, and checked as [`Thresholds::new`] checks them when read back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "OptionFields", into = "OptionFields")]
pub struct Options {
    /// Keep the line breaks inside a paragraph (line-level alignment with the scan).
    pub keep_lines: bool,
    /// Confidence thresholds.
    pub thresholds: Thresholds,
}

/// [`Options`] as records hold them.
#[derive(Serialize, Deserialize)]
struct OptionFields {
    safe_threshold: f64,
    review_threshold: f64,
    keep_lines: bool,
}

impl TryFrom<OptionFields> for Options {
    type Error = crate::Error;

    fn try_from(f: OptionFields) -> crate::Result<Self> {
        Ok(Options {
            keep_lines: f.keep_lines,
            thresholds: Thresholds::new(f.safe_threshold, f.review_threshold)?,
        })
    }
}

impl From<Options> for OptionFields {
    fn from(o: Options) -> Self {
        OptionFields {
            safe_threshold: o.thresholds.safe,
            review_threshold: o.thresholds.review,
            keep_lines: o.keep_lines,
        }
    }
}

/// The decision at one seam between consecutive blocks.
#[derive(Debug, Clone)]
pub struct SeamDecision {
    /// Index of the block before the seam; the block after it is the next.
    pub left: usize,
    /// Probability that the two are one paragraph.
    pub confidence: f64,
    /// Index of the join edit proposed for it, if any.
    pub edit: Option<usize>,
    /// The observations behind the decision.
    pub evidence: Vec<Feature>,
}

/// A finding that changes no text.
#[derive(Debug, Clone)]
pub struct Flag {
    /// What it says.
    pub kind: FlagKind,
    /// Index of the block it is about.
    pub block: usize,
    /// Where in the input.
    pub span: Span,
    /// The observations behind it.
    pub evidence: Vec<Feature>,
    /// For an open end: the page a jump line after it sends the reader to.
    pub continued_on: Option<u32>,
}

/// Everything the repair found for one document.
#[derive(Debug, Clone)]
pub struct Repair {
    /// The input.
    pub document: Document,
    /// Per-block facts (script, role, ending), in block order.
    pub facts: Vec<BlockFacts>,
    /// One decision per pair of consecutive blocks.
    pub seams: Vec<SeamDecision>,
    /// Every proposed edit, in text order.
    pub edits: Vec<Edit>,
    /// Truncation flags.
    pub flags: Vec<Flag>,
    /// Whitespace rewrites that lay the text out as paragraphs.
    pub layout: Vec<LayoutRewrite>,
}

impl Repair {
    /// Applies the edits that `select` picks (and the layout).
    pub fn apply(&self, select: impl FnMut(&Edit) -> bool) -> Applied {
        apply(&self.document.text, &self.layout, &self.edits, select)
    }

    /// Applies the edits at or above `min` applicability.
    pub fn apply_at_least(&self, min: Applicability) -> Applied {
        self.apply(|e| e.applicability >= min)
    }
}

/// A block called a headline only for being short and unpunctuated is body
/// when a word runs across its seam with a body block beside it: OCR split
/// a line of running text off its paragraph (a column's foot, `…俄罗斯总` |
/// `统叶利钦…`; `…Cause of insol-` | `vency`), and a headline is never cut
/// inside a word. Decided before any seam is scored, so that both of its
/// seams and the report see the same role.
fn overrule_cut_headlines(
    mut facts: Vec<BlockFacts>,
    texts: &[Cow<str>],
    lm: &LanguageModel,
    words: &WordCounts,
) -> Vec<BlockFacts> {
    for i in 0..texts.len().saturating_sub(1) {
        let (l, r) = (&facts[i].role, &facts[i + 1].role);
        let short = if l.is_short_text_guess() && r.role == Role::Body {
            i
        } else if r.is_short_text_guess() && l.role == Role::Body {
            i + 1
        } else {
            continue;
        };
        if seam::word_cut_at_seam(lm, words, &texts[i], &texts[i + 1]).is_some() {
            facts[short].role = RoleCall {
                role: Role::Body,
                reason: "short block cut inside a word at its seam with running text",
            };
        }
    }
    facts
}

/// Repairs one document.
pub fn repair(document: Document, options: &Options) -> Repair {
    let lm = language_model();
    // Every stage reads the blocks as the output lays them out, so that a run
    // on repaired text sees what the first run saw.
    let texts = flatten_blocks(&document);
    let (facts, layout_facts) = analyze_page(&document, &texts);
    let runs = || texts.iter().map(|t| t.as_ref());
    let has_cjk = facts.iter().any(|f| f.script == Script::Cjk);
    let has_latin = facts.iter().any(|f| f.script == Script::Latin);
    let stats = if has_cjk {
        DocStats::from_runs(runs())
    } else {
        DocStats::default()
    };
    let words = if has_latin {
        WordCounts::from_runs(runs())
    } else {
        WordCounts::default()
    };

    let facts = overrule_cut_headlines(facts, &texts, lm, &words);

    let mut builder = Builder {
        lm,
        doc: &document,
        options,
        edits: Vec::new(),
        // One rewrite per line break in a block and per seam, and the two edges.
        layout: Vec::with_capacity(document.blocks.iter().map(|b| b.lines.len()).sum::<usize>() + 1),
    };
    builder.layout_edges();
    // Block by block, each block's line edits before the seam after it: the
    // edits come out in text order.
    let mut seams: Vec<SeamDecision> = Vec::with_capacity(document.blocks.len().saturating_sub(1));
    let mut open_quotes = 0;
    let roles: Vec<Role> = facts.iter().map(|f| f.role.role).collect();
    let mut repeat_of: Vec<Option<Repeat>> = vec![None; texts.len()];
    let scripts: Vec<Script> = facts.iter().map(|f| f.script).collect();
    for r in repeated_blocks(&texts, &roles, &scripts)
        .into_iter()
        .chain(repeated_furniture(&texts, &roles))
    {
        let block = r.block;
        repeat_of[block] = Some(r);
    }
    for (i, block_facts) in facts.iter().enumerate() {
        if let Some(repeat) = &repeat_of[i] {
            builder.remove_duplicate(repeat, &texts);
        }
        builder.lines_of_block(i, block_facts.script, &words);
        let Some(next) = texts.get(i + 1) else { break };
        // Quotes left open carry over a join: the paragraph goes on.
        let joined_before = seams.last().is_some_and(|s| builder.is_safe(s.edit));
        open_quotes = block_facts.quote_balance + if joined_before { open_quotes } else { 0 };
        let seam = SeamInput {
            left: &texts[i],
            right: next,
            left_facts: block_facts,
            right_facts: &facts[i + 1],
            open_quotes,
            duplicate: repeat_of[i].is_some() || repeat_of[i + 1].is_some(),
            repeated_line: line_repeated_at_seam(&document, i, i + 1),
            placement: layout_facts.placement(i, i + 1),
            adjacent: true,
            same_flow: match (
                &document.blocks[i].geometry().flow,
                &document.blocks[i + 1].geometry().flow,
            ) {
                (Some(a), Some(b)) => Some(a == b),
                _ => None,
            },
        };
        seams.push(builder.seam(i + 1, &seam, &stats, &words));
    }
    debug_assert!(builder
        .edits
        .windows(2)
        .all(|w| w[0].span.start <= w[1].span.start));
    let joined: Vec<bool> = seams.iter().map(|s| builder.is_safe(s.edit)).collect();
    let adjacent: Vec<f64> = seams.iter().map(|s| s.confidence).collect();
    let cx = reassemble::Context {
        lm,
        stats: &stats,
        words: &words,
        doc: &document,
        texts: &texts,
        facts: &facts,
        layout: &layout_facts,
        joined: &joined,
        repeated: &repeat_of.iter().map(Option::is_some).collect::<Vec<_>>(),
        adjacent: &adjacent,
    };
    let (ends, starts) = reassemble::open_ends_and_starts(&cx);
    let moves = reassemble::find_moves(&cx, &ends, &starts);
    for m in &moves {
        builder.push_move(m, &texts);
    }
    builder.sort_edits(&mut seams);
    let flags = truncation_flags(&cx, &ends, &starts, &moves, &seams, &builder.edits);
    let Builder { edits, layout, .. } = builder;
    Repair {
        document,
        facts,
        seams,
        edits,
        flags,
        layout,
    }
}

struct Builder<'a> {
    lm: &'a LanguageModel,
    doc: &'a Document,
    options: &'a Options,
    edits: Vec<Edit>,
    layout: Vec<LayoutRewrite>,
}

impl Builder<'_> {
    /// Drops whitespace before the first block and ends the text with one newline.
    fn layout_edges(&mut self) {
        let doc = self.doc;
        let first = doc.blocks[0].span().start;
        let last = doc.blocks[doc.blocks.len() - 1].span().end;
        self.layout.push(LayoutRewrite {
            span: Span::new(0, first),
            text: "",
        });
        self.layout.push(LayoutRewrite {
            span: Span::new(last, doc.text.len()),
            text: "\n",
        });
    }

    /// Decides how each pair of lines inside block `index` meets.
    fn lines_of_block(&mut self, index: usize, script: Script, words: &WordCounts) {
        let doc = self.doc;
        let block = &doc.blocks[index];
        for pair in block.lines.windows(2) {
            let gap = Span::new(pair[0].span.end, pair[1].span.start);
            let left = doc.slice(pair[0].span);
            let right = doc.slice(pair[1].span);
            if self.options.keep_lines {
                self.layout.push(LayoutRewrite {
                    span: gap,
                    text: "\n",
                });
                continue;
            }
            let layout = line_break_layout(left, right);
            self.layout.push(LayoutRewrite {
                span: gap,
                text: layout,
            });
            if script != Script::Latin || is_cjk_seam(left, right) {
                continue;
            }
            if let Some(specks) = words::SpeckedBreak::find(left, right) {
                self.specked_break(index, pair[0].span.start, pair[1].span.start, &specks, words);
                continue;
            }
            let call = words::junction(self.lm, words, left, right);
            let ids = vec![index];
            match call.junction {
                Junction::CloseUp if layout == " " => {
                    self.push_edit(
                        EditKind::JoinSplitWord,
                        gap,
                        "",
                        call.confidence,
                        ids,
                        call.evidence,
                    );
                }
                Junction::Dehyphenate => {
                    self.push_dehyphenate(pair[0].span, call.confidence, ids, call.evidence);
                }
                _ => {}
            }
        }
    }

    /// A line break with OCR specks around it (`per-. ©` | `cent`, `demon:` |
    /// `strate`, `bet` | `- ter`): judged on the words without the specks;
    /// a dehyphenation or a split word found so removes the specks with the
    /// break, and says which it removed.
    fn specked_break(
        &mut self,
        index: usize,
        left_start: usize,
        right_start: usize,
        specks: &words::SpeckedBreak,
        words: &WordCounts,
    ) {
        let call = words::junction(self.lm, words, specks.left, specks.right);
        let (kind, from) = match call.junction {
            // The hyphen may be any of them (`-`, `¬`, `–`): its own width.
            Junction::Dehyphenate => {
                let hyphen = specks.left.chars().next_back().map_or(0, char::len_utf8);
                (EditKind::Dehyphenate, specks.left.len() - hyphen)
            }
            Junction::CloseUp if !specks.left.ends_with(crate::analyze::chars::is_hyphen) => {
                (EditKind::JoinSplitWord, specks.left.len())
            }
            _ => return,
        };
        let span = Span::new(left_start + from, right_start + specks.right_offset);
        let mut evidence = call.evidence;
        let removed: String = self
            .doc
            .slice(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        evidence.push(Feature::new(
            "ocr_specks",
            format!("`{removed}` read around the line break, removed with it"),
            0.0,
        ));
        self.push_edit(kind, span, "", call.confidence, vec![index], evidence);
    }

    /// True when edit `index` exists and is applied by default.
    fn is_safe(&self, index: Option<usize>) -> bool {
        index.is_some_and(|e| self.edits[e].applicability == Applicability::Safe)
    }

    /// Decides the seam between block `right - 1` and block `right`.
    fn seam(
        &mut self,
        right: usize,
        input: &SeamInput,
        stats: &DocStats,
        words: &WordCounts,
    ) -> SeamDecision {
        let doc = self.doc;
        let (lb, rb) = (&doc.blocks[right - 1], &doc.blocks[right]);
        let gap = Span::new(lb.span().end, rb.span().start);
        self.layout.push(LayoutRewrite {
            span: gap,
            text: "\n\n",
        });
        let score = score_seam(self.lm, stats, words, input);
        let ids = vec![right - 1, right];
        let mut decision = SeamDecision {
            left: right - 1,
            confidence: score.confidence,
            edit: None,
            evidence: score.evidence.clone(),
        };
        let hyphen_kept = input.left_facts.ending == Ending::Hyphen;
        let (replacement, confidence) = match score.junction {
            Junction::Space | Junction::SuspendedHyphen => (" ", score.confidence),
            // A line-end hyphen stays unless its own edit removes it: closing up
            // after it takes no risk with the word.
            Junction::CloseUp | Junction::Dehyphenate if hyphen_kept => ("", score.confidence),
            Junction::CloseUp | Junction::Dehyphenate => ("", score.confidence * score.junction_confidence),
        };
        if self.options.thresholds.applicability(confidence).is_none() {
            return decision;
        }
        // What goes with the join (a dehyphenation, a lost character, a line
        // read twice) is applied only with it.
        let dependents = self.edits.len();
        if score.junction == Junction::Dehyphenate {
            // Never more applicable than the join it depends on.
            let dehyphenate = score.junction_confidence.min(confidence);
            let last_line = lb.lines[lb.lines.len() - 1].span;
            self.push_dehyphenate(last_line, dehyphenate, ids.clone(), score.junction_evidence);
        }
        // A lost character goes in before the join, where the gap starts.
        if is_cjk_seam(input.left, input.right) {
            if let Some(lost) = lost_char::find_lost_char(self.lm, stats, input.left, input.right) {
                self.edits.push(Edit::new(
                    &doc.text,
                    EditKind::InsertLostCharacter,
                    Span::empty(gap.start),
                    lost.character.to_string(),
                    lost.confidence,
                    // Never applied by default, however sure.
                    Applicability::Review,
                    ids.clone(),
                    lost.evidence,
                ));
            }
        }
        decision.edit = self.push_edit(
            EditKind::JoinParagraphs,
            gap,
            replacement,
            confidence,
            ids,
            score.evidence,
        );
        if input.repeated_line {
            // The repeated line goes with the join: never more applicable than it.
            let (first, second) = (rb.lines[0].span, rb.lines[1].span);
            let line = doc.slice(first).to_string();
            self.push_edit(
                EditKind::TrimRepeatedLine,
                Span::new(first.start, second.start),
                "",
                confidence,
                vec![right, right - 1],
                vec![Feature::new("line_read_twice", line, 0.0)],
            );
        }
        let join = decision
            .edit
            .expect("a join at least suggested: its confidence was checked above");
        for dependent in dependents..self.edits.len() {
            if dependent != join {
                self.edits[dependent].requires = Some(join);
            }
        }
        decision
    }

    /// Proposes removing a repeated block, with the blank lines before it
    /// (after it, for the first block), in favour of the copy kept.
    fn remove_duplicate(&mut self, repeat: &Repeat, texts: &[Cow<str>]) {
        let blocks = &self.doc.blocks;
        let span = match repeat.block {
            0 => Span::new(blocks[0].span().start, blocks[1].span().start),
            i => Span::new(blocks[i - 1].span().end, blocks[i].span().end),
        };
        let kept = &texts[repeat.kept];
        let evidence = vec![
            Feature::new(
                "repeats",
                match repeat.kind {
                    RepeatKind::Paragraph => "a paragraph printed or read twice",
                    _ => "page furniture repeated on a later page",
                },
                0.0,
            ),
            Feature::new("kept", blocks[repeat.kept].id.0.clone(), 0.0),
            Feature::new("similarity", format!("{:.3}", repeat.similarity), 0.0),
            Feature::new("containment", format!("{:.3}", repeat.containment), 0.0),
            Feature::new("exact_copy", repeat.exact.to_string(), 0.0),
            Feature::new("kept_text", kept.chars().take(60).collect::<String>(), 0.0),
            Feature::new(
                "keep_policy",
                "the more complete copy; of equals, the first in reading order",
                0.0,
            ),
        ];
        let ids = vec![repeat.block, repeat.kept];
        // Exact copies of paragraphs go by default; near and shortened copies,
        // and repeated running heads (which some archives keep), are for review.
        let (confidence, applicability) = match repeat.kind {
            RepeatKind::Paragraph if repeat.exact => (0.99, Applicability::Safe),
            RepeatKind::Paragraph => (
                repeat.similarity.max(repeat.containment).min(0.94),
                Applicability::Review,
            ),
            _ => (0.9, Applicability::Review),
        };
        let edit = Edit::new(
            &self.doc.text,
            EditKind::RemoveDuplicate,
            span,
            "",
            confidence,
            applicability,
            ids,
            evidence,
        );
        self.edits.push(edit);
    }

    /// Proposes moving block `m.start` to the end of block `m.end`, joined:
    /// the block leaves its place (with the blank lines before it) and its
    /// text, laid out as the output lays it, goes in after the open end.
    fn push_move(&mut self, m: &reassemble::Move, texts: &[Cow<str>]) {
        let doc = self.doc;
        let blocks = &doc.blocks;
        let span = match m.start {
            0 => Span::new(blocks[0].span().start, blocks[1].span().start),
            s => Span::new(blocks[s - 1].span().end, blocks[s].span().end),
        };
        let moved = if self.options.keep_lines {
            let b = &blocks[m.start];
            b.lines
                .iter()
                .map(|l| doc.slice(l.span))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            texts[m.start].to_string()
        };
        let mut evidence = m.evidence.clone();
        evidence.push(Feature::new("moved_from", blocks[m.start].id.0.clone(), 0.0));
        let edit = Edit::new(
            &doc.text,
            EditKind::MoveFragment,
            span,
            "",
            m.confidence,
            // A move is never applied by default: the reading order is the
            // reviewer's to change.
            Applicability::Review,
            vec![m.start, m.end],
            evidence,
        )
        .moving_to(
            &doc.text,
            blocks[m.end].span().end,
            format!("{}{moved}", m.joiner),
        );
        self.edits.push(edit);
    }

    /// Puts the edits back in text order after moves were added at the end,
    /// points the seams at their edits' new places, and makes edit ids
    /// unique in the document: two identical changes with the same context
    /// (the same hyphenation twice) would otherwise share one id, and one
    /// review decision would stand for both. A repeat gets `-2`, `-3`, … in
    /// text order, so ids stay stable across runs.
    fn sort_edits(&mut self, seams: &mut [SeamDecision]) {
        let mut order: Vec<usize> = (0..self.edits.len()).collect();
        order.sort_by_key(|&i| (self.edits[i].span.start, i));
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        for seam in seams {
            seam.edit = seam.edit.map(|e| new_index[e]);
        }
        for edit in &mut self.edits {
            edit.requires = edit.requires.map(|e| new_index[e]);
        }
        let mut slots: Vec<Option<Edit>> = std::mem::take(&mut self.edits).into_iter().map(Some).collect();
        self.edits = order
            .iter()
            .map(|&i| slots[i].take().expect("each edit once"))
            .collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for edit in &mut self.edits {
            let n = seen.entry(edit.id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                edit.id = format!("{}-{n}", edit.id);
            }
        }
    }

    /// Proposes removing the hyphen that ends `line`; the line break after it
    /// is layout and closes up either way.
    fn push_dehyphenate(&mut self, line: Span, confidence: f64, blocks: Vec<usize>, evidence: Vec<Feature>) {
        let hyphen = self
            .doc
            .slice(line)
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        let span = Span::new(line.start + hyphen, line.end);
        self.push_edit(EditKind::Dehyphenate, span, "", confidence, blocks, evidence);
    }

    fn push_edit(
        &mut self,
        kind: EditKind,
        span: Span,
        replacement: &str,
        confidence: f64,
        blocks: Vec<usize>,
        evidence: Vec<Feature>,
    ) -> Option<usize> {
        let applicability = self.options.thresholds.applicability(confidence)?;
        self.edits.push(Edit::new(
            &self.doc.text,
            kind,
            span,
            replacement,
            confidence,
            applicability,
            blocks,
            evidence,
        ));
        Some(self.edits.len() - 1)
    }
}

/// Seam confidence from which a block's open end counts as continued. Set on
/// 200 simulated pages per language: truncated-end flag F1 en 0.688 → 0.698,
/// zh 0.674 → 0.694 against flagging every seam not joined by default, while
/// the sample page's two truncations (suggested joins at 0.73) stay flagged.
const LIKELY_CONTINUED: f64 = 0.9;

/// Flags the open ends and starts that no likely join mends and no move
/// is proposed for: what archivists use to find missing pieces.
fn truncation_flags(
    cx: &reassemble::Context,
    ends: &[usize],
    starts: &[usize],
    moves: &[reassemble::Move],
    seams: &[SeamDecision],
    edits: &[Edit],
) -> Vec<Flag> {
    let (doc, facts) = (cx.doc, cx.facts);
    // A seam likely enough to be suggested with confidence leaves no open
    // end: the suggestion itself is the flag.
    let likely = |seam: Option<&SeamDecision>| seam.is_some_and(|s| s.confidence >= LIKELY_CONTINUED);
    let (mut moved, mut continued_elsewhere) = (vec![false; facts.len()], vec![false; facts.len()]);
    for m in moves {
        moved[m.start] = true;
        continued_elsewhere[m.end] = true;
    }
    let mut flags = Vec::new();
    let mut starts = starts.iter().peekable();
    let mut ends = ends.iter().peekable();
    for (i, block) in doc.blocks.iter().enumerate() {
        let open_start = starts.next_if_eq(&&i).is_some()
            && !moved[i]
            && !likely(i.checked_sub(1).and_then(|j| seams.get(j)));
        // A column head is a candidate start, but only text mid-sentence is flagged.
        if let Some(feature) = open_start
            .then(|| truncation::unfinished_start(cx.lm, &cx.texts[i], &facts[i]))
            .flatten()
        {
            let evidence = vec![
                feature,
                neighbour_feature("previous_block", i.checked_sub(1), facts),
            ];
            flags.push(Flag {
                kind: FlagKind::TruncatedStart,
                block: i,
                span: block.lines[0].span,
                evidence,
                continued_on: None,
            });
        }
        if ends.next_if_eq(&&i).is_some() && !continued_elsewhere[i] && !likely(seams.get(i)) {
            let feature = truncation::unfinished_end(&facts[i]).expect("an open end");
            let next = (i + 1 < facts.len()).then_some(i + 1);
            let mut evidence = vec![feature, neighbour_feature("next_block", next, facts)];
            if let Some(e) = seams.get(i).and_then(|s| s.edit) {
                evidence.push(Feature::new("suggested_join", edits[e].id.clone(), 0.0));
            }
            let continued_on = reassemble::jump_after(cx, i);
            if let Some(page) = continued_on {
                evidence.push(Feature::new(
                    "jump_line",
                    format!("continued on page {page}"),
                    0.0,
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

fn neighbour_feature(name: &'static str, index: Option<usize>, facts: &[BlockFacts]) -> Feature {
    match index {
        None => Feature::new(name, "none: edge of the document", 0.0),
        Some(j) => Feature::new(name, role_phrase(&facts[j].role), 0.0),
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
