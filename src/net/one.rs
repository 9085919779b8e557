//! The one-sample forward and backward passes over size-erased layer views, for the
//! run-time-shaped networks and the quantizer's calibration. (The const-generic networks write
//! their one-sample pass out over typed arrays: see `Trainable::backprop_one`.)
//!
//! The passes are iterator-driven (no indexing), so they contain no bounds checks and no
//! panic paths.

use super::{IoBufs, LayerBufs, Network};
use crate::data::standardized;
use crate::kernel::dense;
use crate::layer::{LayerMut, LayerRef};
use crate::loss::Loss;

/// Lends the buffers of a one-sample pass, as many times as the pass splits them.
pub(crate) trait Buffers {
    /// The input/output buffers and the layers' buffers, input side first.
    fn split(
        &mut self,
    ) -> (
        IoBufs<'_>,
        impl DoubleEndedIterator<Item = LayerBufs<'_>> + ExactSizeIterator,
    );
}

/// `out = (x − mean)·scale` element-wise, or a copy of `x` without standardization.
#[inline]
pub(crate) fn standardize(std: Option<(&[f32], &[f32])>, x: &[f32], out: &mut [f32]) {
    match std {
        Some((mean, scale)) => out
            .iter_mut()
            .zip(standardized(mean, scale, x))
            .for_each(|(o, v)| *o = v),
        None => out.iter_mut().zip(x).for_each(|(o, x)| *o = *x),
    }
}

/// Forward and backward pass of one raw sample on the buffers of `bufs`: gradients into
/// `grads`, returns the sample's loss (see [`Trainable::backprop_one`](super::Trainable)).
#[inline]
pub(crate) fn backprop_one<N: Network>(
    net: &N,
    loss: Loss,
    x: &[f32],
    y: &[f32],
    bufs: &mut impl Buffers,
    grads: &mut N,
    measure: bool,
) -> f32 {
    let (io, layer_bufs) = bufs.split();
    standardize(net.standardization(), x, io.x);
    let depth = net.layers().len();
    let outs = layer_bufs.map(|b| b.out);
    forward_one(net.layers(), io.x, outs, |k, z| {
        if k + 1 == depth {
            io.z.iter_mut().zip(z).for_each(|(d, z)| *d = *z);
        }
    });

    let (io, layer_bufs) = bufs.split();
    let (Some(output), Some(last)) = (net.layers().last(), layer_bufs.last()) else {
        return f32::NAN;
    };
    loss.delta(output.activation, last.out, y, last.delta);
    let value = if measure {
        loss.value(output.activation, io.z, last.out, y)
    } else {
        0.0
    };

    let (io, layer_bufs) = bufs.split();
    backward_one(net.layers(), io.x, layer_bufs, grads.layers_mut());
    value
}

/// The forward pass of one sample `x` (already standardized), written once for every
/// network: layer `k`'s output goes to the `k`-th buffer of `outs`, and `pre(k, z)` sees its
/// pre-activations `z` before the activation is applied in place.
#[inline]
pub(crate) fn forward_one<'n, 'b>(
    layers: impl Iterator<Item = LayerRef<'n>>,
    x: &'b [f32],
    outs: impl Iterator<Item = &'b mut [f32]>,
    mut pre: impl FnMut(usize, &[f32]),
) {
    let mut input: &[f32] = x;
    for (k, (layer, out)) in layers.zip(outs).enumerate() {
        dense::forward(layer.weights, layer.biases, input, out);
        pre(k, out);
        layer.activation.apply(out);
        input = out;
    }
}

/// Backward pass of one sample. The output layer's delta buffer holds `∂L/∂z` of the output
/// layer; the parameter gradients are *written* (not added) to `grads`.
#[inline]
pub(crate) fn backward_one<'n, 'b, 'g>(
    layers: impl DoubleEndedIterator<Item = LayerRef<'n>>,
    x: &[f32],
    bufs: impl DoubleEndedIterator<Item = LayerBufs<'b>>,
    grads: impl DoubleEndedIterator<Item = LayerMut<'g>>,
) {
    let mut layers = layers.rev();
    let mut bufs = bufs.rev();
    let grads = grads.rev();
    let (Some(mut layer), Some(mut cur)) = (layers.next(), bufs.next()) else {
        return;
    };
    for g in grads {
        let Some(prev) = bufs.next() else {
            dense::param_grads(cur.delta, x, g.weights, g.biases);
            return;
        };
        dense::param_grads(cur.delta, prev.out, g.weights, g.biases);
        dense::backward_input(layer.weights, cur.delta, prev.delta);
        let Some(prev_layer) = layers.next() else {
            return;
        };
        prev_layer.activation.backward(prev.out, prev.delta);
        (layer, cur) = (prev_layer, prev);
    }
}
