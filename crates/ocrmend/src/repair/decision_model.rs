//! The decision model: every weight, threshold, margin and confidence the
//! repair decides with, read from a versioned file (`data/decision-model.json`)
//! instead of constants spread over the stages. What each weight means, and
//! how it was set, is in the feature catalogue ([`crate::features`]); this
//! module only holds the numbers and checks them when it reads them.
//!
//! The seam part also carries the fitted model, per script (CJK or Latin
//! seams): each outcome of a feature weighed per outcome gets a fitted
//! weight of its own, every other hand-set weight is rescaled by one factor
//! per feature and sign (a feature for a join and the same feature against
//! one may deserve different trust), and an intercept is added, all fitted
//! by logistic regression on pages with gold (`scripts/fit_seams.py`),
//! with a second fit for rough print (a page whose words the lexicons
//! mostly do not know). The report shows each feature's fitted
//! contribution, and the intercept as a feature of its own, so the weights
//! shown still sum to the log-odds.

use crate::analyze::BlockFacts;
pub use crate::analyze::GeometryModel;
use crate::edit::{Edit, EditKind};
use crate::features::{Feature, FeatureId};
use crate::model::{Document, Script};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The model file shipped with the library.
const SHIPPED: &str = include_str!("../../data/decision-model.json");

/// The version of the model file this library reads.
pub const DECISION_MODEL_VERSION: u32 = 12;

/// Every number the repair decides with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionModel {
    /// The file format's version ([`DECISION_MODEL_VERSION`]).
    pub version: u32,
    /// How the numbers were made.
    pub made: String,
    /// Join or keep at a seam.
    pub seam: SeamWeights,
    /// How the lines of a block meet (hyphens, split words).
    pub line_breaks: LineBreakModel,
    /// A character lost at a CJK seam.
    pub lost_character: LostCharacterModel,
    /// Moving a displaced fragment to the paragraph it continues.
    pub reassembly: ReassemblyModel,
    /// Flags on paragraphs left open.
    pub truncation: TruncationModel,
    /// Blocks repeated within a document.
    pub duplicates: DuplicateModel,
    /// What the boxes say.
    pub geometry: GeometryModel,
    /// What a confidence means, per edit kind, on pages with gold.
    #[serde(default)]
    pub calibration: Calibration,
}

/// Seam weights (log-odds); see each [`FeatureId`] for what it means.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeamWeights {
    /// [`FeatureId::Prior`].
    pub prior: f64,
    /// [`FeatureId::Roles`].
    pub role_veto: f64,
    /// [`FeatureId::CaptionAndCredit`].
    pub caption_and_credit: f64,
    /// [`FeatureId::ShortBlock`], per side.
    pub short_block: f64,
    /// The least weight of a bigram across the seam that ties a short
    /// block filling its column to its neighbour (a word always does):
    /// the veto is then waived ([`FeatureId::ShortBlock`]).
    pub short_block_tie: f64,
    /// [`FeatureId::ColumnFootPiece`].
    pub column_foot_piece: f64,
    /// [`FeatureId::LeftEnding`].
    pub left_ending: LeftEndingWeights,
    /// [`FeatureId::RightStart`].
    pub right_start: RightStartWeights,
    /// [`FeatureId::LeftEndsWithFunctionWord`].
    pub left_ends_with_function_word: f64,
    /// [`FeatureId::WordAcrossSeam`].
    pub word_across_seam: PerScript,
    /// [`FeatureId::HyphenJoinsNoWord`].
    pub hyphen_joins_no_word: f64,
    /// [`FeatureId::BigramAcrossSeam`].
    pub bigram: BigramWeights,
    /// [`FeatureId::RightOpensSentence`].
    pub opener: OpenerWeights,
    /// [`FeatureId::LineRepeatedAcrossSeam`].
    pub line_repeated_across_seam: f64,
    /// [`FeatureId::OpenQuoteOrBracket`].
    pub open_quote_or_bracket: f64,
    /// [`FeatureId::Placement`].
    pub placement: PlacementWeights,
    /// [`FeatureId::RightFirstLine`] and [`FeatureId::LeftLastLine`].
    pub line_edges: LineEdgeWeights,
    /// [`FeatureId::ArticleFlow`].
    pub article_flow: FlowWeights,
    /// The fitted rescaling of all of the above.
    pub fitted: FittedSeams,
}

/// [`FeatureId::LeftEnding`] by ending.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct LeftEndingWeights {
    pub terminal: f64,
    /// A sentence end before a block that goes on in lower case: in rough
    /// print most often a speck read as the mark.
    pub terminal_before_lowercase: f64,
    pub semicolon_or_colon: f64,
    pub comma: f64,
    pub hyphen: f64,
    pub open: f64,
    pub mark_after_function_word: f64,
    pub detached_mark: f64,
    pub mark_after_hyphen: f64,
}

