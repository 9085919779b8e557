//! Prints the RAM cost of models and their training state, known at compile time.
//!
//! Run: `cargo run --release --example sizes`

use core::mem::size_of;
use tinymlp::{Adam, Mlp2, Mlp3, Momentum, Network, Sgd, Trainer};

fn row<N: Network>(name: &str) {
    println!(
        "| {name} | {} | {} | {} | {} | {} |",
        N::PARAMETERS,
        size_of::<N>(),
        size_of::<Trainer<N, Sgd>>(),
        size_of::<Trainer<N, Momentum>>(),
        size_of::<Trainer<N, Adam>>(),
    );
}

fn main() {
    println!("| network | parameters | model bytes | trainer bytes, SGD | momentum | Adam |");
    println!("|---|---:|---:|---:|---:|---:|");
    row::<Mlp2<2, 2, 1>>("2-2-1");
    row::<Mlp2<2, 8, 3>>("2-8-3");
    row::<Mlp3<16, 64, 64, 4>>("16-64-64-4");
}
