//! Slice kernels: all of the crate's floating-point arithmetic, each operation in one
//! fixed order.
//!
//! The typed layers and networks are thin shells that hand their arrays to these functions
//! as slices. Keeping the arithmetic in one place is what makes results bit-identical across
//! targets and across the one-sample and batched code paths.

pub mod dense;
pub(crate) mod finite;
pub mod group;
pub mod lanes;
pub mod rows;
pub mod update;
