//! Criterion benchmarks of the four workloads of the C yardstick (`benches/c-ref/`), on the same
//! data and initial weights:
//!
//! - `seed/*`: a 2-2-1 sigmoid network with binary cross-entropy on 1000 standard-normal
//!   samples (quadrant labels), η = 0.5: one full-batch epoch (W1), online SGD steps (W2),
//!   inference of one sample and of the whole batch (W3);
//! - `wide/*`: a 16-64-64-4 ReLU/softmax network, softmax cross-entropy, 4096 samples,
//!   mini-batches of 64, SGD η = 0.05: one epoch (W4), and inference of the 4096 samples.
//!
//! Every group also runs `naive_*`: the same work written plainly in this file, one sample at a
//! time with `libm::expf`, to show what the crate's kernels gain. `latency/*` measures chains of
//! dependent sigmoids and exponentials, which bound the one-sample paths. `BENCHMARKS.md` has
//! the results and the command that regenerates them.

// The naive reference is written the way one writes it by hand: with indices.
#![allow(clippy::needless_range_loop)]

use core::ops::ControlFlow;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tinymlp::Activation::{self, *};
use tinymlp::{Batch, Dataset, Loss, Mlp2, Mlp3, Parameters, Schedule, Sgd, Trainer};

/// Hidden and output activation of the `seed` network in the benchmarks with the plain ids; the
/// `*_libm` ids run the same with `Sigmoid` (`libm::expf`).
const SEED_ACT: Activation = FastSigmoid;
/// Output activation of the `wide` network in the benchmarks with the plain ids; the `*_libm`
/// ids use `Softmax`.
const WIDE_OUT: Activation = FastSoftmax;

// ---------------------------------------------------------------------------------------------
// Data (raw little-endian files of the C yardstick)

fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

struct Seed {
    xs: Vec<[f32; 2]>,
    ys: Vec<[f32; 1]>,
    init: Vec<f32>,
}

fn seed_data() -> Seed {
    let x = f32s(include_bytes!("c-ref/data/w1_x.f32"));
    let y = f32s(include_bytes!("c-ref/data/w1_y_xor.f32"));
    Seed {
        xs: x.chunks_exact(2).map(|c| [c[0], c[1]]).collect(),
        ys: y.iter().map(|&v| [v]).collect(),
        init: f32s(include_bytes!("c-ref/data/w1_init.f32")),
    }
}

fn seed_net(init: &[f32], act: Activation) -> Mlp2<2, 2, 1> {
    let mut net = Mlp2::<2, 2, 1>::zeroed([act, act]);
    // File layout: W1[2][2], b1[2], W2[1][2], b2[1]: the crate's tensor order.
    let mut it = init.iter();
    for t in net.tensors_mut() {
        t.iter_mut().for_each(|v| *v = *it.next().unwrap());
    }
    net
}

struct Wide {
    xs: Vec<[f32; 16]>,
    ys: Vec<[f32; 4]>,
    labels: Vec<usize>,
    init: Vec<f32>,
}

fn wide_data() -> Wide {
    let x = f32s(include_bytes!("c-ref/data/w4_x.f32"));
    let labels: Vec<usize> = include_bytes!("c-ref/data/w4_y.i32")
        .chunks_exact(4)
        .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect();
    Wide {
        xs: x.chunks_exact(16).map(|c| c.try_into().unwrap()).collect(),
        ys: labels
            .iter()
            .map(|&k| core::array::from_fn(|j| f32::from(u8::from(j == k))))
            .collect(),
        labels,
        init: f32s(include_bytes!("c-ref/data/w4_init.f32")),
    }
}

type WideNet = Mlp3<16, 64, 64, 4>;

fn wide_net(init: &[f32], out: Activation) -> WideNet {
    let mut net = WideNet::zeroed([Relu, Relu, out]);
    // File layout: A1[64][16] c1[64] A2[64][64] c2[64] A3[4][64] c3[4]: the crate's order.
    let mut it = init.iter();
    for t in net.tensors_mut() {
        t.iter_mut().for_each(|v| *v = *it.next().unwrap());
    }
    net
}

// ---------------------------------------------------------------------------------------------
// The naive scalar reference: per-sample loops, libm::expf.

#[derive(Clone, Copy)]
struct Naive221 {
    w: [[f32; 2]; 2],
    b: [f32; 2],
    v: [f32; 2],
    c: f32,
}

fn sig(z: f32) -> f32 {
    1.0 / (1.0 + libm::expf(-z))
}

