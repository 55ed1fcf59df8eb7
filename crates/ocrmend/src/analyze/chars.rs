//! Character classes the analysis keeps asking about: scripts, sentence
//! punctuation, brackets. One place, so that every rule agrees on them.

use crate::model::Script;

/// Han ideographs and the other CJK scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // kana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified
        | 0xAC00..=0xD7AF    // Hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2FA1F) // extensions B–F
}

/// `char`'s letter and number tests (`is_alphabetic`, `is_numeric`,
/// `is_alphanumeric`), giving the same answers, with the characters
/// newspapers are mostly made of answered without Unicode's tables: ASCII,
/// Han ideographs, CJK and general punctuation, full-width forms. On an
/// 8 MB Chinese document those table lookups (each a search) were an
/// eighth of the run, most of them for `，` and `。`.
// By value, as `char`'s own tests: they stand in for them, as functions too
// (`.all(char::is_letter)`).
#[allow(clippy::wrong_self_convention)]
pub trait LetterClass {
    /// As `char::is_alphabetic`.
    fn is_letter(self) -> bool;
    /// As `char::is_numeric`.
    fn is_number(self) -> bool;
    /// As `char::is_alphanumeric`.
    fn is_letter_or_number(self) -> bool;
}

impl LetterClass for char {
    #[inline]
    fn is_letter(self) -> bool {
        answer(
            self,
            char::is_ascii_alphabetic,
            |class| class == Class::Letter,
            char::is_alphabetic,
        )
    }

    #[inline]
    fn is_number(self) -> bool {
        answer(
            self,
            char::is_ascii_digit,
            |class| class == Class::Number,
            char::is_numeric,
        )
    }

    #[inline]
    fn is_letter_or_number(self) -> bool {
        answer(
            self,
            char::is_ascii_alphanumeric,
            |class| class != Class::Neither,
            char::is_alphanumeric,
        )
    }
}

/// One of [`LetterClass`]'s tests of `c`: by `ascii` for ASCII, by what
/// [`known_class`] knows of the rest, else by Unicode's tables (`asked`).
#[inline]
fn answer(
    c: char,
    ascii: impl Fn(&char) -> bool,
    known: impl Fn(Class) -> bool,
    asked: impl Fn(char) -> bool,
) -> bool {
    if c.is_ascii() {
        return ascii(&c);
    }
    match known_class(c) {
        Some(class) => known(class),
        None => asked(c),
    }
}

/// What [`known_class`] knows a character to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Number,
    Neither,
}

/// The class of a character past ASCII in the ranges Chinese and English
/// newspaper text is mostly written in, or None where Unicode's tables must
/// be asked. Every answer agrees with `char`'s own (a test checks every
/// character).
#[inline]
fn known_class(c: char) -> Option<Class> {
    let class = match c as u32 {
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Class::Letter,
        0xFF10..=0xFF19 => Class::Number,
        0x2000..=0x206F
        | 0x3000..=0x3004
        | 0x3008..=0x3020
        | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF20
        | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65 => Class::Neither,
        _ => return None,
    };
    Some(class)
}

/// Pushes `c` lowercased onto `out`, with Unicode's case tables asked only
/// for what may have a case: ASCII is folded in place and CJK characters
/// have none (on Chinese pages they were most of the lookups). Inlined
/// always: it is called once per character of every block (the repeat
/// keys), and a mere `#[inline]` was once left out of line by the way the
/// crate was cut into codegen units (English megabyte +14 M instructions).
#[inline(always)]
pub fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_cjk(c) {
        out.push(c);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// True when `text` holds a CJK character ([`is_cjk`]). Every one of them
/// is written with a lead byte of 0xE3 or more in UTF-8: the text is passed
/// over 64 bytes at a time without a branch (0.3 ms on an 8 MB English
/// document, against 2.2 ms a byte at a time with an early exit), and
/// decoded only where such a byte stands (English, with its curly quotes
/// and dashes at 0xE2, never).
pub fn has_cjk(text: &str) -> bool {
    const CHUNK: usize = 64;
    let bytes = text.as_bytes();
    bytes.chunks(CHUNK).enumerate().any(|(k, chunk)| {
        chunk.iter().fold(false, |seen, &b| seen | (b >= 0xE3))
            && (0..chunk.len())
                .filter(|&i| chunk[i] >= 0xE3)
                .any(|i| text[k * CHUNK + i..].chars().next().is_some_and(is_cjk))
    })
}

/// Full-width forms (`２`, `Ａ`, `，`): written only inside CJK text.
pub fn is_fullwidth(c: char) -> bool {
    matches!(c as u32, 0xFF01..=0xFF5E)
}

/// Written without spaces around it: CJK characters, their symbols and
/// punctuation (`。`, `、`, `「`), full-width and half-width forms. Curly
/// quotes and dashes are not: Latin text uses them too.
pub fn is_spaceless(c: char) -> bool {
    is_cjk(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// Punctuation written in CJK text (full-width forms and CJK symbols).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Ends a sentence: `。！？` and their half-width forms, the ellipsis.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '.' | '…' | '．' | '｡')
}

/// Ends a clause but not a sentence: commas, enumeration comma, colons, semicolons.
pub fn is_clause_punct(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':' | '；' | ';')
}

/// Closes a quotation or a bracket; may follow a sentence's terminal mark.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | ')' | ']' | '}' | '）' | '】' | '」' | '』' | '》' | '〉' | '〕' | '］'
    )
}

