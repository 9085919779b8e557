// A network of two layers takes exactly two activations.
use tinymlp::{Activation::Sigmoid, Mlp2, Rng};

fn main() {
    let _net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid, Sigmoid], &mut Rng::new(0));
}
