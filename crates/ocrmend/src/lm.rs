//! The language evidence behind every join: lexicons and character statistics.
//!
//! Three sources, compiled into the binary by `build.rs` and read in place
//! by every thread (a run loads nothing):
//! - an English word list with Zipf frequencies (`data/en-wordfreq.tsv`, from
//!   the `wordfreq` package's data, CC BY-SA 4.0): is a joined form a word?
//! - jieba's dictionary and segmentation ([`crate::zh_words`], MIT): does a
//!   Chinese word span a seam?
//! - Chinese character statistics (`data/zh-chars.tsv`, counted from public
//!   domain Government Work Reports): how plausible is a character after
//!   one or two others, and how often does a character open a sentence?
//!
//! [`DocStats`] adds the bigrams of the document being repaired on top of the
//! shipped counts, so a page's own vocabulary (place names, terms) counts too.

use crate::analyze::chars::{is_cjk, LetterClass};
use crate::static_table::{self, Table};
use crate::word_form::WordForm;
use crate::zh_words::ChineseWords;
use rustc_hash::FxHashMap as HashMap;

/// The shared lexicons and statistics: compiled into the binary by
/// `build.rs` and read in place, nothing to load, so it holds no state.
pub struct LanguageModel {
    _shipped_only: (),
}

/// The English word list with Zipf frequencies, as `build.rs` compiles it
/// from `data/en-wordfreq.tsv` (its docs give the layout).
struct EnglishWords {
    table: Table,
    /// Each word and a newline.
    words: &'static [u8],
}

/// The shipped English word list.
const ENGLISH: EnglishWords = EnglishWords {
    table: Table::new(include_bytes!(concat!(env!("OUT_DIR"), "/en-words-table.bin"))),
    words: include_bytes!(concat!(env!("OUT_DIR"), "/en-words.txt")),
};

impl EnglishWords {
    /// The Zipf frequency of `word`, exactly as written.
    fn zipf(&self, word: &str) -> Option<f32> {
        let value = self.table.get(static_table::text_key(word.as_bytes()))?;
        let at = (value >> 32) as usize;
        let end = at + word.len();
        (self.words.get(at..end) == Some(word.as_bytes()) && self.words.get(end) == Some(&b'\n'))
            .then(|| f32::from_bits(value as u32))
    }
}

/// Character unigram, bigram, trigram and sentence-start counts, as
/// `build.rs` compiles them from `data/zh-chars.tsv` (its docs give the
/// layout): looked up in place, nothing to load.
struct CharStats {
    unigram: Table,
    bigram: Table,
    trigram: Table,
    /// Per two-character history: the trigram counts that continue it,
    /// summed (high 32 bits), and how many different characters do (low):
    /// Witten–Bell's weight of the history.
    trigram_history: Table,
    start: Table,
    start_bigram: Table,
    /// Per character, where its successors lie in `successor_list`.
    successors: Table,
    /// Each a character (high 32 bits) and its count after the first (low).
    successor_list: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/zh-chars-totals.rs"));

/// The shipped character statistics.
const CHARS: CharStats = {
    macro_rules! table {
        ($name:literal) => {
            Table::new(include_bytes!(concat!(
                env!("OUT_DIR"),
                "/zh-chars-",
                $name,
                ".bin"
            )))
        };
    }
    CharStats {
        unigram: table!("unigram"),
        bigram: table!("bigram"),
        trigram: table!("trigram"),
        trigram_history: table!("history"),
        start: table!("start"),
        start_bigram: table!("start-bigram"),
        successors: table!("successors"),
        successor_list: include_bytes!(concat!(env!("OUT_DIR"), "/zh-chars-successor-list.bin")),
    }
};

/// A pair of characters as the tables key it.
fn pair(a: char, b: char) -> u64 {
    u64::from(a) << 21 | u64::from(b)
}

/// A count the tables hold, 0 if none.
fn count(table: Table, key: u64) -> u32 {
    table.get(key).map_or(0, |n| n as u32)
}

impl CharStats {
    fn unigram(&self, c: char) -> u32 {
        count(self.unigram, u64::from(c))
    }

