use super::{Optimizer, check_decay, check_learning_rate};
use crate::error::{Error, Result};
use crate::kernel::update::{self, AdamStep};
use crate::layer::Parameters;

/// Adam (Kingma & Ba, 2015): per-parameter step sizes from running moments of the gradient.
///
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `p ← p − η·m̂ / (√v̂ + ε)` with the
/// bias-corrected `m̂ = m / (1 − β₁ᵗ)`, `v̂ = v / (1 − β₂ᵗ)`. The powers `β₁ᵗ`, `β₂ᵗ` are
/// kept as running products (never `powf`), so they are exact to the last bit on every
/// target.
///
/// # Examples
///
/// ```
/// use tinymlp::Adam;
///
/// let adam = Adam::new(0.01)?; // β₁ = 0.9, β₂ = 0.999, ε = 1e-8
/// let custom = Adam::with(0.01, 0.8, 0.99, 1e-7)?;
/// # Ok::<(), tinymlp::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adam {
    lr: f32,
    beta1: f32,
    beta2: f32,
    epsilon: f32,
}

/// Adam's state: the two moments and the running powers of β₁ and β₂.
#[derive(Clone, Debug)]
pub struct AdamState<N> {
    /// First moment (mean of the gradients).
    pub m: N,
    /// Second moment (mean of the squared gradients).
    pub v: N,
    beta1_t: f32,
    beta2_t: f32,
}

impl Adam {
    /// Adam with learning rate η and the usual β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHyperparameter`] unless η is finite and positive.
    pub fn new(learning_rate: f32) -> Result<Self> {
        Self::with(learning_rate, 0.9, 0.999, 1e-8)
    }

    /// Adam with every constant chosen.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHyperparameter`] unless η is finite and positive, β₁ and β₂ are in
    /// `[0, 1)` and ε is finite and positive.
    pub fn with(learning_rate: f32, beta1: f32, beta2: f32, epsilon: f32) -> Result<Self> {
        if !(epsilon.is_finite() && epsilon > 0.0) {
            return Err(Error::InvalidHyperparameter { name: "epsilon" });
        }
        Ok(Adam {
            lr: check_learning_rate(learning_rate)?,
            beta1: check_decay(beta1, "beta1")?,
            beta2: check_decay(beta2, "beta2")?,
            epsilon,
        })
    }
}

impl Optimizer for Adam {
    type State<N: Parameters> = AdamState<N>;

    fn init<N: Parameters>(&self) -> AdamState<N> {
        AdamState {
            m: N::zeroed(),
            v: N::zeroed(),
            beta1_t: 1.0,
            beta2_t: 1.0,
        }
    }

    fn conform<N: Parameters>(&self, state: &mut AdamState<N>, like: &N) -> Result<()> {
        let same = state
            .m
            .layers()
            .map(|l| (l.weights.len(), l.biases.len()))
            .eq(like.layers().map(|l| (l.weights.len(), l.biases.len())));
        if !same {
            // Another network: start over, bias correction included.
            *state = self.init();
            state.m.conform(like)?;
            state.v.conform(like)?;
        }
        Ok(())
    }

    fn propose<N: Parameters>(&self, state: &mut AdamState<N>, params: &N, next: &mut N) -> bool {
        state.beta1_t *= self.beta1;
        state.beta2_t *= self.beta2;
        let step = AdamStep {
            lr: self.lr,
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
            correction1: 1.0 - state.beta1_t,
            correction2: 1.0 - state.beta2_t,
        };
        let moments = state.m.layers_mut().zip(state.v.layers_mut());
        let mut finite = true;
        for ((p, g), (m, v)) in params.layers().zip(next.layers_mut()).zip(moments) {
            finite &= update::adam(p.weights, g.weights, m.weights, v.weights, &step);
            finite &= update::adam(p.biases, g.biases, m.biases, v.biases, &step);
        }
        finite
    }
}
