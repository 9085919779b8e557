//! Graph matching: the graph walked from its input, one node at a time, into a chain of
//! dense layers.
//!
//! - A layer is a `Gemm` (any `transB`, `alpha`, `beta`; `transA = 0`) or a `MatMul` by a
//!   constant matrix, plus `Add`s of constant biases (none: zero biases), plus an activation
//!   (`Relu`, `Sigmoid`, `Tanh`, `Softmax` on the last axis; none or `Identity`: identity).
//! - Skipped: `Identity`, `Cast` to float, `Dropout` (inference), `Flatten` and `Reshape`
//!   to 2-D.
//! - Before the first layer: input standardization, `Sub`/`Div`/`Mul`/`Add` by constants or
//!   `ai.onnx.ml` `Scaler`, read as `(x − mean)·scale`.
//! - After the last layer: scikit-learn's binary `[1 − p, p]` (`Sub` then `Concat`) becomes
//!   `p`, and the label outputs (`ArgMax`, `ArrayFeatureExtractor`, `ZipMap`, `Reshape`,
//!   `Cast`) are dropped.
//!
//! Anything else, or a value read by two nodes (a branch), is an [`Error::Node`] naming the
//! node.

use std::collections::{HashMap, HashSet};

use tinymlp::Activation;

use super::proto::{AttributeProto, GraphProto, NodeProto, TensorProto, attribute_type, data_type};
use super::tensor::{self, Constant};
use super::{Error, Options, Origin};

/// The most layers a tinymlp model has (`Mlp5`).
pub const MAX_LAYERS: usize = 5;

/// A graph matched to a chain of dense layers.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    /// The producer and operator set.
    pub origin: Origin,
    /// The graph input it starts from.
    pub input: String,
    /// The value where the network ends.
    pub output: String,
    /// The number of inputs.
    pub inputs: usize,
    /// Input standardization, if the graph has one.
    pub standardization: Option<Standardization>,
    /// The layers, input side first.
    pub layers: Vec<Layer>,
    /// The nodes that make the network.
    pub kept: usize,
    /// The operators of the nodes dropped after the output (the label outputs), in graph
    /// order, without repeats.
    pub dropped: Vec<String>,
    /// Things the user may want to know: a layer without bias, a two-column output read as
    /// one.
    pub notes: Vec<String>,
}

/// Input standardization `x′ = (x − mean)·scale`.
#[derive(Clone, Debug, PartialEq)]
pub struct Standardization {
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    /// The first node of it, for the messages: `node 'Scaler' (Scaler)`.
    pub node: String,
}

/// A dense layer: `y = activation(W·x + b)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub inputs: usize,
    pub outputs: usize,
    /// Row-major, `outputs × inputs`, as tinymlp stores them.
    pub weights: Vec<f32>,
    pub biases: Vec<f32>,
    pub activation: Activation,
}

/// A layer while the walk builds it.
struct Open {
    layer: Layer,
    /// Whether a bias was found (by `Gemm`'s `C` or an `Add`).
    biased: bool,
    /// The activation, once its node was seen.
    activation: Option<Activation>,
    /// The node that made it, for the messages.
    node: String,
}

/// A standardization step before the first layer, with its constant (one value per input,
/// or one for all).
enum Step {
    Sub(Vec<f32>),
    Mul(Vec<f32>),
}

/// The graph's nodes and constants, looked up by value name.
struct Graph<'g> {
    nodes: &'g [NodeProto],
    /// The nodes reading each value, in graph order.
    readers: HashMap<&'g str, Vec<usize>>,
    /// The node producing each value.
    producer: HashMap<&'g str, usize>,
    initializers: HashMap<&'g str, &'g TensorProto>,
    opset: i64,
}

/// The label path's operators: what may follow the output, and is dropped.
const LABEL_OPS: &[&str] = &[
    "ArgMax",
    "ArrayFeatureExtractor",
    "ZipMap",
    "Reshape",
    "Cast",
    "Identity",
    "Flatten",
    "Squeeze",
];

/// Operators that are layers of other kinds of networks.
const OTHER_LAYERS: &[&str] = &[
    "Conv",
    "ConvTranspose",
    "ConvInteger",
    "QLinearConv",
    "MaxPool",
    "AveragePool",
    "GlobalAveragePool",
    "GlobalMaxPool",
    "LpPool",
    "BatchNormalization",
    "InstanceNormalization",
    "LayerNormalization",
    "GroupNormalization",
    "LSTM",
    "GRU",
    "RNN",
    "Attention",
    "MultiHeadAttention",
    "Einsum",
    "Gather",
    "Embedding",
];

/// Activations that tinymlp does not have.
const OTHER_ACTIVATIONS: &[&str] = &[
    "LeakyRelu",
    "PRelu",
    "Elu",
    "Selu",
    "Celu",
    "Gelu",
    "HardSigmoid",
    "HardSwish",
    "Softplus",
    "Softsign",
    "Mish",
    "ThresholdedRelu",
    "LogSoftmax",
    "Hardmax",
    "Swish",
    "Clip",
];

