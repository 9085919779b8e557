//! Bad input is an error, never a panic, and never changes the network.

use core::ops::ControlFlow;
use tinymlp::Activation::*;
use tinymlp::data::synthetic::{XOR_INPUTS, XOR_TARGETS};
use tinymlp::{
    Adam, Batch, ConfusionMatrix, Dataset, Error, Loss, Mlp1, Mlp2, Momentum, Parameters, Rng,
    Schedule, Sgd, Standardizer, Trainer,
};

fn net() -> Mlp2<2, 3, 1> {
    Mlp2::new([Tanh, Sigmoid], &mut Rng::new(1))
}

fn go() -> ControlFlow<()> {
    ControlFlow::Continue(())
}

#[test]
fn non_finite_inputs_and_targets_name_the_sample() {
    for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let mut xs = XOR_INPUTS;
        xs[2][1] = bad;
        assert_eq!(
            Dataset::new(&xs, &XOR_TARGETS).unwrap_err(),
            Error::NonFiniteInput { sample: 2 }
        );
        let mut ys = XOR_TARGETS;
        ys[3][0] = bad;
        assert_eq!(
            Dataset::new(&XOR_INPUTS, &ys).unwrap_err(),
            Error::NonFiniteTarget { sample: 3 }
        );
    }
}

#[test]
fn a_bad_sample_in_an_online_step_leaves_the_network_alone() {
    let mut n = net();
    let before = n.clone();
    let mut t = Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy);
    assert_eq!(
        t.step(&mut n, &[f32::NAN, 0.0], &[1.0]),
        Err(Error::NonFiniteInput { sample: 0 })
    );
    assert_eq!(
        t.step(&mut n, &[0.0, 0.0], &[f32::INFINITY]),
        Err(Error::NonFiniteTarget { sample: 0 })
    );
    assert_eq!(
        t.step(&mut n, &[0.0, 0.0], &[1.5]),
        Err(Error::InvalidTarget { sample: 0 })
    );
    assert_eq!(n, before);
}

#[test]
fn targets_the_loss_cannot_take_are_rejected() {
    let ys = [[0.0], [1.0], [-0.5], [1.0]];
    let data = Dataset::new(&XOR_INPUTS, &ys).unwrap();
    let mut n = net();
    let before = n.clone();
    let mut t = Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy);
    assert_eq!(
        t.fit(&mut n, &data, &Schedule::epochs(3), |_| go()),
        Err(Error::InvalidTarget { sample: 2 })
    );
    assert_eq!(n, before);
    // Softmax targets must be distributions.
    let ys = [[0.5, 0.5], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
    let data = Dataset::new(&XOR_INPUTS, &ys).unwrap();
    let mut m = Mlp1::<2, 2>::new([Softmax], &mut Rng::new(0));
    let mut t = Trainer::new(Sgd::new(0.1).unwrap(), Loss::SoftmaxCrossEntropy);
    assert_eq!(
        t.fit(&mut m, &data, &Schedule::epochs(3), |_| go()),
        Err(Error::InvalidTarget { sample: 2 })
    );
}

#[test]
fn bad_learning_rates_and_hyperparameters() {
    for lr in [0.0, -0.1, f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let want = Err(Error::InvalidHyperparameter {
            name: "learning_rate",
        });
        assert_eq!(Sgd::new(lr), want);
        assert_eq!(Momentum::new(lr, 0.9).map(|_| ()), want.map(|_: Sgd| ()));
        assert_eq!(Adam::new(lr).map(|_| ()), want.map(|_: Sgd| ()));
    }
    assert_eq!(
        Momentum::new(0.1, 1.0),
        Err(Error::InvalidHyperparameter { name: "momentum" })
    );
    assert_eq!(
        Momentum::new(0.1, -0.1),
        Err(Error::InvalidHyperparameter { name: "momentum" })
    );
    assert_eq!(
        Adam::with(0.1, 1.0, 0.9, 1e-8),
        Err(Error::InvalidHyperparameter { name: "beta1" })
    );
    assert_eq!(
        Adam::with(0.1, 0.9, f32::NAN, 1e-8),
        Err(Error::InvalidHyperparameter { name: "beta2" })
    );
    assert_eq!(
        Adam::with(0.1, 0.9, 0.9, 0.0),
        Err(Error::InvalidHyperparameter { name: "epsilon" })
    );

    let data = Dataset::new(&XOR_INPUTS, &XOR_TARGETS).unwrap();
    let mut t = Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy);
    let mut n = net();
    let plan = Schedule::epochs(1).batch(Batch::Mini(0));
    assert_eq!(
        t.fit(&mut n, &data, &plan, |_| go()),
        Err(Error::InvalidHyperparameter { name: "batch_size" })
    );
    let plan = Schedule::epochs(1).stop_at_loss(f32::NAN);
    assert_eq!(
        t.fit(&mut n, &data, &plan, |_| go()),
        Err(Error::InvalidHyperparameter {
            name: "stop_at_loss"
        })
    );
    assert_eq!(
        data.split(1.0).unwrap_err(),
        Error::InvalidHyperparameter {
            name: "test_fraction"
        }
    );
    assert_eq!(
        data.split(0.01).unwrap_err(),
        Error::InvalidHyperparameter {
            name: "test_fraction"
        }
    );
}

