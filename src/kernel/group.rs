//! Dense-layer kernels over a *group* of lane blocks, tiled for registers.
//!
//! A group is up to [`GROUP`] consecutive lane blocks of one batch, stored block after block
//! (`x[b·n_in + i]` is feature `i` of block `b`). The kernels compute exactly the numbers of
//! the one-block kernels of [`dense`](super::dense), in the same order for every lane; only
//! the order in which *independent* values are computed differs:
//!
//! - [`forward`] and [`backward_input`] keep a tile of 8 outputs (8 inputs) of one block in
//!   registers while they walk the sum, instead of one, so the multiply and add units are
//!   busy with 8 independent chains;
//! - [`accumulate`] keeps a tile of 8 per-lane gradient partial sums in registers while it
//!   walks the blocks of the group *in order*, so a partial sum is loaded and stored once per
//!   group instead of once per block — and not at all when the whole batch fits in one group:
//!   then the sums start from zero in registers and go straight to [`reduce`].
//!
//! Every lane still adds its samples in batch order, and the lanes still meet only in
//! [`reduce`], so the results are bit-identical to the one-block kernels and to the
//! one-sample kernels, on every target.

use super::lanes::{LANES, Lanes, ZERO, reduce};
use super::rows::{Rows, RowsExt};

/// Lane blocks per group: the batch working memory holds this many blocks. On hosts 8
/// (128 samples: fewer, longer passes through the layers, and a mini-batch of up to 128
/// without any partial sums in memory; measured against 4: `seed/full_batch_epoch` 11 %
/// faster, `wide/train_epoch`, whose mini-batches fill 4 blocks, the same; 16 gains 3 % more
/// on the first for twice the memory); on bare-metal targets 1, so that batched training on a
/// microcontroller needs no more RAM than one block.
///
/// It is not part of the arithmetic: every lane adds its samples in batch order whatever the
/// group size, so results are the same bits with any value.
#[cfg(not(target_os = "none"))]
pub const GROUP: usize = 8;
/// Lane blocks per group (see the host definition).
#[cfg(target_os = "none")]
pub const GROUP: usize = 1;

/// Output rows (or input columns) per register tile.
const TILE: usize = 8;

/// `acc += w · x`, lane by lane.
#[inline(always)]
fn mac(acc: &mut Lanes, w: f32, x: &Lanes) {
    for (a, x) in acc.iter_mut().zip(x) {
        *a += w * x;
    }
}

/// `acc += d · x`, lane by lane (both per-lane values).
#[inline(always)]
fn mac_lanes(acc: &mut Lanes, d: &Lanes, x: &Lanes) {
    for ((a, d), x) in acc.iter_mut().zip(d).zip(x) {
        *a += d * x;
    }
}

/// `z = acc + b`, lane by lane.
#[inline(always)]
fn add_bias(z: &mut Lanes, acc: &Lanes, b: f32) {
    for (z, a) in z.iter_mut().zip(acc) {
        *z = a + b;
    }
}

/// Pre-activations of a group: `z[b][o] = (((0 + w[o][0]·x[b][0]) + w[o][1]·x[b][1]) + …) +
/// bias[o]`, the order of [`dense::forward`](super::dense::forward).
///
/// `w` is row-major `n_out × n_in` with `n_out = bias.len()`; `x` holds the blocks' inputs
/// (`n_in` entries per block), `z` their outputs (`n_out` per block). Lengths that do not
/// match shorten the loops; nothing panics.
#[inline]
pub fn forward(w: &[f32], bias: &[f32], x: &[Lanes], z: &mut [Lanes]) {
    let n_out = bias.len();
    let Some(n_in) = w.len().checked_div(n_out) else {
        return;
    };
    if n_in == 0 {
        for zb in z.rows_mut(n_out) {
            zb.iter_mut()
                .zip(bias)
                .for_each(|(z, b)| *z = [0.0 + b; LANES]);
        }
        return;
    }
    // The weights in tiles of TILE rows, then pairs of rows, then at most one last row. The
    // row counts divide by constants only (no run-time division, hence no panic path); the
    // iterators are cloned for each block.
    let tile_rows = n_out / TILE * TILE;
    let pair_rows = (n_out - tile_rows) / 2 * 2;
    let (tile_w, rest) = split(w, tile_rows * n_in);
    let (pair_w, last_w) = split(rest, pair_rows * n_in);
    let tiles = tile_w.rows(TILE * n_in);
    let pairs = pair_w.rows(2 * n_in);
    for (xb, zb) in x.rows(n_in).zip(z.rows_mut(n_out)) {
        forward_block(tiles.clone(), pairs.clone(), last_w, bias, n_in, xb, zb);
    }
}

