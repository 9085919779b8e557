//! Dense layers: the typed layer, and size-erased views of layers' parameters.

mod dense;
mod parameters;

pub use dense::Dense;
#[cfg(feature = "alloc")]
pub(crate) use dense::init_weights;
pub use parameters::{LayerMut, LayerRef, Parameters};
