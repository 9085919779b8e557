use super::{Optimizer, check_learning_rate};
use crate::error::Result;
use crate::kernel::update;
use crate::layer::Parameters;

/// Plain (stochastic) gradient descent: `p ← p − η·g`. No state.
///
/// # Examples
///
/// ```
/// use tinymlp::Sgd;
///
/// let sgd = Sgd::new(0.1)?;
/// assert_eq!(sgd.learning_rate(), 0.1);
/// assert!(Sgd::new(0.0).is_err());
/// assert!(Sgd::new(f32::NAN).is_err());
/// # Ok::<(), tinymlp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sgd {
    lr: f32,
}

impl Sgd {
    /// Gradient descent with learning rate `learning_rate` (η).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) unless
    /// `learning_rate` is finite and positive.
    pub fn new(learning_rate: f32) -> Result<Self> {
        Ok(Sgd {
            lr: check_learning_rate(learning_rate)?,
        })
    }

    /// The learning rate η.
    pub fn learning_rate(&self) -> f32 {
        self.lr
    }
}

impl Optimizer for Sgd {
    type State<N: Parameters> = ();

    fn init<N: Parameters>(&self) -> Self::State<N> {}

    fn conform<N: Parameters>(&self, _: &mut (), _: &N) -> Result<()> {
        Ok(())
    }

    #[inline]
    fn propose<N: Parameters>(&self, _: &mut (), params: &N, next: &mut N) -> bool {
        let mut finite = true;
        for (p, g) in params.layers().zip(next.layers_mut()) {
            finite &= update::sgd(p.weights, g.weights, self.lr);
            finite &= update::sgd(p.biases, g.biases, self.lr);
        }
        finite
    }

    fn plain_rate(&self) -> Option<f32> {
        Some(self.lr)
    }

    /// In place, in one pass: each tensor is updated while its old values are kept in the
    /// gradients' place, and put back only if some new value is not finite.
    #[inline]
    fn update<N: Parameters>(&self, _: &mut (), params: &mut N, grads: &mut N) -> bool {
        step_in_place(params, grads, self.lr)
    }
}

/// `p ← p − η·g` for every parameter of `params`, in place: on entry `grads` holds the
/// gradients, on return the old values. Undone if some new value is not finite; returns
/// whether the step was made.
#[inline]
pub(crate) fn step_in_place<N: Parameters>(params: &mut N, grads: &mut N, lr: f32) -> bool {
    let finite = params.zip_tensors_mut(grads, |p, g| update::sgd_in_place(p, g, lr));
    if !finite {
        params.zip_tensors_mut(grads, update::restore);
    }
    finite
}