/// The first `n` entries of `v` and the rest, without panicking.
#[inline(always)]
fn split(v: &[f32], n: usize) -> (&[f32], &[f32]) {
    v.split_at_checked(n).unwrap_or((v, &[]))
}

#[inline(always)]
fn forward_block(
    tiles: Rows<'_, f32>,
    pairs: Rows<'_, f32>,
    last_w: &[f32],
    bias: &[f32],
    n_in: usize,
    xb: &[Lanes],
    zb: &mut [Lanes],
) {
    let mut zt = zb.chunks_exact_mut(TILE);
    let mut bt = bias.chunks_exact(TILE);
    for ((tw, tz), tb) in tiles.zip(zt.by_ref()).zip(bt.by_ref()) {
        let (r0, rest) = split(tw, n_in);
        let (r1, rest) = split(rest, n_in);
        let (r2, rest) = split(rest, n_in);
        let (r3, rest) = split(rest, n_in);
        let (r4, rest) = split(rest, n_in);
        let (r5, rest) = split(rest, n_in);
        let (r6, r7) = split(rest, n_in);
        let (mut a0, mut a1, mut a2, mut a3) = (ZERO, ZERO, ZERO, ZERO);
        let (mut a4, mut a5, mut a6, mut a7) = (ZERO, ZERO, ZERO, ZERO);
        let cols = r0
            .iter()
            .zip(r1)
            .zip(r2.iter().zip(r3))
            .zip(r4.iter().zip(r5).zip(r6.iter().zip(r7)));
        for (x, (((w0, w1), (w2, w3)), ((w4, w5), (w6, w7)))) in xb.iter().zip(cols) {
            mac(&mut a0, *w0, x);
            mac(&mut a1, *w1, x);
            mac(&mut a2, *w2, x);
            mac(&mut a3, *w3, x);
            mac(&mut a4, *w4, x);
            mac(&mut a5, *w5, x);
            mac(&mut a6, *w6, x);
            mac(&mut a7, *w7, x);
        }
        let acc = [a0, a1, a2, a3, a4, a5, a6, a7];
        for ((z, a), b) in tz.iter_mut().zip(&acc).zip(tb) {
            add_bias(z, a, *b);
        }
    }
    // The last rows, two at a time, then one.
    let mut zr = zt.into_remainder().iter_mut();
    let mut br = bt.remainder().iter();
    for pw in pairs {
        let (r0, r1) = split(pw, n_in);
        let (mut a0, mut a1) = (ZERO, ZERO);
        for (x, (w0, w1)) in xb.iter().zip(r0.iter().zip(r1)) {
            mac(&mut a0, *w0, x);
            mac(&mut a1, *w1, x);
        }
        for a in [a0, a1] {
            if let (Some(z), Some(b)) = (zr.next(), br.next()) {
                add_bias(z, &a, *b);
            }
        }
    }
    if let (Some(z), Some(b)) = (zr.next(), br.next()) {
        let mut a = ZERO;
        for (x, w) in xb.iter().zip(last_w) {
            mac(&mut a, *w, x);
        }
        add_bias(z, &a, *b);
    }
}

/// Input gradients of a group: `dx[b][i] = ((0 + w[0][i]·dz[b][0]) + w[1][i]·dz[b][1]) + …`,
/// the order of [`dense::backward_input`](super::dense::backward_input).
///
/// `dz` holds `n_out` entries per block, `dx` `n_in` per block.
#[inline]
pub fn backward_input(w: &[f32], n_in: usize, dz: &[Lanes], dx: &mut [Lanes]) {
    if n_in == 0 {
        return;
    }
    let Some(n_out) = w.len().checked_div(n_in) else {
        return;
    };
    if n_out == 0 {
        dx.fill(ZERO);
        return;
    }
    let rows = w.rows(n_in);
    for (dzb, dxb) in dz.rows(n_out).zip(dx.rows_mut(n_in)) {
        backward_input_block(rows.clone(), w, n_in, dzb, dxb);
    }
}

