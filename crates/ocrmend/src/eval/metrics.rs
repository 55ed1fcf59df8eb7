//! Page-level quality figures for ocrmend and for the baselines it must beat,
//! computed on the same page: seams, paragraphs, character error rate,
//! truncation flags, lost characters and duplicates.

use super::calibration::{judge_edits, Reliability};
use super::features::{seam_rows, split_word_rows, TrainingRow};
use super::gold::{join_counts, naive_joins, score, Counts, Gold};
use crate::analyze::{flatten_blocks, is_cjk_seam};
use crate::model::Document;
use crate::repair::{Options, Repairer};
use crate::Applicability;
use serde::Serialize;
use similar::{DiffOp, TextDiff};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// The systems every page is scored for, in report order.
pub const SYSTEMS: [&str; 3] = ["ocrmend", "untouched input", "join when no terminal punctuation"];

/// One system's figures, summed over pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SystemTotals {
    /// Seams joined against gold joins.
    pub joins: Counts,
    /// Seams seen.
    pub seams: usize,
    /// Wrong joins that glue a headline, byline, caption or furniture to
    /// another block. The gold joins such a block only to another part of
    /// itself (a caption's text and its credit, read apart): those are right.
    pub heading_joins: usize,
    /// Output paragraphs that match a gold paragraph exactly.
    pub paragraphs: Counts,
    /// Character edits from the output to the gold text.
    pub cer_edits: usize,
    /// Character edits from the untouched input to the gold text.
    pub input_cer_edits: usize,
    /// Characters of gold text.
    pub gold_chars: usize,
    /// Truncated-end flags (ocrmend only).
    pub truncated_end: Option<Counts>,
    /// Truncated-start flags (ocrmend only).
    pub truncated_start: Option<Counts>,
    /// Lost characters suggested (ocrmend only).
    pub lost_characters: Option<Counts>,
    /// Duplicate blocks removed or trimmed (the baselines remove none).
    pub duplicates: Counts,
    /// Displaced fragments moved back (ocrmend only).
    pub moves: Option<Counts>,
    /// Soft line-end hyphens removed (ocrmend only; real-OCR sets).
    pub dehyphenation: Option<Counts>,
    /// Words split without a hyphen closed up (ocrmend only; real-OCR sets).
    pub split_words: Option<Counts>,
    /// Every edit the gold can judge, by kind and confidence (ocrmend only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
}

impl SystemTotals {
    /// Adds another page's figures.
    pub fn add(&mut self, other: &SystemTotals) {
        self.joins.add(other.joins);
        self.seams += other.seams;
        self.heading_joins += other.heading_joins;
        self.paragraphs.add(other.paragraphs);
        self.cer_edits += other.cer_edits;
        self.input_cer_edits += other.input_cer_edits;
        self.gold_chars += other.gold_chars;
        for (mine, theirs) in [
            (&mut self.truncated_end, other.truncated_end),
            (&mut self.truncated_start, other.truncated_start),
            (&mut self.lost_characters, other.lost_characters),
            (&mut self.moves, other.moves),
            (&mut self.dehyphenation, other.dehyphenation),
            (&mut self.split_words, other.split_words),
        ] {
            if let Some(t) = theirs {
                mine.get_or_insert_with(Counts::default).add(t);
            }
        }
        self.duplicates.add(other.duplicates);
        if let Some(r) = &other.reliability {
            self.reliability.get_or_insert_with(Reliability::default).add(r);
        }
    }

    /// Character error rate of the output against the gold text; `None`
    /// when the gold spells out no text (hand annotations of seams only).
    pub fn cer(&self) -> Option<f64> {
        (self.gold_chars > 0).then(|| self.cer_edits as f64 / self.gold_chars as f64)
    }

    /// Character error rate of the untouched input against the gold text.
    pub fn input_cer(&self) -> Option<f64> {
        (self.gold_chars > 0).then(|| self.input_cer_edits as f64 / self.gold_chars as f64)
    }

