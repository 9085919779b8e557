//! Golden digests: the exact bits of trained weights, epoch losses and predictions of several
//! training runs, covering every activation, loss, optimizer and batching mode.
//!
//! They pin the arithmetic down. A change that alters any result bit of an existing code path
//! fails here; a deliberate change of the arithmetic must update these values and say why in
//! its commit. The values are the same on every target (x86-64 with or without AVX-512,
//! AArch64, Cortex-M): the crate's operations are plain IEEE-754 `f32` in a fixed order.

use core::ops::ControlFlow;

use tinymlp::Activation::*;
use tinymlp::{
    Activation, Adam, Batch, Dataset, Loss, Mlp1, Mlp2, Mlp3, Mlp4, Momentum, Network, Rng,
    Schedule, Sgd, Standardizer, Trainer,
};

/// FNV-1a over the bits of a sequence of `f32` (the same hash as [`Parameters::digest`]).
fn digest(values: impl IntoIterator<Item = f32>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        for b in v.to_bits().to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// What a run is compared on: final weights, the loss of every epoch, predictions (outputs and
/// logits) on the training inputs.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    weights: u64,
    losses: u64,
    predictions: u64,
    logits: u64,
}

fn outcome<N: Network<Input: Sized>>(net: &N, losses: &[f32], inputs: &[N::Input]) -> Outcome {
    Outcome {
        weights: net.digest(),
        losses: digest(losses.iter().copied()),
        predictions: digest(
            inputs
                .iter()
                .flat_map(|x| net.predict(x).unwrap().as_ref().to_vec()),
        ),
        logits: digest(
            inputs
                .iter()
                .flat_map(|x| net.predict_with_logits(x).unwrap().1.as_ref().to_vec()),
        ),
    }
}

fn fit<N: Network, O: tinymlp::Optimizer>(
    net: &mut N,
    trainer: &mut Trainer<N, O>,
    data: &Dataset<'_, N::Input, N::Output>,
    schedule: &Schedule,
) -> Vec<f32> {
    let mut losses = Vec::new();
    trainer
        .fit(net, data, schedule, |p| {
            losses.push(p.loss);
            ControlFlow::Continue(())
        })
        .unwrap();
    losses
}

fn normal_inputs<const I: usize>(rng: &mut Rng, n: usize) -> Vec<[f32; I]> {
    (0..n)
        .map(|_| core::array::from_fn(|_| rng.normal()))
        .collect()
}

/// The `seed` example's run: 2-2-1 sigmoid, binary cross-entropy, full batch, η = 0.1,
/// 1000 epochs on 1000 samples.
fn seed_run() -> Outcome {
    let mut rng = Rng::new(2024);
    let mut samples = || {
        let xs: Vec<[f32; 2]> = (0..1000).map(|_| [rng.normal(), rng.normal()]).collect();
        let ys: Vec<[f32; 1]> = xs
            .iter()
            .map(|x| [f32::from(u8::from(x[0] + x[1] > 0.0))])
            .collect();
        (xs, ys)
    };
    let (xs, ys) = samples();
    let (_test_x, _test_y) = samples();
    let data = Dataset::new(&xs, &ys).unwrap();
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut rng);
    let mut trainer = Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy);
    let losses = fit(&mut net, &mut trainer, &data, &Schedule::epochs(1000));
    outcome(&net, &losses, &xs)
}

/// Mini-batches (not a multiple of the lane width) reshuffled every epoch, momentum, a
/// standardizer, ReLU hidden layers and a softmax output.
fn minibatch_run() -> Outcome {
    let mut rng = Rng::new(11);
    let xs: Vec<[f32; 5]> = normal_inputs(&mut rng, 203)
        .into_iter()
        .map(|x: [f32; 5]| x.map(|v| 3.0 * v + 1.5))
        .collect();
    let ys: Vec<[f32; 3]> = xs
        .iter()
        .map(|x| {
            let k = if x[0] > x[1] {
                0
            } else if x[2] > 1.5 {
                1
            } else {
                2
            };
            core::array::from_fn(|j| f32::from(u8::from(j == k)))
        })
        .collect();
    let data = Dataset::new(&xs, &ys).unwrap();
    let mut net = Mlp3::<5, 12, 9, 3>::new([Relu, Relu, Softmax], &mut rng)
        .with_standardizer(Standardizer::fit(&xs).unwrap());
    let mut trainer = Trainer::new(Momentum::new(0.05, 0.9).unwrap(), Loss::SoftmaxCrossEntropy);
    let plan = Schedule::epochs(30).batch(Batch::Mini(20)).shuffle(7);
    let losses = fit(&mut net, &mut trainer, &data, &plan);
    outcome(&net, &losses, &xs)
}

