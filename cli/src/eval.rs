//! `tinymlp eval` and `tinymlp predict`: a model file applied to a CSV file.

use std::fmt::Write as _;

use crate::CliError;
use crate::args::{self, Opt, Parsed, flag, val};
use crate::data::{self, Task};
use crate::model::Model;
use crate::output::{self, Json, percent, sig};

pub const EVAL_USAGE: &str = "\
Usage: tinymlp eval MODEL.tmlp DATA.csv [--target NAME] [--json]

Evaluates a model on a CSV file with a header line: the model's inputs, in the order they
were trained on, and the target column (the last one, or --target NAME). The model decides
the task: one sigmoid output is a binary classifier (labels 0 and 1), a softmax output a
classifier of as many classes (labels 0 … K-1), anything else regression. Prints the loss,
and the accuracy and confusion matrix for classifiers (RMSE, MAE and R² for regression).

Options:
  --target NAME   the target column               [default: the last one]
  --json          print the results as one JSON object on stdout
  -h, --help      this help";

pub const PREDICT_USAGE: &str = "\
Usage: tinymlp predict MODEL.tmlp DATA.csv [--target NAME] [-o OUT.csv]

Prints one prediction per data row, as CSV with a header: `class,p1` (the class and the
probability of class 1) for a binary classifier, `class,p0,p1,…` for a multi-class one,
`prediction` for regression. Every number is printed with the fewest digits that read back
to exactly the same 32-bit float. The file's columns are the model's inputs, optionally
followed by the target column (the last one, or --target NAME), which is ignored.

Options:
  --target NAME     the target column to ignore    [default: the last one, if present]
  -o, --output PATH write the predictions to a file (atomically) instead of stdout
  -h, --help        this help";

pub fn run_eval(argv: &[String]) -> Result<(), CliError> {
    let spec = [val("--target"), flag("--json")];
    let a = match args::parse(argv, &spec, EVAL_USAGE)? {
        Parsed::Help => {
            println!("{EVAL_USAGE}");
            return Ok(());
        }
        Parsed::Run(a) => a,
    };
    let [model_path, path] = a.positional(["MODEL.tmlp", "DATA.csv"])?;
    let net = Model::load(model_path)?;
    let task = net.task();
    let table = data::read_table(path)?;
    let cols = data::model_columns(path, &table, net.inputs(), task, a.value("--target"), true)?;

    let (mut xs, mut ys, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    for row in table.rows() {
        xs.push(data::pick(row, &cols.inputs));
        match task.classes() {
            Some(k) => {
                let column = cols.targets.first().copied().unwrap_or(0);
                let label = data::class_label(path, &table, row, column, k)?;
                ys.push(task.one_hot(label));
                labels.push(label);
            }
            None => ys.push(data::pick(row, &cols.targets)),
        }
    }
    // The mean loss, summed in row order (as `metrics::mean_loss` does).
    let loss = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| net.loss(task, x, y))
        .sum::<f32>()
        / xs.len().max(1) as f32;
    let preds: Vec<Vec<f32>> = xs.iter().map(|x| net.predict(x)).collect();
    let type_name = net
        .type_name()
        .unwrap_or_else(|| "a network deeper than Mlp5".into());

    let mut j = vec![
        ("model", Json::str(model_path)),
        ("data", Json::str(path)),
        ("dtype", Json::str(net.dtype())),
        ("task", Json::str(task.key())),
        ("classes", task.classes().map_or(Json::Null, Json::int)),
        ("rows", Json::int(xs.len())),
        ("loss", Json::f32(loss)),
    ];
    let mut text = String::new();
    let _ = writeln!(
        text,
        "model       {model_path}: {type_name} ({}), {}",
        net.dtype(),
        task.name()
    );
    let _ = writeln!(text, "data        {path}: {} rows", xs.len());
    let _ = writeln!(text, "loss        {} ({})", sig(loss), task.loss_name());
    match task.classes() {
        Some(k) => {
            let mut confusion = vec![vec![0usize; k]; k];
            for (x, &t) in xs.iter().zip(&labels) {
                let guess = net.classify(x);
                if let Some(c) = confusion.get_mut(t).and_then(|r| r.get_mut(guess)) {
                    *c += 1;
                }
            }
            let hits: usize = (0..k).map(|c| confusion[c][c]).sum();
            let _ = writeln!(text, "accuracy    {}", percent(hits, xs.len()));
            let _ = writeln!(
                text,
                "confusion matrix (rows: true class, columns: predicted class)"
            );
            let w = confusion
                .iter()
                .flatten()
                .map(|c| c.to_string().len())
                .max()
                .unwrap_or(1)
                .max(k.to_string().len())
                + 2;
            let _ = write!(text, "{:>w$}", "");
            for c in 0..k {
                let _ = write!(text, "{c:>w$}");
            }
            text.push('\n');
            for (t, row) in confusion.iter().enumerate() {
                let _ = write!(text, "{t:>w$}");
                for c in row {
                    let _ = write!(text, "{c:>w$}");
                }
                text.push('\n');
            }
            j.push(("accuracy", Json::f32(hits as f32 / xs.len() as f32)));
            j.push((
                "confusion",
                Json::Arr(
                    confusion
                        .iter()
                        .map(|r| Json::Arr(r.iter().map(|&c| Json::int(c)).collect()))
                        .collect(),
                ),
            ));
        }
        None => {
            // Pooled over all outputs, in f64.
            let pairs = || {
                preds
                    .iter()
                    .zip(&ys)
                    .flat_map(|(p, y)| p.iter().zip(y))
                    .map(|(&p, &y)| (f64::from(p), f64::from(y)))
            };
            let n = pairs().count() as f64;
            let mse = pairs().map(|(p, y)| (p - y) * (p - y)).sum::<f64>() / n;
            let mae = pairs().map(|(p, y)| (p - y).abs()).sum::<f64>() / n;
            let mean = pairs().map(|(_, y)| y).sum::<f64>() / n;
            let var = pairs().map(|(_, y)| (y - mean) * (y - mean)).sum::<f64>() / n;
            let r2 = if var > 0.0 { 1.0 - mse / var } else { f64::NAN };
            let (rmse, mae, r2) = (mse.sqrt() as f32, mae as f32, r2 as f32);
            let _ = writeln!(text, "rmse        {}", sig(rmse));
            let _ = writeln!(text, "mae         {}", sig(mae));
            let _ = writeln!(text, "r2          {}", sig(r2));
            j.push(("rmse", Json::f32(rmse)));
            j.push(("mae", Json::f32(mae)));
            j.push(("r2", Json::f32(r2)));
        }
    }
    if a.flag("--json") {
        println!("{}", Json::Obj(j));
    } else {
        print!("{text}");
    }
    Ok(())
}

