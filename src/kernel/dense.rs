//! Dense-layer arithmetic on flat slices: the one place where the order of every
//! floating-point operation of a dense layer is defined.
//!
//! Weights are row-major, one row of `n_in` values per output (`w[o * n_in + i]`), exactly the
//! memory of a `[[f32; IN]; OUT]`. Every kernel comes in two shapes that compute the same
//! numbers: one sample (`&[f32]`) or a [lane block](super::lanes) of samples (`&[Lanes]`,
//! one entry per feature). The orders are:
//!
//! - pre-activation: `z[o] = (((0 + w[o][0]·x[0]) + w[o][1]·x[1]) + …) + b[o]`, inputs in
//!   increasing order;
//! - input gradient: `dx[i] = ((0 + w[0][i]·dz[0]) + w[1][i]·dz[1]) + …`, outputs in
//!   increasing order;
//! - parameter gradients of a batch: each lane accumulates its samples in order, then the
//!   lanes are summed by [`reduce`](super::lanes::reduce).
//!
//! The lane-block forms here are the references the tests hold the tiled
//! [group kernels](super::group) to; training runs the group kernels.
//!
//! Products are never fused (`mul_add` is never called), so the results are the same whether
//! or not the target has an FMA unit.
//!
//! The kernels never index out of bounds: they walk their slices with `zip` and
//! `chunks_exact`, so a length mismatch shortens a loop instead of panicking. Callers (the
//! typed networks) guarantee the lengths by construction.

#[cfg(test)]
use super::lanes::{LANES, Lanes, ZERO};
use super::rows::RowsExt;

/// `0 + t`: `t` itself, except that −0 becomes +0. Every sum of this crate starts this way
/// (an empty sum is +0), and this is how a one-sample kernel adds its first term. Cores with
/// a floating-point unit add; the others, on which an addition is a library call, replace −0
/// by +0 with an integer test. The same bits either way (a NaN stays a NaN).
#[inline(always)]
pub(crate) fn zero_plus(t: f32) -> f32 {
    if cfg!(any(not(target_os = "none"), target_abi = "eabihf")) {
        0.0 + t
    } else {
        zero_plus_by_bits(t)
    }
}

/// [`zero_plus`] by an integer test.
#[inline(always)]
fn zero_plus_by_bits(t: f32) -> f32 {
    if t.to_bits() == 0x8000_0000 { 0.0 } else { t }
}

/// Pre-activation of one sample: `z = W·x + b`. (The const-generic networks compute it over
/// typed arrays in the same order: [`Dense::pre_activation`](crate::Dense::pre_activation).)
#[cfg(any(test, feature = "alloc"))]
#[inline]
pub fn forward(w: &[f32], b: &[f32], x: &[f32], z: &mut [f32]) {
    let n_in = x.len();
    if n_in == 0 {
        z.iter_mut().zip(b).for_each(|(z, b)| *z = 0.0 + b);
        return;
    }
    for ((row, bias), z) in w.rows(n_in).zip(b).zip(z.iter_mut()) {
        *z = dot(row, x) + bias;
    }
}

/// `((0 + a[0]·b[0]) + a[1]·b[1]) + …`, the first addition by [`zero_plus`].
#[inline(always)]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut terms = a.iter().zip(b).map(|(a, b)| a * b);
    let mut acc = terms.next().map_or(0.0, zero_plus);
    for t in terms {
        acc += t;
    }
    acc
}

/// Pre-activation of a lane block: `z[o][l] = W·x[·][l] + b`, in the order of [`forward`].
#[cfg(test)]
#[inline]
pub fn forward_block(w: &[f32], b: &[f32], x: &[Lanes], z: &mut [Lanes]) {
    let n_in = x.len();
    if n_in == 0 {
        z.iter_mut().zip(b).for_each(|(z, b)| *z = [0.0 + b; LANES]);
        return;
    }
    for ((row, bias), z) in w.rows(n_in).zip(b).zip(z.iter_mut()) {
        let mut acc = ZERO;
        for (w, x) in row.iter().zip(x) {
            for (a, x) in acc.iter_mut().zip(x) {
                *a += w * x;
            }
        }
        for (z, a) in z.iter_mut().zip(&acc) {
            *z = a + bias;
        }
    }
}

