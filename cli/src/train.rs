//! `tinymlp train`: CSV → shuffled train/test split → `DynMlp` → model file and summary.

use std::io::Write;
use std::ops::ControlFlow;
use std::time::Instant;

use serde::Serialize;
use tinymlp::net::DynMlp;
use tinymlp::{Activation, Adam, Batch, Dataset, Momentum, Optimizer, Rng, Schedule, Sgd, Trainer};

use crate::data::{self, Samples, TargetScan};
use crate::error::{Error, Result};
use crate::read::Limit;
use crate::report::{fraction, percent, plural, sig};
use crate::task::Task;
use crate::{plot, progress, report, sizes, write};

/// Trains a network on a CSV file
///
/// The file has a header line. The target is the last column (or --target NAME), the other
/// columns are the inputs. Integer targets 0, 1, … are class labels: two classes give one
/// sigmoid output (binary cross-entropy), more a softmax output (cross-entropy); other
/// targets are fitted by regression (identity output, mean squared error). The rows are
/// shuffled (with --seed) and split into a training and a test part.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The training data: a CSV file with a header line
    #[arg(value_name = "DATA.csv")]
    data: String,
    /// Write the model file here (atomically; nothing is written on error)
    #[arg(short, long, value_name = "PATH")]
    output: Option<String>,
    /// Hidden layer sizes, comma-separated; "" for none (at most 4 layers)
    #[arg(long, value_name = "LIST", default_value = "8,8", value_parser = hidden_sizes)]
    hidden: HiddenSizes,
    /// Hidden activation (the `fast-` ones are branch-free, see BENCHMARKS.md)
    #[arg(long, value_name = "NAME", default_value = "tanh", value_parser = HiddenActivation)]
    activation: Activation,
    /// Passes over the training data
    #[arg(long, value_name = "N", default_value = "500", value_parser = positive)]
    epochs: usize,
    /// Learning rate
    #[arg(long, value_name = "RATE", default_value = "0.01", value_parser = learning_rate)]
    lr: f32,
    /// The optimizer (momentum: β = 0.9)
    #[arg(long, value_name = "NAME", value_enum, default_value = "adam")]
    optimizer: OptimizerKind,
    /// Samples per update, or `full` (one update per epoch) or `online` (one per sample)
    #[arg(long, value_name = "N", default_value = "32", value_parser = batch)]
    batch: Batch,
    /// Seed of the shuffle, the split, the initialization and the mini-batch order
    #[arg(long, value_name = "N", default_value = "1")]
    seed: u64,
    /// Fraction of the rows held out for testing, in [0, 1)
    #[arg(long, value_name = "F", default_value = "0.3", value_parser = test_fraction)]
    test_split: f32,
    /// The target column [default: the last one]
    #[arg(long, value_name = "NAME")]
    target: Option<String>,
    /// Fit an integer target as a number, not as class labels
    #[arg(long)]
    regression: bool,
    /// Feed the inputs as they are (by default each input is scaled to mean 0 and variance 1
    /// on the training part; the statistics are stored in the model)
    #[arg(long)]
    no_standardize: bool,
    /// Print the summary as one JSON object on stdout
    #[arg(long)]
    json: bool,
    /// Write an SVG: the loss curve and, for 2 inputs, the decision boundary with the data
    #[arg(long, value_name = "PATH")]
    plot: Option<String>,
    #[command(flatten)]
    limit: Limit,
}

/// The deepest network that has a const-generic type (`Mlp5`) has four hidden layers.
const MAX_HIDDEN: usize = 4;

/// The sizes of the hidden layers.
#[derive(Clone, Debug)]
struct HiddenSizes(Vec<usize>);

fn hidden_sizes(raw: &str) -> Result<HiddenSizes, String> {
    if raw.trim().is_empty() {
        return Ok(HiddenSizes(Vec::new()));
    }
    let sizes = raw
        .split(',')
        .map(|s| s.trim().parse::<usize>().ok().filter(|&n| n > 0))
        .collect::<Option<Vec<_>>>()
        .ok_or("must be positive layer sizes separated by commas, like 8,8")?;
    if sizes.len() > MAX_HIDDEN {
        return Err(
            "must be at most 4 layer sizes (the deepest network type, Mlp5, has 4 hidden layers)"
                .into(),
        );
    }
    Ok(HiddenSizes(sizes))
}

/// The hidden activations: every one of the library's that acts on each unit alone (the
/// softmaxes belong to output layers), by name; `linear` is another name for `identity`.
#[derive(Clone)]
struct HiddenActivation;

