//! Block roles: headline, byline, caption, furniture or body.
//!
//! A role comes from the block's own shape (length, punctuation, name-like
//! tokens, caption and jump-line markers) and from its neighbours (a byline
//! follows a headline; text repeated on a page is furniture). When in doubt a
//! short unpunctuated block is *not* body: a missed join costs little, a body
//! paragraph glued to a headline damages the archive.

use super::chars::{
    is_cjk, is_clause_punct, is_terminal, last_significant, push_lowercase, script_of, LetterClass,
};
use crate::model::{Role, Script};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use xxhash_rust::xxh3::xxh3_128;

/// A role and the rule that gave it, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleCall {
    /// The role.
    pub role: Role,
    /// Which rule decided it, in words.
    pub reason: &'static str,
}

/// The reasons that make a block a jump line (`下转第2版`, `Continued on page 2`).
const JUMP_LINE_ZH: &str = "jump line (下转第…版)";
const JUMP_LINE_EN: &str = "jump line (Continued on page …)";

/// The caption calls made on the caption's own words (a credit, `图为`) or
/// on the input's markup, not on a guess from its shape or type.
const MARKED_CAPTION: [&str; 4] = [
    "photo credit (… 摄)",
    "photo caption (图为 …)",
    "photo credit (Photo: …)",
    DECLARED,
];

/// A role the input's markup declares (a PAGE region's type, an hOCR
/// class such as Tesseract's `ocr_caption`).
pub(super) const DECLARED: &str = "declared by the input (region type)";

/// The weakest headline call: short, unpunctuated, and nothing else seen.
const SHORT_UNPUNCTUATED: &str = "short block without sentence punctuation";

/// A Latin credit whose word OCR mangled, known by its closing bracket.
const BRACKET_CREDIT: &str = "a short block ending in a bracket (a credit OCR misread)";

/// A Chinese caption's text that OCR read apart from its credit.
const CAPTION_ABOVE_CREDIT: &str = "a caption's text, its credit next (… 摄)";

/// The most characters a caption's text read apart from its credit has.
const MAX_CAPTION_TEXT_CHARS: usize = 24;

impl RoleCall {
    /// Whether the block was called a headline only for being short and
    /// unpunctuated: the call a piece of running text cut mid-word (a line
    /// at a column's foot, `…俄罗斯总`) also gets, and the one a seam may overrule.
    pub fn is_short_text_guess(&self) -> bool {
        self.role == Role::Headline && self.reason == SHORT_UNPUNCTUATED
    }

    /// Whether the block is body only for its place at its column's foot
    /// ([`super::COLUMN_FOOT_PIECE`]).
    pub fn is_column_foot_piece(&self) -> bool {
        self.role == Role::Body && self.reason == super::COLUMN_FOOT_PIECE
    }

    /// Whether the block is a caption by its own words (a photo credit,
    /// `图为`) or the input's markup, rather than by a guess from its shape
    /// or its type size (which running text OCR cut short also gets).
    pub fn is_marked_caption(&self) -> bool {
        self.role == Role::Caption && MARKED_CAPTION.contains(&self.reason)
    }

    /// Whether the block is a Chinese caption's text whose credit, a name
    /// and 摄 and nothing else, OCR read as the next block: the two are
    /// one caption.
    pub fn is_caption_above_credit(&self) -> bool {
        self.role == Role::Caption && self.reason == CAPTION_ABOVE_CREDIT
    }

    /// Whether the block is a Chinese photo credit by its words (`… 摄`).
    pub fn is_photo_credit(&self) -> bool {
        self.role == Role::Caption && self.reason == MARKED_CAPTION[0]
    }

    /// Whether the block is a Latin caption that ends in its credit
    /// (`(Photo: George Ward)`, or a bracket after a credit OCR mangled).
    pub fn ends_in_latin_credit(&self) -> bool {
        self.role == Role::Caption && (self.reason == MARKED_CAPTION[2] || self.reason == BRACKET_CREDIT)
    }

    /// Whether the block is a jump line, sending the reader to another page.
    pub fn is_jump_line(&self) -> bool {
        self.role == Role::Furniture && matches!(self.reason, JUMP_LINE_ZH | JUMP_LINE_EN)
    }
}

/// Common Chinese surnames (single and compound), the test for name-like
/// bylines. Not 和: a rare surname, and the commonest conjunction (`和 了`,
/// `和技术`: 10 byline calls on the Chinese real-OCR train and dev pages,
/// text and hOCR, every one body).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝濮郁楚练";
const COMPOUND_SURNAMES: [&str; 8] = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容"];

