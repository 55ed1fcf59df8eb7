//! Analysis of each block on its own: script, role, and whether its first and
//! last sentences are complete. The repair stage reads these facts; it never
//! recomputes them.

pub mod chars;
mod roles;

use crate::model::{Document, Role, Script};
use chars::{is_clause_punct, is_closing, is_hyphen, is_opening, is_terminal, last_significant};
use serde::Serialize;

pub use roles::RoleCall;

/// How a block's text ends, the first fact every seam decision looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Ending {
    /// With a sentence's terminal mark (`。`, `.`, `?`), perhaps behind a closing quote.
    Terminal,
    /// With a clause mark: comma, colon, semicolon, enumeration comma.
    Clause,
    /// With a hyphen right after a letter: a word broken at the line end.
    Hyphen,
    /// In the middle of a word or phrase: no punctuation at all.
    Open,
}

/// Everything the repair stage needs to know about one block.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockFacts {
    /// Dominant writing system.
    pub script: Script,
    /// The block's role and the rule behind it.
    pub role: RoleCall,
    /// How the block ends.
    pub ending: Ending,
    /// True when the block opens more quotes or brackets than it closes.
    pub unclosed: bool,
}

/// Analyzes every block of `doc`.
pub fn analyze(doc: &Document) -> Vec<BlockFacts> {
    let texts: Vec<&str> = (0..doc.blocks.len()).map(|i| doc.block_text(i)).collect();
    let roles = roles::assign_roles(&texts);
    texts
        .iter()
        .zip(roles)
        .map(|(text, role)| BlockFacts {
            script: chars::script_of(text),
            role,
            ending: ending_of(text),
            unclosed: unclosed(text),
        })
        .collect()
}

/// Classifies how `text` ends.
pub fn ending_of(text: &str) -> Ending {
    let trimmed = text.trim_end();
    let mut rev = trimmed.chars().rev();
    if let (Some(last), Some(before)) = (rev.next(), rev.next()) {
        if is_hyphen(last) && before.is_alphabetic() && !chars::is_cjk(before) {
            return Ending::Hyphen;
        }
    }
    match last_significant(trimmed) {
        Some('.') if ends_with_abbreviation(trimmed) => Ending::Open,
        Some(c) if is_terminal(c) => Ending::Terminal,
        Some(c) if is_clause_punct(c) => Ending::Clause,
        _ => Ending::Open,
    }
}

/// `Mr.`, `Gen.`, `U.S.`, an initial `J.`: a period that does not end a sentence.
fn ends_with_abbreviation(text: &str) -> bool {
    let last_word = text
        .trim_end_matches(|c: char| is_closing(c) || c == '.')
        .rsplit(|c: char| c.is_whitespace() || is_opening(c))
        .next()
        .unwrap_or("");
    const ABBREVIATIONS: [&str; 16] = [
        "mr", "mrs", "ms", "dr", "st", "gen", "col", "capt", "lt", "sen", "rep", "gov", "hon",
        "rev", "no", "vs",
    ];
    let word = last_word.to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
        || (last_word.chars().count() == 1 && last_word.chars().all(char::is_uppercase))
}

fn unclosed(text: &str) -> bool {
    let mut depth: i32 = 0;
    for c in text.chars() {
        if matches!(c, '“' | '（' | '(' | '《' | '「' | '【' | '[') {
            depth += 1;
        } else if matches!(c, '”' | '）' | ')' | '》' | '」' | '】' | ']') {
            depth -= 1;
        }
    }
    depth > 0
}

/// True for a role that may be joined with a neighbour.
pub fn joinable(role: Role) -> bool {
    role == Role::Body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings() {
        assert_eq!(ending_of("双方和解。"), Ending::Terminal);
        assert_eq!(ending_of("他说：“好。”"), Ending::Terminal);
        assert_eq!(ending_of("新建充电站19座、充"), Ending::Open);
        assert_eq!(ending_of("凝聚力强,"), Ending::Clause);
        assert_eq!(ending_of("an exam-"), Ending::Hyphen);
        assert_eq!(ending_of("said Mr."), Ending::Open);
        assert_eq!(ending_of("the end."), Ending::Terminal);
        assert_eq!(ending_of("a pause —"), Ending::Open);
    }

    #[test]
    fn unclosed_quotes() {
        assert!(unclosed("他说：“我们"));
        assert!(!unclosed("“一键”疏通"));
    }
}
