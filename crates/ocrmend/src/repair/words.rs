//! How two Latin-script pieces meet when a line or column break is removed:
//! with a space, by closing up a hyphen (`exam-` + `ple` → `example`), by
//! keeping a real compound's hyphen (`bran-` + `new` → `bran-new`), or by
//! closing up a word OCR split without a hyphen (`exam` + `ple`).

use super::decision_model::{SplitWordContributions, SplitWordTerms};
use super::Repairer;
use crate::analyze::chars::{is_cjk, is_hyphen, LetterClass};
use crate::analyze::word_segments::for_each_word;
use crate::analyze::{ends_with_function_word, starts_with_conjunction};
use crate::features::{Feature, FeatureId};
use crate::lm::LanguageModel;
use crate::model::Document;
use crate::word_form::WordForm;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Word counts of one document, as spelled: the page's own vocabulary.
/// Keys borrow the text, so counting allocates nothing per word.
#[derive(Debug, Default)]
pub struct WordCounts<'a> {
    counts: FxHashMap<&'a str, u32>,
    /// Words joined by a hyphen inside a line (`well-being`), which Unicode's
    /// word boundaries cut in two. Counted on the lines as printed: the
    /// blocks as laid out hold every line-end hyphen left standing so too.
    compounds: FxHashMap<&'a str, u32>,
    /// The share of the document's words (three letters or more, any
    /// alphabet, counted as often as they occur) that the English word list
    /// holds, measured when first asked ([`WordCounts::reads_as_english`]:
    /// only a hyphen that makes no known word asks); `None` below 50 words.
    english_share: OnceLock<Option<f64>>,
}

impl<'a> WordCounts<'a> {
    /// Counts the words of `runs` (blocks as the output lays them out), with
    /// Unicode word boundaries, and the hyphenated compounds `lines` (the
    /// document's lines as printed) hold inside a line. Only Latin-script
    /// words are ever looked up, so a run without a letter outside CJK (most
    /// Chinese lines) is not segmented at all.
    pub fn from_runs(runs: &[&'a str], lines: &[&'a str]) -> Self {
        let (counts, compounds) = rayon::join(
            || {
                count_in_chunks(runs, |run, counts| {
                    if run.chars().any(is_word_letter) {
                        for_each_word(run, |word| *counts.entry(word).or_default() += 1);
                    }
                })
            },
            || count_in_chunks(lines, count_compounds),
        );
        WordCounts {
            counts,
            compounds,
            english_share: OnceLock::new(),
        }
    }

    /// The words of `document`, whose blocks as the output lays them out
    /// are `runs`: its compounds read on its lines as printed.
    pub fn of_document(document: &'a Document, runs: &[&'a str]) -> Self {
        let lines: Vec<&str> = document
            .blocks
            .iter()
            .flat_map(|b| &b.lines)
            .map(|l| document.slice(l.span))
            .collect();
        WordCounts::from_runs(runs, &lines)
    }

    /// True unless the English word list (of `lm`) knows less than
    /// `min_share` of the document's words: on a German or French page its
    /// silence about a word says nothing. Measured once, on first asking:
    /// one lookup per distinct word; too few words to tell read as English.
    fn reads_as_english(&self, lm: &LanguageModel, min_share: f64) -> bool {
        let share = self.english_share.get_or_init(|| {
            let (mut known, mut seen) = (0u64, 0u64);
            for (word, &n) in &self.counts {
                if word.chars().count() >= 3 && word.chars().all(char::is_letter) {
                    seen += u64::from(n);
                    if lm.english_zipf(word).is_some() {
                        known += u64::from(n);
                    }
                }
            }
            (seen >= 50).then(|| known as f64 / seen as f64)
        });
        share.is_none_or(|share| share >= min_share)
    }

    /// Occurrences of exactly `word`, case and all.
    pub fn exact(&self, word: &str) -> u32 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// Occurrences of `word` as written, in lower case and capitalised.
    fn get(&self, word: &str) -> u32 {
        any_case(&self.counts, word)
    }

    /// Occurrences of the compound `word` inside a line, in any case [`Self::get`] counts.
    fn compound(&self, word: &str) -> u32 {
        any_case(&self.compounds, word)
    }
}

/// Occurrences in `counts` of `word` as written, in lower case and capitalised.
fn any_case(counts: &FxHashMap<&str, u32>, word: &str) -> u32 {
    let lower = WordForm::lowercase(word);
    let lower = lower.as_str();
    let capital = WordForm::capitalised(lower);
    let capital = capital.as_str();
    let mut n = counts.get(lower).copied().unwrap_or(0);
    if capital != lower {
        n += counts.get(capital).copied().unwrap_or(0);
    }
    if word != lower && word != capital {
        n += counts.get(word).copied().unwrap_or(0);
    }
    n
}

