// The XOR model is a 2-2-1 network: embedding it as a 2-3-1 network stops the build.
use tinymlp::{Mlp2, include_model};

static MODEL: Mlp2<2, 3, 1> = include_model!(Mlp2<2, 3, 1>, "../fixtures/xor-2-2-1.tmlp");

fn main() {
    let _ = MODEL.predict(&[0.0, 1.0]);
}
