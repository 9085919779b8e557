//! Export: a tinymlp network as a standard ONNX graph (opset 13, IR version 7, which every
//! `onnxruntime` since 1.6 loads).
//!
//! ```text
//! input [N, n₀] → Sub(mean) → Mul(scale)          (if the model standardizes its inputs)
//!               → Gemm(W₁, b₁, transB = 1) → Relu  (one Gemm and one activation per layer)
//!               → …                          → output [N, n_D]
//! ```
//!
//! `Sub` then `Mul` is tinymlp's `(x − mean)·scale`, operation for operation. Weights are
//! stored `outputs × inputs` as tinymlp holds them (hence `transB = 1`), as raw
//! little-endian `f32`s, so import reads back the same bits. The `Fast*` activations are
//! written as the exact operators (ONNX has no others); their tinymlp names are kept in the
//! model's metadata ([`ACTIVATIONS_KEY`]) for import.

use prost::Message as _;
use tinymlp::net::DynMlp;
use tinymlp::{Activation, Network as _, Parameters as _};

use super::ACTIVATIONS_KEY;
use super::proto::{
    AttributeProto, Dimension, GraphProto, ModelProto, NodeProto, OperatorSetIdProto,
    StringStringEntryProto, TensorProto, TensorShapeProto, TensorTypeProto, TypeProto,
    ValueInfoProto, attribute_type, data_type,
};

/// The operator set export writes.
pub const OPSET: i64 = 13;
/// The IR version of that operator set.
pub const IR_VERSION: i64 = 7;
/// The graph's input name.
pub const INPUT: &str = "input";
/// The graph's output name.
pub const OUTPUT: &str = "output";

/// The exact activation an activation approximates (itself if it is exact): what ONNX
/// computes for it.
pub const fn exact(a: Activation) -> Activation {
    match a {
        Activation::FastSigmoid => Activation::Sigmoid,
        Activation::FastTanh => Activation::Tanh,
        Activation::FastSoftmax => Activation::Softmax,
        Activation::Identity
        | Activation::Sigmoid
        | Activation::Tanh
        | Activation::Relu
        | Activation::Softmax => a,
    }
}

/// The ONNX operator of an activation; `None` for identity (no node).
const fn operator(a: Activation) -> Option<&'static str> {
    match exact(a) {
        Activation::Relu => Some("Relu"),
        Activation::Sigmoid => Some("Sigmoid"),
        Activation::Tanh => Some("Tanh"),
        Activation::Softmax => Some("Softmax"),
        Activation::Identity
        | Activation::FastSigmoid
        | Activation::FastTanh
        | Activation::FastSoftmax => None,
    }
}

/// The model file of `net`.
pub fn to_bytes(net: &DynMlp) -> Vec<u8> {
    model(net).encode_to_vec()
}

fn floats(name: &str, dims: &[usize], values: &[f32]) -> TensorProto {
    TensorProto {
        name: Some(name.into()),
        dims: dims.iter().map(|&d| d as i64).collect(),
        data_type: Some(data_type::FLOAT),
        raw_data: Some(values.iter().flat_map(|v| v.to_le_bytes()).collect()),
        ..TensorProto::default()
    }
}

fn node(op: &str, name: &str, inputs: &[&str], output: &str) -> NodeProto {
    NodeProto {
        input: inputs.iter().map(|&i| i.into()).collect(),
        output: vec![output.into()],
        name: Some(name.into()),
        op_type: Some(op.into()),
        ..NodeProto::default()
    }
}

fn int_attribute(name: &str, i: i64) -> AttributeProto {
    AttributeProto {
        name: Some(name.into()),
        i: Some(i),
        r#type: Some(attribute_type::INT),
        ..AttributeProto::default()
    }
}

/// A float tensor of shape `[N, features]`.
fn value(name: &str, features: usize) -> ValueInfoProto {
    let dim = vec![
        Dimension {
            dim_value: None,
            dim_param: Some("N".into()),
        },
        Dimension {
            dim_value: Some(features as i64),
            dim_param: None,
        },
    ];
    ValueInfoProto {
        name: Some(name.into()),
        r#type: Some(TypeProto {
            tensor_type: Some(TensorTypeProto {
                elem_type: Some(data_type::FLOAT),
                shape: Some(TensorShapeProto { dim }),
            }),
        }),
    }
}

fn model(net: &DynMlp) -> ModelProto {
    let sizes = net.sizes();
    let mut nodes = Vec::new();
    let mut inits = Vec::new();
    let mut cur = INPUT.to_string();
    if let Some((mean, scale)) = net.standardization() {
        inits.push(floats("standardize_mean", &[mean.len()], mean));
        inits.push(floats("standardize_scale", &[scale.len()], scale));
        nodes.push(node(
            "Sub",
            "standardize_sub",
            &[&cur, "standardize_mean"],
            "centered",
        ));
        nodes.push(node(
            "Mul",
            "standardize_mul",
            &["centered", "standardize_scale"],
            "standardized",
        ));
        cur = "standardized".into();
    }
    let depth = sizes.len().saturating_sub(1);
    for (k, layer) in net.layers().enumerate() {
        let n = k + 1;
        let (inputs, outputs) = (sizes[k], sizes[n]);
        let (w, b) = (format!("W{n}"), format!("b{n}"));
        inits.push(floats(&w, &[outputs, inputs], layer.weights));
        inits.push(floats(&b, &[outputs], layer.biases));
        let last = n == depth;
        let op = operator(layer.activation);
        let dense_out = if last && op.is_none() {
            OUTPUT.to_string()
        } else {
            format!("dense{n}")
        };
        let mut gemm = node("Gemm", &format!("dense{n}"), &[&cur, &w, &b], &dense_out);
        gemm.attribute.push(int_attribute("transB", 1));
        nodes.push(gemm);
        cur = dense_out;
        if let Some(op) = op {
            let out = if last {
                OUTPUT.to_string()
            } else {
                format!("{}{n}", op.to_lowercase())
            };
            let mut act = node(op, &format!("{}{n}", op.to_lowercase()), &[&cur], &out);
            if op == "Softmax" {
                act.attribute.push(int_attribute("axis", -1));
            }
            nodes.push(act);
            cur = out;
        }
    }
    let names: Vec<&str> = net.activations().iter().map(|a| a.name()).collect();
    ModelProto {
        ir_version: Some(IR_VERSION),
        producer_name: Some("tinymlp".into()),
        producer_version: Some(env!("CARGO_PKG_VERSION").into()),
        graph: Some(GraphProto {
            node: nodes,
            name: Some("tinymlp".into()),
            initializer: inits,
            input: vec![value(INPUT, sizes.first().copied().unwrap_or(0))],
            output: vec![value(OUTPUT, sizes.last().copied().unwrap_or(0))],
            sparse_initializer: Vec::new(),
        }),
        opset_import: vec![OperatorSetIdProto {
            domain: Some(String::new()),
            version: Some(OPSET),
        }],
        metadata_props: vec![StringStringEntryProto {
            key: Some(ACTIVATIONS_KEY.into()),
            value: Some(names.join(",")),
        }],
    }
}