impl HiddenActivation {
    fn all() -> impl Iterator<Item = Activation> {
        Activation::ALL.into_iter().filter(|a| a.acts_per_unit())
    }
}

impl clap::builder::TypedValueParser for HiddenActivation {
    type Value = Activation;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        raw: &std::ffi::OsStr,
    ) -> Result<Activation, clap::Error> {
        let name = raw.to_str().map(|n| if n == "linear" { "identity" } else { n });
        match name.and_then(Activation::from_name) {
            Some(a) if a.acts_per_unit() => Ok(a),
            _ => {
                let names = Self::all().map(|a| a.name().to_string()).collect();
                let mut e = clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd);
                let arg = arg.map_or_else(|| "--activation".into(), |a| a.to_string());
                e.insert(
                    clap::error::ContextKind::InvalidArg,
                    clap::error::ContextValue::String(arg),
                );
                e.insert(
                    clap::error::ContextKind::InvalidValue,
                    clap::error::ContextValue::String(raw.to_string_lossy().into_owned()),
                );
                e.insert(
                    clap::error::ContextKind::ValidValue,
                    clap::error::ContextValue::Strings(names),
                );
                Err(e)
            }
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue>>> {
        Some(Box::new(
            Self::all().map(|a| clap::builder::PossibleValue::new(a.name())),
        ))
    }
}

fn positive(raw: &str) -> Result<usize, String> {
    match raw.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("must be a positive integer".into()),
    }
}

fn learning_rate(raw: &str) -> Result<f32, String> {
    match raw.trim().parse::<f32>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err("must be a positive number".into()),
    }
}

fn test_fraction(raw: &str) -> Result<f32, String> {
    match raw.trim().parse::<f32>() {
        Ok(v) if (0.0..1.0).contains(&v) => Ok(v),
        _ => Err("must be a fraction in [0, 1)".into()),
    }
}

fn batch(raw: &str) -> Result<Batch, String> {
    match raw {
        "full" => Ok(Batch::Full),
        "online" => Ok(Batch::Online),
        _ => positive(raw)
            .map(Batch::Mini)
            .map_err(|_| "must be a positive number of samples, `full` or `online`".into()),
    }
}

/// The optimizers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
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

pub fn exec(args: Args, out: &mut dyn Write) -> Result<()> {
    let started = Instant::now();
    check_outputs(&args)?;
    let mut data = read_data(&args)?;
    // One generator, drawn in a fixed order: shuffle, initialization, epoch shuffles.
    let mut rng = Rng::new(args.seed);
    warn_about_empty_classes(&args.data, data.task, &data.samples);
    let (train, test) = split(&args, &mut data.samples, &mut rng)?;
    let mut net = build(&args, &data, &train, &mut rng)?;
    let initial_loss = mean_loss(&net, &train, data.task)?;
    let curve = fit(&args, &mut net, data.task, &train, &mut rng)?;
    let train_score = score(&net, &train, data.task)?;
    check_convergence(initial_loss, train_score.as_ref().map(|s| s.loss))?;
    let test_score = score(&net, &test, data.task)?;
    let bytes = net.to_bytes();

    // Outputs: all checks are done, so nothing below fails on the data.
    if let Some(path) = &args.plot {
        let svg = plot::svg(&plot::Plot {
            net: &net,
            task: data.task,
            curve: &curve,
            loss_name: data.task.loss_name(),
            input_names: &data.input_names,
            train: &train,
            test: &test,
        });
        let svg = svg.map_err(|e| Error::input(format!("--plot {path}: {e}")))?;
        write::write_atomic(path, svg.as_bytes())?;
    }
    if let Some(path) = &args.output {
        write::write_atomic(path, &bytes)?;
    }

    let sizes = net.sizes();
    let summary = Summary {
        data: &args.data,
        model: args.output.as_deref(),
        task: data.task.key(),
        classes: data.task.classes(),
        target: &data.target_name,
        inputs: &data.input_names,
        activations: net.activations().iter().map(|a| a.name()).collect(),
        type_name: format!("tinymlp::{}", net.type_name().unwrap_or_default()),
        loss_function: data.task.loss_name(),
        optimizer: args.optimizer.name(),
        learning_rate: args.lr,
        batch: BatchJson::from(args.batch),
        epochs: curve.len(),
        seed: args.seed,
        standardized: !args.no_standardize,
        final_epoch_loss: curve.last().copied(),
        train: train_score,
        test: test_score,
        parameters: sizes::parameters(&sizes),
        file_bytes: bytes.len(),
        flash_bytes: sizes::flash_bytes(&sizes),
        ram_bytes: sizes::ram_bytes(&sizes),
        seconds: started.elapsed().as_secs_f32(),
        sizes,
        rows: data.rows,
        task_name: data.task.name(),
        plot: args.plot.as_deref(),
    };
    if args.json {
        report::json(out, &summary)
    } else {
        summary.write_text(out)
    }
}

