//! From a CSV table to a network's inputs and targets: the target column, the task it asks
//! for, the class labels, with every mistake reported at its file, line and column.

use std::io;

use std::fs::File;

use tinymlp::data::Rows as FlatRows;
use tinymlp::net::DynMlp;
use tinymlp::{Dataset, Network};
use tinymlp_cli::table::{self, ErrorKind, Header, Reader};

use crate::error::{Error, Result};
use crate::model::Model;
use crate::read::{Kind, Limit, Limited};
use crate::task::Task;

/// The largest class label the tool accepts. Labels index the outputs of a softmax layer, so
/// a stray large integer (say an ID column taken for the target) would silently build a
/// huge network; 256 classes is far beyond what a microcontroller classifier needs.
pub const MAX_LABEL: f32 = 255.0;

/// A CSV file read row by row through the size limit.
pub struct Rows<'a> {
    pub path: &'a str,
    limit: Limit,
    reader: Reader<Limited<File>>,
}

impl<'a> Rows<'a> {
    /// Opens the file and reads its header.
    pub fn open(path: &'a str, limit: Limit) -> Result<Self> {
        let input = limit.open(path, Kind::Data)?;
        let reader = Reader::new(input).map_err(|e| table_error(path, limit, e))?;
        Ok(Rows {
            path,
            limit,
            reader,
        })
    }

    pub fn header(&self) -> &Header {
        self.reader.header()
    }

    /// The next row's values and its line, or `None` after the last row.
    pub fn next(&mut self, values: &mut Vec<f32>) -> Result<Option<usize>> {
        let (path, limit) = (self.path, self.limit);
        self.reader
            .next_row(values)
            .map_err(|e| table_error(path, limit, e))
    }
}

/// A CSV file's error: located (`data.csv:3:2: …`), or the file's size or a read error.
pub fn table_error(path: &str, limit: Limit, e: table::Error) -> Error {
    match &e.kind {
        ErrorKind::Read {
            kind: io::ErrorKind::FileTooLarge,
            ..
        } => limit.exceeded(path, Kind::Data),
        ErrorKind::Read { kind, message } => {
            Error::io("cannot read", path, &io::Error::new(*kind, message.clone()))
        }
        _ => Error::Located(format!("{path}:{e}")),
    }
}

/// An error about the value in `column` (0-based) of `row`.
pub fn at_cell(path: &str, header: &Header, line: usize, column: usize, message: &str) -> Error {
    let name = header.names().get(column).map_or("", String::as_str);
    Error::Located(format!(
        "{path}:{}:{}: column {} ({name:?}): {message}",
        line,
        column + 1,
        column + 1
    ))
}

/// The names of all columns, quoted, for messages.
pub fn column_list(header: &Header) -> String {
    let names: Vec<String> = header.names().iter().map(|n| format!("{n:?}")).collect();
    names.join(", ")
}

/// The column named by `--target`, or the last one.
pub fn target_column(path: &str, header: &Header, target: Option<&str>) -> Result<usize> {
    match target {
        Some(name) => header.column(name).ok_or_else(|| {
            Error::Located(format!(
                "{path}:{}:1: no column named {name:?} (--target); the columns are {}",
                header.line(),
                column_list(header)
            ))
        }),
        None => Ok(header.width() - 1),
    }
}

/// Checks that `v` (from `column` of `row`) is a class label below `classes`.
pub fn class_label(
    path: &str,
    header: &Header,
    (line, values): (usize, &[f32]),
    column: usize,
    classes: usize,
) -> Result<usize> {
    let v = values.get(column).copied().unwrap_or(f32::NAN);
    let range = format!("0 … {}", classes - 1);
    if v.trunc() != v {
        return Err(at_cell(
            path,
            header,
            line,
            column,
            &format!("{v} is not a class label: labels are the integers {range}"),
        ));
    }
    if v < 0.0 || v >= classes as f32 {
        return Err(at_cell(
            path,
            header,
            line,
            column,
            &format!("class label {v} is out of range: the model has {classes} classes, {range}"),
        ));
    }
    Ok(v as usize)
}

/// What the values of a target column say about the task, gathered row by row so that the
/// column need not be kept with its lines.
#[derive(Default)]
pub struct TargetScan {
    /// Whether a value is not an integer.
    fractional: bool,
    /// The first integer value that is not a class label, and its line.
    out_of_range: Option<(f32, usize)>,
    first: Option<f32>,
    /// Whether a value differs from the first.
    mixed: bool,
    max: f32,
}