    fn bigram(&self, a: char, b: char) -> u32 {
        count(self.bigram, pair(a, b))
    }

    fn trigram(&self, a: char, b: char, c: char) -> u32 {
        count(self.trigram, pair(a, b) << 21 | u64::from(c))
    }

    /// The trigram counts after `ab`, summed, and how many there are.
    fn trigram_history(&self, a: char, b: char) -> Option<(u32, u32)> {
        self.trigram_history
            .get(pair(a, b))
            .map(|h| ((h >> 32) as u32, h as u32))
    }

    fn start(&self, c: char) -> u32 {
        count(self.start, u64::from(c))
    }

    fn start_bigram(&self, a: char, b: char) -> u32 {
        count(self.start_bigram, pair(a, b))
    }

    /// The characters seen after `a`, with their counts, most frequent first.
    fn successors(&self, a: char) -> impl ExactSizeIterator<Item = (char, u32)> + 'static {
        let (start, len) = self
            .successors
            .get(u64::from(a))
            .map_or((0, 0), |s| ((s >> 32) as usize, s as u32 as usize));
        let list = self.successor_list;
        (start..start + len).map(move |i| {
            let entry = static_table::word(list, i);
            let c = char::from_u32((entry >> 32) as u32).expect("build.rs writes characters");
            (c, entry as u32)
        })
    }
}

/// Bigram counts of one document, added to the shipped counts while it is repaired.
#[derive(Debug, Default)]
pub struct DocStats {
    bigram: HashMap<(char, char), u32>,
    unigram: HashMap<char, u32>,
}

impl DocStats {
    /// Counts the bigrams of `runs` (blocks in reading order) inside each run
    /// and across each seam between two, as if the page were one text: so
    /// that joining two blocks leaves the counts as they were, and a second
    /// run on repaired text judges as the first did. A seam's own bigram is
    /// left out when that seam is judged ([`AT_SEAM`]).
    pub fn from_runs<'a>(runs: impl IntoIterator<Item = &'a str>) -> Self {
        let mut stats = DocStats::default();
        let mut last_of_previous: Option<char> = None;
        for run in runs {
            // Only CJK characters: the statistics serve CJK seams alone.
            let mut prev = last_of_previous.filter(|_| run.chars().next().is_some_and(is_cjk));
            for c in run.chars() {
                if !is_cjk(c) {
                    prev = None;
                    continue;
                }
                *stats.unigram.entry(c).or_default() += 1;
                if let Some(p) = prev {
                    *stats.bigram.entry((p, c)).or_default() += 1;
                }
                prev = Some(c);
            }
            last_of_previous = run.chars().next_back().filter(|&c| is_cjk(c));
        }
        stats
    }

    /// How often `a` is followed by `b` in this document.
    pub fn bigram(&self, a: char, b: char) -> u32 {
        self.bigram.get(&(a, b)).copied().unwrap_or(0)
    }
}

/// How many characters of a page [`LanguageModel::known_share`] segments.
pub const KNOWN_SHARE_CJK_CHARS: usize = 3000;

/// Occurrences of a bigram to leave out of the document's counts: `AT_SEAM`
/// when the bigram is the one across the seam being judged (it would be its
/// own evidence), `NOT_AT_SEAM` for any other.
pub const AT_SEAM: u32 = 1;
/// See [`AT_SEAM`].
pub const NOT_AT_SEAM: u32 = 0;

