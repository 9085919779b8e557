//! `tinymlp train`: CSV → shuffled train/test split → `DynMlp` → model file and summary.

use std::ops::ControlFlow;
use std::time::Instant;

use tinymlp::net::DynMlp;
use tinymlp::{
    Activation, Adam, Batch, Dataset, Momentum, Network, Optimizer, Parameters, Rng, Schedule, Sgd,
    Trainer, metrics,
};

use crate::args::{self, Opt, Parsed, flag, val};
use crate::data::{self, Task};
use crate::output::{self, Json, percent, sig};
use crate::{CliError, plot, progress, sizes};

pub const USAGE: &str = "\
Usage: tinymlp train DATA.csv [-o MODEL.tmlp] [options]

Trains a network on a CSV file with a header line. The target is the last column (or
--target NAME), the other columns are the inputs. Integer targets 0, 1, … are class labels:
two classes give one sigmoid output (binary cross-entropy), more a softmax output
(cross-entropy); other targets are fitted by regression (identity output, mean squared
error). The rows are shuffled (with --seed) and split into a training and a test part.

Options:
  -o, --output PATH     write the model file here (atomically; nothing is written on error)
  --hidden LIST         hidden layer sizes, comma-separated; \"\" for none   [default: 8,8]
  --activation NAME     hidden activation: tanh, relu, sigmoid, identity   [default: tanh]
  --epochs N            passes over the training data                      [default: 500]
  --lr RATE             learning rate                                      [default: 0.01]
  --optimizer NAME      sgd, momentum (0.9) or adam                        [default: adam]
  --batch N             samples per update, or `full` or `online`          [default: 32]
  --seed N              seed of the shuffle, the split, the initialization [default: 1]
  --test-split F        fraction of rows held out for testing, in [0, 1)   [default: 0.3]
  --target NAME         the target column                         [default: the last one]
  --regression          fit an integer target as a number, not as class labels
  --no-standardize      feed the inputs as they are (by default each input is scaled to
                        mean 0 and variance 1 on the training part; stored in the model)
  --json                print the summary as one JSON object on stdout
  --plot PATH           write an SVG: the loss curve and, for 2 inputs, the decision
                        boundary with the data
  -h, --help            this help";

const SPEC: &[Opt] = &[
    Opt {
        long: "--output",
        short: Some("-o"),
        value: true,
    },
    val("--hidden"),
    val("--activation"),
    val("--epochs"),
    val("--lr"),
    val("--optimizer"),
    val("--batch"),
    val("--seed"),
    val("--test-split"),
    val("--target"),
    flag("--regression"),
    flag("--no-standardize"),
    flag("--json"),
    val("--plot"),
];

/// The deepest network that has a const-generic type (`Mlp5`) has four hidden layers.
const MAX_HIDDEN: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OptimizerKind {
    Sgd,
    Momentum,
    Adam,
}

impl OptimizerKind {
    fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
        }
    }
}

struct Options {
    data: String,
    output: Option<String>,
    hidden: Vec<usize>,
    activation: Activation,
    epochs: usize,
    lr: f32,
    optimizer: OptimizerKind,
    batch: Batch,
    seed: u64,
    test_split: f32,
    target: Option<String>,
    regression: bool,
    standardize: bool,
    json: bool,
    plot: Option<String>,
}

