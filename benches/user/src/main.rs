//! The C yardstick's W2-xor and W3-single (benches/c-ref/ref.c) written against tinymlp as a
//! user would: online SGD on the 2-2-1 with `Trainer::learn` / `Trainer::step`, and one
//! `predict` per call. Same data, same initial weights, same counts as the C; prints one JSON
//! line per measurement, like the C.
//!
//! Usage: tinymlp-userbench [DATA_DIR [FILTER [REPEAT]]]. DATA_DIR defaults to benches/c-ref/data
//! (found from this crate's manifest directory at build time); with FILTER, only the
//! measurements whose `workload/activation` contains it run, REPEAT times (default 1: for
//! `perf record`).

use std::hint::black_box;
use std::time::Instant;

use tinymlp::{Activation, Dataset, Loss, Mlp2, Online, Sgd, Trainer};

const EPOCHS: usize = 100; // W2_EPOCHS
const LR: f32 = 0.5; // W2_LR
const CALLS: usize = 1_000_000; // W3_SINGLE_CALLS
const W1_EPOCHS: usize = 1000; // W1_EPOCHS (full-batch, learning rate 0.5)

type Net = Mlp2<2, 2, 1>;

fn f32s(path: &std::path::Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// `w1_init.f32` is w00 w01 w10 w11 b0 b1 v0 v1 c, with w[hidden][input] (ref.c's `Net`).
fn initial(p: &[f32], act: Activation) -> Net {
    let mut net = Net::zeroed([act, act]);
    net.layers.0.weights = [[p[0], p[1]], [p[2], p[3]]];
    net.layers.0.biases = [p[4], p[5]];
    net.layers.1.weights = [[p[6], p[7]]];
    net.layers.1.biases = [p[8]];
    net
}

fn name(act: Activation) -> &'static str {
    match act {
        Activation::FastSigmoid => "FastSigmoid",
        Activation::Sigmoid => "Sigmoid",
        _ => "other",
    }
}

/// Mean binary cross-entropy and accuracy, as ref.c's `eval_bce` (probabilities clamped to
/// [1e-7, 1 − 1e-7], in f64).
fn evaluate(net: &Net, xs: &[[f32; 2]], ys: &[[f32; 1]]) -> (f64, f64) {
    let (mut loss, mut ok) = (0.0f64, 0usize);
    for (x, y) in xs.iter().zip(ys) {
        let p = (net.predict(x)[0] as f64).clamp(1e-7, 1.0 - 1e-7);
        let y = y[0] as f64;
        ok += usize::from((p > 0.5) == (y > 0.5));
        loss -= y * p.ln() + (1.0 - y) * (1.0 - p).ln();
    }
    (loss / xs.len() as f64, ok as f64 / xs.len() as f64)
}

#[derive(Clone, Copy)]
enum Update {
    Learn,
    Step,
}

/// W2: 100 epochs of online SGD over the samples in order; returns the trained network and
/// the seconds taken.
fn train(init: &Net, xs: &[[f32; 2]], ys: &[[f32; 1]], update: Update) -> (Net, f64) {
    let mut net = init.clone();
    let mut trainer: Trainer<Net, Sgd, Online> =
        Trainer::online(Sgd::new(LR).unwrap(), Loss::BinaryCrossEntropy);
    let t0 = Instant::now();
    match update {
        Update::Learn => {
            for _ in 0..EPOCHS {
                for (x, y) in xs.iter().zip(ys) {
                    trainer.learn(&mut net, x, y).unwrap();
                }
            }
        }
        Update::Step => {
            let mut sum = 0.0f32;
            for _ in 0..EPOCHS {
                for (x, y) in xs.iter().zip(ys) {
                    sum += trainer.step(&mut net, x, y).unwrap();
                }
            }
            black_box(sum);
        }
    }
    let t = t0.elapsed().as_secs_f64();
    (black_box(net), t)
}

