//! Same seed, same data ⇒ the same weight bits, on every run and every code path that is
//! meant to agree; and a golden digest of the seed experiment that pins the arithmetic.

use core::ops::ControlFlow;
use tinymlp::Activation::*;
use tinymlp::data::synthetic;
use tinymlp::{Adam, Batch, Dataset, Loss, Mlp2, Mlp3, Parameters, Rng, Schedule, Sgd, Trainer};

/// The digest printed by `cargo run --release --example seed` (the tutorial's experiment:
/// 1000 samples from `Rng::new(2024)`, a fresh test set, a 2-2-1 sigmoid network initialized
/// from the same generator, SGD η = 0.1, 1000 full-batch epochs). A change here means the
/// arithmetic changed: every target's results change with it.
const SEED_EXPERIMENT_DIGEST: u64 = 0x21fc_5872_4037_687d;

fn seed_experiment() -> Mlp2<2, 2, 1> {
    let mut rng = Rng::new(2024);
    let mut xs = vec![[0.0; 2]; 1000];
    let mut ys = vec![[0.0; 1]; 1000];
    synthetic::half_plane(&mut xs, &mut ys, &mut rng);
    let (mut txs, mut tys) = (xs.clone(), ys.clone());
    synthetic::half_plane(&mut txs, &mut tys, &mut rng);
    let mut net = Mlp2::new([Sigmoid, Sigmoid], &mut rng);
    let data = Dataset::new(&xs, &ys).unwrap();
    Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy)
        .fit(&mut net, &data, &Schedule::epochs(1000), |_| {
            ControlFlow::Continue(())
        })
        .unwrap();
    net
}

#[test]
fn the_seed_experiment_matches_its_golden_digest() {
    let net = seed_experiment();
    assert_eq!(
        net.digest(),
        SEED_EXPERIMENT_DIGEST,
        "got {:#018x}",
        net.digest()
    );
}

#[test]
fn same_seed_same_bits_in_every_mode() {
    let run = |batch: Batch| {
        let mut rng = Rng::new(99);
        let mut xs = vec![[0.0; 2]; 300];
        let mut ys = vec![[0.0; 3]; 300];
        synthetic::blobs(&mut xs, &mut ys, 0.8, &mut rng);
        let mut net = Mlp3::<2, 8, 8, 3>::new([Relu, Tanh, Softmax], &mut rng);
        let data = Dataset::new(&xs, &ys).unwrap();
        let plan = Schedule::epochs(5).batch(batch).shuffle(5);
        Trainer::new(Adam::new(0.01).unwrap(), Loss::SoftmaxCrossEntropy)
            .fit(&mut net, &data, &plan, |_| ControlFlow::Continue(()))
            .unwrap();
        net.digest()
    };
    for batch in [Batch::Full, Batch::Mini(20), Batch::Online] {
        assert_eq!(run(batch), run(batch), "{batch:?}");
    }
    assert_ne!(run(Batch::Full), run(Batch::Mini(20)));
}

#[test]
fn a_batch_of_one_is_an_online_step() {
    let mut rng = Rng::new(4);
    let init = Mlp3::<3, 5, 4, 2>::new([Tanh, Relu, Sigmoid], &mut rng);
    let (mut a, mut b) = (init.clone(), init);
    let mut ta = Trainer::new(Adam::new(0.01).unwrap(), Loss::BinaryCrossEntropy);
    let mut tb = Trainer::new(Adam::new(0.01).unwrap(), Loss::BinaryCrossEntropy);
    for _ in 0..50 {
        let x = [rng.normal(), rng.normal(), rng.normal()];
        let y = [rng.uniform(), rng.uniform()];
        let la = ta.step(&mut a, &x, &y).unwrap();
        let lb = tb
            .step_batch(&mut b, &Dataset::new(&[x], &[y]).unwrap())
            .unwrap();
        assert_eq!(la.to_bits(), lb.to_bits());
    }
    assert_eq!(a.digest(), b.digest());
    assert_eq!(a, b);
}

#[test]
fn batch_prediction_is_per_sample_prediction() {
    let mut rng = Rng::new(8);
    let net = Mlp3::<4, 16, 16, 3>::new([Relu, Tanh, Softmax], &mut rng);
    let xs: Vec<[f32; 4]> = (0..37)
        .map(|_| core::array::from_fn(|_| rng.normal()))
        .collect();
    let mut out = vec![[0.0; 3]; 37];
    net.predict_batch(&xs, &mut out).unwrap();
    for (x, y) in xs.iter().zip(&out) {
        assert_eq!(net.predict(x).map(f32::to_bits), y.map(f32::to_bits));
    }
}

#[test]
fn the_digest_sees_every_bit() {
    let net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(1));
    let mut other = net.clone();
    let w = &mut other.layers.1.biases[0];
    *w = f32::from_bits(w.to_bits() ^ 1);
    assert_ne!(net.digest(), other.digest());
}
