//! The words of a text as Unicode's word boundaries (UAX #29) cut them,
//! what `unicode-segmentation`'s `unicode_words` gives, with ASCII read by
//! the rules themselves instead of a table lookup per character: English
//! OCR text is mostly ASCII, and on a megabyte of it the lookups were
//! nearly two fifths of the cost of counting its words.

use unicode_segmentation::UnicodeSegmentation;

/// Calls `visit` with each word of `text`, in order, exactly as
/// `text.unicode_words()` yields them (a test compares the two).
///
/// The text is cut where a space or line break is followed by an ASCII
/// character that is neither: Unicode's rules always break there and look
/// no further across (no rule joins a space to what follows it but another
/// space, never cut before, or a mark that extends it, never ASCII). A
/// piece that is all ASCII is segmented here, any other by `unicode_words`.
pub fn for_each_word<'a>(text: &'a str, mut visit: impl FnMut(&'a str)) {
    if text.is_ascii() {
        return ascii_words(text, &mut visit);
    }
    let bytes = text.as_bytes();
    let is_space = |b: u8| b == b' ' || b == b'\n';
    let mut start = 0;
    for at in 1..=bytes.len() {
        let cut =
            at == bytes.len() || (is_space(bytes[at - 1]) && bytes[at].is_ascii() && !is_space(bytes[at]));
        if !cut {
            continue;
        }
        let piece = &text[start..at];
        if piece.is_ascii() {
            ascii_words(piece, &mut visit);
        } else {
            piece.unicode_words().for_each(&mut visit);
        }
        start = at;
    }
}

/// An ASCII character's word-break property, as UAX #29 gives it (only the
/// ones its word rules tell apart).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Break {
    /// `A`–`Z`, `a`–`z` (ALetter).
    Letter,
    /// `0`–`9` (Numeric).
    Digit,
    /// `_` (ExtendNumLet).
    Connector,
    /// `:` (MidLetter): inside a word between letters.
    MidLetter,
    /// `.` and `'` (MidNumLet, Single_Quote): between letters or digits.
    MidLetterOrDigit,
    /// `,` and `;` (MidNum): between digits.
    MidDigit,
    /// Anything else: a break on both sides.
    Other,
}

/// Each byte's [`Break`], looked up instead of matched: it is asked of
/// every byte of an English document.
const BREAKS: [Break; 256] = {
    let mut table = [Break::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = break_of(b as u8);
        b += 1;
    }
    table
};

const fn break_of(b: u8) -> Break {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Break::Letter,
        b'0'..=b'9' => Break::Digit,
        b'_' => Break::Connector,
        b':' => Break::MidLetter,
        b'.' | b'\'' => Break::MidLetterOrDigit,
        b',' | b';' => Break::MidDigit,
        _ => Break::Other,
    }
}

/// The words of an ASCII `text` by UAX #29's rules WB5–WB13b: letters,
/// digits and `_` run on; a `:`, `.` or `'` between two letters, and a
/// `,`, `;`, `.` or `'` between two digits, stay inside the word; a
/// segment counts as a word when it holds a letter or a digit.
fn ascii_words<'a>(text: &'a str, visit: &mut impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let runs_on = |class: Break| matches!(class, Break::Letter | Break::Digit | Break::Connector);
    let mut i = 0;
    while i < bytes.len() {
        let mut last = BREAKS[usize::from(bytes[i])];
        if !runs_on(last) {
            i += 1;
            continue;
        }
        let (start, mut end, mut alphanumeric) = (i, i + 1, last != Break::Connector);
        while end < bytes.len() {
            let next = BREAKS[usize::from(bytes[end])];
            if runs_on(next) {
                alphanumeric |= next != Break::Connector;
                last = next;
                end += 1;
                continue;
            }
            let after = bytes.get(end + 1).map(|&b| BREAKS[usize::from(b)]);
            let inside = matches!(
                (last, next, after),
                (
                    Break::Letter,
                    Break::MidLetter | Break::MidLetterOrDigit,
                    Some(Break::Letter)
                ) | (
                    Break::Digit,
                    Break::MidDigit | Break::MidLetterOrDigit,
                    Some(Break::Digit)
                )
            );
            if !inside {
                break;
            }
            end += 2;
        }
        if alphanumeric {
            visit(&text[start..end]);
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w));
        out
    }

    #[test]
    fn words_are_cut_as_unicode_cuts_them() {
        for text in [
            "can't stop, e.g. 3.14 or 1,000; a:b _x_ __ x__y",
            "don’t “quote” naïve café — 12,5 km",
            "a  \u{093E}b \u{00AD}soft a\u{0301}b 中文 words",
            "",
            "   ",
            "end.",
        ] {
            assert_eq!(words(text), text.unicode_words().collect::<Vec<_>>(), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_are_unicode_words_for_any_text(
            text in "[a-zA-Z0-9 \n\r\t.,:;'_\"!?()\\-’é\u{0301}\u{00AD}\u{093E}\u{200D}中😀]{0,80}"
        ) {
            proptest::prop_assert_eq!(words(&text), text.unicode_words().collect::<Vec<_>>());
        }
    }
}