/// Assigns a role to every block, given the blocks' texts in reading order.
pub fn assign_roles(texts: &[&str]) -> Vec<RoleCall> {
    let keys = repeat_keys(texts);
    let repeated = repeated_short_texts(texts, &keys);
    // Each block's shape alone (in parallel: most of the work), then its neighbours.
    let shapes: Vec<Shape> = texts.par_iter().map(|t| shape_of(t)).collect();
    let mut calls = Vec::with_capacity(texts.len());
    for (i, shape) in shapes.iter().enumerate() {
        let next = shapes.get(i + 1);
        let prev_is_headline = i > 0
            && matches!(
                calls.get(i - 1),
                Some(RoleCall {
                    role: Role::Headline,
                    ..
                })
            );
        let call = match shape {
            Shape::Furniture(reason) => RoleCall {
                role: Role::Furniture,
                reason,
            },
            Shape::Caption(reason) => RoleCall {
                role: Role::Caption,
                reason,
            },
            Shape::Byline(reason) => RoleCall {
                role: Role::Byline,
                reason,
            },
            _ if keys[i].is_some_and(|key| repeated.contains(&key)) => RoleCall {
                role: Role::Furniture,
                reason: "short text repeated on the page (running head)",
            },
            Shape::Name if prev_is_headline || matches!(next, Some(Shape::Body)) => RoleCall {
                role: Role::Byline,
                reason: "personal names next to a headline or article start",
            },
            Shape::Name | Shape::Short if matches!(next, Some(Shape::Name | Shape::Byline(_))) => RoleCall {
                role: Role::Headline,
                reason: "short unpunctuated block followed by a byline",
            },
            // `… the Choctaw` with no byline after it: a piece cut
            // mid-sentence, whatever specks OCR read after it (`Economic
            // Report of the .`: on the English real-OCR train pages two
            // right joins more, none wrong). A title-cased one (`I Believe
            // As Strongly As`) is a headline cut short.
            Shape::Short if cut_after_function_word(texts[i]) => RoleCall {
                role: Role::Body,
                reason: "short block cut after a function word",
            },
            Shape::Short => RoleCall {
                role: Role::Headline,
                reason: SHORT_UNPUNCTUATED,
            },
            Shape::TitleCut => RoleCall {
                role: Role::Headline,
                reason: "title-cased words cut after a function word (a headline cut short)",
            },
            Shape::Capitals => RoleCall {
                role: Role::Headline,
                reason: "a few words in capitals (a headline or a deck)",
            },
            Shape::Name => RoleCall {
                role: Role::Headline,
                reason: "short name-like block without sentence punctuation",
            },
            Shape::Body => RoleCall {
                role: Role::Body,
                reason: "running text",
            },
        };
        calls.push(call);
    }
    // Tesseract reads a Chinese caption's credit line apart from its text
    // (`新建成的学校教学楼` | `吴刚 摄`): a short block right before a credit
    // that is a name and 摄 alone is the caption's text. On the Chinese
    // real-OCR train and dev pages in hOCR such pairs were one caption 19
    // times of 19 (the short block called a headline 17 times); before a
    // credit with text of its own, never (14 times).
    for i in 1..calls.len() {
        let text_before =
            matches!(calls[i - 1].role, Role::Body | Role::Headline) && is_caption_text(texts[i - 1]);
        if text_before && calls[i].is_photo_credit() && is_bare_credit(texts[i]) {
            calls[i - 1] = RoleCall {
                role: Role::Caption,
                reason: CAPTION_ABOVE_CREDIT,
            };
        }
    }
    calls
}

/// A credit with no caption text of its own: a name and 摄 (or 报, as OCR
/// reads it), four Chinese characters at most (`吴刚 摄`, `.刘芳摄`, `华 摄`).
fn is_bare_credit(text: &str) -> bool {
    text.chars().filter(|&c| is_cjk(c)).count() <= 4
}

/// Short Chinese text without a mark of a sentence or a clause in it,
/// past the specks OCR read around it (`。展服务活动`): what a caption's
/// text looks like; running text cut short has its commas (`各级政府增强，`).
fn is_caption_text(text: &str) -> bool {
    let core: Vec<char> = text
        .trim_matches(|c: char| !c.is_letter_or_number())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    core.iter().any(|&c| is_cjk(c))
        && core.len() <= MAX_CAPTION_TEXT_CHARS
        && !core.iter().any(|&c| is_terminal(c) || is_clause_punct(c))
}

/// The block's last word, past the specks OCR read after it, is a
/// lowercase function word (`of the`, `the Choctaw` is not).
fn cut_after_function_word(text: &str) -> bool {
    let words = text.trim_end_matches(|c: char| !c.is_letter_or_number());
    let lowercase = words
        .split_whitespace()
        .next_back()
        .and_then(|w| w.chars().find(|c| c.is_letter()))
        .is_some_and(char::is_lowercase);
    lowercase && super::ends_with_function_word(words)
}

