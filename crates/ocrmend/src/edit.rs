//! Edits: every change ocrmend makes or proposes, and the one [`apply`].
//!
//! An [`Edit`] replaces a byte span of the input with new text and carries
//! everything a reviewer needs: its kind, confidence, applicability and the
//! evidence that led to it. Whitespace-only layout (blank lines between
//! paragraphs, line breaks inside one, a BOM) is rewritten by [`LayoutRewrite`]s,
//! which may never touch anything but whitespace; so every other input
//! character is either copied to the output or covered by an applied edit.

use crate::features::Feature;
use crate::model::Span;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64_with_seed, Xxh3};

/// What an edit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EditKind {
    /// Two blocks are one paragraph broken by the layout: join them.
    JoinParagraphs,
    /// Remove a line-end hyphen whose joined form is a word.
    Dehyphenate,
    /// Join a word that OCR split at a line end without a hyphen.
    JoinSplitWord,
    /// Restore a character lost at a seam.
    InsertLostCharacter,
    /// Remove a block that repeats another block of the document.
    RemoveDuplicate,
    /// Remove a line read twice where a column ends and the next begins.
    TrimRepeatedLine,
    /// Move a fragment that OCR read out of order to the paragraph it
    /// continues, and join it there.
    MoveFragment,
    /// Join two halves of a paragraph that a caption stands between; the
    /// caption goes before the joined paragraph.
    JoinAcross,
}

impl EditKind {
    /// Every kind.
    pub const ALL: [EditKind; 8] = [
        EditKind::JoinParagraphs,
        EditKind::Dehyphenate,
        EditKind::JoinSplitWord,
        EditKind::InsertLostCharacter,
        EditKind::RemoveDuplicate,
        EditKind::TrimRepeatedLine,
        EditKind::MoveFragment,
        EditKind::JoinAcross,
    ];

    /// The kind whose name ([`EditKind::as_str`]) is `name`.
    pub fn from_name(name: &str) -> Option<EditKind> {
        EditKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind's name as reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::JoinParagraphs => "join_paragraphs",
            EditKind::Dehyphenate => "dehyphenate",
            EditKind::JoinSplitWord => "join_split_word",
            EditKind::InsertLostCharacter => "insert_lost_character",
            EditKind::RemoveDuplicate => "remove_duplicate",
            EditKind::TrimRepeatedLine => "trim_repeated_line",
            EditKind::MoveFragment => "move_fragment",
            EditKind::JoinAcross => "join_across",
        }
    }
}

/// What an edit does to the document's blocks: its kind with the blocks it
/// names, each in its part, so that no edit names the wrong number of blocks
/// or leaves a reader (provenance, eval, the review page) to guess which is
/// which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Effect {
    /// Block `right` continues the paragraph of block `left`, the block
    /// before it.
    Join {
        /// The block before the seam.
        left: usize,
        /// The block after it.
        right: usize,
    },
    /// A line-end hyphen of `block` removed; `next` is the block the word
    /// goes on in when the hyphen ends the block (a seam's join goes with it).
    Dehyphenate {
        /// The block whose line ends in the hyphen.
        block: usize,
        /// The block after the seam, for a hyphen at the block's end.
        next: Option<usize>,
    },
    /// A word OCR split at a line end of `block`, without a hyphen, closed up.
    CloseUpWord {
        /// The block.
        block: usize,
    },
    /// A character put in at the seam between `left` and `right`.
    InsertCharacter {
        /// The block before the seam.
        left: usize,
        /// The block after it.
        right: usize,
    },
    /// Block `removed` goes; block `kept` is the copy that stays.
    RemoveCopy {
        /// The block removed.
        removed: usize,
        /// The copy kept.
        kept: usize,
    },
    /// The first line of `block` goes: OCR read the last line of `of`, the
    /// block before, twice.
    TrimLine {
        /// The block whose first line is removed.
        block: usize,
        /// The block whose last line it repeats.
        of: usize,
    },
    /// Block `moved` leaves its place and follows block `after`, joined to it.
    Move {
        /// The block moved.
        moved: usize,
        /// The block whose open end it continues.
        after: usize,
    },
    /// Block `right` continues the paragraph of block `left`, with a
    /// caption (the blocks from `between` to `right`, one or two) standing
    /// between them; it leaves its place for the head of `left`'s paragraph.
    JoinAcross {
        /// The block whose open end is continued.
        left: usize,
        /// The first block of the caption that stood between the halves.
        between: usize,
        /// The block that continues `left`.
        right: usize,
    },
}