impl LanguageModel {
    /// The lexicons and statistics shipped with the library.
    pub fn shipped() -> &'static LanguageModel {
        static MODEL: LanguageModel = LanguageModel { _shipped_only: () };
        &MODEL
    }

    /// Zipf frequency of an English word (3 = once per million words), case-folded.
    pub fn english_zipf(&self, word: &str) -> Option<f32> {
        if let Some(z) = ENGLISH.zipf(word) {
            return Some(z);
        }
        match WordForm::lowercase(word) {
            // Already asked.
            WordForm::Same(_) => None,
            lower => ENGLISH.zipf(lower.as_str()),
        }
    }

    /// True when `word` (case-folded) or a spelling one edit from it (a
    /// letter dropped, added, changed, or two swapped) is in the English
    /// word list: OCR misreads a letter of a word (`govemment`, `récommend`),
    /// while two pieces that were never one word (`situ` + `violent`) are
    /// further from any.
    pub fn english_word_within_one_edit(&self, word: &str) -> bool {
        let lower: Vec<char> = word.to_lowercase().chars().collect();
        // One buffer for every spelling tried: a word of n letters has
        // about 54n of them.
        let mut form = String::with_capacity(word.len() + 4);
        let mut known = |chars: &mut dyn Iterator<Item = char>| {
            form.clear();
            form.extend(chars);
            ENGLISH.zipf(&form).is_some()
        };
        let n = lower.len();
        let at = |i: usize| lower[i];
        known(&mut lower.iter().copied())
            || (0..n).any(|i| known(&mut (0..n).filter(|&j| j != i).map(at)))
            || (1..n).any(|i| {
                known(&mut (0..n).map(|j| match j {
                    _ if j == i - 1 => at(i),
                    _ if j == i => at(i - 1),
                    _ => at(j),
                }))
            })
            || (0..n).any(|i| ('a'..='z').any(|c| known(&mut (0..n).map(|j| if j == i { c } else { at(j) }))))
            || (0..=n).any(|i| {
                ('a'..='z').any(|c| {
                    known(
                        &mut lower[..i]
                            .iter()
                            .copied()
                            .chain(Some(c))
                            .chain(lower[i..].iter().copied()),
                    )
                })
            })
    }

    /// True when the Chinese dictionary holds `word`.
    pub fn chinese_has_word(&self, word: &str) -> bool {
        ChineseWords::shipped().has_word(word)
    }

    /// The dictionary word that the segmentation of `left + right` puts
    /// across the seam between them, if any (multi-character words only).
    pub fn chinese_word_across(&self, left: &str, right: &str) -> Option<String> {
        // Only a seam with a Chinese character on each side can lie inside one.
        if !(left.chars().next_back().is_some_and(is_cjk) && right.chars().next().is_some_and(is_cjk)) {
            return None;
        }
        ChineseWords::shipped().word_across(left, right)
    }

    /// Smoothed log P(b | a) from shipped and document counts, `own`
    /// occurrences ([`AT_SEAM`] or [`NOT_AT_SEAM`]) left out of the document's.
    pub fn bigram_logp(&self, a: char, b: char, doc: &DocStats, own: u32) -> f64 {
        let count_a = self.unigram_count(a, doc);
        let count_ab = self.bigram_count(a, b, doc, own) as f64;
        let p_b = self.unigram_logp(b, doc).exp();
        let lambda = count_a / (count_a + 5.0);
        let p = if count_a > 0.0 {
            lambda * count_ab / count_a + (1.0 - lambda) * p_b
        } else {
            p_b
        };
        p.ln()
    }

    /// Smoothed log P(c | `history`), the one or two characters before `c`
    /// (only the last two are read): shipped trigram counts backed off to
    /// bigram counts (shipped plus document, `own` occurrences of the bigram
    /// ending in `c` left out of the document's) backed off to
    /// [`Self::unigram_logp`], each level weighed by how many different
    /// characters its history is seen before (Witten–Bell). Sharper than
    /// [`Self::bigram_logp`] wherever two characters of context are known,
    /// which is what guessing a character between two others needs.
    pub fn char_logp(&self, history: &[char], c: char, doc: &DocStats, own: u32) -> f64 {
        let s = &CHARS;
        let Some(&a) = history.last() else {
            return self.unigram_logp(c, doc);
        };
        let p_c = self.unigram_logp(c, doc).exp();
        let count_a = self.unigram_count(a, doc);
        let count_ac = self.bigram_count(a, c, doc, own) as f64;
        let types_a = s.successors(a).len().max(1) as f64;
        let p_bigram = (count_ac + types_a * p_c) / (count_a + types_a);
        let p = match history.len().checked_sub(2).map(|i| history[i]) {
            Some(x) => match s.trigram_history(x, a) {
                Some((total, types)) => {
                    let n = s.trigram(x, a, c) as f64;
                    (n + types as f64 * p_bigram) / (total as f64 + types as f64)
                }
                None => p_bigram,
            },
            None => p_bigram,
        };
        p.ln()
    }

    /// Smoothed log P(b) from shipped and document counts.
    pub fn unigram_logp(&self, b: char, doc: &DocStats) -> f64 {
        ((self.unigram_count(b, doc) + 0.5) / (TOTAL as f64 + 10_000.0)).ln()
    }

    /// Combined count of the character `c` (shipped plus document).
    fn unigram_count(&self, c: char, doc: &DocStats) -> f64 {
        CHARS.unigram(c) as f64 + doc.unigram.get(&c).copied().unwrap_or(0) as f64
    }

    /// Combined count of the bigram `ab` (shipped plus document, `own`
    /// occurrences left out of the document's).
    pub fn bigram_count(&self, a: char, b: char, doc: &DocStats, own: u32) -> u32 {
        CHARS.bigram(a, b) + doc.bigram(a, b).saturating_sub(own)
    }

    /// Log of how much more often text starting with `first` (and `second`)
    /// opens a sentence than the average character does. Positive: looks like
    /// a sentence start; negative: looks like the middle of one.
    pub fn sentence_start_logratio(&self, first: char, second: Option<char>) -> f64 {
        let s = &CHARS;
        let base = (TOTAL_STARTS as f64 + 1.0) / (TOTAL as f64 + 1.0);
        if let Some(second) = second {
            let n = s.bigram(first, second) as f64;
            if n >= 5.0 {
                let k = s.start_bigram(first, second) as f64;
                return (((k + base) / (n + 1.0)) / base).ln();
            }
        }
        let n = s.unigram(first) as f64;
        let k = s.start(first) as f64;
        // Unseen characters: no evidence either way.
        let alpha = 20.0;
        (((k + alpha * base) / (n + alpha)) / base).ln()
    }

    /// How much of `runs` the shipped lexicons know, a measure of how well
    /// the page was read: of its Chinese characters (the first
    /// [`KNOWN_SHARE_CJK_CHARS`], for a bounded cost), the share the
    /// segmentation ([`ChineseWords::segment`]) puts in dictionary words; of
    /// its Latin words (three letters or more), the share the word list holds. What an OCR
    /// engine makes of rough print, and of columns read across, falls out
    /// of words. `None` below 50 characters and words.
    pub fn known_share<'a>(&self, runs: impl IntoIterator<Item = &'a str>) -> Option<f64> {
        let (mut known, mut seen) = (0usize, 0usize);
        let (mut chinese, mut chinese_chars) = (String::new(), 0);
        for run in runs {
            for word in run.split_whitespace() {
                if chinese_chars < KNOWN_SHARE_CJK_CHARS && word.chars().any(is_cjk) {
                    chinese.push_str(word);
                    chinese_chars += word.chars().count();
                }
                let word = word.trim_matches(|c: char| !c.is_letter());
                if word.len() >= 3 && word.chars().all(|c| c.is_ascii_alphabetic()) {
                    seen += 1;
                    known += usize::from(self.english_zipf(word).is_some());
                }
            }
        }
        if !chinese.is_empty() {
            for word in ChineseWords::shipped().segment(&chinese) {
                let word = &chinese[word];
                let n = word.chars().filter(|&c| is_cjk(c)).count();
                seen += n;
                if n >= 2 && n == word.chars().count() {
                    known += n;
                }
            }
        }
        (seen >= 50).then(|| known as f64 / seen as f64)
    }

    /// Characters seen after `a` in the shipped statistics, with their
    /// counts, most frequent first.
    pub fn successors(&self, a: char) -> impl ExactSizeIterator<Item = (char, u32)> {
        CHARS.successors(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_one_edit_from_a_known_one_is_near_the_lexicon() {
        let lm = LanguageModel::shipped();
        for misread in [
            "govemment",
            "récommend",
            "goverment",
            "govrenment",
            "Government",
            "governnment",
        ] {
            assert!(lm.english_word_within_one_edit(misread), "{misread}");
        }
        // Two pieces that were never one word, and two misreads in one.
        for far in ["situviolent", "perprocesses", "govemmemt"] {
            assert!(!lm.english_word_within_one_edit(far), "{far}");
        }
    }

    #[test]
    fn known_share_tells_a_clean_reading_from_a_rough_one() {
        let lm = LanguageModel::shipped();
        let clean = "The committee met on Tuesday and agreed that the new bridge should be built \
                     before the winter, when the river is low and the roads are open to carts. "
            .repeat(3);
        let rough = "Tlie cornmittee rnet ou Tuesdav aud agrced tbat tlie ncw bridgc shonld bc \
                     bnilt bcfore thc wiuter, wlien tbe rivcr is lovv aud thc roads arc opcn. "
            .repeat(3);
        let (clean, rough) = (lm.known_share([clean.as_str()]), lm.known_share([rough.as_str()]));
        assert!(
            clean.unwrap() > 0.95 && rough.unwrap() < 0.6,
            "{clean:?} {rough:?}"
        );
        let zh = "国务院总理在会上指出，要抓紧制定符合我国国情的现代企业制度，推进经济体制改革。".repeat(3);
        let scrambled =
            "理务会总国上指院在出，紧要制抓符定国合情我的代现业企度制，进体推济经制革改。".repeat(3);
        let (zh, scrambled) = (
            lm.known_share([zh.as_str()]),
            lm.known_share([scrambled.as_str()]),
        );
        assert!(zh.unwrap() > scrambled.unwrap() + 0.3, "{zh:?} {scrambled:?}");
        assert_eq!(lm.known_share(["too short to tell"]), None);
    }

    #[test]
    fn english_lexicon_knows_common_words() {
        let lm = LanguageModel::shipped();
        assert!(lm.english_zipf("example").unwrap() > 4.0);
        assert!(lm.english_zipf("Government").is_some());
        assert!(lm.english_zipf("brannew").is_none());
    }

    #[test]
    fn a_chinese_word_is_looked_for_only_between_two_chinese_characters() {
        let lm = LanguageModel::shipped();
        assert_eq!(
            lm.chinese_word_across("联盟越", "南投资").as_deref(),
            Some("越南")
        );
        // The dictionary has `A股`, but a Latin letter is no Chinese seam.
        assert!(ChineseWords::shipped().has_word("A股"));
        assert_eq!(lm.chinese_word_across("A", "股市"), None);
    }

    #[test]
    fn sentence_openers_score_above_word_middles() {
        let lm = LanguageModel::shipped();
        let opener = lm.sentence_start_logratio('为', Some('了'));
        let middle = lm.sentence_start_logratio('化', Some('“'));
        assert!(opener > 0.0 && middle < 0.0, "{opener} {middle}");
    }

    #[test]
    fn two_characters_of_history_sharpen_the_guess() {
        let lm = LanguageModel::shipped();
        let doc = DocStats::default();
        // `务` is followed by many characters; `国务` almost always by `院`.
        assert!(
            lm.char_logp(&['国', '务'], '院', &doc, NOT_AT_SEAM)
                > lm.char_logp(&['务'], '院', &doc, NOT_AT_SEAM)
        );
        // A history never seen backs off to one character, then to none.
        let unseen = lm.char_logp(&['𠀋', '务'], '院', &doc, NOT_AT_SEAM);
        assert_eq!(unseen, lm.char_logp(&['务'], '院', &doc, NOT_AT_SEAM));
        assert!(lm.char_logp(&['𠀋'], '院', &doc, NOT_AT_SEAM).is_finite());
        assert_eq!(
            lm.char_logp(&[], '院', &doc, NOT_AT_SEAM),
            lm.unigram_logp('院', &doc)
        );
    }

    #[test]
    fn plausible_bigrams_score_higher() {
        let lm = LanguageModel::shipped();
        let doc = DocStats::default();
        assert!(
            lm.bigram_logp('充', '电', &doc, NOT_AT_SEAM) > lm.bigram_logp('充', '桩', &doc, NOT_AT_SEAM)
        );
    }
}