/// Fails on an unwritable output before training, not after.
fn check_outputs(args: &Args) -> Result<()> {
    let outputs: Vec<write::Named<'_>> = [("-o", &args.output), ("--plot", &args.plot)]
        .into_iter()
        .filter_map(|(option, path)| Some((option, path.as_deref()?)))
        .collect();
    for &(option, path) in &outputs {
        write::check_writable(path, option)?;
    }
    write::check_distinct(&[("the data file", &args.data)], &outputs)
}

/// The data file, read into samples, with its columns and task.
struct Data {
    /// Emptied by [`split`], which moves its samples into the two parts.
    samples: Samples,
    rows: usize,
    task: Task,
    input_names: Vec<String>,
    target_name: String,
}

/// Reads the file row by row: each row's inputs go straight into the flat inputs, the
/// target into one `f32` per row until the task is known.
fn read_data(args: &Args) -> Result<Data> {
    let path = args.data.as_str();
    let mut rows = data::Rows::open(path, args.limit)?;
    let header = rows.header().clone();
    if header.width() < 2 {
        return Err(Error::Located(format!(
            "{path}:{}:1: the file has a single column: training needs at least one input column and the target",
            header.line()
        )));
    }
    let target = data::target_column(path, &header, args.target.as_deref())?;
    let inputs: Vec<usize> = (0..header.width()).filter(|&c| c != target).collect();
    let mut samples = Samples::new(inputs.len(), 1);
    let mut scan = TargetScan::default();
    let mut values = Vec::with_capacity(header.width());
    while let Some(line) = rows.next(&mut values)? {
        samples.push_inputs(&values, &inputs);
        let t = values.get(target).copied().unwrap_or(0.0);
        scan.add(t, line);
        samples.ys.push(t);
    }
    let task = scan.task(path, &header, target, args.regression)?;
    if let Some(k) = task.classes().filter(|&k| k > 2) {
        // The scan checked every label: each is an integer below k.
        let labels = std::mem::take(&mut samples.ys);
        let ys = labels.iter().flat_map(|&l| task.one_hot(l as usize)).collect();
        samples = samples.with_targets(ys, k);
    }
    let name = |c: usize| header.names().get(c).cloned().unwrap_or_default();
    Ok(Data {
        rows: samples.len(),
        samples,
        task,
        input_names: inputs.iter().map(|&c| name(c)).collect(),
        target_name: name(target),
    })
}

/// Shuffles the samples and splits them into a training and a test part.
fn split(args: &Args, all: &mut Samples, rng: &mut Rng) -> Result<(Samples, Samples)> {
    let n = all.len();
    // In place, so that no second list of the samples is made.
    rng.shuffle_with(n, |i, j| all.swap(i, j));
    let n_test = (n as f64 * f64::from(args.test_split)).round() as usize;
    if n - n_test == 0 || (args.test_split > 0.0 && n_test == 0) {
        return Err(Error::input(format!(
            "{}: {n} row{} cannot be split with --test-split {}: both parts need a row (use --test-split 0 to train on everything)",
            args.data,
            plural(n),
            args.test_split
        )));
    }
    let test = all.split_off(n - n_test);
    let train = std::mem::replace(all, Samples::new(0, 0));
    Ok((train, test))
}

/// A class without any row is allowed, but probably a mistake (labels numbered from 1).
fn warn_about_empty_classes(path: &str, task: Task, all: &Samples) {
    let Some(k) = task.classes() else { return };
    let mut seen = vec![false; k];
    for l in all.labels() {
        if let Some(s) = seen.get_mut(l) {
            *s = true;
        }
    }
    let empty: Vec<String> = (0..k).filter(|&c| !seen[c]).map(|c| c.to_string()).collect();
    if !empty.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "warning: {path}: no row has class {} (classes are numbered from 0)",
            empty.join(", ")
        );
    }
}

