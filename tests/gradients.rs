//! Finite-difference gradient checks: the analytic gradients of both code paths (one sample,
//! lane-blocked batch) against central differences of an independent f64 implementation,
//! for every activation, every loss, and networks of one, two and three layers.

mod common;

use common::{Net64, assert_gradients_match, flat, numeric_gradient};
use proptest::prelude::*;
use tinymlp::Activation::{self, *};
use tinymlp::data::Vector;
use tinymlp::{Dataset, Loss, Mlp1, Mlp2, Mlp3, Network, Rng, Sgd, Standardizer, Trainer};

/// Checks both gradient paths of `net` on `n` random samples.
fn check<N: Network>(mut net: N, loss: Loss, n: usize, seed: u64)
where
    N::Input: Vector,
    N::Output: Vector,
{
    let mut rng = Rng::new(seed);
    // Move the parameters away from their initial values (biases start at zero, which would
    // hide a bias-gradient error for some activations).
    for t in net.tensors_mut() {
        t.iter_mut().for_each(|v| *v += 0.3 * rng.normal());
    }
    let (xs, ys) = data_for::<N>(n, loss, &mut rng);
    let net64 = Net64::of(&net);
    let xr: Vec<&[f32]> = xs.iter().map(|x| x.as_ref()).collect();
    let yr: Vec<&[f32]> = ys.iter().map(|y| y.as_ref()).collect();
    let what = format!(
        "{loss:?}, {:?}",
        net.layers().map(|l| l.activation).collect::<Vec<_>>()
    );

    let mut trainer = Trainer::<N, Sgd>::new(Sgd::new(0.1).unwrap(), loss);
    let data = Dataset::new(&xs, &ys).unwrap();
    let (l, g) = trainer.gradient(&net, &data).unwrap();
    assert!(
        (l as f64 - net64.mean_loss(loss, &xr, &yr)).abs() < 1e-4 * (1.0 + l.abs() as f64),
        "{what}: loss"
    );
    assert_gradients_match(
        &flat(g),
        &numeric_gradient(&net64, loss, &xr, &yr),
        &format!("{what}, batch"),
    );

    let (l1, g1) = trainer.gradient_one(&net, &xs[0], &ys[0]).unwrap();
    assert!((l1 as f64 - net64.loss(loss, xr[0], yr[0])).abs() < 1e-4 * (1.0 + l1.abs() as f64));
    assert_gradients_match(
        &flat(g1),
        &numeric_gradient(&net64, loss, &xr[..1], &yr[..1]),
        &format!("{what}, one sample"),
    );
}

fn data_for<N: Network>(n: usize, loss: Loss, rng: &mut Rng) -> (Vec<N::Input>, Vec<N::Output>)
where
    N::Input: Vector,
    N::Output: Vector,
{
    let mut xs = vec![N::Input::ZERO; n];
    let mut ys = vec![N::Output::ZERO; n];
    for (x, y) in xs.iter_mut().zip(ys.iter_mut()) {
        x.as_mut().iter_mut().for_each(|v| *v = 1.5 * rng.normal());
        let y = y.as_mut();
        match loss {
            Loss::SoftmaxCrossEntropy => {
                let k = rng.below(y.len());
                y[k] = 1.0;
            }
            Loss::BinaryCrossEntropy => y.iter_mut().for_each(|v| *v = rng.uniform()),
            _ => y.iter_mut().for_each(|v| *v = rng.normal()),
        }
    }
    (xs, ys)
}

const HIDDEN: [Activation; 5] = [Identity, Sigmoid, Tanh, Relu, Softmax];

#[test]
fn one_layer_every_loss_and_output() {
    for (k, out) in HIDDEN.into_iter().enumerate() {
        check(
            Mlp1::<3, 2>::new([out], &mut Rng::new(k as u64)),
            Loss::MeanSquaredError,
            5,
            10 + k as u64,
        );
    }
    check(
        Mlp1::<3, 1>::new([Sigmoid], &mut Rng::new(1)),
        Loss::BinaryCrossEntropy,
        7,
        20,
    );
    check(
        Mlp1::<3, 2>::new([Sigmoid], &mut Rng::new(2)),
        Loss::BinaryCrossEntropy,
        7,
        21,
    );
    check(
        Mlp1::<3, 4>::new([Softmax], &mut Rng::new(3)),
        Loss::SoftmaxCrossEntropy,
        7,
        22,
    );
}

