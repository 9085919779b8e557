//! Input files, read whole.

use crate::error::{Error, Result};

/// The bytes of the file at `path`.
pub fn read_file(path: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io("cannot read", path, &e))
}
