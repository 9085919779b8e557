//! Working memory of training: activations, deltas and gradient partial sums.
//!
//! Everything training needs besides the network, its gradients and the optimizer's state
//! lives here, in arrays whose sizes come from the network's type, except the one-sample pass
//! of online training of the const-generic networks, whose few values live on the stack
//! (see `Trainable::backprop_one`). Nothing is allocated.

use crate::kernel::group::GROUP;
use crate::kernel::lanes::{Lanes, ZERO};

/// Per-layer working memory of a layer with `I` inputs and `O` outputs for full-batch and
/// mini-batch training.
///
/// Lane-block buffers (a group of `GROUP` lane blocks: 8 on hosts, 1 on
/// bare-metal targets) and the per-lane gradient partial sums. The partial sums take
/// `LANES · 4` = 64 bytes per parameter, the block buffers `GROUP · LANES · 4 · 2` bytes per
/// output (128 on bare metal, 1024 on hosts). Online training needs none of it: its
/// one-sample pass runs on a few values on the stack.
#[derive(Clone, Debug)]
pub struct LayerScratch<const I: usize, const O: usize> {
    out_blk: [[Lanes; O]; GROUP],
    delta_blk: [[Lanes; O]; GROUP],
    gw: [[Lanes; I]; O],
    gb: [Lanes; O],
}

impl<const I: usize, const O: usize> LayerScratch<I, O> {
    /// Zeroed buffers.
    pub const fn new() -> Self {
        LayerScratch {
            out_blk: [[ZERO; O]; GROUP],
            delta_blk: [[ZERO; O]; GROUP],
            gw: [[ZERO; I]; O],
            gb: [ZERO; O],
        }
    }

    /// The lane-block buffers (no one-sample buffers).
    pub(crate) fn bufs(&mut self) -> LayerBufs<'_> {
        LayerBufs {
            #[cfg(feature = "alloc")]
            out: &mut [],
            #[cfg(feature = "alloc")]
            delta: &mut [],
            out_blk: self.out_blk.as_flattened_mut(),
            delta_blk: self.delta_blk.as_flattened_mut(),
            gw: self.gw.as_flattened_mut(),
            gb: &mut self.gb,
        }
    }
}

impl<const I: usize, const O: usize> Default for LayerScratch<I, O> {
    fn default() -> Self {
        Self::new()
    }
}

/// Working memory at the network's two ends for full-batch and mini-batch training: lane
/// blocks of (standardized) inputs and targets, of the output layer's pre-activations, which
/// the cross-entropy losses need, and of the samples' losses.
#[derive(Clone, Debug)]
pub struct IoScratch<const I: usize, const O: usize> {
    x_blk: [[Lanes; I]; GROUP],
    y_blk: [[Lanes; O]; GROUP],
    z_blk: [[Lanes; O]; GROUP],
    loss_blk: [Lanes; GROUP],
}

impl<const I: usize, const O: usize> IoScratch<I, O> {
    /// Zeroed buffers.
    pub const fn new() -> Self {
        IoScratch {
            x_blk: [[ZERO; I]; GROUP],
            y_blk: [[ZERO; O]; GROUP],
            z_blk: [[ZERO; O]; GROUP],
            loss_blk: [ZERO; GROUP],
        }
    }

    /// The lane-block buffers (no one-sample buffers).
    pub(crate) fn bufs(&mut self) -> IoBufs<'_> {
        IoBufs {
            #[cfg(feature = "alloc")]
            x: &mut [],
            x_blk: self.x_blk.as_flattened_mut(),
            y_blk: self.y_blk.as_flattened_mut(),
            #[cfg(feature = "alloc")]
            z: &mut [],
            z_blk: self.z_blk.as_flattened_mut(),
            loss_blk: &mut self.loss_blk,
        }
    }
}

impl<const I: usize, const O: usize> Default for IoScratch<I, O> {
    fn default() -> Self {
        Self::new()
    }
}

/// Borrowed [`LayerScratch`] with sizes erased; the block buffers hold [`GROUP`] blocks, one
/// after the other.
pub struct LayerBufs<'a> {
    #[cfg(feature = "alloc")]
    pub(crate) out: &'a mut [f32],
    #[cfg(feature = "alloc")]
    pub(crate) delta: &'a mut [f32],
    pub(crate) out_blk: &'a mut [Lanes],
    pub(crate) delta_blk: &'a mut [Lanes],
    pub(crate) gw: &'a mut [Lanes],
    pub(crate) gb: &'a mut [Lanes],
}

/// Borrowed [`IoScratch`] with sizes erased; the block buffers hold [`GROUP`] blocks, one
/// after the other.
pub struct IoBufs<'a> {
    #[cfg(feature = "alloc")]
    pub(crate) x: &'a mut [f32],
    pub(crate) x_blk: &'a mut [Lanes],
    pub(crate) y_blk: &'a mut [Lanes],
    #[cfg(feature = "alloc")]
    pub(crate) z: &'a mut [f32],
    pub(crate) z_blk: &'a mut [Lanes],
    pub(crate) loss_blk: &'a mut [Lanes],
}