    /// Exact-match F1 of output paragraphs; `None` without gold text.
    pub fn paragraph_f1(&self) -> Option<f64> {
        (self.gold_chars > 0).then(|| self.paragraphs.f1())
    }

    /// Joins made where the gold says keep, per 1,000 seams.
    pub fn wrong_joins_per_1000(&self) -> f64 {
        1000.0 * self.joins.fp as f64 / self.seams.max(1) as f64
    }
}

/// Scores one page for every system in [`SYSTEMS`], in that order (ocrmend
/// deciding with `repairer`), and gives its seams as training rows.
pub fn evaluate_page(
    repairer: Repairer,
    document: Document,
    gold: &Gold,
    options: &Options,
) -> (Vec<SystemTotals>, Vec<TrainingRow>) {
    let texts: Vec<String> = flatten_blocks(&document)
        .into_iter()
        .map(|t| t.into_owned())
        .collect();
    let ids = block_ids(&document);
    let repaired = repairer.repair(document, options);
    let applied = repaired.apply_at_least(Applicability::Safe);
    let s = score(&repaired, &applied, gold);
    let page = PageTruth::new(&texts, &ids, gold);
    let displaced: BTreeSet<&str> = gold
        .displaced
        .iter()
        .flatten()
        .flat_map(|d| [d.block.as_str(), d.continues.as_str()])
        .collect();
    let without_displaced = |c: Counts, predicted: &BTreeSet<String>| {
        // A flag on a displaced piece or the block it continues is neither
        // right nor wrong here: moves (move P / move R) are scored for those.
        let extra = predicted
            .iter()
            .filter(|b| displaced.contains(b.as_str()))
            .count();
        Counts {
            fp: c.fp.saturating_sub(extra),
            ..c
        }
    };
    let flagged = |kind| -> BTreeSet<String> {
        repaired
            .flags
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| repaired.document.blocks[f.block].id.0.clone())
            .collect()
    };
    let mut ours = page.system(&s.joined, &applied.text);
    // A wrong join across a caption glues two paragraphs as a wrong join at
    // a seam does: it counts with them (a right one is scored as a move).
    ours.joins.fp += s.wrong_joins_across.len();
    ours.truncated_end = Some(without_displaced(
        s.truncated_end,
        &flagged(crate::FlagKind::TruncatedEnd),
    ));
    ours.truncated_start = Some(without_displaced(
        s.truncated_start,
        &flagged(crate::FlagKind::TruncatedStart),
    ));
    ours.lost_characters = Some(s.lost_characters);
    ours.duplicates = s.duplicates;
    ours.moves = Some(s.moves);
    ours.reliability = Some(judge_edits(&repaired, gold));
    if !gold.hyphens.is_empty() {
        ours.dehyphenation = Some(s.dehyphenation);
        ours.split_words = Some(s.split_words);
    }
    let naive = naive_joins(&repaired);
    let systems = vec![
        ours,
        page.system(&BTreeSet::new(), &page.untouched),
        page.system(&naive, &render_with_joins(&texts, &ids, &naive)),
    ];
    let rows = seam_rows(&repaired, repairer, gold)
        .into_iter()
        .map(TrainingRow::Seam)
        .chain(
            split_word_rows(&repaired, repairer, gold)
                .into_iter()
                .map(TrainingRow::SplitWord),
        )
        .collect();
    (systems, rows)
}

/// Scores the text another tool made of a page: its joins are read off the
/// text (which blocks ended up in one paragraph).
pub fn evaluate_text(document: &Document, gold: &Gold, text: &str) -> SystemTotals {
    let texts: Vec<String> = flatten_blocks(document)
        .into_iter()
        .map(|t| t.into_owned())
        .collect();
    let ids = block_ids(document);
    let joins = joins_in_text(&texts, &ids, text);
    PageTruth::new(&texts, &ids, gold).system(&joins, text)
}

