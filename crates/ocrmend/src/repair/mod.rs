//! The repair stage: from an analyzed document to proposed edits and flags.
//!
//! For every line break inside a block it decides how the lines meet
//! (reflow, dehyphenation, split words); for every seam between blocks,
//! join or keep; for every join that reads badly, a lost character; for every
//! unfinished paragraph with nothing to continue it, a flag. Nothing here
//! changes text: [`Repair::apply`] does, through [`crate::edit::apply`].

pub mod decision_model;
mod duplicates;
mod lost_char;
mod reassemble;
mod seam;
mod stages;
mod truncation;
mod words;

pub use decision_model::{Calibration, CalibrationMap, DecisionModel, Stratum, DECISION_MODEL_VERSION};
pub use seam::SeamScore;
pub(crate) use stages::read_line_break;
pub use truncation::FlagKind;
pub use words::Junction;
pub(crate) use words::WordCounts;

use crate::analyze::{analyze_page, flatten_blocks, BlockFacts, RoleCall};
use crate::edit::{apply, Applicability, Applied, Edit, LayoutRewrite, PARAGRAPH_BREAK};
use crate::features::{Explain, Feature, FeatureId};
use crate::lm::{DocStats, LanguageModel};
use crate::model::{Document, Role, Script, Span};
use duplicates::{repeated_blocks, repeated_furniture};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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
    /// The observations behind the decision; none when the repairer keeps
    /// no evidence ([`Repairer::without_evidence`]).
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

    /// Per edit, the edits that go in only with it (what `requires` it: the
    /// dehyphenation, lost character or repeated line at a join's seam).
    /// A join and these are one fix: with them, without them, or neither.
    pub fn goes_with(&self) -> Vec<Vec<usize>> {
        let mut with = vec![Vec::new(); self.edits.len()];
        for (d, e) in self.edits.iter().enumerate() {
            if let Some(join) = e.requires {
                with[join].push(d);
            }
        }
        with
    }

    /// Applies the edits at or above `min` applicability.
    pub fn apply_at_least(&self, min: Applicability) -> Applied {
        self.apply(|e| e.applicability >= min)
    }

    /// Per block, the line breaks inside it that the layout keeps as
    /// paragraph breaks ([`crate::analyze::ParagraphBreaks::starts_inside`]),
    /// in order.
    pub fn paragraph_breaks_inside(&self) -> Vec<Vec<Span>> {
        let mut inside = vec![Vec::new(); self.document.blocks.len()];
        let mut breaks: Vec<Span> = self
            .layout
            .iter()
            .filter(|r| r.text == PARAGRAPH_BREAK)
            .map(|r| r.span)
            .collect();
        breaks.sort_by_key(|b| b.start);
        // Between blocks, a break stands in a seam's gap; inside one, its
        // span lies within the block's.
        for b in breaks {
            let block = self.document.blocks.partition_point(|x| x.span().end <= b.start);
            if self
                .document
                .blocks
                .get(block)
                .is_some_and(|x| x.span().start < b.start && b.end < x.span().end)
            {
                inside[block].push(b);
            }
        }
        inside
    }
}

/// What a repair decides with: the decision model (every weight, threshold
/// and confidence, [`DecisionModel`]) and the language model (lexicons and
/// character statistics). Built once and shared by every document of a run;
/// nothing in the repair reaches for a global.
#[derive(Clone, Copy)]
pub struct Repairer<'a> {
    model: &'a DecisionModel,
    lm: &'a LanguageModel,
    /// Whether seam decisions and edits keep their evidence (for reports
    /// and suggestions).
    evidence: bool,
}

impl std::fmt::Debug for Repairer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repairer")
            .field("model", &self.model.made)
            .finish_non_exhaustive()
    }
}

impl<'a> Repairer<'a> {
    /// A repairer deciding with `model` and `lm`.
    pub fn new(model: &'a DecisionModel, lm: &'a LanguageModel) -> Self {
        Repairer {
            model,
            lm,
            evidence: true,
        }
    }

    /// The same repairer, but its seam decisions and its edits keep no
    /// evidence: for a run that writes the repaired text and nothing that
    /// explains it (no report, no suggestions). Every seam's features were a
    /// quarter of the heap of a page of real OCR, and the removals' evidence
    /// a third of a document of repeated pages; the words of evidence that
    /// cost formatting are not written. What it decides and edits is the same.
    pub fn without_evidence(self) -> Self {
        Repairer {
            evidence: false,
            ..self
        }
    }

