//! What can go wrong, and how it is reported: a one-line message on stderr and exit status 1.
//! (Command-line mistakes are clap's: its message, the usage, exit status 2.)

use std::fmt;
use std::io;

/// A failed command.
#[derive(Debug)]
pub enum Error {
    /// Bad input without a position (a model file, the file system, training that diverges):
    /// printed as `error: MESSAGE`.
    Input(String),
    /// Bad input at a position, `FILE:LINE:COLUMN: MESSAGE`, printed as is so that editors
    /// and scripts can jump to it.
    Located(String),
    /// Standard output could not be written. A closed pipe (`tinymlp predict … | head -1`)
    /// ends the program quietly with status 0; anything else (a full disk) is an error.
    Stdout(io::Error),
}

/// The result of a command.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// `error: MESSAGE`.
    pub fn input(message: impl Into<String>) -> Self {
        Error::Input(message.into())
    }

    /// An I/O error on `path`, with what was being done: `cannot read data.csv: …`.
    pub fn io(doing: &str, path: &str, e: &io::Error) -> Self {
        Error::Input(format!("{doing} {path}: {}", io_message(e)))
    }

    /// Whether the program should end quietly and successfully: its reader has gone away.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Stdout(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// An I/O error's message without the "(os error 2)" suffix.
pub fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(k) => s[..k].to_string(),
        None => s,
    }
}

/// Writing the results to stdout: the only I/O errors that `?` converts on its own.
impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Stdout(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(m) => write!(f, "error: {m}"),
            Error::Located(m) => f.write_str(m),
            Error::Stdout(e) => write!(f, "error: cannot write to stdout: {}", io_message(e)),
        }
    }
}
