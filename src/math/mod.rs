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
//! Measured over every `f32` input (all 2³² bit patterns, NaNs excluded) by `cargo run
//! --release --example fastmath_accuracy`, against `libm` and against the exact value
//! (computed in `f64` and rounded to `f32`); "ulp" is the distance in representable `f32`
//! values, "rel." the largest relative error where the exact value is a normal `f32`:
//!
//! | function | inputs | max ulp vs `libm` | inputs differing from `libm` | max ulp vs exact | max rel. error vs exact |
//! |---|---|---|---|---|---|
//! | [`exp`] | all | 1 | 0.22 % | 1 | 9.1·10⁻⁸ |
//! | [`sigmoid`] | all | 2 (see below) | 4.04 % | 2 | 1.8·10⁻⁷ |
//! | [`tanh`] | all | 3 | 1.26 % | 2 | 2.0·10⁻⁷ |
//! | [`ln`] | `x ≥ 0` | 1 | 0.05 % | 1 | 8.1·10⁻⁸ |
//! | [`ln_1p`] | `x ≥ −1` | 1 | 2.89 % | 1 | 1.3·10⁻⁷ |
//!
//! The sigmoid is compared with the crate's `libm`-based
//! [`activation::sigmoid`](crate::activation::sigmoid), `1 / (1 + expf(−z))`: within 2 ulp
//! wherever that formula is accurate; below `z ≈ −88.7` it returns 0 (`expf` overflows) while
//! the exact value, and this function, are still positive subnormals. The binary
//! cross-entropy of a [`FastSigmoid`] output uses `ln(1 + e^−|z|)` by a shorter series
//! (within 2 ulp of the exact value, checked on a sweep of `[0, 1]` in the unit tests).
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

/// Helpers shared by the accuracy tests of [`exp`] and [`log`].
#[cfg(test)]
mod accuracy {
    /// Distance in representable values (same sign assumed or zero-crossing counted).
    pub(super) fn ulps(a: f32, b: f32) -> u32 {
        let key = |v: f32| {
            let b = v.to_bits() as i32;
            if b < 0 { i32::MIN.wrapping_sub(b) } else { b }
        };
        key(a).abs_diff(key(b))
    }

    /// A sweep over every 4099th bit pattern of the finite floats.
    pub(super) fn sweep() -> impl Iterator<Item = f32> {
        (0..=u32::MAX)
            .step_by(4099)
            .map(f32::from_bits)
            .filter(|v| v.is_finite())
    }
}
