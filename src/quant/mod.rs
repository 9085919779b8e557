//! Integer-only inference for microcontrollers without an FPU.
//!
//! On a Cortex-M0 or M3 every `f32` operation is a software routine. A quantized network
//! ([`QMlp1`] … [`QMlp5`]) runs on 8-bit integers instead: the same layers, with
//!
//! - **weights** `i8`, symmetric: `w ≈ q·s_w`, one scale `s_w` per output channel (or one
//!   per layer, see [`Granularity`]);
//! - **activations** `i8`, affine: `a ≈ (q − zp)·s`, one scale and zero point per layer,
//!   chosen by *calibration*: running the `f32` network on representative data and
//!   recording each layer's range;
//! - **accumulation** in `i32`: `acc = b + Σ_i w_i·x_i` with the input zero point folded
//!   into the bias `b`;
//! - **requantization** to the next layer's scale by a fixed-point multiplier,
//!   [`requantize`]`(acc, m, shift) = round(acc·m / 2^(31+shift))`, rounding half up;
//! - **sigmoid and tanh** by 257-entry [lookup tables](lut) with linear interpolation, at
//!   fixed output scales (1/256 for sigmoid, 1/128 for tanh); ReLU by clamping at the zero
//!   point; softmax outputs are kept as quantized logits (their order is the class order).
//!
//! Inference ([`QMlp2::predict_q`], [`QMlp2::classify_q`]) is pure integer arithmetic,
//! hence bit-identical on every target. Turning real inputs into `i8`
//! ([`QMlp2::quantize_input`]) and outputs back into real numbers are the only float steps,
//! kept apart so that firmware can skip them (e.g. by quantizing sensor readings with
//! integer arithmetic of its own, or feeding pre-quantized inputs).
//!
//! Quantizing a trained network takes calibration data and the `alloc` feature:
//! [`quantize`] returns a [`DynQMlp`], whose model file (format version 2, dtype int8; see
//! [`model`](crate::model)) loads into the matching `QMlp` type, at compile time too.

mod int_form;
mod kernel;
pub mod lut;
mod qdense;
mod qmlp;
#[cfg(feature = "alloc")]
mod quantize;

pub(crate) use int_form::IntForm;
#[cfg(feature = "alloc")]
pub(crate) use int_form::OutputCoding;
pub use kernel::{QLayerRef, requantize};
pub use qdense::QDense;
pub use qmlp::{QMlp1, QMlp2, QMlp3, QMlp4, QMlp5};
#[cfg(feature = "alloc")]
pub(crate) use quantize::DynQDense;
#[cfg(feature = "alloc")]
pub use quantize::{DynQMlp, Granularity, quantize};

use crate::activation::{self, Activation};

/// `q = round(x / scale) + zero_point` (half up), clamped to `i8`, for already standardized
/// inputs `x`.
pub(crate) fn quantize_values(scale: f32, zero_point: i8, x: &[f32], out: &mut [i8]) {
    for (q, &v) in out.iter_mut().zip(x) {
        *q = (libm::floorf(v / scale + 0.5) + f32::from(zero_point)).clamp(-128.0, 127.0) as i8;
    }
}

/// The real outputs of a quantized output layer: `(q − zp)·scale`, then softmax for a
/// softmax layer (whose integers are logits).
pub(crate) fn dequantize(act: Activation, scale: f32, zero_point: i8, y: &[i8], out: &mut [f32]) {
    for (o, &q) in out.iter_mut().zip(y) {
        *o = (f32::from(q) - f32::from(zero_point)) * scale;
    }
    if IntForm::of(act).softmax_after() {
        activation::softmax(out);
    }
}

/// The smallest output code whose real value is ≥ 0.5: the class boundary of a single-output
/// network, in integers. 0 for a sigmoid output (code 0 is exactly 0.5); otherwise
/// `zp + ⌈0.5 / scale⌉`. Computed once, when a network is loaded, so that classifying needs
/// no floating point.
pub(crate) const fn class_threshold(act: Activation, scale: f32, zero_point: i8) -> i32 {
    if let Some(code) = IntForm::of(act).fixed_half_code() {
        return code;
    }
    let t = 0.5 / scale;
    // `as` saturates (and maps NaN to 0): a degenerate scale gives a boundary out of reach.
    let mut i = t as i32;
    if (i as f32) < t {
        i = i.saturating_add(1);
    }
    i.saturating_add(zero_point as i32)
}

/// The class of a quantized output: with one output, 1 if its code is at least `threshold`
/// (see [`class_threshold`]); with several, the index of the largest. Integers only.
pub(crate) fn class_of(threshold: i32, y: &[i8]) -> usize {
    match y {
        [q] => usize::from(i32::from(*q) >= threshold),
        _ => kernel::argmax(y),
    }
}
