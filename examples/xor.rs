//! The classic XOR problem with the tutorial's 2-2-1 sigmoid network.
//!
//! XOR is not linearly separable, so it needs the hidden layer; with two hidden units the
//! loss surface has plateaus, hence the large learning rate and the many epochs.
//!
//! Run: `cargo run --release --example xor [-- --save model.tmlp] [--rust model.rs]`
//! (`--save` writes the trained model file, `--rust` the same model as Rust source).

use core::ops::ControlFlow;
use std::process::ExitCode;

use tinymlp::Activation::Sigmoid;
use tinymlp::data::synthetic::{XOR_INPUTS, XOR_TARGETS};
use tinymlp::{Dataset, Loss, Mlp2, Rng, Schedule, Sgd, Trainer, metrics};

fn main() -> ExitCode {
    let data = Dataset::new(&XOR_INPUTS, &XOR_TARGETS).expect("the XOR table is valid data");
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(1));
    let mut trainer = Trainer::new(
        Sgd::new(2.0).expect("a valid learning rate"),
        Loss::BinaryCrossEntropy,
    );
    let result = trainer.fit(&mut net, &data, &Schedule::epochs(5000), |p| {
        if p.epoch % 500 == 0 {
            println!("Epoch {}: Loss = {:.4}", p.epoch, p.loss);
        }
        ControlFlow::Continue(())
    });
    if let Err(e) = result {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    for x in &XOR_INPUTS {
        println!(
            "{:?} -> {:.3} (class {})",
            x,
            net.predict(x)[0],
            net.classify(x)
        );
    }
    let accuracy = match metrics::accuracy(&net, &data) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("Accuracy = {:.0} %", 100.0 * accuracy);
    if let Err(e) = save(&net) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    if accuracy == 1.0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Writes the model file and/or Rust source named on the command line.
fn save(net: &Mlp2<2, 2, 1>) -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let path = args.next().ok_or(format!("{flag} needs a path"))?;
        match flag.as_str() {
            "--save" => {
                let mut bytes = vec![0; net.encoded_len()];
                net.to_bytes(&mut bytes)?;
                std::fs::write(&path, bytes)?;
            }
            "--rust" => {
                let mut src = String::new();
                net.write_rust(&mut src, "MODEL")?;
                std::fs::write(&path, src)?;
            }
            _ => return Err(format!("unknown argument {flag:?}").into()),
        }
        println!("wrote {path}");
    }
    Ok(())
}
