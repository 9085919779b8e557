//! The integer dense layer.

use super::kernel::{self, QLayerRef};
use crate::activation::Activation;

/// An integer dense layer with `I` inputs and `O` outputs: `i8` weights and activations,
/// `i32` accumulation, fixed-point requantization (see [`quant`](crate::quant)).
///
/// Made by the quantizer and loaded from a model file; the fields are public so that
/// firmware can also hold a layer written out as Rust source.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QDense<const I: usize, const O: usize> {
    /// `weights[o][i]`, symmetric: the real weight is `weights[o][i] · s_w[o]`.
    pub weights: [[i8; I]; O],
    /// Biases in accumulator units, with `−zp_in · Σ_i weights[o][i]` folded in.
    pub biases: [i32; O],
    /// Q31 requantization multipliers, one per output.
    pub multipliers: [i32; O],
    /// Requantization shifts, one per output.
    pub shifts: [i8; O],
    /// Scale of the output: the real output is `(q − zero point) · scale`. Only used to turn
    /// outputs back into real numbers; inference itself never touches it.
    pub output_scale: f32,
    /// Zero point of the output.
    pub output_zero_point: i8,
    /// The activation.
    pub activation: Activation,
}

impl<const I: usize, const O: usize> QDense<I, O> {
    /// A layer with every parameter zero.
    pub const fn zeroed(activation: Activation) -> Self {
        QDense {
            weights: [[0; I]; O],
            biases: [0; O],
            multipliers: [0; O],
            shifts: [0; O],
            output_scale: 1.0,
            output_zero_point: 0,
            activation,
        }
    }

    /// The layer's output for one quantized input. Integer arithmetic only.
    #[inline]
    pub fn forward(&self, x: &[i8; I]) -> [i8; O] {
        let mut y = [0; O];
        kernel::dense_forward(&self.view(), x, &mut y);
        y
    }

    /// A borrowed, untyped view of the layer for the kernels.
    #[inline]
    pub fn view(&self) -> QLayerRef<'_> {
        QLayerRef {
            weights: self.weights.as_flattened(),
            biases: &self.biases,
            multipliers: &self.multipliers,
            shifts: &self.shifts,
            output_zero_point: self.output_zero_point,
            activation: self.activation,
        }
    }
}
