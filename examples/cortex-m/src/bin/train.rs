//! Trains a 2-2-1 network on the device (see [`experiment`]), prints the loss as it goes, the
//! accuracy, and the digest of the final weights, which must equal the one computed on the
//! desktop by the library's test `tests/firmware.rs`. Then measures one forward pass and one
//! training step in executed instructions, the library's and those of the same network
//! written by hand ([`firmware::hand::Tiny`]), on the same weights and the same sample.
//!
//! Exit status: 0 if the test accuracy reaches [`experiment::ACCURACY_THRESHOLD`], 2 if it
//! does not, 3 if the library returned an error, 101 on a panic.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::ops::ControlFlow;
use core::panic::PanicInfo;

use firmware::experiment::{self, Net};
use firmware::hand::Tiny;
use firmware::{
    Board, Console, Fixed, Hex, Int, code, entry, exit, percent, println, stack_high_water,
    stack_used_by,
};
use tinymlp::{Batch, Dataset, Online, Parameters, Schedule, Sgd, Trainer};

#[entry]
fn main() -> ! {
    let mut out = Console::open();
    let Some(board) = Board::take() else {
        exit(code::PANIC)
    };
    println!(out, "tinymlp train on {}", board.core_name());
    println!(
        out,
        "{} samples, {} epochs of online SGD, learning rate {}",
        Int::from(experiment::SAMPLES),
        Int::from(experiment::EPOCHS),
        Fixed(experiment::LEARNING_RATE, 2)
    );

    let outcome = match experiment::run(|p| {
        println!(
            out,
            "epoch {}: loss {}",
            Int::from(p.epoch),
            Fixed(p.loss, 4)
        )
    }) {
        Ok(outcome) => outcome,
        Err(e) => {
            println!(out, "training failed: {}", e);
            exit(code::LIBRARY_ERROR)
        }
    };
    println!(
        out,
        "final loss {}, train accuracy {} %, test accuracy {} % (threshold {} %)",
        Fixed(outcome.loss, 4),
        percent(outcome.train_accuracy),
        percent(outcome.test_accuracy),
        percent(experiment::ACCURACY_THRESHOLD)
    );
    println!(out, "digest {}", Hex(outcome.net.digest()));
    println!(
        out,
        "model {} bytes, trainer (online SGD) {} bytes",
        Int::from(core::mem::size_of::<Net>()),
        Int::from(core::mem::size_of::<Trainer<Net, Sgd, Online>>())
    );

    // Costs, measured on the trained network (in RAM) with one fixed sample: every repetition
    // of the step starts again from the trained weights, so each does exactly the same work.
    let counter = board.counter();
    let (x, y) = ([0.5f32, -0.25], [1.0f32]);
    let forward = counter.per_call(1000, &mut (), |_| {}, |_| forward(&outcome.net, &x));
    let Ok(mut trainer) = experiment::trainer() else {
        exit(code::LIBRARY_ERROR)
    };
    let mut net = outcome.net.clone();
    let step = counter.per_call(
        1000,
        &mut net,
        |net| net.clone_from(&outcome.net),
        |net| step(&mut trainer, net, &x, &y),
    );
    let learn = counter.per_call(
        1000,
        &mut net,
        |net| net.clone_from(&outcome.net),
        |net| learn(&mut trainer, net, &x, &y),
    );
    // The yardstick: the same network written by hand, on the same weights and sample.
    let tiny = Tiny::from_library(&outcome.net);
    let hand_forward = counter.per_call(1000, &mut (), |_| {}, |_| hand_forward(&tiny, &x));
    let mut work = tiny;
    let hand_step = counter.per_call(1000, &mut work, |t| *t = tiny, |t| hand_step(t, &x, y[0]));
    // In the order measured (the RISC-V script matches them with the plugin's counts).
    println!(out, "insns per tick {}", counter.per_tick());
    println!(out, "insns forward {}", Int(forward));
    println!(out, "insns step {}", Int(step));
    println!(out, "insns learn {}", Int(learn));
    println!(out, "insns hand forward {}", Int(hand_forward));
    println!(out, "insns hand step {}", Int(hand_step));
    println!(out, "stack {} bytes", Int::from(stack_high_water()));

    // The library's own stack: one update (step, learn), and `fit` for one epoch over a few samples (their
    // buffers are this frame's, not counted).
    let (_, step_stack) = stack_used_by(|| black_box(self::step(&mut trainer, &mut net, &x, &y)));
    let (_, learn_stack) = stack_used_by(|| black_box(self::learn(&mut trainer, &mut net, &x, &y)));
    let mut rng = tinymlp::Rng::new(experiment::SEED);
    let samples: [([f32; 2], [f32; 1]); 8] = core::array::from_fn(|_| experiment::sample(&mut rng));
    let (xs, ys): ([[f32; 2]; 8], [[f32; 1]; 8]) = (samples.map(|s| s.0), samples.map(|s| s.1));
    let (_, fit_stack) = stack_used_by(|| black_box(fit_once(&mut trainer, &mut net, &xs, &ys)));
    println!(out, "stack step {} bytes", Int::from(step_stack));
    println!(out, "stack learn {} bytes", Int::from(learn_stack));
    println!(out, "stack fit {} bytes", Int::from(fit_stack));

    if outcome.passed() {
        exit(code::SUCCESS)
    } else {
        println!(out, "FAILED: test accuracy below the threshold");
        exit(code::CHECK_FAILED)
    }
}

/// One forward pass, out of line so that it is measured as a caller pays for it; the network
/// is hidden from the optimizer (it lives in RAM and changes during training).
#[inline(never)]
fn forward(net: &Net, x: &[f32; 2]) -> [f32; 1] {
    black_box(net).predict(black_box(x))
}

/// One online SGD step (forward, loss, backward, checked update), out of line.
#[inline(never)]
fn step(
    trainer: &mut Trainer<Net, Sgd, Online>,
    net: &mut Net,
    x: &[f32; 2],
    y: &[f32; 1],
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
    x: &[f32; 2],
    y: &[f32; 1],
) -> bool {
    black_box(trainer)
        .learn(black_box(net), black_box(x), black_box(y))
        .is_ok()
}

/// One epoch of `fit` (online, shuffled) over `xs` and `ys`, out of line.
#[inline(never)]
fn fit_once(
    trainer: &mut Trainer<Net, Sgd, Online>,
    net: &mut Net,
    xs: &[[f32; 2]],
    ys: &[[f32; 1]],
) -> bool {
    let Ok(data) = Dataset::new(black_box(xs), black_box(ys)) else {
        return false;
    };
    let schedule = Schedule::epochs(1).batch(Batch::Online).shuffle(1);
    black_box(trainer)
        .fit(black_box(net), &data, &schedule, |p| {
            black_box(p);
            ControlFlow::Continue(())
        })
        .is_ok()
}

/// The hand-written forward pass, out of line like [`forward`].
#[inline(never)]
fn hand_forward(net: &Tiny, x: &[f32; 2]) -> f32 {
    black_box(net).forward(black_box(x))
}

/// The hand-written SGD step, out of line like [`step`]; its learning rate is a constant,
/// as hand-written code would have it.
#[inline(never)]
fn hand_step(net: &mut Tiny, x: &[f32; 2], y: f32) {
    black_box(net).step(black_box(x), black_box(y), experiment::LEARNING_RATE)
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    firmware::report_panic(info)
}