    /// How its decisions are explained: in words when it keeps evidence,
    /// else by their weights alone (nothing is formatted that no one reads).
    pub(crate) fn explain(&self) -> Explain {
        match self.evidence {
            true => Explain::InWords,
            false => Explain::Quietly,
        }
    }

    /// `evidence()` when the repairer keeps evidence, else nothing (and
    /// `evidence` is not called).
    pub(crate) fn evidence(&self, evidence: impl FnOnce() -> Vec<Feature>) -> Vec<Feature> {
        match self.evidence {
            true => evidence(),
            false => Vec::new(),
        }
    }

    /// The decision model and the language model shipped with the library.
    pub fn shipped() -> Repairer<'static> {
        Repairer::new(DecisionModel::shipped(), LanguageModel::shipped())
    }

    /// The numbers it decides with.
    pub fn model(&self) -> &'a DecisionModel {
        self.model
    }

    /// The lexicons and statistics it reads.
    pub fn lm(&self) -> &'a LanguageModel {
        self.lm
    }

    /// Repairs one document: analysis, then each stage's proposals (line
    /// breaks, seams, duplicates, moves), merged in text order, then flags.
    pub fn repair(&self, document: Document, options: &Options) -> Repair {
        let rp = *self;
        // Every stage reads the blocks as the output lays them out, so that a
        // run on repaired text sees what the first run saw.
        let texts = flatten_blocks(&document);
        let (facts, layout_facts) = analyze_page(&document, &texts, &self.model.geometry);
        let runs: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
        let has_cjk = facts.iter().any(|f| f.script == Script::Cjk);
        let has_latin = facts.iter().any(|f| f.script == Script::Latin);
        // Measured only for a fit that weighs rough print apart, or for
        // truncation flags that rough print withholds.
        let (fitted, rough_flags) = (&self.model.seam.fitted, &self.model.truncation.rough_below);
        let measure_known = (has_cjk && (fitted.splits_print(true) || rough_flags.cjk > 0.0))
            || (has_latin && (fitted.splits_print(false) || rough_flags.latin > 0.0));
        let ((stats, known_share), words) = rayon::join(
            || {
                rayon::join(
                    || {
                        if has_cjk {
                            DocStats::from_runs(runs.iter().copied())
                        } else {
                            DocStats::default()
                        }
                    },
                    || {
                        if measure_known {
                            self.lm.known_share(runs.iter().copied())
                        } else {
                            None
                        }
                    },
                )
            },
            || {
                if has_latin {
                    WordCounts::of_document(&document, &runs)
                } else {
                    WordCounts::default()
                }
            },
        );
        let facts = overrule_cut_headlines(rp, facts, &texts, &words);
        let roles: Vec<Role> = facts.iter().map(|f| f.role.role).collect();
        let scripts: Vec<Script> = facts.iter().map(|f| f.script).collect();
        let page = stages::Page {
            rp,
            doc: &document,
            texts: &texts,
            options,
        };
        // Stages that do not wait on each other run side by side: each has
        // stretches that one core does alone (two cores on an 8 MB page were
        // 1.5 times one before).
        let (lines, repeats) = rayon::join(
            || stages::line_breaks(&page, &facts, &words),
            || {
                let (mut repeats, furniture) = rayon::join(
                    || repeated_blocks(&self.model.duplicates, &texts, &roles, &scripts),
                    || repeated_furniture(&texts, &roles),
                );
                repeats.extend(furniture);
                repeats.sort_by_key(|r| r.block);
                repeats
            },
        );
        let mut repeated = vec![false; texts.len()];
        for r in &repeats {
            repeated[r.block] = true;
        }
        let seam_context = stages::SeamContext {
            facts: &facts,
            layout: &layout_facts,
            stats: &stats,
            words: &words,
            repeated: &repeated,
            known_share,
        };
        let ((joins, mut seams), removals) = rayon::join(
            || stages::seams(&page, &seam_context),
            || stages::duplicates(&page, &repeats),
        );
        let is_safe =
            |e: Option<usize>| e.is_some_and(|e| joins.edits[e].applicability == Applicability::Safe);
        let joined: Vec<bool> = seams.iter().map(|s| is_safe(s.edit)).collect();
        let facts = body_where_joined(facts, &joined);
        let adjacent: Vec<f64> = seams.iter().map(|s| s.confidence).collect();
        let cx = reassemble::Context {
            rp,
            stats: &stats,
            words: &words,
            doc: &document,
            texts: &texts,
            facts: &facts,
            layout: &layout_facts,
            joined: &joined,
            repeated: &repeated,
            adjacent: &adjacent,
            known_share,
            has_cjk,
        };
        let (ends, starts) = reassemble::open_ends_and_starts(&cx);
        let moves = reassemble::find_moves(&cx, &ends, &starts);
        let moved = stages::moves(&page, &moves, &joined);
        let mut layout = stages::layout_edges(&document);
        // Grown once: a large page has millions of line breaks, and a vector
        // grown twice copies them.
        layout.reserve_exact(lines.layout.len() + joins.layout.len());
        layout.extend(lines.layout);
        layout.extend(joins.layout);
        let mut edits = stages::merge(vec![lines.edits, joins.edits, removals, moved], 1, &mut seams);
        calibrate(rp, &mut edits, options.thresholds, |e| {
            Stratum::of_edit(&document, &facts, e)
        });
        let flags = truncation::flags(&cx, &ends, &starts, &seams, &edits);
        Repair {
            document,
            facts,
            seams,
            edits,
            flags,
            layout,
        }
    }
}