/// A node's label in the messages: `'name'`, or `#index` without a name.
fn label(nodes: &[NodeProto], k: usize) -> String {
    match nodes.get(k).and_then(|n| n.name.as_deref()) {
        Some(name) if !name.is_empty() => format!("'{name}'"),
        _ => format!("#{k}"),
    }
}

/// A node's operator, with its domain if it is not `ai.onnx`.
fn op_of(node: &NodeProto) -> String {
    let op = node.op_type.as_deref().unwrap_or("");
    match node.domain.as_deref().unwrap_or("") {
        "" | "ai.onnx" | "ai.onnx.ml" => op.to_string(),
        domain => format!("{domain}.{op}"),
    }
}

/// Whether a node is an operator of the standard domains, with this name.
fn is(node: &NodeProto, op: &str) -> bool {
    matches!(
        node.domain.as_deref().unwrap_or(""),
        "" | "ai.onnx" | "ai.onnx.ml"
    ) && node.op_type.as_deref() == Some(op)
}

fn attribute<'n>(node: &'n NodeProto, name: &str) -> Option<&'n AttributeProto> {
    node.attribute
        .iter()
        .find(|a| a.name.as_deref() == Some(name))
}

impl<'g> Graph<'g> {
    fn new(graph: &'g GraphProto, opset: i64) -> Self {
        let mut readers: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut producer = HashMap::new();
        for (k, node) in graph.node.iter().enumerate() {
            for input in node.input.iter().filter(|i| !i.is_empty()) {
                let list = readers.entry(input.as_str()).or_default();
                // A node reading a value twice (`Mul(x, x)`) is one reader.
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
            for output in node.output.iter().filter(|o| !o.is_empty()) {
                producer.entry(output.as_str()).or_insert(k);
            }
        }
        let initializers = graph
            .initializer
            .iter()
            .filter_map(|t| t.name.as_deref().map(|n| (n, t)))
            .collect();
        Graph {
            nodes: &graph.node,
            readers,
            producer,
            initializers,
            opset,
        }
    }

    fn error(&self, k: usize, why: impl Into<String>) -> Error {
        Error::Node {
            node: label(self.nodes, k),
            op: self.nodes.get(k).map(op_of).unwrap_or_default(),
            why: why.into(),
        }
    }

    fn readers(&self, value: &str) -> &[usize] {
        self.readers.get(value).map_or(&[], Vec::as_slice)
    }

    /// Whether a value is a constant: an initializer or a `Constant` node's output.
    fn is_constant(&self, value: &str) -> bool {
        self.initializers.contains_key(value)
            || self
                .producer
                .get(value)
                .is_some_and(|&p| is(&self.nodes[p], "Constant"))
    }

    /// The constant named `value`, read for node `k`.
    fn constant(&self, k: usize, value: &str) -> Result<Constant, Error> {
        if let Some(t) = self.initializers.get(value) {
            return tensor::read(t, &format!("initializer '{value}'"));
        }
        let Some(&p) = self.producer.get(value) else {
            return Err(self.error(
                k,
                format!("its input '{value}' is not defined in the graph"),
            ));
        };
        let node = &self.nodes[p];
        if !is(node, "Constant") {
            return Err(self.error(
                k,
                format!(
                    "its input '{value}' is computed by node {} ({}), not a constant: import \
                     takes weights, biases and standardization as stored constants (export with \
                     constant folding)",
                    label(self.nodes, p),
                    op_of(node)
                ),
            ));
        }
        let what = format!("the value of Constant node {}", label(self.nodes, p));
        let synthetic = |dims: Vec<i64>, t: TensorProto| TensorProto { dims, ..t };
        for a in &node.attribute {
            let t = match a.name.as_deref() {
                Some("value") => a.t.clone(),
                Some("value_float") => a.f.map(|f| synthetic(vec![], floats_tensor(vec![f]))),
                Some("value_floats") => Some(synthetic(
                    vec![a.floats.len() as i64],
                    floats_tensor(a.floats.clone()),
                )),
                Some("value_int") => a.i.map(|i| synthetic(vec![], ints_tensor(vec![i]))),
                Some("value_ints") => Some(synthetic(
                    vec![a.ints.len() as i64],
                    ints_tensor(a.ints.clone()),
                )),
                _ => None,
            };
            if let Some(t) = t {
                return tensor::read(&t, &what);
            }
        }
        Err(self.error(p, "a Constant without a value attribute that import reads"))
    }

    /// The constant float input `slot` of node `k` (e.g. a weight matrix), by its role.
    fn floats(&self, k: usize, slot: usize, role: &str) -> Result<(Constant, Vec<f32>), Error> {
        let node = &self.nodes[k];
        let Some(name) = node.input.get(slot).filter(|n| !n.is_empty()) else {
            return Err(self.error(k, format!("the {role} (input {}) is missing", slot + 1)));
        };
        if !self.is_constant(name) && !self.producer.contains_key(name.as_str()) {
            return Err(self.error(
                k,
                format!("the {role} '{name}' is a graph input, not a constant"),
            ));
        }
        let c = self.constant(k, name)?;
        let Some(values) = c.floats().map(<[f32]>::to_vec) else {
            return Err(self.error(k, format!("the {role} '{name}' holds integers, not floats")));
        };
        Ok((c, values))
    }

    fn int_attribute(&self, k: usize, name: &str, default: i64) -> Result<i64, Error> {
        match attribute(&self.nodes[k], name) {
            None => Ok(default),
            Some(a) if a.r#type.is_none_or(|t| t == attribute_type::INT) => {
                a.i.ok_or_else(|| self.error(k, format!("attribute {name} has no value")))
            }
            Some(_) => Err(self.error(k, format!("attribute {name} is not an integer"))),
        }
    }

