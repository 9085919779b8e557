//! From a CSV file to inputs and targets: the task, the target column, the class labels,
//! with every mistake reported at its file, line and column.

use tinymlp::{Activation, Loss};
use tinymlp_cli::csv::{Row, Table};

use crate::CliError;

/// The largest class label the tool accepts. Labels index the outputs of a softmax layer, so
/// a stray large integer (say an ID column taken for the target) would silently build a
/// huge network; 256 classes is far beyond what a microcontroller classifier needs.
pub const MAX_LABEL: f32 = 255.0;

/// What a network does, which decides its output layer, its loss and its metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Two classes: one sigmoid output, P(class 1); binary cross-entropy.
    Binary,
    /// `K ≥ 2` classes: softmax over `K` outputs; softmax cross-entropy with one-hot targets.
    Classes(usize),
    /// Numbers: identity (or any non-classifying) outputs; mean squared error.
    Regression(usize),
}

impl Task {
    /// The task of a trained network, read from its output layer: one sigmoid output is a
    /// binary classifier, a softmax over several outputs a multi-class one, anything else
    /// regression.
    pub fn of_output(outputs: usize, activation: Option<Activation>) -> Task {
        match (activation, outputs) {
            (Some(Activation::Sigmoid | Activation::FastSigmoid), 1) => Task::Binary,
            (Some(Activation::Softmax | Activation::FastSoftmax), k) if k >= 2 => Task::Classes(k),
            _ => Task::Regression(outputs),
        }
    }

    pub fn loss(self) -> Loss {
        match self {
            Task::Binary => Loss::BinaryCrossEntropy,
            Task::Classes(_) => Loss::SoftmaxCrossEntropy,
            Task::Regression(_) => Loss::MeanSquaredError,
        }
    }

    pub fn loss_name(self) -> &'static str {
        match self {
            Task::Binary => "binary cross-entropy",
            Task::Classes(_) => "softmax cross-entropy",
            Task::Regression(_) => "mean squared error",
        }
    }

    /// The number of classes, for classification.
    pub fn classes(self) -> Option<usize> {
        match self {
            Task::Binary => Some(2),
            Task::Classes(k) => Some(k),
            Task::Regression(_) => None,
        }
    }

    pub fn outputs(self) -> usize {
        match self {
            Task::Binary => 1,
            Task::Classes(k) => k,
            Task::Regression(n) => n,
        }
    }

    pub fn output_activation(self) -> Activation {
        match self {
            Task::Binary => Activation::Sigmoid,
            Task::Classes(_) => Activation::Softmax,
            Task::Regression(_) => Activation::Identity,
        }
    }

    /// Columns of targets in a CSV file: one class label, or one column per regression output.
    pub fn target_columns(self) -> usize {
        match self {
            Task::Binary | Task::Classes(_) => 1,
            Task::Regression(n) => n,
        }
    }

    /// The network's target vector for a (checked) class label: `[label]` for a sigmoid
    /// output, one-hot for softmax.
    pub fn one_hot(self, label: usize) -> Vec<f32> {
        match self {
            Task::Classes(k) => (0..k).map(|c| f32::from(u8::from(c == label))).collect(),
            _ => vec![label as f32],
        }
    }

    /// `binary classification`, `3-class classification`, `regression`.
    pub fn name(self) -> String {
        match self {
            Task::Binary => "binary classification".into(),
            Task::Classes(k) => format!("{k}-class classification"),
            Task::Regression(1) => "regression".into(),
            Task::Regression(n) => format!("regression ({n} outputs)"),
        }
    }

    /// The name used in JSON: `binary`, `multiclass`, `regression`.
    pub fn key(self) -> &'static str {
        match self {
            Task::Binary => "binary",
            Task::Classes(_) => "multiclass",
            Task::Regression(_) => "regression",
        }
    }
}

/// Reads and parses a CSV file.
pub fn read_table(path: &str) -> Result<Table, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::input(format!("cannot read {path}: {}", crate::output::io(&e))))?;
    Table::parse_bytes(&bytes).map_err(|e| CliError::located(format!("{path}:{e}")))
}