/// Gives each edit of a calibrated kind its confidence as observed on pages
/// with gold (the map of its kind and `stratum` in the model's
/// calibration); the confidence as scored stays in its evidence (when `rp`
/// keeps evidence). An edit whose observed confidence falls below the safe
/// threshold goes to review, below the review threshold to display (in the
/// report, neither suggested nor applied: as an edit scored so low is not
/// proposed); calibration never raises an edit. A map fitted on a kind's
/// suggestions alone (joins) leaves its edits scored above them as they are.
fn calibrate(rp: Repairer, edits: &mut [Edit], thresholds: Thresholds, stratum: impl Fn(&Edit) -> Stratum) {
    let calibration = &rp.model().calibration;
    for e in edits {
        // The stratum is read only for a calibrated kind: most edits have none.
        let Some(map) = calibration.of(e.kind()).and_then(|maps| maps.get(&stratum(e))) else {
            continue;
        };
        let scored = e.confidence;
        // An applied join keeps the seam model's score, and says nothing.
        if !map.covers(scored) {
            continue;
        }
        e.confidence = map.observed(scored);
        let observed = e.confidence;
        let earned = thresholds
            .applicability(observed)
            .unwrap_or(Applicability::Display);
        e.applicability = e.applicability.min(earned);
        let kind = e.kind();
        e.evidence.extend(rp.evidence(|| {
            vec![Feature::shown(
                FeatureId::Calibrated,
                format!(
                    "scored {scored:.3}; {} edits scored so were right {observed:.2} of the time ({} judged)",
                    kind.as_str(),
                    map.edits
                ),
            )
            .measured(scored)]
        }));
    }
}

/// Repairs one document with the shipped models ([`Repairer::shipped`]).
pub fn repair(document: Document, options: &Options) -> Repair {
    Repairer::shipped().repair(document, options)
}

/// A block called a headline only for being short and unpunctuated that a
/// seam joins to running text is body: the later stages and the report see
/// the role the join implies. `joined[i]` is the seam after block `i`.
fn body_where_joined(mut facts: Vec<BlockFacts>, joined: &[bool]) -> Vec<BlockFacts> {
    for (i, f) in facts.iter_mut().enumerate() {
        let seam_joined = (i > 0 && joined[i - 1]) || joined.get(i).copied().unwrap_or(false);
        if f.role.is_short_text_guess() && seam_joined {
            f.role = RoleCall {
                role: Role::Body,
                reason: "short block joined to running text at its seam",
            };
        }
    }
    facts
}

/// A block called a headline only for being short and unpunctuated is body
/// when a word runs across its seam with a body block beside it: OCR split
/// a line of running text off its paragraph (a column's foot, `…俄罗斯总` |
/// `统叶利钦…`; `…Cause of insol-` | `vency`), and a headline is never cut
/// inside a word. Decided before any seam is scored, so that both of its
/// seams and the report see the same role.
fn overrule_cut_headlines(
    rp: Repairer,
    mut facts: Vec<BlockFacts>,
    texts: &[Cow<str>],
    words: &WordCounts,
) -> Vec<BlockFacts> {
    // A block made body here may meet a short block at its other seam, so
    // the seams are taken in order; which of them could ask whether a word
    // is cut (a short block beside body, or beside a short one that may
    // become body) is known beforehand, and those are asked in parallel.
    let may_ask = |i: usize| {
        let (l, r) = (&facts[i].role, &facts[i + 1].role);
        let short_or_body = |c: &RoleCall| c.is_short_text_guess() || c.role == Role::Body;
        (l.is_short_text_guess() || r.is_short_text_guess()) && short_or_body(l) && short_or_body(r)
    };
    let cut: Vec<bool> = (0..texts.len().saturating_sub(1))
        .into_par_iter()
        .map(|i| may_ask(i) && seam::word_cut_at_seam(rp, words, &texts[i], &texts[i + 1]).is_some())
        .collect();
    for (i, &cut) in cut.iter().enumerate() {
        let (l, r) = (&facts[i].role, &facts[i + 1].role);
        let short = if l.is_short_text_guess() && r.role == Role::Body {
            i
        } else if r.is_short_text_guess() && l.role == Role::Body {
            i + 1
        } else {
            continue;
        };
        if cut {
            facts[short].role = RoleCall {
                role: Role::Body,
                reason: "short block cut inside a word at its seam with running text",
            };
        }
    }
    facts
}