impl TargetScan {
    /// Takes the value `v` of the target column, on `line`.
    pub fn add(&mut self, v: f32, line: usize) {
        if v.trunc() != v {
            self.fractional = true;
        } else if !(0.0..=MAX_LABEL).contains(&v) && self.out_of_range.is_none() {
            self.out_of_range = Some((v, line));
        }
        let first = *self.first.get_or_insert(v);
        self.mixed |= first != v;
        self.max = self.max.max(v);
    }

    /// The task the column asks for when training: integer labels mean classification
    /// (unless `regression` is forced), anything else regression. Checks the labels.
    pub fn task(
        &self,
        path: &str,
        header: &Header,
        column: usize,
        regression: bool,
    ) -> Result<Task> {
        if regression || self.fractional {
            return Ok(Task::Regression(1));
        }
        if let Some((v, line)) = self.out_of_range {
            return Err(at_cell(
                path,
                header,
                line,
                column,
                &format!(
                    "class label {v} is out of range: integer labels are classes numbered 0, 1, 2, … \
                     (at most {MAX_LABEL}); pass --regression to fit this column as a number"
                ),
            ));
        }
        // One class, whichever it is, leaves nothing to learn.
        if !self.mixed {
            return Err(Error::input(format!(
                "{path}: the target column {:?} holds only the class {}: a classifier needs two \
                 classes or more (pass --regression to fit it as a number)",
                header.names().get(column).map_or("", String::as_str),
                self.first.unwrap_or(0.0)
            )));
        }
        match self.max as usize + 1 {
            2 => Ok(Task::Binary),
            k => Ok(Task::Classes(k)),
        }
    }
}

/// Which columns are a model's inputs and which its targets, in a file for `eval`
/// (`targets_required`) or `predict`.
pub struct Columns {
    pub inputs: Vec<usize>,
    pub targets: Vec<usize>,
}

pub fn model_columns(
    path: &str,
    header: &Header,
    inputs: usize,
    task: Task,
    target: Option<&str>,
    targets_required: bool,
) -> Result<Columns> {
    let n_t = task.target_columns();
    let width = header.width();
    let all = |skip: &[usize]| (0..width).filter(|c| !skip.contains(c)).collect::<Vec<_>>();
    if let Some(name) = target {
        if n_t != 1 {
            return Err(Error::input(format!(
                "--target names one column, but the model has {n_t} outputs: leave it out, the last {n_t} columns are the targets"
            )));
        }
        let t = target_column(path, header, Some(name))?;
        if width == inputs + 1 {
            return Ok(Columns {
                inputs: all(&[t]),
                targets: vec![t],
            });
        }
    } else if width == inputs + n_t {
        let targets: Vec<usize> = (inputs..width).collect();
        return Ok(Columns {
            inputs: all(&targets),
            targets,
        });
    } else if width == inputs && !targets_required {
        return Ok(Columns {
            inputs: all(&[]),
            targets: Vec::new(),
        });
    }
    let t = if n_t == 1 {
        "1 target column".to_string()
    } else {
        format!("{n_t} target columns")
    };
    let needs = if targets_required {
        format!("{} columns ({inputs} inputs and {t})", inputs + n_t)
    } else {
        format!(
            "{inputs} columns (the inputs) or {} (and {t})",
            inputs + n_t
        )
    };
    // Point at the first extra column, or where the first missing one would be.
    let wanted = if targets_required || target.is_some() || width > inputs {
        inputs + n_t
    } else {
        inputs
    };
    Err(Error::Located(format!(
        "{path}:{}:{}: the model takes {inputs} input{}, so the file needs {needs}, but it has {width}: {}",
        header.line(),
        width.min(wanted) + 1,
        if inputs == 1 { "" } else { "s" },
        column_list(header)
    )))
}

/// The values of `columns` of a row.
pub fn pick(values: &[f32], columns: &[usize]) -> Vec<f32> {
    columns
        .iter()
        .map(|&c| values.get(c).copied().unwrap_or(0.0))
        .collect()
}

/// Inputs and targets, row after row in two flat buffers of `f32`: what a [`Dataset`] of a
/// run-time-shaped network borrows, at four bytes a value and nothing more per row.
pub struct Samples {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

impl Samples {
    /// No samples yet, of `inputs` input values and `outputs` target values each.
    pub fn new(inputs: usize, outputs: usize) -> Self {
        Samples {
            xs: Vec::new(),
            ys: Vec::new(),
            inputs,
            outputs,
        }
    }

    /// Adds the values of the `inputs` columns of a row.
    pub fn push_inputs(&mut self, values: &[f32], inputs: &[usize]) {
        let value = |&c: &usize| values.get(c).copied().unwrap_or(0.0);
        self.xs.extend(inputs.iter().map(value));
    }