/// What `count` counts in `texts`, a chunk of them at a time in parallel,
/// the chunks' counts added up (sums: the order they are added in changes
/// nothing).
fn count_in_chunks<'a>(
    texts: &[&'a str],
    count: impl Fn(&'a str, &mut FxHashMap<&'a str, u32>) + Sync,
) -> FxHashMap<&'a str, u32> {
    const TEXTS_PER_CHUNK: usize = 1024;
    texts
        .par_chunks(TEXTS_PER_CHUNK)
        .map(|chunk| {
            let mut counts = FxHashMap::default();
            for text in chunk {
                count(text, &mut counts);
            }
            counts
        })
        .reduce(FxHashMap::default, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            for (word, n) in b {
                *a.entry(word).or_default() += n;
            }
            a
        })
}

/// Counts the compounds `line` prints with a hyphen between two words
/// (`well-being`; `mother-in-law` as `mother-in` and `in-law`); a line
/// without a hyphen is passed over a byte at a time.
fn count_compounds<'a>(line: &'a str, counts: &mut FxHashMap<&'a str, u32>) {
    for (at, _) in line.match_indices('-') {
        let (before, after) = (&line[..at], &line[at + 1..]);
        let tail = before.len() - before.trim_end_matches(is_word_letter).len();
        let head = after.len() - after.trim_start_matches(is_word_letter).len();
        if tail > 0 && head > 0 {
            *counts.entry(&line[at - tail..at + 1 + head]).or_default() += 1;
        }
    }
}

/// How the two sides are put together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Junction {
    /// A single space between words.
    Space,
    /// Nothing between them; a trailing hyphen stays (`bran-new`).
    CloseUp,
    /// The trailing hyphen is removed and the halves closed up.
    Dehyphenate,
    /// A suspended hyphen (`pre- and post-war`): keep it and a space.
    SuspendedHyphen,
}

/// The junction chosen, how sure we are of it, and what it was chosen on.
#[derive(Debug, Clone)]
pub struct JunctionCall<'a> {
    /// The junction.
    pub junction: Junction,
    /// Probability that it is right.
    pub confidence: f64,
    /// The observations, kept as figures: most calls (every line break of
    /// a page, every candidate continuation) are decided and dropped, and
    /// only the ones that become edits are put in words.
    observed: Observed<'a>,
}

/// What a junction was decided on: the two word pieces and what the lexicon
/// and the page say of them.
#[derive(Debug, Clone)]
enum Observed<'a> {
    /// Nothing worth saying: a space, as the input already has.
    Nothing,
    /// `pre-` | `and post-war`.
    SuspendedHyphen { tail: &'a str, head: &'a str },
    /// `Anglo-` | `Saxon`, `1990-` | `91`.
    HyphenBeforeCapitalOrDigit { tail: &'a str, head: &'a str },
    /// A line-end hyphen before a lowercase letter.
    Hyphen {
        tail: &'a str,
        head: &'a str,
        joined_zipf: Option<f32>,
        joined_in_doc: u32,
        /// The hyphenated form's count, when the page prefers it.
        hyphenated_in_doc: Option<u32>,
        /// Kept as a compound: the joined form is no known word.
        compound: bool,
        /// The head's Zipf frequency, when the joined form is no known word
        /// and the head is no word either (a fragment): closed up anyway.
        fragment_head: Option<f32>,
    },
    /// Two pieces without a hyphen that may be one word.
    Split {
        tail: &'a str,
        head: &'a str,
        zipf: [f32; 3],
        in_doc: u32,
        /// What the split model read of them and their weighed sums, by the
        /// feature the report shows; `None` when neither the word list nor
        /// the page knows the word they make, which is never closed up.
        weighed: Option<(SplitWordTerms, SplitWordContributions)>,
    },
}

