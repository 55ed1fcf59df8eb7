//! The evidence ocrmend decides on: every feature a decision reads, as a
//! typed id, each documented the way a linter documents a rule — what it
//! measures, why it argues for or against the edit, an example, and how its
//! weight was set. The weights themselves are data
//! (`data/decision-model.json`, read into [`crate::repair::DecisionModel`]);
//! this catalogue says what they mean. A [`Feature`] is one observation of
//! one id on one seam, line break or block, with its contribution.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

macro_rules! feature_ids {
    ($($(#[$doc:meta])* $id:ident => $name:literal,)*) => {
        /// What a feature measures. The report, the suggestions and the
        /// training rows name it by [`FeatureId::as_str`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum FeatureId {
            $($(#[$doc])* $id,)*
        }

        impl FeatureId {
            /// Every id, in catalogue order.
            pub const ALL: &'static [FeatureId] = &[$(FeatureId::$id),*];

            /// The name reports, suggestions and training rows use.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FeatureId::$id => $name,)*
                }
            }
        }
    };
}

feature_ids! {
    // --- seams: join two blocks or keep them apart --------------------------
    /// **Log-odds before any evidence.** Most body-to-body seams in OCR are
    /// real paragraph breaks, so a join must be argued for. Example: every
    /// seam shows `prior  body | body  -1.0`. Set by hand on the annotated
    /// sample page (`seam.prior`).
    Prior => "prior",
    /// **A non-body role on either side, or a block removed as a copy.** A
    /// headline, byline, caption or furniture is never glued to body text
    /// (`高启恩 摄` | `本报讯…`); the weight is a veto no evidence outweighs,
    /// finite so that JSON can hold it (`seam.role_veto`).
    Roles => "roles",
    /// **A Chinese caption's text and its credit, read as two blocks**
    /// (`新建成的学校教学楼` | `吴刚 摄`): a short block with no sentence in
    /// it, next in reading order before a credit that is a name and 摄 and
    /// nothing else, is the caption's text ([`crate::analyze::RoleCall::is_caption_above_credit`]),
    /// and the two are one caption, joined with a space. No other evidence
    /// is weighed: the role veto stands for every other seam of a caption.
    /// On the Chinese real-OCR train and dev pages such pairs were one
    /// caption 19 times of 19 in hOCR, 20 of 20 in ALTO and 17 of 17 in
    /// plain text, clean and rough print alike; +5 over the prior makes them
    /// 0.98 (`seam.caption_and_credit`). In Latin script, with boxes, a
    /// caption's last line with its credit (`the river. (Photo: George
    /// Ward)`, going on in lower case, or a bare `Clara Benton)`) printed
    /// right below its first lines, and not inside a paragraph that the join
    /// across a caption mends: the seam is weighed as running text's, with
    /// the same weight besides. On the English real-OCR train and dev pages
    /// in hOCR, a body or caption block with a credit-ending caption right
    /// below it was one caption with it 35 times of 36.
    CaptionAndCredit => "caption_and_credit",
    /// **A lone word on either side of a Latin seam in plain text**: a
    /// block of one word that ends neither a sentence nor with a hyphen
    /// (`hould`, `wide`, `Seas,`), unless the block before it ends with a
    /// hyphen (`bridge-` | `head`). Tesseract makes such blocks of a word cut
    /// from its line and of noise alike, and plain text has no boxes to tell
    /// them apart: on the English real-OCR pages (text) joins with one on a
    /// side were right 27 times of 48 on train and 14 of 25 on dev (with
    /// boxes 21 of 24 and 14 of 14: hOCR and ALTO weigh them as before).
    /// A veto, the role veto's weight (`seam.role_veto`): a penalty would let
    /// strong evidence join one side, and a second run would then see no
    /// lone word and join the other.
    LoneWord => "lone_word",
    /// **A block called a headline only for being short and unpunctuated**,
    /// on either side of a Chinese seam (per side, `seam.short_block`).
    /// Tesseract cuts a narrow Chinese column into one-line blocks, each
    /// short and unpunctuated: 1,749 of the 2,581 right joins missed on the
    /// Chinese real-OCR training pages (text) have one on a side. Set by
    /// hand to the role veto's −100, kept apart from it so that a fit can
    /// weigh it against the seam's other evidence (the fit of
    /// scripts/fit-seams.sh takes it to −1.7 a side on clean print, −0.4 on
    /// rough). With line boxes (hOCR, ALTO), such a block in the type of
    /// its column's running lines, with them right above and below, is body
    /// before any seam is weighed ([`crate::analyze::analyze_page`]). A
    /// block whose lines run from edge to edge of its column (one or two
    /// lines by their boxes; in plain text, counted in cells,
    /// `analyze::cells`) is set in the body's type: with a word or a bigram
    /// of weight `seam.short_block_tie` (0.25) or more across the seam it
    /// is not vetoed (shown with weight 0). On the real-OCR Chinese pages
    /// in plain text, such seams (any positive bigram) that the rest of
    /// their evidence joins were right 72 times of 72 on train and 37 of 37
    /// on dev; without the lexical tie 134 of 146 and 45 of 48 (one-line
    /// headlines and captions as wide as a column). The tie 0.25 was chosen
    /// on dev against 0: at 0 a caption whose credit OCR misread (bigram
    /// 0.1) was glued to body on the dev pages in hOCR and in ALTO. In
    /// plain text the tie is not asked (2026-12-07): such a block is not
    /// vetoed unless it is the left one and the right block opens with its
    /// first four characters (a headline made of its article's first
    /// words). Against the tie, on those pages: train 125 right joins more
    /// and 6 wrong (heading joins 19 → 20; without the echo test 126 and 9,
    /// heading joins 23), dev 47 and 2, held-out test 35 and 2. With boxes
    /// the same waiver took 86 right and 13 wrong (hOCR train) and 75 and
    /// 16 (ALTO), heading joins 5 → 12 and 8 → 16: boxes keep the tie.
    ShortBlock => "short_block",
    /// **A side is a column's last line, body for its place only**
    /// ([`crate::analyze::COLUMN_FOOT_PIECE`]): a short Chinese block with
    /// running text right above it and none below, which the shape rules
    /// would call a headline. Such blocks are body 500 times of 500 on the
    /// Chinese real-OCR train pages (hOCR and ALTO) and 199 of 200 on dev,
    /// but a seam beside one with little evidence besides (the left's open
    /// end alone) is a join less often than a seam of running text: at
    /// weight 0 the joins they add are right 171 times of 180 on train and
    /// 93 of 94 on dev; at −1 (`seam.column_foot_piece`) 126 of 126 and 63
    /// of 64. The seams between the two are right 75 times of 84 (train
    /// and dev), short of the 99 of 100 a safe join must be: they wait for
    /// review.
    ColumnFootPiece => "column_foot_piece",
    /// **How the left block ends**: a sentence end argues for a break
    /// (`…取得成效。`, −7), a comma, a hyphen or no punctuation for a join
    /// (`…新建充电站19座、充`, +4); a colon or semicolon may close a
    /// paragraph a list follows (+1); a mark after a function word
    /// (`…in the face of.`) is a speck (+2). Set on the annotated page and
    /// 200 simulated pages a language (`seam.left_ending`). So is, on real
    /// OCR, a period standing apart (`…the necessary supply .`) or after a
    /// line-end hyphen (`…eliminate this un-.`): +2 as the first; the joins
    /// they add on the English dev pages were right 96 of 98 times (on the
    /// train pages, before a lowercase start: 66 of 68 and 65 of 68).
    LeftEnding => "left_ending",
    /// **How the right block starts**: a lowercase letter or clause
    /// punctuation continues a sentence (`桩113根,…`, `and the…`); a capital
    /// opens one unless the page writes the word capitalised elsewhere (a
    /// name, −0.5) — lowercase elsewhere (−3) or a very common word
    /// (−2.5) says a sentence opens. Set by hand, checked on simulated
    /// pages (`seam.right_start`).
    RightStart => "right_start",
    /// **The left block ends on an article or a preposition** (`the` |
    /// `Choctaw Nation`). Weak, because a truncated paragraph ends on one as
    /// often: on 200 simulated English pages weight 1.0 gave seam P 0.969 /
    /// R 0.952, weight 2.5 gave 0.956 / 0.966 (`seam.left_ends_with_function_word`).
    LeftEndsWithFunctionWord => "left_ends_with_function_word",
    /// **A word runs across the seam**: `斗` | `争和…` (斗争),
    /// `insol-` | `vency`. Headlines are whole phrases; a cut inside a word
    /// is running text. Also what links a displaced fragment to its paragraph
    /// (`seam.word_across_seam`, per script); a Latin word split without a
    /// hyphen counts only between blocks next in reading order (a piece
    /// such as `ing` closes up many words).
    WordAcrossSeam => "word_across_seam",
    /// **A line-end hyphen at a Latin seam joins into no word**: neither
    /// the closed-up form nor any spelling one letter from it is in the
    /// word list, and the page does not print it (`situ-` | `violent
    /// methods`, `Per-` | `increasing`: the piece that finished the word is
    /// elsewhere or lost). A word OCR misread by a letter (`gov-` |
    /// `emment`) is not one. On the English real-OCR training pages (text)
    /// such seams were one paragraph 63 times of 90, on dev 25 of 35, and
    /// were joined at 0.99 and more; −5.5 brings their median score (6.5)
    /// to the log-odds of that share (`seam.hyphen_joins_no_word`).
    HyphenJoinsNoWord => "hyphen_joins_no_word",
    /// **How much likelier the two characters across a CJK seam are together
    /// than apart** (log-lift of the bigram over the unigram, corpus plus the
    /// page's own counts). Only the positive side counts: most bigrams are
    /// unseen in any corpus. From a lift of 2 it links the sides on its own
    /// (`seam.bigram`: scale 0.5, capped at 1.5).
    BigramAcrossSeam => "bigram_across_seam",
    /// **How much the right block opens like a sentence** (log-ratio of the
    /// first characters opening sentences in the corpus). A start rarely seen
    /// opening (`监测`) argues for a join; only a clear opener (`为了`, `此外`:
    /// above 0.5) against, since common words open and continue sentences
    /// alike. On 200 simulated Chinese pages moving the cut from 0 to 0.5
    /// raised seam recall 0.857 → 0.893 at precision 0.943 (`seam.opener`).
    RightOpensSentence => "right_opens_sentence",
    /// **The right block starts with the left's last line**: OCR read the
    /// line at a column's foot again at the next column's head (+3,
    /// `seam.line_repeated_across_seam`).
    LineRepeatedAcrossSeam => "line_repeated_across_seam",
    /// **A quote or bracket left open** by the paragraph the left block ends:
    /// the paragraph goes on (+1, `seam.open_quote_or_bracket`).
    OpenQuoteOrBracket => "open_quote_or_bracket",
    /// **Where the boxes put the right block**: at the head of the next
    /// column (+0.75; against 1.5 on 200 simulated ALTO pages a language:
    /// zh wrong joins 2.9 → 1.3 per 1,000 seams, recall 0.957 → 0.938), just
    /// below (0), or elsewhere (−6; against −2.5: en wrong joins 6.2 → 0 per
    /// 1,000 at equal recall) (`seam.placement`). Further down the column
    /// than four body lines (`geometry.below_within`) is as elsewhere for
    /// two blocks next in reading order (`far_below`, −6: on the real-OCR
    /// training pages in hOCR such joins were right 31 times of 69, within
    /// four lines 99 %), as just below for a displaced continuation. The
    /// next column's head while the left block's column goes on further
    /// down, past a photo or a headline (`next_column_above`), is weighed
    /// per script: Chinese −2.25 (such joins applied were right 107 times
    /// of 131 on the real-OCR training pages in hOCR, 28 of 32 on dev;
    /// chosen on dev against 0.75, −1.25 and −3.25), English +0.75 as the
    /// next column (130 of 139, 33 of 35).
    Placement => "placement",
    /// **How the right block's first line starts** against its column's
    /// left edge (line boxes: hOCR, ALTO; in plain Chinese text, its count
    /// of cells against the column's width, `geometry.cells`): indented
    /// (−3), a paragraph starts; flush (0: said, not weighed). Tesseract
    /// splits a column's paragraphs wherever it likes, but a paragraph's
    /// first line is indented. On the real-OCR training pages in hOCR, clean print:
    /// indented 14 joins to 737 keeps in Chinese, 0 to 716 in English;
    /// flush 1,924 to 100 and 976 to 28, far less clear-cut in rough print.
    /// Chosen on the dev pages and the simulated sets, of eight settings
    /// the one with fewest wrong joins: a weight for flush (+0.25 or more)
    /// bought recall on the dev pages but made the simulated ALTO pages
    /// worse (`seam.line_edges`).
    RightFirstLine => "right_first_line",
    /// **Lines that run on from one block into the next**: the left
    /// block's last line runs to its column's edge and the right block,
    /// printed right below it, starts flush, on a page whose paragraphs
    /// show where they start or end (some first line indented or last line
    /// short; a page that never does says nothing by its edges). Tesseract
    /// splits a column's paragraphs wherever it likes, often at a sentence
    /// end; printed, the paragraph went on. On the real-OCR training pages,
    /// English, after a sentence end: 275 joins to 4 keeps in hOCR, 273 to
    /// 7 in ALTO; Chinese 174 to 21 (`seam.line_edges.run_on`). Plain
    /// Chinese text, whose edges are counted in cells and whose next block
    /// is only next in reading order (`in_text`): +13, as Latin script's,
    /// on clean print: on the train and dev pages such seams were joins 135
    /// times of 138 (from 13 on, every one of them crosses the threshold);
    /// in rough print 53 of 65, so there the rough fit scales it to 0
    /// (`seam.line_edges.run_on_in_text`, `seam.fitted`). With boxes, a
    /// right block that starts right with its text (`text_start`,
    /// `seam.line_edges.run_on_text_start`): in Latin script a capital,
    /// +14.5, the next sentence's start, which `right_start` weighs as a
    /// paragraph's (−1.5 to −3) and had left 0.88–0.92 (on the English
    /// train and dev pages in hOCR such seams were joins 68 times of 68;
    /// after marks OCR read off an indent's specks, `_ With`, `~ You`, 29 of
    /// 34, which stay at +13); in Chinese a Chinese character that opens no
    /// list item (`第四，`, `四是`), +13, where a block after any other start
    /// weighs nothing (on the train and dev pages in hOCR, clean print:
    /// joins 207 times of 212 such seams, against 53 of 67 after a mark or
    /// an ordinal; the rough fit scales the weight to 0 in rough print).
    /// From a column's foot to the next column's head, a Latin block that
    /// starts flush with a capital after a sentence's end on a full line
    /// (`next_column`, `seam.line_edges.run_on_next_column`): +14.5, as
    /// below; on the English train and dev pages, hOCR and ALTO, such seams
    /// were joins 13 times of 13 (at the next column while the left's own
    /// goes on further down, 7 of 9, and in Chinese 13 of 15: those weigh
    /// nothing).
    LinesRunOn => "lines_run_on",
    /// **A column that reads on**: the left block stops mid-sentence (no
    /// terminal mark) and the right block starts flush, printed right below
    /// it in its column (within two body lines: no photo or headline
    /// between), on a page whose paragraphs show where they start (as for
    /// `lines_run_on`). Nothing on the page marks a new paragraph, so a
    /// continuation that starts with a capital (`Misses Kathleen and` |
    /// `Bridget O'Mara…`) or a Chinese one after a comma is no longer left
    /// just under the threshold. Latin +2.5, CJK +1: on a grid of weights
    /// (0.5–4) on the dev pages in hOCR and ALTO, the largest whose last
    /// step still added joins right at least 95 % of the time, the
    /// threshold's promise; at those weights the dev pages gained 117
    /// (Latin) and 127 (CJK) right joins and no wrong one
    /// (`seam.line_edges.reads_on`). Where the left stops at a clause mark
    /// (`，`, `、`, `；`, `：`) on a line that runs to its column's edge (`clause_full`),
    /// CJK +2.5, Latin as above: on the train pages in hOCR and ALTO, 215
    /// such Chinese seams were left under the threshold, 212 of them joins;
    /// the weight is the largest on a grid (+0, +0.5, +1, +1.5, +2, +3 over
    /// the +1) at which no keep on the train or dev pages crossed it, and
    /// took 157 across, all joins (dev: 43), and in Latin script the steps gained 6 joins on
    /// the train pages for a keep on dev (`seam.line_edges.reads_on_full`).
    /// A left cut without punctuation gets only the +1: a headline, a
    /// caption or a masthead ends so too. A semicolon or a colon there
    /// (`semicolon_full`) weighs as a comma would, +3 more
    /// (`left_ending` weighs it as a paragraph's possible end: on the train
    /// and dev pages, both scripts, 91 such seams were under the threshold,
    /// 89 of them joins, and the +3 took 77 across, 75 of them joins;
    /// `seam.line_edges.reads_on_full_semicolon`).
    /// A left that stops without punctuation on a line short of its
    /// column's edge (`open_short`), which `left_last_line` weighs as a
    /// paragraph's end: Latin +3.5, +1 over the rest, the largest step of
    /// the grid (+0.5 … +2) at which no keep of the train or dev pages
    /// crossed the threshold (it took 57 joins across, of 101 such seams
    /// under it, 94 of them joins); CJK +1, as the rest, where +1 more took
    /// 14 across on the train pages, 2 of them keeps (headlines and captions
    /// called body end so) (`seam.line_edges.reads_on_short`). On a full
    /// line (`open_full`) Latin weighs the same +3.5: such seams with a
    /// capital the page has in lowercase too (`right_start` -3) were joins
    /// 67 times of 69 on the English train and dev pages, and the +1 took
    /// 17 across on each train split and 4 and 3 on dev, none a keep; CJK
    /// +1 (+1.5 more took 34 across on the Chinese train hOCR pages, one a
    /// keep, 33 in ALTO, five of them keeps) (`seam.line_edges.reads_on_open_full`).
    /// Plain Chinese text, whose places are
    /// unknown, reads on (`in_text`) where the left stops mid-sentence on a
    /// full line and the block next in reading order starts flush, counted
    /// in cells (`analyze::cells`): +3, chosen as above on the Chinese dev
    /// pages in plain text (grid 0–5; the step 2 → 3 added 46 right joins
    /// and 2 wrong ones, 3 → 4 16 and 1) (`seam.line_edges.reads_on_in_text`).
    ColumnReadsOn => "column_reads_on",
    /// **The source's article flows** (hOCR `cflow`): one flow +1, different
    /// flows −4 (`seam.article_flow`).
    ArticleFlow => "article_flow",
    /// **How the left block's last line ends** against its column's right
    /// edge (in plain Chinese text, by its cells): short (−2.5), the
    /// paragraph ended; full (0: said, not weighed). On the training
    /// pages, clean print: short 7 joins to 414 keeps in Chinese, 113 to
    /// 587 in English (`seam.line_edges`). Plain Latin text, whose lines
    /// are counted in letters (`analyze::cells`), says only a last line
    /// with fewer than 0.6 of its column's (the median of the body's inner
    /// lines near it): −6 (`short_in_latin_text`). On the English real-OCR
    /// train pages (text), the joins at 0.95 and over with such a line on
    /// the left were right 28 times of 59, against 97 % for the rest; −6
    /// takes them under the threshold (train 29 right joins and 31 wrong
    /// fewer, dev 14 and 17). The share 0.6 was chosen on dev against 0.4
    /// (dev 5 and 12 fewer), 0.5 (6 and 13) and 0.7 (29 and 19, and the
    /// simulated pages lost joins); −6 against −4 (0.5: dev 3 and 6).
    LeftLastLine => "left_last_line",
    /// **How well the page was read**: the share of its Chinese characters
    /// jieba puts in dictionary words and of its Latin words the word list
    /// knows. Weighs nothing itself; below the fit's `rough_below` the page
    /// is weighed with the weights fitted on rough print, whose evidence OCR
    /// noise makes weaker (`seam.fitted`); shown only when the fit has that
    /// second band. On the real-OCR training pages (degradation 0 and 1 /
    /// 2 / 3, median): English 0.99–1.00 / 0.97 / 0.96, Chinese 0.85 / 0.68
    /// / 0.57; the annotated Chinese page 0.83. The shipped model has the
    /// band for Chinese seams only: below 0.60, an intercept of −3, as joins
    /// that nothing across the seam supports are right about half the time there.
    ReadingQuality => "reading_quality",
    /// **The fitted model's intercept**, shown as a feature of its own so the
    /// weights shown still sum to the log-odds (`seam.fitted`).
    FittedIntercept => "fitted_intercept",

    // --- reassembly: a displaced fragment moved to its paragraph ------------
    /// **A jump line after the open end** (`（下转第3版）`, `Continued on
    /// Page 7`) naming the candidate's page (+2) or another (−3)
    /// (`reassembly.jump_match`, `reassembly.jump_mismatch`). On a flag:
    /// the page the reader is sent to.
    JumpLine => "jump_line",
    /// **How far the chosen pair beats every alternative** of either side
    /// (log-odds; a join across's with its rank bonus); a move needs a
    /// margin of 2 (`reassembly.margin`).
    MarginOverAlternatives => "margin_over_alternatives",
    /// **The block a move takes from its place.** Display only.
    MovedFrom => "moved_from",
    /// **A caption stands between the halves** (photo credit and all; its
    /// first line may be a block of its own): the halves are scored as if
    /// they met, and the caption goes after the joined paragraph
    /// (`reassembly.across_caption`, fitted by
    /// scripts/fit-across.sh: any such join −1.5; an open end of one line,
    /// often the caption's own first line, −1.5; a caption that starts in
    /// lower case, going on from the block before, −4.0). Where the matching
    /// ranks the candidates, a join across also gets `rank_bonus` (10): its
    /// halves lie nearer than a candidate further off.
    AcrossCaption => "across_caption",

    // --- every kind ------------------------------------------------------------
    /// **The confidence as scored**, before calibration: the edit's evidence
    /// gave it this; edits of its kind scored so were right, on pages with
    /// gold, as often as its confidence now says (`calibration`). Display
    /// only: the value is the scored confidence.
    Calibrated => "calibrated",

    // --- line breaks: hyphens and split words -------------------------------
    /// **A suspended hyphen** (`pre-` | `and post-war`): the hyphen and a
    /// space stay (`line_breaks.suspended_hyphen`).
    SuspendedHyphen => "suspended_hyphen",
    /// **A hyphen before a capital or a digit** (`Anglo-` | `Saxon`,
    /// `1990-` | `91`): a real hyphen, kept (`line_breaks.hyphen_before_capital_or_digit`).
    HyphenBeforeCapitalOrDigit => "hyphen_before_capital_or_digit",
    /// **The joined form's frequency** (Zipf, from wordfreq): `exam-` |
    /// `ple` makes `example` (Zipf 5.1), a word; `tions` (2.2) is web noise.
    /// At a hyphen, confidence steps at Zipf 3 and 2 (`line_breaks.dehyphenate`);
    /// without one, a term of the fitted split-word model
    /// (`line_breaks.split_word`, its weight the term's contribution).
    JoinedForm => "joined_form",
    /// **How often the page itself spells the joined form**: the page's own
    /// spelling outweighs the lexicon (`newspaper` written whole elsewhere).
    JoinedFormInDocument => "joined_form_in_document",
    /// **The page spells the hyphenated form more often than the joined
    /// one** (`well-known`): the hyphen is real and stays.
    HyphenatedFormInDocument => "hyphenated_form_in_document",
    /// **The joined form is no known word**: the hyphen is a compound's and
    /// stays (`line_breaks.compound_hyphen`).
    CompoundHyphen => "compound_hyphen",
    /// **The frequencies of the two halves** of a hyphen-less split, and
    /// what else the fitted split-word model reads of them (a half rarer
    /// than `line_breaks.fragment_zipf`, one or two letters, a capital);
    /// the weight is their summed contribution (`line_breaks.split_word`).
    Halves => "halves",
    /// **Specks OCR read around a line break** (`per-. ©` | `cent`): removed
    /// with the break, and said. Display only.
    OcrSpecks => "ocr_specks",

    // --- lost characters -----------------------------------------------------
    /// **How often the two characters across the seam are seen together**
    /// in the corpus and the page (`充桩`: never). Display only: the
    /// readings' likelihoods below weigh it.
    SeamBigram => "seam_bigram",
    /// **The best character to put in**, with how much likelier the seam
    /// reads with it than as it stands (log-likelihood of the character
    /// trigrams it touches, `lost_character`); its share of all the
    /// readings' likelihood is the confidence (at least 0.2,
    /// `lost_character.min_posterior`).
    Candidate => "candidate",
    /// **The second-best character** and how far it is behind the best.
    RunnerUp => "runner_up",
    /// **The dictionary word the character makes** with its neighbours
    /// (`充电桩`). Display only: its weight (`lost_character.word` a
    /// character) is in the candidate's likelihood.
    FormsWord => "forms_word",

    // --- duplicates ----------------------------------------------------------
    /// **What repeats**: a paragraph printed or read twice, or furniture on
    /// every page. Display only; the confidence is in `duplicates`.
    Repeats => "repeats",
    /// **The block kept** in place of the one removed. Display only.
    Kept => "kept",
    /// **Jaccard similarity of the two blocks' shingles**: from 0.8 the two
    /// are copies of one text (`duplicates.near_duplicate`).
    Similarity => "similarity",
    /// **Share of the shorter block's shingles in the longer**: from 0.9 the
    /// shorter is a copy cut short (`duplicates.contained`).
    Containment => "containment",
    /// **The copies are the same text** (after folding width and
    /// punctuation): removed by default at 0.99 (`duplicates.exact_copy`).
    ExactCopy => "exact_copy",
    /// **The start of the text kept.** Display only.
    KeptText => "kept_text",
    /// **Which copy is kept and why.** Display only.
    KeepPolicy => "keep_policy",
    /// **The line read twice** that a trim removes. Display only.
    LineReadTwice => "line_read_twice",

    // --- flags ---------------------------------------------------------------
    /// **What precedes a truncated start.** Display only.
    PreviousBlock => "previous_block",
    /// **What follows a truncated end.** Display only.
    NextBlock => "next_block",
    /// **The join suggested at a truncated end's seam**, by edit id. Display only.
    SuggestedJoin => "suggested_join",
}

impl FeatureId {
    /// The id a name stands for, as [`FeatureId::as_str`] writes it.
    pub fn from_name(name: &str) -> Option<FeatureId> {
        FeatureId::ALL.iter().copied().find(|id| id.as_str() == name)
    }
}

impl fmt::Display for FeatureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FeatureId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One measured fact behind a decision and its contribution to the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// What was measured.
    pub name: FeatureId,
    /// The observation, in words or figures (a fixed phrase is borrowed,
    /// not copied: a page of many blocks keeps many features).
    pub value: Cow<'static, str>,
    /// Its contribution to the decision's log-odds; positive favours the edit.
    pub weight: f64,
    /// The measured quantity itself, where the feature is one (a log-lift, a
    /// log-ratio, a Zipf frequency, a count): what a fit of the weights
    /// reads, since the weight is already a function of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<f64>,
    /// Which of the feature's outcomes was seen, for a feature whose weight
    /// is one per outcome (`comma` of `left_ending`): the decision model's
    /// field it was weighed with, and what a fit gives a weight of its own.
    #[serde(skip)]
    pub outcome: Option<&'static str>,
}

