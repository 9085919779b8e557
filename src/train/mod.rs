//! Training: backpropagation and the optimizer, driven over a dataset.

mod schedule;
mod trainer;

pub use schedule::{Batch, Progress, Schedule, Summary};
pub use trainer::Trainer;