fn options(argv: &[String]) -> Result<Option<Options>, CliError> {
    let a = match args::parse(argv, SPEC, USAGE)? {
        Parsed::Help => return Ok(None),
        Parsed::Run(a) => a,
    };
    let [data] = a.positional(["DATA.csv"])?;
    let hidden_raw = a.value("--hidden").unwrap_or("8,8");
    let hidden = if hidden_raw.trim().is_empty() {
        Vec::new()
    } else {
        hidden_raw
            .split(',')
            .map(|s| s.trim().parse::<usize>().ok().filter(|&n| n > 0))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                a.bad(
                    "--hidden",
                    hidden_raw,
                    "positive layer sizes separated by commas, like 8,8",
                )
            })?
    };
    if hidden.len() > MAX_HIDDEN {
        return Err(a.bad(
            "--hidden",
            hidden_raw,
            "at most 4 layer sizes (the deepest network type, Mlp5, has 4 hidden layers)",
        ));
    }
    let activation = match a.value("--activation").unwrap_or("tanh") {
        "tanh" => Activation::Tanh,
        "relu" => Activation::Relu,
        "sigmoid" => Activation::Sigmoid,
        "identity" | "linear" => Activation::Identity,
        "fast-tanh" => Activation::FastTanh,
        "fast-sigmoid" => Activation::FastSigmoid,
        other => {
            return Err(a.bad(
                "--activation",
                other,
                "one of tanh, relu, sigmoid, identity, fast-tanh, fast-sigmoid",
            ));
        }
    };
    let optimizer = match a.value("--optimizer").unwrap_or("adam") {
        "sgd" => OptimizerKind::Sgd,
        "momentum" => OptimizerKind::Momentum,
        "adam" => OptimizerKind::Adam,
        other => return Err(a.bad("--optimizer", other, "one of sgd, momentum, adam")),
    };
    let batch = match a.value("--batch").unwrap_or("32") {
        "full" => Batch::Full,
        "online" => Batch::Online,
        raw => match raw.trim().parse::<usize>() {
            Ok(n) if n > 0 => Batch::Mini(n),
            _ => {
                return Err(a.bad(
                    "--batch",
                    raw,
                    "a positive number of samples, `full` or `online`",
                ));
            }
        },
    };
    Ok(Some(Options {
        data: data.to_string(),
        output: a.value("--output").map(str::to_string),
        hidden,
        activation,
        epochs: a.get("--epochs", 500usize, ("a positive integer", |n| n > 0))?,
        lr: a.get(
            "--lr",
            0.01f32,
            ("a positive number", |v| v.is_finite() && v > 0.0),
        )?,
        optimizer,
        batch,
        seed: a.get("--seed", 1u64, ("an integer from 0 to 2^64 - 1", |_| true))?,
        test_split: a.get(
            "--test-split",
            0.3f32,
            ("a fraction in [0, 1)", |v| (0.0..1.0).contains(&v)),
        )?,
        target: a.value("--target").map(str::to_string),
        regression: a.flag("--regression"),
        standardize: !a.flag("--no-standardize"),
        json: a.flag("--json"),
        plot: a.value("--plot").map(str::to_string),
    }))
}

/// Inputs, targets and (for classification) the class of each sample.
#[derive(Default)]
pub struct Samples {
    pub xs: Vec<Vec<f32>>,
    pub ys: Vec<Vec<f32>>,
    pub labels: Vec<usize>,
}

/// Loss and accuracy of the network on some samples.
struct Score {
    loss: f32,
    hits: Option<usize>,
    rows: usize,
}

fn score(net: &DynMlp, s: &Samples, task: Task) -> Result<Option<Score>, CliError> {
    if s.xs.is_empty() {
        return Ok(None);
    }
    let data = Dataset::new(&s.xs, &s.ys).map_err(|e| CliError::input(e.to_string()))?;
    let loss =
        metrics::mean_loss(net, &data, task.loss()).map_err(|e| CliError::input(e.to_string()))?;
    let hits = task.classes().map(|_| {
        s.xs.iter()
            .zip(&s.labels)
            .filter(|(x, l)| net.predict(x).is_ok_and(|y| DynMlp::class_of(&y) == **l))
            .count()
    });
    Ok(Some(Score {
        loss,
        hits,
        rows: s.xs.len(),
    }))
}

