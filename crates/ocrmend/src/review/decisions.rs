//! The decisions log: one JSONL line per act, appended as it happens, so a
//! closed browser or a crash loses nothing and a second session resumes.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// What a reviewer did with a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Apply it.
    Accept,
    /// Do not apply it.
    Reject,
    /// Look again later.
    Skip,
    /// Take back the last decision on it.
    Undo,
}

/// One act in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The suggestion's id.
    pub id: String,
    /// What was decided.
    pub decision: Decision,
    /// Who decided.
    pub reviewer: String,
    /// When, RFC 3339 in UTC.
    pub time: String,
    /// The hash ([`file_hash`](super::file_hash)) of the suggestions file
    /// the decision was made on, so that a log is never applied to another.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub suggestions: Option<String>,
}

/// A decisions log as read: its records, and the lines left out because
/// they were torn (cut short while they were written).
#[derive(Debug, Clone, Default)]
pub struct DecisionLog {
    /// The acts, in order.
    pub records: Vec<DecisionRecord>,
    /// The torn lines, left out.
    pub torn_lines: Vec<usize>,
}

/// Reads a decisions log; a missing file is an empty log. A line that is not
/// a decision is an error naming the file and line: the file is left as it
/// is, so no decision in it is lost. A torn line (a record cut short) is
/// left out and named in [`DecisionLog::torn_lines`].
pub fn read_decisions(path: &Path) -> Result<DecisionLog> {
    match std::fs::File::open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DecisionLog::default()),
        _ => {
            let (records, torn_lines) = super::read_records(path, "decision", true)?;
            Ok(DecisionLog { records, torn_lines })
        }
    }
}

/// Refuses a decisions log made on another suggestions file: one whose
/// records name another file's hash, or none of whose decisions is about a
/// suggestion of this one (`ids`).
pub fn check_decisions_belong(
    log: &DecisionLog,
    path: &Path,
    suggestions_hash: &str,
    ids: &std::collections::HashSet<&str>,
) -> Result<()> {
    let mismatch = |message: String| Error::Mismatch {
        name: path.display().to_string(),
        message,
    };
    if let Some(other) = log
        .records
        .iter()
        .filter_map(|r| r.suggestions.as_deref())
        .find(|h| *h != suggestions_hash)
    {
        return Err(mismatch(format!(
            "these decisions were made on another suggestions file (hash {other}, this one {suggestions_hash})"
        )));
    }
    if !log.records.is_empty() && !log.records.iter().any(|r| ids.contains(r.id.as_str())) {
        return Err(mismatch(format!(
            "none of its {} decisions is about a suggestion of this suggestions file",
            log.records.len()
        )));
    }
    Ok(())
}

/// The decision in force for each suggestion: its log replayed, an undo
/// taking back the act before it. Skips count as no decision.
pub fn current_decisions(records: &[DecisionRecord]) -> BTreeMap<String, Decision> {
    let mut stacks: BTreeMap<&str, Vec<Decision>> = BTreeMap::new();
    for r in records {
        let stack = stacks.entry(&r.id).or_default();
        match r.decision {
            Decision::Undo => {
                stack.pop();
            }
            d => stack.push(d),
        }
    }
    stacks
        .into_iter()
        .filter_map(|(id, stack)| {
            let last = *stack.last()?;
            (last != Decision::Skip).then(|| (id.to_string(), last))
        })
        .collect()
}

/// Appends records, one line each, in one write on a file opened for
/// appending (so concurrent writers never interleave), and flushes them to
/// disk once.
pub fn append_decisions(path: &Path, records: &[DecisionRecord]) -> Result<()> {
    let mut lines = String::new();
    for record in records {
        lines.push_str(&serde_json::to_string(record).expect("a record of strings serializes"));
        lines.push('\n');
    }
    append(path, lines.as_bytes())
}

/// Ends a torn last line (a write cut short left no line end) with a line
/// end, appended, so that the records appended after it stand on lines of
/// their own; the torn line stays as it is. Call once before appending,
/// while no one else writes: a session does it when it opens the log.
pub fn end_torn_line(path: &Path) -> Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let last = std::fs::File::open(path).and_then(|mut file| {
        if file.metadata()?.len() == 0 {
            return Ok(None);
        }
        let mut last = [0u8];
        file.seek(SeekFrom::End(-1))?;
        file.read_exact(&mut last)?;
        Ok(Some(last[0]))
    });
    match last {
        Ok(Some(b)) if b != b'\n' => append(path, b"\n"),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Io {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

fn append(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_data()
        })
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// The current time, RFC 3339 in UTC, to the second.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (days to civil date after
/// Howard Hinnant's algorithm).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(id: &str, decision: Decision) -> DecisionRecord {
        DecisionRecord {
            id: id.into(),
            decision,
            reviewer: "r".into(),
            time: "t".into(),
            suggestions: None,
        }
    }

    #[test]
    fn undo_takes_back_the_act_before_it() {
        use Decision::*;
        let log = [
            act("a", Accept),
            act("b", Reject),
            act("a", Reject),
            act("a", Undo),
            act("b", Undo),
            act("c", Skip),
            act("d", Accept),
            act("d", Skip),
        ];
        let now = current_decisions(&log);
        assert_eq!(now.get("a"), Some(&Accept));
        assert_eq!(now.get("b"), None);
        assert_eq!(now.get("c"), None, "a skip is no decision");
        assert_eq!(now.get("d"), None, "skipped after accepting: looked at again");
    }

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_999_999), "2026-11-30T00:53:19Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn a_corrupt_line_is_named_and_nothing_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        append_decisions(&path, &[act("a", Decision::Accept)]).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{not json\n")
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = read_decisions(&path).unwrap_err().to_string();
        assert!(err.contains("d.jsonl:2: not a decision record"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_torn_last_line_is_left_out_and_the_next_append_starts_a_line() {
        // Issue 12, case 12: a disk full while appending left half a record,
        // and review and apply refused until the file was edited by hand.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        append_decisions(&path, &[act("a", Decision::Accept)]).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(br#"{"id":"b","decis"#)
            .unwrap();
        let log = read_decisions(&path).unwrap();
        assert_eq!(log.records.len(), 1);
        assert_eq!(log.torn_lines, [2]);
        end_torn_line(&path).unwrap();
        end_torn_line(&path).unwrap();
        append_decisions(&path, &[act("c", Decision::Reject)]).unwrap();
        // The torn line is now inside the file: still left out, never rewritten.
        let log = read_decisions(&path).unwrap();
        assert_eq!(
            log.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(log.torn_lines, [2]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.ends_with("\n{\"id\":\"c\",\"decision\":\"reject\",\"reviewer\":\"r\",\"time\":\"t\"}\n"),
            "{text}"
        );
    }
}