/// What a block looks like on its own, before its neighbours are considered.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Furniture(&'static str),
    Caption(&'static str),
    Byline(&'static str),
    /// Only personal-name-like tokens: a byline or a (rare) headline.
    Name,
    /// Short and without sentence punctuation: a headline unless context says otherwise.
    Short,
    /// Title-cased words to a function word, whatever mark OCR read after
    /// it (`We Will Have To.`, `| ion 7. That All Of`): a headline cut short.
    TitleCut,
    /// A few words in capitals, whatever mark ends them (`RIOTOUS
    /// STUDENTS.`): a headline or one of its decks.
    Capitals,
    Body,
}

/// The block's words, whitespace folded, without the specks OCR reads at
/// its edges or as words of their own (`‘PAGE 3`, `PAGE 14 |`, `- And |
/// Want To Cut`): what its shape is judged on. A block of nothing but marks
/// (an ornament, `* * *`) stays as it is.
fn despeckled(text: &str) -> String {
    let speck = |c: char| {
        matches!(
            c,
            '|' | '_'
                | '~'
                | '‘'
                | '’'
                | '\''
                | '"'
                | '“'
                | '”'
                | '-'
                | '—'
                | '='
                | '*'
                | '©'
                | '.'
                | ','
                | ':'
                | ';'
        )
    };
    let mut joined = String::with_capacity(text.len());
    for word in text.split_whitespace().filter(|w| !w.chars().all(speck)) {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    let trimmed = joined
        .trim_start_matches(speck)
        .trim_end_matches(['|', '_', '~', '©', '=']);
    if trimmed.chars().any(char::is_letter_or_number) {
        trimmed.to_string()
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Longer than any headline, byline, caption or furniture: body, without looking further.
const MAX_NON_BODY_BYTES: usize = 800;

/// The most characters a caption or credit has.
const MAX_CAPTION_CHARS: usize = 200;

/// The most words a short Latin block (a headline's shape) has.
const MAX_SHORT_WORDS: usize = 14;

fn shape_of(text: &str) -> Shape {
    if text.len() > MAX_NON_BODY_BYTES {
        return Shape::Body;
    }
    let flat = despeckled(text);
    if is_past_every_other_shape(&flat) {
        return Shape::Body;
    }
    shape_by_rules(&flat)
}

/// The rules a despeckled block's shape is read by, in order.
fn shape_by_rules(flat: &str) -> Shape {
    if let Some(reason) = furniture_reason(flat) {
        return Shape::Furniture(reason);
    }
    if let Some(reason) = caption_reason(flat) {
        return Shape::Caption(reason);
    }
    match script_of(flat) {
        Script::Cjk => cjk_shape(flat),
        _ => latin_shape(flat),
    }
}

/// More than [`MAX_CAPTION_CHARS`] characters and [`MAX_SHORT_WORDS`] words,
/// a letter or digit among them, and more than a page number between
/// dashes: too long for a caption, a headline, a byline, a name or a page
/// number, and with letters no ornament. The rules below would all say
/// body; most body blocks stop here.
fn is_past_every_other_shape(flat: &str) -> bool {
    flat.split(' ')
        .filter(|w| !w.is_empty())
        .nth(MAX_SHORT_WORDS)
        .is_some()
        && flat.chars().nth(MAX_CAPTION_CHARS).is_some()
        && flat.chars().any(char::is_letter_or_number)
        && page_number_core(flat).len() > 4
}

/// The block without the dashes and spaces a page number stands between (`— 3 —`).
fn page_number_core(flat: &str) -> &str {
    flat.trim_matches(|c: char| c == '-' || c == '—' || c == '–' || c.is_whitespace())
}

/// A Chinese reporter's byline (`本报记者 吴刚`): a reporter's marker
/// opening at most 30 characters without a sentence's end.
pub(super) fn is_reporter_byline(text: &str) -> bool {
    ["记者", "本报记者", "通讯员"].iter().any(|m| text.starts_with(m))
        && text.chars().count() <= 30
        && !text.contains('。')
}

fn cjk_shape(flat: &str) -> Shape {
    if is_reporter_byline(flat) {
        return Shape::Byline("reporter marker (记者/通讯员)");
    }
    if is_name_list(flat) {
        return Shape::Name;
    }
    let n = flat.chars().filter(|c| !c.is_whitespace()).count();
    let ends_sentence = last_significant(flat).is_some_and(is_terminal);
    let commas = flat
        .chars()
        // Sentence punctuation inside: running text, not a title (`第二、中国主张…`).
        .filter(|c| matches!(c, '，' | ',' | '。' | '；' | ';' | '、' | '！' | '？'))
        .count();
    if n <= 32 && !ends_sentence && commas == 0 {
        return Shape::Short;
    }
    Shape::Body
}

/// `孙溟苑 钱伊丽`, `汤韫蕾`, `沈 盛` (a two-character name spaced out).
pub(super) fn is_name_list(flat: &str) -> bool {
    // At most four tokens of CJK characters, looked at without collecting
    // them: nearly every block asked fails on its first characters.
    let mut tokens = [("", 0usize); 4];
    let mut count = 0;
    for token in flat.split([' ', '\u{3000}']).filter(|t| !t.is_empty()) {
        if count == tokens.len() {
            return false;
        }
        let mut chars = 0;
        for c in token.chars() {
            if !is_cjk(c) {
                return false;
            }
            chars += 1;
        }
        tokens[count] = (token, chars);
        count += 1;
    }
    let tokens = &tokens[..count];
    match tokens {
        [] => false,
        [(first, 1), (_, 1)] => starts_with_surname(first),
        _ => tokens.iter().all(|&(t, n)| {
            (2..=3).contains(&n) && starts_with_surname(t)
                || n == 4 && COMPOUND_SURNAMES.iter().any(|s| t.starts_with(s))
        }),
    }
}

fn starts_with_surname(token: &str) -> bool {
    token.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

fn latin_shape(flat: &str) -> Shape {
    let words: Vec<&str> = flat.split_whitespace().collect();
    // `By` with its capital: a block that opens with `by` goes on from a
    // sentence (`by taking these`; on the English real-OCR train and dev
    // pages such byline calls were body 13 times of 13, in hOCR and in text).
    if ((flat.starts_with("By ") || flat.starts_with("BY ")) && words.len() <= 8 && !flat.ends_with('.'))
        || (words.len() <= 10 && {
            let lower = flat.to_ascii_lowercase();
            ["staff writer", "correspondent", "special to the"]
                .iter()
                .any(|m| lower.contains(m))
        })
    {
        return Shape::Byline("byline marker (By …, Staff Writer)");
    }
    // A word cut at the end (`HEALTH PRO-`, `THE GENERAL DOMES-.`) is a
    // section's name run on into its text, not a headline.
    let cut = flat
        .trim_end_matches(|c: char| !c.is_letter_or_number() && !super::chars::is_hyphen(c))
        .ends_with(super::chars::is_hyphen);
    if in_capitals(&words) && !cut {
        return Shape::Capitals;
    }
    let ends_sentence = last_significant(flat).is_some_and(|c| matches!(c, '.' | ',' | ';' | ':'));
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let lowercase_start = words
        .first()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_lowercase);
    if words.len() <= MAX_SHORT_WORDS && !ends_sentence && !lowercase_start && capitalised * 2 >= words.len()
    {
        return Shape::Short;
    }
    // Running text capitalises a function word only to open a sentence
    // (`…at home. In`): three title-cased words or more before it are a
    // headline's. On the English real-OCR train and dev pages (text) such
    // blocks called body were a headline 7 times and furniture once, body
    // never (one ending in a hyphen, `Life In-`, is a word cut, not a title;
    // one with a section's name in capitals, `OLDER AMERICANS My.`, body).
    let hyphenated = flat.trim_end().ends_with(super::chars::is_hyphen);
    if words.len() <= MAX_SHORT_WORDS
        && !hyphenated
        && super::ends_with_function_word(flat.trim_end_matches(|c: char| !c.is_letter_or_number()))
        && title_cased_tail(&words) >= 3
    {
        return Shape::TitleCut;
    }
    Shape::Body
}

/// The most words a block in capitals has to be a headline or a deck.
const MAX_CAPITALS_WORDS: usize = 10;

/// True when `words` are a few words in capitals, two of them or more of
/// two letters or more (`THE FEELING IN LONDON.`, `HOTELS THREATENED.`):
/// a newspaper sets its headlines and their decks so, with a period or
/// without one, and running text sets no more than a section's name in
/// capitals. On the Chronicling America page (ABBYY's ALTO) ten blocks in
/// capitals ending with a period (eight headlines or decks, two lines of
/// the masthead) were called running text for it, and four decks were
/// glued to the story below them, one to the next deck.
fn in_capitals(words: &[&str]) -> bool {
    let letters = || words.iter().flat_map(|w| w.chars()).filter(|c| c.is_letter());
    let long_words = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_letter()).count() >= 2)
        .count();
    words.len() <= MAX_CAPITALS_WORDS
        && long_words >= 2
        && letters().count() >= 6
        && letters().all(char::is_uppercase)
}

/// How many of `words` at the end are title-cased (letters only, a capital
/// first and lowercase after it, or one capital: `A`, `I`), back to a mark
/// that ends a sentence before the last. A word in capitals stops the run:
/// a section's name run into its first line (`OLDER AMERICANS My.`) is
/// body.
fn title_cased_tail(words: &[&str]) -> usize {
    let mut run = 0;
    for (k, word) in words.iter().rev().enumerate() {
        if k > 0 && word.ends_with(['.', '!', '?', ':', ';']) {
            break;
        }
        let core = word.trim_matches(|c: char| !c.is_letter_or_number());
        let mut letters = core.chars();
        let capital = letters.next().is_some_and(char::is_uppercase);
        let rest = letters.as_str();
        let title = rest.is_empty() || rest.chars().any(char::is_lowercase);
        if !capital || !title || !core.chars().all(char::is_letter) {
            break;
        }
        run += 1;
    }
    run
}

fn furniture_reason(flat: &str) -> Option<&'static str> {
    // A lone `。` at the top of a column ends a paragraph: it is body.
    let sentence_marks = flat.chars().all(|c| is_terminal(c) || c.is_whitespace());
    if !flat.chars().any(char::is_letter_or_number) && !sentence_marks {
        return Some("ornament or rule (no letters)");
    }
    // Every English marker below is spelled in ASCII letters: a block
    // without one (most Chinese blocks) is not asked about them.
    let lower = has_ascii_letter(flat).then(|| flat.to_ascii_lowercase());
    let n = flat.chars().count();
    if n <= 40 {
        let jump_zh = ["下转第", "上接第", "转第", "接第", "转下版", "转A", "转B"];
        // The marker at the start, or right after one opening bracket.
        let bracketed = flat.strip_prefix(['（', '(']).unwrap_or(flat);
        if jump_zh
            .iter()
            .any(|m| flat.starts_with(m) || bracketed.starts_with(m))
            && flat.contains('版')
        {
            return Some(JUMP_LINE_ZH);
        }
        if misread_jump_line_zh(flat) {
            return Some(JUMP_LINE_ZH);
        }
        if is_dateline_zh(flat) {
            return Some("a newspaper's name and date (running head)");
        }
        if lower.as_deref().is_some_and(|lower| is_jump_line_en(flat, lower)) {
            return Some(JUMP_LINE_EN);
        }
    }
    // As short as a caption: a longer block is running text before this
    // is asked (`is_past_every_other_shape`).
    if n <= MAX_CAPTION_CHARS && lower.as_deref().is_some_and(is_reading_notice) {
        return Some("an advertisement (… Advt.)");
    }
    let bare = page_number_core(flat);
    if !bare.is_empty() && bare.len() <= 4 && bare.chars().all(|c| c.is_ascii_digit()) {
        return Some("page number");
    }
    if n <= 12 && flat.starts_with('第') && flat.ends_with('版') {
        return Some("page number (第…版)");
    }
    if n <= 12
        && lower.as_deref().is_some_and(|lower| {
            lower.starts_with("page ") && lower[5..].trim().chars().all(|c| c.is_ascii_alphanumeric())
        })
    {
        return Some("page number (Page …)");
    }
    None
}

/// True when `text` holds an ASCII letter.
fn has_ascii_letter(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_alphabetic())
}

