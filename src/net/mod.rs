//! Networks: layers chained with their shapes in their types.
//!
//! [`Mlp1`] … [`Mlp5`] are multi-layer perceptrons of one to five dense layers (zero to four
//! hidden layers). Each is a plain struct of [`Dense`](crate::Dense) layers whose sizes are
//! const parameters, so a layer whose input does not match the previous layer's output
//! cannot be written down. [`Network`] is what they have in common; the trainer and the
//! metrics are generic over it.

#[cfg(feature = "alloc")]
mod dynamic;
mod engine;
mod mlp;
mod scratch;

#[cfg(feature = "alloc")]
pub(crate) use dynamic::type_name;
#[cfg(feature = "alloc")]
pub use dynamic::{DynMlp, DynScratch};
pub(crate) use engine::*;
pub use mlp::{Mlp1, Mlp2, Mlp3, Mlp4, Mlp5};
pub(crate) use scratch::{Buffers, OneIo, OneLayer};
pub use scratch::{IoBufs, IoScratch, LayerBufs, LayerScratch};

use crate::activation::Activation;
use crate::kernel::lanes::{LANES, Lanes};
use crate::layer::LayerRef;
use crate::loss::Loss;

/// Lane blocks that `predict_batch` computes at once: four on hosts (independent vectors in
/// flight; more gains nothing measurable and takes more stack), one on bare-metal targets.
#[cfg(not(target_os = "none"))]
const PREDICT_BLOCKS: usize = 4;
#[cfg(target_os = "none")]
const PREDICT_BLOCKS: usize = 1;

/// `block[i][lane] = v[i]`.
#[inline(always)]
pub(crate) fn scatter(v: &[f32], block: &mut [Lanes], lane: usize) {
    for (d, v) in block.iter_mut().zip(v) {
        if let Some(d) = d.get_mut(lane) {
            *d = *v;
        }
    }
}

/// `blk[i][lane] = f(xs[lane])[i]` for the (at most `LANES`) samples `xs`. A whole block of
/// samples takes a path with constant trip counts, which the compiler turns into vector
/// shuffles; a shorter last block the general one.
#[inline(always)]
fn to_lanes<const N: usize>(
    xs: &[[f32; N]],
    blk: &mut [Lanes; N],
    f: impl Fn(&[f32; N]) -> [f32; N],
) {
    match <&[[f32; N]; LANES]>::try_from(xs) {
        Ok(whole) => whole
            .iter()
            .enumerate()
            .for_each(|(l, x)| scatter(&f(x), blk, l)),
        Err(_) => xs
            .iter()
            .enumerate()
            .for_each(|(l, x)| scatter(&f(x), blk, l)),
    }
}

/// `blk[i][lane] = xs[lane][i]` for samples of any length (see [`Network::inputs_to_lanes`]).
#[inline]
fn slices_to_lanes<S: Sample>(xs: &[S], blk: &mut [Lanes]) {
    for (lane, x) in xs.iter().enumerate() {
        scatter(x.as_ref(), blk, lane);
    }
}

/// `ys[lane][o] = blk[o][lane]` for the (at most `LANES`) samples `ys`; see [`to_lanes`].
#[inline(always)]
fn from_lanes<const N: usize>(blk: &[Lanes; N], ys: &mut [[f32; N]]) {
    #[inline(always)]
    fn gather<const N: usize>(lane: usize, blk: &[Lanes; N], y: &mut [f32; N]) {
        for (o, v) in y.iter_mut().zip(blk) {
            if let Some(v) = v.get(lane) {
                *o = *v;
            }
        }
    }
    match <&mut [[f32; N]; LANES]>::try_from(&mut *ys) {
        Ok(whole) => whole
            .iter_mut()
            .enumerate()
            .for_each(|(l, y)| gather(l, blk, y)),
        Err(_) => ys
            .iter_mut()
            .enumerate()
            .for_each(|(l, y)| gather(l, blk, y)),
    }
}

