//! Proof that training with a fixed plan cannot panic, and the flash it costs: the network,
//! its activations (sigmoid, fixed in its type), the loss, the learning rate and the plan
//! (300 epochs of online SGD in shuffled order, a loop of [`Trainer::learn`]) are constants,
//! as in a product that learns on the device; only the data come from outside (hidden from
//! the optimizer). Its panic handler calls a function that exists nowhere: if any panic path
//! survives optimization, the link fails.
//!
//! Exit status 0 if the network learns the 8 samples, 2 if not, 3 on a library error.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use firmware::entry;
use firmware::proof::{self, INPUTS, TARGETS};
use tinymlp::fixed::Sigmoid;
use tinymlp::{Dataset, Loss, Mlp2, Rng, Sgd, Trainer};

#[entry]
fn main() -> ! {
    proof::run(train)
}

fn train() -> tinymlp::Result<bool> {
    let data = Dataset::new(black_box(&INPUTS), black_box(&TARGETS))?;
    let mut net =
        Mlp2::<2, 2, 1, Sigmoid, Sigmoid>::with_activations((Sigmoid, Sigmoid), &mut Rng::new(1));
    let mut trainer = Trainer::online(Sgd::new(0.5)?, Loss::BinaryCrossEntropy);
    let mut order = [0, 1, 2, 3, 4, 5, 6, 7];
    let mut rng = Rng::new(7);
    for _ in 0..300 {
        rng.shuffle(&mut order);
        for &k in &order {
            if let Some((x, y)) = data.get(k) {
                trainer.learn(&mut net, x, y)?;
            }
        }
    }
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