/// [`FeatureId::RightStart`] by start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RightStartWeights {
    /// A lowercase letter.
    pub lowercase: f64,
    /// Clause punctuation, a closing mark or a sentence end.
    pub punctuation: f64,
    /// A digit.
    pub digit: f64,
    /// Anything else that is not a letter.
    pub other: f64,
    /// A capital the page says nothing about.
    pub capital: f64,
    /// A capitalised word the page writes lowercase elsewhere.
    pub capital_lowercase_elsewhere: f64,
    /// A capitalised word the page only writes capitalised: a name.
    pub capital_name: f64,
    /// A capitalised word at least `common_zipf` frequent.
    pub capital_common_word: f64,
    /// Zipf frequency from which a capitalised word is taken for a sentence opener.
    pub common_zipf: f32,
}

/// A weight per script of the seam.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PerScript {
    pub cjk: f64,
    pub latin: f64,
}

impl PerScript {
    /// The weight at a CJK seam (`cjk`) or a Latin one.
    pub fn of(&self, cjk: bool) -> f64 {
        if cjk {
            self.cjk
        } else {
            self.latin
        }
    }
}

/// [`FeatureId::BigramAcrossSeam`]: `weight = (scale × lift)` clamped to `[0, max]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BigramWeights {
    /// Weight per unit of log-lift.
    pub scale: f64,
    /// The largest weight.
    pub max: f64,
    /// The weight from which the bigram links the two sides on its own.
    pub strong: f64,
}

/// [`FeatureId::RightOpensSentence`]: below 0, `−scale × r` up to `max`;
/// above `cut`, `−scale × (r − cut)` down to `−max`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct OpenerWeights {
    pub scale: f64,
    pub cut: f64,
    pub max: f64,
}

/// [`FeatureId::Placement`] by placement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PlacementWeights {
    pub next_column: f64,
    /// Per script.
    pub next_column_above: PerScript,
    pub below: f64,
    /// Between two blocks next in reading order only; a displaced
    /// continuation far below weighs as `below`.
    pub far_below: f64,
    pub elsewhere: f64,
}

/// [`FeatureId::RightFirstLine`] and [`FeatureId::LeftLastLine`] by what the line boxes show.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct LineEdgeWeights {
    pub flush: f64,
    pub indented: f64,
    pub full: f64,
    pub short: f64,
    /// A last line of plain Latin text with fewer letters than
    /// `geometry.cells.latin_short` of its column's (`analyze::cells`).
    pub short_in_latin_text: f64,
    /// [`FeatureId::LinesRunOn`], per script.
    #[serde(default)]
    pub run_on: PerScript,
    /// [`FeatureId::LinesRunOn`] where the right block starts right with
    /// its text, no mark read off specks before it: a capital letter (the
    /// next sentence's start, which `right_start` weighs as a paragraph's),
    /// or a Chinese character that opens no list item.
    pub run_on_text_start: PerScript,
    /// [`FeatureId::LinesRunOn`] from a column's foot to the next
    /// column's head, the right block starting with a capital (Latin
    /// script only: Chinese seams so were keeps too often).
    pub run_on_next_column: f64,
    /// [`FeatureId::ColumnReadsOn`], per script.
    #[serde(default)]
    pub reads_on: PerScript,
    /// [`FeatureId::ColumnReadsOn`] where the left stops at a clause mark
    /// on a line that runs to its column's edge (boxes), per script.
    pub reads_on_full: PerScript,
    /// As `reads_on_full`, where the clause mark is a semicolon or a colon
    /// (which `left_ending` weighs as a paragraph's possible end).
    pub reads_on_full_semicolon: PerScript,
    /// [`FeatureId::ColumnReadsOn`] where the left stops without
    /// punctuation on a line short of its column's edge, per script.
    pub reads_on_short: PerScript,
    /// [`FeatureId::ColumnReadsOn`] where the left stops without
    /// punctuation on a line that runs to its column's edge, per script.
    pub reads_on_open_full: PerScript,
    /// [`FeatureId::LinesRunOn`] in plain text, whose edges are counted in
    /// cells (Chinese only) and whose blocks' places are unknown.
    pub run_on_in_text: f64,
    /// [`FeatureId::ColumnReadsOn`] in plain text, whose edges are counted
    /// in cells (Chinese only) and whose blocks' places are unknown.
    #[serde(default)]
    pub reads_on_in_text: f64,
}

/// [`FeatureId::ArticleFlow`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FlowWeights {
    pub same: f64,
    pub different: f64,
}

/// The fitted rescaling of the seam weights, per script.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedSeams {
    /// How it was fitted (or why it is the identity).
    pub made: String,
    /// CJK seams (closed up, judged with CJK evidence).
    cjk: ScriptFit,
    /// Every other seam.
    latin: ScriptFit,
}

/// The fitted factors of one script.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptFit {
    /// Added to every seam's log-odds.
    intercept: f64,
    /// `name+` scales a feature's positive weights, `name-` its negative ones.
    scales: BTreeMap<String, f64>,
    /// `name.outcome`: the weight of one outcome of a feature weighed per
    /// outcome ([`Feature::outcome`]), in place of the hand-set one.
    #[serde(default)]
    weights: BTreeMap<String, f64>,
    /// The scales by id: [scale of negative weights, of positive].
    #[serde(skip)]
    by_id: HashMap<FeatureId, [f64; 2]>,
    /// The weights by id: (outcome, weight).
    #[serde(skip)]
    by_outcome: HashMap<FeatureId, Vec<(String, f64)>>,
    /// A page whose known share ([`crate::lm::LanguageModel::known_share`])
    /// is below this is rough print, weighed with `rough` instead.
    #[serde(default)]
    rough_below: f64,
    /// The cut in `rough_below`'s place for a document without boxes, whose
    /// seams nothing but their text weighs (default: `rough_below`).
    #[serde(default)]
    rough_below_plain: Option<f64>,
    /// The fit of rough pages, whose evidence OCR noise makes weaker.
    #[serde(default)]
    rough: Option<Box<ScriptFit>>,
}

