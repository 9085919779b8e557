//! What each activation is in integer arithmetic: how the integer kernel computes it, how the
//! quantizer codes its outputs, and how they are read back. The one place in `quant` that
//! knows the activations.

use super::lut::{self, FRACTION_BITS, SIGMOID, SIGMOID_STEPS_PER_UNIT, TANH, TANH_STEPS_PER_UNIT};
use crate::activation::Activation;

/// The integer form of an activation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntForm {
    /// Interpolated [`SIGMOID`] table, output scale 1/256, zero point −128.
    Sigmoid,
    /// Interpolated [`TANH`] table, output scale 1/128, zero point 0.
    Tanh,
    /// Clamped below at the output zero point.
    Relu,
    /// The requantized pre-activation itself.
    Linear,
    /// Softmax outputs kept as their quantized logits (the order of the classes); softmax is
    /// applied after dequantization.
    Logits,
}

/// How the quantizer chooses a layer's output quantization.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum OutputCoding {
    /// Fixed: a table's output scale and zero point, and the table positions per unit of
    /// pre-activation that the requantization must produce.
    Fixed {
        scale: f64,
        zero_point: i8,
        units_per_z: f64,
    },
    /// Affine over the calibrated outputs, from 0 up.
    OutputsFromZero,
    /// Affine over the calibrated pre-activations.
    PreActivations,
}

impl IntForm {
    /// The integer form of `act`.
    pub(crate) const fn of(act: Activation) -> IntForm {
        match act {
            Activation::Sigmoid | Activation::FastSigmoid => IntForm::Sigmoid,
            Activation::Tanh | Activation::FastTanh => IntForm::Tanh,
            Activation::Relu => IntForm::Relu,
            Activation::Identity => IntForm::Linear,
            Activation::Softmax | Activation::FastSoftmax => IntForm::Logits,
        }
    }

    /// The output of one requantized accumulator `v`, with the layer's output zero point.
    #[inline]
    pub(crate) fn activate(self, v: i32, zero_point: i8) -> i8 {
        let zp = i32::from(zero_point);
        match self {
            IntForm::Sigmoid => lut::lookup(&SIGMOID, v),
            IntForm::Tanh => lut::lookup(&TANH, v),
            IntForm::Relu => v.saturating_add(zp).clamp(zp, 127) as i8,
            IntForm::Linear | IntForm::Logits => v.saturating_add(zp).clamp(-128, 127) as i8,
        }
    }

    /// How the quantizer codes this form's outputs.
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))] // used by the quantizer
    pub(crate) fn output_coding(self) -> OutputCoding {
        let positions = f64::from(1u32 << FRACTION_BITS);
        match self {
            IntForm::Sigmoid => OutputCoding::Fixed {
                scale: 1.0 / 256.0,
                zero_point: -128,
                units_per_z: SIGMOID_STEPS_PER_UNIT * positions,
            },
            IntForm::Tanh => OutputCoding::Fixed {
                scale: 1.0 / 128.0,
                zero_point: 0,
                units_per_z: TANH_STEPS_PER_UNIT * positions,
            },
            IntForm::Relu => OutputCoding::OutputsFromZero,
            IntForm::Linear | IntForm::Logits => OutputCoding::PreActivations,
        }
    }

    /// Whether dequantized outputs are logits that softmax turns into probabilities.
    pub(crate) const fn softmax_after(self) -> bool {
        match self {
            IntForm::Logits => true,
            IntForm::Sigmoid | IntForm::Tanh | IntForm::Relu | IntForm::Linear => false,
        }
    }

    /// The smallest output code that stands for 0.5 or more, when the form fixes it (code 0 is
    /// exactly 0.5 for the sigmoid table); `None` when it follows from the output scale.
    pub(crate) const fn fixed_half_code(self) -> Option<i32> {
        match self {
            IntForm::Sigmoid => Some(0),
            IntForm::Tanh | IntForm::Relu | IntForm::Linear | IntForm::Logits => None,
        }
    }
}