#[test]
fn empty_and_mismatched_data() {
    let none: [[f32; 2]; 0] = [];
    let no_y: [[f32; 1]; 0] = [];
    assert_eq!(Dataset::new(&none, &no_y).unwrap_err(), Error::EmptyDataset);
    assert_eq!(
        Dataset::new(&XOR_INPUTS, &XOR_TARGETS[..3]).unwrap_err(),
        Error::LengthMismatch {
            inputs: 4,
            targets: 3
        }
    );
    assert_eq!(Standardizer::<2>::fit(&none), Err(Error::EmptyDataset));
    let mut out = [[0.0]; 3];
    assert_eq!(
        net().predict_batch(&XOR_INPUTS, &mut out),
        Err(Error::LengthMismatch {
            inputs: 4,
            targets: 3
        })
    );
    assert_eq!(out, [[0.0]; 3]);
}

#[test]
fn loss_and_output_activation_must_match() {
    let data = Dataset::new(&XOR_INPUTS, &XOR_TARGETS).unwrap();
    let mut n = Mlp2::<2, 3, 1>::new([Tanh, Relu], &mut Rng::new(1));
    let mut t = Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy);
    assert_eq!(
        t.fit(&mut n, &data, &Schedule::epochs(1), |_| go()),
        Err(Error::LossActivationMismatch)
    );
    assert_eq!(
        t.step(&mut n, &[0.0, 0.0], &[0.0]),
        Err(Error::LossActivationMismatch)
    );
    let mut t = Trainer::new(Sgd::new(0.1).unwrap(), Loss::SoftmaxCrossEntropy);
    assert_eq!(
        t.fit(&mut n, &data, &Schedule::epochs(1), |_| go()),
        Err(Error::LossActivationMismatch)
    );
    assert!(ConfusionMatrix::<1>::of(&n, &data).is_err());
}

#[test]
fn divergence_stops_training_and_keeps_the_last_finite_weights() {
    // A linear regression with a step size far beyond stability: |w| grows ×10⁴ per update
    // until it overflows.
    let xs = [[1.0, 2.0], [-3.0, 0.5], [2.0, -1.0]];
    let ys = [[100.0], [-50.0], [20.0]];
    let data = Dataset::new(&xs, &ys).unwrap();
    for batch in [Batch::Full, Batch::Mini(2), Batch::Online] {
        let mut n = Mlp1::<2, 1>::new([Identity], &mut Rng::new(3));
        let mut t = Trainer::new(Sgd::new(1e3).unwrap(), Loss::MeanSquaredError);
        let mut last = Vec::new();
        let err = t.fit(&mut n, &data, &Schedule::epochs(1000).batch(batch), |p| {
            last.push(p.loss);
            go()
        });
        let Err(Error::Diverged { epoch }) = err else {
            panic!("{batch:?}: {err:?}")
        };
        assert!(epoch > 0 && epoch < 100, "{batch:?}: epoch {epoch}");
        assert_eq!(last.len(), epoch, "the callback saw every completed epoch");
        assert!(n.is_finite(), "{batch:?}: {n:?}");
    }
    // Step by step: the failing step leaves exactly the previous weights.
    let mut n = Mlp1::<2, 1>::new([Identity], &mut Rng::new(3));
    let mut t = Trainer::new(Adam::new(1e30).unwrap(), Loss::MeanSquaredError);
    let x = [1e20, -1e20];
    let mut steps = 0;
    loop {
        let before = n.clone();
        match t.step(&mut n, &x, &[3.0e38]) {
            Ok(_) => steps += 1,
            Err(e) => {
                assert_eq!(e, Error::Diverged { epoch: 0 });
                assert_eq!(n, before);
                break;
            }
        }
        assert!(steps < 1000, "should have diverged");
    }
}
