//! Input standardization: zero mean, unit variance per feature.

use super::Rows;
use crate::error::{Error, Result};

/// Per-feature standardization `x′ = (x − mean) · scale`, with `scale = 1 / std`.
///
/// Fitted once on the training inputs and then stored in the network
/// (`standardizer` field of [`Mlp2`](crate::Mlp2) and friends), so the network takes raw
/// inputs from then on — on the desktop and in firmware alike.
///
/// # Examples
///
/// ```
/// use tinymlp::Standardizer;
///
/// let xs = [[1.0, 10.0], [3.0, 10.0]];
/// let s = Standardizer::fit(&xs)?;
/// assert_eq!(s.mean, [2.0, 10.0]);
/// assert_eq!(s.apply(&[3.0, 10.0]), [1.0, 0.0]); // a constant feature is only centred
/// # Ok::<(), tinymlp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standardizer<const I: usize> {
    /// Mean of each feature over the fitting data.
    pub mean: [f32; I],
    /// `1 / std` of each feature (population standard deviation), or 1 for a feature that
    /// is constant in the fitting data.
    pub scale: [f32; I],
}

impl<const I: usize> Standardizer<I> {
    /// The standardization that changes nothing (mean 0, scale 1).
    pub const IDENTITY: Self = Standardizer {
        mean: [0.0; I],
        scale: [1.0; I],
    };

    /// Fits mean and standard deviation of every feature. The sums are taken in `f64`, in
    /// sample order, so the result is the same on every target.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyDataset`] for no samples, [`Error::NonFiniteInput`] for a NaN or
    /// infinite value.
    pub fn fit<'a>(inputs: impl Into<Rows<'a, [f32; I]>>) -> Result<Self> {
        let inputs = inputs.into().as_slice();
        if inputs.is_empty() {
            return Err(Error::EmptyDataset);
        }
        if let Some(sample) = inputs.iter().position(|x| !x.iter().all(|v| v.is_finite())) {
            return Err(Error::NonFiniteInput { sample });
        }
        let mut s = Self::IDENTITY;
        fit_columns(inputs.iter().map(|x| &x[..]), &mut s.mean, &mut s.scale);
        Ok(s)
    }

    /// Standardizes one input.
    #[inline]
    pub fn apply(&self, x: &[f32; I]) -> [f32; I] {
        let mut out = [0.0; I];
        for (o, v) in out.iter_mut().zip(standardized(&self.mean, &self.scale, x)) {
            *o = v;
        }
        out
    }

    /// Maps a standardized input back to raw units.
    #[inline]
    pub fn invert(&self, x: &[f32; I]) -> [f32; I] {
        let mut out = [0.0; I];
        for (((o, x), m), s) in out.iter_mut().zip(x).zip(&self.mean).zip(&self.scale) {
            *o = x / s + m;
        }
        out
    }
}

/// `(x − mean)·scale`, element by element: the one formula of standardization, for typed
/// inputs, slices and lane blocks alike.
#[inline(always)]
pub(crate) fn standardized<'a>(
    mean: &'a [f32],
    scale: &'a [f32],
    x: &'a [f32],
) -> impl Iterator<Item = f32> + 'a {
    x.iter().zip(mean).zip(scale).map(|((x, m), s)| (x - m) * s)
}

/// Fits the mean and `1 / std` of every column of `rows` (all finite, at least one), one
/// column at a time, summing in `f64` in row order; a constant column gets scale 1.
pub(crate) fn fit_columns<'a, R>(rows: R, mean: &mut [f32], scale: &mut [f32])
where
    R: Iterator<Item = &'a [f32]> + Clone,
{
    let n = rows.clone().count() as f64;
    for (k, (sm, ss)) in mean.iter_mut().zip(scale.iter_mut()).enumerate() {
        let column = rows.clone().filter_map(|r| r.get(k)).map(|&v| v as f64);
        let m = column.clone().sum::<f64>() / n;
        let var = column.map(|v| (v - m) * (v - m)).sum::<f64>();
        let std = libm::sqrt(var / n);
        let inv = (1.0 / std) as f32;
        *sm = m as f32;
        *ss = if std > 0.0 && inv.is_finite() {
            inv
        } else {
            1.0
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardized_training_data_has_zero_mean_and_unit_variance() {
        let xs: [[f32; 2]; 5] = [[1.0, -3.0], [2.0, 5.0], [4.0, 1.0], [8.0, 0.0], [16.0, 2.0]];
        let s = Standardizer::fit(&xs).unwrap();
        let t: [[f32; 2]; 5] = xs.map(|x| s.apply(&x));
        for f in 0..2 {
            let mean: f32 = t.iter().map(|x| x[f]).sum::<f32>() / 5.0;
            let var: f32 = t.iter().map(|x| x[f] * x[f]).sum::<f32>() / 5.0;
            assert!(
                mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-5,
                "feature {f}: {mean} {var}"
            );
        }
        let back = s.invert(&t[3]);
        assert!((back[0] - 8.0).abs() < 1e-5 && back[1].abs() < 1e-5);
    }

    #[test]
    fn bad_data_is_rejected() {
        assert_eq!(Standardizer::<2>::fit(&[]), Err(Error::EmptyDataset));
        assert_eq!(
            Standardizer::fit(&[[0.0, 1.0], [f32::NAN, 0.0]]),
            Err(Error::NonFiniteInput { sample: 1 })
        );
    }
}
