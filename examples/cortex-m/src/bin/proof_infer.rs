//! Proof that inference cannot panic: this firmware runs the inference path (`predict` and
//! `classify` of the 2-2-1 network in flash) on inputs and weights the compiler cannot see
//! through, and its panic handler calls a function that exists nowhere. If any panic path
//! (a bounds check, an `unwrap`, an overflow check, a division by zero …) survives
//! optimization anywhere in that path, the handler is reachable and the link fails.
//!
//! Exit status 0 when run; the point is that it links. Its flash, minus the `empty`
//! firmware's, is what inference costs.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use firmware::model::MODEL;
use firmware::{canary, code, entry, exit};

#[entry]
fn main() -> ! {
    // `black_box`: the weights (including the activations, a run-time enum) and the input are
    // unknown to the optimizer, so every branch of the inference code stays in.
    let net = black_box(&MODEL);
    let x = black_box([0.25f32, -0.5]);
    black_box(net.predict(&x));
    black_box(net.classify(&x));
    canary();
    exit(code::SUCCESS)
}

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    firmware::link_error_if_reachable()
}
