//! Classifies a fixed set of inputs with a network trained on the desktop and kept in flash,
//! and checks every output against the desktop's, bit for bit.
//!
//! Exit status: 0 if every output matches, 2 if one differs, 101 on a panic.
//!
//! Then measures one forward pass and one classification in executed instructions, and one
//! classification by the same network written by hand ([`firmware::hand::Tiny`], its weights
//! the model's, in flash too).
//!
//! With the feature `external-model`, the model is the file named by the environment
//! variable `TINYMLP_MODEL` at build time (a 2-2-1 network, e.g. trained or imported by the
//! `tinymlp` command-line tool); the firmware has no desktop outputs of it, so it checks that
//! every output is a probability and prints the bits of every input and output
//! (`bits X0 X1 -> Y`), which `scripts/firmware.sh` compares with `tinymlp predict`'s.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use firmware::model::CASES;
#[cfg(not(feature = "external-model"))]
use firmware::model::MODEL;
use tinymlp::Mlp2;

/// The model file given at build time, decoded and checked by the compiler.
#[cfg(feature = "external-model")]
static MODEL: Mlp2<2, 2, 1> = tinymlp::include_model!(Mlp2<2, 2, 1>, env!("TINYMLP_MODEL"));
use firmware::hand::Tiny;
use firmware::{
    Board, Console, Fixed, Hex, Int, Text, code, entry, exit, println, stack_high_water,
};

/// The yardstick: the model's weights in a hand-written network, in flash as well.
static HAND: Tiny = Tiny::from_library(&MODEL);

#[entry]
fn main() -> ! {
    let mut out = Console::open();
    let Some(board) = Board::take() else {
        exit(code::PANIC)
    };
    println!(out, "tinymlp classify on {}", board.core_name());
    println!(
        out,
        "model: 2-2-1 sigmoid, {} bytes in flash at {}",
        Int::from(core::mem::size_of_val(&MODEL)),
        Hex((&raw const MODEL) as u64)
    );

    let mut failures = 0u32;
    for case in &CASES {
        let y = MODEL.predict(&case.input)[0];
        let class = MODEL.classify(&case.input);
        let ok = if cfg!(feature = "external-model") {
            (0.0..=1.0).contains(&y) && class == usize::from(y >= 0.5)
        } else {
            y.to_bits() == case.output.to_bits() && class == case.class
        };
        failures += u32::from(!ok);
        println!(
            out,
            "({}, {}) -> {} class {} (desktop {} class {}) {}",
            Fixed(case.input[0], 4),
            Fixed(case.input[1], 4),
            Fixed(y, 6),
            Int::from(class),
            Fixed(case.output, 6),
            Int::from(case.class),
            Text(if ok { "ok" } else { "MISMATCH" })
        );
        if cfg!(feature = "external-model") {
            println!(
                out,
                "bits {} {} -> {}",
                Hex(u64::from(case.input[0].to_bits())),
                Hex(u64::from(case.input[1].to_bits())),
                Hex(u64::from(y.to_bits()))
            );
        }
    }

    let counter = board.counter();
    let x = CASES[0].input;
    let forward = counter.per_call(1000, &mut (), |_| {}, |_| forward(&x));
    let classify = counter.per_call(1000, &mut (), |_| {}, |_| classify(&x));
    let hand_classify = counter.per_call(1000, &mut (), |_| {}, |_| hand_classify(&x));
    // In the order measured (the RISC-V script matches them with the plugin's counts).
    println!(out, "insns per tick {}", counter.per_tick());
    println!(out, "insns forward {}", Int(forward));
    println!(out, "insns classify {}", Int(classify));
    println!(out, "insns hand classify {}", Int(hand_classify));
    println!(out, "stack {} bytes", Int::from(stack_high_water()));

    if failures == 0 {
        let how = if cfg!(feature = "external-model") {
            "are probabilities (an external model: no desktop outputs to compare with)"
        } else {
            "match the desktop's bit for bit"
        };
        println!(out, "all {} outputs {}", Int::from(CASES.len()), Text(how));
        exit(code::SUCCESS)
    } else {
        println!(
            out,
            "{} of {} outputs differ from the desktop's",
            Int(failures),
            Int::from(CASES.len())
        );
        exit(code::CHECK_FAILED)
    }
}

/// One forward pass of the model in flash, out of line so that it is measured as a caller
/// pays for it. The input is hidden from the optimizer, the model is not: it is a constant,
/// and what the compiler makes of that is part of what this firmware costs.
#[inline(never)]
fn forward(x: &[f32; 2]) -> [f32; 1] {
    let model: &Mlp2<2, 2, 1> = &MODEL;
    model.predict(black_box(x))
}

/// One classification by the model in flash, out of line like [`forward`].
#[inline(never)]
fn classify(x: &[f32; 2]) -> usize {
    let model: &Mlp2<2, 2, 1> = &MODEL;
    model.classify(black_box(x))
}

/// One classification by the hand-written network, out of line like [`forward`].
#[inline(never)]
fn hand_classify(x: &[f32; 2]) -> usize {
    HAND.classify(black_box(x))
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    firmware::report_panic(info)
}