impl Effect {
    /// The kind of edit that has this effect.
    pub fn kind(self) -> EditKind {
        match self {
            Effect::Join { .. } => EditKind::JoinParagraphs,
            Effect::Dehyphenate { .. } => EditKind::Dehyphenate,
            Effect::CloseUpWord { .. } => EditKind::JoinSplitWord,
            Effect::InsertCharacter { .. } => EditKind::InsertLostCharacter,
            Effect::RemoveCopy { .. } => EditKind::RemoveDuplicate,
            Effect::TrimLine { .. } => EditKind::TrimRepeatedLine,
            Effect::Move { .. } => EditKind::MoveFragment,
            Effect::JoinAcross { .. } => EditKind::JoinAcross,
        }
    }

    /// The blocks it names, the one it acts on first (as reports and
    /// suggestions list them).
    pub fn blocks(self) -> Vec<usize> {
        match self {
            Effect::Join { left, right } | Effect::InsertCharacter { left, right } => vec![left, right],
            Effect::Dehyphenate { block, next } => std::iter::once(block).chain(next).collect(),
            Effect::CloseUpWord { block } => vec![block],
            Effect::RemoveCopy { removed, kept } => vec![removed, kept],
            Effect::TrimLine { block, of } => vec![block, of],
            Effect::Move { moved, after } => vec![moved, after],
            Effect::JoinAcross { left, between, right } => {
                [left, right].into_iter().chain(between..right).collect()
            }
        }
    }
}

/// Who may apply an edit. Ordered: `Display < Review < Safe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Applicability {
    /// In the report only: neither suggested nor applied (an edit whose
    /// calibrated confidence fell below the review threshold).
    Display,
    /// Applied only when asked for or approved.
    Review,
    /// Near certain: applied by default.
    Safe,
}

/// An edit's id: the hash of what it changes in its context, written as 16
/// hex digits; the second edit of a document with the same hash (the same
/// change in the same context, twice) is written with `-2`, the third
/// `-3`, and so on, in text order. Ids order as they read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EditId {
    hash: u64,
    /// 1 for the first edit of its hash in the document.
    repeat: u32,
}

impl EditId {
    fn of_hash(hash: u64) -> Self {
        EditId { hash, repeat: 1 }
    }

    /// The hash, shared by the repeats of one change.
    pub(crate) fn hash(self) -> u64 {
        self.hash
    }

    /// The same change's `repeat`-th edit in the document (1: the first).
    pub(crate) fn repeated(self, repeat: u32) -> Self {
        EditId { repeat, ..self }
    }
}

impl std::fmt::Display for EditId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.repeat {
            1 => write!(f, "{:016x}", self.hash),
            n => write!(f, "{:016x}-{n}", self.hash),
        }
    }
}

impl Ord for EditId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Equal hashes (repeats) compare as written: `-10` before `-2`.
        self.hash
            .cmp(&other.hash)
            .then_with(|| match (self.repeat, other.repeat) {
                (a, b) if a == b => std::cmp::Ordering::Equal,
                _ => self.to_string().cmp(&other.to_string()),
            })
    }
}

impl PartialOrd for EditId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for EditId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A proposed change to the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Stable id: a hash of the kind, the touched text and its context, so a
    /// review decision survives a re-run on the same input.
    pub id: EditId,
    /// What the edit does, to which blocks.
    pub effect: Effect,
    /// The input bytes it replaces (empty for an insertion).
    pub span: Span,
    /// The text put in their place.
    pub replacement: String,
    /// Probability that the edit is right, from its evidence.
    pub confidence: f64,
    /// Who may apply it.
    pub applicability: Applicability,
    /// The facts that led to it.
    pub evidence: Vec<Feature>,
    /// For a move: where the text goes, besides the span it leaves.
    pub insertion: Option<Box<Insertion>>,
    /// The edit this one stands or falls with (its index in the repair's
    /// edits): a dehyphenation, a lost character or a line read twice at a
    /// seam means nothing without the join of that seam, and is applied only
    /// with it, whoever accepted it.
    pub requires: Option<usize>,
}

