//! The on-device training experiment: the seed experiment sized for a small microcontroller.
//!
//! This one file is compiled twice: into the `train` firmware, and into the library's host
//! test `tests/firmware.rs` (through `#[path]`). Both therefore run the very same training,
//! and the weight digest the firmware prints on every core can be compared with the one
//! computed on x86-64: any difference means the arithmetic is not bit-identical across
//! targets. Keep it `no_std`-clean and free of anything target-specific.
//!
//! 200 samples of two standard-normal inputs, drawn on the device from the crate's [`Rng`],
//! labelled 1 iff `x0 + x1 > 0`; a 2-2-1 sigmoid network trained by online SGD (one update per
//! sample, shuffled every epoch) on binary cross-entropy; then the accuracy on the training
//! data and on 200 fresh samples, scored one at a time so that they need no buffer.

use core::ops::ControlFlow;

use tinymlp::{
    Activation::Sigmoid, Batch, Dataset, Loss, Mlp2, Online, Progress, Result, Rng, Schedule, Sgd,
    Trainer, metrics,
};

/// The network: 2 inputs, 2 hidden sigmoid units, 1 sigmoid output.
pub type Net = Mlp2<2, 2, 1>;

/// Seeds the samples, the initial weights and the shuffling.
pub const SEED: u64 = 2024;
/// Training samples, held in RAM (12 bytes each).
pub const SAMPLES: usize = 200;
/// Fresh samples the trained network is scored on.
pub const TEST_SAMPLES: usize = 200;
/// Passes over the training data.
pub const EPOCHS: usize = 30;
/// The loss is reported every this many epochs (and after the last one).
pub const REPORT_EVERY: usize = 5;
/// SGD's step size.
pub const LEARNING_RATE: f32 = 0.1;
/// The firmware fails if the test accuracy is below this fraction. The classes are separable
/// by a line, so a working network gets well above it; chance is 0.5.
pub const ACCURACY_THRESHOLD: f32 = 0.95;

/// What a run produced.
pub struct Outcome {
    /// The trained network.
    pub net: Net,
    /// The mean loss over the last epoch.
    pub loss: f32,
    /// Fraction of the training samples classified correctly.
    pub train_accuracy: f32,
    /// Fraction of the fresh samples classified correctly.
    pub test_accuracy: f32,
}

impl Outcome {
    /// Whether the run reached [`ACCURACY_THRESHOLD`] on fresh data.
    pub fn passed(&self) -> bool {
        self.test_accuracy >= ACCURACY_THRESHOLD
    }
}

/// The trainer the experiment uses (also used to measure one training step): an online
/// one, which carries no working memory for batches.
///
/// # Errors
///
/// None in practice: the learning rate is a valid constant.
pub fn trainer() -> Result<Trainer<Net, Sgd, Online>> {
    Ok(Trainer::online(
        Sgd::new(LEARNING_RATE)?,
        Loss::BinaryCrossEntropy,
    ))
}

/// One labelled sample: two standard-normal inputs, class 1 iff their sum is positive.
pub fn sample(rng: &mut Rng) -> ([f32; 2], [f32; 1]) {
    let x = [rng.normal(), rng.normal()];
    ([x[0], x[1]], [f32::from(u8::from(x[0] + x[1] > 0.0))])
}

/// Runs the experiment, calling `report` with the progress of every [`REPORT_EVERY`]th epoch
/// and of the last one.
///
/// # Errors
///
/// Whatever the library reports (a diverged update, …): the firmware turns it into its own
/// exit code.
pub fn run(mut report: impl FnMut(Progress)) -> Result<Outcome> {
    let mut rng = Rng::new(SEED);
    let mut xs = [[0.0f32; 2]; SAMPLES];
    let mut ys = [[0.0f32; 1]; SAMPLES];
    for (x, y) in xs.iter_mut().zip(ys.iter_mut()) {
        (*x, *y) = sample(&mut rng);
    }
    let data = Dataset::new(&xs, &ys)?;

    let mut net = Net::new([Sigmoid, Sigmoid], &mut rng);
    let schedule = Schedule::epochs(EPOCHS).batch(Batch::Online).shuffle(SEED);
    let summary = trainer()?.fit(&mut net, &data, &schedule, |p| {
        if p.epoch % REPORT_EVERY == 0 || p.epoch + 1 == EPOCHS {
            report(p);
        }
        ControlFlow::Continue(())
    })?;

    let train_accuracy = metrics::accuracy(&net, &data).unwrap();
    let hits = (0..TEST_SAMPLES)
        .filter(|_| {
            let (x, y) = sample(&mut rng);
            net.classify(&x) == usize::from(y[0] > 0.5)
        })
        .count();
    Ok(Outcome {
        net,
        loss: summary.loss,
        train_accuracy,
        test_accuracy: hits as f32 / TEST_SAMPLES as f32,
    })
}
