//! `tinymlp`: train small MLPs on CSV files, evaluate them, and export them for firmware.
//!
//! See `docs/cli.md` for the manual. Exit status: 0 on success, 1 when the input is bad
//! (a data or model file, an I/O failure, training that diverges), 2 for a bad command line.

#![forbid(unsafe_code)]

mod args;
mod data;
mod eval;
mod info;
mod model;
mod output;
mod plot;
mod progress;
mod quantize;
mod sizes;
mod train;

use std::process::ExitCode;

const USAGE: &str = "\
tinymlp: train small neural networks (MLPs) on CSV files and export them for firmware

Usage:
  tinymlp train DATA.csv [-o MODEL.tmlp] [options]   train a network
  tinymlp eval MODEL.tmlp DATA.csv [--json]          loss, accuracy, confusion matrix
  tinymlp predict MODEL.tmlp DATA.csv [-o OUT.csv]   one prediction per row
  tinymlp info MODEL.tmlp [--json]                   shapes, parameters, flash and RAM bytes
  tinymlp export MODEL.tmlp --rust MODEL.rs          Rust source for firmware
  tinymlp quantize MODEL.tmlp DATA.csv -o Q.tmlp     8-bit integer model, calibrated on DATA

Run `tinymlp COMMAND --help` for a command's options.
Exit status: 0 success, 1 bad input (data, model, file system), 2 bad command line.";

/// An error to report: a one-line message, the usage to show after it (command-line
/// mistakes only), and the exit status.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub usage: Option<&'static str>,
    pub code: u8,
}

impl CliError {
    /// Bad input without a position: printed as `error: MESSAGE`.
    pub fn input(message: String) -> Self {
        CliError {
            message: format!("error: {message}"),
            usage: None,
            code: 1,
        }
    }

    /// Bad input at a position, `FILE:LINE:COLUMN: MESSAGE`, printed as is so that editors
    /// and scripts can jump to it.
    pub fn located(message: String) -> Self {
        CliError {
            message,
            usage: None,
            code: 1,
        }
    }

    /// A command-line mistake: `error: MESSAGE`, then the usage.
    pub fn usage(message: String, usage: &'static str) -> Self {
        CliError {
            message: format!("error: {message}"),
            usage: Some(usage),
            code: 2,
        }
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.message);
            if let Some(usage) = e.usage {
                eprintln!("\n{usage}");
            }
            ExitCode::from(e.code)
        }
    }
}

fn run(argv: &[String]) -> Result<(), CliError> {
    let Some((command, rest)) = argv.split_first() else {
        return Err(CliError::usage("no command given".into(), USAGE));
    };
    match command.as_str() {
        "train" => train::run(rest),
        "eval" => eval::run_eval(rest),
        "predict" => eval::run_predict(rest),
        "info" => info::run_info(rest),
        "export" => info::run_export(rest),
        "quantize" => quantize::run(rest),
        "help" | "-h" | "--help" => match rest.first().map(String::as_str) {
            None => {
                println!("{USAGE}");
                Ok(())
            }
            Some(c) => run(&[c.to_string(), "--help".to_string()]),
        },
        "-V" | "--version" => {
            println!("tinymlp {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        other => Err(CliError::usage(format!("unknown command {other:?}"), USAGE)),
    }
}