/// An edit as reports write it: its kind (the effect's blocks are written
/// by id beside it, by whoever knows the document).
#[derive(Serialize)]
struct EditRecord<'a> {
    id: EditId,
    kind: EditKind,
    span: Span,
    replacement: &'a str,
    confidence: f64,
    applicability: Applicability,
    evidence: &'a [Feature],
    #[serde(skip_serializing_if = "Option::is_none")]
    insertion: Option<&'a Insertion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requires: Option<usize>,
}

impl Serialize for Edit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EditRecord {
            id: self.id,
            kind: self.kind(),
            span: self.span,
            replacement: &self.replacement,
            confidence: self.confidence,
            applicability: self.applicability,
            evidence: &self.evidence,
            insertion: self.insertion.as_deref(),
            requires: self.requires,
        }
        .serialize(serializer)
    }
}

/// The second half of a move: text put in at a point of the input. A move
/// is applied whole or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Insertion {
    /// Byte offset of the input where the text goes.
    pub at: usize,
    /// The text put in there.
    pub text: String,
}

impl Edit {
    /// Builds an edit; its id is derived from `text` (the document) around `span`.
    pub fn new(
        text: &str,
        effect: Effect,
        span: Span,
        replacement: impl Into<String>,
        confidence: f64,
        applicability: Applicability,
        evidence: Vec<Feature>,
    ) -> Self {
        let replacement = replacement.into();
        Edit {
            id: edit_id(text, effect.kind(), span, &replacement),
            effect,
            span,
            replacement,
            confidence,
            applicability,
            evidence,
            insertion: None,
            requires: None,
        }
    }

    /// Makes the edit a move: besides replacing its span, it puts `inserted`
    /// in at byte `at` of `text` (the document); the id covers both places.
    pub fn moving_to(mut self, text: &str, at: usize, inserted: String) -> Self {
        // The hash of both ids written out, as ever.
        let there = edit_id(text, self.kind(), Span::empty(at), &inserted);
        let both = format!("{}{there}", self.id);
        self.id = EditId::of_hash(xxh3_64_with_seed(both.as_bytes(), EDIT_ID_SEED));
        self.insertion = Some(Box::new(Insertion { at, text: inserted }));
        self
    }

    /// What kind of edit it is.
    pub fn kind(&self) -> EditKind {
        self.effect.kind()
    }

    /// The (span, text) replacements the edit makes: one, or two for a move.
    fn operations(&self) -> impl Iterator<Item = (Span, &str)> {
        std::iter::once((self.span, self.replacement.as_str())).chain(
            self.insertion
                .as_ref()
                .map(|i| (Span::empty(i.at), i.text.as_str())),
        )
    }
}

/// Seed of the edit-id hash; fixed forever so ids match across runs and machines.
const EDIT_ID_SEED: u64 = 0x6f63_726d_656e_6401;

/// The hash of the edit's kind, its span with 24 bytes either side and its
/// replacement, fields separated by U+001F. Hashed piece by piece: the hash
/// of the pieces in order is the hash of their concatenation, and a
/// removal's span is a whole block, not to be copied.
fn edit_id(text: &str, kind: EditKind, span: Span, replacement: &str) -> EditId {
    let before = floor_boundary(text, span.start.saturating_sub(24));
    let after = ceil_boundary(text, (span.end + 24).min(text.len()));
    let mut hash = Xxh3::with_seed(EDIT_ID_SEED);
    let pieces = [
        kind.as_str(),
        &text[before..span.start],
        &text[span.range()],
        &text[span.end..after],
        replacement,
    ];
    for (i, piece) in pieces.into_iter().enumerate() {
        if i > 0 {
            hash.update("\u{1f}".as_bytes());
        }
        hash.update(piece.as_bytes());
    }
    EditId::of_hash(hash.digest())
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// A whitespace-only rewrite of layout; not reported as an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutRewrite {
    /// The whitespace it replaces.
    pub span: Span,
    /// The whitespace put in its place.
    pub text: &'static str,
}

/// What stands between two paragraphs of the output: a blank line.
pub const PARAGRAPH_BREAK: &str = "\n\n";

/// The outcome of [`apply`].
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The repaired text.
    pub text: String,
    /// Indices (into the edit list) of the edits applied, in text order.
    pub applied: Vec<usize>,
    /// Indices of selected edits skipped because they overlap an applied one.
    pub skipped_overlaps: Vec<usize>,
}

