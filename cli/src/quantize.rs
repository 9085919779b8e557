//! `tinymlp quantize`: an `f32` model to 8-bit integers, calibrated on a CSV file.

use std::fmt::Write as _;

use tinymlp::quant::{self, Granularity};

use crate::CliError;
use crate::args::{self, Opt, Parsed, flag, val};
use crate::data;
use crate::model::Model;
use crate::output::{self, Json, percent, sig};

pub const QUANTIZE_USAGE: &str = "\
Usage: tinymlp quantize MODEL.tmlp DATA.csv -o MODEL.q8.tmlp [--per-layer] [--target NAME] [--json]

Quantizes an f32 model to 8-bit integers for microcontrollers without an FPU: int8 weights
and activations, int32 accumulation, fixed-point requantization, sigmoid and tanh by lookup
table. The activation ranges are calibrated on DATA.csv (representative inputs, e.g. the
training data): its columns are the model's inputs, optionally followed by the target column
(the last one, or --target NAME). With a target column, prints the accuracy (or RMSE) of the
f32 and the int8 model on the file and how often their predictions agree. The result loads
into the matching `tinymlp::quant::QMlpD<…>` type (e.g. with include_model!) and works with
`tinymlp eval`, `predict` and `info`.

Options:
  -o, --output PATH  the int8 model file to write (atomically)            [required]
  --per-layer        one weight scale per layer           [default: one per output unit]
  --target NAME      the target column, if the file has one  [default: the last one, if present]
  --json             print the summary as one JSON object on stdout
  -h, --help         this help";

pub fn run(argv: &[String]) -> Result<(), CliError> {
    let output_opt = Opt {
        long: "--output",
        short: Some("-o"),
        value: true,
    };
    let spec = [
        output_opt,
        flag("--per-layer"),
        val("--target"),
        flag("--json"),
    ];
    let a = match args::parse(argv, &spec, QUANTIZE_USAGE)? {
        Parsed::Help => {
            println!("{QUANTIZE_USAGE}");
            return Ok(());
        }
        Parsed::Run(a) => a,
    };
    let [model_path, path] = a.positional(["MODEL.tmlp", "DATA.csv"])?;
    let Some(out) = a.value("--output") else {
        return Err(CliError::usage(
            "-o PATH is required".into(),
            QUANTIZE_USAGE,
        ));
    };
    output::check_writable(out, "-o")?;
    let net = Model::load_f32(
        model_path,
        "already an int8 model; quantize the f32 model it came from",
    )?;
    let f32_model = Model::F32(net.clone());
    let task = f32_model.task();
    let table = data::read_table(path)?;
    let cols = data::model_columns(
        path,
        &table,
        f32_model.inputs(),
        task,
        a.value("--target"),
        false,
    )?;
    let xs: Vec<Vec<f32>> = table
        .rows()
        .iter()
        .map(|row| data::pick(row, &cols.inputs))
        .collect();

    let granularity = if a.flag("--per-layer") {
        Granularity::PerLayer
    } else {
        Granularity::PerChannel
    };
    let q = quant::quantize(&net, &xs, granularity)
        .map_err(|e| CliError::input(format!("{path}: {e}")))?;
    let bytes = q.to_bytes();
    let int8_model = Model::Int8(q);

    let mut text = String::new();
    let type_name = int8_model
        .type_name()
        .unwrap_or_else(|| "none (deeper than QMlp5)".into());
    let _ = writeln!(text, "model       {model_path} → {out}: {type_name}");
    let _ = writeln!(
        text,
        "calibrated  on {} rows of {path}, {} weight scales",
        xs.len(),
        if a.flag("--per-layer") {
            "per-layer"
        } else {
            "per-channel"
        }
    );
    let mut j = vec![
        ("model", Json::str(model_path)),
        ("output", Json::str(out)),
        ("data", Json::str(path)),
        ("rows", Json::int(xs.len())),
        (
            "granularity",
            Json::str(if a.flag("--per-layer") {
                "layer"
            } else {
                "channel"
            }),
        ),
        (
            "type",
            int8_model.type_name().map_or(Json::Null, |t| Json::str(&t)),
        ),
        ("file_bytes", Json::int(bytes.len())),
    ];
    // With targets: how the two models compare on this file.
    if !cols.targets.is_empty() {
        match task.classes() {
            Some(k) => {
                let column = cols.targets.first().copied().unwrap_or(0);
                let (mut f32_hits, mut int8_hits, mut agree) = (0, 0, 0);
                for (row, x) in table.rows().iter().zip(&xs) {
                    let label = data::class_label(path, &table, row, column, k)?;
                    let (f, i) = (f32_model.classify(x), int8_model.classify(x));
                    f32_hits += usize::from(f == label);
                    int8_hits += usize::from(i == label);
                    agree += usize::from(f == i);
                }
                let n = xs.len();
                let _ = writeln!(
                    text,
                    "accuracy    f32 {}, int8 {}",
                    percent(f32_hits, n),
                    percent(int8_hits, n)
                );
                let _ = writeln!(text, "agreement   {} of the predictions", percent(agree, n));
                j.push(("f32_accuracy", Json::f32(f32_hits as f32 / n as f32)));
                j.push(("int8_accuracy", Json::f32(int8_hits as f32 / n as f32)));
                j.push(("agreement", Json::f32(agree as f32 / n as f32)));
            }
            None => {
                let rmse = |m: &Model| {
                    let mut sum = 0.0f64;
                    let mut count = 0usize;
                    for (row, x) in table.rows().iter().zip(&xs) {
                        for (p, y) in m.predict(x).iter().zip(data::pick(row, &cols.targets)) {
                            sum += f64::from(p - y).powi(2);
                            count += 1;
                        }
                    }
                    (sum / count.max(1) as f64).sqrt() as f32
                };
                let (f, i) = (rmse(&f32_model), rmse(&int8_model));
                let _ = writeln!(text, "rmse        f32 {}, int8 {}", sig(f), sig(i));
                j.push(("f32_rmse", Json::f32(f)));
                j.push(("int8_rmse", Json::f32(i)));
            }
        }
    }
    output::write_atomic(out, &bytes)?;
    let _ = writeln!(
        text,
        "file        {} bytes (int8 format, version {})",
        bytes.len(),
        tinymlp::model::VERSION_INT8
    );
    if a.flag("--json") {
        println!("{}", Json::Obj(j));
    } else {
        print!("{text}");
    }
    Ok(())
}