impl ScriptFit {
    fn index(&mut self) -> Result<(), String> {
        if let Some(rough) = &mut self.rough {
            if rough.rough.is_some() {
                return Err("a rough-print fit has no rough fit of its own".into());
            }
            rough.index()?;
        }
        for (key, &weight) in &self.weights {
            let (name, outcome) = key
                .split_once('.')
                .ok_or_else(|| format!("fitted weight `{key}` is not `feature.outcome`"))?;
            let id = FeatureId::from_name(name)
                .ok_or_else(|| format!("fitted weight of unknown feature `{name}`"))?;
            self.by_outcome
                .entry(id)
                .or_default()
                .push((outcome.to_string(), weight));
        }
        for (key, &scale) in &self.scales {
            let (name, positive) = match (key.strip_suffix('+'), key.strip_suffix('-')) {
                (Some(name), _) => (name, true),
                (_, Some(name)) => (name, false),
                _ => return Err(format!("fitted scale `{key}` ends in neither + nor -")),
            };
            let id = FeatureId::from_name(name)
                .ok_or_else(|| format!("fitted scale of unknown feature `{name}`"))?;
            self.by_id.entry(id).or_insert([1.0, 1.0])[usize::from(positive)] = scale;
        }
        Ok(())
    }

    fn scale(&self, id: FeatureId, weight: f64) -> f64 {
        self.by_id.get(&id).map_or(1.0, |s| s[usize::from(weight > 0.0)])
    }

    /// The fitted weight of `feature`'s outcome, if the fit gave it one.
    fn outcome_weight(&self, feature: &Feature) -> Option<f64> {
        let outcome = feature.outcome?;
        let weights = self.by_outcome.get(&feature.name)?;
        weights.iter().find(|(o, _)| o == outcome).map(|&(_, w)| w)
    }
}

/// Which fit weighs a seam: its script's, and within it the page's print.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitBand {
    /// A CJK seam (else Latin).
    pub cjk: bool,
    /// The page's known share, when it has enough words to tell.
    pub known_share: Option<f64>,
    /// The document gives its blocks' boxes (else it is plain text).
    pub boxes: bool,
}

impl FittedSeams {
    /// The fit of CJK seams (`cjk`) or of Latin ones.
    fn of_script(&self, cjk: bool) -> &ScriptFit {
        if cjk {
            &self.cjk
        } else {
            &self.latin
        }
    }

    /// The fit that weighs `band`: its script's, or that one's rough-print fit.
    fn script(&self, band: FitBand) -> &ScriptFit {
        let fit = self.of_script(band.cjk);
        match &fit.rough {
            Some(rough) if self.rough_print(band) == Some(true) => rough,
            _ => fit,
        }
    }

    /// Whether the fit of CJK seams (`cjk`) or of Latin ones weighs rough
    /// print apart: whether a page with such seams needs its known share.
    pub fn splits_print(&self, cjk: bool) -> bool {
        self.of_script(cjk).rough.is_some()
    }

    /// How `band`'s page is weighed: `None` when the fit of its script
    /// weighs every page alike, else whether as rough print.
    pub fn rough_print(&self, band: FitBand) -> Option<bool> {
        let fit = self.of_script(band.cjk);
        fit.rough.as_ref()?;
        let cut = if band.boxes {
            fit.rough_below
        } else {
            fit.rough_below_plain.unwrap_or(fit.rough_below)
        };
        Some(band.known_share.is_some_and(|known| known < cut))
    }

    /// The factor that a weight of feature `id` in `band` is multiplied by.
    pub fn scale(&self, band: FitBand, id: FeatureId, weight: f64) -> f64 {
        self.script(band).scale(id, weight)
    }

    /// Gives every outcome the fit weighed its fitted weight, rescales every
    /// other feature's weight, and adds the intercept as a feature.
    pub fn apply(&self, band: FitBand, evidence: &mut Vec<Feature>) {
        let fit = self.script(band);
        for f in evidence.iter_mut() {
            match fit.outcome_weight(f) {
                Some(weight) => f.weight = weight,
                None => f.weight *= fit.scale(f.name, f.weight),
            }
        }
        if fit.intercept != 0.0 {
            evidence.push(Feature::new(
                FeatureId::FittedIntercept,
                "the fitted model's intercept",
                fit.intercept,
            ));
        }
    }

