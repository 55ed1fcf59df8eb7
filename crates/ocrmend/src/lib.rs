//! # ocrmend
//!
//! Repairs the text of scanned newspapers after OCR. OCR returns a page as
//! blocks, and the blocks are damaged in typical ways: a paragraph cut where a
//! column ends (often mid-word, sometimes losing a character at the cut),
//! headlines and bylines between body paragraphs, articles that start or end
//! mid-sentence. ocrmend finds these defects, proposes repairs as [`Edit`]s
//! with their evidence, applies only the near-certain ones, and reports the
//! rest for review.
//!
//! Data flows one way: read ([`input`]) → analyze ([`analyze`]) → suggest
//! ([`repair()`]) → apply ([`edit::apply`]) → report ([`report`]).
//!
//! ```
//! use ocrmend::{input::parse_plain, repair, Applicability, Options};
//!
//! let page = "近年来,全市大力推动\n\n泄漏检测与修复数字化管理。\n";
//! let doc = parse_plain("page.txt".into(), page.as_bytes().to_vec()).unwrap();
//! let repaired = repair(doc, &Options::default());
//! let out = repaired.apply_at_least(Applicability::Safe);
//! assert_eq!(out.text, "近年来,全市大力推动泄漏检测与修复数字化管理。\n");
//! ```
//!
//! Nothing is lost: layout rewrites may only touch whitespace, so every other
//! input character is in the output or covered by an applied edit.
#![warn(missing_docs)]

pub mod analyze;
pub mod batch;
pub mod dedup;
pub mod edit;
pub mod error;
pub mod eval;
pub mod features;
pub mod input;
pub mod lm;
pub mod model;
pub mod repair;
pub mod report;
pub mod review;
pub mod simulate;
mod static_table;
mod word_form;
pub mod zh_words;

pub use edit::{Applicability, Edit, EditId, EditKind};
pub use error::{Error, Result};
pub use features::{Feature, FeatureId};
pub use model::{Block, BlockId, Document, Role, Script, Span};
pub use repair::{repair, DecisionModel, Flag, FlagKind, Options, Repair, Repairer, Thresholds};