impl JunctionCall<'_> {
    /// Two pieces closed up with nothing to say: Chinese text, which has no
    /// spaces between words.
    pub fn close_up() -> Self {
        JunctionCall {
            junction: Junction::CloseUp,
            confidence: 1.0,
            observed: Observed::Nothing,
        }
    }

    /// True when the call closes up into a word the lexicon or the page
    /// knows: a dehyphenation decided only because the head is no word
    /// (`gov-` | `emment`) makes no such word, and ties nothing.
    pub fn makes_known_word(&self) -> bool {
        !matches!(
            self.observed,
            Observed::Hyphen {
                fragment_head: Some(_),
                ..
            }
        )
    }

    /// The two pieces a line-end hyphen broke, closed up, when neither the
    /// lexicon nor the page knows the word they make (`situ-` | `violent`):
    /// whether they were ever one word is then a question for the seam.
    pub fn unknown_hyphenated_word(&self) -> Option<String> {
        match self.observed {
            Observed::Hyphen {
                tail,
                head,
                joined_zipf: None,
                joined_in_doc: 0,
                hyphenated_in_doc: None,
                ..
            } => Some(format!("{tail}{head}")),
            _ => None,
        }
    }

    /// The observations behind the call, as a report shows them.
    pub fn evidence(&self) -> Vec<Feature> {
        match self.observed {
            Observed::Nothing => Vec::new(),
            Observed::SuspendedHyphen { tail, head } => {
                vec![Feature::shown(
                    FeatureId::SuspendedHyphen,
                    format!("{tail}- {head}"),
                )]
            }
            Observed::HyphenBeforeCapitalOrDigit { tail, head } => vec![Feature::shown(
                FeatureId::HyphenBeforeCapitalOrDigit,
                format!("{tail}-{head}"),
            )],
            Observed::Hyphen {
                tail,
                head,
                joined_zipf,
                joined_in_doc,
                hyphenated_in_doc,
                compound,
                fragment_head,
            } => {
                let zipf = joined_zipf.map_or_else(|| "unknown".to_string(), |z| format!("{z:.2}"));
                let mut evidence = vec![
                    Feature::shown(FeatureId::JoinedForm, format!("{tail}{head} (zipf {zipf})"))
                        .measured(zipf_value(joined_zipf.unwrap_or(0.0))),
                    Feature::shown(FeatureId::JoinedFormInDocument, joined_in_doc.to_string())
                        .measured(joined_in_doc as f64),
                ];
                if let Some(n) = hyphenated_in_doc {
                    evidence.push(Feature::shown(FeatureId::HyphenatedFormInDocument, n.to_string()));
                }
                if compound {
                    evidence.push(Feature::shown(
                        FeatureId::CompoundHyphen,
                        format!("{tail}-{head} kept: {tail}{head} is no known word"),
                    ));
                }
                if let Some(z) = fragment_head {
                    evidence.push(Feature::shown(
                        FeatureId::Halves,
                        format!("{head} (zipf {z:.2}) is no word: a compound's halves are words"),
                    ));
                }
                evidence
            }
            Observed::Split {
                tail,
                head,
                zipf: [zj, zt, zh],
                in_doc,
                weighed,
            } => {
                let by = weighed.map(|(_, by)| by);
                let weight = |of: fn(&SplitWordContributions) -> f64| by.as_ref().map_or(0.0, of);
                let mut evidence = vec![
                    Feature::new(
                        FeatureId::JoinedForm,
                        format!("{tail}{head} (zipf {zj:.2})"),
                        weight(|by| by.joined_form),
                    )
                    .measured(zipf_value(zj)),
                    Feature::new(
                        FeatureId::Halves,
                        format!("{tail} (zipf {zt:.2}) + {head} (zipf {zh:.2})"),
                        weight(|by| by.halves),
                    ),
                    Feature::new(
                        FeatureId::JoinedFormInDocument,
                        in_doc.to_string(),
                        weight(|by| by.in_document),
                    )
                    .measured(in_doc as f64),
                ];
                if let Some(by) = by {
                    evidence.push(Feature::new(
                        FeatureId::FittedIntercept,
                        "the fitted model's intercept",
                        by.intercept,
                    ));
                }
                evidence
            }
        }
    }

    /// The observations as a seam shows them beside its own features: what
    /// the junction read, weighing nothing in the seam's log-odds (the seam
    /// weighs the junction's outcome, [`FeatureId::WordAcrossSeam`]).
    pub fn observations(&self) -> Vec<Feature> {
        self.evidence()
            .into_iter()
            .filter(|f| f.name != FeatureId::FittedIntercept)
            .map(|f| Feature { weight: 0.0, ..f })
            .collect()
    }

    /// What the split model read of two pieces without a hyphen, when the
    /// call weighed them ([`super::decision_model::SplitWordModel`]), and
    /// its probability that they are one word: a fit's row.
    pub fn split_terms(&self) -> Option<(SplitWordTerms, f64)> {
        match self.observed {
            Observed::Split {
                weighed: Some((terms, by)),
                ..
            } => Some((terms, probability(by.log_odds()))),
            _ => None,
        }
    }
}

/// Marks OCR reads off specks and rules at a line's end or start: never a
/// letter, never a hyphen of the line's own (that is what is looked for).
pub(super) fn is_speck(c: char) -> bool {
    matches!(
        c,
        '.' | '©' | '|' | '~' | '_' | ':' | '’' | '‘' | '”' | '“' | '\'' | '"' | ',' | '*' | '=' | '¢'
    ) || c.is_whitespace()
}

