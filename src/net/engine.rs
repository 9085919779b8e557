//! Forward and backward passes over a whole network, written once over size-erased layer
//! views, for one sample and for a lane block.
//!
//! Every network type feeds its layers and working memory through these functions; the
//! arithmetic itself lives in the [kernels](crate::kernel). The passes are iterator-driven
//! (no indexing), so they contain no bounds checks and no panic paths.

use super::{IoBufs, LayerBufs, LayerMut};
use crate::kernel::dense;
use crate::kernel::lanes::{LANES, Lanes, reduce};
use crate::layer::LayerRef;
use crate::loss::Loss;

/// `out = (x − mean)·scale` element-wise, or a copy of `x` without standardization.
#[inline]
pub(crate) fn standardize(std: Option<(&[f32], &[f32])>, x: &[f32], out: &mut [f32]) {
    match std {
        Some((mean, scale)) => {
            for (((o, x), m), s) in out.iter_mut().zip(x).zip(mean).zip(scale) {
                *o = (x - m) * s;
            }
        }
        None => out.iter_mut().zip(x).for_each(|(o, x)| *o = *x),
    }
}

/// [`standardize`] into lane `lane` of a block.
#[inline]
pub(crate) fn standardize_lane(
    std: Option<(&[f32], &[f32])>,
    x: &[f32],
    out: &mut [Lanes],
    lane: usize,
) {
    let lanes = out.iter_mut().filter_map(|o| o.get_mut(lane));
    match std {
        Some((mean, scale)) => {
            for (((o, x), m), s) in lanes.zip(x).zip(mean).zip(scale) {
                *o = (x - m) * s;
            }
        }
        None => lanes.zip(x).for_each(|(o, x)| *o = *x),
    }
}

/// Forward pass of one sample (already standardized in `io.x`): every layer's output stays
/// in its buffer, the output layer's pre-activations go to `io.z`.
pub(crate) fn forward_one<'n, 'b>(
    layers: impl ExactSizeIterator<Item = LayerRef<'n>>,
    io: IoBufs<'b>,
    bufs: impl Iterator<Item = LayerBufs<'b>>,
) {
    let depth = layers.len();
    let mut input: &[f32] = io.x;
    for (k, (layer, buf)) in layers.zip(bufs).enumerate() {
        let out = buf.out;
        dense::forward(layer.weights, layer.biases, input, out);
        if k + 1 == depth {
            io.z.iter_mut().zip(out.iter()).for_each(|(z, o)| *z = *o);
        }
        layer.activation.apply(out);
        input = out;
    }
}

/// Writes the loss's gradient for one sample into the output layer's delta buffer and
/// returns the sample's loss. `y` is the target.
pub(crate) fn output_delta_one<'b>(
    loss: Loss,
    output: LayerRef<'_>,
    z: &[f32],
    last: LayerBufs<'b>,
    y: &[f32],
) -> f32 {
    loss.output_delta(output.activation, z, last.out, y, last.delta)
}

/// Backward pass of one sample. The output layer's delta buffer holds `∂L/∂z` of the output
/// layer; the parameter gradients are *written* (not added) to `grads`.
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

/// Forward pass of a lane block (inputs already standardized in `io.x_blk`).
pub(crate) fn forward_block<'n, 'b>(
    layers: impl ExactSizeIterator<Item = LayerRef<'n>>,
    io: IoBufs<'b>,
    bufs: impl Iterator<Item = LayerBufs<'b>>,
) {
    let depth = layers.len();
    let mut input: &[Lanes] = io.x_blk;
    for (k, (layer, buf)) in layers.zip(bufs).enumerate() {
        let out = buf.out_blk;
        dense::forward_block(layer.weights, layer.biases, input, out);
        if k + 1 == depth {
            io.z_blk
                .iter_mut()
                .zip(out.iter())
                .for_each(|(z, o)| *z = *o);
        }
        layer.activation.apply_block(out);
        input = out;
    }
}

/// The loss's gradient for a lane block, into the output layer's block delta; lanes at and
/// beyond `valid` are padding and get a zero delta and a zero loss. The per-lane losses go to
/// `io.loss_blk`.
pub(crate) fn output_delta_block(
    loss: Loss,
    output: LayerRef<'_>,
    io: IoBufs<'_>,
    last: LayerBufs<'_>,
    valid: usize,
) {
    loss.output_delta_block(
        output.activation,
        io.z_blk,
        last.out_blk,
        io.y_blk,
        last.delta_blk,
        io.loss_blk,
    );
    if valid < LANES {
        for d in last.delta_blk.iter_mut() {
            d.iter_mut().skip(valid).for_each(|v| *v = 0.0);
        }
        io.loss_blk.iter_mut().skip(valid).for_each(|v| *v = 0.0);
    }
}

/// Backward pass of a lane block: adds the block's parameter gradients to the per-lane
/// partial sums in each layer's buffers.
pub(crate) fn backward_block<'n, 'b>(
    layers: impl DoubleEndedIterator<Item = LayerRef<'n>>,
    x: &[Lanes],
    bufs: impl DoubleEndedIterator<Item = LayerBufs<'b>>,
) {
    let mut layers = layers.rev();
    let mut bufs = bufs.rev();
    let (Some(mut layer), Some(mut cur)) = (layers.next(), bufs.next()) else {
        return;
    };
    loop {
        let Some(prev) = bufs.next() else {
            dense::accumulate_param_grads_block(cur.delta_blk, x, cur.gw, cur.gb);
            return;
        };
        dense::accumulate_param_grads_block(cur.delta_blk, prev.out_blk, cur.gw, cur.gb);
        dense::backward_input_block(layer.weights, cur.delta_blk, prev.delta_blk);
        let Some(prev_layer) = layers.next() else {
            return;
        };
        prev_layer
            .activation
            .backward_block(prev.out_blk, prev.delta_blk);
        (layer, cur) = (prev_layer, prev);
    }
}

/// Zeroes the per-lane gradient partial sums.
pub(crate) fn clear_partials<'b>(bufs: impl Iterator<Item = LayerBufs<'b>>) {
    for b in bufs {
        b.gw.fill([0.0; LANES]);
        b.gb.fill([0.0; LANES]);
    }
}

/// Turns the per-lane partial sums into mean gradients: `g = reduce(partial) / n`.
pub(crate) fn reduce_partials<'b, 'g>(
    bufs: impl Iterator<Item = LayerBufs<'b>>,
    grads: impl Iterator<Item = LayerMut<'g>>,
    n: f32,
) {
    for (b, g) in bufs.zip(grads) {
        for (g, p) in g.weights.iter_mut().zip(b.gw.iter()) {
            *g = reduce(p) / n;
        }
        for (g, p) in g.biases.iter_mut().zip(b.gb.iter()) {
            *g = reduce(p) / n;
        }
    }
}