impl Applied {
    /// Per edit of a list of `edits` (the list applied from), whether it
    /// was applied.
    pub fn mask(&self, edits: usize) -> Vec<bool> {
        let mut is_applied = vec![false; edits];
        for &i in &self.applied {
            is_applied[i] = true;
        }
        is_applied
    }

    /// Whether nothing was lost: the output's characters, whitespace aside
    /// and in order, are the input's with only the applied edits made (each
    /// span replaced, each move's text put in at its point). Layout may only
    /// touch whitespace; every other change is an edit that says so.
    pub fn nothing_lost(&self, text: &str, edits: &[Edit]) -> bool {
        let mut operations: Vec<(usize, usize, &str)> = self
            .applied
            .iter()
            .map(|&i| &edits[i])
            .flat_map(|e| {
                std::iter::once((e.span.start, e.span.end, e.replacement.as_str()))
                    .chain(e.insertion.iter().map(|i| (i.at, i.at, i.text.as_str())))
            })
            .collect();
        operations.sort_by_key(|&(start, end, _)| (start, end));
        let mut rebuilt = String::with_capacity(text.len());
        let mut cursor = 0;
        for (start, end, put_in) in operations {
            rebuilt.push_str(&text[cursor..start]);
            rebuilt.push_str(put_in);
            cursor = end;
        }
        rebuilt.push_str(&text[cursor..]);
        let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        visible(&self.text) == visible(&rebuilt)
    }
}

/// Applies the selected edits and the layout to `text`.
///
/// Edits are taken in span order; one that overlaps an edit already taken is
/// skipped (and reported). A layout rewrite that an edit overlaps gives way to
/// the edit. Panics if a layout rewrite covers anything but whitespace: that
/// would lose text silently.
pub fn apply(
    text: &str,
    layout: &[LayoutRewrite],
    edits: &[Edit],
    mut select: impl FnMut(&Edit) -> bool,
) -> Applied {
    let mut selected: Vec<bool> = edits.iter().map(&mut select).collect();
    // An edit that requires another is applied only with it: drop those whose
    // requirement is not selected, or lost to an overlap, until none is left.
    loop {
        for i in 0..edits.len() {
            if edits[i].requires.is_some_and(|r| !selected[r]) {
                selected[i] = false;
            }
        }
        let (taken, applied, skipped_overlaps) = take_spans(edits, &selected);
        let mut is_applied = vec![false; edits.len()];
        for &i in &applied {
            is_applied[i] = true;
        }
        let orphaned: Vec<usize> = applied
            .iter()
            .copied()
            .filter(|&i| edits[i].requires.is_some_and(|r| !is_applied[r]))
            .collect();
        if orphaned.is_empty() {
            return write_out(text, layout, edits, taken, applied, skipped_overlaps);
        }
        for i in orphaned {
            selected[i] = false;
        }
    }
}

/// The spans taken by the edits applied so far, each with whether a move
/// took it. Edits are taken in text order, so the span each replaces goes
/// on the end of `in_order`; a move's insertion, which stands elsewhere,
/// goes into `elsewhere` (a few a page) at its place. Both stay in (start,
/// end) order, each holding a span once.
#[derive(Default)]
struct Taken {
    in_order: Vec<(Span, bool)>,
    elsewhere: Vec<(Span, bool)>,
}

impl Taken {
    /// The spans taken that `span` must be checked against: the last one
    /// starting at or before it, and those starting inside it (an empty
    /// span counts as one byte wide).
    fn near(&self, span: Span) -> impl Iterator<Item = (Span, bool)> + '_ {
        let (last_in_order, inside_in_order) = near_in(&self.in_order, span);
        let (last_elsewhere, inside_elsewhere) = near_in(&self.elsewhere, span);
        let last = last_in_order
            .into_iter()
            .chain(last_elsewhere)
            .max_by_key(|(t, _)| key(t));
        last.into_iter().chain(inside_in_order).chain(inside_elsewhere)
    }

    /// Takes the span an edit replaces where it stands: edits are taken in
    /// span order ([`in_span_order`]), and one that clashes with a span
    /// taken (an equal one among them) is never taken.
    fn take(&mut self, span: Span, is_move: bool) {
        debug_assert!(
            self.in_order.last().is_none_or(|(t, _)| key(t) < key(&span)),
            "taken out of order or twice"
        );
        self.in_order.push((span, is_move));
    }

    /// Takes the point where a move puts its text in.
    fn take_elsewhere(&mut self, span: Span, is_move: bool) {
        let at = self.elsewhere.partition_point(|(t, _)| key(t) < key(&span));
        debug_assert!(
            self.elsewhere.get(at).is_none_or(|(t, _)| *t != span),
            "taken twice"
        );
        self.elsewhere.insert(at, (span, is_move));
    }

    /// Every span taken, in (start, end) order, each once.
    fn into_spans(self) -> Vec<Span> {
        let mut spans: Vec<Span> = self.in_order.into_iter().map(|(t, _)| t).collect();
        if !self.elsewhere.is_empty() {
            spans.extend(self.elsewhere.into_iter().map(|(t, _)| t));
            spans.sort_by_key(key);
            spans.dedup();
        }
        spans
    }
}

