//! ONNX import and export: an ONNX graph that is an MLP becomes a tinymlp network, and a
//! tinymlp network becomes a standard ONNX graph.
//!
//! The layers, in the order the bytes go through them:
//!
//! 1. [`proto`]: the protobuf messages (`prost`), hand-written for the fields used.
//! 2. [`tensor`]: constant tensors (initializers, `Constant` nodes) read into numbers.
//! 3. [`chain`]: the graph walked from its input, node by node, into dense layers, input
//!    standardization and the classifier's label outputs, which are dropped.
//! 4. [`export`]: a network written back as `Gemm` and activation nodes.
//!
//! [`Mlp::from_bytes`] never panics, whatever the bytes: every failure is an [`Error`] whose
//! message names what is wrong (for a node: its name, its operator and why).

pub mod chain;
pub mod export;
pub mod proto;
pub mod tensor;

use std::fmt;

use prost::Message as _;
use tinymlp::net::DynMlp;
use tinymlp::{Activation, Parameters as _, Rng};

pub use chain::{Layer, Mlp};
pub use export::to_bytes;

/// The `ai.onnx` operator sets that import reads: 9 (2019) to 28, the newest that the
/// `onnx` package of the fixtures knows. The operators of a chain of dense layers have not
/// changed meaning over these versions, except `Softmax`'s default axis (opset 13), which
/// import reads per version.
pub const OPSETS: std::ops::RangeInclusive<i64> = 9..=28;

/// The key of the model metadata where export lists the activations by their tinymlp names,
/// so that `fast-tanh` and the other approximations come back as they were.
pub const ACTIVATIONS_KEY: &str = "tinymlp.activations";

/// Why an ONNX file cannot be imported.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not an ONNX model (a truncated file, another format).
    NotOnnx(String),
    /// The model as a whole is not supported: its operator sets, its inputs, no graph.
    Model(String),
    /// A constant tensor cannot be read: what it is, then why.
    Tensor(String),
    /// A node that does not fit a chain of dense layers.
    Node {
        /// `'name'`, or `#index` for a node without a name.
        node: String,
        /// The operator (with its domain if not `ai.onnx`).
        op: String,
        /// Why it is not supported.
        why: String,
    },
    /// The network found does not make a tinymlp model.
    Network(String),
}

impl fmt::Display for Error {
    /// One line: control characters of the names taken from the file (a node named `"a\nb"`)
    /// are escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Error::NotOnnx(m) => format!("not an ONNX model: {m}"),
            Error::Model(m) | Error::Tensor(m) | Error::Network(m) => m.clone(),
            Error::Node { node, op, why } => format!("node {node} ({op}): {why}"),
        };
        for c in message.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// What to import.
#[derive(Clone, Debug, Default)]
pub struct Options<'a> {
    /// The graph input to start from; needed only if the graph has several.
    pub input: Option<&'a str>,
    /// The value where the network ends; by default, where the chain of layers ends (the
    /// classifier's label outputs after it are dropped).
    pub output: Option<&'a str>,
    /// The largest number of weights and biases accepted (0: no limit).
    pub max_parameters: usize,
}

/// The model's description, for the summary: producer and operator set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origin {
    /// `producer_name producer_version`, e.g. `skl2onnx 1.20.0`, or `unknown producer`.
    pub producer: String,
    /// The `ai.onnx` operator set version.
    pub opset: i64,
}

