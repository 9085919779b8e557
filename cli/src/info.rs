//! `tinymlp info`: what a model file holds, and what it costs in firmware.

use std::io::Write;

use serde::Serialize;

use crate::error::Result;
use crate::model::Model;
use crate::read::Limit;
use crate::{report, sizes};

/// Prints what a model file holds
///
/// Layer sizes and activations, the const-generic type that loads it, the task, the parameter
/// count, and the memory it takes in firmware: flash (the size of the `static` model:
/// weights, biases, standardization) and RAM (the activation vectors of one prediction, 4
/// bytes per neuron and input).
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The model file (f32 or int8)
    #[arg(value_name = "MODEL.tmlp")]
    model: String,
    /// Print the same as one JSON object on stdout
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    limit: Limit,
}

/// What `info` prints: the documented JSON keys, in order.
#[derive(Serialize)]
struct Info<'a> {
    model: &'a str,
    file_bytes: usize,
    format_version: u16,
    dtype: &'static str,
    #[serde(rename = "type")]
    type_name: Option<String>,
    sizes: Vec<usize>,
    activations: Vec<&'static str>,
    standardized: bool,
    task: &'static str,
    classes: Option<usize>,
    parameters: usize,
    flash_bytes: usize,
    ram_bytes: usize,
    #[serde(skip)]
    task_name: String,
}

pub fn exec(args: Args, out: &mut dyn Write) -> Result<()> {
    let path = args.model.as_str();
    let net = Model::load(path, args.limit)?;
    let sizes = net.sizes();
    let task = net.task();
    let (flash_bytes, ram_bytes) = match net {
        Model::F32(_) => (sizes::flash_bytes(&sizes), sizes::ram_bytes(&sizes)),
        Model::Int8(_) => (sizes::flash_bytes_q8(&sizes), sizes::ram_bytes_q8(&sizes)),
    };
    let info = Info {
        model: path,
        file_bytes: std::fs::metadata(path).map_or(0, |m| m.len() as usize),
        format_version: net.format_version(),
        dtype: net.dtype(),
        type_name: net.type_name(),
        activations: net.activations().iter().map(|a| a.name()).collect(),
        standardized: net.standardized(),
        task: task.key(),
        classes: task.classes(),
        parameters: net.parameters(),
        flash_bytes,
        ram_bytes,
        task_name: task.describe(),
        sizes,
    };
    if args.json {
        report::json(out, &info)
    } else {
        info.write_text(out)
    }
}

impl Info<'_> {
    fn write_text(&self, out: &mut dyn Write) -> Result<()> {
        let mut layers = self
            .sizes
            .first()
            .map(|n| format!("{n} inputs"))
            .unwrap_or_default();
        for (n, act) in self.sizes.iter().skip(1).zip(&self.activations) {
            layers.push_str(&format!(" → {n} {act}"));
        }
        writeln!(
            out,
            "file          {}: {} bytes, format version {}, checksum ok",
            self.model, self.file_bytes, self.format_version
        )?;
        let numbers = match self.dtype {
            "int8" => "int8 weights and activations, i32 accumulators (integer-only inference)",
            other => other,
        };
        writeln!(out, "numbers       {numbers}")?;
        let type_name = self.type_name.as_deref();
        let type_name = type_name.unwrap_or("none (deeper than Mlp5; load it with DynMlp)");
        writeln!(out, "type          {type_name}")?;
        writeln!(out, "layers        {layers}")?;
        let inputs = if self.standardized {
            "standardized with the statistics stored in the file"
        } else {
            "used as they are (no standardization stored)"
        };
        writeln!(out, "inputs        {inputs}")?;
        writeln!(out, "task          {}", self.task_name)?;
        writeln!(out, "parameters    {}", self.parameters)?;
        writeln!(out, "flash         {} bytes (the static model)", self.flash_bytes)?;
        writeln!(
            out,
            "RAM           {} bytes (activation vectors of one prediction)",
            self.ram_bytes
        )?;
        Ok(())
    }
}