/// One sample's values: the input or the output of a network. `[f32; N]` for the
/// const-generic networks; `Vec<f32>` for [`DynMlp`] (feature `alloc`).
pub trait Sample: AsRef<[f32]> + Clone + core::fmt::Debug {}

impl<T: AsRef<[f32]> + Clone + core::fmt::Debug> Sample for T {}

/// A fixed-length vector of `f32`, `[f32; N]`.
pub trait Vector: Sample + Copy + AsMut<[f32]> + 'static {
    /// Its length.
    const LEN: usize;
    /// The all-zero vector.
    const ZERO: Self;
}

impl<const N: usize> Vector for [f32; N] {
    const LEN: usize = N;
    const ZERO: Self = [0.0; N];
}

/// A mutable view of one layer's parameters, sizes erased.
pub struct LayerMut<'a> {
    /// Row-major weights, `outputs × inputs`.
    pub weights: &'a mut [f32],
    /// One bias per output.
    pub biases: &'a mut [f32],
}

mod sealed {
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// What every network type of this crate provides to the trainer and the metrics.
///
/// The trait is sealed: it is implemented by [`Mlp1`] … [`Mlp5`], whose types guarantee the
/// invariants the slice kernels rely on (matching lengths everywhere), and by the
/// run-time-shaped `DynMlp` (feature `alloc`), which checks them instead.
///
/// # Examples
///
/// ```
/// use tinymlp::{Activation::*, Mlp2, Network, Rng};
///
/// let net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(1));
/// assert_eq!(Mlp2::<2, 2, 1>::PARAMETERS, 9);
/// assert_eq!(net.layers().count(), 2);
/// ```
pub trait Network: Clone + Sealed {
    /// One input sample, `[f32; I]`.
    type Input: Sample;
    /// One output (or target), `[f32; O]`.
    type Output: Sample;
    /// Training's working memory for this network (see [`LayerScratch`]).
    type Scratch;

    /// A network of this type with all parameters zero and identity activations: the
    /// storage the trainer uses for gradients and optimizer moments. (A run-time-shaped
    /// network returns an empty network, shaped later by [`conform`](Self::conform).)
    fn zeroed() -> Self;

    /// Gives `self` the shape of `like` (zeroing it) if its shape differs. A no-op for the
    /// const-generic networks, whose shape is their type.
    #[doc(hidden)]
    fn conform(&mut self, like: &Self) {
        let _ = like;
    }

    /// Zeroed working memory for training.
    fn new_scratch() -> Self::Scratch;

    /// Sizes `scratch` for `self` (a no-op for the const-generic networks).
    #[doc(hidden)]
    fn conform_scratch(&self, scratch: &mut Self::Scratch) {
        let _ = scratch;
    }

    /// Whether `x` and `y` have this network's input and output lengths (always true for the
    /// const-generic networks: the lengths are in the types).
    fn fits(&self, x: &Self::Input, y: &Self::Output) -> bool {
        let _ = (x, y);
        true
    }

    /// The layers, input side first.
    fn layers(&self) -> impl DoubleEndedIterator<Item = LayerRef<'_>> + ExactSizeIterator;

    /// The layers' parameters, mutably, input side first.
    fn layers_mut(&mut self) -> impl DoubleEndedIterator<Item = LayerMut<'_>> + ExactSizeIterator;

    /// The input standardization `(mean, scale)` applied before the first layer, if any.
    fn standardization(&self) -> Option<(&[f32], &[f32])>;

    /// Output of the network for one raw (not yet standardized) input.
    fn predict(&self, x: &Self::Input) -> Self::Output;

    /// Output of the network and the output layer's pre-activations (logits).
    fn predict_with_logits(&self, x: &Self::Input) -> (Self::Output, Self::Output);

