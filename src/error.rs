//! The crate's one error type.

use core::fmt;

/// Everything that can go wrong at run time.
///
/// Shape errors do not exist here: a network, its data and its training state have their
/// sizes in their types, so a mismatch does not compile. What remains is bad *values*:
/// data that is not finite, a hyper-parameter out of range, a training run that diverges.
/// Whenever one of these is returned, the network holds the last weights that were finite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A dataset, batch or slice of samples was empty.
    EmptyDataset,
    /// There were not as many targets (or output slots) as inputs.
    LengthMismatch {
        /// Number of input samples.
        inputs: usize,
        /// Number of targets.
        targets: usize,
    },
    /// An input value of this sample (0-based) is NaN or infinite.
    NonFiniteInput {
        /// Index of the offending sample.
        sample: usize,
    },
    /// A target value of this sample is NaN or infinite.
    NonFiniteTarget {
        /// Index of the offending sample.
        sample: usize,
    },
    /// A target of this sample is outside what the loss accepts: probabilities in `[0, 1]`
    /// for the cross-entropies, summing to 1 for the softmax cross-entropy.
    InvalidTarget {
        /// Index of the offending sample.
        sample: usize,
    },
    /// A hyper-parameter is out of range: a learning rate ≤ 0 or not finite, a momentum or
    /// Adam β outside `[0, 1)`, an ε ≤ 0, a batch size of 0, a fraction outside `[0, 1]`.
    InvalidHyperparameter {
        /// The parameter's name, as in the constructor that rejected it.
        name: &'static str,
    },
    /// The loss needs a different activation on the output layer: binary cross-entropy
    /// needs [`Sigmoid`](crate::Activation::Sigmoid), softmax cross-entropy needs
    /// [`Softmax`](crate::Activation::Softmax).
    LossActivationMismatch,
    /// Training produced a non-finite loss, gradient or weight. The update that would have
    /// produced it was not applied.
    Diverged {
        /// The epoch (0-based) in which it happened.
        epoch: usize,
    },
}

/// `core::result::Result` with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyDataset => f.write_str("the dataset is empty"),
            Error::LengthMismatch { inputs, targets } => {
                write!(f, "{inputs} input samples but {targets} targets")
            }
            Error::NonFiniteInput { sample } => {
                write!(f, "sample {sample} has a NaN or infinite input")
            }
            Error::NonFiniteTarget { sample } => {
                write!(f, "sample {sample} has a NaN or infinite target")
            }
            Error::InvalidTarget { sample } => {
                write!(f, "sample {sample} has a target the loss does not accept")
            }
            Error::InvalidHyperparameter { name } => write!(f, "invalid hyper-parameter `{name}`"),
            Error::LossActivationMismatch => {
                f.write_str("the loss does not match the output layer's activation")
            }
            Error::Diverged { epoch } => write!(
                f,
                "training diverged in epoch {epoch} (non-finite loss or weight); the last finite weights were kept"
            ),
        }
    }
}

impl core::error::Error for Error {}
