//! The fitted seam model: how much each hand-built seam feature counts.
//!
//! Every feature of a seam (how the left block ends, how the right one
//! starts, a word across the seam, where the boxes put the blocks, …) comes
//! with a weight set by hand from what it means. The model rescales those
//! weights, per script (CJK or Latin seams), one factor per feature and sign (a feature for a join and the
//! same feature against one may deserve different trust), and adds an
//! intercept, fitted by logistic regression on pages with gold: Tesseract's
//! reading of rendered pages and simulated pages (`scripts/fit_seams.py`,
//! which says how the rows are made). The report shows each feature's fitted
//! contribution, and the intercept as a feature of its own, so the sum of the
//! weights shown is still the decision's log-odds.

use crate::edit::Feature;
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::sync::OnceLock;

/// The model file shipped with the library.
const SEAM_MODEL: &str = include_str!("../../data/seam-model.json");

/// The name under which the intercept shows in a seam's evidence.
pub const INTERCEPT: &str = "fitted_intercept";

/// Scale factors per feature and sign, and an intercept, for CJK seams and
/// for Latin ones (the same feature says more in one script than the other).
#[derive(Debug, Deserialize)]
pub struct SeamModel {
    /// CJK seams (closed up, judged with CJK evidence).
    cjk: ScriptModel,
    /// Every other seam.
    latin: ScriptModel,
}

/// The fitted factors of one script.
#[derive(Debug, Default, Deserialize)]
struct ScriptModel {
    /// Added to every seam's log-odds.
    intercept: f64,
    /// `name+` scales a feature's positive weights, `name-` its negative ones.
    scales: std::collections::BTreeMap<String, f64>,
    /// Looked up by feature name: [scale of negative weights, of positive].
    #[serde(skip)]
    by_name: HashMap<String, [f64; 2]>,
}

impl ScriptModel {
    fn index(&mut self) {
        for (key, &scale) in &self.scales {
            let (name, positive) = match key.strip_suffix('+') {
                Some(name) => (name, true),
                None => (key.strip_suffix('-').unwrap_or(key), false),
            };
            self.by_name.entry(name.to_string()).or_insert([1.0, 1.0])[usize::from(positive)] = scale;
        }
    }

    fn scale(&self, name: &str, weight: f64) -> f64 {
        self.by_name
            .get(name)
            .map_or(1.0, |s| s[usize::from(weight > 0.0)])
    }
}

impl SeamModel {
    /// The shipped model, read once.
    pub fn shipped() -> &'static SeamModel {
        static MODEL: OnceLock<SeamModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            let mut model: SeamModel = serde_json::from_str(SEAM_MODEL)
                .expect("data/seam-model.json is valid (a unit test reads it)");
            model.cjk.index();
            model.latin.index();
            model
        })
    }

    fn script(&self, cjk: bool) -> &ScriptModel {
        if cjk {
            &self.cjk
        } else {
            &self.latin
        }
    }

    /// The factor that a weight of feature `name` at a CJK (`cjk`) or Latin
    /// seam is multiplied by.
    pub fn scale(&self, cjk: bool, name: &str, weight: f64) -> f64 {
        self.script(cjk).scale(name, weight)
    }

    /// Rescales every feature's weight and adds the intercept as a feature.
    pub fn apply(&self, cjk: bool, evidence: &mut Vec<Feature>) {
        let model = self.script(cjk);
        for f in evidence.iter_mut() {
            f.weight *= model.scale(f.name, f.weight);
        }
        if model.intercept != 0.0 {
            evidence.push(Feature::new(
                INTERCEPT,
                "the fitted model's intercept",
                model.intercept,
            ));
        }
    }

    /// The hand-set weight behind a fitted one: what a new fit reads.
    pub fn hand_weight(&self, cjk: bool, name: &str, fitted: f64) -> f64 {
        let scale = self.scale(cjk, name, fitted);
        if scale == 0.0 {
            0.0
        } else {
            fitted / scale
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_reads_and_rescales_by_sign() {
        let model = SeamModel::shipped();
        let mut evidence = vec![Feature::new("left_ending", "ends a sentence", -7.0)];
        model.apply(false, &mut evidence);
        let fitted = evidence[0].weight;
        assert_eq!(fitted, -7.0 * model.scale(false, "left_ending", -7.0));
        assert!((model.hand_weight(false, "left_ending", fitted) + 7.0).abs() < 1e-9);
        assert_eq!(model.scale(true, "no_such_feature", 1.0), 1.0);
    }
}