    /// What a new fit reads of a feature weighed `fitted` by this model: its
    /// key (`name.outcome` for a feature weighed per outcome, else `name+`
    /// or `name-` by the sign of its weight) and its value in the fit's
    /// design (1 for an outcome seen; else the hand-set weight behind the
    /// fitted one).
    pub fn fit_input(&self, band: FitBand, feature: &Feature) -> (String, f64) {
        if let Some(outcome) = feature.outcome {
            return (format!("{}.{outcome}", feature.name), 1.0);
        }
        let scale = self.scale(band, feature.name, feature.weight);
        let hand = if scale == 0.0 { 0.0 } else { feature.weight / scale };
        let sign = if hand > 0.0 { '+' } else { '-' };
        (format!("{}{sign}", feature.name), hand)
    }
}

/// How the lines of a block meet: a line-end hyphen removed or kept, a word
/// split without a hyphen closed up. Confidences are probabilities.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineBreakModel {
    /// [`FeatureId::Halves`]: a piece rarer than this (Zipf) is a fragment,
    /// not a word (the list holds web noise such as `tions` at 2.2).
    pub fragment_zipf: f32,
    /// A word shorter than this many letters is never closed up without a hyphen.
    pub min_split_join: usize,
    /// [`FeatureId::SuspendedHyphen`]: confidence that it stays.
    pub suspended_hyphen: f64,
    /// [`FeatureId::HyphenBeforeCapitalOrDigit`]: confidence that it stays.
    pub hyphen_before_capital_or_digit: f64,
    /// [`FeatureId::HyphenatedFormInDocument`]: confidence that it stays.
    pub hyphenated_form_in_document: f64,
    /// [`FeatureId::CompoundHyphen`]: confidence that it stays.
    pub compound_hyphen: f64,
    /// Removing a line-end hyphen.
    pub dehyphenate: DehyphenateSteps,
    /// Closing up a word split without a hyphen.
    pub split_word: SplitWordModel,
}

/// [`FeatureId::JoinedForm`] at a hyphen: the confidence of removing it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DehyphenateSteps {
    /// From this Zipf frequency of the joined form…
    pub common_zipf: f32,
    /// …this confidence.
    pub common: f64,
    /// The page spells the joined form: this confidence.
    pub in_document: f64,
    /// From this Zipf frequency…
    pub known_zipf: f32,
    /// …this confidence.
    pub known: f64,
    /// Neither the joined form nor the head is a known word (the head is
    /// rarer than `line_breaks.fragment_zipf`): this confidence…
    pub fragment_head: f64,
    /// …on a page whose words the English word list knows at least this
    /// share of (English real OCR: 0.86 at worst; the German PAGE samples
    /// 0.38 and 0.41).
    pub english_share: f64,
}

/// Two pieces a line break parts without a hyphen (`exam` | `ple`, `in` |
/// `deed`): one word OCR split, or two words. A logistic model over what the
/// word list and the page say of the pieces and of the word they make (a
/// word neither knows is never made), fitted on pages with gold
/// (`scripts/fit-split-words.sh`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitWordModel {
    /// How the weights were made.
    pub made: String,
    /// From this probability the pieces are read as one word: the line
    /// break's close-up is proposed, and a seam between them has a word
    /// across it. 0.5, the likelier reading (0.9 gives the same figures on
    /// the real-OCR, simulated and annotated sets, with fewer suggestions
    /// for review).
    pub min_close_up: f64,
    /// The log-odds weight of each term.
    pub weights: SplitWordTerms,
}

/// The terms of [`SplitWordModel`]: as weights, and as one split's values
/// (what `eval --features` writes for a fit, under the same names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitWordTerms {
    /// 1: the [`FeatureId::FittedIntercept`].
    pub intercept: f64,
    /// The joined form's Zipf frequency ([`FeatureId::JoinedForm`]; 0 when
    /// the word list lacks it and only the page spells it).
    pub joined_zipf: f64,
    /// 1 when the page spells the joined form elsewhere
    /// ([`FeatureId::JoinedFormInDocument`]).
    pub joined_in_document: f64,
    /// The first piece's Zipf frequency ([`FeatureId::Halves`], as the rest).
    pub tail_zipf: f64,
    /// The second piece's.
    pub head_zipf: f64,
    /// 1 when the first piece is rarer than `line_breaks.fragment_zipf`: no word.
    pub tail_fragment: f64,
    /// 1 when the second piece is.
    pub head_fragment: f64,
    /// 1 when the first piece has one or two letters.
    pub short_tail: f64,
    /// 1 when the second piece has.
    pub short_head: f64,
    /// 1 when the first piece starts with a capital.
    pub capital_tail: f64,
}

impl SplitWordTerms {
    /// The weighted sum of `values` by these weights, per feature a report
    /// shows: the joined form's frequency, the page's spelling of it, the
    /// halves (the rest), the intercept.
    pub fn contributions(&self, values: &SplitWordTerms) -> SplitWordContributions {
        let (w, x) = (self, values);
        SplitWordContributions {
            joined_form: w.joined_zipf * x.joined_zipf,
            in_document: w.joined_in_document * x.joined_in_document,
            halves: w.tail_zipf * x.tail_zipf
                + w.head_zipf * x.head_zipf
                + w.tail_fragment * x.tail_fragment
                + w.head_fragment * x.head_fragment
                + w.short_tail * x.short_tail
                + w.short_head * x.short_head
                + w.capital_tail * x.capital_tail,
            intercept: w.intercept * x.intercept,
        }
    }
}