pub fn run_predict(argv: &[String]) -> Result<(), CliError> {
    let spec = [
        val("--target"),
        Opt {
            long: "--output",
            short: Some("-o"),
            value: true,
        },
    ];
    let a = match args::parse(argv, &spec, PREDICT_USAGE)? {
        Parsed::Help => {
            println!("{PREDICT_USAGE}");
            return Ok(());
        }
        Parsed::Run(a) => a,
    };
    let [model_path, path] = a.positional(["MODEL.tmlp", "DATA.csv"])?;
    if let Some(out) = a.value("--output") {
        output::check_writable(out, "-o")?;
    }
    let net = Model::load(model_path)?;
    let task = net.task();
    let table = data::read_table(path)?;
    let cols = data::model_columns(path, &table, net.inputs(), task, a.value("--target"), false)?;

    let mut out = String::new();
    let header: Vec<String> = match task {
        Task::Binary => vec!["class".into(), "p1".into()],
        Task::Classes(k) => std::iter::once("class".to_string())
            .chain((0..k).map(|c| format!("p{c}")))
            .collect(),
        Task::Regression(1) => vec!["prediction".into()],
        Task::Regression(n) => (0..n).map(|k| format!("prediction{k}")).collect(),
    };
    out.push_str(&header.join(","));
    out.push('\n');
    for row in table.rows() {
        let x = data::pick(row, &cols.inputs);
        let y = net.predict(&x);
        let mut fields: Vec<String> = Vec::with_capacity(y.len() + 1);
        if task.classes().is_some() {
            fields.push(net.classify(&x).to_string());
        }
        // `{:?}` is the shortest decimal that parses back to the same f32.
        fields.extend(y.iter().map(|v| format!("{v:?}")));
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    match a.value("--output") {
        Some(file) => output::write_atomic(file, out.as_bytes())?,
        None => print!("{out}"),
    }
    Ok(())
}