pub fn run(argv: &[String]) -> Result<(), CliError> {
    let Some(o) = options(argv)? else {
        println!("{USAGE}");
        return Ok(());
    };
    // Fail on an unwritable output before training, not after.
    if let Some(path) = &o.output {
        output::check_writable(path, "-o")?;
        if std::path::Path::new(path) == std::path::Path::new(&o.data) {
            return Err(CliError::input(format!(
                "-o {path}: that is the data file; choose another name for the model"
            )));
        }
    }
    if let Some(path) = &o.plot {
        output::check_writable(path, "--plot")?;
    }
    let started = Instant::now();
    let path = o.data.as_str();
    let table = data::read_table(path)?;
    if table.width() < 2 {
        return Err(CliError::located(format!(
            "{path}:{}:1: the file has a single column: training needs at least one input column and the target",
            table.header_line()
        )));
    }
    let target = data::target_column(path, &table, o.target.as_deref())?;
    let task = data::task_of_column(path, &table, target, o.regression)?;
    let input_columns: Vec<usize> = (0..table.width()).filter(|&c| c != target).collect();
    let input_names: Vec<String> = input_columns
        .iter()
        .map(|&c| table.header().get(c).cloned().unwrap_or_default())
        .collect();
    let target_name = table.header().get(target).cloned().unwrap_or_default();

    // Samples, with labels checked (already done for training's own labels).
    let mut all = Samples::default();
    for row in table.rows() {
        all.xs.push(data::pick(row, &input_columns));
        match task.classes() {
            Some(k) => {
                let label = data::class_label(path, &table, row, target, k)?;
                all.ys.push(task.one_hot(label));
                all.labels.push(label);
            }
            None => all.ys.push(data::pick(row, &[target])),
        }
    }
    // One generator, drawn in a fixed order: shuffle, initialization, epoch shuffles.
    let mut rng = Rng::new(o.seed);
    let n = all.xs.len();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let n_test = (n as f64 * f64::from(o.test_split)).round() as usize;
    if n - n_test == 0 || (o.test_split > 0.0 && n_test == 0) {
        return Err(CliError::input(format!(
            "{path}: {n} row{} cannot be split with --test-split {}: both parts need a row (use --test-split 0 to train on everything)",
            if n == 1 { "" } else { "s" },
            o.test_split
        )));
    }
    let (mut train, mut test) = (Samples::default(), Samples::default());
    for (k, &i) in order.iter().enumerate() {
        let part = if k < n - n_test {
            &mut train
        } else {
            &mut test
        };
        part.xs.push(all.xs[i].clone());
        part.ys.push(all.ys[i].clone());
        if let Some(&l) = all.labels.get(i) {
            part.labels.push(l);
        }
    }

    if let Some(k) = task.classes() {
        let empty: Vec<String> = (0..k)
            .filter(|c| !all.labels.contains(c))
            .map(|c| c.to_string())
            .collect();
        if !empty.is_empty() {
            eprintln!(
                "warning: {path}: no row has class {} (classes are numbered from 0)",
                empty.join(", ")
            );
        }
    }

    let mut layers: Vec<(usize, Activation)> =
        o.hidden.iter().map(|&h| (h, o.activation)).collect();
    layers.push((task.outputs(), task.output_activation()));
    let mut net = DynMlp::new(input_columns.len(), &layers, &mut rng)
        .map_err(|e| CliError::input(e.to_string()))?;
    if o.standardize {
        net.fit_standardization(&train.xs)
            .map_err(|e| CliError::input(e.to_string()))?;
    }
    let schedule = Schedule::epochs(o.epochs)
        .batch(o.batch)
        .shuffle(rng.next_u64());
    let data = Dataset::new(&train.xs, &train.ys).map_err(|e| CliError::input(e.to_string()))?;

    let mut curve = Vec::with_capacity(o.epochs);
    let mut bar = progress::Bar::new(o.epochs);
    let fitted = match o.optimizer {
        OptimizerKind::Sgd => fit(
            &mut net,
            Sgd::new(o.lr),
            task,
            &data,
            &schedule,
            &mut curve,
            &mut bar,
        ),
        OptimizerKind::Momentum => fit(
            &mut net,
            Momentum::new(o.lr, 0.9),
            task,
            &data,
            &schedule,
            &mut curve,
            &mut bar,
        ),
        OptimizerKind::Adam => fit(
            &mut net,
            Adam::new(o.lr),
            task,
            &data,
            &schedule,
            &mut curve,
            &mut bar,
        ),
    };
    bar.finish();
    fitted?;

    let train_score = score(&net, &train, task)?;
    let test_score = score(&net, &test, task)?;
    let bytes = net.to_bytes();
    let sizes = net.sizes();
    let seconds = started.elapsed().as_secs_f32();

    // Outputs: all checks are done, so nothing below fails on the data.
    if let Some(plot_path) = &o.plot {
        let svg = plot::svg(&plot::Plot {
            net: &net,
            task,
            curve: &curve,
            loss_name: task.loss_name(),
            input_names: &input_names,
            train: (&train.xs, &train.ys),
            test: (&test.xs, &test.ys),
        });
        output::write_atomic(plot_path, svg.as_bytes())?;
    }
    if let Some(out) = &o.output {
        output::write_atomic(out, &bytes)?;
    }

    let type_name = net.type_name().unwrap_or_default();
    let acts: Vec<&str> = net
        .activations()
        .iter()
        .map(|a| activation_name(*a))
        .collect();
    if o.json {
        let score_json = |s: &Option<Score>| match s {
            None => Json::Null,
            Some(s) => Json::Obj(vec![
                ("rows", Json::int(s.rows)),
                ("loss", Json::f32(s.loss)),
                (
                    "accuracy",
                    s.hits
                        .map_or(Json::Null, |h| Json::f32(h as f32 / s.rows as f32)),
                ),
            ]),
        };
        let j = Json::Obj(vec![
            ("data", Json::str(path)),
            ("model", o.output.as_deref().map_or(Json::Null, Json::str)),
            ("task", Json::str(task.key())),
            ("classes", task.classes().map_or(Json::Null, Json::int)),
            ("target", Json::str(&target_name)),
            (
                "inputs",
                Json::Arr(input_names.iter().map(|s| Json::str(s)).collect()),
            ),
            (
                "sizes",
                Json::Arr(sizes.iter().map(|&s| Json::int(s)).collect()),
            ),
            (
                "activations",
                Json::Arr(acts.iter().map(|s| Json::str(s)).collect()),
            ),
            ("type", Json::Str(format!("tinymlp::{type_name}"))),
            ("loss_function", Json::str(task.loss_name())),
            ("optimizer", Json::str(o.optimizer.name())),
            ("learning_rate", Json::f32(o.lr)),
            ("batch", batch_json(o.batch)),
            ("epochs", Json::int(curve.len())),
            ("seed", Json::Num(o.seed.to_string())),
            ("standardized", Json::Bool(o.standardize)),
            (
                "final_epoch_loss",
                curve.last().map_or(Json::Null, |l| Json::f32(*l)),
            ),
            ("train", score_json(&train_score)),
            ("test", score_json(&test_score)),
            ("parameters", Json::int(net.parameters())),
            ("file_bytes", Json::int(bytes.len())),
            ("flash_bytes", Json::int(sizes::flash_bytes(&sizes))),
            ("ram_bytes", Json::int(sizes::ram_bytes(&sizes))),
            ("seconds", Json::f32(seconds)),
        ]);
        println!("{j}");
    } else {
        let plural = if input_names.len() == 1 { "" } else { "s" };
        println!(
            "data        {path}: {n} rows, {} input{plural}, target {target_name:?}",
            input_names.len()
        );
        println!("task        {}, {}", task.name(), task.loss_name());
        println!(
            "network     {} ({}), tinymlp::{type_name}",
            sizes
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("-"),
            acts.join(", ")
        );
        println!(
            "training    {} epochs, {} lr {}, batch {}, seed {}, inputs {}",
            curve.len(),
            o.optimizer.name(),
            o.lr,
            batch_text(o.batch),
            o.seed,
            if o.standardize {
                "standardized"
            } else {
                "as they are"
            }
        );
        let line = |name: &str, s: &Option<Score>| match s {
            None => println!("{name}none (--test-split 0)"),
            Some(s) => {
                let acc = s
                    .hits
                    .map(|h| format!(", accuracy {}", percent(h, s.rows)))
                    .unwrap_or_default();
                println!("{name}{} rows, loss {}{acc}", s.rows, sig(s.loss));
            }
        };
        line("train       ", &train_score);
        line("test        ", &test_score);
        println!("parameters  {}", net.parameters());
        println!(
            "memory      flash {} bytes (the static model), RAM {} bytes (activations of one prediction)",
            sizes::flash_bytes(&sizes),
            sizes::ram_bytes(&sizes)
        );
        match &o.output {
            Some(out) => println!("model       {out} ({} bytes)", bytes.len()),
            None => println!("model       not saved (no -o)"),
        }
        if let Some(p) = &o.plot {
            println!("plot        {p}");
        }
        println!("time        {seconds:.2} s");
    }
    Ok(())
}