#[inline(always)]
fn backward_input_block(
    rows: Rows<'_, f32>,
    w: &[f32],
    n_in: usize,
    dzb: &[Lanes],
    dxb: &mut [Lanes],
) {
    let mut tiles = dxb.chunks_exact_mut(TILE);
    let mut i0 = 0;
    for tile in tiles.by_ref() {
        let (mut a0, mut a1, mut a2, mut a3) = (ZERO, ZERO, ZERO, ZERO);
        let (mut a4, mut a5, mut a6, mut a7) = (ZERO, ZERO, ZERO, ZERO);
        for (row, dz) in rows.clone().zip(dzb) {
            let Some(c) = row.get(i0..i0 + TILE) else {
                continue;
            };
            let Ok([w0, w1, w2, w3, w4, w5, w6, w7]) = <&[f32; TILE]>::try_from(c) else {
                continue;
            };
            mac(&mut a0, *w0, dz);
            mac(&mut a1, *w1, dz);
            mac(&mut a2, *w2, dz);
            mac(&mut a3, *w3, dz);
            mac(&mut a4, *w4, dz);
            mac(&mut a5, *w5, dz);
            mac(&mut a6, *w6, dz);
            mac(&mut a7, *w7, dz);
        }
        for (d, a) in tile.iter_mut().zip([a0, a1, a2, a3, a4, a5, a6, a7]) {
            *d = a;
        }
        i0 += TILE;
    }
    for dx in tiles.into_remainder() {
        let mut a = ZERO;
        for (w, dz) in w.iter().skip(i0).step_by(n_in).zip(dzb) {
            mac(&mut a, *w, dz);
        }
        *dx = a;
        i0 += 1;
    }
}

/// Where [`accumulate`]'s per-lane partial sums start and where they go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Partials {
    /// The first group of a batch that continues: start from zero, store the partial sums.
    Start,
    /// A middle group: load the stored partial sums, store them back.
    Continue,
    /// The last group of a batch that started earlier: load the partial sums, then reduce
    /// them into the gradients.
    Finish,
    /// A batch of one group: start from zero, reduce into the gradients.
    Only,
}

impl Partials {
    fn loads(self) -> bool {
        matches!(self, Partials::Continue | Partials::Finish)
    }

    fn reduces(self) -> bool {
        matches!(self, Partials::Finish | Partials::Only)
    }
}