/// Opens a quotation or a bracket.
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '(' | '[' | '{' | '（' | '【' | '「' | '『' | '《' | '〈' | '〔' | '［'
    )
}

/// A dash that may end a line as a hyphen: ASCII, soft and Unicode hyphens,
/// Fraktur's double oblique hyphen `⸗`, and the `¬` OCR often reads for it.
pub fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{00AD}' | '\u{2010}' | '\u{2011}' | '\u{2E17}' | '\u{00AC}'
    )
}

/// How many bytes `bytes` starts with are ASCII, read eight at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let words = bytes.chunks_exact(8);
    let whole = words.len() * 8;
    for (n, word) in words.enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            // The first byte with its high bit set; the lowest, read little-endian.
            return n * 8 + (word & 0x8080_8080_8080_8080).trailing_zeros() as usize / 8;
        }
    }
    whole
        + bytes[whole..]
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(bytes.len() - whole)
}

/// The script that dominates `text`: CJK when CJK characters outnumber Latin
/// letters, Latin when letters dominate, Neutral for digits and symbols.
pub fn script_of(text: &str) -> Script {
    let (mut cjk, mut latin) = (0usize, 0usize);
    // Runs of ASCII are counted a slice at a time, without decoding or
    // branches; each other character is decoded where it starts.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii() {
            let ascii = ascii_prefix(&bytes[at..]);
            // Counted in bytes, 128 at a time: the count vectorizes.
            latin += bytes[at..at + ascii]
                .chunks(128)
                .map(|chunk| {
                    let letters = chunk
                        .iter()
                        .fold(0u8, |n, &b| n + u8::from((b | 0x20).wrapping_sub(b'a') < 26));
                    usize::from(letters)
                })
                .sum::<usize>();
            at += ascii;
        } else {
            let c = text[at..].chars().next().expect("a character starts past ASCII");
            if is_cjk(c) {
                cjk += 1;
            } else if c.is_letter() {
                latin += 1;
            }
            at += c.len_utf8();
        }
    }
    if cjk == 0 && latin == 0 {
        Script::Neutral
    } else if cjk * 3 >= latin {
        // A CJK block quoting a Latin acronym stays CJK.
        Script::Cjk
    } else {
        Script::Latin
    }
}

/// The last character that is not a closing quote or bracket, and whether any
/// closer followed it. `…。”` ends with `。` behind a closer.
pub fn last_significant(text: &str) -> Option<char> {
    text.trim_end()
        .chars()
        .rev()
        .find(|c| !is_closing(*c) && !c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_prefix_ends_at_the_first_other_byte_wherever_it_falls() {
        for at in 0..20 {
            let text = format!("{}é and more text", "a".repeat(at));
            assert_eq!(ascii_prefix(text.as_bytes()), at, "{text}");
        }
        assert_eq!(ascii_prefix(b"all plain ascii, seventeen+"), 27);
        assert_eq!(ascii_prefix(b""), 0);
    }

    proptest::proptest! {
        /// The script is what counting every character one by one gives.
        #[test]
        fn script_of_counts_as_reading_each_character(text in "[a-zA-Z0-9 .,@\\[`{éß漢字，]{0,300}") {
            let cjk = text.chars().filter(|&c| is_cjk(c)).count();
            let latin = text.chars().filter(|&c| !is_cjk(c) && c.is_alphabetic()).count();
            let expected = match (cjk, latin) {
                (0, 0) => Script::Neutral,
                _ if cjk * 3 >= latin => Script::Cjk,
                _ => Script::Latin,
            };
            proptest::prop_assert_eq!(script_of(&text), expected);
        }
    }

    #[test]
    fn letters_answer_as_char_does_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(c.is_letter(), c.is_alphabetic(), "{c:?}");
            assert_eq!(c.is_number(), c.is_numeric(), "{c:?}");
            assert_eq!(c.is_letter_or_number(), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn classes() {
        assert!(is_cjk('充') && !is_cjk('a') && !is_cjk('，'));
        assert!(is_cjk_punct('，') && is_cjk_punct('“'));
        assert!(is_terminal('。') && !is_terminal('，'));
        assert_eq!(last_significant("他说：“好。”"), Some('。'));
        assert_eq!(script_of("泄漏检测与修复(LDAR)数字化"), Script::Cjk);
        assert_eq!(script_of("The word (LDAR)"), Script::Latin);
        assert_eq!(script_of("2023 - 4"), Script::Neutral);
        // Letters past ASCII count, whatever comes between them.
        assert_eq!(script_of("“Élan” — ça été ü"), Script::Latin);
        assert_eq!(script_of("ÉÉÉÉÉÉ 中"), Script::Latin);
        assert_eq!(script_of("ÉÉÉ 中"), Script::Cjk);
        assert_eq!(script_of("“”—"), Script::Neutral);
    }

    #[test]
    fn has_cjk_finds_every_cjk_character_and_nothing_else() {
        let mut text = String::new();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            text.clear();
            text.push(c);
            assert_eq!(has_cjk(&text), is_cjk(c), "U+{:04X}", c as u32);
        }
        assert!(has_cjk("“Tuesday” — 充") && !has_cjk("“Tuesday” — ‘ça’"));
        // Wherever it stands against the chunks the bytes are read in, and
        // after characters with a lead byte as high that are not CJK.
        for at in 0..200 {
            let before = "ﬁ€x".repeat(at / 6) + &"x".repeat(at % 6);
            assert!(has_cjk(&format!("{before}充 and more text")), "at {at}");
            assert!(!has_cjk(&format!("{before}ﬂ and more text")), "at {at}");
        }
    }
}
