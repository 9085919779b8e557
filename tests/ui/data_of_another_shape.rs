// Three-feature data cannot train a two-input network.
use core::ops::ControlFlow;
use tinymlp::{Activation::Sigmoid, Dataset, Loss, Mlp2, Rng, Schedule, Sgd, Trainer};

fn main() {
    let xs = [[0.0f32; 3]; 4];
    let ys = [[0.0f32; 1]; 4];
    let data = Dataset::new(&xs, &ys).unwrap();
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(0));
    let mut trainer = Trainer::new(Sgd::new(0.1).unwrap(), Loss::BinaryCrossEntropy);
    let _ = trainer.fit(&mut net, &data, &Schedule::epochs(1), |_| ControlFlow::Continue(()));
}