impl Naive221 {
    fn of(init: &[f32]) -> Self {
        Naive221 {
            w: [[init[0], init[1]], [init[2], init[3]]],
            b: [init[4], init[5]],
            v: [init[6], init[7]],
            c: init[8],
        }
    }

    fn forward(&self, x: &[f32; 2]) -> ([f32; 2], f32) {
        let h = [0, 1].map(|j| sig(self.w[j][0] * x[0] + self.w[j][1] * x[1] + self.b[j]));
        (h, sig(self.v[0] * h[0] + self.v[1] * h[1] + self.c))
    }

    /// Gradient of one sample (sigmoid + BCE) added to `g`, in the layout of `Naive221`.
    fn backprop(&self, x: &[f32; 2], y: f32, g: &mut Naive221) {
        let (h, p) = self.forward(x);
        let d = p - y;
        for j in 0..2 {
            g.v[j] += d * h[j];
            let e = d * self.v[j] * h[j] * (1.0 - h[j]);
            g.w[j][0] += e * x[0];
            g.w[j][1] += e * x[1];
            g.b[j] += e;
        }
        g.c += d;
    }

    fn apply(&mut self, g: &Naive221, s: f32) {
        for j in 0..2 {
            self.w[j][0] -= s * g.w[j][0];
            self.w[j][1] -= s * g.w[j][1];
            self.b[j] -= s * g.b[j];
            self.v[j] -= s * g.v[j];
        }
        self.c -= s * g.c;
    }
}

const ZERO221: Naive221 = Naive221 {
    w: [[0.0; 2]; 2],
    b: [0.0; 2],
    v: [0.0; 2],
    c: 0.0,
};

#[inline(never)]
fn naive_predict_one(net: &Naive221, x: &[f32; 2]) -> f32 {
    net.forward(x).1
}

#[inline(never)]
fn crate_predict_one(net: &Mlp2<2, 2, 1>, x: &[f32; 2]) -> [f32; 1] {
    net.predict(x)
}

struct NaiveWide {
    a1: Vec<[f32; 16]>,
    c1: Vec<f32>,
    a2: Vec<[f32; 64]>,
    c2: Vec<f32>,
    a3: Vec<[f32; 64]>,
    c3: Vec<f32>,
}

impl NaiveWide {
    fn of(init: &[f32]) -> Self {
        let (a1, rest) = init.split_at(64 * 16);
        let (c1, rest) = rest.split_at(64);
        let (a2, rest) = rest.split_at(64 * 64);
        let (c2, rest) = rest.split_at(64);
        let (a3, c3) = rest.split_at(4 * 64);
        NaiveWide {
            a1: a1.chunks_exact(16).map(|r| r.try_into().unwrap()).collect(),
            c1: c1.to_vec(),
            a2: a2.chunks_exact(64).map(|r| r.try_into().unwrap()).collect(),
            c2: c2.to_vec(),
            a3: a3.chunks_exact(64).map(|r| r.try_into().unwrap()).collect(),
            c3: c3.to_vec(),
        }
    }

    fn zero() -> Self {
        NaiveWide {
            a1: vec![[0.0; 16]; 64],
            c1: vec![0.0; 64],
            a2: vec![[0.0; 64]; 64],
            c2: vec![0.0; 64],
            a3: vec![[0.0; 64]; 4],
            c3: vec![0.0; 4],
        }
    }

    fn dense<const I: usize>(w: &[[f32; I]], b: &[f32], x: &[f32; I], relu: bool) -> Vec<f32> {
        w.iter()
            .zip(b)
            .map(|(row, b)| {
                let z = row.iter().zip(x).map(|(w, x)| w * x).sum::<f32>() + b;
                if relu { z.max(0.0) } else { z }
            })
            .collect()
    }

    fn forward(&self, x: &[f32; 16]) -> ([f32; 64], [f32; 64], [f32; 4]) {
        let h1: [f32; 64] = Self::dense(&self.a1, &self.c1, x, true).try_into().unwrap();
        let h2: [f32; 64] = Self::dense(&self.a2, &self.c2, &h1, true)
            .try_into()
            .unwrap();
        let z: [f32; 4] = Self::dense(&self.a3, &self.c3, &h2, false)
            .try_into()
            .unwrap();
        let m = z.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        let e = z.map(|v| libm::expf(v - m));
        let s: f32 = e.iter().sum();
        (h1, h2, e.map(|e| e / s))
    }

