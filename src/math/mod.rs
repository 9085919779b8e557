//! Branch-free, vectorizable elementary functions in plain `f32` arithmetic.
//!
//! `libm`'s `expf` is accurate to the last bit or so, but it is a scalar function with branches:
//! a loop over a lane block that calls it cannot be vectorized. The functions here are written
//! the other way round: range reduction and a polynomial, every step an ordinary `+`, `−`, `×`,
//! `÷`, comparison-select or bit operation on `f32`/`u32`, no table, no branch. LLVM turns a loop
//! over them into packed instructions (SSE2, AVX2, AVX-512, NEON), and because every operation
//! is a correctly rounded IEEE-754 operation in an order fixed by the source (never fused), the
//! results are the same bits on every target, vectorized or not.
//!
//! They are *different functions* from `libm`'s: a few units in the last place away. The
//! activations that use them are separate variants ([`FastSigmoid`], [`FastTanh`],
//! [`FastSoftmax`]), so choosing them is a per-layer decision and never changes the results of
//! a network built with the `libm`-based [`Sigmoid`], [`Tanh`], [`Softmax`].
//!
//! # Accuracy
//!
//! Measured over every `f32` input (all 2³² bit patterns) by `cargo run --release --example
//! fastmath_accuracy`, against `libm` and against the exact value (computed in `f64`); "ulp" is
//! the distance in representable `f32` values, "rel." the largest relative error where the exact
//! value is a normal `f32`:
//!
//! | function | inputs | max ulp vs `libm` | max ulp vs exact | max rel. error vs exact |
//! |---|---|---|---|---|
//! | [`exp`] | all | see table | | |
//!
//! Special values follow `libm`: `exp(−∞) = 0`, `exp(+∞) = +∞`, overflow to `+∞` above
//! `ln(f32::MAX)`, gradual underflow to subnormals and 0, NaN in → NaN out; `ln(0) = −∞`,
//! `ln(x < 0) = NaN`, `ln(+∞) = +∞`.
//!
//! [`FastSigmoid`]: crate::Activation::FastSigmoid
//! [`FastTanh`]: crate::Activation::FastTanh
//! [`FastSoftmax`]: crate::Activation::FastSoftmax
//! [`Sigmoid`]: crate::Activation::Sigmoid
//! [`Tanh`]: crate::Activation::Tanh
//! [`Softmax`]: crate::Activation::Softmax

mod exp;
mod log;

pub use exp::{exp, sigmoid, tanh};
pub use log::{ln, ln_1p};

pub(crate) use exp::sigmoid_parts;
pub(crate) use log::ln_1p_unit;

/// `|x|`, by clearing the sign bit.
#[inline(always)]
fn abs(x: f32) -> f32 {
    f32::from_bits(x.to_bits() & 0x7fff_ffff)
}

/// `x < lo ? lo : x`, a NaN `x` passing through (unlike `f32::max`).
#[inline(always)]
fn at_least(x: f32, lo: f32) -> f32 {
    if x < lo { lo } else { x }
}

/// `x > hi ? hi : x`, a NaN `x` passing through (unlike `f32::min`).
#[inline(always)]
fn at_most(x: f32, hi: f32) -> f32 {
    if x > hi { hi } else { x }
}
