// Statistics fitted on three features cannot standardize a two-input network.
use tinymlp::{Activation::Sigmoid, Mlp2, Rng, Standardizer};

fn main() {
    let s = Standardizer::fit(&[[1.0f32, 2.0, 3.0], [2.0, 3.0, 4.0]]).unwrap();
    let _net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(0)).with_standardizer(s);
}