impl Mlp {
    /// Reads an ONNX model file and matches its graph to a chain of dense layers.
    ///
    /// # Errors
    ///
    /// [`Error`]: bytes that are not an ONNX model, an operator set outside [`OPSETS`], a
    /// node that is not part of an MLP, a tensor that cannot be read.
    pub fn from_bytes(bytes: &[u8], options: &Options<'_>) -> Result<Mlp, Error> {
        let model = proto::ModelProto::decode(bytes)
            .map_err(|e| Error::NotOnnx(format!("{e} (a truncated file, or another format?)")))?;
        let Some(graph) = &model.graph else {
            return Err(Error::NotOnnx(
                "the file holds no graph (an empty or truncated file, or another format?)".into(),
            ));
        };
        let opset = ai_onnx_opset(&model)?;
        let origin = Origin {
            producer: match (&model.producer_name, &model.producer_version) {
                (Some(n), Some(v)) if !n.is_empty() => format!("{n} {v}"),
                (Some(n), _) if !n.is_empty() => n.clone(),
                _ => "unknown producer".into(),
            },
            opset,
        };
        let mut mlp = chain::match_graph(graph, opset, options, origin)?;
        restore_activations(&model, &mut mlp);
        Ok(mlp)
    }

    /// The tinymlp network of these layers.
    ///
    /// # Errors
    ///
    /// [`Error::Network`] if the library refuses the shape or the standardization (a NaN or
    /// infinite mean or scale).
    pub fn to_network(&self) -> Result<DynMlp, Error> {
        let specs: Vec<(usize, Activation)> = self
            .layers
            .iter()
            .map(|l| (l.outputs, l.activation))
            .collect();
        let mut net = DynMlp::new(self.inputs, &specs, &mut Rng::new(0))
            .map_err(|e| Error::Network(format!("tinymlp refuses the layers: {e}")))?;
        for (dst, src) in net.layers_mut().zip(&self.layers) {
            if dst.weights.len() != src.weights.len() || dst.biases.len() != src.biases.len() {
                return Err(Error::Network(format!(
                    "layer of {} × {}: wrong parameter count",
                    src.outputs, src.inputs
                )));
            }
            dst.weights.copy_from_slice(&src.weights);
            dst.biases.copy_from_slice(&src.biases);
        }
        if let Some(s) = &self.standardization {
            net.set_standardization(Some((s.mean.clone(), s.scale.clone())))
                .map_err(|e| Error::Network(format!("{}: {e}", s.node)))?;
        }
        Ok(net)
    }
}

/// The version of the `ai.onnx` operator set, checked against [`OPSETS`].
fn ai_onnx_opset(model: &proto::ModelProto) -> Result<i64, Error> {
    let mut opset = None;
    for set in &model.opset_import {
        let version = set.version.unwrap_or(0);
        match set.domain.as_deref().unwrap_or("") {
            "" | "ai.onnx" => opset = Some(version),
            "ai.onnx.ml" if !(1..=5).contains(&version) => {
                return Err(Error::Model(format!(
                    "the model uses version {version} of the ai.onnx.ml operator set; import \
                     reads versions 1 to 5"
                )));
            }
            _ => {}
        }
    }
    let Some(opset) = opset else {
        return Err(Error::Model(
            "the model declares no ai.onnx operator set (opset_import)".into(),
        ));
    };
    if !OPSETS.contains(&opset) {
        return Err(Error::Model(format!(
            "the model uses opset {opset}; import reads opsets {} to {} (convert it with \
             onnx.version_converter.convert_version(model, 13))",
            OPSETS.start(),
            OPSETS.end()
        )));
    }
    Ok(opset)
}

/// Puts back the activations that export listed in the metadata (the `Fast*` ones, which ONNX
/// has no operator for), where each is the exact one found in the graph or its approximation.
fn restore_activations(model: &proto::ModelProto, mlp: &mut Mlp) {
    let Some(list) = model
        .metadata_props
        .iter()
        .find(|p| p.key.as_deref() == Some(ACTIVATIONS_KEY))
        .and_then(|p| p.value.as_deref())
    else {
        return;
    };
    let named: Vec<Option<Activation>> = list.split(',').map(Activation::from_name).collect();
    let fits = named.len() == mlp.layers.len()
        && named
            .iter()
            .zip(&mlp.layers)
            .all(|(a, l)| a.is_some_and(|a| export::exact(a) == l.activation));
    if fits {
        for (a, l) in named.into_iter().zip(&mut mlp.layers) {
            l.activation = a.unwrap_or(l.activation);
        }
    }
}
