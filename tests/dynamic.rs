//! The run-time-shaped network computes exactly what the const-generic ones compute.

use core::ops::ControlFlow;
use tinymlp::Activation::*;
use tinymlp::data::{Rows, synthetic};
use tinymlp::net::DynMlp;
use tinymlp::{
    Adam, Batch, Dataset, Error, Loss, Mlp2, Mlp3, Momentum, Network, Optimizer, Parameters, Rng,
    Schedule, Sgd, Standardizer, Trainer,
};

fn fit<N: Network, O: Optimizer>(
    net: &mut N,
    opt: O,
    loss: Loss,
    data: Dataset<'_, N::Input, N::Output>,
    plan: Schedule,
) {
    Trainer::new(opt, loss)
        .fit(net, &data, &plan, |_| ControlFlow::Continue(()))
        .unwrap();
}

/// The arrays as rows of one flat buffer.
fn flat<const N: usize>(v: &[[f32; N]]) -> Vec<f32> {
    v.as_flattened().to_vec()
}

fn rows<const N: usize>(flat: &[f32]) -> Rows<'_, [f32]> {
    Rows::flat(flat, N).unwrap()
}

#[test]
fn trains_to_the_same_bits_as_the_const_generic_network() {
    let mut rng = Rng::new(12);
    let mut xs = vec![[0.0; 2]; 200];
    let mut ys = vec![[0.0; 3]; 200];
    synthetic::blobs(&mut xs, &mut ys, 0.8, &mut rng);
    let (dx, dy) = (flat(&xs), flat(&ys));
    for batch in [Batch::Full, Batch::Mini(24), Batch::Online] {
        let plan = Schedule::epochs(4).batch(batch).shuffle(9);
        let mut fixed = Mlp3::<2, 6, 5, 3>::new([Relu, Tanh, Softmax], &mut Rng::new(1))
            .with_standardizer(Standardizer::fit(&xs).unwrap());
        let mut dynamic =
            DynMlp::new(2, &[(6, Relu), (5, Tanh), (3, Softmax)], &mut Rng::new(1)).unwrap();
        dynamic.fit_standardization(rows::<2>(&dx)).unwrap();
        assert_eq!(fixed.digest(), dynamic.digest(), "initialization");
        fit(
            &mut fixed,
            Adam::new(0.01).unwrap(),
            Loss::SoftmaxCrossEntropy,
            Dataset::new(&xs, &ys).unwrap(),
            plan,
        );
        fit(
            &mut dynamic,
            Adam::new(0.01).unwrap(),
            Loss::SoftmaxCrossEntropy,
            Dataset::new(rows::<2>(&dx), rows::<3>(&dy)).unwrap(),
            plan,
        );
        assert_eq!(fixed.digest(), dynamic.digest(), "{batch:?}");
        for x in &xs[..20] {
            assert_eq!(fixed.predict(x).to_vec(), dynamic.predict(x).unwrap());
        }
    }
}

/// In data order and without standardization, batches are loaded straight from the caller's
/// rows: from a flat buffer for `DynMlp`, from arrays for `Mlp3`. The two give the same bits,
/// with a last batch and a last lane block that are only partly full (203 = 8·24 + 11).
#[test]
fn flat_rows_load_into_batches_like_arrays() {
    let mut rng = Rng::new(4);
    let mut xs = vec![[0.0; 2]; 203];
    let mut ys = vec![[0.0; 3]; 203];
    synthetic::blobs(&mut xs, &mut ys, 0.8, &mut rng);
    let (dx, dy) = (flat(&xs), flat(&ys));
    for batch in [Batch::Full, Batch::Mini(24)] {
        let plan = Schedule::epochs(3).batch(batch);
        let mut fixed = Mlp3::<2, 6, 5, 3>::new([Relu, Tanh, Softmax], &mut Rng::new(2));
        let mut dynamic =
            DynMlp::new(2, &[(6, Relu), (5, Tanh), (3, Softmax)], &mut Rng::new(2)).unwrap();
        let data = Dataset::new(&xs, &ys).unwrap();
        fit(
            &mut fixed,
            Sgd::new(0.1).unwrap(),
            Loss::SoftmaxCrossEntropy,
            data,
            plan,
        );
        let data = Dataset::new(rows::<2>(&dx), rows::<3>(&dy)).unwrap();
        fit(
            &mut dynamic,
            Sgd::new(0.1).unwrap(),
            Loss::SoftmaxCrossEntropy,
            data,
            plan,
        );
        assert_eq!(fixed.digest(), dynamic.digest(), "{batch:?}");
    }
}