/// The document's block ids, in order: joins and gold name seams by them.
fn block_ids(document: &Document) -> Vec<String> {
    document.blocks.iter().map(|b| b.id.0.clone()).collect()
}

/// What every system on a page is compared with.
struct PageTruth<'a> {
    gold: &'a Gold,
    /// The block after each block, by id: a seam's right side.
    next: BTreeMap<&'a str, &'a str>,
    gold_text: String,
    /// The input laid out as it is, no seam joined.
    untouched: String,
    input_cer_edits: usize,
    seams: usize,
}

impl<'a> PageTruth<'a> {
    fn new(texts: &[String], ids: &'a [String], gold: &'a Gold) -> Self {
        let gold_text = gold.paragraphs.join("\n\n");
        let untouched = render_with_joins(texts, ids, &BTreeSet::new());
        let input_cer_edits = if gold.paragraphs.is_empty() {
            0
        } else {
            char_edits(&untouched, &gold_text)
        };
        PageTruth {
            gold,
            next: ids
                .iter()
                .zip(ids.iter().skip(1))
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect(),
            gold_text,
            untouched,
            input_cer_edits,
            seams: texts.len().saturating_sub(1),
        }
    }

    /// A system's figures, given the seams it joined (by left block) and its text.
    fn system(&self, joined: &BTreeSet<String>, text: &str) -> SystemTotals {
        let has_text = !self.gold.paragraphs.is_empty();
        let not_body = |id: &str| self.gold.roles.contains_key(id);
        let heading_joins = joined
            .iter()
            .filter(|l| !self.gold.joins.contains(l))
            .filter(|l| not_body(l) || self.next.get(l.as_str()).is_some_and(|r| not_body(r)))
            .count();
        SystemTotals {
            joins: join_counts(joined, self.gold),
            heading_joins,
            seams: self.seams,
            paragraphs: paragraph_counts(text, &self.gold.paragraphs),
            cer_edits: if has_text {
                char_edits(text, &self.gold_text)
            } else {
                0
            },
            input_cer_edits: self.input_cer_edits,
            gold_chars: self.gold_text.chars().count(),
            duplicates: Counts {
                fn_: self.gold.duplicates.as_ref().map_or(0, Vec::len),
                ..Counts::default()
            },
            ..SystemTotals::default()
        }
    }
}

/// The seams (named by their left block's id, `ids`) whose two blocks a
/// tool's output puts in one paragraph, found by locating each block's text,
/// whitespace ignored, in the output's paragraphs in order.
fn joins_in_text(texts: &[String], ids: &[String], output: &str) -> BTreeSet<String> {
    let fold = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let paragraphs: Vec<String> = output.split("\n\n").map(fold).collect();
    let (mut p, mut at) = (0, 0);
    let mut placed: Vec<Option<usize>> = Vec::with_capacity(texts.len());
    for text in texts {
        let needle = fold(text);
        let found = (p..paragraphs.len().min(p + 3)).find_map(|q| {
            let from = if q == p { at } else { 0 };
            paragraphs[q]
                .get(from..)?
                .find(&needle)
                .map(|i| (q, from + i + needle.len()))
        });
        placed.push(found.map(|(q, end)| {
            (p, at) = (q, end);
            q
        }));
    }
    placed
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].is_some() && w[0] == w[1])
        .map(|(i, _)| ids[i].clone())
        .collect()
}

/// The blocks laid out as paragraphs, with the seams after the blocks named
/// (by id, `ids`) in `joins` closed: nothing between CJK or after a hyphen,
/// else a space.
pub fn render_with_joins(texts: &[String], ids: &[String], joins: &BTreeSet<String>) -> String {
    let mut out = String::new();
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            let joined = joins.contains(&ids[i - 1]);
            out.push_str(match (joined, is_cjk_seam(&out, text) || out.ends_with('-')) {
                (false, _) => "\n\n",
                (true, true) => "",
                (true, false) => " ",
            });
        }
        out.push_str(text);
    }
    out.push('\n');
    out
}