/// Spans in (start, end) order.
fn key(span: &Span) -> (usize, usize) {
    (span.start, span.end)
}

/// In one list of spans taken ([`Taken`]): the last one starting at or
/// before `span`, and those starting inside it.
fn near_in(
    list: &[(Span, bool)],
    span: Span,
) -> (Option<(Span, bool)>, impl Iterator<Item = (Span, bool)> + '_) {
    let end = span.end.max(span.start + 1);
    let (at_or_before, before) = match list.last() {
        // Text order: the span starts after every one taken.
        Some((last, _)) if last.start < span.start => (list.len(), list.len()),
        _ => (
            list.partition_point(|(t, _)| t.start <= span.start),
            list.partition_point(|(t, _)| t.start < span.start),
        ),
    };
    let last = at_or_before.checked_sub(1).map(|k| list[k]);
    let inside = list[before..]
        .iter()
        .take_while(move |(t, _)| t.start < end)
        .copied();
    (last, inside)
}

/// The selected edits in the order they are taken: by span, then by id.
fn in_span_order(edits: &[Edit], selected: &[bool]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..edits.len()).filter(|&i| selected[i]).collect();
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&edits[a], &edits[b]);
        (ea.span.start, ea.span.end, &ea.id).cmp(&(eb.span.start, eb.span.end, &eb.id))
    });
    order
}

/// Whether an operation on `span` (of a move or not) may not be made
/// beside one on `other` already taken: they overlap, or are the same
/// insertion point, or a move's insertion shares a boundary with another
/// edit (two continuations of one end, or text put where it is taken away).
fn clashes((span, is_move): (Span, bool), (other, other_is_move): (Span, bool)) -> bool {
    other.overlaps(&span)
        || (other == span && span.is_empty())
        || ((is_move || other_is_move) && touches(&other, &span))
}

/// Takes the selected edits in span order, skipping one that overlaps an
/// edit already taken; returns the spans taken, the edits applied (in text
/// order) and those skipped for an overlap.
fn take_spans(edits: &[Edit], selected: &[bool]) -> (Taken, Vec<usize>, Vec<usize>) {
    let order = in_span_order(edits, selected);
    let mut taken = Taken::default();
    let mut applied: Vec<usize> = Vec::with_capacity(order.len());
    let mut skipped_overlaps = Vec::new();
    for i in order {
        let edit = &edits[i];
        let is_move = edit.insertion.is_some();
        let clash = edit.operations().any(|(span, _)| {
            taken
                .near(span)
                .any(|(other, other_is_move)| clashes((span, is_move), (other, other_is_move)))
        });
        if clash {
            skipped_overlaps.push(i);
        } else {
            taken.take(edit.span, is_move);
            if let Some(insertion) = &edit.insertion {
                taken.take_elsewhere(Span::empty(insertion.at), is_move);
            }
            applied.push(i);
        }
    }
    applied.sort_by_key(|&i| (edits[i].span.start, edits[i].span.end));
    (taken, applied, skipped_overlaps)
}