/// W1-xor's training, untimed: full-batch gradient descent, as the C's `gd_epoch`.
fn full_batch(init: &Net, xs: &[[f32; 2]], ys: &[[f32; 1]]) -> Net {
    let mut net = init.clone();
    let data = Dataset::new(xs, ys).unwrap();
    let mut trainer: Trainer<Net, Sgd> =
        Trainer::new(Sgd::new(LR).unwrap(), Loss::BinaryCrossEntropy);
    for _ in 0..W1_EPOCHS {
        trainer.step_batch(&mut net, &data).unwrap();
    }
    net
}

/// The "API call" of W3-single: like the C's `noinline forward1`, one call per sample that
/// the loop cannot see into.
#[inline(never)]
fn predict_one(net: &Net, x: &[f32; 2]) -> [f32; 1] {
    net.predict(x)
}

/// W3-single: `CALLS` predictions cycling through the samples, summed; returns the seconds
/// and the sum.
fn predict_calls(net: &Net, xs: &[[f32; 2]], inline: bool) -> (f64, f32) {
    let mut s = 0.0f32;
    let t0 = Instant::now();
    let mut i = 0;
    for _ in 0..CALLS {
        s += if inline {
            black_box(net).predict(&xs[i])[0]
        } else {
            predict_one(black_box(net), &xs[i])[0]
        };
        i += 1;
        if i == xs.len() {
            i = 0;
        }
    }
    let t = t0.elapsed().as_secs_f64();
    (t, black_box(s))
}

fn main() {
    let dir = std::env::args().nth(1).map(std::path::PathBuf::from).unwrap_or_else(|| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../c-ref/data")
    });
    let x = f32s(&dir.join("w1_x.f32"));
    let y = f32s(&dir.join("w1_y_xor.f32"));
    let p = f32s(&dir.join("w1_init.f32"));
    assert_eq!((x.len(), y.len(), p.len()), (2000, 1000, 9), "data files");
    let xs: Vec<[f32; 2]> = x.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
    let ys: Vec<[f32; 1]> = y.iter().map(|&v| [v]).collect();
    let steps = (EPOCHS * xs.len()) as f64;
    let filter = std::env::args().nth(2);
    let repeat: usize = std::env::args().nth(3).map_or(1, |r| r.parse().expect("REPEAT"));
    let runs = |workload: &str, act: Activation| match &filter {
        None => 1,
        Some(f) if format!("{workload}/{}", name(act)).contains(f.as_str()) => repeat,
        Some(_) => 0,
    };

    for act in [Activation::FastSigmoid, Activation::Sigmoid] {
        let init = initial(&p, act);
        // Warm-up on a throwaway copy (the C runs W1 before W2 in the same process).
        train(&init, &xs, &ys, Update::Learn);
        for (update, workload) in [(Update::Learn, "W2-xor/learn"), (Update::Step, "W2-xor/step")] {
            for _ in 1..runs(workload, act) {
                train(&init, &xs, &ys, update);
            }
            if runs(workload, act) == 0 {
                continue;
            }
            let (net, t) = train(&init, &xs, &ys, update);
            let (loss, acc) = evaluate(&net, &xs, &ys);
            println!(
                "{{\"peer\": \"tinymlp\", \"workload\": \"{workload}\", \"activation\": \"{}\", \"time_s\": {t:.9}, \"per_unit_ns\": {:.6}, \"loss\": {loss:.6}, \"acc\": {acc:.6}}}",
                name(act),
                t / steps * 1e9
            );
        }
        // Predict with the network the C's W3 uses: W1-xor's, 1000 full-batch epochs (not
        // timed; the sums are in another order than the C's, so the weights differ slightly).
        let net = full_batch(&init, &xs, &ys);
        predict_calls(&net, &xs, false);
        for (inline, workload) in [(false, "W3-single"), (true, "W3-single/inlined")] {
            for _ in 1..runs(workload, act) {
                predict_calls(&net, &xs, inline);
            }
            if runs(workload, act) == 0 {
                continue;
            }
            let (t, sum) = predict_calls(&net, &xs, inline);
            println!(
                "{{\"peer\": \"tinymlp\", \"workload\": \"{workload}\", \"activation\": \"{}\", \"time_s\": {t:.9}, \"per_unit_ns\": {:.6}, \"n\": {CALLS}, \"checksum\": {sum:.9}}}",
                name(act),
                t / CALLS as f64 * 1e9
            );
        }
    }
}
