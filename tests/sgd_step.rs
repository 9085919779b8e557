//! Plain SGD's one-sample step updates a const-generic network in its backward pass, in place:
//! without keeping the old values when a bound shows that no parameter can overflow, keeping
//! them otherwise. Every path must give the numbers of the unfused step (the gradient of
//! `Trainer::gradient_one`, then `p − η·g`), and a step that would overflow must leave the
//! network as it was.

use tinymlp::Activation::*;
use tinymlp::{Error, Loss, Mlp2, Mlp3, Network, Online, Rng, Sgd, Trainer};

/// The unfused step: the gradient, then `p − η·g` parameter by parameter.
fn unfused<N: Network>(net: &N, lr: f32, loss: Loss, x: &N::Input, y: &N::Output) -> N {
    let mut trainer: Trainer<N, Sgd> = Trainer::new(Sgd::new(lr).unwrap(), loss);
    let (_, grads) = trainer.gradient_one(net, x, y).unwrap();
    let mut next = net.clone();
    for (p, g) in next.layers_mut().zip(grads.layers()) {
        for (p, g) in p
            .weights
            .iter_mut()
            .chain(p.biases.iter_mut())
            .zip(g.weights.iter().chain(g.biases))
        {
            *p -= lr * g;
        }
    }
    next
}

fn same_as_unfused<N: Network>(mut net: N, lr: f32, loss: Loss, x: &N::Input, y: &N::Output) {
    let expected = unfused(&net, lr, loss, x, y);
    assert!(expected.is_finite(), "lr {lr}: the unfused step overflows");
    let mut trainer: Trainer<N, Sgd, Online> = Trainer::online(Sgd::new(lr).unwrap(), loss);
    trainer.learn(&mut net, x, y).unwrap();
    assert_eq!(net.digest(), expected.digest(), "lr {lr}");
}

fn sensor() -> Mlp3<16, 32, 16, 4> {
    Mlp3::new([Relu, Relu, Softmax], &mut Rng::new(7))
}

fn sample() -> ([f32; 16], [f32; 4]) {
    (
        core::array::from_fn(|i| (i as f32 - 7.5) * 0.2),
        [0.0, 1.0, 0.0, 0.0],
    )
}

#[test]
fn every_path_gives_the_numbers_of_the_unfused_step() {
    let (x, y) = sample();
    // Small steps: the bound passes and the network is updated without keeping anything.
    for lr in [1e-3, 0.05, 0.5] {
        same_as_unfused(sensor(), lr, Loss::SoftmaxCrossEntropy, &x, &y);
    }
    // Steps too large for the bound to vouch for, but finite: made keeping the old values.
    let mut big = sensor();
    big.layers.0.weights[3][5] = 3e36;
    for lr in [1e30, 2e30] {
        same_as_unfused(big.clone(), lr, Loss::SoftmaxCrossEntropy, &x, &y);
    }
    // A network too small to check the bound.
    let tiny = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(3));
    same_as_unfused(tiny, 0.5, Loss::BinaryCrossEntropy, &[0.5, -0.25], &[1.0]);
}

#[test]
fn a_step_that_would_overflow_leaves_the_network_as_it_was() {
    let (x, y) = sample();
    let x = x.map(|v| v * 1e3);
    let mut net = sensor();
    let before = net.clone();
    let mut trainer = Trainer::online(Sgd::new(1e38).unwrap(), Loss::SoftmaxCrossEntropy);
    assert_eq!(
        trainer.learn(&mut net, &x, &y),
        Err(Error::Diverged { epoch: 0 })
    );
    assert_eq!(net, before);
}
