//! Training: backpropagation and the optimizer, driven over a dataset.

mod batching;
mod finetune;
mod schedule;
mod trainer;

pub use batching::{Batched, Batching, Online};
pub use finetune::{FineTuner, Headed};
pub use schedule::{Batch, Progress, Schedule, Summary};
pub use trainer::Trainer;