/// Marks OCR reads off specks beside a line-end hyphen or at a line's start
/// (`architec- -`, `infla-.—`, `en- °`, `» sponsibility`): dashes, angle
/// quotes, degree signs and pluses, which never stand next to a word broken
/// at a line's end.
fn is_stray_mark(c: char) -> bool {
    matches!(c, '—' | '–' | '>' | '»' | '«' | '°' | '+') || is_hyphen(c)
}

/// `left` without what OCR read off specks at its end: a word's hyphen
/// followed by specks and stray marks keeps the hyphen (`architec- -` →
/// `architec-`), a colon, equals sign or period right after a word goes
/// with them (`sub: -` → `sub`); else only specks go (`demon:` → `demon`).
fn left_past_strays(left: &str) -> &str {
    let word = left.trim_end_matches(|c: char| is_speck(c) || is_stray_mark(c));
    match left[word.len()..].chars().next() {
        Some(hyphen) if is_hyphen(hyphen) => &left[..word.len() + hyphen.len_utf8()],
        // A mark where the hyphen would be, and a dash after it (`sub: -`):
        // the word, for the mark to be weighed as the hyphen.
        Some(':' | '=' | '.') if word.ends_with(char::is_letter) => word,
        _ => left.trim_end_matches(is_speck),
    }
}

/// `left` up to its line-end hyphen when OCR read a scrap of one or two
/// characters after it (`out- a`, `bene- f`, `char- ;`): a letter or two
/// of noise, or a real word, which only the word across the break tells
/// apart.
fn hyphen_before_scrap(left: &str) -> Option<&str> {
    let (before, scrap) = left.trim_end_matches(is_speck).rsplit_once(char::is_whitespace)?;
    let core = left_past_strays(before);
    let word_broken = core.trim_end_matches(is_hyphen).ends_with(char::is_letter);
    (scrap.chars().count() <= 2 && core.ends_with(is_hyphen) && word_broken).then_some(core)
}

/// A line break with specks around it: the line's end and the next line's
/// start without them.
#[derive(Debug, PartialEq)]
pub struct SpeckedBreak<'a> {
    /// The left line without its trailing specks.
    pub left: &'a str,
    /// The right line without its leading specks.
    pub right: &'a str,
    /// Bytes of specks before `right` in the right line.
    pub right_offset: usize,
    /// `left` ends with a letter, then a mark where the hyphen would be
    /// (`deter:` | `mined`, `disadvan=` | `taged`, `thou.` | `sands`): OCR's
    /// reading of a line-end hyphen, or a mark of the text's own.
    pub hyphen_misread: bool,
    /// The word before the mark is a function word (`all of:` | `the`):
    /// whole as it stands, unless the next line starts with no word
    /// (`in:` | `cessant`).
    pub after_function_word: bool,
    /// `left` ends with a hyphen and a scrap of one or two characters after
    /// it (`out- a`): read past only into a word the lexicon or the page
    /// knows.
    pub scrap_after_hyphen: bool,
}

impl<'a> SpeckedBreak<'a> {
    /// The break between `left` and `right` read past its specks, when it
    /// has some and a word goes on across it (a lowercase letter after them).
    pub fn find(left: &'a str, right: &'a str) -> Option<Self> {
        let stray_core = left_past_strays(left);
        let scrap_core = (!stray_core.ends_with(is_hyphen))
            .then(|| hyphen_before_scrap(left))
            .flatten();
        let left_core = scrap_core.unwrap_or(stray_core);
        let right_core = right.trim_start_matches(|c: char| is_speck(c) || is_stray_mark(c));
        let specked = left_core.len() != left.trim_end().len() || right_core.len() != right.len();
        let word_before = left_core
            .trim_end_matches(is_hyphen)
            .chars()
            .next_back()
            .is_some_and(char::is_letter);
        // A period, far more often a sentence's end, not after a word of
        // one or two letters (`I.` | `am`, `we.` | `are`).
        let mark = left[left_core.len()..].chars().next();
        let tail_letters = left_core.chars().rev().take_while(|c| c.is_letter()).count();
        let hyphen_misread = left_core.ends_with(char::is_letter)
            && match mark {
                Some(':' | '=') => true,
                Some('.') => tail_letters >= 3,
                _ => false,
            };
        (specked && word_before && right_core.starts_with(char::is_lowercase)).then(|| SpeckedBreak {
            left: left_core,
            right: right_core,
            right_offset: right.len() - right_core.len(),
            hyphen_misread,
            after_function_word: ends_with_function_word(left_core),
            scrap_after_hyphen: scrap_core.is_some(),
        })
    }
}

