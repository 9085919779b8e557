//! Proof that training cannot panic: this firmware trains a 2-2-1 network the way an
//! application would (initialization from the crate's `Rng`, `Dataset::new`, `Trainer::fit`,
//! one `Trainer::step`, `metrics::accuracy`) on data and hyperparameters the compiler cannot
//! see through, and its panic handler calls a function
//! that exists nowhere: if any panic path survives optimization, the link fails. Nothing is
//! printed (`core::fmt` has panic paths of its own).
//!
//! Exit status 0 if the network learns the 8 samples, 2 if not, 3 on a library error. Its
//! flash, minus the `empty` firmware's, is what on-device training costs with a schedule
//! chosen at run time (a constant schedule compiles to less; see the README).

#![no_std]
#![no_main]

use core::hint::black_box;
use core::ops::ControlFlow;
use core::panic::PanicInfo;

use firmware::entry;
use firmware::proof::{self, INPUTS, TARGETS};
use tinymlp::{
    Activation::Sigmoid, Batch, Dataset, Loss, Mlp2, Rng, Schedule, Sgd, Trainer, metrics,
};

#[entry]
fn main() -> ! {
    proof::run(train)
}

fn train() -> tinymlp::Result<bool> {
    // `black_box`: data, seed, learning rate and schedule are unknown to the optimizer, and so
    // are the activations (a run-time enum), so every branch stays in: all batch modes
    // (online, mini-batch, full-batch), with and without shuffling, every activation.
    let data = Dataset::new(black_box(&INPUTS), black_box(&TARGETS))?;
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(black_box(1)));
    let mut trainer = Trainer::new(Sgd::new(black_box(0.5))?, Loss::BinaryCrossEntropy);
    let schedule = black_box(Schedule::epochs(300).batch(Batch::Online).shuffle(7));
    trainer.fit(&mut net, &data, &schedule, |p| {
        black_box(p);
        ControlFlow::Continue(())
    })?;
    trainer.step(&mut net, &black_box([0.5, -0.25]), &black_box([1.0]))?;
    Ok(metrics::accuracy(&net, &data).unwrap() == 1.0)
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    firmware::link_error_if_reachable()
}
