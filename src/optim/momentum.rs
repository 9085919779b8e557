use super::{Optimizer, check_decay, check_learning_rate};
use crate::error::Result;
use crate::kernel::update;
use crate::layer::Parameters;

/// Gradient descent with (heavy-ball) momentum: `v ← μ·v + g`, `p ← p − η·v`.
///
/// The velocity `v` is one network-shaped value of state.
///
/// # Examples
///
/// ```
/// use tinymlp::Momentum;
///
/// let opt = Momentum::new(0.05, 0.9)?;
/// assert!(Momentum::new(0.05, 1.0).is_err()); // μ must be in [0, 1)
/// # Ok::<(), tinymlp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Momentum {
    lr: f32,
    mu: f32,
}

impl Momentum {
    /// Momentum descent with learning rate η and momentum μ.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHyperparameter`](crate::Error::InvalidHyperparameter) unless η is
    /// finite and positive and μ is in `[0, 1)`.
    pub fn new(learning_rate: f32, momentum: f32) -> Result<Self> {
        Ok(Momentum {
            lr: check_learning_rate(learning_rate)?,
            mu: check_decay(momentum, "momentum")?,
        })
    }
}

impl Optimizer for Momentum {
    type State<N: Parameters> = N;

    fn init<N: Parameters>(&self) -> N {
        N::zeroed()
    }

    fn conform<N: Parameters>(&self, velocity: &mut N, like: &N) -> Result<()> {
        velocity.conform(like)
    }

    fn propose<N: Parameters>(&self, velocity: &mut N, params: &N, next: &mut N) -> bool {
        let mut finite = true;
        let layers = params.layers().zip(next.layers_mut());
        for ((p, g), v) in layers.zip(velocity.layers_mut()) {
            finite &= update::momentum(p.weights, g.weights, v.weights, self.lr, self.mu);
            finite &= update::momentum(p.biases, g.biases, v.biases, self.lr, self.mu);
        }
        finite
    }
}