fn fit<O: Optimizer>(
    net: &mut DynMlp,
    optimizer: tinymlp::Result<O>,
    task: Task,
    data: &Dataset<'_, Vec<f32>, Vec<f32>>,
    schedule: &Schedule,
    curve: &mut Vec<f32>,
    bar: &mut progress::Bar,
) -> Result<(), CliError> {
    let optimizer = optimizer.map_err(|e| CliError::input(format!("--lr: {e}")))?;
    let mut trainer = Trainer::new(optimizer, task.loss());
    trainer
        .fit(net, data, schedule, |p| {
            curve.push(p.loss);
            bar.update(p.epoch + 1, p.loss);
            ControlFlow::Continue(())
        })
        .map_err(|e| match e {
            tinymlp::Error::Diverged { epoch } => CliError::input(format!(
                "training diverged in epoch {} (the loss or a weight became infinite); try a smaller --lr. Nothing was written.",
                epoch + 1
            )),
            e => CliError::input(e.to_string()),
        })?;
    Ok(())
}

pub fn activation_name(a: Activation) -> &'static str {
    match a {
        Activation::Identity => "identity",
        Activation::Sigmoid => "sigmoid",
        Activation::Tanh => "tanh",
        Activation::Relu => "relu",
        Activation::Softmax => "softmax",
        Activation::FastSigmoid => "fast-sigmoid",
        Activation::FastTanh => "fast-tanh",
        Activation::FastSoftmax => "fast-softmax",
        _ => "unknown",
    }
}

fn batch_text(b: Batch) -> String {
    match b {
        Batch::Full => "full".into(),
        Batch::Online => "online".into(),
        Batch::Mini(n) => n.to_string(),
    }
}

fn batch_json(b: Batch) -> Json {
    match b {
        Batch::Mini(n) => Json::int(n),
        other => Json::Str(batch_text(other)),
    }
}
