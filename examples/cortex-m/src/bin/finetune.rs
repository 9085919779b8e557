//! Fine-tunes the output layer of the desktop-trained model in flash on drifted readings
//! collected on the device (see [`finetune`]), prints the accuracy before and after and the
//! digest of the new output layer, which must equal the desktop's (`tests/firmware.rs`).
//!
//! Exit status: 0 if fine-tuning reached its threshold, 2 if not, 3 if the library returned
//! an error, 101 on a panic.

#![no_std]
#![no_main]

use core::panic::PanicInfo;

use firmware::finetune::{self, reading};
use firmware::model::MODEL;
use firmware::{Board, Console, Hex, Int, code, entry, exit, percent, println, stack_high_water};
use tinymlp::train::FineTuner;
use tinymlp::{Loss, Sgd};

#[entry]
fn main() -> ! {
    let mut out = Console::open();
    let Some(board) = Board::take() else {
        exit(code::PANIC)
    };
    println!(out, "tinymlp finetune on {}", board.core_name());
    println!(
        out,
        "base model in flash; {} drifted readings into a buffer of {}, {} epochs of online SGD on the output layer",
        Int::from(finetune::COLLECTED),
        Int::from(finetune::CAPACITY),
        Int::from(finetune::EPOCHS)
    );
    let outcome = match finetune::run(&MODEL) {
        Ok(o) => o,
        Err(e) => {
            println!(out, "fine-tuning failed: {}", e);
            exit(code::LIBRARY_ERROR)
        }
    };
    println!(
        out,
        "accuracy on drifted readings: {} % before, {} % after",
        percent(outcome.before),
        percent(outcome.after)
    );
    println!(out, "digest {}", Hex(outcome.digest));

    // One online fine-tuning step, measured; and the fine-tuner's RAM.
    let Ok(sgd) = Sgd::new(finetune::LEARNING_RATE) else {
        exit(code::LIBRARY_ERROR)
    };
    let mut tuner = FineTuner::new(&MODEL, sgd, Loss::BinaryCrossEntropy);
    println!(
        out,
        "fine-tuner RAM {} bytes",
        Int::from(core::mem::size_of_val(&tuner))
    );
    let (x, y) = reading(&mut tinymlp::Rng::new(1));
    let counter = board.counter();
    let step = counter.per_call(1000, &mut tuner, |_| {}, |t| t.step(&x, &y));
    println!(out, "insns step {}", Int(step));
    println!(out, "stack {} bytes", Int::from(stack_high_water()));

    if outcome.passed() {
        exit(code::SUCCESS)
    } else {
        exit(code::CHECK_FAILED)
    }
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    firmware::report_panic(info)
}
