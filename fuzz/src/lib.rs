//! What every fuzz target checks of a document a reader gave: its repair
//! never panics; nothing is lost, whatever is applied; applying is pure and
//! repairing is deterministic; the report serializes; and, when everything
//! the repair saw is in the text (no declared roles, no geometry: markup
//! says more than the text it becomes), repairing the output again changes
//! nothing. Repaired the second time without evidence (as a run that writes
//! neither a report nor suggestions repairs), it makes the same edits.

use ocrmend::report::document_report;
use ocrmend::{repair, Applicability, Document, Options, Repairer};

/// Repairs `doc` and asserts the invariants.
pub fn check(doc: Document) {
    let text = doc.text.clone();
    let text_only = doc
        .blocks
        .iter()
        .all(|b| b.declared_role.is_none() && b.position.is_none());
    let r = repair(doc.clone(), &Options::default());
    for min in [Applicability::Safe, Applicability::Review, Applicability::Display] {
        let applied = r.apply_at_least(min);
        assert!(
            applied.nothing_lost(&text, &r.edits),
            "lost text at {min:?}: {:?}",
            applied.text
        );
        assert_eq!(applied.text, r.apply_at_least(min).text, "apply is not pure");
    }
    let again = Repairer::shipped()
        .without_evidence()
        .repair(doc, &Options::default());
    let mut unexplained = r.edits.clone();
    unexplained.iter_mut().for_each(|e| e.evidence.clear());
    assert_eq!(
        unexplained, again.edits,
        "repair is not deterministic, or evidence changed a decision"
    );
    let safe = r.apply_at_least(Applicability::Safe);
    serde_json::to_string(&document_report(&r, &safe)).expect("the report serializes");
    if !text_only {
        return;
    }
    if let Ok(doc) = ocrmend::input::parse_plain("again".into(), safe.text.clone().into_bytes()) {
        let twice = repair(doc, &Options::default()).apply_at_least(Applicability::Safe);
        assert_eq!(twice.text, safe.text, "repairing the output changed it");
    }
}