/// An English jump line (`Continued on Page 5`) in a block of at most 40
/// characters; `lower` is the block in lower case.
fn is_jump_line_en(flat: &str, lower: &str) -> bool {
    let jump_en = [
        "continued on page",
        "continued from page",
        "continued on",
        "see page",
        "(continued",
    ];
    // OCR garbles the line and adds specks around it (`oe (Continued on
    // Page.14`, `{Contintied on Page 12)`): "on page" and a number anywhere
    // in so short a block is enough.
    let names_a_page = lower.contains("on page") && flat.chars().any(|c| c.is_ascii_digit());
    // A marker opened with a bracket needs one (`(Continued`): running
    // text opens with the word too (`Continued control of consumer`,
    // `continued efforts to ensure`: on the English real-OCR train and
    // dev pages every block opening with `continued` but not `continued
    // on` was body, 3 in plain text, and 2 called jump lines in hOCR).
    let unbracketed = lower.trim_start_matches(['(', '[']);
    let bracketed = unbracketed.len() < lower.len();
    names_a_page
        || misread_jump_line(lower)
        || jump_en.iter().any(|m| match m.strip_prefix('(') {
            Some(word) => bracketed && unbracketed.starts_with(word),
            None => unbracketed.starts_with(m),
        })
}

/// A Chinese jump line OCR misread past the fixed phrases (`【下转第3版)，`,
/// `(下村第7县)`, `〈\\下枝第4玻)`): after at most three brackets or specks
/// (no digit: the page number must be the first), `下` or `上`, one
/// character, `第`, a page number, and at most four characters more. On the
/// Chinese real-OCR train and dev pages (hOCR) such blocks are furniture 97
/// times, body once (a jump line the gold calls body); the fixed phrases
/// missed 45 of them.
fn misread_jump_line_zh(flat: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let lead = flat.chars().take_while(|&c| !is_cjk(c) && !digit(c)).count();
    if lead > 3 {
        return false;
    }
    let mut rest = flat.chars().skip(lead);
    let (Some(up_down), Some(verb), Some(nth)) = (rest.next(), rest.next(), rest.next()) else {
        return false;
    };
    let number = rest.clone().take_while(|&c| digit(c)).count();
    matches!(up_down, '下' | '上')
        && is_cjk(verb)
        && nth == '第'
        && (1..=2).contains(&number)
        && rest.skip(number).count() <= 4
}

