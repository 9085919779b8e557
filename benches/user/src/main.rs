//! The C yardstick's W2-xor and W3-single (benches/c-ref/ref.c) written against tinymlp as a
//! user would: online SGD on the 2-2-1 with `Trainer::learn` / `Trainer::step`, and one
//! `predict` per call. Same data, same initial weights, same counts as the C; prints one JSON
//! line per measurement, like the C.
//!
//! Each is measured with the activation chosen at run time (`Activation::FastSigmoid`, the
//! crate's fast path, and `Activation::Sigmoid`, `libm`'s), and fixed at compile time
//! (`tinymlp::fixed::FastSigmoid` and `fixed::Sigmoid` as the network's type parameters).
//!
//! Usage: tinymlp-userbench [DATA_DIR [FILTER [REPEAT]]]. DATA_DIR defaults to benches/c-ref/data
//! (found from this crate's manifest directory at build time); with FILTER, only the
//! measurements whose `workload/activation` contains it run, REPEAT times (default 1: for
//! `perf record`).

use std::hint::black_box;
use std::time::Instant;

use tinymlp::{Act, Activation, Dataset, Loss, Mlp2, Online, Rng, Sgd, Trainer, fixed};

const EPOCHS: usize = 100; // W2_EPOCHS
const LR: f32 = 0.5; // W2_LR
const CALLS: usize = 1_000_000; // W3_SINGLE_CALLS
const W1_EPOCHS: usize = 1000; // W1_EPOCHS (full-batch, learning rate 0.5)

/// The 2-2-1 with activation type `A` in both layers (`Activation`: chosen at run time).
type Net<A> = Mlp2<2, 2, 1, A, A>;

struct Data {
    xs: Vec<[f32; 2]>,
    ys: Vec<[f32; 1]>,
    init: Vec<f32>,
}

