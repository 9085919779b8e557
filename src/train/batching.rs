//! What a trainer keeps besides the network and the optimizer: the working memory of the
//! batches it can train on.
//!
//! [`Batched`] trainers train on one sample, a mini-batch or the whole dataset, and carry the
//! lane-block buffers that batches need. [`Online`] trainers train on one sample at a time
//! only, carry nothing for batches, and link none of the batch code: what a small device that
//! learns from each sample as it comes wants.

use crate::net::Network;

/// Trains on single samples, mini-batches and whole datasets (the default), and carries the
/// lane-block buffers that batches need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Batched;

/// Trains on one sample at a time only ([`Trainer::step`](crate::Trainer::step),
/// [`learn`](crate::Trainer::learn) and [`fit`](crate::Trainer::fit) with
/// [`Batch::Online`](crate::Batch::Online)); made by
/// [`Trainer::online`](crate::Trainer::online).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Online;

/// How a trainer batches samples: [`Batched`] or [`Online`]. Sealed: the trainer's
/// working memory depends on it.
pub trait Batching: private::Sealed {
    /// The trainer's working memory for networks of type `N`.
    #[doc(hidden)]
    type Scratch<N: Network>;

    /// Zeroed working memory.
    #[doc(hidden)]
    fn new_scratch<N: Network>() -> Self::Scratch<N>;

    /// Sizes `scratch` for `net`.
    #[doc(hidden)]
    fn conform<N: Network>(net: &N, scratch: &mut Self::Scratch<N>) -> crate::Result<()>;

    /// The one-sample pass's working memory.
    #[doc(hidden)]
    fn one<N: Network>(scratch: &mut Self::Scratch<N>) -> &mut N::OneScratch;

    /// The batch passes' working memory, if this trainer has any.
    #[doc(hidden)]
    fn batches<N: Network>(scratch: &mut Self::Scratch<N>) -> Option<&mut N::Scratch>;
}

impl Batching for Batched {
    type Scratch<N: Network> = N::Scratch;

    fn new_scratch<N: Network>() -> N::Scratch {
        N::new_scratch()
    }

    fn conform<N: Network>(net: &N, scratch: &mut N::Scratch) -> crate::Result<()> {
        net.conform_scratch(scratch)
    }

    #[inline]
    fn one<N: Network>(scratch: &mut N::Scratch) -> &mut N::OneScratch {
        N::one_scratch(scratch)
    }

    #[inline]
    fn batches<N: Network>(scratch: &mut N::Scratch) -> Option<&mut N::Scratch> {
        Some(scratch)
    }
}

impl Batching for Online {
    type Scratch<N: Network> = N::OneScratch;

    fn new_scratch<N: Network>() -> N::OneScratch {
        N::new_one_scratch()
    }

    fn conform<N: Network>(net: &N, scratch: &mut N::OneScratch) -> crate::Result<()> {
        net.conform_one_scratch(scratch)
    }

    #[inline]
    fn one<N: Network>(scratch: &mut N::OneScratch) -> &mut N::OneScratch {
        scratch
    }

    #[inline]
    fn batches<N: Network>(_: &mut N::OneScratch) -> Option<&mut N::Scratch> {
        None
    }
}

mod private {
    pub trait Sealed {}
    impl Sealed for super::Batched {}
    impl Sealed for super::Online {}
}