    /// Adds the target of one row, from the `targets` columns: one class label, checked
    /// against the task's classes and one-hot encoded, or the regression targets. Returns the
    /// class for a classification task.
    pub fn push_target(
        &mut self,
        path: &str,
        header: &Header,
        row: (usize, &[f32]),
        targets: &[usize],
        task: Task,
    ) -> Result<Option<usize>> {
        match (task.classes(), targets.first()) {
            (Some(k), Some(&column)) => {
                let label = class_label(path, header, row, column, k)?;
                self.ys.extend(task.one_hot(label));
                Ok(Some(label))
            }
            _ => {
                let value = |&c: &usize| row.1.get(c).copied().unwrap_or(0.0);
                self.ys.extend(targets.iter().map(value));
                Ok(None)
            }
        }
    }

    /// The number of samples.
    pub fn len(&self) -> usize {
        self.xs.len().checked_div(self.inputs).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The samples as a dataset.
    pub fn dataset(&self) -> Result<Dataset<'_, [f32], [f32]>> {
        let bad = |e: tinymlp::Error| Error::input(e.to_string());
        let xs = FlatRows::flat(&self.xs, self.inputs).map_err(bad)?;
        let ys = FlatRows::flat(&self.ys, self.outputs).map_err(bad)?;
        Dataset::new(xs, ys).map_err(bad)
    }

    /// The inputs, one row each.
    pub fn inputs(&self) -> impl Iterator<Item = &[f32]> {
        self.xs.chunks_exact(self.inputs.max(1))
    }

    /// The targets, one row each.
    pub fn targets(&self) -> impl Iterator<Item = &[f32]> {
        self.ys.chunks_exact(self.outputs.max(1))
    }

    /// The class of each sample of a classification task, read from its target (one-hot, or
    /// a single 0 or 1).
    pub fn labels(&self) -> impl Iterator<Item = usize> {
        self.targets().map(<DynMlp as Network>::class_of)
    }

    /// Removes every sample, keeping the buffers.
    pub fn clear(&mut self) {
        self.xs.clear();
        self.ys.clear();
    }

    /// Swaps samples `i` and `j`.
    pub fn swap(&mut self, i: usize, j: usize) {
        swap_rows(&mut self.xs, self.inputs, i, j);
        swap_rows(&mut self.ys, self.outputs, i, j);
    }

    /// The same inputs, with targets `ys` of `outputs` values each.
    pub fn with_targets(self, ys: Vec<f32>, outputs: usize) -> Self {
        Samples {
            ys,
            outputs,
            ..self
        }
    }

    /// Moves samples `at..` into a new set.
    pub fn split_off(&mut self, at: usize) -> Samples {
        Samples {
            xs: self.xs.split_off((at * self.inputs).min(self.xs.len())),
            ys: self.ys.split_off((at * self.outputs).min(self.ys.len())),
            inputs: self.inputs,
            outputs: self.outputs,
        }
    }
}

fn swap_rows(values: &mut [f32], width: usize, i: usize, j: usize) {
    for k in 0..width {
        values.swap(i * width + k, j * width + k);
    }
}

/// The arguments of the commands that apply a model to a CSV file (`eval`, `predict`,
/// `quantize`).
#[derive(clap::Args)]
pub struct ModelAndData {
    /// The model file
    #[arg(value_name = "MODEL.tmlp")]
    pub model: String,
    /// The data: a CSV file with a header line
    #[arg(value_name = "DATA.csv")]
    pub data: String,
    /// The target column [default: the last one (optional for predict and quantize)]
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    #[command(flatten)]
    pub limit: Limit,
}

impl ModelAndData {
    /// The two input files, named for messages.
    pub fn files(&self) -> [crate::write::Named<'_>; 2] {
        [
            ("the model file", &self.model),
            ("the data file", &self.data),
        ]
    }

    /// Opens the data file for `net` to read it row by row, and finds which of its columns
    /// are the model's inputs and targets (`targets_required` for `eval`).
    pub fn open_data(&self, net: &Model, targets_required: bool) -> Result<(Rows<'_>, Columns)> {
        let rows = Rows::open(&self.data, self.limit)?;
        let cols = self.columns(rows.header(), net, targets_required)?;
        Ok((rows, cols))
    }

    fn columns(&self, header: &Header, net: &Model, targets_required: bool) -> Result<Columns> {
        let (path, target) = (self.data.as_str(), self.target.as_deref());
        model_columns(
            path,
            header,
            net.inputs(),
            net.task(),
            target,
            targets_required,
        )
    }
}
