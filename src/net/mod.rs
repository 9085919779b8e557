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
#[cfg(feature = "alloc")]
mod one;
mod scratch;
mod trainable;
mod type_name;

#[cfg(feature = "alloc")]
pub use dynamic::{DynMlp, DynScratch};
pub(crate) use engine::*;
pub use mlp::{Mlp1, Mlp2, Mlp3, Mlp4, Mlp5};
#[cfg(feature = "alloc")]
pub(crate) use one::*;
pub(crate) use scratch::{IoBufs, LayerBufs};
pub use scratch::{IoScratch, LayerScratch};
pub(crate) use trainable::Trainable;
pub(crate) use type_name::TypeName;
#[cfg(feature = "alloc")]
pub(crate) use type_name::{sizes, type_name};

use crate::activation::Activation;
use crate::data::{Owned, Sample};
use crate::error::Result;
use crate::layer::Parameters;

/// Lane blocks that `predict_batch` computes at once: four on hosts (independent vectors in
/// flight; more gains nothing measurable and takes more stack), one on bare-metal targets.
#[cfg(not(target_os = "none"))]
const PREDICT_BLOCKS: usize = 4;
#[cfg(target_os = "none")]
const PREDICT_BLOCKS: usize = 1;

/// An output of sample type `S` and the output layer's pre-activations (logits) it came from.
pub type WithLogits<S> = (Owned<S>, Owned<S>);

/// What every network type of this crate provides to the trainer and the metrics.
///
/// The trait is sealed: it is implemented by [`Mlp1`] … [`Mlp5`], whose types guarantee the
/// invariants the slice kernels rely on (matching lengths everywhere), and by the
/// run-time-shaped `DynMlp` (feature `alloc`), which checks them instead. Its parameters are
/// seen through [`Parameters`].
///
/// # Examples
///
/// ```
/// use tinymlp::{Activation::*, Mlp2, Network, Parameters, Rng};
///
/// let net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(1));
/// assert_eq!(Mlp2::<2, 2, 1>::PARAMETERS, 9);
/// assert_eq!(net.layers().count(), 2);
/// // Generic code gets a `Result`: a run-time-shaped network checks the input's length.
/// assert_eq!(Network::predict(&net, &[0.5, 0.5])?, net.predict(&[0.5, 0.5]));
/// # Ok::<(), tinymlp::Error>(())
/// ```
pub trait Network: Parameters + Trainable {
    /// One input sample, `[f32; I]` (`[f32]` for a run-time-shaped network).
    type Input: Sample + ?Sized;
    /// One output (or target), `[f32; O]` (`[f32]` for a run-time-shaped network).
    type Output: Sample + ?Sized;

    /// The input standardization `(mean, scale)` applied before the first layer, if any.
    fn standardization(&self) -> Option<(&[f32], &[f32])>;

    /// Output of the network for one raw (not yet standardized) input.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`](crate::Error::SampleLength) if `x` does not have
    /// [`inputs`](Self::inputs) values (only possible with a run-time-shaped network).
    fn predict(&self, x: &Self::Input) -> Result<Owned<Self::Output>>;

    /// Output of the network and the output layer's pre-activations (logits).
    ///
    /// # Errors
    ///
    /// As [`predict`](Self::predict).
    fn predict_with_logits(&self, x: &Self::Input) -> Result<WithLogits<Self::Output>>;

    /// Number of inputs.
    fn inputs(&self) -> usize {
        self.layers().next().map_or(0, |l| l.inputs())
    }

    /// Number of outputs.
    fn outputs(&self) -> usize {
        self.layers().last().map_or(0, |l| l.outputs())
    }

    /// The activation of the output layer.
    fn output_activation(&self) -> Activation {
        self.layers()
            .last()
            .map_or(Activation::Identity, |l| l.activation)
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
