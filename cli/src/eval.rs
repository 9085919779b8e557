//! `tinymlp eval`: a model's loss and accuracy (or regression errors) on a CSV file.

use std::io::Write;

use serde::Serialize;

use crate::data::{ModelAndData, Samples};
use crate::error::Result;
use crate::model::Model;
use crate::report::{self, fraction, percent, plural, sig};

/// Evaluates a model on a CSV file
///
/// The file has a header line: the model's inputs, in the order they were trained on, and the
/// target column (the last one, or --target NAME). The model decides the task: one sigmoid
/// output is a binary classifier (labels 0 and 1), a softmax output a classifier of as many
/// classes (labels 0 … K-1), anything else regression. Prints the loss, and the accuracy and
/// confusion matrix for classifiers (RMSE, MAE and R² for regression).
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: ModelAndData,
    /// Print the results as one JSON object on stdout
    #[arg(long)]
    json: bool,
}

/// What `eval` prints: the documented JSON keys, in order; the metrics of the other task
/// are left out.
#[derive(Serialize)]
struct Evaluation<'a> {
    model: &'a str,
    data: &'a str,
    dtype: &'static str,
    task: &'static str,
    classes: Option<usize>,
    rows: usize,
    loss: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    accuracy: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confusion: Option<Vec<Vec<usize>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rmse: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mae: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    r2: Option<f32>,
    #[serde(skip)]
    heading: String,
    #[serde(skip)]
    loss_name: &'static str,
}

pub fn exec(args: Args, out: &mut dyn Write) -> Result<()> {
    let (model_path, path) = (args.input.model.as_str(), args.input.data.as_str());
    let net = Model::load(model_path, args.input.limit)?;
    let task = net.task();
    let (mut rows, cols) = args.input.open_data(&net, true)?;
    // Row by row: the loss summed in row order (as `metrics::mean_loss` does), the confusion
    // matrix, or the (prediction, target) pairs that regression's errors need.
    let k = task.classes().unwrap_or(0);
    let mut confusion = vec![vec![0usize; k]; k];
    let mut pairs: Vec<(f32, f32)> = Vec::new();
    let (mut sum, mut n) = (0.0f32, 0usize);
    let mut values = Vec::new();
    // One sample at a time, its buffers reused.
    let mut s = Samples::new(cols.inputs.len(), task.outputs());
    while let Some(line) = rows.next(&mut values)? {
        s.clear();
        s.push_inputs(&values, &cols.inputs);
        let header = rows.header();
        let label = s.push_target(path, header, (line, &values), &cols.targets, task)?;
        let (x, y) = (&s.xs[..], &s.ys[..]);
        sum += net.loss(task, x, y)?;
        n += 1;
        match label {
            Some(t) => {
                let predicted = net.classify(x)?;
                if let Some(c) = confusion.get_mut(t).and_then(|r| r.get_mut(predicted)) {
                    *c += 1;
                }
            }
            None => pairs.extend(net.predict(x)?.into_iter().zip(y.iter().copied())),
        }
    }
    let loss = sum / n.max(1) as f32;
    let type_name = net
        .type_name()
        .unwrap_or_else(|| "a network deeper than Mlp5".into());
    let mut e = Evaluation {
        model: model_path,
        data: path,
        dtype: net.dtype(),
        task: task.key(),
        classes: task.classes(),
        rows: n,
        loss,
        accuracy: None,
        confusion: None,
        rmse: None,
        mae: None,
        r2: None,
        heading: format!("{model_path}: {type_name} ({}), {}", net.dtype(), task.name()),
        loss_name: task.loss_name(),
    };
    match task.classes() {
        Some(k) => {
            let hits: usize = (0..k).map(|c| confusion[c][c]).sum();
            e.accuracy = Some(fraction(hits, n));
            e.confusion = Some(confusion);
        }
        None => {
            let (rmse, mae, r2) = regression_errors(&pairs);
            (e.rmse, e.mae, e.r2) = (Some(rmse), Some(mae), Some(r2));
        }
    }
    if args.json {
        report::json(out, &e)
    } else {
        e.write_text(out)
    }
}

/// RMSE, MAE and R², pooled over all outputs, in f64.
fn regression_errors(pairs: &[(f32, f32)]) -> (f32, f32, f32) {
    let pairs = || pairs.iter().map(|&(p, y)| (f64::from(p), f64::from(y)));
    let n = pairs().count() as f64;
    let mse = pairs().map(|(p, y)| (p - y) * (p - y)).sum::<f64>() / n;
    let mae = pairs().map(|(p, y)| (p - y).abs()).sum::<f64>() / n;
    let mean = pairs().map(|(_, y)| y).sum::<f64>() / n;
    let var = pairs().map(|(_, y)| (y - mean) * (y - mean)).sum::<f64>() / n;
    let r2 = if var > 0.0 { 1.0 - mse / var } else { f64::NAN };
    (mse.sqrt() as f32, mae as f32, r2 as f32)
}

impl Evaluation<'_> {
    fn write_text(&self, out: &mut dyn Write) -> Result<()> {
        writeln!(out, "model       {}", self.heading)?;
        let rows = format!("{} row{}", self.rows, plural(self.rows));
        writeln!(out, "data        {}: {rows}", self.data)?;
        writeln!(out, "loss        {} ({})", sig(self.loss), self.loss_name)?;
        if let Some(confusion) = &self.confusion {
            let hits: usize = (0..confusion.len()).map(|c| confusion[c][c]).sum();
            writeln!(out, "accuracy    {}", percent(hits, self.rows))?;
            write_confusion(out, confusion)?;
        }
        for (name, value) in [("rmse", self.rmse), ("mae", self.mae), ("r2", self.r2)] {
            if let Some(v) = value {
                writeln!(out, "{name:<12}{}", sig(v))?;
            }
        }
        Ok(())
    }
}

/// The confusion matrix as a table, rows: true class, columns: predicted class.
fn write_confusion(out: &mut dyn Write, confusion: &[Vec<usize>]) -> Result<()> {
    let k = confusion.len();
    writeln!(
        out,
        "confusion matrix (rows: true class, columns: predicted class)"
    )?;
    let w = confusion
        .iter()
        .flatten()
        .map(|c| c.to_string().len())
        .max()
        .unwrap_or(1)
        .max(k.to_string().len())
        + 2;
    write!(out, "{:>w$}", "")?;
    for c in 0..k {
        write!(out, "{c:>w$}")?;
    }
    writeln!(out)?;
    for (t, row) in confusion.iter().enumerate() {
        write!(out, "{t:>w$}")?;
        for c in row {
            write!(out, "{c:>w$}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