    fn float_attribute(&self, k: usize, name: &str, default: f32) -> Result<f32, Error> {
        match attribute(&self.nodes[k], name) {
            None => Ok(default),
            Some(a) if a.r#type.is_none_or(|t| t == attribute_type::FLOAT) => {
                a.f.ok_or_else(|| self.error(k, format!("attribute {name} has no value")))
            }
            Some(_) => Err(self.error(k, format!("attribute {name} is not a float"))),
        }
    }

    fn floats_attribute(&self, k: usize, name: &str) -> Result<Vec<f32>, Error> {
        match attribute(&self.nodes[k], name) {
            None => Ok(Vec::new()),
            Some(a) if a.r#type.is_none_or(|t| t == attribute_type::FLOATS) => Ok(a.floats.clone()),
            Some(_) => Err(self.error(k, format!("attribute {name} is not a list of floats"))),
        }
    }
}

fn floats_tensor(values: Vec<f32>) -> TensorProto {
    TensorProto {
        data_type: Some(data_type::FLOAT),
        float_data: values,
        ..TensorProto::default()
    }
}

fn ints_tensor(values: Vec<i64>) -> TensorProto {
    TensorProto {
        data_type: Some(data_type::INT64),
        int64_data: values,
        ..TensorProto::default()
    }
}

/// The walk along the chain.
struct Walk<'a, 'g> {
    g: &'a Graph<'g>,
    /// The value the walk has reached.
    cur: &'g str,
    /// Its number of features, once known.
    width: Option<usize>,
    /// Whether it is 2-D (or 1-D): `[batch, features]`.
    flat: bool,
    steps: Vec<Step>,
    std_node: Option<String>,
    done: Vec<Layer>,
    open: Option<Open>,
    /// After scikit-learn's `[1 − p, p]`: only the label path may follow, and the network's
    /// output is `p`, this value.
    closed: Option<&'g str>,
    used: HashSet<usize>,
    notes: Vec<String>,
    max_parameters: usize,
    parameters: usize,
}

/// Matches `graph` to a chain of dense layers.
pub fn match_graph(
    graph: &GraphProto,
    opset: i64,
    options: &Options<'_>,
    origin: Origin,
) -> Result<Mlp, Error> {
    if !graph.sparse_initializer.is_empty() {
        return Err(Error::Model(
            "the graph has sparse initializers, which import does not read".into(),
        ));
    }
    let g = Graph::new(graph, opset);
    let input = pick_input(graph, &g, options.input)?;
    let (width, flat) = input_shape(graph, input)?;
    let mut walk = Walk {
        g: &g,
        cur: input,
        width,
        flat,
        steps: Vec::new(),
        std_node: None,
        done: Vec::new(),
        open: None,
        closed: None,
        used: HashSet::new(),
        notes: Vec::new(),
        max_parameters: options.max_parameters,
        parameters: 0,
    };
    loop {
        if options.output == Some(walk.cur) {
            break;
        }
        let readers = g.readers(walk.cur);
        match readers {
            [] => break,
            &[k] => {
                if walk.used.contains(&k) {
                    return Err(g.error(k, "the graph has a cycle"));
                }
                let node = &g.nodes[k];
                let label_op = ["ArgMax", "ArrayFeatureExtractor", "ZipMap"]
                    .iter()
                    .any(|op| is(node, op));
                if label_op {
                    break;
                }
                walk.step(k)?;
            }
            _ => {
                if walk.binary_pair(readers)? {
                    continue;
                }
                let is_label = |&k: &usize| LABEL_OPS.iter().any(|op| is(&g.nodes[k], op));
                let has_layers = walk.open.is_some() || !walk.done.is_empty();
                if has_layers && readers.iter().all(is_label) {
                    break;
                }
                let (a, b) = (readers[0], readers[1]);
                return Err(g.error(
                    b,
                    format!(
                        "the graph branches at '{}', which node {} ({}) reads too: only a chain \
                         of layers is supported",
                        walk.cur,
                        label(g.nodes, a),
                        op_of(&g.nodes[a])
                    ),
                ));
            }
        }
    }
    let end = walk.cur;
    if let Some(output) = options.output {
        if output != end {
            return Err(Error::Model(format!(
                "--output '{output}' is not on the chain of layers from '{input}'; the chain \
                 ends at '{end}'"
            )));
        }
    }
    walk.close_layer()?;
    if walk.done.is_empty() {
        return Err(Error::Model(format!(
            "no dense layer (Gemm, or MatMul by a constant) on the chain from input '{input}'"
        )));
    }
    let dropped = if options.output.is_none() {
        label_path(&g, end, &walk.used)?
    } else {
        Vec::new()
    };
    let inputs = walk.done.first().map_or(0, |l| l.inputs);
    let standardization = walk.standardization(inputs)?;
    Ok(Mlp {
        origin,
        input: input.to_string(),
        output: walk.closed.unwrap_or(end).to_string(),
        inputs,
        standardization,
        layers: walk.done,
        kept: walk.used.len(),
        dropped,
        notes: walk.notes,
    })
}

