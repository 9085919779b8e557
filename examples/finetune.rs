//! Fine-tuning the output layer on shifted data, as a device would after sensor drift.
//!
//! A 2-8-1 network learns the seed experiment's rule (class 1 iff x0 + x1 > 0) and is saved
//! as a model file. Then the "sensor" drifts: every reading is offset by (+1.0, +0.5), so the
//! true boundary moves to x0 + x1 > 1.5 in raw readings, and the saved model's accuracy
//! drops. The model is reloaded read-only (as firmware would embed it in flash), 256 new
//! labelled readings are collected in a fixed-capacity buffer, and only the output layer is
//! retrained on them; accuracy on fresh drifted data recovers.
//!
//! Run: `cargo run --release --example finetune`

use core::ops::ControlFlow;
use std::process::ExitCode;

use tinymlp::Activation::{Sigmoid, Tanh};
use tinymlp::data::{SampleBuffer, synthetic};
use tinymlp::train::FineTuner;
use tinymlp::{Adam, Batch, Dataset, Loss, Mlp2, Rng, Schedule, Trainer, metrics};

const DRIFT: [f32; 2] = [1.0, 0.5];

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn drifted(rng: &mut Rng, n: usize) -> (Vec<[f32; 2]>, Vec<[f32; 1]>) {
    let mut xs = vec![[0.0; 2]; n];
    let mut ys = vec![[0.0; 1]; n];
    synthetic::half_plane(&mut xs, &mut ys, rng);
    for x in &mut xs {
        x[0] += DRIFT[0];
        x[1] += DRIFT[1];
    }
    (xs, ys)
}

fn run() -> Result<bool, tinymlp::Error> {
    let mut rng = Rng::new(11);
    let mut xs = vec![[0.0; 2]; 1000];
    let mut ys = vec![[0.0; 1]; 1000];
    synthetic::half_plane(&mut xs, &mut ys, &mut rng);
    let mut net = Mlp2::<2, 8, 1>::new([Tanh, Sigmoid], &mut rng);
    let plan = Schedule::epochs(30).batch(Batch::Mini(32)).shuffle(1);
    Trainer::new(Adam::new(0.01)?, Loss::BinaryCrossEntropy).fit(
        &mut net,
        &Dataset::new(&xs, &ys)?,
        &plan,
        |_| ControlFlow::Continue(()),
    )?;
    let mut file = vec![0; net.encoded_len()];
    net.to_bytes(&mut file)?;

    // On the device: the model is read-only; data arrives drifted.
    let base = Mlp2::<2, 8, 1>::from_bytes(&file)?;
    let (test_x, test_y) = drifted(&mut rng, 1000);
    let test = Dataset::new(&test_x, &test_y)?;
    println!(
        "Accuracy on undrifted data: {:.1} %",
        100.0 * metrics::accuracy(&base, &Dataset::new(&xs, &ys)?)?
    );
    let before = metrics::accuracy(&base, &test)?;
    println!(
        "Accuracy on drifted data, before fine-tuning: {:.1} %",
        100.0 * before
    );

    let mut buffer = SampleBuffer::<[f32; 2], [f32; 1], 256>::new();
    let (new_x, new_y) = drifted(&mut rng, 400); // more than fit: the buffer keeps the last 256
    for (x, y) in new_x.iter().zip(&new_y) {
        buffer.push(*x, *y)?;
    }
    let mut tuner = FineTuner::new(&base, Adam::new(0.05)?, Loss::BinaryCrossEntropy);
    let mut features = [[0.0; 8]; 256];
    let plan = Schedule::epochs(200).batch(Batch::Mini(32)).shuffle(2);
    tuner.fit(&buffer.dataset()?, &mut features, &plan, |_| {
        ControlFlow::Continue(())
    })?;
    let tuned = tuner.to_network();
    let after = metrics::accuracy(&tuned, &test)?;
    println!(
        "Accuracy on drifted data, after fine-tuning the output layer: {:.1} %",
        100.0 * after
    );
    println!(
        "RAM for fine-tuning: {} bytes (output layer, Adam state, working memory); the base stays read-only",
        core::mem::size_of_val(&tuner)
    );
    Ok(after > before)
}
