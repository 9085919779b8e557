//! Forward and backward passes over a whole network of lane blocks, written once over
//! size-erased layer views.
//!
//! Every network type feeds its layers and working memory through these functions; the
//! arithmetic itself lives in the [kernels](crate::kernel). The passes are iterator-driven
//! (no indexing), so they contain no bounds checks and no panic paths.

use super::{IoBufs, LayerBufs};
use crate::activation::Activation;
use crate::data::standardized;
use crate::kernel::group::{self, Partials};
use crate::kernel::lanes::{LANES, Lanes};
use crate::kernel::rows::RowsExt;
use crate::layer::{LayerMut, LayerRef};
use crate::loss::{self, Loss};

/// `out[·][lane] = (x − mean)·scale` element-wise, or a copy of `x` without standardization.
#[inline]
pub(crate) fn standardize_lane(
    std: Option<(&[f32], &[f32])>,
    x: &[f32],
    out: &mut [Lanes],
    lane: usize,
) {
    let lanes = out.iter_mut().filter_map(|o| o.get_mut(lane));
    match std {
        Some((mean, scale)) => lanes
            .zip(standardized(mean, scale, x))
            .for_each(|(o, v)| *o = v),
        None => lanes.zip(x).for_each(|(o, x)| *o = *x),
    }
}

/// Whether training fuses the output layer's activation into the loss stage (see
/// [`output_delta_group`]): binary cross-entropy on a `FastSigmoid` output, which
/// shares `e^−|z|` between the activation and the loss.
pub(crate) fn fuses_output(loss: Loss, output: Activation) -> bool {
    loss == Loss::BinaryCrossEntropy && output == Activation::FastSigmoid
}

/// Forward pass of the first `blocks` lane blocks of a group (inputs already standardized in
/// `io.x_blk`). With `fused` the output layer's activation is left to
/// [`output_delta_group`].
pub(crate) fn forward_group<'n, 'b>(
    layers: impl ExactSizeIterator<Item = LayerRef<'n>>,
    io: IoBufs<'b>,
    bufs: impl Iterator<Item = LayerBufs<'b>>,
    blocks: usize,
    fused: bool,
) {
    let depth = layers.len();
    let mut input: &[Lanes] = io.x_blk;
    for (k, (layer, buf)) in layers.zip(bufs).enumerate() {
        let n_out = layer.outputs();
        let out = prefix_mut(buf.out_blk, blocks * n_out);
        let x = prefix(input, blocks * layer.inputs());
        group::forward(layer.weights, layer.biases, x, out);
        if k + 1 == depth {
            io.z_blk
                .iter_mut()
                .zip(out.iter())
                .for_each(|(z, o)| *z = *o);
            if fused {
                return;
            }
        }
        layer.activation.apply_group(out, n_out);
        input = out;
    }
}

/// The loss's gradient for the first `blocks` lane blocks of a group, into the output layer's
/// block deltas; in the last block, lanes at and beyond `valid` are padding and get a zero
/// delta and a zero loss. The per-lane losses go to `io.loss_blk`, one block each.
pub(crate) fn output_delta_group(
    loss: Loss,
    output: LayerRef<'_>,
    io: IoBufs<'_>,
    last: LayerBufs<'_>,
    blocks: usize,
    valid: usize,
) {
    let n = output.outputs();
    if n == 0 {
        return;
    }
    if fuses_output(loss, output.activation) {
        let len = blocks * n;
        loss::bce_fast_sigmoid_group(
            prefix(io.z_blk, len),
            prefix_mut(last.out_blk, len),
            prefix(io.y_blk, len),
            prefix_mut(last.delta_blk, len),
            prefix_mut(io.loss_blk, blocks),
            n,
        );
        if let Some(dz) = last.delta_blk.rows_mut(n).nth(blocks.wrapping_sub(1)) {
            for d in dz.iter_mut() {
                d.iter_mut().skip(valid).for_each(|v| *v = 0.0);
            }
        }
        if let Some(lb) = io.loss_blk.get_mut(blocks.wrapping_sub(1)) {
            lb.iter_mut().skip(valid).for_each(|v| *v = 0.0);
        }
        return;
    }
    let per_block = io
        .z_blk
        .rows(n)
        .zip(last.out_blk.rows(n))
        .zip(io.y_blk.rows(n))
        .zip(last.delta_blk.rows_mut(n))
        .zip(io.loss_blk.iter_mut())
        .take(blocks)
        .enumerate();
    for (b, ((((z, a), y), dz), lb)) in per_block {
        loss.output_delta_block(output.activation, z, a, y, dz, lb);
        if b + 1 == blocks && valid < LANES {
            for d in dz.iter_mut() {
                d.iter_mut().skip(valid).for_each(|v| *v = 0.0);
            }
            lb.iter_mut().skip(valid).for_each(|v| *v = 0.0);
        }
    }
}

/// Backward pass of the first `blocks` lane blocks of a group: adds their parameter gradients
/// to the per-lane partial sums, which `mode` says where to start and where to leave (in the
/// layers' buffers, or reduced into `grads`, not yet divided by the batch size).
pub(crate) fn backward_group<'n, 'b, 'g>(
    layers: impl DoubleEndedIterator<Item = LayerRef<'n>>,
    x: &[Lanes],
    bufs: impl DoubleEndedIterator<Item = LayerBufs<'b>>,
    grads: impl DoubleEndedIterator<Item = LayerMut<'g>>,
    blocks: usize,
    mode: Partials,
) {
    let mut layers = layers.rev();
    let mut bufs = bufs.rev();
    let grads = grads.rev();
    let (Some(mut layer), Some(mut cur)) = (layers.next(), bufs.next()) else {
        return;
    };
    for g in grads {
        let n_in = layer.inputs();
        let dz = prefix(cur.delta_blk, blocks * layer.outputs());
        let Some(prev) = bufs.next() else {
            let x = prefix(x, blocks * n_in);
            group::accumulate(dz, x, blocks, mode, cur.gw, cur.gb, g.weights, g.biases);
            return;
        };
        let prev_out = prefix(prev.out_blk, blocks * n_in);
        group::accumulate(
            dz, prev_out, blocks, mode, cur.gw, cur.gb, g.weights, g.biases,
        );
        let prev_delta = prefix_mut(prev.delta_blk, blocks * n_in);
        group::backward_input(layer.weights, n_in, dz, prev_delta);
        let Some(prev_layer) = layers.next() else {
            return;
        };
        prev_layer
            .activation
            .backward_group(prev_out, prev_delta, n_in);
        (layer, cur) = (prev_layer, prev);
    }
}

/// Divides every gradient by the batch size `n` (see [`group::divide`]).
pub(crate) fn divide_gradients<'g>(grads: impl Iterator<Item = LayerMut<'g>>, n: f32) {
    for g in grads {
        group::divide(g.weights, n);
        group::divide(g.biases, n);
    }
}

/// The first `len` entries of `v` (all of it if shorter).
#[inline]
fn prefix(v: &[Lanes], len: usize) -> &[Lanes] {
    v.get(..len).unwrap_or(v)
}

/// The first `len` entries of `v` (all of it if shorter), mutably.
#[inline]
fn prefix_mut(v: &mut [Lanes], len: usize) -> &mut [Lanes] {
    let n = len.min(v.len());
    v.split_at_mut(n).0
}
