#![doc = include_str!("../README.md")]
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
#[cfg(feature = "alloc")]
mod heap;
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

pub use activation::{Act, Activation, fixed};
pub use data::{Dataset, Standardizer};
pub use error::{Error, Result};
pub use layer::{Dense, LayerMut, LayerRef, Parameters};
pub use loss::Loss;
pub use metrics::ConfusionMatrix;
pub use net::{Mlp1, Mlp2, Mlp3, Mlp4, Mlp5, Network};
pub use optim::*;
pub use rng::Rng;
pub use train::{Batch, Batched, Batching, Online, Progress, Schedule, Summary, Trainer};
