//! Optimizers: how gradients become parameter updates.
//!
//! | optimizer | state per parameter | rule |
//! |---|---|---|
//! | [`Sgd`] | none | `p ← p − η·g` |
//! | [`Momentum`] | 1 value | `v ← μ·v + g`, `p ← p − η·v` |
//! | [`Adam`] | 2 values | see [`Adam`] |
//!
//! The state is a network-shaped value (`N` or two of them), so its size is known at compile
//! time: `size_of::<Trainer<N, O>>()` is the full RAM cost of training.

mod adam;
mod momentum;
mod sgd;

pub use adam::{Adam, AdamState};
pub use momentum::Momentum;
pub use sgd::Sgd;
pub(crate) use sgd::step_in_place as sgd_step_in_place;

use crate::error::{Error, Result};
use crate::layer::Parameters;

/// A rule that turns gradients into new parameters.
///
/// The trait is open: an optimizer of your own works with every network type and with
/// [`Trainer`](crate::Trainer), because it sees parameters only through
/// [`Parameters`]: layer by layer, as flat slices of weights and biases. Write its
/// arithmetic in one fixed order (never `mul_add`) to keep results bit-identical on every
/// target.
///
/// # Examples
///
/// Gradient descent with a learning rate halved at every step:
///
/// ```
/// use tinymlp::{Activation::Identity, Mlp1, Optimizer, Parameters};
///
/// #[derive(Clone)]
/// struct Halving;
///
/// impl Optimizer for Halving {
///     type State<N: Parameters> = f32; // the current learning rate
///
///     fn init<N: Parameters>(&self) -> f32 {
///         1.0
///     }
///
///     fn conform<N: Parameters>(&self, _: &mut f32, _: &N) -> tinymlp::Result<()> {
///         Ok(())
///     }
///
///     fn propose<N: Parameters>(&self, lr: &mut f32, params: &N, next: &mut N) -> bool {
///         let mut finite = true;
///         for (p, g) in params.layers().zip(next.layers_mut()) {
///             for (g, p) in g.weights.iter_mut().chain(g.biases.iter_mut())
///                 .zip(p.weights.iter().chain(p.biases))
///             {
///                 *g = p - *lr * *g;
///                 finite &= g.is_finite();
///             }
///         }
///         *lr *= 0.5;
///         finite
///     }
/// }
///
/// let mut net = Mlp1::<1, 1>::zeroed([Identity]);
/// let mut grads = Mlp1::<1, 1>::zeroed([Identity]);
/// let mut lr = Halving.init::<Mlp1<1, 1>>();
/// for _ in 0..2 {
///     grads.layers.0.weights = [[1.0]];
///     assert!(Halving.update(&mut lr, &mut net, &mut grads));
/// }
/// assert_eq!(net.layers.0.weights, [[-1.5]]);
/// ```
pub trait Optimizer: Clone {
    /// Per-parameter state kept between steps (moments).
    type State<N: Parameters>;

    /// Fresh state for a network of type `N`.
    fn init<N: Parameters>(&self) -> Self::State<N>;

    /// Gives `state` the shape of `like` (resetting it) if its shape differs; a no-op for the
    /// const-generic networks (see [`Parameters::conform`]).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfMemory`] if the state of a run-time-shaped network cannot be allocated.
    fn conform<N: Parameters>(&self, state: &mut Self::State<N>, like: &N) -> Result<()>;

    /// Computes one step: on entry `next` holds the gradients of `params`; on return it holds
    /// the proposed new parameters. `params` is not modified.
    ///
    /// Returns whether every proposed parameter is finite (a non-finite gradient makes its
    /// proposal non-finite, so this covers the gradients too).
    fn propose<N: Parameters>(&self, state: &mut Self::State<N>, params: &N, next: &mut N) -> bool;

    /// The learning rate η if this optimizer is plain gradient descent, `p ← p − η·g` with no
    /// state, as [`Sgd`] (the default: `None`). The trainer then updates each layer of a
    /// const-generic network during its backward pass instead of storing the gradients first;
    /// the numbers are the same.
    fn plain_rate(&self) -> Option<f32> {
        None
    }

