//! Trains a realistic on-device classifier (see [`sensor`]): 16 sensor features, ReLU layers
//! of 32 and 16 units, 4 softmax outputs, online SGD on softmax cross-entropy. Prints the loss
//! as it goes, the test accuracy and the digest of the final weights, which must equal the
//! one computed on the desktop by the library's test `tests/firmware.rs`. Then measures one
//! inference and one training step in executed instructions, the library's and those of the
//! same network written by hand ([`firmware::hand::Sensor`]), on the same weights and sample.
//!
//! RAM: the network, a copy to measure the step on, the online trainer's gradients and the
//! hand-written network each take 4.5 KB, about 25 KB of stack in all, more than a 16 KiB
//! part has. `scripts/firmware.sh` runs the Cortex-M0 build on the mps2-an385 board, whose
//! core executes the same ARMv6-M code, and the RV32I/RV32IMC builds with the large memory
//! map (see `build.rs`).
//!
//! Exit status: 0 if the test accuracy reaches [`sensor::ACCURACY_THRESHOLD`], 2 if it does
//! not, 3 if the library returned an error, 101 on a panic.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use firmware::hand;
use firmware::sensor::{self, Net};
use firmware::{
    Board, Console, Fixed, Hex, Int, Text, code, entry, exit, percent, println, stack_high_water,
};
use tinymlp::{Online, Parameters, Sgd, Trainer};

#[entry]
fn main() -> ! {
    let mut out = Console::open();
    let Some(board) = Board::take() else {
        exit(code::PANIC)
    };
    println!(
        out,
        "tinymlp sensor on {} (code for {})",
        board.core_name(),
        Text(env!("FIRMWARE_TARGET"))
    );
    println!(
        out,
        "16-32-16-4 (ReLU, ReLU, softmax), {} online SGD steps, learning rate {}",
        Int::from(sensor::STEPS),
        Fixed(sensor::LEARNING_RATE, 2)
    );

    let Ok(mut trainer) = sensor::trainer() else {
        exit(code::LIBRARY_ERROR)
    };
    let mut net = sensor::init();
    let trained = sensor::train(&mut net, &mut trainer, |step, loss| {
        println!(
            out,
            "step {}: mean loss {}",
            Int::from(step),
            Fixed(loss, 4)
        )
    });
    if let Err(e) = trained {
        println!(out, "training failed: {}", e);
        exit(code::LIBRARY_ERROR)
    }
    let accuracy = sensor::accuracy(|x| net.classify(x));
    println!(
        out,
        "test accuracy {} % (threshold {} %)",
        percent(accuracy),
        percent(sensor::ACCURACY_THRESHOLD)
    );
    println!(out, "digest {}", Hex(net.digest()));
    println!(
        out,
        "model {} bytes, trainer (online SGD) {} bytes",
        Int::from(core::mem::size_of::<Net>()),
        Int::from(core::mem::size_of::<Trainer<Net, Sgd, Online>>())
    );

    // Costs, on the trained weights and one fixed sample; every repetition of a step starts
    // again from the trained weights, so each does exactly the same work.
    let counter = board.counter();
    let (x, y) = sensor::probe();
    let forward = counter.per_call(sensor::CALLS, &mut (), |_| {}, |_| forward(&net, &x));
    let mut work = net.clone();
    let step = counter.per_call(
        sensor::CALLS,
        &mut work,
        |w| w.clone_from(&net),
        |w| step(&mut trainer, w, &x, &y),
    );
    let learn = counter.per_call(
        sensor::CALLS,
        &mut work,
        |w| w.clone_from(&net),
        |w| learn(&mut trainer, w, &x, &y),
    );
    let mut own = hand::Sensor::from_library(&net);
    let hand_forward = counter.per_call(sensor::CALLS, &mut (), |_| {}, |_| hand_forward(&own, &x));
    let same = hand_forward_bits(&own, &x) == forward_bits(&net, &x);
    let hand_step = counter.per_call(
        sensor::CALLS,
        &mut own,
        |h| *h = hand::Sensor::from_library(&net),
        |h| hand_step(h, &x, &y),
    );
    // In the order measured (the RISC-V script matches them with the plugin's counts).
    println!(out, "insns per tick {}", counter.per_tick());
    println!(out, "insns sensor forward {}", Int(forward));
    println!(out, "insns sensor step {}", Int(step));
    println!(out, "insns sensor learn {}", Int(learn));
    println!(out, "insns hand sensor forward {}", Int(hand_forward));
    println!(out, "insns hand sensor step {}", Int(hand_step));
    println!(
        out,
        "hand-written outputs {} the library's",
        Text(if same { "equal" } else { "DIFFER from" })
    );
    println!(out, "stack {} bytes", Int::from(stack_high_water()));

    if accuracy >= sensor::ACCURACY_THRESHOLD {
        exit(code::SUCCESS)
    } else {
        println!(out, "FAILED: test accuracy below the threshold");
        exit(code::CHECK_FAILED)
    }
}

/// One inference, out of line so that it is measured as a caller pays for it; the network is
/// hidden from the optimizer (it lives in RAM and changes during training).
#[inline(never)]
fn forward(net: &Net, x: &[f32; 16]) -> [f32; 4] {
    black_box(net).predict(black_box(x))
}

/// One online SGD step (forward, backward, checked update), out of line.
#[inline(never)]
fn step(
    trainer: &mut Trainer<Net, Sgd, Online>,
    net: &mut Net,
    x: &[f32; 16],
    y: &[f32; 4],
) -> bool {
    black_box(trainer)
        .step(black_box(net), black_box(x), black_box(y))
        .is_ok()
}

/// The same update without measuring the sample's loss ([`Trainer::learn`]), out of line.
#[inline(never)]
fn learn(
    trainer: &mut Trainer<Net, Sgd, Online>,
    net: &mut Net,
    x: &[f32; 16],
    y: &[f32; 4],
) -> bool {
    black_box(trainer)
        .learn(black_box(net), black_box(x), black_box(y))
        .is_ok()
}

/// The hand-written inference, out of line like [`forward`].
#[inline(never)]
fn hand_forward(net: &hand::Sensor, x: &[f32; 16]) -> [f32; 4] {
    black_box(net).forward(black_box(x))
}

/// The hand-written SGD step, out of line like [`step`]; its learning rate is a constant,
/// as hand-written code would have it.
#[inline(never)]
fn hand_step(net: &mut hand::Sensor, x: &[f32; 16], y: &[f32; 4]) {
    black_box(net).step(black_box(x), black_box(y), sensor::LEARNING_RATE)
}

fn forward_bits(net: &Net, x: &[f32; 16]) -> [u32; 4] {
    forward(net, x).map(f32::to_bits)
}

fn hand_forward_bits(net: &hand::Sensor, x: &[f32; 16]) -> [u32; 4] {
    hand_forward(net, x).map(f32::to_bits)
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    firmware::report_panic(info)
}