    /// Splits the working memory into its parts, layers input side first.
    #[doc(hidden)]
    fn split_scratch(
        scratch: &mut Self::Scratch,
    ) -> (
        IoBufs<'_>,
        impl DoubleEndedIterator<Item = LayerBufs<'_>> + ExactSizeIterator,
    );

    /// Forward and backward pass of one sample (raw input `x`, target `y`): the parameter
    /// gradients are written to `grads`; returns the sample's loss. The const-generic networks
    /// run it on a few values on the stack, not in `scratch`, which lets the compiler keep a
    /// small network's whole pass in registers; `DynMlp` runs it in `scratch`. The numbers
    /// are the same.
    #[doc(hidden)]
    fn backprop_one(
        &self,
        loss: Loss,
        x: &Self::Input,
        y: &Self::Output,
        scratch: &mut Self::Scratch,
        grads: &mut Self,
    ) -> f32;

    /// Loads up to `LANES` raw inputs into a lane block, `blk[i][lane] = xs[lane][i]`
    /// (lanes beyond `xs` untouched). The const-generic networks do it with constant trip
    /// counts, which the compiler turns into vector shuffles.
    #[doc(hidden)]
    #[inline]
    fn inputs_to_lanes(xs: &[Self::Input], blk: &mut [Lanes]) {
        slices_to_lanes(xs, blk);
    }

    /// [`inputs_to_lanes`](Self::inputs_to_lanes) for targets.
    #[doc(hidden)]
    #[inline]
    fn targets_to_lanes(ys: &[Self::Output], blk: &mut [Lanes]) {
        slices_to_lanes(ys, blk);
    }

    /// Number of inputs.
    fn inputs(&self) -> usize {
        self.layers().next().map_or(0, |l| l.inputs())
    }

    /// Number of outputs.
    fn outputs(&self) -> usize {
        self.layers().last().map_or(0, |l| l.outputs())
    }

    /// Number of trainable values (weights and biases).
    fn parameters(&self) -> usize {
        self.layers()
            .map(|l| l.weights.len() + l.biases.len())
            .sum()
    }

    /// The activation of the output layer.
    fn output_activation(&self) -> Activation {
        self.layers()
            .last()
            .map_or(Activation::Identity, |l| l.activation)
    }

    /// Every parameter tensor (each layer's weights, then its biases), input side first.
    fn tensors(&self) -> impl Iterator<Item = &[f32]> {
        self.layers().flat_map(|l| [l.weights, l.biases])
    }

    /// Every parameter tensor, mutably, in the order of [`tensors`](Self::tensors).
    fn tensors_mut(&mut self) -> impl Iterator<Item = &mut [f32]> {
        self.layers_mut().flat_map(|l| [l.weights, l.biases])
    }

    /// Whether every parameter is finite.
    fn is_finite(&self) -> bool {
        // No early exit inside a tensor: the scan is vectorized.
        self.tensors()
            .all(|t| t.iter().fold(true, |ok, v| ok & v.is_finite()))
    }

    /// A 64-bit fingerprint of every parameter's bits (FNV-1a over the little-endian bytes of
    /// each tensor, in the order of [`tensors`](Self::tensors)). Two networks with the same
    /// digest have, with overwhelming probability, bit-identical parameters: it is how
    /// training runs on different targets are compared.
    fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for v in self.tensors().flatten() {
            for b in v.to_bits().to_le_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        h
    }

    /// The class this output stands for: with one output, 1 if it is ≥ 0.5 (a sigmoid's
    /// probability), else 0; with several, the index of the largest (the first on ties).
    fn class_of(output: &Self::Output) -> usize {
        class_of(output.as_ref())
    }
}

/// See [`Network::class_of`].
pub(crate) fn class_of(v: &[f32]) -> usize {
    match v {
        [p] => usize::from(*p >= 0.5),
        _ => {
            let (mut best, mut top) = (0, f32::NEG_INFINITY);
            for (k, &x) in v.iter().enumerate() {
                if x > top {
                    (best, top) = (k, x);
                }
            }
            best
        }
    }
}
