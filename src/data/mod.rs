//! Data handling: checked datasets, standardization, splitting and shuffling.

mod dataset;
mod permutation;
mod standardize;
pub mod synthetic;

pub use dataset::{Dataset, shuffle_together};
pub use permutation::Permutation;
pub use standardize::Standardizer;
