//! A checked view of training or test data.

use super::{Rows, Sample};
use crate::error::{Error, Result};
use crate::rng::Rng;

/// Inputs and targets, checked once: non-empty, of equal length, every value finite.
///
/// A `Dataset` borrows the caller's slices (nothing is copied or allocated), so the data can
/// live in flash on a microcontroller. Its sample types are those of the network, e.g.
/// `Dataset<'_, [f32; 2], [f32; 1]>` for a 2-2-1 network: handing a network data of another
/// shape does not compile. A [`DynMlp`](crate::net::DynMlp)'s samples are rows of flat
/// slices, [`Rows::flat`].
///
/// # Examples
///
/// ```
/// use tinymlp::{Dataset, Error};
///
/// let xs = [[0.0, 1.0], [1.0, 0.0]];
/// let ys = [[1.0], [0.0]];
/// let data = Dataset::new(&xs, &ys)?;
/// assert_eq!(data.len(), 2);
///
/// let bad = [[0.0, f32::NAN], [1.0, 0.0]];
/// assert_eq!(Dataset::new(&bad, &ys).unwrap_err(), Error::NonFiniteInput { sample: 0 });
/// # Ok::<(), tinymlp::Error>(())
/// ```
///
/// With rows of a flat slice:
///
/// ```
/// use tinymlp::{Dataset, data::Rows};
///
/// let xs = [0.0, 1.0, 1.0, 0.0]; // two samples of two inputs
/// let ys = [1.0, 0.0];
/// let data = Dataset::new(Rows::flat(&xs, 2)?, Rows::flat(&ys, 1)?)?;
/// assert_eq!(data.get(1), Some((&[1.0, 0.0][..], &[0.0][..])));
/// # Ok::<(), tinymlp::Error>(())
/// ```
#[derive(Debug)]
pub struct Dataset<'a, X: Sample + ?Sized, Y: Sample + ?Sized> {
    inputs: Rows<'a, X>,
    targets: Rows<'a, Y>,
}

impl<X: Sample + ?Sized, Y: Sample + ?Sized> Clone for Dataset<'_, X, Y> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<X: Sample + ?Sized, Y: Sample + ?Sized> Copy for Dataset<'_, X, Y> {}

impl<'a, X: Sample + ?Sized, Y: Sample + ?Sized> Dataset<'a, X, Y> {
    /// Checks and wraps `inputs` and their `targets`: slices of arrays, or [`Rows`].
    ///
    /// # Errors
    ///
    /// [`Error::EmptyDataset`], [`Error::LengthMismatch`], or
    /// [`Error::NonFiniteInput`] / [`Error::NonFiniteTarget`] naming the first bad sample.
    pub fn new<'x: 'a, 'y: 'a>(
        inputs: impl Into<Rows<'x, X>>,
        targets: impl Into<Rows<'y, Y>>,
    ) -> Result<Self> {
        let (inputs, targets) = (inputs.into().shorten(), targets.into().shorten());
        if inputs.is_empty() {
            return Err(Error::EmptyDataset);
        }
        if inputs.len() != targets.len() {
            return Err(Error::LengthMismatch {
                inputs: inputs.len(),
                targets: targets.len(),
            });
        }
        let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
        for (sample, (x, y)) in inputs.iter().zip(targets).enumerate() {
            if !finite(x.as_ref()) {
                return Err(Error::NonFiniteInput { sample });
            }
            if !finite(y.as_ref()) {
                return Err(Error::NonFiniteTarget { sample });
            }
        }
        Ok(Dataset { inputs, targets })
    }

    /// Number of samples (never 0).
    #[allow(clippy::len_without_is_empty)] // a Dataset is never empty
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// The inputs.
    pub fn inputs(&self) -> Rows<'a, X> {
        self.inputs
    }

    /// The targets.
    pub fn targets(&self) -> Rows<'a, Y> {
        self.targets
    }

    /// Sample `i`, if it exists.
    pub fn get(&self, i: usize) -> Option<(&'a X, &'a Y)> {
        Some((self.inputs.get(i)?, self.targets.get(i)?))
    }

    /// Splits into a training part and a test part holding the last
    /// `round(len · test_fraction)` samples. Shuffle first (see [`shuffle_together`]) if the
    /// data is ordered.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHyperparameter`] if `test_fraction` is not in `(0, 1)` or either part
    /// would be empty.
    ///
    /// # Examples
    ///
    /// ```
    /// let xs = [[0.0f32]; 10];
    /// let ys = [[1.0f32]; 10];
    /// let (train, test) = tinymlp::Dataset::new(&xs, &ys)?.split(0.3)?;
    /// assert_eq!((train.len(), test.len()), (7, 3));
    /// # Ok::<(), tinymlp::Error>(())
    /// ```
    pub fn split(&self, test_fraction: f32) -> Result<(Self, Self)> {
        let bad = Error::InvalidHyperparameter {
            name: "test_fraction",
        };
        if !(test_fraction > 0.0 && test_fraction < 1.0) {
            return Err(bad);
        }
        let n_test = libm::roundf(self.len() as f32 * test_fraction) as usize;
        let n_train = self.len().checked_sub(n_test).ok_or(bad)?;
        if n_test == 0 || n_train == 0 {
            return Err(bad);
        }
        let (xa, xb) = self.inputs.split_at(n_train).ok_or(bad)?;
        let (ya, yb) = self.targets.split_at(n_train).ok_or(bad)?;
        Ok((
            Dataset {
                inputs: xa,
                targets: ya,
            },
            Dataset {
                inputs: xb,
                targets: yb,
            },
        ))
    }
}

/// Shuffles inputs and targets in place with the same permutation, so pairs stay together.
///
/// # Errors
///
/// [`Error::LengthMismatch`] if the slices differ in length (nothing is moved).
///
/// # Examples
///
/// ```
/// use tinymlp::{Rng, data::shuffle_together};
///
/// let mut xs = [[0.0f32], [1.0], [2.0], [3.0]];
/// let mut ys = [[0.0f32], [10.0], [20.0], [30.0]];
/// shuffle_together(&mut xs, &mut ys, &mut Rng::new(5))?;
/// assert!(xs.iter().zip(&ys).all(|(x, y)| y[0] == 10.0 * x[0]));
/// # Ok::<(), tinymlp::Error>(())
/// ```
pub fn shuffle_together<X, Y>(inputs: &mut [X], targets: &mut [Y], rng: &mut Rng) -> Result<()> {
    if inputs.len() != targets.len() {
        return Err(Error::LengthMismatch {
            inputs: inputs.len(),
            targets: targets.len(),
        });
    }
    rng.shuffle_with(inputs.len(), |i, j| {
        inputs.swap(i, j);
        targets.swap(i, j);
    });
    Ok(())
}
