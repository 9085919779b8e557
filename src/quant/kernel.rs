//! The integer kernels: a dense layer in `i8 × i8 → i32`, requantization, activations.
//!
//! No floating-point operation appears here. Every operation is exact integer arithmetic
//! (with explicit wrapping where an overflow is impossible by construction, so that no
//! overflow check can panic), so the results are the same on every target by definition.

use super::IntForm;
use crate::activation::Activation;
use crate::kernel::rows::RowsExt;

/// Rescales an accumulator by the fixed-point multiplier `m · 2^−(31 + shift)`:
/// `round(acc · m / 2^(31+shift))`, rounding half up (towards +∞), saturated to `i32`.
///
/// `m` is a Q31 fraction in `[2^30, 2^31)` (or 0); `31 + shift` is kept in `1..=62` by the
/// quantizer.
///
/// # Examples
///
/// ```
/// use tinymlp::quant::requantize;
///
/// // m = 0.5 in Q31, shift 1: multiply by 0.25.
/// assert_eq!(requantize(100, 1 << 30, 1), 25);
/// assert_eq!(requantize(-6, 1 << 30, 1), -1); // −1.5 rounds half up to −1
/// ```
#[inline]
pub fn requantize(acc: i32, m: i32, shift: i8) -> i32 {
    let total = (31 + i32::from(shift)).clamp(1, 62) as u32;
    let prod = i64::from(acc) * i64::from(m);
    let rounded = prod.wrapping_add(1i64 << (total - 1)) >> total;
    rounded.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// The parameters of one integer dense layer, sizes erased.
#[derive(Clone, Copy, Debug)]
pub struct QLayerRef<'a> {
    /// Row-major `i8` weights, `outputs × inputs`.
    pub weights: &'a [i8],
    /// `i32` biases, with the input zero point folded in.
    pub biases: &'a [i32],
    /// Q31 requantization multipliers, one per output.
    pub multipliers: &'a [i32],
    /// Requantization shifts, one per output.
    pub shifts: &'a [i8],
    /// Zero point of the layer's output.
    pub output_zero_point: i8,
    /// The activation.
    pub activation: Activation,
}

/// One integer dense layer: `acc[o] = b[o] + Σ_i w[o][i]·x[i]` in `i32` (increasing `i`),
/// then the activation's requantization into `out`:
///
/// - identity, softmax (logits): `out = clamp(zp + requantize(acc))`;
/// - ReLU: the same, clamped below at the zero point;
/// - sigmoid, tanh: `requantize(acc)` is a position in the [lookup table](super::lut),
///   interpolated.
#[inline]
pub fn dense_forward(layer: &QLayerRef<'_>, x: &[i8], out: &mut [i8]) {
    let n_in = x.len();
    let rows = layer.weights.rows(n_in.max(1));
    let params = layer.biases.iter().zip(layer.multipliers).zip(layer.shifts);
    let form = IntForm::of(layer.activation);
    for ((row, ((b, m), s)), y) in rows.zip(params).zip(out.iter_mut()) {
        let mut acc = *b;
        if n_in > 0 {
            for (w, x) in row.iter().zip(x) {
                acc = acc.wrapping_add(i32::from(*w) * i32::from(*x));
            }
        }
        *y = form.activate(requantize(acc, *m, *s), layer.output_zero_point);
    }
}

/// The index of the largest value (the first on ties).
#[inline]
pub(crate) fn argmax(v: &[i8]) -> usize {
    let (mut best, mut top) = (0, i8::MIN);
    for (k, &x) in v.iter().enumerate() {
        if k == 0 || x > top {
            (best, top) = (k, x);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requantize_rounds_half_up_and_saturates() {
        let half = 1 << 30; // 0.5
        assert_eq!(requantize(3, half, 0), 2); // 1.5 → 2
        assert_eq!(requantize(-3, half, 0), -1); // −1.5 → −1
        assert_eq!(requantize(i32::MAX, i32::MAX, -30), i32::MAX);
        assert_eq!(requantize(i32::MIN, i32::MAX, -30), i32::MIN);
        assert_eq!(requantize(12345, 0, 0), 0);
    }

    #[test]
    fn a_dense_layer_by_hand() {
        // Two outputs, three inputs; multiplier 0.5 (shift 0), output zero point 10.
        let layer = QLayerRef {
            weights: &[1, 2, 3, -1, -2, -3],
            biases: &[4, -4],
            multipliers: &[1 << 30, 1 << 30],
            shifts: &[0, 0],
            output_zero_point: 10,
            activation: Activation::Relu,
        };
        let mut out = [0i8; 2];
        dense_forward(&layer, &[10, 20, 30], &mut out);
        // acc = 4 + 140 = 144 → 72 + 10; acc = −148 → −74 + 10 = −64, ReLU → 10.
        assert_eq!(out, [82, 10]);
    }
}