/// Gradient with respect to the inputs of one sample: `dx = Wᵀ·dz`.
#[inline]
pub fn backward_input(w: &[f32], dz: &[f32], dx: &mut [f32]) {
    let n_in = dx.len();
    if n_in == 0 {
        return;
    }
    let mut rows = w.rows(n_in).zip(dz);
    let Some((first, dz0)) = rows.next() else {
        dx.fill(0.0);
        return;
    };
    for (dx, w) in dx.iter_mut().zip(first) {
        *dx = zero_plus(w * dz0);
    }
    for (row, dz) in rows {
        for (dx, w) in dx.iter_mut().zip(row) {
            *dx += w * dz;
        }
    }
}

/// Gradient with respect to the inputs of a lane block, in the order of [`backward_input`].
#[cfg(test)]
#[inline]
pub fn backward_input_block(w: &[f32], dz: &[Lanes], dx: &mut [Lanes]) {
    let n_in = dx.len();
    dx.fill(ZERO);
    if n_in == 0 {
        return;
    }
    for (row, dz) in w.rows(n_in).zip(dz) {
        for (dx, w) in dx.iter_mut().zip(row) {
            for (dx, dz) in dx.iter_mut().zip(dz) {
                *dx += w * dz;
            }
        }
    }
}

/// Parameter gradients of one sample: `gw[o][i] = dz[o]·x[i]`, `gb[o] = dz[o]`.
#[inline]
pub fn param_grads(dz: &[f32], x: &[f32], gw: &mut [f32], gb: &mut [f32]) {
    gb.copy_from_slice_checked(dz);
    let n_in = x.len();
    if n_in == 0 {
        return;
    }
    for (row, dz) in gw.rows_mut(n_in).zip(dz) {
        for (g, x) in row.iter_mut().zip(x) {
            *g = dz * x;
        }
    }
}

/// Adds the parameter gradients of a lane block to per-lane partial sums:
/// `pw[o][i][l] += dz[o][l]·x[i][l]`, `pb[o][l] += dz[o][l]`.
///
/// The partial sums are turned into gradients by [`reduce`](super::lanes::reduce) once the
/// whole batch has been seen.
#[cfg(test)]
#[inline]
pub fn accumulate_param_grads_block(dz: &[Lanes], x: &[Lanes], pw: &mut [Lanes], pb: &mut [Lanes]) {
    for (pb, dz) in pb.iter_mut().zip(dz) {
        for (p, d) in pb.iter_mut().zip(dz) {
            *p += d;
        }
    }
    let n_in = x.len();
    if n_in == 0 {
        return;
    }
    for (row, dz) in pw.rows_mut(n_in).zip(dz) {
        for (p, x) in row.iter_mut().zip(x) {
            for ((p, d), x) in p.iter_mut().zip(dz).zip(x) {
                *p += d * x;
            }
        }
    }
}

/// `copy_from_slice` that copies the common prefix instead of panicking on a length
/// mismatch.
trait CopyChecked {
    fn copy_from_slice_checked(&mut self, src: &[f32]);
}

