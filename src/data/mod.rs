//! Data handling: checked datasets, standardization, splitting and shuffling.

mod buffer;
mod dataset;
mod permutation;
pub(crate) mod standardize;
pub mod synthetic;

pub use buffer::SampleBuffer;
pub use dataset::{Dataset, shuffle_together};
pub use permutation::Permutation;
pub use standardize::Standardizer;
