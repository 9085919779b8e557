//! The values of one sample, input or target, and how samples are loaded into lane blocks.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::kernel::lanes::{self, Lanes};

/// One sample's values: the input or the output of a network. `[f32; N]` for the
/// const-generic networks; `Vec<f32>` for [`DynMlp`](crate::net::DynMlp) (feature `alloc`).
///
/// The trait is sealed: those are the only sample types, and batched training loads them into
/// [lane blocks](crate::guide) its own way for each.
pub trait Sample: AsRef<[f32]> + Clone + core::fmt::Debug + sealed::ToLanes {}

impl<const N: usize> Sample for [f32; N] {}

#[cfg(feature = "alloc")]
impl Sample for Vec<f32> {}

/// A fixed-length vector of `f32`, `[f32; N]`.
pub trait Vector: Sample + Copy + AsMut<[f32]> + 'static {
    /// Its length.
    const LEN: usize;
    /// The all-zero vector.
    const ZERO: Self;
}

impl<const N: usize> Vector for [f32; N] {
    const LEN: usize = N;
    const ZERO: Self = [0.0; N];
}

pub(crate) mod sealed {
    use crate::kernel::lanes::Lanes;

    /// Loading samples into a lane block, sealed inside [`Sample`](super::Sample).
    pub trait ToLanes: Sized {
        /// `blk[i][lane] = xs[lane][i]` for up to `LANES` samples (lanes beyond `xs`
        /// untouched).
        fn to_lanes(xs: &[Self], blk: &mut [Lanes]);
    }
}

// Arrays take the path with constant trip counts, which the compiler turns into shuffles.
impl<const N: usize> sealed::ToLanes for [f32; N] {
    #[inline]
    fn to_lanes(xs: &[Self], blk: &mut [Lanes]) {
        if let Ok(blk) = <&mut [Lanes; N]>::try_from(blk) {
            lanes::transpose_in(xs, blk, |x| *x);
        }
    }
}

#[cfg(feature = "alloc")]
impl sealed::ToLanes for Vec<f32> {
    #[inline]
    fn to_lanes(xs: &[Self], blk: &mut [Lanes]) {
        for (lane, x) in xs.iter().enumerate() {
            lanes::scatter(x, blk, lane);
        }
    }
}
