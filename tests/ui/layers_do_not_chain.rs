// A 2 → 4 layer cannot feed a layer that expects 3 inputs.
use tinymlp::{Activation::Sigmoid, Dense, Mlp2};

fn main() {
    let _net: Mlp2<2, 3, 1> = Mlp2 {
        standardizer: None,
        layers: (Dense::<2, 4>::zeroed(Sigmoid), Dense::<3, 1>::zeroed(Sigmoid)),
    };
}
