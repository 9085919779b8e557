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
    /// This sample has another number of inputs or targets than the network (only possible
    /// with the run-time-shaped [`DynMlp`](crate::net::DynMlp); the const-generic networks
    /// have the lengths in their types).
    SampleLength {
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
        /// The epoch (0-based) in which it happened (0 for a single step).
        epoch: usize,
    },
    /// A model file ends before its header says it should.
    Truncated,
    /// A model file does not start with the magic bytes `TMLP`.
    BadMagic,
    /// A model file has a format version this build cannot read.
    UnsupportedVersion {
        /// The version found in the file.
        found: u16,
    },
    /// A model file holds another number type than the network (e.g. a quantized model
    /// loaded as `f32`).
    UnsupportedDtype {
        /// The dtype code found in the file.
        found: u8,
    },
    /// A model file's dtype is not the one its format version stands for (version 1 holds
    /// `f32` parameters, dtype 0; version 2 holds int8 parameters, dtype 1).
    DtypeMismatch {
        /// The format version found in the file.
        version: u16,
        /// The dtype code found in the file.
        dtype: u8,
    },
    /// A model file's flags byte has a bit set that the format does not define (only bit 0,
    /// input standardization, is defined).
    BadFlags {
        /// The flags byte found in the file.
        flags: u8,
    },
    /// A model file's reserved header bytes are not zero.
    ReservedNotZero,
    /// A model file announces a network of no layers.
    NoLayers,
    /// A network of this size cannot be allocated: its parameter count overflows, or the
    /// memory is not available. Nothing was allocated.
    OutOfMemory {
        /// Bytes that were asked for (`usize::MAX` if the size overflows).
        bytes: usize,
    },
    /// A model file's CRC-32 does not match its contents: it is corrupted.
    ChecksumMismatch,
    /// A model file has bytes after its checksum.
    TrailingBytes,
    /// A model file's depth or layer sizes differ from the network type it is loaded as.
    ShapeMismatch,
    /// A model file names an activation this build does not know, or one that differs from
    /// what the network type requires.
    UnknownActivation {
        /// The activation code found in the file.
        code: u8,
    },
    /// A model file holds a NaN or infinite parameter or statistic.
    NonFiniteParameter,
    /// A network cannot be quantized: a value range does not fit the integer formats (an
    /// `i32` accumulator could overflow, or a scale is out of range).
    QuantizationRange,
    /// The output buffer is too small for the encoded model.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
    },
}

impl Error {
    /// A fixed description of the error's kind, without its fields; usable in `const`
    /// contexts (it is the compile-time message of [`include_model!`](crate::include_model)).
    pub const fn as_str(&self) -> &'static str {
        match self {
            Error::EmptyDataset => "the dataset is empty",
            Error::LengthMismatch { .. } => "inputs and targets differ in length",
            Error::NonFiniteInput { .. } => "an input is NaN or infinite",
            Error::NonFiniteTarget { .. } => "a target is NaN or infinite",
            Error::InvalidTarget { .. } => "a target is not accepted by the loss",
            Error::SampleLength { .. } => "a sample's length differs from the network's",
            Error::InvalidHyperparameter { .. } => "a hyper-parameter is out of range",
            Error::LossActivationMismatch => "the loss does not match the output activation",
            Error::Diverged { .. } => "training diverged",
            Error::Truncated => "the model file is truncated",
            Error::BadMagic => "not a tinymlp model file (bad magic bytes)",
            Error::UnsupportedVersion { .. } => "unsupported model format version",
            Error::UnsupportedDtype { .. } => {
                "the model file holds another number type than the network"
            }
            Error::DtypeMismatch { .. } => "the model file's dtype and version disagree",
            Error::BadFlags { .. } => "the model file sets undefined flags",
            Error::ReservedNotZero => "the model file's reserved bytes are not zero",
            Error::NoLayers => "the model file has no layers",
            Error::OutOfMemory { .. } => "the network is too large to allocate",
            Error::ChecksumMismatch => "the model file is corrupted (CRC-32 mismatch)",
            Error::TrailingBytes => "the model file has bytes after its checksum",
            Error::ShapeMismatch => "the model file's layer sizes differ from the network type",
            Error::UnknownActivation { .. } => "the model file's activation is unknown",
            Error::NonFiniteParameter => "the model file holds a NaN or infinite parameter",
            Error::BufferTooSmall { .. } => "the output buffer is too small for the model",
            Error::QuantizationRange => "the network's values do not fit the integer formats",
        }
    }
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
            Error::SampleLength { sample } => {
                write!(
                    f,
                    "sample {sample} has another number of values than the network"
                )
            }
            Error::InvalidTarget { sample } => {
                write!(f, "sample {sample} has a target the loss does not accept")
            }
            Error::InvalidHyperparameter { name } => write!(f, "invalid hyper-parameter `{name}`"),
            Error::LossActivationMismatch => {
                f.write_str("the loss does not match the output layer's activation")
            }
            Error::UnsupportedVersion { found } => {
                write!(
                    f,
                    "unsupported model format version {found} (this build reads versions 1 and 2)"
                )
            }
            Error::UnsupportedDtype { found } => {
                write!(f, "{} (dtype code {found})", self.as_str())
            }
            Error::UnknownActivation { code } => write!(f, "{} (code {code})", self.as_str()),
            Error::OutOfMemory { bytes } => write!(f, "{} ({bytes} bytes)", self.as_str()),
            Error::BufferTooSmall { needed } => {
                write!(f, "{} ({needed} bytes needed)", self.as_str())
            }
            Error::Truncated
            | Error::DtypeMismatch { .. }
            | Error::BadFlags { .. }
            | Error::ReservedNotZero
            | Error::NoLayers
            | Error::BadMagic
            | Error::ChecksumMismatch
            | Error::TrailingBytes
            | Error::ShapeMismatch
            | Error::NonFiniteParameter
            | Error::QuantizationRange => f.write_str(self.as_str()),
            Error::Diverged { epoch } => write!(
                f,
                "training diverged in epoch {epoch} (non-finite loss or weight); the last finite weights were kept"
            ),
        }
    }
}

impl core::error::Error for Error {}
