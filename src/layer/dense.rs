//! The dense (fully connected) layer.

use super::LayerRef;
use crate::activation::{Act, Activation};
use crate::kernel::lanes::{Lanes, ZERO};
use crate::kernel::{dense, group};
use crate::rng::Rng;

/// A fully connected layer with `I` inputs and `O` outputs: `a = f(W·x + b)`.
///
/// The weights are stored as `[[f32; I]; O]`, one row per output, so `weights[o][i]`
/// connects input `i` to output `o`. The typed methods are thin shells over the slice
/// kernels in which the arithmetic is written once, in a fixed order.
///
/// The activation `f` is chosen at run time ([`Activation`], the default `A`) or fixed at
/// compile time by one of the types of [`fixed`](crate::fixed).
///
/// # Examples
///
/// ```
/// use tinymlp::{Activation, Dense};
///
/// let layer = Dense::<2, 1> {
///     weights: [[1.0, -1.0]],
///     biases: [0.5],
///     activation: Activation::Identity,
/// };
/// assert_eq!(layer.forward(&[3.0, 1.0]), [2.5]);
/// assert_eq!(Dense::<2, 1>::PARAMETERS, 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dense<const I: usize, const O: usize, A: Act = Activation> {
    /// `weights[o][i]`: the weight from input `i` to output `o`.
    pub weights: [[f32; I]; O],
    /// One bias per output.
    pub biases: [f32; O],
    /// The non-linearity applied to `W·x + b`.
    pub activation: A,
}

impl<const I: usize, const O: usize, A: Act> Dense<I, O, A> {
    /// Number of trainable values: `I·O` weights and `O` biases.
    pub const PARAMETERS: usize = I * O + O;

    /// A layer with all weights and biases zero.
    pub const fn zeroed(activation: A) -> Self {
        Dense {
            weights: [[0.0; I]; O],
            biases: [0.0; O],
            activation,
        }
    }

    /// A layer initialized for `activation`, biases zero, weights drawn from `rng`:
    ///
    /// - ReLU: He uniform, `U(−√(6/I), √(6/I))`, which keeps the variance of the
    ///   activations constant through layers that zero half of their inputs;
    /// - the others: Glorot/Xavier uniform, `U(−√(6/(I+O)), √(6/(I+O)))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{Activation, Dense, Rng};
    ///
    /// let a = Dense::<4, 3>::new(Activation::Tanh, &mut Rng::new(7));
    /// let b = Dense::<4, 3>::new(Activation::Tanh, &mut Rng::new(7));
    /// assert_eq!(a, b); // seeded: the same weights everywhere
    /// ```
    pub fn new(activation: A, rng: &mut Rng) -> Self {
        let mut layer = Self::zeroed(activation);
        init_weights(
            layer.weights.as_flattened_mut(),
            I,
            O,
            activation.get(),
            rng,
        );
        layer
    }

    /// Output of the layer for one input: `f(W·x + b)`.
    #[inline]
    pub fn forward(&self, x: &[f32; I]) -> [f32; O] {
        let mut a = self.pre_activation(x);
        // On hosts: straight-line code for the branch-free sigmoid (no call, no loop), so that
        // independent predictions overlap in the pipeline. Bare-metal targets go through
        // `apply`, which calls one out-of-line copy for code size. Same function.
        let activation = self.activation.get();
        #[cfg(not(target_os = "none"))]
        if activation == Activation::FastSigmoid {
            a.iter_mut().for_each(|v| *v = crate::math::sigmoid(*v));
            return a;
        }
        activation.apply(&mut a);
        a
    }

    /// Output of the layer for `B` lane blocks of inputs (`x[block][i][lane]`): lane for lane
    /// the numbers of [`forward`](Self::forward), computed with vector instructions.
    #[inline]
    pub(crate) fn forward_blocks<const B: usize>(&self, x: &[[Lanes; I]; B]) -> [[Lanes; O]; B] {
        let mut z = [[ZERO; O]; B];
        let flat = z.as_flattened_mut();
        group::forward(
            self.weights.as_flattened(),
            &self.biases,
            x.as_flattened(),
            flat,
        );
        self.activation.get().apply_group(flat, O);
        z
    }

    /// Pre-activation of the layer for one input: `W·x + b`.
    // Always inlined on hosts: at LLVM's default threshold a caller's crate built with fat LTO
    // and 16 codegen units keeps it out of line, in every forward pass (see `benches/user/`).
    // Bare-metal firmware, built for size, decides for itself.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    #[cfg_attr(target_os = "none", inline)]
    pub fn pre_activation(&self, x: &[f32; I]) -> [f32; O] {
        // The order of `dense::forward`, over arrays (trip counts in the types: fewer
        // instructions on Cortex-M0 and M3).
        let mut z = [0.0; O];
        self.pre_activation_into(x, &mut z);
        z
    }

    /// [`pre_activation`](Self::pre_activation) into `z`.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    #[cfg_attr(target_os = "none", inline)]
    pub(crate) fn pre_activation_into(&self, x: &[f32; I], z: &mut [f32; O]) {
        for ((z, row), b) in z.iter_mut().zip(&self.weights).zip(&self.biases) {
            *z = dense::dot(row, x) + b;
        }
    }

    /// A borrowed, untyped view of the layer for the slice kernels.
    #[inline]
    pub fn view(&self) -> LayerRef<'_> {
        LayerRef {
            weights: self.weights.as_flattened(),
            biases: &self.biases,
            activation: self.activation.get(),
        }
    }

    /// The weights (flattened, row-major) and biases, mutably.
    #[inline]
    pub fn tensors_mut(&mut self) -> [&mut [f32]; 2] {
        [self.weights.as_flattened_mut(), &mut self.biases]
    }

    /// The weights (flattened, row-major) and biases.
    #[inline]
    pub fn tensors(&self) -> [&[f32]; 2] {
        [self.weights.as_flattened(), &self.biases]
    }
}

/// Fills the row-major weights of an `inputs → outputs` layer as described in
/// [`Dense::new`], drawing them in storage order.
pub(crate) fn init_weights(
    weights: &mut [f32],
    inputs: usize,
    outputs: usize,
    activation: Activation,
    rng: &mut Rng,
) {
    let fan = if activation.he_init() {
        inputs as f32
    } else {
        (inputs + outputs) as f32
    };
    let limit = if fan > 0.0 {
        libm::sqrtf(6.0 / fan)
    } else {
        0.0
    };
    for w in weights {
        *w = rng.uniform_in(-limit, limit);
    }
}