#[test]
fn two_layers_every_hidden_activation_and_loss() {
    for (k, hidden) in HIDDEN.into_iter().enumerate() {
        let s = k as u64;
        check(
            Mlp2::<2, 3, 1>::new([hidden, Sigmoid], &mut Rng::new(s)),
            Loss::BinaryCrossEntropy,
            9,
            30 + s,
        );
        check(
            Mlp2::<2, 3, 3>::new([hidden, Softmax], &mut Rng::new(s)),
            Loss::SoftmaxCrossEntropy,
            9,
            40 + s,
        );
        check(
            Mlp2::<2, 3, 2>::new([hidden, Identity], &mut Rng::new(s)),
            Loss::MeanSquaredError,
            9,
            50 + s,
        );
        check(
            Mlp2::<2, 3, 2>::new([hidden, Tanh], &mut Rng::new(s)),
            Loss::MeanSquaredError,
            9,
            60 + s,
        );
    }
}

#[test]
fn three_layers_with_a_batch_spanning_several_lane_blocks() {
    for (k, hidden) in HIDDEN.into_iter().enumerate() {
        let s = k as u64;
        let net = Mlp3::<3, 4, 3, 2>::new([hidden, Tanh, Softmax], &mut Rng::new(s));
        check(net, Loss::SoftmaxCrossEntropy, 37, 70 + s);
        let net = Mlp3::<3, 4, 3, 1>::new([Relu, hidden, Sigmoid], &mut Rng::new(s));
        check(net, Loss::BinaryCrossEntropy, 37, 80 + s);
    }
}

#[test]
fn standardized_inputs() {
    let mut rng = Rng::new(5);
    let xs: Vec<[f32; 2]> = (0..50)
        .map(|_| [3.0 + 2.0 * rng.normal(), -1.0 + 0.5 * rng.normal()])
        .collect();
    let net = Mlp2::<2, 3, 1>::new([Tanh, Sigmoid], &mut rng)
        .with_standardizer(Standardizer::fit(&xs).unwrap());
    check(net, Loss::BinaryCrossEntropy, 11, 90);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_two_layer_networks(seed in any::<u64>(), hidden in 0usize..5, n in 1usize..40) {
        let net = Mlp2::<3, 5, 2>::new([HIDDEN[hidden], Softmax], &mut Rng::new(seed));
        check(net, Loss::SoftmaxCrossEntropy, n, seed ^ 0x5eed);
        let net = Mlp2::<3, 5, 2>::new([HIDDEN[hidden], Sigmoid], &mut Rng::new(seed));
        check(net, Loss::BinaryCrossEntropy, n, seed ^ 0xbce);
    }
}

/// The `Fast*` activations (branch-free `exp`/`tanh`, within a few ulp of `libm`) have the same
/// derivatives; their gradients, on both code paths, match the f64 reference of the exact
/// functions within the same tolerance.
#[test]
fn fast_activations_have_the_same_gradients() {
    for (k, hidden) in [FastSigmoid, FastTanh, Relu].into_iter().enumerate() {
        let s = k as u64;
        check(
            Mlp2::<2, 3, 1>::new([hidden, FastSigmoid], &mut Rng::new(s)),
            Loss::BinaryCrossEntropy,
            21,
            90 + s,
        );
        check(
            Mlp3::<3, 4, 3, 3>::new([hidden, FastTanh, FastSoftmax], &mut Rng::new(s)),
            Loss::SoftmaxCrossEntropy,
            37,
            95 + s,
        );
        check(
            Mlp2::<2, 3, 2>::new([hidden, FastTanh], &mut Rng::new(s)),
            Loss::MeanSquaredError,
            9,
            99 + s,
        );
    }
}