/// An error about the value in `column` (0-based) of `row`.
pub fn at_cell(path: &str, table: &Table, row: &Row, column: usize, message: &str) -> CliError {
    let name = table.header().get(column).map_or("", String::as_str);
    CliError::located(format!(
        "{path}:{}:{}: column {} ({name:?}): {message}",
        row.line,
        column + 1,
        column + 1
    ))
}

/// The names of all columns, quoted, for messages.
pub fn column_list(table: &Table) -> String {
    let names: Vec<String> = table.header().iter().map(|n| format!("{n:?}")).collect();
    names.join(", ")
}

/// The column named by `--target`, or the last one.
pub fn target_column(path: &str, table: &Table, target: Option<&str>) -> Result<usize, CliError> {
    match target {
        Some(name) => table.column(name).ok_or_else(|| {
            CliError::located(format!(
                "{path}:{}:1: no column named {name:?} (--target); the columns are {}",
                table.header_line(),
                column_list(table)
            ))
        }),
        None => Ok(table.width() - 1),
    }
}

/// Checks that `v` (from `column` of `row`) is a class label below `classes`.
pub fn class_label(
    path: &str,
    table: &Table,
    row: &Row,
    column: usize,
    classes: usize,
) -> Result<usize, CliError> {
    let v = row.values.get(column).copied().unwrap_or(f32::NAN);
    let range = format!("0 … {}", classes - 1);
    if v.trunc() != v {
        return Err(at_cell(
            path,
            table,
            row,
            column,
            &format!("{v} is not a class label: labels are the integers {range}"),
        ));
    }
    if v < 0.0 || v >= classes as f32 {
        return Err(at_cell(
            path,
            table,
            row,
            column,
            &format!("class label {v} is out of range: the model has {classes} classes, {range}"),
        ));
    }
    Ok(v as usize)
}

/// The task a target column asks for when training: integer labels mean classification
/// (unless `regression` is forced), anything else regression. Checks the labels.
pub fn task_of_column(
    path: &str,
    table: &Table,
    column: usize,
    regression: bool,
) -> Result<Task, CliError> {
    let values = || table.rows().iter().filter_map(|r| r.values.get(column));
    if regression || values().any(|v| v.trunc() != *v) {
        return Ok(Task::Regression(1));
    }
    for row in table.rows() {
        let v = row.values.get(column).copied().unwrap_or(0.0);
        if !(0.0..=MAX_LABEL).contains(&v) {
            return Err(at_cell(
                path,
                table,
                row,
                column,
                &format!(
                    "class label {v} is out of range: integer labels are classes numbered 0, 1, 2, … \
                     (at most {MAX_LABEL}); pass --regression to fit this column as a number"
                ),
            ));
        }
    }
    let max = values().fold(0.0f32, |m, v| m.max(*v)) as usize;
    match max + 1 {
        1 => Err(CliError::input(format!(
            "{path}: the target column {:?} holds only the class 0: a classifier needs two classes or more",
            table.header().get(column).map_or("", String::as_str)
        ))),
        2 => Ok(Task::Binary),
        k => Ok(Task::Classes(k)),
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
    table: &Table,
    inputs: usize,
    task: Task,
    target: Option<&str>,
    targets_required: bool,
) -> Result<Columns, CliError> {
    let n_t = task.target_columns();
    let width = table.width();
    let all = |skip: &[usize]| (0..width).filter(|c| !skip.contains(c)).collect::<Vec<_>>();
    if let Some(name) = target {
        if n_t != 1 {
            return Err(CliError::input(format!(
                "--target names one column, but the model has {n_t} outputs: leave it out, the last {n_t} columns are the targets"
            )));
        }
        let t = target_column(path, table, Some(name))?;
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
    Err(CliError::located(format!(
        "{path}:{}:{}: the model takes {inputs} input{}, so the file needs {needs}, but it has {width}: {}",
        table.header_line(),
        width.min(wanted) + 1,
        if inputs == 1 { "" } else { "s" },
        column_list(table)
    )))
}

/// The values of `columns` of a row.
pub fn pick(row: &Row, columns: &[usize]) -> Vec<f32> {
    columns
        .iter()
        .map(|&c| row.values.get(c).copied().unwrap_or(0.0))
        .collect()
}