#[test]
fn its_model_file_loads_into_the_matching_type_and_back() {
    let mut rng = Rng::new(3);
    let mut xs = vec![[0.0; 2]; 100];
    let mut ys = vec![[0.0; 1]; 100];
    synthetic::half_plane(&mut xs, &mut ys, &mut rng);
    let mut net = DynMlp::new(2, &[(5, Tanh), (1, Sigmoid)], &mut rng).unwrap();
    let (dx, dy) = (flat(&xs), flat(&ys));
    net.fit_standardization(rows::<2>(&dx)).unwrap();
    fit(
        &mut net,
        Momentum::new(0.1, 0.9).unwrap(),
        Loss::BinaryCrossEntropy,
        Dataset::new(rows::<2>(&dx), rows::<1>(&dy)).unwrap(),
        Schedule::epochs(20),
    );
    let bytes = net.to_bytes();
    let fixed = Mlp2::<2, 5, 1>::from_bytes(&bytes).unwrap();
    for x in &xs {
        assert_eq!(
            fixed.predict(x)[0].to_bits(),
            net.predict(x).unwrap()[0].to_bits()
        );
    }
    let mut typed_bytes = vec![0; fixed.encoded_len()];
    fixed.to_bytes(&mut typed_bytes).unwrap();
    assert_eq!(typed_bytes, bytes);
    assert_eq!(DynMlp::from_bytes(&bytes).unwrap(), net);
    assert_eq!(net.type_name().as_deref(), Some("Mlp2<2, 5, 1>"));
    let (mut a, mut b) = (String::new(), String::new());
    net.write_rust(&mut a, "M").unwrap();
    fixed.write_rust(&mut b, "M").unwrap();
    assert_eq!(a, b);
    assert_eq!(
        Mlp2::<2, 4, 1>::from_bytes(&bytes),
        Err(Error::ShapeMismatch)
    );
}

#[test]
fn samples_of_the_wrong_length_are_errors() {
    let mut net = DynMlp::new(3, &[(2, Sigmoid)], &mut Rng::new(0)).unwrap();
    let before = net.clone();
    assert_eq!(
        net.predict(&[1.0, 2.0]),
        Err(Error::SampleLength { sample: 0 })
    );
    // Rows two wide for a network of three inputs.
    let (xs, ys) = ([0.0; 6], [0.0; 6]);
    let mut t = Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy);
    let r = t.fit(
        &mut net,
        &Dataset::new(rows::<2>(&xs), rows::<2>(&ys)).unwrap(),
        &Schedule::epochs(1),
        |_| ControlFlow::Continue(()),
    );
    assert_eq!(r, Err(Error::SampleLength { sample: 0 }));
    assert_eq!(
        t.step(&mut net, &[0.0; 3], &[0.0; 3]),
        Err(Error::SampleLength { sample: 0 })
    );
    // A flat buffer that is not a whole number of rows.
    assert_eq!(
        Rows::flat(&xs[..5], 2).unwrap_err(),
        Error::SampleLength { sample: 2 }
    );
    assert_eq!(
        Rows::flat(&xs, 0).unwrap_err(),
        Error::SampleLength { sample: 0 }
    );
    assert_eq!(net, before);
    assert!(DynMlp::new(0, &[(1, Sigmoid)], &mut Rng::new(0)).is_err());
    assert!(DynMlp::new(2, &[], &mut Rng::new(0)).is_err());
    assert!(DynMlp::new(2, &[(0, Sigmoid)], &mut Rng::new(0)).is_err());
    assert_eq!(
        net.fit_standardization(Rows::flat(&[1.0], 1).unwrap()),
        Err(Error::SampleLength { sample: 0 })
    );
}

