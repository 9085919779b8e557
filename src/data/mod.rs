//! Data handling: checked datasets, standardization, splitting and shuffling.

mod buffer;
mod dataset;
mod permutation;
mod rows;
mod sample;
mod standardize;
pub mod synthetic;

pub use buffer::SampleBuffer;
pub use dataset::{Dataset, shuffle_together};
pub use permutation::Permutation;
pub use rows::Rows;
pub(crate) use sample::sealed::Stored;
pub use sample::{Owned, Sample, Vector};
pub use standardize::Standardizer;
#[cfg(feature = "alloc")]
pub(crate) use standardize::fit_columns;
pub(crate) use standardize::standardized;