/// Adds a group's parameter gradients to the per-lane partial sums:
/// `p[o][i][l] += Σ_b dz[b][o][l]·x[b][i][l]` (blocks in order), `pb[o][l] += Σ_b dz[b][o][l]`,
/// the order of
/// [`dense::accumulate_param_grads_block`](super::dense::accumulate_param_grads_block)
/// applied block after block.
///
/// Depending on `mode` the partial sums start from zero or from `pw`/`pb`, and end in
/// `pw`/`pb` or, reduced by [`reduce`] (not yet divided by the batch size), in `gw`/`gb`.
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn accumulate(
    dz: &[Lanes],
    x: &[Lanes],
    blocks: usize,
    mode: Partials,
    pw: &mut [Lanes],
    pb: &mut [Lanes],
    gw: &mut [f32],
    gb: &mut [f32],
) {
    let n_out = gb.len();
    let Some(n_in) = gw.len().checked_div(n_out) else {
        return;
    };
    // The divisions by run-time sizes, once: the block iterators are cloned below.
    let dz_blocks = dz.rows(n_out).take(blocks);
    // Biases: one partial sum per output.
    for (o, (p, g)) in pb.iter_mut().zip(gb.iter_mut()).enumerate() {
        let mut acc = if mode.loads() { *p } else { ZERO };
        for dzb in dz_blocks.clone() {
            if let Some(d) = dzb.get(o) {
                for (a, d) in acc.iter_mut().zip(d) {
                    *a += d;
                }
            }
        }
        if mode.reduces() {
            *g = reduce(&acc);
        } else {
            *p = acc;
        }
    }
    if n_in == 0 {
        return;
    }
    let blocks_it = dz_blocks.zip(x.rows(n_in));
    // Weights: tiles of 8 inputs of one output row.
    let rows = pw.rows_mut(n_in).zip(gw.rows_mut(n_in)).enumerate();
    for (o, (prow, grow)) in rows {
        let mut ptiles = prow.chunks_exact_mut(TILE);
        let mut gtiles = grow.chunks_exact_mut(TILE);
        let mut i0 = 0;
        for (pt, gt) in ptiles.by_ref().zip(gtiles.by_ref()) {
            let (mut a0, mut a1, mut a2, mut a3) = (ZERO, ZERO, ZERO, ZERO);
            let (mut a4, mut a5, mut a6, mut a7) = (ZERO, ZERO, ZERO, ZERO);
            if mode.loads() {
                if let Ok([p0, p1, p2, p3, p4, p5, p6, p7]) = <&[Lanes; TILE]>::try_from(&*pt) {
                    (a0, a1, a2, a3) = (*p0, *p1, *p2, *p3);
                    (a4, a5, a6, a7) = (*p4, *p5, *p6, *p7);
                }
            }
            for (dzb, xb) in blocks_it.clone() {
                let (Some(d), Some(xs)) = (dzb.get(o), xb.get(i0..i0 + TILE)) else {
                    continue;
                };
                let Ok([x0, x1, x2, x3, x4, x5, x6, x7]) = <&[Lanes; TILE]>::try_from(xs) else {
                    continue;
                };
                mac_lanes(&mut a0, d, x0);
                mac_lanes(&mut a1, d, x1);
                mac_lanes(&mut a2, d, x2);
                mac_lanes(&mut a3, d, x3);
                mac_lanes(&mut a4, d, x4);
                mac_lanes(&mut a5, d, x5);
                mac_lanes(&mut a6, d, x6);
                mac_lanes(&mut a7, d, x7);
            }
            let acc = [a0, a1, a2, a3, a4, a5, a6, a7];
            if mode.reduces() {
                reduce_tile(&acc, gt);
            } else {
                pt.iter_mut().zip(acc).for_each(|(p, a)| *p = a);
            }
            i0 += TILE;
        }
        let prest = ptiles.into_remainder().iter_mut();
        let grest = gtiles.into_remainder().iter_mut();
        for (p, g) in prest.zip(grest) {
            let mut acc = if mode.loads() { *p } else { ZERO };
            for (dzb, xb) in blocks_it.clone() {
                if let (Some(d), Some(x)) = (dzb.get(o), xb.get(i0)) {
                    mac_lanes(&mut acc, d, x);
                }
            }
            if mode.reduces() {
                *g = reduce(&acc);
            } else {
                *p = acc;
            }
            i0 += 1;
        }
    }
}

/// `g[r] = reduce(acc[r])` for a tile.
#[inline(always)]
fn reduce_tile(acc: &[Lanes; TILE], g: &mut [f32]) {
    for (g, a) in g.iter_mut().zip(acc) {
        *g = reduce(a);
    }
}

/// `g /= n` for every gradient: a multiplication by the exact reciprocal when `n` is a power
/// of two (the same result, bit for bit: both round `g·2⁻ᵏ` once), else a division.
#[inline]
pub fn divide(g: &mut [f32], n: f32) {
    let bits = n.to_bits();
    let power_of_two = bits & 0x007f_ffff == 0 && (1.0..1.0e30).contains(&n);
    if power_of_two {
        let r = 1.0 / n;
        g.iter_mut().for_each(|g| *g *= r);
    } else {
        g.iter_mut().for_each(|g| *g /= n);
    }
}

#[cfg(test)]
mod tests {
    use super::super::dense;
    use super::*;
    use std::vec;
    use std::vec::Vec;

    fn lanes(seed: u32, k: usize) -> Lanes {
        core::array::from_fn(|l| {
            let v = (seed as f32 * 0.37 + k as f32 * 1.13 + l as f32 * 0.29).sin();
            v * 1.7
        })
    }