/// The graph input to start from: the one named, or the only one that is not an
/// initializer (old exporters list the initializers among the inputs).
fn pick_input<'g>(
    graph: &'g GraphProto,
    g: &Graph<'g>,
    wanted: Option<&str>,
) -> Result<&'g str, Error> {
    let inputs: Vec<&str> = graph
        .input
        .iter()
        .filter_map(|i| i.name.as_deref())
        .filter(|n| !g.initializers.contains_key(n))
        .collect();
    let list = || {
        let quoted: Vec<String> = inputs.iter().map(|n| format!("'{n}'")).collect();
        quoted.join(", ")
    };
    match (wanted, inputs.as_slice()) {
        (Some(w), _) => inputs.iter().copied().find(|n| *n == w).ok_or_else(|| {
            Error::Model(format!(
                "--input '{w}' is not an input of the graph; its inputs are {}",
                list()
            ))
        }),
        (None, [only]) => Ok(only),
        (None, []) => Err(Error::Model("the graph has no input".into())),
        (None, _) => Err(Error::Model(format!(
            "the graph has several inputs ({}); choose one with --input NAME",
            list()
        ))),
    }
}

/// The input's number of features, if declared, and whether it is at most 2-D.
fn input_shape(graph: &GraphProto, input: &str) -> Result<(Option<usize>, bool), Error> {
    let info = graph
        .input
        .iter()
        .find(|i| i.name.as_deref() == Some(input));
    let Some(ty) = info.and_then(|i| i.r#type.as_ref()) else {
        return Ok((None, true));
    };
    let Some(tensor) = &ty.tensor_type else {
        return Err(Error::Model(format!(
            "the input '{input}' is not a tensor (a sequence or a map?)"
        )));
    };
    let elem = tensor.elem_type.unwrap_or(data_type::FLOAT);
    if !matches!(
        elem,
        data_type::FLOAT | data_type::DOUBLE | data_type::INT32 | data_type::INT64
    ) {
        return Err(Error::Model(format!(
            "the input '{input}' holds {}; import reads networks of numbers",
            tensor::type_name(elem)
        )));
    }
    let Some(shape) = &tensor.shape else {
        return Ok((None, true));
    };
    let dims: Vec<Option<usize>> = shape
        .dim
        .iter()
        .map(|d| {
            d.dim_value
                .and_then(|v| usize::try_from(v).ok())
                .filter(|&v| v > 0)
        })
        .collect();
    let features = match dims.as_slice() {
        [] => None,
        [n] => *n,
        [_, rest @ ..] => rest
            .iter()
            .try_fold(1usize, |acc, d| d.and_then(|d| acc.checked_mul(d))),
    };
    Ok((features, dims.len() <= 2))
}

/// Checks what follows the network's output: only label-path nodes, fed from it or from each
/// other (and constants). Returns their operators.
fn label_path(g: &Graph<'_>, end: &str, used: &HashSet<usize>) -> Result<Vec<String>, Error> {
    let mut reached: HashSet<&str> = HashSet::from([end]);
    let mut queue: Vec<usize> = g.readers(end).to_vec();
    let mut seen: HashSet<usize> = HashSet::new();
    while let Some(k) = queue.pop() {
        if used.contains(&k) || !seen.insert(k) {
            continue;
        }
        let node = &g.nodes[k];
        if !LABEL_OPS.iter().any(|op| is(node, op)) {
            return Err(g.error(
                k,
                format!(
                    "follows the network's output '{end}': only the label outputs (ArgMax, \
                     ArrayFeatureExtractor, ZipMap, Reshape, Cast) may; pass --output-name NAME \
                     to end the network elsewhere"
                ),
            ));
        }
        for output in &node.output {
            reached.insert(output);
            queue.extend_from_slice(g.readers(output));
        }
    }
    // Every dropped node reads only the output, other dropped nodes and constants; their
    // operators are listed in graph order, once each.
    let mut order: Vec<usize> = seen.into_iter().collect();
    order.sort_unstable();
    let mut ops: Vec<String> = Vec::new();
    for &k in &order {
        for input in g.nodes[k].input.iter().filter(|i| !i.is_empty()) {
            if !reached.contains(input.as_str()) && !g.is_constant(input) {
                return Err(g.error(
                    k,
                    format!("reads '{input}', which is not on the chain of layers"),
                ));
            }
        }
        let op = op_of(&g.nodes[k]);
        // At most the few label operators: a short list.
        if !ops.contains(&op) {
            ops.push(op);
        }
    }
    Ok(ops)
}

