//! Prints the RAM cost of models and their training state, known at compile time.
//!
//! Run: `cargo run --release --example sizes`

use core::mem::size_of;
use tinymlp::Activation::*;
use tinymlp::{Adam, Mlp2, Mlp3, Momentum, Network, Sgd, Trainer};

fn row<N: Network>(name: &str, net: N) {
    println!(
        "| {name} | {} | {} | {} | {} | {} |",
        net.parameters(),
        size_of::<N>(),
        size_of::<Trainer<N, Sgd>>(),
        size_of::<Trainer<N, Momentum>>(),
        size_of::<Trainer<N, Adam>>(),
    );
}

fn main() {
    println!("| network | parameters | model bytes | trainer bytes, SGD | momentum | Adam |");
    println!("|---|---:|---:|---:|---:|---:|");
    row("2-2-1", Mlp2::<2, 2, 1>::zeroed([Sigmoid; 2]));
    row("2-8-3", Mlp2::<2, 8, 3>::zeroed([Tanh, Softmax]));
    row(
        "16-64-64-4",
        Mlp3::<16, 64, 64, 4>::zeroed([Relu, Relu, Softmax]),
    );
}
