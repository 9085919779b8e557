//! `tinymlp import`: an ONNX graph that is an MLP, as a tinymlp model file.

use std::io::Write;

use tinymlp_cli::onnx::{self, Mlp, Options};

use crate::error::{Error, Result};
use crate::model::Model;
use crate::read::{Kind, Limit};
use crate::{sizes, write};

/// Turns an ONNX model of an MLP into a tinymlp model file
///
/// Reads chains of Gemm, or MatMul + Add, with Relu, Sigmoid, Tanh, Softmax or Identity
/// (from PyTorch, Keras, scikit-learn…); drops scikit-learn's label outputs. A final sigmoid on
/// one unit is a binary classifier, a softmax a multi-class one, anything else regression.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The ONNX model file
    #[arg(value_name = "MODEL.onnx")]
    onnx: String,
    /// The tinymlp model file to write (atomically)
    #[arg(short, long, value_name = "PATH", required = true)]
    output: String,
    /// The graph input to start from (needed only if the graph has several)
    #[arg(long = "input", value_name = "NAME")]
    input_name: Option<String>,
    /// The value where the network ends (default: where the chain of layers ends)
    #[arg(long = "output-name", value_name = "NAME")]
    output_name: Option<String>,
    #[command(flatten)]
    limit: Limit,
}

pub fn exec(args: Args, out: &mut dyn Write) -> Result<()> {
    let (path, target) = (args.onnx.as_str(), args.output.as_str());
    write::check_writable(target, "-o")?;
    write::check_distinct(&[("the ONNX file", path)], &[("-o", target)])?;
    let bytes = args.limit.read(path, Kind::Model)?;
    let options = Options {
        input: args.input_name.as_deref(),
        output: args.output_name.as_deref(),
        max_parameters: sizes::MAX_PARAMETERS,
    };
    let fail = |e: onnx::Error| Error::input(format!("{path}: {e}"));
    let mlp = Mlp::from_bytes(&bytes, &options).map_err(fail)?;
    let net = mlp.to_network().map_err(fail)?;
    let file = net.to_bytes();
    write::write_atomic(target, &file)?;
    summary(out, path, target, &mlp, Model::F32(net), file.len())
}

fn summary(
    out: &mut dyn Write,
    path: &str,
    target: &str,
    mlp: &Mlp,
    model: Model,
    file_bytes: usize,
) -> Result<()> {
    let origin = &mlp.origin;
    writeln!(
        out,
        "onnx        {path}: {}, opset {}",
        origin.producer, origin.opset
    )?;
    let dropped = if mlp.dropped.is_empty() {
        String::new()
    } else {
        format!("; dropped the label outputs ({})", mlp.dropped.join(", "))
    };
    writeln!(
        out,
        "graph       '{}' → '{}': {} nodes{dropped}",
        mlp.input, mlp.output, mlp.kept
    )?;
    let mut layers = format!("{} inputs", model.inputs());
    for (n, act) in model.sizes().iter().skip(1).zip(model.activations()) {
        layers.push_str(&format!(" → {n} {}", act.name()));
    }
    writeln!(out, "layers      {layers}")?;
    writeln!(out, "task        {}", model.task().describe())?;
    if let Some(t) = model.type_name() {
        writeln!(out, "type        {t}")?;
    }
    for note in &mlp.notes {
        writeln!(out, "note        {note}")?;
    }
    writeln!(out, "model       {target} ({file_bytes} bytes)")?;
    Ok(())
}
