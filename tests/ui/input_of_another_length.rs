// A two-input network does not take three inputs, nor give two outputs.
use tinymlp::{Activation::Sigmoid, Mlp2, Rng};

fn main() {
    let net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(0));
    let _ = net.predict(&[1.0, 2.0, 3.0]);
    let _: [f32; 2] = net.predict(&[1.0, 2.0]);
}
