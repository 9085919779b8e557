//! The integer firmware's bit-identity check: a digest of the integer network's outputs over
//! a grid of inputs covering the whole `i8` plane.
//!
//! Compiled into the `classify-q8` firmware and, through `#[path]`, into the desktop exporter
//! (`examples/export_model.rs`), which writes the digest it computes into `model.rs`; the
//! firmware recomputes it on the device and fails on any difference.

use tinymlp::quant::QMlp2;

/// FNV-1a over the output code of every input `(a, b)` with `a, b` in `−128, −123, …, 127`
/// (52 × 52 inputs).
pub fn sweep_digest(net: &QMlp2<2, 2, 1>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut a: i32 = -128;
    while a <= 127 {
        let mut b: i32 = -128;
        while b <= 127 {
            let y = net.predict_q(&[a as i8, b as i8]);
            h = (h ^ u64::from(y[0] as u8)).wrapping_mul(0x0000_0100_0000_01b3);
            b += 5;
        }
        a += 5;
    }
    h
}