/// Decides how `left` (ending a line or block) meets `right` (starting the next).
pub fn junction<'a>(rp: Repairer, words: &WordCounts, left: &'a str, right: &'a str) -> JunctionCall<'a> {
    let left = left.trim_end();
    let tail = last_word(left);
    let head = first_word(right);
    let ends_hyphen = left.chars().next_back().is_some_and(is_hyphen) && !tail.is_empty();
    if ends_hyphen {
        return hyphen_junction(rp, words, tail, head);
    }
    split_word_junction(rp, words, tail, head)
}

/// The junction of `left`, whose line-end hyphen OCR read as a mark (cut
/// off already: `deter:` → `deter`), and `right`: read as [`junction`]
/// reads `deter-` | `mined`.
pub fn junction_as_hyphenated<'a>(
    rp: Repairer,
    words: &WordCounts,
    left: &'a str,
    right: &'a str,
) -> JunctionCall<'a> {
    let (tail, head) = (last_word(left), first_word(right));
    if tail.is_empty() {
        return split_word_junction(rp, words, tail, head);
    }
    hyphen_junction(rp, words, tail, head)
}

fn hyphen_junction<'a>(rp: Repairer, words: &WordCounts, tail: &'a str, head: &'a str) -> JunctionCall<'a> {
    let m = &rp.model().line_breaks;
    if starts_with_conjunction(head) {
        return JunctionCall {
            junction: Junction::SuspendedHyphen,
            confidence: m.suspended_hyphen,
            observed: Observed::SuspendedHyphen { tail, head },
        };
    }
    // A word broken in a headline or heading set in capitals (`IN-` |
    // `COME`) is looked up as any other.
    let in_capitals =
        |w: &str| w.chars().filter(|c| c.is_letter()).count() >= 2 && w.chars().all(char::is_uppercase);
    let shouted = in_capitals(tail) && in_capitals(head);
    if head.is_empty() || !(shouted || head.chars().next().is_some_and(char::is_lowercase)) {
        // `Anglo-` + `Saxon`, `1990-` + `91`: a real hyphen.
        return JunctionCall {
            junction: Junction::CloseUp,
            confidence: m.hyphen_before_capital_or_digit,
            observed: Observed::HyphenBeforeCapitalOrDigit { tail, head },
        };
    }
    let joined = WordForm::joined(&[tail, head]);
    let joined_zipf = rp.lm().english_zipf(joined.as_str());
    let joined_in_doc = words.get(joined.as_str());
    let hyphenated_in_doc = words.compound(WordForm::joined(&[tail, "-", head]).as_str());
    let observed = |hyphenated_in_doc, compound, fragment_head| Observed::Hyphen {
        tail,
        head,
        joined_zipf,
        joined_in_doc,
        hyphenated_in_doc,
        compound,
        fragment_head,
    };
    if hyphenated_in_doc > joined_in_doc {
        return JunctionCall {
            junction: Junction::CloseUp,
            confidence: m.hyphenated_form_in_document,
            observed: observed(Some(hyphenated_in_doc), false, None),
        };
    }
    let steps = &m.dehyphenate;
    let confidence = match (joined_zipf, joined_in_doc) {
        (Some(z), _) if z >= steps.common_zipf => steps.common,
        (_, n) if n >= 1 => steps.in_document,
        (Some(z), _) if z >= steps.known_zipf => steps.known,
        _ => 0.0,
    };
    if confidence > 0.0 {
        return JunctionCall {
            junction: Junction::Dehyphenate,
            confidence,
            observed: observed(None, false, None),
        };
    }
    // No known word either way. A compound joins two words (`time-tested`);
    // a head that is no word (`gov-` | `emment`, OCR's misreading of a soft
    // break) was cut from one — on a page the English word list can read.
    match fragment_zipf(rp, head) {
        Some(head_zipf) if words.reads_as_english(rp.lm(), steps.english_share) => JunctionCall {
            junction: Junction::Dehyphenate,
            confidence: steps.fragment_head,
            observed: observed(None, false, Some(head_zipf)),
        },
        _ => JunctionCall {
            junction: Junction::CloseUp,
            confidence: m.compound_hyphen,
            observed: observed(None, true, None),
        },
    }
}

/// The Zipf frequency of `word` (0 when the word list lacks it) when it is
/// below `line_breaks.fragment_zipf`: a piece of a word rather than one.
pub fn fragment_zipf(rp: Repairer, word: &str) -> Option<f32> {
    let zipf = rp.lm().english_zipf(word).unwrap_or(0.0);
    (zipf < rp.model().line_breaks.fragment_zipf).then_some(zipf)
}

