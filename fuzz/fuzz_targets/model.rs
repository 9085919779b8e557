//! Fuzzes the model-file decoders: `Mlp2::<2, 4, 1>::from_bytes` and `DynMlp::from_bytes`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/model.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::model_file(data));
