//! `tinymlp info` and `tinymlp export`: what a model file holds, and the model as Rust.

use crate::CliError;
use crate::args::{self, Parsed, flag, val};
use crate::model::Model;
use crate::output::{self, Json};
use crate::sizes;
use crate::train::activation_name;

pub const INFO_USAGE: &str = "\
Usage: tinymlp info MODEL.tmlp [--json]

Prints what a model file holds: layer sizes and activations, the const-generic type that
loads it, the task, the parameter count, and the memory it takes in firmware: flash (the
size of the `static` model: weights, biases, standardization) and RAM (the activation
vectors of one prediction, 4 bytes per neuron and input).

Options:
  --json      print the same as one JSON object on stdout
  -h, --help  this help";

pub const EXPORT_USAGE: &str = "\
Usage: tinymlp export MODEL.tmlp --rust MODEL.rs [--name NAME]

Writes the model as Rust source: a `pub static NAME: tinymlp::MlpD<…>` item whose float
literals read back to exactly the trained values, for firmware that prefers readable code
to an embedded model file. Prints the type to declare and how to use it.

Options:
  --rust PATH  the Rust file to write (atomically)
  --name NAME  the name of the static item               [default: MODEL]
  -h, --help   this help";

pub fn run_info(argv: &[String]) -> Result<(), CliError> {
    let a = match args::parse(argv, &[flag("--json")], INFO_USAGE)? {
        Parsed::Help => {
            println!("{INFO_USAGE}");
            return Ok(());
        }
        Parsed::Run(a) => a,
    };
    let [path] = a.positional(["MODEL.tmlp"])?;
    let net = Model::load(path)?;
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len() as usize);
    let task = net.task();
    let sizes = net.sizes();
    let acts: Vec<&str> = net
        .activations()
        .iter()
        .map(|a| activation_name(*a))
        .collect();
    let type_name = net.type_name();
    let standardized = net.standardized();
    let (flash, ram) = match net {
        Model::F32(_) => (sizes::flash_bytes(&sizes), sizes::ram_bytes(&sizes)),
        Model::Int8(_) => (sizes::flash_bytes_q8(&sizes), sizes::ram_bytes_q8(&sizes)),
    };
    let parameters: usize = sizes
        .windows(2)
        .map(|w| w.iter().product::<usize>() + w.last().copied().unwrap_or(0))
        .sum();
    if a.flag("--json") {
        let j = Json::Obj(vec![
            ("model", Json::str(path)),
            ("file_bytes", Json::int(bytes)),
            (
                "format_version",
                Json::int(usize::from(net.format_version())),
            ),
            ("dtype", Json::str(net.dtype())),
            ("type", type_name.as_deref().map_or(Json::Null, Json::str)),
            (
                "sizes",
                Json::Arr(sizes.iter().map(|&s| Json::int(s)).collect()),
            ),
            (
                "activations",
                Json::Arr(acts.iter().map(|s| Json::str(s)).collect()),
            ),
            ("standardized", Json::Bool(standardized)),
            ("task", Json::str(task.key())),
            ("classes", task.classes().map_or(Json::Null, Json::int)),
            ("parameters", Json::int(parameters)),
            ("flash_bytes", Json::int(flash)),
            ("ram_bytes", Json::int(ram)),
        ]);
        println!("{j}");
        return Ok(());
    }
    let mut layers = sizes
        .first()
        .map(|n| format!("{n} inputs"))
        .unwrap_or_default();
    for (n, act) in sizes.iter().skip(1).zip(&acts) {
        layers.push_str(&format!(" → {n} {act}"));
    }
    println!(
        "file          {path}: {bytes} bytes, format version {}, checksum ok",
        net.format_version()
    );
    println!(
        "numbers       {}",
        match net {
            Model::F32(_) => "f32",
            Model::Int8(_) =>
                "int8 weights and activations, i32 accumulators (integer-only inference)",
        }
    );
    println!(
        "type          {}",
        type_name
            .as_deref()
            .unwrap_or("none (deeper than Mlp5; load it with DynMlp)")
    );
    println!("layers        {layers}");
    println!(
        "inputs        {}",
        if standardized {
            "standardized with the statistics stored in the file"
        } else {
            "used as they are (no standardization stored)"
        }
    );
    println!("task          {}", task.name());
    println!("parameters    {parameters}");
    println!("flash         {flash} bytes (the static model)");
    println!("RAM           {ram} bytes (activation vectors of one prediction)");
    Ok(())
}

/// Whether `s` can name a Rust `static`.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s != "_"
}

pub fn run_export(argv: &[String]) -> Result<(), CliError> {
    let a = match args::parse(argv, &[val("--rust"), val("--name")], EXPORT_USAGE)? {
        Parsed::Help => {
            println!("{EXPORT_USAGE}");
            return Ok(());
        }
        Parsed::Run(a) => a,
    };
    let [path] = a.positional(["MODEL.tmlp"])?;
    let Some(rust) = a.value("--rust") else {
        return Err(CliError::usage(
            "--rust PATH is required".into(),
            EXPORT_USAGE,
        ));
    };
    let name = a.value("--name").unwrap_or("MODEL");
    if !is_identifier(name) {
        return Err(a.bad("--name", name, "a Rust identifier, like MODEL"));
    }
    output::check_writable(rust, "--rust")?;
    let net = Model::load_f32(
        path,
        "an int8 model: export writes f32 models as Rust source; embed an int8 model file with \
         tinymlp::include_model!(tinymlp::quant::QMlp…, \"FILE\")",
    )?;
    let Some(type_name) = net.type_name() else {
        return Err(CliError::input(format!(
            "{path}: the model has {} layers; the const-generic types go up to Mlp5 (5 layers)",
            net.activations().len()
        )));
    };
    let mut src = String::new();
    net.write_rust(&mut src, name)
        .map_err(|_| CliError::input(format!("{path}: cannot write the model as Rust")))?;
    output::write_atomic(rust, src.as_bytes())?;
    let file = std::path::Path::new(rust)
        .file_name()
        .map_or(rust.into(), |f| f.to_string_lossy());
    let model_file = std::path::Path::new(path)
        .file_name()
        .map_or(path.into(), |f| f.to_string_lossy());
    println!("wrote {rust}: pub static {name}: tinymlp::{type_name}");
    println!();
    println!("Use it in firmware (path relative to the including file):");
    println!("    include!(\"{file}\");");
    println!("    let class = {name}.classify(&input); // or {name}.predict(&input)");
    println!();
    println!("Or embed the model file itself, checked and decoded at compile time:");
    println!(
        "    static {name}: tinymlp::{type_name} = tinymlp::include_model!(tinymlp::{type_name}, \"{model_file}\");"
    );
    Ok(())
}
