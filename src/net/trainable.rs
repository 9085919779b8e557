//! What a network type lends to training: its working memory and its one-sample pass.
//!
//! This trait is sealed inside [`Network`](super::Network): public so that it can be its
//! supertrait, in a private module so that nothing outside the crate can name, call or
//! implement it. The trainer is its only user.

use super::{IoBufs, LayerBufs};
use crate::layer::Parameters;
use crate::loss::Loss;

/// Training's hooks into a network type (see the [module docs](self)).
pub trait Trainable: Parameters {
    /// Training's working memory for this network (see
    /// [`LayerScratch`](super::LayerScratch)).
    type Scratch;

    /// Zeroed working memory for training.
    fn new_scratch() -> Self::Scratch;

    /// Sizes `scratch` for `self` (a no-op for the const-generic networks).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfMemory`](crate::Error::OutOfMemory) if it cannot be allocated.
    fn conform_scratch(&self, scratch: &mut Self::Scratch) -> crate::Result<()> {
        let _ = scratch;
        Ok(())
    }

    /// The working memory of the one-sample pass alone: nothing (`[f32; 0]`) for the
    /// const-generic networks, whose pass runs on the stack.
    type OneScratch;

    /// Zeroed working memory for the one-sample pass.
    fn new_one_scratch() -> Self::OneScratch;

    /// Sizes `scratch` for `self` (a no-op for the const-generic networks).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfMemory`](crate::Error::OutOfMemory) if it cannot be allocated.
    fn conform_one_scratch(&self, scratch: &mut Self::OneScratch) -> crate::Result<()> {
        let _ = scratch;
        Ok(())
    }

    /// The one-sample pass's part of the whole working memory.
    fn one_scratch(scratch: &mut Self::Scratch) -> &mut Self::OneScratch;

    /// Splits the working memory into its parts, layers input side first.
    fn split_scratch(
        scratch: &mut Self::Scratch,
    ) -> (
        IoBufs<'_>,
        impl DoubleEndedIterator<Item = LayerBufs<'_>> + ExactSizeIterator,
    );

    /// Whether an input `x` and a target `y` have this network's lengths (always true for the
    /// const-generic networks: the lengths are in the types).
    fn fits(&self, x: &[f32], y: &[f32]) -> bool {
        let _ = (x, y);
        true
    }

    /// Forward and backward pass of one sample (raw input `x`, target `y`, both of the
    /// network's lengths): the parameter gradients are written to `grads`; returns the
    /// sample's loss if `measure`, else 0. The const-generic networks run it on a few values on the stack, not in
    /// `scratch`, which lets the compiler keep a small network's whole pass in registers;
    /// `DynMlp` runs it in `scratch`. The numbers are the same.
    fn backprop_one(
        &self,
        loss: Loss,
        x: &[f32],
        y: &[f32],
        scratch: &mut Self::OneScratch,
        grads: &mut Self,
        measure: bool,
    ) -> f32;

    /// One plain gradient-descent step from one sample with learning rate `learning_rate`:
    /// the numbers of [`backprop_one`](Self::backprop_one) followed by
    /// [`Sgd::update`](crate::Sgd), with `backup` as the gradients' storage. Returns the
    /// sample's loss (as `backprop_one`) and whether the step was taken; it is not if the loss
    /// or a new parameter is not finite, and `self` is then unchanged.
    ///
    /// The const-generic networks update each layer in the backward pass, without storing
    /// its gradients.
    #[allow(clippy::too_many_arguments)]
    fn sgd_one(
        &mut self,
        loss: Loss,
        x: &[f32],
        y: &[f32],
        learning_rate: f32,
        scratch: &mut Self::OneScratch,
        backup: &mut Self,
        measure: bool,
    ) -> (f32, bool) {
        let value = self.backprop_one(loss, x, y, scratch, backup, measure);
        if !value.is_finite() {
            return (value, false);
        }
        (
            value,
            crate::optim::sgd_step_in_place(self, backup, learning_rate),
        )
    }
}
