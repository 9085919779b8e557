//! Proof that training with a fixed plan cannot panic, and the flash it costs: the network,
//! its activations (sigmoid), the loss, the learning rate and the schedule (online SGD, 300
//! epochs, shuffled) are constants, as in a product that learns on the device; only the data
//! come from outside (hidden from the optimizer). Its panic handler calls a function that
//! exists nowhere: if any panic path survives optimization, the link fails.
//!
//! Exit status 0 if the network learns the 8 samples, 2 if not, 3 on a library error.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::ops::ControlFlow;
use core::panic::PanicInfo;

use firmware::proof::{INPUTS, TARGETS};
use firmware::{canary, code, entry, exit};
use tinymlp::{Activation::Sigmoid, Batch, Dataset, Loss, Mlp2, Rng, Schedule, Sgd, Trainer};

#[entry]
fn main() -> ! {
    canary();
    match train() {
        Ok(true) => exit(code::SUCCESS),
        Ok(false) => exit(code::CHECK_FAILED),
        Err(_) => exit(code::LIBRARY_ERROR),
    }
}

fn train() -> tinymlp::Result<bool> {
    let data = Dataset::new(black_box(&INPUTS), black_box(&TARGETS))?;
    let mut net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(1));
    let mut trainer = Trainer::online(Sgd::new(0.5)?, Loss::BinaryCrossEntropy);
    let schedule = Schedule::epochs(300).batch(Batch::Online).shuffle(7);
    trainer.fit(&mut net, &data, &schedule, |_| ControlFlow::Continue(()))?;
    let learned = data
        .inputs()
        .iter()
        .zip(data.targets())
        .all(|(x, y)| net.classify(x) == y[0] as usize);
    Ok(learned)
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    firmware::link_error_if_reachable()
}
