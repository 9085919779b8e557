//! Fine-tuning: retrain only the output layer of a network that stays read-only (in flash).

use core::ops::ControlFlow;

use super::{Schedule, Summary, Trainer};
use crate::data::{Dataset, Vector};
use crate::error::{Error, Result};
use crate::loss::Loss;
use crate::net::{Mlp1, Mlp2, Mlp3, Mlp4, Mlp5, Network};
use crate::optim::Optimizer;

/// A network that splits into a frozen body and a trainable output layer (its *head*).
///
/// Implemented by [`Mlp2`](crate::Mlp2) … [`Mlp5`](crate::Mlp5): the body is the input
/// standardization and every layer but the last; the head is the last layer, as an
/// [`Mlp1`](crate::Mlp1).
pub trait Headed: Network<Output: Vector> {
    /// What the body hands to the head: `[f32; H]` for a last hidden layer of width `H`.
    type Features: Vector;
    /// The output layer as a one-layer network.
    type Head: Network<Input = Self::Features, Output = Self::Output>;

    /// The body's output for one raw input.
    fn features(&self, x: &Self::Input) -> Self::Features;

    /// A copy of the output layer.
    fn head(&self) -> Self::Head;

    /// Replaces the output layer.
    fn set_head(&mut self, head: &Self::Head);

    /// The network's output for one raw input, with `head` as its output layer.
    fn predict_with_head(&self, head: &Self::Head, x: &Self::Input) -> Self::Output;
}

/// Trains the output layer of a network whose other layers stay untouched — and may stay in
/// flash.
///
/// The base network is only borrowed (typically a `static` decoded with
/// [`include_model!`](crate::include_model)); the fine-tuner holds a RAM copy of the output
/// layer and the optimizer state for it, nothing more. Its size,
/// `size_of::<FineTuner<'_, N, O>>()`, is known at compile time.
///
/// # Examples
///
/// ```
/// use tinymlp::{Activation::*, Loss, Mlp2, Rng, Sgd, train::FineTuner};
///
/// static BASE: Mlp2<2, 2, 1> = tinymlp::include_model!(Mlp2<2, 2, 1>, "../../tests/fixtures/xor-2-2-1.tmlp");
///
/// let mut tuner = FineTuner::new(&BASE, Sgd::new(0.5)?, Loss::BinaryCrossEntropy);
/// assert_eq!(tuner.predict(&[0.0, 1.0]), BASE.predict(&[0.0, 1.0]));
/// // New data says (1, 1) is now class 1: adapt the output layer online.
/// for _ in 0..200 {
///     tuner.step(&[1.0, 1.0], &[1.0])?;
/// }
/// assert_eq!(tuner.classify(&[1.0, 1.0]), 1);
/// # Ok::<(), tinymlp::Error>(())
/// ```
pub struct FineTuner<'a, N: Headed, O: Optimizer> {
    base: &'a N,
    head: N::Head,
    trainer: Trainer<N::Head, O>,
}

impl<'a, N: Headed, O: Optimizer> FineTuner<'a, N, O> {
    /// Starts from `base`'s output layer.
    pub fn new(base: &'a N, optimizer: O, loss: Loss) -> Self {
        FineTuner {
            base,
            head: base.head(),
            trainer: Trainer::new(optimizer, loss),
        }
    }

    /// The network's output for one raw input, with the current head.
    pub fn predict(&self, x: &N::Input) -> N::Output {
        self.base.predict_with_head(&self.head, x)
    }

    /// The class of one raw input (see [`Network::class_of`]).
    pub fn classify(&self, x: &N::Input) -> usize {
        N::class_of(&self.predict(x))
    }

    /// One online update of the head from one sample; returns the sample's loss.
    ///
    /// # Errors
    ///
    /// As [`Trainer::step`].
    pub fn step(&mut self, x: &N::Input, y: &N::Output) -> Result<f32> {
        if !x.as_ref().iter().all(|v| v.is_finite()) {
            return Err(Error::NonFiniteInput { sample: 0 });
        }
        self.trainer.step(&mut self.head, &self.base.features(x), y)
    }

    /// Trains the head on `data` as planned by `schedule`. The body's outputs are computed
    /// once into `features` (one entry per sample; the body never changes), then training
    /// proceeds as [`Trainer::fit`] on them.
    ///
    /// # Errors
    ///
    /// [`Error::LengthMismatch`] if `features` is not as long as `data`; otherwise as
    /// [`Trainer::fit`].
    pub fn fit(
        &mut self,
        data: &Dataset<'_, N::Input, N::Output>,
        features: &mut [N::Features],
        schedule: &Schedule,
        on_epoch: impl FnMut(super::Progress) -> ControlFlow<()>,
    ) -> Result<Summary> {
        if features.len() != data.len() {
            return Err(Error::LengthMismatch {
                inputs: data.len(),
                targets: features.len(),
            });
        }
        for (f, x) in features.iter_mut().zip(data.inputs()) {
            *f = self.base.features(x);
        }
        let features = Dataset::new(features, data.targets())?;
        self.trainer
            .fit(&mut self.head, &features, schedule, on_epoch)
    }

    /// The current head.
    pub fn head(&self) -> &N::Head {
        &self.head
    }

    /// The base network with the fine-tuned head, as a new value (a RAM copy of the whole
    /// network, e.g. to save it with `to_bytes`).
    pub fn to_network(&self) -> N {
        let mut net = self.base.clone();
        net.set_head(&self.head);
        net
    }
}

/// Implements [`Headed`]: the body is the standardization and the listed layers, the head the
/// last layer.
macro_rules! headed {
    ($name:ident<$($dim:ident),+>, input $in:ident, output $out:ident, body [$($b:tt),*], last $last:tt: $hl:ident) => {
        impl<$(const $dim: usize),+> Headed for $name<$($dim),+> {
            type Features = [f32; $hl];
            type Head = Mlp1<$hl, $out>;

            fn features(&self, x: &[f32; $in]) -> [f32; $hl] {
                let a = self.standardize(x);
                $(let a = self.layers.$b.forward(&a);)*
                a
            }

            fn head(&self) -> Mlp1<$hl, $out> {
                Mlp1 { standardizer: None, layers: (self.layers.$last,) }
            }

            fn set_head(&mut self, head: &Mlp1<$hl, $out>) {
                self.layers.$last = head.layers.0;
            }

            fn predict_with_head(&self, head: &Mlp1<$hl, $out>, x: &[f32; $in]) -> [f32; $out] {
                head.predict(&self.features(x))
            }
        }
    };
}

headed!(Mlp2<I, H, O>, input I, output O, body [0], last 1: H);
headed!(Mlp3<I, H1, H2, O>, input I, output O, body [0, 1], last 2: H2);
headed!(Mlp4<I, H1, H2, H3, O>, input I, output O, body [0, 1, 2], last 3: H3);
headed!(Mlp5<I, H1, H2, H3, H4, O>, input I, output O, body [0, 1, 2, 3], last 4: H4);
