//! Clean articles from the shared corpora: English speeches (one per line,
//! `name<TAB>text`, no paragraph breaks) are cut into sentences and grouped
//! into paragraphs; Chinese text is one paragraph a line already.

use super::rng::Rng;
use super::Lang;

/// One article: its paragraphs, clean.
#[derive(Debug, Clone)]
pub struct Article {
    /// Paragraphs in order.
    pub paragraphs: Vec<String>,
}

/// Splits a corpus into articles, deterministically for a given `rng`.
pub fn articles(text: &str, lang: Lang, rng: &mut Rng) -> Vec<Article> {
    let paragraphs = match lang {
        Lang::En => english_paragraphs(text, rng),
        Lang::Zh => text
            .lines()
            .map(str::trim)
            // Salutations and short headings (`各位代表：`) are not paragraphs of an article.
            .filter(|l| l.chars().count() >= 30)
            .map(str::to_string)
            .collect(),
    };
    let mut out = Vec::new();
    let mut rest = paragraphs.as_slice();
    while !rest.is_empty() {
        let n = rng.range(3, 6).min(rest.len());
        out.push(Article {
            paragraphs: rest[..n].to_vec(),
        });
        rest = &rest[n..];
    }
    out
}

fn english_paragraphs(text: &str, rng: &mut Rng) -> Vec<String> {
    let mut paragraphs = Vec::new();
    for line in text.lines() {
        let body = line.split_once('\t').map_or(line, |(_, t)| t).trim();
        let sentences = sentences(body);
        let mut rest = sentences.as_slice();
        while !rest.is_empty() {
            let n = rng.range(2, 5).min(rest.len());
            paragraphs.push(rest[..n].join(" "));
            rest = &rest[n..];
        }
    }
    paragraphs
}

/// Sentences end at `.`, `?` or `!` followed by a space and a capital letter.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(3) {
        let ((_, a), (j, b), (_, c)) = (w[0], w[1], w[2]);
        if matches!(a, '.' | '?' | '!') && b == ' ' && c.is_uppercase() {
            out.push(text[start..j].trim());
            start = j + 1;
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_sentences_group_into_paragraphs() {
        let text = "x\tOne. Two is here. Three? Four! Five.";
        assert_eq!(
            sentences(text.split_once('\t').unwrap().1),
            ["One.", "Two is here.", "Three?", "Four!", "Five."]
        );
        let arts = articles(text, Lang::En, &mut Rng::new(1));
        let joined: Vec<String> = arts.iter().flat_map(|a| a.paragraphs.clone()).collect();
        assert_eq!(joined.join(" "), "One. Two is here. Three? Four! Five.");
    }
}