/// A Chinese paper's running head, its name and the date, read
/// alone (`嘉兴日报2012年10月2日`, misread `。东方时报2o24e17B`): after at
/// most three specks, a name of at most five characters ending in `报`, then
/// within six characters at least three digits. A single page has no second
/// copy to call it a running head by. On the Chinese real-OCR train and dev
/// pages (text and hOCR) such blocks are furniture 316 times, body never;
/// 38 of them were called body.
fn is_dateline_zh(flat: &str) -> bool {
    let lead = flat.chars().take_while(|&c| !is_cjk(c)).count();
    if lead > 3 {
        return false;
    }
    let mut rest = flat.chars().skip(lead).filter(|c| !c.is_whitespace());
    let name = rest.by_ref().take_while(|&c| c != '报').count();
    let digits = rest.take(6).filter(char::is_ascii_digit).count();
    (1..=4).contains(&name) && digits >= 3
}

/// An advertisement set as a paragraph: American papers of about 1880–1930
/// ended each such reading notice with `Advt.` (`…Poland Spring, Me.—Advt.`),
/// which OCR reads with its last letter changed (`-AdvL`) or its dash as a
/// letter (`-lAdvt.`). `lower` is a block's text in lower case.
fn is_reading_notice(lower: &str) -> bool {
    let last_word = lower
        .trim_end_matches(|c: char| !c.is_letter_or_number())
        .rsplit(|c: char| !c.is_letter_or_number())
        .next()
        .unwrap_or("");
    // The dash before it may be read as a letter (`-lAdvt.`).
    let word = match last_word.len() {
        5 => last_word.strip_prefix(['l', 'i', '1']).unwrap_or(last_word),
        _ => last_word,
    };
    matches!(word, "advt" | "advl")
}

/// A jump line OCR misread past the fixed phrases (`(Contimed on Page 57`,
/// `TContinired oT Page WZ`, `Toomimied an Page 37`, `it TOT sitet OH Page
/// 7]`, `« ontinurcl on necon.l PUR 1`): in a block of at most 40
/// characters, a word a few letters from "continued" before "page", or
/// "page" between a short word and a short page mark at the end (`… on
/// Page 7`), or such a word (or one that lost its first letter) opening
/// the block before `on` or `from`, with a digit. Running text cut that short and
/// ending so is rare; a jump line taken for body is glued to the paragraph
/// it interrupts.
fn misread_jump_line(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_letter_or_number())
        .filter(|w| !w.is_empty())
        .collect();
    let like_continued = |w: &&str| (6..=11).contains(&w.len()) && strsim::levenshtein(w, "continued") <= 3;
    // The page named in words (`Continued on Second Page`) and misread
    // with the rest (`« ontinurcl on necon.l PUR 1`, Chronicling America):
    // a block that opens with `continued` garbled or its first letter lost,
    // then `on` or `from`, and a digit somewhere.
    let opens_continued = words
        .first()
        .is_some_and(|w| like_continued(w) || w.starts_with("ontin") || w.starts_with("contin"))
        && words.get(1).is_some_and(|w| matches!(*w, "on" | "from"))
        && lower.chars().any(|c| c.is_ascii_digit());
    if opens_continued {
        return true;
    }
    let Some(page) = words.iter().rposition(|w| *w == "page") else {
        return false;
    };
    let continued = words[..page].iter().any(like_continued);
    let short = |w: &&str| w.chars().count() <= 3;
    let on_page_mark =
        page > 0 && short(&words[page - 1]) && page + 2 == words.len() && short(&words[page + 1]);
    continued || on_page_mark
}

/// The characters that make a common word with 报 after them (`汇报`,
/// `日报`): a name before such a word is no photo credit misread.
const REPORT_WORDS: &str = "汇上通举日晚周画情简电预申回捷喜快年月季公学海警呈禀谍见";

