//! `tinymlp quantize`: an `f32` model to 8-bit integers, calibrated on a CSV file.

use std::io::Write;

use serde::Serialize;
use tinymlp::quant::{self, Granularity};

use crate::data::{ModelAndData, Samples};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::{self, fraction, percent, plural, sig};
use crate::write;

/// Quantizes an f32 model to 8-bit integers for microcontrollers without an FPU
///
/// int8 weights and activations, int32 accumulation, fixed-point requantization, sigmoid and
/// tanh by lookup table. The activation ranges are calibrated on DATA.csv (representative
/// inputs, e.g. the training data): its columns are the model's inputs, optionally followed
/// by the target column (the last one, or --target NAME). With a target column, prints the
/// accuracy (or RMSE) of the f32 and the int8 model on the file and how often their
/// predictions agree. The result loads into the matching `tinymlp::quant::QMlpD<…>` type
/// (e.g. with include_model!) and works with `tinymlp eval`, `predict` and `info`.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: ModelAndData,
    /// The int8 model file to write (atomically)
    #[arg(short, long, value_name = "PATH", required = true)]
    output: String,
    /// One weight scale per layer [default: one per output unit]
    #[arg(long)]
    per_layer: bool,
    /// Print the summary as one JSON object on stdout
    #[arg(long)]
    json: bool,
}

/// What `quantize` prints: the documented JSON keys, in order; the comparison of the other
/// task (and, without a target column, both) left out.
#[derive(Serialize)]
struct Quantized<'a> {
    model: &'a str,
    output: &'a str,
    data: &'a str,
    rows: usize,
    granularity: &'static str,
    #[serde(rename = "type")]
    type_name: Option<String>,
    file_bytes: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    f32_accuracy: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    int8_accuracy: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agreement: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    f32_rmse: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    int8_rmse: Option<f32>,
    /// Text lines comparing the two models.
    #[serde(skip)]
    comparison: Vec<String>,
}

pub fn exec(args: Args, out: &mut dyn Write) -> Result<()> {
    let (model_path, path) = (args.input.model.as_str(), args.input.data.as_str());
    let output = args.output.as_str();
    write::check_writable(output, "-o")?;
    write::check_distinct(&args.input.files(), &[("-o", output)])?;
    let net = Model::load_f32(
        model_path,
        args.input.limit,
        "already an int8 model; quantize the f32 model it came from",
    )?;
    let f32_model = Model::F32(net.clone());
    let task = f32_model.task();
    let (mut rows, cols) = args.input.open_data(&f32_model, false)?;
    let mut s = Samples::new(cols.inputs.len(), task.outputs());
    let mut values = Vec::new();
    while let Some(line) = rows.next(&mut values)? {
        s.push_inputs(&values, &cols.inputs);
        if !cols.targets.is_empty() {
            s.push_target(path, rows.header(), (line, &values), &cols.targets, task)?;
        }
    }
    let granularity = if args.per_layer {
        Granularity::PerLayer
    } else {
        Granularity::PerChannel
    };
    let q = quant::quantize(&net, s.inputs(), granularity)
        .map_err(|e| Error::input(format!("{path}: {e}")))?;
    let bytes = q.to_bytes();
    let int8_model = Model::Int8(q);
    let mut summary = Quantized {
        model: model_path,
        output,
        data: path,
        rows: s.len(),
        granularity: if args.per_layer { "layer" } else { "channel" },
        type_name: int8_model.type_name(),
        file_bytes: bytes.len(),
        f32_accuracy: None,
        int8_accuracy: None,
        agreement: None,
        f32_rmse: None,
        int8_rmse: None,
        comparison: Vec::new(),
    };
    // With targets: how the two models compare on this file.
    if !cols.targets.is_empty() {
        summary.compare(&s, &f32_model, &int8_model, task.classes().is_some())?;
    }
    write::write_atomic(output, &bytes)?;
    if args.json {
        report::json(out, &summary)
    } else {
        summary.write_text(out)
    }
}

impl Quantized<'_> {
    /// Compares the two models on samples with targets: accuracy and agreement for
    /// classifiers, RMSE for regression.
    fn compare(
        &mut self,
        s: &Samples,
        f32_model: &Model,
        int8_model: &Model,
        classifier: bool,
    ) -> Result<()> {
        let n = s.len();
        if classifier {
            let (mut f32_hits, mut int8_hits, mut agree) = (0, 0, 0);
            for (x, label) in s.inputs().zip(s.labels()) {
                let (f, i) = (f32_model.classify(x)?, int8_model.classify(x)?);
                f32_hits += usize::from(f == label);
                int8_hits += usize::from(i == label);
                agree += usize::from(f == i);
            }
            self.comparison = vec![
                format!(
                    "accuracy    f32 {}, int8 {}",
                    percent(f32_hits, n),
                    percent(int8_hits, n)
                ),
                format!("agreement   {} of the predictions", percent(agree, n)),
            ];
            self.f32_accuracy = Some(fraction(f32_hits, n));
            self.int8_accuracy = Some(fraction(int8_hits, n));
            self.agreement = Some(fraction(agree, n));
        } else {
            let rmse = |m: &Model| -> Result<f32> {
                let (mut sum, mut count) = (0.0f64, 0usize);
                for (x, y) in s.inputs().zip(s.targets()) {
                    for (p, y) in m.predict(x)?.iter().zip(y) {
                        sum += f64::from(p - y).powi(2);
                        count += 1;
                    }
                }
                Ok((sum / count.max(1) as f64).sqrt() as f32)
            };
            let (f, i) = (rmse(f32_model)?, rmse(int8_model)?);
            self.comparison = vec![format!("rmse        f32 {}, int8 {}", sig(f), sig(i))];
            (self.f32_rmse, self.int8_rmse) = (Some(f), Some(i));
        }
        Ok(())
    }

    fn write_text(&self, out: &mut dyn Write) -> Result<()> {
        let type_name = self.type_name.as_deref();
        let type_name = type_name.unwrap_or("none (deeper than QMlp5)");
        writeln!(out, "model       {} → {}: {type_name}", self.model, self.output)?;
        writeln!(
            out,
            "calibrated  on {} row{} of {}, per-{} weight scales",
            self.rows,
            plural(self.rows),
            self.data,
            self.granularity
        )?;
        for line in &self.comparison {
            writeln!(out, "{line}")?;
        }
        writeln!(
            out,
            "file        {} bytes (int8 format, version {})",
            self.file_bytes,
            tinymlp::model::VERSION_INT8
        )?;
        Ok(())
    }
}