    fn check(n_in: usize, n_out: usize, blocks: usize) {
        let w: Vec<f32> = (0..n_in * n_out)
            .map(|k| ((k as f32) * 0.71).cos() * 0.9)
            .collect();
        let b: Vec<f32> = (0..n_out).map(|k| (k as f32 * 0.3).sin()).collect();
        let x: Vec<Lanes> = (0..blocks * n_in).map(|k| lanes(1, k)).collect();
        let dz: Vec<Lanes> = (0..blocks * n_out).map(|k| lanes(2, k)).collect();

        let mut z = vec![ZERO; blocks * n_out];
        forward(&w, &b, &x, &mut z);
        let mut dx = vec![ZERO; blocks * n_in];
        backward_input(&w, n_in, &dz, &mut dx);
        for blk in 0..blocks {
            let xb = &x[blk * n_in..(blk + 1) * n_in];
            let dzb = &dz[blk * n_out..(blk + 1) * n_out];
            let mut zr = vec![ZERO; n_out];
            dense::forward_block(&w, &b, xb, &mut zr);
            assert_eq!(
                &z[blk * n_out..(blk + 1) * n_out],
                &zr[..],
                "{n_in}→{n_out}"
            );
            let mut dxr = vec![ZERO; n_in];
            dense::backward_input_block(&w, dzb, &mut dxr);
            assert_eq!(
                &dx[blk * n_in..(blk + 1) * n_in],
                &dxr[..],
                "{n_in}→{n_out}"
            );
        }

        // Reference: block kernels, partials in memory, then reduce.
        let mut pw = vec![ZERO; n_in * n_out];
        let mut pb = vec![ZERO; n_out];
        for blk in 0..blocks {
            dense::accumulate_param_grads_block(
                &dz[blk * n_out..(blk + 1) * n_out],
                &x[blk * n_in..(blk + 1) * n_in],
                &mut pw,
                &mut pb,
            );
        }
        let gw_ref: Vec<u32> = pw.iter().map(|p| reduce(p).to_bits()).collect();
        let gb_ref: Vec<u32> = pb.iter().map(|p| reduce(p).to_bits()).collect();

        // One group.
        let (mut qw, mut qb) = (vec![ZERO; n_in * n_out], vec![ZERO; n_out]);
        let (mut gw, mut gb) = (vec![0.0; n_in * n_out], vec![0.0; n_out]);
        accumulate(
            &dz,
            &x,
            blocks,
            Partials::Only,
            &mut qw,
            &mut qb,
            &mut gw,
            &mut gb,
        );
        assert_eq!(gw.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), gw_ref);
        assert_eq!(gb.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), gb_ref);

        // Block by block: start, continue…, finish.
        if blocks >= 2 {
            let (mut gw, mut gb) = (vec![0.0; n_in * n_out], vec![0.0; n_out]);
            for blk in 0..blocks {
                let mode = match blk {
                    0 => Partials::Start,
                    _ if blk + 1 == blocks => Partials::Finish,
                    _ => Partials::Continue,
                };
                accumulate(
                    &dz[blk * n_out..(blk + 1) * n_out],
                    &x[blk * n_in..(blk + 1) * n_in],
                    1,
                    mode,
                    &mut qw,
                    &mut qb,
                    &mut gw,
                    &mut gb,
                );
            }
            assert_eq!(gw.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), gw_ref);
            assert_eq!(gb.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), gb_ref);
        }
    }

    #[test]
    fn group_kernels_match_block_kernels_bit_for_bit() {
        for (n_in, n_out) in [(2, 2), (2, 1), (16, 64), (64, 4), (9, 17), (1, 3), (3, 0)] {
            for blocks in 1..=GROUP {
                check(n_in, n_out, blocks);
            }
        }
    }

    /// Without inputs every pre-activation is its bias, as in [`dense::forward`].
    #[test]
    fn a_group_without_inputs_outputs_its_biases() {
        let bias = [1.5, -2.25];
        let mut z = vec![[7.0; LANES]; 2 * 3];
        forward(&[], &bias, &[], &mut z);
        for zb in z.chunks(2) {
            assert_eq!(zb, [[1.5; LANES], [-2.25; LANES]]);
        }
    }

    #[test]
    fn divide_by_a_power_of_two_is_a_division() {
        let vals = [1.0f32, -3.7e-38, 1.2e-44, 5.5e30, 0.1, -0.0, f32::MAX];
        for n in [1.0f32, 2.0, 64.0, 1000.0, 3.0, 1024.0] {
            let mut g = vals;
            divide(&mut g, n);
            for (g, v) in g.iter().zip(vals) {
                assert_eq!(g.to_bits(), (v / n).to_bits(), "{v} / {n}");
            }
        }
    }
}