    fn backprop(&self, x: &[f32; 16], label: usize, g: &mut NaiveWide) {
        let (h1, h2, p) = self.forward(x);
        let d3: [f32; 4] = core::array::from_fn(|o| p[o] - f32::from(u8::from(o == label)));
        let mut d2 = [0.0f32; 64];
        for o in 0..4 {
            g.c3[o] += d3[o];
            for i in 0..64 {
                g.a3[o][i] += d3[o] * h2[i];
                d2[i] += self.a3[o][i] * d3[o];
            }
        }
        let mut d1 = [0.0f32; 64];
        for o in 0..64 {
            let d = if h2[o] > 0.0 { d2[o] } else { 0.0 };
            g.c2[o] += d;
            for i in 0..64 {
                g.a2[o][i] += d * h1[i];
                d1[i] += self.a2[o][i] * d;
            }
        }
        for o in 0..64 {
            let d = if h1[o] > 0.0 { d1[o] } else { 0.0 };
            g.c1[o] += d;
            for i in 0..16 {
                g.a1[o][i] += d * x[i];
            }
        }
    }

    fn apply(&mut self, g: &NaiveWide, s: f32) {
        fn upd(p: &mut [f32], g: &[f32], s: f32) {
            p.iter_mut().zip(g).for_each(|(p, g)| *p -= s * g);
        }
        upd(self.a1.as_flattened_mut(), g.a1.as_flattened(), s);
        upd(&mut self.c1, &g.c1, s);
        upd(self.a2.as_flattened_mut(), g.a2.as_flattened(), s);
        upd(&mut self.c2, &g.c2, s);
        upd(self.a3.as_flattened_mut(), g.a3.as_flattened(), s);
        upd(&mut self.c3, &g.c3, s);
    }
}

// ---------------------------------------------------------------------------------------------

fn seed_group(c: &mut Criterion) {
    let d = seed_data();
    let n = d.xs.len();
    let data = Dataset::new(&d.xs, &d.ys).unwrap();
    let mut g = c.benchmark_group("seed");
    g.throughput(Throughput::Elements(n as u64));

    let bench_epoch = |g: &mut criterion::BenchmarkGroup<'_, _>, id: &str, act| {
        let mut net = seed_net(&d.init, act);
        let mut trainer = Trainer::new(Sgd::new(0.5).unwrap(), Loss::BinaryCrossEntropy);
        g.bench_function(id, |b| {
            b.iter(|| trainer.step_batch(black_box(&mut net), &data).unwrap())
        });
    };
    bench_epoch(&mut g, "full_batch_epoch", SEED_ACT);
    bench_epoch(&mut g, "full_batch_epoch_libm", Sigmoid);

    let mut naive = Naive221::of(&d.init);
    g.bench_function("naive_full_batch_epoch", |b| {
        b.iter(|| {
            let mut grad = ZERO221;
            for (x, y) in d.xs.iter().zip(&d.ys) {
                naive.backprop(x, y[0], &mut grad);
            }
            naive.apply(&grad, 0.5 / n as f32);
            black_box(&naive);
        })
    });

    let bench_online = |g: &mut criterion::BenchmarkGroup<'_, _>, id: &str, act| {
        let mut net = seed_net(&d.init, act);
        let mut trainer = Trainer::new(Sgd::new(0.5).unwrap(), Loss::BinaryCrossEntropy);
        g.bench_function(id, |b| {
            b.iter(|| {
                for (x, y) in d.xs.iter().zip(&d.ys) {
                    trainer.step(black_box(&mut net), x, y).unwrap();
                }
            })
        });
    };
    bench_online(&mut g, "online_step", SEED_ACT);
    bench_online(&mut g, "online_step_libm", Sigmoid);

    let mut naive = Naive221::of(&d.init);
    g.bench_function("naive_online_step", |b| {
        b.iter(|| {
            for (x, y) in d.xs.iter().zip(&d.ys) {
                let mut grad = ZERO221;
                naive.backprop(x, y[0], &mut grad);
                naive.apply(&grad, 0.5);
            }
            black_box(&naive);
        })
    });

    let bench_predict = |g: &mut criterion::BenchmarkGroup<'_, _>, one: &str, batch: &str, act| {
        let net = seed_net(&d.init, act);
        g.bench_function(one, |b| {
            b.iter(|| {
                let mut s = 0.0f32;
                for x in &d.xs {
                    s += crate_predict_one(black_box(&net), x)[0];
                }
                s
            })
        });
        let mut out = vec![[0.0f32; 1]; n];
        g.bench_function(batch, |b| {
            b.iter(|| {
                black_box(&net)
                    .predict_batch(black_box(&d.xs), &mut out)
                    .unwrap()
            })
        });
    };
    bench_predict(&mut g, "predict_one", "predict_batch", SEED_ACT);
    bench_predict(&mut g, "predict_one_libm", "predict_batch_libm", Sigmoid);

    let naive = Naive221::of(&d.init);
    g.bench_function("naive_predict_one", |b| {
        b.iter(|| {
            let mut s = 0.0f32;
            for x in &d.xs {
                s += naive_predict_one(black_box(&naive), x);
            }
            s
        })
    });
    let mut out = vec![0.0f32; n];
    g.bench_function("naive_predict_batch", |b| {
        b.iter(|| {
            let net = black_box(&naive);
            for (o, x) in out.iter_mut().zip(black_box(&d.xs)) {
                *o = net.forward(x).1;
            }
        })
    });
    g.finish();
}