impl Feature {
    /// A feature with its observed value and weight.
    pub fn new(name: FeatureId, value: impl Into<Cow<'static, str>>, weight: f64) -> Self {
        Feature {
            name,
            value: value.into(),
            weight,
            raw: None,
            outcome: None,
        }
    }

    /// The feature as the outcome `outcome` of its decision-model field.
    pub fn of(mut self, outcome: &'static str) -> Self {
        self.outcome = Some(outcome);
        self
    }

    /// A feature that explains and weighs nothing: what a reviewer reads.
    pub fn shown(name: FeatureId, value: impl Into<Cow<'static, str>>) -> Self {
        Feature::new(name, value, 0.0)
    }

    /// The feature with the measured quantity it was weighed from.
    pub fn measured(mut self, raw: f64) -> Self {
        self.raw = Some(raw);
        self
    }
}

/// Whether a decision puts its observations in words. Reassembly weighs
/// dozens of candidate continuations for every open end and keeps a few: it
/// weighs them all [`Explain::Quietly`] and scores the winners again
/// [`Explain::InWords`]. One code path computes the weights either way, so
/// the two agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explain {
    /// Every feature with its observation in words, as reports show it.
    InWords,
    /// The weights alone; observations that need formatting are left empty.
    Quietly,
}

impl Explain {
    /// The observation `words` writes, when the decision is explained.
    pub fn say(self, words: impl FnOnce() -> String) -> Cow<'static, str> {
        match self {
            Explain::InWords => Cow::Owned(words()),
            Explain::Quietly => Cow::Borrowed(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_listed_once_and_reads_back_from_its_name() {
        let mut names: Vec<&str> = FeatureId::ALL.iter().map(|id| id.as_str()).collect();
        for &id in FeatureId::ALL {
            assert_eq!(FeatureId::from_name(id.as_str()), Some(id));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FeatureId::ALL.len());
        assert_eq!(
            serde_json::to_string(&Feature::shown(FeatureId::LeftEnding, "x")).unwrap(),
            r#"{"name":"left_ending","value":"x","weight":0.0}"#
        );
    }
}
