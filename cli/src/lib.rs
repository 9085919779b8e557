//! The library half of the `tinymlp` command-line tool: what its tests and fuzz targets
//! reach besides the binary.

#![forbid(unsafe_code)]

pub mod onnx;
pub mod table;
