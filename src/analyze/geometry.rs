//! Evidence from where blocks sit on the scan, when the input gives boxes
//! (ALTO, hOCR, PAGE XML, JSONL regions): which block ends a column, which
//! heads one, where the next block in reading order lies, and which blocks
//! are set in larger type than the page's body text.

use crate::model::{Document, Role};
use serde::Serialize;
use std::collections::HashMap;

/// Where the block after a seam lies relative to the block before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// The left block ends its column and the right one heads the next
    /// column (to the right, or on a later page): where a column break puts
    /// a paragraph's continuation.
    NextColumn,
    /// Right under the left block, in the same column.
    Below,
    /// Anywhere else: not where a continuation is printed.
    Elsewhere,
}

impl Placement {
    /// How the placement reads in a report.
    pub fn describe(self) -> &'static str {
        match self {
            Placement::NextColumn => "left ends a column, right heads the next",
            Placement::Below => "right is just below left in the same column",
            Placement::Elsewhere => "right is neither below left nor at the head of the next column",
        }
    }
}

/// Pages with more blocks than this get no geometric evidence: the pairwise
/// tests would cost too much on hostile input, and no newspaper page has so many.
const MAX_BLOCKS_PER_PAGE: usize = 2000;

/// Line height, relative to the page's median, from which a short block
/// counts as set in larger type.
const LARGE_TYPE: f64 = 1.6;

/// What the boxes say about each block and each seam.
#[derive(Debug, Clone, Default)]
pub struct LayoutFacts {
    /// For seam `i` (between blocks `i` and `i + 1`), where the right block lies.
    pub placements: Vec<Option<Placement>>,
    /// Per block: set in type at least [`LARGE_TYPE`] times the page's
    /// median line height, in three lines or fewer.
    pub large_type: Vec<bool>,
}

#[derive(Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// The two share most of the narrower one's width: one column.
    fn same_column(&self, other: &Rect) -> bool {
        let overlap = (self.x + self.w).min(other.x + other.w) - self.x.max(other.x);
        overlap > 0.5 * self.w.min(other.w)
    }
}

/// Reads the layout of `doc`, given each block's role (furniture is not part
/// of any column).
pub fn layout_facts(doc: &Document, roles: &[Role]) -> LayoutFacts {
    let n = doc.blocks.len();
    let rects: Vec<Option<Rect>> = doc
        .blocks
        .iter()
        .map(|b| {
            let [x, y, w, h] = b.geometry.bbox?;
            (w.is_finite() && h.is_finite() && x.is_finite() && y.is_finite() && w > 0.0 && h > 0.0)
                .then_some(Rect { x, y, w, h })
        })
        .collect();
    if rects.iter().all(Option::is_none) {
        return LayoutFacts {
            placements: vec![None; n.saturating_sub(1)],
            large_type: vec![false; n],
        };
    }
    let mut pages: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
    for (i, r) in rects.iter().enumerate() {
        if r.is_some() {
            pages
                .entry(doc.blocks[i].geometry.page.as_deref())
                .or_default()
                .push(i);
        }
    }
    let mut at_foot = vec![false; n];
    let mut at_head = vec![false; n];
    let mut large_type = vec![false; n];
    for members in pages.values().filter(|m| m.len() <= MAX_BLOCKS_PER_PAGE) {
        let rect = |i: usize| rects[i].expect("pages hold blocks with boxes");
        let line_height = |i: usize| rect(i).h / doc.blocks[i].lines.len() as f64;
        let mut heights: Vec<f64> = members
            .iter()
            .filter(|&&i| roles[i] == Role::Body)
            .map(|&i| line_height(i))
            .collect();
        heights.sort_by(f64::total_cmp);
        let Some(&median) = heights.get(heights.len() / 2) else {
            continue;
        };
        let tolerance = 0.5 * median;
        // Blocks in the page's top band (running heads) head no column.
        let text_top = members
            .iter()
            .filter(|&&i| roles[i] == Role::Body)
            .map(|&i| rect(i).y)
            .fold(f64::INFINITY, f64::min);
        let in_columns: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| roles[i] != Role::Furniture && rect(i).bottom() > text_top + tolerance)
            .collect();
        for &i in members {
            let a = rect(i);
            at_foot[i] = !in_columns
                .iter()
                .any(|&j| j != i && a.same_column(&rect(j)) && rect(j).y >= a.bottom() - tolerance);
            at_head[i] = !in_columns
                .iter()
                .any(|&j| j != i && a.same_column(&rect(j)) && rect(j).bottom() <= a.y + tolerance);
            large_type[i] = doc.blocks[i].lines.len() <= 3 && line_height(i) >= LARGE_TYPE * median;
        }
    }
    let placements = (1..n)
        .map(|r| {
            let l = r - 1;
            let (a, b) = (rects[l]?, rects[r]?);
            let same_page = doc.blocks[l].geometry.page == doc.blocks[r].geometry.page;
            let next_column = at_foot[l] && at_head[r] && (!same_page || b.x >= a.x + 0.5 * a.w);
            Some(if next_column {
                Placement::NextColumn
            } else if same_page && a.same_column(&b) && b.y >= a.bottom() - a.h.min(b.h) * 0.5 {
                Placement::Below
            } else {
                Placement::Elsewhere
            })
        })
        .collect();
    LayoutFacts {
        placements,
        large_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockId, Geometry, Line, Span};

    fn doc(boxes: &[[f64; 4]]) -> Document {
        let blocks = boxes
            .iter()
            .enumerate()
            .map(|(k, &bbox)| Block {
                id: BlockId(format!("b{k}")),
                lines: vec![Line {
                    span: Span::new(k, k + 1),
                }],
                geometry: Geometry {
                    page: Some("1".into()),
                    bbox: Some(bbox),
                    flow: None,
                },
                declared_role: None,
            })
            .collect();
        Document {
            name: "t".into(),
            text: "x".repeat(boxes.len()),
            blocks,
        }
    }

    #[test]
    fn column_foot_to_next_head_and_back_up_elsewhere() {
        // Two columns of two blocks; reading order 0, 1, 2, 3, then 1 again.
        let d = doc(&[
            [0.0, 0.0, 100.0, 50.0],
            [0.0, 50.0, 100.0, 50.0],
            [120.0, 0.0, 100.0, 50.0],
            [120.0, 50.0, 100.0, 50.0],
            [0.0, 50.0, 100.0, 50.0],
        ]);
        let facts = layout_facts(&d, &[Role::Body; 5]);
        use Placement::*;
        assert_eq!(
            facts.placements,
            [Some(Below), Some(NextColumn), Some(Below), Some(Elsewhere)]
        );
    }

    #[test]
    fn large_type_is_relative_to_the_page_body() {
        let d = doc(&[
            [0.0, 0.0, 100.0, 120.0],
            [0.0, 120.0, 100.0, 50.0],
            [0.0, 170.0, 100.0, 50.0],
        ]);
        let facts = layout_facts(&d, &[Role::Body; 3]);
        assert_eq!(facts.large_type, [true, false, false]);
    }
}