fn wide_group(c: &mut Criterion) {
    let d = wide_data();
    let n = d.xs.len();
    let data = Dataset::new(&d.xs, &d.ys).unwrap();
    let mut g = c.benchmark_group("wide");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(30);

    let plan = Schedule::epochs(1).batch(Batch::Mini(64));
    for (id, out) in [("train_epoch", WIDE_OUT), ("train_epoch_libm", Softmax)] {
        let mut net = wide_net(&d.init, out);
        let mut trainer = Trainer::new(Sgd::new(0.05).unwrap(), Loss::SoftmaxCrossEntropy);
        g.bench_function(id, |b| {
            b.iter(|| {
                trainer
                    .fit(black_box(&mut net), &data, &plan, |_| {
                        ControlFlow::Continue(())
                    })
                    .unwrap()
            })
        });
    }

    let mut naive = NaiveWide::of(&d.init);
    g.bench_function("naive_train_epoch", |b| {
        b.iter(|| {
            for (xs, labels) in d.xs.chunks(64).zip(d.labels.chunks(64)) {
                let mut grad = NaiveWide::zero();
                for (x, &k) in xs.iter().zip(labels) {
                    naive.backprop(x, k, &mut grad);
                }
                naive.apply(&grad, 0.05 / xs.len() as f32);
            }
            black_box(&naive);
        })
    });

    let mut out = vec![[0.0f32; 4]; n];
    for (id, act) in [("predict_batch", WIDE_OUT), ("predict_batch_libm", Softmax)] {
        let net = wide_net(&d.init, act);
        g.bench_function(id, |b| {
            b.iter(|| {
                black_box(&net)
                    .predict_batch(black_box(&d.xs), &mut out)
                    .unwrap()
            })
        });
    }

    let naive = NaiveWide::of(&d.init);
    g.bench_function("naive_predict_batch", |b| {
        b.iter(|| {
            let net = black_box(&naive);
            for (o, x) in out.iter_mut().zip(black_box(&d.xs)) {
                *o = net.forward(x).2;
            }
        })
    });
    g.finish();
}

// ---------------------------------------------------------------------------------------------
// Latency: what the one-sample paths wait for

/// Calls per `latency/*` iteration.
const CHAIN: usize = 1000;

/// `CHAIN` dependent calls of `f`: each argument is the previous result times 4 minus 2.5
/// (for a sigmoid that stays near −2, an ordinary argument), so a call cannot start before
/// the previous one has finished. Per element: the latency of `f` plus one multiply and one
/// add (`latency/mul_add` alone).
fn chain(f: impl Fn(f32) -> f32) -> f32 {
    let mut x = black_box(0.3f32);
    for _ in 0..CHAIN {
        x = f(x) * 4.0 - 2.5;
    }
    x
}

fn latency_group(c: &mut Criterion) {
    let mut g = c.benchmark_group("latency");
    g.throughput(Throughput::Elements(CHAIN as u64));
    g.bench_function("sigmoid", |b| b.iter(|| chain(tinymlp::math::sigmoid)));
    g.bench_function("sigmoid_libm", |b| {
        b.iter(|| chain(tinymlp::activation::sigmoid))
    });
    g.bench_function("exp", |b| {
        b.iter(|| chain(|x| tinymlp::math::exp(x) * 0.125))
    });
    g.bench_function("exp_libm", |b| b.iter(|| chain(|x| libm::expf(x) * 0.125)));
    g.bench_function("mul_add", |b| b.iter(|| chain(|x| x * 0.25)));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = seed_group, wide_group, latency_group
}
criterion_main!(benches);
