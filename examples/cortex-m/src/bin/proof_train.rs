//! Proof that training cannot panic: this firmware runs the `train` firmware's whole
//! experiment (samples from the crate's `Rng`, `Dataset::new`, `Trainer::fit` with online
//! SGD, `metrics::accuracy`, `classify`) and one `Trainer::step` on values the compiler cannot
//! see through, and its panic handler calls a function that exists nowhere: if any panic path
//! survives optimization, the link fails. Nothing is printed (`core::fmt` has panic paths of
//! its own).
//!
//! Exit status 0 if the experiment reaches its accuracy threshold, 2 if not, 3 on a library
//! error. Its flash, minus the `empty` firmware's, is what training costs.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use cortex_m_rt::entry;
use tinymlp::{Activation::Sigmoid, Loss, Rng, Sgd, Trainer};
use tinymlp_cortex_m::experiment::{self, Net};
use tinymlp_cortex_m::{canary, code, exit};

#[entry]
fn main() -> ! {
    // One step on an unknown network, sample and learning rate: the activations are a
    // run-time enum, so every activation's backward pass stays in.
    let mut net = black_box(Net::new([Sigmoid, Sigmoid], &mut Rng::new(black_box(1))));
    let step = Sgd::new(black_box(0.1)).and_then(|sgd| {
        Trainer::new(sgd, Loss::BinaryCrossEntropy).step(
            &mut net,
            &black_box([0.5, -0.25]),
            &black_box([1.0]),
        )
    });
    black_box(&step);
    black_box(&net);
    canary();

    match experiment::run(|p| {
        black_box(p);
    }) {
        Ok(outcome) if outcome.passed() => exit(code::SUCCESS),
        Ok(_) => exit(code::CHECK_FAILED),
        Err(_) => exit(code::LIBRARY_ERROR),
    }
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    tinymlp_cortex_m::link_error_if_reachable()
}
