//! `tinymlp completions SHELL`: a completion script for bash, zsh or fish.

use std::io::Write;

use clap_complete::Shell;

use crate::error::Result;

/// Prints a shell completion script for tinymlp
///
/// Load it for the current shell with `source <(tinymlp completions bash)`, or save it where
/// the shell looks: `tinymlp completions bash > ~/.local/share/bash-completion/completions/tinymlp`,
/// `tinymlp completions zsh > ~/.zfunc/_tinymlp` (with `fpath+=~/.zfunc` before `compinit`),
/// `tinymlp completions fish > ~/.config/fish/completions/tinymlp.fish`.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    shell: ShellName,
}

/// The shells with a completion script.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ShellName {
    Bash,
    Zsh,
    Fish,
}

pub fn exec(args: Args, out: &mut dyn Write) -> Result<()> {
    let shell = match args.shell {
        ShellName::Bash => Shell::Bash,
        ShellName::Zsh => Shell::Zsh,
        ShellName::Fish => Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut crate::cli(), "tinymlp", &mut script);
    out.write_all(&script)?;
    Ok(())
}
