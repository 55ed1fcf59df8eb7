//! Word forms built only to be looked up (a word in lower case, capitalised,
//! two pieces closed up): reassembly asks the lexicon and the page's counts
//! about every candidate pair, and a heap string per question was a large
//! share of its time. A short ASCII form is built on the stack.

/// Bytes a form keeps on the stack; a longer one goes on the heap.
const INLINE: usize = 32;

/// A word form, borrowed, on the stack, or on the heap.
pub(crate) enum WordForm<'a> {
    /// The word itself: the form asked for is the word as written.
    Same(&'a str),
    /// A short ASCII form.
    Inline { bytes: [u8; INLINE], len: usize },
    /// Anything else.
    Owned(String),
}

impl<'a> WordForm<'a> {
    /// `word` in lower case, as [`str::to_lowercase`] gives it.
    pub(crate) fn lowercase(word: &'a str) -> Self {
        if !word.is_ascii() {
            return WordForm::Owned(word.to_lowercase());
        }
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return WordForm::Same(word);
        }
        Self::ascii(&[word], |bytes| bytes.make_ascii_lowercase())
    }

    /// `lower` with its first letter in upper case (`the` → `The`).
    pub(crate) fn capitalised(lower: &str) -> WordForm<'static> {
        if !lower.is_ascii() {
            let mut capital: String = lower.chars().take(1).flat_map(char::to_uppercase).collect();
            capital.push_str(&lower[lower.chars().next().map_or(0, char::len_utf8)..]);
            return WordForm::Owned(capital);
        }
        WordForm::ascii(&[lower], |bytes| {
            if let Some(first) = bytes.first_mut() {
                first.make_ascii_uppercase();
            }
        })
    }

    /// `pieces` written one after another (`exam` + `ple`, `bran` + `-` + `new`).
    pub(crate) fn joined(pieces: &[&str]) -> WordForm<'static> {
        if pieces.iter().all(|p| p.is_ascii()) {
            return WordForm::ascii(pieces, |_| ());
        }
        WordForm::Owned(pieces.concat())
    }

    /// `pieces` (all ASCII) one after another, changed by `change`, on the
    /// stack when they fit.
    fn ascii<'b>(pieces: &[&str], change: impl FnOnce(&mut [u8])) -> WordForm<'b> {
        let len = pieces.iter().map(|p| p.len()).sum();
        if len > INLINE {
            let mut bytes = pieces.concat().into_bytes();
            change(&mut bytes);
            return WordForm::Owned(String::from_utf8(bytes).expect("ASCII stays UTF-8"));
        }
        let mut bytes = [0; INLINE];
        let mut at = 0;
        for piece in pieces {
            bytes[at..at + piece.len()].copy_from_slice(piece.as_bytes());
            at += piece.len();
        }
        change(&mut bytes[..len]);
        WordForm::Inline { bytes, len }
    }

    /// The form as text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            WordForm::Same(word) => word,
            WordForm::Inline { bytes, len } => {
                std::str::from_utf8(&bytes[..*len]).expect("ASCII stays UTF-8")
            }
            WordForm::Owned(form) => form,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_what_the_standard_library_makes() {
        let long = "Antidisestablishmentarianism-Reconsidered";
        for word in [
            "the", "The", "THE", "Élan", "ÉLAN", "straße", "", "a", long, "Ǆemal",
        ] {
            let lower = word.to_lowercase();
            assert_eq!(WordForm::lowercase(word).as_str(), lower, "{word}");
            let mut capital: String = lower.chars().take(1).flat_map(char::to_uppercase).collect();
            capital.push_str(&lower[lower.chars().next().map_or(0, char::len_utf8)..]);
            assert_eq!(WordForm::capitalised(&lower).as_str(), capital, "{word}");
            assert_eq!(
                WordForm::joined(&[word, "-", "ple"]).as_str(),
                format!("{word}-ple")
            );
        }
        assert!(matches!(WordForm::lowercase("the"), WordForm::Same(_)));
        assert!(matches!(WordForm::lowercase("The"), WordForm::Inline { .. }));
        assert!(matches!(WordForm::joined(&[long, "x"]), WordForm::Owned(_)));
        assert!(matches!(
            WordForm::joined(&["exam", "ple"]),
            WordForm::Inline { .. }
        ));
    }
}