/// Online SGD, shuffled, tanh hidden layer, identity output, squared error.
fn online_run() -> Outcome {
    let mut rng = Rng::new(5);
    let xs: Vec<[f32; 3]> = normal_inputs(&mut rng, 150);
    let ys: Vec<[f32; 2]> = xs
        .iter()
        .map(|x| [x[0] * x[1] - 0.5 * x[2], libm::sinf(x[0]) + 0.1 * x[2]])
        .collect();
    let data = Dataset::new(&xs, &ys).unwrap();
    let mut net = Mlp2::<3, 6, 2>::new([Tanh, Identity], &mut rng);
    let mut trainer = Trainer::new(Sgd::new(0.02).unwrap(), Loss::MeanSquaredError);
    let plan = Schedule::epochs(20).batch(Batch::Online).shuffle(3);
    let losses = fit(&mut net, &mut trainer, &data, &plan);
    outcome(&net, &losses, &xs)
}

/// Adam on a deeper network, mini-batches in data order, sigmoid outputs with binary
/// cross-entropy on two independent labels.
fn adam_run() -> Outcome {
    let mut rng = Rng::new(99);
    let xs: Vec<[f32; 2]> = normal_inputs(&mut rng, 300);
    let ys: Vec<[f32; 2]> = xs
        .iter()
        .map(|x| {
            [
                f32::from(u8::from(x[0] * x[1] > 0.0)),
                f32::from(u8::from(x[0] * x[0] + x[1] * x[1] < 1.0)),
            ]
        })
        .collect();
    let data = Dataset::new(&xs, &ys).unwrap();
    let mut net = Mlp4::<2, 8, 8, 8, 2>::new([Tanh, Relu, Sigmoid, Sigmoid], &mut rng);
    let mut trainer = Trainer::new(Adam::new(0.01).unwrap(), Loss::BinaryCrossEntropy);
    let plan = Schedule::epochs(40).batch(Batch::Mini(37));
    let losses = fit(&mut net, &mut trainer, &data, &plan);
    outcome(&net, &losses, &xs)
}

/// Softmax regression (one layer), full batch, with single `step`s mixed in.
fn single_layer_run() -> Outcome {
    let mut rng = Rng::new(123);
    let xs: Vec<[f32; 4]> = normal_inputs(&mut rng, 64);
    let ys: Vec<[f32; 4]> = xs
        .iter()
        .map(|x| {
            let k = usize::from(x[0] > 0.0) + 2 * usize::from(x[3] > 0.0);
            core::array::from_fn(|j| f32::from(u8::from(j == k)))
        })
        .collect();
    let data = Dataset::new(&xs, &ys).unwrap();
    let mut net = Mlp1::<4, 4>::new([Activation::Softmax], &mut rng);
    let mut trainer = Trainer::new(Sgd::new(0.3).unwrap(), Loss::SoftmaxCrossEntropy);
    let mut losses = fit(&mut net, &mut trainer, &data, &Schedule::epochs(25));
    for (x, y) in xs.iter().zip(&ys).take(10) {
        losses.push(trainer.step(&mut net, x, y).unwrap());
    }
    losses.push(trainer.step_batch(&mut net, &data).unwrap());
    outcome(&net, &losses, &xs)
}

#[test]
fn seed_example_run_is_bit_exact() {
    assert_eq!(
        seed_run(),
        Outcome {
            weights: 0x21fc58724037687d,
            losses: 0xd765177c327dab0e,
            predictions: 0xe033b97466fef023,
            logits: 0x7ea6bf2c093da35c,
        }
    );
}

#[test]
fn shuffled_minibatch_momentum_run_is_bit_exact() {
    assert_eq!(
        minibatch_run(),
        Outcome {
            weights: 0x008f1a86482889b5,
            losses: 0x0623231b6183ad71,
            predictions: 0x20821e070786405b,
            logits: 0xfd00eca8744e56a3,
        }
    );
}

#[test]
fn online_sgd_run_is_bit_exact() {
    assert_eq!(
        online_run(),
        Outcome {
            weights: 0xc1bf72776bb8f4d9,
            losses: 0x4aab0155ff40193d,
            predictions: 0xb29c64d06dc400c7,
            logits: 0xb29c64d06dc400c7,
        }
    );
}

#[test]
fn adam_run_is_bit_exact() {
    assert_eq!(
        adam_run(),
        Outcome {
            weights: 0xe298c69956b4599b,
            losses: 0x14d0603cc773a758,
            predictions: 0xf17299ea60846dbe,
            logits: 0x7bcbb0f30bd87042,
        }
    );
}

#[test]
fn single_layer_run_is_bit_exact() {
    assert_eq!(
        single_layer_run(),
        Outcome {
            weights: 0x0fc8ddd24865edd5,
            losses: 0x8c93e0611ca1154b,
            predictions: 0xd057dc2cfc831de3,
            logits: 0x105b5f86646b2d36,
        }
    );
}

