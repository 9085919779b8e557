//! Parameters with their sizes erased: one layer's views, and the trait of everything made of
//! dense layers (networks, their gradients, optimizer state).

use crate::activation::Activation;

/// A borrowed view of one dense layer with its sizes erased: what the slice kernels work on.
#[derive(Clone, Copy, Debug)]
pub struct LayerRef<'a> {
    /// Row-major weights, `outputs × inputs`.
    pub weights: &'a [f32],
    /// One bias per output.
    pub biases: &'a [f32],
    /// The layer's activation.
    pub activation: Activation,
}

impl LayerRef<'_> {
    /// Number of outputs.
    pub fn outputs(&self) -> usize {
        self.biases.len()
    }

    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.weights
            .len()
            .checked_div(self.biases.len())
            .unwrap_or(0)
    }
}

/// A mutable view of one layer's parameters, sizes erased.
pub struct LayerMut<'a> {
    /// Row-major weights, `outputs × inputs`.
    pub weights: &'a mut [f32],
    /// One bias per output.
    pub biases: &'a mut [f32],
}

/// A stack of dense layers' parameters, seen layer by layer: every network type, and so its
/// gradients and the optimizers' state, which are network-shaped values too.
///
/// Optimizers are written against this trait (see [`Optimizer`](crate::Optimizer)), so an
/// optimizer of your own works with every network type.
///
/// # Examples
///
/// ```
/// use tinymlp::{Activation::*, Mlp2, Parameters, Rng};
///
/// let net = Mlp2::<2, 2, 1>::new([Sigmoid, Sigmoid], &mut Rng::new(1));
/// assert_eq!(net.parameters(), 9);
/// assert_eq!(net.layers().count(), 2);
/// assert!(net.is_finite());
/// ```
pub trait Parameters: Clone {
    /// A value of this type with every parameter zero: the storage of gradients and
    /// optimizer moments. (A run-time-shaped network returns an empty one, shaped later by
    /// [`conform`](Self::conform).)
    fn zeroed() -> Self;

    /// Gives `self` the shape of `like` (zeroing it) if its shape differs. A no-op for the
    /// const-generic networks, whose shape is their type.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfMemory`](crate::Error::OutOfMemory) if a run-time-shaped value cannot
    /// be allocated (`self` is then left as it was).
    fn conform(&mut self, like: &Self) -> crate::Result<()> {
        let _ = like;
        Ok(())
    }

    /// The layers, input side first.
    fn layers(&self) -> impl DoubleEndedIterator<Item = LayerRef<'_>> + ExactSizeIterator;

    /// The layers' parameters, mutably, input side first.
    fn layers_mut(&mut self) -> impl DoubleEndedIterator<Item = LayerMut<'_>> + ExactSizeIterator;

    /// Number of trainable values (weights and biases).
    fn parameters(&self) -> usize {
        self.layers()
            .map(|l| l.weights.len() + l.biases.len())
            .sum()
    }

    /// Every parameter tensor (each layer's weights, then its biases), input side first.
    fn tensors(&self) -> impl Iterator<Item = &[f32]> {
        self.layers().flat_map(|l| [l.weights, l.biases])
    }

    /// Every parameter tensor, mutably, in the order of [`tensors`](Self::tensors).
    fn tensors_mut(&mut self) -> impl Iterator<Item = &mut [f32]> {
        self.layers_mut().flat_map(|l| [l.weights, l.biases])
    }

    /// Calls `f` on each tensor of `self` beside the same tensor of `other`, in the order of
    /// [`tensors`](Self::tensors), and returns whether every call returned `true`. Every
    /// call is made.
    ///
    /// The const-generic networks make the calls one after the other with each tensor's
    /// length a constant, so an optimizer's loop compiles to code for that shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{Activation::Identity, Mlp1, Parameters};
    ///
    /// let mut a = Mlp1::<2, 1>::zeroed([Identity]);
    /// let mut b = a.clone();
    /// b.layers.0.weights = [[1.0, 2.0]];
    /// let all_small = a.zip_tensors_mut(&mut b, |a, b| {
    ///     a.copy_from_slice(b);
    ///     b.iter().all(|v| v.abs() < 2.0)
    /// });
    /// assert!(!all_small);
    /// assert_eq!(a.layers.0.weights, [[1.0, 2.0]]);
    /// ```
    fn zip_tensors_mut(
        &mut self,
        other: &mut Self,
        mut f: impl FnMut(&mut [f32], &mut [f32]) -> bool,
    ) -> bool {
        let mut all = true;
        for (a, b) in self.layers_mut().zip(other.layers_mut()) {
            all &= f(a.weights, b.weights);
            all &= f(a.biases, b.biases);
        }
        all
    }

    /// Whether every parameter is finite.
    fn is_finite(&self) -> bool {
        // No early exit inside a tensor: the scan is vectorized.
        self.tensors()
            .all(|t| t.iter().fold(true, |ok, v| ok & v.is_finite()))
    }

    /// A 64-bit fingerprint of every parameter's bits (FNV-1a over the little-endian bytes of
    /// each tensor, in the order of [`tensors`](Self::tensors)). Two values with the same
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
}