/// The text with the applied edits made and the layout rewrites no edit
/// overlaps.
fn write_out(
    text: &str,
    layout: &[LayoutRewrite],
    edits: &[Edit],
    taken: Taken,
    applied: Vec<usize>,
    skipped_overlaps: Vec<usize>,
) -> Applied {
    // One list of replacements: the applied edits' operations, plus every
    // layout rewrite that no applied operation overlaps. Sorting by (start,
    // end) puts an insertion before the gap that starts where it stands.
    let mut replacements: Vec<(Span, &str)> = applied.iter().flat_map(|&i| edits[i].operations()).collect();
    // The spans taken, in (start, end) order, searched by many rewrites at
    // once (a large page has hundreds of thousands of line breaks).
    let taken = taken.into_spans();
    replacements.par_extend(layout.par_chunks(LAYOUT_CHUNK).flat_map_iter(|chunk| {
        let mut coverage = Coverage::new(&taken);
        chunk
            .iter()
            .filter(move |r| !coverage.covers(&r.span))
            .map(|rewrite| {
                check_layout(text, rewrite);
                (rewrite.span, rewrite.text)
            })
    }));
    // Stable: in a tie, the edits' operations stay before the rewrites.
    replacements.par_sort_by_key(|(span, _)| (span.start, span.end));

    let mut out = String::with_capacity(text.len() + 16);
    let mut cursor = 0;
    for (span, replacement) in replacements {
        out.push_str(&text[cursor..span.start]);
        out.push_str(replacement);
        cursor = span.end;
    }
    out.push_str(&text[cursor..]);
    Applied {
        text: out,
        applied,
        skipped_overlaps,
    }
}

/// Layout rewrites one task checks against the spans taken.
const LAYOUT_CHUNK: usize = 4096;

/// Whether spans overlap any of the spans taken, asked in (mostly) rising
/// order: the place of a span among those taken is found by stepping on
/// from the last one asked (a large page has hundreds of thousands of line
/// breaks, and a search each missed the cache), and searched for only when
/// a span starts before the last.
struct Coverage<'a> {
    /// The spans taken, by (start, end).
    taken: &'a [Span],
    /// How many of them start before `start`.
    before: usize,
    /// Where the last span asked starts.
    start: usize,
}

impl<'a> Coverage<'a> {
    fn new(taken: &'a [Span]) -> Self {
        Coverage {
            taken,
            before: 0,
            start: 0,
        }
    }

    /// True when `span` overlaps a span taken: the last one starting
    /// before it, or one starting inside it (an empty span counts as one
    /// byte wide).
    fn covers(&mut self, span: &Span) -> bool {
        if span.start < self.start {
            self.before = self.taken.partition_point(|t| t.start < span.start);
        } else {
            while self.taken.get(self.before).is_some_and(|t| t.start < span.start) {
                self.before += 1;
            }
        }
        self.start = span.start;
        let end = span.end.max(span.start + 1);
        let last_before = self.before.checked_sub(1).map(|k| &self.taken[k]);
        last_before
            .into_iter()
            .chain(self.taken[self.before..].iter().take_while(|t| t.start < end))
            .any(|t| t.overlaps(span))
    }
}

/// The spans overlap or meet: an insertion point at either end counts.
fn touches(a: &Span, b: &Span) -> bool {
    a.overlaps(b) || (a.start <= b.end && b.start <= a.end)
}

