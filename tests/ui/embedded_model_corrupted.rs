// A model file whose checksum does not match stops the build.
use tinymlp::{Mlp2, include_model};

static MODEL: Mlp2<2, 2, 1> = include_model!(Mlp2<2, 2, 1>, "../fixtures/corrupted.tmlp");

fn main() {
    let _ = MODEL.predict(&[0.0, 1.0]);
}