/// [`SplitWordTerms::contributions`]: log-odds by the feature a report shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitWordContributions {
    /// [`FeatureId::JoinedForm`]'s weight.
    pub joined_form: f64,
    /// [`FeatureId::JoinedFormInDocument`]'s.
    pub in_document: f64,
    /// [`FeatureId::Halves`]': every term of the pieces.
    pub halves: f64,
    /// [`FeatureId::FittedIntercept`]'s.
    pub intercept: f64,
}

impl SplitWordContributions {
    /// Their sum: the split's log-odds of being one word.
    pub fn log_odds(&self) -> f64 {
        self.joined_form + self.in_document + self.halves + self.intercept
    }
}

/// A character lost at a CJK seam.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LostCharacterModel {
    /// How many of the left character's successors are tried.
    pub candidates: usize,
    /// How often a joined CJK seam lost a character, before its characters
    /// are read: the prior of the readings with a character put in.
    pub loss_prior: f64,
    /// Added to a reading's log-likelihood for each character of the
    /// dictionary word its character makes beyond itself, and once more for
    /// a word that reaches both sides of the gap.
    pub word: f64,
    /// [`FeatureId::Candidate`]: the share of the likelihood the best
    /// reading needs to be suggested (its confidence).
    pub min_posterior: f64,
}

/// Moving a displaced fragment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReassemblyModel {
    /// [`FeatureId::MarginOverAlternatives`]: log-odds by which a pair must
    /// beat every alternative of either side.
    pub margin: f64,
    /// Open starts considered for an open end: the nearest this many before
    /// it and after it in reading order (a displaced piece stays on its page)…
    pub nearest: usize,
    /// …and, when a jump line after it names a page, the first this many
    /// starts on that page. Together they bound the work to linear.
    pub on_jump_page: usize,
    /// [`FeatureId::JumpLine`] naming the candidate's page.
    pub jump_match: f64,
    /// [`FeatureId::JumpLine`] naming another page.
    pub jump_mismatch: f64,
    /// [`FeatureId::AcrossCaption`]: a join across a caption.
    pub across_caption: AcrossCaptionWeights,
}

/// A join across a caption that stands between a paragraph's halves, on
/// top of the seam's own evidence, scored as if the halves met.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcrossCaptionWeights {
    /// Any such join.
    pub caption: f64,
    /// The open end is a single line: often a caption's own first line,
    /// which OCR read as a block of its own.
    pub one_line_end: f64,
    /// The caption starts in lower case: it goes on from the block before.
    pub caption_continues: f64,
    /// Added to a join across's log-odds where reassembly's matching ranks
    /// the candidates for an open end and for a start, not to its
    /// confidence: the halves a caption parts lie nearer than any candidate
    /// further off, which the evidence of two halves does not say.
    pub rank_bonus: f64,
}

/// Flags on paragraphs left open.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TruncationModel {
    /// Seam confidence from which a block's open end counts as continued.
    /// Set on 200 simulated pages per language: truncated-end flag F1 en
    /// 0.688 → 0.698, zh 0.674 → 0.694 against flagging every seam not
    /// joined by default, while the sample page's two truncations (suggested
    /// joins at 0.73) stay flagged.
    pub likely_continued: f64,
    /// Below this log-ratio a CJK start right before punctuation is the
    /// middle of a sentence.
    pub mid_sentence_start: f64,
    /// Below this log-ratio a CJK start is the middle of a sentence anyway.
    pub rare_sentence_start: f64,
    /// Per script of the document (any Chinese block makes it Chinese): on
    /// a document whose known share of words
    /// ([`crate::lm::LanguageModel::known_share`]) is below this, OCR noise
    /// decides how a block starts and ends, and no truncation is flagged.
    /// Chinese 0.8, chosen on the real-OCR dev pages against 0.75 and 0.85
    /// (truncated-end F1 hOCR 0.326 without it, 0.566 / 0.584 / 0.338; at
    /// 0.85 the simulated pages and the annotated page lose theirs), where
    /// the train pages' flags below it were the gold's truncations 94 times
    /// of 961 (hOCR). Latin 0 (none): English pages in rough print have
    /// a known share of 0.87-0.98, the simulated pages' 0.95-0.97, and a
    /// cut at 0.95 or 0.97 cost the simulated English pages' flags.
    pub rough_below: PerScript,
}

/// Blocks repeated within a document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateModel {
    /// [`FeatureId::Similarity`] from which two blocks are copies.
    pub near_duplicate: f64,
    /// [`FeatureId::Containment`] from which the shorter is a copy cut short.
    pub contained: f64,
    /// Confidence of removing an exact copy (applied by default).
    pub exact_copy: f64,
    /// The most confidence a near copy gets (always for review).
    pub near_copy_max: f64,
    /// Confidence of removing repeated furniture (for review: some archives keep it).
    pub furniture: f64,
}

