//! Fine-tuning changes only the output layer and improves accuracy on shifted data.

use core::ops::ControlFlow;
use tinymlp::Activation::*;
use tinymlp::data::{SampleBuffer, synthetic};
use tinymlp::train::{FineTuner, Headed};
use tinymlp::{Adam, Batch, Dataset, Loss, Mlp3, Parameters, Rng, Schedule, Sgd, Trainer, metrics};

fn shifted(rng: &mut Rng, n: usize) -> (Vec<[f32; 2]>, Vec<[f32; 1]>) {
    let mut xs = vec![[0.0; 2]; n];
    let mut ys = vec![[0.0; 1]; n];
    synthetic::half_plane(&mut xs, &mut ys, rng);
    xs.iter_mut().for_each(|x| x[0] += 1.2);
    (xs, ys)
}

#[test]
fn only_the_head_changes_and_accuracy_recovers() {
    let mut rng = Rng::new(21);
    let mut xs = vec![[0.0; 2]; 500];
    let mut ys = vec![[0.0; 1]; 500];
    synthetic::half_plane(&mut xs, &mut ys, &mut rng);
    let mut base = Mlp3::<2, 8, 8, 1>::new([Tanh, Relu, Sigmoid], &mut rng);
    let plan = Schedule::epochs(40).batch(Batch::Mini(25)).shuffle(1);
    Trainer::new(Adam::new(0.01).unwrap(), Loss::BinaryCrossEntropy)
        .fit(&mut base, &Dataset::new(&xs, &ys).unwrap(), &plan, |_| {
            ControlFlow::Continue(())
        })
        .unwrap();

    let (tx, ty) = shifted(&mut rng, 500);
    let test = Dataset::new(&tx, &ty).unwrap();
    let before = metrics::accuracy(&base, &test).unwrap();

    let mut buf = SampleBuffer::<[f32; 2], [f32; 1], 128>::new();
    let (nx, ny) = shifted(&mut rng, 128);
    nx.iter()
        .zip(&ny)
        .for_each(|(x, y)| buf.push(*x, *y).unwrap());
    let mut tuner = FineTuner::new(&base, Adam::new(0.05).unwrap(), Loss::BinaryCrossEntropy);
    let mut features = [[0.0; 8]; 128];
    tuner
        .fit(
            &buf.dataset().unwrap(),
            &mut features,
            &Schedule::epochs(150).batch(Batch::Mini(16)).shuffle(3),
            |_| ControlFlow::Continue(()),
        )
        .unwrap();
    let tuned = tuner.to_network();
    let after = metrics::accuracy(&tuned, &test).unwrap();
    assert!(
        before < 0.9 && after > 0.95,
        "before {before}, after {after}"
    );

    // The body is exactly the base's; the fine-tuner predicts what the new network predicts.
    assert_eq!(tuned.layers.0, base.layers.0);
    assert_eq!(tuned.layers.1, base.layers.1);
    assert_ne!(tuned.layers.2, base.layers.2);
    assert_eq!(tuned.head(), *tuner.head());
    for x in &tx[..50] {
        assert_eq!(
            tuner.predict(x).map(f32::to_bits),
            tuned.predict(x).map(f32::to_bits)
        );
    }
}

#[test]
fn a_fine_tuner_starts_as_its_base_and_steps_online() {
    let base = Mlp3::<2, 3, 3, 1>::new([Relu, Tanh, Sigmoid], &mut Rng::new(2));
    let mut tuner = FineTuner::new(&base, Sgd::new(0.5).unwrap(), Loss::BinaryCrossEntropy);
    assert_eq!(tuner.to_network(), base);
    assert_eq!(tuner.predict(&[0.3, -0.2]), base.predict(&[0.3, -0.2]));
    assert!(tuner.step(&[f32::NAN, 0.0], &[1.0]).is_err());
    assert_eq!(tuner.to_network(), base);
    let l0 = tuner.step(&[1.0, 1.0], &[1.0]).unwrap();
    for _ in 0..20 {
        tuner.step(&[1.0, 1.0], &[1.0]).unwrap();
    }
    assert!(tuner.step(&[1.0, 1.0], &[1.0]).unwrap() < l0);
    let mut features = [[0.0; 3]; 2];
    let xs = [[0.0, 0.0]; 3];
    let ys = [[0.0]; 3];
    let r = tuner.fit(
        &Dataset::new(&xs, &ys).unwrap(),
        &mut features,
        &Schedule::epochs(1),
        |_| ControlFlow::Continue(()),
    );
    assert!(r.is_err(), "features must be as long as the data");
    assert_eq!(
        base.digest(),
        Mlp3::<2, 3, 3, 1>::new([Relu, Tanh, Sigmoid], &mut Rng::new(2)).digest()
    );
}