fn caption_reason(flat: &str) -> Option<&'static str> {
    let n = flat.chars().count();
    if n > MAX_CAPTION_CHARS {
        return None;
    }
    // OCR adds specks around the credit (`杨静摄，`, `。周敏摄`) and the
    // markup readers close up CJK words, so the name may stand right before
    // 摄 (`杨静摄`); Tesseract often reads that 摄 as 报 (`大桥建设现场赵丽报`:
    // on the Chinese real-OCR train and dev pages, a block of at most 60
    // characters ending in a name and 报 is a caption 18 times, else never),
    // and may read a space between the name and the mark (`休闲 吴刚 报`).
    let core = flat.trim_end_matches(|c: char| !c.is_letter_or_number() && !matches!(c, ')' | '）'));
    let credited_name = core.strip_suffix(['摄', '报']).is_some_and(|before| {
        let tail: Vec<char> = before.trim_end().chars().rev().take(3).collect();
        // Not a word in 报 (`汇报`, `日报`) after a name.
        let report_word = core.ends_with('报') && tail.first().is_some_and(|&c| REPORT_WORDS.contains(c));
        n <= 60
            && !report_word
            && !core
                .trim_start_matches(|c: char| !c.is_letter_or_number())
                .contains('。')
            && [2, 3].iter().any(|&k| {
                tail.len() >= k && SURNAMES.contains(tail[k - 1]) && tail[..k].iter().all(|&c| is_cjk(c))
            })
    });
    if core.ends_with(" 摄")
        || core.ends_with("摄影")
        || core.ends_with("摄)")
        || core.ends_with("摄）")
        || credited_name
    {
        return Some(MARKED_CAPTION[0]);
    }
    if flat.starts_with("图为") || flat.starts_with("图/") || flat.starts_with("图：") {
        return Some(MARKED_CAPTION[1]);
    }
    // The English credits are spelled in ASCII letters.
    if has_ascii_letter(flat) {
        let lower = flat.to_ascii_lowercase();
        // All but the last spell `photo`: one search rules them out.
        let photo = lower.contains("photo")
            && ["(photo", "photo:", "(photograph", "photograph by", "photo by"]
                .iter()
                .any(|m| lower.contains(m));
        if photo || lower.contains("(picture") {
            return Some(MARKED_CAPTION[2]);
        }
        // OCR misreads a letter of the credit's word (`{Phato: Henry`, `(Phoio:
        // George`): on the English real-OCR train and dev pages (text) a block
        // with a word one letter from `photo` before a colon or semicolon is a
        // caption 5 times of 5.
        if lower.split_whitespace().any(misread_photo_credit) {
            return Some(MARKED_CAPTION[2]);
        }
    }
    // OCR mangles the credit's word (`(Phot: W: Harlan}`, `Edith fae)`) but
    // leaves its closing bracket: on the English real-OCR training pages
    // (text) a block of at most 200 characters that ends in one is a caption
    // or furniture 225 times, body 6 (`[Applause]`, a parenthesis cut by a
    // column's end).
    let closes = flat
        .trim_end_matches(|c: char| !c.is_letter_or_number() && !matches!(c, ')' | '}' | ']'))
        .ends_with([')', '}', ']']);
    if closes && script_of(flat) == Script::Latin {
        return Some(BRACKET_CREDIT);
    }
    None
}

/// `word` (lowercase) is `photo` with a letter misread, before the colon
/// or semicolon of a credit (`{phato:`, `(phoio:`, `phota;`); `photos:` is
/// a word of its own.
fn misread_photo_credit(word: &str) -> bool {
    let Some(word) = word.trim_start_matches(['(', '{', '[']).strip_suffix([':', ';']) else {
        return false;
    };
    word != "photos"
        && (4..=6).contains(&word.len())
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && strsim::levenshtein(word, "photo") == 1
}

