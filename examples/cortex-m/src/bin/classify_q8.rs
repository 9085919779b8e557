//! Integer-only inference: classifies the `classify` firmware's inputs with the same network
//! quantized to 8-bit integers and kept in flash, checks every output against the desktop's,
//! and recomputes the digest of the integer outputs over a sweep of the whole input plane.
//!
//! No floating-point operation anywhere: not in the network, not in the printing, not in the
//! instruction counter. `scripts/firmware.sh` checks the ELF for soft-float routines.
//!
//! Exit status: 0 if every output and the sweep digest match, 2 if one differs, 101 on a panic.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use firmware::model::{QCASES, QMODEL, QSWEEP_DIGEST};
use firmware::sweep::sweep_digest;
use firmware::{
    Board, Console, Hex, Int, SignedInt, Text, code, entry, exit, println, stack_high_water,
};
use tinymlp::quant::QMlp2;

#[entry]
fn main() -> ! {
    let mut out = Console::open();
    let Some(board) = Board::take() else {
        exit(code::PANIC)
    };
    println!(out, "tinymlp classify-q8 on {}", board.core_name());
    println!(
        out,
        "model: 2-2-1 sigmoid, int8, {} bytes in flash",
        Int::from(core::mem::size_of_val(&QMODEL))
    );

    let mut failures = 0u32;
    for case in &QCASES {
        let y = QMODEL.predict_q(&case.input)[0];
        let class = QMODEL.classify_q(&case.input);
        let ok = y == case.output && class == case.class;
        failures += u32::from(!ok);
        println!(
            out,
            "({}, {}) -> {} class {} (desktop {} class {}) {}",
            SignedInt(i32::from(case.input[0])),
            SignedInt(i32::from(case.input[1])),
            SignedInt(i32::from(y)),
            Int::from(class),
            SignedInt(i32::from(case.output)),
            Int::from(case.class),
            Text(if ok { "ok" } else { "MISMATCH" })
        );
    }
    let digest = sweep_digest(&QMODEL);
    let digest_ok = digest == QSWEEP_DIGEST;
    println!(out, "digest {}", Hex(digest));
    println!(
        out,
        "sweep of 2704 inputs: {}",
        Text(if digest_ok {
            "digest equals the desktop's"
        } else {
            "DIGEST DIFFERS from the desktop's"
        })
    );

    let counter = board.counter();
    let x = QCASES[0].input;
    let forward = counter.per_call(1000, &mut (), |_| {}, |_| forward(&x));
    println!(out, "insns per tick {}", counter.per_tick());
    println!(out, "insns forward {}", Int(forward));
    println!(out, "stack {} bytes", Int::from(stack_high_water()));

    if failures == 0 && digest_ok {
        println!(
            out,
            "all {} outputs and the sweep match the desktop's",
            Int::from(QCASES.len())
        );
        exit(code::SUCCESS)
    } else {
        exit(code::CHECK_FAILED)
    }
}

/// One integer forward pass of the model in flash, out of line so that it is measured as a
/// caller pays for it.
#[inline(never)]
fn forward(x: &[i8; 2]) -> [i8; 1] {
    let model: &QMlp2<2, 2, 1> = &QMODEL;
    model.predict_q(black_box(x))
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    firmware::report_panic(info)
}