fn split_word_junction<'a>(
    rp: Repairer,
    words: &WordCounts,
    tail: &'a str,
    head: &'a str,
) -> JunctionCall<'a> {
    let m = &rp.model().line_breaks;
    // A space is what the input already has between lines: no risk in it.
    let space = |observed| JunctionCall {
        junction: Junction::Space,
        confidence: 1.0,
        observed,
    };
    let starts_lower = head.chars().next().is_some_and(char::is_lowercase);
    if tail.is_empty() || !starts_lower || tail.chars().count() + head.chars().count() < m.min_split_join {
        return space(Observed::Nothing);
    }
    let joined = WordForm::joined(&[tail, head]);
    let zipf = |w: &str| rp.lm().english_zipf(w).unwrap_or(0.0);
    let (zj, zt, zh) = (zipf(joined.as_str()), zipf(tail), zipf(head));
    let in_doc = words.get(joined.as_str());
    // A word neither the word list nor the page knows is never made.
    if zj == 0.0 && in_doc == 0 {
        return space(Observed::Split {
            tail,
            head,
            zipf: [zj, zt, zh],
            in_doc,
            weighed: None,
        });
    }
    let flag = |yes: bool| if yes { 1.0 } else { 0.0 };
    let short = |piece: &str| flag(piece.chars().count() <= 2);
    let terms = SplitWordTerms {
        intercept: 1.0,
        joined_zipf: zipf_value(zj),
        joined_in_document: flag(in_doc >= 1),
        tail_zipf: zipf_value(zt),
        head_zipf: zipf_value(zh),
        tail_fragment: flag(zt < m.fragment_zipf),
        head_fragment: flag(zh < m.fragment_zipf),
        short_tail: short(tail),
        short_head: short(head),
        capital_tail: flag(tail.starts_with(char::is_uppercase)),
    };
    let model = &m.split_word;
    let by = model.weights.contributions(&terms);
    let confidence = probability(by.log_odds());
    let observed = Observed::Split {
        tail,
        head,
        zipf: [zj, zt, zh],
        in_doc,
        weighed: Some((terms, by)),
    };
    if confidence >= model.min_close_up {
        JunctionCall {
            junction: Junction::CloseUp,
            confidence,
            observed,
        }
    } else {
        space(observed)
    }
}

/// The probability of `log_odds`.
pub(super) fn probability(log_odds: f64) -> f64 {
    1.0 / (1.0 + (-log_odds).exp())
}

/// The letters of the last word of `text`, without a trailing hyphen.
pub fn last_word(text: &str) -> &str {
    let t = text.trim_end().trim_end_matches(is_hyphen);
    let start = t
        .char_indices()
        .rev()
        .find(|(_, c)| !is_word_letter(*c) && *c != '\'')
        .map_or(0, |(i, c)| i + c.len_utf8());
    &t[start..]
}

/// A letter of a space-separated word: alphabetic, and not CJK (`充exam` is
/// two words, not one). [`LetterClass`] answers ASCII and CJK by their
/// ranges, without Unicode's table.
fn is_word_letter(c: char) -> bool {
    c.is_letter() && !is_cjk(c)
}

/// The letters of the first word of `text`.
pub fn first_word(text: &str) -> &str {
    let t = text.trim_start();
    let end = t
        .char_indices()
        .find(|(_, c)| !is_word_letter(*c))
        .map_or(t.len(), |(i, _)| i);
    &t[..end]
}

