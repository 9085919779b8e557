//! Input files, read through a size limit: `/dev/zero` or a huge file ends with a clear
//! error instead of filling the memory.

use std::fs::File;
use std::io::{self, Read};

use crate::error::{Error, Result};

/// The default limit for a data (CSV) file: 1 GiB.
pub const MAX_DATA_BYTES: u64 = 1 << 30;

/// The default limit for a model file: 64 MiB (a network of the 10 million parameters that
/// `train` allows takes 40 MB).
pub const MAX_MODEL_BYTES: u64 = 64 << 20;

/// `--max-input-bytes`, for every command that reads a file.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct Limit {
    /// Refuse input files larger than N bytes (suffixes K, M, G: 1024, 1024², 1024³)
    /// [default: 1G for a CSV file, 64M for a model file]
    #[arg(long, value_name = "N", value_parser = byte_count)]
    max_input_bytes: Option<u64>,
}

/// What a file is, for its default limit.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Data,
    Model,
}

impl Limit {
    /// The limit for a file of `kind`.
    pub fn bytes(self, kind: Kind) -> u64 {
        self.max_input_bytes.unwrap_or(match kind {
            Kind::Data => MAX_DATA_BYTES,
            Kind::Model => MAX_MODEL_BYTES,
        })
    }

    /// `error: data.csv is larger than … bytes (--max-input-bytes …)`.
    pub fn exceeded(self, path: &str, kind: Kind) -> Error {
        let limit = self.bytes(kind);
        let how = match self.max_input_bytes {
            Some(_) => format!("--max-input-bytes {limit}"),
            None => format!(
                "the default limit for a {} file; raise it with --max-input-bytes N",
                match kind {
                    Kind::Data => "data",
                    Kind::Model => "model",
                }
            ),
        };
        Error::input(format!("{path} is larger than {limit} bytes ({how})"))
    }

    /// Opens `path` for reading through the limit: reading more than the limit's bytes fails
    /// with [`io::ErrorKind::FileTooLarge`].
    pub fn open(self, path: &str, kind: Kind) -> Result<Limited<File>> {
        let file = File::open(path).map_err(|e| Error::io("cannot read", path, &e))?;
        Ok(Limited {
            inner: file.take(self.bytes(kind).saturating_add(1)),
            left: self.bytes(kind),
        })
    }

    /// The bytes of the file at `path`.
    pub fn read(self, path: &str, kind: Kind) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        match self.open(path, kind)?.read_to_end(&mut bytes) {
            Ok(_) => Ok(bytes),
            Err(e) if e.kind() == io::ErrorKind::FileTooLarge => Err(self.exceeded(path, kind)),
            Err(e) => Err(Error::io("cannot read", path, &e)),
        }
    }
}

/// A reader that fails once more than a limit of bytes would be read.
pub struct Limited<R> {
    inner: io::Take<R>,
    left: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "the file is larger than the limit",
            )),
        }
    }
}

/// A byte count: digits, optionally followed by K, M or G (binary multiples).
fn byte_count(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let (digits, shift) = match raw.strip_suffix(['K', 'k']) {
        Some(d) => (d, 10),
        None => match raw.strip_suffix('M') {
            Some(d) => (d, 20),
            None => match raw.strip_suffix('G') {
                Some(d) => (d, 30),
                None => (raw, 0),
            },
        },
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n < u64::MAX)
        .ok_or_else(|| "must be a number of bytes, like 1000000 or 64M".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts() {
        assert_eq!(byte_count("100"), Ok(100));
        assert_eq!(byte_count("2K"), Ok(2048));
        assert_eq!(byte_count("64M"), Ok(64 << 20));
        assert_eq!(byte_count("1G"), Ok(1 << 30));
        assert!(byte_count("-1").is_err() && byte_count("1T").is_err());
        assert!(byte_count("99999999999999G").is_err());
    }

    #[test]
    fn the_limit_is_exact() {
        let read = |limit: u64| {
            let mut r = Limited {
                inner: (&b"12345"[..]).take(limit + 1),
                left: limit,
            };
            let mut v = Vec::new();
            r.read_to_end(&mut v).map(|_| v.len())
        };
        assert_eq!(read(5).unwrap(), 5);
        assert_eq!(read(6).unwrap(), 5);
        assert_eq!(read(4).unwrap_err().kind(), io::ErrorKind::FileTooLarge);
    }
}
