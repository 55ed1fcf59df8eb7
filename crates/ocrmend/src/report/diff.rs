//! Diffs for people: a unified diff of paragraphs, and an inline character
//! diff of each change (`[-removed-]{+inserted+}`), both computed by `similar`
//! with a deadline so that a pathological input degrades instead of hanging.

use similar::{ChangeTag, TextDiff};
use std::fmt::Write;
use std::time::Duration;

const DIFF_DEADLINE: Duration = Duration::from_secs(2);

/// A unified diff between `old` and `new`, line by line.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let diff = TextDiff::configure().timeout(DIFF_DEADLINE).diff_lines(old, new);
    diff.unified_diff()
        .context_radius(1)
        .header(old_name, new_name)
        .to_string()
}

/// Each changed stretch of `old` → `new` as one line of context with the
/// change marked inline: `…充[-⏎⏎-]{+电+}桩…`. Characters, not words: CJK has
/// no spaces, and a join often changes just one.
pub fn inline_diff(old: &str, new: &str) -> String {
    let diff = TextDiff::configure().timeout(DIFF_DEADLINE).diff_chars(old, new);
    let mut out = String::new();
    for group in diff.grouped_ops(12) {
        // Runs of changes with the same tag, merged: `[-ab-]`, not `[-a-][-b-]`.
        let mut runs: Vec<(ChangeTag, String)> = Vec::new();
        for op in &group {
            for change in diff.iter_changes(op) {
                let value = change.value().replace('\n', "⏎");
                match runs.last_mut() {
                    Some((tag, text)) if *tag == change.tag() => text.push_str(&value),
                    _ => runs.push((change.tag(), value)),
                }
            }
        }
        for (tag, text) in runs {
            let _ = match tag {
                ChangeTag::Equal => write!(out, "{text}"),
                ChangeTag::Delete => write!(out, "[-{text}-]"),
                ChangeTag::Insert => write!(out, "{{+{text}+}}"),
            };
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_marks_a_join_and_an_insertion() {
        let out = inline_diff("新建充电站、充\n\n桩113根", "新建充电站、充电桩113根");
        assert_eq!(out, "新建充电站、充[-⏎⏎-]{+电+}桩113根\n");
    }

    #[test]
    fn unified_has_headers() {
        let out = unified_diff("a\nb\n", "a\nc\n", "in", "out");
        assert!(out.starts_with("--- in\n+++ out\n"), "{out}");
        assert!(out.contains("-b\n+c\n"), "{out}");
    }
}
