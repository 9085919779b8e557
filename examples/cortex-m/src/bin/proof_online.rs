//! Proof that online training cannot panic, and the flash it costs with every choice made at
//! run time: like `proof-train`, with an online trainer ([`Trainer::online`]), which links none
//! of the batch code. Data, seed, learning rate, schedule and activations are hidden from the
//! optimizer, so every activation and every option of an online schedule stays in. Its panic
//! handler calls a function that exists nowhere: if any panic path survives optimization, the
//! link fails.
//!
//! Exit status 0 if the network learns the 8 samples, 2 if not, 3 on a library error.

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
    let data = Dataset::new(black_box(&INPUTS), black_box(&TARGETS))?;
    let activations = black_box([Sigmoid, Sigmoid]);
    let mut net = Mlp2::<2, 2, 1>::new(activations, &mut Rng::new(black_box(1)));
    let mut trainer = Trainer::online(Sgd::new(black_box(0.5))?, Loss::BinaryCrossEntropy);
    let schedule = black_box(Schedule::epochs(300).batch(Batch::Online).shuffle(7));
    trainer.fit(&mut net, &data, &schedule, |p| {
        black_box(p);
        ControlFlow::Continue(())
    })?;
    trainer.learn(&mut net, &black_box([0.5, -0.25]), &black_box([1.0]))?;
    Ok(metrics::accuracy(&net, &data)? == 1.0)
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    firmware::link_error_if_reachable()
}
