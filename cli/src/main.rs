//! `tinymlp`: train small MLPs on CSV files, evaluate them, and export them for firmware.
//!
//! See `docs/cli.md` for the manual. Each subcommand is one module with its arguments (a
//! clap `Args` struct) beside its `exec`; `commands!` lists them once. Exit status: 0 on
//! success (and when stdout is closed early, as by `| head`), 1 when the input is bad (a
//! data or model file, an I/O failure, training that diverges), 2 for a bad command line.

#![forbid(unsafe_code)]

mod data;
mod error;
mod model;
mod plot;
mod progress;
mod read;
mod report;
mod sizes;
mod task;
mod write;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser};

use crate::error::Result;

/// Declares the subcommands once: `"name" => Variant(module)` adds `mod module;`, a variant
/// of [`Command`] holding `module::Args`, and its dispatch to `module::exec`. A new
/// subcommand is one new file plus one line here.
macro_rules! commands {
    ($($name:literal => $variant:ident($module:ident),)*) => {
        $(mod $module;)*

        /// The subcommands.
        #[derive(clap::Subcommand)]
        enum Command {
            $(#[command(name = $name)] $variant($module::Args),)*
        }

        impl Command {
            fn exec(self, out: &mut dyn Write) -> Result<()> {
                match self {
                    $(Command::$variant(args) => $module::exec(args, out),)*
                }
            }
        }
    };
}

commands! {
    "train" => Train(train),
    "eval" => Eval(eval),
    "predict" => Predict(predict),
    "info" => Info(info),
    "export" => Export(export),
    "import" => Import(import),
    "quantize" => Quantize(quantize),
    "completions" => Completions(completions),
}

/// Help of the subcommands: the usage first, as `tinymlp COMMAND --help` always printed.
const SUBCOMMAND_HELP: &str =
    "{usage-heading} {usage}\n\n{about-with-newline}\n{all-args}{after-help}";

/// train small neural networks (MLPs) on CSV files and export them for firmware
#[derive(Parser)]
#[command(
    name = "tinymlp",
    version,
    subcommand_required = true,
    arg_required_else_help = false,
    after_help = "Run `tinymlp COMMAND --help` for a command's options.\n\
                  Exit status: 0 success, 1 bad input (data, model, file system), 2 bad command line."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The command-line interface, with every subcommand's help in the same layout.
pub fn cli() -> clap::Command {
    Cli::command().mut_subcommands(|c| c.help_template(SUBCOMMAND_HELP))
}

fn main() -> ExitCode {
    let cli = match cli()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout (exit 0), mistakes to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let mut out = io::stdout().lock();
    let result = cli.command.exec(&mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "{e}");
            ExitCode::from(1)
        }
    }
}