    /// One step in place: if every new parameter is finite, `params` gets them and this
    /// returns `true`; otherwise `params` is unchanged and this returns `false` (the state
    /// may have moved: reset it). On entry `grads` holds the gradients of `params`; on return
    /// it holds unspecified values.
    ///
    /// It is [`propose`](Self::propose) followed by a copy, layer by layer.
    ///
    /// # Examples
    ///
    /// ```
    /// use tinymlp::{Activation::Identity, Mlp1, Optimizer, Sgd};
    ///
    /// let sgd = Sgd::new(0.5)?;
    /// let mut net = Mlp1::<1, 1>::zeroed([Identity]);
    /// let mut grads = Mlp1::<1, 1>::zeroed([Identity]);
    /// grads.layers.0.weights = [[2.0]];
    /// assert!(sgd.update(&mut (), &mut net, &mut grads));
    /// assert_eq!(net.layers.0.weights, [[-1.0]]);
    ///
    /// grads.layers.0.weights = [[f32::INFINITY]];
    /// assert!(!sgd.update(&mut (), &mut net, &mut grads));
    /// assert_eq!(net.layers.0.weights, [[-1.0]]); // unchanged
    /// # Ok::<(), tinymlp::Error>(())
    /// ```
    fn update<N: Parameters>(
        &self,
        state: &mut Self::State<N>,
        params: &mut N,
        grads: &mut N,
    ) -> bool {
        if !self.propose(state, params, grads) {
            return false;
        }
        for (p, new) in params.layers_mut().zip(grads.layers()) {
            p.weights
                .iter_mut()
                .zip(new.weights)
                .for_each(|(p, n)| *p = *n);
            p.biases
                .iter_mut()
                .zip(new.biases)
                .for_each(|(p, n)| *p = *n);
        }
        true
    }
}

/// Checks that a learning rate is finite and positive.
pub(crate) fn check_learning_rate(lr: f32) -> Result<f32> {
    if lr.is_finite() && lr > 0.0 {
        Ok(lr)
    } else {
        Err(Error::InvalidHyperparameter {
            name: "learning_rate",
        })
    }
}

/// Checks that a decay rate is in `[0, 1)`.
pub(crate) fn check_decay(value: f32, name: &'static str) -> Result<f32> {
    if (0.0..1.0).contains(&value) {
        Ok(value)
    } else {
        Err(Error::InvalidHyperparameter { name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(name: &'static str) -> Error {
        Error::InvalidHyperparameter { name }
    }

    #[test]
    fn learning_rates_must_be_finite_and_positive() {
        for lr in [0.0, -0.0, -0.5, f32::INFINITY, f32::NEG_INFINITY, f32::NAN] {
            assert_eq!(
                check_learning_rate(lr),
                Err(invalid("learning_rate")),
                "{lr}"
            );
            assert_eq!(Sgd::new(lr), Err(invalid("learning_rate")), "{lr}");
            assert_eq!(
                Momentum::new(lr, 0.5),
                Err(invalid("learning_rate")),
                "{lr}"
            );
            assert_eq!(Adam::new(lr), Err(invalid("learning_rate")), "{lr}");
        }
        for lr in [f32::MIN_POSITIVE, 1e-3, 1.0, 1e30] {
            assert_eq!(check_learning_rate(lr), Ok(lr));
            assert_eq!(Sgd::new(lr).map(|s| s.learning_rate()), Ok(lr));
        }
    }

    #[test]
    fn only_plain_sgd_is_updated_in_the_backward_pass() {
        assert_eq!(Sgd::new(0.5).unwrap().plain_rate(), Some(0.5));
        assert_eq!(Momentum::new(0.5, 0.9).unwrap().plain_rate(), None);
        assert_eq!(Adam::new(0.5).unwrap().plain_rate(), None);
    }

    #[test]
    fn decay_rates_must_be_in_zero_to_one() {
        for v in [-0.1, 1.0, 1.5, f32::NAN, f32::INFINITY] {
            assert_eq!(check_decay(v, "x"), Err(invalid("x")), "{v}");
            assert_eq!(Momentum::new(0.1, v), Err(invalid("momentum")), "{v}");
            assert_eq!(
                Adam::with(0.1, v, 0.999, 1e-8),
                Err(invalid("beta1")),
                "{v}"
            );
            assert_eq!(Adam::with(0.1, 0.9, v, 1e-8), Err(invalid("beta2")), "{v}");
        }
        for v in [0.0, 0.5, 0.999_999] {
            assert_eq!(check_decay(v, "x"), Ok(v));
            assert!(Momentum::new(0.1, v).is_ok());
            assert!(Adam::with(0.1, v, v, 1e-8).is_ok());
        }
    }

    #[test]
    fn adam_epsilon_must_be_finite_and_positive() {
        for eps in [0.0, -1e-8, f32::INFINITY, f32::NAN] {
            assert_eq!(
                Adam::with(0.1, 0.9, 0.999, eps),
                Err(invalid("epsilon")),
                "{eps}"
            );
        }
        // Epsilon is checked first.
        assert_eq!(Adam::with(-1.0, 2.0, 2.0, 0.0), Err(invalid("epsilon")));
        assert!(Adam::with(0.1, 0.9, 0.999, f32::MIN_POSITIVE).is_ok());
    }
}