fn check_layout(text: &str, rewrite: &LayoutRewrite) {
    assert!(
        text[rewrite.span.range()]
            .chars()
            .all(|c| c.is_whitespace() || c == '\u{feff}'),
        "layout rewrite over non-whitespace at {:?}",
        rewrite.span
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `take_spans` as it was, with every span taken in one map: the
    /// reference the lists of [`Taken`] must agree with.
    fn take_spans_by_map(edits: &[Edit], selected: &[bool]) -> (Vec<Span>, Vec<usize>, Vec<usize>) {
        let mut taken = std::collections::BTreeMap::<(usize, usize), bool>::new();
        let (mut applied, mut skipped) = (Vec::new(), Vec::new());
        for i in in_span_order(edits, selected) {
            let edit = &edits[i];
            let is_move = edit.insertion.is_some();
            let clash = edit.operations().any(|(span, _)| {
                let before = taken.range(..=(span.start, usize::MAX)).next_back();
                let inside = taken.range((span.start, 0)..(span.end.max(span.start + 1), 0));
                before
                    .into_iter()
                    .chain(inside)
                    .any(|(&(start, end), &other_is_move)| {
                        clashes((span, is_move), (Span::new(start, end), other_is_move))
                    })
            });
            if clash {
                skipped.push(i);
            } else {
                for (span, _) in edit.operations() {
                    taken.insert((span.start, span.end), is_move);
                }
                applied.push(i);
            }
        }
        applied.sort_by_key(|&i| (edits[i].span.start, edits[i].span.end));
        let spans = taken
            .into_keys()
            .map(|(start, end)| Span::new(start, end))
            .collect();
        (spans, applied, skipped)
    }

    proptest! {
        /// Edits in text order and moves' insertions anywhere: the spans
        /// taken, the edits applied and those skipped are those of one map.
        #[test]
        fn taken_spans_are_those_of_one_map(
            edits in proptest::collection::vec(
                (0usize..70, 0usize..6, proptest::option::of(0usize..80), any::<bool>()),
                0..30,
            ),
        ) {
            let text = "abcdefghij".repeat(8);
            let (mut list, mut selected) = (Vec::new(), Vec::new());
            for (start, len, moved_to, select) in edits {
                let edit = Edit::new(
                    &text,
                    Effect::Join { left: 0, right: 1 },
                    Span::new(start, start + len),
                    "",
                    0.9,
                    Applicability::Safe,
                    vec![],
                );
                list.push(match moved_to {
                    Some(at) => edit.moving_to(&text, at, "moved".into()),
                    None => edit,
                });
                selected.push(select);
            }
            // Text order, as the repair gives them.
            list.sort_by_key(|e| e.span.start);
            let (taken, applied, skipped) = take_spans(&list, &selected);
            prop_assert_eq!((taken.into_spans(), applied, skipped), take_spans_by_map(&list, &selected));
        }

        /// Stepping on from the last span asked finds what a search of all
        /// the spans taken finds, asked in any order.
        #[test]
        fn coverage_is_overlap_with_any_span_taken(
            taken in proptest::collection::vec((0usize..60, 0usize..4), 0..12),
            asked in proptest::collection::vec((0usize..64, 0usize..3), 0..40),
        ) {
            // Spans taken never overlap: drop those that would.
            let mut spans: Vec<Span> = Vec::new();
            for (start, len) in taken {
                let span = Span::new(start, start + len);
                if !spans.iter().any(|t| t.overlaps(&span) || *t == span) {
                    spans.push(span);
                }
            }
            spans.sort_by_key(|t| (t.start, t.end));
            let mut coverage = Coverage::new(&spans);
            for (start, len) in asked {
                let span = Span::new(start, start + len);
                let any = spans.iter().any(|t| t.overlaps(&span));
                prop_assert_eq!(coverage.covers(&span), any, "{:?} against {:?}", span, spans);
            }
        }
    }

    #[test]
    fn an_edit_id_is_written_with_its_repeat_and_orders_as_written() {
        let id = EditId::of_hash(0xa2dd_03fa_99df_c245);
        assert_eq!(id.to_string(), "a2dd03fa99dfc245");
        assert_eq!(id.repeated(2).to_string(), "a2dd03fa99dfc245-2");
        assert_eq!(
            serde_json::to_string(&id.repeated(3)).unwrap(),
            r#""a2dd03fa99dfc245-3""#
        );
        // As the ids were strings: the first, then `-10` before `-2`.
        let mut ids = [id.repeated(2), id.repeated(10), id, EditId::of_hash(7)];
        ids.sort();
        let written: Vec<String> = ids.iter().map(EditId::to_string).collect();
        let mut as_strings = written.clone();
        as_strings.sort();
        assert_eq!(written, as_strings);
        assert_eq!(ids[0], EditId::of_hash(7));
    }

    /// Ids are fixed forever: the id is the hash of the whole key written
    /// out (a context that would start inside a character starts before it).
    #[test]
    fn an_edit_id_hashes_kind_context_span_and_replacement() {
        let text = "上一段的文字结束于此。\n\nThe next paragraph starts here and runs on.";
        // The second of the two newlines: 24 bytes before it is inside `的`.
        let span = Span::new(34, 35);
        let key = format!(
            "join_paragraphs\u{1f}{}\u{1f}\n\u{1f}{}\u{1f} ",
            &text[9..34],
            &text[35..59]
        );
        let id = format!("{:016x}", xxh3_64_with_seed(key.as_bytes(), EDIT_ID_SEED));
        assert_eq!(edit_id(text, EditKind::JoinParagraphs, span, " ").to_string(), id);
    }

    fn edit(text: &str, start: usize, end: usize, repl: &str, app: Applicability) -> Edit {
        Edit::new(
            text,
            Effect::Join { left: 0, right: 1 },
            Span::new(start, end),
            repl,
            0.9,
            app,
            vec![],
        )
    }

    #[test]
    fn applies_edits_and_layout_in_order() {
        let text = "ab-\ncd\n\nef";
        let layout = vec![
            LayoutRewrite {
                span: Span::new(3, 4),
                text: "",
            },
            LayoutRewrite {
                span: Span::new(6, 8),
                text: "\n\n",
            },
        ];
        let edits = vec![edit(text, 2, 4, "", Applicability::Safe)];
        let out = apply(text, &layout, &edits, |e| e.applicability >= Applicability::Safe);
        assert_eq!(out.text, "abcd\n\nef");
        assert_eq!(out.applied, vec![0]);
    }

    #[test]
    fn insertion_next_to_a_replaced_gap_keeps_both() {
        let text = "充\n\n桩";
        let layout = vec![LayoutRewrite {
            span: Span::new(3, 5),
            text: "\n\n",
        }];
        let edits = vec![
            edit(text, 3, 5, "", Applicability::Safe),
            Edit::new(
                text,
                Effect::InsertCharacter { left: 0, right: 1 },
                Span::empty(3),
                "电",
                0.8,
                Applicability::Review,
                vec![],
            ),
        ];
        assert_eq!(apply(text, &layout, &edits, |_| true).text, "充电桩");
        assert_eq!(
            apply(text, &layout, &edits, |e| e.applicability == Applicability::Safe).text,
            "充桩"
        );
        assert_eq!(apply(text, &layout, &edits, |_| false).text, "充\n\n桩");
    }

    #[test]
    fn overlapping_edits_are_skipped_not_merged() {
        let text = "abcdef";
        let edits = vec![
            edit(text, 1, 4, "X", Applicability::Safe),
            edit(text, 3, 5, "Y", Applicability::Safe),
        ];
        let out = apply(text, &[], &edits, |_| true);
        assert_eq!(out.text, "aXef");
        assert_eq!(out.skipped_overlaps, vec![1]);
    }

    #[test]
    #[should_panic(expected = "layout rewrite over non-whitespace")]
    fn layout_may_not_drop_text() {
        apply(
            "abc",
            &[LayoutRewrite {
                span: Span::new(0, 1),
                text: "",
            }],
            &[],
            |_| true,
        );
    }

    #[test]
    fn ids_are_stable_and_depend_on_context() {
        let a = edit("xx\n\nyy", 2, 4, "", Applicability::Safe);
        let b = edit("xx\n\nyy", 2, 4, "", Applicability::Safe);
        let c = edit("xz\n\nyy", 2, 4, "", Applicability::Safe);
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        // Pinned: an id written to a suggestions file must mean the same
        // edit to every later version (a change of hash or key breaks every
        // decision log).
        assert_eq!(a.id.to_string(), GOLDEN_ID);
    }

    #[test]
    fn an_effect_names_its_kind_and_its_blocks_acted_on_first() {
        let cases = [
            (
                Effect::Join { left: 3, right: 4 },
                EditKind::JoinParagraphs,
                vec![3, 4],
            ),
            (
                Effect::Dehyphenate {
                    block: 3,
                    next: Some(4),
                },
                EditKind::Dehyphenate,
                vec![3, 4],
            ),
            (
                Effect::Dehyphenate { block: 3, next: None },
                EditKind::Dehyphenate,
                vec![3],
            ),
            (Effect::CloseUpWord { block: 3 }, EditKind::JoinSplitWord, vec![3]),
            (
                Effect::InsertCharacter { left: 3, right: 4 },
                EditKind::InsertLostCharacter,
                vec![3, 4],
            ),
            (
                Effect::RemoveCopy { removed: 7, kept: 2 },
                EditKind::RemoveDuplicate,
                vec![7, 2],
            ),
            (
                Effect::TrimLine { block: 4, of: 3 },
                EditKind::TrimRepeatedLine,
                vec![4, 3],
            ),
            (
                Effect::Move { moved: 9, after: 2 },
                EditKind::MoveFragment,
                vec![9, 2],
            ),
            (
                Effect::JoinAcross {
                    left: 2,
                    between: 3,
                    right: 4,
                },
                EditKind::JoinAcross,
                vec![2, 4, 3],
            ),
        ];
        for (effect, kind, blocks) in cases {
            assert_eq!((effect.kind(), effect.blocks()), (kind, blocks), "{effect:?}");
        }
    }

    /// The id of joining `xx` and `yy` across a blank line, as every version writes it.
    const GOLDEN_ID: &str = "a2dd03fa99dfc245";
}
