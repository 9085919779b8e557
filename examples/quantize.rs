//! Post-training int8 quantization of the repository's example networks: accuracy of the
//! integer network next to the f32 one, and how often their predictions agree.
//!
//! Run: `cargo run --release --example quantize [-- --save-xor PATH]`
//! (`--save-xor` writes the quantized XOR model, the test fixture
//! `tests/fixtures/xor-2-2-1.q8.tmlp`).

use core::borrow::Borrow;
use core::ops::ControlFlow;
use std::process::ExitCode;

use tinymlp::Activation::*;
use tinymlp::data::{Rows, shuffle_together, synthetic};
use tinymlp::quant::{self, DynQMlp, Granularity};
use tinymlp::{
    Adam, Batch, Dataset, Loss, Mlp2, Mlp3, Network, Optimizer, Rng, Schedule, Sgd, Standardizer,
    Trainer, include_model,
};

static XOR: Mlp2<2, 2, 1> = include_model!(Mlp2<2, 2, 1>, "../tests/fixtures/xor-2-2-1.tmlp");

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

fn train<N: Network, O: Optimizer>(
    net: &mut N,
    opt: O,
    loss: Loss,
    data: &Dataset<'_, N::Input, N::Output>,
    plan: Schedule,
) {
    Trainer::new(opt, loss)
        .fit(net, data, &plan, |_| ControlFlow::Continue(()))
        .expect("training succeeds");
}

/// Accuracy of the f32 network, of its int8 version (per channel and per layer), and the
/// agreement rate of the per-channel version with the f32 network, on `test`.
fn row<N: Network>(
    name: &str,
    net: &N,
    calibration: Rows<'_, N::Input>,
    test: &Dataset<'_, N::Input, N::Output>,
) -> bool {
    let classes = |q: &DynQMlp| -> Vec<usize> {
        test.inputs()
            .iter()
            .map(|x| q.classify(x.as_ref()).expect("right length"))
            .collect()
    };
    let truth: Vec<usize> = test.targets().iter().map(|y| N::class_of(y)).collect();
    let f32_classes: Vec<usize> = test
        .inputs()
        .iter()
        .map(|x| N::class_of(net.predict(x).expect("right length").borrow()))
        .collect();
    let acc = |c: &[usize]| {
        100.0 * c.iter().zip(&truth).filter(|(a, b)| a == b).count() as f64 / truth.len() as f64
    };
    let per_channel =
        quant::quantize(net, calibration, Granularity::PerChannel).expect("quantizable");
    let per_layer = quant::quantize(net, calibration, Granularity::PerLayer).expect("quantizable");
    let (pc, pl) = (classes(&per_channel), classes(&per_layer));
    let agree = 100.0 * pc.iter().zip(&f32_classes).filter(|(a, b)| a == b).count() as f64
        / truth.len() as f64;
    let f32_bytes = 4 * net.parameters();
    println!(
        "| {name} | {} | {:.1} % | {:.1} % | {:.1} % | {:.1} % | {} | {} |",
        test.len(),
        acc(&f32_classes),
        acc(&pc),
        acc(&pl),
        agree,
        f32_bytes,
        per_channel.to_bytes().len()
    );
    (acc(&f32_classes) - acc(&pc)).abs() <= 1.0
}

fn run() -> Result<bool, Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut save_xor = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--save-xor" => save_xor = Some(args.next().ok_or("--save-xor needs a path")?),
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    println!(
        "| network, data | test samples | f32 accuracy | int8 per channel | int8 per layer | agreement (per channel vs f32) | f32 weights, bytes | int8 model file, bytes |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut ok = true;

    // XOR: the committed model; calibration on its four points.
    let xor_data = Dataset::new(&synthetic::XOR_INPUTS, &synthetic::XOR_TARGETS)?;
    ok &= row("2-2-1 sigmoid, XOR", &XOR, xor_data.inputs(), &xor_data);
    if let Some(path) = save_xor {
        let q = quant::quantize(&XOR, &synthetic::XOR_INPUTS, Granularity::PerChannel)?;
        std::fs::write(&path, q.to_bytes())?;
        eprintln!("wrote {path}");
    }

    // The seed experiment: 2-2-1 sigmoid on x0 + x1 > 0.
    let mut rng = Rng::new(2024);
    let (mut xs, mut ys) = (vec![[0.0; 2]; 1000], vec![[0.0; 1]; 1000]);
    synthetic::half_plane(&mut xs, &mut ys, &mut rng);
    let (mut txs, mut tys) = (vec![[0.0; 2]; 1000], vec![[0.0; 1]; 1000]);
    synthetic::half_plane(&mut txs, &mut tys, &mut rng);
    let mut seed = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut rng);
    train(
        &mut seed,
        Sgd::new(0.1)?,
        Loss::BinaryCrossEntropy,
        &Dataset::new(&xs, &ys)?,
        Schedule::epochs(1000),
    );
    ok &= row(
        "2-2-1 sigmoid, seed experiment",
        &seed,
        Rows::from(&xs),
        &Dataset::new(&txs, &tys)?,
    );

    // Three blobs: 2-8-3 tanh + softmax, and a deeper ReLU network.
    let mut rng = Rng::new(3);
    let (mut bx, mut by) = (vec![[0.0; 2]; 1200], vec![[0.0; 3]; 1200]);
    synthetic::blobs(&mut bx, &mut by, 0.7, &mut rng);
    shuffle_together(&mut bx, &mut by, &mut rng)?;
    let (train_set, test) = Dataset::new(&bx, &by)?.split(0.5)?;
    let std = Standardizer::fit(train_set.inputs())?;
    let plan = Schedule::epochs(60).batch(Batch::Mini(32)).shuffle(1);
    let mut blobs = Mlp2::<2, 8, 3>::new([Tanh, Softmax], &mut rng).with_standardizer(std);
    train(
        &mut blobs,
        Adam::new(0.01)?,
        Loss::SoftmaxCrossEntropy,
        &train_set,
        plan,
    );
    ok &= row(
        "2-8-3 tanh/softmax, three blobs",
        &blobs,
        train_set.inputs(),
        &test,
    );
    let mut deep =
        Mlp3::<2, 16, 16, 3>::new([Relu, Relu, Softmax], &mut rng).with_standardizer(std);
    train(
        &mut deep,
        Adam::new(0.01)?,
        Loss::SoftmaxCrossEntropy,
        &train_set,
        plan,
    );
    ok &= row(
        "2-16-16-3 ReLU/softmax, three blobs",
        &deep,
        train_set.inputs(),
        &test,
    );
    Ok(ok)
}