fn f32s(path: &std::path::Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// `w1_init.f32` is w00 w01 w10 w11 b0 b1 v0 v1 c, with w[hidden][input] (ref.c's `Net`).
fn initial<A: Act>(p: &[f32], act: A) -> Net<A> {
    let mut net = Net::with_activations((act, act), &mut Rng::new(0));
    net.layers.0.weights = [[p[0], p[1]], [p[2], p[3]]];
    net.layers.0.biases = [p[4], p[5]];
    net.layers.1.weights = [[p[6], p[7]]];
    net.layers.1.biases = [p[8]];
    net
}

/// Mean binary cross-entropy and accuracy, as ref.c's `eval_bce` (probabilities clamped to
/// [1e-7, 1 − 1e-7], in f64).
fn evaluate<A: Act>(net: &Net<A>, d: &Data) -> (f64, f64) {
    let (mut loss, mut ok) = (0.0f64, 0usize);
    for (x, y) in d.xs.iter().zip(&d.ys) {
        let p = (net.predict(x)[0] as f64).clamp(1e-7, 1.0 - 1e-7);
        let y = y[0] as f64;
        ok += usize::from((p > 0.5) == (y > 0.5));
        loss -= y * p.ln() + (1.0 - y) * (1.0 - p).ln();
    }
    (loss / d.xs.len() as f64, ok as f64 / d.xs.len() as f64)
}

#[derive(Clone, Copy)]
enum Update {
    Learn,
    Step,
}

/// W2: 100 epochs of online SGD over the samples in order; returns the trained network and
/// the seconds taken.
fn train<A: Act>(init: &Net<A>, d: &Data, update: Update) -> (Net<A>, f64) {
    let mut net = init.clone();
    let mut trainer: Trainer<Net<A>, Sgd, Online> =
        Trainer::online(Sgd::new(LR).unwrap(), Loss::BinaryCrossEntropy);
    let t0 = Instant::now();
    match update {
        Update::Learn => {
            for _ in 0..EPOCHS {
                for (x, y) in d.xs.iter().zip(&d.ys) {
                    trainer.learn(&mut net, x, y).unwrap();
                }
            }
        }
        Update::Step => {
            let mut sum = 0.0f32;
            for _ in 0..EPOCHS {
                for (x, y) in d.xs.iter().zip(&d.ys) {
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
fn full_batch<A: Act>(init: &Net<A>, d: &Data) -> Net<A> {
    let mut net = init.clone();
    let data = Dataset::new(&d.xs, &d.ys).unwrap();
    let mut trainer: Trainer<Net<A>, Sgd> =
        Trainer::new(Sgd::new(LR).unwrap(), Loss::BinaryCrossEntropy);
    for _ in 0..W1_EPOCHS {
        trainer.step_batch(&mut net, &data).unwrap();
    }
    net
}

/// The "API call" of W3-single: like the C's `noinline forward1`, one call per sample that
/// the loop cannot see into.
#[inline(never)]
fn predict_one<A: Act>(net: &Net<A>, x: &[f32; 2]) -> [f32; 1] {
    net.predict(x)
}

/// W3-single: `CALLS` predictions cycling through the samples, summed; returns the seconds
/// and the sum.
fn predict_calls<A: Act>(net: &Net<A>, xs: &[[f32; 2]], inline: bool) -> (f64, f32) {
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

/// Every measurement of one activation, `label` in the output.
fn measure<A: Act>(act: A, label: &str, d: &Data, runs: &dyn Fn(&str, &str) -> usize) {
    let steps = (EPOCHS * d.xs.len()) as f64;
    let init = initial(&d.init, act);
    let any = |prefix: &str| {
        let all = [
            "W2-xor/learn",
            "W2-xor/step",
            "W3-single",
            "W3-single/inlined",
        ];
        all.iter()
            .any(|w| w.starts_with(prefix) && runs(w, label) > 0)
    };
    if !any("W2") && !any("W3") {
        return;
    }
    // Warm-up on a throwaway copy (the C runs W1 before W2 in the same process).
    train(&init, d, Update::Learn);
    for (update, workload) in [
        (Update::Learn, "W2-xor/learn"),
        (Update::Step, "W2-xor/step"),
    ] {
        let n = runs(workload, label);
        if n == 0 {
            continue;
        }
        for _ in 1..n {
            train(&init, d, update);
        }
        let (net, t) = train(&init, d, update);
        let (loss, acc) = evaluate(&net, d);
        println!(
            "{{\"peer\": \"tinymlp\", \"workload\": \"{workload}\", \"activation\": \"{label}\", \"time_s\": {t:.9}, \"per_unit_ns\": {:.6}, \"loss\": {loss:.6}, \"acc\": {acc:.6}}}",
            t / steps * 1e9
        );
    }
    // Predict with the network the C's W3 uses: W1-xor's, 1000 full-batch epochs (not timed;
    // the checksum shows that it predicts the same as the C's).
    if !any("W3") {
        return;
    }
    let net = full_batch(&init, d);
    predict_calls(&net, &d.xs, false);
    for (inline, workload) in [(false, "W3-single"), (true, "W3-single/inlined")] {
        let n = runs(workload, label);
        if n == 0 {
            continue;
        }
        for _ in 1..n {
            predict_calls(&net, &d.xs, inline);
        }
        let (t, sum) = predict_calls(&net, &d.xs, inline);
        println!(
            "{{\"peer\": \"tinymlp\", \"workload\": \"{workload}\", \"activation\": \"{label}\", \"time_s\": {t:.9}, \"per_unit_ns\": {:.6}, \"n\": {CALLS}, \"checksum\": {sum:.9}}}",
            t / CALLS as f64 * 1e9
        );
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../c-ref/data"));
    let x = f32s(&dir.join("w1_x.f32"));
    let y = f32s(&dir.join("w1_y_xor.f32"));
    let init = f32s(&dir.join("w1_init.f32"));
    assert_eq!(
        (x.len(), y.len(), init.len()),
        (2000, 1000, 9),
        "data files"
    );
    let d = Data {
        xs: x.chunks_exact(2).map(|c| [c[0], c[1]]).collect(),
        ys: y.iter().map(|&v| [v]).collect(),
        init,
    };
    let filter = std::env::args().nth(2);
    let repeat: usize = std::env::args()
        .nth(3)
        .map_or(1, |r| r.parse().expect("REPEAT"));
    let runs = |workload: &str, label: &str| match &filter {
        None => 1,
        Some(f) if format!("{workload}/{label}").contains(f.as_str()) => repeat,
        Some(_) => 0,
    };

    measure(Activation::FastSigmoid, "FastSigmoid", &d, &runs);
    measure(Activation::Sigmoid, "Sigmoid", &d, &runs);
    measure(fixed::FastSigmoid, "fixed::FastSigmoid", &d, &runs);
    measure(fixed::Sigmoid, "fixed::Sigmoid", &d, &runs);
}
