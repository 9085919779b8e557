//! The `sensor` firmware's experiment: a realistic on-device classifier, 16 sensor features in,
//! 4 classes out, through two ReLU layers of 32 and 16 units and a softmax, trained by online
//! SGD on softmax cross-entropy.
//!
//! Compiled into the `sensor` firmware and, through `#[path]`, into the library's host test
//! `tests/firmware.rs`, so the digest of the trained weights can be compared with x86-64's, as
//! for the `train` firmware. Keep it `no_std`-clean and free of anything target-specific.
//!
//! The data are synthetic and drawn on the fly (no sample buffer): 4 sensors read 4 times
//! each; every class is its own ±0.5 pattern over the 16 readings (class `k` raises the
//! readings whose index has bit `k` set and lowers the others), and each sample adds a common
//! baseline drift in ±0.5 and independent uniform noise in ±1 per reading. Only uniform draws
//! from the crate's [`Rng`]: no transcendental function, so generating a sample costs little
//! next to a training step, even in soft float.

use tinymlp::{
    Activation::{Relu, Softmax},
    Loss, Mlp3, Online, Result, Rng, Sgd, Trainer,
};

use crate::hand;

/// The network: 16 inputs, ReLU layers of 32 and 16 units, 4 softmax outputs.
pub type Net = Mlp3<16, 32, 16, 4>;

/// Seeds the initial weights.
pub const INIT_SEED: u64 = 1632;
/// Seeds the training samples.
pub const DATA_SEED: u64 = 164;
/// Seeds the test samples.
pub const TEST_SEED: u64 = 4;
/// Online SGD steps, one fresh sample each.
pub const STEPS: usize = 400;
/// The mean loss is reported over every this many steps.
pub const REPORT_EVERY: usize = 100;
/// Fresh samples the trained network is scored on.
pub const TEST_SAMPLES: usize = 200;
/// SGD's step size.
pub const LEARNING_RATE: f32 = 0.05;
/// Calls each cost is averaged over in the firmware (1000 for the 2-2-1's): a training step
/// of Cortex-M0 code costs about 600 000 instructions, and 1000 of them would come close to
/// the Cortex-M counter's limit (2^24 SysTick ticks, 671 M instructions on the mps2 boards).
/// `scripts/firmware.sh` divides the RISC-V plugin's counts by the same number.
pub const CALLS: u32 = 100;
/// The firmware fails if the test accuracy is below this fraction (chance is 0.25).
pub const ACCURACY_THRESHOLD: f32 = 0.9;

/// One labelled sample: 16 readings and the one-hot class.
pub fn sample(rng: &mut Rng) -> ([f32; 16], [f32; 4]) {
    let class = rng.below(4);
    let drift = rng.uniform_in(-0.5, 0.5);
    let mut x = [0.0f32; 16];
    for (i, v) in x.iter_mut().enumerate() {
        let level = if (i >> class) & 1 == 1 { 0.5 } else { -0.5 };
        *v = level + drift + rng.uniform_in(-1.0, 1.0);
    }
    let mut y = [0.0f32; 4];
    y[class] = 1.0;
    (x, y)
}

/// The sample the firmware measures its costs on (the first test sample).
pub fn probe() -> ([f32; 16], [f32; 4]) {
    sample(&mut Rng::new(TEST_SEED))
}

/// The untrained network, initialized from [`INIT_SEED`].
pub fn init() -> Net {
    Net::new([Relu, Relu, Softmax], &mut Rng::new(INIT_SEED))
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
        Loss::SoftmaxCrossEntropy,
    ))
}

/// Trains `net` for [`STEPS`] online steps on fresh samples, calling `report` with the step
/// count and the mean loss of the last [`REPORT_EVERY`] steps; returns the last such mean.
///
/// # Errors
///
/// Whatever the library reports (a diverged update, …).
pub fn train(
    net: &mut Net,
    trainer: &mut Trainer<Net, Sgd, Online>,
    mut report: impl FnMut(usize, f32),
) -> Result<f32> {
    let mut rng = Rng::new(DATA_SEED);
    let (mut sum, mut mean) = (0.0f32, 0.0f32);
    for step in 1..=STEPS {
        let (x, y) = sample(&mut rng);
        sum += trainer.step(net, &x, &y)?;
        if step % REPORT_EVERY == 0 {
            mean = sum / REPORT_EVERY as f32;
            report(step, mean);
            sum = 0.0;
        }
    }
    Ok(mean)
}

/// The hand-written network's training on the very same samples (for the comparison in
/// `tests/firmware.rs`).
pub fn train_hand(net: &mut hand::Sensor) {
    let mut rng = Rng::new(DATA_SEED);
    for _ in 0..STEPS {
        let (x, y) = sample(&mut rng);
        net.step(&x, &y, LEARNING_RATE);
    }
}

/// The fraction of [`TEST_SAMPLES`] fresh samples that `classify` gets right.
pub fn accuracy(classify: impl Fn(&[f32; 16]) -> usize) -> f32 {
    let mut rng = Rng::new(TEST_SEED);
    let hits = (0..TEST_SAMPLES)
        .filter(|_| {
            let (x, y) = sample(&mut rng);
            y.get(classify(&x)) == Some(&1.0)
        })
        .count();
    hits as f32 / TEST_SAMPLES as f32
}
