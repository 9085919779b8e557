//! The values of one sample, input or target, how a dataset stores many of them, and how
//! samples are loaded into lane blocks.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::kernel::lanes::{self, Lanes};

/// One sample's values: the input or the output of a network. `[f32; N]` for the
/// const-generic networks; `[f32]` for [`DynMlp`](crate::net::DynMlp) (feature `alloc`), whose
/// samples are rows of one flat buffer of width chosen at run time.
///
/// The trait is sealed: those are the only sample types, and batched training loads them into
/// [lane blocks](crate::guide) its own way for each.
pub trait Sample: AsRef<[f32]> + core::fmt::Debug + sealed::Stored + 'static {
    /// What a network returns for this kind of output: `[f32; N]` itself, or `Vec<f32>`.
    type Owned: AsRef<[f32]> + core::borrow::Borrow<Self> + Clone + core::fmt::Debug;
}

impl<const N: usize> Sample for [f32; N] {
    type Owned = [f32; N];
}

#[cfg(feature = "alloc")]
impl Sample for [f32] {
    type Owned = Vec<f32>;
}

/// The owned form of a sample type `S`: what [`Network::predict`](crate::Network::predict)
/// returns.
pub type Owned<S> = <S as Sample>::Owned;

/// A fixed-length vector of `f32`, `[f32; N]`.
pub trait Vector: Sample + Copy + AsMut<[f32]> + sealed::Slices + 'static {
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

    /// How samples are stored, sealed inside [`Sample`](super::Sample): a slice of arrays,
    /// or one flat slice cut into rows of a run-time width.
    pub trait Stored {
        /// A borrowed run of samples.
        type Store<'a>: Copy + core::fmt::Debug
        where
            Self: 'a;
        /// The samples of a store in order.
        type Iter<'a>: Iterator<Item = &'a Self> + ExactSizeIterator + Clone
        where
            Self: 'a;
        /// The samples of `s` in order.
        fn iter(s: Self::Store<'_>) -> Self::Iter<'_>;
        /// `s` for a shorter lifetime.
        fn shorten<'a: 'b, 'b>(s: Self::Store<'a>) -> Self::Store<'b>
        where
            Self: 'a;
        /// The number of samples in `s`.
        fn count(s: Self::Store<'_>) -> usize;
        /// The number of values in each sample of `s`.
        fn width(s: Self::Store<'_>) -> usize;
        /// Sample `i`.
        fn row<'a>(s: Self::Store<'a>, i: usize) -> Option<&'a Self>;
        /// Samples `start..end`.
        fn range<'a>(s: Self::Store<'a>, start: usize, end: usize) -> Option<Self::Store<'a>>;
        /// `blk[i][lane] = s[lane][i]` for the (at most `LANES`) samples of `s` (lanes beyond
        /// them untouched).
        fn to_lanes(s: Self::Store<'_>, blk: &mut [Lanes]);
    }

    /// Samples stored as a plain slice of them, sealed inside [`Vector`](super::Vector).
    pub trait Slices: Stored + Sized {
        /// The store of `s`.
        fn store(s: &[Self]) -> Self::Store<'_>;
        /// The slice a store is.
        fn slice<'a>(s: Self::Store<'a>) -> &'a [Self];
    }
}

impl<const N: usize> sealed::Slices for [f32; N] {
    #[inline]
    fn store(s: &[Self]) -> &[Self] {
        s
    }

    #[inline]
    fn slice<'a>(s: Self::Store<'a>) -> &'a [Self] {
        s
    }
}

// Arrays take the path with constant trip counts, which the compiler turns into shuffles.
impl<const N: usize> sealed::Stored for [f32; N] {
    type Store<'a> = &'a [[f32; N]];
    type Iter<'a> = core::slice::Iter<'a, [f32; N]>;

    #[inline]
    fn iter(s: Self::Store<'_>) -> Self::Iter<'_> {
        s.iter()
    }

    #[inline]
    fn shorten<'a: 'b, 'b>(s: Self::Store<'a>) -> Self::Store<'b> {
        s
    }

    #[inline]
    fn count(s: &[[f32; N]]) -> usize {
        s.len()
    }

    #[inline]
    fn width(_: &[[f32; N]]) -> usize {
        N
    }

    #[inline]
    fn row<'a>(s: Self::Store<'a>, i: usize) -> Option<&'a [f32; N]> {
        s.get(i)
    }

    #[inline]
    fn range<'a>(s: Self::Store<'a>, start: usize, end: usize) -> Option<Self::Store<'a>> {
        s.get(start..end)
    }

    #[inline]
    fn to_lanes(s: &[[f32; N]], blk: &mut [Lanes]) {
        if let Ok(blk) = <&mut [Lanes; N]>::try_from(blk) {
            lanes::transpose_in(s, blk, |x| *x);
        }
    }
}

/// Rows of one flat buffer: `values[i·width..(i + 1)·width]` is sample `i`.
#[cfg(feature = "alloc")]
#[derive(Clone, Copy, Debug)]
pub struct Flat<'a> {
    pub(crate) values: &'a [f32],
    pub(crate) width: usize,
}

#[cfg(feature = "alloc")]
impl sealed::Stored for [f32] {
    type Store<'a> = Flat<'a>;
    type Iter<'a> = core::slice::ChunksExact<'a, f32>;

    #[inline]
    fn iter(s: Self::Store<'_>) -> Self::Iter<'_> {
        // A flat store's width is never 0 (`Rows::flat`); `max` keeps `chunks_exact` total.
        s.values.chunks_exact(s.width.max(1))
    }

    #[inline]
    fn shorten<'a: 'b, 'b>(s: Self::Store<'a>) -> Self::Store<'b> {
        s
    }

    #[inline]
    fn count(s: Flat<'_>) -> usize {
        s.values.len().checked_div(s.width).unwrap_or(0)
    }

    #[inline]
    fn width(s: Flat<'_>) -> usize {
        s.width
    }

    #[inline]
    fn row<'a>(s: Self::Store<'a>, i: usize) -> Option<&'a [f32]> {
        let start = i.checked_mul(s.width)?;
        s.values.get(start..start.checked_add(s.width)?)
    }

    #[inline]
    fn range<'a>(s: Self::Store<'a>, start: usize, end: usize) -> Option<Self::Store<'a>> {
        let values = s
            .values
            .get(start.checked_mul(s.width)?..end.checked_mul(s.width)?)?;
        Some(Flat {
            values,
            width: s.width,
        })
    }

    #[inline]
    fn to_lanes(s: Flat<'_>, blk: &mut [Lanes]) {
        if s.width == 0 {
            return;
        }
        for (lane, x) in s
            .values
            .chunks_exact(s.width)
            .take(lanes::LANES)
            .enumerate()
        {
            lanes::scatter(x, blk, lane);
        }
    }
}
