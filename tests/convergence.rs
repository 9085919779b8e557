//! Training actually learns: the seed experiment, XOR, three blobs, and every optimizer and
//! batch mode on the seed data.

use core::ops::ControlFlow;
use tinymlp::Activation::*;
use tinymlp::data::synthetic::{self, XOR_INPUTS, XOR_TARGETS};
use tinymlp::{
    Adam, Batch, ConfusionMatrix, Dataset, Loss, Mlp2, Momentum, Optimizer, Rng, Schedule, Sgd,
    Trainer, metrics,
};

fn go<O: Optimizer>(
    net: &mut Mlp2<2, 2, 1>,
    opt: O,
    data: &Dataset<'_, [f32; 2], [f32; 1]>,
    schedule: Schedule,
) -> Vec<f32> {
    let mut losses = Vec::new();
    Trainer::new(opt, Loss::BinaryCrossEntropy)
        .fit(net, data, &schedule, |p| {
            losses.push(p.loss);
            ControlFlow::Continue(())
        })
        .unwrap();
    losses
}

fn seed_data(rng: &mut Rng) -> (Vec<[f32; 2]>, Vec<[f32; 1]>) {
    let mut xs = vec![[0.0; 2]; 1000];
    let mut ys = vec![[0.0; 1]; 1000];
    synthetic::half_plane(&mut xs, &mut ys, rng);
    (xs, ys)
}

#[test]
fn the_seed_experiment_learns_its_labels() {
    let mut rng = Rng::new(2024);
    let (xs, ys) = seed_data(&mut rng);
    let (txs, tys) = seed_data(&mut rng);
    let (train, test) = (
        Dataset::new(&xs, &ys).unwrap(),
        Dataset::new(&txs, &tys).unwrap(),
    );
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut rng);
    let losses = go(
        &mut net,
        Sgd::new(0.1).unwrap(),
        &train,
        Schedule::epochs(1000),
    );
    assert_eq!(losses.len(), 1000);
    assert!(
        losses[999] < 0.5 * losses[0],
        "{} → {}",
        losses[0],
        losses[999]
    );
    assert!(
        losses.windows(2).filter(|w| w[1] > w[0]).count() < 10,
        "loss should fall steadily"
    );
    let acc = metrics::accuracy(&net, &test).unwrap();
    assert!(acc >= 0.95, "test accuracy {acc}");
    let cm = ConfusionMatrix::<2>::of(&net, &test).unwrap();
    assert_eq!(cm.total(), 1000);
    assert_eq!(cm.accuracy(), Some(acc));
}

#[test]
fn the_tutorials_labels_cannot_be_learned() {
    let mut rng = Rng::new(2024);
    let (xs, mut ys) = seed_data(&mut rng);
    synthetic::tutorial_labels(&mut ys);
    let (txs, mut tys) = seed_data(&mut rng);
    synthetic::tutorial_labels(&mut tys);
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut rng);
    let losses = go(
        &mut net,
        Sgd::new(0.1).unwrap(),
        &Dataset::new(&xs, &ys).unwrap(),
        Schedule::epochs(1000),
    );
    let acc = metrics::accuracy(&net, &Dataset::new(&txs, &tys).unwrap()).unwrap();
    assert!(
        (0.4..=0.6).contains(&acc),
        "test accuracy {acc} should be at chance"
    );
    assert!(
        losses[999] > 0.68,
        "loss {} should stay near ln 2",
        losses[999]
    );
}

#[test]
fn every_optimizer_and_batch_mode_learns_the_seed_data() {
    let mut rng = Rng::new(7);
    let (xs, ys) = seed_data(&mut rng);
    let data = Dataset::new(&xs, &ys).unwrap();
    let init = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut rng);
    let modes = [
        Batch::Full,
        Batch::Mini(32),
        Batch::Mini(1000),
        Batch::Online,
    ];
    for batch in modes {
        // About 600 updates in every mode.
        let epochs = match batch {
            Batch::Full | Batch::Mini(1000) => 600,
            _ => 20,
        };
        let plan = Schedule::epochs(epochs).batch(batch).shuffle(3);
        let mut a = init.clone();
        go(
            &mut a,
            Sgd::new(if batch == Batch::Online { 0.05 } else { 0.5 }).unwrap(),
            &data,
            plan,
        );
        let mut b = init.clone();
        go(&mut b, Momentum::new(0.05, 0.9).unwrap(), &data, plan);
        let mut c = init.clone();
        go(&mut c, Adam::new(0.02).unwrap(), &data, plan);
        for (name, net) in [("sgd", &a), ("momentum", &b), ("adam", &c)] {
            let acc = metrics::accuracy(net, &data).unwrap();
            assert!(acc >= 0.95, "{name} {batch:?}: accuracy {acc}");
        }
    }
}

#[test]
fn xor_reaches_full_accuracy() {
    let data = Dataset::new(&XOR_INPUTS, &XOR_TARGETS).unwrap();
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(1));
    go(
        &mut net,
        Sgd::new(2.0).unwrap(),
        &data,
        Schedule::epochs(5000),
    );
    assert_eq!(metrics::accuracy(&net, &data).unwrap(), 1.0);
}

#[test]
fn three_blobs_with_softmax_and_adam() {
    let mut rng = Rng::new(3);
    let mut xs = vec![[0.0; 2]; 300];
    let mut ys = vec![[0.0; 3]; 300];
    synthetic::blobs(&mut xs, &mut ys, 0.6, &mut rng);
    let data = Dataset::new(&xs, &ys).unwrap();
    let mut net = Mlp2::<2, 8, 3>::new([Tanh, Softmax], &mut rng);
    let mut trainer = Trainer::new(Adam::new(0.01).unwrap(), Loss::SoftmaxCrossEntropy);
    let plan = Schedule::epochs(100).batch(Batch::Mini(16)).shuffle(1);
    trainer
        .fit(&mut net, &data, &plan, |_| ControlFlow::Continue(()))
        .unwrap();
    let cm = ConfusionMatrix::<3>::of(&net, &data).unwrap();
    assert!(cm.accuracy().unwrap() >= 0.95, "{cm:?}");
    for k in 0..3 {
        assert!(
            cm.recall(k).unwrap() >= 0.9 && cm.precision(k).unwrap() >= 0.9,
            "{cm:?}"
        );
    }
}

#[test]
fn early_stopping_and_the_callback() {
    let data = Dataset::new(&XOR_INPUTS, &XOR_TARGETS).unwrap();
    let mut net = Mlp2::<2, 4, 1>::new([Tanh, Sigmoid], &mut Rng::new(2));
    let mut trainer = Trainer::new(Adam::new(0.05).unwrap(), Loss::BinaryCrossEntropy);
    let s = trainer
        .fit(
            &mut net,
            &data,
            &Schedule::epochs(10_000).stop_at_loss(0.05),
            |_| ControlFlow::Continue(()),
        )
        .unwrap();
    assert!(
        s.reached_target && s.epochs < 10_000 && s.loss <= 0.05,
        "{s:?}"
    );
    let mut calls = 0;
    let s = trainer
        .fit(&mut net, &data, &Schedule::epochs(100), |p| {
            calls += 1;
            if p.epoch == 9 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
    assert_eq!((calls, s.epochs, s.reached_target), (10, 10, false));
}