/// What a confidence means on pages with gold: per edit kind, a map from
/// the confidence an edit's evidence gives it (as scored) to the share of
/// the edits scored so that were right (as observed). A kind without a map
/// keeps its confidence as scored. Fitted, isotonic, by
/// `ocrmend eval --fit-calibration` (`scripts/fit-calibration.sh`), so that
/// "accept all at 0.9 or more" accepts edits right 90 % of the time,
/// whatever their kind.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// How the maps were made.
    #[serde(default)]
    pub made: String,
    /// The maps of each calibrated kind (written by its name,
    /// `move_fragment`), one per stratum its edits were judged in.
    #[serde(default)]
    pub kinds: BTreeMap<EditKind, BTreeMap<Stratum, CalibrationMap>>,
}

impl Calibration {
    /// The maps of `kind`, one per stratum, when it is calibrated.
    pub fn of(&self, kind: EditKind) -> Option<&BTreeMap<Stratum, CalibrationMap>> {
        self.kinds.get(&kind)
    }

    /// Checks that every map is a map (the kinds and strata are checked as they are read).
    fn check(&self) -> Result<(), String> {
        for (kind, maps) in &self.kinds {
            for map in maps.values() {
                map.check()
                    .map_err(|e| format!("calibration of `{}`: {e}", kind.as_str()))?;
            }
        }
        Ok(())
    }
}

/// Which edits of a kind a calibration map is for: by the script of the
/// block the edit acts on first and whether the input gave that block a
/// box. A score means different things in Chinese and in Latin script, and
/// on plain text and on a scan's layout (moves, for one, are right far more
/// often on English text than where Tesseract's boxes placed the blocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stratum {
    /// CJK, plain text.
    CjkText,
    /// CJK, with boxes (hOCR, ALTO, PAGE).
    CjkBoxes,
    /// Latin script (or digits and punctuation alone), plain text.
    LatinText,
    /// Latin script, with boxes.
    LatinBoxes,
}

impl Stratum {
    /// The stratum of `edit` of `document`, whose blocks' facts are `facts`.
    pub fn of_edit(document: &Document, facts: &[BlockFacts], edit: &Edit) -> Stratum {
        let block = edit.effect.blocks()[0];
        let boxes = document.blocks[block].geometry().bbox.is_some();
        match (facts[block].script, boxes) {
            (Script::Cjk, false) => Stratum::CjkText,
            (Script::Cjk, true) => Stratum::CjkBoxes,
            (_, false) => Stratum::LatinText,
            (_, true) => Stratum::LatinBoxes,
        }
    }
}

/// A confidence as scored → as observed: straight lines between points,
/// flat beyond the first and the last.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationMap {
    /// `(scored, observed)`, scored rising, observed never falling, both
    /// between 0 and 1.
    pub points: Vec<(f64, f64)>,
    /// How many judged edits the map was fitted on.
    pub edits: usize,
    /// When set, the map was fitted on the edits scored below it, the
    /// suggestions of a kind whose applied edits stand on their own score
    /// (joins: the seam model's), and an edit scored at or above it keeps
    /// its score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
}

impl CalibrationMap {
    /// Whether the map speaks of an edit scored `scored`: always, unless
    /// it was fitted on the edits scored below a bound and this one is not.
    pub fn covers(&self, scored: f64) -> bool {
        self.below.is_none_or(|below| scored < below)
    }

    /// The confidence as observed of an edit scored `scored`.
    pub fn observed(&self, scored: f64) -> f64 {
        if !self.covers(scored) {
            return scored;
        }
        let p = &self.points;
        match p.partition_point(|&(s, _)| s <= scored) {
            0 => p[0].1,
            n if n == p.len() => p[n - 1].1,
            i => {
                let ((s0, o0), (s1, o1)) = (p[i - 1], p[i]);
                o0 + (o1 - o0) * (scored - s0) / (s1 - s0)
            }
        }
    }

    fn check(&self) -> Result<(), String> {
        let in_unit = |x: f64| (0.0..=1.0).contains(&x);
        if self.points.is_empty() {
            return Err("no points".into());
        }
        if self.below.is_some_and(|b| !(b > 0.0 && b <= 1.0)) {
            return Err("`below` outside 0..1".into());
        }
        if !self.points.iter().all(|&(s, o)| in_unit(s) && in_unit(o)) {
            return Err("a point outside 0..1".into());
        }
        if !self
            .points
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1)
        {
            return Err("points must rise in scored and never fall in observed".into());
        }
        Ok(())
    }
}

/// The shipped model's text with the fit of `script` (`cjk` or `latin`)
/// replaced by `fit` (JSON): how tests try a fit.
#[cfg(test)]
pub(crate) fn with_fit(script: &str, fit: &str) -> String {
    with_value(&["seam", "fitted", script], fit)
}

/// The shipped model's text with the value at `path` replaced by `value`
/// (JSON text): for tests of one number.
#[cfg(test)]
pub(crate) fn with_value(path: &[&str], value: &str) -> String {
    let mut model: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    let slot = path.iter().fold(&mut model, |v, key| &mut v[*key]);
    *slot = serde_json::from_str(value).unwrap();
    serde_json::to_string_pretty(&model).unwrap()
}

