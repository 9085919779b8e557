//! The on-device fine-tuning experiment: adapt the desktop-trained model in flash to drifted
//! sensor readings, training only its output layer.
//!
//! Compiled into the `finetune` firmware and, through `#[path]`, into the library's host test
//! `tests/firmware.rs`, so the digest of the fine-tuned output layer can be compared across
//! targets. Keep it `no_std`-clean.
//!
//! The "sensor" drifts: every reading is offset by [`DRIFT`], while the true class still
//! depends on the undrifted position (`x0 + x1 > 0`). New labelled readings are collected in a
//! fixed-capacity [`SampleBuffer`]; the base network stays read-only (in flash), and RAM holds
//! only its output layer, that layer's optimizer state and working memory.

use core::ops::ControlFlow;

use tinymlp::data::SampleBuffer;
use tinymlp::train::FineTuner;
use tinymlp::{Batch, Loss, Mlp2, Parameters, Result, Rng, Schedule, Sgd};

/// Offset added to every reading by the drift.
pub const DRIFT: [f32; 2] = [0.5, 0.25];
/// Seeds the new readings and the shuffling.
pub const SEED: u64 = 77;
/// Readings the buffer holds (the most recent ones).
pub const CAPACITY: usize = 64;
/// Readings collected (more than fit: the buffer keeps the last [`CAPACITY`]).
pub const COLLECTED: usize = 96;
/// Fresh drifted readings the network is scored on, before and after.
pub const TEST_SAMPLES: usize = 200;
/// Passes over the buffer.
pub const EPOCHS: usize = 60;
/// SGD's step size.
pub const LEARNING_RATE: f32 = 0.5;

/// What a run produced.
pub struct Outcome {
    /// Accuracy of the base network on drifted readings.
    pub before: f32,
    /// Accuracy after fine-tuning.
    pub after: f32,
    /// Digest of the fine-tuned output layer.
    pub digest: u64,
}

impl Outcome {
    /// Whether fine-tuning helped and reached 90 %.
    pub fn passed(&self) -> bool {
        self.after > self.before && self.after >= 0.9
    }
}

/// One drifted reading and its true class.
pub fn reading(rng: &mut Rng) -> ([f32; 2], [f32; 1]) {
    let x = [rng.normal(), rng.normal()];
    let class = f32::from(u8::from(x[0] + x[1] > 0.0));
    ([x[0] + DRIFT[0], x[1] + DRIFT[1]], [class])
}

/// Accuracy on `TEST_SAMPLES` fresh readings from a generator seeded with `seed`.
fn score(classify: impl Fn(&[f32; 2]) -> usize, seed: u64) -> f32 {
    let mut rng = Rng::new(seed);
    let hits = (0..TEST_SAMPLES)
        .filter(|_| {
            let (x, y) = reading(&mut rng);
            classify(&x) == usize::from(y[0] > 0.5)
        })
        .count();
    hits as f32 / TEST_SAMPLES as f32
}

/// Fine-tunes the output layer of `base` on drifted readings.
///
/// # Errors
///
/// Whatever the library reports.
pub fn run(base: &Mlp2<2, 2, 1>) -> Result<Outcome> {
    let mut rng = Rng::new(SEED);
    let mut buffer = SampleBuffer::<[f32; 2], [f32; 1], CAPACITY>::new();
    for _ in 0..COLLECTED {
        let (x, y) = reading(&mut rng);
        buffer.push(x, y)?;
    }
    let before = score(|x| base.classify(x), SEED + 1);

    let mut tuner = FineTuner::new(base, Sgd::new(LEARNING_RATE)?, Loss::BinaryCrossEntropy);
    let mut features = [[0.0f32; 2]; CAPACITY];
    let plan = Schedule::epochs(EPOCHS).batch(Batch::Online).shuffle(SEED);
    tuner.fit(&buffer.dataset()?, &mut features, &plan, |_| {
        ControlFlow::Continue(())
    })?;
    let after = score(|x| tuner.classify(x), SEED + 1);
    Ok(Outcome {
        before,
        after,
        digest: tuner.head().digest(),
    })
}
