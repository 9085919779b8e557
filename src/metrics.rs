//! Evaluation: accuracy, mean loss, confusion matrix.

use core::borrow::Borrow;

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::loss::Loss;
use crate::net::{Network, class_of};

/// Fraction of samples whose predicted class ([`Network::class_of`]) equals the target's.
///
/// # Errors
///
/// [`Error::SampleLength`] for a sample of another length than the network's (only possible
/// with a run-time-shaped network).
///
/// # Examples
///
/// ```
/// use tinymlp::{Activation::*, Dataset, Mlp1, metrics};
///
/// // A hand-set logistic regression: class 1 iff x0 + x1 > 0.
/// let mut net = Mlp1::<2, 1>::zeroed([Sigmoid]);
/// net.layers.0.weights = [[4.0, 4.0]];
/// let xs = [[1.0, 1.0], [-1.0, -2.0], [2.0, -1.0], [-3.0, 1.0]];
/// let ys = [[1.0], [0.0], [1.0], [1.0]];
/// assert_eq!(metrics::accuracy(&net, &Dataset::new(&xs, &ys)?)?, 0.75);
/// # Ok::<(), tinymlp::Error>(())
/// ```
pub fn accuracy<N: Network>(net: &N, data: &Dataset<'_, N::Input, N::Output>) -> Result<f32> {
    let mut hits = 0usize;
    for (x, y) in data.inputs().iter().zip(data.targets()) {
        hits += usize::from(N::class_of(net.predict(x)?.borrow()) == class_of(y.as_ref()));
    }
    Ok(hits as f32 / data.len() as f32)
}

/// Mean of `loss` over the samples (the sum taken in sample order).
///
/// # Errors
///
/// [`Error::LossActivationMismatch`] if `loss` does not fit the output layer,
/// [`Error::SampleLength`] as in [`accuracy`].
pub fn mean_loss<N: Network>(
    net: &N,
    data: &Dataset<'_, N::Input, N::Output>,
    loss: Loss,
) -> Result<f32> {
    let act = net.output_activation();
    loss.check_output(act)?;
    let mut sum = 0.0f32;
    for (x, y) in data.inputs().iter().zip(data.targets()) {
        let (a, z) = net.predict_with_logits(x)?;
        sum += loss.value(act, z.as_ref(), a.as_ref(), y.as_ref());
    }
    Ok(sum / data.len() as f32)
}

/// Counts of (true class, predicted class) pairs for `K` classes.
///
/// `counts[t][p]` is the number of samples of true class `t` predicted as `p`.
///
/// # Examples
///
/// ```
/// use tinymlp::{Activation::*, ConfusionMatrix, Dataset, Mlp1};
///
/// let mut net = Mlp1::<1, 1>::zeroed([Sigmoid]);
/// net.layers.0.weights = [[1.0]];
/// let xs = [[2.0], [-2.0], [3.0]];
/// let ys = [[1.0], [1.0], [0.0]];
/// let cm = ConfusionMatrix::<2>::of(&net, &Dataset::new(&xs, &ys)?)?;
/// assert_eq!(cm.counts, [[0, 1], [1, 1]]);
/// assert_eq!(cm.recall(1), Some(0.5));
/// # Ok::<(), tinymlp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfusionMatrix<const K: usize> {
    /// `counts[true][predicted]`.
    pub counts: [[u32; K]; K],
}

impl<const K: usize> ConfusionMatrix<K> {
    /// Evaluates `net` on `data`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHyperparameter`] (`"classes"`) if `K` is smaller than the number of
    /// classes the network can output (2 for one output, else its number of outputs);
    /// [`Error::SampleLength`] as in [`accuracy`].
    pub fn of<N: Network>(net: &N, data: &Dataset<'_, N::Input, N::Output>) -> Result<Self> {
        if K < net.outputs().max(2) {
            return Err(Error::InvalidHyperparameter { name: "classes" });
        }
        let mut counts = [[0u32; K]; K];
        for (x, y) in data.inputs().iter().zip(data.targets()) {
            let t = class_of(y.as_ref());
            let p = N::class_of(net.predict(x)?.borrow());
            if let Some(c) = counts.get_mut(t).and_then(|row| row.get_mut(p)) {
                *c = c.saturating_add(1);
            }
        }
        Ok(ConfusionMatrix { counts })
    }

    /// Number of samples counted.
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }

    /// Fraction of samples on the diagonal (`None` if there are none).
    pub fn accuracy(&self) -> Option<f32> {
        let hits: u32 = self
            .counts
            .iter()
            .enumerate()
            .filter_map(|(k, row)| row.get(k))
            .sum();
        ratio(hits, self.total())
    }

    /// Of the samples of true class `k`, the fraction predicted as `k`.
    pub fn recall(&self, k: usize) -> Option<f32> {
        let row = self.counts.get(k)?;
        ratio(*row.get(k)?, row.iter().sum())
    }

    /// Of the samples predicted as `k`, the fraction truly of class `k`.
    pub fn precision(&self, k: usize) -> Option<f32> {
        let hits = *self.counts.get(k)?.get(k)?;
        ratio(hits, self.counts.iter().filter_map(|row| row.get(k)).sum())
    }
}

fn ratio(a: u32, b: u32) -> Option<f32> {
    (b > 0).then(|| a as f32 / b as f32)
}
