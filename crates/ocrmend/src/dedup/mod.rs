//! Duplicates across a collection: reprints of one story in other issues,
//! found by MinHash and LSH bands and verified on the texts
//! ([`collection`]), a shared formula told from a story's own words by how
//! many documents print it ([`frequency`]), a rough copy aligned letter by
//! letter (the private `align`). Duplicates inside one page are the repair's
//! ([`mod@crate::repair`]); both compare shingles ([`shingles`]). Each
//! stage's records are typed ([`records`]).

mod align;
pub mod collection;
pub mod frequency;
pub mod records;
pub mod shingles;
