//! Training: backpropagation and the optimizer, driven over a dataset.

mod finetune;
mod schedule;
mod trainer;

pub use finetune::{FineTuner, Headed};
pub use schedule::{Batch, Progress, Schedule, Summary};
pub use trainer::Trainer;
