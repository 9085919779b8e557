//! Tests written for missed `cargo mutants` mutants (see `mutants.md`): the optimizers'
//! update rules value by value, their finiteness reports, and the shape of their state for a
//! run-time-shaped network.

use tinymlp::Activation::{Identity, Tanh};
use tinymlp::net::DynMlp;
use tinymlp::{Adam, Mlp1, Momentum, Optimizer, Parameters, Rng, Sgd};

/// One network with a weight and a bias, both 1, and gradient `g` for both.
fn net_and_grads(g: f32) -> (Mlp1<1, 1>, Mlp1<1, 1>) {
    let mut net = Mlp1::<1, 1>::zeroed([Identity]);
    net.layers.0.weights = [[1.0]];
    net.layers.0.biases = [1.0];
    let mut grads = Mlp1::<1, 1>::zeroed([Identity]);
    grads.layers.0.weights = [[g]];
    grads.layers.0.biases = [g];
    (net, grads)
}

fn params(net: &Mlp1<1, 1>) -> [f32; 2] {
    [net.layers.0.weights[0][0], net.layers.0.biases[0]]
}

#[test]
fn each_optimizer_follows_its_rule_step_by_step() {
    // SGD: p − η·g.
    let sgd = Sgd::new(0.5).unwrap();
    let (mut net, mut g) = net_and_grads(0.25);
    assert!(sgd.update(&mut (), &mut net, &mut g));
    assert_eq!(params(&net), [0.875; 2]);

    // Momentum: v ← μv + g, p ← p − ηv; two steps.
    let m = Momentum::new(0.5, 0.5).unwrap();
    let mut v = m.init::<Mlp1<1, 1>>();
    let (mut net, mut g) = net_and_grads(0.25);
    assert!(m.update(&mut v, &mut net, &mut g));
    assert_eq!(params(&net), [0.875; 2]);
    let (_, mut g) = net_and_grads(0.25);
    assert!(m.update(&mut v, &mut net, &mut g));
    // v = 0.5·0.25 + 0.25 = 0.375; p = 0.875 − 0.1875.
    assert_eq!(params(&net), [0.6875; 2]);
    assert_eq!(params(&v), [0.375; 2]);

    // Adam: the bias-corrected moments, two steps, in f32 as the kernel computes them.
    let (lr, b1, b2, eps) = (0.5f32, 0.5f32, 0.75f32, 0.125f32);
    let adam = Adam::with(lr, b1, b2, eps).unwrap();
    let mut s = adam.init::<Mlp1<1, 1>>();
    let (mut net, _) = net_and_grads(0.0);
    let (mut p, mut mm, mut vv) = (1.0f32, 0.0f32, 0.0f32);
    let (mut b1t, mut b2t) = (1.0f32, 1.0f32);
    for g in [0.25f32, -3.0] {
        let (_, mut grads) = net_and_grads(g);
        assert!(adam.update(&mut s, &mut net, &mut grads));
        b1t *= b1;
        b2t *= b2;
        mm = b1 * mm + (1.0 - b1) * g;
        vv = b2 * vv + (1.0 - b2) * (g * g);
        let m_hat = mm / (1.0 - b1t);
        let v_hat = vv / (1.0 - b2t);
        p -= lr * m_hat / (libm::sqrtf(v_hat) + eps);
        assert_eq!(params(&net), [p; 2], "g = {g}");
        assert_eq!(params(&s.m), [mm; 2]);
        assert_eq!(params(&s.v), [vv; 2]);
    }
}

#[test]
fn propose_leaves_the_parameters_and_returns_finiteness() {
    let sgd = Sgd::new(0.25).unwrap();
    let (net, mut g) = net_and_grads(0.5);
    assert!(sgd.propose(&mut (), &net, &mut g));
    assert_eq!(params(&net), [1.0; 2]);
    assert_eq!(params(&g), [1.0 - 0.25 * 0.5; 2]);
    let (net, mut g) = net_and_grads(f32::NAN);
    assert!(!sgd.propose(&mut (), &net, &mut g));
}

/// A non-finite proposal in the weights only, or in the biases only, is reported.
fn reports_each_non_finite_tensor<O: Optimizer>(opt: O) {
    for in_bias in [false, true] {
        let (net, mut g) = net_and_grads(0.5);
        if in_bias {
            g.layers.0.biases = [f32::INFINITY];
        } else {
            g.layers.0.weights = [[f32::NAN]];
        }
        let mut state = opt.init::<Mlp1<1, 1>>();
        assert!(!opt.propose(&mut state, &net, &mut g), "bias {in_bias}");
    }
}

#[test]
fn every_optimizer_reports_a_non_finite_weight_or_bias() {
    reports_each_non_finite_tensor(Sgd::new(0.1).unwrap());
    reports_each_non_finite_tensor(Momentum::new(0.1, 0.9).unwrap());
    reports_each_non_finite_tensor(Adam::new(0.1).unwrap());
}

#[test]
fn the_state_takes_the_shape_of_a_run_time_network() {
    fn shape(n: &impl Parameters) -> Vec<(usize, usize)> {
        n.layers()
            .map(|l| (l.weights.len(), l.biases.len()))
            .collect()
    }
    fn values(n: &impl Parameters) -> Vec<f32> {
        n.layers()
            .flat_map(|l| l.weights.iter().chain(l.biases).copied())
            .collect()
    }
    let mut rng = Rng::new(3);
    let net = DynMlp::new(2, &[(3, Tanh), (1, Identity)], &mut rng).unwrap();
    let other = DynMlp::new(2, &[(4, Tanh), (1, Identity)], &mut rng).unwrap();

    let momentum = Momentum::new(0.1, 0.9).unwrap();
    let mut v = momentum.init::<DynMlp>();
    momentum.conform(&mut v, &net).unwrap();
    assert_eq!(shape(&v), shape(&net));

    let adam = Adam::new(0.1).unwrap();
    let mut s = adam.init::<DynMlp>();
    adam.conform(&mut s, &net).unwrap();
    assert_eq!((shape(&s.m), shape(&s.v)), (shape(&net), shape(&net)));
    // After a step, the same shape keeps the moments…
    let (mut p, mut g) = (net.clone(), net.clone());
    assert!(adam.update(&mut s, &mut p, &mut g));
    let m = values(&s.m);
    assert!(m.iter().any(|v| *v != 0.0));
    adam.conform(&mut s, &p).unwrap();
    assert_eq!(values(&s.m), m);
    // …and another shape starts over.
    adam.conform(&mut s, &other).unwrap();
    assert_eq!((shape(&s.m), shape(&s.v)), (shape(&other), shape(&other)));
    assert!(values(&s.m).iter().chain(&values(&s.v)).all(|v| *v == 0.0));
}
