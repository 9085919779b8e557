//! A fixed-capacity buffer of samples, for data collected on the device.

use heapless::HistoryBuf;

use super::{Dataset, Vector};
use crate::error::{Error, Result};

/// The most recent `N` samples `(x, y)` seen, in a fixed-size buffer (no heap): once full,
/// each new sample replaces the oldest.
///
/// Made for learning on a device: collect labelled samples as they arrive, then train on
/// [`dataset`](Self::dataset) (e.g. with a [`FineTuner`](crate::train::FineTuner)). The
/// samples are kept in storage order, not arrival order — irrelevant for training.
///
/// # Examples
///
/// ```
/// use tinymlp::data::SampleBuffer;
///
/// let mut buf = SampleBuffer::<[f32; 2], [f32; 1], 3>::new();
/// for k in 0..5 {
///     buf.push([k as f32, 0.0], [1.0])?;
/// }
/// assert_eq!(buf.len(), 3); // the three most recent
/// assert!(buf.push([f32::NAN, 0.0], [1.0]).is_err());
/// assert_eq!(buf.dataset()?.len(), 3);
/// # Ok::<(), tinymlp::Error>(())
/// ```
pub struct SampleBuffer<X, Y, const N: usize> {
    inputs: HistoryBuf<X, N>,
    targets: HistoryBuf<Y, N>,
}

impl<X: Vector, Y: Vector, const N: usize> SampleBuffer<X, Y, N> {
    /// An empty buffer.
    pub const fn new() -> Self {
        SampleBuffer {
            inputs: HistoryBuf::new(),
            targets: HistoryBuf::new(),
        }
    }

    /// Adds a sample, replacing the oldest one if the buffer is full.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteInput`] / [`Error::NonFiniteTarget`] (with `sample` the index the
    /// sample would have had); the buffer is unchanged.
    pub fn push(&mut self, x: X, y: Y) -> Result<()> {
        let sample = self.inputs.len();
        if !x.as_ref().iter().all(|v| v.is_finite()) {
            return Err(Error::NonFiniteInput { sample });
        }
        if !y.as_ref().iter().all(|v| v.is_finite()) {
            return Err(Error::NonFiniteTarget { sample });
        }
        self.inputs.write(x);
        self.targets.write(y);
        Ok(())
    }

    /// Number of samples held.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Whether no sample has been pushed since creation or [`clear`](Self::clear).
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// Forgets every sample.
    pub fn clear(&mut self) {
        self.inputs.clear();
        self.targets.clear();
    }

    /// The samples as a dataset.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyDataset`] if the buffer is empty.
    pub fn dataset(&self) -> Result<Dataset<'_, X, Y>> {
        Dataset::new(self.inputs.as_slice(), self.targets.as_slice())
    }
}

impl<X: Vector, Y: Vector, const N: usize> Default for SampleBuffer<X, Y, N> {
    fn default() -> Self {
        Self::new()
    }
}