/// The network, initialized from `rng`, with the standardization of the training part.
fn build(args: &Args, data: &Data, train: &Samples, rng: &mut Rng) -> Result<DynMlp> {
    let mut layers: Vec<(usize, Activation)> =
        args.hidden.0.iter().map(|&h| (h, args.activation)).collect();
    layers.push((data.task.outputs(), data.task.output_activation()));
    let inputs = data.input_names.len();
    let shape: Vec<usize> = std::iter::once(inputs)
        .chain(layers.iter().map(|l| l.0))
        .collect();
    match sizes::checked_parameters(&shape) {
        Some(n) if n <= sizes::MAX_PARAMETERS => {}
        n => {
            let n = n.map_or("more than 2^64".into(), |n| n.to_string());
            return Err(Error::input(format!(
                "--hidden {}: a {} network has {n} parameters; the limit is {} (10 million)",
                args.hidden.0.iter().map(|h| h.to_string()).collect::<Vec<_>>().join(","),
                shape.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("-"),
                sizes::MAX_PARAMETERS
            )));
        }
    }
    let mut net = DynMlp::new(inputs, &layers, rng).map_err(|e| Error::input(e.to_string()))?;
    if !args.no_standardize {
        let rows = train.dataset()?.inputs();
        net.fit_standardization(rows)
            .map_err(|e| Error::input(e.to_string()))?;
    }
    Ok(net)
}

/// Trains the network with the chosen optimizer; returns each epoch's mean loss.
fn fit(
    args: &Args,
    net: &mut DynMlp,
    task: Task,
    train: &Samples,
    rng: &mut Rng,
) -> Result<Vec<f32>> {
    let schedule = Schedule::epochs(args.epochs)
        .batch(args.batch)
        .shuffle(rng.next_u64());
    let data = train.dataset()?;
    let run = Run {
        net,
        task,
        data: &data,
        schedule: &schedule,
        epochs: args.epochs,
    };
    match args.optimizer {
        OptimizerKind::Sgd => run.with(Sgd::new(args.lr)),
        OptimizerKind::Momentum => run.with(Momentum::new(args.lr, 0.9)),
        OptimizerKind::Adam => run.with(Adam::new(args.lr)),
    }
}

/// What training runs on, whatever the optimizer.
struct Run<'a> {
    net: &'a mut DynMlp,
    task: Task,
    data: &'a Dataset<'a, [f32], [f32]>,
    schedule: &'a Schedule,
    epochs: usize,
}

impl Run<'_> {
    fn with<O: Optimizer>(self, optimizer: tinymlp::Result<O>) -> Result<Vec<f32>> {
        let optimizer = optimizer.map_err(|e| Error::input(format!("--lr: {e}")))?;
        let mut trainer = Trainer::new(optimizer, self.task.loss());
        let mut curve = Vec::with_capacity(self.epochs);
        let bar = progress::bar(self.epochs);
        let fitted = trainer.fit(self.net, self.data, self.schedule, |p| {
            curve.push(p.loss);
            progress::update(&bar, p.epoch + 1, p.loss);
            ControlFlow::Continue(())
        });
        bar.finish_and_clear();
        fitted.map_err(|e| match e {
            tinymlp::Error::Diverged { epoch } => Error::input(format!(
                "training diverged in epoch {} (the loss or a weight became infinite); try a smaller --lr. Nothing was written.",
                epoch + 1
            )),
            e => Error::input(e.to_string()),
        })?;
        Ok(curve)
    }
}

/// How much worse than the initial network the trained one may be on the training part.
const DIVERGENCE_FACTOR: f32 = 10.0;

/// The mean loss of the network on one part of the data.
fn mean_loss(net: &DynMlp, s: &Samples, task: Task) -> Result<f32> {
    let data = s.dataset()?;
    tinymlp::metrics::mean_loss(net, &data, task.loss()).map_err(|e| Error::input(e.to_string()))
}

/// Divergence, for every task: the library stops a run whose loss or weights become
/// infinite; a run whose final network has a training loss that is not finite, or more than
/// [`DIVERGENCE_FACTOR`] times the initial network's, has diverged too (a learning rate so
/// large that the weights blow up without overflowing, as `--lr 1e30` does).
fn check_convergence(initial: f32, last: Option<f32>) -> Result<()> {
    let Some(last) = last else { return Ok(()) };
    if last.is_finite() && last <= DIVERGENCE_FACTOR * initial {
        return Ok(());
    }
    Err(Error::input(format!(
        "training diverged: the trained network's loss on the training part is {}, more than \
         {DIVERGENCE_FACTOR} times the initial network's {}; try a smaller --lr. Nothing was written.",
        sig(last),
        sig(initial)
    )))
}

/// Loss and accuracy of the network on one part of the data.
#[derive(Serialize)]
struct Score {
    rows: usize,
    loss: f32,
    accuracy: Option<f32>,
    #[serde(skip)]
    hits: Option<usize>,
}

