//! The tutorial's experiment, done right.
//!
//! 1000 samples of two standard-normal inputs, a 2-2-1 network with sigmoid units, binary
//! cross-entropy, full-batch gradient descent with the tutorial's η = 0.1, 1000 epochs, the loss printed
//! every 100 epochs; then the accuracy on the training data and on 1000 fresh test samples.
//!
//! The labels depend on the inputs (class 1 iff x0 + x1 > 0). With `--tutorial-labels` the
//! tutorial's own labels are used instead: the first 500 samples are class 1, whatever
//! their inputs. They carry no information about the inputs, so no network can do better
//! than chance on new data, and the run shows it.
//!
//! Run: `cargo run --release --example seed [-- --tutorial-labels] [--lr 0.1]`

use core::ops::ControlFlow;
use std::process::ExitCode;

use tinymlp::data::synthetic;
use tinymlp::{
    Activation::Sigmoid, Dataset, Loss, Mlp2, Parameters, Rng, Schedule, Sgd, Trainer, metrics,
};

const SAMPLES: usize = 1000;
const EPOCHS: usize = 1000;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut tutorial_labels = false;
    let mut lr = 0.1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tutorial-labels" => tutorial_labels = true,
            "--lr" => lr = args.next().ok_or("--lr needs a value")?.parse()?,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }

    let mut rng = Rng::new(2024);
    let (train_x, train_y) = samples(&mut rng, tutorial_labels);
    let (test_x, test_y) = samples(&mut rng, tutorial_labels);
    let train = Dataset::new(&train_x, &train_y)?;
    let test = Dataset::new(&test_x, &test_y)?;

    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut rng);
    let mut trainer = Trainer::new(Sgd::new(lr)?, Loss::BinaryCrossEntropy);
    trainer.fit(&mut net, &train, &Schedule::epochs(EPOCHS), |p| {
        if p.epoch % 100 == 0 {
            println!("Epoch {}: Loss = {:.4}", p.epoch, p.loss);
        }
        ControlFlow::Continue(())
    })?;

    let train_acc = metrics::accuracy(&net, &train)?;
    let test_acc = metrics::accuracy(&net, &test)?;
    println!(
        "Final loss = {:.4}",
        metrics::mean_loss(&net, &train, Loss::BinaryCrossEntropy)?
    );
    println!("Train accuracy = {:.1} %", 100.0 * train_acc);
    println!("Test accuracy = {:.1} %", 100.0 * test_acc);
    println!("Weights digest = {:#018x}", net.digest());
    if tutorial_labels {
        println!(
            "These are the tutorial's labels: the first {} samples are class 1 whatever their \
             inputs, so the inputs say nothing about the label and test accuracy stays at chance \
             (about 50 %).",
            SAMPLES / 2
        );
    }
    Ok(())
}

/// `SAMPLES` standard-normal points with labels: x0 + x1 > 0, or the tutorial's.
fn samples(rng: &mut Rng, tutorial_labels: bool) -> (Vec<[f32; 2]>, Vec<[f32; 1]>) {
    let mut xs = vec![[0.0; 2]; SAMPLES];
    let mut ys = vec![[0.0; 1]; SAMPLES];
    synthetic::half_plane(&mut xs, &mut ys, rng);
    if tutorial_labels {
        synthetic::tutorial_labels(&mut ys);
    }
    (xs, ys)
}