/// Short blocks that occur twice or more on a page: running heads, section
/// names (their [`repeat_keys`]).
fn repeated_short_texts(texts: &[&str], keys: &[Option<u128>]) -> HashSet<u128> {
    let mut counts: HashMap<u128, usize> = HashMap::new();
    for (t, key) in texts.iter().zip(keys) {
        let Some(key) = key else { continue };
        if t.len() <= 320 && t.chars().count() <= 80 && !last_significant(t).is_some_and(is_terminal) {
            *counts.entry(*key).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(k, _)| k)
        .collect()
}

/// Each block's text with digits and whitespace removed and case folded
/// (running heads differ only in their page numbers and dates), as a
/// 128-bit hash, or `None` when nothing is left: repeats are compared on
/// it. Hashed, so that the keys are not a second copy of the page; made in
/// parallel, each thread folding into one buffer.
fn repeat_keys(texts: &[&str]) -> Vec<Option<u128>> {
    texts
        .par_iter()
        .map_init(String::new, |folded, text| {
            folded.clear();
            for c in text.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_digit()) {
                push_lowercase(folded, c);
            }
            (!folded.is_empty()).then(|| xxh3_128(folded.as_bytes()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for long blocks says body only where the rules would.
        #[test]
        fn a_block_past_every_other_shape_is_what_the_rules_call_body(
            text in "([a-zA-Z0-9]{1,3}|[–—\\-|_.,'\"]{1,3}|[下第版报摄记者图为]|by|Photo:|Continued on Page|12| ){0,220}"
        ) {
            let flat = despeckled(&text);
            if is_past_every_other_shape(&flat) {
                prop_assert_eq!(shape_by_rules(&flat), Shape::Body);
            }
        }
    }

    #[test]
    fn a_long_run_of_dashes_round_a_page_number_is_still_a_page_number() {
        let flat = despeckled(&format!("{}12", "– ".repeat(120)));
        assert!(!is_past_every_other_shape(&flat));
        assert_eq!(shape_of(&flat), Shape::Furniture("page number"));
    }

    fn roles(texts: &[&str]) -> Vec<Role> {
        assign_roles(texts).into_iter().map(|c| c.role).collect()
    }

    #[test]
    fn title_cased_words_cut_after_a_function_word_are_a_headline() {
        // Real OCR (the English real-OCR train pages): a speck read as the
        // last mark, noise before the title.
        let r = roles(&[
            "We Will Have To.",
            "| ion 7. That All Of",
            "It is A Struggle As Old As.",
        ]);
        assert_eq!(r, [Role::Headline; 3]);
        assert_eq!(
            assign_roles(&["We Will Have To."])[0].reason,
            "title-cased words cut after a function word (a headline cut short)"
        );
        // A sentence that opens before a column's end, a word cut at a
        // hyphen, a section's name in capitals run into its first line:
        // running text.
        let r = roles(&[
            "the troubles we have at home. In",
            "cities of America. But.",
            "the Armed Forces and the National Service Life In-",
            "_ OLDER AMERICANS My.",
        ]);
        assert_eq!(r, [Role::Body; 4]);
        // A few capitalised words stopping at a lowercase function word,
        // specks after it or not: a paragraph's line that runs on.
        assert_eq!(
            roles(&["Economic Report of the .", "_ Half of the Army in"]),
            [Role::Body; 2]
        );
        assert_eq!(roles(&["Economic Report Of The"]), [Role::Headline]);
    }

    #[test]
    fn a_photo_credit_whose_word_ocr_misread_is_a_caption() {
        // Real OCR (the English real-OCR dev pages): no bracket closes it.
        for credit in [
            "~ town hall,  (Phote: Sones Te",
            "{Phato: Henry age",
            "Phota; John Harlan",
        ] {
            assert_eq!(
                caption_reason(credit),
                Some("photo credit (Photo: …)"),
                "{credit}"
            );
        }
        for body in [
            "See the photos: they tell the story of the pier",
            "We have a plan: to build it",
            "The phone: it rang all night",
        ] {
            assert_eq!(caption_reason(body), None, "{body}");
        }
    }

    #[test]
    fn a_short_latin_block_ending_in_a_bracket_is_a_misread_credit() {
        // Real OCR of photo credits (the English real-OCR training pages).
        let r = roles(&[
            "Workers at the new pier on Monday. (Phot:\nW: Harlan}",
            "Delegates leave the rene oe Edi\nLane)",
            "The board met on Monday and heard the engineers report on the new pier, \
             which was finished in good time for the season, and then on the state of \
             the harbour road, which the members said would want a new surface before \
             the winter came (see page 3)",
        ]);
        use Role::*;
        assert_eq!(r, [Caption, Caption, Body]);
        // Chinese is not read by it.
        let call = &assign_roles(&["在会上讲话（新华社）"])[0];
        assert_ne!(
            call.reason,
            "a short block ending in a bracket (a credit OCR misread)"
        );
        // A guess from the shape: no bridge for a join across it. (`Phot:`
        // is a credit's word misread: marked.)
        assert!(!assign_roles(&["Delegates leave the rene oe Edi\nLane)"])[0].is_marked_caption());
        assert!(
            assign_roles(&["Workers at the new pier on Monday. (Phot:\nW: Harlan}"])[0].is_marked_caption()
        );
        assert!(assign_roles(&["市民在新落成的公园内休闲 李晓燕 摄"])[0].is_marked_caption());
    }

    #[test]
    fn chinese_headline_byline_body_caption() {
        let r = roles(&[
            "文化礼堂有了“共享联盟”",
            "沈 盛",
            "自社会化运营实施以来,每周三或周日,南亩村文化礼堂人头攒动、热闹非凡。",
            "干窑镇“父爱如山 向父亲敬一杯茶”茶文化进校园父亲节主题活动 高启恩 摄",
            "进门找一人 能办所有事",
            "谢震宇 郁馨怡",
            "今年以来,海盐县武原街道向辖区内布置不合理的党群服务中心全面改造。",
        ]);
        use Role::*;
        assert_eq!(r, [Headline, Byline, Body, Caption, Headline, Byline, Body]);
    }

    #[test]
    fn a_chinese_photo_credit_as_tesseract_reads_it_is_a_caption() {
        // Specks before the credit, 摄 read as 报, a space read between
        // the name and the mark (real OCR, the Chinese train pages in hOCR:
        // `休闲 吴刚 报`); a name and 报 in running text, a paper's name, a
        // sentence before the credit: not credits.
        for credit in [
            "。周敏摄",
            "大桥建设现场赵丽报",
            "新建成的学校教学楼周敏报，",
            "休闲 吴刚 报",
        ] {
            assert_eq!(caption_reason(credit), Some("photo credit (… 摄)"), "{credit}");
        }
        for other in ["他在会上向刘东汇报", "嘉兴日报", "工程已经完工。周敏摄"] {
            assert_eq!(caption_reason(other), None, "{other}");
        }
    }

    #[test]
    fn he_opens_no_name() {
        // 和 is the conjunction, not a byline's surname.
        assert!(!is_name_list("和 了") && !is_name_list("和技术") && is_name_list("吴 刚"));
    }

    #[test]
    fn a_chinese_caption_read_apart_from_its_bare_credit_is_its_text() {
        // Tesseract's blocks: the caption's text, then its credit alone.
        let calls = assign_roles(&[
            "新建成的学校教学楼",
            "吴刚 摄",
            "今年以来，全市新建充电站十九座。",
        ]);
        assert!(calls[0].is_caption_above_credit(), "{:?}", calls[0]);
        assert!(calls[1].is_photo_credit(), "{:?}", calls[1]);
        // Specks read before the text and the credit (`。展服务活动` | `.刘芳摄`).
        assert!(assign_roles(&["。展服务活动", ".刘芳摄"])[0].is_caption_above_credit());
        // A credit with its own text, running text cut with its commas, a
        // jump line: none is the text of the credit after it.
        for (before, credit) in [
            ("勤社会化改革进展", "市民在新落成的公园内休闲李晓燕摄"),
            ("各级政府增强，了黄御", "钱伊丽报"),
            ("(下转第3版)", "吴刚 摄"),
        ] {
            let calls = assign_roles(&[before, credit]);
            assert!(
                !calls[0].is_caption_above_credit(),
                "{before} | {credit}: {:?}",
                calls[0]
            );
        }
    }

    #[test]
    fn furniture_and_jump_lines() {
        let r = roles(&[
            "嘉兴日报 3",
            "下转第3版",
            "正文。",
            "嘉兴日报 4",
            "(Continued on page 4)",
            "- 12 -",
            // As OCR reads them off a rough page.
            "oe (Continued on Page.14",
            "{Contintied on Page 12)",
            "(Contimed on Page 57",
            "TContinired oT Page WZ",
            "it TOT sitet OH Page 7]",
            "【下转第3版)，",
            "(下村第7县)",
            "〈\\下枝第4玻)",
            // The page in words, misread with the rest (Chronicling America).
            "« ontinurcl on necon.l PUR 1 \"'",
        ]);
        assert!(
            r.iter().enumerate().all(|(i, r)| (i == 2) == (*r == Role::Body)),
            "{r:?}"
        );
        // Running text that names a page is not one.
        assert!(!misread_jump_line("and we turned the page on it"));
        assert!(!misread_jump_line("the page of history is"));
        assert!(!misread_jump_line("continued to rise"));
        assert!(!misread_jump_line("continued on the next day"));
        // Running text that opens with the word a bracketed marker has.
        assert_eq!(
            roles(&[
                "Continued control of consumer",
                "(Continued",
                "continued efforts to ensure"
            ]),
            [Role::Body, Role::Furniture, Role::Body]
        );
        // Nor is Chinese running text that starts like one, nor a speck's
        // digit before the page number.
        assert!(!misread_jump_line_zh("下一第5条规定，凡属于重大事项的，都要"));
        assert!(!misread_jump_line_zh("5下村第2脾)"));
        assert!(misread_jump_line_zh("《下转第6版"));
    }

    #[test]
    fn a_papers_name_and_date_alone_is_its_running_head() {
        // As Tesseract read them on the real-OCR pages, clean and rough.
        assert_eq!(
            roles(&[
                "嘉兴日报 2012年10月2日",
                "。东方时报2o24e17B",
                "江南哆报1988年5有SH",
                "澳门将于1999年12月20日回到祖国怀抱，",
            ]),
            [Role::Furniture, Role::Furniture, Role::Furniture, Role::Body]
        );
        // The paper's own news service is no date.
        assert!(!is_dateline_zh("本报讯 记者吴刚"));
        assert!(!is_dateline_zh("本报记者 2 人"));
    }

    #[test]
    fn a_reading_notice_is_an_advertisement() {
        // As ABBYY read them on the Chronicling America page.
        for notice in [
            "Poland: poland:: Poland:::\nPurest Natural Spring Wat K:;own.- Advt.",
            "The new \"20th Century Limited\" of the New York\nbetween the East and Weai.-AdvL",
            "Poland Water, first among nature's remedies.-lAdvt.",
        ] {
            assert_eq!(
                assign_roles(&[notice])[0].reason,
                "an advertisement (… Advt.)",
                "{notice}"
            );
        }
        // A word that only ends so, or a story that runs on into a notice
        // (longer than a caption), is not one.
        assert!(!is_reading_notice("the paper will be sent to readvt"));
        let story = format!(
            "{} Poland Spring, Me.-Advt.",
            "The engineers met yesterday. ".repeat(30)
        );
        assert_eq!(assign_roles(&[story.as_str()])[0].role, Role::Body);
    }

    #[test]
    fn a_few_words_in_capitals_are_a_headline_whatever_ends_them() {
        // Decks of the Chronicling America page, as ABBYY read them.
        for deck in [
            "THE FEELING IX LONDON.",
            "RIOTOUS STUDENTS.",
            "RBI TRA TION \"ACCEPTED.",
        ] {
            let call = &assign_roles(&[deck])[0];
            assert_eq!(
                (call.role, call.reason),
                (Role::Headline, "a few words in capitals (a headline or a deck)"),
                "{deck}"
            );
        }
        // A section's name cut at a hyphen runs on into its text; a
        // sentence in capitals past ten words, or one word, is no deck.
        for other in [
            "HEALTH PRO-",
            "THE GENERAL DOMES-.",
            "WE MUST INSIST UPON COURAGE AND RESOLUTION, UPON HARDIHOOD AND TENACITY.",
            "ACT.",
        ] {
            assert_ne!(
                assign_roles(&[other])[0].reason,
                "a few words in capitals (a headline or a deck)",
                "{other}"
            );
        }
    }

    #[test]
    fn latin_roles() {
        use Role::*;
        let r = roles(&[
            "Congress Meets in Special Session",
            "By JOHN WATSON",
            "the members of both houses assembled at noon, and the President's message was read.",
            "The new bridge over the river at dawn. (Photo: Library of Congress)",
        ]);
        assert_eq!(r, [Headline, Byline, Body, Caption]);
        // `by` without its capital goes on from a sentence (real OCR of a
        // column's next line).
        assert_eq!(roles(&["by taking these", "BY JOHN WATSON"]), [Body, Byline]);
    }

    #[test]
    fn roles_are_read_past_ocr_specks() {
        use Role::*;
        let r = roles(&[
            "‘PAGE 3",
            "- And | Want To Cut Through",
            "the members of both houses assembled at noon, and the President's message was read.",
            "I Believe As Strongly As",
            "the members of both houses assembled at noon, and the President's message was read.",
            "of the vast and the",
            "* * *",
        ]);
        assert_eq!(r, [Furniture, Headline, Body, Headline, Body, Body, Furniture]);
    }
}
