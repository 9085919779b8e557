//! The byte codes of the activations.

use crate::activation::Activation;

/// The byte code of an activation in the format: 0 identity, 1 sigmoid, 2 tanh, 3 ReLU,
/// 4 softmax, 5 fast sigmoid, 6 fast tanh, 7 fast softmax (the `Fast*` variants compute
/// with [`math`](crate::math)'s branch-free functions).
pub const fn activation_code(a: Activation) -> u8 {
    match a {
        Activation::Identity => 0,
        Activation::Sigmoid => 1,
        Activation::Tanh => 2,
        Activation::Relu => 3,
        Activation::Softmax => 4,
        Activation::FastSigmoid => 5,
        Activation::FastTanh => 6,
        Activation::FastSoftmax => 7,
    }
}

/// The activation of a byte code, if it is one.
pub const fn activation_from_code(code: u8) -> Option<Activation> {
    match code {
        0 => Some(Activation::Identity),
        1 => Some(Activation::Sigmoid),
        2 => Some(Activation::Tanh),
        3 => Some(Activation::Relu),
        4 => Some(Activation::Softmax),
        5 => Some(Activation::FastSigmoid),
        6 => Some(Activation::FastTanh),
        7 => Some(Activation::FastSoftmax),
        _ => None,
    }
}
