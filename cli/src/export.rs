//! `tinymlp export`: an `f32` model as Rust source (and the type to declare), or as ONNX.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Model;
use crate::read::Limit;
use crate::write;

/// Writes the model as Rust source, or as an ONNX graph
///
/// --rust: a `pub static NAME: tinymlp::MlpD<…>` item whose float literals read back to
/// exactly the trained values, for firmware that prefers readable code to an embedded model
/// file. Prints the type to declare and how to use it.
/// --onnx: a standard ONNX graph (opset 13) of the model, standardization included, for
/// onnxruntime and other tools; `tinymlp import` reads it back bit for bit.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
#[group(id = "target", required = true, multiple = true, args = ["rust", "onnx"])]
pub struct Args {
    /// The f32 model file
    #[arg(value_name = "MODEL.tmlp")]
    model: String,
    /// The Rust file to write (atomically)
    #[arg(long, value_name = "PATH")]
    rust: Option<String>,
    /// The ONNX file to write (atomically)
    #[arg(long, value_name = "PATH")]
    onnx: Option<String>,
    /// The name of the static item
    #[arg(long, value_name = "NAME", default_value = "MODEL", value_parser = identifier)]
    name: String,
    #[command(flatten)]
    limit: Limit,
}

/// Rust's keywords (strict, reserved and of some edition), which cannot name a `static`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Checks that `raw` can name a Rust `static`: an identifier that is not a keyword.
fn identifier(raw: &str) -> Result<String, String> {
    if KEYWORDS.contains(&raw) {
        return Err("must not be a Rust keyword; try MODEL".into());
    }
    let mut chars = raw.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && raw != "_";
    if ok {
        Ok(raw.to_string())
    } else {
        Err("must be a Rust identifier, like MODEL".into())
    }
}

/// The last part of a path, for the include lines.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or(path.into(), |f| f.to_string_lossy().into_owned())
}

pub fn exec(args: Args, out: &mut dyn Write) -> Result<()> {
    let path = args.model.as_str();
    let mut outputs = Vec::new();
    if let Some(rust) = &args.rust {
        write::check_writable(rust, "--rust")?;
        outputs.push(("--rust", rust.as_str()));
    }
    if let Some(onnx) = &args.onnx {
        write::check_writable(onnx, "--onnx")?;
        outputs.push(("--onnx", onnx.as_str()));
    }
    write::check_distinct(&[("the model file", path)], &outputs)?;
    let net = Model::load_f32(
        path,
        args.limit,
        "an int8 model: export writes f32 models; embed an int8 model file with \
         tinymlp::include_model!(tinymlp::quant::QMlp…, \"FILE\")",
    )?;
    if args.rust.is_some() && net.type_name().is_none() {
        return Err(Error::input(format!(
            "{path}: the model has {} layers; the const-generic types go up to Mlp5 (5 layers)",
            net.activations().len()
        )));
    }
    if let Some(onnx) = &args.onnx {
        let bytes = tinymlp_cli::onnx::to_bytes(&net);
        write::write_atomic(onnx, &bytes)?;
        writeln!(
            out,
            "wrote {onnx}: ONNX opset {}, input '{}' [N, {}], output '{}' [N, {}]",
            tinymlp_cli::onnx::export::OPSET,
            tinymlp_cli::onnx::export::INPUT,
            net.sizes().first().copied().unwrap_or(0),
            tinymlp_cli::onnx::export::OUTPUT,
            net.sizes().last().copied().unwrap_or(0),
        )?;
    }
    match &args.rust {
        Some(rust) => export_rust(&net, path, rust, &args.name, out),
        None => Ok(()),
    }
}

/// Writes the Rust source and says how to use it.
fn export_rust(
    net: &tinymlp::net::DynMlp,
    path: &str,
    rust: &str,
    name: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let type_name = net.type_name().unwrap_or_default();
    let mut src = String::new();
    net.write_rust(&mut src, name)
        .map_err(|_| Error::input(format!("{path}: cannot write the model as Rust")))?;
    write::write_atomic(rust, src.as_bytes())?;
    let (file, model_file) = (file_name(rust), file_name(path));
    writeln!(out, "wrote {rust}: pub static {name}: tinymlp::{type_name}")?;
    writeln!(out)?;
    writeln!(out, "Use it in firmware (path relative to the including file):")?;
    writeln!(out, "    include!(\"{file}\");")?;
    writeln!(
        out,
        "    let class = {name}.classify(&input); // or {name}.predict(&input)"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Or embed the model file itself, checked and decoded at compile time:"
    )?;
    writeln!(
        out,
        "    static {name}: tinymlp::{type_name} = tinymlp::include_model!(tinymlp::{type_name}, \"{model_file}\");"
    )?;
    Ok(())
}
