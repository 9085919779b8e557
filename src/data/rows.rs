//! A borrowed run of samples of one type.

#[cfg(feature = "alloc")]
use super::sample::Flat;
use super::{Sample, Vector};
#[cfg(feature = "alloc")]
use crate::error::{Error, Result};

/// Samples borrowed from the caller: a slice of arrays `&[[f32; N]]` for the const-generic
/// networks, or one flat slice cut into rows of equal width for
/// [`DynMlp`](crate::net::DynMlp), so that a large table costs four bytes per value and
/// nothing per row.
///
/// # Examples
///
/// ```
/// use tinymlp::data::Rows;
///
/// let arrays = Rows::from(&[[1.0, 2.0], [3.0, 4.0]][..]);
/// assert_eq!(arrays.get(1), Some(&[3.0, 4.0]));
///
/// let flat = Rows::flat(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3)?;
/// assert_eq!(flat.len(), 2);
/// assert_eq!(flat.get(1), Some(&[4.0, 5.0, 6.0][..]));
/// # Ok::<(), tinymlp::Error>(())
/// ```
pub struct Rows<'a, S: Sample + ?Sized + 'a> {
    store: S::Store<'a>,
}

impl<'a, S: Sample + ?Sized> Rows<'a, S> {
    /// The number of samples.
    #[inline]
    pub fn len(&self) -> usize {
        S::count(self.store)
    }

    /// Whether there are no samples.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of values in each sample.
    #[inline]
    pub fn width(&self) -> usize {
        S::width(self.store)
    }

    /// Sample `i`, if it exists.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a S> {
        S::row(self.store, i)
    }

    /// Samples `start..end`, if they exist.
    #[inline]
    pub fn range(&self, start: usize, end: usize) -> Option<Self> {
        S::range(self.store, start, end).map(|store| Rows { store })
    }

    /// The samples in order.
    pub fn iter(&self) -> S::Iter<'a> {
        S::iter(self.store)
    }

    /// Splits into samples `..mid` and `mid..`, if `mid ≤ len`.
    pub fn split_at(&self, mid: usize) -> Option<(Self, Self)> {
        Some((self.range(0, mid)?, self.range(mid, self.len())?))
    }

    /// The same samples, borrowed for a shorter lifetime.
    #[inline]
    pub fn shorten<'b>(self) -> Rows<'b, S>
    where
        'a: 'b,
    {
        Rows {
            store: S::shorten(self.store),
        }
    }

    pub(crate) fn store(&self) -> S::Store<'a> {
        self.store
    }
}

impl<'a, X: Vector> From<&'a [X]> for Rows<'a, X> {
    fn from(samples: &'a [X]) -> Self {
        Rows {
            store: X::store(samples),
        }
    }
}

impl<'a, X: Vector, const M: usize> From<&'a [X; M]> for Rows<'a, X> {
    fn from(samples: &'a [X; M]) -> Self {
        Rows::from(&samples[..])
    }
}

impl<'a, X: Vector> From<&'a mut [X]> for Rows<'a, X> {
    fn from(samples: &'a mut [X]) -> Self {
        Rows::from(&*samples)
    }
}

#[cfg(feature = "alloc")]
impl<'a, X: Vector> From<&'a alloc::vec::Vec<X>> for Rows<'a, X> {
    fn from(samples: &'a alloc::vec::Vec<X>) -> Self {
        Rows::from(samples.as_slice())
    }
}

impl<'a, X: Vector> Rows<'a, X> {
    /// The samples as the slice of arrays they borrow.
    pub fn as_slice(&self) -> &'a [X] {
        X::slice(self.store)
    }
}

#[cfg(feature = "alloc")]
impl<'a> Rows<'a, [f32]> {
    /// Cuts `values` into rows of `width` values: row `i` is `values[i·width..(i + 1)·width]`.
    ///
    /// # Errors
    ///
    /// [`Error::SampleLength`] naming the incomplete last row if `width` does not divide
    /// `values.len()`, or sample 0 if `width` is 0.
    pub fn flat(values: &'a [f32], width: usize) -> Result<Self> {
        match values.len().checked_rem(width) {
            Some(0) => Ok(Rows {
                store: Flat { values, width },
            }),
            Some(_) => Err(Error::SampleLength {
                sample: values.len() / width,
            }),
            None => Err(Error::SampleLength { sample: 0 }),
        }
    }
}

impl<'a, S: Sample + ?Sized> IntoIterator for Rows<'a, S> {
    type Item = &'a S;
    type IntoIter = S::Iter<'a>;

    fn into_iter(self) -> S::Iter<'a> {
        self.iter()
    }
}

impl<S: Sample + ?Sized> Clone for Rows<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: Sample + ?Sized> Copy for Rows<'_, S> {}

impl<S: Sample + ?Sized> core::fmt::Debug for Rows<'_, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