#[test]
fn one_trainer_follows_a_network_of_another_shape() {
    let mut t = Trainer::new(Adam::new(0.01).unwrap(), Loss::MeanSquaredError);
    for width in [3usize, 5, 3] {
        let mut net = DynMlp::new(
            2,
            &[(width, Tanh), (1, Identity)],
            &mut Rng::new(width as u64),
        )
        .unwrap();
        let xs = [0.5, -0.5].repeat(4);
        let ys = [0.25; 4];
        let data = Dataset::new(rows::<2>(&xs), rows::<1>(&ys)).unwrap();
        let (x, y) = data.get(0).unwrap();
        let l0 = t.step(&mut net, x, y).unwrap();
        for _ in 0..20 {
            t.step_batch(&mut net, &data).unwrap();
        }
        assert!(t.step(&mut net, x, y).unwrap() < l0);
    }
}

/// The command line's path: a run-time-shaped network learns two blobs with each optimizer
/// and each kind of batch (the loss falls by half or more, the accuracy reaches 95 %).
#[test]
fn learns_with_every_optimizer() {
    fn learns<O: Optimizer>(opt: O, name: &str) {
        let mut rng = Rng::new(5);
        let mut xs = vec![[0.0; 2]; 120];
        let mut ys = vec![[0.0; 2]; 120];
        synthetic::blobs(&mut xs, &mut ys, 0.6, &mut rng);
        let ys: Vec<f32> = ys.iter().map(|y| y[1]).collect();
        let xs = flat(&xs);
        let data = Dataset::new(rows::<2>(&xs), rows::<1>(&ys)).unwrap();
        for batch in [Batch::Full, Batch::Mini(16), Batch::Online] {
            let mut net = DynMlp::new(2, &[(6, Tanh), (1, Sigmoid)], &mut Rng::new(3)).unwrap();
            let mut t = Trainer::new(opt.clone(), Loss::BinaryCrossEntropy);
            let first = tinymlp::metrics::mean_loss(&net, &data, Loss::BinaryCrossEntropy).unwrap();
            t.fit(
                &mut net,
                &data,
                &Schedule::epochs(150).batch(batch).shuffle(2),
                |_| ControlFlow::Continue(()),
            )
            .unwrap();
            let last = tinymlp::metrics::mean_loss(&net, &data, Loss::BinaryCrossEntropy).unwrap();
            let acc = tinymlp::metrics::accuracy(&net, &data).unwrap();
            assert!(
                last < first / 2.0 && acc >= 0.95,
                "{name} {batch:?}: loss {first} -> {last}, accuracy {acc}"
            );
        }
    }
    learns(Sgd::new(0.5).unwrap(), "sgd");
    learns(Momentum::new(0.05, 0.9).unwrap(), "momentum");
    learns(Adam::new(0.02).unwrap(), "adam");
}

/// Sizes that cannot be allocated are errors before anything is built: the product
/// overflows, or the memory is not there (4 TiB of weights).
#[test]
fn a_network_too_large_to_allocate_is_an_error() {
    let r = DynMlp::new(1 << 40, &[(1 << 40, Relu)], &mut Rng::new(0));
    assert_eq!(r, Err(Error::OutOfMemory { bytes: usize::MAX }));
    let r = DynMlp::new(1 << 20, &[(1 << 20, Relu)], &mut Rng::new(0));
    assert!(
        matches!(r, Err(Error::OutOfMemory { bytes }) if bytes == 1 << 42),
        "{r:?}"
    );
}
