//! Working memory of training: activations, deltas and gradient partial sums.
//!
//! Everything training needs besides the network, its gradients and the optimizer's state
//! lives here, in arrays whose sizes come from the network's type. Nothing is allocated.

use crate::kernel::group::GROUP;
use crate::kernel::lanes::{Lanes, ZERO};

/// Per-layer working memory of a layer with `I` inputs and `O` outputs.
///
/// One-sample buffers serve online training; lane-block buffers (a
/// [group](crate::kernel::group) of [`GROUP`] blocks: 4 on hosts, 1 on bare-metal targets) and
/// the per-lane gradient partial sums serve full-batch and mini-batch training. The partial
/// sums take `LANES · 4` = 64 bytes per parameter, the block buffers `GROUP · LANES · 4 · 2`
/// bytes per output (128 on bare metal, 512 on hosts).
#[derive(Clone, Debug)]
pub struct LayerScratch<const I: usize, const O: usize> {
    out: [f32; O],
    delta: [f32; O],
    out_blk: [[Lanes; O]; GROUP],
    delta_blk: [[Lanes; O]; GROUP],
    gw: [[Lanes; I]; O],
    gb: [Lanes; O],
}

impl<const I: usize, const O: usize> LayerScratch<I, O> {
    /// Zeroed buffers.
    pub const fn new() -> Self {
        LayerScratch {
            out: [0.0; O],
            delta: [0.0; O],
            out_blk: [[ZERO; O]; GROUP],
            delta_blk: [[ZERO; O]; GROUP],
            gw: [[ZERO; I]; O],
            gb: [ZERO; O],
        }
    }

    pub(crate) fn bufs(&mut self) -> LayerBufs<'_> {
        LayerBufs {
            out: &mut self.out,
            delta: &mut self.delta,
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

/// Working memory at the network's two ends: the (standardized) input and the target, and
/// the output layer's pre-activations, which the cross-entropy losses need.
#[derive(Clone, Debug)]
pub struct IoScratch<const I: usize, const O: usize> {
    x: [f32; I],
    x_blk: [[Lanes; I]; GROUP],
    y_blk: [[Lanes; O]; GROUP],
    z: [f32; O],
    z_blk: [[Lanes; O]; GROUP],
    loss_blk: [Lanes; GROUP],
}

impl<const I: usize, const O: usize> IoScratch<I, O> {
    /// Zeroed buffers.
    pub const fn new() -> Self {
        IoScratch {
            x: [0.0; I],
            x_blk: [[ZERO; I]; GROUP],
            y_blk: [[ZERO; O]; GROUP],
            z: [0.0; O],
            z_blk: [[ZERO; O]; GROUP],
            loss_blk: [ZERO; GROUP],
        }
    }

    pub(crate) fn bufs(&mut self) -> IoBufs<'_> {
        IoBufs {
            x: &mut self.x,
            x_blk: self.x_blk.as_flattened_mut(),
            y_blk: self.y_blk.as_flattened_mut(),
            z: &mut self.z,
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
    pub(crate) out: &'a mut [f32],
    pub(crate) delta: &'a mut [f32],
    pub(crate) out_blk: &'a mut [Lanes],
    pub(crate) delta_blk: &'a mut [Lanes],
    pub(crate) gw: &'a mut [Lanes],
    pub(crate) gb: &'a mut [Lanes],
}

/// Borrowed [`IoScratch`] with sizes erased; the block buffers hold [`GROUP`] blocks, one
/// after the other.
pub struct IoBufs<'a> {
    pub(crate) x: &'a mut [f32],
    pub(crate) x_blk: &'a mut [Lanes],
    pub(crate) y_blk: &'a mut [Lanes],
    pub(crate) z: &'a mut [f32],
    pub(crate) z_blk: &'a mut [Lanes],
    pub(crate) loss_blk: &'a mut [Lanes],
}
