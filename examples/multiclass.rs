//! Three 2-D Gaussian blobs, a 2-8-3 network with a softmax output, Adam and mini-batches;
//! inputs standardized, accuracy and confusion matrix on a held-out test set.
//!
//! Run: `cargo run --release --example multiclass`

use core::ops::ControlFlow;
use std::process::ExitCode;

use tinymlp::Activation::{Softmax, Tanh};
use tinymlp::data::{shuffle_together, synthetic};
use tinymlp::{
    Adam, Batch, ConfusionMatrix, Dataset, Loss, Mlp2, Rng, Schedule, Standardizer, Trainer,
    metrics,
};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), tinymlp::Error> {
    let mut rng = Rng::new(3);
    let mut xs = vec![[0.0; 2]; 600];
    let mut ys = vec![[0.0; 3]; 600];
    synthetic::blobs(&mut xs, &mut ys, 0.7, &mut rng);
    shuffle_together(&mut xs, &mut ys, &mut rng)?;
    let (train, test) = Dataset::new(&xs, &ys)?.split(0.3)?;

    let mut net = Mlp2::<2, 8, 3>::new([Tanh, Softmax], &mut rng)
        .with_standardizer(Standardizer::fit(train.inputs())?);
    let mut trainer = Trainer::new(Adam::new(0.01)?, Loss::SoftmaxCrossEntropy);
    let plan = Schedule::epochs(100).batch(Batch::Mini(32)).shuffle(1);
    trainer.fit(&mut net, &train, &plan, |p| {
        if p.epoch % 10 == 0 {
            println!("Epoch {}: Loss = {:.4}", p.epoch, p.loss);
        }
        ControlFlow::Continue(())
    })?;

    println!(
        "Test loss = {:.4}",
        metrics::mean_loss(&net, &test, Loss::SoftmaxCrossEntropy)?
    );
    println!(
        "Train accuracy = {:.1} %",
        100.0 * metrics::accuracy(&net, &train)?
    );
    println!(
        "Test accuracy = {:.1} %",
        100.0 * metrics::accuracy(&net, &test)?
    );
    let cm = ConfusionMatrix::<3>::of(&net, &test)?;
    println!("Confusion matrix (rows: true class, columns: predicted):");
    for row in cm.counts {
        println!("  {:4} {:4} {:4}", row[0], row[1], row[2]);
    }
    Ok(())
}