impl CopyChecked for [f32] {
    #[inline]
    fn copy_from_slice_checked(&mut self, src: &[f32]) {
        self.iter_mut().zip(src).for_each(|(d, s)| *d = *s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_integer_first_term_is_the_addition() {
        let values = [
            0.0f32,
            -0.0,
            1.5,
            -1.5,
            f32::MIN_POSITIVE,
            -1e-45,
            f32::MAX,
            f32::MIN,
        ];
        for t in values.into_iter().chain([f32::INFINITY, f32::NEG_INFINITY]) {
            assert_eq!(zero_plus_by_bits(t).to_bits(), (0.0 + t).to_bits(), "{t}");
        }
        assert!(zero_plus_by_bits(f32::NAN).is_nan());
    }

    const W: [f32; 6] = [0.5, -1.25, 2.0, 0.75, 1.5, -0.25]; // 2 outputs × 3 inputs
    const B: [f32; 2] = [0.1, -0.2];
    const X: [f32; 3] = [1.0, 2.0, -3.0];

    #[test]
    fn forward_is_w_x_plus_b() {
        let mut z = [0.0; 2];
        forward(&W, &B, &X, &mut z);
        assert_eq!(z, [(0.5 - 2.5 - 6.0) + 0.1, (0.75 + 3.0 + 0.75) - 0.2]);
    }

    #[test]
    fn block_kernels_match_per_sample_kernels_bit_for_bit() {
        let mut x = [ZERO; 3];
        let mut dz = [ZERO; 2];
        for l in 0..LANES {
            for i in 0..3 {
                x[i][l] = X[i] * (l as f32 + 0.37) / 7.0;
            }
            dz[0][l] = 0.3 - l as f32 * 0.011;
            dz[1][l] = -0.7 + l as f32 * 0.013;
        }
        let mut z = [ZERO; 2];
        forward_block(&W, &B, &x, &mut z);
        let mut dx = [ZERO; 3];
        backward_input_block(&W, &dz, &mut dx);
        let mut pw = [ZERO; 6];
        let mut pb = [ZERO; 2];
        accumulate_param_grads_block(&dz, &x, &mut pw, &mut pb);
        for l in 0..LANES {
            let xs = [x[0][l], x[1][l], x[2][l]];
            let dzs = [dz[0][l], dz[1][l]];
            let mut zs = [0.0; 2];
            forward(&W, &B, &xs, &mut zs);
            assert_eq!(zs.map(f32::to_bits), [z[0][l].to_bits(), z[1][l].to_bits()]);
            let mut dxs = [0.0; 3];
            backward_input(&W, &dzs, &mut dxs);
            assert_eq!(dxs.map(f32::to_bits), [0, 1, 2].map(|i| dx[i][l].to_bits()));
            let mut gw = [0.0; 6];
            let mut gb = [0.0; 2];
            param_grads(&dzs, &xs, &mut gw, &mut gb);
            assert_eq!(
                gw.map(f32::to_bits),
                [0, 1, 2, 3, 4, 5].map(|k| pw[k][l].to_bits())
            );
            assert_eq!(
                gb.map(f32::to_bits),
                [pb[0][l].to_bits(), pb[1][l].to_bits()]
            );
        }
    }

    #[test]
    fn backward_input_is_w_transposed_dz() {
        let mut dx = [0.0; 3];
        backward_input(&W, &[2.0, -1.0], &mut dx);
        assert_eq!(dx, [1.0 - 0.75, -2.5 - 1.5, 4.0 + 0.25]);
    }

    #[test]
    fn a_layer_without_inputs_outputs_its_biases() {
        let mut z = [7.0; 2];
        forward(&[], &B, &[], &mut z);
        assert_eq!(z, B);
        let mut zb = [ZERO; 2];
        forward_block(&[], &B, &[], &mut zb);
        assert_eq!(zb, [[B[0]; LANES], [B[1]; LANES]]);
        // `0 + b`: a bias of −0 gives +0, as the sum of no products would.
        forward(&[], &[-0.0], &[], &mut z);
        assert_eq!(z[0].to_bits(), 0.0f32.to_bits());
    }

    #[test]
    fn mismatched_lengths_do_not_panic() {
        let mut z = [0.0; 5];
        forward(&W, &B, &X[..2], &mut z);
        let mut dx = [0.0; 7];
        backward_input(&W, &[1.0], &mut dx);
        let mut gw = [0.0; 1];
        param_grads(&[1.0, 2.0], &X, &mut gw, &mut [0.0; 9]);
    }
}