/// `predict_batch` computes lane blocks with the vector kernels; it must give exactly the
/// numbers of `predict`, for every activation, with and without a standardizer, for lengths
/// that are and are not multiples of the lane width.
#[test]
fn predict_batch_is_predict_bit_for_bit() {
    fn check<N: Network, const I: usize, const O: usize>(
        net: &N,
        batch: impl Fn(&[[f32; I]], &mut [[f32; O]]),
        predict: impl Fn(&[f32; I]) -> [f32; O],
    ) {
        let mut rng = Rng::new(8);
        for n in [1usize, 15, 16, 17, 64, 100] {
            let mut xs: Vec<[f32; I]> = normal_inputs(&mut rng, n);
            xs[0] = [0.0; I];
            if n > 2 {
                xs[1] = [40.0; I];
                xs[2] = [-90.0; I];
            }
            let mut out = vec![[0.0f32; O]; n];
            batch(&xs, &mut out);
            for (x, y) in xs.iter().zip(&out) {
                assert_eq!(y.map(f32::to_bits), predict(x).map(f32::to_bits), "{x:?}");
            }
        }
        let _ = net;
    }
    for act in Activation::ALL {
        let mut rng = Rng::new(3);
        let out = match act {
            Softmax | FastSoftmax => act,
            _ => Sigmoid,
        };
        let net = Mlp3::<3, 9, 5, 4>::new([act, act, out], &mut rng);
        check(
            &net,
            |x, y| net.predict_batch(x, y).unwrap(),
            |x| net.predict(x),
        );
        let xs: Vec<[f32; 3]> = normal_inputs(&mut rng, 50);
        let std_net = net
            .clone()
            .with_standardizer(Standardizer::fit(&xs).unwrap());
        check(
            &std_net,
            |x, y| std_net.predict_batch(x, y).unwrap(),
            |x| std_net.predict(x),
        );
        let wide = Mlp2::<20, 17, 3>::new([act, out], &mut rng);
        check(
            &wide,
            |x, y| wide.predict_batch(x, y).unwrap(),
            |x| wide.predict(x),
        );
    }
}

/// Training with the `Fast*` activations: batched (fused sigmoid + cross-entropy output),
/// shuffled mini-batches with tanh and softmax, and online steps. These values are new with
/// the `Fast*` variants (they are not the `libm` variants' values, by design); like the
/// others, they are the same on every target.
fn fast_run() -> (Outcome, Outcome, Outcome) {
    let mut rng = Rng::new(77);
    let xs: Vec<[f32; 2]> = normal_inputs(&mut rng, 300);
    let ys: Vec<[f32; 1]> = xs
        .iter()
        .map(|x| [f32::from(u8::from(x[0] * x[1] > 0.0))])
        .collect();
    let data = Dataset::new(&xs, &ys).unwrap();
    let mut net = Mlp2::<2, 6, 1>::new([FastTanh, FastSigmoid], &mut rng);
    let mut trainer = Trainer::new(Sgd::new(0.5).unwrap(), Loss::BinaryCrossEntropy);
    let losses = fit(&mut net, &mut trainer, &data, &Schedule::epochs(60));
    let full = outcome(&net, &losses, &xs);

    let ys3: Vec<[f32; 3]> = xs
        .iter()
        .map(|x| {
            let k = usize::from(x[0] > 0.5) + usize::from(x[1] > -0.5);
            core::array::from_fn(|j| f32::from(u8::from(j == k)))
        })
        .collect();
    let data3 = Dataset::new(&xs, &ys3).unwrap();
    let mut net3 = Mlp3::<2, 8, 8, 3>::new([FastSigmoid, FastTanh, FastSoftmax], &mut rng);
    let mut trainer3 = Trainer::new(Adam::new(0.02).unwrap(), Loss::SoftmaxCrossEntropy);
    let plan = Schedule::epochs(15).batch(Batch::Mini(50)).shuffle(4);
    let losses3 = fit(&mut net3, &mut trainer3, &data3, &plan);
    let mini = outcome(&net3, &losses3, &xs);

    let mut net1 = Mlp2::<2, 4, 1>::new([FastTanh, FastSigmoid], &mut rng);
    let mut trainer1 = Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy);
    let plan = Schedule::epochs(5).batch(Batch::Online);
    let losses1 = fit(&mut net1, &mut trainer1, &data, &plan);
    (full, mini, outcome(&net1, &losses1, &xs))
}

#[test]
fn fast_activation_runs_are_bit_exact() {
    let (full, mini, online) = fast_run();
    assert_eq!(
        full,
        Outcome {
            weights: 0xf47f6a92cdcae576,
            losses: 0x7f6b00f0ef028205,
            predictions: 0xf5df51e7c7854396,
            logits: 0xfb50dc86d53bb53e,
        }
    );
    assert_eq!(
        mini,
        Outcome {
            weights: 0xdfa4cafeac6258b2,
            losses: 0x2c673def3f43e838,
            predictions: 0x07324d7e8c571dab,
            logits: 0x68b97661d9b5bb84,
        }
    );
    assert_eq!(
        online,
        Outcome {
            weights: 0xe2c85aa2f5b7629c,
            losses: 0x62de6f6a7daa36d3,
            predictions: 0xac857e0ee51b9df6,
            logits: 0x2be8f39b6fdb7ad0,
        }
    );
}
