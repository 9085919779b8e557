//! `tinymlp export`: an `f32` model as Rust source, and the type to declare.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Model;
use crate::read::Limit;
use crate::write;

/// Writes the model as Rust source
///
/// A `pub static NAME: tinymlp::MlpD<…>` item whose float literals read back to exactly the
/// trained values, for firmware that prefers readable code to an embedded model file. Prints
/// the type to declare and how to use it.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The f32 model file
    #[arg(value_name = "MODEL.tmlp")]
    model: String,
    /// The Rust file to write (atomically)
    #[arg(long, value_name = "PATH", required = true)]
    rust: String,
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
    let (path, rust, name) = (args.model.as_str(), args.rust.as_str(), args.name.as_str());
    write::check_writable(rust, "--rust")?;
    write::check_distinct(&[("the model file", path)], &[("--rust", rust)])?;
    let net = Model::load_f32(
        path,
        args.limit,
        "an int8 model: export writes f32 models as Rust source; embed an int8 model file with \
         tinymlp::include_model!(tinymlp::quant::QMlp…, \"FILE\")",
    )?;
    let Some(type_name) = net.type_name() else {
        return Err(Error::input(format!(
            "{path}: the model has {} layers; the const-generic types go up to Mlp5 (5 layers)",
            net.activations().len()
        )));
    };
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
