//! Fuzzes ONNX import, `tinymlp_cli::onnx::Mlp::from_bytes` (protobuf decoding, tensors,
//! graph matching), and export → import of what it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/onnx.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::onnx_file(data));
