//! How a training run is organized: epochs, batches, shuffling, stopping.

/// How many samples contribute to each parameter update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Batch {
    /// Full-batch gradient descent: one update per epoch, from the mean gradient over the
    /// whole dataset (the tutorial's choice).
    Full,
    /// Mini-batch gradient descent: one update per `n` samples (the last batch of an epoch
    /// may be smaller).
    Mini(usize),
    /// Online (per-sample, "stochastic") gradient descent: one update per sample.
    Online,
}

/// The plan of a training run.
///
/// # Examples
///
/// ```
/// use tinymlp::{Batch, Schedule};
///
/// let plan = Schedule::epochs(200).batch(Batch::Mini(32)).shuffle(7).stop_at_loss(0.05);
/// assert_eq!(plan.epochs, 200);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule {
    /// Maximum number of passes over the data.
    pub epochs: usize,
    /// Samples per update.
    pub batch: Batch,
    /// Seed for reshuffling the sample order every epoch (mini-batch and online training);
    /// `None` keeps the data's order. Full-batch training ignores it: its gradient is a
    /// mean over all samples, taken in data order so that it is reproducible.
    pub shuffle: Option<u64>,
    /// Stop as soon as an epoch's mean loss is at or below this value.
    pub stop_at_loss: Option<f32>,
}

impl Schedule {
    /// `n` epochs of full-batch gradient descent, in data order, without early stopping.
    pub const fn epochs(n: usize) -> Self {
        Schedule {
            epochs: n,
            batch: Batch::Full,
            shuffle: None,
            stop_at_loss: None,
        }
    }

    /// The same plan with another batch size.
    pub const fn batch(mut self, batch: Batch) -> Self {
        self.batch = batch;
        self
    }

    /// The same plan, reshuffled every epoch with this seed.
    pub const fn shuffle(mut self, seed: u64) -> Self {
        self.shuffle = Some(seed);
        self
    }

    /// The same plan, stopping once the epoch loss is at or below `loss`.
    pub const fn stop_at_loss(mut self, loss: f32) -> Self {
        self.stop_at_loss = Some(loss);
        self
    }
}

/// What the trainer reports after each epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// The epoch just finished, counting from 0.
    pub epoch: usize,
    /// Mean loss over the epoch's samples, each measured in the forward pass that computed
    /// its gradient (so before the update it contributed to).
    pub loss: f32,
}

/// The outcome of [`Trainer::fit`](crate::Trainer::fit).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Number of epochs run.
    pub epochs: usize,
    /// Mean loss of the last epoch run (NaN if no epoch ran).
    pub loss: f32,
    /// Whether training stopped because the loss reached
    /// [`stop_at_loss`](Schedule::stop_at_loss).
    pub reached_target: bool,
}
