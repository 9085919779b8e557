//! A diverging update never reaches the network, whichever optimizer and whichever layer it
//! starts in: one non-finite gradient in the first, a middle or the last layer, every other
//! layer finite, makes the optimizer refuse the whole step and leaves every parameter as it
//! was.

use tinymlp::Activation::*;
use tinymlp::net::DynMlp;
use tinymlp::{Adam, Mlp3, Momentum, Optimizer, Parameters, Rng};

/// Gradients for `net`: small finite values everywhere, and `bad` at parameter `at` of layer
/// `layer` (in its weights, or in its biases when `in_bias`).
fn gradients<N: Parameters>(net: &N, layer: usize, in_bias: bool, at: usize, bad: f32) -> N {
    let mut g = net.clone();
    for (k, l) in g.layers_mut().enumerate() {
        for (i, v) in l.weights.iter_mut().chain(l.biases.iter_mut()).enumerate() {
            *v = 0.01 * (i as f32 - 3.0);
        }
        if k == layer {
            let t = if in_bias { l.biases } else { l.weights };
            let n = t.len();
            t[at % n] = bad;
        }
    }
    g
}

fn refuses_every_bad_layer<N: Parameters, O: Optimizer>(net: &N, opt: O, name: &str) {
    let depth = net.layers().count();
    assert!(depth >= 3, "a first, a middle and a last layer");
    for layer in [0, depth / 2, depth - 1] {
        for in_bias in [false, true] {
            for at in [0, 1, 7] {
                for bad in [f32::INFINITY, f32::NEG_INFINITY, f32::NAN] {
                    let case = format!("{name}: layer {layer}, bias {in_bias}, index {at}, {bad}");
                    let mut params = net.clone();
                    let mut state = opt.init::<N>();
                    opt.conform(&mut state, &params).unwrap();
                    // A good step first, so that the moments are not all zero.
                    let mut good = gradients(net, layer, in_bias, at, 0.5);
                    assert!(
                        opt.update(&mut state, &mut params, &mut good),
                        "{case}: good step"
                    );
                    let before = params.digest();
                    let mut g = gradients(net, layer, in_bias, at, bad);
                    assert!(!opt.update(&mut state, &mut params, &mut g), "{case}");
                    assert_eq!(params.digest(), before, "{case}: parameters changed");
                    assert!(params.is_finite(), "{case}");
                }
            }
        }
    }
}

fn every_optimizer<N: Parameters>(net: &N) {
    refuses_every_bad_layer(net, tinymlp::Sgd::new(0.1).unwrap(), "sgd");
    refuses_every_bad_layer(net, Momentum::new(0.1, 0.9).unwrap(), "momentum");
    refuses_every_bad_layer(net, Adam::new(0.1).unwrap(), "adam");
}

#[test]
fn a_non_finite_gradient_in_any_one_layer_stops_the_step() {
    let mut rng = Rng::new(4);
    every_optimizer(&Mlp3::<3, 4, 5, 2>::new([Tanh, Relu, Sigmoid], &mut rng));
    every_optimizer(&DynMlp::new(3, &[(4, Tanh), (5, Relu), (2, Sigmoid)], &mut rng).unwrap());
}

/// An overflowing update, not only a non-finite gradient: finite gradients whose step leaves
/// the range of `f32` in one layer only.
#[test]
fn an_update_that_overflows_in_any_one_layer_stops_the_step() {
    let net = Mlp3::<3, 4, 5, 2>::new([Tanh, Relu, Sigmoid], &mut Rng::new(6));
    for layer in 0..3 {
        for (opt_name, lr) in [("sgd", 1e30f32), ("momentum", 1e30)] {
            let mut params = net.clone();
            let mut g = gradients(&net, layer, false, 2, 1e10);
            let ok = match opt_name {
                "sgd" => tinymlp::Sgd::new(lr)
                    .unwrap()
                    .update(&mut (), &mut params, &mut g),
                _ => {
                    let m = Momentum::new(lr, 0.5).unwrap();
                    let mut v = m.init::<Mlp3<3, 4, 5, 2>>();
                    m.update(&mut v, &mut params, &mut g)
                }
            };
            assert!(!ok, "{opt_name}, layer {layer}");
            assert_eq!(params, net, "{opt_name}, layer {layer}");
        }
    }
}