fn score(net: &DynMlp, s: &Samples, task: Task) -> Result<Option<Score>> {
    if s.is_empty() {
        return Ok(None);
    }
    let data = s.dataset()?;
    let loss = tinymlp::metrics::mean_loss(net, &data, task.loss())
        .map_err(|e| Error::input(e.to_string()))?;
    let hits = match task.classes() {
        Some(_) => {
            let mut hits = 0;
            for (x, label) in s.inputs().zip(s.labels()) {
                let class = net.classify(x).map_err(|e| Error::input(e.to_string()))?;
                hits += usize::from(class == label);
            }
            Some(hits)
        }
        None => None,
    };
    Ok(Some(Score {
        rows: s.len(),
        loss,
        accuracy: hits.map(|h| fraction(h, s.len())),
        hits,
    }))
}

/// `--batch` in JSON: a number, or `"full"` / `"online"`.
#[derive(Serialize)]
#[serde(untagged)]
enum BatchJson {
    Mini(usize),
    Named(&'static str),
}

impl From<Batch> for BatchJson {
    fn from(b: Batch) -> Self {
        match b {
            Batch::Mini(n) => BatchJson::Mini(n),
            Batch::Full => BatchJson::Named("full"),
            Batch::Online => BatchJson::Named("online"),
        }
    }
}

impl std::fmt::Display for BatchJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BatchJson::Mini(n) => write!(f, "{n}"),
            BatchJson::Named(s) => f.write_str(s),
        }
    }
}

/// What `train` prints: as JSON (`--json`, the documented keys in this order) or as text.
#[derive(Serialize)]
struct Summary<'a> {
    data: &'a str,
    model: Option<&'a str>,
    task: &'static str,
    classes: Option<usize>,
    target: &'a str,
    inputs: &'a [String],
    sizes: Vec<usize>,
    activations: Vec<&'static str>,
    #[serde(rename = "type")]
    type_name: String,
    loss_function: &'static str,
    optimizer: &'static str,
    learning_rate: f32,
    batch: BatchJson,
    epochs: usize,
    seed: u64,
    standardized: bool,
    final_epoch_loss: Option<f32>,
    train: Option<Score>,
    test: Option<Score>,
    parameters: usize,
    file_bytes: usize,
    flash_bytes: usize,
    ram_bytes: usize,
    seconds: f32,
    #[serde(skip)]
    rows: usize,
    #[serde(skip)]
    task_name: String,
    #[serde(skip)]
    plot: Option<&'a str>,
}

impl Summary<'_> {
    fn write_text(&self, out: &mut dyn Write) -> Result<()> {
        let inputs = self.inputs.len();
        writeln!(
            out,
            "data        {}: {} row{}, {inputs} input{}, target {:?}",
            self.data,
            self.rows,
            plural(self.rows),
            plural(inputs),
            self.target
        )?;
        writeln!(out, "task        {}, {}", self.task_name, self.loss_function)?;
        let sizes: Vec<String> = self.sizes.iter().map(|s| s.to_string()).collect();
        writeln!(
            out,
            "network     {} ({}), {}",
            sizes.join("-"),
            self.activations.join(", "),
            self.type_name
        )?;
        writeln!(
            out,
            "training    {} epochs, {} lr {}, batch {}, seed {}, inputs {}",
            self.epochs,
            self.optimizer,
            self.learning_rate,
            self.batch,
            self.seed,
            if self.standardized {
                "standardized"
            } else {
                "as they are"
            }
        )?;
        for (name, score) in [("train       ", &self.train), ("test        ", &self.test)] {
            match score {
                None => writeln!(out, "{name}none (--test-split 0)")?,
                Some(s) => {
                    let acc = s
                        .hits
                        .map(|h| format!(", accuracy {}", percent(h, s.rows)))
                        .unwrap_or_default();
                    let rows = format!("{} row{}", s.rows, plural(s.rows));
                    writeln!(out, "{name}{rows}, loss {}{acc}", sig(s.loss))?;
                }
            }
        }
        writeln!(out, "parameters  {}", self.parameters)?;
        writeln!(
            out,
            "memory      flash {} bytes (the static model), RAM {} bytes (activations of one prediction)",
            self.flash_bytes, self.ram_bytes
        )?;
        match self.model {
            Some(path) => writeln!(out, "model       {path} ({} bytes)", self.file_bytes)?,
            None => writeln!(out, "model       not saved (no -o)")?,
        }
        if let Some(path) = self.plot {
            writeln!(out, "plot        {path}")?;
        }
        writeln!(out, "time        {:.2} s", self.seconds)?;
        Ok(())
    }
}
