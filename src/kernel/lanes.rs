//! Lane blocks: the unit in which batches are processed.
//!
//! Batched kernels hold [`LANES`] samples side by side (structure of arrays), so every
//! arithmetic step is the same operation on `LANES` independent values: LLVM turns the
//! `for l in 0..LANES` loops into packed instructions on SSE2, AVX2, AVX-512 and NEON, and
//! into plain scalar code on a Cortex-M. Because each lane is an independent computation,
//! the result does not depend on the vector width the compiler picked.
//!
//! Sums *across* lanes (a gradient summed over the samples of a batch) are the one place
//! where lanes meet. They are always done by [`reduce`], whose order is fixed here in the
//! source, so they too are identical on every target.

/// Number of samples in one lane block.
///
/// 16 `f32` fill one AVX-512 register, two AVX2 registers or four NEON registers. It is part
/// of the definition of the arithmetic (see [`reduce`]): changing it changes results.
pub const LANES: usize = 16;

/// One value per lane.
pub type Lanes = [f32; LANES];

/// A block of zeros.
pub const ZERO: Lanes = [0.0; LANES];

/// Sums the lanes in a fixed order: a halving tree.
///
/// Lane `l` is first added to lane `l + 8`, then the 8 results pairwise `l + 4`, then
/// `l + 2`, then `l + 1`. This is the order in which a vector unit naturally reduces a
/// register, and it is written out here so that it is the *definition*, not an accident of
/// the target.
#[inline]
pub fn reduce(p: &Lanes) -> f32 {
    let mut h8 = [0.0f32; 8];
    for ((h, a), b) in h8.iter_mut().zip(p).zip(p.iter().skip(8)) {
        *h = a + b;
    }
    let mut h4 = [0.0f32; 4];
    for ((h, a), b) in h4.iter_mut().zip(&h8).zip(h8.iter().skip(4)) {
        *h = a + b;
    }
    let h2 = [h4[0] + h4[2], h4[1] + h4[3]];
    h2[0] + h2[1]
}

/// `block[i][lane] = v[i]`.
#[inline(always)]
pub(crate) fn scatter(v: &[f32], block: &mut [Lanes], lane: usize) {
    for (d, v) in block.iter_mut().zip(v) {
        if let Some(d) = d.get_mut(lane) {
            *d = *v;
        }
    }
}

/// `blk[i][lane] = f(xs[lane])[i]` for the (at most `LANES`) samples `xs`. A whole block of
/// samples takes a path with constant trip counts, which the compiler turns into vector
/// shuffles; a shorter last block the general one.
#[inline(always)]
pub(crate) fn transpose_in<const N: usize>(
    xs: &[[f32; N]],
    blk: &mut [Lanes; N],
    f: impl Fn(&[f32; N]) -> [f32; N],
) {
    match <&[[f32; N]; LANES]>::try_from(xs) {
        Ok(whole) => whole
            .iter()
            .enumerate()
            .for_each(|(l, x)| scatter(&f(x), blk, l)),
        Err(_) => xs
            .iter()
            .enumerate()
            .for_each(|(l, x)| scatter(&f(x), blk, l)),
    }
}

/// `ys[lane][o] = blk[o][lane]` for the (at most `LANES`) samples `ys`; see [`transpose_in`].
#[inline(always)]
pub(crate) fn transpose_out<const N: usize>(blk: &[Lanes; N], ys: &mut [[f32; N]]) {
    #[inline(always)]
    fn gather<const N: usize>(lane: usize, blk: &[Lanes; N], y: &mut [f32; N]) {
        for (o, v) in y.iter_mut().zip(blk) {
            if let Some(v) = v.get(lane) {
                *o = *v;
            }
        }
    }
    match <&mut [[f32; N]; LANES]>::try_from(&mut *ys) {
        Ok(whole) => whole
            .iter_mut()
            .enumerate()
            .for_each(|(l, y)| gather(l, blk, y)),
        Err(_) => ys
            .iter_mut()
            .enumerate()
            .for_each(|(l, y)| gather(l, blk, y)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduce_follows_the_halving_tree() {
        // Values chosen so that a different association gives a different f32 result.
        let mut p = ZERO;
        p[0] = 1.0e8;
        p[8] = -1.0e8;
        p[1] = 1.0;
        p[9] = 0.5;
        p[4] = 3.0e-8;
        let tree = ((p[0] + p[8]) + (p[4] + p[12]))
            + ((p[2] + p[10]) + (p[6] + p[14]))
            + (((p[1] + p[9]) + (p[5] + p[13])) + ((p[3] + p[11]) + (p[7] + p[15])));
        assert_eq!(reduce(&p).to_bits(), tree.to_bits());
        let sequential: f32 = p.iter().sum();
        assert_ne!(reduce(&p).to_bits(), sequential.to_bits());
    }
}