/// A Zipf frequency (kept as `f32`, to two decimals) as the `f64` it
/// stands for: `4.79`, not `4.789999961853027`.
fn zipf_value(zipf: f32) -> f64 {
    zipf.to_string().parse().unwrap_or(f64::from(zipf))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The junction of `left` and `right` on a page that says nothing.
    fn called<'a>(left: &'a str, right: &'a str) -> JunctionCall<'a> {
        junction(Repairer::shipped(), &WordCounts::default(), left, right)
    }

    fn call(left: &str, right: &str) -> (Junction, f64) {
        let c = called(left, right);
        (c.junction, c.confidence)
    }

    #[test]
    fn specks_around_a_line_break_are_read_past() {
        let b = SpeckedBreak::find("three per-. ©", "=. cent of it").unwrap();
        assert_eq!(
            (b.left, b.right, b.right_offset, b.hyphen_misread),
            ("three per-", "cent of it", 3, false)
        );
        let b = SpeckedBreak::find("to demon:", "strate it").unwrap();
        assert_eq!((b.left, b.hyphen_misread), ("to demon", true));
        // Real OCR (the English train pages): a dash after the mark.
        let b = SpeckedBreak::find("that I sub: -", "mitted to").unwrap();
        assert_eq!((b.left, b.hyphen_misread), ("that I sub", true));
        // A period too, but not after a word of one or two letters.
        let b = SpeckedBreak::find("to these thou.", "sands of homeless").unwrap();
        assert_eq!((b.left, b.hyphen_misread), ("to these thou", true));
        assert!(
            !SpeckedBreak::find("differently. I.", "see it")
                .unwrap()
                .hyphen_misread
        );
        assert!(
            !SpeckedBreak::find("to demon :", "strate it")
                .unwrap()
                .hyphen_misread
        );
        // Real OCR (the English dev pages): `all of:` | `the` is no `ofthe`:
        // after a function word, the break tells (`in:` | `cessant`).
        let b = SpeckedBreak::find("to all of:", "the people").unwrap();
        assert!(b.hyphen_misread && b.after_function_word);
        assert_eq!(SpeckedBreak::find("it works bet", "- ter").unwrap().right, "ter");
        // Real OCR (the English dev pages): stray marks after the hyphen,
        // an angle quote before the word goes on.
        for (left, core) in [
            ("the architec- -", "the architec-"),
            ("of infla-.—", "of infla-"),
            ("en- > -.", "en-"),
            // The English train pages: a degree sign and a plus.
            ("the en- °", "the en-"),
            ("with- °-", "with-"),
            ("consumer pro- +:", "consumer pro-"),
        ] {
            assert_eq!(SpeckedBreak::find(left, "ture of").unwrap().left, core);
        }
        // A scrap of one or two characters after the hyphen, flagged: it
        // goes only for a word the lexicon or the page knows.
        for (left, core) in [
            ("reform our out- a", "reform our out-"),
            ("expands bene- f", "expands bene-"),
            ("of 3000 char- ;", "of 3000 char-"),
            ("and direct-_ is", "and direct-"),
        ] {
            let b = SpeckedBreak::find(left, "ture of").unwrap();
            assert_eq!((b.left, b.scrap_after_hyphen), (core, true));
        }
        assert!(
            !SpeckedBreak::find("the en- °", "vironment")
                .unwrap()
                .scrap_after_hyphen
        );
        let b = SpeckedBreak::find("mutual re-", "» sponsibility").unwrap();
        assert_eq!((b.right, b.right_offset), ("sponsibility", 3));
        // A dash without a hyphen before it is no broken word's: only specks go.
        assert_eq!(SpeckedBreak::find("the war —", "and"), None);
        assert_eq!(SpeckedBreak::find("some—", "times"), None);
        // Nothing to read past, or no word going on after it.
        assert_eq!(SpeckedBreak::find("a good exam-", "ple"), None);
        assert_eq!(SpeckedBreak::find("the end.", "Then we"), None);
        assert_eq!(SpeckedBreak::find("1990. ©", "and so"), None);
    }

    #[test]
    fn a_compound_printed_inside_a_line_keeps_its_hyphen_at_a_lines_end() {
        let lines = [
            "peace and well-being, like",
            "our Well-being and mother-in-law",
            "and well-",
        ];
        let words = WordCounts::from_runs(&["peace and well-being, like our", "being"], &lines);
        assert_eq!(words.compound("well-being"), 2);
        assert_eq!((words.compound("mother-in"), words.compound("in-law")), (1, 1));
        // The laid-out blocks' `well-being` (a line-end hyphen) is no compound,
        // nor a hyphen at a line's end.
        assert_eq!(
            WordCounts::from_runs(&["peace and well-being"], &["peace and well-"]).compound("well-being"),
            0
        );
        // `wellbeing` is a word, but this page prints it with its hyphen.
        assert_eq!(called("and well-", "being").junction, Junction::Dehyphenate);
        let spelled = junction(Repairer::shipped(), &words, "and well-", "being");
        assert_eq!(spelled.junction, Junction::CloseUp);
    }

    #[test]
    fn hyphens() {
        assert_eq!(call("a good exam-", "ple of it").0, Junction::Dehyphenate);
        assert_eq!(call("a bran-", "new coat").0, Junction::CloseUp);
        assert_eq!(call("pre-", "and post-war").0, Junction::SuspendedHyphen);
        assert_eq!(call("the Anglo-", "Saxon").0, Junction::CloseUp);
    }

    #[test]
    fn a_word_broken_in_capitals_is_looked_up() {
        // Real OCR (the English train pages): headings set in capitals.
        assert_eq!(call("SECURITY AND IN-", "COME").0, Junction::Dehyphenate);
        assert_eq!(call("DISTRICT OF COLUM-", "BIA").0, Junction::Dehyphenate);
        // Capitals that make no word keep their hyphen, as a capital after a
        // lowercase tail does.
        assert_eq!(call("THE ANGLO-", "SAXON").0, Junction::CloseUp);
        assert_eq!(call("a time-", "Tested").0, Junction::CloseUp);
    }

    #[test]
    fn a_head_that_is_no_word_was_cut_from_one() {
        // OCR misread the soft break's second half: no word either way, but
        // a compound's halves are words (`time-` | `tested`).
        let gov = called("the gov-", "emment of");
        let steps = &Repairer::shipped().model().line_breaks.dehyphenate;
        assert_eq!(
            (gov.junction, gov.confidence),
            (Junction::Dehyphenate, steps.fragment_head)
        );
        assert!(!gov.makes_known_word());
        assert!(
            gov.evidence().iter().any(|f| f.name == FeatureId::Halves),
            "{:?}",
            gov.evidence()
        );
        assert_eq!(call("a time-", "tested way").0, Junction::CloseUp);
        assert_eq!(call("a sky-", "blue coat").0, Junction::CloseUp);
        // A known word dehyphenated is one.
        let example = called("a good exam-", "ple");
        assert!(example.makes_known_word());
        // On a page the English word list cannot read, its silence about
        // the head says nothing: the hyphen stays.
        let german = "Die Regierung hat die Befugnisse der Behörden nach dem Kriege wieder \
                      eingeschränkt und die Gesetze über den Handel mit dem Auslande geändert. "
            .repeat(4);
        let rp = Repairer::shipped();
        let words = WordCounts::from_runs(&[german.as_str()], &[]);
        assert!(!words.reads_as_english(rp.lm(), rp.model().line_breaks.dehyphenate.english_share));
        assert_eq!(
            junction(rp, &words, "Kriegsgefahr bei-", "gelegten").junction,
            Junction::CloseUp
        );
        let english = "The government has restored the powers of the offices after the war \
                       and changed the laws on trade with other countries. "
            .repeat(4);
        let words = WordCounts::from_runs(&[english.as_str()], &[]);
        assert_eq!(
            junction(rp, &words, "the gov-", "emment").junction,
            Junction::Dehyphenate
        );
    }

    #[test]
    fn split_words_need_strong_evidence() {
        assert_eq!(call("the govern", "ment of").0, Junction::CloseUp);
        assert_eq!(call("the people", "are free").0, Junction::Space);
        // Both halves are common words: never closed up with confidence.
        let (j, c) = call("and some", "thing else");
        assert!(j == Junction::Space || c < 0.9, "{j:?} {c}");
        // A half that is no word at all gives the whole away.
        assert_eq!(call("in the", "refore").0, Junction::CloseUp);
    }

    #[test]
    fn a_split_word_is_weighed_by_the_fitted_model_and_its_evidence_sums_to_its_log_odds() {
        let c = called("the govern", "ment of");
        let log_odds: f64 = c.evidence().iter().map(|f| f.weight).sum();
        assert!((1.0 / (1.0 + (-log_odds).exp()) - c.confidence).abs() < 1e-12);
        let (terms, p) = c.split_terms().unwrap();
        assert_eq!(
            (terms.head_fragment, terms.short_tail, p),
            (0.0, 0.0, c.confidence)
        );
        assert_eq!(c.evidence().last().unwrap().name, FeatureId::FittedIntercept);
        // A seam shows what the junction read, weighing none of it.
        let shown = c.observations();
        assert!(shown
            .iter()
            .all(|f| f.weight == 0.0 && f.name != FeatureId::FittedIntercept));
        assert_eq!(shown.len(), 3);
    }

    #[test]
    fn pieces_that_make_no_known_word_are_never_closed_up() {
        // Real OCR (the English train pages): `the Gon` | `gress` for `Congress`.
        let c = called("the Gon", "gress can do");
        assert_eq!((c.junction, c.split_terms()), (Junction::Space, None));
        assert!(c.evidence().iter().all(|f| f.weight == 0.0));
        // Unless the page itself spells the word they make.
        let line = "the Gongress met and the Gongress rose";
        let words = WordCounts::from_runs(&[line], &[line]);
        let c = junction(Repairer::shipped(), &words, "the Gon", "gress can do");
        assert!(c.split_terms().is_some());
    }

    #[test]
    fn words_stop_at_cjk() {
        // Regression: `充the。充` + `exam` read as the word `充exam` on a second run.
        assert_eq!(last_word("充the。充exam"), "exam");
        assert_eq!(first_word("ple。充"), "ple");
        assert_eq!(first_word("ple充"), "ple");
    }

    #[test]
    fn the_page_itself_is_evidence() {
        let line = "a bran-new coat and another bran-new hat";
        let words = WordCounts::from_runs(&[line], &[line]);
        let c = junction(Repairer::shipped(), &words, "a bran-", "new coat");
        assert_eq!(c.junction, Junction::CloseUp);
        // Kept for the page's own spelling, not only for `brannew` being no word.
        let said = c
            .evidence()
            .iter()
            .find(|f| f.name == FeatureId::HyphenatedFormInDocument)
            .map(|f| f.value.clone());
        assert_eq!(said.as_deref(), Some("2"));
    }
}
