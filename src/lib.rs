#![doc = include_str!("../README.md")]
//!
//! # Architecture
//!
//! The modules form layers, and each uses only its own layer and the layers below it
//! (`tests/layers.rs` checks every `crate::` path of `src/` against this table):
//!
//! | layer | modules | what they hold |
//! |---|---|---|
//! | 0 | `kernel`, `math`, `error`, `rng` | the only arithmetic: slice kernels over samples and lane blocks, branch-free `exp`/`ln`; the error type; the seeded generator |
//! | 1 | `activation`, `loss`, `layer`, `data`, `optim` | the pieces: activations, losses, the dense layer and the [`Parameters`] view of stacked layers, datasets and samples, optimizers |
//! | 2 | `net` | the networks [`Mlp1`] … [`Mlp5`] and `DynMlp`, and the forward and backward passes over their layers |
//! | 3 | `train`, `quant`, `metrics` | training and fine-tuning, integer networks, evaluation |
//! | 4 | `model` | the model file: every byte of the format, decoding (at compile time too) and encoding, Rust source |
//! | 5 | `guide` | documentation only |
//!
//! The command-line tool is a crate of its own, `tinymlp-cli` in `cli/`, above all of them.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// The core must not panic on any input: no unchecked indexing outside tests.
#![cfg_attr(not(test), warn(clippy::indexing_slicing))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod activation;
pub mod data;
mod error;
pub mod guide;
mod kernel;
pub mod layer;
pub mod loss;
pub mod math;
pub mod metrics;
pub mod model;
pub mod net;
pub mod optim;
pub mod quant;
mod rng;
pub mod train;

pub use activation::Activation;
pub use data::{Dataset, Standardizer};
pub use error::{Error, Result};
pub use layer::{Dense, LayerMut, LayerRef, Parameters};
pub use loss::Loss;
pub use metrics::ConfusionMatrix;
pub use net::{Mlp1, Mlp2, Mlp3, Mlp4, Mlp5, Network};
pub use optim::*;
pub use rng::Rng;
pub use train::{Batch, Progress, Schedule, Summary, Trainer};