/// Plain `text` as a document: the unit tests' page.
#[cfg(test)]
fn plain_page(text: &str) -> Document {
    crate::input::parse_plain("t.txt".into(), text.as_bytes().to_vec()).unwrap()
}

/// Plain `text` repaired with the default options.
#[cfg(test)]
pub(crate) fn repaired(text: &str) -> Repair {
    repair(plain_page(text), &Options::default())
}

/// As [`repaired`], with the decision model read from `model` (a model
/// file's text, as `decision_model::with_fit` or `with_value` make one).
#[cfg(test)]
pub(crate) fn repaired_with(model: &str, text: &str) -> Repair {
    let model = DecisionModel::from_json(model).unwrap();
    Repairer::new(&model, LanguageModel::shipped()).repair(plain_page(text), &Options::default())
}

/// Test pages with boxes, as Tesseract's hOCR gives them.
#[cfg(test)]
pub(crate) mod test_pages {
    /// A line of a test page: `(x0, x1, text)`.
    pub(crate) type Line<'a> = (u32, u32, &'a str);

    /// An hOCR page of one column: paragraphs of lines `(x0, x1, text)`,
    /// each right below the one before, lines 30 high.
    pub(crate) fn column_page(paragraphs: &[&[Line]]) -> crate::Repair {
        let spaced: Vec<_> = paragraphs.iter().map(|&lines| (0, lines)).collect();
        spaced_column_page(&spaced)
    }

    /// As [`column_page`], each paragraph `(gap, lines)` printed `gap`
    /// below the one before (a photo or a rule between them).
    pub(crate) fn spaced_column_page(paragraphs: &[(u32, &[Line])]) -> crate::Repair {
        let sized: Vec<_> = paragraphs.iter().map(|&(gap, lines)| (gap, 30, lines)).collect();
        sized_column_page(&sized)
    }

    /// As [`spaced_column_page`], each paragraph `(gap, line height, lines)`
    /// in lines of its own height.
    pub(crate) fn sized_column_page(paragraphs: &[(u32, u32, &[Line])]) -> crate::Repair {
        let mut html = String::from("<html><body><div class='ocr_page' title='bbox 0 0 800 4000'>");
        let mut y = 100;
        for (p, &(gap, height, lines)) in paragraphs.iter().enumerate() {
            y += gap;
            let top = y;
            let mut body = String::new();
            for &(x0, x1, text) in lines.iter() {
                body.push_str(&format!(
                    "<span class='ocr_line' title='bbox {x0} {y} {x1} {}; x_size 25'>{text}</span>",
                    y + height
                ));
                y += height;
            }
            html.push_str(&format!(
                "<p class='ocr_par' id='par_{p}' title='bbox 100 {top} 700 {y}'>{body}</p>"
            ));
        }
        html.push_str("</div></body></html>");
        let doc = crate::input::parse_hocr("page.hocr".into(), html.as_bytes()).unwrap();
        super::repair(doc, &super::Options::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{EditKind, Effect};
    use crate::repair::decision_model::CalibrationMap;

    #[test]
    fn a_repairer_without_evidence_decides_and_edits_the_same() {
        // A cut sentence, a hyphen at a line's end, a paragraph printed twice.
        let twice = "The tariff bill passed the house on Monday by a wide margin after a long debate.";
        let text = format!(
            "The committee will report a bill before the\n\nrecess, and the house expects to de-\nbate \
             it in the first week of the new session.\n\nTARIFF BILL PASSES\n\n{twice}\n\n{twice}\n"
        );
        let repaired = |repairer: Repairer| {
            let document = crate::input::parse_plain("t.txt".into(), text.as_bytes().to_vec()).unwrap();
            repairer.repair(document, &Options::default())
        };
        let (with, without) = (
            repaired(Repairer::shipped()),
            repaired(Repairer::shipped().without_evidence()),
        );
        assert!(with.seams.iter().all(|s| !s.evidence.is_empty()));
        assert!(with.edits.iter().all(|e| !e.evidence.is_empty()));
        assert!(without.seams.iter().all(|s| s.evidence.is_empty()));
        assert!(without.edits.iter().all(|e| e.evidence.is_empty()));
        let decided = |r: &Repair| r.seams.iter().map(|s| (s.confidence, s.edit)).collect::<Vec<_>>();
        assert_eq!(decided(&with), decided(&without));
        let kinds = |r: &Repair| r.edits.iter().map(Edit::kind).collect::<Vec<_>>();
        assert_eq!(
            kinds(&with),
            [
                EditKind::JoinParagraphs,
                EditKind::Dehyphenate,
                EditKind::RemoveDuplicate
            ]
        );
        let unexplained = |r: &Repair| {
            let mut edits = r.edits.clone();
            edits.iter_mut().for_each(|e| e.evidence.clear());
            edits
        };
        assert_eq!(unexplained(&with), without.edits);
        assert_eq!(
            with.apply_at_least(Applicability::Safe),
            without.apply_at_least(Applicability::Safe)
        );
    }

    #[test]
    fn calibration_maps_its_kinds_keeps_the_score_and_never_raises_an_edit() {
        let text = "充 桩 a";
        let edit = |effect, confidence, applicability| {
            Edit::new(
                text,
                effect,
                Span::empty(3),
                "电",
                confidence,
                applicability,
                Vec::new(),
            )
        };
        let mut edits = vec![
            edit(
                Effect::InsertCharacter { left: 0, right: 1 },
                0.9,
                Applicability::Review,
            ),
            edit(Effect::Join { left: 0, right: 1 }, 0.97, Applicability::Safe),
            edit(Effect::Join { left: 1, right: 2 }, 0.5, Applicability::Review),
            edit(Effect::Join { left: 0, right: 2 }, 0.3, Applicability::Review),
        ];
        let mut calibration = Calibration::default();
        for kind in ["insert_lost_character", "join_paragraphs"] {
            let map = CalibrationMap {
                points: vec![(0.0, 0.2), (1.0, 0.96)],
                edits: 50,
                below: None,
            };
            let kind = EditKind::from_name(kind).unwrap();
            calibration
                .kinds
                .insert(kind, [(Stratum::CjkText, map)].into_iter().collect());
        }
        let mut model = DecisionModel::shipped().clone();
        model.calibration = calibration;
        let rp = Repairer::new(&model, LanguageModel::shipped());
        let mut quiet = edits.clone();
        calibrate(rp, &mut edits, Thresholds::default(), |_| Stratum::CjkText);
        // A repairer that keeps no evidence calibrates the same, and says nothing.
        calibrate(rp.without_evidence(), &mut quiet, Thresholds::default(), |_| {
            Stratum::CjkText
        });
        for (loud, quiet) in edits.iter().zip(&quiet) {
            assert_eq!(
                (loud.confidence, loud.applicability, loud.evidence.len()),
                (quiet.confidence, quiet.applicability, quiet.evidence.len() + 1)
            );
        }
        let confidences: Vec<f64> = edits.iter().map(|e| e.confidence).collect();
        for (got, want) in confidences.iter().zip([0.884, 0.9372, 0.58, 0.428]) {
            assert!((got - want).abs() < 1e-9, "{confidences:?}");
        }
        // Below the safe threshold now: for review. Never raised to safe.
        assert_eq!(edits[1].applicability, Applicability::Review);
        assert_eq!(edits[2].applicability, Applicability::Review);
        // Below the review threshold: in the report only.
        assert_eq!(edits[3].applicability, Applicability::Display);
        let said = edits[0].evidence.last().unwrap();
        assert_eq!(
            (said.name, said.weight, said.raw),
            (FeatureId::Calibrated, 0.0, Some(0.9))
        );
        // Kinds without a map keep their confidence as scored.
        let mut plain = vec![edit(
            Effect::InsertCharacter { left: 0, right: 1 },
            0.9,
            Applicability::Review,
        )];
        let uncalibrated = DecisionModel {
            calibration: Calibration::default(),
            ..model.clone()
        };
        calibrate(
            Repairer::new(&uncalibrated, LanguageModel::shipped()),
            &mut plain,
            Thresholds::default(),
            |_| Stratum::CjkText,
        );
        assert_eq!((plain[0].confidence, plain[0].evidence.len()), (0.9, 0));
        // Nor do edits of another stratum.
        calibrate(rp, &mut plain, Thresholds::default(), |_| Stratum::LatinBoxes);
        assert_eq!((plain[0].confidence, plain[0].evidence.len()), (0.9, 0));
    }
}