/// Output paragraphs that equal a gold paragraph (whitespace folded), as counts.
fn paragraph_counts(text: &str, gold: &[String]) -> Counts {
    let fold = |p: &str| p.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut wanted: BTreeMap<String, usize> = BTreeMap::new();
    for p in gold {
        *wanted.entry(fold(p)).or_default() += 1;
    }
    let mut counts = Counts::default();
    for p in text.split("\n\n").map(fold).filter(|p| !p.is_empty()) {
        match wanted.get_mut(&p) {
            Some(n) if *n > 0 => {
                *n -= 1;
                counts.tp += 1;
            }
            _ => counts.fp += 1,
        }
    }
    counts.fn_ = wanted.values().sum();
    counts
}

/// Character insertions, deletions and substitutions from `text` to `gold`
/// (a substitution of n by m characters counts max(n, m)).
fn char_edits(text: &str, gold: &str) -> usize {
    let diff = TextDiff::configure()
        .timeout(Duration::from_secs(5))
        .diff_chars(text.trim(), gold.trim());
    diff.ops()
        .iter()
        .map(|op| match *op {
            DiffOp::Equal { .. } => 0,
            DiffOp::Delete { old_len, .. } => old_len,
            DiffOp::Insert { new_len, .. } => new_len,
            DiffOp::Replace { old_len, new_len, .. } => old_len.max(new_len),
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_edits() {
        assert_eq!(char_edits("abc", "abc"), 0);
        assert_eq!(char_edits("充桩", "充电桩"), 1);
        assert_eq!(char_edits("a b\n\nc", "a bc"), 2);
    }

    #[test]
    fn heading_joins_are_the_wrong_joins_that_touch_a_block_not_body() {
        // A caption's text and its credit (b1 | b2), one caption in the gold;
        // the credit glued to the body after it (b2 | b3) is a heading join.
        let texts: Vec<String> = ["正文。", "新建成的学校教学楼", "吴刚 摄", "正文"]
            .map(String::from)
            .to_vec();
        let ids: Vec<String> = (0..texts.len()).map(|i| format!("b{i}")).collect();
        let gold = Gold {
            roles: [("b1", crate::Role::Caption), ("b2", crate::Role::Caption)]
                .map(|(id, role)| (id.to_string(), role))
                .into(),
            joins: vec!["b1".into()],
            ..Gold::default()
        };
        let truth = PageTruth::new(&texts, &ids, &gold);
        let joined = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(truth.system(&joined(&["b1"]), "").heading_joins, 0);
        assert_eq!(truth.system(&joined(&["b1", "b2"]), "").heading_joins, 1);
    }

    #[test]
    fn paragraphs_match_exactly_once() {
        let c = paragraph_counts("a\n\nb\n\nb", &["a".into(), "b".into(), "c".into()]);
        assert_eq!((c.tp, c.fp, c.fn_), (2, 1, 1));
    }

    #[test]
    fn joins_are_read_off_a_tools_output() {
        let texts = vec!["a b".to_string(), "c".into(), "d e".into(), "f".into()];
        let ids: Vec<String> = ["TB1", "TB2", "TB3", "TB4"].map(String::from).to_vec();
        let joins = joins_in_text(&texts, &ids, "a b c\n\nd\ne\n\nf\n");
        assert_eq!(
            joins.into_iter().collect::<Vec<_>>(),
            ["TB1"],
            "named by the input's own ids"
        );
    }

    #[test]
    fn joins_render_the_way_of_their_script() {
        let texts = vec![
            "近年来推动".to_string(),
            "泄漏检测。".into(),
            "exam-".into(),
            "ple".into(),
            "x".into(),
        ];
        let ids: Vec<String> = (0..texts.len()).map(|i| format!("b{i}")).collect();
        let joins: BTreeSet<String> = ["b0", "b2"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            render_with_joins(&texts, &ids, &joins),
            "近年来推动泄漏检测。\n\nexam-ple\n\nx\n"
        );
    }
}