impl<'g> Walk<'_, 'g> {
    /// Follows node `k`, which reads the current value.
    fn step(&mut self, k: usize) -> Result<(), Error> {
        let g = self.g;
        let node = &g.nodes[k];
        self.used.insert(k);
        let op = node.op_type.as_deref().unwrap_or("");
        let domain = node.domain.as_deref().unwrap_or("");
        if !matches!(domain, "" | "ai.onnx" | "ai.onnx.ml") {
            return Err(g.error(
                k,
                format!("operators of the domain '{domain}' are not supported"),
            ));
        }
        if node.input.first().map(String::as_str) != Some(self.cur) && !matches!(op, "Add" | "Mul")
        {
            return Err(g.error(
                k,
                format!(
                    "reads '{}' in the wrong place: it must be its first input",
                    self.cur
                ),
            ));
        }
        if self.closed.is_some() && !matches!(op, "Identity" | "Cast" | "Reshape" | "Flatten") {
            return Err(g.error(
                k,
                "follows the two-column output [1 − p, p] of a binary classifier: only the label \
                 outputs may",
            ));
        }
        match op {
            "Gemm" => self.gemm(k)?,
            "MatMul" => self.matmul(k)?,
            "Add" | "Sub" | "Mul" | "Div" => self.arithmetic(k, op)?,
            "Scaler" if domain == "ai.onnx.ml" => self.scaler(k)?,
            "Relu" => self.activation(k, Activation::Relu)?,
            "Sigmoid" => self.activation(k, Activation::Sigmoid)?,
            "Tanh" => self.activation(k, Activation::Tanh)?,
            "Softmax" => {
                let default = if g.opset >= 13 { -1 } else { 1 };
                let axis = g.int_attribute(k, "axis", default)?;
                if !(axis == -1 || axis == 1) {
                    return Err(g.error(
                        k,
                        format!("softmax over axis {axis}: only the last axis is supported"),
                    ));
                }
                self.activation(k, Activation::Softmax)?;
            }
            "Identity" => {}
            "Cast" => {
                let to = g.int_attribute(k, "to", 0)?;
                if to != i64::from(data_type::FLOAT) {
                    return Err(g.error(
                        k,
                        format!(
                            "casts to {}: only casts to float are supported in the chain",
                            tensor::type_name(i32::try_from(to).unwrap_or(-1))
                        ),
                    ));
                }
            }
            "Dropout" => {
                if node.output.get(1).is_some_and(|m| !g.readers(m).is_empty()) {
                    return Err(g.error(k, "its mask output is used: only inference is supported"));
                }
                if let Some(mode) = node.input.get(2).filter(|m| !m.is_empty()) {
                    let c = g.constant(k, mode)?;
                    if c.ints().is_none_or(|v| v.iter().any(|&b| b != 0))
                        && c.floats().is_none_or(|v| v.iter().any(|&b| b != 0.0))
                    {
                        return Err(g.error(k, "training_mode is on: only inference is supported"));
                    }
                }
            }
            "Flatten" => {
                let axis = g.int_attribute(k, "axis", 1)?;
                if axis != 1 && !(axis == -1 && self.flat) {
                    return Err(g.error(
                        k,
                        format!("flattens from axis {axis}: only Flatten to [batch, features] is supported"),
                    ));
                }
                self.flat = true;
            }
            "Reshape" => self.reshape(k)?,
            _ if OTHER_LAYERS.contains(&op) => {
                return Err(g.error(k, "only dense layers are supported"));
            }
            _ if OTHER_ACTIVATIONS.contains(&op) => {
                return Err(g.error(
                    k,
                    "activation not supported: tinymlp has Relu, Sigmoid, Tanh, Softmax and \
                     Identity",
                ));
            }
            _ => {
                return Err(g.error(
                    k,
                    "not supported: an MLP is a chain of Gemm, or MatMul + Add, with Relu, \
                     Sigmoid, Tanh, Softmax or Identity",
                ));
            }
        }
        let Some(out) = node.output.first().filter(|o| !o.is_empty()) else {
            return Err(g.error(k, "the node has no output"));
        };
        self.cur = out;
        Ok(())
    }

    /// The number of features, which the first layer fixes if the input did not declare it.
    fn check_width(&mut self, k: usize, inputs: usize, what: &str) -> Result<(), Error> {
        match self.width {
            Some(w) if w != inputs => Err(self.g.error(
                k,
                format!("{what} takes {inputs} features, but '{}' has {w}", self.cur),
            )),
            _ => {
                self.width = Some(inputs);
                Ok(())
            }
        }
    }

    /// Starts a layer of `weights` (`outputs × inputs`).
    fn start_layer(
        &mut self,
        k: usize,
        weights: Vec<f32>,
        inputs: usize,
        outputs: usize,
    ) -> Result<(), Error> {
        if !self.flat {
            return Err(self.g.error(
                k,
                "its input has more than 2 dimensions; Flatten it to [batch, features] first",
            ));
        }
        self.close_layer()?;
        if self.done.len() == MAX_LAYERS {
            return Err(self.g.error(
                k,
                format!(
                    "a dense layer beyond the {MAX_LAYERS} that tinymlp models have (Mlp{MAX_LAYERS})"
                ),
            ));
        }
        self.check_width(k, inputs, "the layer")?;
        if inputs == 0 || outputs == 0 {
            return Err(self.g.error(
                k,
                format!("a layer of {inputs} inputs and {outputs} outputs"),
            ));
        }
        self.parameters = self
            .parameters
            .saturating_add(weights.len())
            .saturating_add(outputs);
        if self.max_parameters > 0 && self.parameters > self.max_parameters {
            return Err(self.g.error(
                k,
                format!(
                    "the layers reach {} weights and biases; tinymlp takes at most {}",
                    self.parameters, self.max_parameters
                ),
            ));
        }
        self.open = Some(Open {
            layer: Layer {
                inputs,
                outputs,
                weights,
                biases: vec![0.0; outputs],
                activation: Activation::Identity,
            },
            biased: false,
            activation: None,
            node: label(self.g.nodes, k),
        });
        self.width = Some(outputs);
        Ok(())
    }

    /// Ends the open layer, if any.
    fn close_layer(&mut self) -> Result<(), Error> {
        let Some(open) = self.open.take() else {
            return Ok(());
        };
        let mut layer = open.layer;
        layer.activation = open.activation.unwrap_or(Activation::Identity);
        if !open.biased {
            self.notes.push(format!(
                "layer {} (node {}) has no bias: zeros",
                self.done.len() + 1,
                open.node
            ));
        }
        if let Some(last) = self.done.last() {
            if !last.activation.acts_per_unit() {
                return Err(Error::Network(format!(
                    "layer {} has a {} activation, which only the output layer may have",
                    self.done.len(),
                    last.activation.name()
                )));
            }
        }
        self.done.push(layer);
        Ok(())
    }

    /// A 2-D constant matrix, for node `k`.
    fn matrix(&self, k: usize, slot: usize) -> Result<(usize, usize, Vec<f32>), Error> {
        let (c, values) = self.g.floats(k, slot, "weight matrix")?;
        match c.dims.as_slice() {
            &[rows, cols] => Ok((rows, cols, values)),
            _ => Err(self.g.error(
                k,
                format!(
                    "the weights '{}' have {} dimensions ({}): a dense layer needs a 2-D matrix",
                    self.g.nodes[k].input.get(slot).map_or("", String::as_str),
                    c.dims.len(),
                    c.shape()
                ),
            )),
        }
    }

    fn matmul(&mut self, k: usize) -> Result<(), Error> {
        let (rows, cols, w) = self.matrix(k, 1)?;
        // ONNX's `x·W` has W as `inputs × outputs`; tinymlp stores `outputs × inputs`.
        let weights = transpose(&w, rows, cols);
        self.start_layer(k, weights, rows, cols)
    }

    fn gemm(&mut self, k: usize) -> Result<(), Error> {
        let g = self.g;
        if g.int_attribute(k, "transA", 0)? != 0 {
            return Err(g.error(k, "transA = 1 (the input transposed) is not supported"));
        }
        let trans_b = g.int_attribute(k, "transB", 0)? != 0;
        let alpha = g.float_attribute(k, "alpha", 1.0)?;
        let beta = g.float_attribute(k, "beta", 1.0)?;
        let (rows, cols, w) = self.matrix(k, 1)?;
        let (inputs, outputs, mut weights) = if trans_b {
            (cols, rows, w)
        } else {
            (rows, cols, transpose(&w, rows, cols))
        };
        if alpha != 1.0 {
            weights.iter_mut().for_each(|v| *v *= alpha);
        }
        self.start_layer(k, weights, inputs, outputs)?;
        if g.nodes[k].input.get(2).is_some_and(|c| !c.is_empty()) {
            let (c, mut bias) = g.floats(k, 2, "bias")?;
            if beta != 1.0 {
                bias.iter_mut().for_each(|v| *v *= beta);
            }
            self.add_bias(k, &c, bias)?;
        }
        Ok(())
    }

    /// Adds a constant bias to the open layer.
    fn add_bias(&mut self, k: usize, c: &Constant, bias: Vec<f32>) -> Result<(), Error> {
        let g = self.g;
        let Some(open) = &mut self.open else {
            return Err(g.error(k, "adds a constant that is not a bias of a dense layer"));
        };
        let n = open.layer.outputs;
        let fits = match c.dims.as_slice() {
            [] => bias.len() == 1,
            [m] => *m == n || *m == 1,
            [1, m] => *m == n || *m == 1,
            _ => false,
        };
        if !fits {
            return Err(g.error(
                k,
                format!(
                    "the bias has shape {}, but the layer has {n} outputs",
                    c.shape()
                ),
            ));
        }
        for (j, b) in open.layer.biases.iter_mut().enumerate() {
            *b += bias.get(j).or(bias.first()).copied().unwrap_or(0.0);
        }
        open.biased = true;
        Ok(())
    }

    /// `Add`, `Sub`, `Mul`, `Div` by a constant: a bias, or standardization before the first
    /// layer.
    fn arithmetic(&mut self, k: usize, op: &str) -> Result<(), Error> {
        let g = self.g;
        let node = &g.nodes[k];
        let slot = match node.input.iter().position(|i| i == self.cur) {
            Some(0) => 1,
            Some(1) if matches!(op, "Add" | "Mul") => 0,
            _ => {
                return Err(g.error(k, format!("reads '{}' as its second input", self.cur)));
            }
        };
        let other = node.input.get(slot).map_or("", String::as_str);
        if !g.is_constant(other) {
            return Err(g.error(
                k,
                format!(
                    "combines '{}' with '{other}', which is not a constant: only a chain of layers \
                     is supported",
                    self.cur
                ),
            ));
        }
        let (c, values) = g.floats(k, slot, "constant")?;
        if let Some(open) = &self.open {
            if op == "Add" && open.activation.is_none() {
                return self.add_bias(k, &c, values);
            }
        }
        if self.open.is_some() || !self.done.is_empty() {
            return Err(g.error(
                k,
                "arithmetic between layers is not supported: only a bias right after a MatMul, \
                 and input standardization before the first layer",
            ));
        }
        let features = match c.dims.as_slice() {
            [] => 1,
            [n] | [1, n] => *n,
            _ => 0,
        };
        if features == 0 || features != values.len() {
            return Err(g.error(
                k,
                format!(
                    "the constant has shape {}: standardization needs one value per input",
                    c.shape()
                ),
            ));
        }
        if features != 1 {
            self.check_width(k, features, "the standardization")?;
        }
        let step = match op {
            "Sub" => Step::Sub(values),
            "Add" => Step::Sub(values.iter().map(|v| -v).collect()),
            "Mul" => Step::Mul(values),
            _ => {
                if values.contains(&0.0) {
                    return Err(g.error(k, "divides by 0"));
                }
                Step::Mul(values.iter().map(|v| 1.0 / v).collect())
            }
        };
        self.std_node
            .get_or_insert_with(|| format!("node {} ({})", label(g.nodes, k), op));
        self.steps.push(step);
        Ok(())
    }

    /// scikit-learn's `Scaler`: `(x − offset)·scale`.
    fn scaler(&mut self, k: usize) -> Result<(), Error> {
        let g = self.g;
        if self.open.is_some() || !self.done.is_empty() {
            return Err(g.error(k, "a Scaler between layers is not supported"));
        }
        let offset = g.floats_attribute(k, "offset")?;
        let scale = g.floats_attribute(k, "scale")?;
        for v in [&offset, &scale] {
            if v.len() > 1 {
                self.check_width(k, v.len(), "the Scaler")?;
            } else if v.is_empty() {
                return Err(g.error(k, "a Scaler without offset or scale"));
            }
        }
        self.std_node
            .get_or_insert_with(|| format!("node {} (Scaler)", label(g.nodes, k)));
        self.steps.push(Step::Sub(offset));
        self.steps.push(Step::Mul(scale));
        Ok(())
    }

    fn activation(&mut self, k: usize, activation: Activation) -> Result<(), Error> {
        let g = self.g;
        match &mut self.open {
            Some(open) if open.activation.is_none() => {
                open.activation = Some(activation);
                Ok(())
            }
            Some(_) => Err(g.error(
                k,
                "a second activation on the same layer: tinymlp has one per layer",
            )),
            None => Err(g.error(k, "an activation that does not follow a dense layer")),
        }
    }

    /// `Reshape` to `[batch, features]`: skipped.
    fn reshape(&mut self, k: usize) -> Result<(), Error> {
        let g = self.g;
        let Some(name) = g.nodes[k].input.get(1).filter(|n| !n.is_empty()) else {
            return Err(g.error(k, "no shape input"));
        };
        let c = g.constant(k, name)?;
        let Some(shape) = c.ints() else {
            return Err(g.error(k, "the shape is not made of integers"));
        };
        let width = if self.closed.is_some() {
            Some(2)
        } else {
            self.width
        };
        let ok = match *shape {
            [b, f] => {
                (b == -1 || b == 0 || b > 0)
                    && match width {
                        Some(w) => (f == -1 && b != -1) || usize::try_from(f) == Ok(w),
                        None => f > 0,
                    }
            }
            _ => false,
        };
        if !ok {
            return Err(g.error(
                k,
                format!("reshapes to {shape:?}: only a Reshape to [batch, features] is supported"),
            ));
        }
        if let (None, [_, f]) = (width, shape) {
            self.width = usize::try_from(*f).ok();
        }
        self.flat = true;
        Ok(())
    }

    /// scikit-learn's binary output: `p` read by `Sub(1, p)` and `Concat(1 − p, p)`. Then the
    /// network ends at `p`, and the walk continues from the concatenation, which only the label
    /// path may follow. Returns whether the readers were that.
    fn binary_pair(&mut self, readers: &[usize]) -> Result<bool, Error> {
        let g = self.g;
        let sigmoid = self
            .open
            .as_ref()
            .is_some_and(|o| o.activation == Some(Activation::Sigmoid) && o.layer.outputs == 1);
        let &[a, b] = readers else { return Ok(false) };
        let (sub, concat) = if is(&g.nodes[a], "Sub") {
            (a, b)
        } else {
            (b, a)
        };
        let (sn, cn) = (&g.nodes[sub], &g.nodes[concat]);
        if !sigmoid || !is(sn, "Sub") || !is(cn, "Concat") || self.closed.is_some() {
            return Ok(false);
        }
        let cur = self.cur;
        let one = sn.input.len() == 2
            && sn.input[1] == cur
            && g.is_constant(&sn.input[0])
            && g.constant(sub, &sn.input[0])
                .ok()
                .and_then(|c| c.floats().map(|v| v.len() == 1 && v[0] == 1.0))
                .unwrap_or(false);
        let Some(sub_out) = sn.output.first() else {
            return Ok(false);
        };
        let pair = cn.input.len() == 2 && cn.input[0] == *sub_out && cn.input[1] == cur;
        let axis = g.int_attribute(concat, "axis", 1)?;
        let sub_readers = g.readers(sub_out);
        if !(one && pair && (axis == 1 || axis == -1) && sub_readers == [concat]) {
            return Ok(false);
        }
        let Some(out) = cn.output.first().filter(|o| !o.is_empty()) else {
            return Ok(false);
        };
        self.used.insert(sub);
        self.used.insert(concat);
        self.notes.push(format!(
            "the two-column output [1 − p, p] ('{out}') is read as p, the sigmoid's output '{cur}'"
        ));
        self.close_layer()?;
        self.cur = out;
        self.closed = Some(cur);
        Ok(true)
    }

    /// The standardization of the steps, per input.
    fn standardization(&self, inputs: usize) -> Result<Option<Standardization>, Error> {
        let Some(node) = &self.std_node else {
            return Ok(None);
        };
        let (mut mean, mut scale) = (vec![0.0f32; inputs], vec![1.0f32; inputs]);
        let mut scaled = false;
        let per = |v: &[f32], j: usize| v.get(j).or(v.first()).copied().unwrap_or(0.0);
        for step in &self.steps {
            let len = match step {
                Step::Sub(v) | Step::Mul(v) => v.len(),
            };
            if len != 1 && len != inputs {
                return Err(Error::Network(format!(
                    "{node}: standardization of {len} values, but the network has {inputs} inputs"
                )));
            }
            for j in 0..inputs {
                match step {
                    // (x − m)·s − c = (x − (m + c/s))·s
                    Step::Sub(c) if scaled => mean[j] += per(c, j) / scale[j],
                    Step::Sub(c) => mean[j] += per(c, j),
                    Step::Mul(c) => scale[j] *= per(c, j),
                }
            }
            scaled |= matches!(step, Step::Mul(_));
        }
        if !mean.iter().chain(&scale).all(|v| v.is_finite()) {
            return Err(Error::Network(format!(
                "{node}: the standardization is not finite"
            )));
        }
        Ok(Some(Standardization {
            mean,
            scale,
            node: node.clone(),
        }))
    }
}

/// `rows × cols` row-major, transposed.
fn transpose(w: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut t = vec![0.0; w.len()];
    for r in 0..rows {
        for c in 0..cols {
            if let (Some(&v), Some(slot)) = (w.get(r * cols + c), t.get_mut(c * rows + r)) {
                *slot = v;
            }
        }
    }
    t
}