impl DecisionModel {
    /// Reads and checks a model file's text.
    pub fn from_json(text: &str) -> crate::Result<DecisionModel> {
        let invalid = |message: String| crate::Error::Options {
            message: format!("decision model: {message}"),
        };
        let mut model: DecisionModel = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if model.version != DECISION_MODEL_VERSION {
            return Err(invalid(format!(
                "version {} (this ocrmend reads version {DECISION_MODEL_VERSION})",
                model.version
            )));
        }
        model.seam.fitted.cjk.index().map_err(invalid)?;
        model.seam.fitted.latin.index().map_err(invalid)?;
        model.calibration.check().map_err(invalid)?;
        let probabilities = [
            ("truncation.likely_continued", model.truncation.likely_continued),
            ("duplicates.near_duplicate", model.duplicates.near_duplicate),
            ("duplicates.contained", model.duplicates.contained),
            ("duplicates.exact_copy", model.duplicates.exact_copy),
            ("duplicates.near_copy_max", model.duplicates.near_copy_max),
            ("duplicates.furniture", model.duplicates.furniture),
            ("lost_character.loss_prior", model.lost_character.loss_prior),
            ("lost_character.min_posterior", model.lost_character.min_posterior),
            (
                "line_breaks.split_word.min_close_up",
                model.line_breaks.split_word.min_close_up,
            ),
        ];
        for (name, p) in probabilities {
            if !(0.0..=1.0).contains(&p) {
                return Err(invalid(format!("{name} {p} is not between 0 and 1")));
            }
        }
        Ok(model)
    }

    /// The model shipped with the library, read once.
    pub fn shipped() -> &'static DecisionModel {
        static MODEL: OnceLock<DecisionModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            DecisionModel::from_json(SHIPPED)
                .expect("data/decision-model.json is valid (a unit test reads it)")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LATIN: FitBand = FitBand {
        cjk: false,
        known_share: None,
        boxes: false,
    };

    #[test]
    fn the_shipped_model_reads_and_rescales_by_sign() {
        let fitted = &DecisionModel::shipped().seam.fitted;
        let mut evidence = vec![Feature::new(FeatureId::LeftEnding, "ends a sentence", -7.0)];
        fitted.apply(LATIN, &mut evidence);
        let w = evidence[0].weight;
        assert_eq!(w, -7.0 * fitted.scale(LATIN, FeatureId::LeftEnding, -7.0));
        let (key, hand) = fitted.fit_input(LATIN, &evidence[0]);
        assert_eq!(key, "left_ending-");
        assert!((hand + 7.0).abs() < 1e-9);
    }

    #[test]
    fn a_fit_rescales_each_sign_weighs_each_outcome_and_bad_files_are_refused() {
        let text = with_fit(
            "latin",
            r#"{"intercept": 0.5, "scales": {"left_ending-": 0.5, "prior-": 2.0},
                "weights": {"right_start.lowercase": 1.25}}"#,
        );
        let model = DecisionModel::from_json(&text).unwrap();
        let mut evidence = vec![
            Feature::new(FeatureId::LeftEnding, "ends a sentence", -7.0),
            Feature::new(FeatureId::Prior, "body | body", -1.0),
            Feature::new(FeatureId::RightStart, "lowercase", 3.0).of("lowercase"),
            Feature::new(FeatureId::RightStart, "capital letter", -1.5).of("capital"),
        ];
        model.seam.fitted.apply(LATIN, &mut evidence);
        let weights: Vec<f64> = evidence.iter().map(|f| f.weight).collect();
        // Scaled by sign; the lowercase outcome's own weight; an outcome the
        // fit did not weigh keeps its hand-set weight; the intercept.
        assert_eq!(weights, vec![-3.5, -2.0, 1.25, -1.5, 0.5]);
        assert_eq!(evidence[4].name, FeatureId::FittedIntercept);
        let fitted = &model.seam.fitted;
        assert_eq!(
            fitted.fit_input(LATIN, &evidence[2]),
            ("right_start.lowercase".into(), 1.0)
        );
        assert_eq!(
            fitted.fit_input(LATIN, &evidence[0]),
            ("left_ending-".into(), -7.0)
        );
        assert_eq!(fitted.rough_print(LATIN), None);
        assert!(!fitted.splits_print(false));

