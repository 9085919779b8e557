//! `tinymlp predict`: one prediction per row of a CSV file, as CSV.

use std::io::Write;

use crate::data::{ModelAndData, pick};
use crate::error::Result;
use crate::model::Model;
use crate::task::Task;
use crate::write;

/// Prints one prediction per data row, as CSV
///
/// The output has a header: `class,p1` (the class and the probability of class 1) for a
/// binary classifier, `class,p0,p1,…` for a multi-class one, `prediction` for regression.
/// Every number is printed with the fewest digits that read back to exactly the same 32-bit
/// float. The file's columns are the model's inputs, optionally followed by the target column
/// (the last one, or --target NAME), which is ignored.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: ModelAndData,
    /// Write the predictions to a file (atomically) instead of stdout
    #[arg(short, long, value_name = "PATH")]
    output: Option<String>,
}

pub fn exec(args: Args, out: &mut dyn Write) -> Result<()> {
    if let Some(path) = &args.output {
        write::check_writable(path, "-o")?;
        write::check_distinct(&args.input.files(), &[("-o", path)])?;
    }
    let net = Model::load(&args.input.model, args.input.limit)?;
    let task = net.task();
    let (mut rows, cols) = args.input.open_data(&net, false)?;
    let header: Vec<String> = match task {
        Task::Binary => vec!["class".into(), "p1".into()],
        Task::Classes(k) => std::iter::once("class".to_string())
            .chain((0..k).map(|c| format!("p{c}")))
            .collect(),
        Task::Regression(1) => vec!["prediction".into()],
        Task::Regression(n) => (0..n).map(|k| format!("prediction{k}")).collect(),
    };
    // Row by row, each prediction written as it is made: to stdout, or to a temporary file
    // that becomes the output only once every row is done.
    let mut write = |out: &mut dyn Write| -> Result<()> {
        writeln!(out, "{}", header.join(","))?;
        let mut values = Vec::new();
        while rows.next(&mut values)?.is_some() {
            let x = pick(&values, &cols.inputs);
            if task.classes().is_some() {
                write!(out, "{},", net.classify(&x)?)?;
            }
            // `{:?}` is the shortest decimal that parses back to the same f32.
            let p = net.predict(&x)?;
            for (k, v) in p.iter().enumerate() {
                let sep = if k + 1 == p.len() { "\n" } else { "," };
                write!(out, "{v:?}{sep}")?;
            }
        }
        Ok(())
    };
    match &args.output {
        Some(path) => write::write_atomic_with(path, write),
        None => {
            let mut out = std::io::BufWriter::new(out);
            write(&mut out)?;
            Ok(out.flush()?)
        }
    }
}