        // Rough print (a known share below `rough_below`) has a fit of its own.
        let banded = DecisionModel::from_json(&with_fit(
            "latin",
            r#"{"intercept": 0.0, "scales": {}, "rough_below": 0.95,
                "rough": {"intercept": -1.0, "scales": {"prior-": 3.0}}}"#,
        ))
        .unwrap();
        assert!(banded.seam.fitted.splits_print(false));
        let weigh = |known_share| {
            let band = FitBand {
                cjk: false,
                known_share,
                boxes: true,
            };
            let mut evidence = vec![Feature::new(FeatureId::Prior, "body | body", -1.0)];
            banded.seam.fitted.apply(band, &mut evidence);
            let weights: Vec<f64> = evidence.iter().map(|f| f.weight).collect();
            (banded.seam.fitted.rough_print(band), weights)
        };
        assert_eq!(weigh(Some(0.97)), (Some(false), vec![-1.0]));
        assert_eq!(weigh(Some(0.90)), (Some(true), vec![-3.0, -1.0]));
        // Too little text to tell: clean print.
        assert_eq!(weigh(None), (Some(false), vec![-1.0]));
        // Plain text may have a cut of its own.
        let plain = DecisionModel::from_json(&with_fit(
            "latin",
            r#"{"intercept": 0.0, "scales": {}, "rough_below": 0.9, "rough_below_plain": 0.95,
                "rough": {"intercept": -1.0, "scales": {}}}"#,
        ))
        .unwrap();
        let rough = |boxes| {
            let band = FitBand {
                cjk: false,
                known_share: Some(0.92),
                boxes,
            };
            plain.seam.fitted.rough_print(band)
        };
        assert_eq!((rough(true), rough(false)), (Some(false), Some(true)));
        let nested = with_fit(
            "latin",
            r#"{"intercept": 0.0, "scales": {}, "rough_below": 0.9, "rough":
                {"intercept": 0.0, "scales": {}, "rough": {"intercept": 0.0, "scales": {}}}}"#,
        );
        let err = DecisionModel::from_json(&nested).unwrap_err().to_string();
        assert!(err.contains("no rough fit of its own"), "{err}");

        let version = format!(r#""version": {DECISION_MODEL_VERSION}"#);
        for (from, to, says) in [
            (version.as_str(), r#""version": 2"#, "version 2"),
            (
                r#""left_ending-": 0.5"#,
                r#""no_such-": 0.5"#,
                "unknown feature `no_such`",
            ),
            (
                r#""right_start.lowercase": 1.25"#,
                r#""right_start": 1.25"#,
                "is not `feature.outcome`",
            ),
            (
                r#""furniture": 0.9"#,
                r#""furniture": 9"#,
                "duplicates.furniture 9",
            ),
            (r#""prior": -1.0"#, r#""priors": -1.0"#, "unknown field `priors`"),
        ] {
            let bad = text.replace(from, to);
            assert_ne!(bad, text, "{from} is in the model");
            let err = DecisionModel::from_json(&bad).unwrap_err().to_string();
            assert!(err.contains(says), "{from} -> {to}: {err}");
        }
    }

    #[test]
    fn a_calibration_must_name_a_kind_and_rise() {
        let with_calibration = |calibration: &str| {
            let mut model: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
            model["calibration"] = serde_json::from_str(calibration).unwrap();
            DecisionModel::from_json(&model.to_string())
        };
        let model = with_calibration(
            r#"{"made": "test", "kinds": {"move_fragment":
                {"cjk_boxes": {"points": [[0.5, 0.1], [0.9, 0.3]], "edits": 40}}}}"#,
        )
        .unwrap();
        let maps = model.calibration.of(EditKind::MoveFragment).unwrap();
        let map = &maps[&Stratum::CjkBoxes];
        assert!((map.observed(0.7) - 0.2).abs() < 1e-12);
        assert!(!maps.contains_key(&Stratum::CjkText));
        assert!(model.calibration.of(EditKind::JoinParagraphs).is_none());
        for bad in [
            r#"{"kinds": {"move": {"cjk_text": {"points": [[0.5, 0.1]], "edits": 1}}}}"#,
            r#"{"kinds": {"move_fragment": {"cjk_text": {"points": [[0.5, 0.3], [0.9, 0.1]], "edits": 40}}}}"#,
            r#"{"kinds": {"move_fragment": {"cjk_text": {"points": [[0.9, 0.1], [0.5, 0.3]], "edits": 40}}}}"#,
            r#"{"kinds": {"move_fragment": {"cjk_text": {"points": [[0.5, 1.5]], "edits": 40}}}}"#,
            r#"{"kinds": {"move_fragment": {"cjk_text": {"points": [], "edits": 0}}}}"#,
            r#"{"kinds": {"move_fragment": {"greek": {"points": [[0.5, 0.1]], "edits": 1}}}}"#,
            r#"{"kinds": {"move_fragment": {"cjk_text": {"points": [[0.5, 0.1]], "edits": 1, "below": 1.5}}}}"#,
        ] {
            let err = with_calibration(bad).unwrap_err().to_string();
            let named = err.contains("calibration of")
                || err.contains("unknown variant `greek`")
                || err.contains("unknown variant `move`");
            assert!(named, "{bad}: {err}");
        }
    }

    #[test]
    fn a_map_of_suggestions_leaves_an_edit_scored_above_it_as_scored() {
        let map = CalibrationMap {
            points: vec![(0.5, 0.7), (0.9, 0.85)],
            edits: 100,
            below: Some(0.95),
        };
        assert!((map.observed(0.7) - 0.775).abs() < 1e-12);
        // Past the last point and below the bound: flat, as any map.
        assert_eq!(map.observed(0.94), 0.85);
        // At the bound and above it: as scored.
        assert_eq!(map.observed(0.95), 0.95);
        assert_eq!(map.observed(0.999), 0.999);
        // The shipped joins are mapped so: their suggestions only.
        let joins = DecisionModel::shipped()
            .calibration
            .of(EditKind::JoinParagraphs)
            .unwrap();
        assert!(joins.values().all(|m| m.below == Some(0.95)), "{joins:?}");
    }
}
